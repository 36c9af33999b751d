"""What the records pipeline knows of Wales's geography: each 2011 LSOA's authority, board and
WIMD groups, and its population by year and single year of age."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.model.breakdowns import Grouping


@dataclass(frozen=True)
class Geography:
    """LSOA 2011 -> its LA, LHB and WIMD groups, and persons by LSOA, year and single age."""

    lsoa: pd.DataFrame  # lsoa11_code, la_code, lhb_code, and one column per WIMD grouping
    population: pd.DataFrame  # lsoa11_code, year, age, population
    names: dict[str, str]  # area code -> name
    groupings: dict[str, Grouping]  # LSOA column holding the group numbers -> its grouping
