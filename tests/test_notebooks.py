"""The notebook templates: structure, stripped outputs, and the exploration notebook runs."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from dap_reports.exporters import HIDE_INPUT_TAGS
from dap_reports.render import ensure_kernel

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
REPORT_TEMPLATES = ["meeting_status.ipynb", "meeting_risks.ipynb", "annual_rollup.ipynb"]


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
    NotebookClient(nb, kernel_name=ensure_kernel(), timeout=120,
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2
