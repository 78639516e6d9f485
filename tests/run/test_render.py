"""The execution/rendering machinery, on tiny throwaway templates."""

import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from dap_reports.errors import ReportError
from dap_reports.run.render import ReportJob, run_reports

pytestmark = pytest.mark.processes  # runs reports: CI runs these again under the Windows-like start


@pytest.fixture(params=["fork", "kernel"], autouse=True)
def engine(request, monkeypatch):
    """Every test twice: reports forked from this process (where fork is the start method), and in
    Jupyter kernels (everywhere; the only way on Windows and macOS)."""
    from dap_reports.run import forked

    monkeypatch.setenv(forked.ENGINE_ENV, request.param)
    if request.param == "fork" and not forked.available():
        pytest.skip("fork is not the start method here")
    return request.param


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


def _run(folder, tmp_path, *cells, name="rapport", **params):
    _template(folder, f"{name}.ipynb", [new_code_cell('who = "x"', metadata={"tags": ["parameters"]}), *cells])
    run_reports([_job(folder, f"{name}.ipynb", name=name, **params)], tmp_path / "out" / name)
    return nbformat.read(tmp_path / "out" / name / f"{name}.ipynb", as_version=4)


def test_outputs_are_recorded_in_order_as_a_kernel_does(templates, tmp_path, engine):
    nb = _run(
        templates,
        tmp_path,
        new_code_cell(
            "import sys\nfrom IPython.display import HTML, display\nprint('først')\ndisplay(HTML('<b>så</b>'))\n"
            "print('fejl', file=sys.stderr)\n{'svar': 42}"
        ),
    )
    injected = nb.cells[1]
    assert injected.metadata["tags"] == ["injected-parameters"]
    assert injected.source == '# Parameters\nwho = "styregruppen"\n'
    outputs = nb.cells[2].outputs
    assert [(o.output_type, o.get("name")) for o in outputs] == [
        ("stream", "stdout"),
        ("display_data", None),
        ("stream", "stderr"),
        ("execute_result", None),
    ]
    assert outputs[0].text == "først\n" and outputs[1].data["text/html"] == "<b>så</b>"
    assert outputs[3].data["text/plain"] == "{'svar': 42}" and outputs[3].execution_count == nb.cells[2].execution_count
    assert [c.execution_count for c in nb.cells if c.cell_type == "code"] == [1, 2, 3]
    papermill = nb.metadata["papermill"]
    assert papermill["parameters"] == {"who": "styregruppen"} and papermill["exception"] is None
    assert all(c.metadata["papermill"]["status"] == "completed" for c in nb.cells)
    assert nb.metadata["dap_reports"]["engine"] == engine


def test_one_report_never_sees_another_reports_variables(templates, tmp_path):
    """Each report in a fresh process: what one leaves in a module, the next (and this process) never see."""
    leave = new_code_cell("import dap_reports.reports as registry\nregistry.LEFT_BEHIND = who")
    look = new_code_cell(
        "import dap_reports.reports as registry\nassert not hasattr(registry, 'LEFT_BEHIND'), registry.LEFT_BEHIND"
    )
    for name, cell in (("forlader", leave), ("kigger", look)):
        _template(templates, f"{name}.ipynb", [new_code_cell('who = "x"', metadata={"tags": ["parameters"]}), cell])
    jobs = [_job(templates, "forlader.ipynb", name="a"), _job(templates, "kigger.ipynb", name="b")]
    run_reports(jobs, tmp_path / "out")  # both at once
    run_reports(jobs[1:], tmp_path / "out2")  # and after it, one by one
    import dap_reports.reports as registry

    assert not hasattr(registry, "LEFT_BEHIND")


def test_a_cell_that_runs_too_long_is_stopped(templates, tmp_path, monkeypatch):
    from dap_reports.run import render

    monkeypatch.setattr(render, "CELL_TIMEOUT_SECONDS", 3)
    with pytest.raises(ReportError) as info:
        _run(templates, tmp_path, new_code_cell("import time\ntime.sleep(60)"))
    assert "CellTimeoutError" in str(info.value) and "rapport.failed.ipynb" in str(info.value)


def test_a_report_whose_process_dies_is_a_clear_error(templates, tmp_path, engine):
    with pytest.raises(ReportError) as info:
        _run(templates, tmp_path, new_code_cell("print('før')"), new_code_cell("import os\nos._exit(3)"))
    message = str(info.value)
    assert message.startswith("Report 'Testrapport' failed in template rapport.ipynb") and "Earlier reports" in message
    if engine == "fork":
        assert "cell 3 (`import os`), which did not finish" in message and "exit code 3" in message
    assert not (tmp_path / "out" / "rapport" / "rapport.html").exists()


# ------------------------------------------------------------------ sections made by a second process

FORK = {"tags": ["remove-input", "dap-parallel-fork"]}
REST = {"tags": ["remove-input", "dap-parallel-rest"]}


