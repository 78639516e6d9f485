"""The annual roll-up's computations (dap_reports.reports.annual.computations).

Expected demo values are computed here a second time from the CSVs in
src/dap_reports/data/demo/ with the csv module and plain Python (``_ref_*`` helpers), and the
headline figures are also written out as numbers worked out by hand (in the comments).
Synthetic tests on the tiny portfolio of conftest.py pin the edge rules: a year without
meetings, a project starting mid-year, an extra meeting, closures, milestone outcomes,
change-request routes and indicators.
"""

from __future__ import annotations

import csv
import math
from collections import Counter, defaultdict
from datetime import date

import pandas as pd
import pytest

import dap_reports as dr
from conftest import load_tiny
from dap_reports.reports.annual import computations as ar
from dap_reports.reports.risks import computations as rr
from dap_reports.reports.status import computations as sr

TODAY = "2026-11-23"  # the demo data describe the situation as of this day
YEARS = (2025, 2026)
MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]


# ------------------------------------------------------------------ independent readings of the demo CSVs


def _csv(name: str) -> list[dict]:
    with open(dr.DEMO_DIR / f"{name}.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _days(later: str, earlier: str) -> int:
    return (date.fromisoformat(later) - date.fromisoformat(earlier)).days


def _long_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


def _mio(value: float) -> str:
    return f"{value / 1e6:.1f}".replace(".", ",") + " mio. kr."


def _active(project: dict, day: str) -> bool:
    return project["start_date"] <= day and not (project["closed_date"] and project["closed_date"] < day)


def _in_year(project: dict, year: int) -> bool:
    return project["start_date"] <= f"{year}-12-31" and not (
        project["closed_date"] and project["closed_date"] < f"{year}-01-01"
    )


def _overall(row: dict) -> str | None:
    """The overall RAG as the conventions define it: given, else red if any dimension is red,
    else not reported if any is blank, else the worst."""
    if row["overall_rag"]:
        return row["overall_rag"]
    dims = [row["time_rag"], row["economy_rag"], row["deliverables_rag"]]
    if "red" in dims:
        return "red"
    if "" in dims:
        return None
    return max(dims, key=["green", "yellow", "red"].index)


def _ref_meetings(year: int) -> list[str]:
    return sorted(r["meeting_date"] for r in _csv("meetings") if r["meeting_date"][:4] == str(year))


def _ref_status_meetings(year: int) -> list[str]:
    reported = {r["meeting_date"] for r in _csv("status")}
    return [m for m in _ref_meetings(year) if m in reported]


def _ref_rag_counts(day: str) -> dict:
    shown = {r["project_id"]: _overall(r) for r in _csv("status") if r["meeting_date"] == day}
    counts = Counter(shown.get(p["project_id"]) or "not_reported" for p in _csv("projects") if _active(p, day))
    return {k: counts[k] for k in ("green", "yellow", "red", "not_reported")}


def _ref_milestones(year: int, today: str = TODAY) -> dict[str, tuple[str, int]]:
    cutoff = min(f"{year}-12-31", today)
    out = {}
    for r in _csv("milestones"):
        if r["baseline_date"][:4] != str(year):
            continue
        actual = r["actual_date"] if r["actual_date"] and r["actual_date"] <= cutoff else ""
        due = r["forecast_date"] or r["baseline_date"]
        if actual:
            outcome = "met" if actual <= r["baseline_date"] else "late"
        else:
            outcome = "missed" if due <= cutoff else ("moved" if due > r["baseline_date"] else "upcoming")
        out[r["milestone_id"]] = (outcome, _days(actual or due, r["baseline_date"]))
    return out


def _ref_change_requests(year: int) -> dict[str, tuple[str, bool]]:
    projects = {p["project_id"]: p for p in _csv("projects")}
    out = {}
    for r in _csv("change_requests"):
        if r["decision"] == "pending" or r["decision_meeting_date"][:4] != str(year):
            continue
        p = projects[r["project_id"]]
        within = int(r["time_impact_days"] or 0) <= int(p["tolerance_time_days"]) and float(
            r["cost_impact_dkk"] or 0
        ) <= float(p["tolerance_budget_pct"]) / 100 * float(p["baseline_budget_dkk"])
        out[r["cr_id"]] = (r["decision"], within)
    return out


def _ref_budget(year: int) -> list[dict]:
    return [r for r in _csv("budget") if int(r["year"]) == year]


# ====================================================================== 1. year summary


@pytest.mark.parametrize("year", YEARS)
def test_meetings_and_last_meeting_with_status(demo, year):
    s = ar.year_summary(demo, year, today=TODAY)
    assert [d.strftime("%Y-%m-%d") for d in s.meetings] == _ref_meetings(year)
    assert s.last_meeting_with_status == pd.Timestamp(_ref_status_meetings(year)[-1])


def test_last_meeting_with_status_skips_planned_and_extra_meetings(demo):
    # 2026-12-09 is planned and 2026-06-17 was an extra meeting without status rows.
    assert ar.year_summary(demo, 2026, today=TODAY).last_meeting_with_status == pd.Timestamp("2026-10-14")
    assert ar.year_summary(demo, 2025, today=TODAY).last_meeting_with_status == pd.Timestamp("2025-12-10")


@pytest.mark.parametrize("year", YEARS)
def test_projects_started_completed_stopped(demo, year):
    projects = _csv("projects")
    s = ar.year_summary(demo, year, today=TODAY)
    assert s.projects["project_id"].tolist() == sorted(
        (p["project_id"] for p in projects if _in_year(p, year)),
        key=lambda pid: ({p["project_id"]: p["track"] for p in projects}[pid], pid),
    )
    assert s.started["project_id"].tolist() == [p["project_id"] for p in projects if p["start_date"][:4] == str(year)]
    closed = [p for p in projects if p["closed_date"][:4] == str(year)]
    assert s.completed["project_id"].tolist() == [p["project_id"] for p in closed if p["closure"] != "stopped"]
    assert s.stopped["project_id"].tolist() == [p["project_id"] for p in closed if p["closure"] == "stopped"]
    assert list(s.started.columns) == ["project_id", "name", "start_date"]


def test_demo_projects_by_hand(demo):
    s25, s26 = ar.year_summary(demo, 2025, today=TODAY), ar.year_summary(demo, 2026, today=TODAY)
    assert len(s25.projects) == 14 and "P12" not in set(s25.projects["project_id"])  # P12 starts 2026-08-01
    assert s25.started["project_id"].tolist() == ["P04", "P08", "P15"]
    assert s25.completed.empty and s25.stopped.empty
    assert len(s26.projects) == 15  # P03 closed 2026-07-04 still belongs to 2026
    assert s26.started["project_id"].tolist() == ["P12"]
    assert s26.completed["project_id"].tolist() == ["P03"] and s26.stopped.empty


@pytest.mark.parametrize("year", YEARS)
def test_year_end_phase(demo, year):
    """Closed in the year -> 'closed'; else the phase of the last status row in the year (blank = the sheet's)."""
    last_phase = {}
    for r in sorted(_csv("status"), key=lambda r: r["meeting_date"]):
        if r["meeting_date"][:4] == str(year):
            last_phase[r["project_id"]] = r["phase"]
    expected = {}
    for p in _csv("projects"):
        if _in_year(p, year):
            closed = p["closed_date"] and p["closed_date"] <= f"{year}-12-31"
            expected[p["project_id"]] = "closed" if closed else (last_phase.get(p["project_id"]) or p["phase"])
    projects = ar.projects_in_year(demo, year)
    assert dict(zip(projects["project_id"], projects["phase"], strict=True)) == expected


def test_by_track_phase_2026(demo):
    table = ar.year_summary(demo, 2026, today=TODAY).by_track_phase
    assert list(table.columns) == ["analysis", "development", "pilot", "rollout", "operation", "closed", "total"]
    assert table.loc["Digital almen praksis"].tolist() == [1, 1, 2, 6, 1, 1, 12]
    assert table.loc["Digitale forløbsplaner"].tolist() == [0, 1, 1, 1, 0, 0, 3]


@pytest.mark.parametrize("year", YEARS)
def test_rag_at_last_meeting(demo, year):
    s = ar.year_summary(demo, year, today=TODAY)
    assert s.rag_at_last_meeting == _ref_rag_counts(_ref_status_meetings(year)[-1])


def test_rag_at_last_meeting_by_hand(demo):
    # 2026-10-14: 14 active (P03 closed), 13 status rows, one of them with a blank dimension.
    assert ar.year_summary(demo, 2026, today=TODAY).rag_at_last_meeting == {
        "green": 9,
        "yellow": 1,
        "red": 2,
        "not_reported": 2,
    }
    assert ar.year_summary(demo, 2025, today=TODAY).rag_at_last_meeting == {
        "green": 9,
        "yellow": 3,
        "red": 2,
        "not_reported": 0,
    }


@pytest.mark.parametrize("year", YEARS)
def test_sentences_carry_the_computed_numbers(demo, year):
    text = " ".join(ar.year_summary(demo, year, today=TODAY).sentences)
    last = _ref_status_meetings(year)[-1]
    rag = _ref_rag_counts(last)
    assert (
        f"{rag['red']} af {sum(rag.values())} projekter var røde ved årets sidste møde med status ({_long_date(last)})"
    ) in text
    projects = _csv("projects")
    started = sum(p["start_date"][:4] == str(year) for p in projects)
    closed = sum(p["closed_date"][:4] == str(year) for p in projects)
    assert (
        f"{sum(_in_year(p, year) for p in projects)} projekter i {year}; {started} blev startet og {closed} "
        f"afsluttet" in text
    )
    budget = _ref_budget(year)
    granted, spent = sum(int(r["granted_dkk"]) for r in budget), sum(int(r["spent_dkk"]) for r in budget)
    assert f"bevilget {_mio(granted)}, heraf forbrugt {_mio(spent)} ({spent / granted * 100:.0f} %)" in text
    outcomes = Counter(o for o, _ in _ref_milestones(year).values())
    assert (
        f"{outcomes['met'] + outcomes['late']} af {sum(outcomes.values())} milepæle planlagt i {year} blev nået "
        f"({outcomes['met']} til tiden og {outcomes['late']} forsinket)"
    ) in text
    crs = _ref_change_requests(year)
    decisions = Counter(d for d, _ in crs.values())
    beyond = sum(not within for _, within in crs.values())
    assert (
        f"besluttede {len(crs)} ændringsanmodninger i {year} ({decisions['approved']} godkendt, "
        f"{decisions['rejected']} afvist); {beyond} lå ud over tolerancen"
    ) in text
    raised = sum(r["raised_date"][:4] == str(year) for r in _csv("risks"))
    closed_risks = sum(r["closed_date"][:4] == str(year) for r in _csv("risks"))
    assert f"{raised} {'risiko' if raised == 1 else 'risici'} blev rejst og {closed_risks} lukket i {year}" in text


def test_sentences_2026_in_full(demo):
    assert ar.year_summary(demo, 2026, today=TODAY).sentences == [
        "Styregruppen holdt 5 ordinære møder (årshjulet har 6) og 1 ekstraordinært i 2026; "
        "referatet blev udsendt for sent efter 1 møde (13. maj 2026).",
        "2 af 14 projekter var røde ved årets sidste møde med status (14. oktober 2026); "
        "1 var gult, 9 grønne og 2 havde ikke rapporteret.",
        "Porteføljen omfattede 15 projekter i 2026; 1 blev startet og 1 afsluttet.",
        "Porteføljen havde i 2026 i alt bevilget 32,7 mio. kr., heraf forbrugt 23,2 mio. kr. (71 %); "
        "forventet forbrug for hele året er 32,3 mio. kr. (99 %).",
        "12 af 15 milepæle planlagt i 2026 blev nået (5 til tiden og 7 forsinket); "
        "2 blev flyttet til senere og 1 er endnu ikke forfalden.",
        "Milepælene lå i gennemsnit 30,5 dage efter baseline.",
        "Styregruppen besluttede 4 ændringsanmodninger i 2026 (2 godkendt, 2 afvist); 3 lå ud over tolerancen, "
        "og 3 afventede beslutning ved årets udgang.",
        "1 risiko blev rejst og 6 lukket i 2026.",
    ]


def test_sentences_follow_the_data(tmp_path):
    def edit(rows):  # P2 reports red at the last meeting: the count in the sentence must follow
        rows["status"].append({**rows["status"][1], "meeting_date": "2026-03-11", "time_rag": "red"})

    before = ar.year_summary(load_tiny(tmp_path / "a"), 2026, today=TODAY).sentences[1]
    after = ar.year_summary(load_tiny(tmp_path / "b", edit), 2026, today=TODAY).sentences[1]
    assert before.startswith("1 af 2 projekter var rødt") and "1 havde ikke rapporteret" in before
    assert after.startswith("2 af 2 projekter var røde") and "ikke rapporteret" not in after


# ====================================================================== 2. status grid


def _ref_grid(year: int) -> dict:
    projects = _csv("projects")
    shown = {(r["project_id"], r["meeting_date"]): _overall(r) for r in _csv("status")}
    rows = [p for p in projects if any(_active(p, m) for m in _ref_meetings(year))]
    return {
        p["project_id"]: {
            m: (shown.get((p["project_id"], m)) if _active(p, m) else "inactive") for m in _ref_status_meetings(year)
        }
        for p in rows
    }


@pytest.mark.parametrize("year", YEARS)
def test_status_grid_matches_the_csv(demo, year):
    grid = ar.status_grid(demo, year)
    assert list(grid.columns) == ["name", *_ref_status_meetings(year)]
    assert grid.index.name == "project_id"
    got = {pid: {m: grid.loc[pid, m] for m in grid.columns[1:]} for pid in grid.index}
    assert got == _ref_grid(year)


def test_status_grid_2026_by_hand(demo):
    grid = ar.status_grid(demo, 2026)
    assert "2026-06-17" not in grid.columns and "2026-12-09" not in grid.columns  # no status rows
    assert grid.loc["P03", ["2026-05-13", "2026-08-12", "2026-10-14"]].tolist() == ["green", "inactive", "inactive"]
    assert grid.loc["P12", ["2026-05-13", "2026-08-12"]].tolist() == ["inactive", "green"]  # starts 2026-08-01
    assert grid.loc["P09", "2026-10-14"] is None  # active, did not report: grey, never green
    assert grid.index[-3:].tolist() == ["P13", "P14", "P15"]  # track 'Digitale forløbsplaner' after DAP


def test_project_starting_mid_year_is_active_from_its_first_meeting(tmp_path):
    def edit(rows):
        base = rows["projects"][0]
        rows["projects"] += [
            {**base, "project_id": "P3", "name": "Ny app", "start_date": "2026-02-01"},
            {**base, "project_id": "P4", "name": "Stille projekt", "start_date": "2026-02-01"},
        ]
        rows["status"].append({**rows["status"][0], "project_id": "P3", "meeting_date": "2026-03-11"})

    p = load_tiny(tmp_path, edit)
    grid = ar.status_grid(p, 2026)
    assert grid.loc["P3", ["2026-01-14", "2026-03-11"]].tolist() == ["inactive", "green"]
    assert grid.loc["P4", "2026-01-14"] == "inactive" and grid.loc["P4", "2026-03-11"] is None
    s = ar.year_summary(p, 2026, today=TODAY)
    assert s.started["project_id"].tolist() == ["P3", "P4"]
    assert s.rag_at_last_meeting == {"green": 1, "yellow": 0, "red": 1, "not_reported": 2}


# ====================================================================== 3. economy


@pytest.mark.parametrize("year", YEARS)
def test_economy_reconciles_with_the_budget_sheet(demo, year):
    rows = _ref_budget(year)
    money = ("granted_dkk", "spent_dkk", "forecast_dkk")
    per_source = defaultdict(lambda: [0, 0, 0])
    for r in rows:
        for k, column in enumerate(money):
            per_source[r["source_id"]][k] += int(r[column])
    kinds = {s["source_id"]: s["kind"] for s in _csv("funding_sources")}
    by_source = ar.economy_by_source(demo, year)
    assert list(by_source.columns) == ["source_id", "source_name", "kind", *money, "unspent_dkk", "share_spent_pct"]
    assert by_source["source_id"].tolist() == ["FL-IT", "FL-DFP", "PFDD", "EGEN", "TOTAL"]  # sheet order
    for row in by_source.to_dict("records")[:-1]:
        assert [row[c] for c in money] == per_source[row["source_id"]]
        assert row["kind"] == kinds[row["source_id"]]
        assert row["unspent_dkk"] == row["granted_dkk"] - row["spent_dkk"]
    total = by_source.iloc[-1]
    assert (total["source_name"], total["kind"]) == ("I alt", None)
    for column in money:
        assert total[column] == sum(int(r[column]) for r in rows)
    by_project = ar.economy_by_project(demo, year)
    assert len(by_project) == len(rows)
    assert sorted(
        zip(by_project["project_id"], by_project["source_id"], by_project["granted_dkk"], strict=True)
    ) == sorted((r["project_id"], r["source_id"], int(r["granted_dkk"])) for r in rows)
    for column in (*money, "unspent_dkk"):
        assert by_project[column].sum() == total[column]
    matrix = ar.source_project_matrix(demo, year)
    assert matrix.to_numpy().sum() == total["granted_dkk"]
    names = {p["project_id"]: p["name"] for p in _csv("projects")}
    sources = {s["source_id"]: s["name"] for s in _csv("funding_sources")}
    for r in rows:
        assert matrix.loc[names[r["project_id"]], sources[r["source_id"]]] == int(r["granted_dkk"])
    assert (matrix > 0).to_numpy().sum() == len(rows)  # every other cell is 0


def _latest_reported(year: int) -> dict[tuple[str, str], dict]:
    """Each budget line's latest budget_history row, whenever reported (year-end figures included)."""
    latest: dict[tuple[str, str], dict] = {}
    for r in sorted(_csv("budget_history"), key=lambda r: r["meeting_date"]):
        if int(r["year"]) == year:
            latest[(r["project_id"], r["source_id"])] = r
    return latest


@pytest.mark.parametrize("year", YEARS)
def test_economy_uses_each_lines_latest_reported_figures(demo, year):
    latest = _latest_reported(year)
    total = ar.economy_by_source(demo, year).iloc[-1]
    assert total["spent_dkk"] == sum(int(r["spent_dkk"]) for r in latest.values())
    assert total["forecast_dkk"] == sum(int(r["forecast_dkk"]) for r in latest.values())
    assert total["granted_dkk"] == sum(int(r["granted_dkk"]) for r in _csv("budget") if int(r["year"]) == year)


def test_economy_agrees_with_the_years_last_meeting_report(demo):
    # In a running year the latest figures are those the year's last meeting shows.
    meeting = sr.economy_by_source(demo, _ref_meetings(2026)[-1])
    annual = ar.economy_by_source(demo, 2026)
    columns = ["source_id", "source_name", "granted_dkk", "spent_dkk", "forecast_dkk", "share_spent_pct"]
    pd.testing.assert_frame_equal(annual[columns], meeting[columns])


def test_2025_economy_shows_the_year_end_figures_not_decembers(demo):
    # The final 2025 figures were reported at the first meeting of 2026; December's were not final.
    december = sr.economy_by_source(demo, "2025-12-10").iloc[-1]
    total = ar.economy_by_source(demo, 2025).iloc[-1]
    assert total["spent_dkk"] > december["spent_dkk"]


def test_economy_2026_by_hand(demo):
    total = ar.economy_by_source(demo, 2026).iloc[-1]
    assert (total["granted_dkk"], total["spent_dkk"], total["forecast_dkk"]) == (32_740_000, 23_207_000, 32_274_000)
    assert total["unspent_dkk"] == 32_740_000 - 23_207_000
    assert total["share_spent_pct"] == pytest.approx(23_207_000 / 32_740_000 * 100)
    by_project = ar.economy_by_project(demo, 2026)
    assert by_project["source_id"].tolist() == ["FL-IT"] * 12 + ["FL-DFP"] * 4 + ["PFDD", "EGEN"]
    matrix = ar.source_project_matrix(demo, 2026)
    # Projects financed by two sources: P09 (FL-IT + EGEN), P10 (FL-IT + FL-DFP), P11 (PFDD + FL-IT).
    two = matrix[(matrix > 0).sum(axis=1) == 2].index.tolist()
    assert two == ["Et samlet patientoverblik", "PRO i almen praksis", "Klinikkens Cockpit"]
    assert matrix.loc["Klinikkens Cockpit", "Partsforum for Data og Digitalisering"] == 2_210_000


# ====================================================================== 4. delivery


@pytest.mark.parametrize("year", YEARS)
def test_milestones_in_year_match_the_csv(demo, year):
    frame = ar.milestones_in_year(demo, year, today=TODAY)
    assert list(frame.columns) == [
        "milestone_id",
        "project_id",
        "project_name",
        "name",
        "baseline_date",
        "forecast_date",
        "actual_date",
        "outcome",
        "slip_days",
    ]
    got = {m: (o, int(s)) for m, o, s in zip(frame["milestone_id"], frame["outcome"], frame["slip_days"], strict=True)}
    assert got == _ref_milestones(year)


def test_delivery_summary_by_hand(demo):
    # 2026: met P02-M2, P08-M2, P14-M1, P15-M1, P15-M2; late P01-M1 (65 days), P02-M1 (61), P03-M2 (4),
    # P05-M1 (91), P06-M1 (22), P10-M2 (45), P13-M2 (55); moved P01-M2 (forecast 2027-02-19: 113),
    # P08-M3 (2026-12-16: 2); upcoming P05-M2 (2026-12-31, on plan). Slips 458 / 15 = 30.53.
    assert ar.delivery_summary(demo, 2026, today=TODAY) == {
        "planned": 15,
        "met": 5,
        "late": 7,
        "moved": 2,
        "missed": 0,
        "upcoming": 1,
        "average_slip_days": 30.5,
    }
    # 2025: P10-M1 late 29 days, P11-M3 late 4; four met on the day. 33 / 6 = 5.5.
    assert ar.delivery_summary(demo, 2025, today=TODAY) == {
        "planned": 6,
        "met": 4,
        "late": 2,
        "moved": 0,
        "missed": 0,
        "upcoming": 0,
        "average_slip_days": 5.5,
    }


def test_milestone_outcomes_synthetic(tmp_path):
    def ms(mid, baseline, forecast="", actual=""):
        return {
            "milestone_id": mid,
            "project_id": "P1",
            "name": mid,
            "baseline_date": baseline,
            "forecast_date": forecast,
            "actual_date": actual,
        }

    def edit(rows):
        rows["milestones"] = [
            ms("A", "2026-03-01", actual="2026-02-20"),  # met, early
            ms("B", "2026-03-01", "2026-04-01", "2026-04-01"),  # late
            ms("C", "2026-06-01", "2026-07-01"),  # forecast passed, not reached: missed
            ms("D", "2026-06-01", "2027-02-01"),  # re-planned past the year: moved
            ms("E", "2026-12-15"),  # on plan, not due yet on 2026-11-23
            ms("F", "2026-11-01", "2027-01-05", "2027-01-05"),  # reached only after the year
            ms("G", "2025-12-01"),  # another year
        ]

    p = load_tiny(tmp_path, edit)
    now = ar.milestones_in_year(p, 2026, today=TODAY).set_index("milestone_id")
    assert now["outcome"].to_dict() == {
        "A": "met",
        "B": "late",
        "C": "missed",
        "D": "moved",
        "F": "moved",
        "E": "upcoming",
    }
    assert now["slip_days"].to_dict() == {"A": -9, "B": 31, "C": 30, "D": 245, "F": 65, "E": 0}
    later = ar.milestones_in_year(p, 2026, today="2027-02-01").set_index("milestone_id")
    # After the year: E's date has passed unreached; F's actual date in 2027 still does not count for 2026.
    assert later.loc["E", "outcome"] == "missed" and later.loc["F", "outcome"] == "moved"
    summary = ar.delivery_summary(p, 2026, today=TODAY)
    assert summary == {
        "planned": 6,
        "met": 1,
        "late": 1,
        "moved": 2,
        "missed": 1,
        "upcoming": 1,
        "average_slip_days": round((-9 + 31 + 30 + 245 + 65 + 0) / 6, 1),
    }
    assert "1 af 6 milepæle planlagt i 2026 blev nået (1 til tiden og 1 forsinket)" not in " ".join(
        ar.year_summary(p, 2026, today=TODAY).sentences
    )  # two were reached, not one
    assert (
        "2 af 6 milepæle planlagt i 2026 blev nået (1 til tiden og 1 forsinket); 2 blev flyttet til senere, "
        "1 blev ikke nået og 1 er endnu ikke forfalden."
    ) in ar.year_summary(p, 2026, today=TODAY).sentences


# ====================================================================== 5. risks


@pytest.mark.parametrize("year", YEARS)
def test_risks_opened_and_closed(demo, year):
    risks = _csv("risks")
    opened = ar.risks_opened(demo, year)
    closed = ar.risks_closed(demo, year)
    assert list(opened.columns) == ["risk_id", "project_name", "title", "raised_date", "owner"]
    assert list(closed.columns) == ["risk_id", "project_name", "title", "closed_date", "owner"]
    assert set(opened["risk_id"]) == {r["risk_id"] for r in risks if r["raised_date"][:4] == str(year)}
    assert set(closed["risk_id"]) == {r["risk_id"] for r in risks if r["closed_date"][:4] == str(year)}
    portfolio_level = {r["risk_id"] for r in risks if not r["project_id"]}
    assert all(
        name == "Porteføljen"
        for rid, name in zip(opened["risk_id"], opened["project_name"], strict=True)
        if rid in portfolio_level
    )


def test_risk_counts_by_hand(demo):
    assert (len(ar.risks_opened(demo, 2025)), len(ar.risks_closed(demo, 2025))) == (24, 1)
    assert (len(ar.risks_opened(demo, 2026)), len(ar.risks_closed(demo, 2026))) == (1, 6)
    assert ar.risks_closed(demo, 2025)["risk_id"].tolist() == ["R14"]


def test_top_risks_at_year_end(demo):
    risks = pd.read_csv(dr.DEMO_DIR / "risks.csv", parse_dates=["raised_date", "closed_date"])
    found = pd.read_csv(dr.DEMO_DIR / "risk_assessments.csv", parse_dates=["meeting_date"])
    day = pd.Timestamp("2026-12-09")  # the year's last meeting (planned: latest assessments carried forward)
    open_ = risks[(risks.raised_date <= day) & (risks.closed_date.isna() | (risks.closed_date > day))]
    latest = found[found.meeting_date <= day].sort_values("meeting_date").groupby("risk_id").last()
    ref = open_.set_index("risk_id").join(latest, how="inner")
    ref["score"] = ref.probability * ref.impact
    expected = ref.reset_index().sort_values(["score", "risk_id"], ascending=[False, True])["risk_id"].head(10)
    top = ar.top_risks_at_year_end(demo, 2026)
    assert top["risk_id"].tolist() == expected.tolist()
    assert top["risk_id"].tolist() == ["R05", "R13", "R19", "R22", "R02", "R06", "R12", "R16", "R01", "R03"]
    pd.testing.assert_frame_equal(top, rr.top_risks(demo, "2026-12-09", 10))
    assert len(ar.top_risks_at_year_end(demo, 2026, n=3)) == 3


@pytest.mark.parametrize("year", YEARS)
def test_exposure_in_year(demo, year):
    exposure = ar.exposure_in_year(demo, year)
    assert list(exposure.columns) == rr.EXPOSURE_COLUMNS
    assert (exposure["meeting_date"].dt.year == year).all()
    full = rr.exposure_over_time(demo, _ref_meetings(year)[-1])
    pd.testing.assert_frame_equal(exposure, full[full["meeting_date"].dt.year == year].reset_index(drop=True))


def test_exposure_2025_starts_when_the_register_does(demo):
    # The first risks were raised on 2025-01-28, after the 2025-01-08 meeting.
    assert ar.exposure_in_year(demo, 2025)["meeting_date"].dt.strftime("%Y-%m-%d").tolist() == _ref_meetings(2025)[1:]


# ====================================================================== 6. change requests


@pytest.mark.parametrize("year", YEARS)
def test_change_requests_match_the_csv(demo, year):
    frame = ar.change_requests_in_year(demo, year)
    assert list(frame.columns) == [
        "cr_id",
        "project_id",
        "project_name",
        "decision",
        "decision_meeting_date",
        "time_impact_days",
        "cost_impact_dkk",
        "within_tolerance",
        "route",
    ]
    got = {
        c: (d, bool(w)) for c, d, w in zip(frame["cr_id"], frame["decision"], frame["within_tolerance"], strict=True)
    }
    assert got == _ref_change_requests(year)


def test_change_requests_2026_by_hand(demo):
    frame = ar.change_requests_in_year(demo, 2026).set_index("cr_id")
    # CR05: DKK 1.25m > 10 % of 7.8m; CR07: 620k > 5 % of 6.2m; CR08: 90 days > 60; CR06 has no impact.
    assert frame["route"].to_dict() == {
        "CR05": "escalated",
        "CR06": "approved_within",
        "CR07": "escalated",
        "CR08": "escalated",
    }
    assert frame.loc["CR07", "decision_meeting_date"] == pd.Timestamp("2026-06-17")  # the extra meeting
    assert ar.change_request_summary(demo, 2026) == {
        "decided": 4,
        "approved": 2,
        "rejected": 2,
        "approved_within_tolerance": 1,
        "escalated": 3,
        "total_time_impact_days": 0,
        "total_cost_impact_dkk": 1_250_000.0,
        "pending_at_year_end": 3,
    }  # CR09-CR11, on the agenda of the planned 2026-12-09 meeting
    assert ar.change_request_summary(demo, 2025) == {
        "decided": 4,
        "approved": 4,
        "rejected": 0,
        "approved_within_tolerance": 4,
        "escalated": 0,
        "total_time_impact_days": 60,
        "total_cost_impact_dkk": 60_000.0,  # CR02 + CR03; -130k + 190k
        "pending_at_year_end": 0,
    }


def test_change_request_routes_synthetic(tmp_path):
    # P1: tolerance 60 days and 10 % of DKK 1m = 100k; P2: 30 days and 5 % of 2m = 100k.
    def cr(cid, project, submitted, decision, meeting, days="", dkk=""):
        return {
            "cr_id": cid,
            "project_id": project,
            "submitted_date": submitted,
            "description": cid,
            "time_impact_days": days,
            "cost_impact_dkk": dkk,
            "scope_impact": "",
            "decision": decision,
            "decision_meeting_date": meeting,
        }

    def edit(rows):
        rows["meetings"].append(
            {**rows["meetings"][0], "meeting_date": "2027-01-13", "agenda_sent_date": "", "minutes_sent_date": ""}
        )
        rows["change_requests"] += [
            cr("C2", "P1", "2026-01-02", "approved", "2026-01-14", days="30", dkk="100000"),  # at the limit
            cr("C3", "P1", "2026-02-01", "approved", "2026-03-11", dkk="150000"),
            cr("C4", "P1", "2026-02-01", "rejected", "2026-03-11", days="10"),
            cr("C5", "P2", "2026-02-01", "rejected", "2026-03-11", days="45"),
            cr("C6", "P2", "2026-12-01", "approved", "2027-01-13", days="5"),  # undecided at the end of 2026
        ]

    p = load_tiny(tmp_path, edit)
    frame = ar.change_requests_in_year(p, 2026).set_index("cr_id")
    assert frame["route"].to_dict() == {
        "C2": "approved_within",
        "C3": "escalated",
        "C4": "rejected_within",
        "C5": "escalated",
    }
    assert ar.change_request_summary(p, 2026) == {
        "decided": 4,
        "approved": 2,
        "rejected": 2,
        "approved_within_tolerance": 1,
        "escalated": 2,
        "total_time_impact_days": 30,
        "total_cost_impact_dkk": 250_000.0,
        "pending_at_year_end": 2,
    }  # C1, C6
    assert ar.change_requests_in_year(p, 2027)["cr_id"].tolist() == ["C6"]


# ====================================================================== 7. governance


@pytest.mark.parametrize("year", YEARS)
def test_governance_matches_the_csv(demo, year):
    frame = ar.governance(demo, year, today=TODAY)
    assert list(frame.columns) == [
        "meeting_date",
        "kind",
        "held",
        "agenda_sent_date",
        "agenda_days_before",
        "agenda_on_time",
        "minutes_sent_date",
        "minutes_days_after",
        "minutes_on_time",
    ]
    rows = [r for r in _csv("meetings") if r["meeting_date"][:4] == str(year)]
    reported = {r["meeting_date"] for r in _csv("status")}
    assert frame["meeting_date"].dt.strftime("%Y-%m-%d").tolist() == [r["meeting_date"] for r in rows]
    for got, r in zip(frame.to_dict("records"), rows, strict=True):
        day = r["meeting_date"]
        assert got["held"] == (day <= TODAY or day in reported or bool(r["minutes_sent_date"]))
        before = _days(day, r["agenda_sent_date"]) if r["agenda_sent_date"] else None
        after = _days(r["minutes_sent_date"], day) if r["minutes_sent_date"] else None
        assert (None if pd.isna(got["agenda_days_before"]) else got["agenda_days_before"]) == before
        assert (None if pd.isna(got["minutes_days_after"]) else got["minutes_days_after"]) == after
        assert got["agenda_on_time"] == (None if before is None else before >= 7)
        assert got["minutes_on_time"] == (None if after is None else after <= 14)


def test_governance_summary_by_hand(demo):
    assert ar.governance_summary(demo, 2025, today=TODAY) == {
        "planned": 6,
        "scheduled": 6,
        "held": 6,
        "ordinary_held": 6,
        "extra_held": 0,
        "agenda_breaches": ["2025-08-13"],  # sent 2025-08-09: 4 days before
        "agenda_missing": [],
        "minutes_breaches": [],
        "minutes_missing": [],
    }
    assert ar.governance_summary(demo, 2026, today=TODAY) == {
        "planned": 6,
        "scheduled": 7,
        "held": 6,
        "ordinary_held": 5,
        "extra_held": 1,
        "agenda_breaches": [],
        "agenda_missing": [],
        "minutes_breaches": ["2026-05-13"],  # sent 2026-06-02: 20 days after
        "minutes_missing": [],
    }  # 2026-12-09 is not held yet on 2026-11-23
    assert ar.governance(demo, 2026, today=TODAY)["held"].tolist() == [True] * 6 + [False]


def test_extra_meeting_counts_as_held_extra(tmp_path):
    def edit(rows):
        rows["meetings"] += [
            {
                **rows["meetings"][0],
                "meeting_date": "2026-02-11",
                "kind": "ekstraordinær",
                "agenda_sent_date": "2026-02-09",
                "minutes_sent_date": "",
            },  # agenda 2 days before
            {**rows["meetings"][0], "meeting_date": "2026-12-09", "agenda_sent_date": "", "minutes_sent_date": ""},
        ]

    p = load_tiny(tmp_path, edit)
    summary = ar.governance_summary(p, 2026, today=TODAY)
    assert summary == {
        "planned": 6,
        "scheduled": 4,
        "held": 3,
        "ordinary_held": 2,
        "extra_held": 1,
        "agenda_breaches": ["2026-02-11"],
        "agenda_missing": [],
        "minutes_breaches": [],
        "minutes_missing": ["2026-02-11", "2026-03-11"],
    }
    assert "2026-02-11" not in ar.status_grid(p, 2026).columns  # no status rows of its own
    assert ar.year_summary(p, 2026, today=TODAY).sentences[0] == (
        "Styregruppen holdt 2 ordinære møder (årshjulet har 6) og 1 ekstraordinært i 2026; "
        "dagsordenen blev udsendt for sent til 1 møde (11. februar 2026)."
    )
    # Once its day has passed, the planned meeting counts as held, without agenda or minutes on record.
    later = ar.governance_summary(p, 2026, today="2026-12-31")
    assert later["held"] == 4 and later["ordinary_held"] == 3
    assert later["agenda_missing"] == ["2026-12-09"] and later["minutes_missing"][-1] == "2026-12-09"


@pytest.mark.parametrize("year", YEARS)
def test_arshjul_coverage(demo, year):
    frame = ar.arshjul_coverage(demo, year)
    assert list(frame.columns) == ["project_id", "name", "track", "agenda_count", "meetings", "covered"]
    items = [r for r in _csv("agenda") if r["meeting_date"][:4] == str(year) and r["project_id"]]
    counts = Counter(r["project_id"] for r in items)
    assert set(frame["project_id"]) == {p["project_id"] for p in _csv("projects") if _in_year(p, year)}
    for row in frame.to_dict("records"):
        assert row["agenda_count"] == counts[row["project_id"]]
        assert row["meetings"] == sorted({r["meeting_date"] for r in items if r["project_id"] == row["project_id"]})
        assert row["covered"] == (counts[row["project_id"]] > 0)
    assert frame["covered"].all()  # the demo's wheel treats every project every year


def test_arshjul_coverage_by_hand(demo):
    row = ar.arshjul_coverage(demo, 2025).set_index("project_id").loc["P02"]
    assert (row["agenda_count"], row["meetings"]) == (2, ["2025-05-14"])  # two items at one meeting
    row = ar.arshjul_coverage(demo, 2026).set_index("project_id").loc["P01"]
    assert row["meetings"] == ["2026-03-11", "2026-10-14", "2026-12-09"]  # the planned meeting is on the wheel


def test_arshjul_uncovered_project(tmp_path):
    frame = ar.arshjul_coverage(load_tiny(tmp_path), 2026).set_index("project_id")
    assert frame["covered"].to_dict() == {"P1": False, "P2": True}
    assert frame.loc["P1", "meetings"] == [] and frame.loc["P1", "agenda_count"] == 0


# ====================================================================== 8. indicators


def test_indicator_progress_empty_in_the_demo(demo):
    frame = ar.indicator_progress(demo, 2026)
    assert frame.empty and list(frame.columns) == [
        "indicator_id",
        "name",
        "kind",
        "unit",
        "target",
        "target_date",
        "latest_period",
        "value",
        "share_of_target_pct",
    ]


def test_indicator_progress_synthetic(tmp_path):
    def edit(rows):
        rows["areas"] = [
            {"area_id": "R", "name": "Region", "kind": "region", "parent_id": ""},
            {"area_id": "M1", "name": "Kommune 1", "kind": "kommune", "parent_id": "R"},
            {"area_id": "M2", "name": "Kommune 2", "kind": "municipality", "parent_id": "R"},
        ]

        def ind(iid, kind, target, unit="antal"):
            return {
                "indicator_id": iid,
                "name": iid,
                "kind": kind,
                "unit": unit,
                "project_id": "",
                "target": target,
                "target_date": "2027-12-31",
            }

        # Rates (unit %) are averaged over areas, counts summed:
        # the rule of dap_reports.reports.indicators.computations.
        rows["indicators"] = [
            ind("I1", "progress", "100"),
            ind("I2", "outcome", "80", unit="%"),
            ind("I3", "fremdrift", "24"),
            ind("I4", "progress", ""),
        ]

        def val(iid, period, area, value):
            return {"indicator_id": iid, "period": period, "area_id": area, "value": value}

        rows["indicator_values"] = [
            val("I1", "2025-Q4", "M1", "5"),
            val("I1", "2026-Q3", "M1", "10"),
            val("I1", "2026-Q3", "M2", "20"),
            val("I1", "2026-Q3", "R", "30"),
            val("I1", "2026-Q4", "M1", "15"),
            val("I1", "2026-Q4", "M2", "25"),
            val("I1", "2026-Q4", "R", "40"),
            val("I1", "2027-Q1", "M1", "99"),  # after the year
            val("I2", "2026-Q2", "M1", "60"),
            val("I2", "2026-Q2", "M2", "80"),
            val("I2", "2026-Q2", "R", "10"),
            val("I3", "2026-Q1", "R", "12"),  # only the region reported: all areas count
        ]

    p = load_tiny(tmp_path, edit)
    frame = ar.indicator_progress(p, 2026).set_index("indicator_id")
    assert frame["latest_period"].to_dict() == {"I1": "2026-Q4", "I2": "2026-Q2", "I3": "2026-Q1", "I4": None}
    assert frame.loc["I1", "value"] == 40 and frame.loc["I1", "share_of_target_pct"] == 40  # municipalities only
    assert frame.loc["I2", "value"] == 70 and frame.loc["I2", "share_of_target_pct"] == 87.5  # a rate: mean
    assert frame.loc["I3", "value"] == 12 and frame.loc["I3", "share_of_target_pct"] == 50
    assert math.isnan(frame.loc["I4", "value"]) and math.isnan(frame.loc["I4", "share_of_target_pct"])
    earlier = ar.indicator_progress(p, 2025).set_index("indicator_id")
    assert earlier.loc["I1", "latest_period"] == "2025-Q4" and earlier.loc["I1", "value"] == 5


# ====================================================================== a year without meetings


def test_year_without_meetings_demo(demo):
    s = ar.year_summary(demo, 2024, today=TODAY)
    assert s.meetings == [] and s.last_meeting_with_status is None
    assert s.rag_at_last_meeting == {"green": 0, "yellow": 0, "red": 0, "not_reported": 0}
    assert s.sentences[0] == "Styregruppen holdt ingen møder i 2024."
    assert not any("ved årets sidste møde" in line for line in s.sentences)
    assert len(s.projects) == sum(_in_year(p, 2024) for p in _csv("projects")) == 11
    assert ar.status_grid(demo, 2024).empty and list(ar.status_grid(demo, 2024).columns) == ["name"]
    assert ar.governance(demo, 2024, today=TODAY).empty
    assert ar.governance_summary(demo, 2024, today=TODAY)["held"] == 0
    assert ar.change_requests_in_year(demo, 2024).empty
    assert ar.change_request_summary(demo, 2024)["decided"] == 0
    assert ar.top_risks_at_year_end(demo, 2024).empty and ar.exposure_in_year(demo, 2024).empty
    assert not ar.arshjul_coverage(demo, 2024)["covered"].any()
    # Milestones and economy do not depend on meetings: 2024 had four milestones (P13-M1 11 days late).
    assert ar.delivery_summary(demo, 2024, today=TODAY) == {
        "planned": 4,
        "met": 3,
        "late": 1,
        "moved": 0,
        "missed": 0,
        "upcoming": 0,
        "average_slip_days": 2.8,
    }
    assert ar.economy_by_source(demo, 2024)["source_id"].tolist() == ["TOTAL"]


def test_year_without_meetings_still_reports_its_budget(tmp_path):
    p = load_tiny(tmp_path, lambda rows: rows["budget"][0].update(year="2027"))
    assert ar.year_summary(p, 2027, today=TODAY).meetings == []
    total = ar.economy_by_source(p, 2027).iloc[-1]
    assert (total["granted_dkk"], total["spent_dkk"], total["unspent_dkk"]) == (500_000, 100_000, 400_000)
    assert ar.source_project_matrix(p, 2027).loc["Hurtigt patientoverblik", "Finanslov"] == 500_000


# ====================================================================== closures and phases (synthetic)


def test_closed_and_stopped_projects(tmp_path):
    def edit(rows):
        for project in rows["projects"]:
            project.update(closed_date="", closure="")
        rows["projects"][0].update(phase="lukket", closed_date="2026-05-01", closure="stoppet")
        rows["projects"][1].update(phase="closed", closed_date="2026-06-01")  # blank closure: completed

    p = load_tiny(tmp_path, edit)
    s = ar.year_summary(p, 2026, today=TODAY)
    assert s.stopped["project_id"].tolist() == ["P1"] and s.completed["project_id"].tolist() == ["P2"]
    assert s.projects["phase"].tolist() == ["closed", "closed"]
    assert "0 blev startet, 1 afsluttet og 1 stoppet" in s.sentences[2]
    assert ar.projects_in_year(p, 2027).empty  # closed before 2027 began


def test_year_end_phase_from_status_else_projects_sheet(tmp_path):
    def edit(rows):
        for row in rows["status"]:
            row["phase"] = ""
        rows["status"][0]["phase"] = "udrulning"  # P1 at 2026-01-14
        rows["status"][1]["phase"] = "drift"  # P2 at 2026-01-14, its last report of the year

    p = load_tiny(tmp_path, edit)
    projects = ar.projects_in_year(p, 2026).set_index("project_id")
    # P1's last report (2026-03-11) leaves the phase blank: the projects sheet's phase, as the schema says.
    assert projects["phase"].to_dict() == {"P1": "development", "P2": "operation"}


def test_baselines_original_against_current_and_the_years_rebaselining(demo):
    b = ar.baselines_in_year(demo, 2026).set_index("project_id")
    # P06 got a new baseline in 2025 (2027-07-15, 6.94 mio): nothing moved in 2026, but it differs from the original.
    assert (b.loc["P06", "original_end_date"], b.loc["P06", "baseline_end_date"]) == (
        pd.Timestamp("2027-05-31"),
        pd.Timestamp("2027-07-15"),
    )
    assert b.loc["P06", "year_changes"] == () and b.loc["P06", "rebaseline_dkk"] == 740_000
    # In 2026 CR05 (P02, +1,250,000) and CR06 (P14, scope only) were approved.
    assert b.loc["P02", "year_changes"] == ("CR05",) and b.loc["P02", "year_dkk"] == 1_250_000
    assert b.loc["P14", "year_changes"] == ("CR06",) and b.loc["P14", "year_days"] == 0
    s = ar.rebaselining_summary(demo, 2026)
    assert s == {"projects": 2, "days": 0, "dkk": 1_250_000.0, "changes": 2}
    s25 = ar.rebaselining_summary(demo, 2025)
    # 2025: CR01 (P03, -130,000), CR02 (P04, +30 days), CR03 (P01, +30 days), CR04 (P07, +190,000) and the new
    # baseline of P06 (+45 days, +740,000).
    assert s25 == {"projects": 5, "days": 105, "dkk": -130_000 + 190_000 + 740_000, "changes": 5}
