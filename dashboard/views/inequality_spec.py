"""The inequalities view's spec and chart ids, apart from the view so that its chart modules
(`inequality_slopes`) and the view (`inequalities`) can share them."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.model import columns as col

QUINTILES, SII, SLOPE_QUINTILE, SLOPE_BOARD, SLOPE_PERIOD, TREND_GAP = (
    "quintiles", "sii", "slope-quintile", "slope-board", "slope-period", "trend-gap",
)  # fmt: skip


@dataclass(frozen=True)
class InequalitiesSpec:
    indicator: str = "premature_mortality"
    sex: str = "Persons"
    groups: str = "quintile"
    scheme: str = "national"
    board: str = ""  # a health board's code, with the within-board scheme
    lang: str = "en"

    @property
    def area(self) -> str:
        """The area whose groups are shown: Wales, or the board for within-board groups."""
        return col.WALES_CODE if self.scheme == "national" else self.board
