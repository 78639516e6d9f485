"""Risk report computations: exact values on the bundled demo, worked out from its CSVs,
plus small synthetic registers for the edge cases (closing day, new risks, first meeting,
planned meeting, unassessed risks, custom matrix)."""

from __future__ import annotations

import pandas as pd
import pytest

from dap_reports.contract.config import PortfolioConfig
from dap_reports.contract.locate import DEMO_DIR
from dap_reports.contract.portfolio import Portfolio
from dap_reports.contract.schema import TABLES
from dap_reports.reports.risks import computations as rr

# ------------------------------------------------------------------------------- demo


def _reference(date: str) -> pd.DataFrame:
    """Plain-pandas reading of the demo CSVs, independent of the module: open risks at
    ``date`` with their latest assessment on or before it."""
    risks = pd.read_csv(DEMO_DIR / "risks.csv", parse_dates=["raised_date", "closed_date"])
    found = pd.read_csv(DEMO_DIR / "risk_assessments.csv", parse_dates=["meeting_date"])
    day = pd.Timestamp(date)
    open_ = risks[(risks.raised_date <= day) & (risks.closed_date.isna() | (risks.closed_date > day))]
    latest = found[found.meeting_date <= day].sort_values("meeting_date").groupby("risk_id").last()
    out = open_.set_index("risk_id").join(latest)
    out["score"] = out.probability * out.impact
    return out


def test_open_risks_at_october_2026(demo):
    rows = rr.open_risks(demo, "2026-10-14")
    assert list(rows.columns) == rr.OPEN_RISK_COLUMNS
    # 25 risks; the 7 closed ones all closed before 2026-10-14; R21 was raised 2026-09-04.
    assert len(rows) == 18 == len(_reference("2026-10-14"))
    assert set(rows.risk_id) == {
        "R01",
        "R02",
        "R03",
        "R05",
        "R06",
        "R08",
        "R10",
        "R12",
        "R13",
        "R15",
        "R16",
        "R17",
        "R18",
        "R19",
        "R21",
        "R22",
        "R24",
        "R25",
    }
    # Sorted by score desc, then risk_id.
    assert rows.risk_id.tolist()[:11] == ["R05", "R13", "R19", "R22", "R02", "R06", "R12", "R16", "R01", "R03", "R25"]
    assert rows.score.tolist() == [25, 25, 25, 25, 20, 20, 20, 20, 16, 16, 16, 9, 9, 8, 6, 6, 3, 2]
    assert str(rows.score.dtype) == str(rows.probability.dtype) == "Int64"
    by_id = rows.set_index("risk_id")
    assert by_id.loc["R15", "trend"] == "escalated" and by_id.loc["R15", "previous_score"] == 6  # 3×2 → 4×2
    assert by_id.loc["R24", "trend"] == "escalated"  # 2×3 → 3×3
    assert by_id.loc["R18", "trend"] == "de_escalated"  # 2×3 → 1×3
    assert by_id.loc["R21", "trend"] == "new" and pd.isna(by_id.loc["R21", "previous_score"])
    assert by_id.loc["R05", "trend"] == "unchanged"
    assert by_id.loc["R18", "colour"] == "green" and by_id.loc["R15", "colour"] == "yellow"
    assert by_id.loc["R01", "project_id"] is None and by_id.loc["R01", "project_name"] == "Porteføljen"
    assert by_id.loc["R06", "project_name"] == "Hurtigt patientoverblik"


def test_open_risks_at_march_2026(demo):
    rows = rr.open_risks(demo, "2026-03-11")
    # Closed by then: R04, R09, R11, R14; R07, R20, R23 still open; R21 not raised yet.
    assert len(rows) == 20 == len(_reference("2026-03-11"))
    assert {"R07", "R20", "R23"} <= set(rows.risk_id) and not {"R04", "R09", "R11", "R14", "R21"} & set(rows.risk_id)
    assert rows.score.sum() == 219 == _reference("2026-03-11").score.sum()


