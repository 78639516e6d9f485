"""Questions several report kinds ask of a portfolio at a meeting, answered once.

Each returns a DataFrame (or a plain value) with English snake_case columns. The rules for
"what was known at meeting D" live here, so the status report, the risk report and the annual
roll-up cannot disagree about them:

* **Which status a meeting shows.** A meeting with status rows shows exactly those rows; an
  active project without one is *not reported* (grey). A meeting with no status rows at all
  (planned, or an extra meeting) shows each project's latest earlier report, marked
  ``reported_for_meeting=False``.
* **Open risks at D**: raised on or before D and not closed on or before D (closed *on* the
  meeting date means the group sees it as closed), with each risk's latest assessment on or
  before D. Score = probability × impact; colour from the configured 5×5 matrix cell.
* **Baseline at D** (the *latest approved* baseline of Statens It-råd): the projects sheet's original
  end date and budget, replaced by a re-baseline (sheet ``baselines``) decided on or before D, then moved
  by every change request approved on or before D (``time_impact_days``, ``cost_impact_dkk``). Changes
  decided at the same meeting as a re-baseline come before it: the re-baseline is that meeting's last word.
* **Money at D**: per budget line (project × source × year) the latest ``budget_history`` row on or
  before D; a line without one was not reported yet (NaN, never 0). A workbook without any
  ``budget_history`` has only today's figures (the ``budget`` sheet's), and the reports say so.
* **Milestones at D**: the forecast is the latest ``milestone_forecasts`` row on or before D (the
  baseline date before the first one); without that sheet, the milestones sheet's forecast (today's,
  blank = baseline), and the reports say so. An actual date after D is not yet reached.
* **Budget rows of a year**: funds are granted per calendar year; sources in the sheet's order.
* **A meeting's outcomes** — the decision recorded on its agenda and the follow-up actions it raises —
  exist once it has been held: a report for D (made before D) reads those of earlier meetings only;
  the minutes of D read D's own.
* **Actions at D**: the state of each follow-up action at D is its recorded status if it was closed
  on or before D, else open (closed *on* D counts as closed, as for risks). Open and past its due date
  is *overdue*; done after its due date is *closed late*.
* **Exception report at D**: a project's latest exception report (sheet ``exceptions``) for D or an
  earlier meeting: a breach that persists is still answered by the report that went up about it.
"""

from __future__ import annotations

import pandas as pd

from ...contract.config import RiskRule
from ...contract.parsing import is_blank
from ...contract.portfolio import ROW, Portfolio, as_date
from .frames import blank_text, object_column
from .memo import per_portfolio

RAG_DIMENSIONS = ("time_rag", "economy_rag", "deliverables_rag", "overall_rag")
RAG_KEYS = ("green", "yellow", "red", "not_reported")
PORTFOLIO_NAME = "Porteføljen"  # project_name of portfolio-level risks (blank project_id)
RISK_REGISTER_COLUMNS = [
    "risk_id",
    "project_id",
    "title",
    "description",
    "category",
    "owner",
    "response",
    "mitigation",
    "raised_date",
    "closed_date",
]
ASSESSED_COLUMNS = ["assessed_date", "probability", "impact", "score"]


def meeting_date(p: Portfolio, date) -> pd.Timestamp:
    """The meeting date as a Timestamp; raises ParameterError (listing the nearest meetings) if unknown."""
    date = as_date(date)
    p.meeting(date)
    return date


def project_names(p: Portfolio) -> dict[str, str]:
    return dict(zip(p.projects["project_id"], p.projects["name"], strict=True))


# ------------------------------------------------------------------ organisations at a meeting

ROLE_ORDER = ("chair", "member", "secretariat", "programme_office")


def participants(p: Portfolio, date) -> pd.DataFrame:
    """The organisations taking part in a meeting at ``date``, as they were then: chair, members, secretariat
    and programme office (invited parties come per agenda). Columns: org_id, name, role; in role order, then
    sheet order. An organisation that has ceased is not there; its successor is, from its first day."""
    orgs = p.organisations_at(date)
    orgs = orgs[orgs["role"].isin(ROLE_ORDER)].copy()
    orgs["_rank"] = orgs["role"].map(ROLE_ORDER.index)
    return orgs.sort_values("_rank", kind="stable")[["org_id", "name", "role"]].reset_index(drop=True)


# ------------------------------------------------------------------ status shown at a meeting


def reported_for_meeting(p: Portfolio, date) -> bool:
    """True when the meeting has status rows of its own; False for a planned/extra meeting without any."""
    return not p.status_at(meeting_date(p, date)).empty


