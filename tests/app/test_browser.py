"""The dashboard in a real browser: gunicorn on 127.0.0.1 and Debian's Chromium (headless,
through chromedriver). The page must render its tables with no errors in the browser console."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.web.ids import DataStatus
from tests.app.browser_helpers import SCREENSHOTS
from tests.app.conftest import running_app

pytestmark = pytest.mark.browser


def test_status_page_renders_without_console_errors(server_url: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{server_url}/data")
    WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.ID, DataStatus.OUTPUTS)))
    rows = browser.find_elements(By.CSS_SELECTOR, f"#{DataStatus.OUTPUTS} tbody tr")
    assert len(rows) == 24  # the build's outputs: the LSOA neighbour tables, HLE (frame and metadata), GP supply
    areas = browser.find_element(By.ID, DataStatus.AREAS).text
    assert "1909" in areas and "1917" in areas and "22" in areas
    assert "Welsh Government" in browser.find_element(By.ID, DataStatus.SOURCES).text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "data_status.png"))
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []


def test_every_page_says_what_to_run_when_nothing_is_built(tmp_path: Path, browser: webdriver.Chrome) -> None:
    """With an empty data folder the app starts, every page says `make data`, and the browser
    logs no error (callbacks of pages whose controls are not drawn must stay quiet)."""
    with running_app(tmp_path) as url:
        for path in ("/", "/map", "/inequalities", "/care", "/area", "/methods", "/data"):
            browser.get(f"{url}{path}")
            WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.ID, DataStatus.EMPTY)))
            assert "make data" in browser.find_element(By.ID, DataStatus.EMPTY).text, path
        assert [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"] == []
