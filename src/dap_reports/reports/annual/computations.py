"""The computations behind the annual roll-up (*årsrapport*) to the National Board for Digitalisation
and Data (*National bestyrelse for digitalisering og data*), for calendar year ``year``.

Every function takes a :class:`~dap_reports.portfolio.Portfolio` and a year and returns a
DataFrame, a dict or a small dataclass, so tests can check the numbers without a notebook.
Columns are English snake_case and categories canonical English; the only Danish values are
:attr:`YearSummary.sentences` and the economy total's ``source_name`` 'I alt'. The per-meeting
rules are not repeated here: they come from :mod:`status_report` and :mod:`risk_report`.

Rules that apply throughout
---------------------------
* **Projects of the year**: started on or before 31 December and not closed before 1 January,
  i.e. active at some time in the year (:func:`projects_in_year`). Their *year-end phase* is
  'closed' if they closed in the year, else the phase of their last status row in the year,
  else the projects sheet's phase (which is today's, the only one the sheet keeps).
* **The year's last meeting with status** is the latest meeting of the year with status rows of
  its own; planned meetings and extra meetings without status are skipped (they would only
  repeat earlier reports). Risks, which carry forward by design, use the year's last meeting.
* **today** (default: today's date) caps what has happened: a meeting after it is not held
  unless it has status or minutes, and a milestone date after it has not passed yet.
* **Economy** is keyed on the calendar year, not on a meeting, so it also works for a year
  without meetings. It uses each budget line's latest reported figures (``budget_history``;
  the budget sheet's own for a workbook without history); sources in sheet order.
* **Baselines**: each project's original baseline against the one approved at the year's end
  (or its last meeting), and the year's re-baselining: the approved change requests and new
  baselines decided in the year, in days and kroner (:func:`baselines_in_year`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...contract.portfolio import ROW, Portfolio, as_date
from ..common import queries as q
from ..common.formats import compact, count_noun, danish_list, date_da, mio, pct
from ..common.frames import known_flag, object_column
from ..risks import computations as rr
from ..status import computations as sr

INACTIVE = "inactive"  # status_grid value for a project not active at that meeting
OUTCOMES = ("met", "late", "moved", "missed", "upcoming")
MONEY = sr.MONEY  # granted_dkk, spent_dkk, forecast_dkk
PROJECT_COLUMNS = ["project_id", "name", "track", "phase", "start_date", "closed_date", "closure"]
SOURCE_COLUMNS = ["source_id", "source_name", "kind", *MONEY, "unspent_dkk", "share_spent_pct"]
BY_PROJECT_COLUMNS = ["source_id", "source_name", "project_id", "project_name", *MONEY, "unspent_dkk"]
MILESTONE_COLUMNS = [
    "milestone_id",
    "project_id",
    "project_name",
    "name",
    "baseline_date",
    "forecast_date",
    "actual_date",
    "outcome",
    "slip_days",
]
CR_COLUMNS = [
    "cr_id",
    "project_id",
    "project_name",
    "decision",
    "decision_meeting_date",
    "time_impact_days",
    "cost_impact_dkk",
    "within_tolerance",
    "route",
]
GOVERNANCE_COLUMNS = [
    "meeting_date",
    "kind",
    "held",
    "agenda_sent_date",
    "agenda_days_before",
    "agenda_on_time",
    "minutes_sent_date",
    "minutes_days_after",
    "minutes_on_time",
]
INDICATOR_COLUMNS = [
    "indicator_id",
    "name",
    "kind",
    "unit",
    "target",
    "target_date",
    "latest_period",
    "value",
    "share_of_target_pct",
]


# ------------------------------------------------------------------ small helpers


def _bounds(year: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    return pd.Timestamp(int(year), 1, 1), pd.Timestamp(int(year), 12, 31)


def _today(today) -> pd.Timestamp:
    return pd.Timestamp.today().normalize() if today is None else as_date(today)


def _iso(dates) -> list[str]:
    return [pd.Timestamp(d).strftime("%Y-%m-%d") for d in dates]


def _in_year(dates: pd.Series, year: int) -> pd.Series:
    return dates.dt.year == int(year)  # NaT -> False


def _status_meetings(p: Portfolio, year: int) -> list[pd.Timestamp]:
    """The year's meetings that have status rows of their own."""
    reported = set(p.status["meeting_date"])
    return [d for d in p.meetings_in_year(year) if d in reported]


