"""Rates and their confidence intervals against published reference values and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dashboard.stats.intervals import byar_limits, count_limits, exact_limits, z_value
from dashboard.stats.rates import ESP2013, crude_rate, dsr


@pytest.mark.parametrize(
    ("observed", "lower", "upper"),
    # Exact 95% Poisson limits as tabulated by Garwood (1936, Biometrika 28:437-442), reproduced in
    # Ulm (1990, Am J Epidemiol 131:373-375) and the PHE technical guide's chi-squared appendix.
    [(0, 0.0, 3.689), (1, 0.0253, 5.572), (5, 1.623, 11.668), (10, 4.795, 18.390)],
)
def test_exact_limits_match_garwood(observed: int, lower: float, upper: float) -> None:
    low, high = exact_limits(observed)
    assert float(low) == pytest.approx(lower, abs=5e-4)
    assert float(high) == pytest.approx(upper, abs=5e-4)


def test_byar_within_two_tenths_of_a_percent_of_exact_from_ten_events() -> None:
    """PHE 'Technical Guide: Confidence Intervals' (2018), Appendix 1: at 95% Byar's method is
    within 0.2% of the exact value for numerators of 10 or more."""
    counts = np.arange(10, 5001)
    byar_lower, byar_upper = byar_limits(counts)
    exact_lower, exact_upper = exact_limits(counts)
    assert np.max(np.abs(byar_lower / exact_lower - 1)) < 0.002
    assert np.max(np.abs(byar_upper / exact_upper - 1)) < 0.002


def test_count_limits_switch_to_exact_below_ten() -> None:
    small = count_limits(9)
    assert float(small[0]) == pytest.approx(float(exact_limits(9)[0]))
    large = count_limits(10)
    assert float(large[0]) == pytest.approx(float(byar_limits(10)[0]))
    assert z_value(0.95) == pytest.approx(1.959964, abs=1e-6)


def test_crude_rate_worked_example() -> None:
    """Hand-worked with Byar's formula (Breslow & Day 1987, as in the PHE guide): 65 deaths in
    100,000 people; z = 1.959964. Lower = 65(1 - 1/585 - z/(3*sqrt 65))^3 = 50.163,
    upper = 66(1 - 1/594 + z/(3*sqrt 66))^3 = 82.849 (the exact limits are 50.17 and 82.85)."""
    rate = crude_rate(65, 100_000)
    assert rate.value == 65.0
    assert rate.lower == pytest.approx(50.163, abs=0.001)
    assert rate.upper == pytest.approx(82.849, abs=0.001)


def test_dsr_is_the_weighted_mean_of_age_specific_rates() -> None:
    """Worked by hand: bands 0-4 (10 deaths in 10,000) and 5-9 (30 in 10,000), ESP weights 5000
    and 5500: DSR = (5000*100 + 5500*300) / 10500 = 204.76 per 100,000."""
    rate = dsr(np.array([10, 30]), np.array([10_000, 10_000]), np.array([5000, 5500]))
    assert rate.value == pytest.approx((5000 * 100 + 5500 * 300) / 10_500, rel=1e-12)
    assert rate.deaths == 40


def test_dobson_is_exact_when_standard_is_proportional_to_study_population() -> None:
    """Dobson et al. (1991, Stat Med 10:457-462), as noted by Fay & Feuer (1997, Stat Med
    16:791-801): when the standard population is proportional to the study population the DSR
    equals the crude rate and Dobson's limits equal the count's Poisson limits."""
    population = np.array([1000.0, 2000.0, 4000.0, 3000.0])
    deaths = np.array([3.0, 11.0, 40.0, 66.0])
    rate = dsr(deaths, population, population * 7)
    crude = crude_rate(deaths.sum(), population.sum())
    assert rate.value == pytest.approx(crude.value)
    assert rate.lower == pytest.approx(crude.lower)
    assert rate.upper == pytest.approx(crude.upper)


@settings(max_examples=200, deadline=None)
@given(
    rates=st.lists(st.floats(1e-5, 0.05), min_size=2, max_size=19),
    scale=st.integers(100, 1_000_000),
)
def test_dsr_properties(rates: list[float], scale: int) -> None:
    bands = list(ESP2013)[: len(rates)]
    weights = np.array([ESP2013[band] for band in bands], dtype="float64")
    population = np.full(len(rates), float(scale))
    deaths = np.round(np.array(rates) * population)
    assume(deaths.sum() > 0)  # with no deaths Dobson's method has no spread to scale (and no rate is shown)
    rate = dsr(deaths, population, weights)
    # A CI contains its estimate.
    assert rate.lower <= rate.value + 1e-9 and rate.value <= rate.upper + 1e-9
    # Equal age-specific rates standardise to that rate.
    flat = dsr(population * 0.01, population, weights)
    assert flat.value == pytest.approx(1000.0)
    # Rates scale with population: double both deaths and people, same rate, narrower CI.
    doubled = dsr(deaths * 2, population * 2, weights)
    assert doubled.value == pytest.approx(rate.value)
    assert doubled.upper - doubled.lower < rate.upper - rate.lower


@settings(max_examples=200, deadline=None)
@given(deaths=st.integers(0, 100_000), population=st.integers(1, 10_000_000))
def test_crude_rate_properties(deaths: int, population: int) -> None:
    rate = crude_rate(deaths, population)
    assert rate.lower <= rate.value <= rate.upper
    assert crude_rate(deaths * 3, population * 3).value == pytest.approx(rate.value)


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="positive population"):
        dsr(np.array([1.0]), np.array([0.0]), np.array([5000.0]))
    with pytest.raises(ValueError, match="negative"):
        crude_rate(-1, 100)


def test_dsr_table_agrees_with_dsr() -> None:
    import pandas as pd

    from dashboard.stats.rates import dsr_table

    frame = pd.DataFrame(
        {
            "area": ["A", "A", "A", "B", "B"],
            "age_band": ["0-4", "5-9", "70-74", "0-4", "70-74"],
            "deaths": [2.0, 1.0, 40.0, 3.0, 25.0],
            "population": [5000.0, 5500.0, 3000.0, 2000.0, 1000.0],
        }
    )
    table = dsr_table(frame, ["area"]).set_index("area")
    for area in ("A", "B"):
        bands = frame[frame["area"] == area]
        single = dsr(bands["deaths"], bands["population"], bands["age_band"].map(ESP2013))
        row = table.loc[area]
        assert (row["value"], row["lower"], row["upper"]) == pytest.approx((single.value, single.lower, single.upper))


def test_dsr_table_sums_rows_that_share_a_band() -> None:
    """Two small areas in one group: their deaths and people are pooled per band first."""
    import pandas as pd

    from dashboard.stats.rates import dsr_table

    split = pd.DataFrame(
        {
            "group": ["Q1"] * 4,
            "age_band": ["0-4", "0-4", "70-74", "70-74"],
            "deaths": [1.0, 2.0, 30.0, 10.0],
            "population": [4000.0, 1000.0, 2500.0, 500.0],
        }
    )
    pooled = dsr(np.array([3.0, 40.0]), np.array([5000.0, 3000.0]), np.array([5000.0, 5000.0]))
    table = dsr_table(split, ["group"])
    assert float(table["value"].iloc[0]) == pytest.approx(pooled.value)
    assert float(table["upper"].iloc[0]) == pytest.approx(pooled.upper)


def test_dsr_table_standardises_each_group_over_its_own_bands_and_leaves_out_missing_keys() -> None:
    """Groups in sorted key order, each weighted over the bands it holds (one group lacks 70-74),
    and a row without a key in no group, as `groupby` leaves it out."""
    import pandas as pd

    from dashboard.stats.rates import dsr_table

    frame = pd.DataFrame(
        {
            "group": ["B", "B", "A", "A", None],
            "age_band": ["0-4", "70-74", "0-4", "5-9", "0-4"],
            "deaths": [3.0, 40.0, 2.0, 5.0, 99.0],
            "population": [5000.0, 3000.0, 1000.0, 2000.0, 10.0],
        }
    )
    table = dsr_table(frame, ["group"])
    assert table["group"].tolist() == ["A", "B"]
    a = dsr(np.array([2.0, 5.0]), np.array([1000.0, 2000.0]), np.array([5000.0, 5500.0]))
    b = dsr(np.array([3.0, 40.0]), np.array([5000.0, 3000.0]), np.array([5000.0, 5000.0]))
    for row, expected in zip(table.itertuples(), (a, b), strict=True):
        assert (row.value, row.lower, row.upper, row.deaths) == pytest.approx(
            (expected.value, expected.lower, expected.upper, expected.deaths)
        )


def test_dsr_table_refuses_a_row_without_a_band_or_with_an_unknown_one() -> None:
    import pandas as pd

    from dashboard.stats.rates import dsr_table

    for band in (None, "75+"):
        frame = pd.DataFrame({"group": ["A", "A"], "age_band": ["0-4", band], "deaths": [1.0, 2.0],
                              "population": [100.0, 100.0]})  # fmt: skip
        with pytest.raises(ValueError, match="band"):
            dsr_table(frame, ["group"])