def meeting_status(p: Portfolio, date) -> pd.DataFrame:
    """The status rows a report for this meeting shows, one per project (see module docstring).

    Adds ``status_date`` (the meeting the row was reported for) and ``reported_for_meeting``.
    """
    date = meeting_date(p, date)
    rows = p.status_at(date)
    if rows.empty:
        rows = p.status_as_of(date)
    rows = rows.rename(columns={"meeting_date": "status_date"})
    rows["reported_for_meeting"] = rows["status_date"] == date
    if "overall_derived" not in rows:  # Portfolio only adds it when the status sheet has rows
        rows["overall_derived"] = False
    # overall_rag is a nullable string column (NaN for "not reported"); make every RAG a plain None.
    for column in RAG_DIMENSIONS:
        rows[column] = object_column(rows[column], rows.index)
    return rows.reset_index(drop=True)


def shown_at(p: Portfolio, date) -> Portfolio:
    """The portfolio as the group was shown it at meeting ``date``: the issued snapshot of that meeting when
    one is attached (:attr:`Portfolio.shown`), else ``p`` itself. "Since the previous meeting" comparisons
    read the previous meeting through this, so they compare with what the group actually saw."""
    if date is None:
        return p
    return p.shown.get(pd.Timestamp(date), p)


def overall_by_project(p: Portfolio, date) -> dict[str, str | None]:
    """project_id -> overall RAG shown at the meeting; empty for ``None`` (no such meeting)."""
    if date is None:
        return {}
    rows = meeting_status(p, date)
    return dict(zip(rows["project_id"], rows["overall_rag"], strict=True))


def rag_counts(overall: pd.Series) -> pd.DataFrame:
    """Projects per overall RAG, index green/yellow/red/not_reported, column 'count' (zeros kept)."""
    keys = overall.map(lambda v: "not_reported" if v is None else v)
    return pd.DataFrame(
        {"count": [int((keys == k).sum()) for k in RAG_KEYS]}, index=pd.Index(RAG_KEYS, name="overall_rag")
    )


def by_track_phase(table: pd.DataFrame, phases) -> pd.DataFrame:
    """Projects per track (rows) and phase (columns in ``phases`` order, only those present), plus 'total'."""
    counts = pd.crosstab(table["track"], table["phase"])
    present = [ph for ph in phases if ph in counts.columns]
    counts = counts.reindex(columns=present, fill_value=0).astype(int)
    counts.columns.name = None
    counts["total"] = counts.sum(axis=1).astype(int)
    return counts


# ------------------------------------------------------------------ baselines, milestones and money

BASELINE_COLUMNS = [
    "original_end_date",
    "original_budget_dkk",
    "baseline_end_date",
    "baseline_budget_dkk",
    "rebaseline_days",
    "rebaseline_dkk",
    "baseline_changes",
]


def baselines_as_of(p: Portfolio, date) -> pd.DataFrame:
    """Each project's latest approved baseline at ``date`` (see module docstring), indexed by project_id.

    Columns: original_end_date, original_budget_dkk (the projects sheet), baseline_end_date,
    baseline_budget_dkk (current at ``date``), rebaseline_days and rebaseline_dkk (current minus
    original), baseline_changes (the cr_ids and re-baseline meetings applied, in order; empty tuple if none).
    """
    date = as_date(date)
    projects = p.projects.set_index("project_id")
    frame = pd.DataFrame(
        {
            "original_end_date": projects["baseline_end_date"],
            "original_budget_dkk": projects["baseline_budget_dkk"].astype(float),
        }
    )
    ends = dict(frame["original_end_date"])
    budgets = dict(frame["original_budget_dkk"])
    changes: dict[str, list[str]] = {pid: [] for pid in frame.index}
    crs = p.change_requests
    approved = crs[(crs["decision"] == "approved") & (crs["decision_meeting_date"] <= date)]
    rebaselines = p.tables["baselines"] if "baselines" in p.tables else pd.DataFrame(columns=["meeting_date"])
    rebaselines = rebaselines[rebaselines["meeting_date"] <= date]
    events = [(cr.decision_meeting_date, 0, cr.cr_id, cr) for cr in approved.itertuples()]
    events += [(b.meeting_date, 1, f"ny baseline {b.meeting_date:%d-%m-%Y}", b) for b in rebaselines.itertuples()]
    for _when, order, label, event in sorted(events, key=lambda e: (e[0], e[1], e[2])):
        pid = event.project_id
        if pid not in ends:
            continue
        if order == 1:
            ends[pid], budgets[pid] = event.baseline_end_date, float(event.baseline_budget_dkk)
        else:
            if not pd.isna(event.time_impact_days):
                ends[pid] = ends[pid] + pd.Timedelta(days=int(event.time_impact_days))
            if not pd.isna(event.cost_impact_dkk):
                budgets[pid] = budgets[pid] + float(event.cost_impact_dkk)
        changes[pid].append(label)
    frame["baseline_end_date"] = pd.Series(ends, dtype="datetime64[ns]")
    frame["baseline_budget_dkk"] = pd.Series(budgets, dtype=float)
    frame["rebaseline_days"] = (frame["baseline_end_date"] - frame["original_end_date"]).dt.days.astype("Int64")
    frame["rebaseline_dkk"] = frame["baseline_budget_dkk"] - frame["original_budget_dkk"]
    frame["baseline_changes"] = pd.Series({pid: tuple(v) for pid, v in changes.items()}, dtype=object)
    frame.index.name = "project_id"
    return frame[BASELINE_COLUMNS]


