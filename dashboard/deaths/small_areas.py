"""Smoothed small-area estimates from death records: for each 2011 LSOA and pooled period, its
observed deaths against those expected at Wales's age-specific rates (indirect standardisation),
smoothed by the Poisson-gamma model of `stats.smoothing` (global: one prior fitted to every
LSOA), with the probability that its risk exceeds Wales's.

What is published cannot give back a count the disclosure rule withholds (`disclosure_guard`):
the ratio and its interval are rounded to one decimal place, the probability is given only as its
band, and an area's figures are coarsened (to bands), then withheld, wherever an adversary who
knows the model's fitted parameters could work out a withheld count from them: the area's own
count, or, with the spatial model, a neighbour's (its prior is made from the neighbours' deaths, so
a published ratio tells their sum).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from dashboard.deaths.cells import BAND_TYPE, DeathCells, esp_band_of_age
from dashboard.deaths.coding import codes_of
from dashboard.deaths.geography import Geography
from dashboard.deaths.periods import population_years
from dashboard.model import columns as col
from dashboard.model.selection import PREMATURE_AGE
from dashboard.stats import smoothing
from dashboard.stats.disclosure import COUNT_SMALL_AREA, DEFAULT_RULE, SMOOTHED_GUARD

SMOOTHED_INDICATORS = {"avoidable_mortality": "avoidable", "premature_mortality": "premature"}  # -> share column
# The global model: in the simulation with known truth (tests/stats/test_smoothing.py) the spatial
# one has a lower error but pulls a lone hot spot towards its neighbours, so that most are missed.
METHOD: smoothing.Method = "global"
DECIMALS = 1  # the ratio and its limits as published
SHOWN, BANDS_ONLY, WITHHELD = "shown", "bands", "withheld"  # what an area's row publishes (the `detail` column)
GUARD_REASON = SMOOTHED_GUARD  # suppressed_reason: figures that would give back a withheld count
RATIO_EDGES = (0.8, 0.9, 1.1, 1.25)  # the smoothed ratio's bands where only bands are shown
STEP = 0.5  # the adversary's candidates: half deaths (the 50/50 split); merged-LSOA weights fall between them
MIN_SHOWN = DEFAULT_RULE.smallest_shown_count
SEARCH = 80  # deaths either side of the truth an adversary's candidates are tried over


COLUMNS = col.SMOOTHED_COLUMNS


@dataclass(frozen=True)
class SmallAreaInputs:
    """One indicator and period: each LSOA's observed and expected deaths, and its neighbours."""

    codes: np.ndarray  # LSOA codes, sorted
    observed: np.ndarray
    expected: np.ndarray
    neighbours: tuple[np.ndarray, np.ndarray]  # (area, neighbour) positions


def read_neighbours(processed: Path) -> pd.DataFrame:
    """The 2011 LSOAs' neighbour pairs from the built data folder (etl.geometry.neighbour_pairs)."""
    return pd.read_parquet(processed / "neighbours_lsoa11.parquet")


@dataclass(frozen=True)
class BandPopulation:
    """Persons under 75 by population year, LSOA and ESP band, as one array, made once per build:
    every pooled period's expected deaths are sums of its slices (not a regrouping of every LSOA's
    single years of age for each period, which cost 0.7 s a period)."""

    codes: pd.Index  # LSOA codes, sorted
    years: list[int]  # the population years held
    people: np.ndarray  # (year, LSOA, band)


def band_population(geography: Geography) -> BandPopulation:
    """`BandPopulation` from the geography's single years of age."""
    held = geography.population[geography.population[col.AGE] < PREMATURE_AGE]
    lsoa, codes = pd.factorize(held[col.LSOA11_CODE].to_numpy(dtype=object), sort=True)
    year, years = pd.factorize(held[col.YEAR].to_numpy(dtype="int64"), sort=True)
    band = codes_of(esp_band_of_age(held[col.AGE]), BAND_TYPE)
    shape = (len(years), len(codes), len(BAND_TYPE.categories))
    cell = np.ravel_multi_index((year, lsoa, band), shape)
    people = np.bincount(cell, weights=held[col.POPULATION].to_numpy(dtype="float64"), minlength=int(np.prod(shape)))
    return BandPopulation(pd.Index(codes), [int(y) for y in years], people.reshape(shape))


