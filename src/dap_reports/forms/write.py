"""``dap-reports forms``: one pre-filled, protected status form per project that answers for the meeting.

Each form is an ``.xlsx`` workbook (see :mod:`.layout` for its sheets). Input cells are yellow and
unlocked; everything else is locked, and the workbook's structure is locked (no sheets added, removed
or renamed). Enumerations have dropdowns with the Danish labels; numbers and dates are checked by Excel
as they are typed. None of this is the contract: ``collect`` checks every cell again.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .. import __version__
from ..contract.parsing import is_blank
from ..contract.portfolio import Portfolio, as_date
from ..contract.schema import Enumeration
from ..errors import DapReportsError
from ..reports.common.formats import date_da
from .content import FormContent, form_content, form_project_ids
from .layout import (
    BENEFITS,
    FIRST_ROW,
    FORM_KIND,
    FORM_VERSION,
    GUIDE_SHEET,
    HEADER_ROW,
    META_SHEET,
    NEW_MARKER,
    STATUS_SHEET,
    SheetSpec,
    sheet_specs,
    status_field,
)

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # yellow: the lead fills in
BEFORE_FILL = PatternFill("solid", fgColor="EDEDED")  # grey: what was reported last time
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)
DATE_FORMAT = "dd-mm-yyyy"
MONEY_FORMAT = "#,##0"
WHOLE_FORMAT, DECIMAL_FORMAT = "#,##0", "#,##0.0##"  # a measured value, with its decimals when it has any
WEEKDAYS_DA = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
RECORD_CHUNK = 30_000  # Excel keeps at most 32,767 characters in a cell
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


@dataclass(frozen=True)
class WrittenForm:
    project_id: str
    project_name: str
    path: Path
    risks: int
    milestones: int
    budget_lines: int
    has_status_for_meeting: bool  # the portfolio already holds this project's status for the meeting
    benefits: int = 0
    benefits_only: bool = False  # a closed project whose benefits are still followed: measurements only


def form_file_name(project_id: str, name: str, meeting: pd.Timestamp) -> str:
    """``P05-minlaege-app-2026-12-09.xlsx``: ASCII, because forms travel by e-mail."""
    text = name.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = text.replace("Æ", "Ae").replace("Ø", "Oe").replace("Å", "Aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-")
    pid = re.sub(r"[^A-Za-z0-9_-]+", "-", project_id)
    return f"{pid}-{slug}-{meeting:%Y-%m-%d}.xlsx" if slug else f"{pid}-{meeting:%Y-%m-%d}.xlsx"


def write_forms(
    portfolio: Portfolio,
    meeting,
    out: Path,
    projects: list[str] | None = None,
    force: bool = False,
    created: dt.datetime | None = None,
) -> list[WrittenForm]:
    """Write one form per project that answers for the meeting (or per project in ``projects``) to ``out``.

    The projects are those active at the meeting and the closed ones whose benefits are still followed
    (:func:`.content.form_project_ids`).

    Refuses, before writing anything, when a form file is already there (unless ``force``): it may
    have been sent to a lead, and a form made now belongs to a new round.
    """
    meeting = as_date(meeting)
    portfolio.meeting(meeting)  # a ParameterError naming the nearest meetings when unknown
    active = form_project_ids(portfolio, meeting)
    if projects:
        unknown = [p for p in projects if p not in active]
        if unknown:
            raise DapReportsError(
                f"no form for {', '.join(unknown)} at the meeting {meeting:%Y-%m-%d}: forms go to the active "
                f"projects and to closed projects whose benefits are still followed; those are: {', '.join(active)}."
            )
        chosen = [p for p in active if p in projects]
    else:
        chosen = active
    if not chosen:
        raise DapReportsError(f"no project is active at the meeting {meeting:%Y-%m-%d}; no form was written.")
    contents = [form_content(portfolio, pid, meeting) for pid in chosen]
    out = Path(out)
    paths = [out / form_file_name(c.project_id, c.project_name, meeting) for c in contents]
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        raise DapReportsError(
            f"{len(existing)} form(s) already exist in {out} (e.g. {existing[0].name}) and may have been sent; "
            "nothing was written. Use another --out folder, or --force to make a new round."
        )
    created = created or dt.datetime.now().astimezone()
    stamp = created.isoformat(timespec="seconds")
    status = portfolio.status
    written = []
    out.mkdir(parents=True, exist_ok=True)
    for content, path in zip(contents, paths, strict=True):
        write_form(content, path, portfolio, stamp)
        has_status = bool(((status["project_id"] == content.project_id) & (status["meeting_date"] == meeting)).any())
        written.append(
            WrittenForm(
                content.project_id,
                content.project_name,
                path,
                len(content.rows.get("risks", [])),
                len(content.rows.get("milestones", [])),
                len(content.rows.get("budget", [])),
                has_status,
                len(content.rows.get(BENEFITS.key, [])),
                not content.status_fields,
            )
        )
    return written


def write_form(content: FormContent, path: Path, portfolio: Portfolio, created: str) -> Path:
    """Write one project's form to ``path`` (through a temporary file, so no half-written form is left)."""
    workbook = Workbook()
    guide = workbook.active
    guide.title = GUIDE_SHEET
    _write_guide(guide, content, portfolio)
    if content.status_fields:
        _write_status(workbook.create_sheet(STATUS_SHEET), content)
    for spec in sheet_specs():
        if spec.key in content.rows:
            _write_table(workbook.create_sheet(spec.name), spec, content)
    _write_meta(workbook.create_sheet(META_SHEET), content, portfolio, created)
    workbook.security = WorkbookProtection(lockStructure=True)
    # The form holds no formulas. A lead's formula is stored with its value by Excel; a flag asking Excel to
    # recompute on opening would make collect treat every such value as possibly out of date.
    workbook.calculation.fullCalcOnLoad = False
    workbook.properties.title = f"Statusformular {content.project_id} {content.meeting_date:%Y-%m-%d}"
    workbook.properties.creator = "dap-reports"
    workbook.active = 0
    path = Path(path)
    temp = path.with_name(f".{path.name}.tmp")
    workbook.save(temp)
    temp.replace(path)
    return path


