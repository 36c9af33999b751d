"""What the map can show: each measure names its geography, where its values come from, and the
periods it has. Frames come back in the shape `figures.choropleth` draws."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import data
from dashboard.i18n import N_, _
from dashboard.model import columns as col
from dashboard.model.health import HLE_SOURCE, is_interim
from dashboard.model.health_frames import hle, hle_periods, hle_wales
from dashboard.model.selection import one_per_area, select


@dataclass(frozen=True)
class Measure:
    id: str
    label: str
    level: str
    colour_label: str
    wimd_edition: int | None = None
    wimd_field: str | None = None  # rank or quintile
    indicator: str | None = None
    quintiles: bool = False
    smoothed: bool = False  # smoothed LSOA figures (deaths.small_areas): coloured by exceedance band
    healthy_life: bool = False  # ONS healthy life expectancy (model.health_frames): by sex, with CIs
    higher_is_better: bool = False  # years in good health: yellow and an orange outline mean fewer

    def title(self) -> str:
        """The measure's name in the current language (`label` is the catalogue's English)."""
        return _(self.label)

    def colour_title(self) -> str:
        return _(self.colour_label)


MEASURES: tuple[Measure, ...] = (
    Measure("avoidable", N_("Avoidable mortality, under 75 (local authorities)"), "la",
            N_("Deaths per 100,000 (age-standardised)"), indicator="avoidable_mortality"),
    Measure("avoidable-lhb", N_("Avoidable mortality, under 75 (health boards; from death records)"), "lhb",
            N_("Deaths per 100,000 (age-standardised)"), indicator="avoidable_mortality"),
    Measure("avoidable-lsoa", N_("Avoidable mortality, under 75 (2011 LSOAs; from death records)"), "lsoa11",
            N_("Deaths per 100,000 (age-standardised)"), indicator="avoidable_mortality"),
    Measure("premature-lsoa", N_("Deaths before 75, all causes (2011 LSOAs; from death records)"), "lsoa11",
            N_("Deaths per 100,000 (age-standardised)"), indicator="premature_mortality"),
    Measure("avoidable-lsoa-smoothed", N_("Avoidable mortality under 75, smoothed: is the risk above Wales's? "
            "(2011 LSOAs; from death records)"), "lsoa11", N_("Probability the risk is above Wales's"),
            indicator="avoidable_mortality", smoothed=True),
    Measure("premature-lsoa-smoothed", N_("Deaths before 75, smoothed: is the risk above Wales's? "
            "(2011 LSOAs; from death records)"), "lsoa11", N_("Probability the risk is above Wales's"),
            indicator="premature_mortality", smoothed=True),
    Measure("all-cause", N_("All-cause mortality, all ages (local authorities)"), "la",
            N_("Deaths per 100,000 (age-standardised)"), indicator="all_cause_mortality"),
    Measure("all-cause-lhb", N_("All-cause mortality, all ages (health boards)"), "lhb",
            N_("Deaths per 100,000 (age-standardised)"), indicator="all_cause_mortality"),
    Measure("hle", N_("Healthy life expectancy at birth (local authorities)"), "la", N_("Years in good health"),
            healthy_life=True, higher_is_better=True),
    Measure("wimd2019-quintile", N_("WIMD 2019 quintile (2011 LSOAs)"), "lsoa11", N_("WIMD 2019 quintile"),
            wimd_edition=2019, wimd_field=col.WIMD_QUINTILE, quintiles=True),
    Measure("wimd2025-quintile", N_("WIMD 2025 quintile (2021 LSOAs)"), "lsoa21", N_("WIMD 2025 quintile"),
            wimd_edition=2025, wimd_field=col.WIMD_QUINTILE, quintiles=True),
    Measure("wimd2019-rank", N_("WIMD 2019 rank (2011 LSOAs; 1 = most deprived)"), "lsoa11", N_("WIMD 2019 rank"),
            wimd_edition=2019, wimd_field=col.WIMD_RANK),
    Measure("wimd2025-rank", N_("WIMD 2025 rank (2021 LSOAs; 1 = most deprived)"), "lsoa21", N_("WIMD 2025 rank"),
            wimd_edition=2025, wimd_field=col.WIMD_RANK),
)  # fmt: skip
BY_ID = {measure.id: measure for measure in MEASURES}
DEFAULT_MEASURE = "avoidable"
WIMD_SOURCES = {2019: "wimd2019_ranks", 2025: "wimd2025_ranks"}


def _indicator_rows(measure: Measure, sex: str | None = "Persons") -> pd.DataFrame:
    """The measure's area rows at its headline age group (never an age band), of one sex unless None."""
    return select(data.indicators(), age_group="headline", breakdown="none", indicator=measure.indicator, sex=sex)


