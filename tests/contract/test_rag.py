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
    ("baseline", "forecast", "expected"),
    [
        ("2026-05-31", "2026-08-31", "yellow"),  # exactly 3 calendar months late: not *more than* 3
        ("2026-05-31", "2026-09-01", "red"),
        ("2026-02-28", "2026-03-28", "yellow"),  # exactly one month: yellow, not green
        ("2026-02-28", "2026-03-27", "green"),
        ("2026-01-31", "2026-02-28", "yellow"),  # one month from the 31st ends on the month's last day
        ("2026-03-31", "2026-03-01", "green"),  # early
        ("2026-03-31", "2026-03-31", "green"),
        ("2026-11-30", "2027-02-28", "yellow"),  # over a new year
        ("2026-11-30", "2027-03-01", "red"),
        (None, "2026-03-01", None),
        ("2026-03-01", None, None),
    ],
)
def test_time_rule_counts_calendar_months_as_statens_it_raad(baseline, forecast, expected):
    assert computed_time_rag(baseline, forecast, TimeRule()) == expected


def test_time_rule_in_days_when_a_portfolio_prefers_days():
    rule = TimeRule(yellow_from_days=30, red_above_days=90)
    assert computed_time_rag("2026-05-31", "2026-08-31", rule) == "red"  # 92 days
    assert computed_time_rag("2026-02-28", "2026-03-29", rule) == "green"  # 29 days
    assert computed_time_rag("2026-02-28", "2026-03-30", rule) == "yellow"


def test_time_rule_needs_both_day_limits():
    with pytest.raises(ValueError, match="both"):
        TimeRule(yellow_from_days=30)


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
        (4_950_000, 4_500_000, "yellow"),  # 4,5 -> 4,95 mio. kr.: exactly 10 %, computed exactly
        (4.95, 4.5, "yellow"),  # the same in millions, where binary floats would say 10.000000000000002 %
        (4_950_001, 4_500_000, "red"),
        (106_500_000, 100_000_000, "red"),  # 100 -> 106,5 mio. kr.: 6,5 % but DKK 6,5 million over
        (106_000_000, 100_000_000, "yellow"),  # exactly DKK 6 million over is not *more than*
        (100_000_000, 100_000_000, "green"),  # no overrun
        (1_000, 0, "red"),  # any overrun on a zero budget
        (None, 1_000_000, None),
    ],
)
def test_cost_rule_state_it_model(forecast, baseline, expected):
    assert computed_cost_rag(forecast, baseline, CostRule()) == expected


def test_rules_are_configurable():
    assert computed_time_rag("2026-01-01", "2026-01-21", TimeRule(yellow_from_days=14, red_above_days=60)) == "yellow"
    assert computed_time_rag("2026-01-01", "2026-03-01", TimeRule(yellow_from_months=2)) == "yellow"
    assert computed_cost_rag(1_010_000, 1_000_000, CostRule(yellow_any_overrun=False)) == "green"
