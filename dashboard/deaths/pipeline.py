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

from typing import cast

import numpy as np
import pandas as pd

from dashboard.deaths.cells import (
    BAND_TYPE,
    SEX_ORDER,
    DeathCells,
    DenseDeaths,
    categorical_areas,
    classified_cells,
    esp_band_of_age,
)
from dashboard.deaths.coding import CodingError, as_categories, codes_of, rows_in_category_order
from dashboard.deaths.geography import Geography
from dashboard.deaths.periods import periods_for, population_years
from dashboard.deaths.pooling import POOLED, ROWS, WALES_KEY, LsoaSums, period_members
from dashboard.deaths.relations import additive_relations
from dashboard.deaths.stopwatch import Stopwatch
from dashboard.model import columns as col
from dashboard.model import indicators
from dashboard.model.breakdowns import with_groups, without_groups
from dashboard.model.selection import PREMATURE_AGE, UNDER_75, UNDER_75_UNIT
from dashboard.stats.definition import Definition
from dashboard.stats.disclosure import DEFAULT_RULE, DisclosureRule, apply_disclosure
from dashboard.stats.rates import crude_table, dsr_table

AGE_GROUP = UNDER_75
UNIT = UNDER_75_UNIT
AGE_SPECIFIC_UNIT = "per 100,000, age-specific (crude)"
INDICATORS = indicators.RECORDS_SHARES  # indicator -> its share column (the catalogue's, in its order)
NO_SEX_POPULATION = "rate-no-sex-population"  # a suppressed_reason code (labels.REASON_WORDS)
GROUP = "_group"


