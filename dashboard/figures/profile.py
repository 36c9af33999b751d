"""Area profile figures: one area against its peers and Wales (`area-profile`), and how its LSOAs
spread across the WIMD fifths of Wales."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import theme
from dashboard.i18n import _, decimal
from dashboard.model import columns as col

ROW = "row"  # the label of one indicator and period, one line of the chart
IS_AREA = "is_area"
SHARE = "share"
EDITION_LABEL = "edition_label"
PROFILE_FIXED_PIXELS = 260  # title, legend, axis title and a four-line source note
PROFILE_ROW_PIXELS = 70


@dataclass(frozen=True)
class ProfileOptions:
    title: str
    area_name: str
    source_note: str
    synthetic: bool = False


def make_profile_figure(frame: pd.DataFrame, wales: pd.DataFrame, options: ProfileOptions) -> go.Figure:
    """One line per indicator and period (column `row`): every peer area as a grey dot, the chosen
    areas (`is_area`: one area, or a board's local authorities) as large dots with their 95% CIs
    where known, Wales as a black diamond.

    `frame`: row, area_name, value, lower, upper, is_area. `wales`: row, value."""
    rows = list(dict.fromkeys(frame[ROW]))
    peers, area = frame[~frame[IS_AREA]], frame[frame[IS_AREA]]
    figure = theme.figure()
    figure.add_trace(
        go.Scatter(
            x=peers[col.VALUE], y=peers[ROW], mode="markers", name=_("Other areas"),
            marker={"size": 9, "color": theme.SIMILAR_TO_WALES, "opacity": 0.55},
            hovertext=[f"{name}: {decimal(value)}" for name, value in zip(peers[col.AREA_NAME], peers[col.VALUE],
                                                                            strict=True)],
            hoverinfo="text",
        )
    )  # fmt: skip
    figure.add_trace(
        go.Scatter(
            x=area[col.VALUE], y=area[ROW], mode="markers", name=options.area_name,
            marker={"size": 16, "color": theme.CATEGORICAL[0], "line": {"color": "white", "width": 1.5}},
            error_x=theme.ci_bars(area, theme.CATEGORICAL[0]),
            hovertext=[
                f"{name}: {decimal(value)}" + (_(" (95% CI {lower} to {upper})").format(lower=decimal(low),
                                                upper=decimal(high)) if pd.notna(low) else "")
                for name, value, low, high in zip(area[col.AREA_NAME], area[col.VALUE], area[col.LOWER],
                                                  area[col.UPPER], strict=True)
            ],
            hoverinfo="text",
        )
    )  # fmt: skip
    if not wales.empty:
        figure.add_trace(
            go.Scatter(
                x=wales[col.VALUE], y=wales[ROW], mode="markers", name=_("Wales"),
                marker={"size": 14, "symbol": "diamond", "color": theme.INK},
                hovertext=[_("Wales: {value}").format(value=decimal(value)) for value in wales[col.VALUE]],
                hoverinfo="text",
            )
        )  # fmt: skip
    height = PROFILE_FIXED_PIXELS + PROFILE_ROW_PIXELS * max(len(rows), 1)
    figure.update_layout(
        title=options.title,
        xaxis_title=theme.axis_title(_("Deaths per 100,000 (age-standardised)"), 120),
        height=height,
        margin={"l": 330, "r": 30, "t": 70, "b": PROFILE_FIXED_PIXELS - 70},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
    )
    figure.update_yaxes(categoryorder="array", categoryarray=rows[::-1], gridcolor="#e5e5e5", automargin=True)
    figure.update_xaxes(rangemode="tozero", gridcolor="#e5e5e5")
    return theme.add_source_note(figure, options.source_note, synthetic=options.synthetic, below_plot=75)


def make_quintile_share_figure(frame: pd.DataFrame, title: str, source_note: str) -> go.Figure:
    """Share of the area's LSOAs in each WIMD fifth of Wales, one bar group per edition; a dashed
    line at 20% marks an even spread. `frame`: edition_label, quintile, share (0–100)."""
    most, least = _("{group} most deprived"), _("{group} least deprived")
    share_words = _("{edition}, fifth {group}: {share}% of LSOAs")
    figure = theme.figure()
    for index, (edition, rows) in enumerate(frame.groupby(EDITION_LABEL, sort=True)):
        figure.add_trace(
            go.Bar(
                x=rows[col.WIMD_QUINTILE].map(lambda q: most.format(group=q) if q == 1 else
                                              least.format(group=q) if q == 5 else str(q)),
                y=rows[SHARE], name=str(edition), marker_color=theme.CATEGORICAL[index],
                hovertext=[
                    share_words.format(edition=edition, group=q, share=decimal(s, 0))
                    for q, s in zip(rows[col.WIMD_QUINTILE], rows[SHARE], strict=True)
                ],
                hoverinfo="text",
            )
        )  # fmt: skip
    figure.add_hline(y=20, line_dash="dash", line_color=theme.MUTED, annotation_text=_("even spread (20%)"))
    figure.update_layout(
        title=title,
        barmode="group",
        yaxis_title=theme.axis_title(_("Share of the area's LSOAs (%)")),
        xaxis_title=theme.axis_title(_("WIMD fifth of Wales (1 = most deprived)"), 120),
        height=480,
        margin={"l": 80, "r": 20, "t": 70, "b": 140},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
    )
    figure.update_xaxes(type="category")
    figure.update_yaxes(rangemode="tozero", gridcolor="#e5e5e5")
    return theme.add_source_note(figure, source_note, below_plot=80)
