"""Reading registered sources during a build: each source read once, by its registered reader."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dashboard.etl.fetch import raw_path_for
from dashboard.etl.readers import geography, health, ons_area, ons_deprivation, population, wimd
from dashboard.etl.registry import Registry, Source

Reader = Callable[[Path, Source], Any]

READERS: dict[str, Reader] = {
    "boundaries": lambda path, source: geography.read_boundaries(path, source.id),
    "lsoa_lookup": lambda path, source: geography.read_lsoa_lookup(path, source.id),
    "lsoa_change": lambda path, source: geography.read_lsoa_change(path, source.id),
    "welsh_names": lambda path, source: geography.read_welsh_names(path, source.id),
    "wimd_ranks": lambda path, source: wimd.read_wimd_ranks(path, source.id),
    "population_syoa": lambda path, source: population.read_population_by_age(
        path, source.id, population.mid_year(source.vintage, source.id)
    ),
    "esp2013": lambda path, source: population.read_esp2013(path, source.id),
    "ons_deprivation_deaths": lambda path, source: ons_deprivation.read_deprivation_workbook(path, source.id),
    "ons_area_rates": lambda path, source: ons_area.read_area_rates(path, source.id),
    "ons_area_deaths_by_age": lambda path, source: ons_area.read_area_deaths_by_age(path, source.id),
    "healthy_life_expectancy": lambda path, source: health.read_healthy_life_expectancy(path, source.id),
    "hle_metadata": lambda path, source: health.read_hle_metadata(path, source.id),
    "gp_supply": lambda path, source: health.read_gp_supply(path, source.id),
    "published_la_rates": lambda path, source: ons_area.read_published_la_rates(
        path, source.id, source.vintage, source.layout
    ),
}


class Inputs:
    """The build's view of data/raw: `read(source_id)` returns that source's tidy frame(s)."""

    def __init__(self, registry: Registry, raw_dir: Path) -> None:
        self.registry = registry
        self.raw_dir = raw_dir
        self._read: dict[str, Any] = {}

    def read(self, source_id: str) -> Any:
        if source_id not in self._read:
            source = self.registry[source_id]
            self._read[source_id] = READERS[source.reader](raw_path_for(source, self.raw_dir), source)
        return self._read[source_id]
