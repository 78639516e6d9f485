"""Numbers, formulas, headers and sheet names as Danish Excel writes them, end to end.

Every case goes through a real workbook (written with openpyxl, the way the analysts' files are
read) or a real CSV folder: a number is read as the analyst meant it, or refused with a located
problem that says how to fix it — never read silently as another number, never a traceback.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from conftest import tiny_rows, write_csv_folder
from dap_reports import check_portfolio, load_portfolio
from dap_reports.contract.loading import read_tables
from dap_reports.contract.reading import percent_factor
from dap_reports.errors import ERROR, WARNING
from dap_reports.tools.workbook import write_workbook

INDICATORS = {
    "areas": [{"area_id": "0101", "name": "København", "kind": "kommune", "parent_id": ""}],
    "indicators": [
        {
            "indicator_id": "I01",
            "name": "Andel digitale forløb",
            "kind": "fremdrift",
            "unit": "%",
            "project_id": "P1",
            "target": "80",
            "target_date": "2027-12-31",
        }
    ],
    "indicator_values": [{"indicator_id": "I01", "period": "2026-Q1", "area_id": "0101", "value": "55"}],
}


def _workbook(path: Path, edit=None, rows=None) -> Path:
    """The tiny portfolio (with one indicator) as a workbook, after ``edit(workbook)`` changed it in openpyxl."""
    rows = rows or {**tiny_rows(), **INDICATORS}
    write_workbook({name: pd.DataFrame(records) for name, records in rows.items()}, path)
    if edit is not None:
        book = openpyxl.load_workbook(path)
        edit(book)
        book.save(path)
    return path


def _cell(book, sheet: str, column: str, row: int = 2):
    """The cell of ``column`` (by its header) in spreadsheet row ``row``."""
    ws = book[sheet]
    headers = [c.value for c in ws[1]]
    return ws.cell(row=row, column=headers.index(column) + 1)


def _patch(path: Path, part: str, old: str, new: str, count: int = 1) -> None:
    """Replace text inside one XML part of an .xlsx, as another program would have written it."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    text = parts[part].decode()
    assert old in text, f"{old!r} not in {part}"
    parts[part] = text.replace(old, new, count).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _sheet_part(path: Path, sheet: str) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return book[sheet]._worksheet_path.lstrip("/")
    finally:
        book.close()


def _read(path: Path):
    tables, problems, _raw, _where = read_tables(path)
    return tables, problems


def _errors(problems):
    return [p for p in problems if p.severity == ERROR]


def _only(problems, code: str):
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, [str(p) for p in problems]
    return found[0]


# --------------------------------------------------------------------------------------
# Workbooks: numbers
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number_format,factor",
    [
        ("General", 1),
        ("0%", 100),
        ("0.0%", 100),
        ("0.00 %", 100),
        ("0%%", 10_000),
        ('0" %"', 1),  # a literal % sign: the value is shown as stored
        ("0\\%", 1),
        ("[Red]0%;-0%", 100),
        ('#,##0 "kr."', 1),
    ],
)
def test_percent_formats(number_format, factor):
    assert percent_factor(number_format) == factor


@pytest.mark.parametrize(
    "column,value,number_format,expected",
    [
        ("tolerance_budget_pct", 0.1, "0%", 10.0),
        ("tolerance_budget_pct", 0.07, "0%", 7.0),  # not 7.000000000000001
        ("tolerance_budget_pct", 0.125, "0.0%", 12.5),
        ("tolerance_budget_pct", 0.15, "0.00 %", 15.0),
        ("tolerance_budget_pct", 10, "General", 10.0),
        ("tolerance_budget_pct", 10, '0" %"', 10.0),  # a literal % sign: shown as stored
        ("tolerance_budget_pct", "10 %", "General", 10.0),
        ("tolerance_budget_pct", "12,5%", "@", 12.5),
        ("baseline_budget_dkk", 1500000, '#,##0 "kr."', 1_500_000.0),
        ("baseline_budget_dkk", "1.500.000", "@", 1_500_000.0),  # a number stored as text
        ("baseline_budget_dkk", "1.500", "@", 1500.0),
        ("baseline_budget_dkk", "1,5 mio. kr.", "@", 1_500_000.0),
        ("baseline_budget_dkk", "450 t.kr.", "@", 450_000.0),
        ("baseline_budget_dkk", "kr. 1.250.000,50", "@", 1_250_000.5),
    ],
)
def test_workbook_numbers_read_as_shown(tmp_path, column, value, number_format, expected):
    def edit(book):
        cell = _cell(book, "projects", column)
        cell.value = value
        cell.number_format = number_format

    tables, problems = _read(_workbook(tmp_path / "p.xlsx", edit))
    assert not _errors(problems), [str(p) for p in problems]
    read = float(tables["projects"].loc[0, column])
    assert read == expected and repr(read) == repr(expected)  # exactly: 7.0, never 7.000000000000001


