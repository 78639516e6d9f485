"""Executing report templates and rendering them with nbconvert.

Where fork is the start method (Linux), each report is made in a child forked from the warm
``dap-reports`` process (:mod:`.forked`); elsewhere papermill executes it in a Jupyter kernel
(``dap-reports``, :func:`ensure_kernel`). Either way every report runs in a fresh process.

A run is all-or-nothing per meeting: notebooks are executed and exported in a staging
folder beside the target, and only when every report succeeded are the files moved into
place. A failed run keeps the partly executed notebook (``*.failed.ipynb``) for debugging
and leaves earlier good reports untouched. Staging folders left by a run that was killed are
removed by the next run (see :mod:`.staging`).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..errors import ReportError
from . import workers
from .outputs import finish_notebook, produce_exports
from .staging import make_staging, remove_abandoned, replace

KERNEL_NAME = "dap-reports"
CELL_TIMEOUT_SECONDS = 180


@dataclass
class ReportJob:
    """One notebook to execute: the report kind (its template comes from the registry), output base
    name, parameters."""

    kind: str  # a key of dap_reports.reports.REPORTS, e.g. "status"
    name: str  # output base name, e.g. "porteføljeoverblik-2026-03-11"
    parameters: dict
    title: str
    formats: tuple[str, ...] = ("html",)
    target_dir: Path = Path(".")  # relative to the output folder, e.g. 2026/2026-03-11
    outputs: list[Path] = field(default_factory=list)
    template_file: Path | None = None  # a notebook to run instead of the registry's template (tests, one-offs)
    data_sha256: str = ""  # content fingerprint of the validated data the report is made from

    @property
    def template_name(self) -> str:
        if self.template_file is not None:
            return Path(self.template_file).name
        from ..reports import REPORTS

        return REPORTS[self.kind].template

    def template_text(self) -> str:
        """The notebook to execute, as text: the registry's template of the kind, or ``template_file``."""
        if self.template_file is not None:
            if not Path(self.template_file).is_file():
                raise ReportError(f"report template {self.template_file} is missing; check the path.")
            return Path(self.template_file).read_text(encoding="utf-8")
        return template_text(self.kind)


# ipykernel logs a transport warning at every start; analysts should only see our messages.
KERNEL_EXTRA_ARGS = ["--IPKernelApp.log_level=ERROR"]


def ensure_kernel() -> str:
    """Make sure the named kernel exists and runs this environment's Python.

    Reports never run in whatever ``python3`` kernel a machine happens to have: the
    ``dap-reports`` kernel is installed into ``sys.prefix`` (by ``make demo``, or here on
    first use after a plain ``pip install``).
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
        if Path(spec.argv[0]).resolve() == Path(sys.executable).resolve() and spec.argv[-1:] == KERNEL_EXTRA_ARGS:
            return KERNEL_NAME
    except NoSuchKernel:
        pass
    from ipykernel.kernelspec import install

    folder = Path(install(kernel_name=KERNEL_NAME, display_name="Python (dap-reports)", prefix=sys.prefix))
    spec_file = folder / "kernel.json"
    spec = json.loads(spec_file.read_text(encoding="utf-8"))
    spec["argv"] = spec["argv"] + KERNEL_EXTRA_ARGS
    spec_file.write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return KERNEL_NAME


def template_text(kind: str) -> str:
    """The notebook template of a report kind, as written to ``notebooks/`` (built from the registry)."""
    from ..reports import REPORTS
    from ..reports.templates import notebook, text

    if kind not in REPORTS:
        raise ReportError(f"unknown report kind {kind!r}; known: {', '.join(REPORTS)}.")
    return text(notebook(REPORTS[kind]))


_PAPERMILL_TAGS = {"injected-parameters", "papermill-error-cell-tag"}


class _ExecutionFailed(Exception):
    def __init__(self, job: ReportJob, exc: Exception, partial: Path):
        self.job, self.exc, self.partial = job, exc, partial


class CellError(Exception):
    """A cell's error, as a forked report's process reports it (like papermill's, with ename and evalue)."""

    def __init__(self, ename: str, evalue: str):
        super().__init__(f"{ename}: {evalue}")
        self.ename, self.evalue = ename, evalue


class ReportProcessEnded(CellError):
    """A forked report's process ended before it answered (killed, out of memory, a crash, a hang)."""

    def __init__(self, evalue: str, cell: str = ""):
        super().__init__("ReportProcessEnded", evalue)
        self.cell = cell  # 'cell 3 (`first line`)': the cell it was running, if known


def _template_cell(partial: Path) -> str:
    """'cell 3 (`first line`)' for the cell holding the error, counted as in the template
    (cells papermill adds — injected parameters, error banners — are not counted)."""
    if not partial.exists():
        return "before any cell ran"
    cells = nbformat.read(partial, as_version=4).cells
    for index, cell in enumerate(cells):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            injected = sum(1 for c in cells[:index] if _PAPERMILL_TAGS & set(c.metadata.get("tags", [])))
            lines = cell.source.strip().splitlines()
            return f"cell {index - injected + 1} (`{lines[0][:70] if lines else ''}`)"
    return "a cell that did not finish (timeout or kernel stopped)"


def _failure(failed: _ExecutionFailed, kept: Path | None) -> ReportError:
    job, exc = failed.job, failed.exc
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc))
    if isinstance(exc, ReportProcessEnded):
        where = f"{exc.cell}, which did not finish" if exc.cell else "before any cell ran"
    else:
        where = _template_cell(failed.partial)
    keep = f" The partly executed notebook is kept at {kept} for debugging." if kept else ""
    return ReportError(
        f"Report '{job.title}' failed in template {job.template_name}, {where}: {ename}: {evalue}.{keep} "
        "Earlier reports for this meeting were left untouched."
    )


