"""The portfolio as it stood at a date: every row recorded later removed, every later event undone.

A report for meeting D must show what was known at D. :func:`as_known_at` rebuilds that state
from today's data, so a test can prove that the report made from today's data and the report
made from the data as they stood at D are the same (the definition of snapshot honesty), and
``dap-reports diff`` can compare today's data about a meeting with what was issued for it.

What "recorded later" means, table by table (a row carries the date it came into being):

* ``status``, ``risk_assessments``, ``budget_history``, ``milestone_forecasts``, ``baselines``:
  rows for meetings after D are removed;
* ``risks`` raised after D and ``change_requests`` submitted after D are removed (with their
  assessments); a risk closed after D is open again, a request decided after D is pending again;
* ``indicator_values`` for a quarter ending after D are removed;
* ``exceptions`` (exception reports) for meetings after D are removed: a report goes *to* its meeting;
* a meeting's outcomes are known once it has been held, so not yet at D itself: ``actions`` raised at D
  or later are removed, and the ``decision`` recorded on the agenda of D or a later meeting is blanked
  (the papers for D are made and sent before it; what it decides is not a correction of them);
* ``benefit_measurements`` dated after D are removed;
* dates after D are blanked: a project's ``closed_date`` (and ``closure``), a milestone's
  ``actual_date``, a meeting's ``agenda_sent_date`` and ``minutes_sent_date``, an action's
  ``closed_date`` (the action is open again);
* the rest — organisations, funding sources and grants, projects, meetings planned in the
  annual wheel, agendas (less their decisions, above), milestones' baselines, dependencies, the benefits
  register, areas, indicators and their area targets — is kept.
"""

from __future__ import annotations

import pandas as pd

from .portfolio import Portfolio, as_date
from .reading import RawSheet
from .validation import validate

DATED_ROWS = {  # table -> the column saying when the row was recorded
    "status": "meeting_date",
    "risk_assessments": "meeting_date",
    "budget_history": "meeting_date",
    "milestone_forecasts": "meeting_date",
    "baselines": "meeting_date",
    "risks": "raised_date",
    "change_requests": "submitted_date",
    "exceptions": "meeting_date",
    "benefit_measurements": "measured_date",
}
# A meeting's outcomes (table -> its meeting column): rows of meetings on or after D are not known at D.
OUTCOMES = {"actions": "meeting_date"}
BLANKED_AFTER = {  # table -> date columns emptied when later than the date
    "projects": ("closed_date",),
    "milestones": ("actual_date",),
    "meetings": ("agenda_sent_date", "minutes_sent_date"),
    "risks": ("closed_date",),
    "actions": ("closed_date",),
}


def known_tables(tables: dict[str, pd.DataFrame], date) -> dict[str, pd.DataFrame]:
    """The tables as they stood at ``date`` (see module docstring); the inputs are not changed."""
    date = as_date(date)
    out = {name: frame.copy() for name, frame in tables.items()}
    for name, column in DATED_ROWS.items():
        if name in out and not out[name].empty:
            out[name] = out[name][out[name][column] <= date].reset_index(drop=True)
    for name, column in OUTCOMES.items():
        if name in out and not out[name].empty:
            out[name] = out[name][out[name][column] < date].reset_index(drop=True)
    agenda = out.get("agenda")
    if agenda is not None and not agenda.empty and "decision" in agenda:
        agenda["decision"] = agenda["decision"].where(agenda["meeting_date"] < date, None).astype(object)
    for name, columns in BLANKED_AFTER.items():
        frame = out.get(name)
        if frame is None or frame.empty:
            continue
        for column in columns:
            frame[column] = frame[column].where(~(frame[column] > date))
        if name == "projects" and "closure" in frame:
            frame["closure"] = frame["closure"].where(frame["closed_date"].notna(), None).astype(object)
    actions = out.get("actions")
    if actions is not None and not actions.empty:
        actions["status"] = actions["status"].where(actions["closed_date"].notna(), "open").astype(object)
    risks = set(out["risks"]["risk_id"])
    out["risk_assessments"] = out["risk_assessments"][out["risk_assessments"]["risk_id"].isin(risks)]
    crs = out["change_requests"]
    if not crs.empty:
        later = crs["decision_meeting_date"] > date
        crs["decision"] = crs["decision"].where(~later, "pending").astype(object)
    values = out.get("indicator_values")
    if values is not None and not values.empty:
        ends = values["period"].map(_quarter_end)
        out["indicator_values"] = values[ends <= date].reset_index(drop=True)
    status = out["status"]
    if "overall_derived" in status:  # the loaded portfolio filled blanks in; give the analyst's blanks back
        status["overall_rag"] = pd.Series(
            [
                None if derived else value
                for value, derived in zip(status["overall_rag"], status["overall_derived"], strict=True)
            ],
            index=status.index,
            dtype=object,
        )
        out["status"] = status.drop(columns=["overall_derived"])
    return out


