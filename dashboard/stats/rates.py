"""Crude rates and directly age-standardised rates (DSR) with their confidence intervals.

DSR: standardised to the 2013 European Standard Population over the age bands present (so
bands to 70-74 give an under-75 rate), with Dobson et al. (1991) limits: the Poisson limits of
the total count, scaled by the ratio of the DSR's standard error to the count's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.stats.intervals import count_limits

PER_100K = 100_000.0

# The 2013 European Standard Population (Eurostat 2013, KS-RA-13-028), 19 bands.
ESP2013: dict[str, int] = {
    "0-4": 5000, "5-9": 5500, "10-14": 5500, "15-19": 5500, "20-24": 6000, "25-29": 6000, "30-34": 6500,
    "35-39": 7000, "40-44": 7000, "45-49": 7000, "50-54": 7000, "55-59": 6500, "60-64": 6000, "65-69": 5500,
    "70-74": 5000, "75-79": 4000, "80-84": 2500, "85-89": 1500, "90+": 1000,
}  # fmt: skip


@dataclass(frozen=True)
class Rate:
    value: float
    lower: float
    upper: float
    deaths: float
    population: float


def crude_rate(deaths: float, population: float, *, confidence: float = 0.95, per: float = PER_100K) -> Rate:
    """Deaths per `per` people, with Byar (10+) or exact (under 10) Poisson limits."""
    if population <= 0:
        raise ValueError("population must be positive")
    if deaths < 0:
        raise ValueError("deaths must not be negative")
    lower, upper = count_limits(deaths, confidence)
    scale = per / population
    return Rate(deaths * scale, float(lower) * scale, float(upper) * scale, deaths, population)


def dsr(
    deaths: pd.Series | np.ndarray,
    population: pd.Series | np.ndarray,
    standard: pd.Series | np.ndarray,
    *,
    confidence: float = 0.95,
    per: float = PER_100K,
) -> Rate:
    """Directly standardised rate over the bands given (aligned arrays: deaths, population and
    standard weights per band), with Dobson limits."""
    d = np.asarray(deaths, dtype="float64")
    n = np.asarray(population, dtype="float64")
    w = np.asarray(standard, dtype="float64")
    if not (len(d) == len(n) == len(w)):
        raise ValueError("deaths, population and standard weights need one value per age band")
    if (n <= 0).any():
        raise ValueError("every age band needs a positive population")
    if (d < 0).any():
        raise ValueError("deaths must not be negative")
    weights = w / w.sum()
    value = float((weights * d / n).sum())
    variance = float((weights**2 * d / n**2).sum())
    total = float(d.sum())
    count_lower, count_upper = count_limits(total, confidence)
    if total > 0:
        scale = np.sqrt(variance / total)
        lower = value + scale * (float(count_lower) - total)
        upper = value + scale * (float(count_upper) - total)
    else:
        lower, upper = 0.0, float("nan")  # no events: no spread to scale; suppression applies anyway
    return Rate(value * per, max(lower, 0.0) * per, upper * per, total, float(n.sum()))


def esp_weights(age_bands: pd.Series) -> pd.Series:
    """ESP2013 weight for each band label; an unknown label is an error."""
    unknown = sorted(set(pd.unique(age_bands)) - set(ESP2013))
    if unknown:
        raise ValueError(f"age bands {unknown} are not ESP2013 bands (0-4, 5-9 … 85-89, 90+)")
    return age_bands.map(ESP2013).astype("float64")


def dsr_table(
    frame: pd.DataFrame,
    keys: list[str],
    *,
    age_band: str = "age_band",
    deaths: str = "deaths",
    population: str = "population",
    confidence: float = 0.95,
    per: float = PER_100K,
) -> pd.DataFrame:
    """`dsr` for many groups at once: one row per key combination with deaths, population,
    value, lower, upper. Each group is standardised over the bands it holds; rows sharing a
    group and band (several small areas, say) are summed before the age-specific rates are taken."""
    # Integer codes throughout (one grouping of the keys, then `bincount` sums): a pipeline build
    # calls this for every geography, and three pandas groupbys cost more than the arithmetic.
    grouping = frame.groupby(keys, sort=True, observed=True)
    group = grouping.ngroup().fillna(-1).to_numpy(dtype="int64")
    if (group < 0).any():  # a missing key: in no group, as a groupby leaves it out
        frame, group = frame[group >= 0], group[group >= 0]
    groups = grouping.ngroups
    band_of_row, distinct = pd.factorize(frame[age_band])  # each distinct band looked up once
    if (band_of_row < 0).any():
        raise ValueError("a row without an age band: every row needs an ESP2013 band")
    labels = pd.Series(np.asarray(distinct, dtype=object))
    weight = esp_weights(labels).to_numpy()[band_of_row]
    bands = pd.Index(list(ESP2013)).get_indexer(pd.Index(labels))[band_of_row]  # positions in age order
    cell, first_of_cell, cell_of_row = np.unique(group * len(ESP2013) + bands, return_index=True, return_inverse=True)
    cell_deaths = np.bincount(cell_of_row, weights=frame[deaths].to_numpy(dtype="float64"), minlength=len(cell))
    cell_people = np.bincount(cell_of_row, weights=frame[population].to_numpy(dtype="float64"), minlength=len(cell))
    if (cell_people <= 0).any():
        raise ValueError("every age band needs a positive population")
    cell_group = cell // len(ESP2013)
    cell_weight = weight[first_of_cell]  # each (group, band) cell's standard weight, cells in sorted order
    cell_weight = cell_weight / np.bincount(cell_group, weights=cell_weight, minlength=groups)[cell_group]
    first_row = np.unique(group, return_index=True)[1]
    table = frame[keys].take(first_row).reset_index(drop=True)
    total = np.bincount(cell_group, weights=cell_deaths, minlength=groups)
    table[deaths] = total
    table[population] = np.bincount(cell_group, weights=cell_people, minlength=groups)
    value = np.bincount(cell_group, weights=cell_weight * cell_deaths / cell_people, minlength=groups)
    variance = np.bincount(cell_group, weights=cell_weight**2 * cell_deaths / cell_people**2, minlength=groups)
    count_lower, count_upper = count_limits(total, confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(total > 0, np.sqrt(variance / total), np.nan)
    table["value"] = value * per
    table["lower"] = np.maximum(value + scale * (count_lower - total), 0.0) * per
    table["upper"] = (value + scale * (count_upper - total)) * per
    return table


def crude_table(
    frame: pd.DataFrame, *, deaths: str = "deaths", population: str = "population", confidence: float = 0.95,
    per: float = PER_100K,
) -> pd.DataFrame:  # fmt: skip
    """`crude_rate` for every row at once: adds value, lower and upper columns."""
    if (frame[population] <= 0).any():
        raise ValueError("population must be positive")
    lower, upper = count_limits(frame[deaths].to_numpy(dtype="float64"), confidence)
    scale = per / frame[population].to_numpy(dtype="float64")
    return frame.assign(value=frame[deaths] * scale, lower=lower * scale, upper=upper * scale)
