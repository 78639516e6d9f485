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


@pytest.mark.parametrize(
    "text,expected",
    [
        ("1500000", 1_500_000),
        ("1.500.000,50", 1_500_000.5),
        ("12,5", 12.5),
        ("1 500 000 kr", 1_500_000),
        (42, 42.0),
        (3.25, 3.25),
    ],
)
def test_numbers(text, expected):
    assert parsing.parse_number(text) == expected


def test_whole_numbers_refuse_fractions():
    assert parsing.parse_int("30") == 30
    assert parsing.parse_int(30.0) == 30
    with pytest.raises(ValueError, match="whole number"):
        parsing.parse_int("2,5")
    with pytest.raises(ValueError, match="whole number"):
        parsing.parse_int("tre")


@pytest.mark.parametrize(
    "text", ["2026-Q1", "2026Q1", "Q1 2026", "q1-2026", "1. kvt. 2026", "2026-02-15", dt.date(2026, 3, 31)]
)
def test_quarters(text):
    assert parsing.parse_period(text) == "2026-Q1"


@pytest.mark.parametrize("text", ["../etc", "2026-03-11/../../x", "latest", "2026-03-11.yaml", ""])
def test_meeting_ids_must_be_plain_dates(text):
    with pytest.raises(ValueError):
        parsing.parse_meeting_date(text)
