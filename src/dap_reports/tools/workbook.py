"""Write the portfolio workbook (``.xlsx``): the blank template or tables filled with data.

Everything here is derived from :mod:`dap_reports.schema`, so the template an analyst
fills in, its ``LÆS MIG`` sheet and its Excel validations always match what the loader
accepts. Reading workbooks back is :mod:`dap_reports.loading`'s job, not this module's.

The Excel validations are guidance for the person typing, not the contract: pasted
values bypass them, and the loader accepts more spellings than a dropdown can show.
``dap-reports validate`` remains the authority.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from pathlib import Path
from typing import Any, SupportsFloat, cast

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..contract import schema
from ..contract.config import PortfolioConfig
from ..contract.schema import Column, Enumeration, Table

DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
# Validations cover this many rows at least; Excel users rarely add rows beyond it,
# and covering whole columns would bloat every file.
VALIDATION_LAST_ROW = 1000
# Extra rows past the data so the next analyst's additions are still validated.
VALIDATION_HEADROOM = 200
# Excel refuses list validations whose comma-separated source exceeds 255 characters.
EXCEL_LIST_LIMIT = 255
# Date validation window; the budget sheet's year bounds use the same range.
FIRST_DATE = dt.date(2000, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)

REQUIRED_FILL = PatternFill("solid", fgColor="1F4E78")
OPTIONAL_FILL = PatternFill("solid", fgColor="9BC2E6")
EXTRA_FILL = PatternFill("solid", fgColor="D9D9D9")
REQUIRED_FONT = Font(bold=True, color="FFFFFF")
OPTIONAL_FONT = Font(bold=True, color="000000")
TITLE_FONT = Font(bold=True, size=16)
HEADING_FONT = Font(bold=True, size=12)
README_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TABLE_HEADING_FILL = PatternFill("solid", fgColor="FCE4D6")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")

TYPE_DA = {
    "id": "id",
    "text": "tekst",
    "date": "dato",
    "int": "heltal",
    "number": "tal",
    "enum": "valgliste",
    "period": "kvartal",
}

README_COLUMNS = (  # (header, width)
    ("Kolonne", 24),
    ("Type", 11),
    ("Påkrævet", 22),
    ("Tilladte værdier", 46),
    ("Beskrivelse", 60),
    ("Eksempel", 30),
)

README_INTRO = (
    "Denne projektmappe indeholder styregruppens porteføljedata. Rapporterne (status, risiko, "
    "årsrapport) laves ud fra den.",
    "Hvert ark er én tabel. Række 1 er kolonneoverskrifterne; data starter i række 2. Lad række 1 stå, som den er.",
    "Omdøb ikke ark eller kolonner, og slet dem ikke. Egne ekstra kolonner må gerne tilføjes til "
    "højre; rapporterne ignorerer dem.",
    "Mørkeblå overskrifter er påkrævede kolonner, lyseblå er valgfrie. Hold musen over en overskrift "
    "for at se, hvad kolonnen betyder.",
    "Valglister accepterer både de engelske og de danske værdier (fx red eller rød), uanset store og små bogstaver.",
    "Datoer skrives som 2026-03-11 eller 11-03-2026 (eller som en almindelig Excel-dato). Kvartaler "
    "skrives som 2026-Q1.",
    "Tal skrives på dansk: punktum mellem tusinder og komma før decimaler, fx 1.500.000 eller 12,5. "
    '1.500 er altså 1500. Beløb er i kroner; "kr.", "mio. kr." og "t.kr." må stå i beløbskolonner '
    "(navne der ender på _dkk), fx 1,5 mio. kr. = 1500000.",
    "Procenter (kolonner der ender på _pct) skrives som 10 eller 10 %; en celle formateret som procent "
    "og vist som 10 % læses også som 10.",
    "Formler er tilladt, men gem projektmappen i Excel, så formlernes resultater er gemt. En formel, der "
    "giver en fejl (fx #DIVISION/0!), skal rettes. Flet ikke overskriftsceller sammen.",
    "En tom RAG-status (grøn/gul/rød) betyder 'ikke rapporteret' og vises gråt i rapporterne – aldrig grønt.",
    "Dagsorden og referat laves ud fra arket agenda (indstilling, baggrund, fremlægger og – efter mødet – "
    "beslutning), arket exceptions (afvigelsesrapporter) og arket actions (opfølgningspunkter med ansvarlig "
    "og frist): dap-reports agenda DATO og dap-reports minutes DATO.",
    "Gevinster: arket benefits er gevinstregistret (baseline, mål, retning, datoer, ejer og for økonomiske gevinster "
    "kr. pr. år); målingerne står i benefit_measurements. Realiseringsgraden er (måling - baseline) / "
    "(mål - baseline).",
    "Procenter i indicator_values kan have tæller og nævner (numerator, denominator): så bliver landstal vægtede. Mål "
    "pr. område står i indicator_targets i hele enheder.",
    "Porteføljens indstillinger (navn, mødekadence, regler for RAG og risici) står i portfolio.yaml "
    "ved siden af denne fil.",
    "Tjek filen, før rapporterne laves, med kommandoen:  dap-reports validate portfolio.xlsx",
)


# --------------------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------------------


def write_workbook(tables: dict[str, pd.DataFrame] | None, path: Path, config: PortfolioConfig | None = None) -> Path:
    """Write ``LÆS MIG`` and one sheet per schema table to ``path``; return the path.

    ``tables=None``, or a table that is missing or empty, gives a sheet with only the
    header row: the blank template analysts fill in. The phase dropdowns list ``config``'s
    phases (today's list by default).
    """
    tables = tables or {}
    unknown = sorted(set(tables) - set(schema.TABLE_NAMES))
    if unknown:
        # Silently dropping a frame would lose data the caller meant to keep.
        raise ValueError(f"Unknown table(s) {', '.join(unknown)}; expected some of: {', '.join(schema.TABLE_NAMES)}")

    workbook = Workbook()
    readme = workbook.active
    readme.title = schema.README_SHEET
    own = schema.tables_with({"phase": (config or PortfolioConfig()).phase_enumeration()})
    _write_readme(readme, own)
    for table in own:
        _write_table_sheet(workbook.create_sheet(table.name), table, tables.get(table.name))

    workbook.properties.title = "Porteføljedata"
    workbook.properties.creator = "dap-reports"
    # The workbook holds no formulas. Without openpyxl's default request to recompute every formula on
    # opening, a formula the analyst adds later and Excel saves with its result is read, not refused
    # as possibly out of date (see contract.reading).
    workbook.calculation.fullCalcOnLoad = False
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


# --------------------------------------------------------------------------------------
# Table sheets
# --------------------------------------------------------------------------------------


def _write_table_sheet(ws: Worksheet, table: Table, frame: pd.DataFrame | None) -> None:
    frame = frame if frame is not None else pd.DataFrame()
    # A repeated header would make frame[name] a frame, not a column; keep the first.
    frame = frame.loc[:, ~frame.columns.duplicated()]
    extras = [c for c in frame.columns if c not in table.column_names]
    headers = [*table.column_names, *extras]

    for col_idx, column in enumerate(table.columns, start=1):
        _write_schema_header(ws, col_idx, column)
    for col_idx, name in enumerate(extras, start=len(table.columns) + 1):
        _write_extra_header(ws, col_idx, str(name))

    _write_rows(ws, table, frame, headers)

    last_col = get_column_letter(len(headers))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last_col}{len(frame) + 1}"
    last_row = max(VALIDATION_LAST_ROW, len(frame) + 1 + VALIDATION_HEADROOM)
    for col_idx, column in enumerate(table.columns, start=1):
        validation = _validation_for(column)
        if validation is not None:
            letter = get_column_letter(col_idx)
            validation.add(f"{letter}2:{letter}{last_row}")
            ws.add_data_validation(validation)


def _write_schema_header(ws: Worksheet, col_idx: int, column: Column) -> None:
    cell = ws.cell(row=1, column=col_idx, value=column.name)
    required = column.required
    cell.font = REQUIRED_FONT if required else OPTIONAL_FONT
    cell.fill = REQUIRED_FILL if required else OPTIONAL_FILL
    cell.comment = _header_comment(column)

    dimension = ws.column_dimensions[get_column_letter(col_idx)]
    # Room for the name plus the auto-filter arrow, so no header is hidden.
    dimension.width = max(column.width, len(column.name) + 3)
    # Column-level formats apply to cells the analyst types later, without creating
    # a thousand empty cells: dates show as ISO, and ids such as 0101 keep their zeros.
    if column.type == "date":
        dimension.number_format = DATE_FORMAT
    elif column.type in ("id", "period"):
        dimension.number_format = TEXT_FORMAT


def _write_extra_header(ws: Worksheet, col_idx: int, name: str) -> None:
    cell = ws.cell(row=1, column=col_idx, value=name)
    cell.data_type = "s"  # a header such as "=x" must stay text
    cell.font = OPTIONAL_FONT
    cell.fill = EXTRA_FILL
    cell.comment = Comment(
        "Ekstra kolonne uden for datamodellen. Den bevares, men bruges ikke af rapporterne.", "dap-reports"
    )
    ws.column_dimensions[get_column_letter(col_idx)].width = max(12, len(name) + 3)


def _header_comment(column: Column) -> Comment:
    lines = [column.description_da, "", f"Type: {TYPE_DA[column.type]}. Påkrævet: {_required_da(column)}."]
    allowed = _allowed_da(column)
    if allowed:
        lines.append(f"Tilladt: {allowed}.")
    if column.example:
        lines.append(f"Eksempel: {column.example}")
    comment = Comment("\n".join(lines), "dap-reports")
    comment.width, comment.height = 320, 150  # the default box cuts off the text
    return comment


def _write_rows(ws: Worksheet, table: Table, frame: pd.DataFrame, headers: list) -> None:
    by_name = {c.name: c for c in table.columns}
    for col_idx, name in enumerate(headers, start=1):
        if name not in frame.columns:
            continue  # a schema column the frame lacks stays blank
        column = by_name.get(name)
        for row_idx, raw in enumerate(frame[name].tolist(), start=2):
            value = _cell_value(raw, column)
            if value is None:
                continue  # leave the cell truly empty, not an empty string
            cell = ws.cell(row=row_idx, column=col_idx, value=value)
            _format_cell(cell, value, column)


def _format_cell(cell, value: Any, column: Column | None) -> None:
    if isinstance(value, (dt.date, dt.datetime)):
        has_time = isinstance(value, dt.datetime) and value.time() != dt.time()
        cell.number_format = "yyyy-mm-dd hh:mm" if has_time else DATE_FORMAT
    elif isinstance(value, str):
        # openpyxl treats a leading "=" as a formula; data is never a formula.
        cell.data_type = "s"
        if column is not None and column.type in ("id", "period"):
            cell.number_format = TEXT_FORMAT


def write_cell(ws: Worksheet, row: int, column_index: int, value: Any, column: Column | None) -> None:
    """Write one value into a data sheet as :func:`write_workbook` would (a blank empties the cell)."""
    converted = _cell_value(value, column)
    cell = ws.cell(row=row, column=column_index)
    cell.value = converted
    if converted is not None:
        _format_cell(cell, converted, column)


def write_header(ws: Worksheet, column_index: int, column: Column) -> None:
    """Add a schema column's header (with its comment and formats) to a data sheet."""
    _write_schema_header(ws, column_index, column)


# --------------------------------------------------------------------------------------
# Converting frame values to cell values
# --------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]*)?")
_DANISH_DATE = re.compile(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})")


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-likes: not blank
        return False


