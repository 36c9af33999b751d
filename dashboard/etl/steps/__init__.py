"""The build steps: each turns registered sources into validated processed frames, one module per
source family (geography, deprivation, population, mortality).

A step declares the sources it reads, so the build can skip it when none of them (and no ETL
code) has changed. Each step validates its frames against their contracts before returning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboard.etl.inputs import Inputs
from dashboard.etl.plan import BOUNDARY_SOURCES, STEP_SOURCES
from dashboard.etl.steps.common import Output, StepResult
from dashboard.etl.steps.deprivation import build_deprivation_deaths, build_wimd
from dashboard.etl.steps.geography import boundary_step, build_areas, build_lsoa_change
from dashboard.etl.steps.health import build_gp_supply, build_healthy_life_expectancy
from dashboard.etl.steps.mortality import build_deaths_by_age_2014, build_indicators
from dashboard.etl.steps.population import build_esp2013, build_population

__all__ = ["STEPS", "Output", "Step", "StepResult"]


@dataclass(frozen=True)
class Step:
    name: str
    sources: tuple[str, ...]
    run: Callable[[Inputs], StepResult]


_RUNS: dict[str, Callable[[Inputs], StepResult]] = {
    "areas": build_areas,
    "lsoa_change": build_lsoa_change,
    **{f"boundaries_{level}": boundary_step(level) for level in BOUNDARY_SOURCES},
    "wimd": build_wimd,
    "population": build_population,
    "esp2013": build_esp2013,
    "deprivation_deaths": build_deprivation_deaths,
    "deaths_by_age_2014": build_deaths_by_age_2014,
    "indicators": build_indicators,
    "healthy_life_expectancy": build_healthy_life_expectancy,
    "gp_supply": build_gp_supply,
}
STEPS: tuple[Step, ...] = tuple(Step(name, sources, _RUNS[name]) for name, sources in STEP_SOURCES.items())
