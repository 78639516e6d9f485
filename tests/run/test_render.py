"""The execution/rendering machinery, on tiny throwaway templates."""

import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from dap_reports.errors import ReportError
from dap_reports.run.render import ReportJob, run_reports

pytestmark = pytest.mark.processes  # runs reports: CI runs these again under the Windows-like start


def _template(folder, name, cells):
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "dap-reports", "display_name": "Python (dap-reports)", "language": "python"}
    nbformat.write(nb, folder / name)


@pytest.fixture
def templates(tmp_path, monkeypatch):
    folder = tmp_path / "templates"
    folder.mkdir()
    hidden = {"tags": ["remove-input"]}
    _template(
        folder,
        "good.ipynb",
        [
            new_code_cell('who = "verden"', metadata={"tags": ["parameters", "remove-input"]}),
            new_markdown_cell("## Overskrift æøå"),
            new_code_cell(
                "import sys, warnings\nwarnings.warn('noise')\nprint('to stderr', file=sys.stderr)\n"
                "from IPython.display import HTML, display\ndisplay(HTML(f'<p id=hello>Hej {who}</p>'))\n42",
                metadata=hidden,
            ),
        ],
    )
    _template(
        folder,
        "bad.ipynb",
        [
            new_code_cell('who = "x"', metadata={"tags": ["parameters"]}),
            new_code_cell("print('first cell ran')", metadata=hidden),
            new_code_cell("raise KeyError('kolonne mangler')", metadata=hidden),
        ],
    )
    return folder


def _job(folder, template, name="rapport", **params):
    return ReportJob(
        template.removesuffix(".ipynb"),
        name,
        {"who": "styregruppen", **params},
        "Testrapport",
        template_file=folder / template,
    )


def test_good_report_has_no_code_prompts_or_stderr(templates, tmp_path):
    written = run_reports([_job(templates, "good.ipynb")], tmp_path / "out" / "2026-03-11")
    assert sorted(p.name for p in written) == ["rapport.html", "rapport.ipynb"]
    html = (tmp_path / "out" / "2026-03-11" / "rapport.html").read_text(encoding="utf-8")
    assert "Hej styregruppen" in html and "Overskrift æøå" in html
    for leak in ("display(HTML", "warnings.warn", "to stderr", "noise", "In&nbsp;[", "Out[", "who = "):
        assert leak not in html, leak
    assert not re.search(r"<script[^>]+src=", html), "no external scripts"
    assert "cdn" not in html.lower() and "mathjax" not in html.lower()
    executed = nbformat.read(tmp_path / "out" / "2026-03-11" / "rapport.ipynb", as_version=4)
    packages = executed.metadata["dap_reports"]["packages"]
    assert {"python", "pandas", "papermill", "nbconvert"} <= set(packages)
    assert executed.metadata["kernelspec"]["name"] == "dap-reports"


def test_failing_cell_keeps_partial_notebook_and_earlier_report(templates, tmp_path):
    target = tmp_path / "out" / "2026-03-11"
    run_reports([_job(templates, "good.ipynb")], target)
    good_html = (target / "rapport.html").read_bytes()

    with pytest.raises(ReportError) as info:
        run_reports([_job(templates, "good.ipynb"), _job(templates, "bad.ipynb", name="risiko")], target)
    message = str(info.value)
    assert (
        "bad.ipynb" in message
        and "cell 3 (`raise KeyError('kolonne mangler')`)" in message
        and "KeyError" in message
        and "kolonne mangler" in message
    )
    assert str(target / "risiko.failed.ipynb") in message
    assert (target / "rapport.html").read_bytes() == good_html  # untouched: nothing moved in
    partial = nbformat.read(target / "risiko.failed.ipynb", as_version=4)
    assert any("first cell ran" in str(c.get("outputs", "")) for c in partial.cells)
    assert not (target / "risiko.html").exists()
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".staging")]

    # a later good run clears the failure marker
    run_reports([_job(templates, "good.ipynb"), _job(templates, "good.ipynb", name="risiko")], target)
    assert not (target / "risiko.failed.ipynb").exists()


def test_missing_template_is_a_clear_error(templates, tmp_path):
    with pytest.raises(ReportError, match="missing"):
        run_reports([_job(templates, "nope.ipynb")], tmp_path / "out" / "x")
