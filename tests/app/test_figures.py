"""The figure functions and key-message templates are pure: frame and options in, figure or
sentence out. Checked here on small frames whose right answers are worked by hand."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from dashboard.figures import theme
from dashboard.figures.choropleth import MapOptions, make_map_figure
from dashboard.figures.deprivation import (
    GROUP,
    GroupChartOptions,
    SlopeIndexOptions,
    make_group_figure,
    make_sii_figure,
)
from dashboard.figures.profile import IS_AREA, ROW, ProfileOptions, make_profile_figure
from dashboard.figures.slope import (
    END,
    END_LOWER,
    END_UPPER,
    LABEL,
    START,
    START_LOWER,
    START_UPPER,
    SlopeOptions,
    dodge,
    make_slope_figure,
)  # fmt: skip
from dashboard.figures.trend import TrendOptions, make_trend_figure
from dashboard.model import columns as col
from dashboard.model.groups import EDITION, SCHEME
from dashboard.words.messages import gap_sentence, range_sentence, trend_sentence


def _groups(values: list[float]) -> pd.DataFrame:
    """Quintile rows with CIs of ±10% and 100 deaths each."""
    return pd.DataFrame(
        {
            GROUP: range(1, len(values) + 1),
            col.VALUE: values,
            col.LOWER: [v * 0.9 for v in values],
            col.UPPER: [v * 1.1 for v in values],
            col.DEATHS: 100,
            col.POPULATION: 50_000,
            col.PERIOD: "2017",
            col.ORIGIN: "computed",
            EDITION: "2019",
            SCHEME: "national",
        }
    )


def test_dodge_keeps_labels_apart_and_near_their_lines() -> None:
    values = np.array([100.0, 99.0, 98.5, 50.0])
    placed = dodge(values, min_gap=2.0)
    assert np.all(-np.diff(placed) >= 2.0 - 1e-9)
    assert placed[3] == pytest.approx(50.0 + (np.mean(values) - np.mean([100, 98, 96, 50])) / 2)
    assert np.array_equal(dodge(np.array([10.0, 5.0]), 1.0), [10.0, 5.0]), "far-apart labels stay put"


def test_slope_figure_one_line_per_row_with_gap_labels_and_honest_bars() -> None:
    frame = pd.DataFrame(
        {LABEL: ["Cancer", "Injuries"], START: [100.0, 10.0], START_LOWER: [90.0, math.nan],
         START_UPPER: [110.0, math.nan], END: [250.0, 30.0], END_LOWER: [230.0, math.nan],
         END_UPPER: [270.0, math.nan]}
    )  # fmt: skip
    options = SlopeOptions(title="t", start_label="Least", end_label="Most", value_label="v", source_note="s")
    figure = make_slope_figure(frame, options)
    assert len(figure.data) == 2
    cancer, injuries = figure.data
    assert list(cancer.y) == [100.0, 250.0] and list(cancer.error_y.array) == [10.0, 20.0]
    assert cancer.error_y.visible and not injuries.error_y.visible, "no bar is drawn where no CI exists"
    labels = [a.text for a in figure.layout.annotations]
    assert "Cancer  +150 (2.5×)" in labels and "Injuries  +20 (3.0×)" in labels
    assert cancer.line.color != injuries.line.color
    assert "no CI published" in injuries.hovertext[0]


def test_slope_figure_colours_periods_by_direction() -> None:
    frame = pd.DataFrame({LABEL: ["Up", "Down"], START: [10.0, 10.0], END: [12.0, 8.0]}).assign(
        **{name: math.nan for name in (START_LOWER, START_UPPER, END_LOWER, END_UPPER)}
    )
    options = SlopeOptions("t", "2019", "2022", "v", "s", colour_by_direction=True, from_zero=False)
    up, down = make_slope_figure(frame, options).data
    assert up.line.color == theme.HIGHER_THAN_WALES and down.line.color == theme.LOWER_THAN_WALES


def test_group_figure_draws_every_ci_over_its_bar() -> None:
    rows = _groups([500.0, 400.0, 300.0, 280.0, 250.0])
    options = GroupChartOptions(title="t", value_label="v", group_label="quintile", source_note="Source: x.")
    figure = make_group_figure(rows, options)
    bars, halo, line = figure.data
    assert list(bars.x) == ["1 most deprived", "2", "3", "4", "5 least deprived"]
    assert np.allclose(line.error_y.array, rows[col.UPPER] - rows[col.VALUE])
    assert halo.error_y.color == "white" and line.error_y.thickness < halo.error_y.thickness
    assert any("Source: x." in a.text for a in figure.layout.annotations)
    synthetic = make_group_figure(rows, GroupChartOptions("t", "v", "quintile", "s", synthetic=True))
    assert any(a.text == theme.SYNTHETIC_LABEL for a in synthetic.layout.annotations)


def test_profile_figure_marks_the_area_its_peers_and_wales() -> None:
    frame = pd.DataFrame(
        {ROW: ["Avoidable, 2022"] * 3, col.AREA_NAME: ["A", "B", "C"], col.VALUE: [300.0, 250.0, 200.0],
         col.LOWER: [280.0, math.nan, math.nan], col.UPPER: [320.0, math.nan, math.nan], IS_AREA: [True, False, False]}
    )  # fmt: skip
    wales = pd.DataFrame({ROW: ["Avoidable, 2022"], col.VALUE: [240.0]})
    peers, area, country = make_profile_figure(frame, wales, ProfileOptions("t", "A", "s")).data
    assert list(peers.x) == [250.0, 200.0] and list(area.x) == [300.0] and list(country.x) == [240.0]
    assert list(area.error_x.array) == [20.0]


def _trend(values: list[float], lower: list[float], upper: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {col.INDICATOR: "avoidable_mortality", col.PERIOD: ["2019 edition", "2020-2022"], col.VALUE: values,
         col.LOWER: lower, col.UPPER: upper, col.PEER_RANK: [13, 9], col.PEERS: [22, 22]}
    )  # fmt: skip


def test_trend_sentence_tests_the_difference_not_the_overlap() -> None:
    """Worked by hand. Each SE is the CI's width / 3.92: 20 / 3.92 = 5.102, so the change's SE is
    √2 × 5.102 = 7.215 and its 95% margin 1.96 × 7.215 = 14.14. 100 (90-110) -> 115 (105-125):
    the CIs overlap, yet the change +15.0 (0.9 to 29.1) is beyond chance (z = 2.08). 100 -> 110
    (100-120): +10.0 (-4.1 to 24.1), which may be chance (z = 1.39)."""
    untested = trend_sentence(_trend([262.9, 274.1], [math.nan, math.nan], [math.nan, math.nan]), "Cardiff")
    assert untested == (
        "Avoidable deaths before 75 in Cardiff: 262.9 per 100,000 in the 2019 edition and 274.1 in 2020-2022 (+11.2). "
        "No CIs are published for both periods, so the change is not tested."
    )
    beyond = trend_sentence(_trend([100.0, 115.0], [90.0, 105.0], [110.0, 125.0]), "Cardiff")
    assert beyond.endswith("the change, +15.0 (95% CI 0.9 to 29.1), is beyond chance.")
    assert (
        "100.0 per 100,000 in the 2019 edition (95% CI 90.0 to 110.0) and 115.0 in 2020-2022 (105.0 to 125.0)" in beyond
    )
    maybe = trend_sentence(_trend([100.0, 110.0], [90.0, 100.0], [110.0, 120.0]), "Cardiff")
    assert maybe.endswith("the change, +10.0 (95% CI -4.1 to 24.1), may be chance: its CI includes zero.")
    assert "ranked" not in beyond + maybe + untested


def test_trend_figure_orders_periods_and_draws_wales_over_the_area() -> None:
    frame = pd.DataFrame(
        {col.AREA_NAME: ["A", "A", "B", "B"], col.PERIOD: ["2023", "2014", "2014", "2023"],
         col.VALUE: [310.0, 300.0, 250.0, 260.0], col.LOWER: [290.0, math.nan, math.nan, math.nan],
         col.UPPER: [330.0, math.nan, math.nan, math.nan], IS_AREA: [True, True, False, False]}
    )  # fmt: skip
    wales = pd.DataFrame({col.PERIOD: ["2014"], col.VALUE: [270.0]})
    figure = make_trend_figure(frame, wales, TrendOptions("t", "A", ("2014", "2023"), "s"))
    peer, area, country = figure.data
    assert list(area.x) == ["2014", "2023"] and list(area.y) == [300.0, 310.0]
    assert list(area.error_y.array) == [0.0, 20.0] and list(area.error_y.arrayminus) == [0.0, 20.0]
    assert list(peer.y) == [250.0, 260.0] and country.name == "Wales" and list(country.x) == ["2014"]
    assert list(figure.layout.xaxis.categoryarray) == ["2014", "2023"]


def test_gap_sentence_is_written_from_the_rows() -> None:
    rows = _groups([578.2, 440.0, 360.0, 320.0, 245.9])
    sentence = gap_sentence(rows, "premature_mortality", "quintile")
    assert sentence.startswith("In 2017, people living in the most deprived fifth of Wales died before the age of 75")
    assert "at 2.4 times the rate of those in the least deprived fifth: 578 against 246" in sentence
    assert "WIMD 2019" in sentence
    synthetic = gap_sentence(rows.assign(**{col.ORIGIN: "synthetic"}), "avoidable_mortality", "decile")
    assert synthetic.startswith("SYNTHETIC DEMONSTRATION DATA") and "tenth" in synthetic
    level = gap_sentence(_groups([300.0, 300.0, 300.0, 300.0, 296.0]), "premature_mortality", "quintile")
    assert "at about the same rate as those in the least deprived fifth" in level  # not "1.0 times the rate"


def test_range_sentence_names_highest_and_lowest() -> None:
    frame = pd.DataFrame({col.AREA_NAME: ["A", "B", "C"], col.VALUE: [200.0, math.nan, 300.0]})
    assert range_sentence(frame, "Avoidable", "2022") == (
        "Avoidable, 2022: highest in C (300.0 per 100,000), lowest in A (200.0), 1.5 times as high."
    )
    assert range_sentence(frame.iloc[:1], "Avoidable", "2022") == ""


def test_sii_figure_draws_groups_at_their_population_midpoints() -> None:
    """Five equal groups sit at ranks 0.1, 0.3 … 0.9; the line runs from the fitted value at the
    most deprived end (rank 0) to the least deprived end (rank 1)."""
    rows = _groups([500.0, 400.0, 300.0, 200.0, 100.0])
    options = SlopeIndexOptions(title="t", value_label="v", source_note="s", sii_text="SII 500")
    line, points = make_sii_figure(rows, 550.0, 50.0, options).data
    assert np.allclose(points.x, [0.1, 0.3, 0.5, 0.7, 0.9])
    assert list(line.x) == [0, 1] and list(line.y) == [550.0, 50.0]


def test_map_outlines_areas_whose_ci_excludes_wales() -> None:
    """Against a Wales rate of 200: A's CI (250–270) is above, B's (150–190) below, C's (180–220)
    spans it. Only A and B are outlined, in the higher and lower colours."""
    frame = pd.DataFrame(
        {col.AREA_CODE: ["A", "B", "C", "D"], col.AREA_NAME: ["A", "B", "C", "D"],
         col.VALUE: [260.0, 170.0, 200.0, math.nan], col.LOWER: [250.0, 150.0, 180.0, math.nan],
         col.UPPER: [270.0, 190.0, 220.0, math.nan], col.SUPPRESSED_REASON: [None, None, None, "rate-few-deaths"]}
    )  # fmt: skip
    options = MapOptions(title="t", colour_label="Rate", source_note="s", geometry="/geo/la.geojson", benchmark=200.0)
    base, missing, outlined = make_map_figure(frame, options).data
    assert list(base.locations) == ["A", "B", "C"] and list(missing.locations) == ["D"]
    assert "fewer than 10 deaths" in missing.text[0]
    assert list(outlined.locations) == ["A", "B"]
    assert list(outlined.marker.line.color) == [theme.HIGHER_THAN_WALES, theme.LOWER_THAN_WALES]
    assert "Higher than Wales" in base.text[0] and "Similar to Wales" in base.text[2]
    unmarked = make_map_figure(frame, replace(options, benchmark=None))
    assert len(unmarked.data) == 2


def test_change_map_is_centred_on_zero_with_signed_hover() -> None:
    frame = pd.DataFrame({col.AREA_CODE: ["A", "B"], col.AREA_NAME: ["A", "B"], col.VALUE: [30.0, -10.0]})
    options = MapOptions("t", "Change", "s", "/geo/la.geojson", diverging=True)
    trace = make_map_figure(frame, options).data[0]
    assert (trace.zmin, trace.zmax) == (-30.0, 30.0)
    assert [stop[1] for stop in trace.colorscale] == [stop[1] for stop in theme.DIVERGING]
    assert "Change: +30.0" in trace.text[0] and "Change: -10.0" in trace.text[1]


def test_source_lines_tell_records_figures_from_rates_computed_from_published_counts() -> None:
    """Both have origin 'computed'; the source id says which (the area profile once called figures
    from death records 'computed from published counts')."""
    from dashboard.words.source_lines import ORIGIN_WORDS, how_made

    assert how_made(["computed"], ["deaths:extract.csv"]) == ORIGIN_WORDS["records"]
    assert how_made(["computed"], ["ons_deprivation_deaths_2017"]) == ORIGIN_WORDS["computed"]
    assert how_made(["published", "published"], ["a", "b"]) == ORIGIN_WORDS["published"]
    assert how_made(["synthetic", "published"], ["deaths:r.csv", "a"]) == (
        f"{ORIGIN_WORDS['published']}. {ORIGIN_WORDS['synthetic']}"
    )