# --------------------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------------------


def _enum_label(enum: Enumeration | None, value: object) -> object:
    if enum is None or is_blank(value):
        return value
    return enum.danish.get(str(value), value)


def _cell_value(type_: str, value: object, enum: Enumeration | None = None) -> object:
    if value is None or is_blank(value):
        return None
    try:
        if pd.isna(value):  # type: ignore[call-overload]
            return None
    except (TypeError, ValueError):
        pass
    if type_ == "date":
        return pd.Timestamp(value).date()  # type: ignore[arg-type]
    if type_ in ("int", "number"):
        number = float(value)  # type: ignore[arg-type]
        return int(number) if number.is_integer() else number
    if type_ == "enum":
        return _enum_label(enum, value)
    return str(value)


def _put(ws: Worksheet, row: int, col: int, value: object, type_: str, *, editable: bool, before: bool = False):
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text that starts with "=" stays text
    if type_ == "date":
        cell.number_format = DATE_FORMAT
    elif type_ == "number":
        cell.number_format = MONEY_FORMAT
    elif type_ == "id":
        cell.number_format = "@"
    cell.alignment = WRAP
    cell.border = BOX
    if editable:
        cell.fill = INPUT_FILL
        cell.protection = UNLOCKED
    elif before:
        cell.fill = BEFORE_FILL
    return cell


def _fit_height(ws: Worksheet, row: int, cells: list[tuple[object, float]], minimum: float = 15.0) -> None:
    """Give a row room for its wrapped text: LibreOffice and Excel do not refit rows openpyxl writes."""
    lines = 1
    for value, width in cells:
        if isinstance(value, str) and value:
            per_line = max(width * 1.15 - 1, 4)
            lines = max(lines, sum(math.ceil(max(len(part), 1) / per_line) for part in value.split("\n")))
    ws.row_dimensions[row].height = max(minimum, 13.5 * lines + 2)


def _header(ws: Worksheet, row: int, col: int, text: str, help_text: str = "") -> None:
    cell = ws.cell(row=row, column=col, value=text)
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    cell.border = BOX
    if help_text:
        comment = Comment(help_text, "dap-reports")
        comment.width, comment.height = 260, 90
        cell.comment = comment


def _protect(ws: Worksheet) -> None:
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # a lead may still widen a column or a row to read it
    ws.protection.formatRows = False


