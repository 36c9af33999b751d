"""Every chart id, the view family that builds it and the page it sits on: what embeds, exports and
slides look a chart up in. A chart's query string is its page's, so `/embed/sii?groups=decile`
shows exactly the SII chart of `/inequalities?groups=decile`."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from dashboard.views import area, inequalities, overview
from dashboard.views import map as map_view
from dashboard.views.base import Chart, Query

# chart id -> (view family, page path). The overview's chart is the inequalities page's default
# "quintiles" chart, so it needs no id of its own.
FAMILIES: dict[str, tuple[ModuleType, str]] = {
    map_view.MAP: (map_view, "/map"),
    inequalities.QUINTILES: (inequalities, "/inequalities"),
    inequalities.SII: (inequalities, "/inequalities"),
    inequalities.SLOPE_QUINTILE: (inequalities, "/inequalities"),
    inequalities.SLOPE_BOARD: (inequalities, "/inequalities"),
    inequalities.SLOPE_PERIOD: (inequalities, "/inequalities"),
    area.PROFILE: (area, "/area"),
    area.MEMBERS: (area, "/area"),
    area.WITHIN: (area, "/area"),
    area.TREND: (area, "/area"),
    area.SPREAD: (area, "/area"),
    area.AREA_MAP: (area, "/area"),
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
    page_link: str


def family_of(chart_id: str) -> tuple[ModuleType, str] | None:
    """The view family and page of a chart id (`trend-<indicator>` belongs to `trend`'s)."""
    if len(chart_id) > MAX_CHART_ID:
        return None
    if chart_id in FAMILIES:
        return FAMILIES[chart_id]
    if chart_id.startswith(area.TREND + "-"):
        return FAMILIES[area.TREND]
    return None


def find(chart_id: str, query: Query) -> Found | None:
    """The chart a link names, through its family's `parse` and `build`; None for an unknown id."""
    family = family_of(chart_id)
    if family is None:
        return None
    module, page = family
    spec, problems = module.parse(query)
    model = module.build(spec)
    link = module.to_query(spec)
    return Found(chart_id, spec, problems, model.chart(chart_id), page + (f"?{link}" if link else ""))
