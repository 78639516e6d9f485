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
import gc
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

from ..contract.schema import TABLE_NAMES
from ..errors import ReportError
from . import workers

ENGINE_ENV = "DAP_REPORTS_ENGINE"  # "kernel" forces the Jupyter kernel where fork is available
YIELD_NICE = 10  # how much a report off the critical path yields to the others (see run_children)
EXIT_GRACE_SECONDS = 60  # beyond the cells' own time limits, before a child that hangs is ended
_PAPERMILL_ERROR_TAG = "papermill-error-cell-tag"
_ERROR_STYLE = 'style="color:red; font-family:Helvetica Neue, Helvetica, Arial, sans-serif; font-size:2em;"'


def available() -> bool:
    """Whether reports run in forked children here (fork is the start method and not switched off)."""
    return os.environ.get(ENGINE_ENV, "").strip().lower() != "kernel" and workers.start_method() == "fork"


# ------------------------------------------------------------------ warming the parent


_warm: set[str] = set()


def warm_up(formats: tuple[str, ...] = ("html",), exports: bool = True, execute: bool = True) -> None:
    """Import and prepare, once in this process, what the reports need, so that the children forked from
    it start with it. To execute: IPython, the report modules (pandas, matplotlib), matplotlib's fonts
    and SVG writer. With ``exports``: nbconvert's HTML exporter with its templates compiled, and for PDF
    WeasyPrint with its fonts, the charts' fonts and its stylesheet machinery."""
    from ..reports import REPORTS

    if execute and "execute" not in _warm:
        import importlib

        import IPython.core.interactiveshell
        import IPython.display  # noqa: F401

        from ..reports.common.html import figure_html
        from ..reports.common.style import finish, new_figure, style_context
        from .outputs import package_versions

        for kind in REPORTS.values():
            importlib.import_module(kind.sections_module)
        with style_context():  # fonts found and loaded, the SVG writer imported, first-use set-ups done
            fig = new_figure(3, 2, "Æøå")
            ax = fig.subplots()
            ax.barh([0, 1], [2, 3], hatch="//", label="søjle")
            ax.plot([0, 1], [1, 0], marker="o", label="linje")
            ax.annotate("æøå", (1, 1), xytext=(3, 0), textcoords="offset points", fontsize=9, fontweight="bold")
            ax.set_xticks([0, 1], ["jan 2026", "feb 2026"])
            fig.legend(loc="outside lower center", ncol=2)
        figure_html(finish(fig), "", "")
        package_versions()
        _warm.add("execute")
    if exports and "html" not in _warm:
        from .outputs import html_of

        html_of(_sample())  # templates compiled, parsers' first-use set-up done
        _warm.add("html")
    if exports and "pdf" in formats and "pdf" not in _warm:
        from .exporters import pdf_from_html
        from .outputs import html_of

        pdf_from_html(html_of(_sample()))  # WeasyPrint, Pango, fontconfig and the charts' fonts ready
        _warm.add("pdf")


_SAMPLE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#f3f5f8"/>'
    '<text x="4" y="24" style="font-size: 12px; font-family: \'DejaVu Sans\', sans-serif">Møde – æøå</text></svg>'
)


