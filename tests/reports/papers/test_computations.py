"""The agenda and the minutes as computed (before any HTML or Word): figures from tests/papers_fixture.py."""

from __future__ import annotations

import pandas as pd
import pytest

from dap_reports.contract.history import as_known_at
from dap_reports.reports.context import ReportContext
from dap_reports.reports.papers import computations as pc
from dap_reports.reports.papers import sections
from papers_fixture import load

MARCH = "2026-03-11"


def test_agenda_items_recommendations_and_attachments(tmp_path):
    paper = pc.agenda(load(tmp_path), MARCH, {"unit": "Enhed for digital sundhed", "case_number": "2026-123"})
    assert [(i.number, i.kind, i.title) for i in paper.items] == [
        (1, "status", "Porteføljeoverblik"),
        (2, "decision", "Ændringsanmodning C1"),
        (3, "decision", "Pilot"),
        (4, "orientation", "Status for P1"),
        (5, None, "Eventuelt"),  # added: the sheet has none
    ]
    items = {i.number: i for i in paper.items}
    # A decision item without a recommendation gets a placeholder; an orientation item the standard wording.
    assert paper.missing_recommendations == [2] and items[2].recommendation is None
    assert items[3].recommendation == "Det indstilles, at piloten udvides."
    assert items[4].recommendation_standard and "tager orienteringen til efterretning" in items[4].recommendation
    assert items[2].presenter == "KL (projektejer)" and items[2].project_name == "Hurtigt patientoverblik"
    # The meeting's reports go with the status item, before its own attachment.
    assert items[1].attachments == ["portefoljeoverblik-2026-03-11.pdf", "risikorapport-2026-03-11.pdf", "notat.pdf"]
    assert [label for label, _, _ in paper.attachments] == ["1.1", "1.2", "1.3"]
    # Deadline 7 days before; the agenda was sent on 03-03 (meetings sheet); header from the parameters.
    assert paper.deadline == pd.Timestamp("2026-03-04") and paper.sent_date == pd.Timestamp("2026-03-03")
    assert (paper.unit, paper.case_number, paper.document_number) == ("Enhed for digital sundhed", "2026-123", None)
    # P2 (Digitale forløbsplaner) is on the agenda: Sundhedsstyrelsen is invited (terms of reference).
    assert paper.invited == [("Sundhedsstyrelsen", "Digitale forløbsplaner er på dagsordenen")]
    assert (paper.chair, paper.members, paper.programme_office) == (["Indenrigs- og Sundhedsministeriet"], ["KL"], [])
    # The agenda reads nothing the meeting itself decides.
    assert all(i.decision is None for i in paper.items) and all(i.actions.empty for i in paper.items)
    assert paper.open_actions["action_id"].tolist() == ["A1", "A4", "A5", "A6"]


def test_minutes_decisions_new_actions_and_carried_forward(tmp_path):
    paper = pc.minutes(load(tmp_path), MARCH)
    items = {i.number: i for i in paper.items}
    assert items[2].decision == "Godkendt." and items[3].decision is None
    assert paper.missing_decisions == [3, 4]  # the added "Eventuelt" is not counted
    # Raised at March: A3 (P1) goes with the first item for P1 (item 2); A8 has no project.
    assert items[2].actions["action_id"].tolist() == ["A3"]
    assert items[4].actions.empty  # P1's second item: A3 is listed once
    assert paper.other_actions["action_id"].tolist() == ["A8"]
    # Open after the meeting: A1 (closed 20-03), A8, A3, A4, A5, A6 by due date; A1 was due before the meeting.
    carried = paper.open_actions
    assert carried["action_id"].tolist() == ["A1", "A8", "A3", "A4", "A5", "A6"]
    assert carried["overdue"].tolist() == [True, False, False, False, False, False]
    assert paper.deadline == pd.Timestamp("2026-03-25")


def test_the_sheets_own_eventuelt_is_not_repeated(tmp_path):
    def edit(rows):
        from papers_fixture import edit as base

        base(rows)
        rows["agenda"].append(dict(rows["agenda"][-1], item="orientation", title="Eventuelt", decision=""))

    from conftest import load_tiny

    paper = pc.agenda(load_tiny(tmp_path, edit), "2026-05-13")
    assert [i.title for i in paper.items] == ["Porteføljeoverblik", "Eventuelt"]
    # The sheet calls it an orientation; the paper gives it no kind and no recommendation.
    assert (paper.items[1].kind, paper.items[1].recommendation, paper.missing_recommendations) == (None, None, [])


def test_an_exception_report_for_the_meeting_goes_with_the_projects_first_decision_item(tmp_path):
    def edit(rows):
        from papers_fixture import edit as base

        base(rows)
        rows["exceptions"][0]["meeting_date"] = MARCH

    from conftest import load_tiny

    paper = pc.agenda(load_tiny(tmp_path, edit), MARCH)
    items = {i.number: i for i in paper.items}
    assert items[2].exception["cause"] == "Leverandøren mangler udviklere"
    # Its recommendation stands in for the item's blank one.
    assert items[2].recommendation == "Ny plan med slutdato 30-06-2027" and not items[2].recommendation_missing
    assert items[4].exception is None


@pytest.mark.parametrize("kind", [pc.AGENDA, pc.MINUTES])
def test_papers_show_only_what_was_known(demo, kind):
    """The agenda of D is what was known at D; the minutes of D what was known once D was held (the day after)."""
    for date in demo.meeting_dates:
        later = date + pd.Timedelta(days=0 if kind == pc.AGENDA else 1)
        today = _html(demo, kind, date)
        then = _html(as_known_at(demo, later), kind, date)
        assert today == then, f"{kind} {date:%Y-%m-%d}"


def _html(portfolio, kind, date) -> str:
    ctx = ReportContext(portfolio, date, parameters={}, generated_at="2026-12-04T10:00:00+01:00")
    functions = (
        ("header", "agenda_meeting", "participants", "agenda_items", "agenda_attachments")
        if kind == pc.AGENDA
        else ("header", "minutes_meeting", "participants", "minutes_items", "carried_forward")
    )
    return "".join(getattr(sections, f)(ctx, kind) if f == "header" else getattr(sections, f)(ctx) for f in functions)
