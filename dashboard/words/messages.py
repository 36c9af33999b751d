"""Key messages: one-sentence findings written from templates and the data, never typed numbers.
The overview, the inequalities page and the figures' alt text all use these, so they agree."""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import _, decimal, word_list
from dashboard.model import columns as col
from dashboard.model import indicators
from dashboard.model.groups import EDITION, GROUP, complete, gap_figures, withheld
from dashboard.stats.inequality import Comparison, rate_change
from dashboard.words.labels import fraction, indicator_label, kind_word, reason_words, synthetic_prefix

VERBS = indicators.VERBS  # what people in a group did, per indicator (the catalogue's)


def verb(indicator: str) -> str:
    phrase = VERBS.get(indicator)
    return _(phrase) if phrase else _("died")


def refusal(rows: pd.DataFrame, kind: str) -> str:
    """Why the summaries of a selection are not given: which groups have no rate, and the rule."""
    missing = withheld(rows)
    numbers = ", ".join(str(int(group)) for group in missing[GROUP])
    reasons = sorted({reason_words(code) for code in missing[col.SUPPRESSED_REASON].dropna()}) or [_("rate withheld")]
    template = (
        _("No gap, ratio, slope index or excess deaths for this choice: {fraction} {numbers} (1 = most deprived) "
          "has no rate ({reasons}), and each of these needs every {fraction}.")
        if len(missing) == 1
        else _("No gap, ratio, slope index or excess deaths for this choice: {fraction}s {numbers} (1 = most "
               "deprived) have no rate ({reasons}), and each of these needs every {fraction}.")
    )  # fmt: skip
    return template.format(fraction=fraction(kind), numbers=numbers, reasons="; ".join(reasons))


def gap_sentence(rows: pd.DataFrame, indicator: str, kind: str, *, place: str | None = None) -> str:
    """'In 2017, people living in the most deprived fifth of Wales died before 75 at 2.4 times …';
    or, when a group has no rate, the refusal (never a gap to the next group along). `place`
    defaults to Wales, in the current language."""
    place = _("Wales") if place is None else place
    if not complete(rows):
        first = rows.iloc[0]
        return synthetic_prefix(first[col.ORIGIN]) + _("{indicator}, {place}, {period}, by WIMD {edition} {kind}: "
                                                       "{refusal}").format(
            indicator=indicator_label(indicator), place=place, period=first[col.PERIOD], edition=first[EDITION],
            kind=kind_word(kind), refusal=refusal(rows, kind),
        )  # fmt: skip
    figures = gap_figures(rows)
    template = (
        _("{synthetic}In {period}, people living in the most deprived {fraction} of {place} {verb} at about the same "
          "rate as those in the least deprived {fraction}: {most} against {least} deaths per 100,000 (age-standardised;"
          " 95% CI of the ratio {lower} to {upper}; WIMD {edition}).")
        if abs(figures.ratio.value - 1) < 0.05  # "1.0 times the rate" misleads: plain words
        else _("{synthetic}In {period}, people living in the most deprived {fraction} of {place} {verb} at {ratio} "
               "times the rate of those in the least deprived {fraction}: {most} against {least} deaths per 100,000 "
               "(age-standardised; 95% CI of the ratio {lower} to {upper}; WIMD {edition}).")
    )  # fmt: skip
    return template.format(
        synthetic=synthetic_prefix(figures.most[col.ORIGIN]), period=figures.most[col.PERIOD], fraction=fraction(kind),
        place=place, verb=verb(indicator), ratio=decimal(figures.ratio.value, 1),
        most=decimal(figures.most[col.VALUE], 0), least=decimal(figures.least[col.VALUE], 0),
        lower=decimal(figures.ratio.lower, 2), upper=decimal(figures.ratio.upper, 2), edition=figures.most[EDITION],
    )  # fmt: skip


def excess_sentence(result: Comparison, year: int, kind: str = "quintile", sex: str = "Persons") -> str:
    """Excess deaths under 75 in a year, for persons or for one sex."""
    templates = {
        "Persons": _("Had everyone in Wales died at the age-specific rates of the least deprived {fraction}, about "
                     "{value} fewer people would have died before 75 in {year} (95% CI {lower} to {upper})."),
        "Male": _("Had every man in Wales died at the age-specific rates of men in the least deprived {fraction}, "
                  "about {value} fewer men would have died before 75 in {year} (95% CI {lower} to {upper})."),
        "Female": _("Had every woman in Wales died at the age-specific rates of women in the least deprived "
                    "{fraction}, about {value} fewer women would have died before 75 in {year} (95% CI {lower} to "
                    "{upper})."),
    }  # fmt: skip
    return templates[sex].format(fraction=fraction(kind), value=decimal(result.value, 0), year=year,
                                 lower=decimal(result.lower, 0), upper=decimal(result.upper, 0))  # fmt: skip


