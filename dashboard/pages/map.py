"""Map: choropleths of Wales by local authority, health board or LSOA, for mortality rates and
WIMD. The view lives in the query string (?measure=…&period=…), so a copied link reopens it."""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard import columns as col
from dashboard import data
from dashboard.components import MAP_CONFIG, chart, cite, data_table, how_made
from dashboard.figures.choropleth import MapOptions, make_map_figure
from dashboard.figures.theme import register_template
from dashboard.ids import MapPage
from dashboard.labels import synthetic_prefix
from dashboard.measures import (
    BY_ID,
    DEFAULT_MEASURE,
    MapFrame,
    Measure,
    available_measures,
    map_frame,
    periods,
    sexes,
)  # fmt: skip
from dashboard.messages import range_sentence
from dashboard.pages.data_status import empty_state

dash.register_page(__name__, path="/map", name="Map", title="Map — Who dies too young in Wales", order=10)
register_template()


def _source_note(result: MapFrame, period: str) -> str:
    cited = "; ".join(cite(source_id) for source_id in result.source_ids)
    return (
        f"Source: {cited or 'see the Methods page'}. Period: {period}. {how_made(result.origins, result.source_ids)}."
    )


def resolve(query: dict[str, str]) -> tuple[str, str, str, list[str]]:
    """The measure, period and sex a query asks for, falling back to defaults; and what was wrong."""
    problems = []
    measure_id = query.get("measure", DEFAULT_MEASURE)
    if measure_id not in {measure.id for measure in available_measures()}:
        problems.append(f"unknown measure {measure_id!r}")
        measure_id = DEFAULT_MEASURE
    available = periods(BY_ID[measure_id])
    period = query.get("period", available[0] if available else "")
    if period not in available:
        if "period" in query:
            problems.append(f"no {period!r} period for this measure")
        period = available[0] if available else ""
    held = sexes(BY_ID[measure_id], period)
    default = held[0] if held else "Persons"
    sex = query.get("sex", default)
    if sex not in held:
        problems.append(f"no {sex!r} figures for this measure and period")
        sex = default
    return measure_id, period, sex, problems


def valid_choice(measure_id: object, period: object, sex: object) -> tuple[str, str, str]:
    """A callback's values checked as a link's are: anything the data does not hold (or not a
    string at all) becomes the default, so a hostile request draws the default map."""
    query = {name: value for name, value in (("measure", measure_id), ("period", period), ("sex", sex))
             if isinstance(value, str)}  # fmt: skip
    chosen_measure, chosen_period, chosen_sex, _ = resolve(query)
    return chosen_measure, chosen_period, chosen_sex


def layout(**query: str) -> html.Div:
    if not data.is_built():
        return empty_state()
    measure_id, period, sex, problems = resolve(query)
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
                                options=[{"label": m.label, "value": m.id} for m in available_measures()],
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
                    html.Label(
                        [
                            "Sex",
                            dcc.Dropdown(
                                id=MapPage.SEX,
                                options=sexes(BY_ID[measure_id], period),
                                value=sex,
                                clearable=False,
                            ),
                        ]
                    ),
                ],
                className="controls",
            ),
            html.P(id=MapPage.KEY_MESSAGE, className="key-message"),
            chart(
                dcc.Graph(id=MapPage.GRAPH, config=MAP_CONFIG),
                MapPage.KEY_MESSAGE,
            ),
            html.P(
                "Click a local authority or health board to open its profile. Grey areas have no figure; "
                "hover for the reason.",
                className="explainer",
            ),
            html.Details([html.Summary("Show as a table"), html.Div(id=MapPage.TABLE)]),
            dcc.Location(id=MapPage.NAVIGATE, refresh="callback-nav"),
        ]
    )


LSOA_TABLE_ROWS = 20  # highest and lowest each: 1,909 rows would be a page of their own


def area_table(frame: pd.DataFrame, measure: Measure) -> html.Table:
    """The map's figures, highest first; LA and health board names link to their profiles."""
    shown = frame.sort_values(col.VALUE, ascending=measure.wimd_field is not None, na_position="last")
    caption = "Every area, highest first"
    if measure.level.startswith("lsoa") and len(shown) > 2 * LSOA_TABLE_ROWS:
        shown = pd.concat([shown.head(LSOA_TABLE_ROWS), shown.dropna(subset=[col.VALUE]).tail(LSOA_TABLE_ROWS)])
        caption = f"The {LSOA_TABLE_ROWS} highest and {LSOA_TABLE_ROWS} lowest of {len(frame):,} LSOAs"
    if measure.wimd_field is not None:
        caption = caption.replace("highest", "most deprived").replace("lowest", "least deprived")
    linked = measure.level in ("la", "lhb")
    has_ci = col.LOWER in shown and shown[col.LOWER].notna().any()

    def cells(row: pd.Series) -> list[html.Td]:
        name = dcc.Link(row[col.AREA_NAME], href=f"/area?area={row[col.AREA_CODE]}") if linked else row[col.AREA_NAME]
        value = (
            "—" if pd.isna(row[col.VALUE])
            else f"{row[col.VALUE]:,.1f}".removesuffix(".0")
        )  # fmt: skip
        result = [html.Td(name), html.Td(row[col.AREA_CODE]), html.Td(value)]
        if has_ci:
            result.append(html.Td("" if pd.isna(row[col.LOWER]) else f"{row[col.LOWER]:,.1f} to {row[col.UPPER]:,.1f}"))
        if col.SUPPRESSED_REASON in row and isinstance(row[col.SUPPRESSED_REASON], str):
            result[2] = html.Td(f"suppressed: {row[col.SUPPRESSED_REASON]}")
        return result

    header = ["Area", "Code", measure.colour_label, *(["95% CI"] if has_ci else [])]
    return data_table(header, [html.Tr(cells(row)) for _, row in shown.iterrows()], caption=caption)


