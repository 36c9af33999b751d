"""Build steps for populations: mid-year estimates by single year of age, and the ESP2013 weights."""

from __future__ import annotations

import pandas as pd

from dashboard.etl import contracts
from dashboard.etl.inputs import Inputs
from dashboard.etl.plan import (
    POPULATION_SOURCES,
)
from dashboard.etl.steps.common import (
    StepResult,
    area_codes,
    require_known,
)
from dashboard.model import columns as col


def build_population(inputs: Inputs) -> StepResult:
    """Persons by single year of age for LSOAs (2011) and local authorities, every year held."""
    pieces, notes = [], []
    for source_id in POPULATION_SOURCES:
        frame = inputs.read(source_id)
        level = "lsoa11" if frame[col.AREA_CODE].str.startswith("W01").all() else "la"
        areas = frame[col.AREA_CODE].drop_duplicates()
        require_known(areas, area_codes(inputs, level), what=level, source_id=source_id)
        pieces.append(frame.assign(**{col.GEOGRAPHY_LEVEL: level}))
        notes.append(f"{source_id}: {len(areas)} {level} areas, {int(frame[col.POPULATION].sum()):,} people")
    population = pd.concat(pieces, ignore_index=True)[
        [col.GEOGRAPHY_LEVEL, col.AREA_CODE, col.YEAR, col.AGE, col.POPULATION]
    ]
    contracts.validate(population, contracts.POPULATION, frame_name="population", source_ids=POPULATION_SOURCES)
    return StepResult({"population.parquet": population}, notes)


def build_esp2013(inputs: Inputs) -> StepResult:
    frame = inputs.read("esp2013")
    contracts.validate(frame, contracts.ESP2013, frame_name="esp2013", source_ids=["esp2013"])
    return StepResult({"esp2013.parquet": frame})
