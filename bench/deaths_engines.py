"""Benchmark: the records pipeline against the same work written in plain polars and in DuckDB
(`bench/peer_polars.py`, `bench/peer_duckdb.py`), in one run, on the same extract.

Each engine runs as its own process, as a user would run it: `python -m dashboard.deaths build`
for the pipeline, `python -m bench.peer_X` for the peers. Rounds are interleaved (in each round
every engine runs once, the order turning), and the fastest whole process of each engine counts,
as `timeit` does. Peak memory is each child's own (`os.wait4`). The outputs are then compared row
by row: every figure a peer gives must equal the pipeline's (relative difference under 1e-9), and
the only rows allowed to differ are those the pipeline withholds by secondary suppression, which
the peers do not attempt. The pipeline runs with --no-smoothing: the peers make no smoothed LSOA
figures, so the same outputs are the indicator rows. `--engines pipeline,pipeline_full,...` adds
the whole build as users run it (with smoothing), timed beside the others but compared to none.

    python -m bench.deaths_engines --extract /tmp/x1m.csv [--repeat 3] [--engines pipeline,polars,duckdb]

The extract is made by `python -m bench.deaths_pipeline --write-extract FILE --records N`. Needs
the dev requirements (polars, duckdb) and a built data folder. Results: bench/results/deaths_engines.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench import save_results
from bench.peer_inputs import write_inputs
from dashboard.config import load_settings
from dashboard.deaths.geography import GROUPINGS
from dashboard.model import columns as col
from dashboard.stats.disclosure import COUNT_SECONDARY

PROJECT_DIR = Path(__file__).resolve().parent.parent
ENGINES = ("pipeline", "polars", "duckdb")
FULL_BUILD = "pipeline_full"  # the pipeline with its smoothed LSOA figures: the peers make none
FIGURES = ["deaths", "population", "value", "lower", "upper"]
KEYS = ["level", "area_code", "grouping", "group", "period", "sex", "age_group", "indicator"]
TOLERANCE = 1e-9


@dataclasses.dataclass
class Run:
    engine: str
    seconds: float  # the whole process, start to exit
    peak_memory_gb: float
    stages: dict[str, float]


def command(engine: str, extract: Path, inputs: Path, out: Path, data_dir: Path) -> list[str]:
    if engine.startswith("pipeline"):
        build = [sys.executable, "-m", "dashboard.deaths", "build", str(extract), "--out", str(out),
                 "--data-dir", str(data_dir)]  # fmt: skip
        return build if engine == FULL_BUILD else [*build, "--no-smoothing"]
    return [sys.executable, "-m", f"bench.peer_{engine}", str(extract), str(inputs), str(out)]


def run(engine: str, extract: Path, inputs: Path, out: Path, data_dir: Path) -> Run:
    """One whole process of one engine: wall time, the child's peak memory and its stages."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(command(engine, extract, inputs, out, data_dir), cwd=PROJECT_DIR, stdout=stdout,
                                 stderr=stderr, env={**os.environ, "PYTHONPATH": str(PROJECT_DIR)})  # fmt: skip
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        if child.returncode != 0:
            raise SystemExit(f"{engine} failed ({child.returncode}):\n{stderr.read().decode()[-3000:]}")
        printed = stdout.read().decode()
    if engine.startswith("pipeline"):
        stages = json.loads(out.with_suffix(".json").read_text())["seconds"]
    else:
        stages = json.loads(printed.strip().splitlines()[-1])["stages"]
    return Run(engine, seconds, usage.ru_maxrss / 1e6, stages)


def pipeline_rows(path: Path) -> pd.DataFrame:
    """The pipeline's frame in the peers' terms (level, grouping column, group number)."""
    frame = pd.read_parquet(path)
    grouping = pd.Series(None, index=frame.index, dtype=object)
    for column, spec in GROUPINGS.items():
        match = ((frame[col.GROUP_EDITION] == str(spec.edition)) & (frame[col.GROUP_SCHEME] == spec.scheme)
                 & (frame[col.GROUP_KIND] == spec.kind))  # fmt: skip
        grouping[match.fillna(False).to_numpy()] = column
    secondary = frame[col.SUPPRESSED_REASON].fillna("").str.contains(COUNT_SECONDARY, regex=False)
    return pd.DataFrame({
        "level": frame[col.GEOGRAPHY_LEVEL], "area_code": frame[col.AREA_CODE], "grouping": grouping,
        "group": frame[col.GROUP_NUMBER].astype("Int64"), "period": frame[col.PERIOD], "sex": frame[col.SEX],
        "age_group": frame[col.AGE_GROUP], "indicator": frame[col.INDICATOR],
        **{name: frame[name] for name in FIGURES}, "secondary": secondary,
    })  # fmt: skip


