"""The annual wheel (årshjul): Danish holidays, meeting dates, project placement, fixed items,
invitations, deadlines, parameter files, workbook rows and the circular chart."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
import yaml
from matplotlib.figure import Figure

import dap_reports as dr
from conftest import tiny_rows, write_csv_folder
from dap_reports.contract.config import PortfolioConfig
from dap_reports.contract.loading import read_tables
from dap_reports.contract.portfolio import Portfolio
from dap_reports.errors import DapReportsError, ParameterError
from dap_reports.reports.calendar import charts as calendar_charts
from dap_reports.reports.calendar.computations import (
    danish_holidays,
    easter_sunday,
    infer_months,
    propose_wheel,
    wheel_to_tables,
    write_wheel_parameters,
)
from dap_reports.reports.common.formats import MONTHS_DA
from dap_reports.run.parameters import MeetingParameters, resolve_meeting_parameters

D = dt.date
DFP = "Digitale forløbsplaner"
SECOND_WEDNESDAYS_2027 = ["2027-01-13", "2027-03-10", "2027-05-12", "2027-08-11", "2027-10-13", "2027-12-08"]


# ------------------------------------------------------------------ helpers


def project(pid: str, start: str, track: str = "Digital almen praksis", closed: str = "") -> dict:
    return {
        "project_id": pid,
        "name": f"Projekt {pid}",
        "track": track,
        "owner_org": "KL",
        "project_lead": "A",
        "steering_forum": "Styregruppen",
        "phase": "lukket" if closed else "udvikling",
        "start_date": start,
        "baseline_end_date": "2029-12-31",
        "baseline_budget_dkk": "1000000",
        "tolerance_time_days": "30",
        "tolerance_budget_pct": "10",
        "description": "",
        "closed_date": closed,
        "closure": "completed" if closed else "",
    }


def synthetic(tmp_path: Path, projects: list[dict] | None = None, meetings: list[dict] | None = None) -> Portfolio:
    """A small portfolio from CSV (tables coerced, not validated: only the wheel's inputs matter)."""
    rows = tiny_rows()
    if projects is not None:
        rows["projects"] = projects
    if meetings is not None:
        rows["meetings"] = meetings
    tables = read_tables(write_csv_folder(tmp_path / "data", rows))[0]
    return Portfolio(tables=tables, config=PortfolioConfig())


def iso(values) -> list[str]:
    return [pd.Timestamp(v).strftime("%Y-%m-%d") for v in values]


@pytest.fixture(scope="module")
def wheel(demo):
    return propose_wheel(demo, 2027)


# ------------------------------------------------------------------ holidays


def test_holidays_2026_exactly():
    assert danish_holidays(2026) == {
        D(2026, 1, 1): "nytårsdag",
        D(2026, 4, 2): "skærtorsdag",
        D(2026, 4, 3): "langfredag",
        D(2026, 4, 5): "påskedag",
        D(2026, 4, 6): "2. påskedag",
        D(2026, 5, 14): "Kristi himmelfartsdag",
        D(2026, 5, 24): "pinsedag",
        D(2026, 5, 25): "2. pinsedag",
        D(2026, 6, 5): "grundlovsdag",
        D(2026, 12, 24): "juleaftensdag",
        D(2026, 12, 25): "juledag",
        D(2026, 12, 26): "2. juledag",
        D(2026, 12, 31): "nytårsaftensdag",
    }


def test_holidays_2027_exactly():
    assert danish_holidays(2027) == {
        D(2027, 1, 1): "nytårsdag",
        D(2027, 3, 25): "skærtorsdag",
        D(2027, 3, 26): "langfredag",
        D(2027, 3, 28): "påskedag",
        D(2027, 3, 29): "2. påskedag",
        D(2027, 5, 6): "Kristi himmelfartsdag",
        D(2027, 5, 16): "pinsedag",
        D(2027, 5, 17): "2. pinsedag",
        D(2027, 6, 5): "grundlovsdag",
        D(2027, 12, 24): "juleaftensdag",
        D(2027, 12, 25): "juledag",
        D(2027, 12, 26): "2. juledag",
        D(2027, 12, 31): "nytårsaftensdag",
    }


def test_store_bededag_until_2023_only():
    assert danish_holidays(2023)[D(2023, 5, 5)] == "store bededag"
    assert danish_holidays(2019)[D(2019, 5, 17)] == "store bededag"
    for year in range(2024, 2035):
        assert "store bededag" not in danish_holidays(year).values(), year


@pytest.mark.parametrize(
    "year, expected",
    [
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2027, D(2027, 3, 28)),
        (2038, D(2038, 4, 25)),
        (2285, D(2285, 3, 22)),
    ],
)
def test_easter(year, expected):
    assert easter_sunday(year) == expected  # includes the earliest (22 March) and latest (25 April) cases


