"""Smoothed small-area relative risks: Poisson-gamma empirical Bayes, global and spatial.

An LSOA has about 1,600 people and a handful of deaths a year, so its raw standardised mortality
ratio (observed / expected deaths) swings from chance alone. The Poisson-gamma model (Clayton &
Kaldor 1987, Biometrics 43:671-681) treats each area's relative risk as drawn from a gamma
distribution whose parameters are estimated from all areas (empirical Bayes), so each estimate is
pulled towards the typical value by as much as its own data are thin:

    O_i ~ Poisson(E_i * theta_i),   theta_i ~ Gamma(shape a_i, rate b_i)
    theta_i | O_i ~ Gamma(a_i + O_i, b_i + E_i)    (conjugate: the posterior is exact)

- **global**: one prior for every area, a_i = a and b_i = b, fitted by maximising the marginal
  (negative binomial) likelihood of the observed counts.
- **spatial**: each area's prior is centred on its neighbours' risk, m_i = (a + sum of the
  neighbours' O) / (b + sum of their E) (the neighbourhood's own posterior mean under the global
  prior, so an empty neighbourhood falls back to the global mean), with one shape nu for every
  area fitted by marginal likelihood: a_i = nu and b_i = nu / m_i. The area's own deaths are not
  in its prior, so they are not counted twice. This is the local empirical Bayes idea of Marshall
  (1991, Applied Statistics 40:283-294) with a likelihood fit in place of moments, which keeps
  it stable when a neighbourhood has a few deaths.

From the posterior: the smoothed ratio (its mean), a 95% credible interval (its 2.5% and 97.5%
quantiles) and the probability that the area's risk exceeds Wales's (theta > 1), as the Small
Area Health Statistics Unit's Environment and Health Atlas maps it. The intervals treat the fitted
prior as known, so they are a little narrow where the prior is uncertain (Morris 1983).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, special

Method = Literal["global", "spatial"]
METHODS: tuple[Method, ...] = ("global", "spatial")
# Exceedance bands, as the Environment and Health Atlas draws them: below 0.2 the risk is probably
# not above Wales's, above 0.8 it probably is, and between the data cannot say.
EXCEEDANCE_EDGES = (0.2, 0.8)
LOW, UNCERTAIN, HIGH = 1, 2, 3  # band numbers, in order
_SHAPE_BOUNDS = (np.log(1e-2), np.log(1e5))


@dataclass(frozen=True)
class Smoothed:
    """Per area: the posterior's shape and rate, and from them the smoothed ratio, its 95%
    credible limits and the probability that the risk exceeds 1."""

    shape: NDArray[np.float64]
    rate: NDArray[np.float64]
    ratio: NDArray[np.float64]
    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    exceedance: NDArray[np.float64]
    prior_shape: NDArray[np.float64]
    prior_rate: NDArray[np.float64]


def _negative_binomial_loglik(observed: NDArray[np.float64], mean: NDArray[np.float64], shape: float) -> float:
    """Marginal log likelihood of the counts when O ~ Poisson(mean * theta), theta ~ Gamma(shape, shape)."""
    return float(
        np.sum(
            special.gammaln(observed + shape) - special.gammaln(shape) - special.gammaln(observed + 1)
            + shape * np.log(shape / (shape + mean)) + special.xlogy(observed, mean / (shape + mean))
        )
    )  # fmt: skip


def fit_shape(observed: ArrayLike, mean: ArrayLike) -> float:
    """The gamma shape (1 / the variance of the relative risk around its prior mean) that best
    explains the counts given each area's prior expected count `mean`, by marginal likelihood."""
    counts, means = np.asarray(observed, dtype="float64"), np.asarray(mean, dtype="float64")
    keep = means > 0
    found = optimize.minimize_scalar(
        lambda log_shape: -_negative_binomial_loglik(counts[keep], means[keep], float(np.exp(log_shape))),
        bounds=_SHAPE_BOUNDS, method="bounded",
    )  # fmt: skip
    return float(np.exp(found.x))


