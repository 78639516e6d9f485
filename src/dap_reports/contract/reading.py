"""Reading a workbook or a folder of CSV files as raw cells, keeping each record's spreadsheet row.

Nothing is typed here: :mod:`.loading` coerces the cells to the schema's types. Files are opened
read-only and never written to.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import DataNotFoundError
from . import parsing
from .schema import TABLES, Table

ROW = "_row"  # spreadsheet row number of each record, kept for messages
_EMPTY_DTYPES = {"date": "datetime64[ns]", "int": "Int64", "number": "float64"}


@dataclass
class RawSheet:
    table: str
    file: str  # file name as the analyst knows it
    sheet: str  # sheet name ('' for CSV)
    frame: pd.DataFrame | None  # raw cells, all columns as read, plus ROW; None = missing


def _frame_from_rows(rows: list[tuple], header_row: tuple) -> pd.DataFrame:
    headers = [parsing.parse_text(h) or "" for h in header_row]
    records, numbers = [], []
    for offset, row in enumerate(rows, start=2):
        cells = list(row) + [None] * (len(headers) - len(row))
        if all(parsing.is_blank(c) for c in cells):
            continue
        records.append(cells[: len(headers)])
        numbers.append(offset)
    frame = pd.DataFrame(records, columns=range(len(headers)), dtype=object)
    frame.columns = headers
    frame = frame.loc[:, [h != "" for h in headers]]
    frame[ROW] = numbers
    return frame


def read_xlsx(file: Path) -> dict[str, RawSheet]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise DataNotFoundError(
            f"{file}: cannot be opened as an Excel workbook ({type(exc).__name__}: {exc}). "
            "Open it in Excel and save it again as .xlsx, or restore the last good copy."
        ) from None
    try:
        sheets: dict[str, RawSheet] = {}
        names = {name.strip().lower(): name for name in book.sheetnames}
        for table in TABLES:
            actual = names.get(table.name)
            if actual is None:
                sheets[table.name] = RawSheet(table.name, file.name, table.name, None)
                continue
            rows = list(book[actual].iter_rows(values_only=True))
            header = rows[0] if rows else ()
            sheets[table.name] = RawSheet(table.name, file.name, actual, _frame_from_rows(rows[1:], header))
        return sheets
    finally:
        book.close()


def read_csv_folder(folder: Path) -> dict[str, RawSheet]:
    sheets: dict[str, RawSheet] = {}
    for table in TABLES:
        file = folder / f"{table.name}.csv"
        if not file.exists():
            sheets[table.name] = RawSheet(table.name, file.name, "", None)
            continue
        try:
            text = file.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            # Excel's "CSV" export on Danish Windows is cp1252; accept it rather than fail.
            text = file.read_text(encoding="cp1252")
        sample = text[:4096]
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        rows = [tuple(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
        header = rows[0] if rows else ()
        sheets[table.name] = RawSheet(table.name, file.name, "", _frame_from_rows(rows[1:], header))
    return sheets


def empty_table(table: Table) -> pd.DataFrame:
    """A table with no rows but every column in its loaded dtype (for a missing optional sheet)."""
    data = {c.name: pd.Series([], dtype=_EMPTY_DTYPES.get(c.type, object)) for c in table.columns}
    data[ROW] = pd.Series([], dtype="int64")
    return pd.DataFrame(data)
