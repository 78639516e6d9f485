"""`dap-reports collect`: every problem located in its form, a clear decision for every odd case, inputs untouched."""

from __future__ import annotations

import shutil

import openpyxl
import pandas as pd
import pytest

from dap_reports.contract.loading import load_portfolio, read_tables
from dap_reports.contract.locate import DEMO_DIR
from dap_reports.errors import ERROR, WARNING, DapReportsError
from dap_reports.forms import summary
from dap_reports.forms.layout import HEADER_ROW
from dap_reports.forms.merge import ACCEPTED, IGNORED, REFUSED, collect
from dap_reports.forms.read import read_form
from dap_reports.forms.write import write_forms
from forms.formkit import CREATED, GOOD_STATUS, MEETING, fill, row_of, sha

TODAY = "2026-11-30"


def _collect(folder, paths, out="merged.xlsx", **kw):
    return collect(paths, folder / out, data=folder / "portfolio.xlsx", today=TODAY, **kw)


def _verdict(result, project_id):
    return {v.project_id: v for v in result.verdicts}[project_id]


def _codes(result, file_name):
    return {(p.severity, p.code) for p in result.problems if p.file == file_name}


# ------------------------------------------------------------------ one form read on its own


def test_all_problems_of_a_form_at_once_located(workspace):
    _, forms = workspace
    fill(
        forms["P05"],
        status={"Tid": "lilla", "Leverancer": "grøn", "Forventet samlet omkostning, kr.": "ca. 10 mio"},
        cells=[("Risici", "R12", "Sandsynlighed (1-5)", 7), ("Milepæle", "P05-M2", "Nået dato", "2027-01-15")],
        new_rows=[("Ændringsanmodninger", {"Tid, dage (+ = senere)": 30})],
    )
    answers = read_form(forms["P05"])
    found = {(p.sheet, p.row, p.column, p.code) for p in answers.errors}
    assert found == {
        ("Status", 5, "Til mødet (C)", "bad_value"),  # 'lilla' is no RAG
        ("Status", 6, "Til mødet (C)", "blank_required"),  # Økonomi left blank
        ("Status", 13, "Til mødet (C)", "bad_value"),  # 'ca. 10 mio' is no number (row 8: P05's benefits RAG)
        ("Risici", 5, "Sandsynlighed (1-5) (K)", "out_of_range"),
        ("Milepæle", 5, "Nået dato (G)", "date_after_meeting"),
        ("Ændringsanmodninger", 5, "Beskrivelse (hvad og hvorfor) (C)", "blank_required"),
    }
    bad = next(p for p in answers.errors if p.code == "out_of_range")
    assert (bad.file, bad.value) == (forms["P05"].name, "7")
    assert bad.fix


def test_overall_status_override_needs_a_reason(workspace):
    _, forms = workspace
    fill(forms["P02"], status={**GOOD_STATUS, "Leverancer": "rød", "Samlet status": "gul"})
    errors = read_form(forms["P02"]).errors
    assert [(e.code, e.row) for e in errors] == [("override_without_reason", 10)]  # after Gevinster, row 8
    assert "gul" in errors[0].message and "rød" in errors[0].message
    fill(forms["P02"], status={"Begrundelse for samlet status": "Leverandøren har lovet at indhente det"})
    assert read_form(forms["P02"]).errors == []


# ------------------------------------------------------------------ the round's decisions


def test_a_refused_form_does_not_stop_the_others(workspace):
    folder, forms = workspace
    fill(forms["P01"], status=GOOD_STATUS)
    fill(forms["P02"], status={"Tid": "grøn"})  # økonomi and leverancer missing
    result = _collect(folder, [forms["P01"], forms["P02"]])
    assert _verdict(result, "P01").status == ACCEPTED
    assert _verdict(result, "P02").status == REFUSED
    assert result.written == folder / "merged.xlsx"
    merged, _, _, _ = read_tables(result.written)
    new = merged["status"][merged["status"]["meeting_date"] == pd.Timestamp(MEETING)]
    assert list(new["project_id"]) == ["P01"]
    assert ("P02", "Den intelligente indbakke") in result.not_answered


def test_form_for_another_meeting_is_refused(workspace):
    folder, forms = workspace
    fill(forms["P01"], status=GOOD_STATUS)
    portfolio = load_portfolio(folder / "portfolio.xlsx")
    old = write_forms(portfolio, "2026-10-14", folder / "old-round", projects=["P04"], created=CREATED)[0].path
    fill(old, status=GOOD_STATUS)
    result = _collect(folder, [forms["P01"], old])
    assert result.meeting == pd.Timestamp(MEETING)  # the newest round
    assert _verdict(result, "P04").status == REFUSED
    assert ("error", "other_meeting") in _codes(result, old.name)
    assert _verdict(result, "P01").status == ACCEPTED


