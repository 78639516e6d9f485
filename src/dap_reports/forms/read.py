"""Reading a returned status form: typed answers, and every problem located in the form.

A form is read on its own, without the portfolio: what it was made for and what it was pre-filled
with are in its hidden sheet. Each problem names the file, sheet, row, column (header and letter), the
value found and the fix. Errors make ``collect`` refuse the form; warnings are notes (what was ignored,
what was left as before). The file is opened read-only and never written to.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from ..contract import parsing
from ..contract.rag import derive_overall
from ..contract.reading import workbook_rows
from ..contract.schema import RAG
from ..errors import ERROR, WARNING, Problem
from .content import asked_status_fields, text_of
from .layout import (
    FIRST_ROW,
    FORM_KIND,
    FORM_VERSION,
    GUIDE_SHEET,
    HEADER_ROW,
    META_SHEET,
    NEW_MARKER,
    STATUS_FIELDS,
    STATUS_SHEET,
    Field,
    SheetSpec,
    StatusField,
    sheet_specs,
    status_field,
)


@dataclass
class FormMeta:
    project_id: str
    project_name: str
    meeting_date: pd.Timestamp
    reply_by: pd.Timestamp | None
    created: str
    portfolio_sha256: str
    content_sha256: str
    record: dict
    version: int


@dataclass
class RowAnswer:
    sheet: str
    row: int  # spreadsheet row in the form
    key: str  # the row's id ("R11", "FL-IT / 2026"); "" for a new row
    values: dict[str, object]  # typed values of the fields the lead may edit on this kind of row
    new: bool = False
    columns: dict[str, str] = field(default_factory=dict)  # field -> its column in the form, "Header (J)"


@dataclass
class ForeignRow:
    """A row whose id the form was not made with: another project's row, or an unknown id."""

    section: str
    sheet: str
    row: int
    column: str
    key: str


