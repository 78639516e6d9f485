"""The run layer keeps jsonschema's IRI grammar off the start-up path without changing what it validates."""

import importlib.util
import subprocess
import sys

import pytest

PROBE = """
import sys, time
import dap_reports.run
import nbformat
print("grammar built at import:", "rfc3987_syntax.syntax_helpers" in sys.modules)
import jsonschema
checker = jsonschema.FormatChecker()
print("valid IRI:", checker.conforms("https://eksempel.dk/sundhed/æøå", "iri"))
print("invalid IRI:", checker.conforms("ikke en iri", "iri"))
import rfc3987_syntax
print("real module now:", type(rfc3987_syntax).__name__ == "module" and hasattr(rfc3987_syntax, "syntax_helpers"))
"""


@pytest.mark.skipif(importlib.util.find_spec("rfc3987_syntax") is None, reason="rfc3987-syntax is not installed")
def test_iri_checks_work_but_the_grammar_is_built_only_when_used():
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, encoding="utf-8", check=True
    ).stdout.splitlines()
    assert out == [
        "grammar built at import: False",
        "valid IRI: True",
        "invalid IRI: False",
        "real module now: True",
    ]


def test_a_missing_package_still_fails_to_import(monkeypatch):
    from dap_reports.run import lean_imports

    monkeypatch.setattr(lean_imports.importlib.machinery.PathFinder, "find_spec", lambda *a, **k: None)
    assert lean_imports.DeferringFinder().find_spec(lean_imports.DEFERRED, None) is None
