"""Worker processes: one start method, a spawn path that works everywhere, ending process trees,
a Ctrl-C that cannot be lost, and the Windows-like start the CI uses to prove all that."""

import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from conftest import WINDOWS_LIKE_DIR, windows_like_in_force
from dap_reports.run import batch, workers
from dap_reports.run.render import ReportJob, run_reports

pytestmark = pytest.mark.processes


def test_start_method_is_chosen_in_one_place(monkeypatch):
    monkeypatch.delenv(workers.START_METHOD_ENV, raising=False)
    expected = "fork" if sys.platform.startswith("linux") and not windows_like_in_force() else "spawn"
    assert workers.start_method() == expected
    monkeypatch.setenv(workers.START_METHOD_ENV, "spawn")
    assert workers.start_method() == "spawn"
    monkeypatch.setenv(workers.START_METHOD_ENV, "teleport")
    with pytest.raises(Exception, match="teleport"):
        workers.start_method()


def test_everything_handed_to_a_worker_pickles(tmp_path):
    job = ReportJob("status", "portefoljeoverblik-2026-03-11", {"meeting_date": "2026-03-11"}, "Titel æøå")
    item = batch.BatchItem(job, tmp_path, "fingerprint")
    result = batch.BatchResult("a", "ok", 1.0, [tmp_path / "a.html"])
    for thing in (job, item, result, batch.run_item, workers._init_worker):
        assert pickle.loads(pickle.dumps(thing)) is not None


def _worker_facts() -> dict:
    return {"in_worker": workers.in_worker(), "sigint_ignored": signal.getsignal(signal.SIGINT) is signal.SIG_IGN}


def test_spawn_workers_ignore_ctrl_c_and_send_events(monkeypatch):
    monkeypatch.setenv(workers.START_METHOD_ENV, "spawn")
    with workers.WorkerPool(1, events=True) as pool:
        assert pool.context.get_start_method() == "spawn"
        facts = pool.submit(_worker_facts).result(timeout=120)
        pool.submit(workers.emit, "label", "running").result(timeout=60)
        deadline = time.monotonic() + 10
        events = []
        while not events and time.monotonic() < deadline:
            events = pool.drain()
            time.sleep(0.05)
    assert facts["in_worker"] and facts["sigint_ignored"]
    assert events == [("label", "running")]


# A worker and its kernel in miniature: a process whose child sleeps and ignores a polite request to end.
CHILD = "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ntime.sleep(300)\n"
PARENT = f"import subprocess, sys, time\nsubprocess.Popen([sys.executable, '-c', {CHILD!r}])\ntime.sleep(300)\n"


def test_end_process_trees_ends_children_first_found_then_killed():
    root = subprocess.Popen([sys.executable, "-c", PARENT])
    handle = psutil.Process(root.pid)
    deadline = time.monotonic() + 30
    while not handle.children() and time.monotonic() < deadline:
        time.sleep(0.05)
    (child,) = handle.children()
    started = time.monotonic()
    workers.end_process_trees([root.pid], timeout=2)
    root.wait(timeout=10)
    assert not child.is_running() or child.status() == psutil.STATUS_ZOMBIE
    assert time.monotonic() - started < 15


class _SwallowedCtrlC:
    """Ctrl-C arriving while Python runs a finalizer: the KeyboardInterrupt is printed as
    "Exception ignored in …" and lost. An import in progress has such callbacks too."""

    def __del__(self):
        signal.raise_signal(signal.SIGINT)


def test_a_ctrl_c_python_swallows_is_not_lost(monkeypatch):
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    with workers.ctrl_c_latch():
        victim = _SwallowedCtrlC()
        del victim  # no KeyboardInterrupt here: Python dropped it
        assert unraisable and isinstance(unraisable[0].exc_value, KeyboardInterrupt)
        assert workers.interrupted()
        with pytest.raises(KeyboardInterrupt):
            workers.raise_if_interrupted()
    with workers.ctrl_c_latch():  # a new run starts afresh
        assert not workers.interrupted()


def _fork_probe_notebook(folder: Path) -> Path:
    nb = new_notebook(
        cells=[
            new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
            new_code_cell(
                "import os, sys\nfrom IPython.display import HTML, display\n"
                'display(HTML(f\'<p id=probe>fork={hasattr(os, "fork")} '
                'fcntl={sys.modules.get("fcntl", 0) is None}</p>\'))'
            ),
        ]
    )
    nb.metadata["kernelspec"] = {"name": "dap-reports", "display_name": "dap-reports", "language": "python"}
    path = folder / "probe.ipynb"
    nbformat.write(nb, path)
    return path


def test_the_windows_like_start(request, tmp_path):
    """In the CI's Windows-like pass (--windows-like) the simulation is in force here, in the command
    line's processes and in the report kernels. In the normal pass, the simulation itself is checked."""
    probe = (
        "import multiprocessing, os, sys\n"
        "try:\n    import fcntl\n    has_fcntl = True\nexcept ImportError:\n    has_fcntl = False\n"
        "try:\n    multiprocessing.get_context('fork')\n    fork_context = True\nexcept ValueError:\n"
        "    fork_context = False\n"
        "from dap_reports.run import workers\n"
        "print(multiprocessing.get_all_start_methods(), hasattr(os, 'fork'), hasattr(os, 'killpg'),"
        " hasattr(os, 'setpgrp'), hasattr(os, 'getpgid'), has_fcntl, fork_context, workers.start_method())\n"
    )
    windows_like = "['spawn'] False False False False False False spawn"
    if not request.config.getoption("--windows-like"):
        env = {**os.environ, "PYTHONPATH": str(WINDOWS_LIKE_DIR)}
        shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8", env=env)
        assert shown.stdout.strip() == windows_like, shown.stderr
        return
    assert windows_like_in_force()
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8")
    assert shown.stdout.strip() == windows_like, shown.stderr  # children inherit it
    job = ReportJob("probe", "probe", {"x": 2}, "Probe", template_file=_fork_probe_notebook(tmp_path))
    run_reports([job], tmp_path / "out" / "probe")
    html = (tmp_path / "out" / "probe" / "probe.html").read_text(encoding="utf-8")
    assert "fork=False fcntl=True" in html  # and so do the report kernels
