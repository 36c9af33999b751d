"""Every chart id, the view family that builds it and the page it sits on: what embeds, exports and
slides look a chart up in. A chart's query string is its page's, so `/embed/sii?groups=decile`
shows exactly the SII chart of `/inequalities?groups=decile`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import ModuleType

from dashboard.i18n import N_
from dashboard.views import area, care, inequalities, overview
from dashboard.views import map as map_view
from dashboard.views.base import Chart, Query
from dashboard.views.notes import (
    AREA_COLUMNS,
    GROUP_RATE_COLUMNS,
    HLE_COLUMNS,
    HLE_DEPRIVATION_COLUMNS,
    RATE_COLUMNS,
    SHARE_COLUMNS,
    SLOPE_TABLE_COLUMNS,
    SUPPLY_COLUMNS,
    NoteLines,
    area_count,
    deprivation_ends,
    edition_ends,
    healthy_years,
    healthy_years_and_deprivation,
    rates,
    rates_by_period,
    shares,
    supply_and_need,
)


@dataclass(frozen=True)
class ChartSpec:
    """One chart the dashboard can draw: its id (the contract's), the page it sits on and the view
    family that builds it (its `build` draws the figure from the view's choices), what a slide
    says not to conclude from it, a query of a view that holds it ("" for its page's default),
    whether it needs death records to be drawn, which reader of `notes` turns its table into
    speaker notes and the columns its table (the CSV) always holds. Embeds, exports, slides and
    the accessibility and hostile-input tests all enumerate these."""

    id: str
    page: str
    family: ModuleType
    caution: str | None = None  # English, marked for the catalogue; translated where shown
    example: str = ""
    needs_records: bool = False
    notes: NoteLines = rates
    columns: tuple[str, ...] = RATE_COLUMNS


# The overview's chart is the inequalities page's default "quintiles" chart: no id of its own.
REGISTRY: tuple[ChartSpec, ...] = (
    ChartSpec(map_view.MAP, "/map", map_view, N_(
        "A higher rate in one area is not, on its own, evidence that services there are worse. Only figures with "
        "confidence intervals are tested against Wales (the outlines); ONS's published avoidable mortality rates carry "
        "none, so their differences between areas are not tested.")),
    ChartSpec(inequalities.QUINTILES, "/inequalities", inequalities, N_(
        "These are rates for areas grouped by deprivation, not for deprived people: they do not show that "
        "any one person's deprivation caused a death (the ecological fallacy). WIMD includes a health domain, so part "
        "of the gradient is built into the grouping.")),
    ChartSpec(inequalities.SII, "/inequalities", inequalities, N_(
        "The slope index summarises the whole gradient as a straight line; it is not a count of deaths that "
        "could be prevented, and it is only as good as the straight-line fit.")),
    ChartSpec(inequalities.SLOPE_QUINTILE, "/inequalities", inequalities, N_(
        "The ratio for a small cause group can be large while its absolute gap is small; compare the "
        "gap in deaths per 100,000 as well as the ratio."),
        notes=deprivation_ends, columns=SLOPE_TABLE_COLUMNS),
    ChartSpec(inequalities.SLOPE_BOARD, "/inequalities", inequalities, N_(
        "Each board's fifths rank its own LSOAs, so each line compares a board with itself: the gaps are not "
        "comparable with the national fifths, and a board with a wider gap need not have higher rates."),
        needs_records=True, notes=deprivation_ends, columns=SLOPE_TABLE_COLUMNS),
    ChartSpec(inequalities.SLOPE_PERIOD, "/inequalities", inequalities, N_(
        "The two ONS editions differ in definition and population base: the difference between them is "
        "not a change in avoidable mortality."), notes=edition_ends, columns=SLOPE_TABLE_COLUMNS),
    ChartSpec(inequalities.TREND_GAP, "/inequalities", inequalities, N_(
        "A slope index that moved between two years may still be chance: the change's confidence interval says "
        "which. Years without population estimates of their own borrow the nearest year's."),
        needs_records=True, notes=rates_by_period, columns=GROUP_RATE_COLUMNS),
    ChartSpec(area.PROFILE, "/area", area, N_(
        "A rank says where an area stands, not by how much: neighbouring ranks often have overlapping "
        "confidence intervals."), "area=W06000015"),
    ChartSpec(area.SIMILAR, "/area", area, N_(
        "Similar areas are alike on deprivation, age and density, not on services: a higher rate than a similar "
        "area's is a question to ask, not a finding, and the published rates carry no confidence intervals."),
        "area=W06000015"),
    ChartSpec(area.MEMBERS, "/area", area, N_(
        "No rate for the board is made from its local authorities' published rates, and without published "
        "confidence intervals the highest and lowest are not tested against each other."), "area=W11000030"),
    ChartSpec(area.WITHIN, "/area", area, N_(
        "Fifths within the board rank its own LSOAs; they are not comparable with other boards' fifths "
        "or with the national fifths."), "area=W11000030", needs_records=True),
    ChartSpec(area.WITHIN_TREND, "/area", area, N_(
        "The board's fifths rank its own LSOAs; a slope index that moved between two years may still be chance, "
        "and the change's confidence interval says which."), "area=W11000030", needs_records=True,
        notes=rates_by_period, columns=GROUP_RATE_COLUMNS),
    ChartSpec(area.TREND, "/area", area, N_(
        "A change between two periods is tested as the difference of the two rates, only where both have "
        "confidence intervals; a change that may be chance is not shown to be no change."), "area=W06000015"),
    ChartSpec(area.AREA_HLE, "/area", area, N_(
        "Healthy life expectancy rests on people's own rating of their health in a survey; ONS's estimates from "
        "2020-2022 on use an interim method, so a change across that line is not a like-for-like change."),
        "area=W06000015", notes=healthy_years, columns=HLE_COLUMNS),
    ChartSpec(care.HLE_GAP, "/care", care, N_(
        "Neighbouring authorities' intervals overlap widely: the order between them is mostly not beyond chance; "
        "only the ends, and an authority against Wales where its interval excludes the Wales figure."),
        notes=healthy_years, columns=HLE_COLUMNS),
    ChartSpec(care.HLE_DEPRIVATION, "/care", care, N_(
        "A correlation between areas says nothing about any one person (the ecological fallacy), and WIMD includes a "
        "health domain, so part of the relation is built into the deprivation measure."),
        notes=healthy_years_and_deprivation, columns=HLE_DEPRIVATION_COLUMNS),
    ChartSpec(care.GP_NEED, "/care", care, N_(
        "Patients per GP counts heads, not hours, and one year; with 22 areas, a correlation that may be chance is "
        "not evidence that supply follows need, nor that it does not."),
        notes=supply_and_need, columns=SUPPLY_COLUMNS),
    ChartSpec(care.GP_DEPRIVATION, "/care", care, N_(
        "Patients per GP counts heads, not hours, and one year; with 22 areas, a correlation that may be chance is "
        "not evidence that supply follows need, nor that it does not."),
        notes=supply_and_need, columns=SUPPLY_COLUMNS),
    ChartSpec(area.SPREAD, "/area", area, N_(
        "Where an area's LSOAs sit among the fifths of Wales describes its places, not its people."), "area=W11000030",
        notes=shares, columns=SHARE_COLUMNS),
    ChartSpec(area.AREA_MAP, "/area", area, N_(
        "The colours are the WIMD fifths of Wales, a ranking of places by deprivation, not a measure of anyone's "
        "health."), "area=W06000015", notes=area_count, columns=AREA_COLUMNS),
)  # fmt: skip
BY_ID: dict[str, ChartSpec] = {spec.id: spec for spec in REGISTRY}
# chart id -> (view family, page path)
FAMILIES: dict[str, tuple[ModuleType, str]] = {spec.id: (spec.family, spec.page) for spec in REGISTRY}
PAGE_FAMILIES: dict[str, ModuleType] = {
    "/": overview, "/map": map_view, "/inequalities": inequalities, "/care": care, "/area": area,
}  # fmt: skip
MAX_CHART_ID = 60


@dataclass(frozen=True, eq=False)
class Found:
    """A chart looked up from its id and a query: the spec it was built for, what was wrong with
    the query, the chart (None when the view has no such chart, e.g. a board's chart for a local
    authority) and the link to its page."""

    chart_id: str
    spec: object
    problems: list[str]
    chart: Chart | None
    page: str
    view_query: str  # the spec written back: the same for every link that means this view

    @property
    def page_link(self) -> str:
        return self.page + (f"?{self.view_query}" if self.view_query else "")


def spec_of(chart_id: str) -> ChartSpec | None:
    """The registry's entry for a chart id (`trend-<indicator>` is an instance of `trend`)."""
    if len(chart_id) > MAX_CHART_ID:
        return None
    if chart_id in BY_ID:
        return BY_ID[chart_id]
    if chart_id.startswith(area.TREND + "-"):
        return BY_ID[area.TREND]
    return None


def family_of(chart_id: str) -> tuple[ModuleType, str] | None:
    """The view family and page of a chart id."""
    spec = spec_of(chart_id)
    return None if spec is None else (spec.family, spec.page)


def find(chart_id: str, query: Query, *, lang: str | None = None) -> Found | None:
    """The chart a link names, through its family's `parse` and `build`; None for an unknown id.
    `lang` overrides the link's language (a deck's slides speak the deck's)."""
    family = family_of(chart_id)
    if family is None:
        return None
    module, page = family
    spec, problems = module.parse(query)
    if lang is not None:
        spec = replace(spec, lang=lang)
    return Found(chart_id, spec, problems, module.build(spec).chart(chart_id), page, module.to_query(spec))


def view_query(chart_id: str, query: Query) -> str | None:
    """The normalised query of the view a chart link asks for (bad values become defaults), or
    None for an unknown chart id: the same string names the same export in every cache."""
    family = family_of(chart_id)
    if family is None:
        return None
    spec, _problems = family[0].parse(query)
    return str(family[0].to_query(spec))
