"""Benefits realisation: the rules with exact values worked out by hand, a small portfolio whose every figure is
computed in the comments, and the demo's benefits checked against its CSV files."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import load_tiny
from dap_reports.contract.config import BenefitRule
from dap_reports.contract.locate import DEMO_DIR
from dap_reports.reports.benefits import computations as bc

RULE = BenefitRule()  # on track unless more than 10 points behind; behind when more than 25


# ------------------------------------------------------------------ the rules, one value at a time


def test_achievement_when_lower_is_better():
    # 12.000 inquiries a month before, 8.000 the target: a fall to 10.400 is 1.600 of the 4.000 planned.
    assert bc.achievement(10400, 12000, 8000) == 0.4
    assert bc.achievement(8000, 12000, 8000) == 1.0
    assert bc.achievement(7000, 12000, 8000) == 1.25  # beyond the target
    assert bc.achievement(12600, 12000, 8000) == -0.15  # worse than before: 600 of 4.000 the wrong way
    assert bc.achievement(12000, 12000, 8000) == 0.0


def test_achievement_when_higher_is_better():
    # 20 % before, 45 % the target: 30 % is 10 of the 25 points planned.
    assert bc.achievement(30, 20, 45) == 0.4
    assert bc.achievement(15, 20, 45) == -0.2
    assert bc.achievement(45, 20, 45) == 1.0


def test_achievement_needs_a_baseline_and_a_change_to_make():
    assert bc.achievement(30, None, 45) is None
    assert bc.achievement(None, 20, 45) is None
    assert bc.achievement(30, 45, 45) is None  # target equal to baseline: nothing to realise (a validation error)


def test_expected_achievement_grows_by_the_day_from_start_to_target():
    start, target = "2026-01-01", "2026-12-31"  # 364 days apart
    assert bc.expected_achievement("2025-11-30", start, target) == 0.0  # before the start
    assert bc.expected_achievement(start, start, target) == 0.0
    assert bc.expected_achievement("2026-07-02", start, target) == 0.5  # 182 of 364 days
    assert bc.expected_achievement("2026-04-01", start, target) == 90 / 364  # 31 + 28 + 31 days
    assert bc.expected_achievement(target, start, target) == 1.0
    assert bc.expected_achievement("2027-06-30", start, target) == 1.0  # stays at the target after it


def test_benefit_rag_counts_percentage_points_and_more_than_is_strict():
    # expected 50 %: 40 % is exactly 10 points behind (green), 39 % eleven (yellow);
    # 25 % is exactly 25 points (still yellow), 24 % twenty-six (red); ahead is green.
    assert bc.shortfall_pp(0.4, 0.5) == 10.0  # 100 × (0,5 - 0,4) is 9,999999999999998 in binary floating point
    assert bc.benefit_rag(0.4, 0.5, RULE) == "green"
    assert bc.benefit_rag(0.39, 0.5, RULE) == "yellow"
    assert bc.benefit_rag(0.25, 0.5, RULE) == "yellow"
    assert bc.benefit_rag(0.24, 0.5, RULE) == "red"
    assert bc.benefit_rag(0.8, 0.5, RULE) == "green"
    assert bc.shortfall_pp(0.8, 0.5) == -30.0
    assert bc.benefit_rag(None, 0.5, RULE) is None
    strict = BenefitRule(watch_below_pp=5, behind_below_pp=15)
    assert [bc.benefit_rag(a, 0.5, strict) for a in (0.45, 0.44, 0.35, 0.34)] == ["green", "yellow", "yellow", "red"]


def test_rule_thresholds_must_be_in_order():
    with pytest.raises(ValueError, match="behind_below_pp"):
        BenefitRule(watch_below_pp=30, behind_below_pp=20)


def test_a_projects_benefits_combine_like_a_derived_overall_status():
    assert bc.combine(["green", "yellow"], [True, True]) == "yellow"
    assert bc.combine(["green", None], [True, True]) is None  # one not measured: not known, never green
    assert bc.combine(["red", None], [True, True]) == "red"  # nothing missing makes red better
    assert bc.combine(["green", None], [True, False]) == "green"  # a benefit not started does not count
    assert bc.combine([None], [False]) is None


# ------------------------------------------------------------------ a small portfolio worked by hand


def _benefit(bid, project, kind, baseline, target, start, end, dkk="", owner="KL", direction=""):
    return {
        "benefit_id": bid,
        "project_id": project,
        "title": f"Gevinst {bid}",
        "kind": kind,
        "owner": owner,
        "unit": "enheder",
        "baseline": baseline,
        "target": target,
        "direction": direction,
        "target_date": end,
        "realisation_start": start,
        "planned_dkk_per_year": dkk,
    }


def _with_benefits(rows):
    """Realisation through 2026 (364 days from 1 January to 31 December), measured on 2 July (day 182)."""
    year = ("2026-01-01", "2026-12-31")
    rows["benefits"] = [
        _benefit("G1", "P1", "economic", "12000", "8000", *year, dkk="2400000", direction="lower"),
        _benefit("G2", "P1", "non_economic", "20", "45", *year),
        _benefit("G3", "P2", "non_economic", "6", "3", *year),
        _benefit("G4", "P2", "non_economic", "", "70", *year),  # no baseline: a warning, never assessed
        _benefit("G5", "P2", "non_economic", "0", "50", "2026-09-01", "2027-08-31"),  # not started in July
    ]
    rows["benefit_measurements"] = [
        {"benefit_id": "G1", "measured_date": "2025-12-31", "value": "12000", "note": "Baselinemåling"},
        {"benefit_id": "G1", "measured_date": "2026-02-28", "value": "11600", "note": ""},
        {"benefit_id": "G1", "measured_date": "2026-07-02", "value": "10400", "note": "Henvendelseslog"},
        {"benefit_id": "G2", "measured_date": "2026-07-02", "value": "29.75", "note": ""},
        {"benefit_id": "G3", "measured_date": "2026-07-02", "value": "5.4", "note": ""},
        {"benefit_id": "G4", "measured_date": "2026-07-02", "value": "40", "note": ""},
    ]


@pytest.fixture
def worked(tmp_path):
    return load_tiny(tmp_path, _with_benefits)


def test_assessment_at_a_date_worked_by_hand(worked):
    frame = bc.assess(worked, "2026-07-02").set_index("benefit_id")
    assert list(frame.reset_index().columns) == bc.BENEFIT_COLUMNS
    assert list(frame.index) == ["G1", "G2", "G3", "G4", "G5"]
    # G1: (10.400 - 12.000) / (8.000 - 12.000) = 0,4 against 0,5 expected on 2 July: exactly 10 points, on track
    # G2: (29,75 - 20) / (45 - 20) = 0,39: 11 points behind, watch
    # G3: (5,4 - 6) / (3 - 6) = 0,2: 30 points behind, behind
    assert frame.loc["G1", "achievement"] == 0.4
    assert frame.loc["G2", "achievement"] == pytest.approx(0.39, abs=1e-12)
    assert frame.loc["G3", "achievement"] == pytest.approx(0.2, abs=1e-12)
    assert frame["expected_at_measurement"].tolist()[:3] == [0.5, 0.5, 0.5]
    assert frame["shortfall_pp"].tolist()[:3] == [10.0, 11.0, 30.0]
    assert frame["state"].tolist() == ["on_track", "watch", "behind", "not_measured", "not_started"]
    assert frame["rag"].tolist() == ["green", "yellow", "red", None, None]
    # money: 0,4 × 2.400.000 realised; 0,5 × 2.400.000 expected by the date; nothing for non-economic benefits
    assert frame.loc["G1", "realised_dkk_per_year"] == 960_000
    assert frame.loc["G1", "expected_dkk_per_year"] == 1_200_000
    assert frame[["realised_dkk_per_year", "expected_dkk_per_year"]].iloc[1:].isna().all().all()
    # a blank direction is read from baseline and target
    assert frame["direction"].tolist() == ["lower", "higher", "lower", None, "higher"]


def test_the_rag_compares_with_the_plan_on_the_measurements_date(worked):
    # A month later the plan expects more (0,5 + 29/364), but the July measurement is judged by July's plan.
    frame = bc.assess(worked, "2026-07-31").set_index("benefit_id")
    assert frame.loc["G1", "expected"] == (182 + 29) / 364
    assert frame.loc["G1", "expected_at_measurement"] == 0.5 and frame.loc["G1", "state"] == "on_track"


def test_only_measurements_known_at_the_date_count(worked):
    # 11 March: G1's latest is 28 February, 11.600 = 0,1 of the change; the plan expected 58/364 = 0,159… then.
    frame = bc.assess(worked, "2026-03-11").set_index("benefit_id")
    assert frame.loc["G1", "value"] == 11600 and frame.loc["G1", "achievement"] == 0.1
    assert frame.loc["G1", "expected_at_measurement"] == 58 / 364
    assert frame.loc["G1", "shortfall_pp"] == round(100 * (58 / 364 - 0.1), 9)  # 5,93 points: on track
    assert frame.loc["G1", "state"] == "on_track"
    assert frame.loc["G2", "state"] == "not_measured"  # realisation started, not measured yet: grey


def test_a_baseline_measurement_before_the_start_earns_no_rag(worked):
    # 14 January: G1's only measurement is the baseline of 31 December, before realisation began.
    assert bc.assess(worked, "2026-01-14").set_index("benefit_id").loc["G1", "state"] == "not_measured"


def test_a_measurement_older_than_190_days_is_stale(worked):
    # 2 July + 190 days = 8 January 2027: still current; a day later it is stale (grey, not known).
    assert bc.assess(worked, "2027-01-08").set_index("benefit_id").loc["G1", "state"] == "on_track"
    stale = bc.assess(worked, "2027-01-09").set_index("benefit_id")
    assert stale.loc["G1", "state"] == "stale" and stale.loc["G1", "rag"] is None


def test_project_rags(worked):
    rags = bc.project_rags(worked, "2026-07-02")
    # P1: green and yellow -> yellow; P2: red, not measured (G4) and not started (G5) -> red
    assert rags["computed_benefits_rag"].to_dict() == {"P1": "yellow", "P2": "red"}
    assert rags["benefits_started"].to_dict() == {"P1": 2, "P2": 2}
    assert rags["benefits_in_view"].to_dict() == {"P1": 2, "P2": 3}


def test_a_closed_project_stays_in_view_for_the_follow_up(tmp_path):
    def closed(rows):
        _with_benefits(rows)
        for project in rows["projects"]:
            project.update(closed_date="2026-06-30" if project["project_id"] == "P2" else "", closure="")
        rows["projects"][1]["closure"] = "completed"

    p = load_tiny(tmp_path, closed)
    # closed 30 June 2026: in view 12 months after closing (30 June 2027), later than the target dates
    # of G3/G4 (31 December 2026); G5's target, 31 August 2027, keeps that one a little longer.
    assert set(bc.assess(p, "2027-06-30")["benefit_id"]) == {"G1", "G2", "G3", "G4", "G5"}
    assert set(bc.assess(p, "2027-07-01")["benefit_id"]) == {"G1", "G2", "G5"}
    assert set(bc.assess(p, "2027-09-01")["benefit_id"]) == {"G1", "G2"}
    frame = bc.assess(p, "2026-07-02").set_index("benefit_id")
    assert frame["project_closed"].to_dict() == {"G1": False, "G2": False, "G3": True, "G4": True, "G5": True}
    # before the closing date the project is not closed yet
    assert not bc.assess(p, "2026-06-29")["project_closed"].any()
    # a shorter follow-up: 0 months keeps the benefits until their target dates only
    p.config.rules.benefits.follow_up_months = 0
    assert set(bc.assess(p, "2027-01-01")["benefit_id"]) == {"G1", "G2", "G5"}


def test_measurements_since_the_previous_meeting(worked):
    # 11 March 2026: after the meeting of 14 January, the measurement of 28 February, its predecessor beside it
    since = bc.measurements_since_previous(worked, "2026-03-11")
    assert list(since.columns) == bc.MEASUREMENT_COLUMNS
    assert since[["benefit_id", "value", "previous_value", "achievement"]].values.tolist() == [
        ["G1", 11600.0, 12000.0, 0.1]
    ]
    assert since["previous_date"].tolist() == [pd.Timestamp("2025-12-31")]
    # the first meeting looks 62 days back: 14 January 2026 sees the baseline measurement of 31 December
    first = bc.measurements_since_previous(worked, "2026-01-14")
    assert first["measured_date"].tolist() == [pd.Timestamp("2025-12-31")] and first["previous_value"].isna().all()


def test_economic_benefits_planned_and_realised_by_year(worked):
    # G1 at 31 December 2026: planned 2.400.000 × 1 (the target date); realised 2.400.000 × 0,4 (July's figure)
    by_year = bc.economic_by_year(worked, 2026)
    assert list(by_year.columns) == bc.YEAR_COLUMNS
    assert by_year.values.tolist() == [[2026, 2_400_000.0, 960_000.0, 1, 0]]
    # for 2025 the same year is plan only: nothing can have been realised in a year not yet reported on
    earlier = bc.economic_by_year(worked, 2025)
    assert earlier["year"].tolist() == [2026] and earlier["realised_dkk_per_year"].isna().all()


def test_year_benefits_sentences(worked):
    y = bc.year_benefits(worked, 2026)
    # at 31 December: G1 judged on July's plan (on track), G2 watch, G3 behind, G4 not measured, G5 started
    # 1 September but never measured -> 2 without a current measurement
    assert y.counts == {
        "on_track": 1,
        "watch": 1,
        "behind": 1,
        "stale": 0,
        "not_measured": 2,
        "not_started": 0,
    }
    assert y.sentences == [
        "5 gevinster fra 2 projekter blev fulgt i 2026: 1 på sporet, 1 til opmærksomhed og 1 bagud ved årets "
        "udgang; 2 uden aktuel måling og 0 ikke startet.",
        "Økonomiske gevinster: planen forventede 2,4 mio. kr. pr. år ved udgangen af 2026; realiseret var "
        "1,0 mio. kr. pr. år. Fuldt realiseret giver de 2,4 mio. kr. pr. år.",
    ]
    assert y.economic["benefit_id"].tolist() == ["G1"]
    assert y.non_economic["benefit_id"].tolist() == ["G2", "G3", "G4", "G5"]


def test_a_portfolio_without_benefits_gives_empty_frames(tmp_path):
    p = load_tiny(tmp_path)
    assert bc.assess(p, "2026-03-11").empty and list(bc.assess(p, "2026-03-11").columns) == bc.BENEFIT_COLUMNS
    assert bc.project_rags(p, "2026-03-11").empty
    assert bc.measurements_since_previous(p, "2026-03-11").empty
    assert bc.economic_by_year(p, 2026).empty
    assert bc.year_benefits(p, 2026).sentences == []


# ------------------------------------------------------------------ the demo, against its CSV files


@pytest.fixture(scope="module")
def csv():
    read = lambda name: pd.read_csv(DEMO_DIR / f"{name}.csv", dtype=str, keep_default_na=False)  # noqa: E731
    return read("benefits").set_index("benefit_id"), read("benefit_measurements")


def test_demo_epikriser_realises_its_economic_benefit_after_closing(demo, csv):
    register, measurements = csv
    row = register.loc["P03-G1"]
    projects = pd.read_csv(DEMO_DIR / "projects.csv", dtype=str).set_index("project_id")
    ours = measurements[measurements["benefit_id"] == "P03-G1"]
    realised = ours[ours["value"].astype(float) < float(row["baseline"])]  # lower is better
    assert len(realised) >= 3 and (realised["measured_date"] > projects.loc["P03", "closed_date"]).all()
    latest = measurements[(measurements["benefit_id"] == "P03-G1") & (measurements["measured_date"] <= "2026-10-14")]
    latest = latest.sort_values("measured_date").iloc[-1]
    # By hand from the files: 12000 -> 8000 from 1 July 2026 to 30 June 2027 (364 days); 30 September 2026
    # is day 91, so 0,25 was expected; the value 10746 is (12000 - 10746) / 4000 = 0,3135 of the way.
    assert (row["baseline"], row["target"], row["realisation_start"], row["target_date"]) == (
        "12000",
        "8000",
        "2026-07-01",
        "2027-06-30",
    )
    assert (latest["measured_date"], latest["value"]) == ("2026-09-30", "10746")
    frame = bc.assess(demo, "2026-10-14").set_index("benefit_id")
    assert frame.loc["P03-G1", "achievement"] == 0.3135
    assert frame.loc["P03-G1", "expected_at_measurement"] == 0.25
    assert frame.loc["P03-G1", "state"] == "on_track" and frame.loc["P03-G1", "project_closed"]
    assert frame.loc["P03-G1", "realised_dkk_per_year"] == pytest.approx(0.3135 * 2_400_000)  # 752.400 kr.


def test_demo_has_benefits_on_most_projects_some_ahead_some_behind(demo, csv):
    register, _ = csv
    assert register["project_id"].nunique() > len(demo.projects) / 2
    states = bc.assess(demo, "2026-10-14")["state"]
    assert {"on_track", "watch", "behind", "not_started", "not_measured"} <= set(states)
    ahead = bc.assess(demo, "2026-10-14").query("shortfall_pp < 0")
    assert len(ahead) >= 1


def test_demo_measurements_agree_with_a_plain_recomputation(demo, csv):
    """Every benefit's achievement at the last meeting, recomputed from the CSV files with plain arithmetic."""
    register, measurements = csv
    frame = bc.assess(demo, "2026-10-14").set_index("benefit_id")
    for bid, row in register.iterrows():
        known = measurements[(measurements["benefit_id"] == bid) & (measurements["measured_date"] <= "2026-10-14")]
        if known.empty or not row["baseline"]:
            assert pd.isna(frame.loc[bid, "achievement"])
            continue
        value = float(known.sort_values("measured_date")["value"].iloc[-1])
        baseline, target = float(row["baseline"]), float(row["target"])
        assert frame.loc[bid, "achievement"] == pytest.approx((value - baseline) / (target - baseline), abs=1e-12)
