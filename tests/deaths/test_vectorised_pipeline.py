"""The records pipeline vectorised across periods equals the loop over periods it replaced (kept
in `loop_pipeline.py`), every row to 1e-9: on the one-year synthetic register, and on four years
pooled in rolling three-year windows; and one pooled period checked against a computation by hand
from the records."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.config import Settings
from dashboard.deaths.pipeline import Geography, compute_indicators
from dashboard.deaths.records import WEIGHT
from dashboard.model import columns as col
from dashboard.stats.definition import load_definition
from dashboard.stats.rates import dsr, esp_weights
from tests.deaths.helpers import assert_same_frames, validated
from tests.deaths.loop_pipeline import loop_indicators


def _records(built: Settings, extract: Path) -> tuple[pd.DataFrame, Geography]:
    records, geography, _report = validated(built, extract)
    return records, geography


def test_one_year_equals_the_loop(built: Settings, register: Path) -> None:
    records, geography = _records(built, register)
    definition = load_definition()
    vectorised, notes = compute_indicators(records, definition, geography, origin="synthetic", source_id="test")
    looped, loop_notes = loop_indicators(records, definition, geography, origin="synthetic", source_id="test")
    assert notes == loop_notes
    assert_same_frames(vectorised, looped)


@pytest.fixture(scope="module")
def four_years(register_frame: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    frame = register_frame.copy()
    frame["registration_date"] = (
        np.resize(["2017", "2018", "2019", "2020"], len(frame)) + frame["registration_date"].str[4:]
    )
    path = tmp_path_factory.mktemp("four") / "four_years.csv"
    frame.to_csv(path, index=False)
    return path


def test_pooled_years_equal_the_loop(built: Settings, four_years: Path) -> None:
    records, geography = _records(built, four_years)
    definition = load_definition()
    vectorised, _ = compute_indicators(records, definition, geography, origin="synthetic", source_id="t",
                                       pool_years=3)  # fmt: skip
    looped, _ = loop_indicators(records, definition, geography, origin="synthetic", source_id="t", pool_years=3)
    assert_same_frames(vectorised, looped)


def test_one_pooled_period_by_hand(built: Settings, four_years: Path) -> None:
    """Wales, premature mortality, 2018-2020: deaths under 75 counted straight from the records and
    population summed over the three years (2018 borrowing 2017's estimates, 2019 and 2020 their
    own), standardised with `stats.rates.dsr`, not through the pipeline's grouped tables."""
    records, geography = _records(built, four_years)
    vectorised, _ = compute_indicators(records, load_definition(), geography, origin="synthetic", source_id="t",
                                       pool_years=3)  # fmt: skip
    row = vectorised[(vectorised[col.GEOGRAPHY_LEVEL] == "country") & vectorised[col.BREAKDOWN].isna()
                     & (vectorised[col.PERIOD] == "2018-2020") & (vectorised[col.SEX] == "Persons")
                     & (vectorised[col.INDICATOR] == "premature_mortality")
                     & (vectorised[col.AGE_GROUP] == "0-74")].iloc[0]  # fmt: skip
    young = records[(records[col.AGE] < 75) & records[col.YEAR].isin([2018, 2019, 2020])]
    band = (young[col.AGE] // 5 * 5).astype(int)
    deaths = young.groupby(band)[WEIGHT].sum()  # a record in a merged 2021 LSOA counts in parts
    people = geography.population[geography.population[col.AGE] < 75]
    by_year = {year: people[people[col.YEAR] == year].groupby(people[col.AGE] // 5 * 5)[col.POPULATION].sum()
               for year in (2017, 2019, 2020)}  # fmt: skip
    population = by_year[2017] + by_year[2019] + by_year[2020]  # 2018 from 2017, the nearest year held
    weights = esp_weights(pd.Series([f"{low}-{low + 4}" for low in population.index]))
    result = dsr(deaths.reindex(population.index, fill_value=0).to_numpy(float), population.to_numpy(float),
                 weights.to_numpy(float))  # fmt: skip
    assert row[col.DEATHS] == pytest.approx(float(deaths.sum()))
    assert row[col.POPULATION] == pytest.approx(float(population.sum()))
    assert row[col.VALUE] == pytest.approx(result.value, rel=1e-9)
    assert (row[col.LOWER], row[col.UPPER]) == pytest.approx((result.lower, result.upper), rel=1e-9)


def test_the_benchmark_runs_on_a_small_extract(built: Settings, tmp_path: Path) -> None:
    """bench/deaths_pipeline.py at CI size (20,000 records over 30 years): it writes every stage's
    time, the ratio to pandas reading the same file and the peak memory."""
    import json
    import os
    import subprocess
    import sys

    from dashboard.config import PROJECT_DIR

    results = tmp_path / "results"
    subprocess.run([sys.executable, "-m", "bench.deaths_pipeline", "--records", "20000", "--data-dir",
                    str(built.data_dir)], cwd=PROJECT_DIR, check=True, capture_output=True,
                   env=os.environ | {"DASHBOARD_BENCH_RESULTS": str(results)})  # fmt: skip
    measured = json.loads((results / "deaths_pipeline.json").read_text())
    for stage in ("read", "validate", "classify", "aggregate", "standardise", "disclose", "write"):
        assert measured[f"{stage}_seconds"] >= 0, stage
    assert measured["records"] == 20000 and measured["years"] == "1993-2022" and measured["indicator_rows"] > 0
    assert measured["ratio_to_pandas_text_read"] > 0 and measured["ratio_to_pandas_default_read"] > 0
    assert measured["peak_memory_gb"] > 0


def test_the_peers_give_the_pipelines_rows_on_a_small_extract(built: Settings, tmp_path: Path) -> None:
    """bench/deaths_engines.py at CI size (20,000 records over 30 years): the polars and DuckDB
    peers give every row the pipeline gives, each figure equal to 1e-9, and differ only where the
    pipeline withholds a count by secondary suppression (which they do not attempt)."""
    import json
    import os
    import subprocess
    import sys

    from dashboard.config import PROJECT_DIR

    results, extract = tmp_path / "results", tmp_path / "extract.csv"
    environment = os.environ | {"DASHBOARD_BENCH_RESULTS": str(results)}
    subprocess.run([sys.executable, "-m", "bench.deaths_pipeline", "--write-extract", str(extract), "--records",
                    "20000", "--data-dir", str(built.data_dir)],
                   cwd=PROJECT_DIR, check=True, env=environment)  # fmt: skip
    subprocess.run([sys.executable, "-m", "bench.deaths_engines", "--extract", str(extract), "--repeat", "1",
                    "--data-dir", str(built.data_dir), "--name", "engines"], cwd=PROJECT_DIR, check=True,
                   capture_output=True, env=environment)  # fmt: skip
    measured = json.loads((results / "engines.json").read_text())
    assert measured["records"] == 20000 and set(measured["engines"]) == {"pipeline", "polars", "duckdb"}
    for peer in ("polars", "duckdb"):
        agreement = measured["agreement"][peer]
        assert agreement["rows_pipeline"] == agreement["rows_peer"] == agreement["rows_in_both"] > 0, peer
        assert agreement["unexplained_differences"] == 0, peer
        assert agreement["largest_relative_difference"] < 1e-9, peer
    assert measured["agreement"]["polars"]["withheld_by_secondary_suppression"] > 0  # the excuse is exercised
