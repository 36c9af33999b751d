"""A synthetic death register for tests and demonstrations, calibrated on real ONS counts.

It reproduces, exactly, the ONS 2017 table of Welsh deaths by WIMD 2014 decile x sex x age band
x cause group: each counted death becomes one record, placed in an LSOA of its decile with
probability proportional to that LSOA's population in its age band (mid-2017), given an age
within its band, a registration date in the year, and an ICD-10 code drawn within its cause
group. The people are not real; everything derived from them is labelled 'synthetic'.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.deaths.ons_groups import group_codes
from dashboard.model import columns as col

SYNTHETIC_MARKER = "synthetic_record"
DEFAULT_SEED = 2017
CALIBRATION_YEAR = 2017  # the ONS table's year: reproduced exactly
# Other years: each cell's 2017 count times a trend, drawn from a Poisson distribution (seeded).
# Premature mortality fell about 1% a year in Wales over the 2010s, less in the most deprived
# areas, so the gap widened (ONS and Public Health Wales reports): 1.5% a year in the least
# deprived tenth down to 0.5% in the most deprived. Invented figures shaped like real ones.
LEAST_DEPRIVED_FALL, MOST_DEPRIVED_FALL = 0.015, 0.005


def year_factor(year: int, decile: int) -> float:
    """How a WIMD decile's expected deaths in `year` compare with 2017 (decile 1 = most deprived)."""
    fall = MOST_DEPRIVED_FALL + (LEAST_DEPRIVED_FALL - MOST_DEPRIVED_FALL) * (decile - 1) / 9
    return float((1 - fall) ** (year - CALIBRATION_YEAR))


def yearly_counts(deaths: pd.DataFrame, years: list[int], seed: int) -> pd.DataFrame:
    """The ONS 2017 cells for each year asked for: 2017 as published, every other year Poisson
    around the 2017 count times `year_factor`, so years differ as real years do."""
    generator = np.random.default_rng([seed, 1])
    pieces = []
    for year in years:
        cells = deaths.copy()
        if year != CALIBRATION_YEAR:
            factors = {decile: year_factor(year, decile) for decile in range(1, 11)}
            expected = cells[col.DEATHS] * cells[col.WIMD_DECILE].astype(int).map(factors)
            cells[col.DEATHS] = generator.poisson(expected.to_numpy(dtype="float64"))
        pieces.append(cells.assign(**{col.YEAR: year}))
    return pd.concat(pieces, ignore_index=True)


_BAND_AGES = {"<1": (0, 0), "1-4": (1, 4), "90+": (90, 99)}


def band_ages(band: str) -> tuple[int, int]:
    if band in _BAND_AGES:
        return _BAND_AGES[band]
    low, high = band.split("-")
    return int(low), int(high)


def ons_band_of_age(age: int) -> str:
    """Single year of age (90 = 90+) -> the ONS band label ('<1', '1-4', '5-9' … '90+')."""
    if age == 0:
        return "<1"
    if age < 5:
        return "1-4"
    if age >= 90:
        return "90+"
    low = age // 5 * 5
    return f"{low}-{low + 4}"


def make_register(
    deaths: pd.DataFrame,
    lsoa_deciles: pd.DataFrame,
    population: pd.DataFrame,
    *,
    seed: int = DEFAULT_SEED,
    years: list[int] | None = None,
) -> pd.DataFrame:
    """Records with registration_date, age, sex, underlying_cause, lsoa_code and the marker.

    deaths: the ONS table (year, decile, sex, cause_code, age_band, deaths);
    lsoa_deciles: lsoa_code -> decile; population: lsoa11 single-year-of-age for the same year.
    `years`: the registration years (default: the table's own, reproduced exactly); other years
    vary around it (`yearly_counts`).
    """
    if years is not None:
        deaths = yearly_counts(deaths[deaths[col.YEAR] == CALIBRATION_YEAR], years, seed)
    generator = np.random.default_rng(seed)
    codes = {group: np.array(values) for group, values in group_codes().items()}
    people = population.merge(
        lsoa_deciles[[col.LSOA_CODE, col.WIMD_DECILE]], left_on=col.AREA_CODE, right_on=col.LSOA_CODE
    )
    people[col.AGE_BAND] = people[col.AGE].map(ons_band_of_age)
    by_cell = people.groupby([col.WIMD_DECILE, col.AGE_BAND, col.AREA_CODE])[col.POPULATION].sum()
    pieces = []
    cells = deaths[deaths[col.DEATHS] > 0]
    for row in cells.itertuples(index=False):
        count = int(getattr(row, col.DEATHS))
        band = getattr(row, col.AGE_BAND)
        low, high = band_ages(band)
        weights = by_cell.loc[(getattr(row, col.WIMD_DECILE), band)]
        lsoas = generator.choice(weights.index.to_numpy(), size=count, p=(weights / weights.sum()).to_numpy())
        day = generator.integers(0, 365, size=count)
        group_pool = codes[int(getattr(row, col.CAUSE_CODE))]
        three = generator.choice(group_pool, size=count)
        fourth = generator.integers(0, 10, size=count)
        pieces.append(
            pd.DataFrame(
                {
                    "registration_date": pd.Timestamp(year=int(getattr(row, col.YEAR)), month=1, day=1)
                    + pd.to_timedelta(day, unit="D"),
                    "age": generator.integers(low, high + 1, size=count),
                    "sex": "M" if getattr(row, col.SEX) == "Male" else "F",
                    "underlying_cause": [f"{c}.{d}" for c, d in zip(three, fourth, strict=True)],
                    "lsoa_code": lsoas,
                }
            )
        )
    register = pd.concat(pieces, ignore_index=True)
    register["registration_date"] = register["registration_date"].dt.strftime("%Y-%m-%d")
    register[SYNTHETIC_MARKER] = "yes"
    return register.sample(frac=1, random_state=seed).reset_index(drop=True)
