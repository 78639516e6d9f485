"""History rules: baselines, money and milestones as of a meeting; the data as known at a date; diffs."""

from __future__ import annotations

import pandas as pd

from conftest import load_tiny
from dap_reports.contract.history import as_known_at, diff_tables, known_tables
from dap_reports.reports.common import queries as q


def _with_changes(rows):
    rows["change_requests"] = [
        {
            "cr_id": "C1",
            "project_id": "P1",
            "submitted_date": "2025-12-01",
            "description": "Mere tid",
            "time_impact_days": "30",
            "cost_impact_dkk": "100000",
            "scope_impact": "",
            "decision": "approved",
            "decision_meeting_date": "2026-01-14",
        },
        {
            "cr_id": "C2",
            "project_id": "P1",
            "submitted_date": "2026-02-01",
            "description": "Endnu mere",
            "time_impact_days": "15",
            "cost_impact_dkk": "",
            "scope_impact": "",
            "decision": "approved",
            "decision_meeting_date": "2026-03-11",
        },
        {
            "cr_id": "C3",
            "project_id": "P1",
            "submitted_date": "2026-02-01",
            "description": "Afvist",
            "time_impact_days": "90",
            "cost_impact_dkk": "500000",
            "scope_impact": "",
            "decision": "rejected",
            "decision_meeting_date": "2026-03-11",
        },
    ]
    rows["baselines"] = [
        {
            "project_id": "P1",
            "meeting_date": "2026-03-11",
            "baseline_end_date": "2027-03-31",
            "baseline_budget_dkk": "1300000",
            "reason": "Ny plan",
        },
    ]


def test_baseline_at_a_meeting_is_original_plus_approved_changes_then_rebaselines(tmp_path):
    p = load_tiny(tmp_path, _with_changes)
    # P1: original 2026-12-31 and 1,000,000.
    before = q.baselines_as_of(p, "2026-01-13").loc["P1"]
    assert (before["baseline_end_date"], before["baseline_budget_dkk"]) == (pd.Timestamp("2026-12-31"), 1_000_000)
    assert before["baseline_changes"] == ()
    # C1 approved at the January meeting: +30 days, +100,000, from that meeting on (decided on or before it).
    january = q.baselines_as_of(p, "2026-01-14").loc["P1"]
    assert (january["baseline_end_date"], january["baseline_budget_dkk"]) == (pd.Timestamp("2027-01-30"), 1_100_000)
    assert (january["rebaseline_days"], january["rebaseline_dkk"]) == (30, 100_000)
    assert january["baseline_changes"] == ("C1",)
    # March: C2 (+15 days) is applied, the rejected C3 is not, and the new baseline decided at the same
    # meeting is that meeting's last word: 2027-03-31 and 1,300,000.
    march = q.baselines_as_of(p, "2026-03-11").loc["P1"]
    assert (march["baseline_end_date"], march["baseline_budget_dkk"]) == (pd.Timestamp("2027-03-31"), 1_300_000)
    assert (march["original_end_date"], march["original_budget_dkk"]) == (pd.Timestamp("2026-12-31"), 1_000_000)
    assert march["baseline_changes"] == ("C1", "C2", "ny baseline 11-03-2026")
    assert q.baselines_as_of(p, "2026-03-11").loc["P2", "baseline_changes"] == ()


def test_a_change_after_the_rebaseline_moves_it_further(tmp_path):
    def edit(rows):
        _with_changes(rows)
        rows["meetings"].append(
            {
                "meeting_date": "2026-05-13",
                "kind": "ordinary",
                "agenda_sent_date": "",
                "minutes_sent_date": "",
                "notes": "",
            }
        )
        rows["change_requests"].append(
            {
                "cr_id": "C4",
                "project_id": "P1",
                "submitted_date": "2026-04-01",
                "description": "Efter ny plan",
                "time_impact_days": "-10",
                "cost_impact_dkk": "-50000",
                "scope_impact": "",
                "decision": "approved",
                "decision_meeting_date": "2026-05-13",
            }
        )

    b = q.baselines_as_of(load_tiny(tmp_path, edit), "2026-05-13").loc["P1"]
    assert (b["baseline_end_date"], b["baseline_budget_dkk"]) == (pd.Timestamp("2027-03-21"), 1_250_000)


