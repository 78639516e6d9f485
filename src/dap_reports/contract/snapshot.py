"""The validated content of a portfolio: its fingerprint, and a snapshot that can be archived and read back.

* :func:`content_sha256` fingerprints what the reports read — every table's schema columns in sheet
  order, typed (dates as dates, numbers as numbers, labels as canonical values), and the settings —
  not the file's bytes. Opening a workbook in Excel and saving it again changes the bytes but not the
  content, so reports are neither remade nor shown with a new fingerprint.
* :func:`write_snapshot` archives exactly that content as a zip of Parquet files (one per table)
  with ``portfolio.yaml`` and a manifest; :func:`read_snapshot` gives the same Portfolio back. An
  issued meeting keeps its snapshot, so "what the group was shown" can be compared with today's data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ..errors import DataNotFoundError
from .config import PortfolioConfig, dump_config
from .portfolio import Portfolio
from .reading import ROW, RawSheet, empty_table
from .schema import TABLES, Column, Table
from .validation import validate

FORMAT = 1
MANIFEST = "manifest.json"
CONFIG = "portfolio.yaml"


def analyst_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Each schema table's own columns as the analyst entered them: no row numbers, no extra columns,
    and the overall RAG blank where the loader filled in the worst dimension."""
    return {table.name: _analyst_table(table, tables[table.name]) for table in TABLES}