def _cell_value(value: Any, column: Column | None) -> Any:
    """The value to store in Excel, or ``None`` for an empty cell."""
    if _is_blank(value):
        return None
    kind = column.type if column is not None else None
    if kind == "date":
        return _as_date(value)
    if kind in ("int", "number"):
        return _as_number(value)
    if kind == "period":
        return _as_period(value)
    if kind == "id":
        return _as_id(value)
    if kind is None:
        return _as_extra(value)
    return _as_text(value)


def _as_date(value: Any) -> Any:
    """A ``datetime.date`` where the value is a date; otherwise the text, left for validation."""
    if isinstance(value, dt.datetime):  # includes pandas.Timestamp
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern, order in ((_ISO_DATE, (1, 2, 3)), (_DANISH_DATE, (3, 2, 1))):
        match = pattern.fullmatch(text)
        if match:
            year, month, day = (int(match.group(i)) for i in order)
            try:
                return dt.date(year, month, day)
            except ValueError:
                break
    return _as_text(value)


def _as_number(value: Any) -> Any:
    """An int when the value is whole, else a float; unparseable text stays text."""
    if isinstance(value, (bool, numbers.Integral)):
        return int(value)
    if isinstance(value, numbers.Number):
        # numbers.Number does not declare __float__; the numbers a cell holds (float, Decimal, numpy) have it.
        number = float(cast(SupportsFloat, value))
    else:
        try:
            number = float(str(value).strip())
        except ValueError:
            return _as_text(value)
    if not math.isfinite(number):
        return _as_text(value)
    if number.is_integer():
        return int(number)
    # A fractional value in an int column is kept as is, so the validator can point at it.
    return number


