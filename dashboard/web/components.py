"""Pieces of page shared between pages: the data table behind a chart, the source line, the
notice for a link that asked for something unavailable, the figure element a chart sits in."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import wraps
from html import escape
from typing import Any, Final

import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component
from flask import g, has_request_context

from dashboard.figures.theme import TOPOJSON_URL
from dashboard.i18n import N_, _, decimal, in_language, known, using
from dashboard.model import columns as col
from dashboard.model.groups import GROUP
from dashboard.views.base import notice_text
from dashboard.words.labels import kind_word, reason_words

SITE_NAME = N_("Who dies too young in Wales")


def localised(layout: Callable[..., Component]) -> Callable[..., Component]:
    """A page layout drawn in the language its address asks for (`?lang=cy`), remembered for the
    request so the page's title (`page_title`) speaks it too."""

    @wraps(layout)
    def wrapper(**query: Any) -> Component:
        language = known(query.get("lang"))
        if has_request_context():
            g.page_language = language
        with using(language):
            return layout(**query)

    return wrapper


def page_title(english: str) -> Callable[..., str]:
    """A page's <title>, in the language its layout was drawn in (Dash calls this just after it)."""

    def title(**_path: Any) -> str:
        with using(known(g.get("page_language")) if has_request_context() else "en"):
            return (
                _("{page} — {site}").format(page=_(english), site=_(SITE_NAME))
                if english != SITE_NAME
                else _(SITE_NAME)
            )

    return title


def area_link(code: object) -> str:
    """An area's profile, in the language being drawn (the map's links and clicks, a board's table)."""
    return in_language(f"/area?area={code}")


def control(label: str, component_id: str, options: Sequence[object], value: str | None) -> html.Label:
    """A labelled dropdown, as every page's choices are made."""
    return html.Label([label, dcc.Dropdown(id=component_id, options=options, value=value, clearable=False)])


def notice(problems: list[str], element_id: str) -> html.P:
    """The line a person sees when their link asked for something unavailable (hidden otherwise)."""
    return html.P(
        notice_text(problems), id=element_id, role="status", className="notice" if problems else "notice-empty"
    )


# Nothing leaves the machine: no "Share chart" (it uploads the figure to Plotly's cloud), no
# "Edit in Chart Studio", no logo link. The PNG download stays; assets/download-names.js names
# its file after the chart's title, cut at a word.
GRAPH_CONFIG: Final[dcc.Graph.Config] = {
    "displaylogo": False, "showSendToCloud": False, "showEditInChartStudio": False, "showLink": False,
}  # fmt: skip
# Maps load plotly's topojson from the app, never a CDN (see dashboard/figures/theme.py).
MAP_CONFIG: Final[dcc.Graph.Config] = {**GRAPH_CONFIG, "topojsonURL": TOPOJSON_URL}


def chart(graph: dcc.Graph, described_by: str) -> html.Figure:
    """A chart inside a figure element described by its key sentence (`aria-describedby` names
    the element's id), so a screen reader announces the finding the picture shows."""
    aria: dict[str, Any] = {"aria-describedby": described_by}  # a wildcard attribute: no keyword for it
    return html.Figure(graph, className="chart", **aria)


def share(chart_id: str, described_by: str) -> html.Details:
    """The "Share / embed" control under a chart: assets/share.js fills it when opened, from the
    address in the browser (the view) and the chart id, with the embed snippet, the link, an
    image snippet whose alt text is the key sentence, and the downloads."""
    data: dict[str, Any] = {"data-chart-id": chart_id, "data-described-by": described_by,
                            "data-words": share_words()}  # fmt: skip
    return html.Details([html.Summary(_("Share / embed")), html.Div(className="share-body")], className="share", **data)


def share_words() -> str:
    """What assets/share.js writes, in the page's language (JSON in a data attribute)."""
    return json.dumps({
        "link": _("Link to this view"), "embed": _("Embed in a web page or blog post (HTML)"),
        "image": _("Image with its key sentence as alt text (HTML)"), "download": _("Download:"), "png": _("PNG"),
        "png2": _("PNG, twice the size"), "slide": _("PNG for a slide (16:9)"), "svg": _("SVG"), "csv": _("CSV"),
        "xlsx": _("Excel"), "html": _("HTML"), "add": _("Add this chart to my slides"),
        "present": _("Present my slides ({count})"),
}, ensure_ascii=False)  # fmt: skip


