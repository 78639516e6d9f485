import pytest

from dap_reports.contract.config import PortfolioConfig, RiskRule, dump_config, load_config
from dap_reports.errors import ConfigError


def test_defaults_when_no_file(tmp_path):
    config = load_config(tmp_path)
    assert (config.rules.time.yellow_from_months, config.rules.time.red_above_months) == (1, 3)
    assert config.rules.time.red_above_days is None  # months apply unless both day limits are given
    assert config.rules.cost.red_above_dkk == 6_000_000
    assert config.agenda_days_before == 7 and config.minutes_days_after == 14


def test_round_trip(tmp_path):
    config = PortfolioConfig(name="Test", meetings_per_year=4)
    (tmp_path / "portfolio.yaml").write_text(dump_config(config), encoding="utf-8")
    assert load_config(tmp_path) == config


def test_risk_matrix_lookup():
    rule = RiskRule()
    assert rule.colour(5, 5) == "red"
    assert rule.colour(1, 1) == "green"
    assert rule.colour(3, 3) == "yellow"


def test_bad_settings_are_listed_with_their_place(tmp_path):
    (tmp_path / "portfolio.yaml").write_text(
        "name: X\nmeetings_per_year: 0\nrules:\n  time: {red_above_days: -1}\n  risk: {matrix: [a b c]}\n"
        "colour: blue\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    message = str(info.value)
    assert "portfolio.yaml" in message
    for where in ("meetings_per_year", "rules.time.red_above_days", "rules.risk.matrix", "colour"):
        assert where in message


def test_broken_yaml(tmp_path):
    (tmp_path / "portfolio.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(tmp_path)