@callback(Output(MapPage.NAVIGATE, "href"), Input(MapPage.GRAPH, "clickData"), Input(MapPage.MEASURE, "value"),
          prevent_initial_call=True)  # fmt: skip
def _open_profile(click: dict[str, list[dict[str, object]]] | None, measure_id: str) -> object:
    """A click on a local authority or health board opens its profile (an area code the data
    holds, never whatever the click payload says)."""
    measure_id, _, _ = valid_choice(measure_id, None, None)
    if dash.ctx.triggered_id != MapPage.GRAPH or BY_ID[measure_id].level not in ("la", "lhb"):
        return dash.no_update
    try:
        code = str(click["points"][0]["location"])  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        return dash.no_update
    known = set(data.areas()[col.AREA_CODE])
    return f"/area?area={code}" if code in known else dash.no_update


@callback(Output(MapPage.PERIOD, "options"), Output(MapPage.PERIOD, "value"), Input(MapPage.MEASURE, "value"),
          Input(MapPage.PERIOD, "value"))  # fmt: skip
def _periods(measure_id: str, period: str) -> tuple[list[str], str]:
    """Keep the period when the new measure has it, else its newest."""
    measure_id, _, _ = valid_choice(measure_id, None, None)
    available = periods(BY_ID[measure_id])
    return available, period if period in available else (available[0] if available else "")


@callback(Output(MapPage.SEX, "options"), Output(MapPage.SEX, "value"), Input(MapPage.MEASURE, "value"),
          Input(MapPage.PERIOD, "value"), Input(MapPage.SEX, "value"))  # fmt: skip
def _sexes(measure_id: str, period: str, sex: str) -> tuple[list[str], str]:
    """Keep the sex when the measure and period have rates for it, else Persons."""
    measure_id, period, _ = valid_choice(measure_id, period, None)
    held = sexes(BY_ID[measure_id], period)
    return held, sex if sex in held else (held[0] if held else "Persons")


@callback(
    Output(MapPage.GRAPH, "figure"),
    Output(MapPage.KEY_MESSAGE, "children"),
    Output(MapPage.TABLE, "children"),
    Output(MapPage.LOCATION, "search"),
    Input(MapPage.MEASURE, "value"),
    Input(MapPage.PERIOD, "value"),
    Input(MapPage.SEX, "value"),
)
def _draw(measure_id: str, period: str, sex: str) -> tuple[object, ...]:
    """Draw the map; on a person's change (not the first draw) write the view into the URL, so
    a link that asked for something invalid keeps its notice until they choose again."""
    measure_id, period, sex = valid_choice(measure_id, period, sex)
    state = {"measure": measure_id, "period": period, "sex": sex}
    search = dash.no_update if dash.ctx.triggered_id is None else "?" + urlencode(state)
    return (*view(measure_id, period, sex), search)


@data.per_build
def view(measure_id: str, period: str, sex: str) -> tuple[object, str, html.Table]:
    """The map, its key sentence and its table for one choice, the figure as a plain dict:
    memoised per build, so a returning view skips plotly's validation of 1,909 areas."""
    measure = BY_ID[measure_id]
    held = sexes(measure, period)
    if sex not in held:  # a stale sex while the controls catch up
        sex = held[0] if held else "Persons"
    result = map_frame(measure, period, sex)
    options = MapOptions(
        title=f"{measure.label}, {period}" + sex_words(sex),
        colour_label=measure.colour_label,
        source_note=_source_note(result, period),
        synthetic="synthetic" in result.origins,
        geojson_url=f"/geo/{measure.level}.geojson",
        quintiles=measure.quintiles,
        benchmark=result.benchmark,
        rates=measure.indicator is not None,
    )
    return (
        make_map_figure(result.frame, options).to_plotly_json(),
        synthetic_prefix("synthetic" if "synthetic" in result.origins else "")
        + key_message(measure, period, result.frame, sex),
        area_table(result.frame, measure),
    )


def sex_words(sex: str) -> str:
    """What a title adds for the sex shown: nothing for persons, and says so where unrecorded."""
    if sex == col.NOT_RECORDED:
        return " (sex, ages and standard population not recorded in the extract held)"
    return "" if sex == "Persons" else f", {sex.lower()}s"


def key_message(measure: Measure, period: str, frame: pd.DataFrame, sex: str = "Persons") -> str:
    """One sentence from the data (the shared template): the highest and lowest area."""
    if measure.wimd_field is not None:
        return ""
    label = measure.label.split(" (")[0] + sex_words(sex)
    return range_sentence(frame, label, period)
