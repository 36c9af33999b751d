"""Source lines: where a chart's figures come from, their vintage and how they were made, written
the same way on pages, embeds, exports and slides (no Dash here)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashboard import columns as col
from dashboard import data
from dashboard.groups import EDITION, SCHEME
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


def licence(source_id: str) -> str:
    """The licence a source's figures are published under, as the registry records it; figures
    from death records are under the terms their extract was shared on."""
    if source_id.startswith(RECORDS_PREFIX):
        build = next((b for b in data.records_builds() if b.get("source_id") == source_id), None)
        if build is not None and build["origin"] == "synthetic":
            return "invented demonstration data: no real deaths, no licence needed"
        return "computed from a death records extract: the terms it was shared under apply"
    record = next((record for record in data.sources() if record.source_id == source_id), None)
    return record.licence if record else "see the Methods page"
