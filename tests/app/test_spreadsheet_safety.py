"""CSV and XLSX exports never carry a formula (OWASP, CSV injection): a text cell beginning with
'=', '+', '-', '@', a tab or a carriage return is written as text, tested on hostile area names
and notes; numbers, negative ones included, stay numbers."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from dashboard.cache import standalone
from dashboard.config import Settings
from dashboard.export import tables
from dashboard.model import columns as col
from dashboard.views.base import Chart

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "Cardiff"]


def _chart() -> Chart:
    table = pd.DataFrame({col.AREA_CODE: [f"W0600{i:04d}" for i in range(len(HOSTILE))], col.AREA_NAME: HOSTILE,
                          col.VALUE: [-12.5, 3.0, 1.0, 2.0, 4.0, 5.0, 6.0]})  # fmt: skip
    return Chart("map", "=title", "=1+1 sentence", "@source", None, table)


def test_a_csv_cell_that_could_run_as_a_formula_is_text(built: Settings) -> None:
    with standalone(built):
        exported = pd.read_csv(io.BytesIO(tables.to_csv(_chart())), keep_default_na=False)
    names = exported[col.AREA_NAME].tolist()
    assert names[:6] == [f"'{name}" for name in HOSTILE[:6]] and names[6] == "Cardiff"
    assert exported[col.VALUE].tolist()[0] == pytest.approx(-12.5)  # a number is not touched
    assert not any(str(cell).startswith(tables.FORMULA_STARTS) for cell in exported.to_numpy().ravel()
                   if isinstance(cell, str))  # fmt: skip


def test_no_xlsx_cell_is_a_formula(built: Settings) -> None:
    with standalone(built):
        workbook = openpyxl.load_workbook(io.BytesIO(tables.to_xlsx(_chart(), "=link")))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells if isinstance(cell.value, str)}
    assert set(HOSTILE) <= texts and "=title" in texts and "=link" in texts  # kept as written, as text
    assert -12.5 in {cell.value for cell in cells}
