"""Section 5 (Opfølgning) and the exception reports in section 4, with figures worked out by hand from
tests/papers_fixture.py (its docstring lists the actions)."""

from __future__ import annotations

import pandas as pd

from dap_reports.reports.common import queries as q
from dap_reports.reports.context import ReportContext
from dap_reports.reports.status import computations as sr
from dap_reports.reports.status import sections
from papers_fixture import load


def test_follow_up_in_march(tmp_path):
    f = sr.follow_up(load(tmp_path), "2026-03-11")
    assert (f.previous, f.next) == (pd.Timestamp("2026-01-14"), pd.Timestamp("2026-05-13"))
    # Raised before March and open at it: A1 (closed later, on 20-03), A4, A5, A6. A3 and A8 are March's own.
    assert f.open["action_id"].tolist() == ["A1", "A4", "A5", "A6"]
    # A1 was due 28-02 (before the meeting); A4 01-05 (before the next meeting, 13-05); A5 31-12; A6 none.
    assert f.open["due_state"].tolist() == ["overdue", "due_before_next", "later", "no_due_date"]
    assert f.overdue == 1 and f.due_before_next["action_id"].tolist() == ["A4"]
    # Closed after January and by March: A7 done 20-02 (due 01-03: on time), A2 cancelled on the day.
    assert f.closed_since["action_id"].tolist() == ["A7", "A2"]
    assert f.closed_since["state"].tolist() == ["done", "cancelled"]
    assert f.closed_since["closed_late"].tolist() == [False, False]
    # January's decision item: item 2, Projektgrundlag; the status item's note is not a decision.
    assert f.decisions[["number", "title", "decision"]].values.tolist() == [[2, "Projektgrundlag", "Godkendt."]]


def test_follow_up_in_may(tmp_path):
    f = sr.follow_up(load(tmp_path), "2026-05-13")
    # Overdue by due date: A8 (15-04), A3 (30-04), A4 (01-05); A5 later (no next meeting: 62 days ahead
    # is 14-07, A5 is due 31-12); A6 without a due date.
    assert f.open["action_id"].tolist() == ["A8", "A3", "A4", "A5", "A6"]
    assert f.overdue == 3 and f.due_before_next.empty
    # Closed after March: A1 on 20-03, after its due date 28-02: late. A2 closed on 11-03 belongs to March.
    assert f.closed_since["action_id"].tolist() == ["A1"] and f.closed_since["closed_late"].tolist() == [True]
    assert f.decisions[["number", "title", "decision"]].values.tolist() == [[2, "Ændringsanmodning C1", "Godkendt."]]


def test_actions_as_of_states_and_owners(tmp_path):
    p = load(tmp_path)
    march = q.actions_as_of(p, "2026-03-11").set_index("action_id")
    assert march.loc["A1", "state"] == "open" and pd.isna(march.loc["A1", "closed_date"])
    assert march.loc["A1", "owner"] == "KL" and march.loc["A6", "owner"] is None
    after = q.actions_as_of(p, "2026-03-11", raised_at_meeting=True).set_index("action_id")
    assert after.loc["A8", "owner"] == "Sekretariatet" and after.loc["A8", "project_name"] is None
    assert q.actions_as_of(p, "2026-03-20").set_index("action_id").loc["A1", "closed_late"]


def test_exceptions_carry_their_report_and_a_breach_without_one_is_a_data_quality_warning(tmp_path):
    p = load(tmp_path)
    january = sr.decisions(p, "2026-01-14").set_index("project_id")
    # P1 is within tolerance in January, but its exception report goes to that meeting: listed, within tolerance.
    assert january.loc["P1", "kind"] == "exception" and january.loc["P1", "within_tolerance"]
    assert january.loc["P1", "reason"].startswith("Afvigelsesrapport fra projektet")
    # P2 is 62 days late against 30 days' tolerance and has no report.
    assert not january.loc["P2", "within_tolerance"] and pd.isna(january.loc["P2", "report_date"])
    assert january.loc["P2", "recommendation"] is None
    quality = sr.data_quality(p, "2026-01-14")
    gaps = quality[quality["code"] == "exception_without_recommendation"]
    assert gaps["project_id"].tolist() == ["P2"]
    # In March P1 breaches (forecast 30-06-2027, 181 days after 31-12-2026; tolerance 60): January's report answers.
    march = sr.decisions(p, "2026-03-11")
    row = march[march["kind"] == "exception"].iloc[0]
    assert (row["project_id"], row["report_date"]) == ("P1", pd.Timestamp("2026-01-14"))
    assert (row["cause"], row["recommendation"]) == (
        "Leverandøren mangler udviklere",
        "Ny plan med slutdato 30-06-2027",
    )
    assert march[march["kind"] == "change_request"]["report_date"].isna().all()


def test_an_exception_report_without_recommendation_is_flagged_where_it_is(tmp_path):
    p = load(tmp_path, recommendation="")
    quality = sr.data_quality(p, "2026-03-11")
    gap = quality[quality["code"] == "exception_without_recommendation"].iloc[0]
    assert gap["project_id"] == "P1"
    assert gap["location"] == "exceptions.csv, row 2, column recommendation"
    html = sections.decisions(ReportContext(p, pd.Timestamp("2026-03-11")))
    assert "Afvigelsesrapporten har ingen indstilling" in html and "Leverandøren mangler udviklere" in html


def test_open_actions_without_owner_or_due_date_are_data_quality_notes_at_the_meetings_they_are_open(tmp_path):
    p = load(tmp_path)
    march = sr.data_quality(p, "2026-03-11")
    notes = march[march["code"].str.startswith("action_")]
    assert sorted(zip(notes["code"], notes["location"], strict=True)) == [
        ("action_without_due_date", "actions.csv, row 7, column due_date"),
        ("action_without_owner", "actions.csv, row 7, column owner_org"),
    ]
    # In January A6 is not raised yet (its own meeting): no note.
    assert not sr.data_quality(p, "2026-01-14")["code"].str.startswith("action_").any()


def test_follow_up_section_marks_overdue_in_red(tmp_path):
    html = sections.follow_up(ReportContext(load(tmp_path), pd.Timestamp("2026-05-13")))
    assert "5 åbne opfølgningspunkter fra tidligere møder: 3 med overskredet frist" in html
    assert html.count('class="nowrap flag">') == 3  # the three overdue due dates
    assert "udført for sent" in html  # A1, closed late
    assert "Ændringsanmodning C1" in html
