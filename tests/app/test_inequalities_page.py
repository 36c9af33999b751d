"""The inequalities page in Chromium, on figures computed from the real ONS 2017 counts."""

from __future__ import annotations

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.web.ids import InequalitiesPage
from tests.app.browser_helpers import SCREENSHOTS, choose, severe

pytestmark = pytest.mark.browser
BARS = f"#{InequalitiesPage.GRAPH} .barlayer .point"


def _bars(driver: webdriver.Chrome, count: int) -> int:
    WebDriverWait(driver, 40).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, BARS)) == count)
    return len(driver.find_elements(By.CSS_SELECTOR, BARS))


def test_quintiles_with_key_message_and_measures(server_url: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{server_url}/inequalities")
    assert _bars(browser, 5) == 5
    message = browser.find_element(By.ID, InequalitiesPage.KEY_MESSAGE).text
    # 578 and 246 per 100,000: the under-75 DSRs of WIMD 2014 quintiles 1 and 5 (tests/deaths).
    assert "2.4 times the rate of" in message and "578 against 246" in message
    summary = browser.find_element(By.ID, InequalitiesPage.SUMMARY).text
    assert "Slope index of inequality" in summary and "Relative index of inequality" in summary
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "inequalities.png"))
    assert severe(browser) == []


def test_switching_to_deciles_updates_chart_and_url(server_url: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{server_url}/inequalities")
    _bars(browser, 5)
    choose(browser, InequalitiesPage.GROUPS, "Tenths")
    WebDriverWait(browser, 30).until(expected_conditions.url_contains("groups=decile"))
    assert _bars(browser, 10) == 10
    copied = browser.current_url
    browser.get("about:blank")
    browser.get(copied)
    assert _bars(browser, 10) == 10


def test_bad_link_shows_notice(server_url: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{server_url}/inequalities?sex=Other")
    assert _bars(browser, 5) == 5
    assert "sex='Other'" in browser.find_element(By.ID, InequalitiesPage.NOTICE).text


def test_slope_charts_draw_one_line_per_cause_and_per_authority(server_url: str, browser: webdriver.Chrome) -> None:
    """Five broad cause groups from the ONS counts; 22 local authorities in both avoidable editions."""
    browser.get(f"{server_url}/inequalities")
    _bars(browser, 5)
    causes = f"#{InequalitiesPage.SLOPE_GRAPH} .scatterlayer .trace"
    WebDriverWait(browser, 40).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, causes)) == 5)
    message = browser.find_element(By.ID, InequalitiesPage.SLOPE_MESSAGE).text
    assert message.startswith("The relative gap is widest for")
    periods = browser.find_elements(By.CSS_SELECTOR, f"#{InequalitiesPage.PERIOD_GRAPH} .scatterlayer .trace")
    assert len(periods) == 22
    editions = browser.find_element(By.ID, InequalitiesPage.PERIOD_MESSAGE).text
    assert "not like for like" in editions and "COVID-19" in editions and "not a change" in editions
    assert "not like for like" in browser.find_element(By.ID, InequalitiesPage.PERIOD_GRAPH).text  # its title
    browser.execute_script(
        "document.getElementById(arguments[0]).scrollIntoView()", InequalitiesPage.PERIOD_GRAPH.value
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "inequalities_two_editions.png"))
    summary = browser.find_element(By.ID, InequalitiesPage.SUMMARY_LIST).text
    assert "Excess deaths a year" in summary
    sii_points = f"#{InequalitiesPage.SII_GRAPH} .scatterlayer .trace:nth-child(2) .point"
    assert len(browser.find_elements(By.CSS_SELECTOR, sii_points)) == 5
    assert severe(browser) == []


def test_a_group_without_a_rate_is_shown_and_the_summaries_refused(server_url: str, browser: webdriver.Chrome) -> None:
    """Female injury deaths by tenth (ONS 2017): the least deprived tenth has 7 deaths."""
    browser.get(f"{server_url}/inequalities?indicator=premature_injuries&sex=Female&groups=decile")
    WebDriverWait(browser, 40).until(lambda d: "tenth 10" in d.find_element(By.ID, InequalitiesPage.KEY_MESSAGE).text)
    chart = browser.find_element(By.ID, InequalitiesPage.GRAPH).text
    assert "10 least deprived" in chart and "fewer than" in chart
    assert "No gap, ratio" in browser.find_element(By.ID, InequalitiesPage.SUMMARY_LIST).text
    assert "tenth 10" in browser.find_element(By.ID, InequalitiesPage.SII_GRAPH).text
    # Without records, the health-board choice says why it cannot be used.
    assert "death records" in browser.find_element(By.ID, InequalitiesPage.BOARD_REASON).text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "inequalities_female_injuries_tenths.png"))
    assert severe(browser) == []