@dataclass
class FormAnswers:
    path: Path
    meta: FormMeta | None = None
    status: dict[str, object] = field(default_factory=dict)
    status_rows: dict[str, int] = field(default_factory=dict)  # status field -> row in the form
    sections: dict[str, list[RowAnswer]] = field(default_factory=dict)
    foreign: list[ForeignRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.path.name

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def project_id(self) -> str | None:
        return self.meta.project_id if self.meta else None

    def answers_digest(self) -> str:
        """SHA-256 of the answers alone: two files with the same answers for the same form are the same reply."""
        status_types = {f.key: f.type for f in STATUS_FIELDS}
        specs = {s.key: s for s in sheet_specs()}
        data = {
            "meta": [self.project_id, text_of("date", self.meta.meeting_date) if self.meta else ""],
            "status": {k: text_of(status_types[k], v) for k, v in sorted(self.status.items())},
            "sections": {
                key: [
                    [r.key, r.new, {k: text_of(specs[key].field(k).type, v) for k, v in sorted(r.values.items())}]
                    for r in rows
                ]
                for key, rows in sorted(self.sections.items())
                if key in specs
            },
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class _Reader:
    def __init__(self, answers: FormAnswers):
        self.answers = answers

    def add(self, severity, sheet, row, column, value, message, fix="", code=""):
        shown = None if value is None or parsing.is_blank(value) else _show(value)
        project = self.answers.meta.project_id if self.answers.meta else None
        self.answers.problems.append(
            Problem(severity, self.answers.file, sheet, row, column, shown, message, fix, code, project_id=project)
        )

    def error(self, *args, **kw):
        self.add(ERROR, *args, **kw)

    def note(self, *args, **kw):
        self.add(WARNING, *args, **kw)


def _show(value: object) -> str:
    if isinstance(value, pd.Timestamp) or hasattr(value, "strftime"):
        return pd.Timestamp(value).strftime("%Y-%m-%d")  # type: ignore[arg-type]
    return str(value)


def _column(letter_index: int, header: str) -> str:
    return f"{header} ({get_column_letter(letter_index)})"


def _note_added_columns(reader, sheet: str, headers: dict, known: set, fix: str) -> None:
    """A column a lead added is ignored, and said so: nothing written outside the form's cells is read."""
    for header, column in headers.items():
        if header not in known:
            reader.note(
                sheet,
                HEADER_ROW,
                _column(column, header),
                None,
                "a column was added to the form; its content was ignored",
                fix,
                "ignored_column",
            )


def _parse(type_: str, enum, value: object, key: str = "") -> object:
    """A cell as the field's type; ``key`` (the field's name) tells amounts in kroner (``…_dkk``) from other numbers.

    Numbers are read as the data model reads them: Danish or English notation, a percent-formatted cell as
    the percentage shown, a formula as its computed value; a formula without one, or with an error, is refused.
    """
    parsing.check_cell(value)
    if type_ == "date":
        return parsing.parse_date(value)
    if type_ == "int":
        return parsing.parse_int(value, key)
    if type_ == "number":
        return parsing.parse_number(value, key)
    if type_ == "enum":
        return parsing.parse_enum(value, enum)
    return parsing.parse_text(value)


EXPECTED_DA = {
    "date": "en dato, fx 27-11-2026",
    "int": "et helt tal",
    "number": "et tal i hele kroner, fx 1500000",
    "enum": "en værdi fra listen",
    "text": "tekst",
    "id": "tekst",
}


def read_form(path: Path) -> FormAnswers:
    """Read one returned form; ``answers.problems`` holds every problem found (never raises on a bad form)."""
    from openpyxl import load_workbook

    path = Path(path)
    answers = FormAnswers(path=path)
    reader = _Reader(answers)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        reader.error(
            "",
            None,
            None,
            None,
            f"cannot be opened as an Excel workbook ({type(exc).__name__})",
            "save the form as .xlsx in Excel or LibreOffice and send it again",
            "not_a_workbook",
        )
        return answers
    try:
        sheets = {name.strip().lower(): name for name in book.sheetnames}
        if META_SHEET.lower() not in sheets:
            reader.error(
                "",
                None,
                None,
                None,
                "not a status form made by `dap-reports forms` (it has no hidden sheet _formular)",
                "fill in the form that was sent for the project, not a copy of another workbook",
                "not_a_form",
            )
            return answers
        values = workbook_rows(path, book, sheets.values())
        rows = {name: values[actual] for name, actual in sheets.items()}
        answers.meta = _read_meta(rows[META_SHEET.lower()], reader)
        if answers.meta is None:
            return answers
        recorded = answers.meta.record.get("sections", {})
        specs = [s for s in sheet_specs() if s.key in recorded]
        asked = asked_status_fields(answers.meta.record)
        own = [STATUS_SHEET] if asked else []  # a closed project's form has no status sheet
        own += [s.name for s in specs]
        expected = {GUIDE_SHEET.lower(), META_SHEET.lower(), *(name.lower() for name in own)}
        for lower, actual in sheets.items():
            if lower not in expected:
                reader.note(
                    actual,
                    None,
                    None,
                    None,
                    f"sheet '{actual}' is not part of the form; its content was ignored",
                    "write answers only in the form's own sheets; remove the sheet to silence this note",
                    "ignored_sheet",
                )
        for name in own:
            if name.lower() not in sheets:
                reader.error(
                    name,
                    None,
                    None,
                    None,
                    f"sheet '{name}' is missing from the form",
                    "use the form as it was sent (sheets may not be removed or renamed), or ask for a new one",
                    "missing_sheet",
                )
        if asked and STATUS_SHEET.lower() in sheets:
            fields = [status_field(key) for key in asked]
            _read_status(rows[STATUS_SHEET.lower()], sheets[STATUS_SHEET.lower()], fields, answers, reader)
        for spec in specs:
            if spec.name.lower() in sheets:
                _read_table(
                    rows[spec.name.lower()], sheets[spec.name.lower()], spec, recorded[spec.key], answers, reader
                )
    finally:
        book.close()
    return answers


def _read_meta(rows: list[tuple], reader: _Reader) -> FormMeta | None:
    values = {str(r[0]).strip(): (r[1] if len(r) > 1 else None) for r in rows if r and r[0] is not None}

    def broken(what: str) -> None:
        reader.error(
            META_SHEET,
            None,
            None,
            None,
            f"the form's hidden sheet is damaged ({what})",
            "ask the programme office for a new form; the hidden sheet must not be edited",
            "damaged_form",
        )

    if values.get("kind") != FORM_KIND:
        broken(f"kind is {values.get('kind')!r}")
        return None
    try:
        version = int(values.get("form_version") or 0)
    except (TypeError, ValueError):
        broken("no form version")
        return None
    if version > FORM_VERSION:
        reader.error(
            META_SHEET,
            None,
            None,
            None,
            f"the form was made by a newer dap-reports ({values.get('dap_reports')}, form version {version})",
            "update dap-reports before collecting this round",
            "newer_form",
        )
        return None
    try:
        chunks = int(values.get("record_chunks") or 0)
        record = json.loads("".join(str(values.get(f"record_{i}") or "") for i in range(1, chunks + 1)))
        meeting = parsing.parse_date(values.get("meeting_date"))
        reply_by = parsing.parse_date(values.get("reply_by"))
    except (TypeError, ValueError):
        broken("the pre-filled record cannot be read")
        return None
    project_id = parsing.parse_text(values.get("project_id"))
    if meeting is None or not project_id or not isinstance(record, dict):
        broken("no project or meeting")
        return None
    return FormMeta(
        project_id=project_id,
        project_name=str(values.get("project_name") or ""),
        meeting_date=meeting,
        reply_by=reply_by,
        created=str(values.get("created") or ""),
        portfolio_sha256=str(values.get("portfolio_content_sha256") or ""),
        content_sha256=str(values.get("content_sha256") or ""),
        record=record,
        version=version,
    )


def _header_map(rows: list[tuple], sheet: str, reader: _Reader) -> dict[str, int]:
    """Header text (stripped, lower case) -> 1-based column, from the header row."""
    header = rows[HEADER_ROW - 1] if len(rows) >= HEADER_ROW else ()
    found: dict[str, int] = {}
    for index, value in enumerate(header, start=1):
        text = parsing.parse_text(value)
        if text:
            found.setdefault(text.lower(), index)
    return found


def _cell(row: tuple, column: int) -> object:
    return row[column - 1] if column - 1 < len(row) else None


def _parse_cell(reader: _Reader, sheet: str, row: int, column: str, f: Field | StatusField, raw: object) -> object:
    try:
        value = _parse(f.type, f.enum, raw, f.key)
    except parsing.CellError as exc:
        reader.error(sheet, row, column, raw, str(exc), exc.fix or f"write {EXPECTED_DA[f.type]}", exc.code)
        return None
    except ValueError as exc:
        reader.error(sheet, row, column, raw, str(exc), f"write {EXPECTED_DA[f.type]}", "bad_value")
        return None
    minimum = f.minimum
    maximum = getattr(f, "maximum", None)
    if isinstance(value, (int, float)) and (
        (minimum is not None and value < minimum) or (maximum is not None and value > maximum)
    ):
        bounds = (
            f"from {minimum:g} to {maximum:g}"
            if minimum is not None and maximum is not None
            else f"at least {minimum:g}"
            if minimum is not None
            else f"at most {maximum:g}"
        )
        reader.error(sheet, row, column, raw, f"out of range: must be {bounds}", "correct the number", "out_of_range")
        return None
    return value


# --------------------------------------------------------------------------------------
# Status
# --------------------------------------------------------------------------------------


def _read_status(
    rows: list[tuple], sheet: str, fields: list[StatusField], answers: FormAnswers, reader: _Reader
) -> None:
    headers = _header_map(rows, sheet, reader)
    label_col = headers.get("felt")
    input_col = next((c for h, c in headers.items() if h.startswith("til mødet")), None)
    if label_col is None or input_col is None:
        reader.error(
            sheet,
            HEADER_ROW,
            None,
            None,
            "the header row (Felt … Til mødet …) is missing or changed",
            "use the form as it was sent, or ask for a new one",
            "missing_column",
        )
        return
    known = {"felt", "sådan udfyldes"} | {h for h in headers if h.startswith(("til mødet", "sidste rapport"))}
    _note_added_columns(reader, sheet, headers, known, "write the status in the column 'Til mødet'")
    labels = {f.label.lower(): f for f in fields}
    header_text = f"Til mødet ({get_column_letter(input_col)})"
    for index, row in enumerate(rows[HEADER_ROW:], start=FIRST_ROW):
        label = parsing.parse_text(_cell(row, label_col))
        f = labels.get((label or "").removesuffix("*").strip().lower())
        if f is None:
            continue
        answers.status_rows[f.key] = index
        answers.status[f.key] = _parse_cell(reader, sheet, index, header_text, f, _cell(row, input_col))
    for f in fields:
        if f.key not in answers.status_rows:
            reader.error(
                sheet,
                None,
                None,
                f.label,
                f"the row '{f.label}' is missing from the status sheet",
                "use the form as it was sent, or ask for a new one",
                "missing_row",
            )
            continue
        at = answers.status_rows[f.key]
        if f.required and answers.status.get(f.key) is None and not _bad(answers, sheet, at):
            reader.error(
                sheet,
                at,
                header_text,
                None,
                f"'{f.label}' must be filled in",
                "choose grøn, gul or rød",
                "blank_required",
            )
    dims = [_text(answers.status.get(k)) for k in ("time_rag", "economy_rag", "deliverables_rag")]
    given, worst = answers.status.get("overall_rag"), derive_overall(*dims)
    if given is not None and worst is not None and given != worst and not answers.status.get("overall_reason"):
        reader.error(
            sheet,
            answers.status_rows.get("overall_reason"),
            header_text,
            None,
            f"'Samlet status' is {RAG.danish[str(given)]} but the worst of tid, økonomi and leverancer is "
            f"{RAG.danish[str(worst)]}: "
            "a different overall status needs a reason",
            "write the reason in 'Begrundelse for samlet status', or leave 'Samlet status' blank",
            "override_without_reason",
        )
    if "summary" in answers.status_rows and not answers.status.get("summary"):
        reader.note(
            sheet,
            answers.status_rows["summary"],
            header_text,
            None,
            "no summary: the status table will show none for the project",
            "write one line about where the project stands",
            "no_summary",
        )


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _bad(answers: FormAnswers, sheet: str, row: int) -> bool:
    """True when the cell already has an error (a value that could not be read)."""
    return any(p.sheet == sheet and p.row == row and p.severity == ERROR for p in answers.problems)


# --------------------------------------------------------------------------------------
# Table sheets
# --------------------------------------------------------------------------------------


def _read_table(
    rows: list[tuple], sheet: str, spec: SheetSpec, recorded: dict[str, dict], answers: FormAnswers, reader: _Reader
) -> None:
    headers = _header_map(rows, sheet, reader)
    columns: dict[str, int] = {}
    for f in spec.fields:
        column = headers.get(f.header.lower())
        if column is None:
            reader.error(
                sheet,
                HEADER_ROW,
                f.header,
                None,
                f"the column '{f.header}' is missing or renamed",
                "use the form as it was sent (columns may not be removed or renamed), or ask for a new one",
                "missing_column",
            )
        else:
            columns[f.key] = column
    _note_added_columns(
        reader, sheet, headers, {f.header.lower() for f in spec.fields}, "write answers only in the yellow cells"
    )
    if len(columns) < len(spec.fields):
        return
    located = {f.key: _column(columns[f.key], f.header) for f in spec.fields}
    id_field = spec.field(spec.id_fields[0])
    seen: dict[str, int] = {}
    last_key = ""  # the id of the row above: rows under a pre-filled row may repeat it (spec.more_rows)
    out: list[RowAnswer] = []
    for index, row in enumerate(rows[HEADER_ROW:], start=FIRST_ROW):
        cells = {f.key: _cell(row, columns[f.key]) for f in spec.fields}
        if all(parsing.is_blank(v) for v in cells.values()):
            continue
        first = parsing.parse_text(cells[id_field.key])
        new = first is None or first.upper() == NEW_MARKER
        if first == spec.empty_text and len([v for v in cells.values() if not parsing.is_blank(v)]) == 1:
            continue
        if new:
            editable = [f for f in spec.fields if f.editable(new_row=True)]
            if not editable:
                filled = [f for f in spec.fields if f.key != id_field.key and not parsing.is_blank(cells[f.key])]
                reader.error(
                    sheet,
                    index,
                    _column(columns[filled[0].key], filled[0].header) if filled else None,
                    None,
                    "rows cannot be added to this sheet",
                    "ask the programme office to add what is missing",
                    "added_row",
                )
                continue
            if all(parsing.is_blank(cells[f.key]) for f in editable):
                continue  # an NY row left empty
            values = {
                f.key: _parse_cell(reader, sheet, index, _column(columns[f.key], f.header), f, cells[f.key])
                for f in editable
            }
            out.append(RowAnswer(sheet, index, "", values, new=True, columns=located))
            continue
        key = " / ".join(text_of(spec.field(k).type, _safe(spec.field(k), cells[k])) for k in spec.id_fields)
        if key in seen and key == last_key and spec.more_rows and _more_row(spec, cells):
            if all(parsing.is_blank(cells[f.key]) for f in spec.fields if f.editable(new_row=False)):
                continue  # left empty
            values = {
                f.key: _parse_cell(reader, sheet, index, _column(columns[f.key], f.header), f, cells[f.key])
                for f in spec.fields
                if f.editable(new_row=False)
            }
            out.append(RowAnswer(sheet, index, key, values, columns=located))
            continue
        last_key = key
        if key in seen:
            reader.error(
                sheet,
                index,
                _column(columns[id_field.key], id_field.header),
                key,
                f"{key} appears twice (also row {seen[key]})",
                "keep one row per id",
                "duplicate_row",
            )
            continue
        seen[key] = index
        if key not in recorded:
            answers.foreign.append(
                ForeignRow(spec.key, sheet, index, _column(columns[id_field.key], id_field.header), key)
            )
            continue
        before = recorded[key]
        for f in spec.fields:
            if f.editable(new_row=False) or f.key in spec.id_fields:
                continue
            shown = text_of(f.type, _safe(f, cells[f.key]))
            if shown != before.get(f.key, ""):
                reader.note(
                    sheet,
                    index,
                    _column(columns[f.key], f.header),
                    cells[f.key],
                    f"a locked cell was changed (it was {before.get(f.key) or 'blank'}); the change was ignored",
                    "ask the programme office to correct it in the portfolio",
                    "ignored_cell",
                )
        values = {
            f.key: _parse_cell(reader, sheet, index, _column(columns[f.key], f.header), f, cells[f.key])
            for f in spec.fields
            if f.editable(new_row=False)
        }
        out.append(RowAnswer(sheet, index, key, values, columns=located))
    for key in recorded:
        if key not in seen:
            reader.note(
                sheet,
                None,
                None,
                key,
                f"the row for {key} is missing from the form; it keeps its earlier values",
                "use the form as it was sent, if you meant to answer for it",
                "missing_row",
            )
    answers.sections[spec.key] = out
    _check_section(spec, out, columns, answers, reader)


def _more_row(spec: SheetSpec, cells: dict[str, object]) -> bool:
    """A row under a pre-filled row for more answers about it: the id repeated, the other locked cells blank."""
    return all(
        parsing.is_blank(cells[f.key]) for f in spec.fields if f.key not in spec.id_fields and not f.editable(False)
    )


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def _safe(f: Field, value: object) -> object:
    """A cell as the field's type, or as the text it shows when it cannot be read (for comparing only)."""
    try:
        return _parse(f.type, f.enum, value, f.key)
    except ValueError:
        return str(value)


def _check_section(
    spec: SheetSpec, rows: list[RowAnswer], columns: dict[str, int], answers: FormAnswers, reader: _Reader
) -> None:
    """The rules of each sheet that concern more than one cell."""
    meta = answers.meta
    assert meta is not None
    meeting = meta.meeting_date

    def where(key: str) -> str:
        return _column(columns[key], spec.field(key).header)

    measured: dict[tuple[str, pd.Timestamp], int] = {}  # (benefit, date) -> the form row of its measurement

    for r in rows:
        v = r.values
        if spec.key == "risks":
            pair = (v.get("probability"), v.get("impact"))
            if (pair[0] is None) != (pair[1] is None) and not _bad(answers, r.sheet, r.row):
                missing = "probability" if pair[0] is None else "impact"
                reader.error(
                    r.sheet,
                    r.row,
                    where(missing),
                    None,
                    "probability and impact go together: one of them is blank",
                    "fill in both (1-5), or leave both blank",
                    "half_assessment",
                )
            if r.new:
                if not v.get("title"):
                    reader.error(
                        r.sheet,
                        r.row,
                        where("title"),
                        None,
                        "a new risk needs a title",
                        "write a short title",
                        "blank_required",
                    )
                if pair == (None, None) and not _bad(answers, r.sheet, r.row):
                    reader.error(
                        r.sheet,
                        r.row,
                        where("probability"),
                        None,
                        "a new risk needs a probability and an impact",
                        "fill in both (1-5)",
                        "blank_required",
                    )
                if not v.get("owner"):
                    reader.note(
                        r.sheet,
                        r.row,
                        where("owner"),
                        None,
                        "the new risk has no owner",
                        "name exactly one owner",
                        "no_owner",
                    )
            elif pair == (None, None) and not v.get("closed_date") and not _bad(answers, r.sheet, r.row):
                reader.note(
                    r.sheet,
                    r.row,
                    where("probability"),
                    None,
                    f"{r.key} was not re-assessed: no assessment is recorded for this meeting",
                    "fill in probability and impact (they may be unchanged)",
                    "not_assessed",
                )
            closed = v.get("closed_date")
            if isinstance(closed, pd.Timestamp) and closed > meeting:
                reader.error(
                    r.sheet,
                    r.row,
                    where("closed_date"),
                    closed,
                    f"closed after the meeting ({meeting:%Y-%m-%d})",
                    "a risk is closed on or before the meeting it is reported to; leave it blank while it is open",
                    "date_after_meeting",
                )
        elif spec.key == "milestones":
            actual = v.get("actual_date")
            if isinstance(actual, pd.Timestamp) and actual > meeting:
                reader.error(
                    r.sheet,
                    r.row,
                    where("actual_date"),
                    actual,
                    f"reached after the meeting ({meeting:%Y-%m-%d})",
                    "write the date reached only once it is reached; give the expected date under 'Forventet dato'",
                    "date_after_meeting",
                )
            if v.get("forecast_date") is None and actual is None and not _bad(answers, r.sheet, r.row):
                reader.note(
                    r.sheet,
                    r.row,
                    where("forecast_date"),
                    None,
                    f"no expected date for {r.key}: the last forecast stays in force",
                    "write the expected date (it may be unchanged)",
                    "no_forecast",
                )
        elif spec.key == "budget":
            spent, forecast = _number(v.get("spent_dkk")), _number(v.get("forecast_dkk"))
            if spent is None and forecast is None and not _bad(answers, r.sheet, r.row):
                reader.note(
                    r.sheet,
                    r.row,
                    where("spent_dkk"),
                    None,
                    f"no figures for {r.key}: the last reported ones stay in force",
                    "fill in spend to date and the forecast for the year (they may be unchanged)",
                    "no_figures",
                )
            elif (spent is None or forecast is None) and not _bad(answers, r.sheet, r.row):
                reader.error(
                    r.sheet,
                    r.row,
                    where("spent_dkk" if spent is None else "forecast_dkk"),
                    None,
                    "spend to date and the forecast for the year go together: one of them is blank",
                    "fill in both, in whole kroner",
                    "half_budget",
                )
            elif spent is not None and forecast is not None and forecast < spent:
                reader.note(
                    r.sheet,
                    r.row,
                    where("forecast_dkk"),
                    forecast,
                    f"the forecast for the whole year ({forecast:,.0f}) is below the spend to date ({spent:,.0f})",
                    "check the figures: the forecast includes what is already spent",
                    "forecast_below_spent",
                )
        elif spec.key == "benefits":
            _check_measurement(r, where, meeting, measured, answers, reader)
        elif spec.key == "change_requests" and r.new:
            if not v.get("description"):
                reader.error(
                    r.sheet,
                    r.row,
                    where("description"),
                    None,
                    "a new change request needs a description",
                    "write what is asked for and why",
                    "blank_required",
                )
            nothing = all(v.get(k) in (None, "") for k in ("time_impact_days", "cost_impact_dkk", "scope_impact"))
            if nothing and not _bad(answers, r.sheet, r.row):
                reader.error(
                    r.sheet,
                    r.row,
                    where("time_impact_days"),
                    None,
                    "a change request must change something: days, kroner or deliverables",
                    "fill in at least one of 'Tid, dage', 'Omkostning, kr.' and 'Ændring af leverancer'",
                    "empty_change",
                )


def _check_measurement(
    r: RowAnswer,
    where,
    meeting: pd.Timestamp,
    measured: dict[tuple[str, pd.Timestamp], int],
    answers: FormAnswers,
    reader: _Reader,
) -> None:
    """A new benefit measurement: a date and a value together, on or before the meeting, once per benefit and date."""
    v = r.values
    date, value = v.get("measured_date"), v.get("value")
    if _bad(answers, r.sheet, r.row):
        return
    if date is None and value is None:
        if v.get("period") or v.get("note"):
            reader.error(
                r.sheet,
                r.row,
                where("measured_date"),
                None,
                f"a period or note for {r.key} without a measurement",
                "write the measurement's date and value, or clear the row",
                "half_measurement",
            )
        return
    if date is None or value is None:
        reader.error(
            r.sheet,
            r.row,
            where("measured_date" if date is None else "value"),
            None,
            f"a measurement of {r.key} needs a date and a value: one of them is blank",
            "fill in both (the value in the benefit's unit), or clear the row",
            "half_measurement",
        )
        return
    assert isinstance(date, pd.Timestamp)
    if date > meeting:
        reader.error(
            r.sheet,
            r.row,
            where("measured_date"),
            date,
            f"measured after the meeting ({meeting:%Y-%m-%d})",
            "report a measurement once it is made: on or before the meeting; a later one goes in the next form",
            "date_after_meeting",
        )
        return
    other = measured.setdefault((r.key, date), r.row)
    if other != r.row:
        reader.error(
            r.sheet,
            r.row,
            where("measured_date"),
            date,
            f"{r.key} has two measurements dated {date:%Y-%m-%d} (also row {other})",
            "keep one measurement per benefit and date",
            "duplicate_measurement",
        )
