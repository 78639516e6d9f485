"""One project's form content: its rows as known before the meeting, which the form is pre-filled with.

"Before the meeting" is the day before it: the previous status, each open risk's latest assessment,
each milestone's latest forecast and each budget line's latest spend, as the reports of earlier meetings
showed them (the same rules, :mod:`dap_reports.reports.common.queries`). The benefits are shown as the
meeting's reports assess them (:func:`dap_reports.reports.benefits.computations.assess`): the latest
measurement dated on or before the meeting. The form's hidden sheet keeps this content as text
(:meth:`FormContent.record`), so ``collect`` can tell whether the portfolio has changed under a form since
it was made.

Who gets a form: the projects active at the meeting, and the closed projects whose benefits are still in
view by the benefits rules (followed after closing while they are realised). A closed project's form asks
for benefit measurements only: it has no status, risks, milestones, budget or change requests to report.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import pandas as pd

from ..contract.parsing import is_blank
from ..contract.portfolio import Portfolio, as_date
from ..reports.benefits import computations as benefits
from ..reports.common import queries
from .layout import BENEFITS, STATUS_FIELDS, SheetSpec, sheet_specs

DONE_COLUMNS = ("done_date", "completed_date", "closed_date")  # an action with one of these set is done


def text_of(type_: str, value: object) -> str:
    """A value as canonical text: ISO dates, plain numbers, canonical enumeration values, "" for blank."""
    if value is None or is_blank(value):
        return ""
    try:
        if pd.isna(value):  # type: ignore[call-overload]
            return ""
    except (TypeError, ValueError):
        pass
    if type_ == "date":
        return pd.Timestamp(value).strftime("%Y-%m-%d")  # type: ignore[arg-type]
    if type_ in ("int", "number"):
        if isinstance(value, str):  # text a lead typed over a locked number, as it stands
            return value.strip()
        number = float(value)  # type: ignore[arg-type]
        return str(int(number)) if number.is_integer() else repr(number)
    return str(value)


def asked_status_fields(record: dict) -> tuple[str, ...]:
    """The status fields a form asks, from its record (a form made before the benefits RAG has no list)."""
    asked = record.get("status_fields")
    if asked is None:
        return tuple(f.key for f in STATUS_FIELDS if not f.needs_benefits)
    return tuple(asked)


def reply_deadline(portfolio: Portfolio, meeting: pd.Timestamp) -> pd.Timestamp:
    """The agenda deadline (meeting minus ``agenda_days_before`` days) minus ``forms_reply_days_before_agenda`` days."""
    config = portfolio.config
    return meeting - pd.Timedelta(days=config.agenda_days_before + config.forms_reply_days_before_agenda)


@dataclass
class FormContent:
    project_id: str
    project_name: str
    project_lead: str
    meeting_date: pd.Timestamp
    reply_by: pd.Timestamp
    previous_meeting: pd.Timestamp | None  # the meeting the previous status was reported for
    status_previous: dict[str, object]  # typed values of the previous status ({} if never reported)
    status_prefill: dict[str, object]  # what the status inputs start with
    status_fields: tuple[str, ...] = ()  # the status fields the form asks; none: a closed project's form
    rows: dict[str, list[dict[str, object]]] = field(default_factory=dict)  # sheet key -> rows (the form's sheets)

    def row_key(self, spec: SheetSpec, row: dict) -> str:
        return " / ".join(text_of(spec.field(k).type, row.get(k)) for k in spec.id_fields)

    def record(self) -> dict:
        """The content as text, for the hidden sheet and for comparing with the portfolio later."""
        types = {f.key: f.type for f in STATUS_FIELDS}
        sections: dict[str, dict[str, dict[str, str]]] = {}
        for spec in sheet_specs():
            if spec.key not in self.rows:
                continue
            sections[spec.key] = {
                self.row_key(spec, row): {f.key: text_of(f.type, row.get(f.key)) for f in spec.fields}
                for row in self.rows.get(spec.key, [])
            }
        return {
            "project_id": self.project_id,
            "meeting_date": text_of("date", self.meeting_date),
            "previous_meeting": text_of("date", self.previous_meeting),
            "status_previous": {k: text_of(types[k], v) for k, v in self.status_previous.items()},
            "status_prefill": {k: text_of(types[k], v) for k, v in self.status_prefill.items()},
            "status_fields": list(self.status_fields),
            "sections": sections,
        }

    def fingerprint(self) -> str:
        return record_fingerprint(self.record())


def record_fingerprint(record: dict) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def form_content(portfolio: Portfolio, project_id: str, meeting) -> FormContent:
    """What project ``project_id``'s form for ``meeting`` is pre-filled with."""
    meeting = as_date(meeting)
    before = meeting - pd.Timedelta(days=1)
    project = portfolio.project(project_id)
    assessed = benefits.assess(portfolio, meeting)
    own_benefits = _benefits(assessed[assessed["project_id"] == project_id])
    content = FormContent(
        project_id=project_id,
        project_name=str(project["name"]),
        project_lead="" if is_blank(project["project_lead"]) else str(project["project_lead"]),
        meeting_date=meeting,
        reply_by=reply_deadline(portfolio, meeting),
        previous_meeting=None,
        status_previous={},
        status_prefill={},
    )
    if project_id not in active_project_ids(portfolio, meeting):
        content.rows = {BENEFITS.key: own_benefits}  # closed, its benefits still followed: measurements only
        return content
    status_previous, previous_meeting = _previous_status(portfolio, project_id, before)
    prefill = {f.key: status_previous.get(f.key) for f in STATUS_FIELDS if f.prefill}
    if is_blank(prefill.get("phase")):
        prefill["phase"] = project["phase"]
    if is_blank(prefill.get("reported_by")):
        prefill["reported_by"] = project["project_lead"]
    content.status_previous, content.previous_meeting, content.status_prefill = (
        status_previous,
        previous_meeting,
        prefill,
    )
    content.status_fields = tuple(f.key for f in STATUS_FIELDS if own_benefits or not f.needs_benefits)
    content.rows = {
        "risks": _risks(portfolio, project_id, before),
        "milestones": _milestones(portfolio, project_id, before),
        "budget": _budget(portfolio, project_id, meeting.year, before),
        "change_requests": _change_requests(portfolio, project_id, before),
    }
    if has_benefits_register(portfolio):
        content.rows[BENEFITS.key] = own_benefits
    if any(spec.key == "actions" for spec in sheet_specs()):
        content.rows["actions"] = _actions(portfolio, project_id, before)
    return content