def _landscape(ws: Worksheet, title_rows: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.4


def _validation(field_type: str, enum: Enumeration | None, minimum, maximum, name: str) -> DataValidation | None:
    common = {"allow_blank": True, "showErrorMessage": True, "errorStyle": "stop", "errorTitle": "Ugyldig værdi"}
    if field_type == "enum" and enum is not None:
        labels = ",".join(dict.fromkeys(enum.danish[v] for v in enum.values))
        return DataValidation(type="list", formula1=f'"{labels}"', error=f"{name}: vælg fra listen.", **common)
    if field_type in ("int", "number"):
        kind = "whole" if field_type == "int" else "decimal"
        low = -1e12 if minimum is None else minimum
        high = 1e12 if maximum is None else maximum
        word = "et helt tal" if kind == "whole" else "et tal"
        limit = f" fra {low:g} til {high:g}" if minimum is not None and maximum is not None else ""
        limit = limit or (f" på mindst {low:g}" if minimum is not None else "")
        return DataValidation(
            type=kind,
            operator="between",
            formula1=f"{low:g}",
            formula2=f"{high:g}",
            error=f"{name}: skriv {word}{limit}.",
            **common,
        )
    if field_type == "date":
        return DataValidation(
            type="date",
            operator="between",
            formula1=str(int(to_excel(FIRST_DATE))),
            formula2=str(int(to_excel(LAST_DATE))),
            error=f"{name}: skriv en dato, fx 27-11-2026.",
            **common,
        )
    return None


def _titles(ws: Worksheet, content: FormContent, heading: str, help_text: str) -> None:
    ws.cell(row=1, column=1, value=f"{heading} – {content.project_id} {content.project_name}").font = TITLE_FONT
    ws.cell(
        row=2,
        column=1,
        value=f"Til styregruppemødet {date_da(content.meeting_date, long=True)} · svar senest "
        f"{_weekday(content.reply_by)} {date_da(content.reply_by, long=True)}",
    )
    ws.cell(row=3, column=1, value=help_text).font = Font(italic=True)


def _weekday(date: pd.Timestamp) -> str:
    return WEEKDAYS_DA[date.weekday()]


# --------------------------------------------------------------------------------------
# Sheets
# --------------------------------------------------------------------------------------


def _write_status(ws: Worksheet, content: FormContent) -> None:
    previous = (
        f"Sidste rapport ({date_da(content.previous_meeting)})"
        if content.previous_meeting is not None
        else "Sidste rapport (ingen)"
    )
    _titles(
        ws,
        content,
        "Status",
        "Udfyld de gule felter. Tid, økonomi og leverancer skal udfyldes; de grå viser din sidste rapport.",
    )
    for col, (text, width) in enumerate(
        (("Felt", 30), (previous, 30), (f"Til mødet {date_da(content.meeting_date)}", 42), ("Sådan udfyldes", 46)),
        start=1,
    ):
        _header(ws, HEADER_ROW, col, text)
        ws.column_dimensions[get_column_letter(col)].width = width
    fields = [status_field(key) for key in content.status_fields]
    for offset, f in enumerate(fields):
        row = FIRST_ROW + offset
        label = ws.cell(row=row, column=1, value=f.label + (" *" if f.required else ""))
        label.font = BOLD
        label.border = BOX
        label.alignment = WRAP
        _put(
            ws,
            row,
            2,
            _cell_value(f.type, content.status_previous.get(f.key), f.enum),
            f.type,
            editable=False,
            before=True,
        )
        start = content.status_prefill.get(f.key) if f.prefill else None
        _put(ws, row, 3, _cell_value(f.type, start, f.enum), f.type, editable=True)
        help_cell = ws.cell(row=row, column=4, value=f.help or None)
        help_cell.alignment = WRAP
        help_cell.border = BOX
        tall = f.type == "text" and f.key in ("summary", "achievements", "next_steps", "overall_reason")
        shown = (ws.cell(row=row, column=c).value for c in (1, 2, 3, 4))
        _fit_height(ws, row, list(zip(shown, (30, 30, 42, 46), strict=True)), minimum=46 if tall else 15)
        validation = _validation(f.type, f.enum, f.minimum, None, f.label)
        if validation is not None:
            validation.add(f"C{row}")
            ws.add_data_validation(validation)
    note_row = FIRST_ROW + len(fields) + 1
    ws.cell(row=note_row, column=1, value="* skal udfyldes").font = Font(italic=True)
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=1)
    _landscape(ws, f"{HEADER_ROW}:{HEADER_ROW}")
    _protect(ws)


