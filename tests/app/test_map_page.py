"""The map page in Chromium: it draws every area, a control change updates the URL and the map,
the copied URL reopens the same view, and a bad parameter shows a notice instead of a traceback."""

from __future__ import annotations

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.ids import MapPage
from tests.app.test_browser import SCREENSHOTS, browser, server_url  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser
AREA_PATHS = f"#{MapPage.GRAPH} .choroplethlocation"


def _drawn(driver: webdriver.Chrome, count: int) -> int:
    WebDriverWait(driver, 40).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, AREA_PATHS)) >= count)
    return len(driver.find_elements(By.CSS_SELECTOR, AREA_PATHS))


def _choose(driver: webdriver.Chrome, dropdown: str, text: str) -> None:
    """Dash 4's dropdown: open it, then pick the option whose label is `text`."""
    driver.find_element(By.ID, dropdown).click()
    options = WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[role=option]"))
    option = next(option for option in options if option.text.startswith(text))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", option)
    option.click()


def _severe(driver: webdriver.Chrome) -> list[dict[str, str]]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def test_map_draws_every_local_authority(server_url: str, browser: webdriver.Chrome) -> None:  # noqa: F811
    browser.get(f"{server_url}/map")
    assert _drawn(browser, 22) == 22
    assert "Merthyr Tydfil" in browser.find_element(By.ID, MapPage.KEY_MESSAGE).text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "map_avoidable.png"))
    assert _severe(browser) == []


def test_control_change_updates_url_and_a_copied_url_restores_it(server_url: str, browser: webdriver.Chrome) -> None:  # noqa: F811
    browser.get(f"{server_url}/map")
    _drawn(browser, 22)
    _choose(browser, MapPage.MEASURE, "WIMD 2025 quintile")
    WebDriverWait(browser, 40).until(expected_conditions.url_contains("measure=wimd2025-quintile"))
    assert _drawn(browser, 1917) == 1917
    copied = browser.current_url
    browser.get("about:blank")
    browser.get(copied)
    assert _drawn(browser, 1917) == 1917
    assert "WIMD 2025 quintile" in browser.find_element(By.ID, MapPage.MEASURE).text
    assert _severe(browser) == []


def test_invalid_parameter_shows_a_notice(server_url: str, browser: webdriver.Chrome) -> None:  # noqa: F811
    browser.get(f"{server_url}/map?measure=nonsense&period=1066")
    assert _drawn(browser, 22) == 22
    notice = browser.find_element(By.ID, MapPage.NOTICE).text
    assert "unknown measure 'nonsense'" in notice and "showing the default" in notice
    assert _severe(browser) == []