def has_milestone_history(p: Portfolio) -> bool:
    """True when the workbook records milestone forecasts per meeting (sheet milestone_forecasts)."""
    return "milestone_forecasts" in p.tables and not p.tables["milestone_forecasts"].empty


def has_budget_history(p: Portfolio) -> bool:
    """True when the workbook records spend and forecast per meeting (sheet budget_history)."""
    return "budget_history" in p.tables and not p.tables["budget_history"].empty


def milestones_as_of(p: Portfolio, date: pd.Timestamp) -> pd.DataFrame:
    """Milestones as known at ``date`` (see module docstring): the forecast then, and an actual date only
    when reached by ``date``. ``forecast_reported`` is the meeting whose forecast is shown (NaT when the
    baseline or the sheet's own forecast is shown)."""
    date = as_date(date)
    frame = p.milestones.drop(columns=[ROW]).copy()
    frame["project_name"] = frame["project_id"].map(project_names(p))
    if has_milestone_history(p):
        history = p.tables["milestone_forecasts"]
        known = history[history["meeting_date"] <= date].sort_values(["milestone_id", "meeting_date"])
        latest = known.groupby("milestone_id").tail(1).set_index("milestone_id")
        ids = frame["milestone_id"]
        frame["forecast_reported"] = pd.to_datetime(latest["meeting_date"].reindex(ids).to_numpy())
        frame["forecast_date"] = pd.to_datetime(latest["forecast_date"].reindex(ids).to_numpy())
    else:
        frame["forecast_reported"] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    frame["forecast_date"] = frame["forecast_date"].fillna(frame["baseline_date"])
    frame["actual_date"] = frame["actual_date"].where(frame["actual_date"] <= date)
    return frame


@per_portfolio
def budget_as_of(p: Portfolio, year: int, date=None) -> pd.DataFrame:
    """The year's budget lines (:func:`budget_rows`) with spent and forecast as known at ``date``
    (``None``: the latest reported, as the annual roll-up uses them).

    With ``budget_history``: each line's latest row on or before ``date``; ``reported_for`` is that
    row's meeting, and a line without one has NaN spent and forecast (not reported yet, never 0).
    Without it: the budget sheet's figures (today's), ``reported_for`` NaT.
    """
    frame = budget_rows(p, year)
    if has_budget_history(p):
        history = p.tables["budget_history"]
        known = history[history["year"] == int(year)]
        if date is not None:
            known = known[known["meeting_date"] <= as_date(date)]
        latest = known.sort_values("meeting_date").groupby(["project_id", "source_id"]).tail(1)
        latest = latest.set_index(["project_id", "source_id"])
        keys = pd.MultiIndex.from_frame(frame[["project_id", "source_id"]])
        for column in ("spent_dkk", "forecast_dkk"):
            frame[column] = latest[column].reindex(keys).to_numpy(dtype=float)
        frame["reported_for"] = latest["meeting_date"].reindex(keys).to_numpy(dtype="datetime64[ns]")
    else:
        frame["reported_for"] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    return frame


def budget_rows(p: Portfolio, year: int) -> pd.DataFrame:
    """The budget rows of a calendar year with source_name, kind, source_order (the sheet's order) and
    project_name; sorted by source, then project. Spent and forecast are the sheet's (today's): reports
    read them through :func:`budget_as_of`."""
    frame = p.budget[p.budget["year"] == int(year)].drop(columns=[ROW]).copy()
    sources = p.funding_sources.reset_index(drop=True).set_index("source_id")
    frame["source_name"] = frame["source_id"].map(sources["name"])
    frame["kind"] = frame["source_id"].map(sources["kind"])
    # Sources in the sheet's order, so every report lists them the same way.
    frame["source_order"] = frame["source_id"].map({s: k for k, s in enumerate(sources.index)})
    frame["project_name"] = frame["project_id"].map(project_names(p))
    return frame.sort_values(["source_order", "project_id"])