def _write_table(ws: Worksheet, spec: SheetSpec, content: FormContent) -> None:
    _titles(ws, content, spec.title, spec.help)
    for col, f in enumerate(spec.fields, start=1):
        _header(ws, HEADER_ROW, col, f.header, f.help)
        ws.column_dimensions[get_column_letter(col)].width = f.width
    _fit_height(ws, HEADER_ROW, [(f.header, f.width) for f in spec.fields])
    rows = content.rows.get(spec.key, [])
    row = FIRST_ROW
    for record in rows:
        for col, f in enumerate(spec.fields, start=1):
            before = f.key.endswith("_before") or f.key in ("assessed_date", "reported_for")
            value = _cell_value(f.type, record.get(f.key), f.enum)
            cell = _put(ws, row, col, value, f.type, editable=f.editable(new_row=False), before=before)
            if f.decimals:
                cell.number_format = _measured_format(value)
        _fit_height(ws, row, [(ws.cell(row=row, column=c).value, f.width) for c, f in enumerate(spec.fields, 1)])
        row += 1
        for _ in range(spec.more_rows):  # more answers about the same row: its id repeated, the inputs open
            for col, f in enumerate(spec.fields, start=1):
                value = _cell_value(f.type, record.get(f.key), f.enum) if f.key in spec.id_fields else None
                cell = _put(ws, row, col, value, f.type, editable=f.editable(new_row=False))
                if f.decimals:
                    cell.number_format = _measured_format(value)
            row += 1
    first_new = row
    for _ in range(spec.new_rows):
        for col, f in enumerate(spec.fields, start=1):
            value = NEW_MARKER if f.key == spec.id_fields[0] else None
            _put(ws, row, col, value, f.type, editable=f.editable(new_row=True))
        row += 1
    if not rows and not spec.new_rows:
        ws.cell(row=FIRST_ROW, column=1, value=spec.empty_text).font = Font(italic=True)
    for col, f in enumerate(spec.fields, start=1):
        ranges = []
        if f.editable(new_row=False) and rows:
            ranges.append((FIRST_ROW, first_new - 1))
        if f.editable(new_row=True) and spec.new_rows:
            ranges.append((first_new, row - 1))
        validation = _validation(f.type, f.enum, f.minimum, f.maximum, f.header) if ranges else None
        if validation is not None:
            letter = get_column_letter(col)
            for low, high in ranges:
                validation.add(f"{letter}{low}:{letter}{high}")
            ws.add_data_validation(validation)
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=2)
    _landscape(ws, f"{HEADER_ROW}:{HEADER_ROW}")
    _protect(ws)


def _measured_format(value: object) -> str:
    """A measured value with its decimals (5,8 or 0,88), a whole one without (12.000); General while blank."""
    if value is None:
        return "General"
    return WHOLE_FORMAT if isinstance(value, int) else DECIMAL_FORMAT


GUIDE_SECTIONS = (
    (
        "Status",
        "Vælg grøn, gul eller rød for tid, økonomi og leverancer (skal udfyldes). Samlet status må stå tom: så "
        "gælder den dårligste af de tre; vælger du en anden farve, skriv hvorfor. Har projektet gevinster i "
        "gevinstregistret, vurderer du også gevinsterne (må stå tom; tæller ikke med i samlet status). Fase, "
        "forventet slutdato, forventet omkostning og dit navn er udfyldt med din sidste rapport: ret dem, hvis de "
        "har ændret sig.",
    ),
    (
        "Risici",
        "Hver åben risiko står med din sidste vurdering. Ret sandsynlighed og konsekvens (1-5), hvis vurderingen "
        "har ændret sig; ejer, strategi og afbødning kan også rettes. En lukket risiko får en dato under Lukket dato. "
        "En ny risiko skrives i en række mærket NY: titel, ejer, sandsynlighed og konsekvens skal udfyldes.",
    ),
    (
        "Milepæle",
        "Ret den forventede dato, hvis milepælen flytter sig. Er den nået, skriv datoen under Nået dato. Nye milepæle "
        "og ændrede baselinedatoer aftales med programsekretariatet.",
    ),
    (
        "Økonomi",
        "Skriv forbrug til dato i året og forventet forbrug for hele året pr. finansieringskilde i hele kroner, "
        "uden 'kr.'. Bevillingerne kan ikke rettes her.",
    ),
    (
        "Ændringsanmodninger",
        "Verserende anmodninger vises til orientering. En ny anmodning om ændret tid, økonomi eller omfang skrives "
        "i en række mærket NY; styregruppen behandler den på mødet.",
    ),
    (
        "Gevinster",
        "Projektets gevinster med baseline, mål og seneste måling, til orientering. Har I målt en gevinst siden "
        "seneste måling, skriv målingens dato og værdi i gevinstens enhed (fx 1.234,5 eller 45 %) i de gule felter; "
        "periode og bemærkning er valgfri. Datoen må ikke ligge efter mødet. Der er plads til tre nye målinger pr. "
        "gevinst. Nye gevinster og ændrede mål aftales med programsekretariatet.",
    ),
    (
        "Handlinger",
        "Opdatér status for de handlinger, projektet er ansvarlig for.",
    ),
)
CLOSED_INTRO = (  # replaces the first line of the guide's introduction in a closed project's form
    "Projektet er lukket, men styregruppen følger dets gevinster, mens de realiseres. Formularen beder derfor kun "
    "om nye målinger af gevinsterne: udfyld de gule felter (de grå kan ikke rettes), gem filen som .xlsx og send "
    "den tilbage inden fristen."
)


