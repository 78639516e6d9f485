"""Many reports in one command: a year's meetings and its roll-up, or everything since a date.

* **Parallel**: one fresh kernel per report, in a bounded pool of worker processes (papermill
  changes the working directory of its process, so threads would not be safe).
* **Incremental**: a report is skipped when its template, parameters, data and toolkit are
  unchanged since its last successful run. Each output folder keeps a small manifest of the
  fingerprints (``.dap-manifest.json``); a whole batch whose inputs are unchanged is recognised
  from ``.dap-batch-*.json`` without loading the data at all.
* **Safe**: each report is written to a staging folder and moved into place only when it
  succeeded; a per-report lock file (``filelock``: the same on Windows, macOS and Linux) keeps two
  runs on the same output folder from working on the same report at once (the second finds it up
  to date and skips it).
* **Interruptible**: Ctrl-C stops the pool: workers ignore it, and the parent ends each worker's
  process tree (its kernels included, see :mod:`.workers`), removes their staging folders and
  raises KeyboardInterrupt; no half-written report is left in place.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock

from .. import __version__
from ..contract.locate import code_fingerprint, data_fingerprint, parameter_dirs, resolve_data_path
from . import issuing, workers
from .staging import remove_abandoned, replace

if TYPE_CHECKING:  # render pulls in nbformat, the portfolio pandas; batch imports them only when needed
    from ..contract.portfolio import Portfolio
    from .render import ReportJob

MANIFEST = ".dap-manifest.json"
STATUS_OK, STATUS_SKIPPED, STATUS_FAILED, STATUS_ISSUED = "ok", "skipped", "failed", "issued"


@dataclass
class BatchItem:
    job: ReportJob
    out: Path  # the output folder; the report goes to out / job.target_dir
    fingerprint: str = ""
    data_file_sha256: str = ""  # the data's bytes when planned (their content is job.data_sha256)
    issued: bool = False  # the meeting's reports were issued: kept as they are (or remade, with --reissue)
    reissue: bool = False

    @property
    def target(self) -> Path:
        return self.out / self.job.target_dir

    @property
    def label(self) -> str:
        return self.job.name


@dataclass
class BatchResult:
    label: str
    status: str
    seconds: float
    outputs: list[Path] = field(default_factory=list)
    error: str = ""


# ------------------------------------------------------------------ fingerprints and manifests


def _sha(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def job_fingerprint(job, data_sha: str, code_sha: str) -> str:
    """What a report depends on: its template, parameters (not the generation time), data, toolkit."""

    parameters = {k: v for k, v in job.parameters.items() if k != "generated_at"}
    return _sha(job.template_text().encode(), parameters, data_sha, __version__, code_sha, list(job.formats))


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_json(path: Path, content: dict) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_text(json.dumps(content, indent=1, sort_keys=True), encoding="utf-8")
    replace(temp, path)


def _locked(path: Path) -> FileLock:
    """An exclusive lock between processes, held while the ``with`` block runs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(path))


def up_to_date(item: BatchItem) -> bool:
    entry = _read_json(item.target / MANIFEST).get(item.label, {})
    return entry.get("fingerprint") == item.fingerprint and all(
        (item.target / name).exists() for name in entry.get("outputs", [])
    )