def test_percent_cell_in_an_indicator_value_is_the_percentage_shown(tmp_path):
    """An indicator measured in % whose cell is formatted as a percentage: the analyst sees 55 %, it is 55."""

    def edit(book):
        cell = _cell(book, "indicator_values", "value")
        cell.value, cell.number_format = 0.55, "0%"
        target = _cell(book, "indicators", "target")
        target.value, target.number_format = 0.8, "0%"

    tables, problems = _read(_workbook(tmp_path / "p.xlsx", edit))
    assert not _errors(problems)
    assert tables["indicator_values"].loc[0, "value"] == 55.0
    assert tables["indicators"].loc[0, "target"] == 80.0


@pytest.mark.parametrize(
    "sheet,column,value,number_format,message",
    [
        ("projects", "baseline_budget_dkk", 0.1, "0%", "formatted as a percentage (Excel shows 10 %)"),
        ("projects", "tolerance_time_days", 0.3, "0%", "but 'tolerance_time_days' holds a whole number"),
        ("projects", "baseline_budget_dkk", "10 %", "@", "is a percentage, but 'baseline_budget_dkk'"),
        ("projects", "tolerance_budget_pct", "1.500 kr.", "@", "written as an amount in kroner"),
        ("projects", "baseline_budget_dkk", "1.50.0", "@", "not a number in Danish (1.500.000,50) or English"),
        ("risk_assessments", "probability", "3,5", "@", "not a whole number"),
        ("projects", "baseline_budget_dkk", True, "General", "TRUE/FALSE"),
    ],
)
def test_workbook_numbers_refused_where_they_are(tmp_path, sheet, column, value, number_format, message):
    def edit(book):
        cell = _cell(book, sheet, column)
        cell.value = value
        cell.number_format = number_format

    path = _workbook(tmp_path / "p.xlsx", edit)
    _, problems = _read(path)
    [error] = _errors(problems)
    assert (error.file, error.sheet, error.row, error.column) == ("p.xlsx", sheet, 2, column)
    assert message in error.message and error.value and error.fix


def test_a_date_in_a_number_column_is_refused(tmp_path):
    """Danish Excel turns 1.5 typed into a General cell into 1 May: say so, do not read a date serial."""

    def edit(book):
        cell = _cell(book, "projects", "tolerance_budget_pct")
        cell.value = pd.Timestamp("2026-05-01").to_pydatetime()
        cell.number_format = "dd-mm-yyyy"

    [error] = _errors(_read(_workbook(tmp_path / "p.xlsx", edit))[1])
    assert error.column == "tolerance_budget_pct" and "Excel shows a date" in error.message
    assert "format the cell as a number" in error.fix


# --------------------------------------------------------------------------------------
# Workbooks: formulas
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "column",
    ["baseline_budget_dkk", "tolerance_time_days", "name", "start_date", "phase", "owner_org"],
)
def test_formula_without_a_computed_value_is_refused_in_any_column(tmp_path, column):
    """openpyxl (like other programs that do not calculate) writes formulas without their result."""

    def edit(book):
        _cell(book, "projects", column, row=3).value = "=1+1"

    _, problems = _read(_workbook(tmp_path / "p.xlsx", edit))
    [error] = _errors(problems)
    letter = openpyxl.utils.get_column_letter([c.name for c in _projects_columns()].index(column) + 1)
    assert (error.sheet, error.row, error.column, error.code) == ("projects", 3, column, "formula_without_value")
    assert f"cell {letter}3 holds a formula with no computed value" in error.message
    assert error.value == "=1+1"
    assert "open the workbook in Excel and save it again" in error.fix


