"""The secretariat's papers for a meeting: the agenda (*dagsorden*) and the minutes (*referat*).

Both are worked out here as one :class:`Paper` — the header block, the participants, the numbered
items with their recommendation (*indstilling*), background and presenter, and, for the minutes, the
decision recorded for each item and the follow-up actions the meeting raised. The HTML sections
(:mod:`.sections`) and the editable Word document (``dap_reports.run.word``) are both drawn from the
same Paper, so the three formats cannot say different things.

Rules
-----
* **Items** are the meeting's rows of the ``agenda`` sheet, numbered 1, 2, … in sheet order (the same
  numbers as the status report's agenda). "Eventuelt" comes last: the sheet's own item of that name, or
  one the paper adds; it has no kind and no recommendation, and its minutes are the ``decision`` cell
  (a placeholder when blank, not counted as a missing decision).
* **Recommendation**: the item's ``recommendation`` cell. A decision item without one gets a visible
  placeholder (:data:`MISSING_RECOMMENDATION`); an orientation, status or theme item the standard wording
  (:data:`STANDARD_RECOMMENDATION`), marked ``recommendation_standard``. A project's exception report for
  this meeting (sheet ``exceptions``) is shown with the project's first decision item of the meeting; its
  recommendation stands in for a blank item recommendation.
* **Attachments**: the meeting's reports (status overview and risk report, as PDF) go with its status
  item(s) — with the first item when there is no status item — and every item's own ``attachments``
  (file names separated by ';'). They are numbered per item: *Bilag 1.1*, *1.2*, ….
* **Participants**: the organisations sheet's chair, members, secretariat and programme office as they were at
  the meeting; invited guests by the
  ``invite_when_track`` rule (Sundhedsstyrelsen when *Digitale forløbsplaner* is on the agenda). The
  ``invited`` role alone does not invite an organisation to every meeting.
* **Deadlines**: the agenda is due ``agenda_days_before`` days before the meeting, the minutes
  ``minutes_days_after`` days after it (``portfolio.yaml``).
* **Minutes**: each item's ``decision`` cell, or ``None`` (the paper prints :data:`MISSING_DECISION`);
  the actions raised at the meeting go with the first item for their project, the rest (portfolio-level
  actions, or projects not on the agenda) are listed after the items; the actions carried forward are
  those open after the meeting (:func:`queries.actions_as_of` including the ones it raised), ``overdue``
  where the due date is before the meeting.
* **Agenda**: a paper made before the meeting, so it reads no decision or action of the meeting itself;
  it lists the actions open going into the meeting for reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ...contract.parsing import is_blank
from ...contract.portfolio import Portfolio
from .. import MEETING, kinds
from ..common import queries as q
from ..common.frames import timestamp
from ..status import computations as sr

AGENDA, MINUTES = "agenda", "minutes"
EVENTUELT = "Eventuelt"
MISSING_RECOMMENDATION = "[Indstilling mangler]"
MISSING_DECISION = "[Beslutning ikke registreret – indsættes]"
MISSING_PLACE = "[Sted angives]"
MISSING_NOTE = "[Referat indsættes]"  # the minutes of an "Eventuelt" the paper added
STANDARD_RECOMMENDATION = {
    "status": "Det indstilles, at styregruppen tager porteføljeoverblikket til efterretning.",
    "orientation": "Det indstilles, at styregruppen tager orienteringen til efterretning.",
    "theme": "Det indstilles, at styregruppen drøfter temaet.",
}
REPORT_FORMAT = "pdf"  # the meeting's reports travel with the papers as (tagged) PDF


@dataclass
class PaperItem:
    number: int
    kind: str | None  # AGENDA_ITEM value; None for "Eventuelt" (the sheet's or one the paper adds)
    title: str
    project_id: str | None = None
    project_name: str | None = None
    presenter: str | None = None
    recommendation: str | None = None  # None only for an added "Eventuelt"
    recommendation_standard: bool = False  # the standard wording, not the sheet's
    recommendation_missing: bool = False  # a decision item without a recommendation: a placeholder is shown
    background: str | None = None
    attachments: list[str] = field(default_factory=list)
    exception: dict | None = None  # cause, consequences, options, recommendation (None where blank)
    decision: str | None = None  # minutes only; None = not recorded yet
    actions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=q.ACTION_COLUMNS))

    @property
    def is_decision(self) -> bool:
        return self.kind == "decision"


@dataclass
class Paper:
    kind: str  # AGENDA or MINUTES
    date: pd.Timestamp  # the meeting
    meeting_kind: str  # 'ordinary' | 'extra'
    number: int  # among the year's meetings of the same kind
    of: int
    paper_date: pd.Timestamp  # the date the paper carries (the day it was made)
    deadline: pd.Timestamp  # by when it must be sent
    sent_date: pd.Timestamp | None  # when the meetings sheet says it was sent, if it does
    unit: str | None
    case_number: str | None
    document_number: str | None
    location: str | None
    chair: list[str]
    members: list[str]
    secretariat: list[str]
    programme_office: list[str]
    invited: list[tuple[str, str]]  # (organisation, reason)
    items: list[PaperItem]
    other_actions: pd.DataFrame  # minutes: actions raised at the meeting that belong to no item
    open_actions: pd.DataFrame  # agenda: open going into the meeting; minutes: carried forward after it
    previous: pd.Timestamp | None
    next: pd.Timestamp | None

    @property
    def attachments(self) -> list[tuple[str, int, str]]:
        """(label, item number, file name): 'Bilag 1.1', … in item order."""
        return [
            (f"{item.number}.{k}", item.number, name)
            for item in self.items
            for k, name in enumerate(item.attachments, start=1)
        ]

    @property
    def missing_recommendations(self) -> list[int]:
        """Numbers of the decision items without a recommendation."""
        return [i.number for i in self.items if i.recommendation_missing]

    @property
    def missing_decisions(self) -> list[int]:
        """Numbers of the sheet's items whose decision is not recorded (the minutes show a placeholder)."""
        return [i.number for i in self.items if i.decision is None and i.kind is not None]


