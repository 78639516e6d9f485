"""The contract of the benefits register and the indicators' new columns: located problems, all at once, and
workbooks from before these sheets and columns existed still load."""

from __future__ import annotations

import pandas as pd

from conftest import tiny_rows, write_csv_folder
from dap_reports import check_portfolio, load_portfolio
from dap_reports.contract.history import as_known_at
from dap_reports.errors import ERROR, WARNING

BENEFIT = {
    "benefit_id": "G1",
    "project_id": "P1",
    "title": "Færre henvendelser",
    "kind": "økonomisk",
    "owner": "Danske Regioner",
    "unit": "henvendelser pr. måned",
    "baseline": "12000",
    "target": "8000",
    "direction": "lavere er bedre",
    "target_date": "2027-06-30",
    "realisation_start": "01-07-2026",
    "planned_dkk_per_year": "2400000",
}


def _folder(tmp_path, mutate=None, skip=()):
    rows = tiny_rows()
    rows["benefits"] = [dict(BENEFIT)]
    rows["benefit_measurements"] = [
        {"benefit_id": "G1", "measured_date": "2026-03-31", "period": "1. kvartal 2026", "value": "12000", "note": ""}
    ]
    if mutate:
        mutate(rows)
    return write_csv_folder(tmp_path / "data", rows, skip=skip)


def _problems(path):
    portfolio, problems = check_portfolio(path)
    return portfolio, problems


def test_a_benefit_register_loads_with_danish_labels(tmp_path):
    p = load_portfolio(_folder(tmp_path))
    benefit = p.benefits.iloc[0]
    assert (benefit["kind"], benefit["direction"]) == ("economic", "lower")
    assert benefit["realisation_start"] == pd.Timestamp("2026-07-01")
    assert p.benefit_measurements["value"].tolist() == [12000.0]
    assert not [w for w in p.warnings if "benefit" in w.code]


def test_workbooks_without_the_new_sheets_and_columns_still_load(tmp_path):
    # tiny_rows has no benefits_rag in status, and the rollout sheets are left out altogether
    folder = write_csv_folder(
        tmp_path / "old",
        tiny_rows(),
        skip=("benefits", "benefit_measurements", "indicator_targets", "areas", "indicators", "indicator_values"),
    )
    p = load_portfolio(folder)
    assert p.benefits.empty and p.benefit_measurements.empty and p.indicator_targets.empty
    assert p.status["benefits_rag"].isna().all()
    assert {"baseline", "direction"} <= set(p.indicators.columns)
    assert {"numerator", "denominator"} <= set(p.indicator_values.columns)


def test_target_equal_to_baseline_and_a_contradicting_direction_are_located_errors(tmp_path):
    def mutate(rows):
        rows["benefits"].append({**BENEFIT, "benefit_id": "G2", "target": "12000"})  # row 3
        rows["benefits"].append({**BENEFIT, "benefit_id": "G3", "direction": "higher"})  # row 4: 8000 < 12000
        rows["benefits"].append({**BENEFIT, "benefit_id": "G4", "target_date": "2026-06-30"})  # before its start
        rows["benefits"].append({**BENEFIT, "benefit_id": "G5", "project_id": "P9"})

    portfolio, problems = _problems(_folder(tmp_path, mutate))
    assert portfolio is None
    errors = {(p.file, p.row, p.column, p.code): p for p in problems if p.severity == ERROR}
    assert set(errors) == {
        ("benefits.csv", 3, "target", "target_equals_baseline"),
        ("benefits.csv", 4, "direction", "direction_contradicts_target"),
        ("benefits.csv", 5, "target_date", "date_order"),
        ("benefits.csv", 6, "project_id", "unknown_reference"),
    }
    same = errors[("benefits.csv", 3, "target", "target_equals_baseline")]
    assert same.value == "12000" and "equals the baseline" in same.message and same.fix
    contradiction = errors[("benefits.csv", 4, "direction", "direction_contradicts_target")]
    assert "lies below the baseline 12000" in contradiction.message


def test_missing_owner_baseline_or_money_are_warnings_naming_the_project(tmp_path):
    def mutate(rows):
        rows["benefits"][0].update(owner="", baseline="", planned_dkk_per_year="")

    portfolio, problems = _problems(_folder(tmp_path, mutate))
    assert portfolio is not None
    warnings = {(p.row, p.column, p.code): p for p in problems if p.severity == WARNING and p.file == "benefits.csv"}
    assert set(warnings) == {
        (2, "owner", "benefit_without_owner"),
        (2, "baseline", "benefit_without_baseline"),
        (2, "planned_dkk_per_year", "economic_benefit_without_dkk"),
    }
    assert all(w.project_id == "P1" and w.message_da for w in warnings.values())
    assert warnings[(2, "owner", "benefit_without_owner")].message_da == "Gevinst G1 Færre henvendelser har ingen ejer"


