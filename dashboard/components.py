"""Pieces of page shared between pages: the data table behind a chart, the source line, the
notice for a link that asked for something unavailable, the figure element a chart sits in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any, Final

import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import columns as col
from dashboard import data
from dashboard.figures.theme import TOPOJSON_URL
from dashboard.groups import EDITION, GROUP, SCHEME
from dashboard.sources import RECORDS_PREFIX

ORIGIN_WORDS = {
    "published": "Published rates",
    "computed": "Rates computed here from published counts (Dobson 95% CIs, ESP2013)",
    "records": "Rates computed here from death records (Dobson 95% CIs, ESP2013)",
    "synthetic": "SYNTHETIC demonstration figures from an invented register, not real deaths",
}


def origin_words(origin: str, source_id: str = "") -> str:
    """How a figure was made, for its source line ("Published rates", "Rates computed here …")."""
    if origin == "computed" and source_id.startswith(RECORDS_PREFIX):
        return ORIGIN_WORDS["records"]
    return ORIGIN_WORDS[origin]


def how_made(origins: Iterable[str], source_ids: Iterable[str]) -> str:
    """The origin words of a chart's figures, each once ("Published rates. Rates computed here from
    death records …"): figures computed from records are told apart by their source id."""
    records = next((source_id for source_id in source_ids if source_id.startswith(RECORDS_PREFIX)), "")
    return ". ".join(dict.fromkeys(origin_words(origin, records) for origin in sorted(set(origins))))


def notice(problems: list[str], element_id: str) -> html.P:
    """The line a person sees when their link asked for something unavailable (hidden otherwise)."""
    text = f"The link asked for {', '.join(problems)}, which is not available; showing the default instead."
    return html.P(
        text if problems else "", id=element_id, role="status", className="notice" if problems else "notice-empty"
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


def chart_block(
    graph_id: str,
    message_id: str,
    table: str | Component,
    *,
    message: str | None = None,
    figure: object = None,
    config: dcc.Graph.Config = GRAPH_CONFIG,
) -> list[Component]:
    """The design rule for every chart in one place: its key sentence, the chart described by that
    sentence, and the same figures as a table behind "Show as a table". Callbacks fill the parts
    by id (`table` an id), or a page passes them drawn (`table` a component)."""
    graph = dcc.Graph(id=graph_id, config=config) if figure is None else dcc.Graph(id=graph_id, figure=figure,
                                                                                    config=config)  # fmt: skip
    rows = html.Div(id=table) if isinstance(table, str) else table
    return [
        html.P(message, id=message_id, className="key-message"),
        chart(graph, message_id),
        html.Details([html.Summary("Show as a table"), rows]),
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
    return "not published" if pd.isna(lower) else f"{lower:,.1f} to {upper:,.1f}"


def cite(source_id: str) -> str:
    """A source as a source line names it: publisher and title, or for figures from death records
    the extract, the period its deaths cover and the share of its rows rejected."""
    if source_id.startswith(RECORDS_PREFIX):
        return records_citation(source_id)
    records = {record.source_id: record for record in data.sources()}
    record = records.get(source_id)
    return f"{record.publisher}, {record.title} ({record.vintage})" if record else source_id


def records_citation(source_id: str) -> str:
    build = next((b for b in data.records_builds() if b.get("source_id") == source_id), None)
    extract = source_id.removeprefix(RECORDS_PREFIX)
    if build is None:
        return f"death records extract {extract}"
    kind = "synthetic register (invented deaths)" if build["origin"] == "synthetic" else "death records extract"
    return (
        f"{kind} {extract}, deaths dated {build['first_date']} to {build['last_date']}, "
        f"{build['used']:,} of {build['rows_read']:,} records used ({build['rejected_share']:.1%} rejected)"
    )


def group_source_note(rows: pd.DataFrame) -> str:
    """Source, vintage, WIMD edition and scheme, and origin of a WIMD-group selection."""
    first = rows.iloc[0]
    scheme = "national groups" if first[SCHEME] == "national" else "groups within each health board"
    return (
        f"Source: {cite(first[col.SOURCE_ID])}. WIMD {first[EDITION]}, {scheme}, 1 = most deprived. Rates "
        f"{first[col.UNIT]}. {origin_words(first[col.ORIGIN], first[col.SOURCE_ID])}. Period {first[col.PERIOD]}."
    )


def group_table(rows: pd.DataFrame, kind: str, table_id: str) -> html.Table:
    """The figures behind a WIMD-group chart, for screen readers and for copying: every group,
    a withheld rate or count shown as such with its reason."""
    header = [f"WIMD {kind} (1 = most deprived)", "Deaths", "Population", "Rate per 100,000", "95% CI", "Note"]
    body = [
        html.Tr(
            [
                html.Td(int(row[GROUP])),
                html.Td("withheld" if pd.isna(row[col.DEATHS]) else f"{row[col.DEATHS]:,.0f}"),
                html.Td("" if pd.isna(row[col.POPULATION]) else f"{row[col.POPULATION]:,.0f}"),
                html.Td("no rate" if pd.isna(row[col.VALUE]) else f"{row[col.VALUE]:,.1f}"),
                html.Td(ci_text(row[col.LOWER], row[col.UPPER]) if pd.notna(row[col.VALUE]) else ""),
                html.Td(row[col.SUPPRESSED_REASON] if isinstance(row[col.SUPPRESSED_REASON], str) else ""),
            ]
        )
        for _, row in rows.sort_values(GROUP).iterrows()
    ]
    return data_table(header, body, caption="The figures in the chart", table_id=table_id)
