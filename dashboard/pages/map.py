"""Map: choropleths of Wales by local authority, health board or LSOA, for mortality rates and
WIMD. The view lives in the query string (?measure=…&period=…), so a copied link reopens it."""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard import columns as col
from dashboard import data
from dashboard.figures.choropleth import MapOptions, make_map_figure
from dashboard.figures.theme import TOPOJSON_URL, register_template
from dashboard.ids import MapPage
from dashboard.measures import BY_ID, DEFAULT_MEASURE, MEASURES, map_frame, periods
from dashboard.pages.data_status import empty_state

dash.register_page(__name__, path="/map", name="Map", title="Map — Who dies too young in Wales", order=10)
register_template()


def _source_note(source_ids: tuple[str, ...], period: str) -> str:
    records = {record.source_id: record for record in data.sources()}
    named = [records[source_id] for source_id in source_ids if source_id in records]
    cited = "; ".join(f"{record.publisher}, {record.title} ({record.vintage})" for record in named)
    return f"Source: {cited or 'see the Data page'}. Period: {period}. Published figures."


def resolve(query: dict[str, str]) -> tuple[str, str, list[str]]:
    """The measure and period a query asks for, falling back to defaults; and what was wrong."""
    problems = []
    measure_id = query.get("measure", DEFAULT_MEASURE)
    if measure_id not in BY_ID:
        problems.append(f"unknown measure {measure_id!r}")
        measure_id = DEFAULT_MEASURE
    available = periods(BY_ID[measure_id])
    period = query.get("period", available[0] if available else "")
    if period not in available:
        if "period" in query:
            problems.append(f"no {period!r} period for this measure")
        period = available[0] if available else ""
    return measure_id, period, problems


def layout(**query: str) -> html.Div:
    if not data.is_built():
        return empty_state()
    measure_id, period, problems = resolve(query)
    notice = f"The link asked for {' and '.join(problems)}; showing the default instead." if problems else ""
    return html.Div(
        [
            dcc.Location(id=MapPage.LOCATION, refresh=False),
            html.H1("Where in Wales do people die too young?"),
            html.P(notice, id=MapPage.NOTICE, role="status", className="notice" if notice else "notice-empty"),
            html.Div(
                [
                    html.Label(
                        [
                            "Measure",
                            dcc.Dropdown(
                                id=MapPage.MEASURE,
                                options=[{"label": m.label, "value": m.id} for m in MEASURES],
                                value=measure_id,
                                clearable=False,
                            ),
                        ]
                    ),
                    html.Label(
                        [
                            "Period",
                            dcc.Dropdown(
                                id=MapPage.PERIOD, options=periods(BY_ID[measure_id]), value=period, clearable=False
                            ),
                        ]
                    ),
                ],
                className="controls",
            ),
            html.P(id=MapPage.KEY_MESSAGE, className="key-message"),
            dcc.Graph(id=MapPage.GRAPH, config={"topojsonURL": TOPOJSON_URL, "displaylogo": False}),
        ]
    )


@callback(Output(MapPage.PERIOD, "options"), Output(MapPage.PERIOD, "value"), Input(MapPage.MEASURE, "value"),
          Input(MapPage.PERIOD, "value"))  # fmt: skip
def _periods(measure_id: str, period: str) -> tuple[list[str], str]:
    """Keep the period when the new measure has it, else its newest."""
    available = periods(BY_ID[measure_id])
    return available, period if period in available else (available[0] if available else "")


@callback(Output(MapPage.GRAPH, "figure"), Output(MapPage.KEY_MESSAGE, "children"), Output(MapPage.LOCATION, "search"),
          Input(MapPage.MEASURE, "value"), Input(MapPage.PERIOD, "value"))  # fmt: skip
def _draw(measure_id: str, period: str) -> tuple[object, str, object]:
    """Draw the map; on a person's change (not the first draw) write the view into the URL, so
    a link that asked for something invalid keeps its notice until they choose again."""
    measure = BY_ID[measure_id]
    result = map_frame(measure, period)
    options = MapOptions(
        title=f"{measure.label}, {period}",
        colour_label=measure.colour_label,
        source_note=_source_note(result.source_ids, period),
        geojson_url=f"/geo/{measure.level}.geojson",
        quintiles=measure.quintiles,
        benchmark=result.benchmark,
    )
    return (
        make_map_figure(result.frame, options),
        key_message(measure.label, period, result.frame),
        "?" + urlencode({"measure": measure_id, "period": period}),
    )


def key_message(label: str, period: str, frame: pd.DataFrame) -> str:
    """One sentence from the data: the highest and lowest area, and how many times as high."""
    shown = frame.dropna(subset=[col.VALUE]).sort_values(col.VALUE)
    if shown.empty or label.startswith("WIMD"):
        return ""
    lowest, highest = shown.iloc[0], shown.iloc[-1]
    low, high = float(lowest[col.VALUE]), float(highest[col.VALUE])
    return (
        f"{label.split(' (')[0]}, {period}: highest in {highest[col.AREA_NAME]} ({high:,.1f} per 100,000), "
        f"lowest in {lowest[col.AREA_NAME]} ({low:,.1f}), {high / low:.1f} times as high."
    )
