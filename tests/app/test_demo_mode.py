"""Demonstration mode in Chromium: the synthetic register goes through the records pipeline, and
with DASHBOARD_DEMO=synthetic every page carries the banner and every synthetic figure its label.
Without the setting, the same build shows no synthetic figure at all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.figures.theme import SYNTHETIC_LABEL
from dashboard.web.ids import DataStatus, InequalitiesPage, MapPage, OverviewPage, Shell
from tests.app.browser_helpers import SCREENSHOTS, drawn, severe
from tests.app.conftest import running_app

pytestmark = pytest.mark.browser
PAGES = ("/", "/map", "/inequalities", "/care", "/area", "/methods", "/data")


@pytest.fixture(scope="module")
def demo_url(demo_data: Path) -> Iterator[str]:
    with running_app(demo_data, DASHBOARD_DEMO="synthetic") as url:
        yield url


def test_every_page_carries_the_banner(demo_url: str, browser: webdriver.Chrome) -> None:
    for path in PAGES:
        browser.get(f"{demo_url}{path}")
        banner = WebDriverWait(browser, 30).until(lambda d: d.find_element(By.ID, Shell.DEMO_BANNER))
        assert "invented register" in banner.text, path
    assert severe(browser) == []


def test_synthetic_figures_are_labelled_in_the_chart(demo_url: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{demo_url}/inequalities?indicator=avoidable_mortality&scheme=within-health-board&board=W11000028")
    WebDriverWait(browser, 40).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, f"#{InequalitiesPage.GRAPH} .barlayer .point")) == 5
    )
    assert "SYNTHETIC" in browser.find_element(By.ID, InequalitiesPage.KEY_MESSAGE).text
    assert "Aneurin Bevan" in browser.find_element(By.ID, InequalitiesPage.KEY_MESSAGE).text
    chart_text = browser.find_element(By.ID, InequalitiesPage.GRAPH).text
    assert SYNTHETIC_LABEL in chart_text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "demo_inequalities_within_board.png"))
    browser.get(f"{demo_url}/map?measure=avoidable-lsoa")
    assert drawn(browser, 1909) >= 1909
    assert SYNTHETIC_LABEL in browser.find_element(By.ID, MapPage.GRAPH).text
    assert severe(browser) == []


def test_without_demo_mode_no_synthetic_figure_shows(demo_data: Path, browser: webdriver.Chrome) -> None:
    with running_app(demo_data) as url:
        browser.get(f"{url}/")
        headline = WebDriverWait(browser, 30).until(lambda d: d.find_element(By.ID, OverviewPage.HEADLINE)).text
        assert "SYNTHETIC" not in headline and "WIMD 2014" in headline
        assert browser.find_elements(By.ID, Shell.DEMO_BANNER) == []
        browser.get(f"{url}/map?measure=avoidable-lsoa")
        assert (
            "measure='avoidable-lsoa'"
            in WebDriverWait(browser, 30).until(lambda d: d.find_element(By.ID, MapPage.NOTICE)).text
        )
        assert drawn(browser, 22) == 22  # the default map, fully loaded before its server stops
        assert severe(browser) == []
        browser.get("about:blank")  # nothing left loading from a server about to stop


def test_demo_slope_charts_never_mix_sources(demo_url: str, browser: webdriver.Chrome) -> None:
    """With avoidable deaths chosen, the cause chart shows the preventable/treatable split from the
    register alone (not the ONS cause groups beside it); the board chart has a line per board."""
    browser.get(f"{demo_url}/inequalities?indicator=avoidable_mortality")
    lines = f"#{InequalitiesPage.SLOPE_GRAPH} .scatterlayer .trace"
    WebDriverWait(browser, 40).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, lines)) == 2)
    chart = browser.find_element(By.ID, InequalitiesPage.SLOPE_GRAPH).text
    assert "Preventable" in chart and "Treatable" in chart and "Cancer" not in chart
    boards = f"#{InequalitiesPage.BOARD_SLOPE_GRAPH} .scatterlayer .trace"
    WebDriverWait(browser, 40).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, boards)) == 7)
    assert "SYNTHETIC" in browser.find_element(By.ID, InequalitiesPage.BOARD_SLOPE).text
    assert severe(browser) == []


def test_records_figures_say_what_they_are_and_where_they_come_from(demo_url: str, browser: webdriver.Chrome) -> None:
    """The board map shows the seven boards' under-75 rates, its sentence says SYNTHETIC, its
    source line names the extract and its period; the status page reports the records build."""
    browser.get(f"{demo_url}/map?measure=avoidable-lhb")
    drawn(browser, 7)
    message = WebDriverWait(browser, 30).until(lambda d: d.find_element(By.ID, MapPage.KEY_MESSAGE).text)
    assert message.startswith("SYNTHETIC DEMONSTRATION DATA:") and "health boards" not in message.split(":")[0]
    rows = browser.find_elements(By.CSS_SELECTOR, f"#{MapPage.TABLE} tbody tr")
    assert len(rows) == 7
    chart = browser.find_element(By.ID, MapPage.GRAPH).text
    assert "synthetic_register.csv" in chart and "2017-01-01 to 2017-12-31" in chart
    assert "deaths:" not in chart
    browser.get(f"{demo_url}/data")
    records = WebDriverWait(browser, 30).until(lambda d: d.find_element(By.ID, DataStatus.RECORDS)).text
    assert "synthetic_register.csv" in records and "33,248 records read, 0 rejected (0.0%)" in records
    assert severe(browser) == []


def test_no_control_sends_a_chart_elsewhere_and_downloads_are_named_whole(
    demo_url: str, browser: webdriver.Chrome
) -> None:
    browser.get(f"{demo_url}/inequalities?sex=Female")
    WebDriverWait(browser, 40).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, f"#{InequalitiesPage.SII_GRAPH} .scatterlayer .trace")) > 0
    )
    assert "female" in browser.find_element(By.ID, InequalitiesPage.SII_GRAPH).text
    buttons = browser.execute_script(
        "return Array.from(document.querySelectorAll('.modebar-btn')).map(b => b.getAttribute('data-title'))"
    )
    assert buttons and not any("Share" in str(title) or "Chart Studio" in str(title) for title in buttons)
    assert any("PNG" in str(title) for title in buttons)
    names = browser.execute_script(
        "return Array.from(document.querySelectorAll('.js-plotly-plot')).map(p => "
        "[(p.layout.title.text || '').replaceAll('<br>', ' '), (p._context.toImageButtonOptions || {}).filename || ''])"
    )
    assert len(names) >= 3
    for title, filename in names:
        slug = "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())
        assert filename and slug.startswith(filename), (title, filename)
        assert len(filename) == len(slug) or slug[len(filename)] == "-", (title, filename)  # cut at a word
    assert severe(browser) == []
