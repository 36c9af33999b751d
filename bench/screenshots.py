"""Screenshots of every page (and a board's profile) from a running server, to look at before and
after a change: headless Debian Chromium, each page waited for until its charts are drawn, the
whole page captured.

Run: `python -m bench.screenshots --url http://127.0.0.1:8050 --out bench/results/screenshots/after`
(`--lang cy` for the Welsh pages).
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.i18n import in_language

PAGES = {
    "overview": "/",
    "map": "/map",
    "map-lsoa-wimd": "/map?measure=wimd2019-quintile",
    "inequalities": "/inequalities",
    "inequalities-deciles-injuries-female": "/inequalities?indicator=premature_injuries&sex=Female&groups=decile",
    "area-cardiff": "/area?area=W06000015",
    "area-cwm-taf-morgannwg": "/area?area=W11000030",
    "area-wales": "/area?area=W92000004",
    "methods": "/methods",
    "data": "/data",
    "not-found": "/no-such-page",
}
SETTLE_SECONDS = 2.0  # after the last graph appears: late callbacks, fonts


def capture(url: str, out: Path, width: int = 1280, lang: str = "en") -> list[Path]:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    saved = []
    with tempfile.TemporaryDirectory() as profile:
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", f"--window-size={width},1000",
                     f"--user-data-dir={profile}", "--hide-scrollbars"):  # fmt: skip
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options)
        try:
            out.mkdir(parents=True, exist_ok=True)
            for name, path in PAGES.items():
                driver.get(url + in_language(path, lang))
                WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.readyState") == "complete")
                with contextlib.suppress(TimeoutException):  # still loading after 30 s: captured as it is
                    WebDriverWait(driver, 30).until(
                        lambda d: not d.find_elements(By.CSS_SELECTOR, "._dash-loading, [data-dash-is-loading='true']")
                    )
                time.sleep(SETTLE_SECONDS)
                height = driver.execute_script("return document.documentElement.scrollHeight")
                driver.set_window_size(width, min(int(height), 12_000))
                time.sleep(0.5)
                target = out / f"{name}.png"
                driver.save_screenshot(str(target))
                driver.set_window_size(width, 1000)
                saved.append(target)
        finally:
            driver.quit()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8050")
    parser.add_argument("--out", type=Path, default=Path("bench/results/screenshots/pages"))
    parser.add_argument("--lang", default="en", choices=("en", "cy"))
    args = parser.parse_args()
    for path in capture(args.url.rstrip("/"), args.out, lang=args.lang):
        print(path)


if __name__ == "__main__":
    main()
