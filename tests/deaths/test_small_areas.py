"""Smoothed LSOA figures from a records build: every LSOA in every pooled period, expected deaths
that add up to the observed (indirect standardisation to Wales), and an adversary, written here
with scipy.stats rather than the guard's arithmetic, that tries every count the disclosure rule
allows for each withheld LSOA count and finds more than one death's worth consistent with what
the smoothed row publishes. Also the neighbour pairs: an island is joined to its nearest area."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from scipy import stats
from shapely.geometry import box

from dashboard.config import Settings
from dashboard.deaths.__main__ import main
from dashboard.deaths.cells import classified_cells
from dashboard.deaths.small_areas import RATIO_EDGES, observed_expected
from dashboard.etl import contracts
from dashboard.etl.geometry import neighbour_pairs
from dashboard.model import columns as col
from dashboard.stats.definition import load_definition
from dashboard.stats.smoothing import EXCEEDANCE_EDGES
from tests.deaths.helpers import validated

SMALLEST_SHOWN = 5


@pytest.fixture(scope="module")
def build(built: Settings, register: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The register over two years, pooled in pairs (as the adversary test of the counts builds it)."""
    folder = tmp_path_factory.mktemp("smoothed")
    frame = pd.read_csv(register, dtype=str, keep_default_na=False)
    later = frame.assign(registration_date=frame["registration_date"].str.replace("2017-", "2018-", regex=False))
    extract = folder / "two_years.csv"
    pd.concat([frame, later]).to_csv(extract, index=False)
    out = folder / "indicators.parquet"
    assert main(["build", str(extract), "--data-dir", str(built.data_dir), "--out", str(out), "--pool-years", "2"]) == 0
    return {
        "indicators": pd.read_parquet(out),
        "smoothed": pd.read_parquet(folder / "indicators_smoothed.parquet"),
        "record": json.loads(out.with_suffix(".json").read_text(encoding="utf-8")),
    }


def test_every_lsoa_of_every_pooled_period_has_a_row(build: dict[str, object]) -> None:
    smoothed = build["smoothed"]
    assert isinstance(smoothed, pd.DataFrame)
    contracts.SMOOTHED.validate(smoothed)
    counts = smoothed.groupby([col.INDICATOR, col.PERIOD]).size()
    assert set(counts.index) == {("avoidable_mortality", "2017-2018"), ("premature_mortality", "2017-2018")}
    assert (counts == contracts.LSOA11_COUNT).all()
    assert (smoothed[col.DETAIL] == "shown").mean() > 0.5  # most LSOAs publish their figures


def test_shown_deaths_are_the_published_counts(build: dict[str, object]) -> None:
    smoothed, indicators = build["smoothed"], build["indicators"]
    assert isinstance(smoothed, pd.DataFrame) and isinstance(indicators, pd.DataFrame)
    lsoas = indicators[(indicators[col.GEOGRAPHY_LEVEL] == "lsoa11") & (indicators[col.SEX] == "Persons")
                       & indicators[col.BREAKDOWN].isna()]  # fmt: skip
    joined = smoothed.merge(lsoas, on=[col.INDICATOR, col.PERIOD, col.AREA_CODE], suffixes=("", "_published"))
    assert len(joined) == len(smoothed)
    assert joined[col.DEATHS].isna().equals(joined[f"{col.DEATHS}_published"].isna())
    shown = joined[col.DEATHS].notna()
    np.testing.assert_array_equal(joined.loc[shown, col.DEATHS], joined.loc[shown, f"{col.DEATHS}_published"])


def test_expected_deaths_add_up_to_the_observed(built: Settings, register: Path) -> None:
    """Indirect standardisation to Wales: the expected deaths of all LSOAs are Wales's deaths."""
    records, geography, _report = validated(built, register)
    cells = classified_cells(records, load_definition(), geography)
    for share in ("avoidable", "premature"):
        table = observed_expected(cells, geography, [2017], share)
        assert len(table) == contracts.LSOA11_COUNT
        assert table[col.EXPECTED].sum() == pytest.approx(table[col.DEATHS].sum(), rel=1e-9)
        assert (table[col.EXPECTED] > 0).all()


