"""Helpers for the forms tests: fill a form as a lead would in Excel, fingerprint files."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import openpyxl

from dap_reports.forms.layout import HEADER_ROW

MEETING = "2026-12-09"  # the demo's planned meeting: no status rows yet
CREATED = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.timezone.utc)


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def row_of(ws, key: str) -> int:
    """The row whose first cell is ``key`` (a risk id, a milestone id, 'NY' for the first empty row …)."""
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        if ws.cell(row=row, column=1).value == key:
            return row
    raise KeyError(key)


def column_of(ws, header: str) -> int:
    for cell in ws[HEADER_ROW]:
        if cell.value == header:
            return cell.column
    raise KeyError(header)


MEASURED = ("Ny måling: dato", "Ny måling: værdi", "Periode", "Bemærkning")  # a benefit row's input columns


def fill(path: Path, status: dict[str, object] | None = None, cells=(), new_rows=(), measurements=()) -> None:
    """Fill a form as a lead would in Excel.

    ``status``: label in the Status sheet -> value; ``cells``: (sheet, row id, header, value);
    ``new_rows``: (sheet, {header: value}) written into the next empty row marked NY;
    ``measurements``: (benefit id, {header: value}) written into the benefit's next empty measurement row.
    """
    book = openpyxl.load_workbook(path)
    if status:
        ws = book["Status"]
        for row in range(HEADER_ROW + 1, ws.max_row + 1):
            label = str(ws.cell(row=row, column=1).value or "").removesuffix(" *")
            if label in status:
                ws.cell(row=row, column=3).value = status[label]
    for sheet, key, header, value in cells:
        ws = book[sheet]
        ws.cell(row=row_of(ws, key), column=column_of(ws, header)).value = value
    for sheet, values in new_rows:
        ws = book[sheet]
        row = next(
            r
            for r in range(HEADER_ROW + 1, ws.max_row + 1)
            if ws.cell(row=r, column=1).value == "NY"
            and all(ws.cell(row=r, column=c).value in (None, "NY") for c in range(2, ws.max_column + 1))
        )
        for header, value in values.items():
            ws.cell(row=row, column=column_of(ws, header)).value = value
    for benefit, values in measurements:
        ws = book["Gevinster"]
        inputs = [column_of(ws, header) for header in MEASURED]
        row = next(
            r
            for r in range(HEADER_ROW + 1, ws.max_row + 1)
            if ws.cell(row=r, column=1).value == benefit and all(ws.cell(r, c).value is None for c in inputs)
        )
        for header, value in values.items():
            ws.cell(row=row, column=column_of(ws, header)).value = value
    book.save(path)


GOOD_STATUS = {"Tid": "grøn", "Økonomi": "gul", "Leverancer": "grøn", "Resumé (én linje)": "Alt efter planen"}