def _last_meeting(p: Portfolio, year: int) -> pd.Timestamp | None:
    meetings = p.meetings_in_year(year)
    return meetings[-1] if meetings else None


# ------------------------------------------------------------------ 1. the year at a glance


def projects_in_year(p: Portfolio, year: int) -> pd.DataFrame:
    """Projects active at some time in the year, with their year-end phase (see module docstring).

    Columns: project_id, name, track, phase, start_date, closed_date, closure; sorted by track, project_id.
    """
    start, end = _bounds(year)
    projects = p.projects
    frame = projects[(projects["start_date"] <= end) & ~(projects["closed_date"] < start)].copy()
    status = p.status[_in_year(p.status["meeting_date"], year)].sort_values("meeting_date")
    last_rows = status.groupby("project_id").tail(1).set_index("project_id")  # blank phase = the sheet's
    reported = frame["project_id"].map(last_rows["phase"])
    frame["phase"] = reported.where(reported.notna(), frame["phase"])
    frame.loc[frame["closed_date"] <= end, "phase"] = "closed"
    frame["closure"] = object_column(frame["closure"], frame.index)
    return frame[PROJECT_COLUMNS].sort_values(["track", "project_id"]).reset_index(drop=True)


@dataclass
class YearSummary:
    year: int
    meetings: list[pd.Timestamp]  # every meeting of the year, planned ones included
    last_meeting_with_status: pd.Timestamp | None
    projects: pd.DataFrame  # projects_in_year
    by_track_phase: pd.DataFrame  # index track; phase columns in schema order; 'total'
    started: pd.DataFrame  # project_id, name, start_date
    completed: pd.DataFrame  # project_id, name, closed_date (closure 'completed' or blank)
    stopped: pd.DataFrame  # project_id, name, closed_date
    rag_at_last_meeting: dict[str, int]  # green, yellow, red, not_reported
    sentences: list[str]  # Danish, every number computed from the figures above and below


def year_summary(p: Portfolio, year: int, today=None) -> YearSummary:
    """The year in figures, with Danish sentences for the report's summary."""
    year = int(year)
    projects = p.projects
    closed = projects[_in_year(projects["closed_date"], year)]
    stopped = closed["closure"] == "stopped"
    pick = ["project_id", "name"]
    with_status = _status_meetings(p, year)
    last = with_status[-1] if with_status else None
    counts = dict.fromkeys(q.RAG_KEYS, 0)
    if last is not None:  # the status table lists every active project, unreported ones as None
        rag = q.rag_counts(sr.status_table(p, last)["overall_rag"])["count"]
        counts = {str(k): int(v) for k, v in rag.items()}
    in_year = projects_in_year(p, year)
    summary = YearSummary(
        year=year,
        meetings=p.meetings_in_year(year),
        last_meeting_with_status=last,
        projects=in_year,
        by_track_phase=q.by_track_phase(in_year, p.config.phase_order),
        started=projects.loc[_in_year(projects["start_date"], year), [*pick, "start_date"]].reset_index(drop=True),
        completed=closed.loc[~stopped, [*pick, "closed_date"]].reset_index(drop=True),
        stopped=closed.loc[stopped, [*pick, "closed_date"]].reset_index(drop=True),
        rag_at_last_meeting={k: int(v) for k, v in counts.items()},
        sentences=[],
    )
    summary.sentences = _sentences(p, summary, today)
    return summary


# ------------------------------------------------------------------ 2. status over the year


def status_grid(p: Portfolio, year: int) -> pd.DataFrame:
    """Overall RAG per project (rows) and meeting with status (columns, ISO date labels).

    Rows: projects active at any meeting of the year, index project_id, column ``name`` first,
    sorted by track and project_id. Values: 'green'/'yellow'/'red', None when not reported while
    active (never green), 'inactive' when the project was not active at that meeting.
    """
    meetings = p.meetings_in_year(year)
    active = [p.active_projects(d) for d in meetings]
    if not active:
        return pd.DataFrame(columns=["name"], index=pd.Index([], name="project_id"))
    rows = pd.concat(active).drop_duplicates("project_id").sort_values(["track", "project_id"])
    grid = rows.set_index("project_id")[["name"]]
    for day in _status_meetings(p, year):
        shown = q.meeting_status(p, day)
        overall = dict(zip(shown["project_id"], shown["overall_rag"], strict=True))
        now = set(p.active_projects(day)["project_id"])
        grid[day.strftime("%Y-%m-%d")] = object_column(
            [overall.get(pid) if pid in now else INACTIVE for pid in grid.index], grid.index
        )
    return grid