def test_two_holidays_on_one_day_keep_both_names():
    assert danish_holidays(2022)[D(2022, 6, 5)] == "grundlovsdag og pinsedag"


# ------------------------------------------------------------------ the demo's 2027 wheel


def test_demo_months_are_inferred_from_history(demo):
    assert infer_months(demo, 2027) == (1, 3, 5, 8, 10, 12)  # the extra meeting in June 2026 does not count


def test_demo_wheel_has_six_ordinary_meetings_on_second_wednesdays(wheel):
    m = wheel.meetings
    assert wheel.year == 2027 and len(m) == 6 and (m["kind"] == "ordinary").all()
    assert iso(m["meeting_date"]) == SECOND_WEDNESDAYS_2027
    holidays = danish_holidays(2027)
    for date in m["meeting_date"]:
        assert date.weekday() < 5 and date.date() not in holidays


def test_demo_wheel_places_every_active_project(demo, wheel):
    projects = demo.projects
    active = projects[
        (projects["start_date"] <= "2027-12-31")
        & ~(projects["closed_date"].notna() & (projects["closed_date"] < "2027-01-01"))
    ]
    placed = wheel.agenda["project_id"].dropna()
    assert set(placed) == set(active["project_id"]) and "P03" not in set(placed)  # P03 closed in 2026
    assert placed.is_unique  # one status item per project and year
    assert wheel.unplaced.empty and wheel.warnings == []


def test_demo_wheel_is_load_balanced_and_counts_match(wheel):
    counts = wheel.agenda.dropna(subset=["project_id"]).groupby("meeting_date").size()
    n = wheel.meetings.set_index("meeting_date")["n_project_items"]
    assert counts.reindex(n.index, fill_value=0).tolist() == n.tolist()
    assert n.max() - n.min() <= 1 and n.max() <= 6


def test_demo_wheel_invites_sundhedsstyrelsen_exactly_when_its_track_is_on(demo, wheel):
    track = dict(zip(demo.projects["project_id"], demo.projects["track"], strict=True))
    for meeting in wheel.meetings.itertuples():
        items = wheel.agenda[wheel.agenda["meeting_date"] == meeting.meeting_date]
        dfp_on = any(track.get(pid) == DFP for pid in items["project_id"].dropna())
        assert ("Sundhedsstyrelsen" in meeting.invited) == dfp_on, meeting.meeting_date
        assert ("SST" in meeting.invited_ids) == dfp_on
    assert 0 < sum("Sundhedsstyrelsen" in i for i in wheel.meetings["invited"]) < len(wheel.meetings)


def test_demo_wheel_deadlines(wheel):
    m = wheel.meetings
    assert (m["agenda_deadline"] == m["meeting_date"] - pd.Timedelta(days=7)).all()
    assert (m["minutes_deadline"] == m["meeting_date"] + pd.Timedelta(days=14)).all()
    assert iso(m["agenda_deadline"])[0] == "2027-01-06"


def test_demo_wheel_fixed_items(wheel):
    a = wheel.agenda
    first, last = wheel.meetings["meeting_date"].iloc[[0, -1]]

    def where(title_start: str) -> list[str]:
        return iso(a.loc[a["title"].str.startswith(title_start), "meeting_date"])

    assert where("Årsrapport til National bestyrelse") == [f"{first:%Y-%m-%d}"]
    assert where("Budget og prioritering") == ["2027-10-13"]  # the first meeting in September–November
    assert where("Årshjul for næste år") == [f"{last:%Y-%m-%d}"]
    overview = a[a["title"] == "Porteføljeoverblik"]
    assert len(overview) == 6 and (overview["item"] == "status").all() and (overview["number"] == 1).all()
    assert (a.loc[a["title"].str.startswith(("Årsrapport", "Budget", "Årshjul")), "item"] == "decision").all()
    assert set(a["item"]) <= {"status", "decision", "orientation", "theme"}
    assert a["project_id"].map(lambda v: v is None or isinstance(v, str)).all()  # None, not NaN, for fixed items
    for _, items in a.groupby("meeting_date"):
        assert items["number"].tolist() == list(range(1, len(items) + 1))


