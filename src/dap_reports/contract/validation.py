"""Cross-table rules: references, date order, and the data-quality warnings reports show.

Errors stop loading; warnings let it go on and are listed under *Datakvalitet* in the
reports of the meeting they concern.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import ERROR, WARNING, Problem
from .rag import derive_overall
from .reading import ROW
from .schema import TABLES

if TYPE_CHECKING:
    from .config import PortfolioConfig
    from .reading import RawSheet
# Names like "Indenrigs- og Sundhedsministeriet" contain " og ", so only list separators count.
_MULTIPLE_OWNERS = re.compile(r"[,;/&+]")


def _d(value) -> str:
    return value.strftime("%Y-%m-%d") if isinstance(value, pd.Timestamp) else str(value)


def _dk(value) -> str:
    return value.strftime("%d-%m-%Y") if isinstance(value, pd.Timestamp) else str(value)


class _Collector:
    def __init__(self, raw: dict[str, RawSheet]):
        self.raw = raw
        self.problems: list[Problem] = []

    def add(
        self,
        severity,
        table,
        row,
        column,
        value,
        message,
        fix="",
        code="",
        message_da="",
        project_id=None,
        meeting_date=None,
    ):
        sheet = self.raw[table]
        self.problems.append(
            Problem(
                severity,
                sheet.file,
                sheet.sheet,
                None if row is None else int(row),
                column,
                None if value is None else _d(value),
                message,
                fix,
                code,
                message_da,
                project_id,
                None if meeting_date is None else _d(meeting_date),
            )
        )


def validate(
    tables: dict[str, pd.DataFrame], raw: dict[str, RawSheet], config: PortfolioConfig, today=None
) -> list[Problem]:
    """Every cross-table rule. ``today`` (default: today's date) decides which meetings have been held."""
    out = _Collector(raw)
    _check_references(tables, out)
    _check_order(tables, out)
    _check_organisations(tables, out)
    _check_status(tables, out, config)
    _check_risks(tables, out)
    _check_budget(tables, out)
    _check_history(tables, out)
    _check_papers(tables, out, pd.Timestamp.today().normalize() if today is None else pd.Timestamp(today))
    _check_benefits(tables, out)
    _check_indicators(tables, out)
    return out.problems


# --------------------------------------------------------------------------------------


def _check_references(tables, out: _Collector) -> None:
    for table in TABLES:
        frame = tables[table.name]
        for column in table.columns:
            if column.references is None or frame.empty:
                continue
            target_table, target_column = column.references
            targets = tables[target_table][target_column].dropna()
            values = frame[column.name]
            # Vectorised: a big portfolio has hundreds of thousands of references, nearly all known.
            unknown = values.notna() & ~values.isin(targets)
            if not unknown.any():
                continue
            known = set(targets)
            for value, row in zip(values[unknown], frame[ROW][unknown], strict=True):
                examples = sorted(_d(k) for k in known)
                hint = ", ".join(examples[:8]) + (" …" if len(examples) > 8 else "")
                what = "meeting" if target_column == "meeting_date" else target_column.removesuffix("_id")
                out.add(
                    ERROR,
                    table.name,
                    row,
                    column.name,
                    value,
                    f"unknown {what} {_d(value)!r}: not in sheet {target_table}",
                    f"use one of {hint}" if hint else f"add it to sheet {target_table} first",
                    "unknown_reference",
                )


def _check_pair(frame, out, table, first, second, message, fix, *, strict=False):
    if frame.empty:
        return
    both = frame[first].notna() & frame[second].notna()
    bad = both & ((frame[second] <= frame[first]) if strict else (frame[second] < frame[first]))
    for _, record in frame[bad].iterrows():
        out.add(
            ERROR,
            table,
            record[ROW],
            second,
            record[second],
            message.format(first=_d(record[first])),
            fix,
            "date_order",
        )


def _check_order(tables, out: _Collector) -> None:
    projects = tables["projects"]
    _check_pair(
        projects,
        out,
        "projects",
        "start_date",
        "baseline_end_date",
        "baseline end date must be after the start date {first}",
        "correct one of the two dates",
        strict=True,
    )
    _check_pair(
        projects,
        out,
        "projects",
        "start_date",
        "closed_date",
        "closed date is before the start date {first}",
        "correct one of the two dates",
    )
    for _, p in projects[(projects["phase"] == "closed") & projects["closed_date"].isna()].iterrows():
        out.add(
            ERROR,
            "projects",
            p[ROW],
            "closed_date",
            None,
            "the project is in phase 'closed' but has no closed_date",
            "enter the date it was closed, or set the phase it is really in",
            "closed_without_date",
        )
    _check_pair(
        tables["meetings"],
        out,
        "meetings",
        "agenda_sent_date",
        "meeting_date",
        "the meeting is before its agenda was sent ({first})",
        "correct the agenda_sent_date",
    )
    _check_pair(
        tables["meetings"],
        out,
        "meetings",
        "meeting_date",
        "minutes_sent_date",
        "minutes sent before the meeting ({first})",
        "correct the minutes_sent_date",
    )
    _check_pair(
        tables["risks"],
        out,
        "risks",
        "raised_date",
        "closed_date",
        "closed before it was raised ({first})",
        "correct one of the two dates",
    )
    crs = tables["change_requests"]
    _check_pair(
        crs,
        out,
        "change_requests",
        "submitted_date",
        "decision_meeting_date",
        "decided at a meeting before it was submitted ({first})",
        "correct one of the two dates",
    )
    for _, cr in crs[crs["decision"].isin(["approved", "rejected"]) & crs["decision_meeting_date"].isna()].iterrows():
        out.add(
            ERROR,
            "change_requests",
            cr[ROW],
            "decision_meeting_date",
            None,
            f"the request is {cr['decision']} but does not say at which meeting",
            "enter the meeting_date of the meeting that decided it",
            "decision_without_meeting",
        )


def _check_organisations(tables, out: _Collector) -> None:
    orgs, projects = tables["organisations"], tables["projects"]
    _check_pair(
        orgs,
        out,
        "organisations",
        "valid_from",
        "valid_to",
        "the organisation ends before it begins ({first})",
        "correct one of the two dates",
    )
    ended = orgs[orgs["valid_to"].notna()].set_index("org_id")
    if ended.empty:
        return
    names = dict(zip(orgs["org_id"], orgs["name"], strict=True))
    ended = ended[~ended.index.duplicated()]
    ceased = projects["owner_org"].map(ended["valid_to"])  # when each project's owner ceased (NaT: it has not)
    # On arrays (as active_mask; NaT compares False): a big portfolio has dozens of meetings.
    starts, closes = projects["start_date"].to_numpy(), projects["closed_date"].to_numpy()
    ceased_on = pd.to_datetime(ceased).to_numpy(dtype="datetime64[ns]")
    # A project owned by an organisation that has ceased, at a meeting where the project is active.
    for meeting in sorted(tables["meetings"]["meeting_date"].dropna()):
        on = pd.Timestamp(meeting).to_datetime64()
        owning = (starts <= on) & ~(closes < on) & (ceased_on < on)
        if not owning.any():
            continue
        owned_by_ceased = projects[owning]
        for project in _rows(owned_by_ceased, (ROW, "project_id", "name", "owner_org")):
            org = ended.loc[project["owner_org"]]
            successor = names.get(org["successor"], "") if isinstance(org["successor"], str) else ""
            then = f"; its successor is {successor}" if successor else ""
            out.add(
                WARNING,
                "projects",
                project[ROW],
                "owner_org",
                project["owner_org"],
                f"{project['name']} is owned by {project['owner_org']}, which ceased on {_d(org['valid_to'])}, "
                f"at the meeting {_d(meeting)}{then}",
                f"set owner_org to {org['successor']}"
                if successor
                else "set owner_org to the organisation now responsible",
                "owner_ceased",
                f"{project['name']} ejes af {names.get(project['owner_org'], project['owner_org'])}, som ikke findes "
                f"længere{'; efterfølger ' + successor if successor else ''}",
                project["project_id"],
                meeting,
            )


_RAG_CODES = {"green": 0, "yellow": 1, "red": 2}


def _rag_codes(column: pd.Series) -> np.ndarray | None:
    """0, 1, 2 for green, yellow, red and -1 for blank; None if the column holds anything else."""
    values = column.tolist()
    if set(values) - {*_RAG_CODES, None}:
        return None
    return np.fromiter((_RAG_CODES.get(v, -1) for v in values), dtype=np.int8, count=len(values))


def _check_status(tables, out: _Collector, config: PortfolioConfig) -> None:
    # Vectorised: portfolios with thousands of projects and years of history must load in seconds.
    status, projects = tables["status"], tables["projects"]
    names = dict(zip(projects["project_id"], projects["name"], strict=True))
    dims = ["time_rag", "economy_rag", "deliverables_rag"]
    dk = {"time_rag": "tid", "economy_rag": "økonomi", "deliverables_rag": "leverancer"}
    reasons = status["overall_reason"].to_numpy() if "overall_reason" in status else np.full(len(status), None)
    # Only the rows that may be flagged are looked at one by one (a big portfolio has tens of thousands):
    # an overall RAG given without a reason (an override?), or a dimension not reported.
    unexplained = np.fromiter(
        (given is not None and not reason for given, reason in zip(status["overall_rag"], reasons, strict=True)),
        dtype=bool,
        count=len(status),
    )
    coded = [_rag_codes(status[column]) for column in ("overall_rag", *dims)]
    codes = [c for c in coded if c is not None]
    if len(codes) == len(coded):  # canonical RAGs (always, once loaded): overrides found in bulk
        given_code, dim_codes = codes[0], np.stack(codes[1:])
        red, blank = (dim_codes == 2).any(axis=0), (dim_codes < 0).any(axis=0)
        worst_code = np.where(red, 2, np.where(blank, -1, dim_codes.max(axis=0)))  # as derive_overall
        look = (unexplained & (worst_code >= 0) & (given_code != worst_code)) | blank
    else:
        unreported = [np.fromiter((v is None for v in status[d]), dtype=bool, count=len(status)) for d in dims]
        look = unexplained | np.logical_or.reduce(unreported)
    rows = zip(
        status[ROW][look],
        status["project_id"][look],
        status["meeting_date"][look],
        status["overall_rag"][look],
        reasons[look],
        *(status[d][look] for d in dims),
        strict=True,
    )
    for row, project_id, meeting, given, reason, *values in rows:
        label = names.get(project_id, project_id)
        worst = derive_overall(*values)
        if given is not None and worst is not None and given != worst and not reason:
            out.add(
                ERROR,
                "status",
                row,
                "overall_reason",
                given,
                f"overall_rag is {given} but the worst dimension is {worst}; an override needs a reason",
                "write the reason in overall_reason, or leave overall_rag blank to use the worst dimension",
                "override_without_reason",
            )
        missing = [d for d, v in zip(dims, values, strict=True) if v is None]
        if missing:
            out.add(
                WARNING,
                "status",
                row,
                ", ".join(missing),
                None,
                f"{label}: {', '.join(missing)} not reported (shown grey)",
                "fill in green, yellow or red",
                "rag_not_reported",
                f"{label}: {', '.join(dk[m] for m in missing)} ikke rapporteret",
                project_id,
                meeting,
            )

    starts = status["project_id"].map(dict(zip(projects["project_id"], projects["start_date"], strict=True)))
    dated = starts.notna() & status["meeting_date"].notna()
    early = dated.copy()
    if dated.any():  # compared only where both are dates (starts holds no dates when no project has one)
        early[dated] = status["meeting_date"][dated] < starts[dated]
    for row, project_id, meeting, start in zip(
        status[ROW][early], status["project_id"][early], status["meeting_date"][early], starts[early], strict=True
    ):
        label = names.get(project_id, project_id)
        out.add(
            WARNING,
            "status",
            row,
            "meeting_date",
            meeting,
            f"{label}: status for a meeting before the project starts ({_d(start)})",
            "check the meeting date or the project's start_date",
            "status_before_start",
            f"{label}: status for et møde før projektets start",
            project_id,
            meeting,
        )

    # A meeting with any status rows is one the programme office is collecting for;
    # every project active then should have reported.
    stale_after = pd.Timedelta(days=config.rules.stale_status_days)
    reported_at = status.groupby("meeting_date")["project_id"].agg(set)
    inactive_phases = set(config.phase_order) - config.active_phases
    # Each project's phase at a meeting: its latest reported phase by then, else the projects sheet's —
    # kept up to date meeting by meeting (reported_at is in date order).
    phase = dict(zip(projects["project_id"], projects["phase"], strict=True))
    phases = status["phase"] if "phase" in status else pd.Series(None, index=status.index, dtype=object)
    phased = status.assign(phase=phases)[phases.notna()].sort_values("meeting_date", kind="stable")
    report_dates = phased["meeting_date"].to_numpy()  # in date order; undated reports last, never applied
    report_projects, report_phases = phased["project_id"].tolist(), phased["phase"].tolist()
    # Each project's dated reports in date order, for its last report before a meeting it missed; and the
    # projects' columns as arrays: a big portfolio has dozens of meetings and thousands of projects.
    dated_reports = status[status["meeting_date"].notna()].sort_values("meeting_date", kind="stable")
    reports_of: dict[str, list[int]] = {}  # nanoseconds, for bisect
    for project, when in zip(
        dated_reports["project_id"].tolist(),
        dated_reports["meeting_date"].to_numpy().astype("int64").tolist(),
        strict=True,
    ):
        reports_of.setdefault(project, []).append(when)
    ids, labels = projects["project_id"].tolist(), projects["name"].tolist()
    id_index = pd.Index(ids, dtype=object)
    starts, closes = projects["start_date"].to_numpy(), projects["closed_date"].to_numpy()
    seen = 0
    for meeting, reported in reported_at.items():
        meeting = pd.Timestamp(meeting)
        until = int(np.searchsorted(report_dates, meeting.to_datetime64(), side="right"))  # reported by then
        phase.update(zip(report_projects[seen:until], report_phases[seen:until], strict=True))
        seen = until
        on = meeting.to_datetime64()
        # active_mask, on arrays: started by the meeting and not closed before it (NaT compares False)
        active = (starts <= on) & ~(closes < on)
        absent = active & ~id_index.isin(list(reported))
        if inactive_phases:  # a project whose phase at the meeting is not an active one is not asked to report
            absent &= ~id_index.isin([project for project, now in phase.items() if now in inactive_phases])
        for i in np.flatnonzero(absent).tolist():
            project_id, name = ids[i], labels[i]
            dates = reports_of.get(project_id, [])
            before = bisect.bisect_left(dates, meeting.value)
            last = pd.Timestamp(dates[before - 1]) if before else None
            since = f"; last report {_d(last)}" if last is not None else "; never reported"
            since_da = f"; seneste rapport {_dk(last)}" if last is not None else "; aldrig rapporteret"
            out.add(
                WARNING,
                "status",
                None,
                "project_id",
                project_id,
                f"{name} ({project_id}) is active but has no status for the meeting {_d(meeting)}{since}",
                f"add a status row for {project_id} and {_d(meeting)}",
                "missing_status",
                f"{name} mangler status til mødet{since_da}",
                project_id,
                meeting,
            )
            if last is None or meeting - last > stale_after:
                out.add(
                    WARNING,
                    "status",
                    None,
                    "project_id",
                    project_id,
                    f"{name} ({project_id}): the latest status is older than "
                    f"{config.rules.stale_status_days} days at the meeting {_d(meeting)}",
                    "ask the project lead for an updated status",
                    "stale_status",
                    f"{name}: seneste status er ældre end {config.rules.stale_status_days} dage",
                    project_id,
                    meeting,
                )


def _check_risks(tables, out: _Collector) -> None:
    risks, assessments = tables["risks"], tables["risk_assessments"]
    assessed = set(assessments["risk_id"])
    for r in _rows(risks, (ROW, "risk_id", "title", "closed_date", "owner", "mitigation", "project_id")):
        is_open = r["closed_date"] is None or pd.isna(r["closed_date"])
        label = f"{r['risk_id']} {r['title']}"
        # An open risk's gaps concern every meeting while it stays open, so no single meeting is named.
        first_meeting = None
        if not is_open:
            continue
        if not r["owner"]:
            out.add(
                WARNING,
                "risks",
                r[ROW],
                "owner",
                None,
                f"open risk {label} has no owner",
                "name exactly one owner",
                "risk_without_owner",
                f"Risiko {label} har ingen ejer",
                r["project_id"],
                first_meeting,
            )
        elif _MULTIPLE_OWNERS.search(r["owner"]):
            out.add(
                WARNING,
                "risks",
                r[ROW],
                "owner",
                r["owner"],
                f"risk {label} names more than one owner",
                "name exactly one owner",
                "risk_several_owners",
                f"Risiko {label} har mere end én ejer",
                r["project_id"],
                first_meeting,
            )
        if not r["mitigation"]:
            out.add(
                WARNING,
                "risks",
                r[ROW],
                "mitigation",
                None,
                f"open risk {label} has no mitigation",
                "describe what is done about it",
                "risk_without_mitigation",
                f"Risiko {label} har ingen afbødning",
                r["project_id"],
                first_meeting,
            )
        if r["risk_id"] not in assessed:
            out.add(
                WARNING,
                "risks",
                r[ROW],
                "risk_id",
                r["risk_id"],
                f"open risk {label} has never been assessed",
                "add probability and impact in sheet risk_assessments",
                "risk_not_assessed",
                f"Risiko {label} er aldrig vurderet",
                r["project_id"],
                first_meeting,
            )
    if assessments.empty:
        return
    merged = assessments.merge(risks[["risk_id", "raised_date", "closed_date"]], on="risk_id", how="inner")
    early = merged[merged["meeting_date"] < merged["raised_date"] - pd.Timedelta(days=62)]
    for _, a in early.iterrows():
        out.add(
            WARNING,
            "risk_assessments",
            a[ROW],
            "meeting_date",
            a["meeting_date"],
            f"risk {a['risk_id']} assessed at a meeting long before it was raised ({_d(a['raised_date'])})",
            "check the meeting date or the risk's raised_date",
            "assessment_before_raised",
            meeting_date=a["meeting_date"],
        )


def _rows(frame: pd.DataFrame, columns) -> list[dict]:
    """The frame's rows as plain dicts of the given columns (far quicker than ``iterrows``)."""
    present = [c for c in columns if c in frame]
    return [dict(zip(present, values, strict=True)) for values in zip(*(frame[c] for c in present), strict=True)]


def _check_budget(tables, out: _Collector) -> None:
    # Plain dicts and tuples, not iterrows and MultiIndex lookups: a big portfolio has tens of thousands
    # of budget_history rows.
    budget, projects, history = tables["budget"], tables["projects"], tables["budget_history"]
    names = dict(zip(projects["project_id"], projects["name"], strict=True))
    granted_series = budget.set_index(["project_id", "source_id", "year"])["granted_dkk"]
    granted_series = granted_series[~granted_series.index.duplicated()]
    granted = dict(zip(granted_series.index, granted_series, strict=True))
    lines = set(granted)
    fields = (ROW, "project_id", "source_id", "year", "meeting_date", "granted_dkk", "spent_dkk", "forecast_dkk")

    def overspend(table, record, meeting):
        name = names.get(record["project_id"], record["project_id"])
        grant = granted.get((record["project_id"], record["source_id"], record["year"]), record.get("granted_dkk"))
        out.add(
            WARNING,
            table,
            record[ROW],
            "spent_dkk",
            f"{record['spent_dkk']:.0f}",
            f"{name}: spent {record['spent_dkk']:,.0f} DKK of {grant:,.0f} granted from {record['source_id']} "
            f"in {record['year']}",
            "check the figures, or record the extra grant",
            "overspend",
            f"{name}: forbrug over bevilling ({record['source_id']} {record['year']})",
            record["project_id"],
            meeting,
        )

    # With a history, each meeting's figures are checked for that meeting; the budget sheet's own figures
    # (today's) only where a line has no history.
    reported = set(zip(history["project_id"], history["source_id"], history["year"], strict=True))
    for b in _rows(budget[budget["spent_dkk"] > budget["granted_dkk"]], fields):
        if (b["project_id"], b["source_id"], b["year"]) not in reported:
            overspend("budget", b, None)
    if history.empty:
        return
    unknown: dict[tuple, list[int]] = {}
    overspent: list[int] = []  # positions, in row order
    keys = zip(history["project_id"], history["source_id"], history["year"], history["spent_dkk"], strict=True)
    for position, (*key, spent) in enumerate(keys):
        line = tuple(key)
        if line not in lines:
            unknown.setdefault(line, []).append(int(history[ROW].iat[position]))
        elif spent > granted[line]:
            overspent.append(position)
    for h in _rows(history.iloc[overspent], fields):  # all at once: a cell at a time is slow in pandas
        overspend("budget_history", h, h["meeting_date"])
    for line, rows in unknown.items():  # one error per missing line, however many meetings reported it
        more = f" (and {len(rows) - 1} more row(s): {', '.join(map(str, rows[1:6]))}{' …' if len(rows) > 6 else ''})"
        out.add(
            ERROR,
            "budget_history",
            rows[0],
            "project_id",
            " / ".join(map(str, line)),
            f"no budget line for project {line[0]}, source {line[1]} and year {line[2]} in sheet budget"
            + (more if len(rows) > 1 else ""),
            "add the line (with its grant) to sheet budget, or correct project_id, source_id or year",
            "unknown_budget_line",
        )
    latest_frame = history.sort_values("meeting_date").groupby(["project_id", "source_id", "year"]).tail(1)
    latest = {
        (project, source, year): {"spent_dkk": spent, "forecast_dkk": forecast, "meeting_date": meeting}
        for project, source, year, spent, forecast, meeting in zip(
            latest_frame["project_id"],
            latest_frame["source_id"],
            latest_frame["year"],
            latest_frame["spent_dkk"],
            latest_frame["forecast_dkk"],
            latest_frame["meeting_date"],
            strict=True,
        )
    }
    for b in _rows(budget, fields):
        last_reported = latest.get((b["project_id"], b["source_id"], b["year"]))
        if last_reported is None:
            continue
        for column in ("spent_dkk", "forecast_dkk"):
            value, last = b[column], last_reported[column]
            if not pd.isna(value) and value != last:
                out.add(
                    WARNING,
                    "budget",
                    b[ROW],
                    column,
                    f"{value:.0f}",
                    f"{column} {value:,.0f} differs from the latest figure reported in budget_history "
                    f"({last:,.0f} for {_d(last_reported['meeting_date'])}); reports use the history",
                    "leave the cell blank, or make it the latest reported figure",
                    "budget_differs_from_history",
                )


def _check_history(tables, out: _Collector) -> None:
    """Milestone forecasts and re-baselines: the sheets' own cross-row rules."""
    milestones, forecasts = tables["milestones"], tables["milestone_forecasts"]
    if not forecasts.empty:
        latest = forecasts.sort_values("meeting_date").groupby("milestone_id").tail(1).set_index("milestone_id")
        # Vectorised: thousands of milestones. A reached milestone is not compared (the actual date rules).
        m = milestones[
            milestones["forecast_date"].notna()
            & milestones["milestone_id"].isin(latest.index)
            & milestones["actual_date"].isna()
        ]
        last_forecast = m["milestone_id"].map(latest["forecast_date"])
        last_meeting = m["milestone_id"].map(latest["meeting_date"])
        differs = last_forecast != m["forecast_date"]
        for row, milestone_id, forecast, last, meeting in zip(
            m[ROW][differs],
            m["milestone_id"][differs],
            m["forecast_date"][differs],
            last_forecast[differs],
            last_meeting[differs],
            strict=True,
        ):
            out.add(
                WARNING,
                "milestones",
                row,
                "forecast_date",
                forecast,
                f"milestone {milestone_id}: forecast {_d(forecast)} differs from the latest "
                f"one reported in milestone_forecasts ({_d(last)} for {_d(meeting)}); reports use the history",
                "leave the cell blank, or make it the latest reported forecast",
                "milestone_differs_from_history",
            )
    starts = dict(zip(tables["projects"]["project_id"], tables["projects"]["start_date"], strict=True))
    for _, b in tables["baselines"].iterrows():
        start = starts.get(b["project_id"])
        if (
            start is not None
            and not pd.isna(start)
            and not pd.isna(b["baseline_end_date"])
            and b["baseline_end_date"] <= start
        ):
            out.add(
                ERROR,
                "baselines",
                b[ROW],
                "baseline_end_date",
                b["baseline_end_date"],
                f"the new baseline end date is not after the project's start date {_d(start)}",
                "correct the date",
                "date_order",
            )


def _check_papers(tables, out: _Collector, today: pd.Timestamp) -> None:
    """The papers' records: decisions only for held meetings; follow-up actions with owner, due date and
    dates that agree with the meeting that raised them and with their status."""
    agenda = tables["agenda"]
    if not agenda.empty:
        decided = agenda[agenda["decision"].notna() & (agenda["meeting_date"] > today)]
        for _, item in decided.iterrows():
            out.add(
                ERROR,
                "agenda",
                item[ROW],
                "decision",
                item["decision"][:40],
                f"a decision is recorded for the meeting {_d(item['meeting_date'])}, which has not been held yet "
                f"(today is {_d(today)})",
                "leave the decision blank until the meeting has been held, or correct the meeting_date",
                "decision_before_meeting",
            )
    actions = tables["actions"]
    if actions.empty:
        return
    for _, a in actions[actions["meeting_date"] > today].iterrows():
        out.add(
            ERROR,
            "actions",
            a[ROW],
            "meeting_date",
            a["meeting_date"],
            f"action {a['action_id']} is raised at the meeting {_d(a['meeting_date'])}, which has not been held yet "
            f"(today is {_d(today)})",
            "record actions after the meeting that raises them, or correct the meeting_date",
            "action_before_meeting",
        )
    for first, second, message in (
        ("meeting_date", "due_date", "due before the meeting that raised it ({first})"),
        ("meeting_date", "closed_date", "closed before the meeting that raised it ({first})"),
    ):
        _check_pair(actions, out, "actions", first, second, message, "correct one of the two dates")
    fields = (ROW, "action_id", "status", "closed_date", "owner_org", "owner_person", "due_date", "project_id")
    for a in _rows(actions, fields):
        closed = a["closed_date"] is not None and not pd.isna(a["closed_date"])
        if a["status"] in ("done", "cancelled") and not closed:
            out.add(
                ERROR,
                "actions",
                a[ROW],
                "closed_date",
                None,
                f"action {a['action_id']} is {a['status']} but has no closed_date",
                "enter the date it was done or cancelled (reports need it to show when it was closed)",
                "action_closed_without_date",
            )
        elif a["status"] == "open" and closed:
            out.add(
                ERROR,
                "actions",
                a[ROW],
                "status",
                a["status"],
                f"action {a['action_id']} has a closed_date ({_d(a['closed_date'])}) but is still open",
                "set the status to done or cancelled, or clear the closed_date",
                "action_open_with_date",
            )
        # Gaps that reports list under Datakvalitet for the meetings at which the action is open.
        if not a["owner_org"] and not a["owner_person"]:
            out.add(
                WARNING,
                "actions",
                a[ROW],
                "owner_org",
                None,
                f"action {a['action_id']} has no owner",
                "name the organisation (owner_org) or person (owner_person) responsible",
                "action_without_owner",
                f"Opfølgningspunkt {a['action_id']} har ingen ansvarlig",
                a["project_id"],
            )
        if a["due_date"] is None or pd.isna(a["due_date"]):
            out.add(
                WARNING,
                "actions",
                a[ROW],
                "due_date",
                None,
                f"action {a['action_id']} has no due date",
                "enter the date it is due",
                "action_without_due_date",
                f"Opfølgningspunkt {a['action_id']} har ingen frist",
                a["project_id"],
            )


def _disagrees(direction, baseline, target) -> bool:
    """A direction that contradicts where the target lies from the baseline (lower is better, target above)."""
    if direction is None or pd.isna(baseline) or pd.isna(target) or baseline == target:
        return False
    return (direction == "higher") != (target > baseline)


def _check_benefits(tables, out: _Collector) -> None:
    """The benefits register: a reachable target, a consistent direction, owner and baseline (warnings)."""
    benefits = tables["benefits"]
    if benefits.empty:
        return
    _check_pair(
        benefits,
        out,
        "benefits",
        "realisation_start",
        "target_date",
        "the target date must be after the realisation start {first}",
        "correct one of the two dates",
        strict=True,
    )
    fields = (ROW, "benefit_id", "title", "baseline", "target", "direction", "owner", "kind", "planned_dkk_per_year")
    for b in _rows(benefits, (*fields, "project_id")):
        label = f"{b['benefit_id']} {b['title']}"
        if not pd.isna(b["baseline"]) and b["target"] == b["baseline"]:
            out.add(
                ERROR,
                "benefits",
                b[ROW],
                "target",
                f"{b['target']:g}",
                f"benefit {label}: the target equals the baseline, so nothing is to be realised",
                "enter the value the project should bring the benefit to, or correct the baseline",
                "target_equals_baseline",
            )
        if _disagrees(b["direction"], b["baseline"], b["target"]):
            out.add(
                ERROR,
                "benefits",
                b[ROW],
                "direction",
                b["direction"],
                f"benefit {label}: direction is '{b['direction']}' but the target {b['target']:g} lies "
                f"{'below' if b['target'] < b['baseline'] else 'above'} the baseline {b['baseline']:g}",
                "correct the direction, or swap baseline and target",
                "direction_contradicts_target",
            )
        missing = [
            (column, what, what_da)
            for column, what, what_da in (("owner", "owner", "ejer"), ("baseline", "baseline", "baseline"))
            if b[column] is None or (not isinstance(b[column], str) and pd.isna(b[column]))
        ]
        for column, what, what_da in missing:
            out.add(
                WARNING,
                "benefits",
                b[ROW],
                column,
                None,
                f"benefit {label} has no {what}"
                + ("; its achievement cannot be worked out" if column == "baseline" else ""),
                "name the person or organisation that answers for the benefit"
                if column == "owner"
                else "enter the value before the project (measure it if it is not known)",
                f"benefit_without_{column}",
                f"Gevinst {label} har ingen {what_da}",
                b["project_id"],
            )
        if b["kind"] == "economic" and pd.isna(b["planned_dkk_per_year"]):
            out.add(
                WARNING,
                "benefits",
                b[ROW],
                "planned_dkk_per_year",
                None,
                f"economic benefit {label} has no planned_dkk_per_year; its value in DKK cannot be shown",
                "enter the planned value in DKK per year once the target is reached",
                "economic_benefit_without_dkk",
                f"Økonomisk gevinst {label} har ingen planlagt værdi i kr. pr. år",
                b["project_id"],
            )


def _check_indicators(tables, out: _Collector) -> None:
    """Indicators' direction, percentages against their numerator and denominator, and stated area targets."""
    indicators = tables["indicators"]
    for _, i in indicators.iterrows():
        baseline = 0.0 if pd.isna(i["baseline"]) else i["baseline"]
        if _disagrees(i["direction"], baseline, i["target"]):
            out.add(
                ERROR,
                "indicators",
                i[ROW],
                "direction",
                i["direction"],
                f"indicator {i['indicator_id']}: direction is '{i['direction']}' but the target {i['target']:g} lies "
                f"{'below' if i['target'] < baseline else 'above'} the baseline {baseline:g}",
                "correct the direction, the baseline or the target",
                "direction_contradicts_target",
            )
    values = tables["indicator_values"]
    both = values[values["numerator"].notna() & values["denominator"].notna() & (values["denominator"] > 0)]
    # Values are usually rounded to one decimal: half a tenth of a percentage point is rounding, more is a mismatch.
    off = both[(100 * both["numerator"] / both["denominator"] - both["value"]).abs() > 0.05 + 1e-9]
    for _, v in off.iterrows():
        out.add(
            WARNING,
            "indicator_values",
            v[ROW],
            "value",
            f"{v['value']:g}",
            f"indicator {v['indicator_id']}, {v['period']}, area {v['area_id']}: value {v['value']:g} differs from "
            f"100 × {v['numerator']:g} / {v['denominator']:g} = {100 * v['numerator'] / v['denominator']:.2f}",
            "correct the value, the numerator or the denominator",
            "indicator_value_disagrees",
            f"Indikator {v['indicator_id']} ({v['period']}, {v['area_id']}): værdien passer ikke med tæller og nævner",
        )
    targets, areas = tables["indicator_targets"], tables["areas"]
    if targets.empty or areas.empty:
        return
    municipal = set(areas.loc[areas["kind"] == "municipality", "area_id"])
    stated = targets[targets["area_id"].isin(municipal)].groupby("indicator_id")["target"].agg(["sum", "size"])
    national = dict(zip(indicators["indicator_id"], indicators["target"], strict=True))
    for indicator_id, row in stated.iterrows():
        total = national.get(indicator_id)
        if (
            row["size"] == len(municipal)
            and total is not None
            and not pd.isna(total)
            and abs(row["sum"] - total) > 1e-6
        ):
            out.add(
                WARNING,
                "indicator_targets",
                None,
                "target",
                f"{row['sum']:g}",
                f"indicator {indicator_id}: the municipalities' targets add up to {row['sum']:g}, not to the "
                f"indicator's target {total:g}",
                "correct the area targets or the indicator's target in sheet indicators",
                "indicator_targets_do_not_add_up",
                f"Indikator {indicator_id}: kommunernes mål summer til {row['sum']:g}, ikke til {total:g}",
            )


__all__ = ["validate"]