def _text(value) -> str | None:
    return None if is_blank(value) or not str(value).strip() else str(value).strip()


def report_files(date: pd.Timestamp) -> list[str]:
    """The meeting's reports as the papers name them: ``portefoljeoverblik-<date>.pdf``, ``risikorapport-…``."""
    return [f"{kind.slug}-{date:%Y-%m-%d}.{REPORT_FORMAT}" for kind in kinds(MEETING)]


def participants(p: Portfolio, date) -> dict[str, list[str]]:
    """Organisation names by role — chair, member, secretariat, programme_office — as they were at the meeting
    (an organisation that has ceased is not named; its successor is), in sheet order."""
    orgs = q.participants(p, date)
    return {
        role: list(orgs.loc[orgs["role"] == role, "name"])
        for role in ("chair", "member", "secretariat", "programme_office")
    }


def _items(p: Portfolio, date: pd.Timestamp, minutes: bool) -> list[PaperItem]:
    agenda = p.agenda_for(date)
    names = q.project_names(p)
    reports = q.exception_reports_as_of(p, date)
    reported_now = set(reports.index[reports["report_date"] == date])
    items: list[PaperItem] = []
    for number, row in enumerate(agenda.to_dict("records"), start=1):
        kind, project_id = row["item"], _text(row["project_id"])
        if str(row["title"]).strip().lower() == EVENTUELT.lower():
            kind = None  # "Eventuelt" is no item to recommend anything on, whatever kind the sheet gives it
        recommendation = _text(row.get("recommendation"))
        item = PaperItem(
            number=number,
            kind=kind,
            title=str(row["title"]),
            project_id=project_id,
            project_name=names.get(project_id) if project_id else None,
            presenter=_text(row.get("presenter")),
            background=_text(row.get("background")),
            attachments=[a.strip() for a in (_text(row.get("attachments")) or "").split(";") if a.strip()],
            decision=_text(row.get("decision")) if minutes else None,
        )
        if (
            kind == "decision"
            and project_id in reported_now
            and not any(i.exception is not None and i.project_id == project_id for i in items)
        ):
            report = reports.loc[str(project_id)]
            item.exception = {c: report[c] for c in ("cause", "consequences", "options", "recommendation")}
            recommendation = recommendation or item.exception["recommendation"]
        if recommendation is None and kind in STANDARD_RECOMMENDATION:
            recommendation, item.recommendation_standard = STANDARD_RECOMMENDATION[kind], True
        item.recommendation = recommendation
        item.recommendation_missing = recommendation is None and kind is not None
        items.append(item)
    status_items = [i for i in items if i.kind == "status"] or items[:1]
    for item in status_items:
        item.attachments = [*report_files(date), *item.attachments]
    if not any(i.title.strip().lower() == EVENTUELT.lower() for i in items):
        items.append(PaperItem(number=len(items) + 1, kind=None, title=EVENTUELT))
    return items