def _sample():
    """A small report as the templates make them — a heading, a table, a chart with alt text, an entity,
    stray standard error — so that exporting it once does every first-use set-up of nbconvert, its HTML
    parser (about 0.4 s the first time) and WeasyPrint, for the processes forked afterwards."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    chart = base64.b64encode(_SAMPLE_SVG.encode()).decode("ascii")
    html = (
        '<div class="dap-header"><div>Prøve</div></div><h1>Prøve</h1><!--dap-toc-->'
        '<table class="dap-table"><caption>Tabel</caption><thead><tr><th scope="col">Projekt</th>'
        '<th scope="col" class="num">Beløb</th></tr></thead><tbody><tr><th scope="row">Æble &amp; pære</th>'
        '<td class="num">1.000&nbsp;kr.</td></tr></tbody></table>'
        f'<figure class="dap-figure"><img src="data:image/svg+xml;base64,{chart}" alt="Prøve">'
        "<figcaption>Figur</figcaption></figure>"
    )
    outputs = [
        new_output("display_data", data={"text/html": html, "text/plain": "<IPython.core.display.HTML object>"}),
        new_output("stream", name="stderr", text="advarsel\n"),
    ]
    nb = new_notebook(
        cells=[
            new_code_cell("x = 1", metadata={"tags": ["parameters", "remove-input"]}),
            new_markdown_cell("## 1. Overskrift"),
            new_code_cell("show(x)", metadata={"tags": ["remove-input"]}, outputs=outputs, execution_count=2),
        ]
    )
    nb.metadata["title"] = "Prøve"
    nb.metadata["dap_reports"] = {"parameters": {"lang": "da"}}
    return nb


def warm_for(formats) -> bool:
    """Whether this process has warmed up to export these formats."""
    return "html" in _warm and ("pdf" not in formats or "pdf" in _warm)


def load_while_warming(data_path: Path, formats: tuple[str, ...]):
    """Load and validate the portfolio — in a forked helper, while this process warms up for the reports
    (:func:`warm_up`) on the other core — and return it; raises as :func:`load_portfolio` does. (A
    batch's way; a meeting's is :func:`session`, whose helper also exports.)"""
    with session(data_path, formats, exports=False) as portfolio:
        return portfolio


def _frame(value) -> bytes:
    """``value`` as one length-prefixed pickle (see :func:`_receive`)."""
    message = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return len(message).to_bytes(8, "big") + message


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _send(fd: int, value) -> None:
    """One length-prefixed pickle on a pipe."""
    _write_all(fd, _frame(value))


def _receive(fd: int):
    """The next length-prefixed pickle on a pipe, read to its last byte and not beyond; None at its end."""

    def exactly(size: int) -> bytearray | None:
        data = bytearray(size)
        view, got = memoryview(data), 0
        with os.fdopen(fd, "rb", buffering=0, closefd=False) as pipe:
            while got < size:
                count = pipe.readinto(view[got:])
                if not count:
                    return None
                got += count
        return data

    head = exactly(8)
    body = None if head is None else exactly(int.from_bytes(head, "big"))
    return None if body is None else pickle.loads(body)


@dataclass
class ExportHelper:
    """The helper of a :func:`session`, seen from this process: it forks a child for each export asked
    of it (:meth:`ask`), warm for exporting, and answers on ``answers`` (``index<TAB>json`` lines)."""

    pid: int
    requests: int  # pipe: length-prefixed pickles: the formats to warm up for, then (index, job, staging)
    answers: int  # pipe: one line per export
    loaded: int  # pipe: length-prefixed pickles: the loaded portfolio, or the tables read (see _help)
    claims: int  # pipe: a big portfolio's tables, a byte each, taken by whichever process is free
    received: bytes = b""

    def ask(self, index: int, job, staging: Path) -> None:
        _send(self.requests, (index, job, str(staging)))

    def read(self) -> list[tuple[int, dict]] | None:
        """The answers that have arrived; None when the helper has ended."""
        chunk = os.read(self.answers, 65536)
        if not chunk:
            return None
        self.received += chunk
        *lines, self.received = self.received.split(b"\n")
        found = []
        for line in lines:
            index, _, answer = line.decode("utf-8").partition("\t")
            found.append((int(index), json.loads(answer)))
        return found


_export_helper: ExportHelper | None = None  # the current session's, while its reports are made
_early: tuple[Path, ExportHelper] | None = None  # a helper started by loading_early, for a session to take


def _start_helper(data_path: Path) -> ExportHelper:
    """Fork the helper: it loads and validates the portfolio and sends it, then waits for the formats to
    export (the first request; none: it ends), warms up to export them and serves export requests."""
    # Done here, before the fork, so the two processes do not each do it: pandas imported (0.3 s), and
    # nbformat's validators compiled (as making a notebook with an output does).
    from ..contract.loading import check_portfolio  # noqa: F401

    nbformat.validate(_sample())

    loaded_read, loaded_write = os.pipe()
    requests_read, requests_write = os.pipe()
    answers_read, answers_write = os.pipe()
    claims_read, claims_write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the helper
        code = 0
        try:
            for fd in (loaded_read, requests_write, answers_read):
                os.close(fd)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            _help(data_path, loaded_write, requests_read, answers_write, _Claims(claims_read, claims_write))
        except BaseException:
            code = 70
        finally:
            os._exit(code)
    for fd in (loaded_write, requests_read, answers_write, claims_write):
        os.close(fd)
    return ExportHelper(pid, requests_write, answers_read, loaded_read, claims_read)


class _Claims:
    """The tables of a portfolio too big for one process to read in time, shared out as they are read.

    The helper writes every table's number on a pipe, biggest first, and closes it; then it and the
    parent (once the parent has warmed up) each take the next table by reading one byte — a pipe hands
    each byte to one reader only — until none is left. So the two share the work by how soon each is
    free, whatever the machine, and on small data the helper has read everything before the parent asks.
    """

    def __init__(self, read: int, write: int = -1):
        self.read, self.write = read, write

    def offer(self, names) -> None:
        """Put up these tables (the helper), and close the pipe: a reader finding it empty is done."""
        if names:
            _write_all(self.write, bytes(TABLE_NAMES.index(name) for name in names))
        self.close_offer()

    def close_offer(self) -> None:
        if self.write >= 0:
            os.close(self.write)
            self.write = -1

    def __iter__(self):
        while byte := os.read(self.read, 1):
            yield TABLE_NAMES[byte[0]]


def _help(data_path: Path, loaded: int, requests: int, answers: int, claims: _Claims) -> None:
    """The helper's life (see :func:`_start_helper`).

    Data kept from an earlier run (:mod:`~dap_reports.contract.cache`) are sent as kept. Other data are
    read here, table by table; the parent, once warm, takes its share of the tables (:class:`_Claims`;
    told so by a first message, ``("split", …)``). If it took none, the portfolio is checked here and
    sent, and kept for next time; else the tables read here are sent (``("parts", …)``) for the parent to
    check the portfolio as a whole and keep it (:func:`_checked_by_both`).
    """
    import threading

    from ..contract import cache
    from ..contract.loading import assemble, config_for, iter_parts, locate_data
    from ..contract.reading import data_sizes

    kept = None
    try:
        where, file_sha256, key = locate_data(data_path)
        pickled = cache.recall_pickled(key)
        if pickled is not None:
            answer = _frame(("checked", pickled))
        else:
            config = config_for(where)
            sizes = data_sizes(where)
            claims.offer(sorted(TABLE_NAMES, key=lambda name: -sizes.get(name, 0)))
            _send(loaded, ("split", where, file_sha256, config))
            parts, pickled_parts = {}, []
            for name, part in iter_parts(where, config, claims):
                parts[name] = part
                # pickled as it is read, so that once the last table is read the parent has them at once
                pickled_parts.append(pickle.dumps((name, part), protocol=pickle.HIGHEST_PROTOCOL))
            if len(parts) == len(TABLE_NAMES):  # the parent took none: check it here, beside its warm-up
                checked = assemble(where, file_sha256, config, parts)
                pickled = pickle.dumps(checked, protocol=pickle.HIGHEST_PROTOCOL)
                answer = _frame(("checked", pickled))
                if checked[0] is not None:
                    kept = (key, pickled)  # the same bytes: pickled once
            else:
                answer = _frame(("parts", pickled_parts))
    except Exception as exc:  # the parent loads again and raises the error itself
        answer = _frame(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        claims.close_offer()

    def send() -> None:
        with contextlib.suppress(OSError):
            _write_all(loaded, answer)
            os.close(loaded)
        if kept is not None:
            cache.keep_pickled(*kept)

    # The parent reads the portfolio when it has warmed up itself; meanwhile this process goes on to warm
    # up for exporting instead of waiting for the pipe to be emptied.
    sending = threading.Thread(target=send, daemon=True)
    sending.start()
    formats = _receive(requests)
    if formats is not None:
        warm_up(formats, execute=False)  # nbconvert (and WeasyPrint) while the reports execute
    sending.join()  # before forking export children: a process is forked with no other thread running
    if formats is not None:
        _serve_exports(requests, answers)


def _checked_by_both(helper: ExportHelper):
    """``(portfolio_or_None, problems)`` as the helper loaded it, this process reading its share of a big
    portfolio's tables when the helper asks (see :func:`_help`), and the cache key to keep it under
    where this process checked it (None: the helper keeps it). None if the helper failed in any way."""
    from ..contract.loading import assemble, read_parts

    message = _receive(helper.loaded)
    if message is not None and message[0] == "split":
        _, where, file_sha256, config = message
        gc.freeze()  # what this process holds already is not looked through by every collection while reading
        mine = read_parts(where, config, _Claims(helper.claims))
        message = _receive(helper.loaded)
        if message is not None and message[0] == "parts":
            from ..contract import cache

            theirs = dict(pickle.loads(part) for part in message[1])
            return assemble(where, file_sha256, config, theirs | mine), cache.key(where, file_sha256)
    if message is not None and message[0] == "checked":
        return pickle.loads(message[1]), None
    return None


_keepers: list[int] = []  # children keeping a portfolio in the cache (see _keep_aside)


def _keep_aside(key: str, checked) -> None:
    """Keep a portfolio this process checked in the cache, in a child at the lowest priority: pickling and
    writing it (0.2 s for 1,500 projects) is off the way of the reports, which start at once."""
    from ..contract import cache

    if checked[0] is None or not cache.enabled():
        return
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            os.nice(19)
            cache.keep(key, *checked)
        finally:
            os._exit(0)
    _keepers.append(pid)


def _reap_keepers() -> None:
    """Wait for the cache keepers (a second or so at most, as the reports end before them only on tiny data)."""
    while _keepers:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(_keepers.pop(), 0)


@contextlib.contextmanager
def loading_early(data_path: Path):
    """Start loading the portfolio now, in the helper a :func:`session` for the same data will take over.

    A command calls this before it imports the run layer, so that the helper — forked once pandas and the
    loading code are imported — loads the portfolio on the other core while this process imports the
    rest (IPython, matplotlib, the reports) and warms up, and then goes on to warm up for exporting. A
    helper no session took is ended on leaving. Where fork is not available this does nothing."""
    global _early
    if not available():
        yield
        return
    path = Path(data_path).resolve()
    helper = _start_helper(path)
    _early = (path, helper)
    try:
        yield
    finally:
        if _early is not None and _early[1] is helper:
            _early = None
            _end_helper(helper)


def _take_early(data_path: Path) -> ExportHelper | None:
    global _early
    if _early is None:
        return None
    path, helper = _early
    _early = None
    if path == Path(data_path).resolve():
        return helper
    _end_helper(helper)  # started for other data
    return None


@contextlib.contextmanager
def session(data_path: Path, formats: tuple[str, ...], exports: bool = True):
    """Make a meeting's (or a year's) reports: yields the portfolio, loaded and validated by a forked
    helper while this process imports and prepares what executing the reports needs.

    The two take about as long on the demo, and side by side the reports start that much sooner. With
    ``exports`` the helper then stays: it imports and prepares nbconvert (and WeasyPrint for PDF) while
    this process and the reports' children execute them, and forks a child to export each report as its
    execution ends (:func:`run_children`). Without fork (or if the helper fails in any way), the portfolio
    is loaded here and each report's child exports its report itself. A helper :func:`loading_early`
    started for the same data is taken over.
    """
    global _export_helper
    from ..contract.loading import load_portfolio
    from ..contract.locate import locate, resolve_data_path
    from ..errors import ValidationFailed

    if not available():
        yield load_portfolio(data_path)
        return
    helper = _take_early(data_path) or _start_helper(data_path)
    try:
        if exports:
            _send(helper.requests, formats)
        else:  # the helper ends when it has sent the portfolio
            os.close(helper.requests)
            helper.requests = -1
        warm_up(formats, exports=False)  # the helper exports
        try:
            loaded = _checked_by_both(helper)
        except Exception:  # the helper died (out of memory …) or its data were unreadable: load here
            loaded = None
        if loaded is None:
            _end_helper(helper)
            yield load_portfolio(data_path)
            return
        (portfolio, problems), keep_key = loaded
        if keep_key is not None:
            _keep_aside(keep_key, (portfolio, problems))
        if portfolio is None:  # every problem, located, as load_portfolio says it
            raise ValidationFailed(str(locate(resolve_data_path(data_path))[1]), problems)
        _export_helper = helper if exports else None
        yield portfolio
        _export_helper = None
        if helper.requests >= 0:
            os.close(helper.requests)  # no more exports: the helper ends when its children have
            helper.requests = -1
        os.waitpid(helper.pid, 0)
    finally:
        _export_helper = None
        _end_helper(helper)
        _reap_keepers()


def _end_helper(helper: ExportHelper) -> None:
    """End the helper with any export children it has (Ctrl-C, an error), and close its pipes."""
    for fd in (helper.requests, helper.answers, helper.loaded, helper.claims):
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
    helper.requests = helper.answers = helper.loaded = helper.claims = -1
    with contextlib.suppress(ChildProcessError):
        if os.waitpid(helper.pid, os.WNOHANG)[0] == 0:
            workers.end_process_trees([helper.pid])
            with contextlib.suppress(ChildProcessError):
                os.waitpid(helper.pid, 0)


def _serve_exports(requests: int, answers: int) -> None:
    """The helper's service: a forked export child for each request, an answer line for each."""
    selector = selectors.DefaultSelector()
    selector.register(requests, selectors.EVENT_READ)
    buffer, asking = b"", True
    children: dict[int, _Running] = {}
    while asking or children:
        for key, _ in selector.select():
            if key.fd == requests:
                chunk = os.read(requests, 65536)
                if not chunk:
                    asking = False
                    selector.unregister(requests)
                    continue
                buffer += chunk
                while len(buffer) >= 8 and len(buffer) >= 8 + int.from_bytes(buffer[:8], "big"):
                    size = int.from_bytes(buffer[:8], "big")
                    index, job, staging = pickle.loads(buffer[8 : 8 + size])
                    buffer = buffer[8 + size :]
                    child = _fork(index, job, Path(staging), _export_in_child, 0.0, True)
                    children[child.pipe] = child
                    selector.register(child.pipe, selectors.EVENT_READ)
                continue
            child = children[key.fd]
            chunk = os.read(key.fd, 65536)
            if chunk:
                child.received += chunk
                continue
            selector.unregister(key.fd)
            del children[key.fd]
            _, child.status = os.waitpid(child.pid, 0)
            os.close(child.pipe)
            line = f"{child.index}\t{json.dumps(_answer(child))}\n".encode()
            while line:
                line = line[os.write(answers, line) :]


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
    metadata; stops at the first error (unless the cell is tagged ``raises-exception``).

    A template may have a second process make its last sections (:data:`PARALLEL_FORK`,
    :data:`PARALLEL_REST`): see :class:`_Twin`.
    """
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
    runner = _CellRunner(shell, outputs, meta, timeout)
    fork_at, rest_at = _parallel_cells(nb)
    twin = None
    failure, halted = None, False
    for index, cell in enumerate(nb.cells):
        if index == fork_at and rest_at is not None and _may_split() and _worth_a_twin(runner.shell):
            twin = _Twin.fork(nb, rest_at, runner)
        if twin is not None and index == rest_at:
            break  # the twin makes the rest
        failure, halted = runner.run(index, cell)
        if halted:
            break
    if twin is not None:
        if halted:
            twin.end()  # the cells after a failure are not run
        else:
            failure = twin.join(nb, runner)
    ended = _now()
    meta.update(end_time=ended.isoformat(), duration=(ended - started).total_seconds())
    return failure


# A template's cells may carry these tags (see dap_reports.reports.ReportKind.parallel): where the process
# making the report forks a second one, and the first cell of the sections that second process makes.
PARALLEL_FORK = "dap-parallel-fork"
PARALLEL_REST = "dap-parallel-rest"
PARALLEL_ENV = "DAP_REPORTS_PARALLEL_SECTIONS"  # "off": every report in one process


def _parallel_cells(nb) -> tuple[int | None, int | None]:
    """(index of the cell tagged PARALLEL_FORK, index of the later cell tagged PARALLEL_REST), or Nones."""
    tagged = {tag: i for i, c in enumerate(nb.cells) for tag in c.metadata.get("tags", [])}
    fork_at, rest_at = tagged.get(PARALLEL_FORK), tagged.get(PARALLEL_REST)
    if fork_at is None or rest_at is None or rest_at <= fork_at:
        return None, None
    return fork_at, rest_at


_twin_allowed = True  # False in a report's child that has no core to spare (see run_children)


def _may_split() -> bool:
    """Two cores or more, not switched off, and no thread a section started (a process is forked with no
    other thread running)."""
    import threading

    return (
        _twin_allowed
        and (os.cpu_count() or 1) > 1
        and os.environ.get(PARALLEL_ENV, "").strip().lower() != "off"
        and threading.active_count() == 1
    )


TWIN_MIN_PROJECTS = 200  # below this a twin costs more than it saves (15 projects × 10 years: +0.2 s)


def _worth_a_twin(shell) -> bool:
    """Whether the report's sections have enough to do for a second process to pay: a report context
    (``ctx``, as the templates name it) on a portfolio of :data:`TWIN_MIN_PROJECTS` projects or more, or
    with indicator values (a rollout's indicator sections draw a chart per area: a second on the KOL
    demo), or a template without one."""
    ctx = shell.user_ns.get("ctx")
    if ctx is None:
        return True
    tables = getattr(getattr(ctx, "portfolio", None), "tables", {})
    projects, values = tables.get("projects"), tables.get("indicator_values")
    return (projects is not None and len(projects) >= TWIN_MIN_PROJECTS) or (values is not None and len(values) > 0)


class _CellRunner:
    """Runs one cell at a time in the shell, recording its outputs and papermill's metadata."""

    def __init__(self, shell, outputs: _Outputs, meta, timeout: float):
        self.shell, self.outputs, self.meta, self.timeout = shell, outputs, meta, timeout
        self.added = 0  # cells papermill adds (injected parameters), which the template's numbering leaves out

    def run(self, index: int, cell) -> tuple[CellFailure | None, bool]:
        """Run ``cell`` (the ``index``-th); returns its failure and whether execution stops after it."""
        number = index + 1
        record = cell.metadata["papermill"]
        begun = _now()
        record.update(start_time=begun.isoformat(), status="running", exception=False)
        if "injected-parameters" in cell.metadata.get("tags", []):
            self.added += 1
        elif cell.cell_type == "code":
            _progress(number - self.added, cell.source)
        failure, error = None, None
        if cell.cell_type == "code":
            outputs, shell = self.outputs, self.shell
            outputs.items, outputs.clear_pending = [], False
            count = shell.execution_count
            timing = {"iopub.status.busy": begun.isoformat().replace("+00:00", "Z")}
            timing["iopub.execute_input"] = timing["iopub.status.busy"]
            signal.setitimer(signal.ITIMER_REAL, self.timeout)
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
                self.meta["exception"] = True
                failure = CellFailure(type(error).__name__, str(error))
        ended = _now()
        record.update(end_time=ended.isoformat(), duration=(ended - begun).total_seconds())
        if record["status"] != "failed":
            record["status"] = "completed"
        return failure, failure is not None or isinstance(error, SystemExit)

    def run_rest(self, nb, start: int) -> CellFailure | None:
        """Run the cells from ``start`` on, up to the first that stops execution; returns its failure."""
        for index in range(start, len(nb.cells)):
            failure, halted = self.run(index, nb.cells[index])
            if halted:
                return failure
        return None


