"""Batch runs: incremental skipping, failures among good reports, concurrent runs, Ctrl-C, a killed run."""

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from conftest import tiny_rows, write_csv_folder
from dap_reports.run import batch
from dap_reports.run.render import ReportJob

pytestmark = pytest.mark.processes
CLI = [sys.executable, "-m", "dap_reports.cli"]


@pytest.fixture
def data(tmp_path):
    return write_csv_folder(tmp_path / "data", tiny_rows())


def _statuses(results):
    return {r.label: r.status for r in results}


def test_second_run_skips_and_changed_data_reruns(data, tmp_path):
    out = tmp_path / "out"
    items = batch.plan(data, out, since="2026-03-11")
    assert [i.label for i in items] == ["portefoljeoverblik-2026-03-11", "risikorapport-2026-03-11", "aarsrapport-2026"]
    first = batch.run_batch(items, jobs=2)
    assert set(_statuses(first).values()) == {"ok"}
    html = out / "2026" / "2026-03-11" / "portefoljeoverblik-2026-03-11.html"
    stamp = html.stat().st_mtime_ns

    again = batch.run_batch(batch.plan(data, out, since="2026-03-11"), jobs=2)
    assert set(_statuses(again).values()) == {"skipped"}
    assert html.stat().st_mtime_ns == stamp

    forced = batch.run_batch(batch.plan(data, out, since="2026-03-11"), jobs=2, force=True)
    assert set(_statuses(forced).values()) == {"ok"}

    status = data / "status.csv"
    status.write_text(status.read_text(encoding="utf-8").replace("Forsinket", "Forsinket mere"), encoding="utf-8")
    changed = batch.run_batch(batch.plan(data, out, since="2026-03-11"), jobs=2)
    assert set(_statuses(changed).values()) == {"ok"}  # the data feeds every report
    assert "Forsinket mere" in html.read_text(encoding="utf-8")


