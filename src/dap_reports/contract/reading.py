"""Reading a workbook or a folder of CSV files as raw cells, keeping each record's spreadsheet row.

Nothing is typed here: :mod:`.loading` coerces the cells to the schema's types. Files are opened
read-only and never written to. What a plain cell value would hide is kept as a marker the parsers
understand: a number in a cell formatted as a percentage (:class:`~.parsing.PercentCell`) and a formula
whose value was never computed (:class:`~.parsing.FormulaWithoutValue`).
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import ERROR, DataNotFoundError, Problem
from . import parsing
from .schema import TABLES, Table
from .schema import table as schema_table

ROW = "_row"  # spreadsheet row number of each record, kept for messages
_EMPTY_DTYPES = {"date": "datetime64[ns]", "int": "Int64", "number": "float64"}
TITLE_ROWS_SEARCHED = 10  # how far down a header row pushed down by title rows is looked for


@dataclass
class RawSheet:
    table: str
    file: str  # file name as the analyst knows it
    sheet: str  # sheet name ('' for CSV)
    frame: pd.DataFrame | None  # raw cells: column i is spreadsheet column i + 1, plus ROW; None = missing
    headers: tuple[str, ...] = ()  # row 1 as written, one entry per frame column ('' where blank)
    problems: list[Problem] = field(default_factory=list)  # found while reading (two sheets for one table …)
    merged_header: tuple[str, ...] = ()  # merged ranges in the header row, e.g. 'B1:C1' (workbooks only)
    header_row: int = 1  # > 1: row 1 is not the header row, the headers were found further down


def column_letter(position: int) -> str:
    """Spreadsheet letter of a 1-based column number: 1 → A, 28 → AB."""
    letters = ""
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _find_header_row(rows: list[tuple], table: Table) -> int:
    """1 when row 1 names a column of the table; else the first row below that names two (title rows above)."""
    names = set(table.column_names)
    wanted = min(2, len(names))
    if not rows or any(parsing.header_key(h) in names for h in rows[0]):
        return 1
    for number, row in enumerate(rows[1:TITLE_ROWS_SEARCHED], start=2):
        if sum(parsing.header_key(h) in names for h in row) >= wanted:
            return number
    return 1


def _sheet(table: Table, file: str, sheet: str, rows: list, **extra) -> RawSheet:
    """Header row 1, data from row 2; rows that are entirely blank are skipped."""
    header_row = _find_header_row(rows, table)
    header = rows[0] if rows else ()
    width = 0  # up to the last column with a header or a value; blank cells beyond it are no column
    longest = max(map(len, rows), default=0)
    for row in rows:
        for i in range(len(row) - 1, width - 1, -1):
            if not parsing.is_blank(row[i]):
                width = i + 1
                break
        if width == longest:  # no row can widen it further
            break
    headers = [(parsing.parse_text(h) or "") for h in header[:width]] + [""] * (width - len(header))
    if width and all(len(row) == width for row in rows):  # a CSV file's rows, as a rule: no copies
        cut = rows[1:]
    else:
        padding = [None] * width
        cut = [row[:width] if len(row) >= width else [*row, *padding[len(row) :]] for row in rows[1:]]
    # a row with its first cell filled in (nearly all) holds something; only the others are looked through
    numbers = (
        [
            number
            for number, cells in enumerate(cut, start=2)
            if (type(first := cells[0]) is str and first.strip()) or _has_value(cells)
        ]
        if width
        else []
    )
    records = [cut[number - 2] for number in numbers]
    frame = pd.DataFrame(records, columns=range(len(headers)), dtype=object)
    frame[ROW] = numbers
    return RawSheet(table.name, file, sheet, frame, tuple(headers), header_row=header_row, **extra)


def _has_value(cells: list) -> bool:
    """Whether a row holds anything: nearly every record has its first cell filled in, which decides at once
    (a big portfolio has 100,000s of rows)."""
    first = cells[0] if cells else None
    if type(first) is str and first.strip():
        return True
    return not all(parsing.is_blank(c) for c in cells)


# --------------------------------------------------------------------------------------
# Workbooks
# --------------------------------------------------------------------------------------

_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # literal text, escaped characters and [colour]/[$-406] codes
_XML_CELL = re.compile(rb"<(?:[\w.-]+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:[\w.-]+:)?c>)", re.S)
_XML_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f\b[^>]*?(?:/>|>(.*?)</(?:[\w.-]+:)?f>)", re.S)
_XML_VALUE = re.compile(rb"<(?:[\w.-]+:)?v\b[^>]*?(?:/>|>(.*?)</(?:[\w.-]+:)?v>)", re.S)
_XML_HAS_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")
_XML_MERGE = re.compile(rb"""<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref=["']([A-Z]+)(\d+):([A-Z]+)(\d+)["']""")
_XML_FULL_CALC = re.compile(rb"""<(?:[\w.-]+:)?calcPr\b[^>]*?\bfullCalcOnLoad=["'](?:1|true)["']""")
_ATTRIBUTE = re.compile(rb"""\b(r|t)=["']([^"']*)["']""")
_COORDINATE = re.compile(r"([A-Z]+)(\d+)")


def percent_factor(number_format: str) -> int:
    """100 for each % the number format shows (Excel multiplies the stored value by it); 1 for none."""
    if "%" not in number_format:
        return 1
    section = number_format.split(";")[0]  # the positive section; Excel's other sections scale alike
    return 100 ** _QUOTED.sub("", section).count("%")


def column_number(letters: str) -> int:
    """1-based column number of spreadsheet letters: A → 1, AB → 28."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


@dataclass
class _XmlFacts:
    """What openpyxl's read-only values do not tell: formulas without a computed value, merged header cells."""

    uncomputed: dict[tuple[int, int], parsing.FormulaWithoutValue] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # first row, first col, last row, last col
    unlocated: int = 0  # uncomputed formulas in cells without an address (written by unusual programs)


def _scan_sheet_xml(data: bytes, full_calc: bool) -> _XmlFacts:
    facts = _XmlFacts()
    if b"mergeCell" in data:
        for first_col, first_row, last_col, last_row in _XML_MERGE.findall(data):
            facts.merged.append(
                (int(first_row), column_number(first_col.decode()), int(last_row), column_number(last_col.decode()))
            )
    if not _XML_HAS_FORMULA.search(data):
        return facts
    for attributes, content in _XML_CELL.findall(data):
        formula = _XML_FORMULA.search(content) if content else None
        if formula is None:
            continue
        attrs = dict(_ATTRIBUTE.findall(attributes))
        value = _XML_VALUE.search(content)
        # Excel stores every formula's result: <v>…</v>, empty only for a text result "" (t="str").
        # Programs that do not calculate leave <v> out or empty, or (fullCalcOnLoad) store a placeholder 0.
        if value is not None and (value.group(1) or attrs.get(b"t") == b"str") and not full_calc:
            continue
        match = _COORDINATE.fullmatch(attrs.get(b"r", b"").decode())
        if match is None:
            facts.unlocated += 1
            continue
        text = html.unescape((formula.group(1) or b"").decode("utf-8", "replace"))
        position = (int(match[2]), column_number(match[1]))
        stale = value is not None and bool(value.group(1) or attrs.get(b"t") == b"str")
        facts.uncomputed[position] = parsing.FormulaWithoutValue(match[0], text, stale)
    return facts


def _scan_xml(file: Path, paths: dict[str, str]) -> dict[str, _XmlFacts]:
    """Facts per sheet title; ``paths`` maps sheet titles to their XML part inside the .xlsx zip."""
    facts: dict[str, _XmlFacts] = {}
    with zipfile.ZipFile(file) as archive:
        names = set(archive.namelist())
        full_calc = "xl/workbook.xml" in names and bool(_XML_FULL_CALC.search(archive.read("xl/workbook.xml")))
        for title, path in paths.items():
            if path.lstrip("/") in names:
                facts[title] = _scan_sheet_xml(archive.read(path.lstrip("/")), full_calc)
    return facts


def _sheet_rows(ws, facts: _XmlFacts) -> list[tuple]:
    """All rows of a read-only sheet as values, with percent-formatted numbers and uncomputed formulas marked."""
    ws.reset_dimensions()  # a wrong <dimension> written by some programs would otherwise cut rows off
    factors: dict[str, int] = {}
    rows: list[tuple] = []
    for row in ws.iter_rows():
        values = []
        for cell in row:
            value = cell.value
            if (type(value) is float or type(value) is int) and cell.has_style:
                style = cell.number_format
                factor = factors.get(style)
                if factor is None:
                    factor = factors[style] = percent_factor(style)
                if factor != 1:
                    value = parsing.PercentCell(value, factor)
            values.append(value)
        rows.append(tuple(values))
    for (number, column), marker in facts.uncomputed.items():
        while len(rows) < number:
            rows.append(())
        values = list(rows[number - 1]) + [None] * (column - len(rows[number - 1]))
        values[column - 1] = marker
        rows[number - 1] = tuple(values)
    return rows


def workbook_rows(file: Path, book, titles) -> dict[str, list[tuple]]:
    """The rows of the sheets ``titles`` of ``book`` (``file`` opened read-only) as :func:`read_xlsx` sees them.

    Values as stored, with a number in a percent-formatted cell as a :class:`~.parsing.PercentCell` and a
    formula without a computed value as a :class:`~.parsing.FormulaWithoutValue`, for the parsers to read.
    For workbooks that are not tables of the data model, such as the status forms.
    """
    titles = list(titles)
    try:
        facts = _scan_xml(Path(file), {title: book[title]._worksheet_path for title in titles})
    except Exception:  # an unusual workbook: the values without the extra markers rather than fail
        facts = {}
    return {title: _sheet_rows(book[title], facts.get(title, _XmlFacts())) for title in titles}


def _merged_in_row(facts: _XmlFacts, row: int) -> tuple[str, ...]:
    return tuple(
        f"{column_letter(c1)}{r1}:{column_letter(c2)}{r2}"
        for r1, c1, r2, c2 in facts.merged
        if r1 <= row <= r2 and c2 > c1
    )


def _duplicate_problem(table: Table, file: str, sheet: str, names: list[str], what: str) -> Problem:
    listed = " and ".join(repr(n) for n in names)
    return Problem(
        ERROR,
        file,
        sheet,
        None,
        None,
        listed,
        f"two {what}s are both read as the table '{table.name}': {listed}",
        f"delete or rename one of them ({what} names are compared ignoring case, spaces and underscores)",
        f"duplicate_{what}",
    )


def read_xlsx(file: Path) -> dict[str, RawSheet]:
    return {sheet.table: sheet for sheet in xlsx_sheets(file, [t.name for t in TABLES])}


def xlsx_sheets(file: Path, tables: Iterable[str]) -> Iterator[RawSheet]:
    """The raw sheet of each table named in ``tables``, read as the names are taken from it (which may be
    one at a time, as two processes share a big workbook's tables: see :func:`.loading.read_parts`)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise DataNotFoundError(
            f"{file}: cannot be opened as an Excel workbook ({type(exc).__name__}: {exc}). "
            "Open it in Excel and save it again as .xlsx, or restore the last good copy."
        ) from None
    try:
        names: dict[str, list[str]] = {}
        for name in book.sheetnames:
            names.setdefault(parsing.header_key(name), []).append(name)
        with _SheetXml(file) as xml:
            for table in map(schema_table, tables):
                found = names.get(table.name)
                if not found:
                    yield RawSheet(table.name, file.name, table.name, None)
                    continue
                actual = found[0]
                problems = [_duplicate_problem(table, file.name, actual, found, "sheet")] if len(found) > 1 else []
                sheet_facts = xml.facts(book, actual)
                if sheet_facts.unlocated:
                    problems.append(
                        Problem(
                            ERROR,
                            file.name,
                            actual,
                            None,
                            None,
                            None,
                            f"the sheet has {sheet_facts.unlocated} formula(s) without a computed value",
                            "open the workbook in Excel and save it again",
                            "formula_without_value",
                        )
                    )
                try:
                    rows = _sheet_rows(book[actual], sheet_facts)
                except Exception as exc:  # a damaged sheet, or a chart sheet named like a table
                    problems.append(
                        Problem(
                            ERROR,
                            file.name,
                            actual,
                            None,
                            None,
                            None,
                            f"the sheet cannot be read as a table ({type(exc).__name__}: {exc})",
                            "open the workbook in Excel, check that the sheet holds the table and save it again",
                            "unreadable_sheet",
                        )
                    )
                    yield RawSheet(table.name, file.name, actual, None, problems=problems)
                    continue
                raw = _sheet(table, file.name, actual, rows, problems=problems)
                raw.merged_header = _merged_in_row(sheet_facts, raw.header_row)
                yield raw
    finally:
        book.close()


class _SheetXml:
    """The workbook's zip, open while its sheets are read, for what openpyxl's values do not show (formulas
    without a value, merged header cells): :func:`_scan_sheet_xml` of each sheet as it is read."""

    def __init__(self, file: Path):
        self.file = file
        self.archive: zipfile.ZipFile | None = None
        self.full_calc = False

    def __enter__(self) -> _SheetXml:
        try:
            self.archive = zipfile.ZipFile(self.file)
            names = set(self.archive.namelist())
            self.full_calc = "xl/workbook.xml" in names and bool(
                _XML_FULL_CALC.search(self.archive.read("xl/workbook.xml"))
            )
        except Exception:  # an unusual workbook: the values without the extra checks rather than fail
            self.archive = None
        return self

    def __exit__(self, *exc) -> None:
        if self.archive is not None:
            self.archive.close()

    def facts(self, book, title: str) -> _XmlFacts:
        if self.archive is None:
            return _XmlFacts()
        try:
            return _scan_sheet_xml(self.archive.read(book[title]._worksheet_path.lstrip("/")), self.full_calc)
        except Exception:  # a part missing or unusual: the values without the extra checks
            return _XmlFacts()


def data_sizes(where: Path) -> dict[str, int]:
    """Roughly how much each table holds (bytes of its CSV file or sheet XML), to share out the biggest
    first; a table not found counts 0."""
    sizes: dict[str, int] = {}
    if where.is_dir():
        for path in where.iterdir():
            key = parsing.header_key(path.stem)
            if path.suffix.lower() == ".csv" and key not in sizes:
                with contextlib.suppress(OSError):
                    sizes[key] = path.stat().st_size
        return sizes
    with contextlib.suppress(Exception), zipfile.ZipFile(where) as archive:
        workbook = archive.read("xl/workbook.xml")
        relations = archive.read("xl/_rels/workbook.xml.rels")
        targets = dict(re.findall(rb'Id="([^"]+)"[^>]*Target="([^"]+)"', relations))
        targets |= {k: v for v, k in re.findall(rb'Target="([^"]+)"[^>]*Id="([^"]+)"', relations)}
        for name, rid in re.findall(rb'<(?:\w+:)?sheet\b[^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', workbook):
            target = targets.get(rid, b"").decode().lstrip("/")
            part = target if target.startswith("xl/") else f"xl/{target}"
            key = parsing.header_key(html.unescape(name.decode()))
            with contextlib.suppress(KeyError):
                sizes.setdefault(key, archive.getinfo(part).file_size)
    return sizes


# --------------------------------------------------------------------------------------
# CSV files
# --------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")  # Excel's "Unicode text"
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel's "CSV" export on Danish Windows is cp1252; accept it rather than fail.
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _delimiter(text: str) -> tuple[str, str]:
    """(delimiter, text without a ``sep=`` line): counted in the header line, whose names hold none of them."""
    first, _, rest = text.partition("\n")
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:
        return first.strip()[4], rest  # Excel's own hint; Excel hides the line, so row numbers stay as shown
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return (best if counts[best] else ","), text


def read_csv_folder(folder: Path) -> dict[str, RawSheet]:
    return {sheet.table: sheet for sheet in csv_sheets(folder, [t.name for t in TABLES])}


def csv_sheets(folder: Path, tables: Iterable[str]) -> Iterator[RawSheet]:
    """The raw sheet of each table named in ``tables``, read as the names are taken from it."""
    files: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() == ".csv" and path.is_file():
            files.setdefault(parsing.header_key(path.stem), []).append(path)
    for table in map(schema_table, tables):
        found = files.get(table.name)
        if not found:
            yield RawSheet(table.name, f"{table.name}.csv", "", None)
            continue
        file = found[0]
        names = [f.name for f in found]
        problems = [_duplicate_problem(table, file.name, "", names, "file")] if len(found) > 1 else []
        delimiter, text = _delimiter(_decode(file.read_bytes()))
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        try:
            rows: list = list(reader)  # rows as lists: _sheet takes lists or tuples
        except csv.Error as exc:
            problems.append(
                Problem(
                    ERROR,
                    file.name,
                    "",
                    reader.line_num,
                    None,
                    None,
                    f"the file cannot be read as CSV ({exc})",
                    'look for a quotation mark (") opened and never closed near this line, '
                    "or save the sheet from Excel again as CSV",
                    "unreadable_csv",
                )
            )
            yield RawSheet(table.name, file.name, "", None, problems=problems)
            continue
        yield _sheet(table, file.name, "", rows, problems=problems)


def empty_table(table: Table) -> pd.DataFrame:
    """A table with no rows but every column in its loaded dtype (for a missing optional sheet)."""
    data = {c.name: pd.Series([], dtype=_EMPTY_DTYPES.get(c.type, object)) for c in table.columns}
    data[ROW] = pd.Series([], dtype="int64")
    return pd.DataFrame(data)