def _projects_columns():
    from dap_reports.contract.schema import table

    return table("projects").columns


def test_formula_with_a_value_computed_by_excel_is_read(tmp_path):
    path = _workbook(
        tmp_path / "p.xlsx", lambda book: setattr(_cell(book, "projects", "baseline_budget_dkk"), "value", "=2*500000")
    )
    # As Excel saves it: the result stored beside the formula (the template asks for no recomputing).
    _patch(path, _sheet_part(path, "projects"), "<f>2*500000</f><v />", "<f>2*500000</f><v>1000000</v>")
    tables, problems = _read(path)
    assert not _errors(problems)
    assert tables["projects"].loc[0, "baseline_budget_dkk"] == 1_000_000


def test_formula_value_stored_by_a_program_that_asks_excel_to_recompute_is_refused(tmp_path):
    """XlsxWriter and others store 0 as every formula's result and set fullCalcOnLoad: the 0 is not a result."""
    path = _workbook(
        tmp_path / "p.xlsx", lambda book: setattr(_cell(book, "projects", "baseline_budget_dkk"), "value", "=2*500000")
    )
    _patch(path, _sheet_part(path, "projects"), "<f>2*500000</f><v />", "<f>2*500000</f><v>0</v>")
    _patch(path, "xl/workbook.xml", 'fullCalcOnLoad="0"', 'fullCalcOnLoad="1"')
    [error] = _errors(_read(path)[1])
    assert error.code == "formula_without_value" and error.row == 2
    assert "may be out of date" in error.message


@pytest.mark.parametrize("code", ["#DIV/0!", "#REF!", "#VALUE!", "#N/A", "#NAME?"])
@pytest.mark.parametrize("column", ["baseline_budget_dkk", "name", "start_date", "phase"])
def test_formula_error_values_are_refused_in_any_column(tmp_path, code, column):
    def edit(book):
        cell = _cell(book, "projects", column)
        cell.value = code
        assert cell.data_type == "e"  # stored as Excel stores an error result

    [error] = _errors(_read(_workbook(tmp_path / "p.xlsx", edit))[1])
    assert (error.row, error.column, error.code, error.value) == (2, column, "formula_error", code)
    assert error.message == f"the formula in this cell gives an error ({code})"
    assert "fix the formula" in error.fix


def test_rows_beyond_a_wrong_sheet_dimension_are_read(tmp_path):
    """Some programs write a wrong <dimension>; read-only openpyxl would silently stop there."""
    path = _workbook(tmp_path / "p.xlsx")
    _patch(path, _sheet_part(path, "projects"), '<dimension ref="A1:O3" />', '<dimension ref="A1:C2" />')
    tables, problems = _read(path)
    assert not _errors(problems)
    assert list(tables["projects"]["project_id"]) == ["P1", "P2"]
    assert tables["projects"].loc[1, "tolerance_budget_pct"] == 5


# --------------------------------------------------------------------------------------
# Workbooks: headers and sheet names
# --------------------------------------------------------------------------------------


def test_header_case_and_spacing_variants_are_accepted(tmp_path):
    def edit(book):
        ws = book["projects"]
        ws["A1"] = " Project ID "
        ws["J1"] = "Baseline Budget DKK"
        ws["L1"] = "tolerance-budget-pct"
        book["risks"]["A1"] = "RISK_ID"

    path = _workbook(tmp_path / "p.xlsx", edit)
    portfolio = load_portfolio(path)
    assert list(portfolio.projects["project_id"]) == ["P1", "P2"]
    assert list(portfolio.projects["tolerance_budget_pct"]) == [10, 5]
    assert "Baseline Budget DKK" not in portfolio.projects.columns


