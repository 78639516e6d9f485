"""The notebook templates: written from the registry, structure, stripped outputs, and the exploration
notebook runs."""

import importlib
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from dap_reports.reports import REPORTS, templates
from dap_reports.reports.templates import EXPLORATION
from dap_reports.run.exporters import HIDE_INPUT_TAGS
from dap_reports.run.render import ensure_kernel

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
REPORT_TEMPLATES = [kind.template for kind in REPORTS.values()]


def test_committed_templates_match_the_registry():
    assert templates.drift(NOTEBOOKS) == [], "run `python -m dap_reports.reports.templates` and commit the result"


def test_check_fails_on_drift_and_names_the_file(tmp_path, capsys):
    assert templates.main(["--out", str(tmp_path)]) == 0
    assert templates.main(["--check", "--out", str(tmp_path)]) == 0
    edited = tmp_path / REPORT_TEMPLATES[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("1. Mødet", "1. Møde"), encoding="utf-8")
    (tmp_path / EXPLORATION).unlink()
    assert templates.main(["--check", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{edited} differs" in err and f"{tmp_path / EXPLORATION} is missing" in err


@pytest.mark.parametrize("kind", list(REPORTS.values()), ids=list(REPORTS))
def test_every_section_in_the_registry_has_its_function(kind):
    sections = importlib.import_module(kind.sections_module)
    for section in kind.sections:
        assert callable(getattr(sections, section.function, None)), f"{kind.sections_module}.{section.function}"


@pytest.mark.parametrize("name", [*REPORT_TEMPLATES, "exploration.ipynb"])
def test_templates_are_committed_without_outputs_and_name_the_kernel(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "dap-reports"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None


@pytest.mark.parametrize("name", REPORT_TEMPLATES)
def test_report_templates_hide_every_input(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata["tags"]
    for cell in code:
        assert HIDE_INPUT_TAGS & set(cell.metadata.get("tags", [])), cell.source[:40]
    # thin: one library call per section, no logic in the template
    assert max(len(c.source.splitlines()) for c in code[2:]) <= 2


def test_exploration_notebook_runs_on_the_demo():
    nb = nbformat.read(NOTEBOOKS / "exploration.ipynb", as_version=4)
    NotebookClient(
        nb, kernel_name=ensure_kernel(), timeout=120, resources={"metadata": {"path": str(NOTEBOOKS)}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2


def test_parallel_sections_are_the_kinds_own_in_order_and_tagged_once():
    """A kind that has a second process make its last sections names two of its sections, the first before
    the rest; its template tags their cells, once each (the fork engine reads the tags)."""
    from dap_reports.reports import REPORTS
    from dap_reports.reports.templates import notebook
    from dap_reports.run.forked import PARALLEL_FORK, PARALLEL_REST, _parallel_cells

    split = [kind for kind in REPORTS.values() if kind.parallel]
    assert [kind.key for kind in split] == ["status"]
    for kind in split:
        functions = [s.function for s in kind.sections]
        first, rest = kind.parallel
        assert functions.index(first) < functions.index(rest)
        nb = notebook(kind)
        tags = [t for c in nb.cells for t in c.metadata.get("tags", []) if t.startswith("dap-parallel")]
        assert tags == [PARALLEL_FORK, PARALLEL_REST]
        fork_at, rest_at = _parallel_cells(nb)
        assert f"sections.{first}(" in nb.cells[fork_at].source and f"sections.{rest}(" in nb.cells[rest_at].source
