"""Which rows of the indicator frame a view may show, decided in one place.

The indicator frame holds more than one age group per indicator: the records pipeline writes the
under-75 standardised rate ("0-74") and, beside it, crude rates in each five-year band ("20-24",
"70-74" ...). A map, a rank or a trend that forgot the age group would mix a 70-74 band rate with
under-75 rates. So every selection here names its age group and whether it wants WIMD-group rows
(a breakdown) or area rows, and nothing else in the web code filters the frame by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, Literal

import pandas as pd

from dashboard.model import columns as col
from dashboard.model import indicators
from dashboard.model.indicators import UNDER_75

# The age group each indicator is summarised by (its rate on maps, in ranks, profiles and trends):
# under 75 unless the catalogue says otherwise.
HEADLINE_AGE_GROUP: Final[dict[str, str]] = indicators.HEADLINE_AGE_GROUP
# "Under 75", defined here once: the first age not counted, the single years counted, and the
# ONS and ESP2013 bands that make it up (the build, the records pipeline and the views use these).
PREMATURE_AGE: Final = 75
UNDER_75_AGES: Final = range(0, PREMATURE_AGE)
UNDER_75_ONS_BANDS: Final = col.AGE_BANDS[: col.AGE_BANDS.index(f"{PREMATURE_AGE - 5}-{PREMATURE_AGE - 1}") + 1]
UNDER_75_ESP_BANDS: Final = col.ESP_AGE_BANDS[: col.ESP_AGE_BANDS.index(f"{PREMATURE_AGE - 5}-{PREMATURE_AGE - 1}") + 1]

UNDER_75_UNIT: Final = f"per 100,000, age-standardised (ESP2013), ages 0-{PREMATURE_AGE - 1}"

Breakdown = Literal["none", "wimd"]


def headline_age_group(indicator: str) -> str:
    """The age group an indicator is summarised by: under 75 unless it is an all-ages measure."""
    return HEADLINE_AGE_GROUP.get(indicator, UNDER_75)


def select(
    frame: pd.DataFrame,
    *,
    age_group: str | Literal["headline"],
    breakdown: Breakdown,
    indicator: str | Iterable[str] | None = None,
    level: str | None = None,
    sex: str | None = None,
    period: str | None = None,
    area_code: str | None = None,
) -> pd.DataFrame:
    """Rows of `frame` for one choice. `age_group` is required: a band such as "70-74", or
    "headline" for each indicator's own summary age group. `breakdown` "none" keeps area rows,
    "wimd" keeps rows by WIMD group. Other arguments left as None do not filter."""
    if age_group == "headline":  # a source that records no age group gives one figure: its headline
        wanted_age = frame[col.INDICATOR].map(headline_age_group)
        keep = (frame[col.AGE_GROUP] == wanted_age) | (frame[col.AGE_GROUP] == col.NOT_RECORDED)
    else:
        keep = frame[col.AGE_GROUP] == age_group
    keep &= frame[col.BREAKDOWN].isna() if breakdown == "none" else frame[col.BREAKDOWN].notna()
    if indicator is not None:
        wanted = [indicator] if isinstance(indicator, str) else list(indicator)
        keep &= frame[col.INDICATOR].isin(wanted)
    for column, value in ((col.GEOGRAPHY_LEVEL, level), (col.SEX, sex), (col.PERIOD, period),
                          (col.AREA_CODE, area_code)):  # fmt: skip
        if value is not None:
            keep &= frame[column] == value
    return frame[keep].reset_index(drop=True)


class DuplicateRowsError(ValueError):
    """A selection meant to give one row per area gave more: a view would draw a mixture."""


def one_per_area(rows: pd.DataFrame, *keys: str) -> pd.DataFrame:
    """`rows` unchanged, after checking there is one per area (and per `keys`, e.g. indicator and
    period): a guard every map, rank and profile passes through."""
    duplicated = rows.duplicated([col.AREA_CODE, *keys], keep=False)
    if duplicated.any():
        shown = rows.loc[duplicated, [col.AREA_CODE, *keys, col.AGE_GROUP]].head(4).to_dict("records")
        raise DuplicateRowsError(f"{int(duplicated.sum())} rows share an area where one each was expected: {shown}")
    return rows
