"""Benchmark: validate, classify and aggregate one million death records (goal: under 10 s).

The records are the synthetic register resampled to 1,000,000 rows with registration years
spread over 2017-2020. Stages are timed separately in one process: reading the CSV, validating
rows, and classifying + aggregating + standardising (every geography, grouping and period).
Needs a built data folder. Results go to bench/results/deaths_pipeline.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from pathlib import Path

import numpy as np

from bench import save_results
from dashboard import columns as col
from dashboard import data
from dashboard.config import load_settings
from dashboard.deaths.__main__ import load_geography
from dashboard.deaths.pipeline import compute_indicators
from dashboard.deaths.records import Mapping, read_extract, validate_records
from dashboard.deaths.synthetic import SYNTHETIC_MARKER, make_register
from dashboard.stats.definition import load_definition

PROJECT_DIR = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--data-dir", type=Path, default=PROJECT_DIR / "data")
    args = parser.parse_args()
    settings = dataclasses.replace(load_settings(), data_dir=args.data_dir.resolve(), cache_backend="simple")
    data.configure(settings)
    with tempfile.TemporaryDirectory() as folder:
        register = make_register(data.deprivation_deaths(), data.deprivation_lsoa(), data.population("lsoa11", 2017))
        generator = np.random.default_rng(1)
        big = register.iloc[generator.integers(0, len(register), args.records)].reset_index(drop=True)
        years = generator.integers(2017, 2021, args.records).astype(str)
        big["registration_date"] = np.char.add(years, big["registration_date"].str[4:].to_numpy().astype(str))
        extract = Path(folder) / "extract.csv"
        big.to_csv(extract, index=False)
        geography = load_geography()
        lsoa21 = set(data.areas("lsoa21")[col.AREA_CODE])
        people = geography.population.groupby(col.LSOA11_CODE)[col.POPULATION].sum()
        change = data.lsoa_change()
        definition = load_definition()

        started = time.perf_counter()
        frame, _ = read_extract(extract, Mapping(), synthetic_marker=SYNTHETIC_MARKER)
        read_done = time.perf_counter()
        records, report = validate_records(
            frame, Mapping(), set(geography.lsoa[col.LSOA11_CODE]), lsoa21, change, people
        )
        validate_done = time.perf_counter()
        indicators, _ = compute_indicators(records, definition, geography, origin="synthetic", source_id="bench")
        finished = time.perf_counter()
    results = {
        "records": args.records,
        "rejected": report.rejected,
        "indicator_rows": len(indicators),
        "read_seconds": round(read_done - started, 2),
        "validate_seconds": round(validate_done - read_done, 2),
        "classify_aggregate_standardise_seconds": round(finished - validate_done, 2),
        "total_seconds": round(finished - started, 2),
    }
    save_results("deaths_pipeline", results)


if __name__ == "__main__":
    main()
