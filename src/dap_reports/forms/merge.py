"""``dap-reports collect``: which returned forms count, and their answers merged into a *new* workbook.

The round's rules (also in ``docs/forms.md``):

* a form counts when it has no errors, is for the round's meeting, names an active project, edits only
  that project's rows, and the portfolio still holds what the form was pre-filled with (else it is from
  an older round: the lead answered something that has changed since);
* the portfolio must not already hold the project's status for the meeting: answers become new rows dated
  the meeting and never overwrite a meeting's history;
* two forms for one project: the same answers count once; a form from an older round (made earlier) gives
  way to the newer one; two different answers from the same round are both refused.

A closed project's form (its benefits still followed) reports benefit measurements only: it has no status
for the meeting to already hold. New measurements are matched with the portfolio one by one
(:mod:`.measurements`).

The merge appends rows dated the meeting (``status``, ``risk_assessments``, ``milestone_forecasts``,
``budget_history``), new ``risks``, ``change_requests`` and ``benefit_measurements``, and updates the register
fields a form may change (a risk's owner, response, mitigation and closed date; a milestone's actual date; today's
figures in ``budget`` and ``milestones`` where the sheet keeps them). The portfolio and the forms are
only read; the new workbook is written through a temporary file, and only when it validates.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ..contract import schema
from ..contract.loading import check_portfolio, read_tables
from ..contract.locate import locate, resolve_data_path
from ..contract.portfolio import Portfolio, as_date
from ..contract.reading import ROW
from ..contract.validation import validate
from ..errors import ERROR, WARNING, DapReportsError, Problem
from . import summary as S
from .content import asked_status_fields, form_content, form_project_ids, record_differences, text_of
from .layout import BENEFITS, status_field
from .measurements import check_measurements, new_measurements
from .read import FormAnswers, read_form

ACCEPTED, REFUSED, IGNORED = "accepted", "refused", "ignored"
RAG_LABELS = (
    ("time_rag", "tid"),
    ("economy_rag", "økonomi"),
    ("deliverables_rag", "leverancer"),
    ("benefits_rag", "gevinster"),
)


@dataclass
class Verdict:
    answers: FormAnswers
    status: str = ACCEPTED
    reason: str = ""

    @property
    def file(self) -> str:
        return self.answers.file

    @property
    def project_id(self) -> str | None:
        return self.answers.project_id


@dataclass
class Operations:
    """What the merge does to the portfolio's tables: rows appended, cells updated (by spreadsheet row)."""

    appends: dict[str, list[dict]] = field(default_factory=dict)
    updates: list[tuple[str, int, str, object]] = field(default_factory=list)  # table, _row, column, value

    def append(self, table: str, row: dict) -> None:
        self.appends.setdefault(table, []).append(row)

    def update(self, table: str, row: int, column: str, value: object) -> None:
        self.updates.append((table, int(row), column, value))


@dataclass
class CollectResult:
    meeting: pd.Timestamp
    verdicts: list[Verdict]
    changes: list[S.Change]
    not_answered: list[tuple[str, str]]  # (project_id, name) of the projects asked without an accepted form
    written: Path | None
    merged_problems: list[Problem]  # the new workbook's validation (warnings; errors stop the write)

    @property
    def problems(self) -> list[Problem]:
        return [p for v in self.verdicts for p in v.answers.problems]

    @property
    def refused(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.status == REFUSED]

    @property
    def accepted(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.status == ACCEPTED]


