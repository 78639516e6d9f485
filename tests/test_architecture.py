"""The package's layers import in one direction only, and no module imports itself round a cycle.

* the data contract (``dap_reports.contract``) imports nothing of the reports, the run layer, the tools or the forms;
* report code (``dap_reports.reports``) never imports the run layer, the tools, papermill or nbconvert —
  it runs inside every report kernel, which must start fast;
* the status forms (``dap_reports.forms``) never import the run layer or the command line: ``forms`` and
  ``collect`` make no reports;
* no import cycles between modules, counting imports inside functions (where cycles hide).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "dap_reports"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module this file imports, absolute, wherever the import statement stands."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            # `from . import x` imports the submodule x when there is one
            for alias in node.names:
                candidate = f"{module}.{alias.name}"
                if _exists(candidate):
                    found.add(candidate)
    return found


def _exists(module: str) -> bool:
    if not module.startswith("dap_reports"):
        return False
    rel = Path(*module.split(".")[1:])
    return (SRC / rel).with_suffix(".py").is_file() or (SRC / rel / "__init__.py").is_file()


MODULES = {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}
GRAPH = {name: {m for m in _imports(path) if m in MODULES and m != name} for name, path in MODULES.items()}
THIRD_PARTY = {name: {m.split(".")[0] for m in _imports(path)} for name, path in MODULES.items()}


def _in(module: str, layer: str) -> bool:
    return module == layer or module.startswith(layer + ".")


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _in(m, "dap_reports.contract")))
def test_the_data_contract_imports_no_report_run_or_tool_code(module):
    bad = [
        m
        for m in GRAPH[module]
        if any(_in(m, f"dap_reports.{layer}") for layer in ("reports", "run", "tools", "forms", "cli"))
    ]
    assert not bad, f"{module} imports {bad}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _in(m, "dap_reports.reports")))
def test_report_code_never_imports_the_run_layer_or_notebook_machinery(module):
    bad = [
        m for m in GRAPH[module] if any(_in(m, f"dap_reports.{layer}") for layer in ("run", "tools", "forms", "cli"))
    ]
    bad += sorted(THIRD_PARTY[module] & {"papermill", "nbconvert", "nbclient", "jupyter_client"})
    if module == "dap_reports.reports.templates":  # writes the notebooks; never imported by a kernel
        bad = [m for m in bad if m not in {"nbformat"}]
    assert not bad, f"{module} imports {bad}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _in(m, "dap_reports.forms")))
def test_the_forms_never_import_the_run_layer(module):
    bad = [m for m in GRAPH[module] if any(_in(m, f"dap_reports.{layer}") for layer in ("run", "cli"))]
    bad += sorted(THIRD_PARTY[module] & {"papermill", "nbconvert", "nbclient", "jupyter_client"})
    assert not bad, f"{module} imports {bad}"


def test_no_import_cycles():
    cycles, state = [], {}

    def visit(node, path):
        state[node] = "active"
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == "active":
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = "done"

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_graph_sees_imports_inside_functions():
    # The cycle check is only meaningful if function-level imports count.
    assert "dap_reports.run.jobs" in GRAPH["dap_reports.run.batch"]