def has_benefits_register(portfolio: Portfolio) -> bool:
    """The portfolio keeps a benefits register (the sheet is optional): then every form has a Gevinster sheet."""
    register = portfolio.tables.get("benefits")
    return register is not None and not register.empty


def _none(value: object) -> object:
    return None if is_blank(value) or (not isinstance(value, str) and pd.isna(value)) else value  # type: ignore[call-overload]


def _previous_status(p: Portfolio, project_id: str, before: pd.Timestamp) -> tuple[dict, pd.Timestamp | None]:
    status = p.status
    rows = status[(status["project_id"] == project_id) & (status["meeting_date"] <= before)]
    if rows.empty:
        return {}, None
    last = rows.sort_values("meeting_date").iloc[-1]
    values = {f.key: _none(last[f.key]) if f.key in last.index else None for f in STATUS_FIELDS}
    return values, pd.Timestamp(last["meeting_date"])


def _risks(p: Portfolio, project_id: str, before: pd.Timestamp) -> list[dict]:
    risks = queries.open_risks_as_of(p, before)
    risks = risks[risks["project_id"] == project_id]
    rows = []
    for r in risks.to_dict("records"):
        rows.append(
            {
                "risk_id": r["risk_id"],
                "title": _none(r["title"]),
                "description": _none(r["description"]),
                "category": _none(r["category"]),
                "owner": _none(r["owner"]),
                "response": _none(r["response"]),
                "mitigation": _none(r["mitigation"]),
                "assessed_date": _none(r["assessed_date"]),
                "probability_before": _none(r["probability"]),
                "impact_before": _none(r["impact"]),
                "probability": _none(r["probability"]),
                "impact": _none(r["impact"]),
                "closed_date": None,
            }
        )
    return rows


def _milestones(p: Portfolio, project_id: str, before: pd.Timestamp) -> list[dict]:
    frame = queries.milestones_as_of(p, before)
    frame = frame[(frame["project_id"] == project_id) & frame["actual_date"].isna()]
    return [
        {
            "milestone_id": m["milestone_id"],
            "name": m["name"],
            "baseline_date": m["baseline_date"],
            "forecast_before": _none(m["forecast_date"]),
            "reported_for": _none(m["forecast_reported"]),
            "forecast_date": _none(m["forecast_date"]),
            "actual_date": None,
        }
        for m in frame.to_dict("records")
    ]


def _budget(p: Portfolio, project_id: str, year: int, before: pd.Timestamp) -> list[dict]:
    frame = queries.budget_as_of(p, year, before)
    frame = frame[frame["project_id"] == project_id]
    return [
        {
            "source_id": b["source_id"],
            "source_name": b["source_name"],
            "year": int(b["year"]),
            "granted_dkk": b["granted_dkk"],
            "spent_before": _none(b["spent_dkk"]),
            "forecast_before": _none(b["forecast_dkk"]),
            "reported_for": _none(b["reported_for"]),
            "spent_dkk": _none(b["spent_dkk"]),
            "forecast_dkk": _none(b["forecast_dkk"]),
        }
        for b in frame.to_dict("records")
    ]


