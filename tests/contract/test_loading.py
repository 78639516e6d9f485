import shutil

import pandas as pd
import pytest

from conftest import tiny_rows, write_csv_folder
from dap_reports import DataNotFoundError, ValidationFailed, check_portfolio, load_portfolio
from dap_reports.errors import ERROR, WARNING


def _broken(tmp_path, mutate, **kw):
    rows = tiny_rows()
    mutate(rows)
    return write_csv_folder(tmp_path / "broken", rows, **kw)


def _errors(path):
    portfolio, problems = check_portfolio(path)
    assert portfolio is None
    return [p for p in problems if p.severity == ERROR]


def test_tiny_portfolio_loads_and_normalises(tiny):
    p = load_portfolio(tiny)
    assert list(p.projects["phase"]) == ["development", "pilot"]
    assert p.projects.loc[0, "start_date"] == pd.Timestamp("2025-02-01")
    assert p.meetings["kind"].tolist() == ["ordinary", "ordinary"]
    s = p.status_at("2026-01-14")
    assert s.set_index("project_id").loc["P1", "overall_rag"] == "green"  # derived: worst of three
    assert s.set_index("project_id").loc["P2", "overall_rag"] == "yellow"
    # economy not reported, time red: red wins, never green
    assert p.status_at("2026-03-11").loc[0, "overall_rag"] == "red"


def test_inputs_are_never_written(tiny):
    before = {f.name: (f.read_bytes(), f.stat().st_mtime_ns) for f in tiny.iterdir()}
    load_portfolio(tiny)
    assert before == {f.name: (f.read_bytes(), f.stat().st_mtime_ns) for f in tiny.iterdir()}


def test_meeting_helpers(tiny):
    p = load_portfolio(tiny)
    assert p.previous_meeting("2026-03-11") == pd.Timestamp("2026-01-14")
    assert p.previous_meeting("2026-01-14") is None
    assert p.next_meeting("14.01.2026") == pd.Timestamp("2026-03-11")
    assert list(p.status_as_of("2026-03-11")["meeting_date"]) == [
        pd.Timestamp("2026-03-11"),
        pd.Timestamp("2026-01-14"),
    ]


def test_missing_status_is_a_warning_for_that_meeting(tiny):
    p = load_portfolio(tiny)
    missing = [w for w in p.warnings_for("2026-03-11") if w.code == "missing_status"]
    assert [(w.project_id, w.meeting_date) for w in missing] == [("P2", "2026-03-11")]
    assert "seneste rapport 14-01-2026" in missing[0].message_da
    assert any(w.code == "rag_not_reported" and w.column == "economy_rag" for w in p.warnings_for("2026-03-11"))


def test_bad_values_name_row_and_column(tmp_path):
    def mutate(rows):
        rows["projects"][1]["start_date"] = "31-02-2025"
        rows["status"][2]["time_rag"] = "blå"
        rows["risk_assessments"][0]["probability"] = "7"
        rows["projects"][0]["baseline_budget_dkk"] = "mange penge"

    errors = _errors(_broken(tmp_path, mutate))
    where = {(p.file, p.row, p.column, p.code) for p in errors}
    assert ("projects.csv", 3, "start_date", "bad_value") in where
    assert ("status.csv", 4, "time_rag", "bad_value") in where
    assert ("risk_assessments.csv", 2, "probability", "out_of_range") in where
    assert ("projects.csv", 2, "baseline_budget_dkk", "bad_value") in where
    blue = next(p for p in errors if p.column == "time_rag")
    assert blue.value == "blå" and "grøn" in blue.message


def test_unknown_references_list_known_ids(tmp_path):
    def mutate(rows):
        rows["status"][0]["project_id"] = "P9"
        rows["budget"][0]["source_id"] = "XX"
        rows["projects"][0]["owner_org"] = "PLO"
        rows["agenda"][0]["meeting_date"] = "2026-03-12"

    errors = _errors(_broken(tmp_path, mutate))
    by_column = {(p.file, p.column): p for p in errors if p.code == "unknown_reference"}
    assert set(by_column) == {
        ("status.csv", "project_id"),
        ("budget.csv", "source_id"),
        ("projects.csv", "owner_org"),
        ("agenda.csv", "meeting_date"),
    }
    assert "P1, P2" in by_column[("status.csv", "project_id")].fix
    assert by_column[("agenda.csv", "meeting_date")].row == 2


def test_duplicates_and_blank_required(tmp_path):
    def mutate(rows):
        rows["projects"].append(dict(rows["projects"][0]))
        rows["risks"][0]["title"] = ""

    errors = _errors(_broken(tmp_path, mutate))
    dup = next(p for p in errors if p.code == "duplicate_key")
    assert (dup.file, dup.row, dup.column) == ("projects.csv", 4, "project_id")
    assert "row 2" in dup.message
    assert any(p.code == "blank_required" and p.column == "title" and p.row == 2 for p in errors)


def test_date_order_rules(tmp_path):
    def mutate(rows):
        rows["projects"][0]["baseline_end_date"] = "2024-12-31"
        rows["risks"][0]["closed_date"] = "2025-01-01"
        rows["meetings"][0]["agenda_sent_date"] = "2026-01-20"
        rows["change_requests"][0]["decision"] = "godkendt"
        rows["change_requests"][0]["decision_meeting_date"] = ""
        rows["projects"][1]["phase"] = "lukket"

    errors = _errors(_broken(tmp_path, mutate))
    codes = {(p.file, p.column, p.code) for p in errors}
    assert ("projects.csv", "baseline_end_date", "date_order") in codes
    assert ("risks.csv", "closed_date", "date_order") in codes
    assert ("meetings.csv", "meeting_date", "date_order") in codes
    assert ("change_requests.csv", "decision_meeting_date", "decision_without_meeting") in codes
    assert ("projects.csv", "closed_date", "closed_without_date") in codes


