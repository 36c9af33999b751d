"""The numbers behind a chart, one line each, for a slide's speaker notes: each chart's registry
entry names which of these reads its table, so no reader guesses a table's shape from its
columns (a slope of two editions is not a slope of two deprivation groups)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from dashboard.figures.profile import ROW, SHARE
from dashboard.figures.slope import END, END_LOWER, END_UPPER, LABEL, START, START_LOWER, START_UPPER
from dashboard.i18n import _, decimal
from dashboard.model import columns as col
from dashboard.model.health_frames import AVOIDABLE, DEPRIVED_SHARE
from dashboard.views.gaps import PERIOD_SLOPE
from dashboard.words.labels import ci_words, kind_word, period_label, reason_words, sex_word

NoteLines = Callable[[pd.DataFrame], list[str]]

# The columns each reader needs: a chart's registry entry names them as its table's contract.
RATE_COLUMNS = (col.AREA_CODE, col.VALUE, col.LOWER, col.UPPER, col.SUPPRESSED_REASON)
GROUP_RATE_COLUMNS = (*RATE_COLUMNS, col.PERIOD, col.GROUP_KIND, col.GROUP_NUMBER)
SLOPE_TABLE_COLUMNS = (LABEL, START, START_LOWER, START_UPPER, END, END_LOWER, END_UPPER)
SHARE_COLUMNS = (col.WIMD_EDITION, col.WIMD_QUINTILE, "count", SHARE)
AREA_COLUMNS = (col.AREA_CODE, col.AREA_NAME)
HLE_COLUMNS = (col.AREA_CODE, col.AREA_NAME, col.SEX, col.PERIOD, col.VALUE, col.LOWER, col.UPPER, col.METHOD)
HLE_DEPRIVATION_COLUMNS = (*HLE_COLUMNS, DEPRIVED_SHARE)
SUPPLY_COLUMNS = (col.AREA_CODE, col.AREA_NAME, col.PATIENTS, col.GPS, col.PATIENTS_PER_GP, AVOIDABLE, DEPRIVED_SHARE)


def _row_label(row: pd.Series) -> str:
    if col.GROUP_NUMBER in row and pd.notna(row[col.GROUP_NUMBER]):
        return _("WIMD {kind} {group} (1 = most deprived)").format(kind=kind_word(str(row[col.GROUP_KIND])),
                                                                  group=int(row[col.GROUP_NUMBER]))  # fmt: skip
    parts = [str(row[name]) for name in (col.AREA_NAME, ROW) if name in row and pd.notna(row[name])]
    return ", ".join(dict.fromkeys(parts)) or str(row.get(col.AREA_CODE, ""))


def _rate_line(label: str, row: pd.Series) -> str:
    if pd.isna(row[col.VALUE]):
        return _("{label}: no rate ({reason})").format(label=label, reason=reason_words(row.get(col.SUPPRESSED_REASON)))
    fields = {"label": label, "value": decimal(row[col.VALUE]), "ci": ci_words(row[col.LOWER], row[col.UPPER])}
    if pd.notna(row.get(col.UNIT)):  # a map of a measure that is not a death rate names its unit
        return _("{label}: {value} ({unit}; {ci})").format(**fields, unit=row[col.UNIT])
    if pd.notna(row.get(col.DEATHS)):
        return _("{label}: {value} per 100,000 ({ci}, {deaths} deaths)").format(
            **fields, deaths=decimal(row[col.DEATHS], 0)
        )
    return _("{label}: {value} per 100,000 ({ci})").format(**fields)


def rates(table: pd.DataFrame) -> list[str]:
    """A rate per row (an area, a group or a profile's row) with its CI and deaths, or why none."""
    return [_rate_line(_row_label(row), row) for _index, row in table.iterrows()]


def rates_by_period(table: pd.DataFrame) -> list[str]:
    """A deprivation group's rate in each period, the period first (a trend holds a group many times)."""
    ordered = table.sort_values([col.PERIOD, col.GROUP_NUMBER], ascending=[False, True])
    return [
        _rate_line(f"{period_label(str(row[col.PERIOD]))}, {_row_label(row)}", row)
        for _index, row in ordered.iterrows()
    ]


def deprivation_ends(table: pd.DataFrame) -> list[str]:
    """Each line's least and most deprived group, with their CIs."""
    return [
        _("{label}: least deprived {least} ({least_ci}), most deprived {most} ({most_ci})").format(
            label=row[LABEL], least=decimal(row[START]), least_ci=ci_words(row[START_LOWER], row[START_UPPER]),
            most=decimal(row[END]), most_ci=ci_words(row[END_LOWER], row[END_UPPER]))
        if pd.notna(row[START]) and pd.notna(row[END])
        else _("{label}: no rate at one end (fewer than 10 deaths)").format(label=row[LABEL])
        for _index, row in table.iterrows()
    ]  # fmt: skip


def edition_ends(table: pd.DataFrame) -> list[str]:
    """Each area's rate in the two ONS editions side by side (no CIs are published)."""
    _indicator, _level, start, end = PERIOD_SLOPE
    return [
        _("{label}: {start} {start_value}, {end} {end_value} ({ci})").format(
            label=row[LABEL], start=period_label(start), start_value=decimal(row[START]),
            end=_("{year} edition").format(year=end), end_value=decimal(row[END]),
            ci=ci_words(row[END_LOWER], row[END_UPPER]))
        for _index, row in table.iterrows()
    ]  # fmt: skip


def shares(table: pd.DataFrame) -> list[str]:
    """How many of an area's LSOAs sit in each WIMD fifth of Wales."""
    return [
        _("WIMD {edition} fifth {group}: {count} LSOAs ({share}%)").format(
            edition=row[col.WIMD_EDITION], group=row[col.WIMD_QUINTILE], count=row["count"],
            share=decimal(row[SHARE], 0))
        for _index, row in table.iterrows()
    ]  # fmt: skip


def area_count(table: pd.DataFrame) -> list[str]:
    """Too many small areas to read out: how many, and where the figures are."""
    return [_("{count} areas: every figure is in the chart's CSV.").format(count=decimal(len(table), 0))]


def _estimate_label(row: pd.Series) -> str:
    return f"{row[col.AREA_NAME]}, {sex_word(str(row[col.SEX]))}, {period_label(str(row[col.PERIOD]))}"


def healthy_years(table: pd.DataFrame) -> list[str]:
    """Each healthy life expectancy with its CI and method, the newest period first."""
    ordered = table.sort_values([col.PERIOD, col.SEX], ascending=[False, True], kind="stable")
    return [
        _("{label}: {value} years in good health ({ci}; {method} method)").format(
            label=_estimate_label(row), value=decimal(row[col.VALUE]), ci=ci_words(row[col.LOWER], row[col.UPPER]),
            method=_("interim") if row[col.METHOD] == "interim" else _("standard"))
        for _index, row in ordered.iterrows()
    ]  # fmt: skip


def healthy_years_and_deprivation(table: pd.DataFrame) -> list[str]:
    """Each authority's healthy life expectancy beside its share of LSOAs in the most deprived fifth."""
    return [
        _("{label}: {value} years in good health ({ci}); {share}% of its LSOAs in the most deprived fifth").format(
            label=_estimate_label(row), value=decimal(row[col.VALUE]), ci=ci_words(row[col.LOWER], row[col.UPPER]),
            share=decimal(row[DEPRIVED_SHARE], 0))
        for _index, row in table.iterrows()
    ]  # fmt: skip


def supply_and_need(table: pd.DataFrame) -> list[str]:
    """Each authority's patients per GP beside its avoidable mortality and deprived share."""
    return [
        _("{area}: {per_gp} patients per GP ({gps} GPs); avoidable mortality {rate} per 100,000; {share}% of its "
          "LSOAs in the most deprived fifth").format(
            area=row[col.AREA_NAME], per_gp=decimal(row[col.PATIENTS_PER_GP], 0), gps=decimal(row[col.GPS], 0),
            rate="—" if pd.isna(row[AVOIDABLE]) else decimal(row[AVOIDABLE]), share=decimal(row[DEPRIVED_SHARE], 0))
        for _index, row in table.iterrows()
    ]  # fmt: skip
