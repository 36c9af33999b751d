"""Every chart id, the view family that builds it and the page it sits on: what embeds, exports and
slides look a chart up in. A chart's query string is its page's, so `/embed/sii?groups=decile`
shows exactly the SII chart of `/inequalities?groups=decile`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import ModuleType

from dashboard.views import area, inequalities, overview
from dashboard.views import map as map_view
from dashboard.views.base import Chart, Query

# Each page's view family and the chart ids it draws. The overview's chart is the inequalities
# page's default "quintiles" chart, so it needs no id of its own.
_PAGE_CHARTS: tuple[tuple[ModuleType, str, tuple[str, ...]], ...] = (
    (map_view, "/map", (map_view.MAP,)),
    (inequalities, "/inequalities", (inequalities.QUINTILES, inequalities.SII, inequalities.SLOPE_QUINTILE,
                                     inequalities.SLOPE_BOARD, inequalities.SLOPE_PERIOD, inequalities.TREND_GAP)),
    (area, "/area", (area.PROFILE, area.MEMBERS, area.WITHIN, area.WITHIN_TREND, area.TREND, area.SPREAD,
                      area.AREA_MAP)),
)  # fmt: skip
# chart id -> (view family, page path)
FAMILIES: dict[str, tuple[ModuleType, str]] = {
    chart_id: (module, page) for module, page, chart_ids in _PAGE_CHARTS for chart_id in chart_ids
}
PAGE_FAMILIES: dict[str, ModuleType] = {"/": overview, "/map": map_view, "/inequalities": inequalities, "/area": area}
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


def family_of(chart_id: str) -> tuple[ModuleType, str] | None:
    """The view family and page of a chart id (`trend-<indicator>` belongs to `trend`'s)."""
    if len(chart_id) > MAX_CHART_ID:
        return None
    if chart_id in FAMILIES:
        return FAMILIES[chart_id]
    if chart_id.startswith(area.TREND + "-"):
        return FAMILIES[area.TREND]
    return None


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
