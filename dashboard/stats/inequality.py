"""Inequality between deprivation groups: Slope and Relative Index of Inequality, the gap and the
ratio between the most and least deprived group, excess deaths, and years of life lost.

Conventions, stated once (and on the Methods page):
- Groups are numbered from most deprived (1) to least deprived (5 or 10).
- SII (Low & Low 2004, as PHE computes it): weighted least-squares line of the rate on each
  group's relative rank, the midpoint of its band of cumulative population share, with rank 0 at
  the most deprived end. SII = fitted(0) - fitted(1): **positive when the most deprived have the
  higher rate**, in the rate's own units.
- RII, PHE definition: fitted(0) / fitted(1), the ratio of the fitted extremes (not ScotPHO's
  SII / mean rate). Above 1 when the most deprived have the higher rate.
- CIs for SII and RII by seeded simulation: each group's rate drawn from a normal distribution
  whose standard error comes from its own CI, the line refitted each time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.i18n import N_  # the reasons are English, marked for the catalogue; views translate them
from dashboard.stats.intervals import z_value

DEFAULT_SIMULATIONS = 100_000
DEFAULT_SEED = 20191126  # any fixed seed makes the CI reproducible; this one is WIMD 2019's release date


@dataclass(frozen=True)
class SlopeIndex:
    sii: float
    sii_lower: float
    sii_upper: float
    rii: float
    rii_lower: float
    rii_upper: float
    fitted_most: float  # the fitted line at rank 0 (most deprived) and rank 1 (least deprived)
    fitted_least: float

    @property
    def rii_unstable_reason(self) -> str | None:
        """Why the RII (a ratio of the fitted ends) means nothing here, or None when it does: a
        fitted least-deprived rate at or near zero, or a CI that reaches zero or below, makes the
        ratio explode (female respiratory deaths by fifth: RII 31.5, 95% CI -278.5 to 318.0)."""
        if not self.fitted_least > 0:
            return N_("the fitted rate at the least deprived end is zero or below")
        if not (self.rii_lower > 0 and np.isfinite(self.rii_upper)):
            return N_("its 95% CI reaches zero or below, because the fitted least deprived rate is near zero")
        return None


def relative_ranks(population: np.ndarray) -> np.ndarray:
    """Midpoint of each group's band of cumulative population share, most deprived first."""
    share = population / population.sum()
    return np.cumsum(share) - share / 2


