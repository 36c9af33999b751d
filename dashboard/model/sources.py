"""Source ids shared by the records pipeline and the web code (a neutral module: no ETL imports)."""

from dataclasses import dataclass
from typing import Final

from dashboard.model import indicators

RECORDS_PREFIX: Final = "deaths:"  # source ids of figures from the records pipeline: deaths:<extract file>
SMOOTHED_SUFFIX: Final = "_smoothed.parquet"  # beside a records build's figures: indicators_synthetic_smoothed.parquet

# Sources whose figures may be joined into one trend: the same measure, definition, standard
# population and kind of population base. Any other pair of sources is not like for like (the
# ONS 2019 and 2022 avoidable editions differ in definition and population base), and a view
# never draws a change between them.
COMPARABLE_SERIES: Final[dict[str, str]] = {
    "ons_area_deaths_2014_rates": "ons-all-cause-asmr-la",  # ONS annual registrations, ASMR, ESP2013
    "ons_all_cause_la_2023": "ons-all-cause-asmr-la",
}


def series_of(source_id: str) -> str:
    """The trend series a source's figures belong to: itself unless listed as comparable."""
    return COMPARABLE_SERIES.get(source_id, source_id)


# The ONS workbook's 19 cause groups (by its cause code) folded into five broad groups, each an
# indicator of its own; every code must be placed, so a new layout cannot drop deaths silently.
# Shared by the build (which computes the rates) and the pages (excess deaths by cause).
PREMATURE_CAUSE_GROUPS: Final = indicators.PREMATURE_CAUSE_GROUPS  # indicator -> ONS cause groups (the catalogue's)
MANIFEST_NAME: Final = "manifest.json"  # what the last build wrote, in data/processed


@dataclass(frozen=True)
class SourceRecord:
    """Provenance of one raw file the build read (its fetch sidecar), as the Data and Methods pages list it."""

    source_id: str
    title: str
    publisher: str
    vintage: str
    licence: str
    page: str
    retrieved_from: str
    retrieved_at: str
    verified: bool
