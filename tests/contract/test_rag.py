import pytest

from dap_reports.contract.config import CostRule, TimeRule
from dap_reports.contract.rag import compare, computed_cost_rag, computed_time_rag, derive_overall


def test_overall_is_worst_dimension():
    assert derive_overall("green", "yellow", "green") == "yellow"
    assert derive_overall("green", "green", "green") == "green"
    assert derive_overall("yellow", "red", "green") == "red"


def test_not_reported_never_becomes_green():
    assert derive_overall(None, "green", "green") is None
    assert derive_overall(None, None, None) is None
    # ... but red stays red whatever is missing
    assert derive_overall(None, "red", "green") == "red"


def test_trend():
    assert compare("red", "yellow") == "improved"
    assert compare("green", "red") == "worsened"
    assert compare("yellow", "yellow") == "unchanged"
    assert compare(None, "green") is None


@pytest.mark.parametrize(
    "slip,expected",
    [(-10, "green"), (0, "green"), (29, "green"), (30, "yellow"), (90, "yellow"), (91, "red"), (None, None)],
)
def test_time_rule_state_it_model(slip, expected):
    assert computed_time_rag(slip, TimeRule()) == expected


@pytest.mark.parametrize(
    "forecast,baseline,expected",
    [
        (1_000_000, 1_000_000, "green"),
        (900_000, 1_000_000, "green"),
        (1_050_000, 1_000_000, "yellow"),  # 5 % over
        (1_100_000, 1_000_000, "yellow"),  # exactly 10 % is not above 10 %
        (1_100_001, 1_000_000, "red"),
        (106_000_001, 100_000_000, "red"),  # 6 % but more than DKK 6 million
        (105_000_000, 100_000_000, "yellow"),
        (None, 1_000_000, None),
    ],
)
def test_cost_rule_state_it_model(forecast, baseline, expected):
    assert computed_cost_rag(forecast, baseline, CostRule()) == expected


def test_rules_are_configurable():
    assert computed_time_rag(20, TimeRule(yellow_from_days=14, red_above_days=60)) == "yellow"
    assert computed_cost_rag(1_010_000, 1_000_000, CostRule(yellow_any_overrun=False)) == "green"
