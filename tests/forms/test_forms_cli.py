"""The `forms` and `collect` commands' exit codes and messages."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from dap_reports.cli import app
from forms.formkit import GOOD_STATUS, fill, sha

runner = CliRunner()


def _flat(output: str) -> str:
    return re.sub(r"\s+", " ", output)


def test_collect_exits_0_when_every_form_is_accepted(workspace):
    folder, forms = workspace
    fill(forms["P07"], status=GOOD_STATUS)
    result = runner.invoke(
        app, ["collect", str(forms["P07"]), "--data", str(folder / "portfolio.xlsx"), "--out", str(folder / "ny.xlsx")]
    )
    assert result.exit_code == 0, result.output
    # 15 forms: the 14 active projects and P03, closed with its benefit still followed.
    assert "No accepted answer from 14 project(s)" in _flat(result.output)


def test_collect_exits_2_when_out_is_the_portfolio(workspace):
    folder, forms = workspace
    before = sha(folder / "portfolio.xlsx")
    result = runner.invoke(
        app,
        [
            "collect",
            str(forms["P07"]),
            "--data",
            str(folder / "portfolio.xlsx"),
            "--out",
            str(folder / "portfolio.xlsx"),
        ],
    )
    assert result.exit_code == 2
    assert "never writes to the portfolio" in _flat(result.output)
    assert sha(folder / "portfolio.xlsx") == before


def test_collect_exits_2_for_a_missing_form(workspace):
    folder, _ = workspace
    result = runner.invoke(
        app, ["collect", str(folder / "nope.xlsx"), "--data", str(folder / "portfolio.xlsx"), "--out", "x.xlsx"]
    )
    assert result.exit_code == 2
    assert "no such file or folder" in _flat(result.output)


def test_forms_for_a_reported_meeting_says_collect_will_refuse(workspace, tmp_path):
    folder, _ = workspace
    result = runner.invoke(
        app, ["forms", "2026-10-14", "--data", str(folder / "portfolio.xlsx"), "--out", str(tmp_path / "okt")]
    )
    assert result.exit_code == 0, result.output
    assert "already holds a status for 2026-10-14" in _flat(result.output)


def test_forms_for_an_unknown_meeting_exits_2(workspace, tmp_path):
    folder, _ = workspace
    result = runner.invoke(
        app, ["forms", "2026-12-10", "--data", str(folder / "portfolio.xlsx"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "2026-12-09" in _flat(result.output)  # the nearest meetings are named