def compare(pipeline: pd.DataFrame, peer_path: Path) -> dict[str, object]:
    """Row by row: the same keys, and every figure equal where both hold it; where only one holds
    a figure, it must be a count the pipeline withholds by secondary suppression."""
    peer = pd.read_parquet(peer_path)
    peer["group"] = peer["group"].astype("Int64")
    peer["grouping"] = peer["grouping"].astype(object).where(peer["grouping"].notna(), None)
    joined = pipeline.merge(peer, on=KEYS, how="outer", suffixes=("", "_peer"), indicator=True)
    both = joined["_merge"] == "both"
    largest = 0.0
    unexplained = 0
    for name in FIGURES:
        ours, theirs = joined.loc[both, name].to_numpy(float), joined.loc[both, f"{name}_peer"].to_numpy(float)
        held = ~np.isnan(ours) & ~np.isnan(theirs)
        with np.errstate(divide="ignore", invalid="ignore"):
            relative = np.abs(ours[held] - theirs[held]) / np.maximum(np.abs(ours[held]), 1e-12)
        largest = max(largest, float(relative.max(initial=0.0)))
        unexplained += int((relative > TOLERANCE).sum())
        differs = np.isnan(ours) != np.isnan(theirs)
        excused = joined.loc[both, "secondary"].to_numpy(bool) & (name == "deaths")
        unexplained += int((differs & ~excused).sum())
    return {
        "rows_pipeline": len(pipeline), "rows_peer": len(peer), "rows_in_both": int(both.sum()),
        "rows_only_one_side": int((~both).sum()), "largest_relative_difference": largest,
        "withheld_by_secondary_suppression": int(pipeline["secondary"].sum()), "unexplained_differences": unexplained,
    }  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extract", type=Path, required=True, help="made by bench.deaths_pipeline --write-extract")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds; the fastest of each engine counts")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--data-dir", type=Path, default=PROJECT_DIR / "data")
    parser.add_argument("--name", default=None, help="results file name (default: deaths_engines_<records>)")
    args = parser.parse_args(argv)
    engines = args.engines.split(",")
    data_dir = args.data_dir.resolve()
    processed = dataclasses.replace(load_settings(), data_dir=data_dir).processed_dir
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        write_inputs(folder / "inputs", processed)  # the peers' reference tables, as the build is: untimed
        best: dict[str, Run] = {}
        for round_number in range(args.repeat):
            turn = round_number % len(engines)
            for engine in engines[turn:] + engines[:turn]:
                result = run(engine, args.extract, folder / "inputs", folder / f"{engine}.parquet", data_dir)
                print(f"round {round_number + 1} {engine}: {result.seconds:.2f} s, {result.peak_memory_gb:.2f} GB",
                      file=sys.stderr)  # fmt: skip
                if engine not in best or result.seconds < best[engine].seconds:
                    best[engine] = result
        agreement = {}
        if "pipeline" in engines:
            ours = pipeline_rows(folder / "pipeline.parquet")
            peers = [engine for engine in engines if not engine.startswith("pipeline")]
            agreement = {engine: compare(ours, folder / f"{engine}.parquet") for engine in peers}
    records = sum(1 for _line in args.extract.open("rb")) - 1
    peer_runs = [best[e] for e in engines if not e.startswith("pipeline")]
    fastest_peer = min(peer_runs, key=lambda r: r.seconds, default=None)
    results: dict[str, object] = {
        "records": records,
        "extract": args.extract.name,
        "repeat": args.repeat,
        "cores": os.cpu_count(),
        "engines": {
            e: {"seconds": round(r.seconds, 2), "peak_memory_gb": round(r.peak_memory_gb, 2), "stages": r.stages}
            for e, r in best.items()
        },
        "agreement": agreement,
    }
    if fastest_peer is not None and "pipeline" in best:
        results["fastest_peer"] = fastest_peer.engine
        results["pipeline_over_fastest_peer"] = round(best["pipeline"].seconds / fastest_peer.seconds, 2)
        least = min(r.peak_memory_gb for r in peer_runs)
        results["pipeline_memory_over_least_peer"] = round(best["pipeline"].peak_memory_gb / least, 2)
    save_results(args.name or f"deaths_engines_{records // 1_000_000}m", results)


if __name__ == "__main__":
    main()
