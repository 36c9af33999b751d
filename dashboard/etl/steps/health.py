"""Build steps beyond deaths: healthy life expectancy by local authority (ONS) and GP supply by
local authority (NWSSP, summed by a third party)."""

from __future__ import annotations

import json

import pandas as pd

from dashboard.etl import contracts
from dashboard.etl.inputs import Inputs
from dashboard.etl.steps.common import StepResult, area_codes, official_names, require_known
from dashboard.model import columns as col
from dashboard.model.health import (
    GP_SUPPLY_SOURCE,
    GP_SUPPLY_YEAR,
    HLE_METADATA_SOURCE,
    HLE_SOURCE,
    INTERIM_FIRST_YEAR,
)


def build_healthy_life_expectancy(inputs: Inputs) -> StepResult:
    """HLE at birth for the 22 local authorities, Wales, England and the UK, twelve periods, each
    row marked with the method ONS used (its interim method from the 2020-2022 period on)."""
    frame = inputs.read(HLE_SOURCE)
    metadata = inputs.read(HLE_METADATA_SOURCE)
    las = frame.loc[frame[col.GEOGRAPHY_LEVEL] == "la", col.AREA_CODE].drop_duplicates()
    require_known(las, area_codes(inputs, "la"), what="la", source_id=HLE_SOURCE)
    interim = metadata["interim_method"] & (frame[col.FIRST_YEAR] >= INTERIM_FIRST_YEAR)
    names = official_names(inputs)
    frame = frame.assign(
        **{
            col.AREA_NAME: frame[col.AREA_CODE].map(names).fillna(frame[col.AREA_NAME]),
            col.METHOD: interim.map({True: "interim", False: "standard"}),
            col.SOURCE_ID: HLE_SOURCE,
        }
    )[list(col.HLE_COLUMNS)]
    frame = frame.sort_values([col.GEOGRAPHY_LEVEL, col.AREA_CODE, col.SEX, col.FIRST_YEAR], ignore_index=True)
    contracts.validate(frame, contracts.HLE, frame_name="healthy_life_expectancy",
                       source_ids=[HLE_SOURCE, HLE_METADATA_SOURCE])  # fmt: skip
    wales = frame[(frame[col.AREA_CODE] == col.WALES_CODE)].set_index([col.SEX, col.PERIOD])[col.VALUE]
    notes = [
        f"{HLE_SOURCE}: {len(las)} local authorities, {frame[col.PERIOD].nunique()} periods, {len(frame)} rows; "
        f"Wales female {wales[('Female', '2011-2013')]} to {wales[('Female', '2022-2024')]}, male "
        f"{wales[('Male', '2011-2013')]} to {wales[('Male', '2022-2024')]}; "
        f"{int((frame[col.METHOD] == 'interim').sum())} rows by the interim method"
    ]
    document = json.dumps({key: metadata[key] for key in ("publisher", "released", "in_development",
                                                          "interim_method", "caveats")}, indent=1)  # fmt: skip
    return StepResult({"healthy_life_expectancy.parquet": frame, "hle_metadata.json": document.encode()}, notes)


def build_gp_supply(inputs: Inputs) -> StepResult:
    """Patients, GP headcount and patients per GP for each of the 22 local authorities, 2024."""
    frame: pd.DataFrame = inputs.read(GP_SUPPLY_SOURCE)
    require_known(frame[col.AREA_CODE], area_codes(inputs, "la"), what="la", source_id=GP_SUPPLY_SOURCE)
    names = official_names(inputs)
    frame = frame.assign(area_name=frame[col.AREA_CODE].map(names), year=GP_SUPPLY_YEAR, source_id=GP_SUPPLY_SOURCE)
    frame = frame[list(col.GP_SUPPLY_COLUMNS)]
    contracts.validate(frame, contracts.GP_SUPPLY, frame_name="gp_supply", source_ids=[GP_SUPPLY_SOURCE])
    notes = [
        f"{GP_SUPPLY_SOURCE}: {len(frame)} local authorities, {int(frame[col.PATIENTS].sum()):,} patients, "
        f"{int(frame[col.GPS].sum()):,} GPs (headcount), {frame[col.PATIENTS_PER_GP].min():,.1f} to "
        f"{frame[col.PATIENTS_PER_GP].max():,.1f} patients per GP"
    ]
    return StepResult({"gp_supply.parquet": frame.sort_values(col.AREA_CODE, ignore_index=True)}, notes)
