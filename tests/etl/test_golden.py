"""Golden slices: key figures of the real build kept as CSV beside the tests, so any change in a
computed figure (a DSR, a CI, the disclosure rule, a reader) shows up as a failing diff here, to be
looked at and, if intended, accepted with `UPDATE_GOLDEN=1 pytest tests/etl/test_golden.py`."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from dashboard.config import PACKAGE_DIR, Settings
from dashboard.etl.build import code_fingerprint, imported_modules
from dashboard.model import columns as col

GOLDEN = Path(__file__).parent.parent / "golden"
KEYS = [col.INDICATOR, col.GEOGRAPHY_LEVEL, col.AREA_CODE, col.PERIOD, col.SEX, col.AGE_GROUP, col.BREAKDOWN]
FIGURES = [col.DEATHS, col.POPULATION, col.VALUE, col.LOWER, col.UPPER, col.SUPPRESSED_REASON]


def _slices(indicators: pd.DataFrame) -> dict[str, pd.DataFrame]:
    under_75 = indicators[
        (indicators[col.INDICATOR] == "premature_mortality")
        & (indicators[col.BREAKDOWN].isna() | indicators[col.BREAKDOWN].str.contains("quintile", na=False))
    ]
    avoidable = indicators[indicators[col.INDICATOR] == "avoidable_mortality"]
    return {
        "under75_by_wimd2014_quintile.csv": under_75,
        "avoidable_by_local_authority.csv": avoidable,
    }


@pytest.mark.parametrize("name", ["under75_by_wimd2014_quintile.csv", "avoidable_by_local_authority.csv"])
def test_key_figures_match_their_golden_slice(built: Settings, name: str) -> None:
    indicators = pd.read_parquet(built.processed_dir / "indicators.parquet")
    now = _slices(indicators)[name][KEYS + FIGURES].sort_values(KEYS, na_position="first").reset_index(drop=True)
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        now.to_csv(path, index=False, float_format="%.6f")
    kept = pd.read_csv(path, dtype={col.AREA_CODE: str, col.PERIOD: str, col.BREAKDOWN: str})
    assert len(now) == len(kept) > 0, f"{name}: {len(now)} rows now, {len(kept)} in the golden slice"
    pd.testing.assert_frame_equal(
        now.astype({c: "float64" for c in FIGURES[:-1]}), kept.astype({c: "float64" for c in FIGURES[:-1]}),
        check_dtype=False, atol=1e-5, rtol=0,
    )  # fmt: skip


def test_the_build_fingerprint_covers_the_statistics_it_runs() -> None:
    """A change to the DSR, CI or disclosure code must rebuild the figures made with it."""
    modules = {path.relative_to(PACKAGE_DIR).as_posix() for path in imported_modules()}
    assert {
        "stats/rates.py",
        "stats/intervals.py",
        "stats/disclosure.py",
        "etl/steps/deprivation.py",
        "model/breakdowns.py",
        "model/columns.py",
    } <= modules
    assert len(code_fingerprint()) == 64
