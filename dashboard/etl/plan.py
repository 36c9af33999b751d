"""The build's plan without its machinery: each step's name and the registered sources it reads.

Kept apart from `steps/` (pandas, geopandas, pandera, every reader) so that a build with
nothing to do decides so from the fingerprints alone, without importing any of that.
"""

from __future__ import annotations

from typing import Final

from dashboard.model.health import GP_SUPPLY_SOURCE, HLE_METADATA_SOURCE, HLE_SOURCE

LOOKUPS: Final = ("lsoa11_lookup", "lsoa21_lookup")
WELSH_NAMES: Final = "welsh_names"
BOUNDARY_SOURCES: Final = {
    "lsoa11": "lsoa11_boundaries",
    "lsoa21": "lsoa21_boundaries",
    "la": "la_boundaries",
    "lhb": "lhb_boundaries",
}
WIMD_SOURCES: Final = ("wimd2019_ranks", "wimd2025_ranks")
POPULATION_SOURCES: Final = (
    "population_lsoa_2017",
    "population_lsoa_2019",
    "population_lsoa_2020",
    "population_la_2019",
    "population_la_2020",
)
PUBLISHED_LA_RATE_SOURCES: Final = ("ons_avoidable_la_2019", "ons_avoidable_la_2022", "ons_all_cause_la_2023")
DEPRIVATION_SOURCE: Final = "ons_deprivation_deaths_2017"
INDICATOR_SOURCES: Final = (
    *PUBLISHED_LA_RATE_SOURCES, "ons_area_deaths_2014_rates", "ons_lhb_deaths_2014_rates", DEPRIVATION_SOURCE,
)  # fmt: skip

# Step name -> the sources it reads, in the order the steps run.
STEP_SOURCES: Final[dict[str, tuple[str, ...]]] = {
    "areas": (*LOOKUPS, WELSH_NAMES),
    "lsoa_change": ("lsoa_change", *LOOKUPS),
    **{f"boundaries_{level}": (source_id, *LOOKUPS) for level, source_id in BOUNDARY_SOURCES.items()},
    "wimd": (*WIMD_SOURCES, *LOOKUPS),
    "population": (*POPULATION_SOURCES, *LOOKUPS),
    "esp2013": ("esp2013",),
    "deprivation_deaths": (DEPRIVATION_SOURCE, *LOOKUPS),
    "deaths_by_age_2014": ("ons_area_deaths_2014_ages", *LOOKUPS),
    "indicators": (*INDICATOR_SOURCES, *LOOKUPS),
    "healthy_life_expectancy": (HLE_SOURCE, HLE_METADATA_SOURCE, *LOOKUPS),
    "gp_supply": (GP_SUPPLY_SOURCE, *LOOKUPS),
}
