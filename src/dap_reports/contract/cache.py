"""Validated portfolios kept between runs, so that data already read is not read and checked again.

Reading and checking a workbook is most of what a command waits for on a large portfolio (about 2 s
for 1,500 projects × 10 years), and analysts run several commands on the same data between two
updates (``meeting``, ``agenda``, ``minutes``, ``forms``, ``issue``); on Windows every report's
kernel reads the workbook again, too. A portfolio that loaded without errors is therefore kept in the
user's cache folder, under a key made of:

* the data's bytes and its settings (:func:`~.locate.data_fingerprint`, the SHA-256 the footer shows)
  and where they are (the footer names the file);
* the toolkit's own code (:func:`~.locate.code_fingerprint`) and the Python, pandas and NumPy versions;

so any change to any of them reads the data again. Data with errors are never kept: their problems
are found and shown afresh. The four most recently used portfolios are kept.

The folder is the user's own (``~/.cache/dap-reports``, ``%LOCALAPPDATA%\\dap-reports``), like the
data themselves; ``DAP_REPORTS_CACHE=off`` reads the data every time, ``DAP_REPORTS_CACHE=<folder>``
keeps them there instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

CACHE_ENV = "DAP_REPORTS_CACHE"
KEEP = 4
_PREFIX = "portfolio-"


def user_cache_dir() -> Path | None:
    """This user's cache folder for dap-reports (None where there is none, e.g. no home folder)."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or (os.path.expanduser("~/.cache") if "HOME" in os.environ else None)
    return Path(base) / "dap-reports" if base else None


def _folder() -> Path | None:
    setting = os.environ.get(CACHE_ENV, "").strip()
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    return Path(setting) if setting else user_cache_dir()


def key(where: Path, data_sha256: str) -> str:
    """The key of the data at ``where`` whose bytes have this fingerprint, read by this code."""
    import numpy
    import pandas

    from .locate import code_fingerprint

    parts = (
        data_sha256,
        str(Path(where).resolve()),
        code_fingerprint(),
        sys.version,
        pandas.__version__,
        numpy.__version__,
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _file(cache_key: str) -> Path | None:
    folder = _folder()
    return None if folder is None else folder / f"{_PREFIX}{cache_key}.pickle"


def enabled() -> bool:
    """Whether portfolios are kept (not ``DAP_REPORTS_CACHE=off``, and there is a folder for them)."""
    return _folder() is not None


def recall(cache_key: str):
    """``(portfolio, problems)`` as kept under this key, or None."""
    data = recall_pickled(cache_key)
    if data is None:
        return None
    try:
        portfolio, problems = pickle.loads(data)
    except Exception:  # a file cut short or from elsewhere: forget it, read the data
        forget(cache_key)
        return None
    return portfolio, problems


def recall_pickled(cache_key: str) -> bytes | None:
    """The pickle :func:`recall` reads, as kept (for a process that sends it on as it is), or None."""
    path = _file(cache_key)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept longest
    return data


def forget(cache_key: str) -> None:
    path = _file(cache_key)
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink()


def keep(cache_key: str, portfolio, problems) -> None:
    """Keep a portfolio that loaded without errors; never fails a run (a read-only or full disk: not kept)."""
    if portfolio is not None and _file(cache_key) is not None:
        keep_pickled(cache_key, pickle.dumps((portfolio, problems), protocol=pickle.HIGHEST_PROTOCOL))


def keep_pickled(cache_key: str, pickled: bytes) -> None:
    """Keep ``pickle.dumps((portfolio, problems))`` of a portfolio that loaded without errors, pickled
    already (the helper that loads a meeting's data sends the parent those very bytes)."""
    path = _file(cache_key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(pickled)
            os.replace(temp, path)  # whole or not at all, also with two runs at once
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        _prune(path.parent)
    except OSError:
        return


def _prune(folder: Path) -> None:
    kept = sorted(folder.glob(f"{_PREFIX}*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in kept[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