@dataclass
class _Twin:
    """A second process making a report's last sections while this one makes the ones before them.

    A template may tag the cell where it forks (:data:`PARALLEL_FORK`) and the first cell of the sections
    the twin makes (:data:`PARALLEL_REST`): sections that read only what the cells before the fork made
    (the context; answers remembered, see :mod:`dap_reports.reports.common.memo`). The twin is a copy of
    this process at the fork — the same report, nothing of another's — and sends its cells back; they
    take their place in the notebook as if this process had run them after its own (execution counts
    too). The notebook is the one running every cell here gives, made sooner on a second core: the
    status overview of a big portfolio spends seconds in its last sections.

    If this process's part fails, the twin is ended (cells after a failure are not run). If the twin
    ends without sending its cells (it crashed, or hung past every cell's time limit), this process runs
    them itself, so that a failure is reported as running them in order reports it.
    """

    pid: int
    pipe: int
    rest_at: int
    count_at_fork: int
    deadline: float

    @classmethod
    def fork(cls, nb, rest_at: int, runner: _CellRunner) -> _Twin:
        read, write = os.pipe()
        count = runner.shell.execution_count
        cells = sum(1 for c in nb.cells[rest_at:] if c.cell_type == "code")
        gc.freeze()  # the twin's collections need not look through what the report has made so far
        pid = os.fork()
        if pid == 0:  # the twin
            code = 0
            try:
                os.close(read)
                _die_with_parent()
                failure = runner.run_rest(nb, rest_at)
                _write_all(write, _frame((failure, list(nb.cells[rest_at:]))))
            except BaseException:
                code = 70
            finally:
                os._exit(code)
        gc.unfreeze()
        os.close(write)
        return cls(pid, read, rest_at, count, time.monotonic() + (cells + 1) * runner.timeout + EXIT_GRACE_SECONDS)

    def join(self, nb, runner: _CellRunner) -> CellFailure | None:
        """The twin's cells put in place (this process's part went well); returns the twin's failure."""
        ready = selectors.DefaultSelector()
        ready.register(self.pipe, selectors.EVENT_READ)
        sent = _receive(self.pipe) if ready.select(max(0.0, self.deadline - time.monotonic())) else None
        ready.close()
        self.end()
        if sent is None:  # run them here: the same cells, with a failure reported as in order
            return runner.run_rest(nb, self.rest_at)
        failure, cells = sent
        shift = runner.shell.execution_count - self.count_at_fork  # the cells this process ran since the fork
        for cell in cells:
            if cell.cell_type == "code" and cell.execution_count is not None:
                cell.execution_count += shift
                for output in cell.outputs:
                    if output.get("execution_count") is not None:
                        output.execution_count += shift
        nb.cells[self.rest_at :] = cells
        if failure is not None:
            runner.meta["exception"] = True
        runner.shell.execution_count += sum(1 for c in cells if c.get("execution_count") is not None)
        return failure

    def end(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)  # it has sent what it made, or is not wanted
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self.pipe)


