"""The build steps: each turns registered sources into validated processed frames.

A step declares the sources it reads, so the build can skip it when none of them (and no ETL
code) has changed. Each step validates its frames against their contracts before returning.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard import columns as col
from dashboard.breakdowns import with_groups, without_groups
from dashboard.etl import contracts
from dashboard.etl.errors import SourceError
from dashboard.etl.geometry import OVERLAP_TOLERANCE, exteriors_clockwise, simplify_for_map, to_geojson_bytes
from dashboard.etl.inputs import Inputs
from dashboard.etl.plan import (
    BOUNDARY_SOURCES,
    DEPRIVATION_SOURCE,
    INDICATOR_SOURCES,
    LOOKUPS,
    POPULATION_SOURCES,
    PUBLISHED_LA_RATE_SOURCES,
    STEP_SOURCES,
    WIMD_SOURCES,
)
from dashboard.etl.readers.common import label_key
from dashboard.etl.readers.ons_area import MEASURE
from dashboard.etl.readers.ons_deprivation import DeprivationWorkbook
from dashboard.selection import UNDER_75, UNDER_75_UNIT
from dashboard.sources import PREMATURE_CAUSE_GROUPS
from dashboard.stats.disclosure import apply_disclosure
from dashboard.stats.rates import dsr_table

Output: TypeAlias = pd.DataFrame | bytes  # a GeoDataFrame is a DataFrame


@dataclass
class StepResult:
    outputs: dict[str, Output]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Step:
    name: str
    sources: tuple[str, ...]
    run: Callable[[Inputs], StepResult]


# Names ONS used before the current ones; keys and values compared by label_key.
LA_NAME_ALIASES = {"rhonddacynontaff": "rhonddacynontaf"}
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


def _lookups(inputs: Inputs) -> pd.DataFrame:
    return pd.concat([inputs.read(source_id) for source_id in LOOKUPS], ignore_index=True)


# ---------------------------------------------------------------- areas and geography


def build_areas(inputs: Inputs) -> StepResult:
    """Every area the dashboard knows, one row per level and code, with its LA and LHB."""
    lookups = _lookups(inputs)
    lsoas = pd.DataFrame(
        {
            col.GEOGRAPHY_LEVEL: "lsoa" + lookups[col.LSOA_VINTAGE].astype(str).str[-2:],
            col.AREA_CODE: lookups[col.LSOA_CODE],
            col.AREA_NAME: lookups[col.LSOA_NAME],
            col.LA_CODE: lookups[col.LA_CODE],
            col.LHB_CODE: lookups[col.LHB_CODE],
        }
    )
    current = lookups[lookups[col.LSOA_VINTAGE] == lookups[col.LSOA_VINTAGE].max()]
    las = current.drop_duplicates(col.LA_CODE)
    lhbs = current.drop_duplicates(col.LHB_CODE)
    frame = pd.concat(
        [
            pd.DataFrame(
                {col.GEOGRAPHY_LEVEL: ["country"], col.AREA_CODE: [col.WALES_CODE], col.AREA_NAME: [col.WALES_NAME]}
            ),
            pd.DataFrame(
                {
                    col.GEOGRAPHY_LEVEL: "lhb",
                    col.AREA_CODE: lhbs[col.LHB_CODE],
                    col.AREA_NAME: lhbs[col.LHB_NAME],
                    col.LHB_CODE: lhbs[col.LHB_CODE],
                }
            ),
            pd.DataFrame(
                {
                    col.GEOGRAPHY_LEVEL: "la",
                    col.AREA_CODE: las[col.LA_CODE],
                    col.AREA_NAME: las[col.LA_NAME],
                    col.LA_CODE: las[col.LA_CODE],
                    col.LHB_CODE: las[col.LHB_CODE],
                }
            ),
            lsoas,
        ],
        ignore_index=True,
    )
    contracts.validate(frame, contracts.AREAS, frame_name="areas", source_ids=LOOKUPS)
    return StepResult({"areas.parquet": frame})


def _area_codes(inputs: Inputs, level: str) -> set[str]:
    lookups = _lookups(inputs)
    if level in ("lsoa11", "lsoa21"):
        vintage = 2000 + int(level[-2:])
        return set(lookups.loc[lookups[col.LSOA_VINTAGE] == vintage, col.LSOA_CODE])
    return set(lookups[{"la": col.LA_CODE, "lhb": col.LHB_CODE}[level]])


def _require_known(codes: pd.Series, known: set[str], *, what: str, source_id: str, complete: bool = True) -> None:
    """Codes must be known areas (and, when complete, cover every known area)."""
    unknown = sorted(set(codes) - known)
    if unknown:
        raise SourceError(f"{len(unknown)} unknown {what} codes, first {unknown[0]}", source_id=source_id)
    missing = sorted(known - set(codes))
    if complete and missing:
        raise SourceError(f"{len(missing)} {what} areas are missing, first {missing[0]}", source_id=source_id)


def build_lsoa_change(inputs: Inputs) -> StepResult:
    frame = inputs.read("lsoa_change")
    _require_known(frame[col.LSOA11_CODE], _area_codes(inputs, "lsoa11"), what="LSOA 2011", source_id="lsoa_change")
    _require_known(frame[col.LSOA21_CODE], _area_codes(inputs, "lsoa21"), what="LSOA 2021", source_id="lsoa_change")
    contracts.validate(frame, contracts.LSOA_CHANGE, frame_name="lsoa_change", source_ids=["lsoa_change"])
    counts = frame[col.LSOA_CHANGE].value_counts().to_dict()
    return StepResult({"lsoa_change.parquet": frame}, [f"LSOA 2011 -> 2021 changes: {counts}"])


def _boundary_step(level: str) -> Callable[[Inputs], StepResult]:
    source_id = BOUNDARY_SOURCES[level]
    count = {
        "lsoa11": contracts.LSOA11_COUNT,
        "lsoa21": contracts.LSOA21_COUNT,
        "la": contracts.LA_COUNT,
        "lhb": contracts.LHB_COUNT,
    }[level]

    def run(inputs: Inputs) -> StepResult:
        frame: gpd.GeoDataFrame = inputs.read(source_id).sort_values(col.AREA_CODE, ignore_index=True)
        _require_known(frame[col.AREA_CODE], _area_codes(inputs, level), what=level, source_id=source_id)
        contracts.validate(
            frame, contracts.boundaries(level, count), frame_name=f"boundaries_{level}", source_ids=[source_id]
        )
        simplified, report = simplify_for_map(frame, level)
        if not exteriors_clockwise(simplified.geometry.values):
            raise SourceError("map geometry has counter-clockwise outer rings after orientation", source_id=source_id)
        if report.added_overlap_share > OVERLAP_TOLERANCE:
            raise SourceError(
                f"simplification added overlaps of {report.added_overlap_share:.1e} of the area", source_id=source_id
            )
        geojson = to_geojson_bytes(simplified)
        note = (
            f"{level}: {len(frame)} areas, {report.vertices_before} -> {report.vertices_after} vertices, "
            f"overlap added {report.added_overlap_share:.1e} of the area, map GeoJSON {len(geojson) / 1e3:.0f} kB"
        )
        return StepResult({f"boundaries_{level}.parquet": frame, f"map_{level}.geojson": geojson}, [note])

    return run


# ---------------------------------------------------------------- deprivation


def fraction_group(rank: pd.Series, count: int, groups: int) -> pd.Series:
    """Welsh Government's deciles and quintiles: ranks cut into groups of ceil(N / groups),
    so with 1,909 LSOAs the deciles hold 191 (x9) and 190, the quintiles 382 (x4) and 381."""
    size = math.ceil(count / groups)
    return ((rank - 1) // size + 1).astype("int64")


def build_wimd(inputs: Inputs) -> StepResult:
    """Overall WIMD rank with national deciles and quintiles, and quintiles within each health board."""
    lookups = _lookups(inputs)
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


# ---------------------------------------------------------------- population


def build_population(inputs: Inputs) -> StepResult:
    """Persons by single year of age for LSOAs (2011) and local authorities, every year held."""
    pieces, notes = [], []
    for source_id in POPULATION_SOURCES:
        frame = inputs.read(source_id)
        level = "lsoa11" if frame[col.AREA_CODE].str.startswith("W01").all() else "la"
        areas = frame[col.AREA_CODE].drop_duplicates()
        _require_known(areas, _area_codes(inputs, level), what=level, source_id=source_id)
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


# ---------------------------------------------------------------- ONS mortality tables


def build_deprivation_deaths(inputs: Inputs) -> StepResult:
    source_id = "ons_deprivation_deaths_2017"
    workbook = inputs.read(source_id)
    _require_known(
        workbook.lsoa_deciles[col.LSOA_CODE], _area_codes(inputs, "lsoa11"), what="LSOA 2011", source_id=source_id
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


def _match_la_names(names: pd.Series, inputs: Inputs) -> pd.Series:
    """Welsh LA names (as ONS printed them) to codes; anything else maps to missing."""
    lookups = _lookups(inputs)
    by_key = {label_key(name): code for name, code in zip(lookups[col.LA_NAME], lookups[col.LA_CODE], strict=True)}
    by_key["wales"] = col.WALES_CODE
    return names.map(lambda name: by_key.get(LA_NAME_ALIASES.get(label_key(name), label_key(name))))


def build_deaths_by_age_2014(inputs: Inputs) -> StepResult:
    source_id = "ons_area_deaths_2014_ages"
    table = inputs.read(source_id)
    table = table.assign(**{col.AREA_CODE: _match_la_names(table[col.AREA_NAME], inputs)})
    welsh = table[table[col.AREA_CODE].notna()]
    _require_known(
        welsh[col.AREA_CODE].drop_duplicates(),
        _area_codes(inputs, "la") | {col.WALES_CODE},
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


def _indicator_rows(frame: pd.DataFrame, constants: dict[str, str]) -> pd.DataFrame:
    """Shape rows into the indicator frame: constants filled in, absent columns left missing."""
    rows = frame.copy()
    for name, value in constants.items():
        rows[name] = value
    for name in col.INDICATOR_COLUMNS:
        if name not in rows:
            rows[name] = None
    rows = rows[list(col.INDICATOR_COLUMNS)]
    return rows.astype(
        {
            col.DEATHS: "float64",
            col.POPULATION: "float64",
            col.VALUE: "float64",
            col.LOWER: "float64",
            col.UPPER: "float64",
            col.GROUP_NUMBER: "float64",
        }
    )


def build_indicators(inputs: Inputs) -> StepResult:
    """Published figures in the common indicator frame (origin 'published')."""
    names = _lookups(inputs).drop_duplicates(col.LA_CODE).set_index(col.LA_CODE)[col.LA_NAME]
    pieces: list[pd.DataFrame] = []
    notes: list[str] = []
    for source_id, (indicator, sex, age_group, unit) in PUBLISHED_LA_RATES.items():
        rates = inputs.read(source_id)
        _require_known(rates[col.AREA_CODE], set(names.index), what="LA", source_id=source_id)
        pieces.append(
            _indicator_rows(
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
        codes = _match_la_names(table[col.AREA_NAME], inputs)
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
    official = _official_names(inputs)
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
    return _indicator_rows(
        rows,
        {
            col.INDICATOR: "all_cause_mortality",
            col.AGE_GROUP: "all ages",
            col.UNIT: ASMR_UNIT,
            col.SOURCE_ID: source_id,
            col.ORIGIN: "published",
        },
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
    return _indicator_rows(
        rows,
        {col.INDICATOR: indicator, col.GEOGRAPHY_LEVEL: "country", col.AREA_CODE: col.WALES_CODE,
         col.AREA_NAME: col.WALES_NAME, col.AGE_GROUP: UNDER_75, col.UNIT: UNDER_75_UNIT,
         col.SOURCE_ID: DEPRIVATION_SOURCE, col.ORIGIN: "computed"},
    )  # fmt: skip


def _official_names(inputs: Inputs) -> dict[str, str]:
    lookups = _lookups(inputs)
    names = dict(zip(lookups[col.LA_CODE], lookups[col.LA_NAME], strict=True))
    names |= dict(zip(lookups[col.LHB_CODE], lookups[col.LHB_NAME], strict=True))
    names[col.WALES_CODE] = col.WALES_NAME
    return names


_RUNS: dict[str, Callable[[Inputs], StepResult]] = {
    "areas": build_areas,
    "lsoa_change": build_lsoa_change,
    **{f"boundaries_{level}": _boundary_step(level) for level in BOUNDARY_SOURCES},
    "wimd": build_wimd,
    "population": build_population,
    "esp2013": build_esp2013,
    "deprivation_deaths": build_deprivation_deaths,
    "deaths_by_age_2014": build_deaths_by_age_2014,
    "indicators": build_indicators,
}
STEPS: tuple[Step, ...] = tuple(Step(name, sources, _RUNS[name]) for name, sources in STEP_SOURCES.items())
