"""WIMD groupings of the indicator frame, written in one place: the build's rows from the ONS
counts and the records pipeline's rows both carry a grouping as columns (edition, scheme, kind,
group number) and, from the same values, the `breakdown` label people read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import pandas as pd

from dashboard.model import columns as col

SCHEMES: Final = ("national", "within-health-board")
KINDS: Final = ("quintile", "decile")


@dataclass(frozen=True)
class Grouping:
    """A way of cutting LSOAs into WIMD groups, and the area level whose rows it breaks down."""

    edition: int
    scheme: str
    kind: str
    level: str


def with_groups(frame: pd.DataFrame, edition: object, scheme: str, kind: str, number: pd.Series) -> pd.DataFrame:
    """`frame` with its grouping columns and label; `edition` a value or a column of values."""
    editions = (edition if isinstance(edition, pd.Series) else pd.Series(edition, index=frame.index)).astype(str)
    numbers = number.astype(int)
    result = frame.copy()
    result[col.GROUP_EDITION] = editions
    result[col.GROUP_SCHEME] = scheme
    result[col.GROUP_KIND] = kind
    result[col.GROUP_NUMBER] = numbers.astype("float64")
    result[col.BREAKDOWN] = "WIMD " + editions + f" {scheme} {kind} " + numbers.astype(str)
    return result


def without_groups(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` as area rows: no grouping, no label."""
    result = frame.copy()
    for name in (col.BREAKDOWN, col.GROUP_EDITION, col.GROUP_SCHEME, col.GROUP_KIND):
        result[name] = None
    result[col.GROUP_NUMBER] = float("nan")
    return result