def range_sentence(frame: pd.DataFrame, label: str, period: str) -> str:
    """'…, 2020-2022: highest in Blaenau Gwent (…), lowest in … , 1.8 times as high.' from area rows."""
    shown = frame.dropna(subset=[col.VALUE]).sort_values(col.VALUE)
    if len(shown) < 2:
        return ""
    lowest, highest = shown.iloc[0], shown.iloc[-1]
    low, high = float(lowest[col.VALUE]), float(highest[col.VALUE])
    return _(
        "{label}, {period}: highest in {highest} ({high} per 100,000), lowest in {lowest} ({low}), {ratio} times as "
        "high."
    ).format(
        label=label, period=period, highest=highest[col.AREA_NAME], high=decimal(high),
        lowest=lowest[col.AREA_NAME], low=decimal(low), ratio=decimal(high / low),
    )  # fmt: skip


def period_words(period: str) -> str:
    """A period as a sentence names it: '2020-2022', or 'the 2019 edition' (a period the data
    records only as an edition)."""
    if period.endswith(" edition"):
        return _("the {edition} edition").format(edition=period.removesuffix(" edition"))
    return period


def trend_sentence(rows: pd.DataFrame, name: str) -> str:
    """One measure for one area, first and last period (rows in time order): both rates with
    their CIs, the change, and whether it can be told from chance by a test of the difference
    (`stats.inequality.rate_change`), the test the Methods page names. No rank: a rank moves with
    its neighbours' noise, and says nothing of the change's size."""
    first, last = rows.iloc[0], rows.iloc[-1]
    fields = {
        "indicator": indicator_label(first[col.INDICATOR]), "name": name, "first": decimal(first[col.VALUE]),
        "first_period": period_words(first[col.PERIOD]), "last": decimal(last[col.VALUE]),
        "last_period": period_words(last[col.PERIOD]),
    }  # fmt: skip
    if pd.isna(first[col.LOWER]) or pd.isna(last[col.LOWER]):
        return _(
            "{indicator} in {name}: {first} per 100,000 in {first_period} and {last} in {last_period} ({change}). "
            "No CIs are published for both periods, so the change is not tested."
        ).format(**fields, change=decimal(last[col.VALUE] - first[col.VALUE], signed=True))
    change = rate_change(first[col.VALUE], first[col.LOWER], first[col.UPPER],
                         last[col.VALUE], last[col.LOWER], last[col.UPPER])  # fmt: skip
    template = (
        _("{indicator} in {name}: {first} per 100,000 in {first_period} (95% CI {first_lower} to {first_upper}) and "
          "{last} in {last_period} ({last_lower} to {last_upper}); the change, {change} (95% CI {change_lower} to "
          "{change_upper}), is beyond chance.")
        if change.lower > 0 or change.upper < 0
        else _("{indicator} in {name}: {first} per 100,000 in {first_period} (95% CI {first_lower} to {first_upper}) "
               "and {last} in {last_period} ({last_lower} to {last_upper}); the change, {change} (95% CI "
               "{change_lower} to {change_upper}), may be chance: its CI includes zero.")
    )  # fmt: skip
    return template.format(
        **fields, first_lower=decimal(first[col.LOWER]), first_upper=decimal(first[col.UPPER]),
        last_lower=decimal(last[col.LOWER]), last_upper=decimal(last[col.UPPER]),
        change=decimal(change.value, signed=True), change_lower=decimal(change.lower),
        change_upper=decimal(change.upper),
    )  # fmt: skip


def borrowed_sentence(borrowed: dict[int, int]) -> str:
    """Which years' rates use another year's population estimates, and whose ('' when none):
    'Years without population estimates of their own use the nearest year's: 2013 (2017) and 2022 (2020).'"""
    if not borrowed:
        return ""
    pairs = word_list([f"{year} ({source})" for year, source in sorted(borrowed.items())])
    return _("Years without population estimates of their own use the nearest year's: {pairs}.").format(pairs=pairs)