def _kept_failure(failed: _ExecutionFailed, target_dir: Path) -> ReportError:
    """Keep the partial notebook beside the target; the error to raise (plain, so it crosses processes)."""
    kept = None
    if failed.partial.exists():
        target_dir.mkdir(parents=True, exist_ok=True)
        kept = target_dir / f"{failed.job.name}.failed.ipynb"
        shutil.copyfile(failed.partial, kept)
    return _failure(failed, kept)


@contextlib.contextmanager
def _report_run():
    """The kernel started meanwhile inherits ``DAP_REPORTS_REPORT_RUN=1``: it makes a report (see
    :mod:`dap_reports.reports.common.memo`); this process's environment is as it was afterwards."""
    from ..reports.common.memo import REPORT_RUN_ENV

    before = os.environ.get(REPORT_RUN_ENV)
    os.environ[REPORT_RUN_ENV] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(REPORT_RUN_ENV, None)
        else:
            os.environ[REPORT_RUN_ENV] = before


def execute(job: ReportJob, staging: Path) -> Path:
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    executed = staging / f"{job.name}.ipynb"
    template = staging / f".{job.name}.template.ipynb"
    template.write_text(job.template_text(), encoding="utf-8")
    try:
        with _report_run():
            pm.execute_notebook(
                str(template),
                str(executed),
                parameters=job.parameters,
                kernel_name=ensure_kernel(),
                execution_timeout=CELL_TIMEOUT_SECONDS,
                progress_bar=False,
                log_output=False,
                cwd=str(staging),
            )
    except (PapermillExecutionError, Exception) as exc:  # also kernel death, cell timeout, missing kernel
        if isinstance(exc, ReportError):
            raise
        raise _ExecutionFailed(job, exc, executed) from None
    nb = nbformat.read(executed, as_version=4)
    finish_notebook(nb, job, engine="kernel")
    nbformat.write(nb, executed)
    return executed


def produce(job: ReportJob, staging: Path, target_dir: Path) -> list[Path]:
    """Execute one job in a Jupyter kernel and export it into ``staging``; on failure keep the partial
    notebook beside the target and raise a ReportError (plain, so it crosses process boundaries)."""
    try:
        executed = execute(job, staging)
    except _ExecutionFailed as failed:
        raise _kept_failure(failed, target_dir) from None
    return [executed, *produce_exports(job, executed, staging)]