# ------------------------------------------------------------------ 3. economy for the calendar year


def economy_by_source(p: Portfolio, year: int) -> pd.DataFrame:
    """Granted, spent, forecast and unspent (granted - spent) per funding source, plus a total row
    (source_id 'TOTAL', source_name 'I alt', kind None). share_spent_pct is NaN where nothing was granted."""
    frame = q.budget_as_of(p, year)
    # dropna=False: a row whose source is unknown must still count, or the total would not reconcile.
    keys = ["source_order", "source_id", "source_name", "kind"]
    grouped = frame.groupby(keys, as_index=False, dropna=False)[MONEY].sum().drop(columns=["source_order"])
    total = pd.DataFrame(
        [{"source_id": "TOTAL", "source_name": "I alt", "kind": None, **{m: float(frame[m].sum()) for m in MONEY}}]
    )
    result = pd.concat([grouped, total], ignore_index=True) if not grouped.empty else total
    result["kind"] = object_column(result["kind"], result.index)
    result["unspent_dkk"] = result["granted_dkk"] - result["spent_dkk"]
    result["share_spent_pct"] = result["spent_dkk"] / result["granted_dkk"].where(result["granted_dkk"] != 0) * 100
    return result[SOURCE_COLUMNS]


def economy_by_project(p: Portfolio, year: int) -> pd.DataFrame:
    """One row per funding source × project in the year, sorted by source (sheet order) then project; flat,
    without subtotals (the notebook groups)."""
    frame = q.budget_as_of(p, year)
    frame["unspent_dkk"] = frame["granted_dkk"] - frame["spent_dkk"]
    return frame[BY_PROJECT_COLUMNS].reset_index(drop=True)


def source_project_matrix(p: Portfolio, year: int) -> pd.DataFrame:
    """Granted DKK by project (rows, names, project_id order) and source (columns, names, sheet order);
    0 where a source does not finance a project, so who pays for what is unmistakable."""
    frame = q.budget_as_of(p, year)
    matrix = frame.pivot_table(
        index="project_name", columns="source_name", values="granted_dkk", aggfunc="sum", fill_value=0.0
    )
    rows = frame.sort_values("project_id")["project_name"].drop_duplicates()
    return matrix.reindex(index=rows, columns=frame["source_name"].drop_duplicates())


# ------------------------------------------------------------------ baselines


BASELINE_YEAR_COLUMNS = [
    "project_id",
    "name",
    "original_end_date",
    "baseline_end_date",
    "original_budget_dkk",
    "baseline_budget_dkk",
    "rebaseline_days",
    "rebaseline_dkk",
    "year_days",
    "year_dkk",
    "year_changes",
]


def baselines_in_year(p: Portfolio, year: int) -> pd.DataFrame:
    """Original and current baseline per project of the year, and the year's re-baselining.

    Current = the latest approved baseline on 31 December (:func:`queries.baselines_as_of`);
    ``rebaseline_days``/``rebaseline_dkk`` = current minus original (all years); ``year_days``/
    ``year_dkk`` = what changes decided in this year moved (current at year end minus current at
    the end of the year before); ``year_changes`` = their references. Sorted like :func:`projects_in_year`.
    """
    start, end = _bounds(year)
    projects = projects_in_year(p, year)[["project_id", "name"]]
    now = q.baselines_as_of(p, end)
    before = q.baselines_as_of(p, start - pd.Timedelta(days=1))
    frame = projects.join(now, on="project_id")
    frame["year_days"] = (
        frame["project_id"].map(now["baseline_end_date"]) - frame["project_id"].map(before["baseline_end_date"])
    ).dt.days.astype("Int64")
    frame["year_dkk"] = frame["project_id"].map(now["baseline_budget_dkk"]) - frame["project_id"].map(
        before["baseline_budget_dkk"]
    )
    earlier = dict(before["baseline_changes"])
    frame["year_changes"] = [
        tuple(c for c in changes if c not in earlier.get(pid, ()))
        for pid, changes in zip(frame["project_id"], frame["baseline_changes"], strict=True)
    ]
    return frame[BASELINE_YEAR_COLUMNS].reset_index(drop=True)


