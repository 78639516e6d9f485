"""Phases from portfolio.yaml: the state model's phases read, labelled and ordered; inactive ones not asked."""

from __future__ import annotations

import yaml

import dap_reports as dr
from conftest import tiny_rows, write_csv_folder
from dap_reports.contract.config import DEFAULT_PHASES, STATE_MODEL_PHASES, PortfolioConfig, dump_config
from dap_reports.reports.status import computations as sr


def _state_model_workspace(tmp_path, edit=None):
    rows = tiny_rows()
    rows["projects"][0]["phase"] = "gennemførelse"
    rows["projects"][1]["phase"] = "Anskaffelse"
    for row in rows["status"]:
        row["phase"] = ""
    if edit:
        edit(rows)
    folder = write_csv_folder(tmp_path / "ws", rows)
    config = PortfolioConfig(name="Statsmodel", phases=[p.model_copy() for p in STATE_MODEL_PHASES])
    (folder / "portfolio.yaml").write_text(dump_config(config), encoding="utf-8")
    return folder


def test_the_state_models_phases_are_read_and_labelled(tmp_path):
    p = dr.load_portfolio(_state_model_workspace(tmp_path))
    assert list(p.projects["phase"]) == ["implementation", "procurement"]
    glance = sr.portfolio_glance(p, "2026-03-11")
    assert list(glance.by_track_phase.columns) == ["procurement", "implementation", "total"]  # the model's order
    assert p.config.phase_labels["implementation"] == "gennemførelse"


def test_a_phase_outside_the_model_is_a_located_error(tmp_path):
    folder = _state_model_workspace(tmp_path, lambda rows: rows["projects"][0].update(phase="udvikling"))
    portfolio, problems = dr.check_portfolio(folder)
    assert portfolio is None
    bad = [p for p in problems if p.column == "phase"]
    assert bad and bad[0].row == 2 and "gennemførelse" in bad[0].message


def test_a_project_in_an_inactive_phase_is_not_asked_for_status(tmp_path):
    # P2 reported nothing in March: missing status — unless it was in 'realisering' (benefits only) by then.
    active = dr.load_portfolio(_state_model_workspace(tmp_path / "a"))
    assert ("missing_status", "P2") in {(w.code, w.project_id) for w in active.warnings_for("2026-03-11")}

    def realising(rows):
        rows["status"][1]["phase"] = "realisering"  # P2's January report

    resting = dr.load_portfolio(_state_model_workspace(tmp_path / "b", realising))
    assert "missing_status" not in {w.code for w in resting.warnings_for("2026-03-11") if w.project_id == "P2"}


def test_the_default_phases_are_todays_and_not_written_out():
    assert [p.key for p in PortfolioConfig().phases] == [p.key for p in DEFAULT_PHASES]
    assert "phases" not in yaml.safe_load(dump_config(PortfolioConfig()))
