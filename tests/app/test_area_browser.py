"""Every area's profile in Chromium, with and without records loaded: each opens with no callback
or console error and every section drawn or explained; choosing another area replaces what was
on screen; the Cwm Taf Morgannwg and Swansea Bay profiles are kept as screenshots to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.config import Settings
from dashboard.model import columns as col
from dashboard.web.ids import AreaPage
from tests.app.browser_helpers import SCREENSHOTS, choose, severe
from tests.app.conftest import running_app

pytestmark = pytest.mark.browser
SCREENSHOT_BOARDS = {"W11000030": "cwm_taf_morgannwg", "W11000031": "swansea_bay"}


def _codes(data_dir: Path) -> list[tuple[str, str]]:
    areas = pd.read_parquet(data_dir / "processed" / "areas.parquet")
    chosen = areas[areas[col.GEOGRAPHY_LEVEL].isin(["country", "lhb", "la"])]
    return list(zip(chosen[col.AREA_CODE], chosen[col.AREA_NAME], strict=True))


@pytest.fixture(scope="module", params=["published", "records"])
def site(request: pytest.FixtureRequest, built: Settings, demo_data: Path) -> Iterator[tuple[str, str, Path]]:
    data_dir = demo_data if request.param == "records" else built.data_dir
    environment = {"DASHBOARD_DEMO": "synthetic"} if request.param == "records" else {}
    with running_app(data_dir, **environment) as url:
        yield url, str(request.param), data_dir


def _profile_drawn(driver: webdriver.Chrome, name: str) -> bool:
    """The callback has answered for this area: its name in the LSOA spread sentence."""
    spread = driver.find_elements(By.ID, AreaPage.SPREAD_MESSAGE)
    return bool(spread) and f"{name}'s LSOAs" in spread[0].text


def test_every_area_opens_its_profile_without_error(site: tuple[str, str, Path], browser: webdriver.Chrome) -> None:
    url, mode, data_dir = site
    failures = []
    for code, name in _codes(data_dir):
        browser.get(f"{url}/area?area={code}")
        WebDriverWait(browser, 40).until(lambda d, n=name: _profile_drawn(d, n))
        profile_text = browser.find_element(By.ID, AreaPage.PROFILE).text
        if "could not be drawn" in profile_text or not profile_text.strip():
            failures.append((code, "profile", profile_text[:100]))
        if not browser.find_element(By.ID, AreaPage.TREND).text.strip():
            failures.append((code, "trend", "empty"))
        if code.startswith("W11"):
            members = browser.find_element(By.ID, AreaPage.MEMBERS).text
            within = browser.find_element(By.ID, AreaPage.WITHIN).text
            if "local authorities" not in members or not within.strip():
                failures.append((code, "board sections", members[:80] + within[:80]))
        errors = severe(browser)
        if errors:
            failures.append((code, "console", str(errors)[:300]))
        if code in SCREENSHOT_BOARDS:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            browser.set_window_size(1280, 4200)
            browser.save_screenshot(str(SCREENSHOTS / f"area_{SCREENSHOT_BOARDS[code]}_{mode}.png"))
            browser.set_window_size(1280, 1000)
    assert failures == []


def test_choosing_another_area_replaces_the_previous_one(
    site: tuple[str, str, Path], browser: webdriver.Chrome
) -> None:
    url, _mode, _data_dir = site
    browser.get(f"{url}/area?area=W06000015")
    WebDriverWait(browser, 40).until(lambda d: _profile_drawn(d, "Cardiff"))
    assert "Cardiff" in browser.find_element(By.ID, AreaPage.KEY_MESSAGE).text
    choose(browser, AreaPage.AREA, "Cwm Taf Morgannwg")
    WebDriverWait(browser, 40).until(lambda d: _profile_drawn(d, "Cwm Taf Morgannwg University Health Board"))
    page = browser.find_element(By.ID, AreaPage.PROFILE).text + browser.find_element(By.ID, AreaPage.TREND).text
    assert "Cardiff" not in page
    assert "Merthyr Tydfil" in browser.find_element(By.ID, AreaPage.MEMBERS).text
    assert severe(browser) == []
