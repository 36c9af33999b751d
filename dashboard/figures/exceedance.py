"""The smoothed small-area map's own parts: three exceedance bands as colours, never a rate, and a
hover that gives the smoothed ratio with its interval where it may be shown (else its band)."""

from __future__ import annotations

import pandas as pd

from dashboard.figures import theme
from dashboard.i18n import N_, _, decimal
from dashboard.model import columns as col
from dashboard.stats.smoothing import EXCEEDANCE_EDGES
from dashboard.words.labels import reason_words

BAND_COLOURS = (theme.LOWER_THAN_WALES, "#e8e3d3", theme.HIGHER_THAN_WALES)  # low, uncertain, high
BAND_WORDS = {
    1: N_("probably not above Wales (probability {low} or less)"),
    2: N_("uncertain (probability between {low} and {high})"),
    3: N_("probably above Wales (probability over {high})"),
}
SHORT_BAND_WORDS = {1: N_("{low} or less"), 2: N_("{low} to {high}"), 3: N_("over {high}")}
RATIO_BAND_WORDS = {
    1: N_("below 0.8"), 2: N_("0.8 to 0.9"), 3: N_("0.9 to 1.1"), 4: N_("1.1 to 1.25"), 5: N_("1.25 or more"),
}  # fmt: skip


def band_words(band: object, *, short: bool = False) -> str:
    """An exceedance band (1, 2, 3) in words, with the probabilities that bound it."""
    table = SHORT_BAND_WORDS if short else BAND_WORDS
    number = int(float(str(band))) if not pd.isna(band) else 0  # type: ignore[call-overload]
    if number not in table:
        return ""
    low, high = (decimal(edge, 1) for edge in EXCEEDANCE_EDGES)
    return _(table[number]).format(low=low, high=high)


def colour_scale(label: str, bar: dict[str, object]) -> dict[str, object]:
    """Three steps, one per band, with the key naming each."""
    steps = [[(i + edge) / 3, colour] for i, colour in enumerate(BAND_COLOURS) for edge in (0, 1)]
    return {
        "colorscale": steps, "zmin": 0.5, "zmax": 3.5,
        "colorbar": {**bar, "tickvals": [1, 2, 3], "ticktext": [band_words(band, short=True) for band in (1, 2, 3)]},
    }  # fmt: skip


def hover_text(frame: pd.DataFrame) -> list[str]:
    """One hover label per LSOA: its band in words, the smoothed ratio (or its band), deaths
    observed (where shown) and expected at Wales's rates."""
    labels = []
    ratio_words, band_only = _("Smoothed ratio to Wales: {ratio} (95% interval {lower} to {upper})"), _(
        "Smoothed ratio to Wales: {band} (given as a band: a small count is protected)")  # fmt: skip
    deaths_words, expected_words = _("Deaths: {count}"), _("Deaths expected at Wales's rates: {count}")
    withheld = _("withheld (a small number)")
    columns = (col.AREA_NAME, col.VALUE, col.SMOOTHED_RATIO, col.SMOOTHED_LOWER, col.SMOOTHED_UPPER, col.RATIO_BAND,
               col.DEATHS, col.EXPECTED, col.SUPPRESSED_REASON)  # fmt: skip
    for name, band, ratio, lower, upper, ratio_band, deaths, expected, reason in zip(
        *(frame[column].tolist() for column in columns), strict=True
    ):
        parts = [f"<b>{name}</b>"]
        if pd.isna(band):
            parts.append(_("No figure: {reason}").format(reason=reason_words(reason) or _("not available")))
            labels.append("<br>".join(parts))
            continue
        parts.append(_("Risk above Wales's: {band}").format(band=band_words(band)))
        if not pd.isna(ratio):
            parts.append(ratio_words.format(ratio=decimal(ratio, 1), lower=decimal(lower, 1), upper=decimal(upper, 1)))
        elif not pd.isna(ratio_band):
            parts.append(band_only.format(band=_(RATIO_BAND_WORDS[int(ratio_band)])))
        parts.append(deaths_words.format(count=withheld if pd.isna(deaths) else decimal(deaths, 0)))
        parts.append(expected_words.format(count=decimal(expected, 1)))
        labels.append("<br>".join(parts))
    return labels
