"""Sentences about healthy life expectancy and GP supply, written from the data: the map's range,
the profile's change, the care page's gap and correlations, and the caveats their figures carry.
Only like-for-like periods are compared (`model.health.LIKE_FOR_LIKE_PERIODS`)."""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import N_, _, decimal
from dashboard.model import columns as col
from dashboard.stats.correlation import Correlation
from dashboard.stats.inequality import Comparison

SEX_WORDS = {"Female": N_("females"), "Male": N_("males")}
INTERIM_NOTE = N_(
    "ONS made the estimates for 2020-2022 onwards by an interim method (fewer Annual Population Survey interviews "
    "from 2020), so they are not compared with earlier periods as like for like."
)
GP_CAVEATS = N_(
    "GP headcount, not full-time equivalents; practices placed in a local authority by their postcode; registered "
    "patients, not residents; one year (2024), summed from NWSSP's practice file by a third party."
)

HLE_METHOD_NOTE = N_(
    "Healthy life expectancy: ONS's estimates with their 95% confidence intervals; a difference is tested from the "
    "two intervals. Methods: the dashboard's Methods page."
)
CORRELATION_METHOD_NOTE = N_(
    "Correlations: Pearson's r with Fisher's 95% interval over the 22 local authorities, Spearman's rho beside it; "
    "areas, not people. Methods: the dashboard's Methods page."
)


def sex_words(sex: str) -> str:
    """'females' or 'males' in the current language."""
    words = SEX_WORDS.get(sex)
    return _(words) if words else sex


def years(value: float) -> str:
    return _("{years} years").format(years=decimal(value))


def interval(lower: float, upper: float) -> str:
    return _("95% CI {lower} to {upper}").format(lower=decimal(lower), upper=decimal(upper))


def beyond_chance(comparison: Comparison) -> bool:
    return bool(comparison.lower > 0 or comparison.upper < 0)


def difference_words(comparison: Comparison) -> str:
    """'+3.1 years (95% CI 0.4 to 5.8), beyond chance' or '…, which may be chance'."""
    verdict = _("beyond chance") if beyond_chance(comparison) else _("which may be chance")
    return _("{difference} (95% CI {lower} to {upper}), {verdict}").format(
        difference=_("{years} years").format(years=decimal(comparison.value, signed=True)),
        lower=decimal(comparison.lower, signed=True), upper=decimal(comparison.upper, signed=True),
        verdict=verdict,
    )  # fmt: skip


def hle_range_sentence(frame: pd.DataFrame, sex: str, period: str, gap: Comparison | None) -> str:
    """'Healthy life expectancy of females at birth, 2022-2024: longest in …, shortest in …,
    a gap of … (95% CI …), beyond chance.' from the local authorities' rows."""
    shown = frame.dropna(subset=[col.VALUE]).sort_values(col.VALUE)
    if len(shown) < 2:
        return ""
    lowest, highest = shown.iloc[0], shown.iloc[-1]
    sentence = _(
        "Healthy life expectancy of {sex} at birth, {period}: longest in {highest} ({high}, {high_ci}), shortest in "
        "{lowest} ({low}, {low_ci})"
    ).format(sex=sex_words(sex), period=period, highest=highest[col.AREA_NAME], high=years(highest[col.VALUE]),
             high_ci=interval(highest[col.LOWER], highest[col.UPPER]), lowest=lowest[col.AREA_NAME],
             low=years(lowest[col.VALUE]), low_ci=interval(lowest[col.LOWER], lowest[col.UPPER]))  # fmt: skip
    if gap is None:
        return sentence + "."
    return sentence + _(": a gap of {difference}.").format(difference=difference_words(gap))


def correlation_words(result: Correlation) -> str:
    """'r = −0.81 (95% CI −0.92 to −0.59; Spearman's rho −0.79, 22 areas)'."""
    return _("r = {r} (95% CI {lower} to {upper}; Spearman's rho {rho}; {areas} local authorities)").format(
        r=decimal(result.r, 2, signed=True), lower=decimal(result.lower, 2, signed=True),
        upper=decimal(result.upper, 2, signed=True), rho=decimal(result.rank_r, 2, signed=True), areas=result.areas,
    )  # fmt: skip


def short_correlation_words(result: Correlation) -> str:
    """'r = -0.81, 95% CI -0.92 to -0.59': for a sentence (the chart and notes give rho and n too)."""
    return _("r = {r}, 95% CI {lower} to {upper}").format(
        r=decimal(result.r, 2, signed=True), lower=decimal(result.lower, 2, signed=True),
        upper=decimal(result.upper, 2, signed=True),
    )  # fmt: skip


def strength_words(result: Correlation) -> str:
    """How a correlation reads: its direction and whether its CI excludes zero, nothing more."""
    if not result.beyond_chance:
        return _("no correlation that {areas} areas can tell from chance").format(areas=result.areas)
    return _("a negative correlation") if result.r < 0 else _("a positive correlation")