def test_top_risks(demo):
    assert rr.top_risks(demo, "2026-10-14").risk_id.tolist() == [
        "R05",
        "R13",
        "R19",
        "R22",
        "R02",
        "R06",
        "R12",
        "R16",
        "R01",
        "R03",
    ]
    # 2026-03-11: 20 (R05 R13 R19 R22), 16 (R01 R16), 15 (R02), 12 (R06), 10 (R12), 9 (R03 first of four).
    assert rr.top_risks(demo, "2026-03-11").risk_id.tolist() == [
        "R05",
        "R13",
        "R19",
        "R22",
        "R01",
        "R16",
        "R02",
        "R06",
        "R12",
        "R03",
    ]
    assert rr.top_risks(demo, "2026-10-14", n=3).risk_id.tolist() == ["R05", "R13", "R19"]
    assert list(rr.top_risks(demo, "2026-10-14").columns) == rr.OPEN_RISK_COLUMNS


def test_heatmap(demo):
    grid = rr.heatmap_counts(demo, "2026-10-14")
    assert grid.index.tolist() == [5, 4, 3, 2, 1] and grid.columns.tolist() == [1, 2, 3, 4, 5]
    assert grid.index.name == "probability" and grid.columns.name == "impact"
    assert grid.to_numpy().sum() == 18  # every open risk is assessed at this meeting
    assert grid.loc[5, 5] == 4  # R05 R13 R19 R22
    assert grid.loc[4, 5] == 3  # R02 R06 R12
    assert grid.loc[4, 4] == 3  # R01 R03 R25
    assert grid.loc[3, 3] == 2  # R10 R24
    before = rr.heatmap_previous(demo, "2026-10-14")  # = 2026-08-12
    assert before.equals(rr.heatmap_counts(demo, "2026-08-12"))
    assert before.to_numpy().sum() == 18 and before.loc[2, 3] == 3  # R17 R18 R24 at 2×3
    assert rr.heatmap_previous(demo, "2025-01-08") is None


def test_movements_october_2026(demo):
    moved = rr.movements(demo, "2026-10-14")  # since 2026-08-12
    assert list(moved.columns) == rr.MOVEMENT_COLUMNS
    assert list(zip(moved.movement, moved.risk_id, strict=True)) == [
        ("new", "R21"),
        ("escalated", "R15"),
        ("escalated", "R24"),
        ("de_escalated", "R18"),
        ("closed", "R23"),
    ]
    assert moved.previous_score.tolist()[1:] == [6, 6, 6, 2]
    assert moved.score.tolist()[:4] == [6, 8, 9, 3] and pd.isna(moved.score.iloc[4])


def test_movements_march_2026(demo):
    moved = rr.movements(demo, "2026-03-11")  # since 2026-01-14
    groups = moved.groupby("movement").risk_id.apply(list).to_dict()
    assert groups == {
        "escalated": ["R02", "R13", "R16", "R18", "R19", "R25"],
        "de_escalated": ["R07", "R08", "R20", "R23"],
        "closed": ["R04", "R09", "R11"],
    }


def test_planned_meeting_uses_latest_assessment(demo):
    rows = rr.open_risks(demo, "2026-12-09")  # planned: no assessments of its own
    assert len(rows) == 18 and (rows.assessed_date == pd.Timestamp("2026-10-14")).all()
    assert set(rows.trend) == {"unchanged"}
    assert rr.movements(demo, "2026-12-09").empty
    assert rr.heatmap_counts(demo, "2026-12-09").equals(rr.heatmap_counts(demo, "2026-10-14"))


def test_first_meeting(demo):
    assert rr.open_risks(demo, "2025-01-08").empty  # the first risk (R09) was raised 2025-01-28
    moved = rr.movements(demo, "2025-01-08")
    assert moved.empty and list(moved.columns) == rr.MOVEMENT_COLUMNS
    assert rr.exposure_over_time(demo, "2025-01-08").empty
    assert rr.open_risks(demo, "2025-03-12").trend.eq("new").all()  # all 8 raised after 2025-01-08


