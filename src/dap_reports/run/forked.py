"""Reports made in a forked copy of a warm process — where fork is the start method (Linux).

A Jupyter kernel is a new Python that imports pandas, matplotlib and the toolkit and loads the
portfolio again, for every report: 2–3 s before its first table. Here each report is made in a
child forked for it alone from a process that has done all that once — the ``dap-reports``
process, or a batch worker forked from it (:func:`warm_up`, and the portfolio handed over with
:func:`dap_reports.reports.context.hand_over`). The child starts with everything in memory, never
sees another report's variables (nothing of a report outlives its child) and ends when the
report's files are written.

The child runs the template as a kernel would: papermill's parameters cell injected after the
``parameters`` cell, every code cell in an IPython ``InteractiveShell``, stdout, stderr, displays,
results and errors recorded as notebook outputs in the order they come, with papermill's notebook
and cell metadata (a failed notebook gets papermill's error banner too). It writes the executed
notebook and exports it (HTML, PDF) itself, then tells its parent what happened in one line of JSON
on a pipe; the parent raises the same errors as the kernel path. Cells have the kernel path's time
limit. The child ignores Ctrl-C, like batch workers: the parent ends it (see :mod:`.workers`).

Where fork is not the start method (Windows, macOS, ``DAP_REPORTS_START_METHOD=spawn``), or with
``DAP_REPORTS_ENGINE=kernel``, reports run in a Jupyter kernel as before (:mod:`.render`).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import io
import json
import math
import os
import pickle
import platform
import selectors
import signal
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

from ..errors import ReportError
from . import workers

ENGINE_ENV = "DAP_REPORTS_ENGINE"  # "kernel" forces the Jupyter kernel where fork is available
EXIT_GRACE_SECONDS = 60  # beyond the cells' own time limits, before a child that hangs is ended
_PAPERMILL_ERROR_TAG = "papermill-error-cell-tag"
_ERROR_STYLE = 'style="color:red; font-family:Helvetica Neue, Helvetica, Arial, sans-serif; font-size:2em;"'


def available() -> bool:
    """Whether reports run in forked children here (fork is the start method and not switched off)."""
    return os.environ.get(ENGINE_ENV, "").strip().lower() != "kernel" and workers.start_method() == "fork"


# ------------------------------------------------------------------ warming the parent


_warm: set[str] = set()


def warm_up(formats: tuple[str, ...] = ("html",)) -> None:
    """Import and prepare, once in this process, what every report needs, so that the children forked
    from it start with it: IPython, the report modules (pandas, matplotlib), matplotlib's fonts and SVG
    writer, the HTML exporter's templates, and for PDF WeasyPrint with the charts' fonts."""
    from ..reports import REPORTS

    if "base" not in _warm:
        import importlib

        import IPython.core.interactiveshell
        import IPython.display  # noqa: F401

        from ..reports.common.html import figure_html
        from ..reports.common.style import finish, new_figure, style_context
        from .outputs import exporter, package_versions

        for kind in REPORTS.values():
            importlib.import_module(kind.sections_module)
        with style_context():  # fonts found and loaded, the SVG writer imported
            fig = new_figure(3, 2, "Æøå")
            fig.subplots().set_title("æøå", fontweight="bold")
        figure_html(finish(fig), "", "")
        exporter("html").from_notebook_node(nbformat.v4.new_notebook())  # its templates compiled
        package_versions()
        _warm.add("base")
    if "pdf" in formats and "pdf" not in _warm:
        from .exporters import chart_font_faces
        from .outputs import exporter

        exporter("pdf")
        chart_font_faces()
        _warm.add("pdf")


def load_while_warming(data_path: Path, formats: tuple[str, ...]):
    """Load and validate the portfolio — in a forked helper, while this process warms up for the reports
    (:func:`warm_up`) on the other core — and return it; raises as :func:`load_portfolio` does.

    Both take about a second on the demo (loading takes several on a portfolio of thousands of
    projects); done side by side, a meeting's reports start that much sooner. The helper sends the
    result back pickled. Without fork, or if the helper fails in any way, the portfolio is loaded here.
    """
    from ..contract.loading import check_portfolio, load_portfolio
    from ..contract.locate import locate, resolve_data_path
    from ..errors import ValidationFailed

    if not available():
        return load_portfolio(data_path)
    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the helper
        code = 0
        try:
            os.close(read)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                answer = pickle.dumps(("checked", check_portfolio(data_path)), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as exc:  # the parent loads again and raises the error itself
                answer = pickle.dumps(("failed", f"{type(exc).__name__}: {exc}"))
            with os.fdopen(write, "wb") as pipe:
                pipe.write(answer)
        except BaseException:
            code = 70
        finally:
            os._exit(code)
    os.close(write)
    received = b""
    try:
        warm_up(formats)
        with os.fdopen(read, "rb") as pipe:
            received = pipe.read()
        os.waitpid(pid, 0)
    except BaseException:  # Ctrl-C while warming up or waiting: the helper goes too
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        raise
    try:
        kind, value = pickle.loads(received)
    except Exception:  # the helper died (out of memory …): load here
        kind, value = "failed", ""
    if kind != "checked":
        return load_portfolio(data_path)
    portfolio, problems = value
    if portfolio is None:  # every problem, located, as load_portfolio says it
        raise ValidationFailed(str(locate(resolve_data_path(data_path))[1]), problems)
    return portfolio


# ------------------------------------------------------------------ parameters, as papermill injects them


def _literal(value) -> str:
    """A parameter value as Python source, exactly as papermill's PythonTranslator writes it."""
    if value is None:
        return "None"
    if isinstance(value, str):
        escaped = value.encode("unicode_escape").decode("utf-8").replace('"', r"\"")
        return f'"{escaped}"'
    if isinstance(value, bool | int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value):
            return str(value)
        return "float('nan')" if math.isnan(value) else ("float('-inf')" if value < 0 else "float('inf')")
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_literal(str(k))}: {_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return _literal(str(value))


def parameter_source(parameters: dict) -> str:
    return "# Parameters\n" + "".join(f"{name} = {_literal(value)}\n" for name, value in parameters.items())


def parameterize(nb, parameters: dict):
    """The notebook with papermill's ``injected-parameters`` cell: replacing an earlier one, else after the
    cell tagged ``parameters``, else first."""
    cell = new_code_cell(parameter_source(parameters))
    cell.metadata["tags"] = ["injected-parameters"]
    tags = [set(c.metadata.get("tags", [])) for c in nb.cells]
    injected = next((i for i, t in enumerate(tags) if "injected-parameters" in t), None)
    declared = next((i for i, t in enumerate(tags) if "parameters" in t), None)
    if injected is not None:
        nb.cells[injected] = cell
    else:
        nb.cells.insert(0 if declared is None else declared + 1, cell)
    return nb


# ------------------------------------------------------------------ running cells (in the child)


class CellTimeoutError(TimeoutError):
    """A cell ran longer than the time limit."""


def _jsonable(bundle: dict) -> dict:
    """A display's data as a notebook stores it: bytes (PNG, JPEG …) base64-encoded, everything else as is."""
    return {
        mime: base64.b64encode(value).decode("ascii") if isinstance(value, bytes | bytearray) else value
        for mime, value in bundle.items()
    }


class _Outputs:
    """Where the running cell's outputs go; shared by the streams, the display publisher and the hooks."""

    def __init__(self) -> None:
        self.items: list = []
        self.clear_pending = False

    def add(self, output) -> None:
        if self.clear_pending:
            self.items.clear()
            self.clear_pending = False
        self.items.append(output)

    def stream(self, name: str, text: str) -> None:
        last = self.items[-1] if self.items and not self.clear_pending else None
        if last is not None and last.output_type == "stream" and last.name == name:
            last.text += text
        else:
            self.add(new_output("stream", name=name, text=text))


class _Stream(io.TextIOBase):
    def __init__(self, outputs: _Outputs, name: str):
        self._outputs, self._name = outputs, name

    @property
    def encoding(self):  # type: ignore[override]
        return "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if text:
            self._outputs.stream(self._name, text)
        return len(text)

    def isatty(self) -> bool:
        return False


def _make_shell(outputs: _Outputs):
    """An InteractiveShell whose displays, results and tracebacks become notebook outputs."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets import Type
    from traitlets.config import Config

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
            display_id = (transient or {}).get("display_id")
            output = new_output("display_data", data=_jsonable(data), metadata=metadata or {})
            if update:
                for i, earlier in enumerate(outputs.items):
                    if getattr(earlier, "_display_id", None) == display_id:
                        outputs.items[i] = output
                return
            if display_id:
                output._display_id = display_id
            outputs.add(output)

        def clear_output(self, wait=False):
            if wait:
                outputs.clear_pending = True
            else:
                outputs.items.clear()

    class ResultHook(DisplayHook):
        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None) -> None:
            outputs.add(
                new_output(
                    "execute_result",
                    data=_jsonable(format_dict),
                    metadata=md_dict or {},
                    execution_count=self.prompt_count,
                )
            )

        def finish_displayhook(self):
            self._is_active = False

    class ReportShell(InteractiveShell):
        displayhook_class = Type(ResultHook)
        display_pub_class = Type(Publisher)

        def _showtraceback(self, etype, evalue, stb):
            outputs.add(new_output("error", ename=etype.__name__, evalue=str(evalue), traceback=list(stb)))

        def enable_gui(self, gui=None):
            pass

    config = Config()
    config.HistoryManager.enabled = False  # no history database: nothing of a report is kept
    return ReportShell.instance(config=config)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _on_alarm(signum, frame):
    raise CellTimeoutError("A cell timed out while it was being executed")


@dataclass
class CellFailure:
    ename: str
    evalue: str


def execute_cells(nb, timeout: float) -> CellFailure | None:
    """Run the notebook's code cells in order in this process, filling in outputs and papermill's
    metadata; stops at the first error (unless the cell is tagged ``raises-exception``)."""
    outputs = _Outputs()
    sys.stdout, sys.stderr = _Stream(outputs, "stdout"), _Stream(outputs, "stderr")
    shell = _make_shell(outputs)
    signal.signal(signal.SIGALRM, _on_alarm)
    meta = nb.metadata.papermill
    started = _now()
    meta.update(start_time=started.isoformat(), end_time=None, duration=None, exception=None)
    for cell in nb.cells:
        cell.metadata["papermill"] = {
            "exception": None,
            "start_time": None,
            "end_time": None,
            "duration": None,
            "status": "pending",
        }
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    failure = None
    added = 0  # cells papermill adds (injected parameters), which the template's numbering leaves out
    for number, cell in enumerate(nb.cells, start=1):
        record = cell.metadata["papermill"]
        begun = _now()
        record.update(start_time=begun.isoformat(), status="running", exception=False)
        if "injected-parameters" in cell.metadata.get("tags", []):
            added += 1
        elif cell.cell_type == "code":
            _progress(number - added, cell.source)
        if cell.cell_type == "code":
            outputs.items, outputs.clear_pending = [], False
            count = shell.execution_count
            timing = {"iopub.status.busy": begun.isoformat().replace("+00:00", "Z")}
            timing["iopub.execute_input"] = timing["iopub.status.busy"]
            signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                result = shell.run_cell(cell.source, store_history=True)
                error = result.error_before_exec or result.error_in_exec
            except CellTimeoutError as exc:  # the time ran out between the cell's code and its result
                error = exc
                outputs.add(new_output("error", ename=type(exc).__name__, evalue=str(exc), traceback=[]))
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            done = _now().isoformat().replace("+00:00", "Z")
            timing["shell.execute_reply"] = timing["iopub.status.idle"] = done
            cell.execution_count = count
            cell.outputs = outputs.items
            cell.metadata["execution"] = dict(sorted(timing.items()))
            quiet_exit = isinstance(error, SystemExit) and error.code in (None, 0, "")
            if error is not None and not quiet_exit and "raises-exception" not in cell.metadata.get("tags", []):
                record.update(exception=True, status="failed")
                meta["exception"] = True
                failure = CellFailure(type(error).__name__, str(error))
        ended = _now()
        record.update(end_time=ended.isoformat(), duration=(ended - begun).total_seconds())
        if record["status"] != "failed":
            record["status"] = "completed"
        if failure is not None or (cell.cell_type == "code" and isinstance(error, SystemExit)):
            break
    ended = _now()
    meta.update(end_time=ended.isoformat(), duration=(ended - started).total_seconds())
    return failure


PROGRESS = "[dap-reports] running "


def _progress(number: int, source: str) -> None:
    """Note the cell about to run in the report's log (standard error), so that a process that dies
    in it can be located: 'cell 3 (`first line`)', counted as in the template."""
    lines = source.strip().splitlines()
    note(f"cell {number} (`{lines[0][:70] if lines else ''}`)")


def note(stage: str) -> None:
    """Note in the report's log what its process is about to do (see :func:`running_cell`)."""
    with contextlib.suppress(OSError):
        os.write(2, f"{PROGRESS}{stage}\n".encode())


def running_cell(log: Path) -> str:
    """What a report's process was doing when it ended — 'cell 3 (`first line`)', 'its PDF export' —
    from its log ('' if it had not begun)."""
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    noted = [line.removeprefix(PROGRESS) for line in lines if line.startswith(PROGRESS)]
    return noted[-1] if noted else ""


def mark_failure(nb) -> None:
    """papermill's banner at the top and anchor before the failed cell."""
    index = next(i for i, c in enumerate(nb.cells) if c.metadata.get("papermill", {}).get("status") == "failed")
    count = nb.cells[index].get("execution_count")
    link = f'<a href="#papermill-error-cell">In [{count}]</a>'
    banner = new_markdown_cell(f"<span {_ERROR_STYLE}>An Exception was encountered at '{link}'.</span>")
    anchor = new_markdown_cell(
        f'<span id="papermill-error-cell" {_ERROR_STYLE}>Execution using papermill encountered an exception here '
        "and stopped:</span>"
    )
    for cell in (banner, anchor):
        cell.metadata["tags"] = [_PAPERMILL_ERROR_TAG]
    nb.cells.insert(index, anchor)
    nb.cells.insert(0, banner)


def prepared(job, executed: Path):
    """The job's template with its parameters injected and papermill's notebook metadata."""
    from importlib import metadata

    nb = nbformat.reads(job.template_text(), as_version=4)
    nb.cells = [c for c in nb.cells if _PAPERMILL_ERROR_TAG not in c.metadata.get("tags", [])]
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])  # as papermill reads a notebook
    parameterize(nb, job.parameters)
    try:
        version = metadata.version("papermill")
    except metadata.PackageNotFoundError:
        version = ""
    nb.metadata["papermill"] = {
        "default_parameters": {},
        "environment_variables": {},
        "parameters": job.parameters,
        "input_path": str(job.template_file or job.template_name),
        "output_path": str(executed),
        "version": version,
    }
    nb.metadata["language_info"] = {
        "codemirror_mode": {"name": "ipython", "version": 3},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
        "version": platform.python_version(),
    }
    return nb