def form_files(paths: list[Path]) -> list[Path]:
    """The forms named: files, and the ``.xlsx`` files in folders (Excel's ``~$`` lock files left out)."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found += sorted(p for p in path.glob("*.xlsx") if not p.name.startswith(("~$", ".")))
        elif path.is_file():
            found.append(path)
        else:
            raise DapReportsError(f"{path}: no such file or folder. Give the returned forms (.xlsx) or their folder.")
    unique = list(dict.fromkeys(p.resolve() for p in found))
    if not unique:
        raise DapReportsError("no forms to collect: the folders given hold no .xlsx files.")
    return unique


def collect(
    forms: list[Path],
    out: Path,
    data: Path | None = None,
    meeting=None,
    today=None,
) -> CollectResult:
    """Read, check and merge the returned forms into a new workbook at ``out`` (see module docstring).

    Raises :class:`DapReportsError` for usage errors (no forms, ``out`` is an input, the portfolio has
    errors, an unknown meeting); problems in forms are reported in the result, never raised.
    """
    files = form_files(forms)
    where = resolve_data_path(data)
    kind, source = locate(where)
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise DapReportsError(f"{out}: the merged workbook must be an .xlsx file, e.g. --out portfolio-ny.xlsx.")
    inputs = {p.resolve() for p in files}
    inputs |= {source.resolve()} if kind == "xlsx" else {p.resolve() for p in source.glob("*")}
    if out.resolve() in inputs:
        raise DapReportsError(
            f"{out} is one of the inputs; collect never writes to the portfolio or the forms. Choose a new file name."
        )
    portfolio, problems = check_portfolio(where)
    if portfolio is None:
        errors = [p for p in problems if p.severity == ERROR]
        raise DapReportsError(
            f"{source}: the portfolio has {len(errors)} error(s) (first: {errors[0]}). "
            "Run `dap-reports validate` and fix them before collecting forms."
        )
    answers = [read_form(path) for path in files]
    round_meeting = _round_meeting(portfolio, answers, meeting)
    today = pd.Timestamp.today().normalize() if today is None else as_date(today)
    verdicts = [Verdict(a) for a in answers]
    for verdict in verdicts:
        _check_against_portfolio(verdict.answers, portfolio, round_meeting)
        if verdict.answers.errors:
            verdict.status, verdict.reason = REFUSED, _reason(verdict.answers)
    _decide_duplicates(verdicts)
    accepted = sorted((v for v in verdicts if v.status == ACCEPTED), key=lambda v: v.project_id or "")
    ops, changes = Operations(), []
    ids = _IdMaker(portfolio)
    for verdict in accepted:
        changes += _merge_form(verdict.answers, portfolio, round_meeting, min(today, round_meeting), ops, ids)
    answered = {v.project_id for v in accepted}
    names = dict(zip(portfolio.projects["project_id"], portfolio.projects["name"], strict=True))
    not_answered = [(pid, names[pid]) for pid in form_project_ids(portfolio, round_meeting) if pid not in answered]
    written: Path | None = None
    merged_problems: list[Problem] = []
    if accepted:
        written, merged_problems = _write(portfolio, kind, source, ops, out)
    return CollectResult(
        round_meeting, verdicts, sorted(changes, key=lambda c: c.order), not_answered, written, merged_problems
    )


def _reason(answers: FormAnswers) -> str:
    errors = answers.errors
    first = errors[0]
    where = f" ({first.sheet}, row {first.row})" if first.sheet and first.row else ""
    more = f" and {len(errors) - 1} more" if len(errors) > 1 else ""
    return f"{first.message}{where}{more}"


def _round_meeting(portfolio: Portfolio, answers: list[FormAnswers], meeting) -> pd.Timestamp:
    if meeting is not None:
        date = as_date(meeting)
    else:
        dates = [a.meta.meeting_date for a in answers if a.meta is not None]
        if not dates:
            raise DapReportsError(
                "none of the files is a readable status form, so the meeting is unknown; give --meeting DATE."
            )
        date = max(dates)  # the newest round; forms for earlier meetings are refused
    portfolio.meeting(date)  # ParameterError naming the nearest meetings
    return date


def _problem(answers: FormAnswers, message: str, fix: str, code: str, sheet="", row=None, column=None, value=None):
    answers.problems.append(
        Problem(ERROR, answers.file, sheet, row, column, value, message, fix, code, project_id=answers.project_id)
    )


OWNER_TABLE = {"risks": ("risks", "risk_id"), "milestones": ("milestones", "milestone_id")}
OWNER_TABLE["change_requests"] = ("change_requests", "cr_id")
OWNER_TABLE[BENEFITS.key] = ("benefits", "benefit_id")


def _check_against_portfolio(answers: FormAnswers, p: Portfolio, meeting: pd.Timestamp) -> None:
    """The checks that need the portfolio: meeting, project, other projects' rows, changes since the form."""
    meta = answers.meta
    if meta is None:
        return
    pid = meta.project_id
    if meta.meeting_date != meeting:
        _problem(
            answers,
            f"the form is for the meeting {meta.meeting_date:%Y-%m-%d}, but this round collects {meeting:%Y-%m-%d}",
            f"send the lead the form for {meeting:%Y-%m-%d}, or collect that round separately with --meeting",
            "other_meeting",
        )
        return
    if pid not in set(p.projects["project_id"]):
        _problem(answers, f"the project {pid} is not in the portfolio", "check the project's id", "unknown_project")
        return
    if pid not in form_project_ids(p, meeting):
        _problem(
            answers,
            f"{pid} is neither active at {meeting:%Y-%m-%d} nor closed with benefits still followed",
            "leave this form out",
            "inactive_project",
        )
        return
    for row in answers.foreign:
        owner = _owner(p, row.section, row.key)
        if owner is not None and owner != pid:
            _problem(
                answers,
                f"the form edits another project's row: {row.key} belongs to {owner}, the form is for {pid}",
                f"each project answers only for its own rows; send {row.key} in {owner}'s form",
                "other_project",
                row.sheet,
                row.row,
                row.column,
                row.key,
            )
        else:
            what = "it is not in the portfolio" if owner is None else "it was not in the form as sent"
            _problem(
                answers,
                f"{row.key} was not in the form: {what}",
                "use the rows as sent; new risks and change requests go in the rows marked NY",
                "unknown_row",
                row.sheet,
                row.row,
                row.column,
                row.key,
            )
    check_measurements(answers, p)
    status = p.status
    present = status[(status["project_id"] == pid) & (status["meeting_date"] == meeting)]
    if asked_status_fields(meta.record) and not present.empty:
        _problem(
            answers,
            f"the portfolio already holds {pid}'s status for {meeting:%Y-%m-%d} (sheet status, row "
            f"{int(present[ROW].iloc[0])}); the form would overwrite that meeting's history",
            "delete that row in the portfolio if the form is to replace it, or leave the form out",
            "already_reported",
        )
        return
    current = form_content(p, pid, meeting).record()
    differences = record_differences(meta.record, current)
    if differences:
        shown = "; ".join(differences[:3]) + (f" … ({len(differences)} in all)" if len(differences) > 3 else "")
        _problem(
            answers,
            f"the form is from an older round: the portfolio has changed since it was made ({meta.created}): {shown}",
            f"make a new form for {pid} (dap-reports forms {meeting:%Y-%m-%d} --project {pid} --force) and send it",
            "stale_form",
        )
        return
    risks = p.risks.set_index("risk_id")
    for r in answers.sections.get("risks", []):
        closed = r.values.get("closed_date")
        if r.key and isinstance(closed, pd.Timestamp) and r.key in risks.index:
            raised = risks.loc[r.key, "raised_date"]
            if closed < raised:
                _problem(
                    answers,
                    f"closed before it was raised ({raised:%Y-%m-%d})",
                    "correct the date",
                    "date_order",
                    r.sheet,
                    r.row,
                    "Lukket dato",
                    f"{closed:%Y-%m-%d}",
                )


