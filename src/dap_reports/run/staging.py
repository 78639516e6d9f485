"""Staging folders that name their owner, and moving finished files into place.

A run writes its reports into a staging folder beside the target and moves them into place only
when all succeeded. A run killed outright (SIGKILL, a closed laptop, Task Manager) cannot remove
its staging folder, so the folder's name says who owns it — this computer, the owner's process id
and the time that process started::

    .staging-2026-03-11-h3f9a1c-p41234-t1732001234-k2j4x8q1

and the next run in the same output folder removes staging folders whose owner is *provably*
gone: on this computer, and no process with that id and start time exists any more. Folders of
live runs, of other computers (a shared network drive) and of unknown form are left alone.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import tempfile
import time
from pathlib import Path

PREFIX = ".staging-"
_OWNER = re.compile(r"-h([0-9a-f]{6})-p(\d+)-t(\d+)-[^-]*$")
_START_TOLERANCE_SECONDS = 2  # start times are compared in whole seconds


def _host() -> str:
    return hashlib.sha256(socket.gethostname().encode("utf-8")).hexdigest()[:6]


def _started(pid: int) -> int | None:
    import psutil

    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:  # ended, not yet reaped: gone
            return None
        return int(process.create_time())
    except psutil.NoSuchProcess:
        return None


def make_staging(target_dir: Path) -> Path:
    """A new staging folder beside ``target_dir``, owned by this process."""
    pid = os.getpid()
    started = _started(pid) or int(time.time())
    prefix = f"{PREFIX}{target_dir.name}-h{_host()}-p{pid}-t{started}-"
    return Path(tempfile.mkdtemp(prefix=prefix, dir=target_dir.parent))


def owner_gone(folder: Path) -> bool:
    """Whether the process that made this staging folder has provably ended."""
    import psutil

    found = _OWNER.search(folder.name)
    if not folder.name.startswith(PREFIX) or found is None or found.group(1) != _host():
        return False
    pid, started = int(found.group(2)), int(found.group(3))
    try:
        actual = _started(pid)
    except psutil.AccessDenied:  # someone else's process: not provably ours, not provably gone
        return False
    return actual is None or abs(actual - started) > _START_TOLERANCE_SECONDS


def remove_abandoned(parent: Path) -> list[Path]:
    """Remove the staging folders in ``parent`` whose owner has ended; returns those removed."""
    removed = []
    for folder in sorted(Path(parent).glob(f"{PREFIX}*")):
        if folder.is_dir() and owner_gone(folder):
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists():
                removed.append(folder)
    return removed


def replace(source: Path, destination: Path, attempts: int = 20) -> None:
    """``os.replace``, retried briefly: on Windows a file another process is reading at that moment
    (a concurrent run checking the manifest, a virus scanner) cannot be replaced."""
    for attempt in range(attempts):
        try:
            os.replace(source, destination)
            return
        except PermissionError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
