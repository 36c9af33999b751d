"""Every area's profile and every map, on the real build with and without the synthetic register's
records: one row per area on every line, under-75 rates (never an age band) for records-based
boards, a board's own picture, and a failed profile that leaves nothing of the previous area."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from dash import html

import app  # noqa: F401  (registers the pages, as the web app does)
from dashboard import data
from dashboard.cache import standalone
from dashboard.config import Settings, load_settings
from dashboard.figures.profile import ROW
from dashboard.model import columns as col
from dashboard.model.measures import available_measures, map_frame, periods, sexes
from dashboard.model.selection import UNDER_75
from dashboard.pages import area as area_page
from dashboard.views.area_frames import board_local_authorities, board_members, profile

BOARDS = {
    "W11000023": "Betsi Cadwaladr", "W11000024": "Powys", "W11000025": "Hywel Dda", "W11000028": "Aneurin Bevan",
    "W11000029": "Cardiff and Vale", "W11000030": "Cwm Taf Morgannwg", "W11000031": "Swansea Bay",
}  # fmt: skip


def _settings(data_dir: Path, demo: bool) -> Settings:
    environment = {"DASHBOARD_DATA_DIR": str(data_dir), "DASHBOARD_CACHE": "simple"}
    return load_settings(environment | ({"DASHBOARD_DEMO": "synthetic"} if demo else {}))


@pytest.fixture(params=["published only", "with records"])
def mode(request: pytest.FixtureRequest, built: Settings, demo_data: Path) -> Iterator[str]:
    demo = request.param == "with records"
    with standalone(_settings(demo_data if demo else built.data_dir, demo)):
        yield str(request.param)


def _profile_areas() -> list[str]:
    return [option["value"] for option in area_page.area_options()]


def _text(component: object) -> str:
    """All the text inside a Dash component tree (what a person would read)."""
    if isinstance(component, str):
        return component
    if isinstance(component, list | tuple):
        return " ".join(_text(part) for part in component)
    children = getattr(component, "children", None)
    return "" if children is None else _text(children)


def test_the_profile_choices_are_wales_seven_boards_and_22_local_authorities(mode: str) -> None:
    codes = _profile_areas()
    assert codes[0] == col.WALES_CODE
    assert sorted(code for code in codes if code.startswith("W11")) == sorted(BOARDS)
    assert len([code for code in codes if code.startswith("W06")]) == 22


def test_every_profile_draws_with_one_row_per_area_on_every_line(mode: str) -> None:
    for code in _profile_areas():
        area = profile(code)
        assert not area.peers.duplicated([ROW, col.AREA_CODE]).any(), code
        assert (area.peers[col.AGE_GROUP].isin([UNDER_75, "all ages"])).all(), code
        assert (area.own[col.AREA_CODE] == code).all() and area.own[ROW].is_unique, code
        for edition in ("2019", "2025"):
            sections = area_page.draw_or_clear(code, edition)
            assert "could not be drawn" not in _text(sections[0]), (code, edition)
            assert _text(sections[0]).strip(), (code, edition)  # a chart's sentence, or why there is none


def test_every_map_has_one_row_per_area_at_its_level(mode: str) -> None:
    counts = data.areas().groupby(col.GEOGRAPHY_LEVEL).size()
    for measure in available_measures():
        for period in periods(measure):
            for sex in sexes(measure, period):
                frame = map_frame(measure, period, sex).frame
                assert frame[col.AREA_CODE].is_unique, (measure.id, period, sex)
                assert len(frame) <= counts[measure.level], (measure.id, period, sex)


def test_records_based_board_figures_are_the_under_75_rates(mode: str) -> None:
    if mode != "with records":
        assert "avoidable-lhb" not in {measure.id for measure in available_measures()}
        return
    measure = next(measure for measure in available_measures() if measure.id == "avoidable-lhb")
    frame = map_frame(measure, periods(measure)[0]).frame
    assert len(frame) == 7 and set(frame[col.AREA_CODE]) == set(BOARDS)
    assert (frame[col.AGE_GROUP] == UNDER_75).all()
    # The same rows, read straight from the records build's file.
    written = pd.read_parquet(data.processed_dir() / "indicators_synthetic.parquet")
    expected = written[(written[col.INDICATOR] == "avoidable_mortality") & (written[col.GEOGRAPHY_LEVEL] == "lhb")
                       & (written[col.AGE_GROUP] == UNDER_75) & written[col.BREAKDOWN].isna()
                       & (written[col.SEX] == "Persons") & (written[col.PERIOD] == periods(measure)[0])]  # fmt: skip
    assert frame.set_index(col.AREA_CODE)[col.VALUE].sort_index().tolist() == pytest.approx(
        expected.set_index(col.AREA_CODE)[col.VALUE].sort_index().tolist()
    )
    # Under-75 avoidable rates sit far below the 70-74 band's rate that the map once showed.
    assert frame[col.VALUE].max() < 600
    board = profile("W11000030")
    assert set(board.own[col.PEERS]) == {7}


def test_a_board_without_a_published_rate_shows_its_local_authorities(mode: str) -> None:
    for board in ("W11000030", "W11000031"):
        area = profile(board)
        members = board_local_authorities(board)
        names = set(board_members(board)[col.AREA_NAME])
        assert set(members.own[col.AREA_NAME]) == names and len(names) >= 2
        assert members.own.groupby(ROW).size().eq(len(names)).all()  # each of them on every line
        assert members.peers.groupby(ROW).size().eq(22).all()  # among all 22 local authorities
        sections = area_page.draw_or_clear(board, "2019")
        if area.own.empty:
            assert "No rates are held for" in _text(sections[0]) and "boundary change" in _text(sections[0])
        members_text = _text(sections[1])
        assert all(name in members_text for name in names)
        within = _text(sections[2])
        assert ("death records" in within) if mode == "published only" else ("SYNTHETIC" in within)


def test_a_failed_profile_clears_every_section(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = area_page.draw_or_clear("W06000015", "2019")
    assert "Cardiff" in _text(drawn[0])

    def broken(area_code: str, edition: str) -> tuple[object, ...]:
        raise TypeError("a section failed")

    monkeypatch.setattr(area_page, "view", broken)
    cleared = area_page.draw_or_clear("W11000030", "2019")
    assert len(cleared) == len(drawn)
    assert "could not be drawn" in _text(cleared[0])
    assert "Cardiff" not in " ".join(_text(part) for part in cleared)
    assert all(part in ([], "", {}) for part in cleared[1:])
    assert not isinstance(cleared[0], html.Div)
