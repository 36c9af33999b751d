"""Records -> the common indicator frame: classify causes, aggregate to areas and deprivation
groups, standardise to ESP2013 under 75, and apply disclosure control.

Indicators (ages 0-74, per 100,000, age-standardised): avoidable, preventable and treatable
mortality (the definition's 50/50 rule gives half a death to each of preventable and treatable)
and premature mortality (all causes). Geographies: Wales, health boards, local authorities and
2011 LSOAs (LSOAs over the whole period only), plus WIMD deciles and quintiles nationally and
quintiles within each health board. Rates are for persons: the population sources have no sex
split at these geographies, so sex-specific rows carry deaths only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd

from dashboard import columns as col
from dashboard.breakdowns import Grouping, with_groups, without_groups
from dashboard.deaths.records import ICD10, WEIGHT
from dashboard.selection import PREMATURE_AGE, UNDER_75, UNDER_75_UNIT
from dashboard.stats.definition import Definition
from dashboard.stats.disclosure import DEFAULT_RULE, DisclosureRule, Relation, apply_disclosure
from dashboard.stats.rates import crude_table, dsr_table

AGE_GROUP = UNDER_75
UNIT = UNDER_75_UNIT
AGE_SPECIFIC_UNIT = "per 100,000, age-specific (crude)"
INDICATORS = {
    "avoidable_mortality": "avoidable",
    "preventable_mortality": "preventable",
    "treatable_mortality": "treatable",
    "premature_mortality": "premature",
}
NO_SEX_POPULATION = "rate-no-sex-population"  # a suppressed_reason code (labels.REASON_WORDS)
GROUP = "_group"


def esp_band_of_age(age: pd.Series) -> pd.Series:
    """Single years to ESP bands: 0-4, 5-9 … 85-89, 90+."""
    low = (age.clip(upper=90) // 5 * 5).astype("int64")
    return pd.Series(np.where(low >= 90, "90+", low.astype(str) + "-" + (low + 4).astype(str)), index=age.index)


def weigh_causes(records: pd.DataFrame, definition: Definition) -> pd.DataFrame:
    """Per record, how much it counts towards each indicator (1, 0.5 or 0), applying each cause's
    age range and sex restriction from the definition table."""
    cause = definition.classify(records[ICD10])
    table = definition.table
    in_ages = cause.notna()
    if in_ages.any():  # each cause's age range and sex restriction (breast cancer: women only)
        index = cause[in_ages].astype(int).to_numpy()
        ages = records.loc[in_ages, col.AGE].to_numpy()
        sexes = records.loc[in_ages, col.SEX].to_numpy()
        allowed = table["sex"].to_numpy()[index]
        in_ages.loc[in_ages] = (
            (table["age_min"].to_numpy()[index] <= ages)
            & (ages <= table["age_max"].to_numpy()[index])
            & ((allowed == "all") | (allowed == sexes))
        )
    shares = pd.DataFrame(index=records.index)
    safe = cause.fillna(0).astype(int).to_numpy()
    shares["avoidable"] = np.where(in_ages, 1.0, 0.0)
    shares["preventable"] = np.where(in_ages, table["preventable_share"].to_numpy()[safe], 0.0)
    shares["treatable"] = np.where(in_ages, table["treatable_share"].to_numpy()[safe], 0.0)
    shares["premature"] = np.where(records[col.AGE] < PREMATURE_AGE, 1.0, 0.0)
    return shares


@dataclass(frozen=True)
class Geography:
    """LSOA 2011 -> its LA, LHB and WIMD groups, and persons by LSOA, year and single age."""

    lsoa: pd.DataFrame  # lsoa11_code, la_code, lhb_code, and one column per WIMD grouping
    population: pd.DataFrame  # lsoa11_code, year, age, population
    names: dict[str, str]  # area code -> name
    groupings: dict[str, Grouping]  # LSOA column holding the group numbers -> its grouping


def population_years(wanted: list[int], held: list[int]) -> dict[int, int]:
    """Each wanted year's population year: itself if held, else the nearest held (earlier on ties)."""
    return {year: min(held, key=lambda h: (abs(h - year), h)) for year in wanted}