def rebaselining_summary(p: Portfolio, year: int) -> dict:
    """The year's re-baselining in total: projects moved, days and kroner (sums of year_days/year_dkk)."""
    frame = baselines_in_year(p, year)
    moved = frame[[bool(c) for c in frame["year_changes"]]]
    return {
        "projects": len(moved),
        "days": int(moved["year_days"].fillna(0).sum()),
        "dkk": float(moved["year_dkk"].fillna(0).sum()),
        "changes": sum(len(c) for c in moved["year_changes"]),
    }


# ------------------------------------------------------------------ 4. delivery


def milestones_in_year(p: Portfolio, year: int, today=None) -> pd.DataFrame:
    """Milestones with their baseline date in the year and what became of them by the cut-off
    (31 December, or ``today`` if earlier).

    ``outcome``: 'met' (reached by the cut-off, on or before baseline), 'late' (reached after
    baseline), 'missed' (not reached though its forecast — blank = baseline — has passed),
    'moved' (not reached, forecast later than baseline and not yet passed) or 'upcoming' (not
    reached, on plan and not yet due: only while the year is still running). ``slip_days``:
    actual (if reached) else forecast, minus baseline.
    """
    start, end = _bounds(year)
    cutoff = min(end, _today(today))
    frame = q.milestones_as_of(p, cutoff)  # forecast blank -> baseline; actual after the cut-off -> not reached
    frame = frame[(frame["baseline_date"] >= start) & (frame["baseline_date"] <= end)].copy()
    reached, due, baseline = frame["actual_date"].notna(), frame["forecast_date"], frame["baseline_date"]
    conditions = [reached & (frame["actual_date"] <= baseline), reached, due <= cutoff, due > baseline]
    frame["outcome"] = pd.Series(
        np.select(conditions, (*OUTCOMES[:2], "missed", "moved"), default="upcoming"), index=frame.index, dtype=object
    )
    frame["slip_days"] = (frame["actual_date"].fillna(due) - baseline).dt.days.astype("Int64")
    return frame[MILESTONE_COLUMNS].sort_values(["baseline_date", "milestone_id"]).reset_index(drop=True)


def delivery_summary(p: Portfolio, year: int, today=None) -> dict:
    """planned, one count per outcome, and average_slip_days (1 decimal; None without milestones)."""
    frame = milestones_in_year(p, year, today)
    slips = frame["slip_days"].dropna()
    return {
        "planned": len(frame),
        **{o: int((frame["outcome"] == o).sum()) for o in OUTCOMES},
        "average_slip_days": round(float(slips.mean()), 1) if len(slips) else None,
    }


# ------------------------------------------------------------------ 5. risks


def _risks_dated(p: Portfolio, year: int, column: str) -> pd.DataFrame:
    risks = q.with_project_names(p, p.risks.drop(columns=[ROW]))  # project_name 'Porteføljen' for portfolio risks
    risks = risks[_in_year(risks[column], year)].sort_values([column, "risk_id"])
    return risks[["risk_id", "project_name", "title", column, "owner"]].reset_index(drop=True)


def risks_opened(p: Portfolio, year: int) -> pd.DataFrame:
    """Risks raised in the year: risk_id, project_name, title, raised_date, owner."""
    return _risks_dated(p, year, "raised_date")


def risks_closed(p: Portfolio, year: int) -> pd.DataFrame:
    """Risks closed in the year: risk_id, project_name, title, closed_date, owner."""
    return _risks_dated(p, year, "closed_date")


def top_risks_at_year_end(p: Portfolio, year: int, n: int | None = None) -> pd.DataFrame:
    """:func:`risk_report.top_risks` at the year's last meeting (planned ones carry the latest assessments
    forward); ``n`` defaults to ``rules.risk.top_n``. Empty, same columns, for a year without meetings."""
    last = _last_meeting(p, year)
    if last is None:
        return pd.DataFrame(columns=rr.OPEN_RISK_COLUMNS)
    return rr.top_risks(p, last, n)


