"""Answers remembered per portfolio: the same answer while nothing changed, a fresh one when it did."""

import pandas as pd
import pytest

from dap_reports.contract.history import as_known_at
from dap_reports.reports.benefits import computations as bc
from dap_reports.reports.common import queries as q
from dap_reports.reports.common.memo import REPORT_RUN_ENV, per_portfolio
from dap_reports.reports.status import computations as sr

MEETING = "2026-03-11"


@pytest.fixture(autouse=True)
def making_a_report(monkeypatch):
    """Answers are remembered while a report is made (as dap-reports marks its report processes)."""
    monkeypatch.setenv(REPORT_RUN_ENV, "1")


def _counting():
    calls = []

    @per_portfolio
    def answer(p, date):
        calls.append(date)
        return pd.DataFrame({"rows": [len(p.tables["risks"])]})

    return answer, calls


def test_asked_again_it_answers_from_memory_with_a_copy_each_time(tmp_path):
    from conftest import load_tiny

    p = load_tiny(tmp_path)
    answer, calls = _counting()
    first = answer(p, MEETING)
    first.loc[0, "rows"] = 999  # a caller changing its answer …
    assert answer(p, pd.Timestamp(MEETING))["rows"].tolist() == [len(p.tables["risks"])]  # … changes no other's
    assert len(calls) == 1
    answer(p, "2026-01-14")
    assert len(calls) == 2  # another date is another question


def test_a_changed_or_different_portfolio_is_asked_again(tmp_path):
    from conftest import load_tiny

    p = load_tiny(tmp_path)
    answer, calls = _counting()
    answer(p, MEETING)
    p.tables["risks"] = p.tables["risks"].iloc[0:0]  # a table replaced
    assert answer(p, MEETING)["rows"].tolist() == [0]
    p.shown[pd.Timestamp("2026-01-14")] = p  # an issued snapshot attached
    answer(p, MEETING)
    other = load_tiny(tmp_path)
    answer(other, MEETING)
    assert len(calls) == 4


def test_the_reports_queries_give_what_they_gave_without_memory(demo):
    """status_table and the open risks, remembered, equal a fresh computation — also for the portfolio as
    known at an earlier meeting (time travel makes a new portfolio, with answers of its own)."""
    for p in (demo, as_known_at(demo, pd.Timestamp("2026-01-14"))):
        for date in ("2026-01-14", MEETING):
            if pd.Timestamp(date) not in p.meeting_dates:
                continue
            for query in (sr.status_table, q.open_risks_as_of, sr.decisions, bc.assess):
                remembered = query(p, date)
                assert remembered.equals(query(p, date))
                assert remembered.equals(query.__wrapped__(p, date))
            year = pd.Timestamp(date).year
            for args in ((year, pd.Timestamp(date)), (year, None)):  # a year's budget as known at a date
                remembered = q.budget_as_of(p, *args)
                assert remembered.equals(q.budget_as_of(p, *args))
                assert remembered.equals(q.budget_as_of.__wrapped__(p, *args))


def test_years_and_dates_are_each_part_of_the_question(tmp_path):
    from conftest import load_tiny

    p = load_tiny(tmp_path)
    calls = []

    @per_portfolio
    def answer(p, year, date=None):
        calls.append((year, date))
        return pd.DataFrame({"year": [year]})

    answer(p, 2026, MEETING)
    answer(p, 2026, pd.Timestamp(MEETING))  # the same date, written differently
    answer(p, 2026)
    answer(p, 2025, MEETING)
    answer(p, 2026, date=MEETING)  # asked by name: computed, not remembered
    assert calls == [(2026, MEETING), (2026, None), (2025, MEETING), (2026, MEETING)]


def test_while_exploring_every_question_is_computed(tmp_path, monkeypatch):
    """In JupyterLab an analyst may change a rule or a table in place; the next answer must see it."""
    from conftest import load_tiny

    monkeypatch.delenv(REPORT_RUN_ENV)
    p = load_tiny(tmp_path)

    @per_portfolio
    def first_title(p, date):
        return pd.DataFrame({"title": [p.tables["risks"]["title"].iloc[0]]})

    first_title(p, MEETING)
    p.tables["risks"].loc[p.tables["risks"].index[0], "title"] = "Ændret"  # in place: the same table object
    assert first_title(p, MEETING)["title"].tolist() == ["Ændret"]