def chart_block(
    graph_id: str,
    message_id: str,
    table: str | Component,
    *,
    chart_id: str,
    message: str | None = None,
    figure: object = None,
    config: dcc.Graph.Config = GRAPH_CONFIG,
) -> list[Component]:
    """The design rule for every chart in one place: its key sentence, the chart described by that
    sentence, its share control (`chart_id` from the design contract), and the same figures as a
    table behind "Show as a table". Callbacks fill the parts
    by id (`table` an id), or a page passes them drawn (`table` a component)."""
    graph = dcc.Graph(id=graph_id, config=config) if figure is None else dcc.Graph(id=graph_id, figure=figure,
                                                                                    config=config)  # fmt: skip
    rows = html.Div(id=table) if isinstance(table, str) else table
    return [
        html.P(message, id=message_id, className="key-message"),
        chart(graph, message_id),
        share(chart_id, message_id),
        html.Details([html.Summary(_("Show as a table")), rows]),
    ]


def data_table(
    header: Sequence[str],
    rows: Sequence[html.Tr],
    *,
    caption: str | None = None,
    table_id: str | None = None,
    class_name: str = "data-table",
) -> html.Table:
    """A table of figures as every page draws one: an optional caption, one header row whose
    cells head their columns (scope=col, for screen readers), then the rows."""
    parts: list[Component] = [html.Caption(caption)] if caption else []
    parts += [html.Thead(html.Tr([html.Th(name, scope="col") for name in header])), html.Tbody(list(rows))]
    named: dict[str, Any] = {"id": table_id} if table_id else {}
    return html.Table(parts, className=class_name, **named)


def markup_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    caption: str | None = None,
    class_name: str = "data-table",
) -> dcc.Markdown:
    """A long table (hundreds of rows) as one component: Dash's renderer takes about 10 ms per
    component, so a board's 423 LSOAs drawn as html.Td cells took 20 s to appear. Same markup as
    `data_table` (caption, header cells with scope=col); every cell is escaped."""
    head = "".join(f'<th scope="col">{escape(str(name))}</th>' for name in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows)
    title = f"<caption>{escape(caption)}</caption>" if caption else ""
    markup = f'<table class="{class_name}">{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    return dcc.Markdown(markup, dangerously_allow_html=True)


def ci_text(lower: float, upper: float) -> str:
    """A 95% CI for a table cell, or "not published" where the source gives none."""
    if pd.isna(lower):
        return _("not published")
    return _("{lower} to {upper}").format(lower=decimal(lower), upper=decimal(upper))


def rate_cell(value: float) -> str:
    """A rate as a table shows it, or that it is withheld."""
    return _("no rate: fewer than 10 deaths") if pd.isna(value) else decimal(value)


def group_trend_table(rows: pd.DataFrame) -> html.Table:
    """The figures behind a WIMD-group trend: each year's groups, a withheld rate with its reason."""
    header = [_("Year"), _("Group (1 = most deprived)"), _("Deaths"), _("Rate per 100,000"), _("95% CI"), _("Note")]
    body = [
        html.Tr([html.Td(row[col.PERIOD]), html.Td(int(row[col.GROUP_NUMBER])),
                 html.Td("" if pd.isna(row[col.DEATHS]) else decimal(row[col.DEATHS], 0)),
                 html.Td(rate_cell(row[col.VALUE])), html.Td(ci_text(row[col.LOWER], row[col.UPPER])),
                 html.Td(reason_words(row[col.SUPPRESSED_REASON]))])
        for _index, row in rows.iterrows()
    ]  # fmt: skip
    return data_table(header, body)


def group_table(rows: pd.DataFrame, kind: str, table_id: str) -> html.Table:
    """The figures behind a WIMD-group chart, for screen readers and for copying: every group,
    a withheld rate or count shown as such with its reason."""
    header = [_("WIMD {kind} (1 = most deprived)").format(kind=kind_word(kind)), _("Deaths"), _("Population"),
              _("Rate per 100,000"), _("95% CI"), _("Note")]  # fmt: skip
    body = [
        html.Tr(
            [
                html.Td(int(row[GROUP])),
                html.Td(_("withheld") if pd.isna(row[col.DEATHS]) else decimal(row[col.DEATHS], 0)),
                html.Td("" if pd.isna(row[col.POPULATION]) else decimal(row[col.POPULATION], 0)),
                html.Td(_("no rate") if pd.isna(row[col.VALUE]) else decimal(row[col.VALUE])),
                html.Td(ci_text(row[col.LOWER], row[col.UPPER]) if pd.notna(row[col.VALUE]) else ""),
                html.Td(reason_words(row[col.SUPPRESSED_REASON])),
            ]
        )
        for _index, row in rows.sort_values(GROUP).iterrows()
    ]
    return data_table(header, body, caption=_("The figures in the chart"), table_id=table_id)
