"""Reader for the ONS workbook 'Deaths by selected causes and populations, both by deprivation
decile areas, 5 year age groups and sex' (ad hoc 008024 layout: 1981-2016 and the 2017 update).

Its three tables are found by their header cells, not by sheet position: deaths (a row with
'Underlying cause of death'), the LSOA -> decile list (a row with 'LSOA 2011') and the decile
populations (a row with 'Sex' and age bands but no cause column).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple, TypedDict

import pandas as pd

from dashboard.etl.errors import SourceError
from dashboard.etl.readers.common import (
    age_band_label,
    check_codes,
    clean_label,
    find_header_row,
    frame_below_header,
    label_key,
    person_row,
    read_grid,
    sheet_names,
    to_counts,
)
from dashboard.model import columns as col

_EDITION = re.compile(r"WIMD (\d{4})")


class Where(TypedDict):
    """Where in the workbook a table is: what every error about it names."""

    source_id: str
    path: Path
    sheet: str


class DeprivationWorkbook(NamedTuple):
    deaths: pd.DataFrame  # year, wimd_edition, decile, sex, cause_code, cause_name, age_band, deaths
    population: pd.DataFrame  # year, wimd_edition, decile, sex, age_band, population
    lsoa_deciles: pd.DataFrame  # wimd_edition, lsoa_code, decile


def read_deprivation_workbook(path: Path, source_id: str) -> DeprivationWorkbook:
    deaths = population = lsoa = None
    for sheet in sheet_names(path, source_id=source_id):
        grid = read_grid(path, source_id=source_id, sheet=sheet)
        if grid.empty:
            continue
        if (row := find_header_row(grid, ["Year", "Sex", "Underlying cause of death"])) is not None:
            deaths = _age_table(grid, row, path, source_id, sheet, value_name=col.DEATHS, with_cause=True)
        elif (row := find_header_row(grid, ["LSOA 2011", "LSOA 2011 Name"])) is not None:
            lsoa = _lsoa_table(grid, row, path, source_id, sheet)
        elif (row := find_header_row(grid, ["Year", "Sex", "<1", "90+"])) is not None:
            population = _age_table(grid, row, path, source_id, sheet, value_name=col.POPULATION, with_cause=False)
    for table, what in ((deaths, "deaths"), (population, "populations"), (lsoa, "LSOA deciles")):
        if table is None:
            raise SourceError(f"no sheet holds the {what} table", source_id=source_id, path=path)
    assert deaths is not None and population is not None and lsoa is not None  # narrowed above, for mypy
    _check_population_where_deaths(deaths, population, source_id, path)
    return DeprivationWorkbook(deaths, population, lsoa)


def _decile_column(header: list[str], *, source_id: str, path: Path, sheet: str, row: int) -> tuple[int, int]:
    """Position and WIMD edition of the decile column ('Deprivation Decile (WIMD 2014)')."""
    for index, name in enumerate(header):
        match = _EDITION.search(name)
        if match:
            return index, int(match.group(1))
    raise SourceError(
        "no decile column naming a WIMD edition", source_id=source_id, path=path, sheet=sheet, row=row + 1
    )


def _age_table(
    grid: pd.DataFrame, row: int, path: Path, source_id: str, sheet: str, *, value_name: str, with_cause: bool
) -> pd.DataFrame:
    """One wide table of counts by age band (deaths or populations), long: a row per band."""
    where = Where(source_id=source_id, path=path, sheet=sheet)
    header = [clean_label(cell) for cell in grid.iloc[row]]
    decile_index, edition = _decile_column(header, source_id=source_id, path=path, sheet=sheet, row=row)
    keys = [label_key(name) for name in header]
    band_columns = _band_columns(header, row, where)
    body = frame_below_header(grid, row)
    body = body.loc[body.iloc[:, keys.index("year")].map(clean_label).str.fullmatch(r"\d{4}")]
    common = {
        col.YEAR: to_counts(body.iloc[:, keys.index("year")], column="Year", **where),
        col.WIMD_EDITION: edition,
        col.WIMD_DECILE: to_counts(body.iloc[:, decile_index], column=header[decile_index], **where),
        col.SEX: body.iloc[:, keys.index("sex")].map(clean_label).str.title(),
    }
    if with_cause:
        common[col.CAUSE_CODE], common[col.CAUSE_NAME] = _causes(
            body.iloc[:, keys.index("underlyingcauseofdeath")], where
        )
    wide = pd.DataFrame(common)
    counts = {
        band: to_counts(body.iloc[:, index], column=header[index], **where) for index, band in band_columns.items()
    }
    if "allages" in keys:
        total_index = keys.index("allages")
        _check_all_ages(counts, to_counts(body.iloc[:, total_index], column=header[total_index], **where),
                        header[total_index], where)  # fmt: skip
    for band, values in counts.items():
        wide[band] = values
    frame = wide.melt(id_vars=list(common), var_name=col.AGE_BAND, value_name=value_name)
    for name in (col.YEAR, col.WIMD_DECILE, value_name):
        frame[name] = frame[name].astype("int64")
    bad_sex = ~frame[col.SEX].isin(["Male", "Female"])
    if bad_sex.any():
        raise SourceError(f"sex {frame.loc[bad_sex, col.SEX].iloc[0]!r} is not Male or Female", **where)
    return frame


def _band_columns(header: list[str], row: int, where: Where) -> dict[int, str]:
    """Column position -> age band, which must be the 20 bands <1, 1-4 … 90+ and no others."""
    bands = {index: age_band_label(name) for index, name in enumerate(header)}
    band_columns = {index: band for index, band in bands.items() if band in col.AGE_BANDS}
    if sorted(band_columns.values(), key=col.AGE_BANDS.index) != list(col.AGE_BANDS):
        raise SourceError(
            f"age band columns {sorted(set(band_columns.values()))} are not the 20 bands <1, 1-4 … 90+",
            row=row + 1,
            **where,
        )
    return band_columns


def _causes(cause_cells: pd.Series, where: Where) -> tuple[pd.Series, pd.Series]:
    """Group number and name from cells such as '1 Infectious diseases'."""
    cause = cause_cells.map(clean_label)
    parts = cause.str.extract(r"^(\d+)\s+(.*)$")
    unnumbered = cause[parts[0].isna()]
    if len(unnumbered):
        raise SourceError(
            f"cause {unnumbered.iloc[0]!r} does not start with its group number",
            row=person_row(unnumbered.index[0]),
            column="Underlying cause of death",
            **where,
        )
    return parts[0].astype(int), parts[1]


def _check_all_ages(counts: dict[str, pd.Series], total: pd.Series, total_name: str, where: Where) -> None:
    """The age bands of every row add up to its 'All ages' cell."""
    sums = pd.DataFrame(counts).sum(axis=1)
    mismatch = sums != total
    if mismatch.any():
        first = mismatch[mismatch].index[0]
        raise SourceError(
            f"age bands add up to {int(sums[first])}, not 'All ages' {int(total[first])}",
            row=person_row(first),
            column=total_name,
            **where,
        )


def _lsoa_table(grid: pd.DataFrame, row: int, path: Path, source_id: str, sheet: str) -> pd.DataFrame:
    header = [clean_label(cell) for cell in grid.iloc[row]]
    decile_index, edition = _decile_column(header, source_id=source_id, path=path, sheet=sheet, row=row)
    body = frame_below_header(grid, row)
    codes = body.iloc[:, [label_key(name) for name in header].index("lsoa2011")].map(clean_label)
    check_codes(codes, "W01", source_id=source_id, path=path, column="LSOA 2011", sheet=sheet)
    deciles = to_counts(
        body.iloc[:, decile_index], source_id=source_id, path=path, column=header[decile_index], sheet=sheet
    )
    return pd.DataFrame(
        {col.WIMD_EDITION: edition, col.LSOA_CODE: codes, col.WIMD_DECILE: deciles.astype("int64")}
    ).reset_index(drop=True)


def _check_population_where_deaths(deaths: pd.DataFrame, population: pd.DataFrame, source_id: str, path: Path) -> None:
    """A death needs people at risk: zero or missing population under a death is an error."""
    keys = [col.YEAR, col.WIMD_DECILE, col.SEX, col.AGE_BAND]
    totals = deaths.groupby(keys, as_index=False)[col.DEATHS].sum()
    joined = totals.merge(population, on=keys, how="left")
    bad = (joined[col.DEATHS] > 0) & ~(joined[col.POPULATION] > 0)
    if bad.any():
        first = joined.loc[bad].iloc[0]
        raise SourceError(
            f"{int(bad.sum())} cells have deaths but zero or no population, first: decile {first[col.WIMD_DECILE]}, "
            f"{first[col.SEX]}, age {first[col.AGE_BAND]} ({first[col.DEATHS]} deaths)",
            source_id=source_id,
            path=path,
        )
