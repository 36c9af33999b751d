"""Readers for ONS 'Deaths registered by area of usual residence' (2014 registrations) tables,
and for published local-authority rate extracts.

The area tables name areas only (no codes), with footnote digits and odd punctuation, and stack
their headers over several rows; columns are found by the words in those header rows.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.etl.errors import SourceError
from dashboard.etl.readers.common import (
    age_band_label,
    check_codes,
    clean_label,
    label_key,
    person_row,
    read_grid,
    require_complete_text,
    strip_footnote,
    to_counts,
    to_numbers,
)
from dashboard.model import columns as col

MEASURE = "measure"
ROW_NUMBER = "row_number"


def _first_data_row(grid: pd.DataFrame) -> int:
    """The first row whose first cell names an area and whose second cell is a number."""
    for index in range(len(grid)):
        name, first_value = clean_label(grid.iat[index, 0]), clean_label(grid.iat[index, 1]).replace(",", "")
        if name and first_value.replace(".", "", 1).isdigit():
            return index
    return -1


def _header_labels(grid: pd.DataFrame, first_data: int) -> list[str]:
    """Join the stacked header cells above the data into one label per column.

    Upper header rows name a span and are carried rightwards; the lowest row (Persons, Males…)
    is not, because its blanks are real (flag columns).
    """
    rows = [index for index in range(first_data) if sum(bool(clean_label(cell)) for cell in grid.iloc[index, 1:]) >= 2]
    labels = [""] * grid.shape[1]
    for position, index in enumerate(rows):
        cells = [clean_label(cell) for cell in grid.iloc[index]]
        if position < len(rows) - 1:
            carried, filled = "", []
            for cell in cells:
                carried = cell or carried
                filled.append(carried)
            cells = filled
        labels = [f"{label} | {cell}" if cell else label for label, cell in zip(labels, cells, strict=True)]
    return labels


def _area_rows(grid: pd.DataFrame, first_data: int) -> pd.DataFrame:
    body = grid.iloc[first_data:]
    names = body.iloc[:, 0].map(clean_label).map(strip_footnote)
    values = body.iloc[:, 1].map(clean_label)
    keep = (names != "") & (values != "")
    return body.loc[keep].assign(**{col.AREA_NAME: names[keep]})


_RATE_COLUMNS = {
    # measure, sex: words that must all appear in the column's stacked label
    ("population_thousands", "Persons"): ("populations", "persons"),
    ("deaths", "Persons"): ("deathsnumbers", "persons"),
    ("deaths", "Male"): ("deathsnumbers", "males"),
    ("deaths", "Female"): ("deathsnumbers", "females"),
    ("crude_rate", "Persons"): ("crudedeath",),
    ("asmr", "Persons"): ("agestandardisedmortalityrate", "persons"),
    ("asmr", "Male"): ("agestandardisedmortalityrate", "males"),
    ("asmr", "Female"): ("agestandardisedmortalityrate", "females"),
}


def read_area_rates(path: Path, source_id: str) -> pd.DataFrame:
    """Long frame: area_name, sex, measure (population_thousands, deaths, crude_rate, asmr), value, row_number."""
    grid = read_grid(path, source_id=source_id)
    first_data = _first_data_row(grid)
    if first_data < 0:
        raise SourceError("no data rows (area name followed by numbers)", source_id=source_id, path=path)
    keyed = [[label_key(part) for part in label.split("|")] for label in _header_labels(grid, first_data)]
    positions: dict[tuple[str, str], int] = {}
    for wanted, words in _RATE_COLUMNS.items():
        matches = [
            index
            for index, parts in enumerate(keyed)
            if all(any(part.startswith(word) for part in parts) for word in words)
        ]
        if not matches:
            raise SourceError(
                f"no column headed {' / '.join(words)} for {wanted[0]} ({wanted[1]})",
                source_id=source_id,
                path=path,
                row=first_data,
            )
        positions[wanted] = matches[0]
    rows = _area_rows(grid, first_data)
    pieces = []
    for (measure, sex), index in positions.items():
        numbers = to_numbers(rows.iloc[:, index], source_id=source_id, path=path, column=f"{measure} {sex}")
        pieces.append(
            pd.DataFrame(
                {
                    col.AREA_NAME: rows[col.AREA_NAME],
                    col.SEX: sex,
                    MEASURE: measure,
                    col.VALUE: numbers,
                    ROW_NUMBER: rows.index + 1,
                }
            )
        )
    return pd.concat(pieces, ignore_index=True)


def read_area_deaths_by_age(path: Path, source_id: str) -> pd.DataFrame:
    """Long frame: area_name, sex, age_band, deaths, row_number; rows repeated in the table
    (WALES appears twice) must agree and are kept once."""
    grid = read_grid(path, source_id=source_id)
    first_data = _first_data_row(grid)
    band_row = next(
        (i for i in range(first_data) if sum(age_band_label(c) in col.AGE_BANDS for c in grid.iloc[i]) >= 10), None
    )
    if band_row is None:
        raise SourceError("no header row of age bands (Under 1, 1-4 … 90 and over)", source_id=source_id, path=path)
    sex_row = band_row + 1
    bands, carried = [], None
    for cell in grid.iloc[band_row]:
        label = clean_label(cell)
        carried = (age_band_label(label) or label) if label else carried
        bands.append(carried)
    sexes = [clean_label(cell).title() for cell in grid.iloc[sex_row]]
    columns = {
        index: (band, {"Males": "Male", "Females": "Female"}[sex])
        for index, (band, sex) in enumerate(zip(bands, sexes, strict=True))
        if band in col.AGE_BANDS and sex in ("Males", "Females")
    }
    if len(columns) != 2 * len(col.AGE_BANDS):
        raise SourceError(
            f"found {len(columns)} age-by-sex columns, expected {2 * len(col.AGE_BANDS)}",
            source_id=source_id,
            path=path,
            row=sex_row + 1,
        )
    rows = _area_rows(grid, first_data)
    pieces = []
    for index, (band, sex) in columns.items():
        counts = to_counts(rows.iloc[:, index], source_id=source_id, path=path, column=f"{band} {sex}")
        pieces.append(
            pd.DataFrame(
                {
                    col.AREA_NAME: rows[col.AREA_NAME],
                    col.SEX: sex,
                    col.AGE_BAND: band,
                    col.DEATHS: counts.astype("int64"),
                    ROW_NUMBER: rows.index + 1,
                }
            )
        )
    frame = pd.concat(pieces, ignore_index=True)
    keys = [col.AREA_NAME, col.SEX, col.AGE_BAND]
    per_key = frame.groupby(keys)[col.DEATHS].nunique()
    if (per_key > 1).any():
        name = per_key[per_key > 1].index[0][0]
        raise SourceError(f"area {name!r} appears twice with different counts", source_id=source_id, path=path)
    return frame.drop_duplicates(subset=keys).reset_index(drop=True)


def registered_columns(layout: str, source_id: str) -> list[str]:
    """The column names a registry layout names ('CSV: lad_code, rate_column[, year]')."""
    kind, _, names = layout.partition(":")
    columns = [name.strip() for name in names.split(",") if name.strip()]
    if kind.strip().upper() != "CSV" or len(columns) not in (2, 3):
        raise SourceError(f"layout {layout!r} should read 'CSV: <code column>, <rate column>[, year]'",
                          source_id=source_id)  # fmt: skip
    return columns


def read_published_la_rates(path: Path, source_id: str, default_period: str, layout: str) -> pd.DataFrame:
    """area_code, period, value from a one-rate-per-LA extract. The columns are those the registry
    names for this source, by exact name: a file whose rate sits under another name (a male rate
    first, say) fails rather than being read as persons. The period comes from the registered
    'year' column where there is one, else from the registry's vintage."""
    require_complete_text(path, source_id)
    grid = read_grid(path, source_id=source_id)
    header = [clean_label(cell) for cell in grid.iloc[0]]
    wanted = registered_columns(layout, source_id)
    missing = [name for name in wanted if name not in header]
    if missing or len(header) != len(set(header)):
        raise SourceError(
            f"expected the registered columns {wanted}, found {header}: an unexpected layout is not guessed at",
            source_id=source_id, path=path, row=1, column=missing[0] if missing else None,
        )  # fmt: skip
    other_rates = [name for name in header if "per100" in label_key(name) and name != wanted[1]]
    if other_rates:
        raise SourceError(
            f"rate columns {other_rates} besides the registered {wanted[1]!r}: which sex or measure each holds is "
            "not known, so the file is not read", source_id=source_id, path=path, row=1, column=other_rates[0],
        )  # fmt: skip
    code_index, rate_index = header.index(wanted[0]), header.index(wanted[1])
    body = grid.iloc[1:]
    body = body.loc[body.apply(lambda row: any(clean_label(cell) for cell in row), axis=1)]
    codes = body.iloc[:, code_index].map(clean_label)
    check_codes(codes, "W06", source_id=source_id, path=path, column=header[code_index])
    values = to_numbers(body.iloc[:, rate_index], source_id=source_id, path=path, column=header[rate_index])
    if values.isna().any():
        first = values.isna().idxmax()
        raise SourceError(
            "rate is missing", source_id=source_id, path=path, row=person_row(first), column=header[rate_index]
        )
    period = body.iloc[:, header.index(wanted[2])].map(clean_label) if len(wanted) == 3 else default_period
    return pd.DataFrame({col.AREA_CODE: codes, col.PERIOD: period, col.VALUE: values}).reset_index(drop=True)
