"""What becomes of an executed notebook, however it was executed: checked, stamped and exported.

Shared by the Jupyter-kernel path (:mod:`.render`) and forked reports (:mod:`.forked`), which
export in the report's own process.
"""

from __future__ import annotations

import functools
import sys
from importlib import metadata
from pathlib import Path

import nbformat

from ..errors import ReportError

RECORDED_PACKAGES = (
    "dap-reports",
    "pandas",
    "matplotlib",
    "papermill",
    "nbconvert",
    "ipykernel",
    "openpyxl",
    "python-docx",
)


@functools.cache
def _versions() -> tuple[tuple[str, str], ...]:
    versions = {"python": sys.version.split()[0]}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return tuple(versions.items())


def package_versions() -> dict[str, str]:
    """The versions recorded in every executed notebook (looked up once per process)."""
    return dict(_versions())


def finish_notebook(nb, job, engine: str) -> None:
    """Refuse an executed notebook with an error output; record the title, parameters, package versions,
    data fingerprint and how it was executed (``kernel``: a Jupyter kernel via papermill; ``fork``: a
    forked copy of the warm dap-reports process, :mod:`.forked`)."""
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    if errors:
        raise ReportError(
            f"Report '{job.title}': template {job.template_name} produced an error output "
            f"({errors[0].ename}: {errors[0].evalue}); it was not written."
        )
    nb.metadata["title"] = job.title
    nb.metadata["dap_reports"] = {
        "parameters": job.parameters,
        "packages": package_versions(),
        "data_sha256": job.data_sha256,
        "engine": engine,
    }


_exporters: dict[str, object] = {}


def exporter(fmt: str):
    """This process's exporter for a format: made once, so its templates are compiled once."""
    if fmt not in _exporters:
        from .exporters import DapHTMLExporter, DapPDFExporter

        _exporters[fmt] = DapPDFExporter() if fmt == "pdf" else DapHTMLExporter()
    return _exporters[fmt]


def html_of(executed) -> str:
    """An executed notebook (the notebook itself or its file) as HTML, with the report template."""
    nb = executed if isinstance(executed, nbformat.NotebookNode) else nbformat.read(executed, as_version=4)
    return exporter("html").from_notebook_node(nb)[0]


def produce_exports(job, executed, staging: Path, before=None) -> list[Path]:
    """Every format of an executed notebook, into ``staging`` (calling ``before(fmt)`` before each). A PDF
    is laid out from the report's HTML, made once for both."""
    outputs = []
    html: str | None = None
    for fmt in job.formats:
        if before is not None:
            before(fmt)
        try:
            if fmt == "docx":  # a paper's editable Word document, from the same computations
                from .word import write_job_docx

                outputs.append(write_job_docx(job, staging / f"{job.name}.docx"))
                continue
            if html is None:
                html = html_of(executed)
            target = staging / f"{job.name}.{fmt}"
            if fmt == "html":
                target.write_text(html, encoding="utf-8")
            else:
                from .exporters import pdf_from_html

                target.write_bytes(pdf_from_html(html))
            outputs.append(target)
        except ReportError:
            raise
        except Exception as exc:
            raise ReportError(
                f"Report '{job.title}' was executed but could not be rendered as {fmt.upper()}: "
                f"{type(exc).__name__}: {exc}. Earlier reports for this meeting were left "
                "untouched."
            ) from None
    return outputs