def test_two_headers_for_one_column_are_an_error(tmp_path):
    def edit(book):
        ws = book["projects"]
        ws["P1"] = "Project_ID"
        ws["P2"], ws["P3"] = "X1", "X2"

    [error] = _errors(_read(_workbook(tmp_path / "p.xlsx", edit))[1])
    assert (error.sheet, error.row, error.column, error.code) == ("projects", 1, "project_id", "duplicate_column")
    assert "A ('project_id') and P ('Project_ID')" in error.message
    assert "remove one" in error.fix


def test_merged_header_cells_are_named_in_the_missing_column_error(tmp_path):
    """Merging A1:B1 keeps 'project_id' in A1 and empties B1: 'name' is missing, and the message says why."""
    path = _workbook(tmp_path / "p.xlsx", lambda book: book["projects"].merge_cells("A1:B1"))
    problems = _read(path)[1]
    error = _only(problems, "missing_column")
    assert (error.sheet, error.row, error.column) == ("projects", 1, "name")
    assert "merged cells (A1:B1)" in error.message and "unmerge" in error.fix
    unnamed = _only(problems, "unnamed_column")  # the names below B1 are not silently dropped
    assert unnamed.severity == WARNING and unnamed.column == "B" and "merged into A1:B1" in unnamed.message


def test_headers_below_title_rows_are_pointed_out(tmp_path):
    def edit(book):
        ws = book["projects"]
        ws.insert_rows(1, 2)
        ws["A1"] = "Projekter i porteføljen 2026"

    problems = _read(_workbook(tmp_path / "p.xlsx", edit))[1]
    [error] = _errors(problems)
    assert (error.sheet, error.row, error.code) == ("projects", 3, "header_not_in_row_1")
    assert "delete rows 1–2 above them" in error.fix


@pytest.mark.parametrize("other", ["Status ", " status", "STATUS "])  # Excel refuses names differing in case only
def test_two_sheets_for_one_table_are_an_error(tmp_path, other):
    def edit(book):
        book.create_sheet(other)

    problems = _read(_workbook(tmp_path / "p.xlsx", edit))[1]
    error = _only(problems, "duplicate_sheet")
    assert error.severity == ERROR and "'status'" in error.message.lower() and error.sheet
    assert len(re.findall(r"'[^']*'", error.value or "")) == 2
    assert "delete or rename one" in error.fix


def test_sheet_names_ignore_case_and_spaces(tmp_path):
    def edit(book):
        book["projects"].title = " Projects "
        book["risk_assessments"].title = "Risk Assessments"

    portfolio = load_portfolio(_workbook(tmp_path / "p.xlsx", edit))
    assert len(portfolio.projects) == 2 and len(portfolio.risk_assessments) == 1


# --------------------------------------------------------------------------------------
# A deliberately horrible workbook: only problems, every one located, never a traceback
# --------------------------------------------------------------------------------------


