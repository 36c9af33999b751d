"""Shared steps of the records tests: an extract validated as the CLI validates it, and two
indicator frames compared row for row."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from dashboard import data
from dashboard.cache import standalone
from dashboard.config import Settings
from dashboard.deaths.coding import codes_of, rows_in_category_order
from dashboard.deaths.geography import read_geography
from dashboard.deaths.pipeline import Geography
from dashboard.deaths.records import Mapping, Rejections, read_extract, validate_records
from dashboard.deaths.synthetic import SYNTHETIC_MARKER
from dashboard.model import columns as col

KEYS = [col.INDICATOR, col.GEOGRAPHY_LEVEL, col.AREA_CODE, col.PERIOD, col.SEX, col.AGE_GROUP, col.BREAKDOWN]
NUMBERS = [col.DEATHS, col.POPULATION, col.VALUE, col.LOWER, col.UPPER]


def validated(
    built: Settings, extract: Path, mapping: Mapping | None = None
) -> tuple[pd.DataFrame, Geography, Rejections]:
    """The extract read and validated against the built geography, as `python -m dashboard.deaths build` does."""
    mapping = mapping or Mapping()
    with standalone(built):
        geography = read_geography(data.processed_dir())
        frame, _ = read_extract(extract, mapping, synthetic_marker=SYNTHETIC_MARKER)
        people = geography.population.groupby(col.LSOA11_CODE)[col.POPULATION].sum()
        records, report = validate_records(
            frame, mapping, set(geography.lsoa[col.LSOA11_CODE]), set(data.areas("lsoa21")[col.AREA_CODE]),
            data.lsoa_change(), people,
        )  # fmt: skip
    return records, geography, report


def assert_same_frames(vectorised: pd.DataFrame, looped: pd.DataFrame) -> None:
    """The same rows (by key), the same numbers to 1e-9 and the same suppression reasons."""
    assert len(vectorised) == len(looped)
    left = vectorised.fillna({col.BREAKDOWN: ""}).sort_values(KEYS).reset_index(drop=True)
    right = looped.fillna({col.BREAKDOWN: ""}).sort_values(KEYS).reset_index(drop=True)
    assert left[KEYS].astype(object).equals(right[KEYS].astype(object))  # the values: text may be str or object
    for name in NUMBERS:
        np.testing.assert_allclose(left[name].to_numpy(float), right[name].to_numpy(float), rtol=1e-9, atol=1e-9,
                                   equal_nan=True, err_msg=name)  # fmt: skip
    assert left[col.SUPPRESSED_REASON].fillna("").equals(right[col.SUPPRESSED_REASON].fillna(""))
    assert vectorised.columns.tolist() == looped.columns.tolist()


def with_areas(frame: pd.DataFrame, lsoa: pd.DataFrame, lsoa_type: pd.CategoricalDtype) -> pd.DataFrame:
    """`frame` with its LSOAs' authority, board and WIMD groups: the LSOA table put in the
    categories' order, then its rows taken at each row's LSOA code, as a left merge would give them."""
    table = rows_in_category_order(lsoa, col.LSOA11_CODE, lsoa_type).drop(columns=col.LSOA11_CODE)
    taken = table.take(codes_of(frame[col.LSOA11_CODE], lsoa_type)).reset_index(drop=True)
    return pd.concat([frame.reset_index(drop=True), taken], axis=1)