def test_risks_by_project(demo):
    table = rr.risks_by_project(demo, "2026-10-14")
    assert list(table.columns) == rr.BY_PROJECT_COLUMNS
    # P03 (R09) and P11 (R20) have only closed risks; the portfolio itself comes last.
    assert table.project_id.tolist() == [
        "P01",
        "P02",
        "P04",
        "P05",
        "P06",
        "P07",
        "P08",
        "P09",
        "P10",
        "P12",
        "P13",
        "P14",
        "P15",
        None,
    ]
    last = table.iloc[-1]
    assert (last.project_name, last.open, last.red, last.max_score, last.total_score) == ("Porteføljen", 3, 3, 20, 52)
    p09 = table.set_index("project_name").loc["Et samlet patientoverblik"]
    assert (p09.open, p09.yellow, p09.green, p09.max_score, p09.total_score) == (2, 1, 1, 6, 9)
    assert table.total_score.sum() == 271 and table.open.sum() == 18


def test_portfolio_risks(demo):
    assert rr.portfolio_risks(demo, "2026-10-14").risk_id.tolist() == ["R02", "R01", "R03"]  # R04 closed 2026-02-19
    assert rr.portfolio_risks(demo, "2026-01-14").risk_id.tolist() == ["R01", "R02", "R03", "R04"]


def test_risk_gaps(demo):
    gaps = rr.risk_gaps(demo, "2026-10-14")
    assert list(gaps.columns) == rr.GAP_COLUMNS
    assert list(zip(gaps.risk_id, gaps.missing, strict=True)) == [
        ("R12", "ejer"),
        ("R15", "afbødning"),
        ("R18", "ejer"),
        ("R25", "afbødning"),
    ]
    # R12 was raised 2025-12-12, after the December meeting.
    assert rr.risk_gaps(demo, "2025-12-10").risk_id.tolist() == ["R15", "R18", "R25"]
    # Between meetings R21 (raised 2026-09-04) is open but not yet assessed.
    assert rr.risk_gaps(demo, "2026-09-30").set_index("risk_id").loc["R21", "missing"] == "vurdering"


def test_exposure_over_time(demo):
    table = rr.exposure_over_time(demo, "2026-10-14")
    assert list(table.columns) == rr.EXPOSURE_COLUMNS
    # 12 meetings up to the date; 2025-01-08 had no risks yet. The extra meeting 2026-06-17 is kept.
    assert len(table) == 11 and table.meeting_date.iloc[0] == pd.Timestamp("2025-03-12")
    rows = table.set_index("meeting_date")
    assert rows.loc["2026-10-14"].tolist() == [18, 271, 11, 5, 2]
    assert rows.loc["2026-03-11"].tolist() == [20, 219, 9, 7, 4]
    for meeting, row in rows.iterrows():  # cross-check every meeting against plain pandas
        ref = _reference(meeting)
        assert (row.open_risks, row.total_score) == (len(ref), ref.score.sum())
        assert row.red + row.yellow + row.green == ref.score.notna().sum()
    assert rr.exposure_over_time(demo, "2026-12-09").iloc[-1].tolist()[1:] == [18, 271, 11, 5, 2]


def test_score_thresholds_default_matrix(demo):
    table = rr.score_thresholds(demo)
    assert list(table.columns) == rr.THRESHOLD_COLUMNS
    assert table.values.tolist() == [["red", 10, 25, 8], ["yellow", 4, 12, 10], ["green", 1, 4, 7]]
    assert rr.threshold_text(demo) == (
        "Rød: score 10–25 · Gul: 4–12 · Grøn: 1–4 "
        "(farve efter cellen i matrixen, ikke kun scoren; "
        "scorerne 4, 10 og 12 findes i flere farver)"
    )


@pytest.mark.parametrize("date", ["2026-10-14", pd.Timestamp("2026-10-14"), "14-10-2026"])
def test_date_arguments(demo, date):
    assert len(rr.open_risks(demo, date)) == 18 and len(rr.movements(demo, date)) == 5


