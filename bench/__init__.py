"""Benchmarks: each script measures one goal and writes its figures to bench/results/."""

import json
import os
from pathlib import Path

# DASHBOARD_BENCH_RESULTS: elsewhere (the test that runs a benchmark at CI size writes to a scratch folder).
RESULTS_DIR = Path(os.environ.get("DASHBOARD_BENCH_RESULTS") or Path(__file__).resolve().parent / "results")


def save_results(name: str, results: dict[str, object]) -> None:
    """Write bench/results/<name>.json and print the same figures."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2)
    (RESULTS_DIR / f"{name}.json").write_text(text + "\n")
    print(text)
