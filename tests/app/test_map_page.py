"""The map page in Chromium: it draws every area, a control change updates the URL and the map,
the copied URL reopens the same view, and a bad parameter shows a notice instead of a traceback."""

from __future__ import annotations

import pytest
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.web.ids import MapPage
from tests.app.browser_helpers import SCREENSHOTS, choose, drawn, severe

pytestmark = pytest.mark.browser


def test_map_draws_every_local_authority(server_url: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{server_url}/map")
    assert drawn(browser, 22) == 22
    assert "Merthyr Tydfil" in browser.find_element(By.ID, MapPage.KEY_MESSAGE).text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "map_avoidable.png"))
    assert severe(browser) == []


def test_control_change_updates_url_and_a_copied_url_restores_it(server_url: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{server_url}/map")
    drawn(browser, 22)
    choose(browser, MapPage.MEASURE, "WIMD 2025 quintile")
    WebDriverWait(browser, 40).until(expected_conditions.url_contains("measure=wimd2025-quintile"))
    assert drawn(browser, 1917) == 1917
    copied = browser.current_url
    browser.get("about:blank")
    browser.get(copied)
    assert drawn(browser, 1917) == 1917
    assert "WIMD 2025 quintile" in browser.find_element(By.ID, MapPage.MEASURE).text
    assert severe(browser) == []


def test_invalid_parameter_shows_a_notice(server_url: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{server_url}/map?measure=nonsense&period=1066")
    assert drawn(browser, 22) == 22
    notice = browser.find_element(By.ID, MapPage.NOTICE).text
    assert "measure='nonsense'" in notice and "period='1066'" in notice and "showing the default" in notice
    assert severe(browser) == []


def test_controls_work_from_the_keyboard(server_url: str, browser: webdriver.Chrome) -> None:
    """Tab from the top of the page reaches the measure control; Enter opens it, the arrow keys
    move through the options and Enter chooses one, which redraws the map and rewrites the URL."""
    browser.get(f"{server_url}/map")
    drawn(browser, 22)
    for _ in range(20):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        if browser.switch_to.active_element.get_attribute("id") == MapPage.MEASURE:
            break
    assert browser.switch_to.active_element.get_attribute("id") == MapPage.MEASURE
    for key in (Keys.ENTER, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ENTER):
        ActionChains(browser).send_keys(key).pause(0.3).perform()
    WebDriverWait(browser, 30).until(lambda d: "measure=avoidable" not in d.current_url and "measure=" in d.current_url)
    assert severe(browser) == []


def test_sex_is_part_of_the_view(server_url: str, browser: webdriver.Chrome) -> None:
    """The 2014 ONS table has rates by sex: a link asking for women's rates draws them and says
    so; a sex the measure has no rates for falls back to persons with a notice."""
    browser.get(f"{server_url}/map?measure=all-cause&period=2014&sex=Female")
    drawn(browser, 22)
    WebDriverWait(browser, 30).until(lambda d: "females" in d.find_element(By.ID, MapPage.KEY_MESSAGE).text)
    assert "Female" in browser.find_element(By.ID, MapPage.SEX).text
    browser.get(f"{server_url}/map?measure=avoidable&sex=Male")
    drawn(browser, 22)
    assert "sex='Male'" in browser.find_element(By.ID, MapPage.NOTICE).text
    assert severe(browser) == []


def test_no_map_presents_two_editions_as_a_change(server_url: str, browser: webdriver.Chrome) -> None:
    """The 2019 and 2020-2022 ONS editions differ in definition (COVID-19), population base and
    recorded period, so the map offers no 'change' between them; an old link says so."""
    browser.get(f"{server_url}/map?measure=avoidable-change")
    assert drawn(browser, 22) == 22
    assert "measure='avoidable-change'" in browser.find_element(By.ID, MapPage.NOTICE).text
    assert "change" not in browser.find_element(By.ID, MapPage.MEASURE).text.lower()
    assert severe(browser) == []
