"""Worker processes for reports, the same on Windows, macOS and Linux.

* **One start method**, chosen here and nowhere else: ``fork`` on Linux, where it is available
  and starts a worker without importing anything again; ``spawn`` everywhere else — the only
  method on Windows, the safe default on macOS. ``DAP_REPORTS_START_METHOD=spawn`` forces spawn
  on Linux too (CI runs the process tests that way a second time). Everything handed to a worker
  pickles and every function a worker runs is a module-level function, so both methods work.
* **Ctrl-C is the parent's business**: workers ignore it. On Ctrl-C the parent ends each
  worker's whole process tree (the report kernels are the workers' children) with psutil —
  politely first, then by force — which needs neither process groups nor POSIX signals.
* **A Ctrl-C is never lost**: Python drops a KeyboardInterrupt that happens to be raised inside a
  finalizer or a weakref callback (it prints "Exception ignored in …" and carries on; an import
  in progress is enough). :func:`ctrl_c_latch` remembers every Ctrl-C, and the loops that wait for
  workers call :func:`raise_if_interrupted`, so such a Ctrl-C still stops the run.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path

START_METHOD_ENV = "DAP_REPORTS_START_METHOD"
POLL_SECONDS = 0.2  # how often a waiting parent looks at its workers and at Ctrl-C
STOP_SECONDS = 5.0  # how long ended processes get to exit before they are killed

# ------------------------------------------------------------------ start method


def start_method() -> str:
    """``$DAP_REPORTS_START_METHOD`` if set; else ``fork`` on Linux (when available), else ``spawn``."""
    available = multiprocessing.get_all_start_methods()
    wanted = os.environ.get(START_METHOD_ENV, "").strip().lower()
    if wanted:
        if wanted not in available:
            from ..errors import ReportError

            raise ReportError(
                f"{START_METHOD_ENV}={wanted} is not a start method of this platform; "
                f"use one of: {', '.join(available)}."
            )
        return wanted
    if sys.platform.startswith("linux") and "fork" in available:
        return "fork"
    return "spawn"


def context():
    return multiprocessing.get_context(start_method())


# ------------------------------------------------------------------ inside a worker

_EVENTS = None
_IN_WORKER = False


def _init_worker(events) -> None:
    """Runs first in every worker: ignore Ctrl-C (the parent stops the workers), keep the event queue."""
    global _EVENTS, _IN_WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _EVENTS = events
    _IN_WORKER = True


def in_worker() -> bool:
    """True inside a worker of a :class:`WorkerPool` (which then runs its reports one after another)."""
    return _IN_WORKER


def emit(*event) -> None:
    """Send an event (for example a report's label and stage) to the parent, if it listens."""
    if _EVENTS is not None:
        _EVENTS.put(event)


# ------------------------------------------------------------------ the pool


class WorkerPool:
    """A process pool whose workers ignore Ctrl-C and report events; ``stop()`` ends them with their
    kernels. Used as a context manager it waits for the workers after a normal end or an ordinary
    exception, and stops them at once after Ctrl-C."""

    def __init__(self, workers: int, *, events: bool = False):
        self.context = context()
        self.events = self.context.Queue() if events else None
        self.executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=self.context, initializer=_init_worker, initargs=(self.events,)
        )

    def submit(self, fn, /, *args, **kwargs) -> Future:
        return self.executor.submit(fn, *args, **kwargs)

    def drain(self) -> list[tuple]:
        """The events the workers sent since the last call."""
        found: list[tuple] = []
        while self.events is not None:
            try:
                found.append(self.events.get_nowait())
            except Exception:  # queue.Empty, or a queue already closed
                break
        return found

    def processes(self) -> list:
        # ProcessPoolExecutor keeps its processes in ``_processes``; a worker started while Ctrl-C
        # arrived may not be entered there yet, so this process's live children count too.
        known = list((getattr(self.executor, "_processes", None) or {}).values())
        return known + [p for p in multiprocessing.active_children() if p not in known]

    def close(self) -> list[tuple]:
        """Wait for the workers to finish and exit; returns the events not drained yet (a worker's
        last events may arrive after its result: they are flushed when it exits)."""
        self.executor.shutdown(wait=True)
        last = self.drain()
        self._close_events()
        return last

    def stop(self) -> None:
        """End every worker and everything it started (kernels); cancel what has not started."""
        end_process_trees(self.processes())
        self.executor.shutdown(wait=False, cancel_futures=True)
        self._close_events()

    def _close_events(self) -> None:
        if self.events is not None:
            self.events.close()
            self.events.cancel_join_thread()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None or issubclass(kind, Exception):
            self.close()
        else:  # KeyboardInterrupt, SystemExit
            self.stop()


