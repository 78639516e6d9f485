"""The Excel template and data workbooks written by :mod:`dap_reports.tools.workbook`."""

from __future__ import annotations

import datetime as dt

import numpy as np
import openpyxl
import pandas as pd
import pytest

from dap_reports.contract import schema
from dap_reports.tools.workbook import enum_list_source, write_workbook


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> openpyxl.Workbook:
    path = write_workbook(None, tmp_path_factory.mktemp("template") / "portfolio.xlsx")
    return openpyxl.load_workbook(path)


def _validations(ws, column_letter: str) -> list:
    """Data validations whose range starts in row 2 of the given column."""
    return [dv for dv in ws.data_validations.dataValidation if f"{column_letter}2:" in str(dv.sqref)]


def _letter(table: schema.Table, column: str) -> str:
    return openpyxl.utils.get_column_letter(table.column_names.index(column) + 1)


def test_template_has_readme_first_then_every_table_in_order(template):
    assert template.sheetnames == [schema.README_SHEET, *schema.TABLE_NAMES]


@pytest.mark.parametrize("table", schema.TABLES, ids=lambda t: t.name)
def test_template_sheet_has_only_the_header_row(template, table):
    ws = template[table.name]
    assert [c.value for c in ws[1]] == table.column_names
    assert ws.max_row == 1
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:")
    assert all(c.font.bold for c in ws[1])
    assert all(c.comment is not None for c in ws[1])


def test_header_comment_is_the_danish_description(template):
    table = schema.table("risk_assessments")
    cell = template[table.name]["C1"]
    assert cell.value == "probability"
    assert table.column("probability").description_da in cell.comment.text


def test_column_widths_follow_the_schema(template):
    table = schema.table("projects")
    ws = template[table.name]
    for column in table.columns:
        width = ws.column_dimensions[_letter(table, column.name)].width
        assert width >= column.width


def test_readme_mentions_every_table_and_column(template):
    texts = {str(c.value) for row in template[schema.README_SHEET].iter_rows() for c in row if c.value is not None}
    blob = "\n".join(texts)
    for table in schema.TABLES:
        assert table.name in texts, table.name
        assert table.description_da in blob, table.name
        for column in table.columns:
            assert column.name in texts, f"{table.name}.{column.name}"
            assert column.description_da in texts, f"{table.name}.{column.name}"
    assert "dap-reports validate portfolio.xlsx" in blob
    assert "henviser til projects.project_id" in texts
    assert "heltal" in texts and "dato" in texts and "valgliste" in texts


@pytest.mark.parametrize(
    ("table_name", "column_name"),
    [(t.name, c.name) for t in schema.TABLES for c in t.columns if c.type == "enum"],
)
def test_enum_columns_have_a_dropdown_with_english_and_danish_labels(template, table_name, column_name):
    table = schema.table(table_name)
    enum = table.column(column_name).enum
    [dv] = _validations(template[table_name], _letter(table, column_name))
    assert dv.type == "list"
    assert dv.showErrorMessage and dv.error
    labels = dv.formula1.strip('"').split(",")
    assert set(enum.values) <= set(labels)
    assert set(enum.danish.values()) <= set(labels)
    assert str(dv.sqref).endswith("1000")


def test_rag_dropdown_is_exactly_english_then_danish(template):
    table = schema.table("status")
    [dv] = _validations(template["status"], _letter(table, "time_rag"))
    assert dv.formula1 == '"green,yellow,red,grøn,gul,rød"'


def test_every_dropdown_fits_excels_limit():
    for enum in schema.ENUMERATIONS.values():
        assert len(enum_list_source(enum)) <= 255, enum.name


def test_probability_is_a_whole_number_from_1_to_5(template):
    table = schema.table("risk_assessments")
    [dv] = _validations(template[table.name], _letter(table, "probability"))
    assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("whole", "between", "1", "5")
    assert dv.showErrorMessage


def test_money_is_a_decimal_of_at_least_0(template):
    table = schema.table("budget")
    [dv] = _validations(template[table.name], _letter(table, "granted_dkk"))
    assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0")


