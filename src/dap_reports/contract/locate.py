"""Where a portfolio's files are, and fingerprints of everything a report depends on.

Kept free of pandas and the notebook machinery: ``dap-reports`` uses it to decide in a
fraction of a second that nothing has changed since the last run.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..errors import DataNotFoundError

CONFIG_FILE = "portfolio.yaml"
WORKBOOK_NAME = "portfolio.xlsx"
DEMO_DIR = Path(__file__).resolve().parents[1] / "data" / "demo"
DATA_ENV = "DAP_REPORTS_DATA"
PACKAGE_DIR = Path(__file__).resolve().parents[1]


def resolve_data_path(path: str | os.PathLike | None = None) -> Path:
    """Where the portfolio is: the given path, ``$DAP_REPORTS_DATA``, ``./portfolio.xlsx``,
    or the bundled demo when none of these is there."""
    if path is None:
        path = os.environ.get(DATA_ENV) or None
    if path is None:
        here = Path.cwd()
        if (here / WORKBOOK_NAME).exists() or (here / "projects.csv").exists():
            return here
        return DEMO_DIR
    return Path(path)


def locate(path: Path) -> tuple[str, Path]:
    """('xlsx', file) or ('csv', folder)."""
    if path.is_file():
        if path.suffix.lower() in {".xlsx", ".xlsm"}:
            return "xlsx", path
        raise DataNotFoundError(
            f"{path}: not an Excel workbook (.xlsx). Give the workbook, or a folder of CSV files "
            "named after the tables."
        )
    if path.is_dir():
        if (path / WORKBOOK_NAME).is_file():
            return "xlsx", path / WORKBOOK_NAME
        if any(path.glob("*.csv")):
            return "csv", path
        raise DataNotFoundError(
            f"{path}: found neither {WORKBOOK_NAME} nor CSV files. "
            "Create a workspace with `dap-reports init DIR` or point --data at the workbook."
        )
    raise DataNotFoundError(f"{path}: no such file or folder. Check the --data path.")


def data_fingerprint(path: Path) -> str:
    """SHA-256 of the data as read: the workbook, or the CSVs and settings in name order."""
    kind, where = locate(Path(path))
    digest = hashlib.sha256()
    if kind == "xlsx":
        files = [where]
        config = where.parent / CONFIG_FILE
    else:
        files = sorted(where.glob("*.csv"))
        config = where / CONFIG_FILE
    if config.exists():
        files.append(config)
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def parameter_dirs(data_path: Path) -> list[Path]:
    """Where parameter files are looked for: beside the data, then the current folder."""
    folder = data_path.parent if data_path.is_file() else data_path
    unique: list[Path] = []
    for d in (folder / "parameters", Path.cwd() / "parameters"):
        if d.resolve() not in [u.resolve() for u in unique]:
            unique.append(d)
    return unique


def code_fingerprint() -> str:
    """SHA-256 of the toolkit's own code, templates and stylesheet: a changed report layout reruns reports
    even while the version number stays the same (as it does between releases)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if (
            path.suffix in (".py", ".ipynb", ".j2", ".css", ".json")
            and "__pycache__" not in path.parts
            and "data" not in path.relative_to(PACKAGE_DIR).parts[:1]
        ):
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