def observed_expected(
    cells: DeathCells, geography: Geography, years: list[int], share: str, people: BandPopulation | None = None
) -> pd.DataFrame:
    """Per LSOA: its deaths under 75 in `years` and the deaths expected if Wales's rate at each
    five-year age applied to its population (persons: the LSOA populations held have no sex split).
    A year with no population estimate of its own borrows the nearest year's (`population_years`)."""
    people = people or band_population(geography)
    year_map = population_years(years, people.years)
    population = sum(people.people[people.years.index(source)] for source in year_map.values())
    deaths = cells.deaths[cells.deaths[col.YEAR].isin(years)]
    lsoas = deaths[col.LSOA11_CODE].array
    lsoa_type = cast(pd.CategoricalDtype, lsoas.dtype)  # positions in the population's codes, via the categories
    position = people.codes.get_indexer(pd.Index(np.asarray(lsoa_type.categories, dtype=object)))[lsoas.codes]
    held = position >= 0  # deaths in an LSOA without a population are not counted (none in a built folder)
    band = codes_of(deaths[col.AGE_BAND], BAND_TYPE)
    observed = np.zeros_like(population)
    np.add.at(observed, (position[held], band[held]), deaths[share].to_numpy(dtype="float64")[held])
    in_band = population.sum(axis=0)
    wales_rate = np.divide(observed.sum(axis=0), in_band, out=np.zeros_like(in_band), where=in_band > 0)
    return pd.DataFrame({
        col.AREA_CODE: np.asarray(people.codes, dtype=object), col.DEATHS: observed.sum(axis=1),
        col.EXPECTED: (population * wales_rate).sum(axis=1),
    })  # fmt: skip


def inputs_for(table: pd.DataFrame, neighbours: pd.DataFrame) -> SmallAreaInputs:
    """The arrays the smoother takes, with neighbour pairs as positions in the sorted codes."""
    table = table.sort_values(col.AREA_CODE, ignore_index=True)
    codes = table[col.AREA_CODE].to_numpy()
    position = pd.Series(np.arange(len(codes)), index=codes)
    pairs = neighbours[
        neighbours[col.AREA_CODE].isin(position.index) & neighbours[col.NEIGHBOUR_CODE].isin(position.index)
    ]
    return SmallAreaInputs(
        codes, table[col.DEATHS].to_numpy(dtype="float64"), table[col.EXPECTED].to_numpy(dtype="float64"),
        (position[pairs[col.AREA_CODE]].to_numpy(), position[pairs[col.NEIGHBOUR_CODE]].to_numpy()),
    )  # fmt: skip


def published_figures(result: smoothing.Smoothed) -> pd.DataFrame:
    """What a row would publish in full: ratio and limits rounded, the exceedance band."""
    return pd.DataFrame({
        col.SMOOTHED_RATIO: np.round(result.ratio, DECIMALS), col.SMOOTHED_LOWER: np.round(result.lower, DECIMALS),
        col.SMOOTHED_UPPER: np.round(result.upper, DECIMALS),
        col.EXCEEDANCE_BAND: smoothing.exceedance_band(result.exceedance),
    })  # fmt: skip


def ratio_band(ratio: np.ndarray) -> np.ndarray:
    """1 to 5: the smoothed ratio's band (below 0.8, 0.8-0.9, 0.9-1.1, 1.1-1.25, 1.25 and above)."""
    return np.digitize(ratio, RATIO_EDGES) + 1


