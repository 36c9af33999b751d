"""Readers for two sources beyond deaths: ONS healthy life expectancy by local authority (the tidy
layout of ONS's Explore Local Statistics service, and its JSON metadata) and GP supply by local
authority (NWSSP's GP Practice Analysis summed by authority).

Both keep Wales and its 22 local authorities; the HLE reader also keeps England and the UK, so
Wales can be set against them. Columns are found by name; a wrong layout names the file, the row
and the column.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.etl.errors import SourceError
from dashboard.etl.readers.common import (
    check_codes,
    clean_label,
    frame_below_header,
    person_row,
    read_grid,
    require_complete_text,
    require_header_row,
    to_counts,
    to_numbers,
)
from dashboard.model import columns as col

HLE_COLUMNS = ("areacd", "areanm", "indicator", "period", "observation", "lci_95", "uci_95")
HLE_INDICATORS = {"Male healthy life expectancy": "Male", "Female healthy life expectancy": "Female"}
# Wales and what it is set against: the nations' and the UK's codes as ONS writes them.
HLE_COMPARATORS = {col.WALES_CODE: "country", "E92000001": col.COMPARATOR, "K02000001": col.COMPARATOR}
_ISO_PERIOD = re.compile(r"^(\d{4})-01-01/P(\d)Y$")
GP_COLUMNS = ("ltla24_code", "total_patients", "total_gp", "patients_per_gp")


def _body(path: Path, source_id: str, required: tuple[str, ...]) -> pd.DataFrame:
    """The rows under the header that holds every required column, columns named by their header."""
    require_complete_text(path, source_id)
    grid = read_grid(path, source_id=source_id)
    header = require_header_row(grid, required, source_id=source_id, path=path)
    body = frame_below_header(grid, header)
    body.columns = pd.Index([clean_label(cell) for cell in grid.iloc[header]])
    return body


def period_of(interval: str, *, source_id: str, path: Path, row: int) -> tuple[int, int]:
    """'2011-01-01/P3Y' (ISO 8601: a start and a duration) as its first and last calendar years."""
    match = _ISO_PERIOD.match(clean_label(interval))
    if match is None:
        raise SourceError(f"period {interval!r} is not an ISO 8601 interval of whole years like '2011-01-01/P3Y'",
                          source_id=source_id, path=path, row=row, column="period")  # fmt: skip
    start, years = int(match.group(1)), int(match.group(2))
    return start, start + years - 1


def read_healthy_life_expectancy(path: Path, source_id: str) -> pd.DataFrame:
    """One row per area, sex and period for Wales's local authorities, Wales, England and the UK:
    area_code, area_name, geography_level, sex, period ('2011-2013'), first_year, last_year,
    value, lower, upper (years)."""
    body = _body(path, source_id, HLE_COLUMNS)
    codes = body["areacd"].map(clean_label)
    kept = body[codes.str.startswith("W06") | codes.isin(list(HLE_COMPARATORS))]
    if kept.empty:
        raise SourceError("no rows for Welsh local authorities (W06) or Wales", source_id=source_id, path=path,
                          column="areacd")  # fmt: skip
    indicators = kept["indicator"].map(clean_label)
    unknown = ~indicators.isin(list(HLE_INDICATORS))
    if unknown.any():
        first = unknown[unknown].index[0]
        raise SourceError(f"indicator {kept.loc[first, 'indicator']!r} is not one of {sorted(HLE_INDICATORS)}",
                          source_id=source_id, path=path, row=int(first) + 1, column="indicator")  # fmt: skip
    years = [period_of(str(value), source_id=source_id, path=path, row=person_row(index))
             for index, value in kept["period"].items()]  # fmt: skip
    numbers = {name: to_numbers(kept[name], source_id=source_id, path=path, column=name)
               for name in ("observation", "lci_95", "uci_95")}  # fmt: skip
    area_codes = kept["areacd"].map(clean_label)
    frame = pd.DataFrame(
        {
            col.AREA_CODE: area_codes,
            col.AREA_NAME: kept["areanm"].map(clean_label),
            col.GEOGRAPHY_LEVEL: area_codes.map(lambda code: HLE_COMPARATORS.get(code, "la")),
            col.SEX: indicators.map(HLE_INDICATORS),
            col.FIRST_YEAR: [first for first, _last in years],
            col.LAST_YEAR: [last for _first, last in years],
            col.VALUE: numbers["observation"],
            col.LOWER: numbers["lci_95"],
            col.UPPER: numbers["uci_95"],
        }
    )
    frame[col.PERIOD] = frame[col.FIRST_YEAR].astype(str) + "-" + frame[col.LAST_YEAR].astype(str)
    repeated = frame.duplicated([col.AREA_CODE, col.SEX, col.PERIOD])
    if repeated.any():
        first = repeated[repeated].index[0]
        raise SourceError("an area, sex and period appears more than once", source_id=source_id, path=path,
                          row=int(first) + 1, column="period")  # fmt: skip
    return frame.reset_index(drop=True)


def read_hle_metadata(path: Path, source_id: str) -> dict[str, Any]:
    """What the dashboard shows from the indicator's metadata: publisher, release date, whether it is
    official statistics in development, and the caveats (which name the interim method)."""
    try:
        shared = json.loads(path.read_text(encoding="utf-8"))["ess-beta-metadata"]["shared"]
        released = datetime.strptime(str(shared["sourceDate"]), "%d/%m/%Y").date().isoformat()
        caveats = str(shared["caveats"])
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SourceError(f"cannot be read as JSON: {error}", source_id=source_id, path=path) from error
    except (KeyError, TypeError, ValueError) as error:
        raise SourceError(f"ess-beta-metadata.shared lacks a readable {error}: the layout differs from the tested "
                          "edition (sourceDate dd/mm/yyyy, sourceOrg, caveats)", source_id=source_id,
                          path=path) from error  # fmt: skip
    return {
        "publisher": str(shared.get("sourceOrg", "")),
        "released": released,
        "in_development": str(shared.get("experimentalStatistic", "")).upper() == "T",
        "interim_method": "interim methodological fix" in caveats,
        "caveats": caveats,
    }


def read_gp_supply(path: Path, source_id: str) -> pd.DataFrame:
    """One row per local authority: area_code, patients, gps (headcount), patients_per_gp, with the
    ratio checked against the counts it was made from."""
    body = _body(path, source_id, GP_COLUMNS)
    codes = body["ltla24_code"].map(clean_label)
    check_codes(codes, "W06", source_id=source_id, path=path, column="ltla24_code")
    patients = to_counts(body["total_patients"], source_id=source_id, path=path, column="total_patients")
    gps = to_counts(body["total_gp"], source_id=source_id, path=path, column="total_gp")
    ratio = to_numbers(body["patients_per_gp"], source_id=source_id, path=path, column="patients_per_gp")
    zero = gps == 0
    if zero.any():
        first = zero[zero].index[0]
        raise SourceError("a local authority has no GPs", source_id=source_id, path=path, row=int(first) + 1,
                          column="total_gp")  # fmt: skip
    wrong = (patients.astype("float64") / gps.astype("float64") - ratio).abs() > 0.01
    if wrong.any():
        first = wrong[wrong].index[0]
        raise SourceError(f"patients_per_gp {body.loc[first, 'patients_per_gp']!r} is not total_patients / total_gp",
                          source_id=source_id, path=path, row=int(first) + 1, column="patients_per_gp")  # fmt: skip
    return pd.DataFrame(
        {
            col.AREA_CODE: codes,
            col.PATIENTS: patients.astype("int64"),
            col.GPS: gps.astype("int64"),
            col.PATIENTS_PER_GP: patients.astype("float64") / gps.astype("float64"),
        }
    ).reset_index(drop=True)
