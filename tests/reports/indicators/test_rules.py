"""The indicator rules with exact values worked out by hand on a three-municipality rollout: weighted
percentages, baselines and lower-is-better, whole-unit area targets, leaders and laggards."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import load_tiny
from dap_reports.reports.indicators import computations as ind

Q1 = "2026-04-15"  # sees 2026-Q1


def _indicator(iid, unit, target, baseline="", direction="", name=None):
    return {
        "indicator_id": iid,
        "name": name or iid,
        "kind": "resultat" if unit == "%" else "fremdrift",
        "unit": unit,
        "project_id": "",
        "target": target,
        "target_date": "2026-12-31",
        "baseline": baseline,
        "direction": direction,
    }


def _value(iid, area, value, numerator="", denominator=""):
    return {
        "indicator_id": iid,
        "period": "2026-Q1",
        "area_id": area,
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
    }


def _rollout(rows, targets=(), values=None):
    """Programme A holds municipalities m1 and m2, programme B holds m3."""
    rows["areas"] = [
        {"area_id": "R", "name": "Region", "kind": "region", "parent_id": ""},
        {"area_id": "A", "name": "Program A", "kind": "landsdelsprogram", "parent_id": "R"},
        {"area_id": "B", "name": "Program B", "kind": "landsdelsprogram", "parent_id": "R"},
        {"area_id": "m1", "name": "Kommune 1", "kind": "municipality", "parent_id": "A"},
        {"area_id": "m2", "name": "Kommune 2", "kind": "municipality", "parent_id": "A"},
        {"area_id": "m3", "name": "Kommune 3", "kind": "municipality", "parent_id": "B"},
    ]
    rows["indicators"] = [
        _indicator("SAFE", "%", "80", "50"),
        _indicator("ADM", "%", "9", "12", "lower"),
        _indicator("CIT", "antal", "10"),
    ]
    rows["indicator_targets"] = [{"indicator_id": i, "area_id": a, "target": t} for i, a, t in targets]
    rows["indicator_values"] = values or [
        # 60 % of 100, 40 % of 300, 90 % of 100 asked
        _value("SAFE", "m1", "60", "60", "100"),
        _value("SAFE", "m2", "40", "", "300"),  # no numerator: 40 % of 300 = 120
        _value("SAFE", "m3", "90", "90", "100"),
        # 10 % of 300 and 15 % of 100 admitted
        _value("ADM", "m1", "10", "30", "300"),
        _value("ADM", "m2", "15", "15", "100"),
        _value("ADM", "m3", "12", "12", "100"),
        _value("CIT", "m1", "2"),
        _value("CIT", "m2", "3"),
        _value("CIT", "m3", "3"),
    ]


def _load(tmp_path, **kw):
    return load_tiny(tmp_path, lambda rows: _rollout(rows, **kw))


def test_a_national_percentage_is_weighted_by_its_denominators(tmp_path):
    overview = ind.indicator_overview(_load(tmp_path), Q1).set_index("indicator_id")
    # (60 + 120 + 90) / (100 + 300 + 100) = 270 / 500 = 54 %, where the mean of 60, 40 and 90 would say 63,3 %
    assert overview.loc["SAFE", "value"] == 54.0 and overview.loc["SAFE", "weighted"]
    # from the baseline 50 % to the target 80 %: (54 - 50) / 30 of the way
    assert overview.loc["SAFE", "share_of_target_pct"] == pytest.approx(100 * 4 / 30, abs=1e-12)
    programmes = ind.progress_by_area(_load(tmp_path), "SAFE", Q1).set_index("area_id")
    assert programmes["value"].to_dict() == {"A": 45.0, "B": 90.0}  # A: (60 + 120) / 400


def test_without_every_denominator_a_percentage_is_the_plain_mean(tmp_path):
    values = [
        _value("SAFE", "m1", "60", "60", "100"),
        _value("SAFE", "m2", "40", "", "300"),
        _value("SAFE", "m3", "90"),  # no denominator
    ]
    overview = ind.indicator_overview(_load(tmp_path, values=values), Q1).set_index("indicator_id")
    assert overview.loc["SAFE", "value"] == pytest.approx(190 / 3, abs=1e-12) and not overview.loc["SAFE", "weighted"]


def test_lower_is_better_is_measured_from_the_baseline_down(tmp_path):
    p = _load(tmp_path)
    overview = ind.indicator_overview(p, Q1).set_index("indicator_id")
    # (30 + 15 + 12) / (300 + 100 + 100) = 57 / 500 = 11,4 %; from 12 % towards 9 %: 0,6 / 3 = 20 % of the way
    assert overview.loc["ADM", "value"] == pytest.approx(11.4, abs=1e-12)
    assert overview.loc["ADM", "share_of_target_pct"] == pytest.approx(20.0, abs=1e-9)
    municipalities = ind.progress_by_area(p, "ADM", Q1, level="municipality").set_index("area_id")
    # m1: 10 % is 2 of 3 points (66,7 %), m2: 15 % is 3 points the wrong way (-100 %), m3: 12 % is no change
    assert municipalities["share_of_target_pct"].to_dict() == pytest.approx({"m1": 200 / 3, "m2": -100.0, "m3": 0.0})
    assert municipalities["rank"].to_dict() == {"m1": 1, "m3": 2, "m2": 3}


def test_on_track_with_a_baseline_and_lower_is_better(tmp_path):
    # 2026-Q1 ends 31 March: 89 of 364 days towards 31 December have passed (24,5 %)
    overview = ind.indicator_overview(_load(tmp_path), Q1).set_index("indicator_id")
    assert overview["on_track"].to_dict() == {"SAFE": False, "ADM": False, "CIT": True}  # 13 %, 20 %, 80 % of the way


def test_count_targets_are_shared_out_in_whole_units(tmp_path):
    p = _load(tmp_path)
    # 10 over three municipalities: 3,33… each; one whole unit left over goes to the first: 4, 3, 3
    municipalities = ind.progress_by_area(p, "CIT", Q1, level="municipality").set_index("area_id")
    assert municipalities["target"].to_dict() == {"m1": 4.0, "m2": 3.0, "m3": 3.0}
    programmes = ind.progress_by_area(p, "CIT", Q1).set_index("area_id")
    assert programmes["target"].to_dict() == {"A": 7.0, "B": 3.0}
    assert programmes["value"].to_dict() == {"A": 5.0, "B": 3.0}


def test_stated_targets_win_and_the_rest_is_shared_in_whole_units(tmp_path):
    p = _load(tmp_path, targets=[("CIT", "m3", "5")])
    # m3 states 5; the other 5 go to m1 and m2: 2,5 each -> 3 and 2
    municipalities = ind.progress_by_area(p, "CIT", Q1, level="municipality").set_index("area_id")
    assert municipalities["target"].to_dict() == {"m1": 3.0, "m2": 2.0, "m3": 5.0}
    assert ind.progress_by_area(p, "CIT", Q1).set_index("area_id")["target"].to_dict() == {"A": 5.0, "B": 5.0}
    # a target stated for a programme is that programme's, whatever its municipalities say
    q = _load(tmp_path, targets=[("CIT", "A", "8"), ("SAFE", "B", "95")])
    assert ind.progress_by_area(q, "CIT", Q1).set_index("area_id")["target"].to_dict() == {"A": 8.0, "B": 3.0}
    assert ind.progress_by_area(q, "SAFE", Q1).set_index("area_id")["target"].to_dict() == {"A": 80.0, "B": 95.0}


def test_apportion_by_largest_remainder():
    assert ind.apportion(10, pd.Series([1.0, 1.0, 1.0])).tolist() == [4, 3, 3]
    assert ind.apportion(5, pd.Series([1.0, 1.0, 1.0, 1.0])).tolist() == [2, 1, 1, 1]  # ties: the earlier one
    assert ind.apportion(7, pd.Series([1.0, 2.0, 4.0])).tolist() == [1, 2, 4]  # exact quotas stay
    # 100 by 10 / 20 / 70 % plus: quotas 16,7 / 33,3 / 50 of 100 with weights 1, 2, 3
    assert ind.apportion(100, pd.Series([1.0, 2.0, 3.0])).tolist() == [17, 33, 50]
    assert ind.apportion(3, pd.Series([0.0, 0.0])).tolist() == [2, 1]  # no weights: equal shares
    assert ind.apportion(0, pd.Series([1.0, 2.0])).tolist() == [0, 0]


def test_combine_values():
    rows = pd.DataFrame({"value": [60.0, 40.0], "numerator": [60.0, None], "denominator": [100.0, 300.0]})
    assert ind.combine_values(rows, "%") == (45.0, True)
    assert ind.combine_values(rows, "antal") == (100.0, False)
    assert ind.combine_values(rows.iloc[0:0], "%")[1] is False


def test_leaders_and_laggards(tmp_path):
    frame = ind.progress_by_area(_load(tmp_path), "ADM", Q1, level="municipality")
    leaders, behind = ind.leaders_and_laggards(frame, leaders=1, behind=5)
    assert leaders["area_id"].tolist() == ["m1"]
    assert behind["area_id"].tolist() == ["m2", "m3"]  # worst first, never repeating a leader
