"""The dashboard in a real browser: gunicorn on 127.0.0.1 and Debian's Chromium (headless,
through chromedriver). The page must render its tables with no errors in the browser console."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.config import PROJECT_DIR, Settings
from dashboard.ids import DataStatus

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(os.environ.get("DASHBOARD_SCREENSHOTS", PROJECT_DIR / "bench" / "results" / "screenshots"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server_url(built: Settings) -> Iterator[str]:
    port = _free_port()
    environment = os.environ | {"DASHBOARD_DATA_DIR": str(built.data_dir), "DASHBOARD_CACHE": "filesystem"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "app:server",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--no-control-socket",
        ],
        cwd=PROJECT_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("gunicorn did not answer /healthz within 60 s")
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    if shutil.which("chromedriver") is None or not Path("/usr/bin/chromium").exists():
        pytest.fail("Debian's chromium and chromium-driver are needed; .ci/run installs them")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options)
    yield driver
    driver.quit()


def test_status_page_renders_without_console_errors(server_url: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{server_url}/data")
    WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.ID, DataStatus.OUTPUTS)))
    rows = browser.find_elements(By.CSS_SELECTOR, f"#{DataStatus.OUTPUTS} tbody tr")
    assert len(rows) == 19
    areas = browser.find_element(By.ID, DataStatus.AREAS).text
    assert "1909" in areas and "1917" in areas and "22" in areas
    assert "Welsh Government" in browser.find_element(By.ID, DataStatus.SOURCES).text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "data_status.png"))
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
