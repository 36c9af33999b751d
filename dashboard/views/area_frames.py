"""The area profile's figures, without Dash: one local authority or health board against its peers
and Wales, its trends, its local authorities (for a board), and how its LSOAs spread across the
WIMD fifths of Wales. Every row comes through `selection.select` at each indicator's headline age
group, and each profile line is checked to hold one row per area."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import data
from dashboard.figures.profile import EDITION_LABEL, IS_AREA, ROW, SHARE
from dashboard.i18n import N_, _
from dashboard.model import columns as col
from dashboard.model import indicators
from dashboard.model.selection import one_per_area, select
from dashboard.model.sources import RECORDS_PREFIX, series_of
from dashboard.words.labels import indicator_label, period_label

LEVELS = ("country", "lhb", "la")  # Wales, then its health boards, then its local authorities
WIMD_EDITIONS = {"2019": "lsoa11", "2025": "lsoa21"}  # edition: the LSOA vintage it ranks
WALES_VALUE = "wales_value"  # table column: the Wales figure on the same line, where published
DEFAULT_AREA = "W06000015"  # Cardiff: the largest local authority
# The dashboard's subject first: avoidable deaths, then deaths before 75, then any other measure.
SUBJECT_FIRST = indicators.SUBJECT_FIRST
# Profile lines from death records are kept apart from published lines of the same period.
RECORDS_SUFFIX = {"computed": N_(" (records)"), "synthetic": N_(" (SYNTHETIC)")}


@dataclass(frozen=True)
class Profile:
    """One area's profile lines: `peers` every area of its level on each line the area has (with
    `is_area`), `own` the area's rows with peer rank and peers, `wales` the Wales figure per line."""

    code: str
    name: str
    level: str
    peers: pd.DataFrame
    own: pd.DataFrame
    wales: pd.DataFrame


def area_level(area_code: str) -> str:
    areas = data.areas()
    return str(areas.loc[areas[col.AREA_CODE] == area_code, col.GEOGRAPHY_LEVEL].iloc[0])


def area_name(area_code: str) -> str:
    areas = data.areas()
    return str(areas.loc[areas[col.AREA_CODE] == area_code, col.AREA_NAME].iloc[0])


def headline_rows(level: str | None = None) -> pd.DataFrame:
    """Persons rates at each indicator's headline age group, no WIMD breakdown, with a profile
    line label (`row`): indicator, period and, for figures from records, where they come from."""
    frame = select(data.indicators(), age_group="headline", breakdown="none", sex="Persons", level=level)
    frame = frame[frame[col.VALUE].notna()]
    from_records = frame[col.SOURCE_ID].str.startswith(RECORDS_PREFIX)
    suffixes = {origin: _(words) for origin, words in RECORDS_SUFFIX.items()}
    suffix = frame[col.ORIGIN].map(suffixes).where(from_records, "").fillna("")
    label = frame[col.INDICATOR].map(indicator_label) + ", " + frame[col.PERIOD].map(period_label) + suffix
    return frame.assign(**{ROW: label}).reset_index(drop=True)


def with_ranks(peers: pd.DataFrame) -> pd.DataFrame:
    """Each row's rank among its profile line's areas (1 = highest rate) and the line's size."""
    ranks = peers.groupby(ROW)[col.VALUE].rank(ascending=False, method="min")
    counts = peers.groupby(ROW)[col.VALUE].transform("size")
    return peers.assign(**{col.PEER_RANK: ranks, col.PEERS: counts})


def profile(area_code: str) -> Profile:
    """Every headline rate held for the area, against its level's other areas and Wales."""
    level = area_level(area_code)
    frame = headline_rows()
    peers = frame[frame[col.GEOGRAPHY_LEVEL] == level]
    held = peers.loc[peers[col.AREA_CODE] == area_code, ROW].unique()
    peers = subject_first(peers[peers[ROW].isin(held)])
    peers = one_per_area(with_ranks(peers).assign(**{IS_AREA: peers[col.AREA_CODE] == area_code}), ROW)
    wales = one_per_area(frame[(frame[col.GEOGRAPHY_LEVEL] == "country") & frame[ROW].isin(held)], ROW)
    if level == "country":
        wales = wales.iloc[0:0]  # the area is Wales: no second marker for it
    return Profile(
        code=area_code, name=area_name(area_code), level=level, peers=peers.reset_index(drop=True),
        own=peers[peers[IS_AREA]].reset_index(drop=True), wales=wales.reset_index(drop=True),
    )  # fmt: skip


