"""The overview, area profile and methods pages in Chromium, and the map's way into profiles.
Expected figures are read from the build in the test, never typed in."""

from __future__ import annotations

import pandas as pd
import pytest
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.config import Settings
from dashboard.model import columns as col
from dashboard.stats.definition import load_definition
from dashboard.web.ids import AreaPage, MapPage, MethodsPage, OverviewPage, Shell
from tests.app.browser_helpers import AREA_PATHS, SCREENSHOTS, choose, drawn, severe

pytestmark = pytest.mark.browser


def _wait_for_text(driver: webdriver.Chrome, element_id: str) -> str:
    WebDriverWait(driver, 40).until(lambda d: d.find_element(By.ID, element_id).text.strip() != "")
    return str(driver.find_element(By.ID, element_id).text)


def _quintile_rates(built: Settings) -> tuple[float, float]:
    frame = pd.read_parquet(built.processed_dir / "indicators.parquet")
    rows = frame[
        (frame[col.INDICATOR] == "premature_mortality")
        & (frame[col.SEX] == "Persons")
        & frame[col.BREAKDOWN].fillna("").str.contains("national quintile")
    ].set_index(col.BREAKDOWN)[col.VALUE]
    return float(rows["WIMD 2014 national quintile 1"]), float(rows["WIMD 2014 national quintile 5"])


def test_overview_answers_the_question_from_the_data(
    server_url: str,
    browser: webdriver.Chrome,
    built: Settings,
) -> None:
    most, least = _quintile_rates(built)
    browser.get(f"{server_url}/")
    headline = _wait_for_text(browser, OverviewPage.HEADLINE)
    assert f"{most / least:.1f} times the rate of" in headline
    assert f"{most:,.0f} against {least:,.0f}" in headline and "most deprived fifth of Wales" in headline
    numbers = browser.find_elements(By.CSS_SELECTOR, f"#{OverviewPage.KEY_NUMBERS} .key-number")
    assert len(numbers) == 5 and all("95% CI" in number.text for number in numbers)
    assert f"{most:,.1f}" in numbers[1].text
    links = browser.find_elements(By.CSS_SELECTOR, f"#{OverviewPage.WAYS_IN} a")
    assert [link.get_attribute("pathname") for link in links] == ["/map", "/inequalities", "/care", "/area", "/methods"]
    WebDriverWait(browser, 30).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#overview-graph .barlayer .point"))
    )
    assert len(browser.find_elements(By.CSS_SELECTOR, "#overview-graph .barlayer .point")) == 5
    assert browser.find_elements(By.ID, Shell.DEMO_BANNER) == [], "no demo banner outside demonstration mode"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "overview.png"))
    assert severe(browser) == []


def test_area_profile_ranks_draws_its_lsoas_and_keeps_its_url(
    server_url: str,
    browser: webdriver.Chrome,
    built: Settings,
) -> None:
    wimd = pd.read_parquet(built.processed_dir / "wimd.parquet")
    merthyr = int(((wimd[col.WIMD_EDITION] == 2019) & (wimd[col.LA_CODE] == "W06000024")).sum())
    cardiff = int(((wimd[col.WIMD_EDITION] == 2025) & (wimd[col.LA_CODE] == "W06000015")).sum())
    browser.get(f"{server_url}/area?area=W06000024")
    message = _wait_for_text(browser, AreaPage.KEY_MESSAGE)
    assert "Avoidable deaths before 75 in Merthyr Tydfil, 2020-2022" in message and "the highest of 22" in message
    map_paths = f"#{AreaPage.MAP_GRAPH} .choroplethlocation"
    WebDriverWait(browser, 40).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, map_paths)) == merthyr)
    assert len(browser.find_elements(By.CSS_SELECTOR, f"#{AreaPage.MAP_TABLE} tbody tr")) == merthyr
    assert (
        "% of Merthyr Tydfil's LSOAs are in the most deprived fifth"
        in browser.find_element(By.ID, AreaPage.SPREAD_MESSAGE).text
    )
    spread = browser.find_elements(By.CSS_SELECTOR, f"#{AreaPage.SPREAD_TABLE} tbody tr")
    assert len(spread) == 5
    counts = [int(row.find_elements(By.TAG_NAME, "td")[1].get_attribute("textContent").split()[0]) for row in spread]
    assert sum(counts) == merthyr
    # Its trend: all-cause ASMR 2014 to 2023 (one ONS series), one line per local authority; the two
    # avoidable editions are not like for like, so they are not joined, and the page says why.
    trend = f"#{AreaPage.TREND}-all_cause_mortality .scatterlayer .trace"
    WebDriverWait(browser, 40).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, trend)) == 23)  # and Wales
    trend_text = browser.find_element(By.ID, AreaPage.TREND).text
    assert "in 2014 and" in trend_text and "not like for like" in trend_text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "area_profile.png"))
    choose(browser, AreaPage.AREA, "Cardiff (local authority)")
    choose(browser, AreaPage.WIMD, "2025")
    WebDriverWait(browser, 40).until(expected_conditions.url_contains("area=W06000015&wimd=2025"))
    WebDriverWait(browser, 40).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, map_paths)) == cardiff)
    copied = browser.current_url
    browser.get("about:blank")
    browser.get(copied)
    WebDriverWait(browser, 40).until(lambda d: "Cardiff" in d.find_element(By.ID, AreaPage.KEY_MESSAGE).text)
    assert severe(browser) == []


