import datetime as dt

import pandas as pd
import pytest

from dap_reports.contract import parsing
from dap_reports.contract.schema import DECISION, PHASE, RAG


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-11",
        "11-03-2026",
        "11.03.2026",
        "11/03/2026",
        " 2026-3-11 ",
        "2026-03-11 00:00:00",
        dt.date(2026, 3, 11),
        dt.datetime(2026, 3, 11, 0, 0),
    ],
)
def test_dates_in_iso_danish_and_excel_forms(text):
    assert parsing.parse_date(text) == pd.Timestamp("2026-03-11")


@pytest.mark.parametrize("text", ["2026-02-30", "31.04.2026", "03/11/26", "marts 2026", "2026-13-01"])
def test_bad_dates_say_what_is_expected(text):
    with pytest.raises(ValueError, match=r"2026-03-11, 11-03-2026 or 11\.03\.2026"):
        parsing.parse_date(text)


@pytest.mark.parametrize("blank", [None, "", "   ", float("nan"), pd.NA])
def test_blank_cells_are_none(blank):
    assert parsing.parse_date(blank) is None
    assert parsing.parse_number(blank) is None
    assert parsing.parse_enum(blank, RAG) is None
    assert parsing.parse_text(blank) is None


@pytest.mark.parametrize(
    "label,expected",
    [
        ("green", "green"),
        ("Grøn", "green"),
        ("G", "green"),
        ("GROEN", "green"),
        ("yellow", "yellow"),
        ("amber", "yellow"),
        ("Gul", "yellow"),
        ("y", "yellow"),
        ("red", "red"),
        ("RØD", "red"),
        ("r", "red"),
    ],
)
def test_rag_labels_in_english_and_danish(label, expected):
    assert parsing.parse_enum(label, RAG) == expected


def test_other_enumerations_accept_danish_labels():
    assert parsing.parse_enum("Udvikling", PHASE) == "development"
    assert parsing.parse_enum("drift", PHASE) == "operation"
    assert parsing.parse_enum("Godkendt", DECISION) == "approved"
    assert parsing.parse_enum("afventer", DECISION) == "pending"


def test_unknown_label_lists_allowed_values():
    with pytest.raises(ValueError, match=r"green \(grøn\), yellow \(gul\), red \(rød\)"):
        parsing.parse_enum("blue", RAG)


# --------------------------------------------------------------------------------------
# Numbers: the table of every way Danish Excel (or a program) writes one
# --------------------------------------------------------------------------------------

MONEY, PCT, PLAIN, WHOLE = "granted_dkk", "tolerance_budget_pct", "value", "tolerance_time_days"


