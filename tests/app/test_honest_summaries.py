"""Summaries that need every group, on the real ONS 2017 counts: a group with too few deaths is
shown as such and every gap, ratio, SII, RII and excess-deaths figure is refused with the reason
(as PHE does), never computed from the remaining groups; an RII whose fitted least-deprived rate
is near zero is shown as not meaningful."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import plotly.graph_objects as go
import pytest

import app  # noqa: F401  (registers the pages, as the web app does)
from dashboard.cache import standalone
from dashboard.config import Settings
from dashboard.model import columns as col
from dashboard.model.groups import GROUP, chosen, complete
from dashboard.pages import inequalities as page
from dashboard.stats.inequality import SlopeIndex
from dashboard.views.inequalities import InequalitiesSpec
from tests.app.test_area_views import _text


@pytest.fixture
def context(built: Settings) -> Iterator[None]:
    with standalone(built):
        yield


def test_a_tenth_with_seven_deaths_stays_and_every_summary_is_refused(context: None) -> None:
    """ONS 2017, female deaths from injuries before 75: the least deprived tenth has 7 deaths."""
    rows = chosen("premature_injuries", "Female", "decile")
    assert list(rows[GROUP]) == list(range(1, 11))
    least = rows.set_index(GROUP).loc[10]
    assert least[col.DEATHS] == 7 and np.isnan(least[col.VALUE]) and least[col.SUPPRESSED_REASON] == "rate-few-deaths"
    assert not complete(rows)
    figure, sentence, summary, sii, table, *_ = page.draw(InequalitiesSpec("premature_injuries", "Female", "decile"))
    sentence = str(sentence)
    assert "tenth 10" in sentence and "No gap, ratio" in sentence and "least deprived tenth" not in sentence
    assert "tenth 10" in _text(summary) and "Gap, most minus least" not in _text(summary)
    assert "Excess deaths" not in _text(summary)
    drawn = go.Figure(figure)
    assert len(drawn.data[0].x) == 10  # every tenth keeps its place on the axis
    assert any("fewer than" in str(note.text) for note in drawn.layout.annotations)
    sii_figure = go.Figure(sii)
    assert len(sii_figure.data) == 0 and any("tenth 10" in str(note.text) for note in sii_figure.layout.annotations)
    assert "no rate" in _text(table) and _text(table).count("fewer than 10 deaths") == 1


def test_no_summary_on_any_page_is_computed_from_an_incomplete_selection(context: None) -> None:
    """Every national selection held: complete ones get a gap sentence, incomplete ones a refusal."""
    for indicator in ("premature_mortality", "premature_cancer", "premature_circulatory", "premature_respiratory",
                      "premature_injuries", "premature_other"):  # fmt: skip
        for sex in col.SEXES:
            for kind in ("quintile", "decile"):
                rows = chosen(indicator, sex, kind)
                sentence = page.draw(InequalitiesSpec(indicator, sex, kind))[1]
                assert ("No gap, ratio" in str(sentence)) == (not complete(rows)), (indicator, sex, kind)


def test_an_exploding_rii_is_shown_as_not_meaningful(context: None) -> None:
    """ONS 2017, female respiratory deaths by fifth: the fitted least deprived rate is near zero, so
    the RII's simulated CI runs below zero; the page says so instead of printing the number."""
    summary = _text(page.draw(InequalitiesSpec("premature_respiratory", "Female", "quintile"))[2])
    assert "(the reciprocal of PHE's RII, which divides least by most): not meaningful" in summary
    index = SlopeIndex(sii=50, sii_lower=40, sii_upper=60, rii=31.5, rii_lower=-278.5, rii_upper=318.0,
                       fitted_most=52, fitted_least=1.6)  # fmt: skip
    assert index.rii_unstable_reason is not None
    assert SlopeIndex(100, 90, 110, 2.4, 2.2, 2.6, 170, 70).rii_unstable_reason is None
    assert SlopeIndex(100, 90, 110, -5, -9, -1, 95, -5).rii_unstable_reason is not None
