"""Report parameters: what a run is for, from YAML files, the workbook and the command line.

Precedence, lowest first: the workbook's ``meetings``/``agenda`` sheets < the YAML file
``parameters/meetings/<date>.yaml`` < command-line values. Everything is validated here,
before any file is written; the notebooks receive plain, already-checked values.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ..contract.config import read_yaml_mapping
from ..contract.parsing import parse_meeting_date
from ..errors import ParameterError

LANGUAGES = ("da",)
FORMATS = ("html", "pdf")
PAPER_FORMATS = ("html", "pdf", "docx")  # the agenda and the minutes also come as editable Word documents


def _check_lang(value: str) -> str:
    if value not in LANGUAGES:
        raise ValueError(f"reports are available in {', '.join(LANGUAGES)} (Danish) only, not {value!r}")
    return value


class MeetingParameters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    meeting_date: dt.date
    title: str | None = None
    unit: str | None = None  # header block: the ministry's unit
    case_number: str | None = None
    document_number: str | None = None
    location: str | None = None
    highlight_projects: list[str] | None = None  # default: the projects on the agenda
    lang: str = "da"
    public: bool = False  # person names replaced by organisation or role; files named "-offentlig"

    @field_validator("meeting_date", mode="before")
    @classmethod
    def _date(cls, value):
        try:
            return parse_meeting_date(value).date()
        except ValueError as exc:
            raise ValueError(str(exc)) from None

    @field_validator("lang")
    @classmethod
    def _lang(cls, value: str) -> str:
        return _check_lang(value)


class YearParameters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: int
    title: str | None = None
    unit: str | None = None
    case_number: str | None = None
    document_number: str | None = None
    lang: str = "da"
    public: bool = False  # person names replaced by organisation or role; files named "-offentlig"

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, value):
        text = str(value).strip()
        if not (text.isdigit() and len(text) == 4):
            raise ValueError(f"{text!r} is not a year; write four digits, e.g. 2026")
        return int(text)

    @field_validator("lang")
    @classmethod
    def _lang(cls, value: str) -> str:
        return _check_lang(value)


def find_parameter_file(kind: str, stem: str, dirs: list[Path]) -> Path | None:
    for folder in dirs:
        path = folder / kind / f"{stem}.yaml"
        if path.is_file():
            return path
    return None


def _read_yaml(path: Path) -> dict:
    return read_yaml_mapping(path, "title: ...")


def resolve_meeting_parameters(portfolio, meeting_date, dirs: list[Path], overrides: dict | None = None):
    """The checked parameters for one meeting's reports, and the YAML file used (if any)."""
    try:
        date = parse_meeting_date(meeting_date)
    except ValueError as exc:
        raise ParameterError(str(exc)) from None
    portfolio.meeting(date)  # unknown meeting -> ParameterError naming the nearest ones
    stem = date.strftime("%Y-%m-%d")
    path = find_parameter_file("meetings", stem, dirs)
    values: dict = {"meeting_date": stem}
    if path is not None:
        from_file = _read_yaml(path)
        if "meeting_date" in from_file and str(from_file["meeting_date"]) != stem:
            raise ParameterError(
                f"{path}: meeting_date {from_file['meeting_date']} does not match the file name "
                f"{stem}.yaml; correct one of them."
            )
        values.update(from_file)
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    try:
        params = MeetingParameters.model_validate(values)
    except ValidationError as exc:
        where = path or "the command line"
        lines = [f"  - {'.'.join(map(str, e['loc'])) or 'value'}: {e['msg']}" for e in exc.errors()]
        raise ParameterError(f"{where}: parameters are not valid:\n" + "\n".join(lines)) from None
    if params.highlight_projects:
        known = set(portfolio.projects["project_id"])
        unknown = [p for p in params.highlight_projects if p not in known]
        if unknown:
            raise ParameterError(
                f"{path or 'parameters'}: highlight_projects names unknown project(s) "
                f"{', '.join(unknown)}; known: {', '.join(sorted(known))}."
            )
    return params, path


def resolve_year_parameters(portfolio, year, dirs: list[Path], overrides: dict | None = None):
    """The checked parameters for a year's roll-up, and the YAML file used (if any)."""
    try:
        checked = YearParameters.model_validate({"year": year}).year
    except ValidationError as exc:
        raise ParameterError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from None
    years = sorted({d.year for d in portfolio.meeting_dates})
    if checked not in years:
        listed = ", ".join(map(str, years)) or "none"
        raise ParameterError(
            f"{checked} has no meetings in sheet 'meetings' (years with meetings: {listed}). "
            "Give one of these years, or add the year's meetings first."
        )
    path = find_parameter_file("years", str(checked), dirs)
    values: dict = {"year": checked}
    if path is not None:
        values.update(_read_yaml(path))
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    try:
        return YearParameters.model_validate(values), path
    except ValidationError as exc:
        lines = [f"  - {'.'.join(map(str, e['loc'])) or 'value'}: {e['msg']}" for e in exc.errors()]
        raise ParameterError(f"{path or 'the command line'}: parameters are not valid:\n" + "\n".join(lines)) from None


def check_formats(formats: str, allowed: tuple[str, ...] = FORMATS) -> tuple[str, ...]:
    chosen = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    bad = [f for f in chosen if f not in allowed]
    if bad or not chosen:
        extra = " (docx only for the agenda and minutes)" if "docx" in bad and allowed == FORMATS else ""
        raise ParameterError(f"unknown format {', '.join(bad) or '(none)'}; choose from {', '.join(allowed)}{extra}.")
    return chosen
