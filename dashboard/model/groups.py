"""Rows of the indicator frame broken down by WIMD group (its grouping columns: edition, scheme,
kind and group number, 1 = most deprived), and the choices views make from them (newest period
and edition first)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import data
from dashboard.model import columns as col
from dashboard.model.selection import select
from dashboard.stats.inequality import Comparison, absolute_gap, rate_ratio

GROUP = col.GROUP_NUMBER
EDITION = col.GROUP_EDITION
SCHEME = col.GROUP_SCHEME
KIND = col.GROUP_KIND


@data.per_build
def group_rows() -> pd.DataFrame:
    """Every WIMD-group row (at any geography level, at each indicator's headline age group)."""
    rows = select(data.indicators(), age_group="headline", breakdown="wimd")
    return rows[rows[KIND].notna()].astype({GROUP: "int64"}).reset_index(drop=True)


def selection(
    rows: pd.DataFrame,
    indicator: str,
    sex: str = "Persons",
    kind: str = "quintile",
    scheme: str = "national",
    area_code: str = col.WALES_CODE,
) -> pd.DataFrame:
    """One row per group for this choice, from the newest period and WIMD edition held, from one
    source (real figures before synthetic ones where both are held for the same period). A group
    whose rate is withheld (too few deaths) stays in, with its reason: summaries that need every
    group refuse, rather than quietly calling the next group "least deprived"."""
    chosen = rows[
        (rows[col.INDICATOR] == indicator)
        & (rows[col.SEX] == sex)
        & (rows[KIND] == kind)
        & (rows[SCHEME] == scheme)
        & (rows[col.AREA_CODE] == area_code)
    ]
    with_rates = chosen[chosen[col.VALUE].notna()]  # a selection whose groups all lack a rate is no choice
    if with_rates.empty:
        return chosen.iloc[0:0]
    real_first = with_rates.assign(_real=with_rates[col.ORIGIN] != "synthetic")
    latest = real_first.sort_values([col.PERIOD, EDITION, "_real", col.SOURCE_ID]).iloc[-1]
    chosen = chosen[
        (chosen[col.PERIOD] == latest[col.PERIOD])
        & (chosen[EDITION] == latest[EDITION])
        & (chosen[col.SOURCE_ID] == latest[col.SOURCE_ID])  # one source: never two sets of groups mixed
    ]
    return chosen.sort_values(GROUP).reset_index(drop=True)


@data.per_build
def chosen(
    indicator: str,
    sex: str = "Persons",
    kind: str = "quintile",
    scheme: str = "national",
    area_code: str = col.WALES_CODE,
) -> pd.DataFrame:
    """`selection` from all group rows, memoised per build (callbacks ask for the same few views)."""
    return selection(group_rows(), indicator, sex, kind, scheme, area_code)


def withheld(rows: pd.DataFrame) -> pd.DataFrame:
    """The groups of a selection that have no rate (with their suppressed reason)."""
    return rows[rows[col.VALUE].isna()]


def complete(rows: pd.DataFrame) -> bool:
    """Every group of the selection has a rate: only then may a gap, ratio, SII, RII or excess
    deaths be computed from it."""
    return not rows.empty and bool(rows[col.VALUE].notna().all())


def extremes(rows: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The most and the least deprived group's rows of a selection."""
    ordered = rows.sort_values(GROUP)
    return ordered.iloc[0], ordered.iloc[-1]


def wales_row(indicator: str, period: str, sex: str = "Persons") -> pd.Series | None:
    """The all-Wales figure for an indicator and period, if held."""
    found = select(data.indicators(), age_group="headline", breakdown="none", indicator=indicator, level="country",
                   period=period, sex=sex)  # fmt: skip
    return None if found.empty else found.iloc[0]


@dataclass(frozen=True)
class GapFigures:
    """The most against the least deprived group of a selection."""

    most: pd.Series
    least: pd.Series
    gap: Comparison
    ratio: Comparison


def gap_figures(rows: pd.DataFrame) -> GapFigures:
    """Gap (most minus least deprived) and ratio with their CIs, of a complete selection."""
    most, least = extremes(rows)
    args = (most[col.VALUE], most[col.LOWER], most[col.UPPER], least[col.VALUE], least[col.LOWER], least[col.UPPER])
    return GapFigures(most, least, absolute_gap(*args), rate_ratio(*args))
