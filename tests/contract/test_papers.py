"""The papers' records in the contract: follow-up actions, decisions on the agenda, exception reports.

Validation (located, all at once), and what was known at a date (as_known_at) for actions and decisions.
"""

from __future__ import annotations

import pandas as pd

from conftest import load_tiny, tiny_rows, write_csv_folder
from dap_reports import check_portfolio
from dap_reports.contract.history import as_known_at, known_tables
from dap_reports.contract.schema import table
from dap_reports.errors import ERROR, WARNING


def action(action_id="A1", meeting="2026-01-14", due="2026-02-28", status="open", closed="", **kw) -> dict:
    row = {
        "action_id": action_id,
        "meeting_date": meeting,
        "project_id": "P1",
        "text": "Fremlægge revideret tidsplan",
        "owner_org": "KL",
        "owner_person": "Projektleder",
        "due_date": due,
        "status": status,
        "closed_date": closed,
        "note": "",
    }
    row.update(kw)
    return row


def _check(tmp_path, edit):
    rows = tiny_rows()
    edit(rows)
    return check_portfolio(write_csv_folder(tmp_path / "papers", rows))


def test_actions_and_exceptions_are_optional_sheets_and_agenda_columns_optional(tiny):
    portfolio, problems = check_portfolio(tiny)  # the tiny workbook predates them
    assert portfolio is not None and not [p for p in problems if p.severity == ERROR]
    assert portfolio.actions.empty and portfolio.exceptions.empty
    assert portfolio.agenda["decision"].isna().all()
    assert table("actions").optional_table and table("exceptions").optional_table
    assert all(table("agenda").column(c).optional_column for c in ("presenter", "recommendation", "decision"))


def test_action_without_owner_or_due_date_is_a_warning(tmp_path):
    def edit(rows):
        rows["actions"] = [
            action("A1", owner_org="", owner_person=""),
            action("A2", due=""),
            action("A3", owner_org="", owner_person="Projektleder"),  # a person alone is an owner
        ]

    portfolio, problems = _check(tmp_path, edit)
    assert portfolio is not None
    found = {(p.code, p.row, p.column) for p in problems if p.file == "actions.csv"}
    assert found == {("action_without_owner", 2, "owner_org"), ("action_without_due_date", 3, "due_date")}
    assert all(p.severity == WARNING for p in problems if p.file == "actions.csv")


def test_papers_errors_are_located_and_reported_all_at_once(tmp_path):
    def edit(rows):
        rows["actions"] = [
            action("A1", due="2026-01-10"),  # due before the meeting that raised it (row 2)
            action("A2", status="done", closed="2026-01-02"),  # closed before it was raised (row 3)
            action("A3", meeting="2026-02-01"),  # no meeting that day (row 4)
            action("A4", status="done"),  # done without a closed date (row 5)
            action("A5", closed="2026-02-01"),  # open with a closed date (row 6)
        ]
        rows["meetings"].append(
            {
                "meeting_date": "2099-03-11",
                "kind": "ordinary",
                "agenda_sent_date": "",
                "minutes_sent_date": "",
                "notes": "Planlagt",
            }
        )
        rows["agenda"].append(
            {
                "meeting_date": "2099-03-11",
                "project_id": "P1",
                "item": "decision",
                "title": "Ændringsanmodning",
                "decision": "Styregruppen godkendte ændringen.",  # row 3 of the agenda: not held yet
            }
        )
        rows["agenda"][0]["decision"] = ""

    portfolio, problems = _check(tmp_path, edit)
    assert portfolio is None
    errors = {(p.file, p.row, p.column, p.code) for p in problems if p.severity == ERROR}
    assert errors == {
        ("actions.csv", 2, "due_date", "date_order"),
        ("actions.csv", 3, "closed_date", "date_order"),
        ("actions.csv", 4, "meeting_date", "unknown_reference"),
        ("actions.csv", 5, "closed_date", "action_closed_without_date"),
        ("actions.csv", 6, "status", "action_open_with_date"),
        ("agenda.csv", 3, "decision", "decision_before_meeting"),
    }
    messages = {p.code: p.message for p in problems}
    assert "2099-03-11, which has not been held yet" in messages["decision_before_meeting"]
    assert "unknown meeting '2026-02-01'" in messages["unknown_reference"]


def test_an_action_raised_at_a_meeting_not_yet_held_is_an_error(tmp_path):
    def edit(rows):
        rows["meetings"].append(
            {
                "meeting_date": "2099-01-14",
                "kind": "ordinary",
                "agenda_sent_date": "",
                "minutes_sent_date": "",
                "notes": "",
            }
        )
        rows["actions"] = [action("A1", meeting="2099-01-14", due="2099-02-01")]

    _, problems = _check(tmp_path, edit)
    assert [(p.row, p.code) for p in problems if p.severity == ERROR] == [(2, "action_before_meeting")]


def _history(rows):
    rows["meetings"].append(
        {
            "meeting_date": "2026-05-13",
            "kind": "ordinary",
            "agenda_sent_date": "",
            "minutes_sent_date": "",
            "notes": "",
        }
    )
    rows["agenda"] = [
        {
            "meeting_date": "2026-01-14",
            "project_id": "",
            "item": "status",
            "title": "Status",
            "decision": "Taget til efterretning.",
        },
        {
            "meeting_date": "2026-03-11",
            "project_id": "P2",
            "item": "beslutning",
            "title": "Pilot",
            "decision": "Godkendt.",
        },
    ]
    rows["actions"] = [
        action("A1", meeting="2026-01-14", due="2026-02-28", status="done", closed="2026-03-20"),
        action("A2", meeting="2026-01-14", due="2026-02-28", status="cancelled", closed="2026-03-11"),
        action("A3", meeting="2026-03-11", due="2026-04-30"),
    ]
    rows["exceptions"] = [
        {
            "project_id": "P1",
            "meeting_date": "2026-03-11",
            "cause": "Leverandør",
            "consequences": "",
            "options": "",
            "recommendation": "Ny plan",
        }
    ]


def test_as_known_at_removes_a_meetings_outcomes_until_it_has_been_held(tmp_path):
    p = load_tiny(tmp_path, _history)
    march = known_tables(p.tables, "2026-03-11")
    # Actions raised at the March meeting are its outcome: not known going into it.
    assert march["actions"]["action_id"].tolist() == ["A1", "A2"]
    # A1 was closed after the meeting: open again, closed date blank. A2, cancelled on the day, stays closed.
    state = march["actions"].set_index("action_id")
    assert state.loc["A1", "status"] == "open" and pd.isna(state.loc["A1", "closed_date"])
    assert state.loc["A2", "status"] == "cancelled" and state.loc["A2", "closed_date"] == pd.Timestamp("2026-03-11")
    # The March decision is blanked; January's stays. The exception report goes *to* March: kept.
    assert march["agenda"]["decision"].tolist() == ["Taget til efterretning.", None]
    assert len(march["exceptions"]) == 1
    assert known_tables(p.tables, "2026-03-10")["exceptions"].empty
    after = known_tables(p.tables, "2026-03-12")
    assert after["agenda"]["decision"].tolist() == ["Taget til efterretning.", "Godkendt."]
    assert after["actions"]["action_id"].tolist() == ["A1", "A2", "A3"]
    assert as_known_at(p, "2026-03-11").actions["status"].tolist() == ["open", "cancelled"]
