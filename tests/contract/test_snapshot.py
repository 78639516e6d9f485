"""The content fingerprint and the archived snapshot."""

from __future__ import annotations

import shutil

import pandas as pd
from openpyxl import load_workbook

import dap_reports as dr
from dap_reports.contract.snapshot import analyst_tables, content_sha256, read_snapshot, write_snapshot
from dap_reports.tools.workspace import init_workspace


def test_snapshot_round_trip_gives_the_same_portfolio(demo, kol_portfolio, tmp_path):
    for portfolio in (demo, kol_portfolio):
        path = tmp_path / "snap.zip"
        manifest = write_snapshot(portfolio, path)
        back = read_snapshot(path)
        assert manifest["content_sha256"] == portfolio.sha256 == back.sha256
        assert content_sha256(back.tables, back.config) == portfolio.sha256
        for name, frame in analyst_tables(portfolio.tables).items():
            pd.testing.assert_frame_equal(analyst_tables(back.tables)[name], frame, check_dtype=True, obj=name)
        assert back.config == portfolio.config
        assert [str(w) for w in back.warnings] != [] or not portfolio.warnings


def test_the_fingerprint_is_of_the_content_not_the_file(tmp_path, demo):
    workbook = init_workspace(tmp_path / "ws", demo=True)
    first = dr.load_portfolio(workbook)
    assert first.sha256 == demo.sha256  # the same data as CSV files and as a workbook
    before = workbook.read_bytes()
    book = load_workbook(workbook)  # what an analyst does all day: open and save, nothing changed
    book.save(workbook)
    assert workbook.read_bytes() != before
    again = dr.load_portfolio(workbook)
    assert again.sha256 == first.sha256 and again.file_sha256 != first.file_sha256


def test_a_changed_cell_changes_the_fingerprint(tmp_path):
    folder = tmp_path / "demo"
    shutil.copytree(dr.DEMO_DIR, folder)
    text = (folder / "status.csv").read_text(encoding="utf-8")
    (folder / "status.csv").write_text(text.replace("12500000", "12600000", 1), encoding="utf-8")
    assert dr.load_portfolio(folder).sha256 != dr.load_portfolio(dr.DEMO_DIR).sha256


def test_a_damaged_snapshot_is_a_clear_error(tmp_path):
    path = tmp_path / "snap.zip"
    path.write_bytes(b"not a zip")
    try:
        read_snapshot(path)
    except dr.DataNotFoundError as exc:
        assert "not a readable dap-reports snapshot" in str(exc) and str(path) in str(exc)
    else:
        raise AssertionError("a damaged snapshot must be refused")