def exposure_in_year(p: Portfolio, year: int) -> pd.DataFrame:
    """:func:`risk_report.exposure_over_time` restricted to the year's meetings."""
    last = _last_meeting(p, year)
    if last is None:
        return pd.DataFrame(columns=rr.EXPOSURE_COLUMNS)
    exposure = rr.exposure_over_time(p, last)
    return exposure[_in_year(exposure["meeting_date"], year)].reset_index(drop=True)


# ------------------------------------------------------------------ 6. change requests


def _decided_at(p: Portfolio, day: pd.Timestamp) -> pd.DataFrame:
    found = sr.decisions(p, day)
    # At its deciding meeting a request shows its decision; one decided at a later meeting shows 'pending'.
    found = found[(found["kind"] == "change_request") & (found["decision"] != "pending")]
    return found.assign(decision_meeting_date=day)


def change_requests_in_year(p: Portfolio, year: int) -> pd.DataFrame:
    """Change requests decided (approved or rejected) at a meeting of the year, by meeting then cr_id.

    ``within_tolerance`` is the request's own impact against the project's tolerances (blank impact =
    0): status_report's ``impact_within_tolerance``, taken from :func:`status_report.decisions` at the
    deciding meeting. ``route``: 'escalated' (beyond tolerance, so the group itself had to decide),
    else 'approved_within' or 'rejected_within'.
    """
    parts = [f for f in (_decided_at(p, day) for day in p.meetings_in_year(year)) if not f.empty]
    frame = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=[*sr.DECISION_COLUMNS, "decision_meeting_date"])
    )
    frame = frame.rename(columns={"name": "project_name"})
    frame["within_tolerance"] = frame["impact_within_tolerance"].astype(bool)
    route = np.select(
        [~frame["within_tolerance"], frame["decision"] == "approved"],
        ["escalated", "approved_within"],
        default="rejected_within",
    )
    frame["route"] = pd.Series(route, index=frame.index, dtype=object)
    frame["time_impact_days"] = frame["time_impact_days"].astype("Int64")
    frame["cost_impact_dkk"] = frame["cost_impact_dkk"].astype(float)
    return frame[CR_COLUMNS].sort_values(["decision_meeting_date", "cr_id"]).reset_index(drop=True)


def change_request_summary(p: Portfolio, year: int) -> dict:
    """Counts of the year's decisions, approved impact totals (blank = 0), and requests still
    undecided at year end (submitted by 31 December and not decided at a meeting by then)."""
    frame = change_requests_in_year(p, year)
    approved = frame[frame["decision"] == "approved"]
    crs, end = p.change_requests, _bounds(year)[1]
    decided = (crs["decision"] != "pending") & (crs["decision_meeting_date"] <= end)
    return {
        "decided": len(frame),
        "approved": len(approved),
        "rejected": int((frame["decision"] == "rejected").sum()),
        "approved_within_tolerance": int((frame["route"] == "approved_within").sum()),
        "escalated": int((frame["route"] == "escalated").sum()),
        "total_time_impact_days": int(approved["time_impact_days"].fillna(0).sum()),
        "total_cost_impact_dkk": float(approved["cost_impact_dkk"].fillna(0).sum()),
        "pending_at_year_end": int(((crs["submitted_date"] <= end) & ~decided).sum()),
    }


# ------------------------------------------------------------------ 7. governance


def governance(p: Portfolio, year: int, today=None) -> pd.DataFrame:
    """One row per meeting of the year: held, and agenda/minutes sent on time.

    ``held``: on or before ``today``, or it has status rows or minutes. ``*_on_time`` is None where
    the date was not recorded (see governance_summary's ``*_missing``); day counts are Int64.
    """
    today, config = _today(today), p.config
    meetings = p.meetings
    frame = meetings[_in_year(meetings["meeting_date"], year)].sort_values("meeting_date").copy()
    day = frame["meeting_date"]
    frame["held"] = (
        (day <= today) | day.isin(set(p.status["meeting_date"])) | frame["minutes_sent_date"].notna()
    ).astype(bool)
    before = (day - frame["agenda_sent_date"]).dt.days
    after = (frame["minutes_sent_date"] - day).dt.days
    frame["agenda_days_before"], frame["minutes_days_after"] = before.astype("Int64"), after.astype("Int64")
    frame["agenda_on_time"] = known_flag(before >= config.agenda_days_before, before)
    frame["minutes_on_time"] = known_flag(after <= config.minutes_days_after, after)
    return frame[GOVERNANCE_COLUMNS].reset_index(drop=True)