def _owner(p: Portfolio, section: str, key: str) -> str | None:
    if section not in OWNER_TABLE:
        return None
    table, column = OWNER_TABLE[section]
    frame = p.tables[table]
    found = frame[frame[column] == key]
    return None if found.empty else str(found["project_id"].iloc[0])


def _decide_duplicates(verdicts: list[Verdict]) -> None:
    """Two or more forms for one project (see module docstring)."""
    by_project: dict[str, list[Verdict]] = {}
    for v in verdicts:
        if v.project_id is not None:
            by_project.setdefault(v.project_id, []).append(v)
    for pid, group in by_project.items():
        if len(group) < 2:
            continue
        files = ", ".join(v.file for v in group)
        for v in group:
            if v.status == REFUSED:
                v.reason += f" (another form for {pid} was also given: {files})"
        candidates = [v for v in group if v.status == ACCEPTED]
        if len(candidates) < 2:
            continue
        newest = max((_created(v) for v in candidates), key=lambda c: c[0])
        for v in candidates:
            meta = v.answers.meta
            if meta and _created(v)[0] < newest[0]:
                v.status = REFUSED
                v.reason = f"from an older round (made {meta.created}) than another form for {pid} (made {newest[1]})"
                _note(v, v.reason, "answer in the newest form; the older one is left out", "older_round", ERROR)
        current = [v for v in candidates if v.status == ACCEPTED]
        digests = {v.answers.answers_digest() for v in current}
        if len(digests) == 1:
            keep, *rest = sorted(current, key=lambda v: v.file)
            for v in rest:
                v.status = IGNORED
                v.reason = f"the same answers as {keep.file}; counted once"
                _note(v, v.reason, "nothing to do", "duplicate_form", WARNING)
        elif len(current) > 1:
            names = ", ".join(v.file for v in current)
            for v in current:
                v.status = REFUSED
                v.reason = f"two different answers for {pid} from the same round ({names})"
                _note(v, v.reason, "keep the right one and collect again without the other", "two_answers", ERROR)


