"""Issued papers: what was sent to the steering group is frozen, kept with the data it was made from.

``dap-reports issue DATE`` marks a meeting's reports as sent (*udsendt*). It copies them, read-only,
into ``output/<year>/<date>/udsendt-v<n>/`` together with a snapshot of the exact validated input
(:mod:`dap_reports.contract.snapshot`) and records every file's SHA-256 in ``udsendt.json``. From then
on ``meeting``, ``year --all`` and ``run --since`` leave the meeting's reports alone and say so; with
``--reissue`` they make new reports and issue them as the next version, keeping the earlier one.

Nothing here is inside a report kernel; the kernel only reads a snapshot (the previous meeting's, for
its "since the previous meeting" comparisons and its list of corrections).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import stat
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import ReportError

RECORD = "udsendt.json"


class IssueError(ReportError):
    """A meeting's reports cannot be issued as asked (or an issued paper would be replaced)."""


@dataclass
class IssuedVersion:
    version: int
    issued_at: str
    folder: str  # e.g. "udsendt-v1", relative to the meeting's output folder
    files: dict[str, str] = field(default_factory=dict)  # file name -> SHA-256
    snapshot: str = ""  # file name of the data snapshot inside ``folder``
    snapshot_sha256: str = ""
    content_sha256: str = ""  # of the validated data the papers were made from


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def versions(folder: Path) -> list[IssuedVersion]:
    """The issued versions of the reports in a meeting's output folder, oldest first ([] if never issued)."""
    path = Path(folder) / RECORD
    if not path.is_file():
        return []
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        return [IssuedVersion(**v) for v in record["versions"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise IssueError(f"{path}: the record of issued papers is damaged ({exc}); restore it from backup.") from None


def latest(folder: Path) -> IssuedVersion | None:
    found = versions(folder)
    return found[-1] if found else None


def snapshot_of(folder: Path) -> Path | None:
    """The data snapshot of the latest issued version of a meeting's reports, if issued."""
    version = latest(folder)
    return Path(folder) / version.folder / version.snapshot if version else None


def issued_names(folder: Path) -> set[str]:
    version = latest(folder)
    return set(version.files) if version else set()


def issue(portfolio, folder: Path, report_names: list[str], date_iso: str) -> IssuedVersion:
    """Freeze the meeting's current reports in ``folder`` as the next issued version.

    ``report_names`` are the reports' base names (e.g. ``portefoljeoverblik-2026-10-14``); each must
    have been made from exactly the data ``portfolio`` holds now, so the papers and the snapshot agree.
    """
    from ..contract.snapshot import write_snapshot

    folder = Path(folder)
    problems, files = [], []
    for name in report_names:
        notebook = folder / f"{name}.ipynb"
        if not notebook.is_file():
            problems.append(f"{notebook.name} is missing")
            continue
        import nbformat  # here: the command line decides that nothing changed without it

        made_from = nbformat.read(notebook, as_version=4).metadata.get("dap_reports", {}).get("data_sha256")
        if made_from != portfolio.sha256:
            problems.append(f"{notebook.name} was made from other data than the workbook holds now")
        files += [notebook, *sorted(p for p in folder.glob(f"{name}.*") if p.suffix in (".html", ".pdf"))]
    if problems:
        raise IssueError(
            f"Cannot issue the reports for {date_iso}: {'; '.join(problems)}. Make them from the current data "
            f"with `dap-reports meeting {date_iso}` (add --format html,pdf for PDFs), look at them, then issue."
        )
    earlier = versions(folder)
    number = len(earlier) + 1
    target = folder / f"udsendt-v{number}"
    staging = folder / f".udsendt-v{number}.staging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        for path in files:
            shutil.copy2(path, staging / path.name)
        snapshot = f"data-{date_iso}.zip"
        manifest = write_snapshot(portfolio, staging / snapshot)
        version = IssuedVersion(
            version=number,
            issued_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            folder=target.name,
            files={p.name: sha256_file(staging / p.name) for p in files},
            snapshot=snapshot,
            snapshot_sha256=sha256_file(staging / snapshot),
            content_sha256=manifest["content_sha256"],
        )
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _write_record(folder, [*earlier, version])
    for path in [*target.iterdir(), *files, folder / RECORD]:
        read_only(path)
    return version


def prepare_reissue(folder: Path) -> None:
    """Let a new version of an issued meeting's reports be written: the issued copies stay read-only in
    their ``udsendt-v<n>`` folders; the working copies beside them become writable again."""
    for name in issued_names(folder):
        path = Path(folder) / name
        if path.exists():
            writable(path)
    record = Path(folder) / RECORD
    if record.exists():
        writable(record)


def verify(folder: Path) -> list[str]:
    """Files of issued versions that are missing or no longer what was issued (their SHA-256 differs)."""
    problems = []
    for version in versions(folder):
        base = Path(folder) / version.folder
        expected = {**version.files, version.snapshot: version.snapshot_sha256}
        for name, digest in expected.items():
            path = base / name
            if not path.is_file():
                problems.append(f"{path} is missing")
            elif sha256_file(path) != digest:
                problems.append(f"{path} has changed since it was issued")
    return problems


def read_only(path: Path) -> None:
    mode = os.stat(path).st_mode
    os.chmod(path, mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def writable(path: Path) -> None:
    os.chmod(path, os.stat(path).st_mode | stat.S_IWUSR)


def _write_record(folder: Path, found: list[IssuedVersion]) -> None:
    path = Path(folder) / RECORD
    if path.exists():
        writable(path)
    temp = path.with_name(f".{RECORD}.tmp")
    temp.write_text(
        json.dumps(
            {"meeting_folder": Path(folder).name, "versions": [asdict(v) for v in found]}, indent=1, ensure_ascii=False
        ),
        encoding="utf-8",
    )
    os.replace(temp, path)