def completed(futures: Iterable[Future]) -> Iterator[set[Future]]:
    """Yield the futures as they finish, in batches, looking at Ctrl-C at least every POLL_SECONDS."""
    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
        raise_if_interrupted()
        yield done


# ------------------------------------------------------------------ ending process trees


def end_process_trees(roots: Iterable, timeout: float = STOP_SECONDS) -> None:
    """Terminate each root process with all its descendants, wait, then kill what is left.

    ``roots`` are process ids, or :class:`multiprocessing.Process` objects (then ended and joined
    through multiprocessing, which keeps its own record of its children straight). Each root is
    suspended while its descendants are listed, so it cannot start another kernel unseen; the
    descendants are listed before anything ends, since an orphan cannot be found from its dead
    parent any more. Works with Windows' TerminateProcess as with POSIX signals.
    """
    import psutil

    workers, others = [], []  # multiprocessing children; psutil handles of everything else
    for root in roots:
        pid = getattr(root, "pid", root)
        try:
            handle = psutil.Process(pid)
            handle.suspend()
            others += handle.children(recursive=True)
        except psutil.Error:
            continue
        if hasattr(root, "join"):
            workers.append(root)
        else:
            others.append(handle)
    for process in [*workers, *others]:
        with contextlib.suppress(psutil.Error, OSError):
            process.terminate()
    for root in workers:
        with contextlib.suppress(psutil.Error):
            psutil.Process(root.pid).resume()  # a stopped process would not act on its termination
    for process in others:
        with contextlib.suppress(psutil.Error):
            process.resume()
    _, alive = psutil.wait_procs(others, timeout=timeout)
    for root in workers:
        root.join(timeout)
        if root.exitcode is None:
            root.kill()
            root.join(timeout)
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(alive, timeout=timeout)


def end_processes_in(folder: Path, timeout: float = STOP_SECONDS) -> None:
    """End this process's descendants (with their own) whose working folder is ``folder`` or inside it:
    the kernels of a report that was executing there when Ctrl-C arrived."""
    import psutil

    folder = Path(folder).resolve()
    inside = []
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error, OSError, ValueError):
            cwd = Path(child.cwd()).resolve()
            if cwd == folder or folder in cwd.parents:
                inside.append(child.pid)
    if inside:
        end_process_trees(inside, timeout)


def end_descendants(timeout: float = STOP_SECONDS) -> None:
    """End every process this one started, with their own (the command line does this on Ctrl-C)."""
    import psutil

    with contextlib.suppress(psutil.Error):
        end_process_trees([child.pid for child in psutil.Process().children()], timeout)


# ------------------------------------------------------------------ Ctrl-C

_interrupted = threading.Event()
_latch_depth = 0


def _on_ctrl_c(signum, frame) -> None:
    _interrupted.set()
    raise KeyboardInterrupt


@contextlib.contextmanager
def ctrl_c_latch() -> Iterator[None]:
    """While inside, Ctrl-C raises KeyboardInterrupt as usual *and* is remembered (see the module
    docstring). Nested uses share one memory; the outermost starts it afresh. Where Ctrl-C is
    ignored (inside a worker) or this is not the main thread, nothing changes."""
    global _latch_depth
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.getsignal(signal.SIGINT) if main_thread else None
    if not main_thread or previous in (signal.SIG_IGN, None):
        yield
        return
    if _latch_depth == 0:
        _interrupted.clear()
    _latch_depth += 1
    signal.signal(signal.SIGINT, _on_ctrl_c)
    try:
        yield
    finally:
        _latch_depth -= 1
        signal.signal(signal.SIGINT, previous)


def interrupted() -> bool:
    """Whether Ctrl-C was pressed inside the current (or last) :func:`ctrl_c_latch`."""
    return _interrupted.is_set()


def raise_if_interrupted() -> None:
    """Raise KeyboardInterrupt if Ctrl-C was pressed, even if Python swallowed the first one."""
    if _interrupted.is_set():
        raise KeyboardInterrupt
