"""Build steps for the ONS mortality tables by area: deaths by age (2014) and the published rates
in the indicator frame."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.etl import contracts
from dashboard.etl.errors import SourceError
from dashboard.etl.inputs import Inputs
from dashboard.etl.plan import (
    DEPRIVATION_SOURCE,
    INDICATOR_SOURCES,
    PUBLISHED_LA_RATE_SOURCES,
)
from dashboard.etl.readers.common import label_key
from dashboard.etl.readers.ons_area import MEASURE
from dashboard.etl.steps.common import (
    StepResult,
    area_codes,
    indicator_rows,
    match_la_names,
    official_names,
    read_lookups,
    require_known,
)
from dashboard.etl.steps.deprivation import premature_by_deprivation
from dashboard.model import columns as col
from dashboard.model.selection import UNDER_75

# Health boards in the 2014 tables whose boundaries still stand; Abertawe Bro Morgannwg and Cwm Taf
# were redrawn in April 2019 (Bridgend moved), so their 2014 figures have no current area.
LHB_2014_CODES = {
    "betsicadwaladruniversity": "W11000023",
    "powysteaching": "W11000024",
    "hyweldda": "W11000025",
    "aneurinbevan": "W11000028",
    "cardiffandvaleuniversity": "W11000029",
}
LHB_2014_REDRAWN = {"abertawebromorgannwguniversity", "cwmtaf"}
ASMR_UNIT = "per 100,000, age-standardised (ESP2013)"
UNRECORDED_STANDARD_UNIT = "per 100,000, age-standardised (standard population not recorded)"
PUBLISHED_LA_RATES = {
    # source id: (indicator, sex, age group, unit), each as the source records it, or "not recorded"
    "ons_avoidable_la_2019": ("avoidable_mortality", col.NOT_RECORDED, col.NOT_RECORDED, UNRECORDED_STANDARD_UNIT),
    "ons_avoidable_la_2022": ("avoidable_mortality", "Persons", UNDER_75, ASMR_UNIT),
    "ons_all_cause_la_2023": ("all_cause_mortality", "Persons", "all ages", ASMR_UNIT),
}
if tuple(PUBLISHED_LA_RATES) != PUBLISHED_LA_RATE_SOURCES:  # the plan and the steps name the same sources
    raise RuntimeError("PUBLISHED_LA_RATES and plan.PUBLISHED_LA_RATE_SOURCES differ")


def build_deaths_by_age_2014(inputs: Inputs) -> StepResult:
    source_id = "ons_area_deaths_2014_ages"
    table = inputs.read(source_id)
    table = table.assign(**{col.AREA_CODE: match_la_names(table[col.AREA_NAME], inputs)})
    welsh = table[table[col.AREA_CODE].notna()]
    require_known(
        welsh[col.AREA_CODE].drop_duplicates(),
        area_codes(inputs, "la") | {col.WALES_CODE},
        what="Welsh LA",
        source_id=source_id,
    )
    frame = pd.DataFrame(
        {
            col.YEAR: 2014,
            col.GEOGRAPHY_LEVEL: np.where(welsh[col.AREA_CODE] == col.WALES_CODE, "country", "la"),
            col.AREA_CODE: welsh[col.AREA_CODE],
            col.SEX: welsh[col.SEX],
            col.AGE_BAND: welsh[col.AGE_BAND],
            col.DEATHS: welsh[col.DEATHS],
        }
    ).reset_index(drop=True)
    contracts.validate(frame, contracts.DEATHS_BY_AGE, frame_name="deaths_by_age_2014", source_ids=[source_id])
    las = frame[frame[col.GEOGRAPHY_LEVEL] == "la"][col.DEATHS].sum()
    wales = frame[frame[col.GEOGRAPHY_LEVEL] == "country"][col.DEATHS].sum()
    if las != wales:
        raise SourceError(f"the 22 local authorities hold {las} deaths but WALES {wales}", source_id=source_id)
    return StepResult(
        {"deaths_by_age_2014.parquet": frame},
        [f"{table[col.AREA_NAME].nunique() - 23} English and other areas left out (not Welsh)"],
    )


def build_indicators(inputs: Inputs) -> StepResult:
    """Published figures in the common indicator frame (origin 'published')."""
    names = read_lookups(inputs).drop_duplicates(col.LA_CODE).set_index(col.LA_CODE)[col.LA_NAME]
    pieces: list[pd.DataFrame] = []
    notes: list[str] = []
    for source_id, (indicator, sex, age_group, unit) in PUBLISHED_LA_RATES.items():
        rates = inputs.read(source_id)
        require_known(rates[col.AREA_CODE], set(names.index), what="LA", source_id=source_id)
        pieces.append(
            indicator_rows(
                rates.assign(**{col.AREA_NAME: rates[col.AREA_CODE].map(names)}),
                {
                    col.INDICATOR: indicator,
                    col.GEOGRAPHY_LEVEL: "la",
                    col.SEX: sex,
                    col.AGE_GROUP: age_group,
                    col.UNIT: unit,
                    col.SOURCE_ID: source_id,
                    col.ORIGIN: "published",
                },
            )
        )
    pieces.append(_asmr_2014(inputs, "ons_area_deaths_2014_rates", notes))
    pieces.append(_asmr_2014(inputs, "ons_lhb_deaths_2014_rates", notes))
    pieces.append(premature_by_deprivation(inputs.read(DEPRIVATION_SOURCE)))
    frame = pd.concat(pieces, ignore_index=True)
    contracts.validate(frame, contracts.INDICATORS, frame_name="indicators", source_ids=INDICATOR_SOURCES)
    counts = frame.groupby([col.INDICATOR, col.PERIOD]).size().to_dict()
    notes.append(f"indicator rows by indicator and period: {counts}")
    return StepResult({"indicators.parquet": frame}, notes)


def _asmr_2014(inputs: Inputs, source_id: str, notes: list[str]) -> pd.DataFrame:
    """All-cause, all-age ASMR by sex for Wales and its LAs (Table 1a) or health boards (Table 1b)."""
    table = inputs.read(source_id)
    if source_id == "ons_lhb_deaths_2014_rates":
        keys = table[col.AREA_NAME].map(label_key)
        codes = keys.map(LHB_2014_CODES)
        level = "lhb"
        redrawn = sorted(set(table.loc[keys.isin(LHB_2014_REDRAWN), col.AREA_NAME]))
        notes.append(f"{source_id}: left out {redrawn}: boundaries redrawn in April 2019, no current area")
    else:
        codes = match_la_names(table[col.AREA_NAME], inputs)
        level = "la"
    table = table.assign(**{col.AREA_CODE: codes})
    table = table[table[col.AREA_CODE].notna()]
    if level == "la":
        table = table.assign(**{col.GEOGRAPHY_LEVEL: np.where(table[col.AREA_CODE] == col.WALES_CODE, "country", "la")})
    else:
        table = table.assign(**{col.GEOGRAPHY_LEVEL: "lhb"})
    wide = table.pivot_table(
        index=[col.GEOGRAPHY_LEVEL, col.AREA_CODE, col.AREA_NAME, col.SEX],
        columns=MEASURE,
        values=col.VALUE,
        aggfunc="first",
    ).reset_index()
    official = official_names(inputs)
    rows = pd.DataFrame(
        {
            col.GEOGRAPHY_LEVEL: wide[col.GEOGRAPHY_LEVEL],
            col.AREA_CODE: wide[col.AREA_CODE],
            col.AREA_NAME: wide[col.AREA_CODE].map(official),
            col.PERIOD: "2014",
            col.SEX: wide[col.SEX],
            col.DEATHS: wide["deaths"],
            col.VALUE: wide["asmr"],
        }
    )
    return indicator_rows(
        rows,
        {
            col.INDICATOR: "all_cause_mortality",
            col.AGE_GROUP: "all ages",
            col.UNIT: ASMR_UNIT,
            col.SOURCE_ID: source_id,
            col.ORIGIN: "published",
        },
    )