def test_form_editing_another_projects_row_is_refused(workspace):
    folder, forms = workspace
    fill(forms["P01"], status=GOOD_STATUS, cells=[("Risici", "R06", "Risiko-id", "R12")])  # R12 is P05's
    book = openpyxl.load_workbook(forms["P01"])
    assert book["Risici"].cell(row_of(book["Risici"], "R12"), 1).value == "R12"
    result = _collect(folder, [forms["P01"]])
    assert _verdict(result, "P01").status == REFUSED
    problem = next(p for p in result.problems if p.code == "other_project")
    assert (problem.sheet, problem.row, problem.value) == ("Risici", 6, "R12")
    assert "P05" in problem.message
    assert result.written is None  # nothing accepted, nothing written
    assert not (folder / "merged.xlsx").exists()


def test_same_answers_twice_count_once(workspace):
    folder, forms = workspace
    fill(forms["P01"], status=GOOD_STATUS)
    copy = folder / "P01-kopi.xlsx"
    shutil.copyfile(forms["P01"], copy)
    result = _collect(folder, [forms["P01"], copy])
    assert sorted(v.status for v in result.verdicts) == [ACCEPTED, IGNORED]
    assert sum(1 for c in result.changes if c.kind == summary.STATUS) == 1


def test_two_different_answers_from_one_round_are_both_refused(workspace):
    folder, forms = workspace
    copy = folder / "P01-kopi.xlsx"
    shutil.copyfile(forms["P01"], copy)
    fill(forms["P01"], status=GOOD_STATUS)
    fill(copy, status={**GOOD_STATUS, "Tid": "rød"})
    result = _collect(folder, [forms["P01"], copy])
    assert [v.status for v in result.verdicts] == [REFUSED, REFUSED]
    assert all(("error", "two_answers") in _codes(result, v.file) for v in result.verdicts)
    assert result.written is None


def test_a_form_from_an_older_round_gives_way_to_the_newer(workspace):
    folder, forms = workspace
    portfolio = load_portfolio(folder / "portfolio.xlsx")
    later = CREATED + pd.Timedelta(days=2)
    newer = write_forms(portfolio, MEETING, folder / "round-2", projects=["P01"], created=later)[0].path
    fill(forms["P01"], status=GOOD_STATUS)
    fill(newer, status={**GOOD_STATUS, "Økonomi": "rød"})
    result = _collect(folder, [forms["P01"], newer])
    by_file = {v.answers.path: v for v in result.verdicts}
    assert by_file[forms["P01"].resolve()].status == REFUSED
    assert "older round" in by_file[forms["P01"].resolve()].reason
    assert by_file[newer.resolve()].status == ACCEPTED


def test_a_form_the_portfolio_has_moved_under_is_refused(workspace):
    folder, forms = workspace
    fill(forms["P01"], status=GOOD_STATUS)
    fill(forms["P05"], status=GOOD_STATUS)
    book = openpyxl.load_workbook(folder / "portfolio.xlsx")
    ws = book["risk_assessments"]  # the office corrects R05's October assessment after the forms went out
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "R05" and str(row[1].value)[:10] == "2026-10-14":
            row[header.index("probability")].value = 4
    book.save(folder / "portfolio.xlsx")
    result = _collect(folder, [forms["P01"], forms["P05"]])
    assert _verdict(result, "P01").status == REFUSED
    problem = next(p for p in result.problems if p.code == "stale_form")
    assert "R05 probability_before: 5 → 4" in problem.message
    assert "--project P01" in problem.fix
    assert _verdict(result, "P05").status == ACCEPTED  # its rows did not change


def test_added_sheet_and_column_are_ignored_and_said(workspace):
    folder, forms = workspace
    fill(forms["P05"], status=GOOD_STATUS)
    book = openpyxl.load_workbook(forms["P05"])
    book.security.lockStructure = False
    book.create_sheet("Mine noter")["A1"] = "husk at ringe til leverandøren"
    risks = book["Risici"]
    risks.protection.sheet = False
    extra = risks.max_column + 1
    risks.cell(HEADER_ROW, extra, "Kommentar")
    risks.cell(HEADER_ROW + 1, extra, "Drøftet med PLO")
    book.save(forms["P05"])
    result = _collect(folder, [forms["P05"]])
    assert _verdict(result, "P05").status == ACCEPTED
    notes = {(p.code, p.sheet) for p in result.problems if p.severity == WARNING}
    assert ("ignored_sheet", "Mine noter") in notes
    assert ("ignored_column", "Risici") in notes
    merged = openpyxl.load_workbook(result.written)
    assert "Mine noter" not in merged.sheetnames


