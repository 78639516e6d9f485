"""The computations behind the status report (*Porteføljeoverblik*): one function per section.

Every function takes a :class:`~dap_reports.portfolio.Portfolio` and a meeting date (str or
Timestamp) and returns DataFrames, or a small dataclass of them, so tests can check the
numbers without running a notebook. Column names are English snake_case and category values
are canonical English ('red', 'improved', 'missed'); the notebook maps both to Danish. The
only Danish values are display texts built here: ``reason`` and ``problem`` sentences,
``message_da`` and the economy total's ``source_name`` 'I alt'.

Rules that apply throughout
---------------------------
* **Which status a meeting shows.** A meeting with status rows shows exactly those rows
  (:meth:`Portfolio.status_at`): an active project without a row is *not reported* (grey),
  even if it reported earlier. A meeting with no status rows at all (planned, or an extra
  meeting) shows each project's latest earlier report (:meth:`Portfolio.status_as_of`),
  and every row carries ``reported_for_meeting=False``.
* **Trend** compares a report made *for this meeting* with the status shown at the
  previous meeting (same rule as above). A carried-forward report has nothing new to
  compare, so its trend is ``None`` (change ``'not_comparable'``), never 'unchanged'.
* **Not reported is grey, never green.** ``None`` RAG values stay ``None``; counts put them
  under ``not_reported``; a computed RAG with a missing input is ``None`` unless the other
  input is already red (the same rule as :func:`rag.derive_overall`).
* **Baselines** are the projects sheet's latest baseline; the sheet keeps no baseline
  history, so slips at old meetings are measured against today's baseline.
* **Snapshots.** Dates and amounts that the workbook only holds as of today (milestone
  forecasts, budget spend) cannot be rewound; actual dates after the meeting are treated
  as not yet reached, and change requests decided at a later meeting show as pending.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...contract.parsing import is_blank
from ...contract.portfolio import ROW, Portfolio
from ...contract.rag import RAG_ORDER, compare, computed_cost_rag, computed_time_rag, derive_overall
from ..benefits import computations as bc
from ..common import queries as q
from ..common.formats import compact, date_da, dkk
from ..common.frames import clean, known_flag, object_column, timestamp
from ..common.memo import per_portfolio
from ..common.queries import RAG_DIMENSIONS, RAG_KEYS, meeting_status, reported_for_meeting  # noqa: F401 (public here too)

CHANGES = ("improved", "worsened", "unchanged", "new", "closed", "not_comparable")
# A first meeting has no previous one; look this far back (about one meeting cycle).
FIRST_MEETING_LOOKBACK_DAYS = 62
# Without a next meeting, "upcoming" means the next cycle.
NO_NEXT_MEETING_HORIZON_DAYS = 62
TOP_RISKS = 3


# ------------------------------------------------------------------ 1. header


@dataclass
class MeetingHeader:
    date: pd.Timestamp
    kind: str  # 'ordinary' | 'extra'
    number: int  # 1-based among the year's meetings of the same kind
    of: int  # number of meetings of that kind in the year
    agenda_deadline: pd.Timestamp
    minutes_deadline: pd.Timestamp
    agenda_sent_date: pd.Timestamp | None
    minutes_sent_date: pd.Timestamp | None
    previous: pd.Timestamp | None
    next: pd.Timestamp | None
    agenda: pd.DataFrame
    invited: list[tuple[str, str]] = field(default_factory=list)
    participants: list[tuple[str, str]] = field(default_factory=list)  # (name, role) as they were at the meeting
    reported_for_meeting: bool = True  # False: status shown is each project's latest earlier report


def meeting_header(p: Portfolio, date) -> MeetingHeader:
    """Header block: meeting kind and number, deadlines, neighbours, numbered agenda, extra invitees.

    Numbering follows the annual wheel: an ordinary meeting is numbered among the year's
    ordinary meetings (2026-03-11 is "møde 2 af 6" although 2026 also has an extra
    meeting); an extra meeting among the year's extra meetings.
    """
    date = q.meeting_date(p, date)
    meeting = p.meeting(date)
    meetings = p.meetings
    same_kind = sorted(
        meetings.loc[
            (meetings["meeting_date"].dt.year == date.year) & (meetings["kind"] == meeting["kind"]), "meeting_date"
        ]
    )
    agenda = _agenda(p, date)
    return MeetingHeader(
        date=date,
        kind=meeting["kind"],
        number=same_kind.index(date) + 1,
        of=len(same_kind),
        agenda_deadline=date - pd.Timedelta(days=p.config.agenda_days_before),
        minutes_deadline=date + pd.Timedelta(days=p.config.minutes_days_after),
        agenda_sent_date=_by(timestamp(meeting["agenda_sent_date"]), date),
        # Minutes are sent after the meeting: a report for it cannot know the date yet.
        minutes_sent_date=_by(timestamp(meeting["minutes_sent_date"]), date),
        previous=p.previous_meeting(date),
        next=p.next_meeting(date),
        agenda=agenda,
        invited=_invited(p, agenda, date),
        reported_for_meeting=reported_for_meeting(p, date),
        participants=[(n, r) for n, r in q.participants(p, date)[["name", "role"]].itertuples(index=False)],
    )


def _by(value: pd.Timestamp | None, date: pd.Timestamp) -> pd.Timestamp | None:
    """``value`` if it had happened by ``date``, else None."""
    return value if value is not None and value <= date else None


def _agenda(p: Portfolio, date: pd.Timestamp) -> pd.DataFrame:
    agenda = p.agenda_for(date)  # keeps the sheet's order
    projects = p.projects[["project_id", "name", "track"]].rename(columns={"name": "project_name"})
    frame = agenda.merge(projects, on="project_id", how="left")  # a left merge keeps the left order
    frame.insert(0, "number", range(1, len(frame) + 1))
    frame = frame[["number", "item", "title", "project_id", "project_name", "track"]]
    for column in ("project_id", "project_name", "track"):
        frame[column] = object_column(frame[column], frame.index)
    return frame


def _invited(p: Portfolio, agenda: pd.DataFrame, date: pd.Timestamp) -> list[tuple[str, str]]:
    """Organisations invited because a track they follow is on the agenda (terms of reference), named as
    they are at the meeting."""
    tracks = set(agenda["track"].dropna())
    return [
        (p.organisation_name_at(org, date), f"{track} er på dagsordenen")
        for track, org in p.config.invite_when_track.items()
        if track in tracks
    ]


# ------------------------------------------------------------------ 3. status table (used by most sections)


@per_portfolio
def status_table(p: Portfolio, date) -> pd.DataFrame:
    """One row per project active at the meeting, sorted by track and project_id.

    Columns: project_id, name, track, phase, time_rag, economy_rag, deliverables_rag,
    overall_rag, overall_reason, trend, computed_time_rag, computed_cost_rag, computed_rag,
    disagrees, benefits_rag, computed_benefits_rag, benefits_started, benefits_disagrees, slip_days,
    cost_variance_pct, time_within_tolerance, budget_within_tolerance, within_tolerance, summary, has_status;
    then supporting columns status_date, reported_for_meeting, overall_derived, forecast_end_date, forecast_cost_dkk,
    baseline_end_date, baseline_budget_dkk (the latest approved baseline at the meeting, see
    :func:`queries.baselines_as_of`), original_end_date, original_budget_dkk, rebaselined (an
    approved change or new baseline applies), baseline_changes (their references), tolerance_time_days,
    tolerance_budget_pct.

    * slip, cost variance, the computed RAG and the tolerances are measured against the baseline
      approved at the meeting; the computed time RAG counts calendar months (Statens It-råd).

    * ``computed_rag`` combines the two computed values like a derived overall: red if
      either is red, else ``None`` if either is unknown, else the worse.
    * ``disagrees``: the reported overall is better than ``computed_rag`` (False if either is None).
    * ``benefits_rag`` is the reported benefits status (the It-råd's fourth parameter, not in the overall);
      ``computed_benefits_rag`` the one computed from the benefit measurements
      (:func:`..benefits.computations.project_rags`), ``benefits_started`` how many of the project's benefits
      have begun realisation, ``benefits_disagrees`` the reported one is better than the computed one.
    * ``*_within_tolerance``: ``None`` when the forecast is unknown; ``within_tolerance``
      is False only when a known forecast breaches a tolerance.
    """
    date = q.meeting_date(p, date)
    rules = p.config.rules
    projects = p.active_projects(date)
    status = meeting_status(p, date)
    frame = projects.merge(status, on="project_id", how="left", suffixes=("_project", ""))
    baselines = q.baselines_as_of(p, date)
    for column in ("baseline_end_date", "baseline_budget_dkk", "original_end_date", "original_budget_dkk"):
        frame[column] = frame["project_id"].map(baselines[column])
    changes = dict(baselines["baseline_changes"])
    frame["rebaselined"] = [bool(changes.get(pid)) for pid in frame["project_id"]]
    frame["baseline_changes"] = [tuple(changes.get(pid, ())) for pid in frame["project_id"]]
    frame["has_status"] = frame["status_date"].notna()
    frame["phase"] = frame["phase"].where(frame["phase"].notna(), frame["phase_project"])
    frame["reported_for_meeting"] = frame["reported_for_meeting"].eq(True)
    frame["overall_derived"] = frame["overall_derived"].eq(True)
    for column in RAG_DIMENSIONS:
        frame[column] = object_column(frame[column], frame.index)

    before = p.previous_meeting(date)
    previous = q.overall_by_project(q.shown_at(p, before), before)
    frame["trend"] = object_column(
        [
            compare(previous.get(pid), overall) if fresh else None
            for pid, overall, fresh in zip(
                frame["project_id"], frame["overall_rag"], frame["reported_for_meeting"], strict=True
            )
        ],
        frame.index,
    )

    frame["slip_days"] = (frame["forecast_end_date"] - frame["baseline_end_date"]).dt.days.astype(float)
    budget = frame["baseline_budget_dkk"].astype(float)
    frame["cost_variance_pct"] = (frame["forecast_cost_dkk"] - budget) / budget.where(budget != 0) * 100
    frame["computed_time_rag"] = object_column(
        [
            computed_time_rag(b, f, rules.time)
            for b, f in zip(frame["baseline_end_date"], frame["forecast_end_date"], strict=True)
        ],
        frame.index,
    )
    frame["computed_cost_rag"] = object_column(
        [
            computed_cost_rag(clean(f), clean(b), rules.cost)
            for f, b in zip(frame["forecast_cost_dkk"], budget, strict=True)
        ],
        frame.index,
    )
    frame["computed_rag"] = object_column(
        [derive_overall(t, c) for t, c in zip(frame["computed_time_rag"], frame["computed_cost_rag"], strict=True)],
        frame.index,
    )
    frame["disagrees"] = [
        o is not None and c is not None and RAG_ORDER[o] < RAG_ORDER[c]
        for o, c in zip(frame["overall_rag"], frame["computed_rag"], strict=True)
    ]
    # The It-råd's fourth parameter: benefits, reported beside the RAG computed from the measurements.
    frame["benefits_rag"] = object_column(frame["benefits_rag"], frame.index)
    benefits = bc.project_rags(p, date)
    frame["computed_benefits_rag"] = object_column(
        frame["project_id"].map(benefits["computed_benefits_rag"]), frame.index
    )
    frame["benefits_started"] = frame["project_id"].map(benefits["benefits_started"]).fillna(0).astype(int)
    frame["benefits_disagrees"] = [
        r is not None and c is not None and RAG_ORDER[r] < RAG_ORDER[c]
        for r, c in zip(frame["benefits_rag"], frame["computed_benefits_rag"], strict=True)
    ]

    tolerance_days = frame["tolerance_time_days"].astype(float)
    frame["time_within_tolerance"] = known_flag(frame["slip_days"] <= tolerance_days, frame["slip_days"])
    frame["budget_within_tolerance"] = known_flag(
        frame["cost_variance_pct"] <= frame["tolerance_budget_pct"], frame["cost_variance_pct"]
    )
    frame["within_tolerance"] = [
        t is not False and b is not False
        for t, b in zip(frame["time_within_tolerance"], frame["budget_within_tolerance"], strict=True)
    ]
    for column in ("overall_reason", "summary"):
        frame[column] = object_column(frame[column], frame.index)

    columns = [
        "project_id",
        "name",
        "track",
        "phase",
        *RAG_DIMENSIONS,
        "overall_reason",
        "trend",
        "computed_time_rag",
        "computed_cost_rag",
        "computed_rag",
        "disagrees",
        "benefits_rag",
        "computed_benefits_rag",
        "benefits_started",
        "benefits_disagrees",
        "slip_days",
        "cost_variance_pct",
        "time_within_tolerance",
        "budget_within_tolerance",
        "within_tolerance",
        "summary",
        "has_status",
        "status_date",
        "reported_for_meeting",
        "overall_derived",
        "forecast_end_date",
        "forecast_cost_dkk",
        "baseline_end_date",
        "baseline_budget_dkk",
        "original_end_date",
        "original_budget_dkk",
        "rebaselined",
        "baseline_changes",
        "tolerance_time_days",
        "tolerance_budget_pct",
    ]
    return frame[columns].sort_values(["track", "project_id"]).reset_index(drop=True)


# ------------------------------------------------------------------ 2. portfolio at a glance


@dataclass
class Glance:
    by_track_phase: pd.DataFrame  # index track; phase columns in schema order; 'total'
    rag_counts: pd.DataFrame  # index overall_rag (green/yellow/red/not_reported); column 'count'
    changes: pd.DataFrame  # project_id, name, previous_overall, overall, change
    change_counts: dict[str, int]  # every change category, zeros included
    has_previous: bool
    previous: pd.Timestamp | None = None
    reported_for_meeting: bool = True


def portfolio_glance(p: Portfolio, date) -> Glance:
    """Projects by track and phase, overall RAG counts, and changes since the previous meeting."""
    date = q.meeting_date(p, date)
    table = status_table(p, date)
    previous = p.previous_meeting(date)
    changes = _changes(p, table, previous)
    return Glance(
        by_track_phase=q.by_track_phase(table, p.config.phase_order),
        rag_counts=q.rag_counts(table["overall_rag"]),
        changes=changes,
        change_counts={c: int((changes["change"] == c).sum()) for c in CHANGES},
        has_previous=previous is not None,
        previous=previous,
        reported_for_meeting=reported_for_meeting(p, date),
    )


def _changes(p: Portfolio, table: pd.DataFrame, previous: pd.Timestamp | None) -> pd.DataFrame:
    columns = ["project_id", "name", "previous_overall", "overall", "change"]
    if previous is None:
        return pd.DataFrame(columns=columns)
    before = p.active_projects(previous)[["project_id", "name"]]
    now = table[["project_id", "name", "overall_rag", "trend"]]
    frame = before.merge(now, on=["project_id", "name"], how="outer", indicator=True)
    frame["previous_overall"] = frame["project_id"].map(q.overall_by_project(q.shown_at(p, previous), previous))
    frame["previous_overall"] = object_column(
        frame["previous_overall"].where(frame["_merge"] != "right_only"), frame.index
    )
    frame["overall"] = object_column(frame["overall_rag"], frame.index)
    change = frame["trend"].where(frame["trend"].notna(), "not_comparable")
    change = change.mask(frame["_merge"] == "right_only", "new").mask(frame["_merge"] == "left_only", "closed")
    frame["change"] = change.astype(object)
    return frame[columns].sort_values("project_id").reset_index(drop=True)


# ------------------------------------------------------------------ 4. decisions


DECISION_COLUMNS = [
    "kind",
    "project_id",
    "name",
    "cr_id",
    "description",
    "time_impact_days",
    "cost_impact_dkk",
    "within_tolerance",
    "impact_within_tolerance",
    "decision",
    "reason",
    *q.EXCEPTION_REPORT_COLUMNS,
]


def open_change_requests(p: Portfolio, date) -> pd.DataFrame:
    """Change requests submitted by the meeting and not decided before it (snapshot).

    That is: pending ones, ones decided at this meeting, and ones decided at a later meeting
    (which were still open then; their ``decision`` is shown as 'pending').
    """
    date = q.meeting_date(p, date)
    crs = p.change_requests.drop(columns=["_row"])
    decided_at = crs["decision_meeting_date"]
    undecided = (crs["decision"] == "pending") | (decided_at >= date)
    frame = crs[(crs["submitted_date"] <= date) & undecided].copy()
    frame["decision"] = frame["decision"].where(frame["decision_meeting_date"] <= date, "pending")
    return frame.sort_values("cr_id").reset_index(drop=True)


@per_portfolio
def decisions(p: Portfolio, date) -> pd.DataFrame:
    """*Sager til beslutning*: exceptions first (status-table order), then change requests by cr_id.

    * ``kind='exception'``: an active project whose forecast breaches its time or budget
      tolerance. ``time_impact_days`` / ``cost_impact_dkk`` hold the forecast deviation from
      baseline (slip in days, overrun in DKK); ``reason`` says it in Danish.
      An exception report that went to this meeting for a project whose forecast is within the time and
      cost tolerances (a scope or quality exception, which the toolkit cannot compute) is listed too,
      with ``within_tolerance`` True.
    * ``kind='change_request'``: see :func:`open_change_requests`.
    * Exception rows carry the project's exception report as of the meeting
      (:func:`queries.exception_reports_as_of`): report_date, cause, consequences, options,
      recommendation (None where not recorded; report_date NaT without a report). Change requests
      have None/NaT there.

    **Tolerance rule for a change request** (``within_tolerance``): the change is added to
    where the project already is —

        slip_days + time_impact_days <= tolerance_time_days, and
        max(forecast_cost - baseline_budget, 0) + cost_impact_dkk <= tolerance_budget_pct % of baseline_budget

    with slip and baseline budget measured against the baseline the project had going into the
    meeting (approved before it, so a request decided at this meeting is not counted twice), the
    forecast from this meeting's status table (slip 0 when unknown or the project has no
    status), the cost overrun 0 when unknown (an underspend is not credited), and a blank
    impact counted as 0. ``impact_within_tolerance`` applies the same limits to the
    request's own impact alone (time_impact_days and cost_impact_dkk against the tolerances),
    which is how a request can be modest in itself yet take the project beyond tolerance.
    """
    date = q.meeting_date(p, date)
    table = status_table(p, date)
    parts = [f for f in (_exceptions(p, date, table), _change_request_rows(p, date, table)) if not f.empty]
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=DECISION_COLUMNS)
    reports = q.exception_reports_as_of(p, date)
    is_exception = frame["kind"] == "exception"
    for column in q.EXCEPTION_REPORT_COLUMNS:
        found = reports[column].to_dict()
        values = [found.get(pid) if exc else None for pid, exc in zip(frame["project_id"], is_exception, strict=True)]
        frame[column] = (
            pd.Series(pd.to_datetime(pd.Series(values, dtype=object)), dtype="datetime64[ns]").set_axis(frame.index)
            if column == "report_date"
            else object_column(values, frame.index)
        )
    for column in ("kind", "project_id", "name", "cr_id", "description", "decision", "reason"):
        frame[column] = object_column(frame[column], frame.index)
    frame["time_impact_days"] = frame["time_impact_days"].astype("Int64")
    frame["cost_impact_dkk"] = frame["cost_impact_dkk"].astype(float)
    for column in ("within_tolerance", "impact_within_tolerance"):
        frame[column] = frame[column].astype(bool)
    return frame[DECISION_COLUMNS]


def _exceptions(p: Portfolio, date: pd.Timestamp, table: pd.DataFrame) -> pd.DataFrame:
    reported = set(p.exceptions.loc[p.exceptions["meeting_date"] == date, "project_id"])
    breach = table[~table["within_tolerance"] | table["project_id"].isin(reported)].copy()
    reasons = []
    for row in breach.itertuples():
        parts = []
        if row.time_within_tolerance is False:
            parts.append(
                f"Forventet slutdato {row.slip_days:.0f} dage efter baseline "
                f"(tolerance {int(row.tolerance_time_days)} dage)"
            )
        if row.budget_within_tolerance is False:
            parts.append(
                f"Forventet omkostning {compact(row.cost_variance_pct)} % over budget "
                f"(tolerance {compact(row.tolerance_budget_pct)} %)"
            )
        if not parts:
            parts.append("Afvigelsesrapport fra projektet; prognosen for tid og økonomi er inden for tolerancen")
        reasons.append("; ".join(parts))
    time_slip = breach["slip_days"]
    overrun = breach["forecast_cost_dkk"] - breach["baseline_budget_dkk"]
    return pd.DataFrame(
        {
            "kind": "exception",
            "project_id": breach["project_id"],
            "name": breach["name"],
            "cr_id": None,
            "description": breach["summary"],
            "time_impact_days": time_slip.round().astype("Int64"),
            "cost_impact_dkk": overrun,
            "within_tolerance": breach["within_tolerance"].astype(bool),
            "impact_within_tolerance": breach["within_tolerance"].astype(bool),
            "decision": None,
            "reason": reasons,
        }
    )


def _change_request_rows(p: Portfolio, date: pd.Timestamp, table: pd.DataFrame) -> pd.DataFrame:
    crs = open_change_requests(p, date)
    if crs.empty:
        return pd.DataFrame(columns=DECISION_COLUMNS)
    projects = p.projects.set_index("project_id")
    current = table.set_index("project_id")
    frame = crs.join(projects[["name", "tolerance_time_days", "tolerance_budget_pct"]], on="project_id")
    # A request is judged against the baseline the project had going into the meeting: the requests
    # this meeting approves are not counted twice.
    going_in = q.baselines_as_of(p, date - pd.Timedelta(days=1))
    frame["baseline_end_date"] = frame["project_id"].map(going_in["baseline_end_date"])
    frame["baseline_budget_dkk"] = frame["project_id"].map(going_in["baseline_budget_dkk"])
    forecast_end = frame["project_id"].map(current["forecast_end_date"])
    slip = (forecast_end - frame["baseline_end_date"]).dt.days.astype(float).fillna(0.0)
    overrun = (frame["project_id"].map(current["forecast_cost_dkk"]) - frame["baseline_budget_dkk"]).fillna(0.0)
    overrun = overrun.clip(lower=0)
    time_impact = frame["time_impact_days"].astype(float).fillna(0.0)
    cost_impact = frame["cost_impact_dkk"].fillna(0.0)
    tolerance_days = frame["tolerance_time_days"].astype(float)
    tolerance_dkk = frame["tolerance_budget_pct"] / 100 * frame["baseline_budget_dkk"]
    within = (slip + time_impact <= tolerance_days) & (overrun + cost_impact <= tolerance_dkk)
    alone = (time_impact <= tolerance_days) & (cost_impact <= tolerance_dkk)
    reasons = [
        _cr_reason(s, t, tol_d, o, c, tol_k)
        for s, t, tol_d, o, c, tol_k in zip(
            slip, time_impact, tolerance_days, overrun, cost_impact, tolerance_dkk, strict=True
        )
    ]
    return pd.DataFrame(
        {
            "kind": "change_request",
            "project_id": frame["project_id"],
            "name": frame["name"],
            "cr_id": frame["cr_id"],
            "description": frame["description"],
            "time_impact_days": frame["time_impact_days"],
            "cost_impact_dkk": frame["cost_impact_dkk"],
            "within_tolerance": within.astype(bool).tolist(),
            "impact_within_tolerance": alone.astype(bool).tolist(),
            "decision": frame["decision"],
            "reason": reasons,
        }
    )


def _cr_reason(slip, time_impact, tol_days, overrun, cost_impact, tol_dkk) -> str:
    """Danish one-liner showing the tolerance arithmetic, so members can follow the flag."""
    time_total, cost_total = slip + time_impact, overrun + cost_impact
    when = f"{time_total:.0f} dage efter baseline" if time_total >= 0 else f"{-time_total:.0f} dage før baseline"
    cost = f"{dkk(cost_total)} over budget" if cost_total >= 0 else f"{dkk(-cost_total)} under budget"
    time_word = "inden for" if time_total <= tol_days else "ud over"
    cost_word = "inden for" if cost_total <= tol_dkk else "ud over"
    return (
        f"Med ændringen: {when}, {time_word} tolerancen på {tol_days:.0f} dage; "
        f"{cost}, {cost_word} tolerancen på {dkk(tol_dkk)}"
    )


# ------------------------------------------------------------------ 5. follow-up (opfølgning)

DUE_STATES = ("overdue", "due_before_next", "later", "no_due_date")


@dataclass
class FollowUp:
    previous: pd.Timestamp | None
    next: pd.Timestamp | None
    open: pd.DataFrame  # queries.ACTION_COLUMNS + due_state; open at the meeting, overdue first
    due_before_next: pd.DataFrame  # the open ones due from the meeting until the next meeting
    closed_since: pd.DataFrame  # queries.ACTION_COLUMNS; closed after the previous meeting, by closed date
    decisions: pd.DataFrame  # queries.DECISION_LOG_COLUMNS; recorded at the previous meeting(s)

    @property
    def overdue(self) -> int:
        return int(self.open["overdue"].sum())


def follow_up(p: Portfolio, date) -> FollowUp:
    """*Opfølgning*: the follow-up actions of earlier meetings as they stand at this one, and what was decided.

    * ``open``: actions raised at an earlier meeting and open at this one (:func:`queries.actions_as_of`),
      with ``due_state``: 'overdue' (due before the meeting), 'due_before_next' (due from the meeting until
      the day before the next one; without a next meeting, within NO_NEXT_MEETING_HORIZON_DAYS), 'later' or
      'no_due_date'; ordered in that sequence, then by due date and action_id.
    * ``closed_since``: actions done or cancelled after the previous meeting and by this one (the first
      meeting looks back FIRST_MEETING_LOOKBACK_DAYS), by closed date then action_id.
    * ``decisions``: the decisions recorded for the decision items of the meetings from the previous one up to
      (not including) this one (:func:`queries.decisions_between`): what the group decided since it last met.
      None at the first meeting.
    """
    date = q.meeting_date(p, date)
    previous, following = p.previous_meeting(date), p.next_meeting(date)
    actions = q.actions_as_of(p, date)
    horizon = following if following is not None else date + pd.Timedelta(days=NO_NEXT_MEETING_HORIZON_DAYS)
    open_rows = actions[actions["state"] == "open"].copy()
    due = open_rows["due_date"]
    state = np.select(
        [due.isna(), due < date, due < horizon], ["no_due_date", "overdue", "due_before_next"], default="later"
    )
    open_rows["due_state"] = pd.Series(state, index=open_rows.index, dtype=object)
    rank = open_rows["due_state"].map({s: i for i, s in enumerate(DUE_STATES)})
    open_rows = (
        open_rows.assign(_rank=rank)
        .sort_values(["_rank", "due_date", "action_id"], kind="stable")
        .drop(columns=["_rank"])
        .reset_index(drop=True)
    )
    since = previous if previous is not None else date - pd.Timedelta(days=FIRST_MEETING_LOOKBACK_DAYS)
    closed = actions[(actions["state"] != "open") & (actions["closed_date"] > since)]
    closed = closed.sort_values(["closed_date", "action_id"]).reset_index(drop=True)
    decisions = (
        q.decisions_between(p, previous, date) if previous is not None else pd.DataFrame(columns=q.DECISION_LOG_COLUMNS)
    )
    return FollowUp(
        previous=previous,
        next=following,
        open=open_rows,
        due_before_next=open_rows[open_rows["due_state"] == "due_before_next"].reset_index(drop=True),
        closed_since=closed,
        decisions=decisions,
    )


# ------------------------------------------------------------------ 5. milestones


MILESTONE_COLUMNS = [
    "milestone_id",
    "project_id",
    "project_name",
    "name",
    "baseline_date",
    "forecast_date",
    "actual_date",
    "state",
]


def _state(frame: pd.DataFrame, date: pd.Timestamp, horizon: pd.Timestamp) -> pd.Series:
    """met / late (reached), missed (not reached though its baseline or forecast date has passed),
    upcoming / upcoming_late (due by ``horizon``; late = forecast after baseline), future."""
    reached = frame["actual_date"].notna()
    earliest = frame[["baseline_date", "forecast_date"]].min(axis=1)
    late_forecast = frame["forecast_date"] > frame["baseline_date"]
    conditions = [
        reached & (frame["actual_date"] <= frame["baseline_date"]),
        reached,
        earliest <= date,
        (frame["forecast_date"] <= horizon) & late_forecast,
        frame["forecast_date"] <= horizon,
    ]
    choices = ["met", "late", "missed", "upcoming_late", "upcoming"]
    return pd.Series(np.select(conditions, choices, default="future"), index=frame.index, dtype=object)


def _window_start(p: Portfolio, date: pd.Timestamp) -> pd.Timestamp:
    previous = p.previous_meeting(date)
    return previous if previous is not None else date - pd.Timedelta(days=FIRST_MEETING_LOOKBACK_DAYS)


def _horizon(p: Portfolio, date: pd.Timestamp) -> pd.Timestamp:
    following = p.next_meeting(date)
    return following if following is not None else date + pd.Timedelta(days=NO_NEXT_MEETING_HORIZON_DAYS)


def _finish_milestones(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[MILESTONE_COLUMNS].sort_values(["project_id", "baseline_date", "milestone_id"]).reset_index(drop=True)


def milestones_since_previous(p: Portfolio, date) -> pd.DataFrame:
    """Milestones whose baseline, forecast or (reached) actual date falls in (previous meeting, date].

    For the first meeting the window is the 62 days before it. ``state`` is 'met', 'late'
    or 'missed' ('missed' also covers a milestone planned in the period whose baseline has
    passed while its forecast was moved later).
    """
    date = q.meeting_date(p, date)
    start = _window_start(p, date)
    frame = q.milestones_as_of(p, date)
    in_window = pd.Series(False, index=frame.index)
    for column in ("baseline_date", "forecast_date", "actual_date"):
        in_window |= (frame[column] > start) & (frame[column] <= date)
    frame = frame[in_window].copy()
    frame["state"] = _state(frame, date, date)
    return _finish_milestones(frame)


def milestones_upcoming(p: Portfolio, date) -> pd.DataFrame:
    """Milestones not reached and due (forecast, else baseline) in (date, next meeting].

    Without a next meeting the horizon is 62 days. ``state`` is 'upcoming', or
    'upcoming_late' when the forecast is after the baseline.
    """
    date = q.meeting_date(p, date)
    horizon = _horizon(p, date)
    frame = q.milestones_as_of(p, date)
    due = frame["forecast_date"]
    frame = frame[frame["actual_date"].isna() & (due > date) & (due <= horizon)].copy()
    frame["state"] = np.where(frame["forecast_date"] > frame["baseline_date"], "upcoming_late", "upcoming")
    frame["state"] = frame["state"].astype(object)
    return _finish_milestones(frame)


def milestone_timeline(p: Portfolio, date) -> pd.DataFrame:
    """Every milestone of the projects active at the meeting, for the timeline chart.

    ``forecast_date`` is the baseline where blank; ``actual_date`` is NaT where not reached
    by the meeting. ``state``: met, late, missed, upcoming, upcoming_late (due by the next
    meeting) or future. A milestone whose baseline has passed unreached is 'missed' even if
    its forecast is still ahead.
    """
    date = q.meeting_date(p, date)
    active = set(p.active_projects(date)["project_id"])
    frame = q.milestones_as_of(p, date)
    frame = frame[frame["project_id"].isin(active)].copy()
    frame["state"] = _state(frame, date, _horizon(p, date))
    columns = [
        "project_id",
        "project_name",
        "milestone_id",
        "name",
        "baseline_date",
        "forecast_date",
        "actual_date",
        "state",
    ]
    return frame[columns].sort_values(["project_id", "baseline_date", "milestone_id"]).reset_index(drop=True)


# ------------------------------------------------------------------ 6. economy


MONEY = ["granted_dkk", "spent_dkk", "forecast_dkk"]


def _budget_year(p: Portfolio, date) -> pd.DataFrame:
    """The budget lines of the meeting's calendar year (funds are granted per calendar year), with spend
    and forecast as reported for the meeting (:func:`queries.budget_as_of`)."""
    date = q.meeting_date(p, date)
    return q.budget_as_of(p, date.year, date)


def _shares(frame: pd.DataFrame) -> pd.DataFrame:
    granted = frame["granted_dkk"].where(frame["granted_dkk"] != 0)
    frame["share_spent_pct"] = frame["spent_dkk"] / granted * 100
    frame["share_forecast_pct"] = frame["forecast_dkk"] / granted * 100
    frame["overspend"] = (
        (frame["spent_dkk"] > frame["granted_dkk"]) | (frame["forecast_dkk"] > frame["granted_dkk"])
    ).astype(bool)
    return frame


def economy_by_source(p: Portfolio, date) -> pd.DataFrame:
    """Granted, spent and forecast per funding source in the meeting's year, plus a total row.

    Columns: source_id, source_name, granted_dkk, spent_dkk, forecast_dkk, share_spent_pct,
    share_forecast_pct, overspend (spent or forecast above granted), lines (budget lines) and
    unreported (lines without figures reported by the meeting). The last row has source_id 'TOTAL'
    and source_name 'I alt'. Spent and forecast are as reported for the meeting; a source whose
    lines are all unreported has NaN, never 0, and sums cover the reported lines only (``unreported``
    says how many are missing).
    """
    frame = _budget_year(p, date)
    frame["lines"] = 1
    frame["unreported"] = frame["spent_dkk"].isna().astype(int)
    # Grants always add up; spent and forecast stay NaN where no line of the source was reported.
    sums = {m: (m, "sum") if m == "granted_dkk" else (m, lambda v: v.sum(min_count=1)) for m in MONEY}
    grouped = (
        frame.groupby(["source_order", "source_id", "source_name"], as_index=False)
        .agg(**sums, lines=("lines", "sum"), unreported=("unreported", "sum"))
        .sort_values("source_order")
        .drop(columns=["source_order"])
    )
    total = pd.DataFrame(
        [
            {
                "source_id": "TOTAL",
                "source_name": "I alt",
                **{m: float(frame[m].sum(min_count=0 if m == "granted_dkk" else 1)) for m in MONEY},
                "lines": int(frame["lines"].sum()),
                "unreported": int(frame["unreported"].sum()),
            }
        ]
    )
    result = pd.concat([grouped, total], ignore_index=True) if not grouped.empty else total
    result = _shares(result)
    columns = ["source_id", "source_name", *MONEY, "share_spent_pct", "share_forecast_pct", "overspend"]
    return result[[*columns, "lines", "unreported"]]


def economy_by_project(p: Portfolio, date) -> pd.DataFrame:
    """One row per project × funding source in the meeting's year, sorted by source then project.

    Columns: project_id, project_name, source_id, source_name, granted_dkk, spent_dkk,
    forecast_dkk, share_spent_pct, overspend, reported_for (the meeting whose figures are shown;
    NaT for today's figures of a workbook without budget_history). No total row.
    """
    frame = _budget_year(p, date)
    frame = _shares(frame.sort_values(["source_order", "project_id"]))
    columns = [
        "project_id",
        "project_name",
        "source_id",
        "source_name",
        *MONEY,
        "share_spent_pct",
        "overspend",
        "reported_for",
    ]
    return frame[columns].reset_index(drop=True)


# ------------------------------------------------------------------ 7. dependencies


def dependencies_table(p: Portfolio, date) -> pd.DataFrame:
    """Dependencies of the projects active at the meeting, in sheet order.

    Columns: project_id, project_name, project_overall, depends_on, depends_on_name,
    external (depends_on is not a project id), depends_on_overall, depends_on_slip_days
    (both None/NaN for external ones and for projects not active at the meeting), description.
    """
    date = q.meeting_date(p, date)
    table = status_table(p, date).set_index("project_id")
    names = q.project_names(p)
    deps = p.dependencies.drop(columns=["_row"])
    deps = deps[deps["project_id"].isin(table.index)].copy()
    deps["project_name"] = deps["project_id"].map(names)
    deps["project_overall"] = object_column(deps["project_id"].map(table["overall_rag"]), deps.index)
    deps["external"] = ~deps["depends_on"].isin(names.keys())
    deps["depends_on_name"] = object_column(deps["depends_on"].map(names), deps.index)
    deps["depends_on_overall"] = object_column(deps["depends_on"].map(table["overall_rag"]), deps.index)
    deps["depends_on_slip_days"] = deps["depends_on"].map(table["slip_days"]).astype(float)
    deps["description"] = object_column(deps["description"], deps.index)
    columns = [
        "project_id",
        "project_name",
        "project_overall",
        "depends_on",
        "depends_on_name",
        "external",
        "depends_on_overall",
        "depends_on_slip_days",
        "description",
    ]
    return deps[columns].reset_index(drop=True)


def dependency_alerts(p: Portfolio, date) -> pd.DataFrame:
    """Dependencies on a project that is red overall, or slipping: beyond its own time tolerance, or
    late enough for the time rule to make its computed time status yellow or red (1 month by default).

    Columns: project_id, project_name, depends_on, depends_on_name, depends_on_overall,
    depends_on_slip_days, problem (Danish, e.g. "rød status; forsinket 105 dage (over
    tolerancen på 60 dage)"), description.
    """
    date = q.meeting_date(p, date)
    deps = dependencies_table(p, date)
    tolerance = deps["depends_on"].map(p.projects.set_index("project_id")["tolerance_time_days"]).astype(float)
    slip = deps["depends_on_slip_days"]
    red = deps["depends_on_overall"] == "red"
    beyond = slip > tolerance
    late = deps["depends_on"].map(status_table(p, date).set_index("project_id")["computed_time_rag"])
    slipping = beyond | late.isin(["yellow", "red"]).to_numpy()
    alert = ~deps["external"] & (red | slipping)
    problems = []
    for is_red, is_slipping, is_beyond, days, tol in zip(red, slipping, beyond, slip, tolerance, strict=True):
        parts = ["rød status"] if is_red else []
        if is_slipping:
            parts.append(f"forsinket {days:.0f} dage" + (f" (over tolerancen på {tol:.0f} dage)" if is_beyond else ""))
        problems.append("; ".join(parts))
    deps["problem"] = problems
    columns = [
        "project_id",
        "project_name",
        "depends_on",
        "depends_on_name",
        "depends_on_overall",
        "depends_on_slip_days",
        "problem",
        "description",
    ]
    return deps.loc[alert, columns].reset_index(drop=True)


# ------------------------------------------------------------------ 8. highlights


CR_COLUMNS = ["cr_id", "description", "time_impact_days", "cost_impact_dkk", "decision"]


@dataclass
class ProjectHighlight:
    project_id: str
    name: str
    track: str
    status: dict | None  # the status row shown at the meeting (see meeting_status), None if not reported
    top_risks: pd.DataFrame  # risk_id, title, probability, impact, score, owner, mitigation
    open_change_requests: pd.DataFrame  # cr_id, description, time_impact_days, cost_impact_dkk, decision
    agenda_items: list[str]


def open_risks(p: Portfolio, date) -> pd.DataFrame:
    """Risks open at the meeting (raised by it, not closed by it) with their latest assessment by then.

    Columns: risk_id, project_id, title, probability, impact, score, owner, mitigation;
    probability/impact/score are NA for a risk never assessed by then. Sorted by score
    (highest first, unassessed last), then risk_id. The same rows as the risk report's
    :func:`~dap_reports.reports.risks.computations.open_risks` (both read :func:`queries.open_risks_as_of`).
    """
    rows = q.sort_by_score(q.open_risks_as_of(p, q.meeting_date(p, date)))
    return rows[["risk_id", "project_id", "title", "probability", "impact", "score", "owner", "mitigation"]]


def highlights(p: Portfolio, date, project_ids: list[str] | None = None) -> list[ProjectHighlight]:
    """One highlight per project on the meeting's agenda, in agenda order (each project once).

    ``project_ids`` (the ``highlight_projects`` parameter) picks the projects instead, in that
    order, whether or not they are on the agenda.
    """
    date = q.meeting_date(p, date)
    agenda = p.agenda_for(date)
    project_ids = list(dict.fromkeys(agenda["project_id"].dropna() if project_ids is None else project_ids))
    if not project_ids:
        return []
    status = meeting_status(p, date).set_index("project_id")
    risks = open_risks(p, date).drop(columns=["project_id"])
    # Requests open going into the meeting, including those it decides (their decision shown).
    crs = open_change_requests(p, date)
    # Each project's rows, in their order, found once (an agenda may name hundreds of projects).
    risk_rows = _positions(open_risks(p, date)["project_id"])
    cr_rows = _positions(crs["project_id"])
    agenda_rows = _positions(agenda["project_id"])
    known = set(p.projects["project_id"])
    for pid in project_ids:
        if pid not in known:
            p.project(pid)  # an unknown project: the error names the known ones
    projects = p.projects.drop_duplicates("project_id").set_index("project_id")
    out = []
    for pid in project_ids:
        project = projects.loc[pid]
        row = {k: clean(v) for k, v in status.loc[pid].items()} if pid in status.index else None
        out.append(
            ProjectHighlight(
                project_id=pid,
                name=project["name"],
                track=project["track"],
                status=row,
                top_risks=risks.iloc[risk_rows.get(pid, [])[:TOP_RISKS]].reset_index(drop=True),
                open_change_requests=crs.iloc[cr_rows.get(pid, [])][CR_COLUMNS].reset_index(drop=True),
                agenda_items=agenda["title"].iloc[agenda_rows.get(pid, [])].tolist(),
            )
        )
    return out


def _positions(column: pd.Series) -> dict:
    """Value -> the positions of the rows holding it, in row order."""
    positions: dict = {}
    for position, value in enumerate(column):
        positions.setdefault(value, []).append(position)
    return positions


# ------------------------------------------------------------------ 9. data quality


# Warnings the report works out for the meeting itself, because the loader can only see today:
# risk-register gaps (for the risks open at the meeting) and overspend (on the figures reported for it).
# Workbook hygiene (today's cells disagreeing with the history) belongs to `dap-reports validate`.
_COMPUTED_AT_MEETING = {
    "risk_without_owner",
    "risk_several_owners",
    "risk_without_mitigation",
    "risk_not_assessed",
    "overspend",
    "action_without_owner",
    "action_without_due_date",
}
_HYGIENE = {"budget_differs_from_history", "milestone_differs_from_history"}
_MULTIPLE_OWNERS = r"[,;/&+]"


def data_quality(p: Portfolio, date) -> pd.DataFrame:
    """Data-quality warnings that concern this meeting.

    * the loader's warnings for this meeting or for none in particular (:meth:`Portfolio.warnings_for`),
      except those below;
    * gaps in the risk register for the risks open at the meeting (no owner, more than one owner,
      no mitigation, not assessed by the meeting);
    * overspend on the budget lines of the meeting's year, on the figures reported for the meeting;
    * follow-up actions open at the meeting without an owner or a due date;
    * exceptions (breaches) without a recommendation: no exception report by the meeting, or one whose
      recommendation is blank (code 'exception_without_recommendation');
    * corrections: where the previous meeting's reports were issued (its snapshot is attached, see
      :func:`queries.shown_at`), every cell today's data say differently about it (code 'correction').

    Columns: code, project_id, message_da (the English message where no Danish one exists),
    location. Sorted by code, then project_id (portfolio-level warnings last).
    """
    date = q.meeting_date(p, date)
    rows = [
        {"code": w.code, "project_id": w.project_id, "message_da": w.message_da or w.message, "location": w.location}
        for w in p.warnings_for(date)
        if w.code not in _COMPUTED_AT_MEETING | _HYGIENE
    ]
    rows += _risk_gaps(p, date) + _overspend(p, date) + _corrections(p, date)
    rows += _action_gaps(p, date) + _exception_gaps(p, date)
    frame = pd.DataFrame(rows, columns=["code", "project_id", "message_da", "location"])
    return frame.sort_values(["code", "project_id"], na_position="last", kind="stable").reset_index(drop=True)


def _risk_gaps(p: Portfolio, date: pd.Timestamp) -> list[dict]:
    rows = []
    risks = q.open_risks_as_of(p, date)
    register = p.risks.set_index("risk_id")[ROW]
    for r in risks.itertuples():
        label = f"{r.risk_id} {r.title}"
        project = None if is_blank(r.project_id) else str(r.project_id)
        row = int(register.get(r.risk_id, 0)) or None
        if not isinstance(r.owner, str) or not r.owner.strip():
            rows.append(_gap("risk_without_owner", project, f"Risiko {label} har ingen ejer", p, row, "owner"))
        elif re.search(_MULTIPLE_OWNERS, r.owner):
            rows.append(_gap("risk_several_owners", project, f"Risiko {label} har mere end én ejer", p, row, "owner"))
        if not isinstance(r.mitigation, str) or not r.mitigation.strip():
            rows.append(
                _gap("risk_without_mitigation", project, f"Risiko {label} har ingen afbødning", p, row, "mitigation")
            )
        if is_blank(r.score):
            rows.append(_gap("risk_not_assessed", project, f"Risiko {label} er ikke vurderet", p, row, "risk_id"))
    return rows


def _overspend(p: Portfolio, date: pd.Timestamp) -> list[dict]:
    lines = q.budget_as_of(p, date.year, date)
    over = lines[lines["spent_dkk"] > lines["granted_dkk"]]
    table = "budget_history" if q.has_budget_history(p) else "budget"
    return [
        {
            "code": "overspend",
            "project_id": r.project_id,
            "message_da": f"{r.project_name}: forbrug over bevilling ({r.source_id} {r.year})",
            "location": p.location(table, None, "spent_dkk"),
        }
        for r in over.itertuples()
    ]


def _corrections(p: Portfolio, date: pd.Timestamp) -> list[dict]:
    from ...contract.history import diff_tables

    previous = p.previous_meeting(date)
    issued = q.shown_at(p, previous)
    if previous is None or issued is p:
        return []
    changes = diff_tables(issued.tables, p.tables, previous)
    rows = []
    for c in changes.to_dict("records"):
        what = (
            f"{c['column']}: {c['old'] or '(tom)'} → {c['new'] or '(tom)'}"
            if c["change"] == "changed"
            else ("række tilføjet" if c["change"] == "added" else "række fjernet")
        )
        rows.append(
            {
                "code": "correction",
                "project_id": None,
                "message_da": f"Rettet efter udsendelsen til mødet {date_da(previous)}: "
                f"{c['table']} {c['key']}, {what}",
                "location": f"{c['table']}: {c['key']}" + (f", column {c['column']}" if c["column"] else ""),
            }
        )
    return rows


def _action_gaps(p: Portfolio, date: pd.Timestamp) -> list[dict]:
    actions = q.actions_as_of(p, date)
    actions = actions[actions["state"] == "open"]
    register = p.actions.set_index("action_id")[ROW]
    rows = []
    for a in actions.itertuples():
        row = int(register.get(a.action_id, 0)) or None
        if a.owner is None:
            rows.append(
                {
                    "code": "action_without_owner",
                    "project_id": a.project_id,
                    "message_da": f"Opfølgningspunkt {a.action_id} har ingen ansvarlig",
                    "location": p.location("actions", row, "owner_org"),
                }
            )
        if pd.isna(a.due_date):
            rows.append(
                {
                    "code": "action_without_due_date",
                    "project_id": a.project_id,
                    "message_da": f"Opfølgningspunkt {a.action_id} har ingen frist",
                    "location": p.location("actions", row, "due_date"),
                }
            )
    return rows


def _exception_gaps(p: Portfolio, date: pd.Timestamp) -> list[dict]:
    found = decisions(p, date)
    missing = found[(found["kind"] == "exception") & found["recommendation"].isna()]
    register = {
        (pid, day): row
        for pid, day, row in zip(
            p.exceptions["project_id"], p.exceptions["meeting_date"], p.exceptions[ROW], strict=True
        )
    }
    rows = []
    for r in missing.itertuples():
        has_report = not pd.isna(r.report_date)
        row = register.get((r.project_id, r.report_date)) if has_report else None
        what = "afvigelsesrapporten har ingen indstilling" if has_report else "ingen afvigelsesrapport med indstilling"
        rows.append(
            {
                "code": "exception_without_recommendation",
                "project_id": r.project_id,
                "message_da": f"{r.name}: uden for tolerancen, men {what}",
                "location": p.location("exceptions", row, "recommendation" if has_report else None),
            }
        )
    return rows


def _gap(code: str, project_id, message_da: str, p: Portfolio, row: int | None, column: str) -> dict:
    return {
        "code": code,
        "project_id": project_id,
        "message_da": message_da,
        "location": p.location("risks", row, column),
    }


__all__ = [
    "FollowUp",
    "Glance",
    "MeetingHeader",
    "ProjectHighlight",
    "data_quality",
    "decisions",
    "dependencies_table",
    "dependency_alerts",
    "economy_by_project",
    "economy_by_source",
    "follow_up",
    "highlights",
    "meeting_header",
    "meeting_status",
    "milestone_timeline",
    "milestones_since_previous",
    "milestones_upcoming",
    "open_change_requests",
    "open_risks",
    "portfolio_glance",
    "reported_for_meeting",
    "status_table",
]