def global_prior(observed: ArrayLike, expected: ArrayLike) -> tuple[float, float]:
    """(shape, rate) of the one gamma prior for every area: its mean is the overall ratio of
    observed to expected deaths (1 when expected deaths are standardised to the whole), its shape
    fitted by marginal likelihood."""
    counts, expect = np.asarray(observed, dtype="float64"), np.asarray(expected, dtype="float64")
    overall = counts.sum() / expect.sum()
    shape = fit_shape(counts, expect * overall)
    return shape, shape / overall


Pairs = tuple[NDArray[np.int64], NDArray[np.int64]]  # (area, neighbour) positions


def neighbourhood_means(
    observed: NDArray[np.float64], expected: NDArray[np.float64], neighbours: Pairs, prior: tuple[float, float]
) -> NDArray[np.float64]:
    """Each area's neighbourhood risk (its neighbours' deaths over their expected deaths, with the
    global prior's pseudo-counts), from (area, neighbour) position pairs; not the area's own."""
    area, neighbour = neighbours
    summed_o = np.bincount(area, weights=observed[neighbour], minlength=len(observed))
    summed_e = np.bincount(area, weights=expected[neighbour], minlength=len(observed))
    shape, rate = prior
    return np.asarray((shape + summed_o) / (rate + summed_e), dtype="float64")


def posterior(observed: NDArray[np.float64], expected: NDArray[np.float64], shape: NDArray[np.float64],
              rate: NDArray[np.float64], confidence: float = 0.95) -> Smoothed:  # fmt: skip
    """The gamma posterior's summaries for each area, from its prior (shape, rate)."""
    post_shape, post_rate = shape + observed, rate + expected
    tail = (1 - confidence) / 2
    return Smoothed(
        shape=post_shape, rate=post_rate, ratio=post_shape / post_rate,
        lower=special.gammaincinv(post_shape, tail) / post_rate,
        upper=special.gammaincinv(post_shape, 1 - tail) / post_rate,
        exceedance=special.gammaincc(post_shape, post_rate),  # P(theta > 1) = upper regularised gamma at rate * 1
        prior_shape=shape, prior_rate=rate,
    )  # fmt: skip


def smooth(
    observed: ArrayLike, expected: ArrayLike, method: Method = "spatial",
    neighbours: tuple[ArrayLike, ArrayLike] | None = None, confidence: float = 0.95,
) -> Smoothed:  # fmt: skip
    """Smoothed relative risks of areas with `observed` and `expected` deaths. `neighbours` are
    (area, neighbour) position pairs, both directions, every area with at least one (the spatial
    method needs them)."""
    counts, expect = np.asarray(observed, dtype="float64"), np.asarray(expected, dtype="float64")
    if counts.shape != expect.shape or (counts < 0).any() or (expect <= 0).any():
        raise ValueError("observed must be counts and expected positive, one of each per area")
    prior = global_prior(counts, expect)
    if method == "global":
        return posterior(counts, expect, np.full_like(expect, prior[0]), np.full_like(expect, prior[1]), confidence)
    if neighbours is None:
        raise ValueError("the spatial method needs each area's neighbours")
    pairs = (np.asarray(neighbours[0], dtype="int64"), np.asarray(neighbours[1], dtype="int64"))
    if len(np.setdiff1d(np.arange(len(counts)), pairs[0])):
        raise ValueError("every area needs a neighbour (join islands to their nearest area)")
    means = neighbourhood_means(counts, expect, pairs, prior)
    shape = fit_shape(counts, expect * means)
    return posterior(counts, expect, np.full_like(expect, shape), shape / means, confidence)


def exceedance_band(probability: ArrayLike) -> NDArray[np.int64]:
    """LOW, UNCERTAIN or HIGH for each probability that a risk exceeds Wales's."""
    return np.asarray(np.digitize(np.asarray(probability, dtype="float64"), EXCEEDANCE_EDGES, right=True) + 1,
                      dtype="int64")  # fmt: skip