def _created(v: Verdict) -> tuple[dt.datetime, str]:
    """When the form's round was made (comparable across time zones), and as written in the form."""
    text = v.answers.meta.created if v.answers.meta else ""
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        when = dt.datetime.min
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when, text


def _note(v: Verdict, message: str, fix: str, code: str, severity: str) -> None:
    v.answers.problems.append(
        Problem(severity, v.file, "", None, None, None, message, fix, code, project_id=v.project_id)
    )


# --------------------------------------------------------------------------------------
# Merging one form
# --------------------------------------------------------------------------------------


class _IdMaker:
    """New ids that follow the register's own pattern: R25 after R24, CR12 after CR11."""

    def __init__(self, p: Portfolio):
        self.taken = {
            "risks": set(p.risks["risk_id"]),
            "change_requests": set(p.change_requests["cr_id"]),
        }

    def next(self, table: str, default_prefix: str) -> str:
        taken = self.taken[table]
        pattern = re.compile(r"^(.*?)(\d+)$")
        prefixes: dict[str, list[tuple[int, int]]] = {}
        for key in taken:
            match = pattern.match(str(key))
            if match:
                prefixes.setdefault(match.group(1), []).append((int(match.group(2)), len(match.group(2))))
        if prefixes:
            prefix = max(prefixes, key=lambda k: (len(prefixes[k]), k))
            number = max(n for n, _ in prefixes[prefix]) + 1
            width = max(w for _, w in prefixes[prefix])
        else:
            prefix, number, width = default_prefix, 1, 2
        new = f"{prefix}{number:0{width}d}"
        while new in taken:
            number += 1
            new = f"{prefix}{number:0{width}d}"
        taken.add(new)
        return new


def _row_of(p: Portfolio, table: str, column: str, key) -> int:
    frame = p.tables[table]
    return int(frame.loc[frame[column] == key, ROW].iloc[0])


def _has_rows(p: Portfolio, table: str) -> bool:
    return table in p.tables and not p.tables[table].empty


