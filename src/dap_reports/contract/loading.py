"""Reading a portfolio from ``portfolio.xlsx`` or a folder of CSV files.

Both formats go through the same steps: read every sheet as raw cells (:mod:`.reading`,
keeping the spreadsheet row number), coerce each column to its schema type, then run the
cross-table checks in :mod:`.validation`. All problems are collected before
anything fails. Inputs are opened read-only and never written to.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ERROR, WARNING, Problem, ValidationFailed
from . import parsing
from .config import load_config
from .locate import data_fingerprint, locate, resolve_data_path
from .portfolio import Portfolio
from .reading import ROW, RawSheet, empty_table, read_csv_folder, read_xlsx
from .schema import README_SHEET, TABLES, Column, Table
from .snapshot import content_sha256
from .validation import validate

# --------------------------------------------------------------------------------------
# Coercing to schema types
# --------------------------------------------------------------------------------------


def _parse_cell(column: Column, value: object):
    if column.type == "date":
        return parsing.parse_date(value)
    if column.type == "int":
        return parsing.parse_int(value)
    if column.type == "number":
        return parsing.parse_number(value)
    if column.type == "enum":
        assert column.enum is not None  # Column guarantees an enumeration for enum columns
        return parsing.parse_enum(value, column.enum)
    if column.type == "period":
        return parsing.parse_period(value)
    return parsing.parse_text(value)


def _typed_series(column: Column, values: list, index) -> pd.Series:
    if column.type == "date":
        return pd.Series(pd.to_datetime(pd.Series(values, dtype=object)), index=index, dtype="datetime64[ns]")
    if column.type == "int":
        return pd.Series(values, index=index, dtype="Int64")
    if column.type == "number":
        return pd.Series([float("nan") if v is None else v for v in values], index=index, dtype="float64")
    return pd.Series(values, index=index, dtype=object)


def _bounds_text(column: Column) -> str:
    if column.minimum is not None and column.maximum is not None:
        return f"between {column.minimum:g} and {column.maximum:g}"
    if column.minimum is not None:
        return f"at least {column.minimum:g}"
    return f"at most {column.maximum:g}"


_UNPARSED = object()  # marks a cell the vectorised pass could not read; the per-cell parser decides


def _fast_parse(column: Column, series: pd.Series) -> list:
    """Parse the common, well-formed cells of a column in bulk.

    Returns one entry per cell: the typed value, ``None`` for a blank, or ``_UNPARSED`` where the
    per-cell parser must look (Danish dates, decimal commas, typos …) and give its exact message.
    """
    blank = [parsing.is_blank(v) for v in series]
    if column.type in ("id", "text"):
        return [None if b else parsing.parse_text(v) for v, b in zip(series, blank, strict=True)]
    if column.type == "enum":
        assert column.enum is not None  # Column guarantees an enumeration for enum columns
        lookup = column.enum.lookup()
        return [
            None if b else (lookup.get(v.strip().lower(), _UNPARSED) if isinstance(v, str) else _UNPARSED)
            for v, b in zip(series, blank, strict=True)
        ]
    if column.type == "date":
        text = series.where(np.array([isinstance(v, str) for v in series], dtype=bool))
        parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").astype(object)
        return [
            None if b else (d if isinstance(d, pd.Timestamp) else _UNPARSED) for d, b in zip(parsed, blank, strict=True)
        ]
    if column.type in ("int", "number"):
        numbers = pd.to_numeric(
            series.where(np.array([not isinstance(v, bool) for v in series], dtype=bool)), errors="coerce"
        )
        out: list[object] = []
        for n, b in zip(numbers, blank, strict=True):
            if b:
                out.append(None)
            elif pd.isna(n) or (column.type == "int" and not float(n).is_integer()):
                out.append(_UNPARSED)
            else:
                out.append(int(n) if column.type == "int" else float(n))
        return out
    return [_UNPARSED] * len(series)


def _check_value(column: Column, value, raw_value, row, problem) -> None:
    """Blank where a value is required, or a number out of its range."""
    if value is None and column.required:
        problem(
            ERROR,
            int(row),
            column.name,
            None,
            f"'{column.name}' must be filled in",
            f"enter {column.description[0].lower() + column.description[1:].rstrip('.')} (e.g. {column.example})",
            "blank_required",
        )
    elif (
        value is not None
        and column.type in ("int", "number")
        and (
            (column.minimum is not None and value < column.minimum)
            or (column.maximum is not None and value > column.maximum)
        )
    ):
        problem(
            ERROR,
            int(row),
            column.name,
            str(raw_value),
            f"out of range: must be {_bounds_text(column)}",
            f"correct the value, e.g. {column.example}",
            "out_of_range",
        )


def coerce_table(table: Table, raw: RawSheet) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []

    def problem(severity, row, column, value, message, fix, code):
        problems.append(Problem(severity, raw.file, raw.sheet, row, column, value, message, fix, code))

    if raw.frame is None:
        if not table.optional_table:
            where = f"sheet '{table.name}'" if raw.sheet else f"file {table.name}.csv"
            problem(
                ERROR,
                None,
                None,
                None,
                f"the {where} is missing",
                f"add a {where} with the header row {', '.join(table.column_names)} "
                "(`dap-reports init` makes a template with every sheet)",
                "missing_table",
            )
        return empty_table(table), problems

    frame = raw.frame
    present = set(frame.columns)
    known = set(table.column_names) | {ROW}
    unknown = sorted(present - known)
    for column in table.columns:
        if column.name not in present and not column.optional_column:
            typo = difflib.get_close_matches(column.name, unknown, n=1)
            fix = (
                f"rename the column '{typo[0]}' to '{column.name}'"
                if typo
                else f"add a column headed '{column.name}' in row 1 ({column.description})"
            )
            problem(
                ERROR,
                1,
                column.name,
                typo[0] if typo else None,
                f"required column '{column.name}' is missing from the header row",
                fix,
                "missing_column",
            )
    for extra in unknown:
        guess = difflib.get_close_matches(extra, table.column_names, n=1)
        if guess and guess[0] not in present and table.column(guess[0]).optional_column:
            problem(
                WARNING,
                1,
                extra,
                extra,
                f"column '{extra}' is not part of the data model and is ignored",
                f"rename it to '{guess[0]}' if that is what it holds",
                "unknown_column",
            )

    out = pd.DataFrame(index=frame.index)
    for column in table.columns:
        if column.name not in present:
            out[column.name] = _typed_series(column, [None] * len(frame), frame.index)
            continue
        values = _fast_parse(column, frame[column.name])
        for i, (raw_value, row) in enumerate(zip(frame[column.name], frame[ROW], strict=True)):
            value = values[i]
            if value is not _UNPARSED:
                _check_value(column, value, raw_value, row, problem)
                continue
            try:
                value = _parse_cell(column, raw_value)
            except ValueError as exc:
                problem(
                    ERROR,
                    int(row),
                    column.name,
                    str(raw_value),
                    str(exc),
                    f"correct the cell, e.g. {column.example}",
                    "bad_value",
                )
                value = None
            else:
                _check_value(column, value, raw_value, row, problem)
            values[i] = value
        out[column.name] = _typed_series(column, values, frame.index)
    for extra in [c for c in frame.columns if c not in known]:
        out[extra] = frame[extra].map(parsing.parse_text).astype(object)
    out[ROW] = frame[ROW].astype("int64")
    out = out.reset_index(drop=True)

    if table.key and all(k in present for k in table.key):
        keyed = out.dropna(subset=list(table.key))
        dup = keyed.duplicated(subset=list(table.key), keep="first")
        for _, record in keyed[dup].iterrows():
            first = keyed[(keyed[list(table.key)] == record[list(table.key)]).all(axis=1)][ROW].iloc[0]
            value = " / ".join(_show(record[k]) for k in table.key)
            problem(
                ERROR,
                int(record[ROW]),
                ", ".join(table.key),
                value,
                f"duplicate {' + '.join(table.key)}: the same as row {first}",
                "each must be unique: change one of the rows or delete the duplicate",
                "duplicate_key",
            )
    return out, problems


def _show(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return "" if parsing.is_blank(value) else str(value)


# --------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------


def read_tables(
    path: str | os.PathLike | None = None,
) -> tuple[dict[str, pd.DataFrame], list[Problem], dict[str, RawSheet], Path]:
    """Read and coerce every table; cross-table checks are not run here."""
    kind, where = locate(resolve_data_path(path))
    raw = read_xlsx(where) if kind == "xlsx" else read_csv_folder(where)
    tables, problems = {}, []
    for table in TABLES:
        tables[table.name], found = coerce_table(table, raw[table.name])
        problems.extend(found)
    return tables, problems, raw, where


def check_portfolio(path: str | os.PathLike | None = None):
    """Load and validate, returning ``(portfolio_or_None, problems)`` without raising on data errors.

    ``dap-reports validate`` uses this to show every problem at once.
    """
    tables, problems, raw, where = read_tables(path)
    folder = where.parent if where.is_file() else where
    config = load_config(folder)
    problems.extend(validate(tables, raw, config))
    problems.sort(
        key=lambda p: (
            p.severity != ERROR,
            _TABLE_ORDER.get(p.sheet or p.file.removesuffix(".csv"), 99),
            p.file,
            p.row or 0,
            p.column or "",
        )
    )
    if any(p.severity == ERROR for p in problems):
        return None, problems
    return Portfolio(
        tables=tables,
        config=config,
        source=where,
        problems=problems,
        sha256=content_sha256(tables, config),
        file_sha256=data_fingerprint(where),
    ), problems


_TABLE_ORDER = {t.name: i for i, t in enumerate(TABLES)} | {README_SHEET: -1}


def load_portfolio(path: str | os.PathLike | None = None):
    """Load a portfolio (workbook or CSV folder), raising :class:`ValidationFailed` on any error."""
    portfolio, problems = check_portfolio(path)
    if portfolio is None:
        _kind, where = locate(resolve_data_path(path))
        raise ValidationFailed(str(where), problems)
    return portfolio


__all__ = ["check_portfolio", "load_portfolio", "read_tables"]