def _as_id(value: Any) -> str:
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return str(_as_number(value))
    return _as_text(value)


def _as_period(value: Any) -> str:
    if isinstance(value, pd.Period):
        return f"{value.year}-Q{value.quarter}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year}-Q{(value.month - 1) // 3 + 1}"
    return _as_text(value)


def _as_extra(value: Any) -> Any:
    """Extra columns have no declared type: keep dates, numbers and booleans as such."""
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value.replace(tzinfo=None)
    if isinstance(value, (dt.date, bool)):
        return value
    if isinstance(value, numbers.Number):
        return _as_number(value)
    return _as_text(value)


def _as_text(value: Any) -> str:
    # Control characters make openpyxl refuse the whole workbook.
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


# --------------------------------------------------------------------------------------
# Data validation
# --------------------------------------------------------------------------------------


def _validation_for(column: Column) -> DataValidation | None:
    if column.type == "enum":
        return _enum_validation(column)
    if column.type in ("int", "number"):
        return _number_validation(column)
    if column.type == "date":
        return _date_validation(column)
    return None


def _enum_validation(column: Column) -> DataValidation:
    assert column.enum is not None
    return _validation(
        column,
        type="list",
        formula1=f'"{enum_list_source(column.enum)}"',
        error=f"Vælg en værdi fra listen: {_enum_da(column.enum)}.",
    )