def _die_with_parent() -> None:
    """Have Linux end this process when its parent ends (a report's child stopped by Ctrl-C or a hang)."""
    import ctypes

    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


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


def _execute_in_child(job, staging: Path, timeout: float, export: bool) -> dict:
    """What a report's child does: execute the template, write the notebook and, with ``export``,
    export it; returns what to tell the parent."""
    from ..reports import context
    from ..reports.common.memo import REPORT_RUN_ENV
    from .outputs import finish_notebook, produce_exports

    executed = staging / f"{job.name}.ipynb"
    os.environ[REPORT_RUN_ENV] = "1"  # a report is being made here: its questions' answers are remembered
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
        if not export:
            return {"kind": "executed"}
        produce_exports(job, nb, staging, before=lambda fmt: note(f"its {fmt.upper()} export"))
        return {"kind": "ok"}
    except ReportError as exc:
        return {"kind": "report", "message": str(exc)}


def _export_in_child(job, staging: Path) -> dict:
    """What an export child does: export the notebook its report's child executed."""
    from .outputs import produce_exports

    try:
        nb = nbformat.read(staging / f"{job.name}.ipynb", as_version=4)
        produce_exports(job, nb, staging, before=lambda fmt: note(f"its {fmt.upper()} export"))
        return {"kind": "ok"}
    except ReportError as exc:
        return {"kind": "report", "message": str(exc)}


