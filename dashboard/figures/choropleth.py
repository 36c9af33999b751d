"""Choropleth maps of Wales. In the browser the geometry is fetched from a URL, once, instead of
being embedded in the figure (the figure JSON stays a few kB); a static export, which has no app
to fetch from, passes the GeoJSON itself."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import exceedance, theme
from dashboard.i18n import N_, _, decimal
from dashboard.model import columns as col
from dashboard.words.labels import reason_words


@dataclass(frozen=True)
class MapOptions:
    title: str
    colour_label: str
    source_note: str
    geometry: str | dict[str, object]  # a GeoJSON URL (pages, embeds) or the GeoJSON itself (image exports)
    quintiles: bool = False  # discrete WIMD quintile colours instead of a continuous scale
    benchmark: float | None = None  # the Wales value areas are compared with, CI against it
    synthetic: bool = False
    rates: bool = True  # a rate (which should carry a CI), not a rank or a quintile
    diverging: bool = False  # a change: coloured blue (fell) to orange (rose), white at zero
    exceedance: bool = False  # smoothed small areas: the value is an exceedance band (figures.exceedance)
    higher_is_better: bool = False  # years in good health: the scale reversed, so yellow is worse on every map


COMPARISON = "comparison"  # column: how an area compares with Wales, a code below
HIGHER, LOWER, SIMILAR, NOT_TESTED = "higher", "lower", "similar", "not-tested"  # comparison codes
COMPARISON_WORDS = {HIGHER: N_("higher than Wales"), LOWER: N_("lower than Wales"), SIMILAR: N_("similar to Wales")}


def comparison_words(code: object) -> str:
    """A comparison code in words ('' when not tested)."""
    words = COMPARISON_WORDS.get(str(code))
    return _(words) if words else ""


def compare_with_benchmark(frame: pd.DataFrame, benchmark: float | None) -> pd.Series:
    """A code per area: `higher` or `lower` than Wales when the whole 95% CI is on one side,
    `similar` when it spans the Wales rate, `not-tested` without a CI or a Wales rate. Codes, not
    words: `COMPARISON_WORDS` says them, and a Welsh catalogue will say them too."""
    if benchmark is None or col.LOWER not in frame:
        return pd.Series(NOT_TESTED, index=frame.index)
    higher = frame[col.LOWER] > benchmark
    lower = frame[col.UPPER] < benchmark
    codes = np.select([higher, lower], [HIGHER, LOWER], SIMILAR)
    return pd.Series(codes, index=frame.index).where(frame[col.LOWER].notna(), NOT_TESTED)


def _number(value: float, decimals: int) -> str:
    return "" if pd.isna(value) else decimal(value, decimals)


def _hover_text(frame: pd.DataFrame, options: MapOptions) -> list[str]:
    """One hover label per area, built from plain column lists (a row-wise apply took 0.3 s for
    1,909 LSOAs)."""
    labels = []
    words_for = {code: comparison_words(code) for code in (HIGHER, LOWER, SIMILAR, NOT_TESTED)}
    no_figure, not_available, no_ci = _("No figure: {reason}"), _("not available"), _("CI not published")
    interval, deaths_words, population_words = (
        _("95% CI {lower} to {upper}"),
        _("Deaths: {count}"),
        _("Population: {count}"),
    )
    columns = (col.AREA_NAME, col.VALUE, col.LOWER, col.UPPER, col.DEATHS, col.POPULATION, col.SUPPRESSED_REASON,
               "rank_text", COMPARISON)  # fmt: skip
    for name, value, lower, upper, deaths, population, reason, rank, comparison in zip(
        *(frame[column].tolist() for column in columns), strict=True
    ):
        parts = [f"<b>{name}</b>"]
        if pd.isna(value):
            parts.append(no_figure.format(reason=reason_words(reason) or not_available))
            labels.append("<br>".join(parts))
            continue
        shown = decimal(value, 1, signed=True) if options.diverging else _number(value, 0 if options.quintiles else 1)
        parts.append(f"{options.colour_label}: {shown}")
        if not pd.isna(lower):
            parts.append(interval.format(lower=_number(lower, 1), upper=_number(upper, 1)))
        elif options.rates:
            parts.append(no_ci)
        if not pd.isna(deaths):
            parts.append(deaths_words.format(count=_number(deaths, 0)))
        if not pd.isna(population):
            parts.append(population_words.format(count=_number(population, 0)))
        words = words_for.get(str(comparison), "")
        parts += [text for text in (rank, words[:1].upper() + words[1:]) if text]
        labels.append("<br>".join(parts))
    return labels


OUTLINES = {HIGHER: theme.HIGHER_THAN_WALES, LOWER: theme.LOWER_THAN_WALES}  # orange: worse than Wales
BETTER_HIGHER_OUTLINES = {HIGHER: theme.LOWER_THAN_WALES, LOWER: theme.HIGHER_THAN_WALES}
TRANSPARENT = [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]]


def _outline_significant(
    figure: go.Figure, shown: pd.DataFrame, common: dict[str, object], higher_is_better: bool = False
) -> None:
    """Areas whose 95% CI lies wholly above or below the Wales figure get a thick outline on a
    transparent layer, orange where that is worse (a higher death rate, fewer years in good
    health) and blue where better, and a key says so; the fill keeps the value."""
    marked = shown[shown[COMPARISON].isin(list(OUTLINES))]
    if marked.empty:
        return
    colours = BETTER_HIGHER_OUTLINES if higher_is_better else OUTLINES
    overlay = {**common, "marker_line_width": 2.5, "marker_line_color": marked[COMPARISON].map(colours).tolist()}
    figure.add_trace(
        go.Choropleth(
            locations=marked[col.AREA_CODE], z=np.zeros(len(marked)), text=marked["hover"], colorscale=TRANSPARENT,
            showscale=False, name=_("differs from Wales"), **overlay,
        )
    )  # fmt: skip
    counts = marked[COMPARISON].value_counts()
    figure.add_annotation(
        text=_("Outlined: {higher_mark} higher than Wales ({higher}), {lower_mark} lower ({lower})<br>where the 95% CI "
               "excludes the Wales figure").format(
            higher_mark=f"<span style='color:{colours[HIGHER]}'>■</span>", higher=counts.get(HIGHER, 0),
            lower_mark=f"<span style='color:{colours[LOWER]}'>■</span>", lower=counts.get(LOWER, 0)),
        xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="bottom", showarrow=False,
        font={"size": 13, "color": theme.INK}, align="left", bgcolor="rgba(255,255,255,0.85)",
    )  # fmt: skip


def _colour_bar(label: str) -> dict[str, object]:
    """A narrow key: its title wrapped over short lines above the bar, so at 640 px (200% zoom)
    the map keeps most of the width."""
    return {"title": {"text": "<br>".join(textwrap.wrap(label, 18)), "side": "top"}, "thickness": 18, "len": 0.8}


def _colour_scale(data: pd.DataFrame, options: MapOptions) -> dict[str, object]:
    """Five steps for WIMD fifths, centred on zero for a difference, else the sequential scale."""
    if options.exceedance:
        return exceedance.colour_scale(options.colour_label, _colour_bar(options.colour_label))
    if options.quintiles:
        return {
            "colorscale": [
                [(i + edge) / 5, colour] for i, colour in enumerate(theme.QUINTILE_COLOURS) for edge in (0, 1)
            ],
            "zmin": 0.5,
            "zmax": 5.5,
            "colorbar": {
                **_colour_bar(options.colour_label),
                "tickvals": [1, 2, 3, 4, 5],
                "ticktext": [_("1 most deprived"), "2", "3", "4", _("5 least deprived")],
            },
        }
    if options.diverging:
        reach = float(np.nanmax(np.abs(data[col.VALUE]))) if data[col.VALUE].notna().any() else 1.0
        bar = _colour_bar(options.colour_label)
        return {"colorscale": theme.DIVERGING, "zmin": -reach, "zmax": reach, "colorbar": bar}
    return {"colorscale": theme.SEQUENTIAL, "reversescale": options.higher_is_better,
            "colorbar": _colour_bar(options.colour_label)}  # fmt: skip


def make_map_figure(frame: pd.DataFrame, options: MapOptions) -> go.Figure:
    """One area per row: area_code, area_name, value, and where known lower, upper, deaths,
    population, suppressed_reason. Areas without a value are drawn grey with their reason."""
    data = frame.copy()
    for name in (col.LOWER, col.UPPER, col.DEATHS, col.POPULATION, col.SUPPRESSED_REASON):
        if name not in data:
            data[name] = np.nan
    data[COMPARISON] = compare_with_benchmark(data, options.benchmark)
    ranked = data[col.VALUE].rank(ascending=False, method="min")
    rank_words = _("Rank {rank} of {count} (1 = highest)")
    data["rank_text"] = [
        rank_words.format(rank=int(rank), count=int(ranked.notna().sum())) if pd.notna(rank) and options.rates else ""
        for rank in ranked
    ]
    if options.exceedance:
        data["hover"] = exceedance.hover_text(data) if len(data) else []
    else:
        data["hover"] = _hover_text(data, options) if len(data) else []
    shown, missing = data[data[col.VALUE].notna()], data[data[col.VALUE].isna()]
    common: dict[str, object] = {
        "geojson": options.geometry,
        "featureidkey": "id",
        "hoverinfo": "text",
        "marker_line_width": 0.3,
        "marker_line_color": "white",
    }
    colours = _colour_scale(data, options)
    figure = theme.figure(
        go.Choropleth(locations=shown[col.AREA_CODE], z=shown[col.VALUE], text=shown["hover"], **colours, **common)
    )
    if len(missing):
        grey = [[0, theme.SUPPRESSED_GREY], [1, theme.SUPPRESSED_GREY]]
        figure.add_trace(
            go.Choropleth(
                locations=missing[col.AREA_CODE],
                z=np.zeros(len(missing)),
                text=missing["hover"],
                colorscale=grey,
                showscale=False,
                name=_("no figure"),
                **common,
            )
        )
    _outline_significant(figure, shown, common, options.higher_is_better)
    figure.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    figure.update_layout(title=options.title, height=720, dragmode=False)
    return theme.add_source_note(figure, options.source_note, synthetic=options.synthetic, below_plot=10)


def outline_areas(figure: go.Figure, codes: list[str], label: str) -> go.Figure:
    """A map with some of its areas outlined in black (a board's local authorities on a slide),
    on a transparent layer above the fill, named in the legend."""
    first = next((trace for trace in figure.data if trace.type == "choropleth"), None)
    if first is None or not codes:
        return figure
    figure.add_trace(
        go.Choropleth(
            locations=codes, z=np.zeros(len(codes)), geojson=first.geojson, featureidkey=first.featureidkey,
            colorscale=TRANSPARENT, showscale=False, marker_line_width=3, marker_line_color=theme.INK,
            hoverinfo="skip", name=label, showlegend=True,
        )
    )  # fmt: skip
    figure.update_layout(legend={"x": 0, "y": 0, "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.85)"})
    return figure
