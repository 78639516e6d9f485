"""Section 8 of the annual roll-up: the decision log and how the year's actions were closed, per organisation.
Figures worked out by hand from tests/papers_fixture.py."""

from __future__ import annotations

import math

import pandas as pd

from dap_reports.reports.annual import computations as ar
from dap_reports.reports.annual import sections
from dap_reports.reports.context import ReportContext
from papers_fixture import load


def test_decision_log_lists_the_decision_items_of_the_year(tmp_path):
    log = ar.decision_log(load(tmp_path), 2026)
    assert log[["meeting_date", "number", "title", "decision"]].values.tolist() == [
        [pd.Timestamp("2026-01-14"), 2, "Projektgrundlag", "Godkendt."],
        [pd.Timestamp("2026-03-11"), 2, "Ændringsanmodning C1", "Godkendt."],
    ]
    assert ar.decision_log(load(tmp_path), 2025).empty


def test_actions_closed_on_time_late_open_per_organisation(tmp_path):
    # As of 31 December 2026: A7 on time; A1 late (20-03 after 28-02); A2 cancelled; A3, A4, A5, A6, A8 open,
    # of which A3 (30-04), A4 (01-05) and A8 (15-04) past their due date; A5 is due on 31-12 itself.
    frame = ar.actions_by_organisation(load(tmp_path), 2026, today="2027-01-10")
    rows = {r["org_name"]: r for r in frame.to_dict("records")}
    assert list(rows) == ["Indenrigs- og Sundhedsministeriet", "KL", ar.NO_ORGANISATION, "I alt"]
    counts = ["actions", "on_time", "late", "open", "cancelled", "overdue"]
    assert [rows["Indenrigs- og Sundhedsministeriet"][c] for c in counts] == [3, 1, 0, 2, 0, 1]  # A3, A5, A7
    assert [rows["KL"][c] for c in counts] == [3, 0, 1, 1, 1, 1]  # A1, A2, A4
    assert [rows[ar.NO_ORGANISATION][c] for c in counts] == [2, 0, 0, 2, 0, 1]  # A6, A8
    assert [rows["I alt"][c] for c in counts] == [8, 1, 1, 5, 1, 3]
    assert rows["Indenrigs- og Sundhedsministeriet"]["on_time_pct"] == 100.0 and rows["KL"]["on_time_pct"] == 0.0
    assert math.isnan(rows[ar.NO_ORGANISATION]["on_time_pct"]) and rows["I alt"]["on_time_pct"] == 50.0


def test_actions_are_counted_as_they_stood_on_the_day_when_the_year_is_not_over(tmp_path):
    # On 15 March 2026 A1 (closed 20-03) is still open and overdue; A2 is cancelled; A7 on time.
    frame = ar.actions_in_year(load(tmp_path), 2026, today="2026-03-15").set_index("action_id")
    assert frame["outcome"].to_dict() == {
        "A1": "open",
        "A2": "cancelled",
        "A4": "open",
        "A5": "open",
        "A6": "open",
        "A7": "on_time",
        "A3": "open",
        "A8": "open",
    }
    assert frame.loc["A1", "overdue"] and not frame.loc["A3", "overdue"]


def test_section_sentence_and_tables(tmp_path):
    p = load(tmp_path)
    ctx = ReportContext(p, pd.Timestamp("2026-05-13"), parameters={"today": "2027-01-10"}, year=2026)
    html = sections.decisions_and_actions(ctx)
    assert (
        "I 2026 registrerede styregruppen 2 beslutninger på 2 møder og rejste 8 opfølgningspunkter: 1 lukket til "
        "tiden, 1 lukket for sent, 5 åbne (heraf 3 med overskredet frist) og 1 annulleret, opgjort 31-12-2026."
    ) in html
    assert "Beslutningslog" in html and "2. Ændringsanmodning C1" in html
