"""`dap-reports forms`: one pre-filled, protected workbook per active project.

Expected values are read by hand from the demo's CSV files (src/dap_reports/data/demo/).
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from dap_reports.contract.loading import load_portfolio
from dap_reports.errors import DapReportsError
from dap_reports.forms.content import reply_deadline
from dap_reports.forms.layout import HEADER_ROW, META_SHEET
from dap_reports.forms.write import form_file_name, write_forms
from forms.formkit import CREATED, MEETING, column_of, row_of


def test_one_form_per_active_project_and_per_closed_one_with_benefits_followed(forms_workspace):
    _, forms = forms_workspace
    # projects.csv: every project has started by 2026-12-09; P03 closed on 2026-07-04, but benefits.csv gives it
    # P03-G1 with target date 2027-06-30, so the benefits rules still follow it (portfolio.yaml: 12 months).
    assert sorted(forms) == [f"P{n:02d}" for n in range(1, 16)]
    assert forms["P05"].name == "P05-minlaege-app-2026-12-09.xlsx"
    assert forms["P13"].name == "P13-forloebsplaner-faelles-infrastruktur-2026-12-09.xlsx"


def test_file_names_are_ascii():
    import pandas as pd

    name = form_file_name("P14", "Digitale forløbsplaner – diabetes", pd.Timestamp("2026-12-09"))
    assert name == "P14-digitale-forloebsplaner-diabetes-2026-12-09.xlsx"
    assert name.isascii()


@pytest.fixture(scope="module")
def p01(forms_workspace):
    return openpyxl.load_workbook(forms_workspace[1]["P01"])


def test_sheets_structure_locked_and_meta_hidden(p01):
    assert p01.sheetnames == [
        "Vejledning",
        "Status",
        "Risici",
        "Milepæle",
        "Økonomi",
        "Ændringsanmodninger",
        "Gevinster",  # the portfolio has a benefits register
        "Handlinger",  # the data model has an actions table (follow-up actions)
        META_SHEET,
    ]
    assert p01[META_SHEET].sheet_state == "veryHidden"
    assert p01.security.lockStructure
    assert all(p01[name].protection.sheet for name in p01.sheetnames)


def test_only_the_input_cells_are_unlocked(p01):
    status = p01["Status"]
    unlocked = sorted(
        (c.column_letter, c.row)
        for row in status.iter_rows()
        for c in row
        if c.value is not None or c.has_style
        if not c.protection.locked
    )
    assert {letter for letter, _ in unlocked} == {"C"}  # the column 'Til mødet', nothing else
    risks = p01["Risici"]
    r05 = row_of(risks, "R05")
    editable = {
        risks.cell(row=HEADER_ROW, column=c).value for c in range(1, 14) if not risks.cell(r05, c).protection.locked
    }
    assert editable == {"Ejer", "Strategi", "Afbødning", "Sandsynlighed (1-5)", "Konsekvens (1-5)", "Lukket dato"}
    new = row_of(risks, "NY")
    editable_new = {risks.cell(HEADER_ROW, c).value for c in range(1, 14) if not risks.cell(new, c).protection.locked}
    assert editable_new == {
        "Titel",
        "Beskrivelse (årsag → hændelse → konsekvens)",
        "Kategori",
        "Ejer",
        "Strategi",
        "Afbødning",
        "Sandsynlighed (1-5)",
        "Konsekvens (1-5)",
    }


def test_status_shows_the_previous_report_beside_the_inputs(p01):
    ws = p01["Status"]
    rows = {str(ws.cell(r, 1).value).removesuffix(" *"): r for r in range(HEADER_ROW + 1, ws.max_row + 1)}
    # status.csv, P01 at 2026-10-14: red, red, yellow, overall red, forecast end 2027-10-13, cost 14000000.
    assert ws.cell(HEADER_ROW, 2).value == "Sidste rapport (14-10-2026)"
    assert [ws.cell(rows[k], 2).value for k in ("Tid", "Økonomi", "Leverancer", "Samlet status")] == [
        "rød",
        "rød",
        "gul",
        "rød",
    ]
    assert ws.cell(rows["Tid"], 3).value is None  # RAG: a fresh judgement each time
    assert ws.cell(rows["Forventet slutdato"], 3).value == dt.datetime(2027, 10, 13)
    assert ws.cell(rows["Forventet samlet omkostning, kr."], 3).value == 14_000_000
    assert ws.cell(rows["Rapporteret af"], 3).value == "Anne Jensen"
    assert ws.cell(rows["Resumé (én linje)"], 3).value is None


def test_dropdowns_offer_the_danish_labels(p01):
    ws = p01["Status"]
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert lists[f"C{HEADER_ROW + 1}"] == '"grøn,gul,rød"'
    risks = p01["Risici"]
    letter = openpyxl.utils.get_column_letter(column_of(risks, "Strategi"))
    strategy = [dv for dv in risks.data_validations.dataValidation if str(dv.sqref).startswith(letter)]
    assert strategy and strategy[0].formula1 == '"undgå,reducér,overfør,acceptér,del"'
    scores = [dv for dv in risks.data_validations.dataValidation if dv.type == "whole"]
    assert scores and all((dv.formula1, dv.formula2) == ("1", "5") for dv in scores)


def test_risks_milestones_and_budget_are_pre_filled(p01):
    risks = p01["Risici"]
    # risks.csv: P01 owns R05 and R06, both open; risk_assessments.csv: R05 5×5 and R06 4×5 at 2026-10-14.
    assert [risks.cell(r, 1).value for r in range(HEADER_ROW + 1, HEADER_ROW + 3)] == ["R05", "R06"]
    for key, (p, i) in {"R05": (5, 5), "R06": (4, 5)}.items():
        row = row_of(risks, key)
        values = [risks.cell(row, column_of(risks, h)).value for h in ("Sandsynlighed før", "Konsekvens før")]
        inputs = [risks.cell(row, column_of(risks, h)).value for h in ("Sandsynlighed (1-5)", "Konsekvens (1-5)")]
        assert values == inputs == [p, i]
    assert [risks.cell(r, 1).value for r in range(HEADER_ROW + 3, HEADER_ROW + 8)] == ["NY"] * 5
    milestones = p01["Milepæle"]
    # milestones.csv: P01-M1 was reached on 2026-05-28, so only M2 and M3; milestone_forecasts.csv at 2026-10-14.
    assert [milestones.cell(r, 1).value for r in (HEADER_ROW + 1, HEADER_ROW + 2)] == ["P01-M2", "P01-M3"]
    assert milestones.cell(row_of(milestones, "P01-M2"), column_of(milestones, "Forventet dato")).value == dt.datetime(
        2027, 2, 19
    )
    budget = p01["Økonomi"]
    row = row_of(budget, "FL-IT")
    # budget.csv: FL-IT 2026 granted 3750000; budget_history.csv at 2026-10-14: 2740000 spent, 3993000 forecast.
    assert [budget.cell(row, column_of(budget, h)).value for h in ("År", "Bevilget, kr.", "Forbrug til dato, kr.")] == [
        2026,
        3_750_000,
        2_740_000,
    ]
    assert budget.cell(row, column_of(budget, "Prognose for året, kr.")).value == 3_993_000


def test_guide_gives_the_reply_deadline(p01):
    text = " ".join(str(c.value) for row in p01["Vejledning"].iter_rows() for c in row if c.value)
    # 2026-12-09 minus 7 days (agenda_days_before) minus 5 days (forms_reply_days_before_agenda) = Friday 27 November.
    assert "fredag 27. november 2026" in text
    assert "onsdag 9. december 2026" in text
    assert "MedCom" in text  # programme_office: where to send it


def test_reply_deadline_follows_the_setting(forms_workspace):
    portfolio = load_portfolio(forms_workspace[0] / "portfolio.xlsx")
    import pandas as pd

    portfolio.config.forms_reply_days_before_agenda = 10
    assert reply_deadline(portfolio, pd.Timestamp(MEETING)) == pd.Timestamp("2026-11-22")


def test_meta_sheet_records_project_meeting_and_round(p01):
    meta = {row[0].value: row[1].value for row in p01[META_SHEET].iter_rows()}
    assert meta["project_id"] == "P01"
    assert meta["meeting_date"] == MEETING
    assert meta["created"] == CREATED.isoformat(timespec="seconds")
    assert len(meta["portfolio_content_sha256"]) == 64


def test_existing_forms_are_not_replaced_without_force(workspace):
    folder, forms = workspace
    portfolio = load_portfolio(folder / "portfolio.xlsx")
    before = forms["P05"].read_bytes()
    with pytest.raises(DapReportsError, match="already exist"):
        write_forms(portfolio, MEETING, folder / "formularer")
    assert forms["P05"].read_bytes() == before
    written = write_forms(portfolio, MEETING, folder / "formularer", projects=["P05"], force=True)
    assert [w.project_id for w in written] == ["P05"]


def test_unknown_or_inactive_project_is_refused(workspace):
    folder, _ = workspace
    portfolio = load_portfolio(folder / "portfolio.xlsx")
    with pytest.raises(DapReportsError, match="no form for P99 at the meeting 2026-12-09"):
        write_forms(portfolio, MEETING, folder / "new", projects=["P99"])
    # projects.csv: P12 starts on 2026-08-01, so it answers for no meeting before.
    with pytest.raises(DapReportsError, match="no form for P12 at the meeting 2026-05-13"):
        write_forms(portfolio, "2026-05-13", folder / "new", projects=["P12"])
    assert not (folder / "new").exists()
