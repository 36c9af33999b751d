"""The figures behind the inequality charts, computed once for every page, embed and slide: the
gap and ratio of the extremes, SII and RII, slope frames (least against most deprived, by cause,
by health board and across two editions) and excess deaths. Sentences are written from these in
`messages`; nothing here writes words."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import data
from dashboard.figures.slope import END, END_LOWER, END_UPPER, LABEL, START, START_LOWER, START_UPPER
from dashboard.i18n import _
from dashboard.model import columns as col
from dashboard.model.groups import EDITION, GROUP, KIND, SCHEME, chosen, extremes, group_rows
from dashboard.model.selection import UNDER_75_ONS_BANDS, select
from dashboard.model.sources import PREMATURE_CAUSE_GROUPS
from dashboard.stats.inequality import (
    Comparison,
    SlopeIndex,
    excess_deaths,
    rate_ratio,
    slope_index,
)
from dashboard.words.labels import AVOIDABLE_PARTS, CAUSE_GROUPS, short_board_name

SUMMARY_SIMULATIONS = 20_000  # enough for CIs stable to the shown precision; fast in a callback
# Two editions of one measure set side by side: indicator, level, first and second period.
PERIOD_SLOPE = ("avoidable_mortality", "la", "2019 edition", "2020-2022")


@dataclass(frozen=True)
class Widest:
    """The slope line (a cause, a board) with the widest ratio of most to least deprived, its
    ratio with a CI, and the other lines whose ratio CIs overlap it (so it may not be widest)."""

    line: pd.Series
    ratio: Comparison
    overlapping: tuple[str, ...]


def widest_ratio(lines: pd.DataFrame) -> Widest | None:
    """The widest relative gap among slope lines with both ends and their CIs (None if none)."""
    usable = lines.dropna(subset=[START, END, START_LOWER, START_UPPER, END_LOWER, END_UPPER])
    usable = usable[(usable[START_LOWER] > 0) & (usable[END_LOWER] > 0)]
    if usable.empty:
        return None
    ratios = [rate_ratio(row[END], row[END_LOWER], row[END_UPPER], row[START], row[START_LOWER], row[START_UPPER])
              for _index, row in usable.iterrows()]  # fmt: skip
    widest = max(range(len(ratios)), key=lambda index: ratios[index].value)
    top = ratios[widest]
    overlapping = tuple(
        str(usable.iloc[index][LABEL])
        for index, ratio in enumerate(ratios)
        if index != widest and ratio.upper >= top.lower
    )
    return Widest(usable.iloc[widest], top, overlapping)


@data.per_build
def inequality_index(indicator: str, sex: str, kind: str, scheme: str, area: str) -> SlopeIndex:
    """SII and RII with simulated CIs (20,000 draws: about 60 ms, so worth keeping per build)."""
    rows = chosen(indicator, sex, kind, scheme, area)
    return slope_index(
        rows[col.VALUE], rows[col.POPULATION], rows[col.LOWER], rows[col.UPPER], simulations=SUMMARY_SIMULATIONS
    )


def _slope_line(label: str, most: pd.Series, least: pd.Series, code: str) -> dict[str, object]:
    return {
        col.AREA_CODE: code, LABEL: label,
        START: least[col.VALUE], START_LOWER: least[col.LOWER], START_UPPER: least[col.UPPER],
        END: most[col.VALUE], END_LOWER: most[col.LOWER], END_UPPER: most[col.UPPER],
        col.PERIOD: most[col.PERIOD], col.ORIGIN: most[col.ORIGIN], col.SOURCE_ID: most[col.SOURCE_ID],
        EDITION: most[EDITION], SCHEME: most[SCHEME],
    }  # fmt: skip


def cause_family(indicator: str) -> dict[str, str]:
    """The causes that make up a measure: the avoidable split for avoidable deaths, else the ONS
    broad cause groups."""
    return AVOIDABLE_PARTS if indicator in {"avoidable_mortality", *AVOIDABLE_PARTS} else CAUSE_GROUPS


@data.per_build
def cause_slope_frame(indicator: str, sex: str, kind: str, scheme: str, area: str) -> pd.DataFrame:
    """One row per cause: least deprived at the start, most at the end; every line from one
    source, period and WIMD edition, never a mixture (`indicator` column: the cause's)."""
    lines = []
    for part, name in cause_family(indicator).items():
        rows = chosen(part, sex, kind, scheme, area)
        if rows.empty:
            continue
        most, least = extremes(rows)
        lines.append({**_slope_line(_(name), most, least, area), col.INDICATOR: part})
    frame = pd.DataFrame(lines)
    if frame.empty:
        return frame
    keys = [col.SOURCE_ID, col.PERIOD, EDITION]
    first = frame.iloc[0]
    return frame[(frame[keys] == first[keys]).all(axis=1)].reset_index(drop=True)


@data.per_build
def board_slope_frame(indicator: str, sex: str, kind: str) -> pd.DataFrame:
    """One row per health board: its own least and most deprived group (within-board groups)."""
    rows = group_rows()
    boards = rows.loc[rows[SCHEME] == "within-health-board", col.AREA_CODE].unique()
    names = data.areas("lhb").set_index(col.AREA_CODE)[col.AREA_NAME]
    lines = []
    for board in sorted(boards):
        held = chosen(indicator, sex, kind, "within-health-board", board)
        if len(held) < 2:
            continue
        most, least = extremes(held)
        lines.append(_slope_line(short_board_name(str(names.get(board, board))), most, least, board))
    return pd.DataFrame(lines)


@data.per_build
def period_slope_frame() -> pd.DataFrame:
    """Each local authority's rate in the two editions of `PERIOD_SLOPE` (only areas with both)."""
    indicator, level, start, end = PERIOD_SLOPE
    rows = select(data.indicators(), age_group="headline", breakdown="none", indicator=indicator, level=level)
    wide = rows.pivot_table(index=[col.AREA_CODE, col.AREA_NAME], columns=col.PERIOD,
                            values=[col.VALUE, col.LOWER, col.UPPER], aggfunc="first", dropna=False)  # fmt: skip
    if (col.VALUE, start) not in wide.columns or (col.VALUE, end) not in wide.columns:
        return pd.DataFrame()
    missing = pd.Series(float("nan"), index=wide.index)
    return pd.DataFrame(
        {col.AREA_CODE: wide.index.get_level_values(0), LABEL: wide.index.get_level_values(1),
         START: wide[(col.VALUE, start)].to_numpy(),
         START_LOWER: wide.get((col.LOWER, start), missing).to_numpy(),
         START_UPPER: wide.get((col.UPPER, start), missing).to_numpy(),
         END: wide[(col.VALUE, end)].to_numpy(),
         END_LOWER: wide.get((col.LOWER, end), missing).to_numpy(),
         END_UPPER: wide.get((col.UPPER, end), missing).to_numpy()}
    ).dropna(subset=[START, END]).reset_index(drop=True)  # fmt: skip


@data.per_build
def ons_excess_deaths(
    indicator: str = "premature_mortality", kind: str = "quintile", sex: str = "Persons"
) -> tuple[Comparison, int]:
    """Deaths under 75 a year, in the ONS counts by WIMD group, that would not have happened had
    every group the least deprived group's age-specific rates (of the same sex, for men or
    women: the ONS tables give deaths and population by sex); and the year they are from."""
    deaths, population = data.deprivation_deaths(), data.deprivation_population()
    if sex != "Persons":
        deaths, population = deaths[deaths[col.SEX] == sex], population[population[col.SEX] == sex]
    codes = PREMATURE_CAUSE_GROUPS.get(indicator)
    if codes is not None:
        deaths = deaths[deaths[col.CAUSE_CODE].isin(codes)]
    year = int(deaths[col.YEAR].max())
    keys = [col.WIMD_DECILE, col.AGE_BAND]
    cells = (
        deaths[deaths[col.YEAR] == year]
        .groupby(keys, as_index=False)[col.DEATHS]
        .sum()
        .merge(population[population[col.YEAR] == year].groupby(keys, as_index=False)[col.POPULATION].sum(), on=keys)
    )
    cells = cells[cells[col.AGE_BAND].isin(UNDER_75_ONS_BANDS)]
    cells["group"] = (cells[col.WIMD_DECILE] + 1) // 2 if kind == "quintile" else cells[col.WIMD_DECILE]
    cells = cells.groupby(["group", col.AGE_BAND], as_index=False)[[col.DEATHS, col.POPULATION]].sum()
    result = excess_deaths(cells, group="group", age_band=col.AGE_BAND, deaths=col.DEATHS, population=col.POPULATION)
    return result, year


YEAR_PERIOD = r"\d{4}"  # a single year: the trend's periods (pools overlap, so they are not a series)


@dataclass(frozen=True, eq=False)
class GroupTrend:
    """Rates by WIMD group in each single year of one series (one source, one WIMD edition), and
    the slope index of each year whose groups all have a rate (None where one is withheld)."""

    rows: pd.DataFrame
    indices: tuple[tuple[str, SlopeIndex | None], ...]

    @property
    def complete(self) -> list[tuple[str, SlopeIndex]]:
        return [(period, index) for period, index in self.indices if index is not None]


@data.per_build
def group_trend(indicator: str, sex: str, kind: str, scheme: str, area: str) -> GroupTrend:
    """Every single year held of the series the newest selection comes from (never two sources or
    two WIMD editions in one line); empty when fewer than two years are held."""
    latest = chosen(indicator, sex, kind, scheme, area)
    if latest.empty:
        return GroupTrend(latest, ())
    first = latest.iloc[0]
    rows = group_rows()
    rows = rows[(rows[col.INDICATOR] == indicator) & (rows[col.SEX] == sex) & (rows[KIND] == kind)
                & (rows[SCHEME] == scheme) & (rows[col.AREA_CODE] == area)
                & (rows[col.SOURCE_ID] == first[col.SOURCE_ID]) & (rows[EDITION] == first[EDITION])
                & rows[col.PERIOD].str.fullmatch(YEAR_PERIOD)]  # fmt: skip
    rows = rows.sort_values([col.PERIOD, GROUP]).reset_index(drop=True)
    if rows[col.PERIOD].nunique() < 2:
        return GroupTrend(rows.iloc[0:0], ())
    indices = []
    for period, held in rows.groupby(col.PERIOD, sort=True):
        whole = bool(held[col.VALUE].notna().all())
        index = slope_index(held[col.VALUE], held[col.POPULATION], held[col.LOWER], held[col.UPPER],
                            simulations=SUMMARY_SIMULATIONS) if whole else None  # fmt: skip
        indices.append((str(period), index))
    return GroupTrend(rows, tuple(indices))