def test_every_function_runs_on_every_meeting(demo):
    for meeting in demo.meeting_dates:
        rows = rr.open_risks(demo, meeting)
        assert rr.heatmap_counts(demo, meeting).to_numpy().sum() == rows.score.notna().sum()
        assert rr.risks_by_project(demo, meeting).open.sum() == len(rows)
        for fn in (rr.top_risks, rr.movements, rr.portfolio_risks, rr.risk_gaps, rr.exposure_over_time):
            assert isinstance(fn(demo, meeting), pd.DataFrame)


# ------------------------------------------------------------------------------- synthetic


def _table(name: str, records: list[dict]) -> pd.DataFrame:
    table = next(t for t in TABLES if t.name == name)
    frame = pd.DataFrame(records, columns=table.column_names)
    for column in table.columns:
        if column.type == "date":
            frame[column.name] = pd.to_datetime(frame[column.name])
        elif column.type == "int":
            frame[column.name] = frame[column.name].astype("Int64")
        else:
            frame[column.name] = frame[column.name].astype(object).where(frame[column.name].notna(), None)
    frame["_row"] = range(2, len(frame) + 2)
    return frame


def _risk(rid, project, raised, closed=None, owner="KL", mitigation="Møder"):
    return {
        "risk_id": rid,
        "project_id": project,
        "title": f"Risiko {rid}",
        "owner": owner,
        "mitigation": mitigation,
        "raised_date": raised,
        "closed_date": closed,
    }


def synthetic(matrix: list[str] | None = None) -> Portfolio:
    """Meetings 2026-01-14, 2026-03-11 and (planned) 2026-05-13.

    A1 escalates 3×4 → 4×4; A2 closes exactly on 2026-03-11; A3 is raised after the first
    meeting; A4 (portfolio-level) is never assessed and has no owner or mitigation; A5 is
    old but first assessed on 2026-03-11; A6 closes the day after 2026-03-11 and falls 3×3 → 2×3.
    """
    risks = [
        _risk("A1", "P1", "2025-12-01"),
        _risk("A2", "P1", "2025-12-01", closed="2026-03-11"),
        _risk("A3", "P2", "2026-02-01"),
        _risk("A4", None, "2026-02-01", owner=None, mitigation=None),
        _risk("A5", "P2", "2025-11-01", owner=" "),
        _risk("A6", "P2", "2025-11-01", "2026-03-12", mitigation="  "),
    ]
    assessed = [
        ("A1", "2026-01-14", 3, 4),
        ("A1", "2026-03-11", 4, 4),
        ("A2", "2026-01-14", 2, 2),
        ("A3", "2026-03-11", 2, 3),
        ("A5", "2026-03-11", 5, 5),
        ("A6", "2026-01-14", 3, 3),
        ("A6", "2026-03-11", 2, 3),
    ]
    tables = {t.name: _table(t.name, []) for t in TABLES}
    tables["projects"] = _table(
        "projects", [{"project_id": "P1", "name": "Alfa"}, {"project_id": "P2", "name": "Beta"}]
    )
    tables["meetings"] = _table("meetings", [{"meeting_date": d} for d in ("2026-01-14", "2026-03-11", "2026-05-13")])
    tables["risks"] = _table("risks", risks)
    tables["risk_assessments"] = _table(
        "risk_assessments",
        [{"risk_id": r, "meeting_date": d, "probability": pr, "impact": im} for r, d, pr, im in assessed],
    )
    config = PortfolioConfig.model_validate({"rules": {"risk": {"matrix": matrix}}} if matrix else {})
    return Portfolio(tables=tables, config=config)


def test_closed_on_meeting_date_is_not_open():
    rows = rr.open_risks(synthetic(), "2026-03-11")
    assert "A2" not in set(rows.risk_id)  # closed 2026-03-11
    assert "A6" in set(rows.risk_id)  # closed 2026-03-12
    assert "A6" not in set(rr.open_risks(synthetic(), "2026-05-13").risk_id)


