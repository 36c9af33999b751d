"""Helpers the browser tests share: where screenshots go, and how a person uses the controls."""

from __future__ import annotations

import os
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.config import PROJECT_DIR
from dashboard.web.ids import MapPage

SCREENSHOTS = Path(os.environ.get("DASHBOARD_SCREENSHOTS", PROJECT_DIR / "bench" / "results" / "screenshots"))
AREA_PATHS = f"#{MapPage.GRAPH} .choroplethlocation"


def drawn(driver: webdriver.Chrome, count: int) -> int:
    WebDriverWait(driver, 40).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, AREA_PATHS)) >= count)
    return len(driver.find_elements(By.CSS_SELECTOR, AREA_PATHS))


def choose(driver: webdriver.Chrome, dropdown: str, text: str) -> None:
    """Dash 4's dropdown: open it, then pick the option whose label is `text`."""
    driver.find_element(By.ID, dropdown).click()
    options = WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[role=option]"))
    option = next(option for option in options if option.text.startswith(text))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", option)
    option.click()


def severe(driver: webdriver.Chrome) -> list[dict[str, str]]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
