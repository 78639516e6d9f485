import sys

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


def test_meeting_makes_html_and_pdf_unless_asked_otherwise(tmp_path):
    result = runner.invoke(app, ["meeting", "2026-10-14", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in (tmp_path / "2026" / "2026-10-14").glob("*.*") if p.suffix != ".ipynb")
    assert made == [
        "portefoljeoverblik-2026-10-14.html",
        "portefoljeoverblik-2026-10-14.pdf",
        "risikorapport-2026-10-14.html",
        "risikorapport-2026-10-14.pdf",
    ]


def test_without_pango_the_default_is_html_with_a_note_but_an_explicit_pdf_fails(tmp_path, monkeypatch):
    """A pip install on Windows has no Pango: the everyday command still makes the HTML reports."""
    import builtins

    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # nothing remembered from an earlier run
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "cache"))
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_pango)
    result = runner.invoke(app, ["meeting", "2026-10-14", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "HTML only" in result.output and "libpango-1.0-0" in result.output and "conda" in result.output
    folder = tmp_path / "2026" / "2026-10-14"
    assert sorted(p.suffix for p in folder.glob("*.*")) == [".html", ".html", ".ipynb", ".ipynb"]

    result = runner.invoke(app, ["meeting", "2026-10-14", "--out", str(tmp_path / "pdf"), "--format", "pdf"])
    assert result.exit_code != 0
    assert "Pango" in result.output and "--format html" in result.output
    assert not (tmp_path / "pdf" / "2026").exists()


def test_a_working_weasyprint_is_remembered_and_a_missing_pango_is_not(tmp_path, monkeypatch):
    """The check costs an import of WeasyPrint on the path every report waits for: done once per environment."""
    import builtins

    from dap_reports.run.pdf_support import pdf_unavailable

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "cache"))
    real_import = builtins.__import__
    asked = []

    def counting(name, *args, **kwargs):
        if name == "weasyprint":
            asked.append(name)
            if len(asked) == 1:
                raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", counting)
    assert pdf_unavailable() == "cannot load library 'libpango-1.0-0'"
    assert pdf_unavailable() is None  # Pango installed since: seen at once
    assert pdf_unavailable() is None
    assert len(asked) == 2  # the third answer came from the cache
    assert len(list((tmp_path / "cache" / "dap-reports").iterdir())) == 1