def test_synthetic_open_risks_and_trend():
    rows = rr.open_risks(synthetic(), "2026-03-11")
    assert rows.risk_id.tolist() == ["A5", "A1", "A3", "A6", "A4"]  # unassessed last
    trend = dict(zip(rows.risk_id, rows.trend, strict=True))
    assert trend == {"A5": None, "A1": "escalated", "A3": "new", "A6": "de_escalated", "A4": None}
    a4 = rows.set_index("risk_id").loc["A4"]
    assert pd.isna(a4.score) and a4.colour is None and a4.project_name == "Porteføljen"
    assert rr.top_risks(synthetic(), "2026-03-11").risk_id.tolist() == ["A5", "A1", "A3", "A6"]
    first = rr.open_risks(synthetic(), "2026-01-14")
    assert first.trend.isna().all() and first.risk_id.tolist() == ["A1", "A6", "A2", "A5"]


def test_synthetic_movements():
    p = synthetic()
    assert rr.movements(p, "2026-01-14").empty  # first meeting
    moved = rr.movements(p, "2026-03-11")
    assert list(zip(moved.movement, moved.risk_id, strict=True)) == [
        ("new", "A3"),
        ("new", "A4"),
        ("escalated", "A1"),
        ("de_escalated", "A6"),
        ("closed", "A2"),
    ]
    assert moved.previous_score.tolist()[2:] == [12, 9, 4]
    planned = rr.movements(p, "2026-05-13")
    assert list(zip(planned.movement, planned.risk_id, planned.previous_score, strict=True)) == [("closed", "A6", 6)]


def test_synthetic_by_project_gaps_and_exposure():
    p = synthetic()
    table = rr.risks_by_project(p, "2026-03-11")
    assert table.values.tolist()[:2] == [["P1", "Alfa", 1, 1, 0, 0, 0, 16, 16], ["P2", "Beta", 3, 1, 2, 0, 0, 25, 37]]
    last = table.iloc[-1]
    assert last.project_id is None and (last.open, last.unassessed, last.total_score) == (1, 1, 0)
    assert pd.isna(last.max_score)
    gaps = rr.risk_gaps(p, "2026-03-11")
    assert list(zip(gaps.risk_id, gaps.missing, strict=True)) == [
        ("A4", "ejer, afbødning og vurdering"),
        ("A5", "ejer"),
        ("A6", "afbødning"),
    ]
    exposure = rr.exposure_over_time(p, "2026-05-13")
    assert exposure.drop(columns="meeting_date").values.tolist() == [
        [4, 25, 1, 1, 1],  # A1 3×4 red, A2 2×2 green, A6 3×3 yellow; A5 not yet assessed
        [5, 53, 2, 2, 0],
        [4, 47, 2, 1, 0],  # planned meeting: A6 closed, the rest as assessed on 2026-03-11
    ]


def test_custom_matrix_changes_colours():
    greens = synthetic(["g g g g g"] * 5)
    assert set(rr.open_risks(greens, "2026-03-11").colour.dropna()) == {"green"}
    assert rr.exposure_over_time(greens, "2026-03-11").iloc[-1].tolist()[2:] == [53, 0, 0, 4]
    assert rr.score_thresholds(greens).values.tolist()[2] == ["green", 1, 25, 25]
    assert rr.score_thresholds(greens).cells.tolist() == [0, 0, 25]
    assert rr.threshold_text(greens) == (
        "Rød: ingen celler · Gul: ingen celler · Grøn: score 1–25 (farve efter cellen i matrixen, ikke kun scoren)"
    )
    # A matrix that is a clean score cut: red ≥ 15, yellow ≥ 5 — no score in two colours.
    cut = synthetic(["y y r r r", "g y y r r", "g y y y r", "g g y y y", "g g g g y"])
    assert rr.score_thresholds(cut).values.tolist() == [["red", 15, 25, 6], ["yellow", 5, 12, 11], ["green", 1, 4, 8]]
    assert rr.threshold_text(cut) == (
        "Rød: score 15–25 · Gul: 5–12 · Grøn: 1–4 (farve efter cellen i matrixen, ikke kun scoren)"
    )
    assert rr.open_risks(cut, "2026-03-11").set_index("risk_id").loc["A1", "colour"] == "red"  # 16