def test_date_columns_validate_and_format_as_iso(template):
    table = schema.table("meetings")
    ws = template[table.name]
    letter = _letter(table, "meeting_date")
    [dv] = _validations(ws, letter)
    assert dv.type == "date"
    assert ws.column_dimensions[letter].number_format == "yyyy-mm-dd"


def test_data_round_trips_as_real_dates_numbers_and_empty_cells(tmp_path):
    projects = pd.DataFrame(
        {
            "project_id": ["P01", "P02", "P03"],
            "name": ["Overblik", "=ikke en formel", pd.NA],
            "start_date": ["2025-02-01", pd.Timestamp("2025-03-01"), "11-03-2026"],
            "baseline_end_date": [dt.date(2026, 12, 31), None, np.nan],
            "baseline_budget_dkk": [4500000.0, 12.5, np.nan],
            "tolerance_time_days": pd.array([60, None, 3], dtype="Int64"),
            "description": ["", "  ", "tekst"],
            "notes_of_my_own": ["x", None, 7.0],
        }
    )
    status = pd.DataFrame({"project_id": ["P01"], "meeting_date": [pd.Timestamp("2026-03-11")], "time_rag": [pd.NA]})
    path = write_workbook({"projects": projects, "status": status}, tmp_path / "data.xlsx")
    wb = openpyxl.load_workbook(path)

    ws = wb["projects"]
    table = schema.table("projects")
    headers = [*table.column_names, "notes_of_my_own"]
    assert [c.value for c in ws[1]] == headers
    rows = {r[0]: dict(zip(headers, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"P01", "P02", "P03"}

    start = ws.cell(row=2, column=table.column_names.index("start_date") + 1)
    assert start.is_date and start.value.date() == dt.date(2025, 2, 1)
    assert start.number_format == "yyyy-mm-dd"
    assert rows["P02"]["start_date"].date() == dt.date(2025, 3, 1)
    assert rows["P03"]["start_date"].date() == dt.date(2026, 3, 11)  # Danish day-month-year
    assert rows["P01"]["baseline_end_date"].date() == dt.date(2026, 12, 31)

    budget = rows["P01"]["baseline_budget_dkk"]
    assert budget == 4500000 and isinstance(budget, int)
    assert rows["P02"]["baseline_budget_dkk"] == 12.5
    assert rows["P01"]["tolerance_time_days"] == 60 and isinstance(rows["P01"]["tolerance_time_days"], int)

    for blank in (
        rows["P02"]["baseline_end_date"],
        rows["P03"]["baseline_end_date"],
        rows["P03"]["baseline_budget_dkk"],
        rows["P02"]["tolerance_time_days"],
        rows["P03"]["name"],
        rows["P01"]["description"],
        rows["P02"]["description"],
        rows["P01"]["phase"],  # a schema column the frame lacks
    ):
        assert blank is None

    name = ws.cell(row=3, column=table.column_names.index("name") + 1)
    assert name.value == "=ikke en formel" and name.data_type == "s"
    assert rows["P01"]["notes_of_my_own"] == "x" and rows["P03"]["notes_of_my_own"] == 7

    status_ws = wb["status"]
    assert status_ws["B2"].is_date and status_ws["B2"].value.date() == dt.date(2026, 3, 11)
    assert status_ws["C2"].value is None
    # Tables not given are still there, as blank templates.
    assert [c.value for c in wb["budget"][1]] == schema.table("budget").column_names
    assert wb["budget"].max_row == 1


def test_ids_stay_text(tmp_path):
    areas = pd.DataFrame({"area_id": ["0101", 101.0], "name": ["København", "X"], "kind": ["kommune", "region"]})
    wb = openpyxl.load_workbook(write_workbook({"areas": areas}, tmp_path / "a.xlsx"))
    assert [wb["areas"]["A2"].value, wb["areas"]["A3"].value] == ["0101", "101"]


def test_unknown_table_is_refused(tmp_path):
    with pytest.raises(ValueError, match="projekter"):
        write_workbook({"projekter": pd.DataFrame()}, tmp_path / "x.xlsx")