def enum_list_source(enum: Enumeration) -> str:
    """Comma-separated dropdown entries: canonical values first, then Danish labels.

    Falls back to canonical values only if Excel's 255-character limit would be
    exceeded; the loader accepts the Danish labels either way.
    """
    labels = list(dict.fromkeys([*enum.values, *(enum.danish[v] for v in enum.values)]))
    source = ",".join(labels)
    if len(source) > EXCEL_LIST_LIMIT:
        source = ",".join(enum.values)
    return source


def _number_validation(column: Column) -> DataValidation:
    kind = "whole" if column.type == "int" else "decimal"
    word = "et helt tal" if kind == "whole" else "et tal"
    low, high = column.minimum, column.maximum
    formulas: tuple[float, ...]
    if low is not None and high is not None:
        operator, formulas, limit = "between", (low, high), f" fra {_num(low)} til {_num(high)}"
    elif low is not None:
        operator, formulas, limit = "greaterThanOrEqual", (low,), f" på mindst {_num(low)}"
    elif high is not None:
        operator, formulas, limit = "lessThanOrEqual", (high,), f" på højst {_num(high)}"
    else:
        # No bounds, but the type still matters: Excel then rejects text such as "ca. 5".
        operator, formulas, limit = "between", (-1e15, 1e15), ""
    return _validation(
        column,
        type=kind,
        operator=operator,
        formula1=_num(formulas[0]),
        formula2=_num(formulas[1]) if len(formulas) > 1 else None,
        error=f"Skriv {word}{limit}.",
    )


def _date_validation(column: Column) -> DataValidation:
    return _validation(
        column,
        type="date",
        operator="between",
        formula1=str(int(to_excel(FIRST_DATE))),
        formula2=str(int(to_excel(LAST_DATE))),
        error=f"Skriv en dato, fx 2026-03-11 eller 11-03-2026 (mellem {FIRST_DATE.year} og {LAST_DATE.year}).",
    )


