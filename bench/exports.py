"""Benchmark: exports and embeds, against a running server, in one run so the ratios compare.

- warm export of the quintile chart as PNG and as CSV (the same view), p50 and p95 over repeated
  requests after a first one (a warm export is read from the per-build cache): goals PNG p50 at
  most 300 ms and at most 5 times the CSV's; and PNGs of views not yet cached (kaleido warm);
- the first (cold) PNG of a worker, which starts kaleido's Chromium, and a cold LSOA map PNG;
- a seven-slide board pack (PPTX) cold and warm (goal: at most 5 s warm), its PDF, present mode;
- the weight of an embed: its HTML, and everything it loads (the plotly bundle, once cached by
  the browser), gzipped as served.

Run: `make bench-exports`, or `python -m bench.exports --url http://127.0.0.1:8050`.
Results: bench/results/exports.json.
"""

from __future__ import annotations

import argparse
import statistics
import time
import urllib.request

from bench import save_results
from dashboard.web.routes import PLOTLY_BUNDLE_URL

WARM_CALLS = 30
QUINTILES = "/export/quintiles.{fmt}?indicator=premature_mortality&sex=Persons&groups=quintile&scheme=national"


def timed(url: str) -> tuple[float, int]:
    """Milliseconds to the last byte, and the bytes as sent (gzip asked for)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        body = response.read()
    return (time.perf_counter() - started) * 1000, len(body)


def warm(url: str) -> dict[str, float]:
    first, size = timed(url)
    times = [timed(url)[0] for _ in range(WARM_CALLS)]
    return {"first_ms": round(first, 1), "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(statistics.quantiles(times, n=20)[18], 1), "bytes": size}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8050")
    args = parser.parse_args()
    base = args.url.rstrip("/")
    cold_map_ms, _ = timed(f"{base}/export/map.png?measure=wimd2025-rank")
    png, csv = warm(base + QUINTILES.format(fmt="png")), warm(base + QUINTILES.format(fmt="csv"))
    # Renders not yet cached, with kaleido's browser already running: the cost of a new view.
    fresh = [timed(base + QUINTILES.format(fmt="png").replace("sex=Persons", f"sex={sex}"))[0]
             for sex in ("Male", "Female")]  # fmt: skip
    pack = warm(f"{base}/export/board-pack.pptx?board=W11000030")
    pdf_first_ms, _ = timed(f"{base}/export/board-pack.pdf?board=W11000030")
    present_ms, present_bytes = timed(f"{base}/present?board=W11000030")
    embed_ms, embed_bytes = timed(f"{base}/embed/quintiles")
    _, bundle_bytes = timed(base + PLOTLY_BUNDLE_URL)
    results: dict[str, object] = {
        "png_quintiles": png,
        "csv_quintiles": csv,
        "png_over_csv_p50": round(png["p50_ms"] / csv["p50_ms"], 2),
        "uncached_png_ms_warm_browser": [round(ms, 1) for ms in fresh],
        "cold_lsoa_map_png_ms": round(cold_map_ms, 1),
        "board_pack_pptx_seven_slides": pack,
        "board_pack_pdf_first_ms": round(pdf_first_ms, 1),
        "present_page_ms": round(present_ms, 1),
        "present_page_gzip_bytes": present_bytes,
        "embed_html_gzip_bytes": embed_bytes,
        "embed_html_ms": round(embed_ms, 1),
        "embed_plotly_bundle_gzip_bytes": bundle_bytes,
        "goals": {"png_p50_ms_at_most": 300, "png_over_csv_at_most": 5, "board_pack_warm_ms_at_most": 5000},
    }
    save_results("exports", results)


if __name__ == "__main__":
    main()
