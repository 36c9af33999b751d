"""An independent recount of the records pipeline's deaths and populations, for the tests.

It shares no step with the pipeline beyond the definition's code ranges: records are read as
plain text, each cause is found by scanning every cause of the definition, each record is
placed in its areas and WIMD groups by dictionary lookups on plain codes, periods are made
afresh, and the counts are summed in Python dictionaries. What it gives is every (indicator,
level, area, period, sex, age group, breakdown) count the pipeline should hold, before
disclosure control.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from dashboard.deaths.pipeline import Geography
from dashboard.model import columns as col
from dashboard.stats.definition import Definition, normalise_icd10

Key = tuple[str, str, str, str, str, str, str]  # indicator, level, area, period, sex, age group, breakdown
PopulationKey = tuple[str, str, str, str, str]  # level, area, period, age group, breakdown
PERSONS, UNDER_75 = "Persons", "0-74"


def register_as_records(register: pd.DataFrame) -> pd.DataFrame:
    """The synthetic register's CSV columns (text) as plain records: year, age, sex, ICD-10, LSOA, weight."""
    return pd.DataFrame({
        col.YEAR: register["registration_date"].str[:4].astype(int),
        col.AGE: register["age"].astype(int),
        col.SEX: register["sex"].map({"M": "Male", "F": "Female"}),
        "icd10": register["underlying_cause"],
        col.LSOA11_CODE: register["lsoa_code"].astype(str),
        "weight": 1.0,
    })  # fmt: skip


