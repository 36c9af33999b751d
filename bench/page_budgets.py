"""Benchmark: the page budgets of the dashboard, against a running server.

- first load of the map page over the wire (fresh Chromium profile, everything it fetches:
  HTML, scripts, styles, callbacks and the map geometry), budget 1.5 MB;
- LSOA geometry, gzipped as served, budget 300 kB;
- warm callback latency: the map and inequalities callbacks posted to /_dash-update-component
  as the browser posts them; the first call of each view (computed) is reported apart, then
  p50 and p95 over the warm calls (read from the per-build cache), budget p95 150 ms on this
  2-core machine;
- page readiness: seconds from navigation to each page's main figure drawn.

Run: `make bench-pages` (starts gunicorn on the built data), or
`python -m bench.page_budgets --url http://127.0.0.1:8050`. Results: bench/results/page_budgets.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from typing import Any

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from bench import save_results
from dashboard.web.ids import InequalitiesPage, MapPage

MAP_AREAS = f"#{MapPage.GRAPH} .choroplethlocation"
CALLS_PER_VIEW = 20
MAP_VIEWS = (("avoidable", "2020-2022"), ("avoidable", "2019 edition"), ("all-cause", "2023"),
             ("wimd2019-quintile", "2019"), ("wimd2025-rank", "2025"))  # fmt: skip
INEQUALITY_VIEWS = (("premature_mortality", "Persons", "quintile"), ("premature_mortality", "Female", "decile"),
                    ("premature_cancer", "Male", "quintile"))  # fmt: skip


def first_load_bytes(url: str) -> dict[str, float]:
    """Bytes over the wire (encoded, as transferred) for a cold load of /map until the map is drawn."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as profile:
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000",
                     f"--user-data-dir={profile}", "--disable-background-networking"):  # fmt: skip
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        driver = webdriver.Chrome(options=options)
        try:
            started = time.perf_counter()
            driver.get(f"{url}/map")
            WebDriverWait(driver, 60).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, MAP_AREAS)) >= 22)
            drawn_seconds = time.perf_counter() - started
            time.sleep(2)  # let late requests (geometry, fonts) finish
            events = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
        finally:
            driver.quit()
    # Only the dashboard's own requests: Chromium's new-tab and internal pages (chrome://) are not ours.
    ours = {
        event["params"]["requestId"]
        for event in events
        if event["method"] == "Network.requestWillBeSent" and event["params"]["request"]["url"].startswith(url)
    }
    transferred = sum(
        event["params"]["encodedDataLength"]
        for event in events
        if event["method"] == "Network.loadingFinished" and event["params"]["requestId"] in ours
    )
    requests = len(ours)
    return {"map_first_load_bytes": transferred, "map_first_load_requests": requests,
            "map_first_load_seconds_to_drawn": round(drawn_seconds, 2)}  # fmt: skip


def gzipped_size(url: str) -> int:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return len(response.read())


def callback_bodies(url: str, graph: str, views: Sequence[dict[str, Any]]) -> list[bytes]:
    """/_dash-update-component requests for the callback that draws `graph`, one per view (input
    id -> value), written as dash-renderer writes them from the app's own /_dash-dependencies."""
    with urllib.request.urlopen(f"{url}/_dash-dependencies", timeout=30) as response:
        dependencies = json.load(response)
    spec = next(d for d in dependencies if f"{graph}.figure" in d["output"] and d["output"].startswith(".."))
    outputs = [part.rsplit(".", 1) for part in spec["output"].strip(".").split("...")]
    bodies = []
    for view in views:
        body = {
            "output": spec["output"],
            "outputs": [{"id": i, "property": p} for i, p in outputs],
            "inputs": [{**item, "value": view.get(item["id"])} for item in spec["inputs"]],
            "changedPropIds": [f"{spec['inputs'][0]['id']}.value"],
            "state": [],
        }
        bodies.append(json.dumps(body).encode())
    return bodies