def test_warm_batch_is_recognised_without_loading(data, tmp_path, monkeypatch):
    from dap_reports.contract import loading

    out = tmp_path / "out"
    scope = "since 2026-03-11 html da"
    assert batch.unchanged_batch(data, out, scope, "html") is None
    batch.run_batch(batch.plan(data, out, since="2026-03-11"), jobs=2, scope=scope, data=data)
    loads = []
    check_portfolio = loading.check_portfolio
    monkeypatch.setattr(loading, "check_portfolio", lambda path: loads.append(path) or check_portfolio(path))

    outputs = batch.unchanged_batch(data, out, scope, "html")
    assert outputs and all(p.exists() for p in outputs)
    assert not loads  # the bytes it was made from: recognised from their hash

    # The command line answers "up to date" without pandas (a third of a second on start-up), also when it
    # first asks whether PDFs can be made, as the everyday command does.
    probe = (
        "import sys\n"
        "from dap_reports.run.pdf_support import pdf_unavailable\n"
        "pdf_unavailable()\n"
        f"sys.argv = ['dap-reports', 'run', '--since', '2026-03-11', '--format', 'html', '--data', {str(data)!r},"
        f" '--out', {str(out)!r}]\n"
        "from dap_reports.cli import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "print('pandas imported:', 'pandas' in sys.modules)\n"
    )
    answer = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8", check=True
    ).stdout
    assert "Up to date" in answer and "pandas imported: False" in answer

    # Saved again with the same content (a blank line more): loaded once to see that, then known.
    meetings = data / "meetings.csv"
    meetings.write_text(meetings.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert batch.unchanged_batch(data, out, scope, "html") == outputs
    assert len(loads) == 1
    assert batch.unchanged_batch(data, out, scope, "html") == outputs
    assert len(loads) == 1

    # A value changed: not unchanged.
    projects = data / "projects.csv"
    projects.write_text(projects.read_text(encoding="utf-8").replace("Hurtigt", "Hurtigere"), encoding="utf-8")
    assert batch.unchanged_batch(data, out, scope, "html") is None


def test_a_failing_report_does_not_stop_the_others(tmp_path, monkeypatch):
    folder = tmp_path / "templates"
    folder.mkdir()
    for name, source in (("good.ipynb", "print('ok')"), ("bad.ipynb", "raise RuntimeError('kaput')")):
        nb = new_notebook(cells=[new_code_cell("x = 1", metadata={"tags": ["parameters"]}), new_code_cell(source)])
        nb.metadata["kernelspec"] = {"name": "dap-reports", "display_name": "dap-reports", "language": "python"}
        nbformat.write(nb, folder / name)
    out = tmp_path / "out"
    items = [
        batch.BatchItem(
            ReportJob(t, n, {"x": 2}, n, target_dir=Path("2026") / n, template_file=folder / f"{t}.ipynb"),
            out,
            f"fp-{n}",
        )
        for t, n in (("good", "a"), ("bad", "b"), ("good", "c"))
    ]
    results = batch.run_batch(items, jobs=2)
    assert _statuses(results) == {"a": "ok", "b": "failed", "c": "ok"}
    assert "kaput" in results[1].error
    assert (out / "2026" / "a" / "a.html").exists() and (out / "2026" / "c" / "c.html").exists()
    assert not (out / "2026" / "b" / "b.html").exists()


def test_cli_exit_code_says_whether_all_succeeded(data, tmp_path):
    bad = tmp_path / "bad"
    result = subprocess.run(
        [
            *CLI,
            "run",
            "--since",
            "2026-03-11",
            "--data",
            str(data),
            "--out",
            str(tmp_path / "o"),
            "--format",
            "html,docx",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(),
        timeout=120,
    )
    assert result.returncode == 2 and "unknown format docx" in result.stderr
    del bad


def test_two_runs_at_once_do_not_corrupt_each_other(data, tmp_path):
    out = tmp_path / "out"
    command = [*CLI, "run", "--since", "2026-03-11", "--data", str(data), "--out", str(out), "--jobs", "1"]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True, "encoding": "utf-8", "env": _env()}
    first = subprocess.Popen(command, **pipes)
    second = subprocess.Popen(command, **pipes)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    assert second.wait(timeout=300) == 0, second.stderr.read()
    for html in out.rglob("*.html"):
        assert html.read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert len(list(out.rglob("*.html"))) == 3
    assert not list(out.rglob(".staging-*"))


def _env(**extra) -> dict[str, str]:
    """The CLI's environment: ours (the Windows-like start, when in force, is inherited), UTF-8 output."""
    return {**os.environ, "PYTHONIOENCODING": "utf-8", **extra}


RUN_TAG = "DAP_REPORTS_TEST_RUN"


def _tagged(tag: str) -> list[psutil.Process]:
    """The processes of one test run — the command, its workers and their kernels — found by an
    environment variable they all inherit (it outlives the parent, unlike the process tree)."""
    found = []
    for process in psutil.process_iter():
        try:
            if process.environ().get(RUN_TAG) == tag:
                found.append(process)
        except psutil.Error:
            continue
    return found


def _reports(process: subprocess.Popen) -> list[psutil.Process]:
    """The processes executing a report for this process (its descendants only, not other runs'): a
    Jupyter kernel, or a forked report process (run.forked); either works in a staging folder."""
    try:
        descendants = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    found = []
    for child in descendants:
        try:
            if any("ipykernel_launcher" in part for part in child.cmdline()) or ".staging-" in child.cwd():
                found.append(child)
        except psutil.Error:
            continue
    return found


def _wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


CTRL_C_COMMANDS = {
    "batch": ["run", "--since", "2026-01-01"],
    "meeting": ["meeting", "2026-03-11"],  # its two reports run at once (forked, or in two workers with kernels)
}


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT, which Windows has not (Ctrl-C is a console event)")
@pytest.mark.parametrize("command", sorted(CTRL_C_COMMANDS))
def test_ctrl_c_stops_cleanly(data, tmp_path, command):
    out = tmp_path / "out"
    tag = uuid.uuid4().hex
    process = subprocess.Popen(
        [*CLI, *CTRL_C_COMMANDS[command], "--data", str(data), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=_env(**{RUN_TAG: tag}),
    )
    try:
        _wait_for(lambda: _reports(process), 90, "a report of the command")  # a report is being executed
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 130, stderr
        assert "Interrupted" in stderr
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and _tagged(tag):
            time.sleep(0.2)
        assert not _tagged(tag), f"left running: {[p.cmdline() for p in _tagged(tag)]}"
    finally:
        for left in [process.pid, *(p.pid for p in _tagged(tag))]:
            with contextlib.suppress(psutil.Error):
                psutil.Process(left).kill()
    assert not list(out.rglob(".staging-*"))
    for html in out.rglob("*.html"):  # whatever finished is complete
        assert html.read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_a_killed_run_leaves_staging_that_the_next_run_removes(data, tmp_path):
    out = tmp_path / "out"
    tag = uuid.uuid4().hex
    process = subprocess.Popen(
        [*CLI, "run", "--since", "2026-03-11", "--data", str(data), "--out", str(out), "--jobs", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(**{RUN_TAG: tag}),
    )
    try:
        _wait_for(lambda: list(out.rglob(".staging-*")) and _reports(process), 90, "a report in its staging folder")
    finally:
        for victim in _tagged(tag):  # SIGKILL: nothing of the run can clean up after itself
            with contextlib.suppress(psutil.Error):
                victim.kill()
    process.wait(timeout=30)
    left = list(out.rglob(".staging-*"))
    assert left, "the killed run left its staging folder"

    results = batch.run_batch(batch.plan(data, out, since="2026-03-11"), jobs=1)
    assert {r.status for r in results} == {"ok"}
    assert not list(out.rglob(".staging-*"))
