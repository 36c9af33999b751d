"""Source lines: where a chart's figures come from, their vintage and how they were made, written
the same way on pages, embeds, exports and slides (no Dash here)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashboard import data
from dashboard.i18n import N_, _, decimal
from dashboard.model import columns as col
from dashboard.model.groups import EDITION, SCHEME
from dashboard.model.sources import RECORDS_PREFIX
from dashboard.words.labels import period_label, unit_words

ORIGIN_WORDS = {
    "published": N_("Published rates"),
    "computed": N_("Rates computed here from published counts (Dobson 95% CIs, ESP2013)"),
    "records": N_("Rates computed here from death records (Dobson 95% CIs, ESP2013)"),
    "synthetic": N_("SYNTHETIC demonstration figures from an invented register, not real deaths"),
}
# The registry's publishers, vintages and licences as the catalogue holds them (a test checks that
# every source's are here). Titles are the publications' own, cited as published (most are in
# English only).
REGISTRY_WORDS = (
    N_("Office for National Statistics"), N_("Welsh Government"), N_("Eurostat"),
    N_("OGL-3.0"), N_("OGL-3.0; contains OS data © Crown copyright and database right"),
    N_("OGL-3.0; contains OS data © Crown copyright and database right 2021"),
    N_("OGL-3.0; contains OS data © Crown copyright and database right 2022"),
    N_("OGL-3.0; contains OS data © Crown copyright and database right 2024"),
    N_("Reproduction is authorised provided the source is acknowledged"),
    N_("2019 edition"), N_("April 2022"), N_("December 2011"), N_("December 2019"), N_("December 2021"),
    N_("May 2024"), N_("November 2019 (2011 LSOAs)"), N_("November 2025 (2021 LSOAs)"), N_("deaths registered 2014"),
    N_("deaths registered 2017; mid-2017 populations; WIMD 2014"), N_("mid-2017 (2011 LSOAs)"),
    N_("mid-2019 (2011 LSOAs)"), N_("mid-2019"), N_("mid-2020 (2011 LSOAs)"), N_("mid-2020"),
    N_("NHS Wales Shared Services Partnership"), N_("2011-2013 to 2022-2024"), N_("February 2026"),
    N_("not stated by NWSSP (NHS Wales usually publishes under OGL-3.0; not verified)"),
)  # fmt: skip


def origin_words(origin: str, source_id: str = "") -> str:
    """How a figure was made, for its source line ("Published rates", "Rates computed here …")."""
    if origin == "computed" and source_id.startswith(RECORDS_PREFIX):
        return _(ORIGIN_WORDS["records"])
    return _(ORIGIN_WORDS[origin])


def how_made(origins: Iterable[str], source_ids: Iterable[str]) -> str:
    """The origin words of a chart's figures, each once ("Published rates. Rates computed here from
    death records …"): figures computed from records are told apart by their source id."""
    records = next((source_id for source_id in source_ids if source_id.startswith(RECORDS_PREFIX)), "")
    return _(". ").join(dict.fromkeys(origin_words(origin, records) for origin in sorted(set(origins))))


def cite(source_id: str) -> str:
    """A source as a source line names it: publisher and title, or for figures from death records
    the extract, the period its deaths cover and the share of its rows rejected."""
    if source_id.startswith(RECORDS_PREFIX):
        return records_citation(source_id)
    records = {record.source_id: record for record in data.sources()}
    record = records.get(source_id)
    return f"{_(record.publisher)}, {record.title} ({_(record.vintage)})" if record else source_id


def records_citation(source_id: str) -> str:
    build = next((b for b in data.records_builds() if b.get("source_id") == source_id), None)
    extract = source_id.removeprefix(RECORDS_PREFIX)
    if build is None:
        return _("death records extract {extract}").format(extract=extract)
    template = (
        _("synthetic register (invented deaths) {extract}, deaths dated {first} to {last}, {used} of {read} records "
          "used ({rejected}% rejected)")
        if build["origin"] == "synthetic"
        else _("death records extract {extract}, deaths dated {first} to {last}, {used} of {read} records used "
               "({rejected}% rejected)")
    )  # fmt: skip
    return template.format(extract=extract, first=build["first_date"], last=build["last_date"],
                           used=decimal(build["used"], 0), read=decimal(build["rows_read"], 0),
                           rejected=decimal(100 * build["rejected_share"], 1))  # fmt: skip


def group_source_note(rows: pd.DataFrame) -> str:
    """Source, vintage, WIMD edition and scheme, and origin of a WIMD-group selection."""
    first = rows.iloc[0]
    template = (
        _("Source: {source}. WIMD {edition}, national groups, 1 = most deprived. Rates {unit}. {origin}. Period "
          "{period}.")
        if first[SCHEME] == "national"
        else _("Source: {source}. WIMD {edition}, groups within each health board, 1 = most deprived. Rates {unit}. "
               "{origin}. Period {period}.")
    )  # fmt: skip
    return template.format(source=cite(first[col.SOURCE_ID]), edition=first[EDITION], unit=unit_words(first[col.UNIT]),
                           origin=origin_words(first[col.ORIGIN], first[col.SOURCE_ID]),
                           period=period_label(first[col.PERIOD]))  # fmt: skip


def licence(source_id: str) -> str:
    """The licence a source's figures are published under, as the registry records it; figures
    from death records are under the terms their extract was shared on."""
    if source_id.startswith(RECORDS_PREFIX):
        build = next((b for b in data.records_builds() if b.get("source_id") == source_id), None)
        if build is not None and build["origin"] == "synthetic":
            return _("invented demonstration data: no real deaths, no licence needed")
        return _("computed from a death records extract: the terms it was shared under apply")
    record = next((record for record in data.sources() if record.source_id == source_id), None)
    return _(record.licence) if record else _("see the Methods page")
