"""Build steps for deprivation: WIMD ranks and groups, and the ONS deaths by WIMD decile with the
under-75 rates computed from them."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dashboard.etl import contracts
from dashboard.etl.errors import SourceError
from dashboard.etl.inputs import Inputs
from dashboard.etl.plan import (
    DEPRIVATION_SOURCE,
    WIMD_SOURCES,
)
from dashboard.etl.readers.ons_deprivation import DeprivationWorkbook
from dashboard.etl.steps.common import (
    StepResult,
    area_codes,
    indicator_rows,
    read_lookups,
    require_known,
)
from dashboard.model import columns as col
from dashboard.model.breakdowns import with_groups, without_groups
from dashboard.model.selection import UNDER_75, UNDER_75_UNIT
from dashboard.model.sources import PREMATURE_CAUSE_GROUPS
from dashboard.stats.disclosure import apply_disclosure
from dashboard.stats.rates import dsr_table


def fraction_group(rank: pd.Series, count: int, groups: int) -> pd.Series:
    """Welsh Government's deciles and quintiles: ranks cut into groups of ceil(N / groups),
    so with 1,909 LSOAs the deciles hold 191 (x9) and 190, the quintiles 382 (x4) and 381."""
    size = math.ceil(count / groups)
    return ((rank - 1) // size + 1).astype("int64")


def build_wimd(inputs: Inputs) -> StepResult:
    """Overall WIMD rank with national deciles and quintiles, and quintiles within each health board."""
    lookups = read_lookups(inputs)
    overall_frames, domain_frames, notes = [], [], []
    for source_id in WIMD_SOURCES:
        ranks = inputs.read(source_id)
        overall = ranks[ranks[col.WIMD_DOMAIN] == "overall"].drop(columns=col.WIMD_DOMAIN)
        codes = set(overall[col.LSOA_CODE])
        vintages = {int(str(v)): set(group[col.LSOA_CODE]) for v, group in lookups.groupby(col.LSOA_VINTAGE)}
        vintage = next((v for v, known in vintages.items() if known == codes), None)
        if vintage is None:
            closest = min(vintages, key=lambda v: len(codes ^ vintages[v]))
            unknown = sorted(codes - vintages[closest])
            raise SourceError(
                f"LSOA codes match no LSOA vintage; {len(unknown)} unknown codes for {closest} LSOAs, first "
                f"{unknown[0] if unknown else '(none; some LSOAs missing)'}",
                source_id=source_id,
            )
        geography = lookups[lookups[col.LSOA_VINTAGE] == vintage][[col.LSOA_CODE, col.LA_CODE, col.LHB_CODE]]
        frame = overall.merge(geography, on=col.LSOA_CODE, how="left")
        frame.insert(1, col.LSOA_VINTAGE, vintage)
        count = len(frame)
        frame[col.WIMD_DECILE] = fraction_group(frame[col.WIMD_RANK], count, 10)
        frame[col.WIMD_QUINTILE] = fraction_group(frame[col.WIMD_RANK], count, 5)
        within = frame.groupby(col.LHB_CODE)[col.WIMD_RANK].rank(method="first").astype("int64")
        sizes = frame.groupby(col.LHB_CODE)[col.WIMD_RANK].transform("size")
        frame[col.WIMD_LHB_QUINTILE] = ((within - 1) // np.ceil(sizes / 5).astype("int64") + 1).astype("int64")
        overall_frames.append(frame)
        domain_frames.append(ranks)
        notes.append(f"WIMD {frame[col.WIMD_EDITION].iat[0]}: {count} LSOAs ({vintage} boundaries)")
    wimd = pd.concat(overall_frames, ignore_index=True)
    wimd[col.WIMD_RANK] = wimd[col.WIMD_RANK].astype("int64")
    domains = pd.concat(domain_frames, ignore_index=True)
    domains[col.WIMD_RANK] = domains[col.WIMD_RANK].astype("int64")
    contracts.validate(wimd, contracts.WIMD, frame_name="wimd", source_ids=WIMD_SOURCES)
    contracts.validate(domains, contracts.WIMD_DOMAINS, frame_name="wimd_domains", source_ids=WIMD_SOURCES)
    return StepResult({"wimd.parquet": wimd, "wimd_domains.parquet": domains}, notes)


def build_deprivation_deaths(inputs: Inputs) -> StepResult:
    source_id = "ons_deprivation_deaths_2017"
    workbook = inputs.read(source_id)
    require_known(
        workbook.lsoa_deciles[col.LSOA_CODE], area_codes(inputs, "lsoa11"), what="LSOA 2011", source_id=source_id
    )
    contracts.validate(
        workbook.deaths, contracts.DEPRIVATION_DEATHS, frame_name="deprivation_deaths", source_ids=[source_id]
    )
    contracts.validate(
        workbook.population,
        contracts.DEPRIVATION_POPULATION,
        frame_name="deprivation_population",
        source_ids=[source_id],
    )
    contracts.validate(
        workbook.lsoa_deciles, contracts.DEPRIVATION_LSOA, frame_name="deprivation_lsoa", source_ids=[source_id]
    )
    deaths = int(workbook.deaths[col.DEATHS].sum())
    return StepResult(
        {
            "deprivation_deaths.parquet": workbook.deaths,
            "deprivation_population.parquet": workbook.population,
            "deprivation_lsoa.parquet": workbook.lsoa_deciles,
        },
        [f"{deaths:,} deaths in {workbook.deaths[col.YEAR].nunique()} year(s) by WIMD decile and cause group"],
    )


def premature_by_deprivation(workbook: DeprivationWorkbook) -> pd.DataFrame:
    """Under-75 DSRs by WIMD decile and quintile, by sex, and for Wales, for all causes and for five
    broad cause groups, computed from the published ONS counts (origin 'computed': the rates are
    ours, the counts are ONS's)."""
    codes = set(workbook.deaths[col.CAUSE_CODE].unique())
    placed = {code for group in PREMATURE_CAUSE_GROUPS.values() for code in group}
    if codes != placed:
        raise SourceError(
            f"cause codes {sorted(codes ^ placed)} are not placed in exactly one broad group",
            source_id=DEPRIVATION_SOURCE,
            sheet="Table 1",
            column="Underlying cause of death",
        )
    selections = {"premature_mortality": tuple(sorted(codes)), **PREMATURE_CAUSE_GROUPS}
    pieces = [_premature_rates(workbook, indicator, cause_codes) for indicator, cause_codes in selections.items()]
    return apply_disclosure(pd.concat(pieces, ignore_index=True))


def _premature_rates(workbook: DeprivationWorkbook, indicator: str, cause_codes: tuple[int, ...]) -> pd.DataFrame:
    deaths = workbook.deaths[workbook.deaths[col.CAUSE_CODE].isin(cause_codes)]
    keys = [col.YEAR, col.WIMD_EDITION, col.WIMD_DECILE, col.SEX, col.AGE_BAND]
    cells = deaths.groupby(keys, as_index=False)[col.DEATHS].sum().merge(workbook.population, on=keys)
    cells = cells[~cells[col.AGE_BAND].isin(["75-79", "80-84", "85-89", "90+"])]
    cells[col.AGE_BAND] = cells[col.AGE_BAND].replace({"<1": "0-4", "1-4": "0-4"})
    cells = pd.concat([cells, cells.assign(**{col.SEX: "Persons"})], ignore_index=True)
    cells["quintile"] = (cells[col.WIMD_DECILE] + 1) // 2
    cells["wales"] = 0
    pieces = []
    for group, kind in ((col.WIMD_DECILE, "decile"), ("quintile", "quintile"), ("wales", None)):
        table = dsr_table(cells, [col.YEAR, col.WIMD_EDITION, col.SEX, group], age_band=col.AGE_BAND)
        pieces.append(
            without_groups(table) if kind is None
            else with_groups(table, table[col.WIMD_EDITION], "national", kind, table[group])
        )  # fmt: skip
    rows = pd.concat(pieces, ignore_index=True)
    rows[col.PERIOD] = rows[col.YEAR].astype(str)
    rows[col.SUPPRESSED_REASON] = None
    return indicator_rows(
        rows,
        {col.INDICATOR: indicator, col.GEOGRAPHY_LEVEL: "country", col.AREA_CODE: col.WALES_CODE,
         col.AREA_NAME: col.WALES_NAME, col.AGE_GROUP: UNDER_75, col.UNIT: UNDER_75_UNIT,
         col.SOURCE_ID: DEPRIVATION_SOURCE, col.ORIGIN: "computed"},
    )  # fmt: skip