def test_not_a_form_and_a_broken_file_are_refused(workspace):
    folder, forms = workspace
    fill(forms["P01"], status=GOOD_STATUS)
    broken = folder / "broken.xlsx"
    broken.write_text("not a workbook", encoding="utf-8")
    result = _collect(folder, [forms["P01"], broken])
    verdicts = {v.file: v for v in result.verdicts}
    assert verdicts["broken.xlsx"].status == REFUSED
    assert ("error", "not_a_workbook") in _codes(result, "broken.xlsx")
    other = folder / "other.xlsx"
    openpyxl.Workbook().save(other)
    result = _collect(folder, [forms["P01"], other])
    assert ("error", "not_a_form") in _codes(result, "other.xlsx")
    assert _verdict(result, "P01").status == ACCEPTED


def test_a_project_already_reported_is_refused(workspace):
    folder, forms = workspace
    fill(forms["P01"], status=GOOD_STATUS)
    first = _collect(folder, [forms["P01"]])
    again = collect([forms["P01"]], folder / "again.xlsx", data=first.written, today=TODAY)
    assert _verdict(again, "P01").status == REFUSED
    assert ("error", "already_reported") in _codes(again, forms["P01"].name)


def test_out_must_not_be_an_input(workspace):
    folder, forms = workspace
    with pytest.raises(DapReportsError, match="one of the inputs"):
        collect([forms["P01"]], folder / "portfolio.xlsx", data=folder / "portfolio.xlsx")
    with pytest.raises(DapReportsError, match="one of the inputs"):
        collect([forms["P01"]], forms["P01"], data=folder / "portfolio.xlsx")


# ------------------------------------------------------------------ what the merge writes


def test_merge_appends_dated_rows_and_updates_only_allowed_fields(workspace):
    folder, forms = workspace
    fill(
        forms["P01"],
        status={**GOOD_STATUS, "Forventet slutdato": "31-01-2028"},
        cells=[
            ("Risici", "R05", "Sandsynlighed (1-5)", 3),
            ("Risici", "R05", "Afbødning", "Fælles datakvalitetsgruppe med alle regioner"),
            ("Risici", "R06", "Lukket dato", "2026-11-20"),
            ("Milepæle", "P01-M2", "Forventet dato", "2027-04-30"),
            ("Økonomi", "FL-IT", "Forbrug til dato, kr.", 3_300_000),
            ("Økonomi", "FL-IT", "Prognose for året, kr.", 3_900_000),
        ],
        new_rows=[
            (
                "Risici",
                {"Titel": "Ny leverandør", "Ejer": "MedCom", "Sandsynlighed (1-5)": 2, "Konsekvens (1-5)": 3},
            ),
            (
                "Ændringsanmodninger",
                {"Beskrivelse (hvad og hvorfor)": "Ekstra support", "Omkostning, kr. (+ = dyrere)": 250000},
            ),
        ],
    )
    result = _collect(folder, [forms["P01"]])
    assert result.accepted and not result.refused
    tables, _, _, _ = read_tables(result.written)
    meeting = pd.Timestamp(MEETING)
    status = tables["status"][tables["status"]["meeting_date"] == meeting].iloc[0]
    assert (status["time_rag"], status["economy_rag"], status["summary"]) == ("green", "yellow", "Alt efter planen")
    assert status["forecast_end_date"] == pd.Timestamp("2028-01-31")
    assessments = tables["risk_assessments"][tables["risk_assessments"]["meeting_date"] == meeting]
    # R05 re-scored 3×5; R06 closed: no assessment; the new risk R26 (risks.csv ends at R25) 2×3.
    assert sorted(zip(assessments["risk_id"], assessments["probability"], assessments["impact"], strict=True)) == [
        ("R05", 3, 5),
        ("R26", 2, 3),
    ]
    risks = tables["risks"].set_index("risk_id")
    assert risks.loc["R05", "mitigation"] == "Fælles datakvalitetsgruppe med alle regioner"
    assert risks.loc["R06", "closed_date"] == pd.Timestamp("2026-11-20")
    assert (risks.loc["R26", "project_id"], risks.loc["R26", "raised_date"]) == ("P01", pd.Timestamp(TODAY))
    forecasts = tables["milestone_forecasts"]
    row = forecasts[(forecasts["milestone_id"] == "P01-M2") & (forecasts["meeting_date"] == meeting)]
    assert list(row["forecast_date"]) == [pd.Timestamp("2027-04-30")]
    history = tables["budget_history"]
    line = history[(history["project_id"] == "P01") & (history["meeting_date"] == meeting)]
    assert list(zip(line["spent_dkk"], line["forecast_dkk"], strict=True)) == [(3_300_000, 3_900_000)]
    crs = tables["change_requests"].set_index("cr_id")
    # change_requests.csv ends at CR11.
    assert (crs.loc["CR12", "decision"], crs.loc["CR12", "cost_impact_dkk"]) == ("pending", 250_000)
    assert crs.loc["CR12", "decision_meeting_date"] == meeting
    # Earlier meetings' rows are history: none changed.
    original, _, _, _ = read_tables(folder / "portfolio.xlsx")
    for table in ("status", "risk_assessments", "milestone_forecasts", "budget_history"):
        old = original[table].drop(columns="_row")
        kept = tables[table][tables[table]["meeting_date"] < meeting].drop(columns="_row").reset_index(drop=True)
        pd.testing.assert_frame_equal(kept, old[old["meeting_date"] < meeting].reset_index(drop=True))
    kinds = summary.counts(result.changes)
    assert kinds == {
        summary.STATUS: 1,
        summary.NEW_RISK: 1,
        summary.RESCORED: 1,
        summary.CLOSED: 1,
        summary.RISK_UPDATED: 1,
        summary.MOVED: 1,
        summary.KEPT: 1,
        summary.MONEY: 1,
        summary.NEW_CR: 1,
    }