def _produce_forked(jobs: list[ReportJob], staging: Path, target_dir: Path) -> list[list[Path]]:
    """Each job in a child forked from this warm process (:mod:`.forked`), as many at once as there are
    cores (one at a time inside a batch worker: the batch runs as many workers as cores)."""
    from . import forked

    forked.warm_up(tuple({fmt for job in jobs for fmt in job.formats}), exports=False)  # exports: run_children
    parallel = 1 if workers.in_worker() else min(len(jobs), os.cpu_count() or 1)
    answers = forked.run_children(jobs, staging, parallel, CELL_TIMEOUT_SECONDS)
    produced = []
    for job, answer in zip(jobs, answers, strict=True):  # the first failure is raised, in job order
        executed = staging / f"{job.name}.ipynb"
        if answer["kind"] == "ok":
            produced.append([executed, *(staging / f"{job.name}.{fmt}" for fmt in job.formats)])
        elif answer["kind"] == "report":
            raise ReportError(answer["message"])
        elif answer["kind"] == "cell":
            error = CellError(answer["ename"], answer["evalue"])
            raise _kept_failure(_ExecutionFailed(job, error, executed), target_dir)
        else:
            log = staging / f".{job.name}.log"
            ended = ReportProcessEnded(answer.get("error", "") + _last_message(log), forked.running_cell(log))
            raise _kept_failure(_ExecutionFailed(job, ended, executed), target_dir)
    return produced


def _last_message(log: Path) -> str:
    """The last thing a report's process wrote to its standard error, other than its progress notes."""
    from .forked import PROGRESS

    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith(PROGRESS)]
    return f" (its last message: {lines[-1][:300]})" if lines else ""


def _produce_all(jobs: list[ReportJob], staging: Path, target_dir: Path) -> list[list[Path]]:
    """Several reports at once when there are cores for it, each in a fresh process.

    Processes, not threads: each report needs its own; papermill changes the working directory of its
    process. Where fork is the start method, each report is a child forked from this warm process
    (:mod:`.forked`); elsewhere each has its own Jupyter kernel, started by a worker process.
    """
    from . import forked

    if forked.available():
        return _produce_forked(jobs, staging, target_dir)
    count = min(len(jobs), os.cpu_count() or 1)
    if count < 2 or workers.in_worker():  # inside a batch worker, reports run one after another
        return [produce(job, staging, target_dir) for job in jobs]
    ensure_kernel()
    with workers.WorkerPool(count) as pool:
        futures = [pool.submit(produce, job, staging, target_dir) for job in jobs]
        for _ in workers.completed(futures):
            pass
        return [future.result() for future in futures]  # the first failure is raised, in job order


def run_reports(jobs: list[ReportJob], target_dir: Path) -> list[Path]:
    """Execute and export every job; move all outputs into ``target_dir`` only if all succeeded."""
    made = [folder for folder in (target_dir.parent, *target_dir.parent.parents) if not folder.exists()]
    target_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(target_dir.parent)
    staging = make_staging(target_dir)
    succeeded = False
    try:
        with workers.ctrl_c_latch():
            for job, outputs in zip(jobs, _produce_all(jobs, staging, target_dir), strict=True):
                job.outputs = outputs
            workers.raise_if_interrupted()  # a Ctrl-C that Python swallowed on the way still stops the run
        target_dir.mkdir(parents=True, exist_ok=True)
        final: list[Path] = []
        for job in jobs:
            for produced in job.outputs:
                destination = target_dir / produced.name
                replace(produced, destination)
                final.append(destination)
            (target_dir / f"{job.name}.failed.ipynb").unlink(missing_ok=True)
        succeeded = True
        return final
    except BaseException as exc:
        if not isinstance(exc, Exception):  # Ctrl-C: end the kernels still working in the staging folder
            workers.end_processes_in(staging)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if not succeeded:  # a failed run leaves the output folder as it found it: no empty year folder
            for folder in made:  # deepest first; one holding a kept .failed.ipynb stays
                try:
                    folder.rmdir()
                except OSError:
                    break