def timed_posts(url: str, body: bytes, calls: int) -> tuple[float, list[float]]:
    """The first call (the view computed, unless an earlier page load asked for it) and then
    `calls` warm calls (the view read from the per-build cache), in milliseconds."""
    request = urllib.request.Request(
        f"{url}/_dash-update-component",
        data=body,
        headers={"Content-Type": "application/json", "Accept-Encoding": "gzip"},
        method="POST",
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
        times.append((time.perf_counter() - started) * 1000)
    return first, times


def benchmark_bodies(url: str) -> dict[str, list[bytes]]:
    """The map and inequalities callbacks' request bodies for MAP_VIEWS and INEQUALITY_VIEWS."""
    map_views: list[dict[str, Any]] = [
        {MapPage.MEASURE: m, MapPage.PERIOD: p, MapPage.SEX: "Persons"} for m, p in MAP_VIEWS
    ]
    inequality_views: list[dict[str, Any]] = [
        {InequalitiesPage.INDICATOR: i, InequalitiesPage.SEX: s, InequalitiesPage.GROUPS: k,
         InequalitiesPage.SCHEME: "national", InequalitiesPage.BOARD: None}
        for i, s, k in INEQUALITY_VIEWS
    ]  # fmt: skip
    return {
        "map": callback_bodies(url, MapPage.GRAPH, map_views),
        "inequalities": callback_bodies(url, InequalitiesPage.GRAPH, inequality_views),
    }


def callback_latency(url: str) -> dict[str, float]:
    results: dict[str, float] = {}
    every: list[float] = []
    for name, bodies in benchmark_bodies(url).items():
        timed = [timed_posts(url, body, CALLS_PER_VIEW) for body in bodies]
        times = [t for _first, warm in timed for t in warm]
        every += times
        results[f"{name}_callback_first_call_max_ms"] = round(max(first for first, _warm in timed), 1)
        results[f"{name}_callback_p50_ms"] = round(statistics.median(times), 1)
        results[f"{name}_callback_p95_ms"] = round(statistics.quantiles(times, n=20)[-1], 1)
    results["all_callbacks_p95_ms"] = round(statistics.quantiles(every, n=20)[-1], 1)
    results["callback_calls"] = len(every)
    return results


PAGES_READY = {  # page: CSS selector that appears once its main figure has drawn
    "/": "#overview-graph .barlayer .point",
    "/map": MAP_AREAS,
    "/inequalities": f"#{InequalitiesPage.SLOPE_GRAPH} .scatterlayer .trace",
    "/area": "#area-map-graph .choroplethlocation",
    "/methods": "#methods-sources tbody tr",
}
READY_RUNS = 5


def pages_ready_seconds(url: str) -> dict[str, float]:
    """Median seconds from navigation to the page's main figure drawn, browser cache warm (a
    returning visitor), over READY_RUNS loads per page."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as profile:
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000",
                     f"--user-data-dir={profile}", "--disable-background-networking"):  # fmt: skip
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options)
        try:
            for path, selector in PAGES_READY.items():
                times = []
                for _ in range(READY_RUNS + 1):  # the first load warms the browser cache
                    driver.get("about:blank")
                    started = time.perf_counter()
                    driver.get(f"{url}{path}")
                    WebDriverWait(driver, 60).until(lambda d, s=selector: d.find_elements(By.CSS_SELECTOR, s))
                    times.append(time.perf_counter() - started)
                name = "overview" if path == "/" else path.strip("/")
                results[f"page_ready_seconds_{name}"] = round(statistics.median(times[1:]), 2)
        finally:
            driver.quit()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8050")
    args = parser.parse_args()
    results: dict[str, object] = {}
    results.update(first_load_bytes(args.url))
    for level in ("lsoa11", "lsoa21", "la", "lhb"):
        results[f"geometry_{level}_gzip_bytes"] = gzipped_size(f"{args.url}/geo/{level}.geojson")
    results.update(callback_latency(args.url))
    results.update(pages_ready_seconds(args.url))
    results["budgets"] = {"map_first_load_bytes": 1_500_000, "geometry_lsoa_gzip_bytes": 300_000,
                          "callback_p95_ms": 150}  # fmt: skip
    save_results("page_budgets", results)


if __name__ == "__main__":
    main()