def _paper(p: Portfolio, date, kind: str, parameters: dict | None, made) -> Paper:
    parameters = parameters or {}
    h = sr.meeting_header(p, date)
    meeting = p.meeting(h.date)
    minutes = kind == MINUTES
    items = _items(p, h.date, minutes)
    roles = participants(p, h.date)
    other = pd.DataFrame(columns=q.ACTION_COLUMNS)
    if minutes:
        raised = q.actions_as_of(p, h.date, raised_at_meeting=True)
        carried = raised[raised["state"] == "open"].reset_index(drop=True)
        raised = raised[raised["meeting_date"] == h.date].sort_values("action_id")
        owner = {}
        for item in items:
            if item.project_id and item.project_id not in owner:
                owner[item.project_id] = item
        for item in items:
            item.actions = raised[
                raised["project_id"].map(lambda pid, it=item: owner.get(pid) is it and pid is not None)
            ].reset_index(drop=True)
        other = raised[~raised["project_id"].isin(list(owner))].reset_index(drop=True)
    else:
        carried = q.actions_as_of(p, h.date)
        carried = carried[carried["state"] == "open"].reset_index(drop=True)
    made = pd.Timestamp(made).tz_localize(None).normalize() if made else pd.Timestamp.today().normalize()
    return Paper(
        kind=kind,
        date=h.date,
        meeting_kind=h.kind,
        number=h.number,
        of=h.of,
        paper_date=made,
        deadline=h.minutes_deadline if minutes else h.agenda_deadline,
        sent_date=timestamp(meeting["minutes_sent_date" if minutes else "agenda_sent_date"]),
        unit=_text(parameters.get("unit")),
        case_number=_text(parameters.get("case_number")),
        document_number=_text(parameters.get("document_number")),
        location=_text(parameters.get("location")),
        chair=roles["chair"],
        members=roles["member"],
        secretariat=roles["secretariat"],
        programme_office=roles["programme_office"],
        invited=h.invited,
        items=items,
        other_actions=other,
        open_actions=carried,
        previous=h.previous,
        next=h.next,
    )


def agenda(p: Portfolio, date, parameters: dict | None = None, made=None) -> Paper:
    """The agenda (*dagsorden*) of meeting ``date``. ``parameters`` give the header block (unit, case_number,
    document_number, location); ``made`` is the date the paper carries (default today)."""
    return _paper(p, date, AGENDA, parameters, made)


def minutes(p: Portfolio, date, parameters: dict | None = None, made=None) -> Paper:
    """The minutes (*referat*) of meeting ``date``, as a draft where decisions are not yet recorded."""
    return _paper(p, date, MINUTES, parameters, made)


def paper(p: Portfolio, kind: str, date, parameters: dict | None = None, made=None) -> Paper:
    """The paper of ``kind`` ('agenda' or 'minutes')."""
    if kind not in (AGENDA, MINUTES):
        raise ValueError(f"unknown paper {kind!r}; choose {AGENDA} or {MINUTES}")
    return _paper(p, date, kind, parameters, made)


__all__ = [
    "AGENDA",
    "MINUTES",
    "MISSING_DECISION",
    "MISSING_NOTE",
    "MISSING_RECOMMENDATION",
    "Paper",
    "PaperItem",
    "agenda",
    "minutes",
    "paper",
    "participants",
    "report_files",
]