def _analyst_table(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    data = frame[table.column_names].reset_index(drop=True).copy()
    if table.name == "status" and "overall_derived" in frame:
        derived = frame["overall_derived"].astype(bool).to_numpy()
        data["overall_rag"] = pd.Series(
            [None if d else v for v, d in zip(data["overall_rag"], derived, strict=True)], dtype=object
        )
    return data


def cell_text(column: Column, value) -> str:
    """A cell as text for fingerprints and diffs: ISO dates, plain numbers, "" for blank."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if column.type == "date":
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if column.type in ("int", "number"):
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(number)
    return str(value)


def _column_text(column: Column, series: pd.Series) -> list[str]:
    """:func:`cell_text` of every cell of a column, the common cases without a call per cell."""
    if column.type == "date" and isinstance(series.dtype, np.dtype) and series.dtype.kind == "M":
        # numpy writes ISO days many times quicker than strftime (a big portfolio has 100,000s of dates)
        days = np.datetime_as_string(series.to_numpy().astype("datetime64[D]"))
        return np.where(series.isna().to_numpy(), "", days).tolist()
    if column.type == "date" and pd.api.types.is_datetime64_any_dtype(series.dtype):
        return series.dt.strftime("%Y-%m-%d").fillna("").tolist()
    if column.type in ("int", "number"):
        whole = _whole_number_texts(series)
        if whole is not None:
            return whole
    values = series.tolist()
    if column.type in ("int", "number"):

        def number(value) -> str:
            if value is None or value is pd.NA:
                return ""
            if isinstance(value, str):
                return cell_text(column, value)
            as_float = float(value)
            if as_float != as_float:  # NaN
                return ""
            return str(int(as_float)) if as_float.is_integer() else repr(as_float)

        return [number(v) for v in values]
    if column.type in ("id", "text", "enum"):
        return ["" if v is None else (v if type(v) is str else cell_text(column, v)) for v in values]
    return [cell_text(column, v) for v in values]


def _whole_number_texts(series: pd.Series) -> list[str] | None:
    """:func:`cell_text` of a typed number column, whole numbers written by numpy (a big portfolio has
    100,000s), the others (and blanks) as :func:`cell_text` writes them; None for a column of another dtype."""
    if isinstance(series.dtype, pd.Int64Dtype):
        blank = series.isna().to_numpy()
        texts = series.to_numpy(dtype="int64", na_value=0).astype(str)
        return np.where(blank, "", texts).tolist()
    if series.dtype != np.float64:
        return None
    values = series.to_numpy()
    whole = np.isfinite(values) & (np.floor(values) == values) & (np.abs(values) < 2**53)
    texts = np.where(whole, values, 0).astype(np.int64).astype(str).tolist()
    for i in np.flatnonzero(~whole).tolist():  # fractions, blanks (NaN) and huge numbers: a cell at a time
        value = float(values[i])
        texts[i] = "" if value != value else (str(int(value)) if value.is_integer() else repr(value))
    return texts


def content_sha256(
    tables: dict[str, pd.DataFrame], config: PortfolioConfig, texts: dict[str, bytes] | None = None
) -> str:
    """SHA-256 of the validated content (see module docstring); independent of file format and bytes.
    ``texts``: each table's :func:`table_text`, where it was made already (by the process that read it)."""
    digest = hashlib.sha256()
    for table in TABLES:
        digest.update(f"\n#{table.name}\n".encode())
        digest.update(texts[table.name] if texts is not None else table_text(table, tables[table.name]))
    digest.update(json.dumps(config.model_dump(mode="json"), sort_keys=True).encode())
    return digest.hexdigest()


def table_text(table: Table, frame: pd.DataFrame) -> bytes:
    """A table's part of :func:`content_sha256`: its schema columns' cells as text, a line per row."""
    # Only the status table differs from the analyst's (the derived overall RAG): copy no other.
    frame = _analyst_table(table, frame) if table.name == "status" else frame
    columns = [_column_text(c, frame[c.name]) for c in table.columns]
    return "".join("\x1f".join(row) + "\n" for row in zip(*columns, strict=True)).encode()


def write_snapshot(portfolio: Portfolio, path: Path) -> dict:
    """Write the portfolio's validated content to ``path`` (a .zip); returns the manifest."""
    from .. import __version__  # looked up when needed: see dap_reports.__init__

    path = Path(path)
    tables = analyst_tables(portfolio.tables)
    manifest = {
        "format": FORMAT,
        "content_sha256": portfolio.sha256 or content_sha256(portfolio.tables, portfolio.config),
        "source": str(portfolio.source) if portfolio.source else "",
        "source_file_sha256": portfolio.file_sha256,
        "written": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "dap_reports": __version__,
        "rows": {name: len(frame) for name, frame in tables.items()},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, frame in tables.items():
            buffer = io.BytesIO()
            _for_parquet(frame).to_parquet(buffer, index=False)
            archive.writestr(f"tables/{name}.parquet", buffer.getvalue())
        archive.writestr(CONFIG, dump_config(portfolio.config))
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
    temp.replace(path)
    return manifest


def read_snapshot(path: Path) -> Portfolio:
    """The Portfolio archived in a snapshot, validated again (its warnings worked out afresh)."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read(MANIFEST))
            config = PortfolioConfig.model_validate(yaml.safe_load(archive.read(CONFIG)) or {})
            tables = {}
            names = set(archive.namelist())
            for table in TABLES:
                member = f"tables/{table.name}.parquet"
                frame = pd.read_parquet(io.BytesIO(archive.read(member))) if member in names else None
                tables[table.name] = _restore(table, frame)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError) as exc:
        raise DataNotFoundError(
            f"{path}: not a readable dap-reports snapshot ({type(exc).__name__}: {exc}). It may have been "
            "changed or damaged; issued snapshots are read-only and should never be edited."
        ) from None
    if manifest.get("format", 0) > FORMAT:
        raise DataNotFoundError(f"{path}: written by a newer dap-reports ({manifest.get('dap_reports')}); update.")
    raw = {t.name: RawSheet(t.name, f"{t.name} (udsendt)", t.name, None) for t in TABLES}
    problems = validate(tables, raw, config)
    return Portfolio(
        tables=tables,
        config=config,
        source=path,
        problems=problems,
        sha256=manifest["content_sha256"],
        file_sha256=manifest.get("source_file_sha256", ""),
    )


def _for_parquet(frame: pd.DataFrame) -> pd.DataFrame:
    # Object columns of None-or-text go to Parquet as strings; Int64 and datetimes keep their types.
    return frame.astype({c: "string" for c in frame.columns if frame[c].dtype == object})


def _restore(table: Table, frame: pd.DataFrame | None) -> pd.DataFrame:
    """The loader's dtypes (object with None for text, Int64, float64, datetime64) and row numbers."""
    if frame is None or frame.empty:
        return empty_table(table)
    out = pd.DataFrame(index=range(len(frame)))
    for column in table.columns:
        values = frame[column.name] if column.name in frame else pd.Series([None] * len(frame))
        if column.type == "date":
            out[column.name] = pd.to_datetime(values).astype("datetime64[ns]")
        elif column.type == "int":
            out[column.name] = values.astype("Int64")
        elif column.type == "number":
            out[column.name] = values.astype("float64")
        else:
            out[column.name] = pd.Series([None if pd.isna(v) else str(v) for v in values], dtype=object)
    out[ROW] = range(2, len(frame) + 2)
    return out