def _merge_form(
    answers: FormAnswers, p: Portfolio, meeting: pd.Timestamp, entered: pd.Timestamp, ops: Operations, ids: _IdMaker
) -> list[S.Change]:
    meta = answers.meta
    assert meta is not None
    pid, record, file = meta.project_id, meta.record, answers.file
    changes: list[S.Change] = []

    def change(kind, key, before, after):
        changes.append(S.Change(pid, kind, key, before, after, file))

    # status: one new row dated the meeting (a closed project's form has no status part)
    asked = asked_status_fields(record)
    if asked:
        # a blank benefits RAG is left out, so a status sheet without the optional column does not get an empty one
        status = {k: v for k, v in answers.status.items() if v is not None or not status_field(k).needs_benefits}
        ops.append("status", {"project_id": pid, "meeting_date": meeting, **status})
        previous = record.get("status_previous", {})
        dimensions = [
            (key, label)
            for key, label in RAG_LABELS
            if key in asked and (key != "benefits_rag" or status.get(key) or previous.get(key))
        ]
        parts = [f"{label} {S.show(status.get(key), 'rag')}" for key, label in dimensions]
        before = ", ".join(f"{label} {S.show(previous.get(key) or None, 'rag')}" for key, label in dimensions)
        change(S.STATUS, f"{meeting:%Y-%m-%d}", before if previous else "(none)", ", ".join(parts))

    # risks
    recorded = record["sections"].get("risks", {})
    for r in answers.sections.get("risks", []):
        v = r.values
        if r.new:
            risk_id = ids.next("risks", "R")
            ops.append(
                "risks",
                {
                    "risk_id": risk_id,
                    "project_id": pid,
                    "title": v.get("title"),
                    "description": v.get("description"),
                    "category": v.get("category"),
                    "owner": v.get("owner"),
                    "response": v.get("response"),
                    "mitigation": v.get("mitigation"),
                    "raised_date": entered,
                    "closed_date": None,
                },
            )
            ops.append(
                "risk_assessments",
                {"risk_id": risk_id, "meeting_date": meeting, "probability": v["probability"], "impact": v["impact"]},
            )
            change(S.NEW_RISK, risk_id, "", f"{v.get('title')} ({v['probability']}×{v['impact']})")
            continue
        before_row = recorded[r.key]
        row = _row_of(p, "risks", "risk_id", r.key)
        for column in ("owner", "response", "mitigation"):
            new_text = text_of("enum" if column == "response" else "text", v.get(column))
            if new_text != before_row.get(column, ""):
                ops.update("risks", row, column, v.get(column))
                change(
                    S.RISK_UPDATED,
                    f"{r.key} {column}",
                    S.show(before_row.get(column) or None, "response" if column == "response" else ""),
                    S.show(v.get(column), "response" if column == "response" else ""),
                )
        closed = v.get("closed_date")
        if closed is not None:
            ops.update("risks", row, "closed_date", closed)
            change(S.CLOSED, r.key, "open", f"closed {closed:%Y-%m-%d}")
            continue
        if v.get("probability") is not None and v.get("impact") is not None:
            ops.append(
                "risk_assessments",
                {"risk_id": r.key, "meeting_date": meeting, "probability": v["probability"], "impact": v["impact"]},
            )
            old = f"{before_row.get('probability_before') or '–'}×{before_row.get('impact_before') or '–'}"
            new = f"{v['probability']}×{v['impact']}"
            change(S.RESCORED if old != new else S.CONFIRMED, r.key, old, new)

    # milestones
    history = _has_rows(p, "milestone_forecasts")
    recorded = record["sections"].get("milestones", {})
    milestones = p.milestones.set_index("milestone_id")
    for r in answers.sections.get("milestones", []):
        v = r.values
        row = _row_of(p, "milestones", "milestone_id", r.key)
        actual, forecast = v.get("actual_date"), v.get("forecast_date")
        reported = actual if actual is not None else forecast
        if actual is not None:
            ops.update("milestones", row, "actual_date", actual)
            change(
                S.REACHED, r.key, S.show(recorded[r.key].get("forecast_before") or None), f"reached {actual:%Y-%m-%d}"
            )
        if reported is None:
            continue
        sheet_forecast = milestones.loc[r.key, "forecast_date"]
        if history:
            ops.append(
                "milestone_forecasts", {"milestone_id": r.key, "meeting_date": meeting, "forecast_date": reported}
            )
            if not pd.isna(sheet_forecast):  # keep today's cell equal to the latest reported forecast
                ops.update("milestones", row, "forecast_date", reported)
        else:
            ops.update("milestones", row, "forecast_date", reported)
        if actual is None:
            old = recorded[r.key].get("forecast_before", "")
            change(
                S.MOVED if old != text_of("date", forecast) else S.KEPT, r.key, S.show(old or None), S.show(forecast)
            )

    # budget lines
    history = _has_rows(p, "budget_history")
    recorded = record["sections"].get("budget", {})
    budget = p.budget
    for r in answers.sections.get("budget", []):
        v = r.values
        if v.get("spent_dkk") is None or v.get("forecast_dkk") is None:
            continue
        line = recorded[r.key]
        source, year = line["source_id"], int(line["year"])
        found = budget[(budget["project_id"] == pid) & (budget["source_id"] == source) & (budget["year"] == year)]
        row = int(found[ROW].iloc[0])
        if history:
            ops.append(
                "budget_history",
                {
                    "project_id": pid,
                    "source_id": source,
                    "year": year,
                    "meeting_date": meeting,
                    "spent_dkk": v["spent_dkk"],
                    "forecast_dkk": v["forecast_dkk"],
                },
            )
        for column in ("spent_dkk", "forecast_dkk"):
            if not history or not pd.isna(found[column].iloc[0]):
                ops.update("budget", row, column, v[column])
        old = f"{S.show(_num(line.get('spent_before')))} / {S.show(_num(line.get('forecast_before')))}"
        new = f"{S.show(_num(v['spent_dkk']))} / {S.show(_num(v['forecast_dkk']))}"
        change(S.MONEY if old != new else S.MONEY_KEPT, f"{source} {year}", old, new)

    # new change requests
    for r in answers.sections.get("change_requests", []):
        if not r.new:
            continue
        v = r.values
        cr_id = ids.next("change_requests", "CR")
        ops.append(
            "change_requests",
            {
                "cr_id": cr_id,
                "project_id": pid,
                "submitted_date": entered,
                "description": v.get("description"),
                "time_impact_days": v.get("time_impact_days"),
                "cost_impact_dkk": v.get("cost_impact_dkk"),
                "scope_impact": v.get("scope_impact"),
                "decision": "pending",
                "decision_meeting_date": meeting,
            },
        )
        impact = [
            f"{v['time_impact_days']:+d} days" if v.get("time_impact_days") is not None else "",
            f"{_num(v['cost_impact_dkk']) or 0:+,.0f} DKK" if v.get("cost_impact_dkk") is not None else "",
        ]
        change(S.NEW_CR, cr_id, "", f"{v.get('description')} ({', '.join(i for i in impact if i) or 'scope'})")

    # new benefit measurements (those the portfolio does not hold yet)
    latest = record["sections"].get(BENEFITS.key, {})
    for r, measurement in new_measurements(answers, p):
        ops.append("benefit_measurements", measurement)
        shown = latest.get(r.key, {})
        before = (
            f"{S.show(_num(shown.get('value_before')), 'measure')} ({shown['measured_before']})"
            if shown.get("measured_before")
            else "(none)"
        )
        when, value = measurement["measured_date"], measurement["value"]
        change(S.MEASURED, f"{r.key} {when:%Y-%m-%d}", before, S.show(value, "measure"))

    # actions (only when the data model has them)
    recorded = record["sections"].get("actions", {})
    if "actions" in schema.TABLES_BY_NAME and "actions" in p.tables:
        table = schema.TABLES_BY_NAME["actions"]
        key_column = table.key[0] if table.key else table.columns[0].name
        for r in answers.sections.get("actions", []):
            row = _row_of(p, "actions", key_column, r.key)
            for column, value in r.values.items():
                type_ = table.column(column).type
                if text_of(type_, value) != recorded[r.key].get(column, ""):
                    ops.update("actions", row, column, value)
                    change(S.ACTION, f"{r.key} {column}", recorded[r.key].get(column) or "(blank)", S.show(value))
    return changes