def test_merging_into_a_csv_portfolio_writes_a_new_workbook(tmp_path, forms_workspace):
    demo = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, demo)
    portfolio = load_portfolio(demo)
    form = write_forms(portfolio, MEETING, tmp_path / "f", projects=["P07"], created=CREATED)[0].path
    fill(form, status=GOOD_STATUS)
    before = {p.name: sha(p) for p in demo.iterdir()}
    result = collect([form], tmp_path / "ny.xlsx", data=demo, today=TODAY)
    assert result.written is not None
    assert not [p for p in result.merged_problems if p.severity == ERROR]
    tables, _, _, _ = read_tables(result.written)
    assert len(tables["status"]) == len(portfolio.status) + 1
    assert {p.name: sha(p) for p in demo.iterdir()} == before


def test_new_ids_follow_the_register(workspace):
    folder, forms = workspace
    for pid in ("P01", "P05"):
        fill(
            forms[pid],
            status=GOOD_STATUS,
            new_rows=[
                (
                    "Risici",
                    {"Titel": f"Ny risiko {pid}", "Ejer": "MedCom", "Sandsynlighed (1-5)": 1, "Konsekvens (1-5)": 1},
                )
            ],
        )
    result = _collect(folder, [forms["P05"], forms["P01"]])
    new = [(c.project_id, c.key) for c in result.changes if c.kind == summary.NEW_RISK]
    assert new == [("P01", "R26"), ("P05", "R27")]  # in project order, whatever the order given


@pytest.mark.skipif(
    shutil.which("libreoffice") is None, reason="LibreOffice is not installed (Debian: libreoffice-calc-nogui)"
)
def test_a_form_saved_again_by_libreoffice_reads_the_same(workspace, tmp_path):
    import subprocess

    folder, forms = workspace
    fill(forms["P01"], status=GOOD_STATUS, cells=[("Risici", "R05", "Sandsynlighed (1-5)", 3)])
    subprocess.run(
        [
            "libreoffice",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(tmp_path),
            str(forms["P01"]),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    resaved = tmp_path / forms["P01"].name
    original, again = read_form(forms["P01"]), read_form(resaved)
    assert again.problems == [] and original.problems == []
    assert again.answers_digest() == original.answers_digest()
    result = _collect(folder, [resaved])
    assert _verdict(result, "P01").status == ACCEPTED


def test_blank_figures_keep_the_last_ones_and_half_figures_are_refused(workspace):
    _, forms = workspace
    fill(
        forms["P09"],  # budget.csv: P09 has two 2026 lines, FL-IT and EGEN
        status=GOOD_STATUS,
        cells=[
            ("Økonomi", "FL-IT", "Forbrug til dato, kr.", None),
            ("Økonomi", "FL-IT", "Prognose for året, kr.", None),
            ("Økonomi", "EGEN", "Prognose for året, kr.", None),
        ],
    )
    answers = read_form(forms["P09"])
    codes = [(p.severity, p.code, p.row) for p in answers.problems if p.sheet == "Økonomi"]
    assert codes == [(WARNING, "no_figures", HEADER_ROW + 1), (ERROR, "half_budget", HEADER_ROW + 2)]
