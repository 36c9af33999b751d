"""What the figures can and cannot show: the caveats a reader needs, as (term, text), on the
Methods page, the last slide of a board pack and its speaker notes (no Dash here)."""

from __future__ import annotations

from dashboard.i18n import N_, _

CAVEATS = (
    (N_("WIMD has a health domain."),
     N_("The Welsh Index of Multiple Deprivation includes health, which counts premature death among its "
        "indicators. Part of any mortality gradient by WIMD group is therefore built into the grouping; "
        "the gradient is not evidence that deprivation alone causes it.")),
    (N_("Three WIMD editions."),
     N_("WIMD 2014 groups the ONS counts of 2017 (ONS grouped them so); WIMD 2019 ranks the 1,909 LSOAs "
        "of 2011; WIMD 2025 ranks the 1,917 LSOAs of 2021. Ranks and fifths are not comparable across "
        "editions, and every chart names the edition it uses.")),
    (N_("2011 and 2021 LSOAs."),
     N_("LSOAs were redrawn after the 2021 Census: 1,837 unchanged, 58 split and 45 merged in Wales. "
        "Records coded to 2021 LSOAs are mapped to 2011 to meet WIMD 2019 and the 2011-based population "
        "estimates; a record in a 2021 LSOA formed by merging is shared among its 2011 parts in "
        "proportion to their population (so counts there can be fractions), and the pipeline reports how "
        "many.")),
    (N_("Published extracts without intervals."),
     N_("The ONS local authority avoidable mortality extracts held here carry rates only: no counts, no "
        "confidence intervals, no sex split. Charts of them say so, and no difference between them is "
        "tested.")),
    (N_("Two ONS editions that are not like for like."),
     N_("The 2019 and 2020-2022 editions of avoidable mortality by local authority differ in three ways: "
        "the later edition counts COVID-19 (U07.1, U07.2) as preventable, over the years of the pandemic; "
        "ONS rebased its population estimates between them, so the same area and years need not give the "
        "same rate in both; and the 2019 extract held does not record its period, sex, ages or standard "
        "population. So no map shows a change between them, no area trend joins them, and the one chart "
        "that sets them side by side says they are not a trend.")),
    (N_("'Not recorded'."),
     N_("Where a source does not say which sex, ages or standard population a figure covers, the figure "
        "carries 'not recorded' in that field, never an assumed value, and titles say so. Such figures "
        "are left out of profiles and ranks of persons' rates.")),
    (N_("Health boards redrawn in 2019."),
     N_("Bridgend moved from Abertawe Bro Morgannwg to Cwm Taf Morgannwg in April 2019, so 2014 figures "
        "for those two boards have no current area and are left out.")),
    (N_("Small numbers."),
     N_("No rate is shown from fewer than 10 deaths, and no LSOA count above 0 and below 5 (half deaths "
        "included). Counts that add up (persons = male + female, avoidable = preventable + treatable, an "
        "area or WIMD group = its LSOAs) are protected by withholding more of them, so no withheld count "
        "can be worked out by subtraction. Suppressed areas are drawn grey with the reason.")),
)  # fmt: skip


def caveats() -> tuple[tuple[str, str], ...]:
    """The caveats in the current language."""
    return tuple((_(term), _(text)) for term, text in CAVEATS)
