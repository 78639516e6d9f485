"""Notebook regression tests: each report template, executed on the demo, must match its
stored reference in tests/notebooks/ (same cells, same outputs).

Volatile parts — time of generation, the data file's path, the toolkit version, chart
image bytes, execution metadata — are normalised; everything else, including every table
and each figure's alt text (which states the figure's numbers), must be identical.

Regenerate the references on purpose, after a deliberate change to a report:

    .venv/bin/python -m pytest tests/test_regression.py --nb-force-regen

then review `git diff tests/notebooks/` before committing.
"""

import shutil
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
REFERENCES = Path(__file__).parent / "notebooks"
TEMPLATES = [
    "meeting_status.ipynb",
    "meeting_risks.ipynb",
    "annual_rollup.ipynb",
    "meeting_agenda.ipynb",
    "meeting_minutes.ipynb",
]

HTML = "/cells/*/outputs/*/data/text/html"
MADE_ON = 1796385600  # 2026-12-04 12:00 UTC
REPLACE = (
    (HTML, r"data:image/svg\+xml;base64,[A-Za-z0-9+/=]+", "IMAGE"),
    (HTML, r"(<dt>Datafil</dt><dd>)[^<]*", r"\1PATH"),
    (HTML, r"(<dt>Dannet</dt><dd>)[^<]*", r"\1TIME"),
    (HTML, r"(<dt>dap-reports</dt><dd>)[^<]*", r"\1VERSION"),
    # Fingerprints of the data: they change with any cell or setting, which the sections themselves show.
    (HTML, r"(<dt>SHA-256 \((?:indhold|fil)\)</dt><dd>)[0-9a-f]{64}", r"\1SHA"),
    (HTML, r'(<span class="dap-paper-date">)[^<]*', r"\1DATE"),  # the day a paper was made
)
IGNORE = (
    "/metadata/language_info",
    "/metadata/widgets",
    "/cells/*/execution_count",
    "/cells/*/metadata/execution",
)


def _sources(path: Path) -> list[tuple[str, str]]:
    nb = nbformat.read(path, as_version=4)
    return [(c.cell_type, c.source) for c in nb.cells]


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_matches_reference(nb_regression, name, monkeypatch):
    template, reference = ROOT / "notebooks" / name, REFERENCES / name
    if nb_regression.force_regen:
        shutil.copyfile(template, reference)
    assert reference.exists(), f"no reference for {name}; run with --nb-force-regen to create it"
    assert _sources(reference) == _sources(template), (
        f"{reference} is not the current template; regenerate with --nb-force-regen and review the diff"
    )
    # The template's defaults: the demo (data_path "" and no workbook in the working folder), 2026-03-11.
    monkeypatch.delenv("DAP_REPORTS_DATA", raising=False)
    # Made on a fixed day: the roll-up of a year still running counts up to the day it is made.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(MADE_ON))
    nb_regression.exec_cwd = str(REFERENCES)
    nb_regression.exec_timeout = 180
    nb_regression.diff_replace = REPLACE
    nb_regression.diff_ignore = IGNORE
    nb_regression.check(str(reference))


def test_normalisation_keeps_real_changes_visible():
    """The replacements hide volatile values only, never a table's figures."""
    import re

    cell = '<td class="num">32.740.000 kr.</td><dt>Dannet</dt><dd>2026-01-01T10:00</dd>'
    for _, pattern, replacement in REPLACE:
        cell = re.sub(pattern, replacement, cell)
    assert "32.740.000 kr." in cell and "TIME" in cell and "2026-01-01" not in cell