def governance_summary(p: Portfolio, year: int, today=None) -> dict:
    """planned (``meetings_per_year``), scheduled (meetings in the sheet), held, ordinary_held, extra_held,
    and ISO date lists: agenda_breaches, agenda_missing, minutes_breaches, minutes_missing (held without)."""
    frame = governance(p, year, today)
    held = frame[frame["held"]]
    return {
        "planned": p.config.meetings_per_year,
        "scheduled": len(frame),
        "held": len(held),
        "ordinary_held": int((held["kind"] == "ordinary").sum()),
        "extra_held": int((held["kind"] == "extra").sum()),
        "agenda_breaches": _iso(frame.loc[frame["agenda_on_time"].eq(False), "meeting_date"]),
        "agenda_missing": _iso(held.loc[held["agenda_sent_date"].isna(), "meeting_date"]),
        "minutes_breaches": _iso(frame.loc[frame["minutes_on_time"].eq(False), "meeting_date"]),
        "minutes_missing": _iso(held.loc[held["minutes_sent_date"].isna(), "meeting_date"]),
    }


def arshjul_coverage(p: Portfolio, year: int) -> pd.DataFrame:
    """Was every project of the year treated? The annual wheel (*årshjul*) plans it, so all the year's
    meetings count, planned ones included. Columns: project_id, name, track, agenda_count (agenda items),
    meetings (ISO dates), covered."""
    agenda = p.agenda[_in_year(p.agenda["meeting_date"], year)]
    frame = projects_in_year(p, year)[["project_id", "name", "track"]]
    dates = {pid: list(days) for pid, days in agenda.groupby("project_id")["meeting_date"]}
    frame["agenda_count"] = [len(dates.get(pid, [])) for pid in frame["project_id"]]
    frame["meetings"] = [_iso(sorted(set(dates.get(pid, [])))) for pid in frame["project_id"]]
    frame["covered"] = frame["agenda_count"] > 0
    return frame


# ------------------------------------------------------------------ 8. indicators


def indicator_progress(p: Portfolio, year: int) -> pd.DataFrame:
    """Each indicator's latest value in or before the year's Q4 against its target.

    The aggregation rules live in :mod:`dap_reports.indicators` (one place for them): this is
    the indicator overview as of 31 December, with the quarter named ``latest_period``.
    """
    from ..indicators.computations import indicator_overview

    frame = indicator_overview(p, pd.Timestamp(year=int(year), month=12, day=31))
    frame = frame.rename(columns={"period": "latest_period"})
    frame = frame[[c for c in INDICATOR_COLUMNS if c in frame.columns]].reset_index(drop=True)
    frame["latest_period"] = object_column(frame["latest_period"], frame.index)  # None, not NaN
    return frame


# ------------------------------------------------------------------ Danish sentences


def _sentences(p: Portfolio, s: YearSummary, today) -> list[str]:
    """The summary's sentences; each number is taken from a computed figure, never written in."""
    year = s.year
    out = [_meeting_sentence(year, governance_summary(p, year, today))]
    if s.last_meeting_with_status is not None:
        out.append(_rag_sentence(s.last_meeting_with_status, s.rag_at_last_meeting))
    out.append(
        f"Porteføljen omfattede {count_noun(len(s.projects), 'projekt', 'projekter')} i {year}; "
        + danish_list(
            [f"{len(s.started)} blev startet", f"{len(s.completed)} afsluttet"]
            + ([f"{len(s.stopped)} stoppet"] if len(s.stopped) else [])
        )
        + "."
    )
    out.append(_economy_sentence(year, economy_by_source(p, year).iloc[-1]))
    out.extend(_delivery_sentences(year, delivery_summary(p, year, today)))
    out.append(_change_sentence(year, change_request_summary(p, year)))
    out.append(
        f"{count_noun(len(risks_opened(p, year)), 'risiko', 'risici')} blev rejst og "
        f"{len(risks_closed(p, year))} lukket i {year}."
    )
    return out


