"""A property of the records pipeline: whatever LSOAs, sexes and causes an extract holds, and in
whatever order its rows and its categories come, every count equals the independent recount.

The trap that once moved deaths between LSOAs needed an LSOA column already categorical with
every LSOA in Wales among its categories, in another order; the strategy draws that case as
often as plain text and a categorical of only the LSOAs used.
"""

from __future__ import annotations

from typing import cast

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.cache import standalone
from dashboard.config import Settings
from dashboard.deaths.cells import CellTotals, DeathCells, categorical_areas, classified_cells
from dashboard.deaths.geography import read_geography
from dashboard.deaths.pipeline import Geography, undisclosed_indicators
from dashboard.model import columns as col
from dashboard.stats.definition import load_definition
from tests.deaths.recount import frame_keys, recount

# Avoidable with an age limit (E10 diabetes under 50), for one sex (C50 breast, women; C61
# prostate, counted for men), split 50/50 (I21), wholly preventable (C34, X42) or treatable
# (J45), and not avoidable at all (R99, F03).
CODES = ["C34.1", "C50.9", "C61", "I21.9", "J45.0", "X42", "E10.9", "K70.3", "A41.9", "R99", "F03", "V89.2"]


@pytest.fixture(scope="module")
def geography(built: Settings) -> Geography:
    with standalone(built):
        return read_geography(built.processed_dir)


@st.composite
def extracts(draw: st.DrawFn, every_lsoa: list[str]) -> pd.DataFrame:
    """Validated records (as `validate_records` returns them) over a random subset of LSOAs."""
    used = draw(st.lists(st.sampled_from(every_lsoa), min_size=1, max_size=25, unique=True))
    rows = draw(st.lists(st.tuples(
        st.sampled_from(used), st.sampled_from(["Male", "Female"]), st.sampled_from(CODES),
        st.integers(0, 99), st.integers(2017, 2019),
    ), min_size=1, max_size=80))  # fmt: skip
    lsoas, sexes, codes, ages, years = (list(column) for column in zip(*rows, strict=True))
    seed = draw(st.integers(0, 2**32 - 1))
    layout = draw(st.sampled_from(["text", "categories used", "every LSOA, shuffled"]))
    order = np.random.default_rng(seed)
    if layout == "text":
        lsoa_column: pd.Series = pd.Series(lsoas, dtype=object)
    else:
        pool = list(every_lsoa) if layout.startswith("every") else sorted(set(lsoas))
        lsoa_column = pd.Series(pd.Categorical(lsoas, categories=list(order.permutation(pool))))
    return pd.DataFrame({
        "record_row": np.arange(2, len(rows) + 2), col.YEAR: years, col.AGE: ages, col.SEX: sexes,
        "icd10": pd.Categorical([code.replace(".", "") for code in codes]), "lsoa_supplied": lsoa_column,
        col.LSOA11_CODE: lsoa_column, "weight": 1.0,
    })  # fmt: skip


def test_counts_hold_for_any_subset_and_order(geography: Geography) -> None:
    definition = load_definition()
    every_lsoa = sorted(geography.lsoa[col.LSOA11_CODE].astype(str))

    @settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
    @given(extracts(every_lsoa), st.sampled_from([None, 3]))
    def check(records: pd.DataFrame, pool_years: int | None) -> None:
        frame, _notes = undisclosed_indicators(
            records, definition, geography, origin="synthetic", source_id="t", pool_years=pool_years
        )
        plain = records.assign(**{col.LSOA11_CODE: records[col.LSOA11_CODE].astype(str),
                                  "icd10": records["icd10"].astype(str)})  # fmt: skip
        deaths = recount(plain, definition, geography, pool_years)
        keys = list(frame_keys(frame))
        expected = np.array([deaths.get(key, 0.0) for key in keys])
        assert np.allclose(frame[col.DEATHS].to_numpy(float), expected, rtol=0, atol=1e-9)
        assert {key for key, count in deaths.items() if count} <= set(keys)

    check()


def test_summed_batches_and_the_frame_of_cells_give_the_same_arrays(geography: Geography) -> None:
    """A build sums batches straight into arrays (`CellTotals.dense`); a frame of cells makes them
    by `bincount` (`DeathCells.as_arrays`). The pipeline pools from either, so they must agree."""
    definition = load_definition()
    every_lsoa = sorted(geography.lsoa[col.LSOA11_CODE].astype(str))
    lsoa_type = cast(pd.CategoricalDtype, categorical_areas(geography.lsoa)[col.LSOA11_CODE].dtype)

    @settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
    @given(extracts(every_lsoa), st.integers(1, 3))
    def check(records: pd.DataFrame, batches: int) -> None:
        totals = CellTotals(lsoa_type)
        for batch in np.array_split(np.arange(len(records)), batches):
            totals.add_records(records.iloc[batch], definition)
        summed = totals.cells()
        framed = DeathCells(classified_cells(records, definition, geography).deaths, summed.years).as_arrays(lsoa_type)
        assert summed.dense is not None
        assert summed.dense.years == framed.years
        np.testing.assert_array_equal(summed.dense.sex_cells, framed.sex_cells)
        for name in framed.by_band:
            np.testing.assert_allclose(summed.dense.by_band[name], framed.by_band[name], rtol=0, atol=1e-12)
            np.testing.assert_allclose(summed.dense.by_sex[name], framed.by_sex[name], rtol=0, atol=1e-12)
        counted.append(float(sum(values.sum() for values in framed.by_sex.values())))

    counted: list[float] = []
    check()
    assert max(counted) > 0  # the arrays compared held deaths