def _fitted_extremes(ranks: np.ndarray, weights: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fitted values at rank 0 and rank 1 of a weighted line; `values` may hold many rows."""
    x_mean = (weights * ranks).sum()
    y_mean = (values * weights).sum(axis=-1)
    slope = (weights * (ranks - x_mean) * (values - y_mean[..., None])).sum(axis=-1) / (
        weights * (ranks - x_mean) ** 2
    ).sum()
    intercept = y_mean - slope * x_mean
    return intercept, intercept + slope


def slope_index(
    value: np.ndarray | pd.Series,
    population: np.ndarray | pd.Series,
    lower: np.ndarray | pd.Series,
    upper: np.ndarray | pd.Series,
    *,
    confidence: float = 0.95,
    simulations: int = DEFAULT_SIMULATIONS,
    seed: int = DEFAULT_SEED,
) -> SlopeIndex:
    """SII and RII with simulated CIs; inputs ordered from most to least deprived group."""
    y = np.asarray(value, dtype="float64")
    n = np.asarray(population, dtype="float64")
    lo = np.asarray(lower, dtype="float64")
    hi = np.asarray(upper, dtype="float64")
    if len(y) < 3 or not (len(y) == len(n) == len(lo) == len(hi)):
        raise ValueError("need at least 3 groups, each with value, population, lower and upper")
    if np.isnan(y).any() or np.isnan(lo).any() or np.isnan(hi).any():
        raise ValueError("every group needs a value and a CI (a suppressed group makes SII meaningless)")
    if (n <= 0).any():
        raise ValueError("every group needs a positive population")
    z = z_value(confidence)
    ranks = relative_ranks(n)
    weights = n / n.sum()
    most, least = _fitted_extremes(ranks, weights, y)
    standard_error = (hi - lo) / (2 * z)
    generator = np.random.default_rng(seed)
    draws = generator.normal(y, standard_error, size=(simulations, len(y)))
    sim_most, sim_least = _fitted_extremes(ranks, weights, draws)
    tail = (1 - confidence) / 2 * 100
    sii_draws = sim_most - sim_least
    with np.errstate(divide="ignore", invalid="ignore"):
        rii_draws = sim_most / sim_least
    sii_lower, sii_upper = np.percentile(sii_draws, [tail, 100 - tail])
    rii_lower, rii_upper = np.nanpercentile(rii_draws, [tail, 100 - tail])
    return SlopeIndex(
        sii=float(most - least),
        sii_lower=float(sii_lower),
        sii_upper=float(sii_upper),
        rii=float(most / least),
        rii_lower=float(rii_lower),
        rii_upper=float(rii_upper),
        fitted_most=float(most),
        fitted_least=float(least),
    )


@dataclass(frozen=True)
class Comparison:
    value: float
    lower: float
    upper: float


def absolute_gap(
    most: float, most_lower: float, most_upper: float,
    least: float, least_lower: float, least_upper: float,
    *, confidence: float = 0.95,
) -> Comparison:  # fmt: skip
    """Most minus least deprived rate; CI from the two rates' standard errors (taken from their CIs)."""
    z = z_value(confidence)
    error = np.hypot((most_upper - most_lower) / (2 * z), (least_upper - least_lower) / (2 * z))
    gap = most - least
    return Comparison(gap, gap - z * error, gap + z * error)


def rate_ratio(
    most: float, most_lower: float, most_upper: float,
    least: float, least_lower: float, least_upper: float,
    *, confidence: float = 0.95,
) -> Comparison:  # fmt: skip
    """Most over least deprived rate; CI on the log scale from each rate's CI."""
    if min(most, least, most_lower, least_lower) <= 0:
        raise ValueError("a rate ratio needs positive rates and lower limits")
    z = z_value(confidence)
    error = np.hypot(
        (np.log(most_upper) - np.log(most_lower)) / (2 * z), (np.log(least_upper) - np.log(least_lower)) / (2 * z)
    )
    ratio = most / least
    return Comparison(ratio, float(np.exp(np.log(ratio) - z * error)), float(np.exp(np.log(ratio) + z * error)))


def excess_deaths(
    frame: pd.DataFrame, *, group: str, age_band: str, deaths: str, population: str, years: float = 1.0,
    confidence: float = 0.95,
) -> Comparison:  # fmt: skip
    """Deaths a year that would not have happened had every group the least deprived group's
    age-specific rates (the highest group number is the least deprived).

    CI by normal approximation: Poisson variance of the observed deaths plus the variance of the
    expected deaths, which inherit the reference group's Poisson error.
    """
    reference_group = frame[group].max()
    reference = frame[frame[group] == reference_group].set_index(age_band)
    others = frame[frame[group] != reference_group].groupby(age_band)[[deaths, population]].sum()
    missing = sorted(set(others.index) - set(reference.index))
    if missing:
        raise ValueError(f"the least deprived group has no population for age bands {missing}")
    if (reference[population] <= 0).any():
        raise ValueError("the least deprived group needs a positive population in every age band")
    multiplier = others[population] / reference.loc[others.index, population]
    expected = float((multiplier * reference.loc[others.index, deaths]).sum())
    observed = float(others[deaths].sum())
    variance = observed + float((multiplier**2 * reference.loc[others.index, deaths]).sum())
    z = z_value(confidence)
    excess = observed - expected
    return Comparison(
        excess / years, (excess - z * np.sqrt(variance)) / years, (excess + z * np.sqrt(variance)) / years
    )


def band_midpoint(label: str) -> float:
    """Mid-age of a band: '<1' -> 0.5, '1-4' -> 3.0, '70-74' -> 72.5 (ages as whole years lived)."""
    if label == "<1":
        return 0.5
    if label.endswith("+"):
        raise ValueError(f"open band {label!r} has no midpoint")
    start, end = (int(part) for part in label.split("-"))
    return (start + end + 1) / 2


def years_of_life_lost(deaths: pd.Series, age_bands: pd.Series, *, limit: int = 75) -> float:
    """Potential years of life lost before `limit`: each death under the limit counts the years
    from its band's mid-age to the limit (deaths in bands reaching the limit or beyond count 0)."""
    total = 0.0
    for band, count in zip(age_bands, deaths, strict=True):
        if band.endswith("+") or int(band.split("-")[-1].lstrip("<")) >= limit:
            continue
        total += float(count) * (limit - band_midpoint(band))
    return total


def rate_change(
    first: float, first_lower: float, first_upper: float,
    last: float, last_lower: float, last_upper: float,
    *, confidence: float = 0.95,
) -> Comparison:  # fmt: skip
    """How a rate moved between two periods (last − first), with its CI: each rate's standard
    error taken from its CI as width / (2 z), the periods' deaths independent. A change whose CI
    excludes zero is beyond chance at that level: a test of the difference (z = change / SE),
    where two CIs that overlap can still hide a real change."""
    return absolute_gap(last, last_lower, last_upper, first, first_lower, first_upper, confidence=confidence)


def index_change(first: SlopeIndex, last: SlopeIndex, confidence: float = 0.95) -> Comparison:
    """How the SII moved from one period to another, with its CI: last − first, each SII's standard
    error taken from its (simulated) CI as width / (2 z), the two treated as independent (separate
    years of deaths), so SE = √(SE₁² + SE₂²). A change whose CI excludes zero is beyond chance at
    that level: a test of the difference, stronger than asking whether the two CIs overlap."""
    z = z_value(confidence)
    first_error = (first.sii_upper - first.sii_lower) / (2 * z)
    last_error = (last.sii_upper - last.sii_lower) / (2 * z)
    change = last.sii - first.sii
    margin = z * float(np.hypot(first_error, last_error))
    return Comparison(change, change - margin, change + margin)