# ------------------------------------------------------------------ risks


def is_open(risks: pd.DataFrame, date: pd.Timestamp) -> pd.Series:
    """Raised on or before ``date`` and not closed on or before it."""
    return (risks["raised_date"] <= date) & (risks["closed_date"].isna() | (risks["closed_date"] > date))


@per_portfolio
def assessed_as_of(p: Portfolio, date: pd.Timestamp | None) -> pd.DataFrame:
    """Each risk's latest assessment on or before ``date``, indexed by risk_id (empty for None).

    Columns: assessed_date, probability, impact (Int64), score."""
    assessments = p.risk_assessments
    assessments = assessments[assessments["meeting_date"] <= date] if date is not None else assessments.iloc[0:0]
    latest = assessments.sort_values(["risk_id", "meeting_date"]).groupby("risk_id").tail(1)
    latest = latest.set_index("risk_id").rename(columns={"meeting_date": "assessed_date"})
    latest["probability"] = latest["probability"].astype("Int64")
    latest["impact"] = latest["impact"].astype("Int64")
    latest["score"] = latest["probability"] * latest["impact"]
    return latest[ASSESSED_COLUMNS]


def risk_colours(probability: pd.Series, impact: pd.Series, rule: RiskRule) -> pd.Series:
    """Matrix colour per row; None where the risk has not been assessed."""
    cells = {(pr, im): rule.colour(pr, im) for pr in range(1, 6) for im in range(1, 6)}
    keys = zip(probability.astype(object), impact.astype(object), strict=True)
    return pd.Series([cells.get((pr, im)) for pr, im in keys], index=probability.index, dtype=object)


def with_project_names(p: Portfolio, risks: pd.DataFrame) -> pd.DataFrame:
    """Normalise blank project ids to None and add project_name ('Porteføljen' for those)."""
    risks = risks.copy()
    risks["project_id"] = risks["project_id"].where(~blank_text(risks["project_id"]), None).astype(object)
    names = p.projects.set_index("project_id")["name"]
    named = risks["project_id"].map(names).fillna(risks["project_id"])  # unknown id: show the id
    risks.insert(2, "project_name", named.where(risks["project_id"].notna(), PORTFOLIO_NAME))
    return risks


@per_portfolio
def open_risks_as_of(p: Portfolio, date) -> pd.DataFrame:
    """Risks open at ``date`` with their assessment as of ``date`` and its matrix colour, in register order.

    Columns: the register's (risk_id, project_id, project_name, title, …, closed_date), then
    assessed_date, probability, impact, score (NA when never assessed by then) and colour (None then).
    """
    date = as_date(date)
    risks = p.risks
    rows = with_project_names(p, risks.loc[is_open(risks, date), RISK_REGISTER_COLUMNS])
    rows = rows.join(assessed_as_of(p, date), on="risk_id")
    rows["colour"] = risk_colours(rows["probability"], rows["impact"], p.config.rules.risk)
    return rows


def sort_by_score(rows: pd.DataFrame) -> pd.DataFrame:
    """Highest score first, never-assessed last, then risk_id."""
    return rows.sort_values(["score", "risk_id"], ascending=[False, True], na_position="last").reset_index(drop=True)


# ------------------------------------------------------------------ papers: decisions, actions, exception reports

ACTION_COLUMNS = [
    "action_id",
    "meeting_date",
    "project_id",
    "project_name",
    "text",
    "owner_org",
    "owner_org_name",
    "owner_person",
    "owner",
    "due_date",
    "state",
    "closed_date",
    "note",
    "overdue",
    "closed_late",
]
DECISION_LOG_COLUMNS = ["meeting_date", "number", "item", "title", "project_id", "project_name", "decision"]
EXCEPTION_REPORT_COLUMNS = ["report_date", "cause", "consequences", "options", "recommendation"]


def agenda_numbers(p: Portfolio) -> pd.Series:
    """Each agenda row's item number on its meeting's agenda (1, 2, … in sheet order), aligned with ``p.agenda``."""
    return p.agenda.groupby("meeting_date").cumcount() + 1


