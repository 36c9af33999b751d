"""Map: choropleths of Wales by local authority, health board or LSOA, for mortality rates and
WIMD. The view lives in the query string (?measure=…&period=…), so a copied link reopens it."""

from __future__ import annotations

import dash
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard import columns as col
from dashboard import data
from dashboard.components import MAP_CONFIG, chart, data_table, share
from dashboard.ids import MapPage
from dashboard.labels import reason_words
from dashboard.measures import BY_ID, Measure, available_measures, periods, sexes
from dashboard.pages.data_status import empty_state
from dashboard.views import map as view
from dashboard.views.base import notice_text

dash.register_page(__name__, path="/map", name="Map", title="Map — Who dies too young in Wales", order=10)


def layout(**query: str) -> html.Div:
    if not data.is_built():
        return empty_state()
    spec, problems = view.parse(query)
    measure_id, period, sex = spec.measure, spec.period, spec.sex
    notice = notice_text(problems)
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
            share(view.MAP, MapPage.KEY_MESSAGE),
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
        if col.SUPPRESSED_REASON in row and reason_words(row[col.SUPPRESSED_REASON]):
            result[2] = html.Td(f"suppressed: {reason_words(row[col.SUPPRESSED_REASON])}")
        return result

    header = ["Area", "Code", measure.colour_label, *(["95% CI"] if has_ci else [])]
    return data_table(header, [html.Tr(cells(row)) for _, row in shown.iterrows()], caption=caption)


def _spec(measure_id: object, period: object = None, sex: object = None) -> view.MapSpec:
    """A callback's values read as a link's are: anything the data does not hold (or not a string
    at all) becomes the default, so a hostile request draws the default map."""
    given = {"measure": measure_id, "period": period, "sex": sex}
    spec, _ = view.parse({name: value for name, value in given.items() if value is not None})
    return spec


@callback(Output(MapPage.NAVIGATE, "href"), Input(MapPage.GRAPH, "clickData"), Input(MapPage.MEASURE, "value"),
          prevent_initial_call=True)  # fmt: skip
def _open_profile(click: dict[str, list[dict[str, object]]] | None, measure_id: str) -> object:
    """A click on a local authority or health board opens its profile (an area code the data
    holds, never whatever the click payload says)."""
    measure_id = _spec(measure_id).measure
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
    spec = _spec(measure_id, period)
    return periods(BY_ID[spec.measure]), spec.period


@callback(Output(MapPage.SEX, "options"), Output(MapPage.SEX, "value"), Input(MapPage.MEASURE, "value"),
          Input(MapPage.PERIOD, "value"), Input(MapPage.SEX, "value"))  # fmt: skip
def _sexes(measure_id: str, period: str, sex: str) -> tuple[list[str], str]:
    """Keep the sex when the measure and period have rates for it, else the first held."""
    spec = _spec(measure_id, period, sex)
    return sexes(BY_ID[spec.measure], spec.period), spec.sex


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
    spec = _spec(measure_id, period, sex)
    search = dash.no_update if dash.ctx.triggered_id is None else "?" + view.to_query(spec)
    chart = view.build(spec).charts[0]
    return chart.figure, chart.sentence, area_table(chart.table, BY_ID[spec.measure]), search
