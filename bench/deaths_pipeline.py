"""Benchmark: the records pipeline on a national-scale extract, stage by stage, against pandas
merely reading the same CSV (goal: at most 4 times as long for one million records over 30 years).

The records are the synthetic register resampled (seeded) to `--records` rows with registration
years spread evenly over `--first-year`..`--last-year` (1993-2022 by default). In one process: the
pipeline's stages (read, validate, classify, aggregate, standardise, disclose, write) and the
process's peak memory, then the time pandas takes to read the CSV (as text, as the pipeline must;
and with its typed defaults). Each is run `--repeat` times and the fastest run counts, as `timeit`
does: the others measure the machine's other work. Needs a built data folder. Results go to
bench/results/deaths_pipeline.json (and the console).
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench import save_results
from dashboard import data
from dashboard.config import load_settings
from dashboard.deaths.geography import read_geography
from dashboard.deaths.pipeline import Geography, compute_indicators
from dashboard.deaths.records import Mapping, Rejections, read_extract, validate_records
from dashboard.deaths.synthetic import SYNTHETIC_MARKER, make_register
from dashboard.model import columns as col
from dashboard.stats.definition import load_definition

PROJECT_DIR = Path(__file__).resolve().parent.parent


def national_extract(path: Path, records: int, first_year: int, last_year: int) -> None:
    """The synthetic register resampled to `records` rows, years spread evenly over the span. Drawn
    from two years of the register, which between them hold deaths in every LSOA in Wales (one
    year misses three): at scale the extract covers every LSOA, as a real one does, and that full
    coverage is the case that once put deaths in the wrong LSOAs. Neither year is a leap year, so
    no 29 February lands in a year without one."""
    register = make_register(
        data.deprivation_deaths(), data.deprivation_lsoa(), data.population("lsoa11", 2017), years=[2017, 2018]
    )
    generator = np.random.default_rng(1)
    big = register.iloc[generator.integers(0, len(register), records)].reset_index(drop=True)
    years = generator.integers(first_year, last_year + 1, records).astype(str)
    big["registration_date"] = np.char.add(years, big["registration_date"].str[4:].to_numpy().astype(str))
    big.to_csv(path, index=False)


def run_pipeline(
    extract: Path, geography: Geography, pool_years: int | None, folder: Path
) -> tuple[dict[str, float], Rejections, int]:
    """One run of every stage: the seconds each took, the rejection report and the rows written."""
    lsoa21 = set(data.areas("lsoa21")[col.AREA_CODE])
    people = geography.population.groupby(col.LSOA11_CODE)[col.POPULATION].sum()
    stages: dict[str, float] = {}
    started = time.perf_counter()
    frame, _ = read_extract(extract, Mapping(), synthetic_marker=SYNTHETIC_MARKER)
    stages["read"] = time.perf_counter() - started
    started = time.perf_counter()
    records, report = validate_records(frame, Mapping(), set(geography.lsoa[col.LSOA11_CODE]), lsoa21,
                                       data.lsoa_change(), people)  # fmt: skip
    stages["validate"] = time.perf_counter() - started
    del frame
    indicators, _ = compute_indicators(records, load_definition(), geography, origin="synthetic", source_id="bench",
                                       pool_years=pool_years, timings=stages)  # fmt: skip
    started = time.perf_counter()
    indicators.to_parquet(folder / "indicators.parquet", index=False)
    stages["write"] = time.perf_counter() - started
    return stages, report, len(indicators)


# The yardsticks: pandas reading the same file as text (as the pipeline must, to check each value),
# with its own parser and with pyarrow's; and with its defaults (typed columns).
YARDSTICKS: dict[str, dict[str, object]] = {
    "text": {"dtype": str, "keep_default_na": False},
    "text_pyarrow": {"dtype": str, "keep_default_na": False, "engine": "pyarrow"},
    "defaults": {},
}


def read_yardstick(extract: Path, options: dict[str, object]) -> float:
    started = time.perf_counter()
    pd.read_csv(extract, **options)  # type: ignore[call-overload]
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--first-year", type=int, default=1993)
    parser.add_argument("--last-year", type=int, default=2022)
    parser.add_argument("--pool-years", type=int, default=None)
    parser.add_argument("--data-dir", type=Path, default=PROJECT_DIR / "data")
    parser.add_argument("--write-extract", type=Path, help="only write the extract here (run in its own process)")
    parser.add_argument("--extract", type=Path, help="measure on this extract (made by --write-extract) instead")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the fastest counts (as timeit)")
    args = parser.parse_args(argv)
    settings = dataclasses.replace(load_settings(), data_dir=args.data_dir.resolve(), cache_backend="simple")
    data.configure(settings)
    if args.write_extract:
        national_extract(args.write_extract, args.records, args.first_year, args.last_year)
        return
    with tempfile.TemporaryDirectory() as folder:
        extract = args.extract or Path(folder) / "extract.csv"
        # Made in another process, so the peak memory measured is the pipeline's alone.
        if not args.extract:
            subprocess.run([sys.executable, "-m", "bench.deaths_pipeline", "--write-extract", str(extract),
                            "--records", str(args.records), "--first-year", str(args.first_year),
                            "--last-year", str(args.last_year), "--data-dir", str(args.data_dir)],
                           cwd=PROJECT_DIR, check=True)  # fmt: skip
        geography = read_geography(data.processed_dir())
        runs = [run_pipeline(extract, geography, args.pool_years, Path(folder)) for _run in range(args.repeat)]
        stages, report, rows = min(runs, key=lambda run: sum(run[0].values()))  # the fastest run, as timeit
        lsoas = int(pd.read_csv(extract, usecols=["lsoa_code"], engine="pyarrow")["lsoa_code"].nunique())
        peak_memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6  # the pipeline's alone
        yardsticks = {name: min(read_yardstick(extract, options) for _run in range(args.repeat))
                      for name, options in YARDSTICKS.items()}  # fmt: skip
    total = sum(stages.values())
    results = {
        "records": args.records,
        "years": f"{args.first_year}-{args.last_year}",
        "pool_years": args.pool_years,
        "repeat": args.repeat,
        "rejected": report.rejected,
        "lsoas_with_records": lsoas,
        "indicator_rows": rows,
        **{f"pandas_read_csv_{name}_seconds": round(seconds, 2) for name, seconds in yardsticks.items()},
        **{f"{stage}_seconds": round(seconds, 2) for stage, seconds in stages.items()},
        "total_seconds": round(total, 2),
        "ratio_to_pandas_text_read": round(total / yardsticks["text"], 2),
        "ratio_to_pandas_default_read": round(total / yardsticks["defaults"], 2),
        "peak_memory_gb": round(peak_memory, 2),
    }
    save_results("deaths_pipeline", results)
    for name, value in results.items():
        print(f"{name}: {value}")


if __name__ == "__main__":
    main()