def decisions_between(p: Portfolio, start, end, *, all_items: bool = False) -> pd.DataFrame:
    """Decisions recorded on the agendas of meetings ``start <= meeting_date < end`` (``start`` None: from the
    first meeting), by meeting and item number: the decision items' (kind 'decision'), or with ``all_items``
    every item's recorded outcome (orientations taken note of too). Columns: DECISION_LOG_COLUMNS
    (project_id/project_name None for a portfolio-level item)."""
    agenda = p.agenda.assign(number=agenda_numbers(p))
    end = as_date(end)
    keep = agenda["decision"].notna() & ~blank_text(agenda["decision"]) & (agenda["meeting_date"] < end)
    if not all_items:
        keep &= agenda["item"] == "decision"
    if start is not None:
        keep &= agenda["meeting_date"] >= as_date(start)
    rows = agenda[keep].copy()
    rows["project_id"] = object_column(rows["project_id"], rows.index)
    rows["project_name"] = object_column(rows["project_id"].map(project_names(p)), rows.index)
    rows["number"] = rows["number"].astype(int)
    return rows.sort_values(["meeting_date", "number"])[DECISION_LOG_COLUMNS].reset_index(drop=True)


def owner_text(org_name, person) -> str | None:
    """'MedCom (projektleder)', 'MedCom', 'projektleder' or None when neither is given."""
    org = None if is_blank(org_name) else str(org_name)
    who = None if is_blank(person) else str(person)
    if org and who:
        return f"{org} ({who})"
    return org or who


def actions_as_of(p: Portfolio, date, *, raised_at_meeting: bool = False) -> pd.DataFrame:
    """Every follow-up action raised before ``date`` (with ``raised_at_meeting``, at it too: the minutes'
    view after the meeting) with its state at ``date`` (see module docstring).

    Columns: ACTION_COLUMNS. ``state`` is 'open', 'done' or 'cancelled'; ``closed_date`` is NaT unless closed
    by ``date``; ``owner`` is the organisation's name and the person (:func:`owner_text`), None when neither
    is given; ``overdue``: open with a due date before ``date``; ``closed_late``: done after its due date.
    Sorted by due date (none last), then action_id.
    """
    date = as_date(date)
    actions = p.actions
    raised = actions["meeting_date"] <= date if raised_at_meeting else actions["meeting_date"] < date
    rows = actions[raised].drop(columns=[ROW]).copy()
    closed = rows["closed_date"].notna() & (rows["closed_date"] <= date)
    rows["closed_date"] = rows["closed_date"].where(closed)
    rows["state"] = object_column(rows["status"].where(closed, "open"), rows.index)
    rows["project_id"] = object_column(rows["project_id"], rows.index)
    rows["project_name"] = object_column(rows["project_id"].map(project_names(p)), rows.index)
    org_names = dict(zip(p.organisations["org_id"], p.organisations["name"], strict=True))
    rows["owner_org"] = object_column(rows["owner_org"], rows.index)
    rows["owner_org_name"] = object_column(rows["owner_org"].map(org_names), rows.index)
    rows["owner_person"] = object_column(rows["owner_person"], rows.index)
    rows["owner"] = object_column(
        [owner_text(o, w) for o, w in zip(rows["owner_org_name"], rows["owner_person"], strict=True)], rows.index
    )
    rows["note"] = object_column(rows["note"], rows.index)
    rows["overdue"] = ((rows["state"] == "open") & (rows["due_date"] < date)).astype(bool)
    rows["closed_late"] = ((rows["state"] == "done") & (rows["closed_date"] > rows["due_date"])).astype(bool)
    rows = rows.sort_values(["due_date", "action_id"], na_position="last")
    return rows[ACTION_COLUMNS].reset_index(drop=True)


def exception_reports_as_of(p: Portfolio, date) -> pd.DataFrame:
    """Each project's latest exception report for ``date`` or an earlier meeting, indexed by project_id.

    Columns: EXCEPTION_REPORT_COLUMNS (report_date = the meeting it went to; text columns None when blank)."""
    reports = p.exceptions
    reports = reports[reports["meeting_date"] <= as_date(date)].sort_values(["project_id", "meeting_date"])
    latest = (
        reports.groupby("project_id").tail(1).set_index("project_id").rename(columns={"meeting_date": "report_date"})
    )
    for column in EXCEPTION_REPORT_COLUMNS[1:]:
        latest[column] = object_column(
            [None if is_blank(v) or not str(v).strip() else str(v) for v in latest[column]], latest.index
        )
    return latest[EXCEPTION_REPORT_COLUMNS]