@pytest.mark.parametrize(
    "column,text,expected",
    [
        # plain digits and the decimal comma
        (PLAIN, "1500000", 1_500_000),
        (PLAIN, "12,5", 12.5),
        (PLAIN, " 12,5 ", 12.5),
        (PLAIN, "0,125", 0.125),
        (PLAIN, "-3,5", -3.5),
        (PLAIN, "\u22123,5", -3.5),  # the typographic minus sign
        (PLAIN, "+4", 4),
        # Danish thousands points win over a decimal point
        (PLAIN, "1.500", 1500),
        (PLAIN, "12.500", 12_500),
        (PLAIN, "1.500.000", 1_500_000),
        (PLAIN, "1.500.000,50", 1_500_000.5),
        (PLAIN, "-1.500", -1500),
        # a decimal point that cannot be a thousands point (a number written by a program)
        (PLAIN, "0.125", 0.125),
        (PLAIN, "1.5", 1.5),
        (PLAIN, "12.50", 12.5),
        (PLAIN, "1500.50", 1500.5),
        (PLAIN, "1234.567", 1234.567),
        # one comma with three digits: Danish decimal comma
        (PLAIN, "1,500", 1.5),
        (PLAIN, "3,125", 3.125),
        # English notation where it cannot be Danish
        (PLAIN, "1,500,000", 1_500_000),
        (PLAIN, "1,500,000.50", 1_500_000.5),
        (PLAIN, "1,500.5", 1500.5),
        # spaces and no-break spaces as thousands separators
        (PLAIN, "1 500 000", 1_500_000),
        (PLAIN, "1\u00a0500\u00a0000,50", 1_500_000.5),
        (PLAIN, "1\u202f500", 1500),
        # scientific notation as Excel writes it for very large or small numbers
        (PLAIN, "1,5E+06", 1_500_000),
        (PLAIN, "1.5e6", 1_500_000),
        # currency and scale on amounts in kroner
        (MONEY, "1 500 000 kr", 1_500_000),
        (MONEY, "1.500 kr.", 1500),
        (MONEY, "1.500 kr.-", 1500),
        (MONEY, "kr. 1.500,-", 1500),
        (MONEY, "1.500,-", 1500),
        (MONEY, "kr. 1.500,50", 1500.5),
        (MONEY, "DKK 1.500", 1500),
        (MONEY, "1.500 DKK", 1500),
        (MONEY, "-kr. 1.500", -1500),
        (MONEY, "kr. -1.500", -1500),
        (MONEY, "1,5 mio. kr.", 1_500_000),
        (MONEY, "1,5 mio.", 1_500_000),
        (MONEY, "2 mio kr", 2_000_000),
        (MONEY, "0,3 mio. DKK", 300_000),
        (MONEY, "2,5 mia. kr.", 2_500_000_000),
        (MONEY, "450 t.kr.", 450_000),
        (MONEY, "450 tkr.", 450_000),
        (MONEY, "1.250 t. kr.", 1_250_000),
        (MONEY, "1,5 mio. kr.", 1_500_000),
        # percentages written as text
        (PCT, "10 %", 10),
        (PCT, "10%", 10),
        (PCT, "12,5 %", 12.5),
        (PLAIN, "55 %", 55),
        # cells that are numbers already
        (PLAIN, 42, 42.0),
        (PLAIN, 3.25, 3.25),
        (MONEY, 1500000.5, 1_500_000.5),
        # a cell formatted as a percentage: Excel stores 0.1 and shows 10 %
        (PCT, parsing.PercentCell(0.1), 10.0),
        (PCT, parsing.PercentCell(0.07), 7.0),  # 0.07 * 100 is 7.000000000000001 in binary arithmetic
        (PCT, parsing.PercentCell(0.125), 12.5),
        (PCT, parsing.PercentCell(1), 100.0),
        (PLAIN, parsing.PercentCell(0.55), 55.0),  # an indicator measured in %
        (PLAIN, parsing.PercentCell(0.1, 10_000), 1000.0),  # the format "0%%"
    ],
)
def test_numbers_are_read_as_meant(column, text, expected):
    value = parsing.parse_number(text, column)
    assert value == expected and type(value) is float


@pytest.mark.parametrize(
    "column,text,message",
    [
        # malformed separators: neither Danish nor English
        (PLAIN, "1.50.0", "not a number in Danish .* or English"),
        (PLAIN, "1,5,0", "not a number in Danish .* or English"),
        (PLAIN, "12,50,3", "not a number in Danish .* or English"),
        (PLAIN, "1.500,000.5", "not a number in Danish .* or English"),
        (PLAIN, "0.500,5", "not a number in Danish .* or English"),
        (PLAIN, "1 5", "not a number in Danish .* or English"),
        (PLAIN, "15 00", "not a number in Danish .* or English"),
        (PLAIN, "1 500.000", "not a number in Danish .* or English"),
        # not numbers at all
        (PLAIN, "mange penge", "'mange penge' is not a number"),
        (PLAIN, "ca. 5", "is not a number"),
        (PLAIN, "5.", "is not a number"),
        (PLAIN, "--5", "is not a number"),
        (PLAIN, "1.500-", "is not a number"),
        (PLAIN, "(1.500)", "is not a number"),
        (PLAIN, "inf", "is not a number"),
        (PLAIN, "nan", "is not a number"),
        (PLAIN, "1_000", "is not a number"),
        (PLAIN, "2e815", "too large"),
        (PLAIN, "\u0661\u0662", "is not a number"),  # digits of another script
        (PLAIN, True, "TRUE/FALSE"),
        (PLAIN, float("inf"), "not a number"),
        (PLAIN, dt.datetime(2026, 5, 1), "Excel shows a date"),  # Danish Excel turned 1.5 into 1 May
        (PLAIN, dt.time(12, 30), "Excel shows a date or time"),
        # currency only on amounts in kroner, never twice, never foreign
        (PLAIN, "1.500 kr.", "written as an amount in kroner, but 'value' is not an amount"),
        (PCT, "1,5 mio.", "written as an amount in kroner"),
        (PLAIN, "450 t.kr.", "written as an amount in kroner"),
        (MONEY, "kr. 1.500 kr.", "names the currency twice"),
        (MONEY, "100 EUR", "not in Danish kroner"),
        (MONEY, "€ 100", "not in Danish kroner"),
        (MONEY, "10 %", "is a percentage, but 'granted_dkk' holds an amount in kroner"),
        (MONEY, "10 % kr.", "is not a number"),
        # a percent-formatted cell in a column of kroner
        (MONEY, parsing.PercentCell(0.1), r"formatted as a percentage \(Excel shows 10 %\), but 'granted_dkk'"),
        # formulas
        (PLAIN, "#DIV/0!", r"the formula in this cell gives an error \(#DIV/0!\)"),
        (PLAIN, "#VÆRDI!", r"gives an error \(#VÆRDI!\)"),  # Danish Excel's CSV export writes its own names
        (MONEY, " #N/A ", r"gives an error \(#N/A\)"),
        (PLAIN, parsing.FormulaWithoutValue("B12", "SUM(B2:B11)"), "cell B12 holds a formula with no computed value"),
    ],
)
def test_numbers_refused_with_a_reason_and_a_fix(column, text, message):
    with pytest.raises(parsing.CellError, match=message) as info:
        parsing.parse_number(text, column)
    assert info.value.fix


