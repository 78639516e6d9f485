"""The shared queries: one answer to "what was known at meeting D" for every report kind."""

import pandas as pd
import pytest

from dap_reports.reports.common import queries as q
from dap_reports.reports.risks import computations as rr
from dap_reports.reports.status import computations as sr


@pytest.fixture(scope="module")
def meetings(demo):
    return demo.meeting_dates


def test_the_status_and_risk_reports_agree_on_open_risks_at_every_meeting(demo, meetings):
    for date in meetings:
        status_view = sr.open_risks(demo, date)
        risk_view = rr.open_risks(demo, date)
        assert list(status_view["risk_id"]) == list(risk_view["risk_id"]), date
        for column in ("probability", "impact", "score"):
            pd.testing.assert_series_equal(
                status_view[column].astype("Float64"), risk_view[column].astype("Float64"), check_names=False
            )


def test_open_at_d_means_raised_by_d_and_not_closed_by_d(demo):
    risks = pd.DataFrame(
        {
            "raised_date": pd.to_datetime(["2026-01-01", "2026-03-11", "2026-03-12", "2026-01-01", "2026-01-01"]),
            "closed_date": pd.to_datetime([None, None, None, "2026-03-11", "2026-03-12"]),
        }
    )
    assert list(q.is_open(risks, pd.Timestamp("2026-03-11"))) == [True, True, False, False, True]


def test_assessment_as_of_d_is_the_latest_on_or_before_d(demo, meetings):
    d = meetings[5]
    latest = q.assessed_as_of(demo, d)
    a = demo.risk_assessments
    for risk_id, row in latest.iterrows():
        mine = a[(a["risk_id"] == risk_id) & (a["meeting_date"] <= d)].sort_values("meeting_date").iloc[-1]
        assert row["assessed_date"] == mine["meeting_date"]
        assert row["score"] == mine["probability"] * mine["impact"]
    assert q.assessed_as_of(demo, None).empty


def test_budget_rows_are_the_years_rows_in_source_order(demo):
    rows = q.budget_rows(demo, 2026)
    assert len(rows) == int((demo.budget["year"] == 2026).sum())
    assert list(rows["source_order"]) == sorted(rows["source_order"])
    assert rows["project_name"].notna().all() and rows["source_name"].notna().all()


def test_milestones_as_of_fill_forecast_and_hide_later_actuals(demo):
    d = pd.Timestamp("2025-06-11")
    frame = q.milestones_as_of(demo, d)
    assert frame["forecast_date"].notna().all()
    assert not (frame["actual_date"] > d).any()


def test_rag_counts_keep_every_key_and_count_missing_as_not_reported():
    counts = q.rag_counts(pd.Series(["red", None, "green", None], dtype=object))
    assert counts["count"].to_dict() == {"green": 1, "yellow": 0, "red": 1, "not_reported": 2}
