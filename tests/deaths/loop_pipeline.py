"""The records pipeline as it was before it was vectorised across periods (one pass of grouped sums
per geography and grouping for every period at once): a loop over periods, kept unchanged as the
oracle the vectorised pipeline must equal, row for row, to 1e-9."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.deaths.pipeline import (
    AGE_GROUP,
    AGE_SPECIFIC_UNIT,
    INDICATORS,
    NO_SEX_POPULATION,
    UNIT,
    Geography,
    _aggregations,
    _keys,
    additive_relations,
    periods_for,
    population_years,
)
from dashboard.deaths.records import ICD10, WEIGHT
from dashboard.model import columns as col
from dashboard.model.breakdowns import with_groups, without_groups
from dashboard.model.selection import PREMATURE_AGE
from dashboard.stats.definition import Definition
from dashboard.stats.disclosure import DEFAULT_RULE, DisclosureRule, apply_disclosure
from dashboard.stats.rates import crude_table, dsr_table


def weigh_each_record(records: pd.DataFrame, definition: Definition) -> pd.DataFrame:
    """Each record's shares of the indicators, one record at a time, read from the definition
    table's rows as written (the oracle's own reading of the age and sex limits, not the
    pipeline's array code): a cause counts when the age is within its range and its sex column
    names no sex or the record's own."""
    rules = definition.table.to_dict("records")
    causes = definition.classify(records[ICD10]).tolist()
    shares = []
    for cause, age, sex in zip(causes, records[col.AGE].tolist(), records[col.SEX].astype(str).tolist(), strict=True):
        avoidable = preventable = treatable = 0.0
        if not pd.isna(cause):
            rule = rules[int(cause)]
            sex_allowed = rule["sex"] not in ("Female", "Male") or rule["sex"] == sex
            if rule["age_min"] <= age <= rule["age_max"] and sex_allowed:
                avoidable = 1.0
                preventable, treatable = float(rule["preventable_share"]), float(rule["treatable_share"])
        premature = 1.0 if age < PREMATURE_AGE else 0.0
        shares.append({"avoidable": avoidable, "preventable": preventable, "treatable": treatable,
                       "premature": premature})  # fmt: skip
    return pd.DataFrame(shares, index=records.index, columns=["avoidable", "preventable", "treatable", "premature"])


def loop_indicators(
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
    under_75[col.LSOA11_CODE] = under_75[col.LSOA11_CODE].astype(str)  # plain text: joins by value, not codes
    shares = weigh_each_record(under_75, definition).mul(under_75[WEIGHT], axis=0)  # merged 2021 LSOAs: parts
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


def _age_specific(chunk: pd.DataFrame, level: str, key: str, period: str, geography: Geography) -> pd.DataFrame:
    """Crude rates in each age band (the age group column names the band)."""
    chunk, keys = _keys(chunk, key, None)
    measures = [col.POPULATION, *INDICATORS.values()]
    pooled = chunk.groupby([*keys, col.AGE_BAND], as_index=False, observed=True)[measures].sum()
    table = crude_table(_by_indicator(pooled, [*keys, col.AGE_BAND, col.POPULATION]))
    table[col.SEX] = "Persons"
    table[col.AGE_GROUP] = table[col.AGE_BAND]
    return _label(table, level, key, None, period, geography)


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


def _people_by_band(geography: Geography, year_map: dict[int, int]) -> pd.DataFrame:
    """Persons under 75 by LSOA, year and ESP band (text), each year from its population year:
    the loop's own, by merge on plain codes."""
    held = geography.population[geography.population[col.AGE] < PREMATURE_AGE]
    held = held.assign(**{col.AGE_BAND: esp_band_of_age(held[col.AGE]),
                          col.LSOA11_CODE: held[col.LSOA11_CODE].astype(str)})  # fmt: skip
    by_band = held.groupby([col.LSOA11_CODE, col.YEAR, col.AGE_BAND], as_index=False)[[col.POPULATION]].sum()
    years = pd.DataFrame({"_source": list(year_map.values()), col.YEAR: list(year_map)})
    return years.merge(by_band.rename(columns={col.YEAR: "_source"}), on="_source").drop(columns="_source")


def esp_band_of_age(age: pd.Series) -> pd.Series:
    """Single years to ESP bands as text (0-4, 5-9 … 85-89, 90+): the loop's own, kept apart from
    the pipeline's categorical one so the oracle shares no step with what it checks."""
    low = (age.clip(upper=90) // 5 * 5).astype("int64")
    return pd.Series(np.where(low >= 90, "90+", low.astype(str) + "-" + (low + 4).astype(str)), index=age.index)


def _by_indicator(frame: pd.DataFrame, identifiers: list[str]) -> pd.DataFrame:
    """One row per indicator, as text: the loop's own melt (the pipeline's makes categories)."""
    long = frame.melt(
        id_vars=identifiers, value_vars=list(INDICATORS.values()), var_name=col.INDICATOR, value_name=col.DEATHS
    )
    long[col.INDICATOR] = long[col.INDICATOR].map({share: name for name, share in INDICATORS.items()})
    return long