def _parallel_cells(rest_code="print('rest', os.getpid() != first)\n{'rest': 2}"):
    """A set-up cell, two cells made by the report's process and two by the second one (where forked)."""
    return [
        new_code_cell("import os\nfirst = os.getpid()\nshared = 'made before'", metadata={"tags": ["remove-input"]}),
        new_code_cell("print('main', os.getpid() == first, shared)\n{'main': 1}", metadata=FORK),
        new_markdown_cell("## Resten"),
        new_code_cell(rest_code, metadata=REST),
        new_code_cell("from IPython.display import HTML, display\ndisplay(HTML(f'<p>{shared}</p>'))\n'sidst'"),
    ]


def _cells(nb) -> list:
    """The template's code cells as run (papermill's injected parameters and error banners left out)."""
    return [
        c
        for c in nb.cells
        if c.cell_type == "code" and not {"injected-parameters", "parameters"} & set(c.metadata.get("tags", []))
    ]


def test_a_reports_last_sections_made_by_a_second_process_are_as_if_run_in_order(templates, tmp_path, engine):
    """Where the template says so, the fork engine has a second process make the last sections; the notebook
    is the one running every cell in order gives — outputs, execution counts, papermill's metadata."""
    nb = _run(templates, tmp_path, *_parallel_cells(), name="delt")
    assert [c.execution_count for c in nb.cells if c.cell_type == "code"] == [1, 2, 3, 4, 5, 6]
    _, main, rest, last = _cells(nb)
    assert main.outputs[0].text == "main True made before\n"
    assert main.outputs[1].data["text/plain"] == "{'main': 1}" and main.outputs[1].execution_count == 4
    # made in another process by the fork engine (a kernel runs every cell itself)
    assert rest.outputs[0].text == f"rest {engine == 'fork'}\n"
    assert rest.outputs[1].data["text/plain"] == "{'rest': 2}" and rest.outputs[1].execution_count == 5
    assert last.outputs[0].data["text/html"] == "<p>made before</p>" and last.execution_count == 6
    assert all(c.metadata["papermill"]["status"] == "completed" for c in nb.cells)
    assert nb.metadata["papermill"]["exception"] is None


def test_off_every_section_is_made_by_the_reports_own_process(templates, tmp_path, engine, monkeypatch):
    from dap_reports.run import forked

    monkeypatch.setenv(forked.PARALLEL_ENV, "off")
    nb = _run(templates, tmp_path, *_parallel_cells(), name="samlet")
    assert _cells(nb)[2].outputs[0].text == "rest False\n"


def test_a_failure_in_the_second_processs_sections_is_reported_as_in_order(templates, tmp_path, engine):
    with pytest.raises(ReportError) as info:
        _run(templates, tmp_path, *_parallel_cells("raise ValueError('afhængighed mangler')"), name="fejl")
    message = str(info.value)
    assert "cell 5 (`raise ValueError('afhængighed mangler')`)" in message and "afhængighed mangler" in message
    nb = nbformat.read(tmp_path / "out" / "fejl" / "fejl.failed.ipynb", as_version=4)
    _, main, rest, last = _cells(nb)
    assert main.outputs[0].text.startswith("main True")  # the sections before it are kept
    assert rest.metadata["papermill"]["status"] == "failed" and rest.outputs[-1].output_type == "error"
    assert last.metadata["papermill"]["status"] == "pending" and not last.outputs
    assert nb.metadata["papermill"]["exception"] is True


def test_after_a_failure_before_them_the_second_processs_sections_are_dropped(templates, tmp_path, engine):
    import time

    marker = tmp_path / "rest-ran"
    cells = _parallel_cells(f"import time\ntime.sleep(1.5)\nopen({str(marker)!r}, 'w').close()")
    cells[1] = new_code_cell("raise KeyError('kolonne mangler')", metadata=FORK)
    with pytest.raises(ReportError, match="kolonne mangler"):
        _run(templates, tmp_path, *cells, name="tidlig")
    time.sleep(2.5)  # the second process was ended: it never gets this far
    assert not marker.exists()
    nb = nbformat.read(tmp_path / "out" / "tidlig" / "tidlig.failed.ipynb", as_version=4)
    _, main, rest, last = _cells(nb)
    assert main.metadata["papermill"]["status"] == "failed"
    assert [c.metadata["papermill"]["status"] for c in (rest, last)] == ["pending", "pending"]
    assert not rest.outputs and not last.outputs


def test_a_second_process_that_dies_is_reported_as_the_report_dying_there(templates, tmp_path, engine):
    with pytest.raises(ReportError) as info:
        _run(templates, tmp_path, *_parallel_cells("import os\nos._exit(3)"), name="død")
    message = str(info.value)
    if engine == "fork":  # the report's own process runs the cell again, and dies there too
        assert "cell 5 (`import os`), which did not finish" in message and "exit code 3" in message
