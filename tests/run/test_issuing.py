"""Issued papers never change: issue, skip, reissue, diff, and comparisons with what was issued."""

from __future__ import annotations

import csv
import os
import stat

import pytest
from typer.testing import CliRunner

from conftest import tiny_rows, write_csv_folder
from dap_reports.cli import app
from dap_reports.contract.snapshot import read_snapshot
from dap_reports.run import issuing
from dap_reports.run.issuing import IssueError
from dap_reports.run.jobs import diff_meeting, issue_meeting, run_meeting

FIRST, SECOND = "2026-01-14", "2026-03-11"
runner = CliRunner()


def _edit_status(folder, project_id, meeting, **values):
    path = folder / "status.csv"
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["project_id"] == project_id and row["meeting_date"] == meeting:
            row.update(values)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    """The tiny portfolio with its first meeting's reports made and issued."""
    root = tmp_path_factory.mktemp("issued")
    data = write_csv_folder(root / "data", tiny_rows())
    out = root / "out"
    run_meeting(FIRST, data=data, out=out)
    version, folder = issue_meeting(FIRST, data=data, out=out)
    return data, out, folder, version


def _bytes(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_issue_archives_papers_and_data_read_only(issued):
    data, out, folder, version = issued
    assert version.version == 1 and folder == out / "2026" / FIRST
    archive = folder / "udsendt-v1"
    assert sorted(p.name for p in archive.iterdir()) == sorted([*version.files, version.snapshot])
    assert set(version.files) == {
        f"{s}-{FIRST}.{x}" for s in ("portefoljeoverblik", "risikorapport") for x in ("ipynb", "html")
    }
    for path in [*archive.iterdir(), folder / issuing.RECORD]:
        assert not os.stat(path).st_mode & stat.S_IWUSR, path
    assert issuing.verify(folder) == []
    snapshot = read_snapshot(archive / version.snapshot)
    assert snapshot.sha256 == version.content_sha256
    import dap_reports as dr

    assert snapshot.sha256 == dr.load_portfolio(data).sha256  # the papers' data, exactly


def test_issuing_twice_or_without_reports_is_refused(issued, tmp_path):
    data, out, _folder, _version = issued
    with pytest.raises(IssueError, match="already issued"):
        issue_meeting(FIRST, data=data, out=out)
    with pytest.raises(IssueError, match="missing"):
        issue_meeting(SECOND, data=data, out=tmp_path / "elsewhere")


def test_reports_made_from_other_data_are_not_issued(tmp_path):
    data = write_csv_folder(tmp_path / "data", tiny_rows())
    run_meeting(FIRST, data=data, out=tmp_path / "out")
    _edit_status(data, "P1", FIRST, summary="Ændret efter rapporterne blev lavet")
    with pytest.raises(IssueError, match="made from other data"):
        issue_meeting(FIRST, data=data, out=tmp_path / "out")
    assert not (tmp_path / "out" / "2026" / FIRST / issuing.RECORD).exists()


def test_an_issued_meeting_is_never_replaced(issued):
    data, out, folder, _version = issued
    before = _bytes(folder)
    with pytest.raises(IssueError, match="--reissue"):
        run_meeting(FIRST, data=data, out=out)
    result = runner.invoke(app, ["meeting", FIRST, "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0 and "Udsendt" in result.output and "--reissue" in result.output
    assert _bytes(folder) == before


def test_batch_on_changed_data_keeps_issued_papers_byte_identical(tmp_path):
    data = write_csv_folder(tmp_path / "data", tiny_rows())
    out = tmp_path / "out"
    run_meeting(FIRST, data=data, out=out)
    issue_meeting(FIRST, data=data, out=out)
    folder = out / "2026" / FIRST
    before = _bytes(folder)
    _edit_status(data, "P1", FIRST, forecast_cost_dkk="1100000")  # a correction after issuing
    result = runner.invoke(app, ["year", "2026", "--all", "--data", str(data), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "issued" in result.output
    assert _bytes(folder) == before
    assert (out / "2026" / SECOND / f"portefoljeoverblik-{SECOND}.html").exists()

    # diff lists the planted correction, cell by cell
    changes, _version = diff_meeting(FIRST, data=data, out=out)
    assert changes[["table", "key", "column", "old", "new", "change"]].values.tolist() == [
        ["status", f"P1 / {FIRST}", "forecast_cost_dkk", "1000000", "1100000", "changed"]
    ]
    result = runner.invoke(app, ["diff", FIRST, "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0 and "forecast_cost_dkk" in result.output and "1100000" in result.output

    # the next meeting's data-quality section lists it, and compares with what the first meeting was shown
    html = (out / "2026" / SECOND / f"portefoljeoverblik-{SECOND}.html").read_text(encoding="utf-8")
    assert "Rettelser i data, der allerede er udsendt" in html
    assert "forecast_cost_dkk: 1000000 → 1100000" in html
    assert "sammenlignet med den udsendte version" in html

    # --reissue makes a new version and keeps the first
    written = run_meeting(FIRST, data=data, out=out, reissue=True)
    assert written
    found = issuing.versions(folder)
    assert [v.version for v in found] == [1, 2]
    assert found[0].files == issuing.versions(folder)[0].files
    assert _bytes(folder / "udsendt-v1") == {
        k.relative_to("udsendt-v1"): v for k, v in before.items() if str(k).startswith("udsendt-v1")
    }
    assert found[1].content_sha256 != found[0].content_sha256
    assert diff_meeting(FIRST, data=data, out=out)[0].empty  # v2 holds the corrected data


def test_trend_compares_with_what_the_previous_meeting_was_shown(tmp_path):
    data = write_csv_folder(tmp_path / "data", tiny_rows())
    out = tmp_path / "out"
    run_meeting(FIRST, data=data, out=out)
    issue_meeting(FIRST, data=data, out=out)
    # After issuing, P1's January status is corrected from green to red. Its March report is red: against
    # what January was shown (green) that is worse; against today's corrected January it would be unchanged.
    _edit_status(data, "P1", FIRST, time_rag="red")
    run_meeting(SECOND, data=data, out=out)
    html = (out / "2026" / SECOND / f"portefoljeoverblik-{SECOND}.html").read_text(encoding="utf-8")
    assert "trend-worsened" in html and "time_rag: green → red" in html


def test_diff_of_a_meeting_never_issued_says_how(tmp_path):
    data = write_csv_folder(tmp_path / "data", tiny_rows())
    with pytest.raises(IssueError, match="dap-reports issue"):
        diff_meeting(FIRST, data=data, out=tmp_path / "out")