def band(age: int) -> str:
    low = min(age // 5 * 5, 90)
    return "90+" if low == 90 else f"{low}-{low + 4}"


def shares_of(definition: Definition, code: str, age: int, sex: str) -> dict[str, float]:
    """How much one death under 75 counts towards each indicator, from the definition's causes."""
    normal = normalise_icd10(code)
    found = [cause for cause in definition.causes if normal is not None and cause.matches(normal)]
    counted = bool(found) and found[0].age_min <= age <= found[0].age_max and found[0].sex in ("all", sex)
    cause = found[0] if counted else None
    return {
        "premature_mortality": 1.0,
        "avoidable_mortality": 1.0 if cause else 0.0,
        "preventable_mortality": cause.preventable_share if cause else 0.0,
        "treatable_mortality": cause.treatable_share if cause else 0.0,
    }


def periods(years: list[int], pool_years: int | None) -> dict[str, list[int]]:
    """Every single year, then rolling pools of `pool_years` (or the whole span when none)."""
    span = list(range(min(years), max(years) + 1))
    made = {str(year): [year] for year in sorted(set(years))}
    if pool_years and pool_years > 1:
        for start in range(len(span) - pool_years + 1):
            window = span[start : start + pool_years]
            made[f"{window[0]}-{window[-1]}"] = window
    elif len(span) > 1:
        made[f"{span[0]}-{span[-1]}"] = span
    return made


def _places(geography: Geography) -> dict[str, list[tuple[str, str, str]]]:
    """Each LSOA's (level, area, breakdown) memberships, from plain codes."""
    places: dict[str, list[tuple[str, str, str]]] = {}
    for row in geography.lsoa.astype(object).to_dict(orient="records"):
        lsoa = str(row[col.LSOA11_CODE])
        held = [("country", col.WALES_CODE, ""), ("lhb", str(row[col.LHB_CODE]), ""),
                ("la", str(row[col.LA_CODE]), ""), ("lsoa11", lsoa, "")]  # fmt: skip
        for column, grouping in geography.groupings.items():
            number = row[column]
            if number is None or number != number:  # NaN: not grouped
                continue
            label = f"WIMD {grouping.edition} {grouping.scheme} {grouping.kind} {int(number)}"
            area = col.WALES_CODE if grouping.level == "country" else str(row[col.LHB_CODE])
            held.append((grouping.level, area, label))
        places[lsoa] = held
    return places


@dataclass(frozen=True)
class Rows:
    """Which output rows a count in an LSOA and year adds to."""

    places: dict[str, list[tuple[str, str, str]]]
    in_periods: dict[int, list[str]]
    pooled: set[str]

    def of(self, lsoa: str, year: int) -> Iterable[tuple[str, str, str, str]]:
        """(level, area, breakdown, period) of every row a count in this LSOA and year adds to."""
        for level, area, breakdown in self.places[lsoa]:
            for label in self.in_periods[year]:
                if level != "lsoa11" or label in self.pooled:
                    yield level, area, breakdown, label


def rows_for(records: pd.DataFrame, geography: Geography, pool_years: int | None) -> Rows:
    """The periods of these records' years, and each LSOA's areas and groups."""
    made = periods(sorted(set(records[col.YEAR].tolist())), pool_years)
    in_periods: dict[int, list[str]] = defaultdict(list)
    for label, years in made.items():
        for year in years:
            in_periods[year].append(label)
    pooled = {label for label in made if "-" in label} if len(made) > 1 else set(made)
    return Rows(_places(geography), in_periods, pooled)


def recount(
    records: pd.DataFrame, definition: Definition, geography: Geography, pool_years: int | None = None
) -> dict[Key, float]:
    """Deaths by key: by sex and for persons, ages 0-74, and for persons in each ESP band in areas
    without a breakdown (not LSOAs). LSOAs have pooled periods only, when there is more than one."""
    rows = rows_for(records, geography, pool_years)
    deaths: dict[Key, float] = defaultdict(float)
    for (lsoa, year, sex, age_band), shares in _death_cells(records, definition).items():
        for level, area, breakdown, label in rows.of(lsoa, year):
            for indicator, count in shares.items():
                deaths[(indicator, level, area, label, PERSONS, UNDER_75, breakdown)] += count
                deaths[(indicator, level, area, label, sex, UNDER_75, breakdown)] += count
                if not breakdown and level != "lsoa11":
                    deaths[(indicator, level, area, label, PERSONS, age_band, breakdown)] += count
    return dict(deaths)


def recount_population(
    records: pd.DataFrame, geography: Geography, pool_years: int | None = None
) -> dict[PopulationKey, float]:
    """Persons under 75 by (level, area, period, age group, breakdown), each year's from the
    nearest year held (earlier on ties)."""
    return _population(geography, rows_for(records, geography, pool_years))


def _population(geography: Geography, rows: Rows) -> dict[PopulationKey, float]:
    """Persons under 75 by row, each year from the nearest year held (earlier on ties)."""
    held_years = sorted(set(geography.population[col.YEAR].tolist()))
    source = {year: min(held_years, key=lambda held: (abs(held - year), held)) for year in rows.in_periods}
    people = geography.population[geography.population[col.AGE] < 75]
    bands = people[col.AGE].map(band)
    by_cell = people.groupby([people[col.LSOA11_CODE].astype(str), people[col.YEAR], bands])[col.POPULATION].sum()
    population: dict[PopulationKey, float] = defaultdict(float)
    for cell, count in zip(by_cell.index.tolist(), by_cell.tolist(), strict=True):
        lsoa, held, age_band = cell
        for year in (year for year, from_year in source.items() if from_year == held):
            for level, area, breakdown, label in rows.of(str(lsoa), year):
                population[(level, area, label, UNDER_75, breakdown)] += count
                if not breakdown and level != "lsoa11":
                    population[(level, area, label, str(age_band), breakdown)] += count
    return dict(population)


def _death_cells(records: pd.DataFrame, definition: Definition) -> dict[tuple[str, int, str, str], dict[str, float]]:
    """Each record's shares (times its weight), summed to (LSOA, year, sex, ESP band) cells."""
    cells: dict[tuple[str, int, str, str], dict[str, float]] = {}
    known: dict[tuple[str, int, str], dict[str, float]] = {}
    rows = records[[col.YEAR, col.AGE, col.SEX, "icd10", col.LSOA11_CODE, "weight"]].itertuples(index=False)
    for year, age, sex, code, lsoa, weight in rows:
        if age >= 75:
            continue
        shares = known.get((code, age, sex))
        if shares is None:
            shares = known[(code, age, sex)] = shares_of(definition, code, age, sex)
        cell = cells.setdefault((str(lsoa), int(year), sex, band(age)), dict.fromkeys(shares, 0.0))
        for indicator, share in shares.items():
            cell[indicator] += share * weight
    return cells


def frame_keys(frame: pd.DataFrame) -> Iterable[Key]:
    """The indicator frame's rows as recount keys."""
    columns = [col.INDICATOR, col.GEOGRAPHY_LEVEL, col.AREA_CODE, col.PERIOD, col.SEX, col.AGE_GROUP, col.BREAKDOWN]
    for row in frame[columns].fillna({col.BREAKDOWN: ""}).astype(str).itertuples(index=False):
        yield tuple(row)
