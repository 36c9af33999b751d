"""Readers for ONS boundaries (GeoJSON) and the LSOA -> LA -> LHB lookups (CSV)."""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from dashboard.etl.errors import SourceError
from dashboard.etl.readers.common import (
    check_codes,
    clean_label,
    person_row,
    read_grid,
    require_file,
    require_header_row,
)
from dashboard.model import columns as col

_CODE_COLUMN = re.compile(r"^(LSOA|LAD|LHB|UA)(\d{2})CD$", re.IGNORECASE)
_CHANGE_CODES = {"U": "unchanged", "S": "split", "M": "merged", "X": "complex"}


def read_boundaries(path: Path, source_id: str) -> gpd.GeoDataFrame:
    """Boundaries as area_code, area_name, geometry (EPSG:4326), one row per area."""
    require_file(path, source_id)
    try:
        frame = gpd.read_file(path)
    except Exception as error:  # pyogrio raises DataSourceError and friends
        raise SourceError(f"cannot be read as GeoJSON: {error}", source_id=source_id, path=path) from error
    code_columns = [name for name in frame.columns if _CODE_COLUMN.match(str(name))]
    if not code_columns:
        raise SourceError("no area code column (such as LSOA21CD or LAD24CD)", source_id=source_id, path=path)
    code_column = code_columns[0]
    name_column = code_column[:-2] + "NM"
    if name_column not in frame.columns:
        raise SourceError(f"column {name_column!r} is missing", source_id=source_id, path=path)
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        raise SourceError(f"expected EPSG:4326 coordinates, found {frame.crs}", source_id=source_id, path=path)
    empty = frame.geometry.is_empty | frame.geometry.isna()
    if empty.any():
        first = frame.loc[empty, code_column].iloc[0]
        raise SourceError(f"{int(empty.sum())} areas have no geometry, first {first}", source_id=source_id, path=path)
    geometry = frame.geometry.values
    invalid = ~shapely.is_valid(geometry)
    if invalid.any():
        geometry = shapely.make_valid(geometry)
    return gpd.GeoDataFrame(
        {
            col.AREA_CODE: frame[code_column].astype(str).str.strip(),
            col.AREA_NAME: frame[name_column].map(clean_label),
        },
        geometry=gpd.GeoSeries(geometry, crs="EPSG:4326"),
    )


def read_lsoa_lookup(path: Path, source_id: str) -> pd.DataFrame:
    """LSOA -> LA -> LHB: lsoa_vintage, lsoa_code, lsoa_name, la_code, la_name, lhb_code, lhb_name."""
    grid = read_grid(path, source_id=source_id)
    header = [clean_label(cell) for cell in grid.iloc[0]]
    lsoa_code = next((name for name in header if re.fullmatch(r"LSOA\d{2}CD", name)), None)
    la_code = next((name for name in header if re.fullmatch(r"(LAD|UA)\d{2}CD", name)), None)
    lhb_code = next((name for name in header if re.fullmatch(r"LHB\d{2}CD", name)), None)
    for found, what in ((lsoa_code, "LSOAyyCD"), (la_code, "LADyyCD"), (lhb_code, "LHByyCD")):
        if found is None:
            raise SourceError(f"no {what} column in the header", source_id=source_id, path=path, row=1)
    assert lsoa_code and la_code and lhb_code  # narrowed above, for mypy
    body = grid.iloc[1:]
    body = body.loc[body.apply(lambda row: any(clean_label(cell) for cell in row), axis=1)]
    body.columns = pd.Index(header)
    for code_name in (lsoa_code[:-2] + "NM", la_code[:-2] + "NM", lhb_code[:-2] + "NM"):
        if code_name not in body.columns:
            raise SourceError(f"column {code_name!r} is missing", source_id=source_id, path=path, row=1)
    vintage = 2000 + int(lsoa_code[4:6])
    check_codes(body[lsoa_code], "W01", source_id=source_id, path=path, column=lsoa_code)
    frame = pd.DataFrame(
        {
            col.LSOA_VINTAGE: vintage,
            col.LSOA_CODE: body[lsoa_code].map(clean_label),
            col.LSOA_NAME: body[lsoa_code[:-2] + "NM"].map(clean_label),
            col.LA_CODE: body[la_code].map(clean_label),
            col.LA_NAME: body[la_code[:-2] + "NM"].map(clean_label),
            col.LHB_CODE: body[lhb_code].map(clean_label),
            col.LHB_NAME: body[lhb_code[:-2] + "NM"].map(clean_label),
        }
    )
    return frame.reset_index(drop=True)


def read_lsoa_change(path: Path, source_id: str) -> pd.DataFrame:
    """The exact LSOA 2011 -> 2021 lookup: lsoa11_code, lsoa21_code, change (unchanged/split/merged)."""
    grid = read_grid(path, source_id=source_id)
    row = require_header_row(grid, ["LSOA11CD", "LSOA21CD", "CHGIND"], source_id=source_id, path=path)
    header = [clean_label(cell) for cell in grid.iloc[row]]
    body = grid.iloc[row + 1 :]
    body = body.loc[body.apply(lambda cells: any(clean_label(cell) for cell in cells), axis=1)]
    body.columns = pd.Index(header)
    change = body["CHGIND"].map(clean_label)
    unknown = ~change.isin(list(_CHANGE_CODES))
    if unknown.any():
        first = unknown[unknown].index[0]
        raise SourceError(
            f"unknown change indicator {change[first]!r}; expected one of {sorted(_CHANGE_CODES)}",
            source_id=source_id,
            path=path,
            row=person_row(first),
            column="CHGIND",
        )
    frame = pd.DataFrame(
        {
            col.LSOA11_CODE: body["LSOA11CD"].map(clean_label),
            col.LSOA21_CODE: body["LSOA21CD"].map(clean_label),
            col.LSOA_CHANGE: change.map(_CHANGE_CODES),
        }
    )
    return frame.reset_index(drop=True)


def read_welsh_names(path: Path, source_id: str) -> pd.DataFrame:
    """The local authorities' Welsh names: la_code, la_name, la_name_cy, one row per authority
    (the ONS lookup repeats them on each of its LSOA rows; they must agree)."""
    grid = read_grid(path, source_id=source_id)
    row = require_header_row(grid, ["ladcd", "ladnm", "ladnmw"], source_id=source_id, path=path)
    body = grid.iloc[row + 1 :]
    body.columns = pd.Index([clean_label(cell) for cell in grid.iloc[row]])
    frame = pd.DataFrame(
        {
            col.LA_CODE: body["ladcd"].map(clean_label),
            col.LA_NAME: body["ladnm"].map(clean_label),
            col.LA_NAME_CY: body["ladnmw"].map(clean_label),
        }
    )
    frame = frame[frame[col.LA_CODE] != ""].drop_duplicates()
    repeated = frame[col.LA_CODE].duplicated(keep=False)
    if repeated.any():
        first = frame.loc[repeated, col.LA_CODE].iloc[0]
        raise SourceError(f"local authority {first} has more than one Welsh name", source_id=source_id, path=path,
                          column="ladnmw")  # fmt: skip
    empty = frame[col.LA_NAME_CY] == ""
    if empty.any():
        first = frame.loc[empty, col.LA_CODE].iloc[0]
        raise SourceError(f"local authority {first} has no Welsh name", source_id=source_id, path=path, column="ladnmw")
    check_codes(frame[col.LA_CODE], "W06", source_id=source_id, path=path, column="ladcd")
    return frame.reset_index(drop=True)