def periods_for(years: list[int], pool_years: int | None) -> list[tuple[str, list[int], bool]]:
    """(label, years, pooled) for each period: every single year, then either every run of
    `pool_years` consecutive years (rolling, as Fingertips pools small areas) or the whole span."""
    periods = [(str(year), [year], False) for year in years]
    span = list(range(years[0], years[-1] + 1)) if years else []
    if pool_years and pool_years > 1:
        windows = [span[start : start + pool_years] for start in range(len(span) - pool_years + 1)]
        periods += [(f"{window[0]}-{window[-1]}", window, True) for window in windows]
    elif len(span) > 1:
        periods.append((f"{span[0]}-{span[-1]}", span, True))
    return periods


def compute_indicators(
    records: pd.DataFrame,
    definition: Definition,
    geography: Geography,
    *,
    origin: str,
    source_id: str,
    rule: DisclosureRule = DEFAULT_RULE,
    pool_years: int | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """The indicator frame for every geography, grouping, period and sex; and notes on choices made."""
    notes = []
    under_75 = records[records[col.AGE] < PREMATURE_AGE].copy()
    shares = weigh_causes(under_75, definition).mul(under_75[WEIGHT], axis=0)  # merged 2021 LSOAs: parts
    under_75[col.AGE_BAND] = esp_band_of_age(under_75[col.AGE])
    under_75 = pd.concat([under_75, shares], axis=1)
    years = sorted(int(y) for y in records[col.YEAR].unique())
    periods = periods_for(years, pool_years)
    if pool_years and not any(pooled for _, _, pooled in periods):
        notes.append(f"the records span fewer than {pool_years} years: no {pool_years}-year pools")
    every_year = sorted({year for _, span, _ in periods for year in span})
    empty = sorted(set(every_year) - set(years))
    if empty:
        notes.append(f"years with no records inside the span count as years with no deaths: {empty}")
    held = sorted(int(y) for y in geography.population[col.YEAR].unique())
    year_map = population_years(every_year, held)
    borrowed = {year: source for year, source in year_map.items() if year != source}
    if borrowed:
        notes.append(f"population estimates borrowed from the nearest year held: {borrowed}")

    measures = list(INDICATORS.values())
    deaths = under_75.groupby([col.LSOA11_CODE, col.YEAR, col.SEX, col.AGE_BAND], as_index=False)[measures].sum()
    persons = deaths.groupby([col.LSOA11_CODE, col.YEAR, col.AGE_BAND], as_index=False)[measures].sum()
    cells = (
        _people_by_band(geography, year_map)
        .merge(persons, on=[col.LSOA11_CODE, col.YEAR, col.AGE_BAND], how="left")
        .fillna(dict.fromkeys(measures, 0.0))
        .merge(geography.lsoa, on=col.LSOA11_CODE, how="left")
    )
    sex_cells = deaths.merge(geography.lsoa, on=col.LSOA11_CODE, how="left")

    pieces = []
    for level, key, breakdown_column in _aggregations(geography):
        for period, period_years, pooled in periods:
            if level == "lsoa11" and not pooled and len(periods) > 1:
                continue  # small areas: pooled periods only
            chunk = cells[cells[col.YEAR].isin(period_years)]
            pieces.append(_rates(chunk, level, key, breakdown_column, period, geography))
            if breakdown_column is None and level != "lsoa11":
                pieces.append(_age_specific(chunk, level, key, period, geography))
            sex_chunk = sex_cells[sex_cells[col.YEAR].isin(period_years)]
            pieces.append(_sex_counts(sex_chunk, level, key, breakdown_column, period, geography))
    frame = pd.concat(pieces, ignore_index=True)
    frame[col.AGE_GROUP] = frame[col.AGE_GROUP].fillna(AGE_GROUP) if col.AGE_GROUP in frame else AGE_GROUP
    frame[col.UNIT] = np.where(frame[col.AGE_GROUP] == AGE_GROUP, UNIT, AGE_SPECIFIC_UNIT)
    frame[col.SOURCE_ID] = source_id
    frame[col.ORIGIN] = origin
    frame = frame[list(col.INDICATOR_COLUMNS)].reset_index(drop=True)
    frame = apply_disclosure(frame, rule, additive_relations(frame, geography, rule))
    return frame, notes


SEX_PARTS = ("Male", "Female")
AVOIDABLE_PARTS = ("preventable_mortality", "treatable_mortality")


def additive_relations(
    frame: pd.DataFrame, geography: Geography, rule: DisclosureRule = DEFAULT_RULE
) -> list[Relation]:
    """Every sum in the frame that involves a small-area row (the only rows with withheld counts):
    persons = male + female and avoidable = preventable + treatable for each LSOA row; and each
    local authority, health board and WIMD group (national, and within each board) = the sum of its
    LSOAs, for each indicator, period and sex. Positions refer to `frame` as given."""
    frame = frame.assign(_position=np.arange(len(frame)))
    small = frame[frame[col.GEOGRAPHY_LEVEL].isin(rule.small_count_levels)]
    relations: list[Relation] = []
    for split, total, parts in (
        (col.SEX, "Persons", SEX_PARTS),
        (col.INDICATOR, "avoidable_mortality", AVOIDABLE_PARTS),
    ):
        others = [c for c in (col.INDICATOR, col.GEOGRAPHY_LEVEL, col.AREA_CODE, col.PERIOD, col.SEX, col.AGE_GROUP)
                  if c != split]  # fmt: skip
        wide = small.pivot_table(index=others, columns=split, values="_position", aggfunc="first")
        if total not in wide or not set(parts) & set(wide.columns):
            continue
        held = wide[[part for part in parts if part in wide.columns]].to_numpy()
        for whole, row in zip(wide[total].to_numpy(), held, strict=True):
            present = tuple(int(p) for p in row if not np.isnan(p))  # a part with no deaths has no row: 0
            if not np.isnan(whole) and present:
                relations.append(Relation(int(whole), present))
    plain = small[small[col.BREAKDOWN].isna()]
    lsoas = plain.merge(geography.lsoa, left_on=col.AREA_CODE, right_on=col.LSOA11_CODE, how="left")
    key = [col.INDICATOR, col.PERIOD, col.SEX, col.AGE_GROUP]
    parents: list[tuple[str, list[str], Grouping | None]] = [  # (level of the total, LSOA columns naming it, grouping)
        ("la", [col.LA_CODE], None), ("lhb", [col.LHB_CODE], None),
        *((grouping.level, [col.LHB_CODE, column] if grouping.level == "lhb" else [column], grouping)
          for column, grouping in geography.groupings.items()),
    ]  # fmt: skip
    lsoa_positions = lsoas["_position"].to_numpy()
    for level, columns, grouping in parents:
        at_level = frame[frame[col.GEOGRAPHY_LEVEL] == level]
        if grouping is not None:
            held_totals = at_level[
                (at_level[col.GROUP_EDITION] == str(grouping.edition)) & (at_level[col.GROUP_SCHEME] == grouping.scheme)
                & (at_level[col.GROUP_KIND] == grouping.kind)
            ]  # fmt: skip
            group = held_totals[col.GROUP_NUMBER].astype(int)
            names = [*(held_totals[k] for k in key), *([held_totals[col.AREA_CODE]] if level == "lhb" else []), group]
        else:
            held_totals = at_level[at_level[col.BREAKDOWN].isna()]
            names = [*(held_totals[k] for k in key), held_totals[col.AREA_CODE]]
        lookup = dict(zip(zip(*names, strict=True), held_totals["_position"], strict=True))
        usable = lsoas.dropna(subset=columns)
        for group_key, rows in usable.groupby([*key, *columns], sort=False).indices.items():
            named = tuple(int(v) if isinstance(v, float) else v for v in cast(tuple[object, ...], group_key))
            found = lookup.get(named)
            members = tuple(int(p) for p in lsoa_positions[usable.index[rows]])
            relations.append(Relation(None if found is None else int(found), members))
    return relations


def _people_by_band(geography: Geography, year_map: dict[int, int]) -> pd.DataFrame:
    """Persons under 75 by LSOA, year and ESP band, each year from its population year."""
    held = geography.population
    people = held[held[col.YEAR].isin(set(year_map.values())) & (held[col.AGE] < PREMATURE_AGE)].copy()
    people[col.AGE_BAND] = esp_band_of_age(people[col.AGE])
    people = people.groupby([col.LSOA11_CODE, col.YEAR, col.AGE_BAND], as_index=False)[[col.POPULATION]].sum()
    return pd.concat(
        [people[people[col.YEAR] == source].assign(**{col.YEAR: year}) for year, source in year_map.items()]
    )


def _age_specific(chunk: pd.DataFrame, level: str, key: str, period: str, geography: Geography) -> pd.DataFrame:
    """Crude rates in each age band (the age group column names the band)."""
    chunk, keys = _keys(chunk, key, None)
    measures = [col.POPULATION, *INDICATORS.values()]
    pooled = chunk.groupby([*keys, col.AGE_BAND], as_index=False, observed=True)[measures].sum()
    table = crude_table(_by_indicator(pooled, [*keys, col.AGE_BAND, col.POPULATION]))
    table[col.SEX] = "Persons"
    table[col.AGE_GROUP] = table[col.AGE_BAND]
    return _label(table, level, key, None, period, geography)


def _aggregations(geography: Geography) -> list[tuple[str, str, str | None]]:
    """(geography level, area key column, breakdown column or None)."""
    plain: list[tuple[str, str, str | None]] = [
        ("country", "_wales", None),
        ("lhb", col.LHB_CODE, None),
        ("la", col.LA_CODE, None),
        ("lsoa11", col.LSOA11_CODE, None),
    ]
    grouped: list[tuple[str, str, str | None]] = [
        (grouping.level, {"country": "_wales", "lhb": col.LHB_CODE}[grouping.level], column)
        for column, grouping in geography.groupings.items()
    ]
    return plain + grouped


def _keys(frame: pd.DataFrame, key: str, breakdown_column: str | None) -> tuple[pd.DataFrame, list[str]]:
    frame = frame.assign(_wales=col.WALES_CODE)
    keys = [key] if breakdown_column is None else [key, breakdown_column]
    return frame, keys


def _label(
    frame: pd.DataFrame, level: str, key: str, breakdown_column: str | None, period: str, geography: Geography
) -> pd.DataFrame:
    frame[col.GEOGRAPHY_LEVEL] = level
    frame[col.AREA_CODE] = frame[key]
    frame[col.AREA_NAME] = frame[key].map(geography.names)
    frame[col.PERIOD] = period
    if breakdown_column is None:
        return without_groups(frame)
    grouping = geography.groupings[breakdown_column]
    return with_groups(frame, grouping.edition, grouping.scheme, grouping.kind, frame[breakdown_column])


def _rates(
    chunk: pd.DataFrame, level: str, key: str, breakdown_column: str | None, period: str, geography: Geography
) -> pd.DataFrame:
    chunk, keys = _keys(chunk, key, breakdown_column)
    measures = [col.POPULATION, *INDICATORS.values()]
    pooled = chunk.groupby([*keys, col.AGE_BAND], as_index=False, observed=True)[measures].sum()
    long = _by_indicator(pooled, [*keys, col.AGE_BAND, col.POPULATION])
    table = dsr_table(long, [*keys, col.INDICATOR], age_band=col.AGE_BAND)
    table[col.SEX] = "Persons"
    return _label(table, level, key, breakdown_column, period, geography)


def _sex_counts(
    chunk: pd.DataFrame, level: str, key: str, breakdown_column: str | None, period: str, geography: Geography
) -> pd.DataFrame:
    chunk, keys = _keys(chunk, key, breakdown_column)
    if chunk.empty:
        return pd.DataFrame()
    totals = chunk.groupby([*keys, col.SEX], as_index=False)[list(INDICATORS.values())].sum()
    table = _by_indicator(totals, [*keys, col.SEX])
    table[col.VALUE] = np.nan
    table[col.SUPPRESSED_REASON] = NO_SEX_POPULATION
    return _label(table, level, key, breakdown_column, period, geography)


def _by_indicator(frame: pd.DataFrame, identifiers: list[str]) -> pd.DataFrame:
    """One row per indicator: the share columns (avoidable, preventable …) become indicator + deaths."""
    long = frame.melt(
        id_vars=identifiers, value_vars=list(INDICATORS.values()), var_name=col.INDICATOR, value_name=col.DEATHS
    )
    long[col.INDICATOR] = long[col.INDICATOR].map({share: name for name, share in INDICATORS.items()})
    return long
