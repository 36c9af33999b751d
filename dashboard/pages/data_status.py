"""What was built: the processed frames, the areas they cover, and every source with its
publisher, vintage, licence and retrieval date: what a person checks before trusting a figure."""

from __future__ import annotations

import dash
import pandas as pd
from dash import html

from dashboard import columns as col
from dashboard import data
from dashboard.ids import DataStatus

dash.register_page(__name__, path="/data", name="Data", title="Data built — Who dies too young in Wales", order=90)

LEVEL_NAMES = {
    "country": "Country",
    "lhb": "Local health boards",
    "la": "Local authorities",
    "lsoa11": "LSOAs (2011)",
    "lsoa21": "LSOAs (2021)",
}


def _table(frame: pd.DataFrame, caption: str, table_id: str) -> html.Table:
    return html.Table(
        [
            html.Caption(caption),
            html.Thead(html.Tr([html.Th(name, scope="col") for name in frame.columns])),
            html.Tbody([html.Tr([html.Td(str(value)) for value in row]) for row in frame.itertuples(index=False)]),
        ],
        id=table_id,
        className="data-table",
    )


def empty_state() -> html.Div:
    return html.Div(
        [
            html.H1("No data built yet"),
            html.P("The dashboard reads the frames that the build writes to data/processed. Build them with:"),
            html.Pre("make data", className="command"),
            html.P(
                "That fetches the official files (from DASHBOARD_SOURCE_MIRROR, or the publishers' sites) "
                "and validates them. Then reload this page."
            ),
        ],
        id=DataStatus.EMPTY,
    )


def layout(**_query: str) -> html.Div:
    if not data.is_built():
        return empty_state()
    areas = data.areas()
    counts = (
        areas.groupby(col.GEOGRAPHY_LEVEL, sort=False)
        .size()
        .rename(index=LEVEL_NAMES)
        .rename_axis("Geography")
        .reset_index(name="Areas")
    )
    outputs = data.build_summary().rename(
        columns={"step": "Step", "file": "File", "rows": "Rows", "built_at": "Built (UTC)"}
    )
    sources = pd.DataFrame(
        [
            {
                "Source": record.title,
                "Publisher": record.publisher,
                "Vintage": record.vintage,
                "Licence": record.licence,
                "Retrieved (UTC)": record.retrieved_at,
                "Checksum": "as registered" if record.verified else "NOT the registered file",
            }
            for record in data.sources()
        ]
    )
    return html.Div(
        [
            html.H1("What the dashboard is built from"),
            html.P(
                f"Last build {data.manifest()['built_at']} (UTC): {len(outputs)} validated outputs from "
                f"{len(sources)} official files.",
                id=DataStatus.SUMMARY,
            ),
            _table(counts, "Areas covered", DataStatus.AREAS),
            _table(outputs, "Processed outputs", DataStatus.OUTPUTS),
            _table(sources, "Sources, vintages and licences", DataStatus.SOURCES),
            records_section(),
        ]
    )


def records_section() -> html.Div:
    """The last records build of each kind shown: the extract, the period its deaths cover, and
    how many rows were read, rejected (by reason) and used."""
    builds = data.records_builds()
    if not builds:
        return html.Div(
            [html.H2("Death records"), html.P("No death records are loaded: figures by LSOA, health board and "
                                              "within-board fifth appear once `python -m dashboard.deaths build "
                                              "EXTRACT` has run.")],
            id=DataStatus.RECORDS,
        )  # fmt: skip
    parts: list[html.Div | html.H2 | html.P | html.Table] = [html.H2("Death records")]
    for build in builds:
        kind = "Synthetic register (invented deaths, demonstration only)" if build["origin"] == "synthetic" else (
            "Death records extract")  # fmt: skip
        parts.append(
            html.P(
                f"{kind} {build['extract']}, built {build['built_at']} (UTC): deaths dated {build['first_date']} to "
                f"{build['last_date']}; {build['rows_read']:,} records read, {build['rejected']:,} rejected "
                f"({build['rejected_share']:.1%}), {build['used']:,} used. Definition {build['definition']}."
            )
        )
        reasons = pd.DataFrame(
            [{"Reason rejected": reason, "Records": f"{count:,}"} for reason, count in
             build["rejected_by_reason"].items()] or [{"Reason rejected": "none", "Records": "0"}]
        )  # fmt: skip
        parts.append(_table(reasons, f"Records rejected from {build['extract']}, by reason", f"{DataStatus.RECORDS}-"
                            f"{build['origin']}"))  # fmt: skip
    return html.Div(parts, id=DataStatus.RECORDS)