def _write_guide(ws: Worksheet, content: FormContent, portfolio: Portfolio) -> None:
    office = portfolio.config.programme_office or "programsekretariatet"
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    ws.cell(row=1, column=1, value=f"Statusformular – {content.project_id} {content.project_name}").font = TITLE_FONT
    facts = (
        ("Styregruppe", portfolio.config.name),
        ("Møde", f"{_weekday(content.meeting_date)} {date_da(content.meeting_date, long=True)}"),
        ("Svar senest", f"{_weekday(content.reply_by)} {date_da(content.reply_by, long=True)}"),
        ("Send til", office),
        ("Projektleder", content.project_lead or "–"),
    )
    row = 3
    for label, value in facts:
        ws.cell(row=row, column=1, value=label).font = BOLD
        cell = ws.cell(row=row, column=2, value=value)
        cell.data_type = "s"
        if label == "Svar senest":
            cell.font = Font(bold=True, color="C00000")
        row += 1
    row += 1
    ws.cell(row=row, column=1, value="Sådan gør du").font = Font(bold=True, size=12)
    row += 1
    intro = (
        "Formularen er udfyldt med det, du rapporterede til sidste møde. Udfyld eller ret de gule felter; de grå "
        "viser din sidste rapport og kan ikke rettes. Gem filen som .xlsx og send den tilbage inden fristen.",
        "Formularen hører til dette projekt og dette møde. Ark og overskrifter er låst; tilføjer du alligevel et "
        "ark eller en kolonne, bliver indholdet ikke læst. Har du brug for at ændre noget, som formularen ikke "
        "giver plads til, så skriv til programsekretariatet.",
    )
    if not content.status_fields:
        intro = (CLOSED_INTRO, *intro[1:])
    for text in intro:
        cell = ws.cell(row=row, column=1, value=text)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        cell.alignment = WRAP
        ws.row_dimensions[row].height = 32
        row += 1
    row += 1
    sheets = [STATUS_SHEET] if content.status_fields else []
    sheets += [s.name for s in sheet_specs() if s.key in content.rows]
    for name, text in GUIDE_SECTIONS:
        if name not in sheets:
            continue
        ws.cell(row=row, column=1, value=name).font = BOLD
        ws.cell(row=row, column=1).alignment = WRAP
        cell = ws.cell(row=row, column=2, value=text)
        cell.alignment = WRAP
        ws.row_dimensions[row].height = 15 * (1 + len(text) // 95)
        row += 1
    row += 1
    ws.cell(row=row, column=1, value="Farver").font = BOLD
    legend = ws.cell(row=row, column=2, value="Gul: udfyldes eller rettes af dig")
    legend.fill = INPUT_FILL
    row += 1
    legend = ws.cell(row=row, column=2, value="Grå: din sidste rapport, til orientering")
    legend.fill = BEFORE_FILL
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    _protect(ws)


def _write_meta(ws: Worksheet, content: FormContent, portfolio: Portfolio, created: str) -> None:
    record = json.dumps(content.record(), sort_keys=True, ensure_ascii=False)
    chunks = [record[i : i + RECORD_CHUNK] for i in range(0, len(record), RECORD_CHUNK)] or [""]
    items = [
        ("kind", FORM_KIND),
        ("form_version", FORM_VERSION),
        ("dap_reports", __version__),
        ("project_id", content.project_id),
        ("project_name", content.project_name),
        ("meeting_date", f"{content.meeting_date:%Y-%m-%d}"),
        ("reply_by", f"{content.reply_by:%Y-%m-%d}"),
        ("created", created),
        ("portfolio_content_sha256", portfolio.sha256),
        ("content_sha256", content.fingerprint()),
        ("record_chunks", len(chunks)),
        *((f"record_{i}", chunk) for i, chunk in enumerate(chunks, start=1)),
    ]
    for row, (key, value) in enumerate(items, start=1):
        ws.cell(row=row, column=1, value=key)
        cell = ws.cell(row=row, column=2, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
    ws.sheet_state = "veryHidden"
    _protect(ws)


__all__ = ["WrittenForm", "form_file_name", "write_form", "write_forms"]
