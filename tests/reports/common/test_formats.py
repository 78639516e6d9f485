"""Danish number and date formats: one implementation, exact strings."""

import math

import pandas as pd
import pytest

from dap_reports.reports.common import formats as fmt


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234567, 0, "1.234.567"),
        (1234567.85, 1, "1.234.567,9"),
        (0.5, 2, "0,50"),
        (-1500, 0, "-1.500"),
        (999, 0, "999"),
    ],
)
def test_number_groups_thousands_with_a_point_and_decimals_with_a_comma(value, decimals, expected):
    assert fmt.number(value, decimals) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NaT, pd.NA, ""])
def test_missing_values_print_as_a_dash_never_as_zero(missing):
    for render in (fmt.number, fmt.compact, fmt.measure, fmt.dkk, fmt.mio, fmt.pct, fmt.signed, fmt.days, fmt.date_da):
        assert render(missing) == "–", render.__name__


def test_money_and_percentages():
    assert fmt.dkk(1_500_000) == "1.500.000 kr."
    assert fmt.dkk(1_500_000, unit=False) == "1.500.000"
    assert fmt.mio(4_500_000) == "4,5 mio. kr."
    assert fmt.mio(19_719_000, 2, unit=False) == "19,72"
    assert fmt.pct(12.345, 1) == "12,3 %"
    assert fmt.pct(91) == "91 %"


def test_compact_and_measure():
    assert fmt.compact(12.0) == "12" and fmt.compact(20.645) == "20,6" and fmt.compact(1165.04) == "1.165"
    assert fmt.compact(-0.04) == "0"
    assert fmt.measure(25.5) == "25,5" and fmt.measure(1165) == "1.165" and fmt.measure(150.7) == "151"


def test_signed_changes_and_days():
    assert fmt.signed(1200, "kr.") == "+1.200 kr." and fmt.signed(-30, "dage") == "-30 dage" and fmt.signed(0) == "0"
    assert fmt.days(45) == "+45 dage" and fmt.days(-5) == "-5 dage" and fmt.days(0.2) == "0 dage"


def test_dates_quarters_and_lists():
    assert fmt.date_da("2026-03-11") == "11-03-2026"
    assert fmt.date_da(pd.Timestamp("2026-03-11"), long=True) == "11. marts 2026"
    assert fmt.quarter_da("2018-Q1") == "K1 2018"
    assert fmt.danish_list(["a"]) == "a" and fmt.danish_list(["a", "b"]) == "a og b"
    assert fmt.danish_list(["a", "b", "c"]) == "a, b og c"
    assert fmt.count_noun(1, "møde", "møder") == "1 møde" and fmt.count_noun(3, "møde", "møder") == "3 møder"
    assert not math.isnan(len(fmt.MONTHS_DA))