def test_horrible_workbook_gives_located_problems_only(tmp_path):
    def edit(book):
        projects = book["projects"]
        _cell(book, "projects", "baseline_budget_dkk").value = "1.50.0"
        pct = _cell(book, "projects", "tolerance_budget_pct", row=3)
        pct.value, pct.number_format = 0.1, "0%"  # fine: 10
        _cell(book, "projects", "tolerance_time_days").value = "=A2*2"
        _cell(book, "projects", "name", row=3).value = "#REF!"
        projects["P1"], projects["Q1"] = "Project_ID", None
        projects["R2"] = "values without a header"
        budget = book["budget"]
        _cell(book, "budget", "granted_dkk").value = "10 %"
        _cell(book, "budget", "spent_dkk").value = "1,500,000.5"  # English notation: fine
        _cell(book, "budget", "forecast_dkk").value = "€ 450.000"
        budget.merge_cells("A1:B1")
        book["risk_assessments"].insert_rows(1)
        book["risk_assessments"]["A1"] = "Risikovurderinger"
        book.create_sheet(" Status")
        _cell(book, "status", "forecast_cost_dkk").value = True
        _cell(book, "status", "meeting_date").value = "#N/A"
        cr = _cell(book, "change_requests", "time_impact_days")
        cr.value, cr.number_format = 0.25, "0%"
        del book["dependencies"]

    path = _workbook(tmp_path / "p.xlsx", edit)
    portfolio, problems = check_portfolio(path)  # must not raise
    assert portfolio is None
    errors = _errors(problems)
    codes = {p.code for p in errors}
    assert {
        "bad_value",
        "formula_without_value",
        "formula_error",
        "duplicate_column",
        "missing_column",
        "header_not_in_row_1",
        "duplicate_sheet",
        "missing_table",
    } <= codes
    for p in errors:
        assert p.file == "p.xlsx" and p.message and p.fix, str(p)
        if p.code not in ("missing_table", "duplicate_sheet"):
            assert p.sheet and p.row is not None, str(p)
            assert p.column is not None or p.code == "header_not_in_row_1", str(p)
    assert not any(p.row == 3 and p.column == "tolerance_budget_pct" for p in errors)
    assert not any(p.sheet == "budget" and p.column == "spent_dkk" for p in errors)


# --------------------------------------------------------------------------------------
# CSV files as Danish Excel exports them
# --------------------------------------------------------------------------------------


def _danish_csv(folder: Path, table: str, lines: list[str], encoding: str = "cp1252", bom: bytes = b"") -> None:
    (folder / f"{table}.csv").write_bytes(bom + "".join(f"{line}\r\n" for line in lines).encode(encoding))


BUDGET_HEADER = "project_id;source_id;year;granted_dkk;spent_dkk;forecast_dkk"


@pytest.mark.parametrize(
    "line,expected",
    [
        ("P1;FL;2026;500.000,00;100.000,00;450.000,00", (500_000, 100_000, 450_000)),
        ("P1;FL;2026;500.000;100.000;450.000", (500_000, 100_000, 450_000)),
        ("P1;FL;2026;500000;100000,5;450000", (500_000, 100_000.5, 450_000)),
        ('P1;FL;2026;"500.000,00 kr.";"kr. 100.000,-";"0,45 mio. kr."', (500_000, 100_000, 450_000)),
        ("P1;FL;2026;500 000;100\u00a0000;450 t.kr.", (500_000, 100_000, 450_000)),
    ],
)
def test_semicolon_csv_numbers_from_danish_excel(tiny, line, expected):
    _danish_csv(tiny, "budget", [BUDGET_HEADER, line])
    budget = load_portfolio(tiny).budget
    assert tuple(budget.loc[0, ["granted_dkk", "spent_dkk", "forecast_dkk"]]) == expected


@pytest.mark.parametrize(
    "encoding,bom,first",
    [
        ("utf-8", b"\xef\xbb\xbf", ""),  # Excel's "CSV UTF-8"
        ("utf-16-le", b"\xff\xfe", ""),  # Excel's "Unicode text"
        ("cp1252", b"", "sep=;"),  # the line Excel writes, and hides, to name the separator
    ],
)
def test_csv_encodings_and_separator_line(tiny, encoding, bom, first):
    lines = [BUDGET_HEADER, "P1;FL;2026;1.500.000,00;100.000,00;450.000,00"]
    _danish_csv(tiny, "budget", [first, *lines] if first else lines, encoding, bom)
    budget = load_portfolio(tiny).budget
    assert budget.loc[0, "granted_dkk"] == 1_500_000 and budget.loc[0, "_row"] == 2


def test_quoted_decimal_commas_in_a_comma_separated_file(tiny):
    _danish_csv(tiny, "budget", [BUDGET_HEADER.replace(";", ","), 'P1,FL,2026,"500.000,50","1,5","450000"'])
    budget = load_portfolio(tiny).budget
    assert tuple(budget.loc[0, ["granted_dkk", "spent_dkk", "forecast_dkk"]]) == (500_000.5, 1.5, 450_000)