# ------------------------------------------------------------------ one report in a child


def _report_in_child(job, staging: Path, timeout: float) -> dict:
    """Everything a report's child does; returns what to tell the parent."""
    from ..reports import context
    from .outputs import finish_notebook, produce_exports

    executed = staging / f"{job.name}.ipynb"
    try:
        nb = prepared(job, executed)
        context.take_handed_over(True)
        failure = execute_cells(nb, timeout)
        if failure is not None:
            mark_failure(nb)
            nbformat.write(nb, executed)
            return {"kind": "cell", "ename": failure.ename, "evalue": failure.evalue}
        finish_notebook(nb, job, engine="fork")
        nbformat.write(nb, executed)
        produce_exports(job, nb, staging, before=lambda fmt: note(f"its {fmt.upper()} export"))
        return {"kind": "ok"}
    except ReportError as exc:
        return {"kind": "report", "message": str(exc)}


def _child(job, staging: Path, timeout: float, reply: int) -> None:
    """The forked child's life: ignore Ctrl-C, work in the staging folder with nothing on the terminal,
    make the report, answer, and leave without running the parent's exit handlers."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        staging = Path(staging).resolve()  # the output folder may be given relative to where we were
        os.chdir(staging)
        null = os.open(os.devnull, os.O_RDWR)
        log = os.open(staging / f".{job.name}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(null, 0)
        os.dup2(null, 1)
        os.dup2(log, 2)  # what escapes Python's own streams (C libraries, a crash) goes to the log
        try:
            answer = _report_in_child(job, staging, timeout)
        except BaseException as exc:  # anything at all becomes the parent's error message
            traceback.print_exc(file=sys.__stderr__)
            answer = {"kind": "crash", "error": f"{type(exc).__name__}: {exc}"}
        data = (json.dumps(answer) + "\n").encode("utf-8")
        while data:
            data = data[os.write(reply, data) :]
    except BaseException:
        code = 70
    finally:
        os._exit(code)


@dataclass
class _Running:
    job: object  # a ReportJob
    pid: int
    pipe: int
    deadline: float
    received: bytes = b""
    status: int | None = None


def _start(job, staging: Path, timeout: float) -> _Running:
    cells = sum(1 for c in nbformat.reads(job.template_text(), as_version=4).cells if c.cell_type == "code") + 1
    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        _child(job, staging, timeout, write)
    os.close(write)
    return _Running(job, pid, read, time.monotonic() + cells * timeout + EXIT_GRACE_SECONDS)


def _end(child: _Running) -> None:
    """Stop a child that is still running (Ctrl-C, an error in the parent, a hang) and reap it."""
    if child.status is None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.kill(child.pid, sig)
            except ProcessLookupError:
                break
            for _ in range(50):
                done, status = os.waitpid(child.pid, os.WNOHANG)
                if done:
                    child.status = status
                    break
                time.sleep(0.02)
            if child.status is not None:
                break
    with contextlib.suppress(OSError):
        os.close(child.pipe)


def run_children(jobs: list, staging: Path, parallel: int, timeout: float) -> list[dict]:
    """Make each job's report (a :class:`~.render.ReportJob`) in its own forked child, up to ``parallel`` at
    a time, each cell within ``timeout`` seconds; returns each child's answer in job order. Ctrl-C (see
    :func:`.workers.raise_if_interrupted`) ends the children."""
    answers: dict[int, dict] = {}
    waiting = list(enumerate(jobs))
    running: dict[int, tuple[int, _Running]] = {}
    selector = selectors.DefaultSelector()
    try:
        while waiting or running:
            while waiting and len(running) < max(1, parallel):
                index, job = waiting.pop(0)
                child = _start(job, staging, timeout)
                running[child.pipe] = (index, child)
                selector.register(child.pipe, selectors.EVENT_READ)
            for key, _ in selector.select(timeout=workers.POLL_SECONDS):
                index, child = running[key.fd]
                chunk = os.read(key.fd, 65536)
                if chunk:
                    child.received += chunk
                    continue
                selector.unregister(key.fd)  # the child closed its end: it has ended
                del running[key.fd]
                _, child.status = os.waitpid(child.pid, 0)
                os.close(child.pipe)
                answers[index] = _answer(child)
            workers.raise_if_interrupted()
            for pipe, (index, child) in list(running.items()):
                if time.monotonic() > child.deadline:
                    selector.unregister(pipe)
                    del running[pipe]
                    _end(child)
                    answers[index] = {"kind": "crash", "error": "the report did not finish in time and was stopped"}
    finally:
        for _, child in running.values():
            _end(child)
        selector.close()
    return [answers[i] for i in range(len(jobs))]


def _answer(child: _Running) -> dict:
    try:
        return json.loads(child.received.decode("utf-8").strip().splitlines()[-1])
    except (ValueError, IndexError):
        status = child.status or 0
        if os.WIFSIGNALED(status):
            how = f"was ended by signal {os.WTERMSIG(status)} ({signal.Signals(os.WTERMSIG(status)).name})"
        else:
            how = f"ended with exit code {os.waitstatus_to_exitcode(status)}"
        return {"kind": "crash", "error": f"the report's process {how} before it finished"}
