"""Statistically similar areas: for each local authority its nearest four among the 22, for each
health board its nearest two among the 7, on stated variables from the data held.

The method is the nearest-neighbour idea of CIPFA's model for English authorities, simplified
and open: each variable is standardised across the areas of the level (z-scores), every variable
weighs the same, and the distance between two areas is the Euclidean distance between their
z-scores. The variables describe need and place, not outcomes, so an area's similar areas are not
chosen for their death rates:

- the share of the area's LSOAs in the most deprived fifth of Wales on four WIMD 2019 domains
  (income, employment, health, access to services: the last stands in for rurality);
- the share of its people aged 65 and over (mid-2020 estimates);
- its population density (people per km², on a log scale, from the boundaries held).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard import data
from dashboard.i18n import N_
from dashboard.model import columns as col

WIMD_EDITION = 2019
DOMAINS = ("income", "employment", "health", "access_to_services")
POPULATION_YEAR = 2020
OLDER_AGE = 65
NEIGHBOURS = {"la": 4, "lhb": 2}
VARIABLES = {  # variable id -> its name (for the catalogue)
    "income": N_("income deprivation"),
    "employment": N_("employment deprivation"),
    "health": N_("health deprivation"),
    "access_to_services": N_("access to services"),
    "aged_65_plus": N_("share aged 65 and over"),
    "density": N_("population density"),
}
DISTANCE = "distance"
CLOSEST = "closest_on"  # the variables on which the two areas differ least, most alike first


@dataclass(frozen=True)
class SimilarAreas:
    """An area's similar areas (nearest first) with their distances and the variables that made them alike."""

    code: str
    neighbours: pd.DataFrame  # area_code, area_name, distance, closest_on (variable ids)
    variables: pd.DataFrame  # the area and its neighbours: one column per variable, raw values


@data.per_build
def area_variables(level: str) -> pd.DataFrame:
    """One row per area of `level` (la or lhb), indexed by area code, one column per variable."""
    areas = data.areas()
    lsoas = areas[areas[col.GEOGRAPHY_LEVEL] == "lsoa11"].set_index(col.AREA_CODE)
    key = col.LA_CODE if level == "la" else col.LHB_CODE
    domains = data.wimd_domains()
    domains = domains[(domains[col.WIMD_EDITION] == WIMD_EDITION) & domains[col.WIMD_DOMAIN].isin(DOMAINS)]
    fifth = len(lsoas) / 5
    most_deprived = domains.assign(_most=domains[col.WIMD_RANK] <= fifth, _area=domains[col.LSOA_CODE].map(lsoas[key]))
    shares = most_deprived.pivot_table(index="_area", columns=col.WIMD_DOMAIN, values="_most", aggfunc="mean")
    people = data.population("la", POPULATION_YEAR)
    la_to_area = areas[areas[col.GEOGRAPHY_LEVEL] == "la"].set_index(col.AREA_CODE)[key]
    people = people.assign(_area=people[col.AREA_CODE].map(la_to_area))
    total = people.groupby("_area")[col.POPULATION].sum()
    older = people[people[col.AGE] >= OLDER_AGE].groupby("_area")[col.POPULATION].sum()
    boundaries = data.boundaries(level).set_index(col.AREA_CODE)
    square_km = boundaries.to_crs(27700).geometry.area / 1e6
    frame = shares[list(DOMAINS)].assign(aged_65_plus=older / total, density=np.log10(total / square_km))
    return frame.rename_axis(col.AREA_CODE)


def standardised(frame: pd.DataFrame) -> pd.DataFrame:
    """Each variable as z-scores across the areas (a variable with no spread counts as 0 everywhere)."""
    spread = frame.std(ddof=0).replace(0, np.nan)
    return ((frame - frame.mean()) / spread).fillna(0.0)


@data.per_build
def similar_areas(area_code: str, level: str) -> SimilarAreas:
    """The area's nearest areas of its level on the variables, nearest first."""
    variables = area_variables(level)
    scores = standardised(variables)
    differences = (scores - scores.loc[area_code]).abs()
    distances = np.sqrt((differences**2).sum(axis=1)).drop(area_code).sort_values(kind="stable")
    nearest = distances.head(NEIGHBOURS[level])
    names = data.areas(level).set_index(col.AREA_CODE)[col.AREA_NAME]  # type: ignore[arg-type]
    closest = [tuple(differences.loc[code].sort_values(kind="stable").index[:2]) for code in nearest.index]
    neighbours = pd.DataFrame({
        col.AREA_CODE: nearest.index, col.AREA_NAME: nearest.index.map(names), DISTANCE: nearest.round(2).to_numpy(),
        CLOSEST: closest,
    })  # fmt: skip
    return SimilarAreas(area_code, neighbours, variables.loc[[area_code, *nearest.index]])