def test_proposal_is_deterministic(demo, wheel):
    again = propose_wheel(demo, 2027)
    pd.testing.assert_frame_equal(again.agenda, wheel.agenda)
    pd.testing.assert_frame_equal(again.meetings, wheel.meetings)


# ------------------------------------------------------------------ edge cases


def test_without_history_the_default_months_are_used(tmp_path):
    p = synthetic(tmp_path, meetings=[])
    assert infer_months(p, 2027) == (1, 3, 5, 8, 10, 12)


def test_another_cadence_without_history_is_spread_over_the_year_avoiding_july(tmp_path):
    p = synthetic(tmp_path, meetings=[])
    p.config = PortfolioConfig(meetings_per_year=4)
    assert infer_months(p, 2027) == (1, 4, 8, 10)
    assert len(propose_wheel(p, 2027).meetings) == 4


def test_months_follow_the_groups_habit(tmp_path):
    dates = [f"{y}-{m:02d}-10" for y in (2025, 2026) for m in (2, 4, 6, 9, 11, 12)]
    meetings = [
        {"meeting_date": d, "kind": "ordinary", "agenda_sent_date": "", "minutes_sent_date": "", "notes": ""}
        for d in dates
    ]
    meetings.append(
        {"meeting_date": "2026-07-01", "kind": "extra", "agenda_sent_date": "", "minutes_sent_date": "", "notes": ""}
    )
    assert infer_months(synthetic(tmp_path, meetings=meetings), 2027) == (2, 4, 6, 9, 11, 12)


def test_more_projects_than_slots_places_all_and_warns(tmp_path):
    projects = [
        project(f"P{i:02d}", "2025-01-01", track=DFP if i % 10 == 0 else "Digital almen praksis") for i in range(50)
    ]
    w = propose_wheel(synthetic(tmp_path, projects), 2027)
    placed = w.agenda["project_id"].dropna()
    assert sorted(placed) == sorted(p["project_id"] for p in projects) and placed.is_unique
    assert w.meetings["n_project_items"].sum() == 50
    assert w.meetings["n_project_items"].max() - w.meetings["n_project_items"].min() <= 1
    assert len(w.warnings) == 6 and all("flere end loftet på 6" in text for text in w.warnings)
    assert w.unplaced.empty


def test_cap_is_configurable(demo):
    w = propose_wheel(demo, 2027, max_project_items=2)
    assert len(w.agenda["project_id"].dropna()) == 14  # still every project
    assert len(w.warnings) == 2 and "loftet på 2" in w.warnings[0]


def test_project_starting_mid_year_is_placed_on_or_after_its_start(tmp_path):
    projects = [project("EARLY", "2025-01-01"), project("MID", "2027-06-01")]
    w = propose_wheel(synthetic(tmp_path, projects), 2027)
    placed = w.agenda.dropna(subset=["project_id"]).set_index("project_id")["meeting_date"]
    assert placed["EARLY"] == pd.Timestamp("2027-01-13")
    assert placed["MID"] == pd.Timestamp("2027-08-11")  # the emptier March and May meetings are before its start


def test_project_starting_after_the_last_meeting_is_unplaced_with_reason(tmp_path):
    projects = [
        project("A", "2025-01-01"),
        project("LATE", "2027-12-20"),
        project("NEXT", "2028-02-01"),
        project("GONE", "2024-01-01", closed="2026-12-31"),
        project("ENDING", "2024-01-01", closed="2027-02-01"),
    ]
    w = propose_wheel(synthetic(tmp_path, projects), 2027)
    assert set(w.agenda["project_id"].dropna()) == {"A", "ENDING"}  # closed during the year: still treated
    assert w.unplaced["project_id"].tolist() == ["LATE"]
    reason = w.unplaced["reason"].iloc[0]
    assert "20. december 2027" in reason and "8. december 2027" in reason and "2028" in reason


def test_extra_meeting_is_included(demo):
    w = propose_wheel(demo, 2027, extra_meetings=["2027-06-16"])
    m = w.meetings.set_index("meeting_date")
    extra = m.loc[pd.Timestamp("2027-06-16")]
    assert extra["kind"] == "extra" and (m["kind"] == "ordinary").sum() == 6 and len(m) == 7
    assert extra["n_project_items"] == 0 and extra["invited"] == []
    assert extra["agenda_deadline"] == pd.Timestamp("2027-06-09")
    items = w.agenda[w.agenda["meeting_date"] == "2027-06-16"]
    assert items["title"].tolist() == ["Porteføljeoverblik"]


