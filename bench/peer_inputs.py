"""What the records pipeline's peers (`peer_polars`, `peer_duckdb`) share: the rules they apply,
their confidence limits, and the reference tables they read, written once from the built data as
an analyst would keep them (`write_inputs`, untimed, as the pipeline's built data folder is).

Light on purpose: a peer imports this module and numpy, never pandas or the dashboard, so its
start-up is its own engine's.
"""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

MEASURES = ["avoidable_mortality", "preventable_mortality", "treatable_mortality", "premature_mortality"]
PREMATURE_AGE = 75
OLDEST_AGE = 120
AGE_PATTERN = r"^\d{1,3}(\.0+)?$"
ICD10_PATTERN = r"^[A-Z][0-9]{2}[0-9A-Z]?$"
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y%m%d", "%d-%m-%Y")
MALE = ["m", "male", "1"]
FEMALE = ["f", "female", "2"]
WALES = "W92000004"
BYAR_MINIMUM = 10
Z_95 = 1.959963984540054  # the standard normal's 97.5% point

# (level, area column, WIMD group column or None, every year as well as the whole span)
AGGREGATIONS: list[tuple[str, str, str | None, bool]] = [
    ("country", "country", None, True),
    ("lhb", "lhb_code", None, True),
    ("la", "la_code", None, True),
    ("lsoa11", "lsoa11_code", None, False),
    ("country", "country", "wimd2019_quintile", True),
    ("country", "country", "wimd2019_decile", True),
    ("lhb", "lhb_code", "wimd2019_lhb_quintile", True),
    ("country", "country", "wimd2014_quintile", True),
    ("country", "country", "wimd2014_decile", True),
]
MIN_DEATHS_FOR_RATE = 10  # the disclosure rule's first part: no rate from fewer deaths ...
SMALLEST_SHOWN_COUNT = 5  # ... and no LSOA count above 0 and below this (secondary suppression: the pipeline only)
HEADLINE_AGES = "0-74"
AGE_GROUPS = [f"{5 * band}-{5 * band + 4}" for band in range(PREMATURE_AGE // 5)]  # band number -> its label
GROUPINGS = {  # a group column -> the pipeline's breakdown words before the group's number
    "wimd2019_quintile": "WIMD 2019 national quintile",
    "wimd2019_decile": "WIMD 2019 national decile",
    "wimd2019_lhb_quintile": "WIMD 2019 within-health-board quintile",
    "wimd2014_quintile": "WIMD 2014 national quintile",
    "wimd2014_decile": "WIMD 2014 national decile",
}


def count_limits(deaths: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """95% limits of a count: Byar's from 10 deaths, exact Poisson (chi-squared) below, as PHE's
    technical guide 'Confidence intervals' says. Written here, not borrowed from the dashboard."""
    count = np.asarray(deaths, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        byar_lower = count * (1 - 1 / (9 * count) - Z_95 / (3 * np.sqrt(count))) ** 3
        byar_upper = (count + 1) * (1 - 1 / (9 * (count + 1)) + Z_95 / (3 * np.sqrt(count + 1))) ** 3
    lower, upper = np.where(count > 0, byar_lower, 0.0), byar_upper
    small = count < BYAR_MINIMUM
    if small.any():  # chi2.ppf(q, 2k) / 2 is gammaincinv(k, q)
        from scipy.special import gammaincinv

        few = count[small]
        lower[small] = np.where(few > 0, gammaincinv(np.maximum(few, 1e-300), 0.025), 0.0)
        upper[small] = gammaincinv(few + 1, 0.975)
    return lower, upper


def crude_limits(deaths: NDArray[np.float64], population: NDArray[np.float64]) -> dict[str, NDArray[np.float64]]:
    """A crude rate and its 95% limits per 100,000 (the count's limits over the population)."""
    lower, upper = count_limits(deaths)
    return {"value": deaths / population * 1e5, "lower": lower / population * 1e5, "upper": upper / population * 1e5}


def dobson_limits(
    rate: NDArray[np.float64], variance: NDArray[np.float64], deaths: NDArray[np.float64]
) -> dict[str, NDArray[np.float64]]:
    """The rate and its 95% limits per 100,000 (Dobson's method: the count's limits scaled by the
    rate's standard error per death); NaN limits where there are no deaths."""
    lower, upper = count_limits(deaths)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.sqrt(variance / deaths)
    return {
        "value": rate * 1e5,
        "lower": np.clip(rate + scale * (lower - deaths), 0, None) * 1e5,
        "upper": (rate + scale * (upper - deaths)) * 1e5,
    }


class Stopwatch:
    """Seconds per stage, and the one JSON line each peer prints for the harness."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}
        self.clock = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = round(now - self.clock, 3)
        self.clock = now

    def report(self, rejected: int, rows: int) -> None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
        print(json.dumps({"stages": self.stages, "rejected": rejected, "rows": rows, "peak_memory_gb": round(peak, 2)}))


def write_inputs(folder: Path, processed: Path) -> None:
    """lsoa.parquet (each 2011 LSOA's areas and WIMD groups), population.parquet (persons by LSOA,
    year and single age), causes.parquet (every ICD-10 code the definition counts, with its
    shares and its age and sex limits) and esp.parquet (ESP2013 weights by band number)."""
    import pandas as pd

    from dashboard.deaths.geography import read_geography
    from dashboard.stats.definition import load_definition
    from dashboard.stats.rates import ESP2013

    folder.mkdir(parents=True, exist_ok=True)
    geography = read_geography(processed)
    geography.lsoa.assign(country=WALES).to_parquet(folder / "lsoa.parquet", index=False)
    geography.population.to_parquet(folder / "population.parquet", index=False)
    definition = load_definition()
    letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    fourth = ["", *(str(d) for d in range(10)), *letters]
    codes = [f"{letter}{number:02d}{extra}" for letter in letters for number in range(100) for extra in fourth]
    found = [(code, definition.cause_of(code)) for code in codes]
    table = definition.table
    causes = pd.DataFrame([(code, cause) for code, cause in found if cause is not None], columns=["code", "cause"])
    causes = causes.join(table[["age_min", "age_max", "sex", "preventable_share", "treatable_share"]], on="cause")
    causes = causes.rename(columns={"sex": "cause_sex", "preventable_share": "preventable",
                                    "treatable_share": "treatable"})  # fmt: skip
    causes.to_parquet(folder / "causes.parquet", index=False)
    weights = pd.DataFrame({"band": range(len(ESP2013)), "weight": [float(w) for w in ESP2013.values()]})
    weights.to_parquet(folder / "esp.parquet", index=False)
