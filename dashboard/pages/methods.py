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
from dashboard.config import PROJECT_DIR
from dashboard.i18n import N_, _, current
from dashboard.pages.data_status import empty_state
from dashboard.stats.definition import DEFAULT_VERSION, load_definition
from dashboard.web.components import data_table, localised, page_title
from dashboard.web.ids import MethodsPage
from dashboard.words.caveats import caveats

dash.register_page(__name__, path="/methods", name=N_("Methods"), title=page_title(N_("Methods and sources")),
                   order=40)  # fmt: skip

# The methods document in each language: prose too long for message catalogues, kept side by side.
METHODS_DOCS = {"en": PROJECT_DIR / "docs" / "methods.md", "cy": PROJECT_DIR / "docs" / "methods.cy.md"}
METHODS_DOC = METHODS_DOCS["en"]


def retrieved_from(origin: str) -> list[str | html.Code]:
    """'mirror copy: <file>' or the publisher's host, short enough for a table cell; the file
    name and host as code (they are names, in no language)."""
    kind, _colon, where = origin.partition(":")
    if kind == "mirror":
        before, _field, after = _("mirror copy: {file}").partition("{file}")
        return [before, html.Code(PurePath(where).name), after]
    return [html.Code(urlparse(origin).netloc or origin)]


def sources_table() -> html.Table:
    header = [_("Source"), _("Publisher"), _("Vintage"), _("Licence"), _("Retrieved (UTC)"), _("From"), _("Checksum")]
    body = [
        html.Tr(
            [
                # A publication's title as published (most are in English only), marked as English.
                html.Td(
                    html.A(record.title, href=record.page, lang="en")
                    if record.page
                    else html.Span(record.title, lang="en")
                ),
                html.Td(_(record.publisher)),
                html.Td(_(record.vintage)),
                html.Td(_(record.licence)),
                html.Td(record.retrieved_at),
                html.Td(retrieved_from(record.retrieved_from)),
                html.Td(_("as registered") if record.verified else _("NOT the registered file")),
            ]
        )
        for record in sorted(data.sources(), key=lambda r: (r.publisher, r.title))
    ]
    return data_table(header, body, caption=_("Every source the build read"), table_id=MethodsPage.SOURCES)


def definition_table(table: pd.DataFrame) -> html.Table:
    header = [_("Cause"), _("Group"), _("ICD-10"), _("Excluding"), _("Category"), _("Ages"), _("Evidence"), _("Note")]
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
            lang="en",  # the definition's own words
        )
        for _index, row in table.iterrows()
    ]
    return data_table(
        header, body,
        caption=_("Avoidable causes of death, definition version {version}").format(version=DEFAULT_VERSION),
        table_id=MethodsPage.DEFINITION, class_name="data-table definition",
    )  # fmt: skip


def methods_document() -> html.Div:
    """The methods document in the page's language; until a Welsh text exists, the English one,
    marked as English (so a screen reader reads it as English) under a sentence saying so."""
    path = METHODS_DOCS[current()]
    if path.exists():
        return html.Div(dcc.Markdown(path.read_text(encoding="utf-8")), id=MethodsPage.FORMULAS)
    return html.Div(
        [html.P(_("The methods document below is in English; its Welsh translation is on its way.")),
         html.Div(dcc.Markdown(METHODS_DOC.read_text(encoding="utf-8")), lang="en")],
        id=MethodsPage.FORMULAS,
    )  # fmt: skip


@localised
def layout(**_query: str) -> html.Div:
    definition = load_definition()
    table = definition.table
    disputed = table[table["evidence"] == "disputed"]
    evidence_counts = ", ".join(f"{count} {name}" for name, count in table["evidence"].value_counts().items())
    return html.Div(
        [
            html.H1(_("Methods and sources")),
            html.H2(_("Read this first")),
            html.Dl(
                [part for term, text in caveats() for part in (html.Dt(term), html.Dd(text))],
                id=MethodsPage.CAVEATS,
                className="caveats",
            ),
            html.H2(_("Sources")),
            sources_table() if data.is_built() else empty_state(),
            html.H2(_("Avoidable mortality definition")),
            html.P(
                _(
                    "{count} cause groups from the OECD/Eurostat list of November 2019, as ONS adopted it in 2020, "
                    "for deaths under 75; conditions on both lists count half preventable, half treatable. The "
                    "official code table was not available as text, so each row says how well it is established "
                    "({evidence}). The {disputed} disputed rows, where sources differ, are marked:"
                ).format(count=len(table), evidence=evidence_counts, disputed=len(disputed))
            ),
            html.Ul(
                [
                    html.Li(f"{row['cause_group']} ({row['icd10']}): {row['note']}")
                    for _index, row in disputed.iterrows()
                ],
                id=MethodsPage.DISPUTED,
                lang="en",  # the definition's own words, as its sources give them
            ),
            html.Details([html.Summary(_("The whole definition table")), definition_table(table)]),
            html.P(
                _(
                    "The definition's cause names and notes are given in English, as the OECD/Eurostat and ONS "
                    "sources give them."
                ),
                className="explainer",
            )
            if current() != "en"
            else None,
            methods_document(),
        ]
    )