@data.per_build
def periods(measure: Measure) -> list[str]:
    """Periods with figures for this measure, newest first (WIMD measures have one)."""
    if measure.healthy_life:
        return hle_periods()
    if measure.indicator is None:
        return [str(measure.wimd_edition)]
    if measure.smoothed:
        rows = data.smoothed()
        return sorted(rows.loc[rows[col.INDICATOR] == measure.indicator, col.PERIOD].unique().tolist(), reverse=True)
    rows = _indicator_rows(measure, sex=None)
    found = rows.loc[rows[col.GEOGRAPHY_LEVEL] == measure.level, col.PERIOD].unique().tolist()
    return sorted(found, reverse=True)


@data.per_build
def sexes(measure: Measure, period: str) -> list[str]:
    """The sexes with rates for this measure and period at its level (Persons first; ONS gives
    healthy life expectancy for females and males only)."""
    if measure.healthy_life:
        return [sex for sex in ("Female", "Male") if not hle(sex, period, ("la",)).empty]
    if measure.indicator is None or measure.smoothed:
        return ["Persons"]
    rows = _indicator_rows(measure, sex=None)
    rows = rows[(rows[col.PERIOD] == period) & (rows[col.GEOGRAPHY_LEVEL] == measure.level) & rows[col.VALUE].notna()]
    return [sex for sex in (*col.SEXES, col.NOT_RECORDED) if sex in set(rows[col.SEX])]


def available_measures() -> list[Measure]:
    """The measures with figures in this build: records-based ones appear once records are loaded."""
    return [measure for measure in MEASURES if periods(measure)]


@dataclass(frozen=True)
class MapFrame:
    frame: pd.DataFrame
    benchmark: float | None
    source_ids: tuple[str, ...]
    origins: tuple[str, ...] = ("published",)


@data.per_build
def map_frame(measure: Measure, period: str, sex: str = "Persons") -> MapFrame:
    """Values per area for a measure, period and sex, with the Wales figure to compare against."""
    if measure.healthy_life:
        return hle_frame(period, sex)
    if measure.indicator is None:
        wimd = data.wimd(measure.wimd_edition)
        names = data.areas(measure.level).set_index(col.AREA_CODE)[col.AREA_NAME]  # type: ignore[arg-type]
        frame = pd.DataFrame(
            {
                col.AREA_CODE: wimd[col.LSOA_CODE],
                col.AREA_NAME: wimd[col.LSOA_CODE].map(names),
                col.VALUE: wimd[measure.wimd_field].astype("float64"),
            }
        )
        return MapFrame(frame, None, (WIMD_SOURCES[int(measure.wimd_edition or 0)],))
    if measure.smoothed:
        return smoothed_frame(measure, period)
    rows = _indicator_rows(measure, sex)
    rows = rows[rows[col.PERIOD] == period]
    areas = rows[rows[col.GEOGRAPHY_LEVEL] == measure.level]
    wales = rows.loc[rows[col.GEOGRAPHY_LEVEL] == "country", col.VALUE]
    return MapFrame(
        frame=one_per_area(areas.reset_index(drop=True)),
        benchmark=float(wales.iloc[0]) if len(wales) else None,
        source_ids=tuple(sorted(areas[col.SOURCE_ID].unique())),
        origins=tuple(sorted(areas[col.ORIGIN].unique())),
    )


SMOOTHED_COLUMNS = (col.AREA_CODE, col.AREA_NAME, col.VALUE, col.DEATHS, col.EXPECTED, col.SMOOTHED_RATIO,
                    col.SMOOTHED_LOWER, col.SMOOTHED_UPPER, col.RATIO_BAND, col.EXCEEDANCE_BAND,
                    col.SUPPRESSED_REASON)  # fmt: skip


def smoothed_frame(measure: Measure, period: str) -> MapFrame:
    """Each LSOA's smoothed figures for a period; its value is its exceedance band (blank where withheld)."""
    rows = data.smoothed()
    rows = rows[(rows[col.INDICATOR] == measure.indicator) & (rows[col.PERIOD] == period)].reset_index(drop=True)
    frame = rows.assign(**{col.VALUE: rows[col.EXCEEDANCE_BAND].astype("float64")})[list(SMOOTHED_COLUMNS)]
    return MapFrame(frame, None, tuple(sorted(rows[col.SOURCE_ID].unique())), tuple(sorted(rows[col.ORIGIN].unique())))


def hle_frame(period: str, sex: str) -> MapFrame:
    """Each local authority's healthy life expectancy with its CI and ONS's method, against Wales."""
    rows = hle(sex, period, ("la",))
    wales = hle_wales(sex, period)
    frame = rows[[col.AREA_CODE, col.AREA_NAME, col.VALUE, col.LOWER, col.UPPER, col.METHOD]]
    return MapFrame(frame, None if wales is None else float(wales[col.VALUE]), (HLE_SOURCE,))


def interim(measure: Measure, period: str) -> bool:
    """Whether the measure's figures for the period come from ONS's interim method."""
    return measure.healthy_life and is_interim(period)
