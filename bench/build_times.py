"""Benchmark: cold and warm `python -m dashboard.etl build`, and map geometry sizes.

Times are wall clock for the whole command, as a person runs it (interpreter start and imports
included). Cold = empty data folder (fetch from the mirror + every step); warm = nothing changed.
Run with `make bench`; results go to bench/results/build_times.json.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import save_results

PROJECT_DIR = Path(__file__).resolve().parent.parent


def timed_build(data_dir: Path, mirror: Path) -> float:
    command = [
        sys.executable,
        "-m",
        "dashboard.etl",
        "build",
        "--quiet",
        "--mirror",
        str(mirror),
        "--data-dir",
        str(data_dir),
    ]
    started = time.perf_counter()
    subprocess.run(command, cwd=PROJECT_DIR, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=PROJECT_DIR.parent / "shared" / "data")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    cold, warm = [], []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as folder:
            data_dir = Path(folder)
            cold.append(timed_build(data_dir, args.mirror.resolve()))
            warm.append(timed_build(data_dir, args.mirror.resolve()))
            maps = {
                path.stem.removeprefix("map_"): {
                    "raw_kb": round(path.stat().st_size / 1e3, 1),
                    "gzip_kb": round(len(gzip.compress(path.read_bytes(), 6)) / 1e3, 1),
                }
                for path in sorted((data_dir / "processed").glob("map_*.geojson"))
            }
    results = {
        "cold_build_seconds_median": round(statistics.median(cold), 2),
        "warm_build_seconds_median": round(statistics.median(warm), 2),
        "cold_runs": [round(value, 2) for value in cold],
        "warm_runs": [round(value, 2) for value in warm],
        "map_geometry": maps,
    }
    save_results("build_times", results)


if __name__ == "__main__":
    main()