def board_local_authorities(board_code: str) -> Profile:
    """A board's local authorities on every local-authority line: the board's own rate is never
    made up from theirs (the published extracts give no board figure to check it against)."""
    frame = headline_rows("la")
    members = set(data.areas("la").loc[lambda areas: areas[col.LHB_CODE] == board_code, col.AREA_CODE])
    peers = subject_first(frame)
    peers = one_per_area(with_ranks(peers).assign(**{IS_AREA: peers[col.AREA_CODE].isin(members)}), ROW)
    everything = headline_rows()
    wales = everything[(everything[col.GEOGRAPHY_LEVEL] == "country") & everything[ROW].isin(peers[ROW])]
    return Profile(
        code=board_code, name=area_name(board_code), level="la", peers=peers.reset_index(drop=True),
        own=peers[peers[IS_AREA]].reset_index(drop=True), wales=one_per_area(wales, ROW).reset_index(drop=True),
    )  # fmt: skip


def board_members(board_code: str) -> pd.DataFrame:
    """The board's local authorities (code, name), by name."""
    las = data.areas("la")
    return las.loc[las[col.LHB_CODE] == board_code, [col.AREA_CODE, col.AREA_NAME]].sort_values(col.AREA_NAME)


def subject_first(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows ordered with the dashboard's subject first, then the newest period."""
    priority = rows[col.INDICATOR].map(SUBJECT_FIRST).fillna(len(SUBJECT_FIRST))
    return (
        rows.assign(_priority=priority)
        .sort_values(["_priority", col.PERIOD], ascending=[True, False])
        .drop(columns="_priority")
    )


def trend_series(own: pd.DataFrame) -> list[pd.DataFrame]:
    """The area's rows split into series that may be drawn as a trend: one indicator from one
    source or one list of comparable sources (`sources.COMPARABLE_SERIES`), with two or more
    periods. Figures from records and published rates, or two editions that are not like for
    like, are never joined into one line. Periods sort as written ("2014" < "2023", "2019 edition" < "2020-2022")."""
    series = []
    own = own.assign(_series=own[col.SOURCE_ID].map(series_of))
    for _key, rows in subject_first(own).groupby([col.INDICATOR, "_series"], sort=False):
        if rows[col.PERIOD].nunique() >= 2:
            series.append(rows.drop(columns="_series").sort_values(col.PERIOD).reset_index(drop=True))
    return series


def _in_area(lsoas: pd.DataFrame, area_code: str, level: str) -> pd.DataFrame:
    """The LSOA rows (of a frame with la_code and lhb_code) inside an area: all of them for Wales."""
    if level == "country":
        return lsoas
    return lsoas[lsoas[col.LA_CODE if level == "la" else col.LHB_CODE] == area_code]


def spread(area_code: str, level: str) -> pd.DataFrame:
    """Count and share (%) of the area's LSOAs in each national WIMD fifth, for each edition."""
    mine = _in_area(data.wimd(), area_code, level)
    counts = mine.groupby([col.WIMD_EDITION, col.WIMD_QUINTILE]).size().rename("count").reset_index()
    counts[SHARE] = 100 * counts["count"] / counts.groupby(col.WIMD_EDITION)["count"].transform("sum")
    counts[EDITION_LABEL] = "WIMD " + counts[col.WIMD_EDITION].astype(str)  # the abbreviation in both languages
    return counts


def area_lsoas(area_code: str, level: str, edition: str) -> pd.DataFrame:
    """The area's LSOAs with their names, WIMD rank of all Wales (1 = most deprived) and fifth."""
    mine = _in_area(data.wimd(int(edition)), area_code, level)
    frame = pd.DataFrame(
        {col.AREA_CODE: mine[col.LSOA_CODE], col.WIMD_RANK: mine[col.WIMD_RANK],
         col.VALUE: mine[col.WIMD_QUINTILE].astype("float64")}
    )  # fmt: skip
    lsoa_names = data.areas(WIMD_EDITIONS[edition]).set_index(col.AREA_CODE)[col.AREA_NAME]  # type: ignore[arg-type]
    frame[col.AREA_NAME] = frame[col.AREA_CODE].map(lsoa_names).fillna(frame[col.AREA_CODE])
    return one_per_area(frame.sort_values(col.WIMD_RANK).reset_index(drop=True))