def compute_indicators(
    records: pd.DataFrame,
    definition: Definition,
    geography: Geography,
    *,
    origin: str,
    source_id: str,
    rule: DisclosureRule = DEFAULT_RULE,
    pool_years: int | None = None,
    timings: dict[str, float] | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """The indicator frame for every geography, grouping, period and sex, disclosure-controlled;
    and notes on choices made. `timings`, when given, receives the seconds each stage took
    (classify, aggregate, standardise, disclose)."""
    cells = classified_cells(records, definition, geography, timings)
    return indicators_from_cells(
        cells, geography, origin=origin, source_id=source_id, rule=rule, pool_years=pool_years, timings=timings
    )


def indicators_from_cells(
    cells: DeathCells,
    geography: Geography,
    *,
    origin: str,
    source_id: str,
    rule: DisclosureRule = DEFAULT_RULE,
    pool_years: int | None = None,
    timings: dict[str, float] | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """`compute_indicators` from the classified sums (`classified_cells`, or the sums of several
    batches, `CellTotals.cells`): what a build streams a large extract into."""
    frame, notes = _indicators(cells, geography, origin=origin, source_id=source_id, pool_years=pool_years,
                               timings=timings)  # fmt: skip
    clock = Stopwatch(timings)
    frame = apply_disclosure(frame, rule, additive_relations(frame, geography, rule))
    clock.lap("disclose")
    return frame, notes


def undisclosed_indicators(
    records: pd.DataFrame,
    definition: Definition,
    geography: Geography,
    *,
    origin: str,
    source_id: str,
    pool_years: int | None = None,
    timings: dict[str, float] | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Every indicator row before disclosure control (every count as computed): what the sums'
    invariants are checked on. Not for display."""
    cells = classified_cells(records, definition, geography, timings)
    return _indicators(cells, geography, origin=origin, source_id=source_id, pool_years=pool_years, timings=timings)


def _indicators(
    cells: DeathCells, geography: Geography, *, origin: str, source_id: str, pool_years: int | None,
    timings: dict[str, float] | None,
) -> tuple[pd.DataFrame, list[str]]:  # fmt: skip
    clock = Stopwatch(timings)
    years = sorted(cells.years)
    periods = periods_for(years, pool_years)
    every_year = sorted({year for _, span, _ in periods for year in span})
    year_map = population_years(every_year, sorted(int(y) for y in geography.population[col.YEAR].unique()))
    notes = period_notes(years, periods, year_map, pool_years)

    measures = list(INDICATORS.values())
    lsoa = categorical_areas(geography.lsoa)
    lsoa_type = cast(pd.CategoricalDtype, lsoa[col.LSOA11_CODE].dtype)
    deaths = cells.as_arrays(lsoa_type)
    people = _people_by_band(geography, year_map, every_year, lsoa_type)
    areas = rows_in_category_order(lsoa, col.LSOA11_CODE, lsoa_type)
    by_band = _sums_by_band(deaths, people, areas, every_year, measures)
    by_sex = _sums_by_sex(deaths, areas, every_year, measures)
    clock.lap("aggregate")
    frame = _every_aggregation(by_band, by_sex, periods, geography, clock)
    frame[col.SOURCE_ID] = source_id
    frame[col.ORIGIN] = origin
    frame = frame[list(col.INDICATOR_COLUMNS)].reset_index(drop=True)
    # Categories inside the pipeline only; and text, not Python objects, in the grouping columns
    # (blank where a row has no grouping): the contract checks each object one by one (0.5-1 s at 1M records).
    text = [col.PERIOD, col.INDICATOR, col.BREAKDOWN, col.GROUP_EDITION, col.GROUP_SCHEME, col.GROUP_KIND]
    frame = frame.assign(**{name: _as_text(frame[name]) for name in text})
    clock.lap("standardise")
    return frame, notes


def _as_text(values: pd.Series) -> pd.Series:
    """`values` as text: a categorical's few categories made text once and taken by code."""
    if not isinstance(values.dtype, pd.CategoricalDtype):
        return values.astype("str")
    words = pd.array(np.asarray(values.cat.categories.astype(str), dtype=object), dtype="str")
    return pd.Series(words.take(values.cat.codes.to_numpy(), allow_fill=True), index=values.index, name=values.name)


def period_notes(
    years: list[int], periods: list[tuple[str, list[int], bool]], year_map: dict[int, int], pool_years: int | None
) -> list[str]:
    """What a reader of the build should know about the periods: pools not made, empty years
    counted as no deaths, and populations borrowed from another year."""
    notes = []
    if pool_years and not any(pooled for _, _, pooled in periods):
        notes.append(f"the records span fewer than {pool_years} years: no {pool_years}-year pools")
    empty = sorted(set(year_map) - set(years))
    if empty:
        notes.append(f"years with no records inside the span count as years with no deaths: {empty}")
    borrowed = {year: source for year, source in year_map.items() if year != source}
    if borrowed:
        notes.append(f"population estimates borrowed from the nearest year held: {borrowed}")
    return notes


def _every_aggregation(
    by_band: LsoaSums, by_sex: LsoaSums, periods: list[tuple[str, list[int], bool]], geography: Geography,
    clock: Stopwatch,
) -> pd.DataFrame:  # fmt: skip
    """Each geography and grouping for every period at once, from the LSOA sums (persons by band,
    deaths by sex): the LSOAs summed to each area, then the years pooled into every period holding
    them (itself and each pool) by one matrix product. Cost grows with output cells, not records."""
    every_period = period_members(periods)
    pooled_only = every_period[every_period[POOLED]] if len(periods) > 1 else every_period  # small areas
    pieces = []
    for position, (level, key, breakdown_column) in enumerate(_aggregations(geography)):
        members = pooled_only if level == "lsoa11" else every_period
        pooled = by_band.pooled(key, breakdown_column, members)
        sexes = by_sex.pooled(key, breakdown_column, members)
        clock.lap("aggregate")
        pieces.append(_rates(pooled, level, key, breakdown_column, geography).assign(_order=position, _kind=0))
        if breakdown_column is None and level != "lsoa11":
            pieces.append(_age_specific(pooled, level, key, geography).assign(_order=position, _kind=1))
        pieces.append(_sex_counts(sexes, level, key, breakdown_column, geography).assign(_order=position, _kind=2))
        clock.lap("standardise")
    frame = pd.concat([piece for piece in pieces if not piece.empty], ignore_index=True)
    # In the order a loop over periods wrote them: secondary suppression then picks the same terms.
    order = {label: index for index, (label, _years, _pooled) in enumerate(periods)}
    in_loop_order = frame[col.PERIOD].map(order).astype("int64")  # numbers, not categories sorted as text
    frame = frame.assign(_period=in_loop_order).sort_values(["_order", "_period", "_kind"], kind="stable")
    frame[col.AGE_GROUP] = frame[col.AGE_GROUP].fillna(AGE_GROUP) if col.AGE_GROUP in frame else AGE_GROUP
    # Kind 1 is age-specific: the two units taken as text (no hundred thousand strings to convert).
    units = pd.array([UNIT, AGE_SPECIFIC_UNIT], dtype="str").take((frame["_kind"].to_numpy() == 1).astype(int))
    frame[col.UNIT] = pd.Series(units, index=frame.index)
    return frame


def _people_by_band(
    geography: Geography, year_map: dict[int, int], years: list[int], lsoa_type: pd.CategoricalDtype
) -> tuple[np.ndarray, np.ndarray]:
    """Persons under 75, and the population rows held, by LSOA (coded in `lsoa_type`), ESP band
    and year, each year from its population year (`year_map`): two arrays (LSOA, band, year)."""
    held = geography.population
    sources = sorted(set(year_map.values()))
    people = held[held[col.YEAR].isin(sources) & (held[col.AGE] < PREMATURE_AGE)]
    shape = (len(lsoa_type.categories), len(BAND_TYPE.categories), len(sources))
    cell = np.ravel_multi_index((
        codes_of(as_categories(people[col.LSOA11_CODE], lsoa_type), lsoa_type),
        codes_of(esp_band_of_age(people[col.AGE]), BAND_TYPE),
        np.searchsorted(sources, people[col.YEAR].to_numpy()),
    ), shape)  # fmt: skip
    persons = np.bincount(cell, weights=people[col.POPULATION].to_numpy(dtype="float64"), minlength=int(np.prod(shape)))
    rows = np.bincount(cell, minlength=int(np.prod(shape))).astype("float64")
    source_of_year = [sources.index(year_map[year]) for year in years]
    return persons.reshape(shape)[..., source_of_year], rows.reshape(shape)[..., source_of_year]


def _sums_by_band(
    deaths: DenseDeaths, people: tuple[np.ndarray, np.ndarray], areas: pd.DataFrame, years: list[int],
    measures: list[str],
) -> LsoaSums:  # fmt: skip
    """Persons and deaths (both sexes) by LSOA, ESP band and year: each population cell gets the
    deaths in it; deaths in a cell with no population row count in no rate."""
    persons, rows = people
    at = _year_positions(deaths.years, years)
    sums = {
        ROWS: rows,
        col.POPULATION: persons,
        **{name: np.where(rows > 0, _spread(deaths.by_band[name], at, rows.shape), 0.0) for name in measures},
    }  # fmt: skip
    band_levels = pd.Categorical.from_codes(np.arange(len(BAND_TYPE.categories)), dtype=BAND_TYPE)
    return LsoaSums(areas, sums, {col.AGE_BAND: band_levels}, pd.Index(years))


def _sums_by_sex(deaths: DenseDeaths, areas: pd.DataFrame, years: list[int], measures: list[str]) -> LsoaSums:
    """Deaths by LSOA, sex and year (no population: none by sex at these geographies)."""
    shape = (len(areas), len(SEX_ORDER), len(years))
    at = _year_positions(deaths.years, years)
    sums = {
        ROWS: _spread(deaths.sex_cells, at, shape),
        **{name: _spread(deaths.by_sex[name], at, shape) for name in measures},
    }
    return LsoaSums(areas, sums, {col.SEX: pd.Index(list(SEX_ORDER), dtype="str")}, pd.Index(years))


def _year_positions(held: tuple[int, ...], years: list[int]) -> np.ndarray:
    """Where each year of `held` stands among `years` (every year of the periods)."""
    at = np.searchsorted(years, held)
    if not np.array_equal(np.asarray(years, dtype="int64").take(np.minimum(at, len(years) - 1)), np.asarray(held)):
        raise CodingError("a year of the records outside the periods' years")
    return at


def _spread(values: np.ndarray, at: np.ndarray, shape: tuple[int, int, int]) -> np.ndarray:
    """`values` (…, year held) into an array over every year (`shape`): zeros in years with none."""
    if values.shape == shape:
        return values
    out = np.zeros(shape)
    out[..., at] = values
    return out


def _age_specific(pooled: pd.DataFrame, level: str, key: str, geography: Geography) -> pd.DataFrame:
    """Crude rates in each age band (the age group column names the band), every period."""
    pooled, keys = _keys(pooled, key, None)
    table = crude_table(_by_indicator(pooled, [*keys, col.PERIOD, col.AGE_BAND, col.POPULATION]))
    table[col.SEX] = "Persons"
    table[col.AGE_GROUP] = table[col.AGE_BAND].astype(str)
    return _label(table, level, key, None, geography)


def _aggregations(geography: Geography) -> list[tuple[str, str, str | None]]:
    """(geography level, area key column, breakdown column or None)."""
    plain: list[tuple[str, str, str | None]] = [
        ("country", WALES_KEY, None),
        ("lhb", col.LHB_CODE, None),
        ("la", col.LA_CODE, None),
        ("lsoa11", col.LSOA11_CODE, None),
    ]
    grouped: list[tuple[str, str, str | None]] = [
        (grouping.level, {"country": WALES_KEY, "lhb": col.LHB_CODE}[grouping.level], column)
        for column, grouping in geography.groupings.items()
    ]
    return plain + grouped


def _keys(frame: pd.DataFrame, key: str, breakdown_column: str | None) -> tuple[pd.DataFrame, list[str]]:
    frame = frame if WALES_KEY in frame else frame.assign(**{WALES_KEY: col.WALES_CODE})
    keys = [key] if breakdown_column is None else [key, breakdown_column]
    return frame, keys


def _label(
    frame: pd.DataFrame, level: str, key: str, breakdown_column: str | None, geography: Geography
) -> pd.DataFrame:
    """The common frame's labels on rows that carry their period already."""
    frame[col.GEOGRAPHY_LEVEL] = level
    positions, codes = pd.factorize(frame[key])  # each distinct area named once, not once per row
    codes = pd.Index(codes).astype(str)
    frame[col.AREA_CODE] = codes.take(positions)
    frame[col.AREA_NAME] = codes.map(geography.names).take(positions)
    if breakdown_column is None:
        return without_groups(frame)
    grouping = geography.groupings[breakdown_column]
    return with_groups(frame, grouping.edition, grouping.scheme, grouping.kind, frame[breakdown_column])


def _rates(
    pooled: pd.DataFrame, level: str, key: str, breakdown_column: str | None, geography: Geography
) -> pd.DataFrame:
    """Age-standardised rates of every area (and group) and period at once."""
    pooled, keys = _keys(pooled, key, breakdown_column)
    long = _by_indicator(pooled, [*keys, col.PERIOD, col.AGE_BAND, col.POPULATION])
    table = dsr_table(long, [*keys, col.PERIOD, col.INDICATOR], age_band=col.AGE_BAND)
    table[col.SEX] = "Persons"
    return _label(table, level, key, breakdown_column, geography)


def _sex_counts(
    totals: pd.DataFrame, level: str, key: str, breakdown_column: str | None, geography: Geography
) -> pd.DataFrame:
    """Deaths by sex (no rate: no population by sex at these geographies), every period at once."""
    if totals.empty:
        return pd.DataFrame()
    totals, keys = _keys(totals, key, breakdown_column)
    table = _by_indicator(totals, [*keys, col.PERIOD, col.SEX])
    table[col.VALUE] = np.nan
    table[col.SUPPRESSED_REASON] = NO_SEX_POPULATION
    return _label(table, level, key, breakdown_column, geography)


def _by_indicator(frame: pd.DataFrame, identifiers: list[str]) -> pd.DataFrame:
    """One row per indicator: the share columns (avoidable, preventable …) become indicator + deaths,
    as `melt` would make them, with the indicator as categories made from codes."""
    names = list(INDICATORS)  # rows indicator by indicator, as `melt` gives them
    long = frame[identifiers].take(np.tile(np.arange(len(frame)), len(names))).reset_index(drop=True)
    codes = np.repeat([INDICATOR_TYPE.categories.get_loc(name) for name in names], len(frame))
    long[col.INDICATOR] = pd.Categorical.from_codes(codes, dtype=INDICATOR_TYPE)
    long[col.DEATHS] = np.concatenate([frame[INDICATORS[name]].to_numpy(dtype="float64") for name in names])
    return long


INDICATOR_TYPE = pd.CategoricalDtype(sorted(INDICATORS))  # sorted as text: groups in the same order
