"""The board pack: a 16:9 PowerPoint deck made with python-pptx from a present-view deck, and the
same deck as PDF through LibreOffice in headless mode where it is installed. Each chart slide has
the key sentence as its title, the chart, its source line and a methods footnote, and speaker
notes with the numbers behind the chart, their 95% CIs and what not to conclude from it."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.presentation import Presentation as PresentationFile
from pptx.util import Inches, Pt

from dashboard import data
from dashboard.export.gate import GATE
from dashboard.export.images import RENDER_NICENESS, render, slide_figure
from dashboard.figures import theme
from dashboard.figures.choropleth import outline_areas
from dashboard.i18n import N_, _, long_date
from dashboard.views import charts
from dashboard.views.present import Deck, Slide

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.45)
CHART_PIXELS: Final = (1280, 500)  # the picture's size; placed 12.4 x 4.9 inches, clear of the footnote
METHODS_FOOTNOTE: Final = N_(
    "Rates per 100,000, age-standardised to the 2013 European Standard Population, with 95% confidence intervals "
    "(Dobson). No rate from fewer than 10 deaths. WIMD fifth 1 = most deprived. Methods: the dashboard's Methods page."
)
INK = RGBColor(0x1D, 0x1D, 0x1B)
MUTED = RGBColor(0x50, 0x5A, 0x5F)
SYNTHETIC = RGBColor(0xB3, 0x47, 0x00)  # white on it, or it on white: 5.5:1
LIBREOFFICE_TIMEOUT = 120


class PdfUnavailableError(RuntimeError):
    """LibreOffice is not installed here, so no PDF can be made."""


@data.per_build
def chart_png(chart_id: str, view_query: str, outline: tuple[str, ...] = (), outline_label: str = "") -> bytes:
    """A slide's chart picture, memoised per build by the chart, its view and any outlined areas."""
    found = charts.find(chart_id, view_query)
    if found is None or found.chart is None or found.chart.figure is None:
        raise ValueError(f"no {chart_id} chart to draw for {view_query!r}")
    figure = outline_areas(slide_figure(found.chart, *CHART_PIXELS), list(outline), outline_label)
    return render(figure, "png", 1)


def _text(slide: Any, left: int, top: int, width: int, height: int, text: str, size: int, *,
          bold: bool = False, colour: RGBColor = INK) -> None:  # fmt: skip
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for index, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour
        run.font.name = "Liberation Sans"


def _title_slide(presentation: PresentationFile, deck: Deck, made: str) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    _text(slide, MARGIN, Inches(1.6), SLIDE_WIDTH - 2 * MARGIN, Inches(1.4),
          _("Who dies too young: {board}").format(board=deck.board_name), 40, bold=True)  # fmt: skip
    _text(slide, MARGIN, Inches(3.1), SLIDE_WIDTH - 2 * MARGIN, Inches(0.8),
          _("Avoidable and premature mortality, and the gap by deprivation. Board pack made {date}.").format(date=made),
          22)  # fmt: skip
    vintages = "\n".join(deck.vintages[:6])
    _text(slide, MARGIN, Inches(4.2), SLIDE_WIDTH - 2 * MARGIN, Inches(3), _("Data:") + "\n" + vintages, 12,
          colour=MUTED)  # fmt: skip
    slide.notes_slide.notes_text_frame.text = _("Sources and their vintages:") + "\n" + "\n".join(deck.vintages)


def _content_slide(presentation: PresentationFile, item: Slide, link: str) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    width = SLIDE_WIDTH - 2 * MARGIN
    synthetic = item.chart is not None and item.chart.synthetic
    if synthetic:
        _text(
            slide, MARGIN, Inches(0.05), width, Inches(0.3), _(theme.SYNTHETIC_LABEL), 12, bold=True, colour=SYNTHETIC
        )
    # A long kicker (a Welsh one often is) in smaller type, so it stays on its line above the headline.
    _text(slide, MARGIN, Inches(0.3), width, Inches(0.35), item.kicker, 13 if len(item.kicker) < 120 else 10,
          colour=MUTED)  # fmt: skip
    _text(slide, MARGIN, Inches(0.6), width, Inches(1.1), item.headline, 20 if len(item.headline) < 220 else 16,
          bold=True)  # fmt: skip
    if item.chart is not None:
        picture = chart_png(item.chart.chart_id, item.link.partition("?")[2], item.outline, item.outline_label)
        slide.shapes.add_picture(io.BytesIO(picture), MARGIN, Inches(1.6), width=width)
        method = item.chart.method_note or _(METHODS_FOOTNOTE)
        footnote = f"{item.source} {method} " + _("Chart: {link}").format(link=link)
    else:
        _text(slide, MARGIN, Inches(1.8), width, Inches(5), "\n".join(f"• {point}" for point in item.points), 18)
        footnote = _("Full text and every source: {link}").format(link=link) if link else ""
    _text(slide, MARGIN, Inches(6.55), width, Inches(0.9), footnote, 8, colour=MUTED)
    slide.notes_slide.notes_text_frame.text = item.notes


def board_pack(deck: Deck, base: str) -> bytes:
    """The deck as PPTX bytes: a title slide, then one slide per slide of the deck."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    made = long_date(datetime.now(UTC))
    _title_slide(presentation, deck, made)
    for item in deck.slides:
        _content_slide(presentation, item, base + item.link if item.link else "")
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(pptx: bytes) -> bytes:
    """The deck through LibreOffice (headless, a profile of its own so runs never collide), one
    render slot at a time (`gate`). LibreOffice runs in a session of its own: on a timeout the whole
    group (the launcher and the soffice.bin it starts) is killed, so no process outlives the request."""
    program = libreoffice()
    if program is None:
        raise PdfUnavailableError("LibreOffice is not installed on this server: download the PPTX instead")
    with GATE.slot(), tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "board-pack.pptx"
        source.write_bytes(pptx)
        nice = ["nice", "-n", str(RENDER_NICENESS)] if shutil.which("nice") else []  # pages first, as images
        process = subprocess.Popen(  # noqa: S603  # the program is LibreOffice from PATH, the arguments our own
            [*nice, program, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
             "--outdir", folder, str(source)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        )  # fmt: skip
        try:
            _out, errors = process.communicate(timeout=LIBREOFFICE_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise
        finally:
            with contextlib.suppress(ProcessLookupError):  # anything it left in its group
                os.killpg(process.pid, signal.SIGKILL)
        if process.returncode != 0:
            raise subprocess.CalledProcessError(process.returncode, program, stderr=errors)
        return (Path(folder) / "board-pack.pdf").read_bytes()