def _validation(column: Column, **kwargs: Any) -> DataValidation:
    error = kwargs.pop("error")
    return DataValidation(
        allow_blank=True,  # blank rows are fine; required values are the validator's job
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Ugyldig værdi",  # Excel cuts titles at 32 characters
        error=f"{column.name}: {error}"[:225],  # Excel's message limit
        **kwargs,
    )


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# --------------------------------------------------------------------------------------
# The LÆS MIG sheet
# --------------------------------------------------------------------------------------


def _write_readme(ws: Worksheet, tables: tuple[Table, ...] = schema.TABLES) -> None:
    ws.cell(row=1, column=1, value="Porteføljedata for styregruppen – læs mig").font = TITLE_FONT
    row = 3
    # One sentence per row, unwrapped: the text flows over the empty cells to the right,
    # which reads better than merged cells whose height Excel will not fit.
    for line in README_INTRO:
        ws.cell(row=row, column=1, value=line)
        row += 1
    row += 1
    for table in tables:
        row = _write_readme_table(ws, table, row) + 1
    for col_idx, (_, width) in enumerate(README_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(col_idx)].width = width


def _write_readme_table(ws: Worksheet, table: Table, row: int) -> int:
    """Write one table's section starting at ``row``; return the next free row."""
    title = f"{table.name} – {table.sheet_title}" if table.sheet_title else table.name
    ws.cell(row=row, column=1, value=title).font = HEADING_FONT
    ws.cell(row=row, column=2, value=_table_note_da(table))
    for col_idx in range(1, len(README_COLUMNS) + 1):
        ws.cell(row=row, column=col_idx).fill = TABLE_HEADING_FILL
    row += 1

    for col_idx, (header, _) in enumerate(README_COLUMNS, start=1):
        cell = ws.cell(row=row, column=col_idx, value=header)
        cell.font = Font(bold=True)
        cell.fill = README_HEADER_FILL
    row += 1

    for column in table.columns:
        values = (
            column.name,
            TYPE_DA[column.type],
            _required_da(column),
            _allowed_da(column),
            column.description_da,
            column.example,
        )
        for col_idx, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col_idx, value=value or None)
            cell.data_type = "s"
            cell.alignment = WRAP_TOP
        ws.row_dimensions[row].height = _row_height(values)
        row += 1
    return row


def _table_note_da(table: Table) -> str:
    parts = [table.description_da]
    if table.key:
        parts.append(f"Nøgle (må ikke gentages): {' + '.join(table.key)}.")
    if table.optional_table:
        parts.append("Arket må være tomt.")
    return " ".join(parts)


def _row_height(values: tuple[str, ...]) -> float:
    """Rough fit for wrapped text; Excel does not refit rows written by openpyxl."""
    lines = 1
    for text, (_, width) in zip(values, README_COLUMNS, strict=True):
        lines = max(lines, math.ceil(len(text or "") / max(width - 2, 1)))
    return 15.0 * lines


def _required_da(column: Column) -> str:
    if column.required:
        return "ja"
    if column.optional_column:
        return "nej (kolonnen kan udelades)"
    return "nej"


def _allowed_da(column: Column) -> str:
    """Allowed values in Danish: the enumeration, the range or the referenced column."""
    if column.enum is not None:
        return _enum_da(column.enum)
    parts = []
    if column.minimum is not None and column.maximum is not None:
        parts.append(f"{_num(column.minimum)}–{_num(column.maximum)}")
    elif column.minimum is not None:
        parts.append(f"mindst {_num(column.minimum)}")
    elif column.maximum is not None:
        parts.append(f"højst {_num(column.maximum)}")
    if column.references is not None:
        parts.append(f"henviser til {column.references[0]}.{column.references[1]}")
    return "; ".join(parts)


def _enum_da(enum: Enumeration) -> str:
    """``green (grøn), …`` – the Danish label is omitted where it equals the value."""
    return ", ".join(v if enum.danish[v] == v else f"{v} ({enum.danish[v]})" for v in enum.values)
