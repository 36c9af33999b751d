"""The area profile's similar areas (`area-similar`): a local authority's nearest four, a board's
nearest two, on deprivation, age and density (`model.similar`), set against the area and Wales on
every profile line; and the sentence that names them and what made them alike."""

from __future__ import annotations

import pandas as pd

from dashboard.figures.profile import IS_AREA, ROW, ProfileOptions, make_profile_figure
from dashboard.i18n import _
from dashboard.model import columns as col
from dashboard.model.similar import CLOSEST, DISTANCE, NEIGHBOURS, VARIABLES, similar_areas
from dashboard.views.area_frames import WALES_VALUE, Profile
from dashboard.views.base import Chart
from dashboard.words.source_lines import cite

SIMILAR = "area-similar"
SIMILAR_RANK = "similar_rank"  # table column: 0 for the area, 1 for its most similar area, ...
WIMD_2019 = "wimd2019_ranks"


def variable_names(ids: object) -> str:
    """Variable ids in words, joined ('income deprivation and population density')."""
    names = [_(VARIABLES[str(name)]) for name in (ids if isinstance(ids, tuple | list) else ())]
    return _(" and ").join(names)


def latest_lines(rows: pd.DataFrame) -> pd.DataFrame:
    """The latest period of each measure and source only (a records build holds every year and pool)."""
    period = rows[col.PERIOD].astype(str)
    order = period.str[-4:] + period.str.len().astype(str).str.zfill(2)  # end year, then a pool before one year
    latest = order.groupby([rows[col.INDICATOR], rows[col.SOURCE_ID]]).transform("max")
    return rows[order == latest]


def similar_sentence(area: Profile, neighbours: pd.DataFrame) -> str:
    named = [
        _("{area} (closest on {variables})").format(area=name, variables=variable_names(closest))
        for name, closest in zip(neighbours[col.AREA_NAME], neighbours[CLOSEST], strict=True)
    ]
    return _("Most like {area} on deprivation, age and density (not on death rates): {areas}.").format(
        area=area.name, areas="; ".join(named)
    )


def similar_chart(area: Profile) -> Chart:
    """The area and its similar areas on every profile line, with Wales; or why there are none."""
    title = _("{area} against the areas most like it, persons").format(area=area.name)
    if area.level not in NEIGHBOURS:
        return Chart(SIMILAR, title, _("Wales is compared with its health boards and local authorities above."), "",
                     None)  # fmt: skip
    found = similar_areas(area.code, area.level)
    codes = [area.code, *found.neighbours[col.AREA_CODE]]
    rank = {code: position for position, code in enumerate(codes)}
    rows = latest_lines(area.peers[area.peers[col.AREA_CODE].isin(codes)])
    sentence = similar_sentence(area, found.neighbours)
    if rows.empty:
        return Chart(SIMILAR, title, sentence + " " + _("No rates are held for them."), "", None)
    variables = found.variables.rename(columns=lambda name: f"similar_on_{name}").round(4)
    table = rows.assign(**{SIMILAR_RANK: rows[col.AREA_CODE].map(rank)}).sort_values([ROW, SIMILAR_RANK])
    table = table.merge(variables, left_on=col.AREA_CODE, right_index=True, how="left")
    table = table.merge(found.neighbours[[col.AREA_CODE, DISTANCE]], on=col.AREA_CODE, how="left")
    table[WALES_VALUE] = table[ROW].map(area.wales.set_index(ROW)[col.VALUE])
    sources = "; ".join(cite(source) for source in sorted(rows[col.SOURCE_ID].unique()))
    note = _(
        "Source: {sources}. Similar areas: nearest on six standardised variables (WIMD 2019 income, employment, health "
        "and access to services; share aged 65 and over, mid-2020; population density), from {wimd}. Grey dots: the "
        "similar areas. Bars: 95% CIs where the source gives them."
    ).format(sources=sources, wimd=cite(WIMD_2019))
    synthetic = bool((rows[col.ORIGIN] == "synthetic").any())
    options = ProfileOptions(title=title, area_name=area.name, source_note=note, synthetic=synthetic)
    wales = area.wales[area.wales[ROW].isin(rows[ROW])]
    figure = make_profile_figure(rows.assign(**{IS_AREA: rows[col.AREA_CODE] == area.code}), wales, options)
    return Chart(SIMILAR, title, sentence, note, figure.to_plotly_json(), table.reset_index(drop=True), synthetic)
