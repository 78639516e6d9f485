"""Benefits in the status forms: the benefits RAG in the status sheet, the Gevinster sheet, measurements collected.

Expected values are read by hand from the demo's CSV files (src/dap_reports/data/demo/): benefits.csv gives
P01 the benefit P01-G1 (minutes per consultation, baseline 6, target 3, lower is better, target 2027-12-31) and
P03, closed on 2026-07-04, the benefit P03-G1 (target 2027-06-30); benefit_measurements.csv measures P01-G1 at
5.8 on 2026-09-30 (5.7 on 2026-06-30) and P03-G1 at 10254 on 2026-10-31; P12 has no benefit.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import zipfile

import openpyxl
import pandas as pd
import pytest

from dap_reports.contract.loading import load_portfolio, read_tables
from dap_reports.errors import ERROR, WARNING
from dap_reports.forms import summary
from dap_reports.forms.content import form_project_ids
from dap_reports.forms.layout import FIRST_ROW, HEADER_ROW, META_SHEET
from dap_reports.forms.merge import ACCEPTED, IGNORED, REFUSED, collect
from dap_reports.forms.read import read_form
from dap_reports.forms.write import write_forms
from dap_reports.reports.benefits import computations as bc
from forms.formkit import CREATED, GOOD_STATUS, MEETING, column_of, fill, row_of

TODAY = "2026-11-30"
DATE, VALUE, PERIOD, NOTE = "Ny måling: dato", "Ny måling: værdi", "Periode", "Bemærkning"


def _collect(folder, paths, out="merged.xlsx", data=None, **kw):
    return collect(paths, folder / out, data=data or folder / "portfolio.xlsx", today=TODAY, **kw)


def _verdict(result, project_id):
    return {v.project_id: v for v in result.verdicts}[project_id]


def _located(problems, severity=ERROR):
    return {(p.sheet, p.row, p.column, p.code) for p in problems if p.severity == severity}


def _measurements(path) -> pd.DataFrame:
    frame = read_tables(path)[0]["benefit_measurements"].drop(columns="_row")
    return frame.sort_values(["benefit_id", "measured_date"]).reset_index(drop=True)


def _records(frame: pd.DataFrame) -> list[tuple]:
    columns = ["benefit_id", "measured_date", "period", "value", "note"]
    return [tuple(None if pd.isna(v) else v for v in row) for row in frame[columns].itertuples(index=False)]


def _status_rows(ws) -> dict[str, int]:
    return {str(ws.cell(r, 1).value).removesuffix(" *"): r for r in range(FIRST_ROW, ws.max_row + 1)}


# ------------------------------------------------------------------ the form


@pytest.fixture(scope="module")
def books(forms_workspace):
    forms = forms_workspace[1]
    return {pid: openpyxl.load_workbook(forms[pid]) for pid in ("P01", "P03", "P12")}


def test_the_benefits_rag_is_asked_beside_the_other_dimensions(books):
    ws = books["P01"]["Status"]
    rows = _status_rows(ws)
    assert [ws.cell(r, 1).value for r in range(FIRST_ROW, FIRST_ROW + 5)] == [
        "Tid *",
        "Økonomi *",
        "Leverancer *",
        "Gevinster",  # optional: no asterisk
        "Samlet status",
    ]
    row = rows["Gevinster"]
    assert ws.cell(row, 2).value == "gul"  # status.csv: P01's benefits_rag at 2026-10-14 is yellow
    assert ws.cell(row, 3).value is None  # a fresh judgement, like the other RAG fields
    assert not ws.cell(row, 3).protection.locked
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert lists[f"C{row}"] == lists[f"C{rows['Tid']}"] == '"grøn,gul,rød"'
    assert "Indgår ikke i samlet status" in ws.cell(row, 4).value


def test_a_project_without_benefits_is_not_asked_for_a_benefits_rag(books):
    ws = books["P12"]["Status"]
    assert "Gevinster" not in _status_rows(ws)
    benefits = books["P12"]["Gevinster"]  # the sheet is there, saying why it is empty
    assert benefits.cell(FIRST_ROW, 1).value.startswith("Projektet har ingen gevinster i gevinstregistret")


def test_the_benefits_sheet_shows_the_register_and_rows_for_new_measurements(books):
    ws = books["P01"]["Gevinster"]
    headers = [ws.cell(HEADER_ROW, c).value for c in range(1, ws.max_column + 1)]
    assert headers == [
        "Gevinst-id",
        "Gevinst",
        "Enhed",
        "Baseline",
        "Mål",
        "Retning",
        "Måldato",
        "Seneste måling",
        "Målt den",
        DATE,
        VALUE,
        PERIOD,
        NOTE,
    ]
    first = [ws.cell(FIRST_ROW, c).value for c in range(1, 10)]
    assert first == [
        "P01-G1",
        "Kortere tid til at danne overblik før konsultationen",
        "minutter pr. konsultation",
        6,
        3,
        "lavere er bedre",
        dt.datetime(2027, 12, 31),
        5.8,
        dt.datetime(2026, 9, 30),
    ]
    assert ws.cell(FIRST_ROW, 8).number_format == "#,##0.0##"  # 5,8 keeps its decimal
    # Three rows per benefit: the id repeated, only the measurement cells open.
    assert [ws.cell(r, 1).value for r in range(FIRST_ROW, FIRST_ROW + 4)] == ["P01-G1"] * 3 + [None]
    for row in range(FIRST_ROW, FIRST_ROW + 3):
        unlocked = {headers[c - 1] for c in range(1, 14) if not ws.cell(row, c).protection.locked}
        assert unlocked == {DATE, VALUE, PERIOD, NOTE}
        assert all(ws.cell(row, c).value is None for c in range(10, 14))
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert {"date", "decimal"} <= kinds


def test_the_benefits_are_shown_as_known_at_the_meeting(forms_workspace, tmp_path):
    portfolio = load_portfolio(forms_workspace[0] / "portfolio.xlsx")
    form = write_forms(portfolio, "2026-08-12", tmp_path, projects=["P01"], created=CREATED)[0].path
    ws = openpyxl.load_workbook(form)["Gevinster"]
    # the 2026-09-30 measurement came after the meeting of 12 August: the one of 30 June is the latest known
    assert (ws.cell(FIRST_ROW, 8).value, ws.cell(FIRST_ROW, 9).value) == (5.7, dt.datetime(2026, 6, 30))


def test_a_closed_project_with_benefits_still_followed_gets_a_benefits_only_form(books):
    book = books["P03"]
    assert book.sheetnames == ["Vejledning", "Gevinster", META_SHEET]
    ws = book["Gevinster"]
    assert [ws.cell(FIRST_ROW, c).value for c in (1, 4, 5, 8, 9)] == [
        "P03-G1",
        12000,
        8000,
        10254,
        dt.datetime(2026, 10, 31),
    ]
    guide = " ".join(str(c.value) for row in book["Vejledning"].iter_rows() for c in row if c.value)
    assert "Projektet er lukket, men styregruppen følger dets gevinster" in guide
    assert "Lars Hansen" in guide  # projects.csv: P03's lead


def test_closed_projects_get_a_form_only_while_the_benefits_rules_follow_them(forms_workspace):
    portfolio = load_portfolio(forms_workspace[0] / "portfolio.xlsx")
    assert "P03" in form_project_ids(portfolio, MEETING)
    # Followed until the later of closing + follow_up_months and the target date: here 2026-07-04 + 2 months
    # (a target moved to 2026-07-31 comes earlier).
    portfolio.config.rules.benefits.follow_up_months = 2
    benefits = portfolio.tables["benefits"]
    benefits.loc[benefits["benefit_id"] == "P03-G1", "target_date"] = pd.Timestamp("2026-07-31")
    assert "P03" in form_project_ids(portfolio, "2026-08-12")
    assert "P03" not in form_project_ids(portfolio, "2026-10-14")
    assert "P03" not in form_project_ids(portfolio, MEETING)


# ------------------------------------------------------------------ the round trip


def test_round_trip_measurements_and_benefits_rag_reach_the_portfolio(workspace):
    folder, forms = workspace
    fill(
        forms["P01"],
        status={**GOOD_STATUS, "Gevinster": "gul"},
        measurements=[
            ("P01-G1", {DATE: "31-10-2026", VALUE: "5,6", PERIOD: "oktober 2026"}),
            ("P01-G1", {DATE: dt.datetime(2026, 11, 30), VALUE: 5.4, NOTE: "Tidsmåling i 20 klinikker"}),
        ],
    )
    fill(forms["P03"], measurements=[("P03-G1", {DATE: "2026-11-30", VALUE: "9.876"})])
    result = _collect(folder, [forms["P01"], forms["P03"]])
    assert [v.status for v in result.verdicts] == [ACCEPTED, ACCEPTED]
    assert not [p for p in result.merged_problems if p.severity == ERROR]
    merged = load_portfolio(result.written)

    new = _measurements(result.written)
    new = new[new["measured_date"] >= pd.Timestamp("2026-10-31")]
    assert _records(new) == [
        ("P01-G1", pd.Timestamp("2026-10-31"), "oktober 2026", 5.6, None),
        ("P01-G1", pd.Timestamp("2026-11-30"), None, 5.4, "Tidsmåling i 20 klinikker"),
        ("P03-G1", pd.Timestamp("2026-10-31"), "oktober 2026", 10254.0, "Regionernes henvendelseslog"),  # the csv's
        ("P03-G1", pd.Timestamp("2026-11-30"), None, 9876.0, None),
    ]

    status = merged.status
    p01 = status[(status["project_id"] == "P01") & (status["meeting_date"] == pd.Timestamp(MEETING))]
    assert list(p01["benefits_rag"]) == ["yellow"]
    assert list(p01["time_rag"]) == ["green"]
    assert not ((status["project_id"] == "P03") & (status["meeting_date"] == pd.Timestamp(MEETING))).any()

    # The meeting's benefits computations see the new measurements.
    assessed = bc.assess(merged, MEETING).set_index("benefit_id")
    assert (assessed.loc["P01-G1", "value"], assessed.loc["P01-G1", "measured_date"]) == (5.4, pd.Timestamp(TODAY))
    assert assessed.loc["P03-G1", "value"] == 9876.0

    changes = [(c.project_id, c.kind, c.key, c.before, c.after) for c in result.changes if c.kind == summary.MEASURED]
    assert changes == [
        ("P01", summary.MEASURED, "P01-G1 2026-10-31", "5.8 (2026-09-30)", "5.6"),
        ("P01", summary.MEASURED, "P01-G1 2026-11-30", "5.8 (2026-09-30)", "5.4"),
        ("P03", summary.MEASURED, "P03-G1 2026-11-30", "10,254 (2026-10-31)", "9,876"),
    ]
    status_change = next(c for c in result.changes if c.kind == summary.STATUS)
    assert status_change.after == "tid grøn, økonomi gul, leverancer grøn, gevinster gul"


def test_a_blank_benefits_rag_adds_no_column_the_status_sheet_lacks(workspace):
    folder, _ = workspace
    book = openpyxl.load_workbook(folder / "portfolio.xlsx")
    ws = book["status"]
    ws.delete_cols([c.value for c in ws[1]].index("benefits_rag") + 1)
    book.save(folder / "portfolio.xlsx")
    portfolio = load_portfolio(folder / "portfolio.xlsx")
    form = write_forms(portfolio, MEETING, folder / "round-2", projects=["P01"], created=CREATED)[0].path
    fill(form, status=GOOD_STATUS)  # Gevinster left blank: not reported
    result = _collect(folder, [form])
    assert _verdict(result, "P01").status == ACCEPTED
    headers = [c.value for c in openpyxl.load_workbook(result.written)["status"][1]]
    assert "benefits_rag" not in headers


# ------------------------------------------------------------------ numbers as leads write them


def _store_formula_result(path, sheet: str, coordinate: str, formula: str, value: str) -> None:
    """Give a formula cell its computed value, as Excel saves it (openpyxl writes the formula alone)."""
    book = openpyxl.load_workbook(path, read_only=True)
    part = book[sheet]._worksheet_path.lstrip("/")
    book.close()
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    text, count = re.subn(
        rf'<c r="{coordinate}"[^>]*?(?:/>|>.*?</c>)',
        f'<c r="{coordinate}"><f>{formula}</f><v>{value}</v></c>',
        parts[part].decode(),
        flags=re.S,
    )
    assert count == 1
    parts[part] = text.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _value_cell(path, row_offset: int = 0):
    ws = openpyxl.load_workbook(path)["Gevinster"]
    return f"{openpyxl.utils.get_column_letter(column_of(ws, VALUE))}{row_of(ws, 'P01-G1') + row_offset}"


@pytest.mark.parametrize(
    "typed,read",
    [
        ("1.234,5", 1234.5),  # Danish thousands point and decimal comma
        ("12 345,6", 12345.6),  # thousands spaces
        ("5,4", 5.4),
        ("45 %", 45.0),  # a percentage typed as text
        (5.4, 5.4),
    ],
)
def test_danish_numbers_are_read_as_meant(workspace, typed, read):
    _, forms = workspace
    fill(forms["P01"], status=GOOD_STATUS, measurements=[("P01-G1", {DATE: "30-11-2026", VALUE: typed})])
    answers = read_form(forms["P01"])
    assert answers.errors == []
    [row] = [r for r in answers.sections["benefits"] if r.values["value"] is not None]
    assert row.values["value"] == read


def test_a_percent_formatted_cell_is_read_as_the_percentage_shown(workspace):
    _, forms = workspace
    fill(forms["P01"], status=GOOD_STATUS, measurements=[("P01-G1", {DATE: "30-11-2026", VALUE: 0.45})])
    book = openpyxl.load_workbook(forms["P01"])
    book["Gevinster"][_value_cell(forms["P01"])].number_format = "0%"  # Excel stores 45 % typed as 0.45
    book.save(forms["P01"])
    answers = read_form(forms["P01"])
    assert answers.errors == []
    assert answers.sections["benefits"][0].values["value"] == 45.0


def test_a_formula_is_read_as_its_computed_value_and_refused_without_one(workspace):
    _, forms = workspace
    fill(
        forms["P01"],
        status=GOOD_STATUS,
        measurements=[
            ("P01-G1", {DATE: "31-10-2026", VALUE: "=1200+34.5"}),
            ("P01-G1", {DATE: "30-11-2026", VALUE: "=2*3"}),
        ],
    )
    _store_formula_result(forms["P01"], "Gevinster", _value_cell(forms["P01"]), "1200+34.5", "1234.5")
    answers = read_form(forms["P01"])
    values = [r.values["value"] for r in answers.sections["benefits"]]
    assert values[0] == 1234.5  # as Excel saved it, with its result
    # The second formula has no stored result (saved by a program that does not calculate): refused, located.
    [error] = answers.errors
    assert (error.sheet, error.row, error.column, error.code) == (
        "Gevinster",
        FIRST_ROW + 1,
        "Ny måling: værdi (K)",
        "formula_without_value",
    )
    assert error.value == "=2*3" and "save it again" in error.fix


# ------------------------------------------------------------------ bad input, located


def test_every_bad_measurement_is_located_at_once(workspace):
    _, forms = workspace
    fill(
        forms["P01"],
        status={**GOOD_STATUS, "Gevinster": "lilla"},
        measurements=[
            ("P01-G1", {DATE: "30-11-2026", VALUE: "ca. 5"}),
            ("P01-G1", {DATE: "31-12-2026", VALUE: 5.2}),
            ("P01-G1", {VALUE: 5.3, NOTE: "dato mangler"}),
        ],
    )
    answers = read_form(forms["P01"])
    assert _located(answers.problems) == {
        ("Status", 8, "Til mødet (C)", "bad_value"),  # 'lilla' is no RAG
        ("Gevinster", 5, "Ny måling: værdi (K)", "bad_value"),  # 'ca. 5' is no number
        ("Gevinster", 6, "Ny måling: dato (J)", "date_after_meeting"),
        ("Gevinster", 7, "Ny måling: dato (J)", "half_measurement"),
    }
    by_code = {p.code: p for p in answers.errors}
    assert by_code["date_after_meeting"].value == "2026-12-31"
    assert "2026-12-09" in by_code["date_after_meeting"].message
    assert by_code["bad_value"].file == forms["P01"].name
    assert all(p.fix for p in answers.errors)


def test_a_date_without_a_value_and_one_measurement_twice_are_refused(workspace):
    _, forms = workspace
    fill(
        forms["P01"],
        status=GOOD_STATUS,
        measurements=[
            ("P01-G1", {DATE: "30-11-2026", VALUE: 5.4}),
            ("P01-G1", {DATE: "2026-11-30", VALUE: 5.5}),
            ("P01-G1", {DATE: "31-10-2026"}),
        ],
    )
    answers = read_form(forms["P01"])
    assert _located(answers.problems) == {
        ("Gevinster", 6, "Ny måling: dato (J)", "duplicate_measurement"),
        ("Gevinster", 7, "Ny måling: værdi (K)", "half_measurement"),
    }
    assert "also row 5" in next(p.message for p in answers.errors if p.code == "duplicate_measurement")


def test_a_measurement_contradicting_the_portfolio_is_refused(workspace):
    folder, forms = workspace
    # benefit_measurements.csv: P01-G1 measured 5.8 on 2026-09-30.
    fill(forms["P01"], status=GOOD_STATUS, measurements=[("P01-G1", {DATE: "30-09-2026", VALUE: "5,9"})])
    result = _collect(folder, [forms["P01"]])
    assert _verdict(result, "P01").status == REFUSED
    [error] = [p for p in result.problems if p.severity == ERROR]
    assert (error.sheet, error.row, error.column, error.code) == (
        "Gevinster",
        FIRST_ROW,
        "Ny måling: dato (J)",
        "measurement_conflict",
    )
    assert "value 5.8" in error.message and "the form says 5.9" in error.message
    assert result.written is None


def test_a_measurement_of_a_benefit_no_longer_in_the_register_is_refused(workspace):
    folder, forms = workspace
    fill(forms["P01"], status=GOOD_STATUS, measurements=[("P01-G1", {DATE: "30-11-2026", VALUE: 5.4})])
    book = openpyxl.load_workbook(folder / "portfolio.xlsx")  # the office removes P01-G1 after the forms went out
    for sheet in ("benefits", "benefit_measurements"):
        ws = book[sheet]
        for row in range(ws.max_row, 1, -1):
            if ws.cell(row, 1).value == "P01-G1":
                ws.delete_rows(row)
    book.save(folder / "portfolio.xlsx")
    result = _collect(folder, [forms["P01"]])
    assert _verdict(result, "P01").status == REFUSED
    assert ("Gevinster", FIRST_ROW, "Ny måling: dato (J)", "unknown_benefit") in _located(result.problems)
    stale = next(p for p in result.problems if p.code == "stale_form")
    assert "benefits P01-G1: no longer in the form" in stale.message


def test_a_measurement_of_another_projects_benefit_is_refused(workspace):
    folder, forms = workspace
    fill(forms["P01"], status=GOOD_STATUS)
    book = openpyxl.load_workbook(forms["P01"])
    ws = book["Gevinster"]
    ws.protection.sheet = False  # a lead who lifts the protection and types another benefit's id
    for row in (FIRST_ROW, FIRST_ROW + 1, FIRST_ROW + 2):
        ws.cell(row, 1).value = "P02-G1"
    ws.cell(FIRST_ROW, column_of(ws, DATE)).value = "30-11-2026"
    ws.cell(FIRST_ROW, column_of(ws, VALUE)).value = 600
    book.save(forms["P01"])
    result = _collect(folder, [forms["P01"]])
    assert _verdict(result, "P01").status == REFUSED
    problem = next(p for p in result.problems if p.code == "other_project")
    assert (problem.sheet, problem.row, problem.value) == ("Gevinster", FIRST_ROW, "P02-G1")
    assert "P02" in problem.message


# ------------------------------------------------------------------ idempotence


def test_the_same_form_twice_adds_each_measurement_once(workspace):
    folder, forms = workspace
    fill(forms["P03"], measurements=[("P03-G1", {DATE: "30-11-2026", VALUE: 9876})])
    copy = folder / "P03-kopi.xlsx"
    shutil.copyfile(forms["P03"], copy)
    result = _collect(folder, [forms["P03"], copy])
    assert sorted(v.status for v in result.verdicts) == [ACCEPTED, IGNORED]
    assert len(_measurements(result.written)) == len(_measurements(folder / "portfolio.xlsx")) + 1


def test_collecting_a_form_again_adds_nothing_twice(workspace):
    folder, forms = workspace
    fill(forms["P01"], status={**GOOD_STATUS, "Gevinster": "grøn"}, measurements=[("P01-G1", {DATE: TODAY, VALUE: 5})])
    fill(forms["P03"], measurements=[("P03-G1", {DATE: TODAY, VALUE: 9876})])
    first = _collect(folder, [forms["P01"], forms["P03"]])
    again = _collect(folder, [forms["P01"], forms["P03"]], out="again.xlsx", data=first.written)
    # P01's status for the meeting is there already: refused as before; P03 reports measurements only.
    assert _verdict(again, "P01").status == REFUSED
    assert _verdict(again, "P03").status == ACCEPTED
    notes = _located(again.problems, WARNING)
    assert ("Gevinster", FIRST_ROW, "Ny måling: dato (J)", "already_recorded") in notes
    assert [c for c in again.changes if c.kind == summary.MEASURED] == []
    pd.testing.assert_frame_equal(_measurements(again.written), _measurements(first.written))
    statuses = read_tables(again.written)[0]["status"]
    assert len(statuses) == len(read_tables(first.written)[0]["status"])


def test_a_measurement_the_office_already_entered_is_not_added_again(workspace):
    folder, forms = workspace
    book = openpyxl.load_workbook(folder / "portfolio.xlsx")
    ws = book["benefit_measurements"]
    ws.append(["P01-G1", dt.datetime(2026, 11, 30), "november 2026", 5.4, "Indtastet af sekretariatet"])
    book.save(folder / "portfolio.xlsx")
    # A measurement added after the form was made does not make the form stale (measurements are facts).
    fill(
        forms["P01"],
        status=GOOD_STATUS,
        measurements=[("P01-G1", {DATE: "30-11-2026", VALUE: "5,4"}), ("P01-G1", {DATE: "31-10-2026", VALUE: 5.6})],
    )
    result = _collect(folder, [forms["P01"]])
    assert _verdict(result, "P01").status == ACCEPTED
    assert ("Gevinster", FIRST_ROW, "Ny måling: dato (J)", "already_recorded") in _located(result.problems, WARNING)
    added = [c.key for c in result.changes if c.kind == summary.MEASURED]
    assert added == ["P01-G1 2026-10-31"]
    kept = _measurements(result.written)
    assert len(kept[(kept["benefit_id"] == "P01-G1") & (kept["measured_date"] == pd.Timestamp(TODAY))]) == 1


def test_a_changed_target_makes_the_form_stale(workspace):
    folder, forms = workspace
    fill(forms["P01"], status={**GOOD_STATUS, "Gevinster": "gul"})
    book = openpyxl.load_workbook(folder / "portfolio.xlsx")
    ws = book["benefits"]
    target = [c.value for c in ws[1]].index("target") + 1
    ws.cell(row_of_benefit(ws, "P01-G1"), target).value = 2
    book.save(folder / "portfolio.xlsx")
    result = _collect(folder, [forms["P01"]])
    assert _verdict(result, "P01").status == REFUSED
    assert "benefits P01-G1 target: 3 → 2" in next(p.message for p in result.problems if p.code == "stale_form")


def row_of_benefit(ws, benefit_id: str) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == benefit_id)


# ------------------------------------------------------------------ forms made before the benefits


def _as_version_1(path) -> None:
    """Turn a form into one as dap-reports made it before the benefits: no Gevinster sheet, no benefits RAG."""
    book = openpyxl.load_workbook(path)
    meta = book[META_SHEET]
    items = {meta.cell(r, 1).value: r for r in range(1, meta.max_row + 1)}
    assert meta.cell(items["record_chunks"], 2).value == 1
    record = json.loads(meta.cell(items["record_1"], 2).value)
    del record["status_fields"]
    del record["sections"]["benefits"]
    meta.cell(items["record_1"], 2).value = json.dumps(record, sort_keys=True, ensure_ascii=False)
    meta.cell(items["form_version"], 2).value = 1
    book.security.lockStructure = False
    del book["Gevinster"]
    status = book["Status"]
    if "Gevinster" in _status_rows(status):
        status.delete_rows(_status_rows(status)["Gevinster"])
    book.save(path)


def test_a_form_made_before_the_benefits_is_still_read(workspace):
    folder, forms = workspace
    for pid in ("P01", "P12"):
        _as_version_1(forms[pid])
        fill(forms[pid], status=GOOD_STATUS)
        assert read_form(forms[pid]).problems == []
    result = _collect(folder, [forms["P01"], forms["P12"]])
    assert _verdict(result, "P12").status == ACCEPTED  # no benefits: nothing the form lacks
    assert _verdict(result, "P01").status == REFUSED  # P01-G1 would be in a form made now
    stale = next(p for p in result.problems if p.code == "stale_form")
    assert "benefits P01-G1: new since the form was made" in stale.message


def test_a_formula_typed_over_a_locked_number_is_a_note(workspace):
    _, forms = workspace
    fill(forms["P01"], status=GOOD_STATUS)
    book = openpyxl.load_workbook(forms["P01"])
    ws = book["Gevinster"]
    ws.protection.sheet = False  # a lead who lifts the protection and types over the target
    ws.cell(FIRST_ROW, column_of(ws, "Mål")).value = "=2+2"
    book.save(forms["P01"])
    answers = read_form(forms["P01"])
    assert answers.errors == []
    assert _located(answers.problems, WARNING) == {("Gevinster", FIRST_ROW, "Mål (E)", "ignored_cell")}