def _num(value: object) -> float | None:
    """A number from the record's text ("2740000") or a typed answer; None for blank."""
    if value is None or value == "":
        return None
    return float(value) if isinstance(value, (int, float, str)) else None


# --------------------------------------------------------------------------------------
# Writing the new workbook
# --------------------------------------------------------------------------------------


def _write(p: Portfolio, kind: str, source: Path, ops: Operations, out: Path) -> tuple[Path | None, list[Problem]]:
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_name(f".{out.stem}.tmp.xlsx")
    try:
        if kind == "xlsx":
            _write_xlsx(p, source, ops, temp)
        else:
            _write_frames(p, ops, temp)
        tables, problems, raw, _ = read_tables(temp)
        problems = problems + validate(tables, raw, p.config)
        problems = [replace(x, file=out.name) for x in problems]
        if any(x.severity == ERROR for x in problems):
            return None, problems
        os.replace(temp, out)
        return out, problems
    finally:
        if temp.exists():
            temp.unlink()


def _write_xlsx(p: Portfolio, source: Path, ops: Operations, target: Path) -> None:
    """A copy of the portfolio workbook (its own sheets, formats and extra columns kept) with the changes."""
    from openpyxl import load_workbook

    from ..tools.workbook import write_cell, write_header

    book = load_workbook(source)
    names = {name.strip().lower(): name for name in book.sheetnames}

    def sheet(table: str):
        if table not in names:
            ws = book.create_sheet(table)
            for index, column in enumerate(schema.table(table).columns, start=1):
                write_header(ws, index, column)
            names[table] = table
        return book[names[table]]

    def column_index(ws, table: str, name: str) -> int:
        for cell in ws[1]:
            if cell.value is not None and str(cell.value).strip() == name:
                return cell.column
        index = ws.max_column + 1
        write_header(ws, index, schema.table(table).column(name))
        return index

    for table, row, name, value in ops.updates:
        ws = sheet(table)
        write_cell(ws, row, column_index(ws, table, name), value, schema.table(table).column(name))
    for table, rows in ops.appends.items():
        ws = sheet(table)
        frame = p.tables.get(table)
        next_row = (int(frame[ROW].max()) if frame is not None and not frame.empty else 1) + 1
        definition = schema.table(table)
        for record in rows:
            for name, value in record.items():
                write_cell(ws, next_row, column_index(ws, table, name), value, definition.column(name))
            next_row += 1
    book.save(target)


def _write_frames(p: Portfolio, ops: Operations, target: Path) -> None:
    """For a CSV portfolio: the tables as read, changed, written as a new workbook."""
    from ..tools.workbook import write_workbook

    tables, _, _, _ = read_tables(p.source)
    for table, row, name, value in ops.updates:
        frame = tables[table]
        if name not in frame:
            frame[name] = None
        hit = (frame[ROW] == row).tolist()
        values = [value if h else old for old, h in zip(frame[name].astype(object), hit, strict=True)]
        frame[name] = pd.Series(values, index=frame.index, dtype=object)
    for table, rows in ops.appends.items():
        tables[table] = pd.concat([tables[table].astype(object), pd.DataFrame(rows)], ignore_index=True)
    write_workbook({name: frame.drop(columns=[ROW], errors="ignore") for name, frame in tables.items()}, target)


__all__ = ["ACCEPTED", "IGNORED", "REFUSED", "CollectResult", "Verdict", "collect", "form_files"]
