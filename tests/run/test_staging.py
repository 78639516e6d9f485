"""Staging folders name their owner; the next run removes only those whose owner has provably ended."""

import os
import subprocess
import sys

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from dap_reports.run import staging
from dap_reports.run.render import ReportJob, run_reports

pytestmark = pytest.mark.processes


def _ended_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _folder(parent, pid, started, host=None):
    host = host or staging._host()
    folder = parent / f"{staging.PREFIX}2026-03-11-h{host}-p{pid}-t{started}-abcd1234"
    folder.mkdir(parents=True)
    (folder / "rapport.html").write_text("<html>halv", encoding="utf-8")
    return folder


def test_only_staging_of_ended_owners_is_removed(tmp_path):
    me = psutil.Process()
    mine = staging.make_staging(tmp_path / "2026-03-11")
    assert staging.PREFIX in mine.name and f"-p{os.getpid()}-" in mine.name
    ended = _folder(tmp_path, _ended_pid(), int(me.create_time()))
    reused = _folder(tmp_path, os.getpid(), int(me.create_time()) - 3600)  # same id, another process's start
    elsewhere = _folder(tmp_path, _ended_pid(), 1, host="ffffff" if staging._host() != "ffffff" else "000000")
    unknown = tmp_path / f"{staging.PREFIX}2026-03-11-x1y2z3"  # made before owners were named
    unknown.mkdir()

    removed = staging.remove_abandoned(tmp_path)
    assert sorted(removed) == sorted([ended, reused])
    assert mine.is_dir() and elsewhere.is_dir() and unknown.is_dir()


def test_a_run_clears_what_a_killed_run_left(tmp_path):
    out = tmp_path / "out"
    left = _folder(out, _ended_pid(), int(psutil.Process().create_time()))
    nb = tmp_path / "t.ipynb"
    notebook = new_notebook(cells=[new_code_cell("x = 1", metadata={"tags": ["parameters"]}), new_code_cell("x")])
    notebook.metadata["kernelspec"] = {"name": "dap-reports", "display_name": "dap-reports", "language": "python"}
    nbformat.write(notebook, nb)
    run_reports([ReportJob("t", "t", {"x": 2}, "T", template_file=nb)], out / "2026-03-11")
    assert not left.exists()
    assert not list(out.glob(f"{staging.PREFIX}*"))
    assert (out / "2026-03-11" / "t.html").exists()
