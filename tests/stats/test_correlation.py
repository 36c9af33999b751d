"""Pearson's r with Fisher's interval and Spearman's rho, against scipy (an independent
implementation: `scipy.stats.pearsonr(...).confidence_interval()` uses Fisher's transformation,
`scipy.stats.spearmanr` averages tied ranks) and against a worked example."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.stats.correlation import correlation


def test_worked_example() -> None:
    # r = 0.5 from 22 areas: z = atanh 0.5 = 0.5493, SE = 1 / sqrt(19) = 0.2294, z +/- 1.96 SE = 0.0997 to
    # 0.9990, so r's 95% interval is tanh of those: 0.0993 to 0.7612 (worked by hand).
    x = np.arange(22, dtype=float)
    noise = np.sin(np.arange(22) * 7.3)  # a fixed pattern, scaled below to give r = 0.5 exactly
    noise = (
        noise
        - noise.mean()
        - np.dot(noise - noise.mean(), x - x.mean()) / np.dot(x - x.mean(), x - x.mean()) * (x - x.mean())
    )
    scale = np.std(x) * np.sqrt(3) / np.std(noise)  # r = 1 / sqrt(1 + 3) = 0.5
    result = correlation(x, x + scale * noise)
    assert result.r == pytest.approx(0.5, abs=1e-12)
    assert (round(result.lower, 4), round(result.upper, 4)) == (0.0993, 0.7612)
    assert result.beyond_chance and result.areas == 22


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), min_size=5, max_size=40))
def test_agrees_with_scipy(pairs: list[tuple[int, int]]) -> None:
    x, y = (np.array(values, dtype=float) for values in zip(*pairs, strict=True))
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        with pytest.raises(ValueError, match="same in every area"):
            correlation(x, y)
        return
    result = correlation(x, y)
    reference = scipy.stats.pearsonr(x, y)
    assert result.r == pytest.approx(float(reference.statistic), abs=1e-9)
    if abs(result.r) < 0.999:
        interval = reference.confidence_interval(0.95)
        assert (result.lower, result.upper) == pytest.approx((interval.low, interval.high), abs=1e-6)
    assert result.rank_r == pytest.approx(float(scipy.stats.spearmanr(x, y).statistic), abs=1e-9)


def test_missing_pairs_are_dropped_and_counted() -> None:
    result = correlation([1, 2, 3, 4, np.nan, 6], [2, 1, 4, 3, 5, np.nan])
    assert result.areas == 4


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [([1, 2, 3], [1, 2, 3], "at least 4"), ([1, 2, 3, 4], [1, 2, 3], "differ in length"),
     ([1, 1, 1, 1], [1, 2, 3, 4], "same in every area")],
)  # fmt: skip
def test_refuses_what_has_no_interval(x: list[float], y: list[float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        correlation(x, y)