@pytest.mark.parametrize(
    "date, words",
    [
        ("2027-05-06", ["2027-05-06", "Kristi himmelfartsdag"]),
        ("06-05-2027", ["2027-05-06", "Kristi himmelfartsdag"]),
        ("2027-12-24", ["2027-12-24", "juleaftensdag"]),
        ("2027-06-19", ["2027-06-19", "lørdag"]),
        ("2028-01-12", ["2028-01-12", "not in 2027"]),
        ("2027-03-10", ["2027-03-10", "already a meeting"]),
    ],
)
def test_extra_meeting_that_cannot_be_held_is_refused(demo, date, words):
    with pytest.raises(ParameterError) as caught:
        propose_wheel(demo, 2027, extra_meetings=[date])
    assert all(w in str(caught.value) for w in words)


def test_meeting_on_a_holiday_moves_to_the_next_working_day(demo):
    # First Thursday of May 2027 is Kristi himmelfartsdag (6 May): the meeting moves to Friday 7 May.
    w = propose_wheel(demo, 2027, weekday=3, week_of_month=1)
    moved = w.meetings[w.meetings["meeting_date"].dt.month == 5].iloc[0]
    assert moved["meeting_date"] == pd.Timestamp("2027-05-07")
    assert "6. maj 2027" in moved["note"] and "Kristi himmelfartsdag" in moved["note"]
    assert (w.meetings.loc[w.meetings["meeting_date"].dt.month != 5, "note"] == "").all()


@pytest.mark.parametrize(
    "year, month, weekday, week, expected",
    [
        (2027, 12, 4, 4, "2027-12-27"),  # 4th Friday = juleaftensdag; 25 and 26 December are a weekend and holidays
        (2026, 4, 0, 1, "2026-04-07"),  # 1st Monday = 2. påskedag
        (2027, 6, 4, 1, "2027-06-04"),  # 1st Friday, an ordinary working day: no move
    ],
)
def test_moves_over_weekends_and_runs_of_holidays(tmp_path, year, month, weekday, week, expected):
    w = propose_wheel(synthetic(tmp_path, []), year, months=[month], weekday=weekday, week_of_month=week)
    assert iso(w.meetings["meeting_date"]) == [expected]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"weekday": 5},
        {"week_of_month": 5},
        {"months": [0]},
        {"months": [3, 3]},
        {"months": []},
        {"fixed_items": [("first", "vote", "X")]},
        {"fixed_items": [("spring", "decision", "X")]},
    ],
)
def test_bad_parameters_are_refused(demo, kwargs):
    with pytest.raises(ParameterError):
        propose_wheel(demo, 2027, **kwargs)


def test_custom_fixed_items(demo):
    w = propose_wheel(
        demo,
        2027,
        fixed_items=[
            (5, "beslutning", "Budgetopfølgning"),
            (6, "tema", "Sommertema"),
            ("every", "status", "Porteføljeoverblik"),
        ],
    )
    row = w.agenda[w.agenda["title"] == "Budgetopfølgning"]
    assert iso(row["meeting_date"]) == ["2027-05-12"] and row["item"].iloc[0] == "decision"
    assert not w.agenda["title"].str.startswith("Årsrapport").any()
    assert w.warnings == ["Det faste punkt »Sommertema« er ikke placeret: intet ordinært møde i juni."]


# ------------------------------------------------------------------ parameter files and workbook rows


def test_write_wheel_parameters(tmp_path, wheel):
    paths = write_wheel_parameters(wheel, tmp_path)
    assert [p.name for p in paths] == [f"{d}.yaml" for d in SECOND_WEDNESDAYS_2027]
    assert all(p.parent == tmp_path / "parameters" / "meetings" for p in paths)
    text = paths[0].read_text(encoding="utf-8")
    params = MeetingParameters.model_validate(yaml.safe_load(text))  # no unknown keys: the agenda is a comment
    assert params.meeting_date == D(2027, 1, 13) and params.title == "Styregruppemøde 13. januar 2027"
    assert "#   1. Porteføljeoverblik (status)" in text
    assert "Årsrapport til National bestyrelse for digitalisering og data (beslutning)" in text
    assert "# Inviteret: Sundhedsstyrelsen" in text and "Eventuelt" in text


def test_write_wheel_parameters_never_overwrites_without_force(tmp_path, wheel):
    folder = tmp_path / "parameters" / "meetings"
    folder.mkdir(parents=True)
    existing = folder / "2027-05-12.yaml"
    existing.write_text("title: Håndskrevet\n", encoding="utf-8")
    with pytest.raises(DapReportsError) as caught:
        write_wheel_parameters(wheel, tmp_path)
    assert str(existing) in str(caught.value)
    assert sorted(p.name for p in folder.iterdir()) == ["2027-05-12.yaml"]  # nothing else was written
    assert existing.read_text(encoding="utf-8") == "title: Håndskrevet\n"
    paths = write_wheel_parameters(wheel, tmp_path, force=True)
    assert len(paths) == 6 and "Styregruppemøde 12. maj 2027" in existing.read_text(encoding="utf-8")