def test_a_measurement_needs_a_known_benefit_and_a_value(tmp_path):
    def mutate(rows):
        rows["benefit_measurements"].append(
            {"benefit_id": "G9", "measured_date": "2026-06-30", "period": "", "value": "", "note": ""}
        )

    _portfolio, problems = _problems(_folder(tmp_path, mutate))
    errors = {(p.file, p.row, p.column, p.code) for p in problems if p.severity == ERROR}
    assert errors == {
        ("benefit_measurements.csv", 3, "benefit_id", "unknown_reference"),
        ("benefit_measurements.csv", 3, "value", "blank_required"),
    }


def test_the_data_as_known_at_a_date_drops_later_measurements(tmp_path):
    def mutate(rows):
        rows["benefit_measurements"].append(
            {"benefit_id": "G1", "measured_date": "2026-09-30", "period": "", "value": "11000", "note": ""}
        )

    p = load_portfolio(_folder(tmp_path, mutate))
    then = as_known_at(p, "2026-09-29")
    assert then.benefit_measurements["measured_date"].tolist() == [pd.Timestamp("2026-03-31")]
    assert len(then.benefits) == 1  # the register itself is kept
    assert len(as_known_at(p, "2026-09-30").benefit_measurements) == 2


# ------------------------------------------------------------------ indicators


def _rollout(rows):
    rows["areas"] = [
        {"area_id": "R", "name": "Region", "kind": "region", "parent_id": ""},
        {"area_id": "A", "name": "Program A", "kind": "landsdelsprogram", "parent_id": "R"},
        {"area_id": "m1", "name": "Kommune 1", "kind": "kommune", "parent_id": "A"},
        {"area_id": "m2", "name": "Kommune 2", "kind": "kommune", "parent_id": "A"},
    ]
    rows["indicators"] = [
        {
            "indicator_id": "I1",
            "name": "Indlagt (%)",
            "kind": "resultat",
            "unit": "%",
            "project_id": "",
            "target": "9",
            "target_date": "2026-12-31",
            "baseline": "12",
            "direction": "lower",
        },
        {
            "indicator_id": "I2",
            "name": "Borgere",
            "kind": "fremdrift",
            "unit": "antal",
            "project_id": "",
            "target": "100",
            "target_date": "2026-12-31",
            "baseline": "",
            "direction": "",
        },
    ]
    rows["indicator_targets"] = [
        {"indicator_id": "I2", "area_id": "m1", "target": "70"},
        {"indicator_id": "I2", "area_id": "m2", "target": "20"},
    ]
    rows["indicator_values"] = [
        {
            "indicator_id": "I1",
            "period": "2026-Q1",
            "area_id": "m1",
            "value": "10",
            "numerator": "10",
            "denominator": "100",
        },
        {
            "indicator_id": "I1",
            "period": "2026-Q1",
            "area_id": "m2",
            "value": "12.5",
            "numerator": "",
            "denominator": "8",
        },
    ]


def test_indicator_problems_are_located(tmp_path):
    def mutate(rows):
        _rollout(rows)
        rows["indicators"][0]["direction"] = "higher"  # 9 below 12: contradicts
        rows["indicator_values"][0]["value"] = "11"  # 100 × 10 / 100 = 10

    _portfolio, problems = _problems(_folder(tmp_path, mutate))
    found = {(p.severity, p.file, p.row, p.column, p.code) for p in problems if "indicator" in p.file}
    assert found == {
        (ERROR, "indicators.csv", 2, "direction", "direction_contradicts_target"),
        (WARNING, "indicator_values.csv", 2, "value", "indicator_value_disagrees"),
        (WARNING, "indicator_targets.csv", None, "target", "indicator_targets_do_not_add_up"),  # 70 + 20 ≠ 100
    }
    mismatch = next(p for p in problems if p.code == "indicator_value_disagrees")
    assert "100 × 10 / 100 = 10.00" in mismatch.message


def test_a_value_rounded_to_one_decimal_agrees_with_its_fraction(tmp_path):
    def mutate(rows):
        _rollout(rows)
        rows["indicator_targets"][1]["target"] = "30"
        rows["indicator_values"][0].update(value="33.3", numerator="1", denominator="3")  # 33,333… rounded

    portfolio, problems = _problems(_folder(tmp_path, mutate))
    assert portfolio is not None and not [p for p in problems if "indicator" in p.file]
