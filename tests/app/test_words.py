"""Sentences that hold up: every change is judged by a test of the difference, every rank is said
with its uncertainty (or not at all), and no number is typed that the data cannot confirm.
Checked on every area, board and choice, against figures recomputed here from the views' tables."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from dashboard import data
from dashboard.config import Settings, load_settings
from dashboard.figures.slope import END, END_LOWER, END_UPPER, LABEL, START, START_LOWER, START_UPPER
from dashboard.model import columns as col
from dashboard.views import area, inequalities
from dashboard.views.area_frames import profile, subject_first
from dashboard.views.gaps import widest_ratio
from dashboard.words.caveats import CAVEATS
from dashboard.words.labels import EDITIONS_DIFFER

Z95 = 1.959964


@pytest.fixture
def published(built: Settings) -> Iterator[None]:
    data.configure(load_settings({"DASHBOARD_DATA_DIR": str(built.data_dir), "DASHBOARD_CACHE": "simple"}))
    yield
    data.configure(load_settings())


@pytest.fixture
def records(trend_data: Path) -> Iterator[None]:
    """Three years of the synthetic register (2016-2018): board and authority rates with CIs."""
    data.configure(load_settings({"DASHBOARD_DATA_DIR": str(trend_data), "DASHBOARD_CACHE": "simple",
                                  "DASHBOARD_DEMO": "synthetic"}))  # fmt: skip
    yield
    data.configure(load_settings())


def _areas() -> list[str]:
    return area.profile_areas()[col.AREA_CODE].tolist()


def _view(code: str) -> area.AreaView:
    spec, problems = area.parse({"area": [code]})
    assert problems == []
    return area.build(spec)


def test_no_board_is_ranked_on_a_table_that_leaves_boards_out(published: None) -> None:
    """The 2014 table has five of the seven boards: the two it leaves out had the highest rates,
    so no board is called highest or ranked among the five."""
    for code in (code for code in _areas() if code.startswith("W11")):
        view = _view(code)
        sentence = view.charts[0].sentence
        if profile(code).own.empty:
            continue
        assert "not ranked: 5 of the 7 health boards have a figure for 2014" in sentence, code
        assert "Cwm Taf Morgannwg" in sentence and "Swansea Bay" in sentence
        assert "highest" not in sentence and "lowest" not in sentence


def _standing_checks(code: str) -> None:
    """The key message's rank, against the overlaps counted here from the profile's own rows."""
    mine = profile(code)
    if mine.own.empty or mine.level == "country":
        return
    newest = subject_first(mine.own).iloc[0]
    line = mine.peers[mine.peers["row"] == newest["row"]]
    sentence = _view(code).charts[0].sentence
    if len(line) < len(data.areas(mine.level)):  # type: ignore[arg-type]
        assert "not ranked" in sentence, code
        return
    if line[col.LOWER].isna().any():
        assert "no CIs are published, so how sure the rank is cannot be told" in sentence, code
        return
    others = line[line[col.AREA_CODE] != code]
    overlapping = sum(
        1 for lower, upper in zip(others[col.LOWER], others[col.UPPER], strict=True)
        if lower <= newest[col.UPPER] and upper >= newest[col.LOWER]
    )  # fmt: skip
    if overlapping:
        assert f"overlaps those of {overlapping} of the other {len(others)}, so the rank is uncertain" in sentence
    else:
        assert "its 95% CI clear of every other's" in sentence, code


def test_every_rank_says_how_sure_it_is(published: None) -> None:
    for code in _areas():
        _standing_checks(code)


def test_every_rank_from_records_counts_the_overlapping_cis(records: None) -> None:
    said = []
    for code in _areas():
        _standing_checks(code)
        said.append(_view(code).charts[0].sentence)
    assert any("so the rank is uncertain" in sentence for sentence in said)


def _trend_verdict(table: pd.DataFrame) -> str:
    """The verdict recomputed from the trend's own table: z = change / √(SE₁² + SE₂²)."""
    first, last = table.iloc[0], table.iloc[-1]
    if pd.isna(first[col.LOWER]) or pd.isna(last[col.LOWER]):
        return "not tested"
    errors = [(row[col.UPPER] - row[col.LOWER]) / (2 * Z95) for row in (first, last)]
    z = (last[col.VALUE] - first[col.VALUE]) / math.hypot(*errors)
    return "is beyond chance" if abs(z) > Z95 else "may be chance"


@pytest.mark.parametrize("mode", ["published", "records"])
def test_every_trend_is_judged_by_the_difference_and_names_borrowed_years(
    mode: str, request: pytest.FixtureRequest
) -> None:
    request.getfixturevalue(mode)
    verdicts = set()
    for code in _areas():
        for chart in _view(code).charts:
            if not chart.chart_id.startswith("trend-"):
                continue
            verdict = _trend_verdict(chart.table)
            verdicts.add(verdict)
            assert verdict in chart.sentence, (code, chart.chart_id, chart.sentence)
            assert "ranked" not in chart.sentence
            if chart.chart_id.endswith("-records"):  # 2016 and 2018 borrow the 2017 estimates
                assert "use the nearest year's: 2016 (2017) and 2018 (2017)." in chart.sentence
    expected = {"not tested"} if mode == "published" else {"is beyond chance", "may be chance", "not tested"}
    assert verdicts == expected