def smoothed_frame(
    cells: DeathCells, geography: Geography, neighbours: pd.DataFrame, disclosed: pd.DataFrame, *, origin: str,
    source_id: str,
) -> tuple[pd.DataFrame, dict[str, object]]:  # fmt: skip
    """Every LSOA's smoothed figures for each pooled period of the disclosed indicator frame, and
    the fitted model's parameters per indicator and period (for the build record)."""
    from dashboard.deaths.disclosure_guard import guard  # beside this module: the adversary's arithmetic

    lsoa_rows = disclosed[(disclosed[col.GEOGRAPHY_LEVEL] == "lsoa11") & (disclosed[col.SEX] == "Persons")
                          & (disclosed[col.BREAKDOWN].isin(["", "nan"]) | disclosed[col.BREAKDOWN].isna())]  # fmt: skip
    pieces: list[pd.DataFrame] = []
    parameters: dict[str, object] = {}
    people = band_population(geography)
    for (indicator, period), rows in lsoa_rows.groupby([col.INDICATOR, col.PERIOD], observed=True):
        share = SMOOTHED_INDICATORS.get(str(indicator))
        if share is None:
            continue
        first, _dash, last = str(period).partition("-")
        inputs = inputs_for(observed_expected(cells, geography, list(range(int(first), int(last or first) + 1)), share,
                                              people), neighbours)  # fmt: skip
        result = smoothing.smooth(inputs.observed, inputs.expected, METHOD, inputs.neighbours)
        reasons = rows.set_index(col.AREA_CODE)[col.SUPPRESSED_REASON].reindex(inputs.codes)
        withheld = rows.set_index(col.AREA_CODE)[col.DEATHS].reindex(inputs.codes).isna().to_numpy()
        primary = reasons.fillna("").str.contains(COUNT_SMALL_AREA).to_numpy()
        shown = guard(inputs, result, withheld, primary, METHOD)
        columns: dict[str, Any] = {
            col.INDICATOR: indicator, col.PERIOD: period, col.AREA_CODE: inputs.codes,
            col.AREA_NAME: [geography.names.get(code, code) for code in inputs.codes],
            col.DEATHS: np.where(withheld, np.nan, inputs.observed), col.EXPECTED: np.round(inputs.expected, 6),
            col.RATIO_BAND: ratio_band(result.ratio), col.DETAIL: shown, col.METHOD: METHOD,
            col.SOURCE_ID: source_id, col.ORIGIN: origin,
        }  # fmt: skip
        pieces.append(_withhold(published_figures(result).assign(**columns)))
        parameters[f"{indicator} {period}"] = {"shape": round(float(result.prior_shape[0]), 10),
                                              "lsoas_withheld": int((shown == WITHHELD).sum()),
                                              "lsoas_bands_only": int((shown == BANDS_ONLY).sum())}  # fmt: skip
    if not pieces:
        return pd.DataFrame(columns=list(COLUMNS)), parameters
    return pd.concat(pieces, ignore_index=True)[list(COLUMNS)], parameters


def _withhold(frame: pd.DataFrame) -> pd.DataFrame:
    """Blank what each row may not publish: numbers where only bands are shown, everything where withheld."""
    numbers = [col.SMOOTHED_RATIO, col.SMOOTHED_LOWER, col.SMOOTHED_UPPER]
    frame.loc[frame[col.DETAIL] != SHOWN, numbers] = np.nan
    frame[col.RATIO_BAND] = frame[col.RATIO_BAND].where(frame[col.DETAIL] != WITHHELD).astype("Int64")
    frame[col.EXCEEDANCE_BAND] = frame[col.EXCEEDANCE_BAND].where(frame[col.DETAIL] != WITHHELD).astype("Int64")
    frame[col.SUPPRESSED_REASON] = pd.Series(GUARD_REASON, index=frame.index, dtype="str").where(
        frame[col.DETAIL] != SHOWN
    )
    return frame