def as_known_at(portfolio: Portfolio, date) -> Portfolio:
    """A new Portfolio holding what was known at ``date``, with its data-quality warnings worked out afresh."""
    tables = known_tables(portfolio.tables, date)
    raw = {name: _sheet(portfolio, name) for name in tables}
    problems = validate(tables, raw, portfolio.config)
    return Portfolio(
        tables=tables, config=portfolio.config, source=portfolio.source, problems=problems, sha256=portfolio.sha256
    )


def _sheet(portfolio: Portfolio, table: str) -> RawSheet:
    if portfolio.source is not None and portfolio.source.is_file():
        return RawSheet(table, portfolio.source.name, table, None)
    return RawSheet(table, f"{table}.csv", "", None)


def _quarter_end(period: str) -> pd.Timestamp:
    year, quarter = str(period).split("-Q")
    return pd.Timestamp(int(year), 3 * int(quarter), 1) + pd.offsets.MonthEnd(0)


DIFF_COLUMNS = ["table", "key", "column", "old", "new", "change"]


def diff_tables(issued: dict[str, pd.DataFrame], current: dict[str, pd.DataFrame], date) -> pd.DataFrame:
    """What ``current`` says differently from ``issued`` about meeting ``date``, cell by cell.

    Both sides are first cut to what was known at ``date`` (:func:`known_tables`), so rows recorded
    later (the next meeting's status, say) are not corrections. Rows are matched on each table's key
    (the agenda, which has none, on meeting and position). Columns: table, key (e.g. 'P06 / 2026-08-12'),
    column ('' for a whole row), old, new (text as in the workbook; '' for blank), change ('changed',
    'added' or 'removed'). Sorted by table (schema order), key and column.
    """
    from .schema import TABLES
    from .snapshot import analyst_tables, cell_text

    before = analyst_tables(known_tables(issued, date))
    after = analyst_tables(known_tables(current, date))
    rows = []
    for table in TABLES:
        old, new = _keyed(table, before[table.name]), _keyed(table, after[table.name])
        for key in sorted(set(old) | set(new)):
            if key not in new:
                rows.append((table.name, key, "", "(række)", "", "removed"))
            elif key not in old:
                rows.append((table.name, key, "", "", "(række)", "added"))
            else:
                for column in table.columns:
                    a, b = cell_text(column, old[key][column.name]), cell_text(column, new[key][column.name])
                    if a != b:
                        rows.append((table.name, key, column.name, a, b, "changed"))
    return pd.DataFrame(rows, columns=DIFF_COLUMNS)


def _keyed(table, frame: pd.DataFrame) -> dict[str, dict]:
    from .snapshot import cell_text

    records = frame.to_dict("records")
    if table.key:
        columns = [table.column(k) for k in table.key]
        return {" / ".join(cell_text(c, r[c.name]) for c in columns): r for r in records}
    seen: dict[str, int] = {}
    keyed = {}
    for r in records:  # the agenda: a meeting's items in order
        meeting = cell_text(table.column("meeting_date"), r["meeting_date"])
        seen[meeting] = seen.get(meeting, 0) + 1
        keyed[f"{meeting} / punkt {seen[meeting]}"] = r
    return keyed