def test_status_table_measures_against_the_baseline_of_the_meeting(tmp_path):
    from dap_reports.reports.status import computations as sr

    p = load_tiny(tmp_path, _with_changes)
    # P1 in March forecasts 2027-06-30 and 1,200,000 (tiny_rows); the March baseline is 2027-03-31 / 1,300,000.
    row = sr.status_table(p, "2026-03-11").set_index("project_id").loc["P1"]
    assert row["slip_days"] == (pd.Timestamp("2027-06-30") - pd.Timestamp("2027-03-31")).days == 91
    assert row["computed_time_rag"] == "yellow"  # exactly 3 calendar months: not more than 3
    assert row["cost_variance_pct"] < 0 and row["computed_cost_rag"] == "green"
    assert row["rebaselined"] and row["original_end_date"] == pd.Timestamp("2026-12-31")


def test_milestone_forecasts_as_of_a_meeting(tmp_path):
    def edit(rows):
        rows["milestones"][0].update(forecast_date="2026-06-30")  # today's forecast in the sheet
        rows["milestone_forecasts"] = [
            {"milestone_id": "M1", "meeting_date": "2026-01-14", "forecast_date": "2026-04-15"},
            {"milestone_id": "M1", "meeting_date": "2026-03-11", "forecast_date": "2026-06-30"},
        ]

    p = load_tiny(tmp_path, edit)
    assert q.milestones_as_of(p, "2026-01-13").set_index("milestone_id").loc["M1", "forecast_date"] == pd.Timestamp(
        "2026-03-01"  # before the first report: the baseline
    )
    january = q.milestones_as_of(p, "2026-01-14").set_index("milestone_id").loc["M1"]
    assert (january["forecast_date"], january["forecast_reported"]) == (
        pd.Timestamp("2026-04-15"),
        pd.Timestamp("2026-01-14"),
    )
    assert q.milestones_as_of(p, "2026-03-11").set_index("milestone_id").loc["M1", "forecast_date"] == pd.Timestamp(
        "2026-06-30"
    )


def test_without_milestone_history_todays_forecast_is_used(tmp_path):
    p = load_tiny(tmp_path, lambda rows: rows["milestones"][0].update(forecast_date="2026-06-30"))
    assert not q.has_milestone_history(p)
    row = q.milestones_as_of(p, "2026-01-14").set_index("milestone_id").loc["M1"]
    assert row["forecast_date"] == pd.Timestamp("2026-06-30") and pd.isna(row["forecast_reported"])


def test_known_at_removes_later_rows_and_undoes_later_events(demo):
    d = pd.Timestamp("2025-08-13")
    tables = known_tables(demo.tables, d)
    for name in ("status", "risk_assessments", "budget_history", "milestone_forecasts", "baselines"):
        assert (tables[name]["meeting_date"] <= d).all(), name
        assert len(tables[name]) < len(demo.tables[name]) or name == "baselines", name
    assert (tables["risks"]["raised_date"] <= d).all()
    assert not (tables["risks"]["closed_date"] > d).any()
    crs = tables["change_requests"]
    assert (crs["submitted_date"] <= d).all()
    assert set(crs.loc[crs["decision_meeting_date"] > d, "decision"]) <= {"pending"}
    assert not (tables["meetings"]["minutes_sent_date"] > d).any()
    assert len(tables["meetings"]) == len(demo.meetings)  # the wheel was planned ahead
    known = as_known_at(demo, d)
    assert known.meeting_dates == demo.meeting_dates and demo.status is not known.status


def test_diff_of_identical_data_is_empty_and_later_rows_are_not_corrections(demo):
    assert diff_tables(demo.tables, demo.tables, "2026-08-12").empty
    # The data of October are not a correction of August: both sides are cut to what was known in August.
    earlier = known_tables(demo.tables, "2026-08-12")
    assert diff_tables(earlier, demo.tables, "2026-08-12").empty
