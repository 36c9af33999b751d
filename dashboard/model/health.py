"""What the dashboard knows about its two sources beyond deaths, shared by the build and the views.

ONS's metadata says its healthy life expectancy estimates use an interim method (logistic
regression for the prevalence of good health, because the Annual Population Survey sample fell)
but not from which period. The Annual Population Survey's sample fell from 2020, when interviews
moved to the telephone, so the dashboard treats the periods starting in 2020 or later as the
interim method's and never tests a change across that line as if like for like.
"""

from __future__ import annotations

from typing import Final

INTERIM_FIRST_YEAR: Final = 2020  # 2020-2022, 2021-2023 and 2022-2024
HLE_SOURCE: Final = "ons_hle_la"
HLE_METADATA_SOURCE: Final = "ons_hle_metadata"
GP_SUPPLY_SOURCE: Final = "nwssp_gp_supply_la_2024"
GP_SUPPLY_YEAR: Final = 2024
ENGLAND_CODE: Final = "E92000001"
UK_CODE: Final = "K02000001"
LIKE_FOR_LIKE_PERIODS: Final = ("2011-2013", "2017-2019")  # the first period and the last before 2020, apart


def first_year(period: str) -> int:
    """A period's first calendar year ('2020-2022' -> 2020)."""
    return int(period.split("-")[0])


def is_interim(period: str) -> bool:
    """Whether ONS made this period's estimates by its interim method (see the module's note)."""
    return first_year(period) >= INTERIM_FIRST_YEAR