def test_area_profile_bad_link_shows_notice(server_url: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{server_url}/area?area=W06999999&wimd=1999")
    message = _wait_for_text(browser, AreaPage.KEY_MESSAGE)
    assert "Cardiff" in message
    notice = browser.find_element(By.ID, AreaPage.NOTICE).text
    assert "area='W06999999'" in notice and "wimd='1999'" in notice
    assert severe(browser) == []


def test_methods_lists_every_source_and_the_disputed_rows(
    server_url: str,
    browser: webdriver.Chrome,
    built: Settings,
) -> None:
    manifest = pd.read_json(built.processed_dir / "manifest.json", typ="series")
    table = load_definition().table
    browser.get(f"{server_url}/methods")
    WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.ID, MethodsPage.SOURCES)))
    rows = browser.find_elements(By.CSS_SELECTOR, f"#{MethodsPage.SOURCES} tbody tr")
    assert len(rows) == len(manifest["sources"])
    assert all("OGL" in row.text or "Eurostat" in row.text or "Welsh" in row.text for row in rows)
    disputed = browser.find_elements(By.CSS_SELECTOR, f"#{MethodsPage.DISPUTED} li")
    assert len(disputed) == int((table["evidence"] == "disputed").sum()) > 0
    assert "health domain" in browser.find_element(By.ID, MethodsPage.CAVEATS).text
    assert "Slope Index of Inequality" in browser.find_element(By.ID, MethodsPage.FORMULAS).text
    assert severe(browser) == []


def test_map_table_links_and_a_click_opens_the_profile(server_url: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{server_url}/map")
    drawn(browser, 22)
    links = browser.find_elements(By.CSS_SELECTOR, f"#{MapPage.TABLE} tbody a")
    assert len(links) == 22 and all("/area?area=W06" in str(link.get_attribute("href")) for link in links)
    paths = browser.find_elements(By.CSS_SELECTOR, AREA_PATHS)
    largest = max(paths, key=lambda path: path.size["width"] * path.size["height"])  # Powys: easy to hit
    # Plotly picks the area on hover, so move onto it (and a little within it) before clicking.
    ActionChains(browser).move_to_element(largest).pause(0.5).move_by_offset(2, 2).pause(0.5).click().perform()
    WebDriverWait(browser, 30).until(expected_conditions.url_contains("/area?area=W06"))
    assert _wait_for_text(browser, AreaPage.KEY_MESSAGE)
    assert severe(browser) == []


# Each page with the number of charts it draws on the built data (the inequalities page has no
# board slope without records; the area page draws Cardiff's profile, its similar areas, its one trend,
# all-cause 2014 to 2023, the spread across the fifths and its LSOA map).
CHARTED_PAGES = {"/": 1, "/map": 1, "/inequalities": 4, "/care": 4, "/area": 6}


@pytest.mark.parametrize("path", CHARTED_PAGES)
def test_every_chart_is_described_by_its_key_sentence(server_url: str, browser: webdriver.Chrome, path: str) -> None:
    """Screen readers cannot read a plotly SVG: each chart sits in a figure element whose
    aria-describedby names the sentence that states its finding."""
    browser.get(f"{server_url}{path}")
    WebDriverWait(browser, 40).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, ".js-plotly-plot")) >= CHARTED_PAGES[path]
    )
    plots = browser.find_elements(By.CSS_SELECTOR, ".js-plotly-plot")
    assert len(plots) == CHARTED_PAGES[path]
    for plot in plots:
        figure = plot.find_element(By.XPATH, "ancestor::figure[1]")
        described_by = str(figure.get_attribute("aria-describedby"))
        WebDriverWait(browser, 40).until(lambda d, i=described_by: d.find_element(By.ID, i).text.strip() != "")
    assert severe(browser) == []