def _change_requests(p: Portfolio, project_id: str, before: pd.Timestamp) -> list[dict]:
    crs = p.change_requests
    decided = crs["decision"].isin(["approved", "rejected"]) & (crs["decision_meeting_date"] <= before)
    pending = crs[(crs["project_id"] == project_id) & (crs["submitted_date"] <= before) & ~decided]
    return [
        {
            "cr_id": c["cr_id"],
            "submitted_date": c["submitted_date"],
            "description": c["description"],
            "time_impact_days": _none(c["time_impact_days"]),
            "cost_impact_dkk": _none(c["cost_impact_dkk"]),
            "scope_impact": _none(c["scope_impact"]),
            "decision": "pending",
            "decision_meeting_date": _none(c["decision_meeting_date"]),
        }
        for c in pending.to_dict("records")
    ]


def _actions(p: Portfolio, project_id: str, before: pd.Timestamp) -> list[dict]:
    frame = p.tables.get("actions")
    spec = next(s for s in sheet_specs() if s.key == "actions")
    if frame is None or frame.empty:
        return []
    if "project_id" in frame:
        frame = frame[frame["project_id"] == project_id]
    for column in DONE_COLUMNS:
        if column in frame:
            frame = frame[frame[column].isna() | (frame[column] > before)]
    return [{f.key: _none(a.get(f.key)) for f in spec.fields} for a in frame.to_dict("records")]


def _benefits(assessed: pd.DataFrame) -> list[dict]:
    """One project's benefits as the meeting's reports assess them: the register and the latest measurement."""
    return [
        {
            "benefit_id": b["benefit_id"],
            "title": b["title"],
            "unit": _none(b["unit"]),
            "baseline": _none(b["baseline"]),
            "target": _none(b["target"]),
            "direction": _none(b["direction"]),
            "target_date": _none(b["target_date"]),
            "value_before": _none(b["value"]),
            "measured_before": _none(b["measured_date"]),
            "measured_date": None,
            "value": None,
            "period": None,
            "note": None,
        }
        for b in assessed.to_dict("records")
    ]


def active_project_ids(portfolio: Portfolio, meeting) -> list[str]:
    """The projects active at a meeting (started on or before it, not closed before it), in project_id order."""
    return sorted(portfolio.active_projects(meeting)["project_id"])


def form_project_ids(portfolio: Portfolio, meeting) -> list[str]:
    """The projects that get a form for a meeting, in project_id order: the active ones, and the closed ones
    whose benefits the benefits rules still follow at the meeting (``rules.benefits.follow_up_months`` after
    closing, and at least until the target date)."""
    followed = benefits.assess(portfolio, as_date(meeting))["project_id"]
    return sorted(set(active_project_ids(portfolio, meeting)) | set(followed))


def record_differences(old: dict, new: dict) -> list[str]:
    """What differs between two content records, as short English lines (empty when equal)."""
    lines = []
    if old.get("previous_meeting") != new.get("previous_meeting"):
        lines.append(
            f"previous status now {new.get('previous_meeting') or 'none'} "
            f"(form: {old.get('previous_meeting') or 'none'})"
        )
    for part in ("status_previous", "status_prefill"):
        a, b = old.get(part, {}), new.get(part, {})
        for key in sorted(set(a) | set(b)):
            if a.get(key, "") != b.get(key, ""):
                lines.append(f"status {key}: {a.get(key) or '(blank)'} → {b.get(key) or '(blank)'}")
    asked, now = asked_status_fields(old), asked_status_fields(new)
    if asked != now:
        lines.append(f"status fields asked now: {', '.join(now) or 'none'} (form: {', '.join(asked) or 'none'})")
    for spec in sheet_specs():
        a, b = old.get("sections", {}).get(spec.key, {}), new.get("sections", {}).get(spec.key, {})
        for key in sorted(set(a) | set(b)):
            if key not in b:
                lines.append(f"{spec.key} {key}: no longer in the form")
            elif key not in a:
                lines.append(f"{spec.key} {key}: new since the form was made")
            else:
                for f in spec.fields:
                    if f.key not in spec.not_compared and a[key].get(f.key, "") != b[key].get(f.key, ""):
                        lines.append(
                            f"{spec.key} {key} {f.key}: {a[key].get(f.key) or '(blank)'} → "
                            f"{b[key].get(f.key) or '(blank)'}"
                        )
    return lines