def _child(job, staging: Path, work, reply: int, nice: int = 0, twin: bool = True) -> None:
    """A forked child's life: ignore Ctrl-C (and yield the CPU by ``nice``), work in the staging folder with
    nothing on the terminal, do ``work(job, staging)``, answer, and leave without running the parent's exit
    handlers."""
    global _twin_allowed
    code = 0
    try:
        _twin_allowed = twin
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if nice:
            with contextlib.suppress(OSError):
                os.nice(nice)
        staging = Path(staging).resolve()  # the output folder may be given relative to where we were
        os.chdir(staging)
        null = os.open(os.devnull, os.O_RDWR)
        log = os.open(staging / f".{job.name}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(null, 0)
        os.dup2(null, 1)
        os.dup2(log, 2)  # what escapes Python's own streams (C libraries, a crash) goes to the log
        try:
            answer = work(job, staging)
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
    index: int
    job: object  # a ReportJob
    pid: int
    pipe: int
    deadline: float
    exporting: bool  # an export child (else the report's own child, which executes it)
    received: bytes = b""
    status: int | None = None


def _fork(
    index: int, job, staging: Path, work, seconds: float, exporting: bool, nice: int = 0, twin: bool = True
) -> _Running:
    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    # The child's garbage collections then leave alone what it inherited: walking those objects would
    # also copy every page they lie on (copy-on-write), for nothing the report made.
    gc.freeze()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        _child(job, staging, work, write, nice, twin)
    gc.unfreeze()  # here they are collected as before (a JupyterLab kernel running reports lives on)
    os.close(write)
    return _Running(index, job, pid, read, time.monotonic() + seconds, exporting)


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
    """Make each job's report (a :class:`~.render.ReportJob`) in forked children, up to ``parallel`` at a
    time, each cell within ``timeout`` seconds; returns each report's answer in job order. Ctrl-C (see
    :func:`.workers.raise_if_interrupted`) ends the children.

    A process warmed up for exporting (a batch's) forks one child per report, which executes and exports
    it. Otherwise (a meeting's two reports, a year's roll-up) the reports' children start executing at
    once, this process warms up for exporting meanwhile (on the core they leave), and then forks an export
    child for each report as its execution ends: a meeting's reports need not wait for nbconvert and
    WeasyPrint to be imported.

    Where a warm-up for exporting runs beside them (a session's helper, or this process), the reports
    after the first ``cores - 1`` yield the CPU (``nice``): on two cores a meeting's status overview —
    the first and the longest — and the warm-up it waits for get the cores, and the risk report, which
    has time to spare, fills the gaps (the meeting's HTML and PDF 0.15 s sooner; nothing in the reports
    changes). Beside a warm-up for PDF (WeasyPrint and a sample PDF: a second of CPU), no report has a
    second process make its last sections (:class:`_Twin`): the status overview's PDF would wait longer
    for the warm-up than its twin saves.
    """
    formats = tuple({fmt for job in jobs for fmt in job.formats})
    helper = _export_helper
    in_one = helper is None and warm_for(formats)
    first = max(1, (os.cpu_count() or 1) - 1)  # the reports that keep their priority beside a warm-up

    def execute(job, staging):
        return _execute_in_child(job, staging, timeout, export=in_one)

    def limit(job) -> float:  # every code cell its time limit, and a margin
        template = nbformat.reads(job.template_text(), as_version=4)
        return (sum(1 for c in template.cells if c.cell_type == "code") + 1) * timeout

    answers: dict[int, dict] = {}
    waiting = [(index, job, execute, limit(job), False) for index, job in enumerate(jobs)]
    running: dict[int, _Running] = {}
    exporting: dict[int, float] = {}  # reports the helper exports: index -> deadline
    selector = selectors.DefaultSelector()
    if helper is not None:
        selector.register(helper.answers, selectors.EVENT_READ)
    try:
        while waiting or running or exporting:
            while waiting and len(running) < max(1, parallel):
                index, job, work, seconds, exporting_child = waiting.pop(0)
                warming = helper is not None or not warm_for(formats)
                pdf_warming = warming and "pdf" in formats  # WeasyPrint and a sample PDF: the CPU for a second
                nice = YIELD_NICE if warming and not exporting_child and index >= first else 0
                child = _fork(
                    index, job, staging, work, seconds + EXIT_GRACE_SECONDS, exporting_child, nice, not pdf_warming
                )
                running[child.pipe] = child
                selector.register(child.pipe, selectors.EVENT_READ)
            if helper is None and not warm_for(formats):
                warm_up(formats)  # while the reports execute
            for key, _ in selector.select(timeout=workers.POLL_SECONDS):
                if helper is not None and key.fd == helper.answers:
                    arrived = helper.read()
                    if arrived is None:  # the helper ended: the exports it had not answered are lost
                        selector.unregister(key.fd)
                        arrived = [(i, {"kind": "crash", "error": "the export process ended"}) for i in exporting]
                        helper = None
                    for index, answer in arrived:
                        exporting.pop(index, None)
                        answers[index] = answer
                    continue
                child = running[key.fd]
                chunk = os.read(key.fd, 65536)
                if chunk:
                    child.received += chunk
                    continue
                selector.unregister(key.fd)  # the child closed its end: it has ended
                del running[key.fd]
                _, child.status = os.waitpid(child.pid, 0)
                os.close(child.pipe)
                answer = _answer(child)
                if answer["kind"] == "executed" and helper is not None:  # the helper exports it
                    helper.ask(child.index, child.job, staging)
                    exporting[child.index] = time.monotonic() + 30 * timeout
                elif answer["kind"] == "executed":  # its export child next, before reports not yet started
                    waiting.insert(0, (child.index, child.job, _export_in_child, 30 * timeout, True))
                else:
                    answers[child.index] = answer
            workers.raise_if_interrupted()
            for index, deadline in list(exporting.items()):
                if time.monotonic() > deadline:
                    del exporting[index]
                    answers[index] = {"kind": "crash", "error": "the export did not finish in time"}
            for pipe, child in list(running.items()):
                if time.monotonic() > child.deadline:
                    selector.unregister(pipe)
                    del running[pipe]
                    _end(child)
                    answers[child.index] = {
                        "kind": "crash",
                        "error": "the report did not finish in time and was stopped",
                    }
    finally:
        for child in running.values():
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
