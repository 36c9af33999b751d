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
from dashboard.components import data_table
from dashboard.config import PROJECT_DIR
from dashboard.ids import MethodsPage
from dashboard.pages.data_status import empty_state
from dashboard.stats.definition import DEFAULT_VERSION, load_definition

dash.register_page(__name__, path="/methods", name="Methods", title="Methods and sources — Who dies too young in Wales",
                   order=40)  # fmt: skip

METHODS_DOC = PROJECT_DIR / "docs" / "methods.md"
CAVEATS = (
    ("WIMD has a health domain.",
     "The Welsh Index of Multiple Deprivation includes health, which counts premature death among its "
     "indicators. Part of any mortality gradient by WIMD group is therefore built into the grouping; the gradient "
     "is not evidence that deprivation alone causes it."),
    ("Three WIMD editions.",
     "WIMD 2014 groups the ONS counts of 2017 (ONS grouped them so); WIMD 2019 ranks the 1,909 LSOAs of 2011; "
     "WIMD 2025 ranks the 1,917 LSOAs of 2021. Ranks and fifths are not comparable across editions, and every "
     "chart names the edition it uses."),
    ("2011 and 2021 LSOAs.",
     "LSOAs were redrawn after the 2021 Census: 1,837 unchanged, 58 split and 45 merged in Wales. Records coded to "
     "2021 LSOAs are mapped to 2011 to meet WIMD 2019 and the 2011-based population estimates; a record in a 2021 "
     "LSOA formed by merging is shared among its 2011 parts in proportion to their population (so counts there can "
     "be fractions), and the pipeline reports how many."),
    ("Published extracts without intervals.",
     "The ONS local authority avoidable mortality extracts held here carry rates only: no counts, no confidence "
     "intervals, no sex split. Charts of them say so, and no difference between them is tested."),
    ("Two ONS editions that are not like for like.",
     "The 2019 and 2020-2022 editions of avoidable mortality by local authority differ in three ways: the later "
     "edition counts COVID-19 (U07.1, U07.2) as preventable, and COVID-19 alone was about 36 deaths per 100,000 "
     "in Wales in 2020, more than the mean difference between the editions; ONS rebased its population estimates "
     "between them (a later ONS table gives Gwynedd 2017-2019 as 253, the 2019 extract 244.8); and the 2019 "
     "extract held does not record its period, sex, ages or standard population. So no map shows a change between "
     "them, no area trend joins them, and the one chart that sets them side by side says they are not a trend."),
    ("'Not recorded'.",
     "Where a source does not say which sex, ages or standard population a figure covers, the figure carries 'not "
     "recorded' in that field, never an assumed value, and titles say so. Such figures are left out of profiles "
     "and ranks of persons' rates."),
    ("Health boards redrawn in 2019.",
     "Bridgend moved from Abertawe Bro Morgannwg to Cwm Taf Morgannwg in April 2019, so 2014 figures for those two "
     "boards have no current area and are left out."),
    ("Small numbers.",
     "No rate is shown from fewer than 10 deaths, and no LSOA count above 0 and below 5 (half deaths included). "
     "Counts that add up (persons = male + female, avoidable = preventable + treatable, an area or WIMD group = "
     "its LSOAs) are protected by withholding more of them, so no withheld count can be worked out by "
     "subtraction. Suppressed areas are drawn grey with the reason."),
)  # fmt: skip


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
