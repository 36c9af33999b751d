"""What every build step shares: its result type, the area lookups, the checks that every code
read is a known area, and the shape of the indicator frame."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

import pandas as pd

from dashboard.etl.errors import SourceError
from dashboard.etl.inputs import Inputs
from dashboard.etl.plan import (
    LOOKUPS,
)
from dashboard.etl.readers.common import label_key
from dashboard.model import columns as col

Output: TypeAlias = pd.DataFrame | bytes  # a GeoDataFrame is a DataFrame


@dataclass
class StepResult:
    outputs: dict[str, Output]
    notes: list[str] = field(default_factory=list)


# Names ONS used before the current ones; keys and values compared by label_key.
LA_NAME_ALIASES = {"rhonddacynontaff": "rhonddacynontaf"}


def read_lookups(inputs: Inputs) -> pd.DataFrame:
    return pd.concat([inputs.read(source_id) for source_id in LOOKUPS], ignore_index=True)


def area_codes(inputs: Inputs, level: str) -> set[str]:
    lookups = read_lookups(inputs)
    if level in ("lsoa11", "lsoa21"):
        vintage = 2000 + int(level[-2:])
        return set(lookups.loc[lookups[col.LSOA_VINTAGE] == vintage, col.LSOA_CODE])
    return set(lookups[{"la": col.LA_CODE, "lhb": col.LHB_CODE}[level]])


def require_known(codes: pd.Series, known: set[str], *, what: str, source_id: str, complete: bool = True) -> None:
    """Codes must be known areas (and, when complete, cover every known area)."""
    unknown = sorted(set(codes) - known)
    if unknown:
        raise SourceError(f"{len(unknown)} unknown {what} codes, first {unknown[0]}", source_id=source_id)
    missing = sorted(known - set(codes))
    if complete and missing:
        raise SourceError(f"{len(missing)} {what} areas are missing, first {missing[0]}", source_id=source_id)


def match_la_names(names: pd.Series, inputs: Inputs) -> pd.Series:
    """Welsh LA names (as ONS printed them) to codes; anything else maps to missing."""
    lookups = read_lookups(inputs)
    by_key = {label_key(name): code for name, code in zip(lookups[col.LA_NAME], lookups[col.LA_CODE], strict=True)}
    by_key["wales"] = col.WALES_CODE
    return names.map(lambda name: by_key.get(LA_NAME_ALIASES.get(label_key(name), label_key(name))))


def indicator_rows(frame: pd.DataFrame, constants: dict[str, str]) -> pd.DataFrame:
    """Shape rows into the indicator frame: constants filled in, absent columns left missing."""
    rows = frame.copy()
    for name, value in constants.items():
        rows[name] = value
    for name in col.INDICATOR_COLUMNS:
        if name not in rows:
            rows[name] = None
    rows = rows[list(col.INDICATOR_COLUMNS)]
    return rows.astype(
        {
            col.DEATHS: "float64",
            col.POPULATION: "float64",
            col.VALUE: "float64",
            col.LOWER: "float64",
            col.UPPER: "float64",
            col.GROUP_NUMBER: "float64",
        }
    )


def official_names(inputs: Inputs) -> dict[str, str]:
    lookups = read_lookups(inputs)
    names = dict(zip(lookups[col.LA_CODE], lookups[col.LA_NAME], strict=True))
    names |= dict(zip(lookups[col.LHB_CODE], lookups[col.LHB_NAME], strict=True))
    names[col.WALES_CODE] = col.WALES_NAME
    return names