def _record(item: BatchItem, outputs: list[Path]) -> None:
    with _locked(item.target / f".{MANIFEST}.lock"):
        manifest = _read_json(item.target / MANIFEST)
        manifest[item.label] = {
            "fingerprint": item.fingerprint,
            "outputs": sorted(p.name for p in outputs),
            "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        _write_json(item.target / MANIFEST, manifest)


# ------------------------------------------------------------------ the whole-batch shortcut


def inputs_fingerprint(data_path: Path, scope: str, formats: str, out: Path | None, content_sha256: str) -> str:
    """Everything a batch depends on, hashed without loading the data (a fraction of a second): the data's
    validated content (its content SHA-256, see :func:`data_content`), the parameter files, the toolkit,
    and which meetings have been issued (a report compares with its previous meeting's issued papers)."""
    params = []
    for folder in parameter_dirs(data_path):
        for path in sorted(folder.glob("*/*.yaml")):
            params.append((str(path), hashlib.sha256(path.read_bytes()).hexdigest()))
    issued = []
    if out is not None:
        for record in sorted(Path(out).glob(f"*/*/{issuing.RECORD}")):
            issued.append((str(record.parent.name), hashlib.sha256(record.read_bytes()).hexdigest()))
    return _sha(content_sha256, params, scope, formats, __version__, code_fingerprint(), issued)


def _batch_state(out: Path, scope: str) -> Path:
    return Path(out) / f".dap-batch-{hashlib.sha256(scope.encode()).hexdigest()[:12]}.json"


# Portfolios loaded here to learn the content of data whose bytes changed: data file SHA-256 -> portfolio.
# plan() takes one instead of loading the same bytes again.
_checked: dict[str, Portfolio] = {}


def data_content(data_path: Path, state: dict) -> tuple[str, str, bool] | None:
    """(file SHA-256, content SHA-256, whether the data had to be loaded to learn it) of the data.

    The batch state remembers which file bytes held which content. Bytes seen before are recognised
    from their hash alone; new bytes — a workbook opened and saved again, a CSV file re-exported — are
    loaded and validated once to learn their content (None when they do not load).
    """
    file_sha = data_fingerprint(data_path)
    known = state.get("content_sha256", {}).get(file_sha)
    if known:
        return file_sha, known, False
    from ..contract.loading import check_portfolio  # pandas: only for bytes not seen before

    portfolio, _ = check_portfolio(data_path)
    if portfolio is None:
        return None
    _checked[file_sha] = portfolio
    return file_sha, portfolio.sha256, True


def unchanged_batch(data, out, scope: str, formats: str) -> list[Path] | None:
    """The outputs of the last complete run of this batch when none of its inputs changed, else None.

    Data saved again with the same content (a workbook opened and saved without a change) count as
    unchanged: the first time, the data are loaded to see that; after that their bytes are known."""
    data_path = resolve_data_path(data).resolve()
    path = _batch_state(out, scope)
    state = _read_json(path)
    if not state or not state.get("outputs"):
        return None
    outputs = [Path(p) for p in state.get("outputs", [])]
    if not all(p.exists() for p in outputs):
        return None
    content = data_content(data_path, state)
    if content is None:
        return None
    file_sha, content_sha, loaded = content
    if state.get("inputs") != inputs_fingerprint(data_path, scope, formats, Path(out), content_sha):
        return None
    if loaded:  # remember these bytes: the next run recognises them without loading
        state.setdefault("content_sha256", {})[file_sha] = content_sha
        _write_json(path, state)
    return outputs


# ------------------------------------------------------------------ planning


def plan(
    data,
    out,
    *,
    year: int | None = None,
    since=None,
    formats: str = "html",
    lang: str | None = None,
    reissue: bool = False,
    public: bool = False,
):
    """The batch items for a year (every meeting + the roll-up) or for every year since a date."""
    from ..contract.parsing import parse_meeting_date
    from ..reports.context import hand_over, now_iso
    from . import forked
    from .jobs import meeting_jobs, year_job
    from .parameters import check_formats

    data_path = resolve_data_path(data).resolve()
    chosen = check_formats(formats)
    portfolio = _checked.pop(data_fingerprint(data_path), None) if _checked else None  # see data_content
    if portfolio is None:
        portfolio = forked.load_while_warming(data_path, chosen)
    hand_over(data_path, portfolio)  # the reports' processes, forked from this one's workers, take it
    generated = now_iso()
    if year is not None:
        meetings = portfolio.meetings_in_year(int(year))
        years = [int(year)]
    else:
        start = parse_meeting_date(since)
        meetings = [d for d in portfolio.meeting_dates if d >= start]
        years = sorted({d.year for d in meetings})
    jobs = [
        job
        for meeting in meetings
        for job in meeting_jobs(portfolio, data_path, meeting, chosen, lang, generated, out=Path(out), public=public)
    ]
    jobs += [year_job(portfolio, data_path, y, chosen, lang, generated, public=public) for y in years]
    data_sha, code_sha = portfolio.sha256, code_fingerprint()
    items = [BatchItem(job, Path(out), job_fingerprint(job, data_sha, code_sha), portfolio.file_sha256) for job in jobs]
    for item in items:
        # An issued meeting's papers are records: kept as they are, unless the analyst asks to reissue.
        if item.job.name in {Path(n).stem for n in issuing.issued_names(item.target)}:
            item.issued, item.reissue = not reissue, reissue
    for folder in {item.target for item in items if item.reissue}:
        issuing.prepare_reissue(folder)
    return items


# ------------------------------------------------------------------ running


def run_item(item: BatchItem, force: bool = False) -> BatchResult:
    """Run one report unless it is up to date; never raises for a report's own failure."""
    from ..errors import DapReportsError
    from .render import run_reports

    started = time.perf_counter()
    with _locked(item.target / f".{item.label}.lock"):
        if not force and up_to_date(item):
            workers.emit(item.label, STATUS_SKIPPED)
            return BatchResult(
                item.label,
                STATUS_SKIPPED,
                time.perf_counter() - started,
                [item.target / n for n in _read_json(item.target / MANIFEST)[item.label]["outputs"]],
            )
        workers.emit(item.label, "running")
        try:
            outputs = run_reports([item.job], item.target)
        except DapReportsError as exc:
            workers.emit(item.label, STATUS_FAILED)
            return BatchResult(item.label, STATUS_FAILED, time.perf_counter() - started, error=str(exc))
        _record(item, outputs)
    workers.emit(item.label, STATUS_OK)
    return BatchResult(item.label, STATUS_OK, time.perf_counter() - started, outputs)


def run_batch(
    items: list[BatchItem],
    *,
    jobs: int | None = None,
    force: bool = False,
    on_event=None,
    scope: str | None = None,
    data=None,
    formats: str = "html",
) -> list[BatchResult]:
    """Run the items in parallel; ``on_event(label, stage)`` is called as reports start and finish."""
    from . import forked
    from .render import ensure_kernel

    if forked.available():  # reports are forked from the workers, which are forked from here: warm up once
        forked.warm_up(tuple({fmt for item in items for fmt in item.job.formats}))
    else:
        ensure_kernel()  # once, before the workers race to install it
    count = max(1, min(jobs or os.cpu_count() or 1, len(items) or 1))
    results: dict[str, BatchResult] = {}
    with workers.ctrl_c_latch():
        pool = workers.WorkerPool(count, events=True)
        try:
            for item in items:
                if item.issued:  # an issued meeting's papers are kept as they are
                    names = sorted(issuing.issued_names(item.target), key=lambda n: (not n.endswith(".ipynb"), n))
                    kept = [item.target / n for n in names if n.startswith(item.label)]
                    results[item.label] = BatchResult(item.label, STATUS_ISSUED, 0.0, kept)
                    _report([(item.label, STATUS_ISSUED)], on_event)
            pending = {pool.submit(run_item, item, force or item.reissue): item for item in items if not item.issued}
            for done in workers.completed(pending):
                _report(pool.drain(), on_event)
                for future in done:
                    item = pending[future]
                    try:
                        results[item.label] = future.result()
                    except Exception as exc:  # a worker died (killed, out of memory …)
                        results[item.label] = BatchResult(
                            item.label, STATUS_FAILED, 0.0, error=f"{type(exc).__name__}: {exc}"
                        )
        except BaseException:  # Ctrl-C, or a failure of the pool itself: stop every worker now
            _stop(pool, items)
            raise
        _report(pool.close(), on_event)
    ordered = [results[item.label] for item in items]
    _issue_reissued(items, results, data)
    if scope and items and all(r.status != STATUS_FAILED for r in ordered):
        data_path = resolve_data_path(data).resolve()
        outputs = [str(p) for r in ordered for p in r.outputs]
        content_sha = items[0].job.data_sha256
        _write_json(
            _batch_state(items[0].out, scope),
            {
                "inputs": inputs_fingerprint(data_path, scope, formats, items[0].out, content_sha),
                "outputs": outputs,
                "content_sha256": {items[0].data_file_sha256 or data_fingerprint(data_path): content_sha},
            },
        )
    return ordered


def _issue_reissued(items: list[BatchItem], results: dict[str, BatchResult], data) -> None:
    """Issue, as their next version, the meetings remade with --reissue whose reports all succeeded."""
    from ..contract.loading import load_portfolio

    folders: dict[Path, list[BatchItem]] = {}
    for item in items:
        if item.reissue:
            folders.setdefault(item.target, []).append(item)
    if not folders:
        return
    portfolio = load_portfolio(resolve_data_path(data).resolve())
    for folder, group in folders.items():
        if all(results[i.label].status != STATUS_FAILED for i in group):
            issuing.issue(portfolio, folder, [i.job.name for i in group], group[0].job.parameters["meeting_date"])


def _report(events: list[tuple], on_event) -> None:
    for label, stage in events:
        if on_event:
            on_event(label, stage)


def _stop(pool: workers.WorkerPool, items: list[BatchItem]) -> None:
    """End every worker with its kernels, then remove the staging folders they leave behind.

    Reports already moved into place are complete; nothing half-written is ever in place, since
    a report is written to a staging folder first. Only staging folders whose owner has ended are
    removed: those of another run working on the same output folder stay.
    """
    pool.stop()
    for parent in {item.target.parent for item in items}:
        remove_abandoned(parent)