def _meeting_sentence(year: int, g: dict) -> str:
    if not g["held"]:
        return f"Styregruppen holdt ingen møder i {year}."

    def dates(isos: list[str]) -> str:
        return danish_list([date_da(d, long=True) for d in isos])

    text = (
        f"Styregruppen holdt {count_noun(g['ordinary_held'], 'ordinært møde', 'ordinære møder')} "
        f"(årshjulet har {g['planned']}) og {count_noun(g['extra_held'], 'ekstraordinært', 'ekstraordinære')} i {year}"
    )
    late = (
        [
            f"dagsordenen blev udsendt for sent til {count_noun(len(g['agenda_breaches']), 'møde', 'møder')} "
            f"({dates(g['agenda_breaches'])})"
        ]
        if g["agenda_breaches"]
        else []
    )
    late += (
        [
            f"referatet blev udsendt for sent efter {count_noun(len(g['minutes_breaches']), 'møde', 'møder')} "
            f"({dates(g['minutes_breaches'])})"
        ]
        if g["minutes_breaches"]
        else []
    )
    return text + "; " + (danish_list(late) if late else "dagsorden og referat blev udsendt rettidigt") + "."


def _rag_sentence(day: pd.Timestamp, counts: dict) -> str:
    total = sum(counts.values())
    word = {
        k: (one if counts[k] == 1 else many)
        for k, one, many in (("red", "rødt", "røde"), ("yellow", "gult", "gule"), ("green", "grønt", "grønne"))
    }
    rest = [f"{counts['yellow']} var {word['yellow']}", f"{counts['green']} {word['green']}"]
    if counts["not_reported"]:
        rest.append(f"{counts['not_reported']} havde ikke rapporteret")
    return (
        f"{counts['red']} af {count_noun(total, 'projekt', 'projekter')} var {word['red']} ved årets sidste møde "
        f"med status ({date_da(day, long=True)}); " + danish_list(rest) + "."
    )


def _economy_sentence(year: int, total: pd.Series) -> str:
    if not total["granted_dkk"]:
        return f"Der er ingen bevillinger registreret for {year}."
    return (
        f"Porteføljen havde i {year} i alt bevilget {mio(total['granted_dkk'])}, heraf forbrugt "
        f"{mio(total['spent_dkk'])} ({pct(total['share_spent_pct'])}); forventet forbrug for hele året er "
        f"{mio(total['forecast_dkk'])} ({pct(total['forecast_dkk'] / total['granted_dkk'] * 100)})."
    )


def _delivery_sentences(year: int, d: dict) -> list[str]:
    if not d["planned"]:
        return [f"Ingen milepæle havde baselinedato i {year}."]
    due = "forfalden" if d["upcoming"] == 1 else "forfaldne"
    rest = [
        f"{d[k]} {text}"
        for k, text in (
            ("moved", "blev flyttet til senere"),
            ("missed", "blev ikke nået"),
            ("upcoming", f"er endnu ikke {due}"),
        )
        if d[k]
    ]
    first = (
        f"{d['met'] + d['late']} af {count_noun(d['planned'], 'milepæl', 'milepæle')} planlagt i {year} blev nået "
        f"({d['met']} til tiden og {d['late']} forsinket)"
    )
    slip = d["average_slip_days"]
    side = "efter" if slip >= 0 else "før"
    return [
        first + ("; " + danish_list(rest) if rest else "") + ".",
        f"Milepælene lå i gennemsnit {compact(abs(slip))} dage {side} baseline.",
    ]


def _change_sentence(year: int, c: dict) -> str:
    pending = f"{c['pending_at_year_end']} afventede beslutning ved årets udgang"
    if not c["decided"]:
        return f"Styregruppen besluttede ingen ændringsanmodninger i {year}; {pending}."
    return (
        f"Styregruppen besluttede {count_noun(c['decided'], 'ændringsanmodning', 'ændringsanmodninger')} i {year} "
        f"({c['approved']} godkendt, {c['rejected']} afvist); {c['escalated']} lå ud over tolerancen, "
        f"og {pending}."
    )


__all__ = [
    "YearSummary",
    "arshjul_coverage",
    "change_request_summary",
    "change_requests_in_year",
    "delivery_summary",
    "economy_by_project",
    "economy_by_source",
    "exposure_in_year",
    "governance",
    "governance_summary",
    "indicator_progress",
    "milestones_in_year",
    "projects_in_year",
    "risks_closed",
    "risks_opened",
    "source_project_matrix",
    "status_grid",
    "top_risks_at_year_end",
    "year_summary",
]
