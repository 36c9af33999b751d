"""Readers for ONS population estimates by single year of age and the 2013 European Standard
Population."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from dashboard.etl.errors import SourceError
from dashboard.etl.readers.common import (
    clean_label,
    frame_below_header,
    person_row,
    read_grid,
    require_complete_text,
    require_header_row,
    to_counts,
)
from dashboard.model import columns as col

OLDEST_AGE = 90  # the open-ended "90+" group is stored as age 90
_MID_YEAR = re.compile(r"mid-(\d{4})")
_MID_YEAR_IN_NAME = re.compile(r"mid-?(\d{4})")


def mid_year(vintage: str, source_id: str) -> int:
    """The reference year of a mid-year estimate, from the registry's vintage ('mid-2019 …')."""
    match = _MID_YEAR.search(vintage)
    if not match:
        raise SourceError(f"vintage {vintage!r} does not name a mid-year such as 'mid-2019'", source_id=source_id)
    return int(match.group(1))


def read_population_by_age(path: Path, source_id: str, year: int) -> pd.DataFrame:
    """Long frame: area_code, year, age (0..90, 90 = 90+), population; rows must add up to their total.
    The files carry their year only in their name ('…_mid2019_…'): it must be the registry's year,
    or the build would label one year's people as another's."""
    named = _MID_YEAR_IN_NAME.search(path.name)
    if named is None:
        raise SourceError(f"file name does not say its mid-year (expected 'mid{year}')", source_id=source_id, path=path)
    if int(named.group(1)) != year:
        raise SourceError(
            f"file is for mid-{named.group(1)} but the registry says mid-{year}", source_id=source_id, path=path
        )
    require_complete_text(path, source_id)
    grid = read_grid(path, source_id=source_id)
    header_row = require_header_row(grid, ["total_population", "0", "90+"], source_id=source_id, path=path)
    header = [clean_label(cell) for cell in grid.iloc[header_row]]
    code_columns = [index for index, name in enumerate(header) if name.endswith("_code")]
    if len(code_columns) != 1:
        raise SourceError(
            f"expected one '*_code' column, found {[header[i] for i in code_columns]}",
            source_id=source_id,
            path=path,
            row=header_row + 1,
        )
    age_columns = {str(age): age for age in range(OLDEST_AGE)} | {"90+": OLDEST_AGE}
    missing = [name for name in age_columns if name not in header]
    if missing:
        raise SourceError(f"age columns missing: {missing[:5]}", source_id=source_id, path=path, row=header_row + 1)
    body = frame_below_header(grid, header_row)
    codes = body.iloc[:, code_columns[0]].map(clean_label)
    repeated = codes.duplicated(keep="first")
    if repeated.any():
        first = repeated[repeated].index[0]
        raise SourceError(
            f"area {codes[first]!r} appears twice (first at row {person_row(codes[codes == codes[first]].index[0])})",
            source_id=source_id, path=path, row=person_row(first), column=header[code_columns[0]],
        )  # fmt: skip
    total = to_counts(
        body.iloc[:, header.index("total_population")], source_id=source_id, path=path, column="total_population"
    )
    counts = {
        age: to_counts(body.iloc[:, header.index(name)], source_id=source_id, path=path, column=name)
        for name, age in age_columns.items()
    }
    wide = pd.DataFrame(counts)
    mismatch = wide.sum(axis=1) != total
    if mismatch.any():
        first = mismatch[mismatch].index[0]
        raise SourceError(
            f"ages add up to {int(wide.loc[first].sum())}, not the total {int(total[first])}",
            source_id=source_id,
            path=path,
            row=person_row(first),
            column="total_population",
        )
    wide.insert(0, col.AREA_CODE, codes)
    frame = wide.melt(id_vars=col.AREA_CODE, var_name=col.AGE, value_name=col.POPULATION)
    frame.insert(1, col.YEAR, year)
    frame[col.AGE] = frame[col.AGE].astype("int64")
    frame[col.POPULATION] = frame[col.POPULATION].astype("int64")
    return frame


def read_esp2013(path: Path, source_id: str) -> pd.DataFrame:
    """age_band ('0-4' … '90+'), esp_weight; the 19 weights must total 100,000."""
    grid = read_grid(path, source_id=source_id)
    header_row = require_header_row(grid, ["AgeGroup", "EuropeanStandardPopulation"], source_id=source_id, path=path)
    header = [clean_label(cell) for cell in grid.iloc[header_row]]
    body = frame_below_header(grid, header_row)
    bands = body.iloc[:, header.index("AgeGroup")].map(clean_label).str.replace(" ", "")
    bands = bands.replace({"90plus": "90+", "90andover": "90+"})
    weights = to_counts(
        body.iloc[:, header.index("EuropeanStandardPopulation")],
        source_id=source_id,
        path=path,
        column="EuropeanStandardPopulation",
    )
    frame = pd.DataFrame({col.AGE_BAND: bands, col.ESP_WEIGHT: weights.astype("int64")}).reset_index(drop=True)
    if tuple(frame[col.AGE_BAND]) != col.ESP_AGE_BANDS:
        raise SourceError(
            f"age groups {list(frame[col.AGE_BAND])} are not the 19 ESP2013 bands 0-4 … 90+",
            source_id=source_id,
            path=path,
        )
    if int(frame[col.ESP_WEIGHT].sum()) != 100_000:
        raise SourceError(
            f"weights total {int(frame[col.ESP_WEIGHT].sum())}, not 100,000", source_id=source_id, path=path
        )
    return frame
