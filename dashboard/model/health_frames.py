"""The two sources beyond deaths as the views draw them: healthy life expectancy by area, sex
and period with England's and the UK's names in the current language, the share of each local
authority's LSOAs in the most deprived fifth of Wales, and GP supply beside avoidable mortality."""

from __future__ import annotations

import pandas as pd

from dashboard import data
from dashboard.i18n import N_, _
from dashboard.model import columns as col
from dashboard.model.health import ENGLAND_CODE, UK_CODE
from dashboard.model.selection import select

COMPARATOR_NAMES = {ENGLAND_CODE: N_("England"), UK_CODE: N_("United Kingdom")}
DEPRIVED_SHARE = "deprived_share"  # column: % of an area's LSOAs in the most deprived WIMD fifth of Wales
LSOAS = "lsoas"  # column: the area's LSOA count in that WIMD edition
AVOIDABLE = "avoidable_rate"  # column: avoidable deaths under 75 per 100,000 (ONS, published)
NEED_PERIOD = "2020-2022"  # ONS's avoidable mortality by local authority nearest GP supply's 2024
NEED_EDITION = 2025  # WIMD 2025: the edition nearest the GP figures, ranking 2021 LSOAs
HLE_LEVELS = ("la", "country", "comparator")


@data.per_build
def hle_periods() -> list[str]:
    """The periods ONS publishes healthy life expectancy for, newest first."""
    return sorted(data.healthy_life_expectancy()[col.PERIOD].unique().tolist(), reverse=True)


def hle(sex: str | None = None, period: str | None = None, levels: tuple[str, ...] = HLE_LEVELS) -> pd.DataFrame:
    """HLE rows of the levels asked for (a sex and a period, or all), oldest period first."""
    rows = data.healthy_life_expectancy()
    rows = rows[rows[col.GEOGRAPHY_LEVEL].isin(levels)]
    if sex is not None:
        rows = rows[rows[col.SEX] == sex]
    if period is not None:
        rows = rows[rows[col.PERIOD] == period]
    names = rows[col.AREA_CODE].map({code: _(name) for code, name in COMPARATOR_NAMES.items()})
    rows = rows.assign(**{col.AREA_NAME: names.fillna(rows[col.AREA_NAME])})
    return rows.sort_values([col.GEOGRAPHY_LEVEL, col.AREA_NAME, col.SEX, col.PERIOD]).reset_index(drop=True)


def hle_wales(sex: str, period: str) -> pd.Series | None:
    """The Wales row for a sex and period, or None where ONS gives none."""
    wales = hle(sex, period, ("country",))
    return None if wales.empty else wales.iloc[0]


@data.per_build
def deprived_share(edition: int = NEED_EDITION) -> pd.DataFrame:
    """Each local authority's LSOA count and the % of them in the most deprived fifth of Wales."""
    wimd = data.wimd(edition)
    grouped = wimd.groupby(col.LA_CODE)[col.WIMD_QUINTILE]
    frame = pd.DataFrame({LSOAS: grouped.size(), DEPRIVED_SHARE: 100 * grouped.apply(lambda q: (q == 1).mean())})
    return frame.rename_axis(col.AREA_CODE).reset_index()


@data.per_build
def avoidable_by_la(period: str = NEED_PERIOD) -> pd.DataFrame:
    """ONS's published avoidable mortality under 75 for each local authority, persons."""
    rows = select(data.indicators(), age_group="headline", breakdown="none", indicator="avoidable_mortality",
                  sex="Persons")  # fmt: skip
    rows = rows[(rows[col.PERIOD] == period) & (rows[col.GEOGRAPHY_LEVEL] == "la") & (rows[col.ORIGIN] == "published")]
    return rows[[col.AREA_CODE, col.VALUE, col.SOURCE_ID]].rename(columns={col.VALUE: AVOIDABLE})


@data.per_build
def hle_against_deprivation(sex: str, period: str) -> pd.DataFrame:
    """Each local authority's HLE (with its CI) beside its share of LSOAs in the most deprived fifth."""
    rows = hle(sex, period, ("la",))
    return rows.merge(deprived_share(), on=col.AREA_CODE, how="left", validate="one_to_one")


@data.per_build
def supply_against_need() -> pd.DataFrame:
    """Each local authority's patients per GP beside its avoidable mortality and deprived share."""
    supply = data.gp_supply()
    need = avoidable_by_la().drop(columns=col.SOURCE_ID)
    frame = supply.merge(need, on=col.AREA_CODE, how="left", validate="one_to_one")
    return frame.merge(deprived_share(), on=col.AREA_CODE, how="left", validate="one_to_one")