def test_the_widest_gap_is_named_with_the_lines_that_overlap_it() -> None:
    """Worked by hand (log-scale ratio CIs, each log SE = ln(upper / lower) / 3.92):
    A 300 (270-330) over 100 (90-110): ratio 3.00, log SE √2 × 0.0512 = 0.0724, CI 2.60 to 3.46;
    B 260 (234-286) over 100: 2.60, CI 2.25 to 3.00, which reaches A's lower limit;
    C 150 (135-165) over 100: 1.50, CI 1.30 to 1.73, clear of A."""
    lines = pd.DataFrame({
        LABEL: ["A", "B", "C"], col.INDICATOR: ["a", "b", "c"],
        START: [100.0] * 3, START_LOWER: [90.0] * 3, START_UPPER: [110.0] * 3,
        END: [300.0, 260.0, 150.0], END_LOWER: [270.0, 234.0, 135.0], END_UPPER: [330.0, 286.0, 165.0],
    })  # fmt: skip
    widest = widest_ratio(lines)
    assert widest is not None
    assert widest.line[LABEL] == "A" and widest.overlapping == ("B",)
    assert (widest.ratio.lower, widest.ratio.upper) == pytest.approx((2.60, 3.46), abs=0.005)
    alone = widest_ratio(lines[lines[LABEL] != "B"])
    assert alone is not None and alone.overlapping == ()


def test_the_cause_and_board_sentences_say_whether_the_widest_is_clear(records: None) -> None:
    for query in ({}, {"indicator": ["avoidable_mortality"]}, {"indicator": ["treatable_mortality"]}):
        spec, _problems = inequalities.parse(query)
        charts = {chart.chart_id: chart for chart in inequalities.build(spec).charts}
        for chart_id in ("slope-quintile", "slope-board"):
            sentence = charts[chart_id].sentence
            assert "widest" in sentence, (query, chart_id)
            assert ("not clearly the widest" in sentence) != ("overlaps no other" in sentence), sentence


def _board_sentence(query: dict[str, list[str]]) -> str:
    spec, _problems = inequalities.parse(query)
    return next(chart for chart in inequalities.build(spec).charts if chart.chart_id == "slope-board").sentence


def test_a_board_chart_not_drawn_says_the_true_reason(records: None) -> None:
    """By tenths: boards are cut into fifths only. For one sex: records give persons' rates only.
    Neither says records must be loaded, since they are."""
    tenths = _board_sentence({"groups": ["decile"]})
    assert "fifths only, never tenths" in tenths and "Fifths within each health board" not in tenths
    for sex in ("Male", "Female"):
        sentence = _board_sentence({"sex": [sex]})
        assert "for persons only" in sentence and "build an extract" not in sentence


def test_men_and_women_get_their_own_excess_deaths(published: None) -> None:
    said = {}
    for sex, who in (("Persons", "people"), ("Male", "men"), ("Female", "women")):
        spec, _problems = inequalities.parse({"sex": [sex]})
        excess = [item for item in inequalities.build(spec).summary if item.startswith("Excess deaths")]
        assert len(excess) == 1 and f"fewer {who} would have died before 75 in 2017" in excess[0], sex
        said[sex] = int(re.search(r"about ([\d,]+) fewer", excess[0]).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert said["Male"] > 0 and said["Female"] > 0 and said["Male"] != said["Persons"]
    assert "reciprocal of PHE's RII" in " ".join(inequalities.build(inequalities.parse({})[0]).summary)


def test_records_summaries_say_why_there_are_no_excess_deaths(records: None) -> None:
    spec, _problems = inequalities.parse({"indicator": ["avoidable_mortality"]})
    summary = " ".join(inequalities.build(spec).summary)
    assert "Excess deaths: not given here" in summary and "fewer people" not in summary


def test_every_number_in_the_caveats_is_confirmed_by_the_data(published: None) -> None:
    """No typed figure: each number is a year, an ICD-10 code's part, a disclosure threshold, or
    a count the built data confirms (LSOAs of each vintage and how they changed)."""
    change = data.lsoa_change()
    kinds = change.drop_duplicates(col.LSOA21_CODE).groupby(col.LSOA_CHANGE).size()
    confirmed = {len(data.areas("lsoa11")), len(data.areas("lsoa21")), int(kinds["unchanged"]),
                 int(change.loc[change[col.LSOA_CHANGE] == "split", col.LSOA21_CODE].nunique()),
                 int(change.loc[change[col.LSOA_CHANGE] == "merged", col.LSOA11_CODE].nunique()),
                 10, 5, 0}  # fmt: skip
    text = " ".join([EDITIONS_DIFFER, *(part for pair in CAVEATS for part in pair)])
    text = re.sub(r"U0\d\.\d|COVID-19", "", text)  # ICD-10 codes and the name of the disease
    for number in re.findall(r"\d[\d,]*(?:\.\d+)?", text):
        value = float(number.replace(",", ""))
        assert 1990 <= value <= 2030 or value in confirmed, number
