"""Source ids shared by the records pipeline and the web code (a neutral module: no ETL imports)."""

from typing import Final

RECORDS_PREFIX: Final = "deaths:"  # source ids of figures from the records pipeline: deaths:<extract file>

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