@pytest.mark.parametrize(
    "text,expected",
    [("30", 30), (30.0, 30), ("1.500", 1500), ("1.500.000", 1_500_000), ("-14", -14), (" 7 ", 7), ("1,5E+03", 1500)],
)
def test_whole_numbers(text, expected):
    value = parsing.parse_int(text, WHOLE)
    assert value == expected and type(value) is int


@pytest.mark.parametrize(
    "text,message",
    [
        ("2,5", "not a whole number"),
        (2.5, "not a whole number"),
        ("tre", "'tre' is not a whole number"),
        ("1,500", r"the comma in 1,5 is read as a decimal comma"),
        ("30 %", "is a percentage, but 'tolerance_time_days' holds a whole number"),
        (parsing.PercentCell(0.3), r"formatted as a percentage \(Excel shows 30 %\)"),
        ("30 kr.", "written as an amount in kroner"),
        ("#REF!", r"gives an error \(#REF!\)"),
        (10**20, "too large"),
        ("1e20", "too large"),
    ],
)
def test_whole_numbers_refused(text, message):
    with pytest.raises(parsing.CellError, match=message) as info:
        parsing.parse_int(text, WHOLE)
    assert info.value.fix


def test_1500_is_refused_where_the_column_writes_decimal_points():
    """1.500 is 1500 in Danish; beside 0.125 in the same column it might be 1.5, so it is refused."""
    assert parsing.parse_number("1.500", PLAIN) == 1500
    with pytest.raises(parsing.CellError, match=r"read as 1500 \(Danish notation\) or as 1.5 .*row 7") as info:
        parsing.parse_number("1.500", PLAIN, decimal_point_seen="row 7 ('0.125')")
    assert info.value.code == "ambiguous_number" and "1500 or 1,5" in info.value.fix
    with pytest.raises(parsing.CellError, match=r"read as 1.5 \(Danish notation\) or as 1500"):
        parsing.parse_number("1,500", PLAIN, decimal_point_seen="row 3 ('2.75')")
    # written with kr. or ,- the amount is Danish notation whatever the column holds
    assert parsing.parse_number("1.500 kr.", MONEY, decimal_point_seen="row 3 ('2.75')") == 1500
    assert parsing.parse_number("1.500.000", PLAIN, decimal_point_seen="row 3 ('2.75')") == 1_500_000


@pytest.mark.parametrize(
    "text,english",
    [("0.125", True), ("2.75", True), ("1,500,000", True), ("1,500.5", True), ("1.500", False), ("12,5", False)],
)
def test_decimal_point_evidence(text, english):
    assert parsing.uses_decimal_point(text) is english


@pytest.mark.parametrize(
    "header",
    ["project_id", "Project_ID", "project id", " Project ID ", "PROJECT-ID", "project\u00a0id", "\ufeffproject_id"],
)
def test_header_variants(header):
    assert parsing.header_key(header) == "project_id"


@pytest.mark.parametrize(
    "text", ["2026-Q1", "2026Q1", "Q1 2026", "q1-2026", "1. kvt. 2026", "2026-02-15", dt.date(2026, 3, 31)]
)
def test_quarters(text):
    assert parsing.parse_period(text) == "2026-Q1"


@pytest.mark.parametrize("text", ["../etc", "2026-03-11/../../x", "latest", "2026-03-11.yaml", ""])
def test_meeting_ids_must_be_plain_dates(text):
    with pytest.raises(ValueError):
        parsing.parse_meeting_date(text)
