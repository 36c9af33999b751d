"""Map: choropleths of Wales by local authority, health board or LSOA, for mortality rates and
WIMD. The view lives in the query string (?measure=…&period=…), so a copied link reopens it."""

from __future__ import annotations

import dash
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from dashboard import data
from dashboard.i18n import N_, _, decimal, using
from dashboard.model import columns as col
from dashboard.model.measures import BY_ID, Measure, available_measures, periods, sexes
from dashboard.pages.data_status import empty_state
from dashboard.views import map as view
from dashboard.views.base import language_of, notice_text
from dashboard.web.components import MAP_CONFIG, area_link, chart, control, data_table, localised, page_title, share
from dashboard.web.ids import MapPage, Shell
from dashboard.words.labels import period_label, reason_words, sex_word

dash.register_page(__name__, path="/map", name=N_("Map"), title=page_title(N_("Map")), order=10)


@localised
def layout(**query: str) -> html.Div:
    if not data.is_built():
        return empty_state()
    spec, problems = view.parse(query)
    measure_id, period, sex = spec.measure, spec.period, spec.sex
    notice = notice_text(problems)
    return html.Div(
        [
            dcc.Location(id=MapPage.LOCATION, refresh=False),
            html.H1(_("Where in Wales do people die too young?")),
            area_search(spec.lang),
            html.P(notice, id=MapPage.NOTICE, role="status", className="notice" if notice else "notice-empty"),
            html.Div(
                [
                    control(
                        _("Measure"),
                        MapPage.MEASURE,
                        [{"label": m.title(), "value": m.id} for m in available_measures()],
                        measure_id,
                    ),
                    control(_("Period"), MapPage.PERIOD, period_options(periods(BY_ID[measure_id])), period),
                    control(_("Sex"), MapPage.SEX, sex_options(sexes(BY_ID[measure_id], period)), sex),
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
                _(
                    "Click a local authority or health board to open its profile, or find an area by name above. Grey "
                    "areas have no figure; hover for the reason, or see the table."
                ),
                className="explainer",
            ),
            html.Details([html.Summary(_("Show as a table")), html.Div(id=MapPage.TABLE)]),
            dcc.Location(id=MapPage.NAVIGATE, refresh="callback-nav"),
        ]
    )


LSOA_TABLE_ROWS = 20  # highest and lowest each: 1,909 rows would be a page of their own


def area_table(frame: pd.DataFrame, measure: Measure) -> html.Table:
    """The map's figures, highest first; LA and health board names link to their profiles."""
    shown = frame.sort_values(col.VALUE, ascending=measure.wimd_field is not None, na_position="last")
    wimd = measure.wimd_field is not None
    caption = _("Every area, most deprived first") if wimd else _("Every area, highest first")
    if measure.level.startswith("lsoa") and len(shown) > 2 * LSOA_TABLE_ROWS:
        shown = pd.concat([shown.head(LSOA_TABLE_ROWS), shown.dropna(subset=[col.VALUE]).tail(LSOA_TABLE_ROWS)])
        caption = (
            _("The {count} most deprived and {count} least deprived of {total} LSOAs") if wimd
            else _("The {count} highest and {count} lowest of {total} LSOAs")
        ).format(count=LSOA_TABLE_ROWS, total=decimal(len(frame), 0))  # fmt: skip
    linked = measure.level in ("la", "lhb")
    has_ci = col.LOWER in shown and shown[col.LOWER].notna().any()

    def cells(row: pd.Series) -> list[html.Td]:
        name = dcc.Link(row[col.AREA_NAME], href=area_link(row[col.AREA_CODE])) if linked else row[col.AREA_NAME]
        value = (
            "—" if pd.isna(row[col.VALUE])
            else decimal(row[col.VALUE]).removesuffix(".0")
        )  # fmt: skip
        result = [html.Td(name), html.Td(row[col.AREA_CODE]), html.Td(value)]
        if has_ci:
            result.append(html.Td("" if pd.isna(row[col.LOWER]) else _("{lower} to {upper}").format(
                lower=decimal(row[col.LOWER]), upper=decimal(row[col.UPPER]))))  # fmt: skip
        if col.SUPPRESSED_REASON in row and reason_words(row[col.SUPPRESSED_REASON]):
            result[2] = html.Td(_("suppressed: {reason}").format(reason=reason_words(row[col.SUPPRESSED_REASON])))
        return result

    header = [_("Area"), _("Code"), measure.colour_title(), *([_("95% CI")] if has_ci else [])]
    return data_table(header, [html.Tr(cells(row)) for _index, row in shown.iterrows()], caption=caption)


def period_options(held: list[str]) -> list[dict[str, str]]:
    return [{"label": period_label(period), "value": period} for period in held]


def sex_options(held: list[str]) -> list[dict[str, str]]:
    return [{"label": sex_word(sex), "value": sex} for sex in held]


def area_search(lang: str) -> html.Label:
    """Find an area by name: every local authority, health board and Wales, typed or chosen from
    the list; choosing one opens its profile (the map without a mouse)."""
    areas = data.areas()
    shown = areas[areas[col.GEOGRAPHY_LEVEL].isin(["country", "lhb", "la"])].sort_values(col.AREA_NAME)
    return html.Label(
        [
            _("Find an area"),
            dcc.Dropdown(
                id=MapPage.SEARCH,
                options=[
                    {"label": name, "value": code}
                    for code, name in zip(shown[col.AREA_CODE], shown[col.AREA_NAME], strict=True)
                ],
                placeholder=_("Type a local authority or health board"),
                searchable=True,
                clearable=True,
            ),
        ],
        className="area-search",
    )


def _spec(measure_id: object, period: object = None, sex: object = None, search: object = None) -> view.MapSpec:
    """A callback's values read as a link's are: anything the data does not hold (or not a string
    at all) becomes the default, so a hostile request draws the default map. The language is the
    address's (`search`)."""
    given = {"measure": measure_id, "period": period, "sex": sex, "lang": language_of(search)}
    spec, _problems = view.parse({name: value for name, value in given.items() if value is not None})
    return spec


@callback(Output(MapPage.NAVIGATE, "href", allow_duplicate=True), Input(MapPage.SEARCH, "value"),
          State(Shell.LOCATION, "search"), prevent_initial_call=True)  # fmt: skip
def _find_area(code: object, search: object) -> object:
    """Choosing an area in the search box opens its profile (only a code the data holds)."""
    known = set(data.areas()[col.AREA_CODE])
    if not isinstance(code, str) or code not in known:
        return dash.no_update
    with using(language_of(search)):
        return area_link(code)


@callback(Output(MapPage.NAVIGATE, "href"), Input(MapPage.GRAPH, "clickData"), Input(MapPage.MEASURE, "value"),
          State(Shell.LOCATION, "search"), prevent_initial_call=True)  # fmt: skip
def _open_profile(click: dict[str, list[dict[str, object]]] | None, measure_id: str, search: object = None) -> object:
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
    if code not in known:
        return dash.no_update
    with using(language_of(search)):
        return area_link(code)


@callback(Output(MapPage.PERIOD, "options"), Output(MapPage.PERIOD, "value"), Input(MapPage.MEASURE, "value"),
          Input(MapPage.PERIOD, "value"), State(Shell.LOCATION, "search"))  # fmt: skip
def _periods(measure_id: str, period: str, search: object = None) -> tuple[list[dict[str, str]], str]:
    """Keep the period when the new measure has it, else its newest."""
    spec = _spec(measure_id, period, search=search)
    with using(spec.lang):
        return period_options(periods(BY_ID[spec.measure])), spec.period


@callback(Output(MapPage.SEX, "options"), Output(MapPage.SEX, "value"), Input(MapPage.MEASURE, "value"),
          Input(MapPage.PERIOD, "value"), Input(MapPage.SEX, "value"), State(Shell.LOCATION, "search"))  # fmt: skip
def _sexes(measure_id: str, period: str, sex: str, search: object = None) -> tuple[list[dict[str, str]], str]:
    """Keep the sex when the measure and period have rates for it, else the first held."""
    spec = _spec(measure_id, period, sex, search)
    with using(spec.lang):
        return sex_options(sexes(BY_ID[spec.measure], spec.period)), spec.sex


@callback(
    Output(MapPage.GRAPH, "figure"),
    Output(MapPage.KEY_MESSAGE, "children"),
    Output(MapPage.TABLE, "children"),
    Output(MapPage.LOCATION, "search"),
    Input(MapPage.MEASURE, "value"),
    Input(MapPage.PERIOD, "value"),
    Input(MapPage.SEX, "value"),
    State(Shell.LOCATION, "search"),
)
def _draw(measure_id: str, period: str, sex: str, address: object = None) -> tuple[object, ...]:
    """Draw the map; on a person's change (not the first draw) write the view into the URL, so
    a link that asked for something invalid keeps its notice until they choose again."""
    spec = _spec(measure_id, period, sex, address)
    search = dash.no_update if dash.ctx.triggered_id is None else "?" + view.to_query(spec)
    chart = view.build(spec).require(view.MAP)
    with using(spec.lang):
        return chart.figure, chart.sentence, area_table(chart.table, BY_ID[spec.measure]), search