def test_override_needs_reason(tmp_path):
    def mutate(rows):
        rows["status"][1]["overall_rag"] = "green"  # worst is yellow

    errors = _errors(_broken(tmp_path, mutate))
    assert [(p.row, p.column, p.code) for p in errors] == [(3, "overall_reason", "override_without_reason")]


def test_missing_sheet_and_column(tmp_path):
    def mutate(rows):
        for r in rows["risks"]:
            del r["owner"]

    errors = _errors(_broken(tmp_path, mutate, skip=("meetings",)))
    assert any(p.code == "missing_table" and p.file == "meetings.csv" for p in errors)
    col = next(p for p in errors if p.code == "missing_column")
    assert (col.file, col.row, col.column) == ("risks.csv", 1, "owner")


def test_all_problems_reported_at_once(tmp_path):
    def mutate(rows):
        rows["projects"][0]["phase"] = "foo"
        rows["status"][0]["meeting_date"] = "2030-01-01"
        rows["risks"][0]["response"] = "ignore"

    with pytest.raises(ValidationFailed) as info:
        load_portfolio(_broken(tmp_path, mutate))
    assert len(info.value.errors) == 3
    assert "Nothing was written" in str(info.value)


def test_data_quality_warnings(tmp_path):
    def mutate(rows):
        rows["risks"][0]["owner"] = ""
        rows["risks"][0]["mitigation"] = ""
        rows["budget"][0]["spent_dkk"] = "600000"

    p = load_portfolio(_broken(tmp_path, mutate))
    codes = {w.code for w in p.warnings}
    assert {"risk_without_owner", "risk_without_mitigation", "overspend"} <= codes
    assert all(w.severity == WARNING for w in p.warnings)


def test_typo_in_header_is_pointed_out(tmp_path):
    def mutate(rows):
        for r in rows["dependencies"]:
            r["descriptoin"] = r.pop("description")
        for r in rows["status"]:
            r["overall_reasn"] = "x"  # optional column misspelt: a warning, not an error

    errors = _errors(_broken(tmp_path, mutate))
    typo = next(p for p in errors if p.code == "missing_column")
    assert typo.fix == "rename the column 'descriptoin' to 'description'"
    _, problems = check_portfolio(tmp_path / "broken")
    assert any(p.code == "unknown_column" and "overall_reason" in p.fix for p in problems)


def test_semicolon_csv_from_danish_excel(tmp_path, tiny):
    folder = tmp_path / "semi"
    shutil.copytree(tiny, folder)
    text = (folder / "organisations.csv").read_text(encoding="utf-8").replace(",", ";")
    (folder / "organisations.csv").write_bytes(text.encode("cp1252"))
    assert len(load_portfolio(folder).organisations) == 2


def test_not_found_messages(tmp_path):
    with pytest.raises(DataNotFoundError, match="no such file"):
        load_portfolio(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataNotFoundError, match="dap-reports init"):
        load_portfolio(tmp_path / "empty")
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip")
    with pytest.raises(DataNotFoundError, match="cannot be opened as an Excel workbook"):
        load_portfolio(tmp_path / "bad.xlsx")


def test_budget_history_rules(tmp_path):
    """Spend per meeting against the grant, lines missing from the budget sheet, today's cells against the
    latest history row — each found once, with its row."""
    rows = tiny_rows()
    rows["budget"].append(
        {
            "project_id": "P2",
            "source_id": "FL",
            "year": "2026",
            "granted_dkk": "300000",
            "spent_dkk": "400000",  # over the grant, but the line has a history: the history is checked instead
            "forecast_dkk": "",
        }
    )
    history = [
        # P1 2026 (granted 500.000): under at the first meeting, over at the second (sheet row 3)
        ("P1", "FL", "2026", "2026-01-14", "200000", "450000"),
        ("P1", "FL", "2026", "2026-03-11", "600000", "650000"),
        # P2 2026 (granted 300.000): under; the budget sheet's 400.000 differs from this latest figure
        ("P2", "FL", "2026", "2026-03-11", "250000", "300000"),
        # no such budget line: one error for the line, naming its other rows
        ("P1", "FL", "2027", "2026-01-14", "1", "1"),
        ("P1", "FL", "2027", "2026-03-11", "2", "2"),
    ]
    rows["budget_history"] = [
        dict(zip(("project_id", "source_id", "year", "meeting_date", "spent_dkk", "forecast_dkk"), h, strict=True))
        for h in history
    ]
    portfolio, problems = check_portfolio(write_csv_folder(tmp_path / "d", rows))
    found = sorted((p.code, p.sheet or p.file, p.row, p.column) for p in problems if "budget" in (p.sheet or p.file))
    assert found == [
        ("budget_differs_from_history", "budget.csv", 2, "forecast_dkk"),  # P1: 450.000 today, 650.000 reported
        ("budget_differs_from_history", "budget.csv", 2, "spent_dkk"),  # 100.000 against 600.000
        ("budget_differs_from_history", "budget.csv", 3, "spent_dkk"),  # P2: 400.000 against 250.000
        ("overspend", "budget_history.csv", 3, "spent_dkk"),
        ("unknown_budget_line", "budget_history.csv", 5, "project_id"),
    ]
    assert portfolio is None  # the unknown line is an error
    unknown = next(p for p in problems if p.code == "unknown_budget_line")
    assert unknown.message.endswith("(and 1 more row(s): 6)")
    overspend = next(p for p in problems if p.code == "overspend")
    assert "spent 600,000 DKK of 500,000 granted from FL in 2026" in overspend.message
