"""What was built: the processed frames, the areas they cover, and every source with its
publisher, vintage, licence and retrieval date: what a person checks before trusting a figure."""

from __future__ import annotations

import dash
import pandas as pd
from dash import html

from dashboard import data
from dashboard.i18n import N_, _, decimal
from dashboard.model import columns as col
from dashboard.web.components import localised, page_title
from dashboard.web.ids import DataStatus

dash.register_page(__name__, path="/data", name=N_("Data"), title=page_title(N_("Data built")), order=90)

LEVEL_NAMES = {
    "country": N_("Country"),
    "lhb": N_("Local health boards"),
    "la": N_("Local authorities"),
    "lsoa11": N_("LSOAs (2011)"),
    "lsoa21": N_("LSOAs (2021)"),
}


def _table(frame: pd.DataFrame, caption: str, table_id: str, code: tuple[str, ...] = ()) -> html.Table:
    """A table of the frame; the columns in `code` hold names (steps, files), shown as code."""
    shown = [index for index, name in enumerate(frame.columns) if name in code]
    return html.Table(
        [
            html.Caption(caption),
            html.Thead(html.Tr([html.Th(name, scope="col") for name in frame.columns])),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Td(html.Code(str(value)) if index in shown else str(value))
                            for index, value in enumerate(row)
                        ]
                    )
                    for row in frame.itertuples(index=False)
                ]
            ),
        ],
        id=table_id,
        className="data-table",
    )


def rejection_words(reason: str) -> str:
    """A records build's reason for rejecting rows (written in English, `deaths.records`)."""
    return _(reason)


def empty_state() -> html.Div:
    return html.Div(
        [
            html.H1(_("No data built yet")),
            html.P(_("The dashboard reads the frames that the build writes to data/processed. Build them with:")),
            html.Pre("make data", className="command"),
            html.P(
                _(
                    "That fetches the official files (from DASHBOARD_SOURCE_MIRROR, or the publishers' sites) "
                    "and validates them. Then reload this page."
                )
            ),
        ],
        id=DataStatus.EMPTY,
    )


TABULAR_OUTPUTS = (".parquet", ".geojson")  # the build counts rows (features) of these, bytes of the rest


def output_size(file: str, count: int) -> str:
    """A processed output's size as the build counted it: rows of a table, features of a map, else bytes."""
    if file.endswith(TABULAR_OUTPUTS):
        return decimal(count, 0)
    return _("{count} bytes").format(count=decimal(count, 0))


@localised
def layout(**_query: str) -> html.Div:
    if not data.is_built():
        return empty_state()
    areas = data.areas()
    counts = (
        areas.groupby(col.GEOGRAPHY_LEVEL, sort=False)
        .size()
        .rename(index={level: _(name) for level, name in LEVEL_NAMES.items()})
        .rename_axis(_("Geography"))
        .reset_index(name=_("Areas"))
    )
    summary = data.build_summary()
    summary["rows"] = [output_size(file, count) for file, count in zip(summary["file"], summary["rows"], strict=True)]
    outputs = summary.rename(
        columns={"step": _("Step"), "file": _("File"), "rows": _("Rows"), "built_at": _("Built (UTC)")}
    )
    sources = pd.DataFrame(
        [
            {
                _("Source"): record.title,  # cited as published: the test and pages treat titles as names
                _("Publisher"): _(record.publisher),
                _("Vintage"): _(record.vintage),
                _("Licence"): _(record.licence),
                _("Retrieved (UTC)"): record.retrieved_at,
                _("Checksum"): _("as registered") if record.verified else _("NOT the registered file"),
            }
            for record in data.sources()
        ]
    )
    return html.Div(
        [
            html.H1(_("What the dashboard is built from")),
            html.P(
                _("Last build {built} (UTC): {outputs} validated outputs from {sources} official files.").format(
                    built=data.manifest()["built_at"], outputs=len(outputs), sources=len(sources)
                ),
                id=DataStatus.SUMMARY,
            ),
            _table(counts, _("Areas covered"), DataStatus.AREAS),
            _table(outputs, _("Processed outputs"), DataStatus.OUTPUTS, code=(_("Step"), _("File"))),
            _table(sources, _("Sources, vintages and licences"), DataStatus.SOURCES),
            records_section(),
        ]
    )


def records_section() -> html.Div:
    """The last records build of each kind shown: the extract, the period its deaths cover, and
    how many rows were read, rejected (by reason) and used."""
    builds = data.records_builds()
    if not builds:
        return html.Div(
            [html.H2(_("Death records")), html.P(_("No death records are loaded: figures by LSOA, health board and "
                                                 "within-board fifth appear once `python -m dashboard.deaths build "
                                                 "EXTRACT` has run."))],
            id=DataStatus.RECORDS,
        )  # fmt: skip
    parts: list[html.Div | html.H2 | html.P | html.Table] = [html.H2(_("Death records"))]
    for build in builds:
        template = (
            _("Synthetic register (invented deaths, demonstration only) {extract}, built {built} (UTC): deaths dated "
              "{first} to {last}; {read} records read, {rejected} rejected ({share}%), {used} used. Definition "
              "{definition}.")
            if build["origin"] == "synthetic"
            else _("Death records extract {extract}, built {built} (UTC): deaths dated {first} to {last}; {read} "
                   "records read, {rejected} rejected ({share}%), {used} used. Definition {definition}.")
        )  # fmt: skip
        parts.append(html.P(template.format(
            extract=build["extract"], built=build["built_at"], first=build["first_date"], last=build["last_date"],
            read=decimal(build["rows_read"], 0), rejected=decimal(build["rejected"], 0),
            share=decimal(100 * build["rejected_share"], 1), used=decimal(build["used"], 0),
            definition=build["definition"])))  # fmt: skip
        reason_column, records_column = _("Reason rejected"), _("Records")
        reasons = pd.DataFrame(
            [{reason_column: rejection_words(reason), records_column: decimal(count, 0)} for reason, count in
             build["rejected_by_reason"].items()] or [{reason_column: _("none"), records_column: "0"}]
        )  # fmt: skip
        parts.append(_table(reasons, _("Records rejected from {extract}, by reason").format(extract=build["extract"]),
                            f"{DataStatus.RECORDS}-{build['origin']}"))  # fmt: skip
    return html.Div(parts, id=DataStatus.RECORDS)
