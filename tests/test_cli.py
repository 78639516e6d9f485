from openpyxl import load_workbook
from typer.testing import CliRunner

from dap_reports.cli import app
from dap_reports.tools.workspace import init_workspace

runner = CliRunner()


def test_validate_demo_passes():
    result = runner.invoke(app, ["validate", "--no-warnings"])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output and "Styregruppen for Digital almen praksis" in result.output


def test_validate_broken_workbook_lists_every_planted_problem(tmp_path):
    workbook = init_workspace(tmp_path / "ws", demo=True)
    book = load_workbook(workbook)
    planted = {
        ("projects", "H", 3): "sometime",  # start_date: not a date
        ("status", "C", 5): "blue",  # time_rag: not a RAG label
        ("risk_assessments", "C", 4): 9,  # probability out of 1-5
        ("budget", "A", 6): "P99",  # unknown project
    }
    for (sheet, col, row), value in planted.items():
        book[sheet][f"{col}{row}"] = value
    del book["change_requests"]
    book.save(workbook)
    before = workbook.read_bytes()

    result = runner.invoke(app, ["validate", str(workbook)])
    assert result.exit_code == 1
    out = result.output
    for needle in (
        "start_date",
        "sometime",
        "time_rag",
        "blue",
        "probability",
        "between 1 and 5",
        "P99",
        "change_requests",
        "no budget line",
        "6 error(s)",
    ):
        assert needle in out, needle
    assert workbook.read_bytes() == before  # inputs are read-only


def test_init_creates_workspace(tmp_path):
    result = runner.invoke(app, ["init", str(tmp_path / "ws"), "--demo"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ws" / "portfolio.xlsx").exists()
    again = runner.invoke(app, ["init", str(tmp_path / "ws")])
    assert again.exit_code == 2 and "--force" in again.output