def test_percent_and_decimal_comma_in_a_percent_column(tmp_path):
    def mutate(rows):
        rows["projects"][0]["tolerance_budget_pct"] = "12,5 %"
        rows["projects"][1]["tolerance_budget_pct"] = "5%"

    rows = tiny_rows()
    mutate(rows)
    portfolio = load_portfolio(write_csv_folder(tmp_path / "t", rows))
    assert list(portfolio.projects["tolerance_budget_pct"]) == [12.5, 5]


def test_thousands_point_is_refused_beside_a_decimal_point_in_the_same_column(tmp_path):
    rows = tiny_rows()
    rows["projects"][0]["baseline_budget_dkk"] = "1.500"
    rows["projects"][1]["baseline_budget_dkk"] = "2000000.75"
    _, problems = check_portfolio(write_csv_folder(tmp_path / "t", rows))
    [error] = _errors(problems)
    assert (error.file, error.row, error.column, error.code) == (
        "projects.csv",
        2,
        "baseline_budget_dkk",
        "ambiguous_number",
    )
    assert "1500 (Danish notation) or as 1.5" in error.message and "row 3 ('2000000.75')" in error.message


def test_1500_alone_is_danish_thousands(tmp_path):
    rows = tiny_rows()
    rows["projects"][0]["baseline_budget_dkk"] = "1.500"
    rows["projects"][1]["baseline_budget_dkk"] = "2.000.000,75"
    projects = load_portfolio(write_csv_folder(tmp_path / "t", rows)).projects
    assert list(projects["baseline_budget_dkk"]) == [1500, 2_000_000.75]


@pytest.mark.parametrize("text", ["#DIV/0!", "#DIVISION/0!", "#VÆRDI!", "#I/T", "#NAVN?"])
def test_csv_formula_errors_in_danish_and_english(tmp_path, text):
    rows = tiny_rows()
    rows["projects"][0]["name"] = text
    rows["budget"][0]["granted_dkk"] = text
    errors = _errors(check_portfolio(write_csv_folder(tmp_path / "t", rows))[1])
    assert {(p.file, p.row, p.column, p.code) for p in errors} == {
        ("projects.csv", 2, "name", "formula_error"),
        ("budget.csv", 2, "granted_dkk", "formula_error"),
    }


def test_csv_header_variants_duplicates_and_unnamed_columns(tmp_path):
    folder = write_csv_folder(tmp_path / "t", tiny_rows())
    _danish_csv(folder, "organisations", ["Org ID;Name;ROLE", "ISM;Ministeriet;formand", "KL;KL;medlem"])
    _danish_csv(folder, "funding_sources", ["source_id;name;kind;description;;", "FL;Finanslov;finanslov;;;glemt"])
    assert len(load_portfolio(folder).organisations) == 2
    _, problems = check_portfolio(folder)
    unnamed = _only(problems, "unnamed_column")
    assert (unnamed.file, unnamed.row, unnamed.column, unnamed.severity) == ("funding_sources.csv", 1, "F", WARNING)
    _danish_csv(folder, "organisations", ["org_id;name;role;Org_ID", "ISM;Ministeriet;formand;X"])
    error = _only(_errors(check_portfolio(folder)[1]), "duplicate_column")
    assert (error.file, error.row, error.column) == ("organisations.csv", 1, "org_id")


def test_two_csv_files_for_one_table(tiny):
    shutil.copy(tiny / "status.csv", tiny / "Status .csv")
    error = _only(_errors(check_portfolio(tiny)[1]), "duplicate_file")
    assert "'Status .csv' and 'status.csv'" in error.message


def test_csv_file_name_case_is_ignored(tiny):
    (tiny / "status.csv").rename(tiny / "Status.csv")
    assert len(load_portfolio(tiny).status) == 3


def test_an_unreadable_csv_is_a_located_problem(tiny):
    (tiny / "risks.csv").write_text('risk_id,title\nR1,"never closed\n' + "x" * 200_000 + "\n", encoding="utf-8")
    error = _only(_errors(check_portfolio(tiny)[1]), "unreadable_csv")
    assert error.file == "risks.csv" and error.row and "quotation mark" in error.fix