def _csv_value(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return value.strftime("%Y-%m-%d") if isinstance(value, pd.Timestamp) else str(value)


def test_wheel_tables_load_as_a_valid_workbook_and_drive_the_parameters(tmp_path, demo):
    w = propose_wheel(demo, 2027, extra_meetings=["2027-06-16"])
    tables = wheel_to_tables(w)
    assert list(tables["meetings"].columns) == [
        "meeting_date",
        "kind",
        "agenda_sent_date",
        "minutes_sent_date",
        "notes",
    ]
    assert list(tables["agenda"].columns) == [
        "meeting_date",
        "project_id",
        "item",
        "title",
        *("presenter", "recommendation", "background", "attachments", "decision"),  # blank: filled in later
    ]
    assert tables["agenda"]["decision"].isna().all()
    assert "Sundhedsstyrelsen inviteret" in tables["meetings"]["notes"].iloc[0]
    # Paste the rows under the demo's own and load the result with full validation.
    data = tmp_path / "data"
    data.mkdir()
    for file in dr.DEMO_DIR.iterdir():
        (data / file.name).write_bytes(file.read_bytes())
    for name, frame in tables.items():
        with open(data / f"{name}.csv", "a", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([[_csv_value(v) for v in row] for row in frame.itertuples(index=False)])
    p = dr.load_portfolio(data)
    assert set(iso(p.meetings_in_year(2027))) == set(SECOND_WEDNESDAYS_2027) | {"2027-06-16"}
    write_wheel_parameters(w, data)
    params, path = resolve_meeting_parameters(p, "2027-06-16", [data / "parameters"])
    assert path.name == "2027-06-16.yaml" and params.title == "Ekstraordinært styregruppemøde 16. juni 2027"


# ------------------------------------------------------------------ chart


@pytest.fixture
def no_leaks():
    before_rc, before_figs = dict(matplotlib.rcParams), plt.get_fignums()
    yield
    assert plt.get_fignums() == before_figs and dict(matplotlib.rcParams) == before_rc


def test_chart_has_the_months_meetings_and_badges(no_leaks, wheel):
    fig = calendar_charts.annual_wheel_chart(wheel, "Årshjul 2027 (forslag)")
    assert isinstance(fig, Figure) and tuple(fig.get_size_inches()) == (9.0, 9.0)
    texts = [t for ax in fig.axes for t in ax.texts]
    months = sorted(
        (t for t in texts if (t.get_gid() or "").startswith("month-")), key=lambda t: int(t.get_gid().split("-")[1])
    )
    assert [t.get_text() for t in months] == MONTHS_DA
    boxes = {t.get_gid().removeprefix("meeting-"): t for t in texts if (t.get_gid() or "").startswith("meeting-")}
    assert sorted(boxes) == SECOND_WEDNESDAYS_2027
    assert "Video i almen praksis" in boxes["2027-01-13"].get_text()
    badges = [t for t in texts if t.get_text() == "SST"]
    assert len(badges) == sum("SST" in ids for ids in wheel.meetings["invited_ids"])
    assert "SST: Sundhedsstyrelsen inviteret" in [t.get_text() for t in fig.legends[0].get_texts()]


def test_chart_keeps_boxes_apart_in_a_crowded_year(no_leaks, tmp_path):
    projects = [
        project(f"P{i:02d}", "2025-01-01", track=DFP if i % 7 == 0 else "Digital almen praksis") for i in range(50)
    ]
    w = propose_wheel(synthetic(tmp_path, projects), 2027, extra_meetings=["2027-03-17", "2027-06-16", "2027-12-15"])
    fig = calendar_charts.annual_wheel_chart(w, "Travlt år")
    renderer = fig.canvas.get_renderer()
    boxes = [t for t in fig.axes[0].texts if (t.get_gid() or "").startswith("meeting-")]
    extents = [b.get_window_extent(renderer) for b in boxes]
    assert len(boxes) == 9
    assert not any(a.overlaps(b) for i, a in enumerate(extents) for b in extents[:i])
    assert any("flere" in b.get_text() for b in boxes)  # long lists are cut with a count, not left to overflow