def _published(count: np.ndarray, expected: float, shape: float, detail: str) -> list[tuple[object, ...]]:
    """What a row would publish for each candidate count: the global model, prior Gamma(shape, shape)."""
    posterior = stats.gamma(a=shape + count, scale=1 / (shape + expected))
    ratio = posterior.mean()
    ratio_band = np.digitize(ratio, RATIO_EDGES) + 1
    band = np.digitize(posterior.sf(1.0), EXCEEDANCE_EDGES, right=True) + 1
    if detail == "bands":
        return list(zip(ratio_band, band, strict=True))
    lower, upper = posterior.ppf(0.025), posterior.ppf(0.975)
    return list(zip(np.round(ratio, 1), np.round(lower, 1), np.round(upper, 1), ratio_band, band, strict=True))


def test_no_withheld_count_can_be_read_back_from_the_smoothed_figures(build: dict[str, object]) -> None:
    smoothed, indicators, record = build["smoothed"], build["indicators"], build["record"]
    assert isinstance(smoothed, pd.DataFrame) and isinstance(indicators, pd.DataFrame) and isinstance(record, dict)
    reasons = indicators[(indicators[col.GEOGRAPHY_LEVEL] == "lsoa11") & (indicators[col.SEX] == "Persons")
                         & indicators[col.BREAKDOWN].isna()].set_index([col.INDICATOR, col.AREA_CODE])  # fmt: skip
    attacked = 0
    rows: list[dict[Any, Any]] = smoothed[smoothed[col.DEATHS].isna() & (smoothed[col.DETAIL] != "withheld")].to_dict(
        "records"
    )
    for row in rows:
        indicator, area, detail = str(row[col.INDICATOR]), str(row[col.AREA_CODE]), str(row[col.DETAIL])
        shape = float(record["smoothing"]["fits"][f"{indicator} {row[col.PERIOD]}"]["shape"])
        primary = "count-small-area" in str(reasons.loc[(indicator, area), col.SUPPRESSED_REASON])
        candidates = np.arange(0.5, SMALLEST_SHOWN, 0.5) if primary else np.r_[0, np.arange(SMALLEST_SHOWN, 400, 0.5)]
        names = [col.RATIO_BAND, col.EXCEEDANCE_BAND]
        if detail == "shown":
            names = [col.SMOOTHED_RATIO, col.SMOOTHED_LOWER, col.SMOOTHED_UPPER, *names]
        seen = tuple(float(row[name]) for name in names)
        figures = _published(candidates, float(row[col.EXPECTED]), shape, detail)
        fits = candidates[[tuple(float(cast(float, value)) for value in item) == seen for item in figures]]
        attacked += 1
        assert len(fits) and fits.max() - fits.min() >= 1, (area, indicator, fits)
    assert attacked > 20  # the adversary had withheld counts to attack


def test_an_island_is_joined_to_its_nearest_area() -> None:
    squares = gpd.GeoDataFrame(
        {col.AREA_CODE: ["W01000001", "W01000002", "W01000003", "W01000004"],
         "geometry": [box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1), box(5, 0, 6, 1)]},
        crs=27700,
    ).to_crs(4326)  # fmt: skip
    pairs = neighbour_pairs(squares)
    found = set(zip(pairs[col.AREA_CODE], pairs[col.NEIGHBOUR_CODE], pairs[col.LINK], strict=True))
    assert found == {
        ("W01000001", "W01000002", "boundary"), ("W01000002", "W01000001", "boundary"),
        ("W01000002", "W01000003", "boundary"), ("W01000003", "W01000002", "boundary"),
        ("W01000004", "W01000003", "nearest"), ("W01000003", "W01000004", "nearest"),
    }  # fmt: skip
    contracts.neighbours(4).validate(pairs)


def test_a_build_without_smoothing_removes_the_last_builds_smoothed_figures(
    built: Settings, register: Path, tmp_path: Path
) -> None:
    """Smoothed figures left from an earlier build would be read beside figures they do not match."""
    out = tmp_path / "indicators.parquet"
    stale = tmp_path / "indicators_smoothed.parquet"
    stale.write_bytes(b"an earlier build's figures")
    assert main(["build", str(register), "--data-dir", str(built.data_dir), "--out", str(out), "--no-smoothing"]) == 0
    assert out.exists() and not stale.exists()
    record = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert record["smoothing"] == {"skipped": "--no-smoothing"}
