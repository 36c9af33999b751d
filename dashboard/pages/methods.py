"""Methods and sources: every source with its publisher, vintage, licence and retrieval date (from
the fetch sidecars), the caveats a reader needs, the formulas (docs/methods.md, the same text as in
the repository), and the avoidable mortality definition table with its uncertain rows marked."""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import urlparse

import dash
import pandas as pd
from dash import dcc, html

from dashboard import data
from dashboard.caveats import CAVEATS
from dashboard.components import data_table
from dashboard.config import PROJECT_DIR
from dashboard.ids import MethodsPage
from dashboard.pages.data_status import empty_state
from dashboard.stats.definition import DEFAULT_VERSION, load_definition

dash.register_page(__name__, path="/methods", name="Methods", title="Methods and sources — Who dies too young in Wales",
                   order=40)  # fmt: skip

METHODS_DOC = PROJECT_DIR / "docs" / "methods.md"


def retrieved_from(origin: str) -> str:
    """'mirror: <file>' or the publisher's host, short enough for a table cell."""
    kind, _, where = origin.partition(":")
    if kind == "mirror":
        return f"mirror copy: {PurePath(where).name}"
    return urlparse(origin).netloc or origin


def sources_table() -> html.Table:
    header = ["Source", "Publisher", "Vintage", "Licence", "Retrieved (UTC)", "From", "Checksum"]
    body = [
        html.Tr(
            [
                html.Td(html.A(record.title, href=record.page) if record.page else record.title),
                html.Td(record.publisher),
                html.Td(record.vintage),
                html.Td(record.licence),
                html.Td(record.retrieved_at),
                html.Td(retrieved_from(record.retrieved_from)),
                html.Td("as registered" if record.verified else "NOT the registered file"),
            ]
        )
        for record in sorted(data.sources(), key=lambda r: (r.publisher, r.title))
    ]
    return data_table(header, body, caption="Every source the build read", table_id=MethodsPage.SOURCES)


def definition_table(table: pd.DataFrame) -> html.Table:
    header = ["Cause", "Group", "ICD-10", "Excluding", "Category", "Ages", "Evidence", "Note"]
    body = [
        html.Tr(
            [
                html.Td(row["cause_group"]),
                html.Td(row["broad_group"]),
                html.Td(row["icd10"]),
                html.Td(row["exclude"] if isinstance(row["exclude"], str) else ""),
                html.Td(row["category"]),
                html.Td(f"{row['age_min']}–{row['age_max']}"),
                html.Td(row["evidence"]),
                html.Td(row["note"] if isinstance(row["note"], str) else ""),
            ],
            className="disputed" if row["evidence"] == "disputed" else "",
        )
        for _, row in table.iterrows()
    ]
    return data_table(
        header, body, caption=f"Avoidable causes of death, definition version {DEFAULT_VERSION}",
        table_id=MethodsPage.DEFINITION, class_name="data-table definition",
    )  # fmt: skip


def layout(**_query: str) -> html.Div:
    definition = load_definition()
    table = definition.table
    disputed = table[table["evidence"] == "disputed"]
    evidence_counts = ", ".join(f"{count} {name}" for name, count in table["evidence"].value_counts().items())
    return html.Div(
        [
            html.H1("Methods and sources"),
            html.H2("Read this first"),
            html.Dl(
                [part for term, text in CAVEATS for part in (html.Dt(term), html.Dd(text))],
                id=MethodsPage.CAVEATS,
                className="caveats",
            ),
            html.H2("Sources"),
            sources_table() if data.is_built() else empty_state(),
            html.H2("Avoidable mortality definition"),
            html.P(
                f"{len(table)} cause groups from the OECD/Eurostat list of November 2019, as ONS adopted it in 2020, "
                "for deaths under 75; conditions on both lists count half preventable, half treatable. The official "
                "code table was not available as text, so each row says how well it is established "
                f"({evidence_counts}). The {len(disputed)} disputed rows, where sources differ, are marked:"
            ),
            html.Ul(
                [html.Li(f"{row['cause_group']} ({row['icd10']}): {row['note']}") for _, row in disputed.iterrows()],
                id=MethodsPage.DISPUTED,
            ),
            html.Details([html.Summary("The whole definition table"), definition_table(table)]),
            html.Div(dcc.Markdown(METHODS_DOC.read_text(encoding="utf-8")), id=MethodsPage.FORMULAS),
        ]
    )
