"""Reading a portfolio from ``portfolio.xlsx`` or a folder of CSV files.

Both formats go through the same steps: read every sheet as raw cells (:mod:`.reading`,
keeping the spreadsheet row number), coerce each column to its schema type, then run the
cross-table checks in :mod:`.validation`. All problems are collected before
anything fails. Inputs are opened read-only and never written to.
"""

from __future__ import annotations

import difflib
import itertools
import math
import operator
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ERROR, WARNING, Problem, ValidationFailed
from . import cache, parsing
from .config import PortfolioConfig, load_config
from .locate import data_fingerprint, locate, resolve_data_path
from .portfolio import Portfolio
from .reading import (
    ROW,
    RawSheet,
    column_letter,
    column_number,
    csv_sheets,
    empty_table,
    read_csv_folder,
    read_xlsx,
    xlsx_sheets,
)
from .schema import README_SHEET, TABLE_NAMES, TABLES, Column, Table, tables_with
from .snapshot import content_sha256, table_text
from .validation import validate

# --------------------------------------------------------------------------------------
# Coercing to schema types
# --------------------------------------------------------------------------------------


def _parse_cell(column: Column, value: object, decimal_point_seen: str | None = None):
    parsing.check_cell(value)  # a formula without a value, or one giving #DIV/0!, in any column
    if column.type == "date":
        return parsing.parse_date(value)
    if column.type == "int":
        return parsing.parse_int(value, column.name, decimal_point_seen=decimal_point_seen)
    if column.type == "number":
        return parsing.parse_number(value, column.name, decimal_point_seen=decimal_point_seen)
    if column.type == "enum":
        assert column.enum is not None  # Column guarantees an enumeration for enum columns
        return parsing.parse_enum(value, column.enum)
    if column.type == "period":
        return parsing.parse_period(value)
    return parsing.parse_text(value)


def _typed_series(column: Column, values: list, index) -> pd.Series:
    if column.type == "date":
        if set(map(type, values)) <= {type(None), np.datetime64}:  # all from the fast pass: numpy converts
            return pd.Series(np.array(values, dtype="datetime64[ns]"), index=index)
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
# Numbers the fast pass reads itself: digits with an optional decimal point, except 1.500 (a Danish
# thousands point, or 1.5 written with three decimals): that, and everything unusual, goes to parsing.
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_ONE_THOUSANDS_GROUP = re.compile(r"-?[1-9][0-9]{0,2}\.[0-9]{3}")


def _fast_number(value: object, whole: bool) -> object:
    kind = type(value)
    if value is None:
        return None
    if kind is int or kind is float:
        number = float(value)  # type: ignore[arg-type]
        if number != number:  # NaN: a blank
            return None
    elif kind is str:
        text = str(value).strip()
        if not text:
            return None
        if not _PLAIN_NUMBER.fullmatch(text) or _ONE_THOUSANDS_GROUP.fullmatch(text):
            return _UNPARSED
        number = float(text) + 0.0
    else:
        return None if parsing.is_blank(value) else _UNPARSED  # booleans, dates, percent cells, formulas …
    if abs(number) > parsing.WHOLE_LIMIT:
        return _UNPARSED  # too large for a whole number, or infinite: the parser says so
    if whole:
        return int(number) if number.is_integer() else _UNPARSED
    return number


# A CSV column of plain numbers (or blanks), one per line: read by numpy in one go.
_PLAIN_NUMBERS = re.compile(r"(?:-?[0-9]+(?:\.[0-9]+)?)?(?:\n(?:-?[0-9]+(?:\.[0-9]+)?)?)*")
_THOUSANDS_LINE = re.compile(r"^-?[1-9][0-9]{0,2}\.[0-9]{3}$", re.M)


def _stripped_strings(series: pd.Series) -> list[str] | None:
    """Every cell stripped, if every cell is a string (a CSV file's are); else None."""
    values = series.tolist()
    if set(map(type, values)) - {str}:
        return None
    return [v.strip() for v in values]


def _plain_numbers(series: pd.Series, whole: bool) -> list | None:
    """:func:`_fast_number` of every cell, where every cell is text holding a plain number or nothing (a CSV
    file's column, nearly always): checked by one regular expression over the column and converted by
    numpy, not cell by cell. None where any cell is anything else: then each cell is looked at."""
    texts = _stripped_strings(series)
    if texts is None:
        return None
    joined = "\n".join(texts)
    if (
        joined.count("\n") != len(texts) - 1  # a line break inside a cell
        or not _PLAIN_NUMBERS.fullmatch(joined)
        or _THOUSANDS_LINE.search(joined)
    ):
        return None
    blank = [not t for t in texts]
    numbers = np.array([t or "nan" for t in texts], dtype=float) + 0.0  # + 0.0: -0 is 0
    known = numbers[~np.array(blank, dtype=bool)]
    if known.size and np.abs(known).max() > parsing.WHOLE_LIMIT:
        return None  # the parser says what is wrong
    if whole:
        if known.size and not np.all(known == np.floor(known)):
            return None
        return [None if b else int(n) for n, b in zip(numbers.tolist(), blank, strict=True)]
    return [None if b else n for n, b in zip(numbers.tolist(), blank, strict=True)]


def _special(value: object) -> bool:
    """A cell a text column must not take as text: a formula without a value, or an Excel error value."""
    return isinstance(value, parsing.FormulaWithoutValue) or parsing.is_formula_error(value)


def _fast_text(value: object) -> object:
    """A text cell as :func:`parsing.parse_text` reads it, or ``_UNPARSED`` for an Excel error value
    or a formula without a value; plain strings (nearly every cell) without a call."""
    if type(value) is str:
        text = value.strip()
        if not text:
            return None
        return _UNPARSED if "#" in text and text.upper() in parsing.EXCEL_ERRORS else text
    if parsing.is_blank(value):
        return None
    return _UNPARSED if _special(value) else parsing.parse_text(value)


def _fast_enum(value: object, lookup: dict) -> object:
    if type(value) is str:
        text = value.strip()
        return lookup.get(text.lower(), _UNPARSED) if text else None
    if parsing.is_blank(value):
        return None
    return lookup.get(value.strip().lower(), _UNPARSED) if isinstance(value, str) else _UNPARSED


def _fast_parse(column: Column, series: pd.Series) -> list:
    """Parse the common, well-formed cells of a column in bulk.

    Returns one entry per cell: the typed value, ``None`` for a blank, or ``_UNPARSED`` where the
    per-cell parser must look (Danish dates, decimal commas, typos …) and give its exact message.
    """
    if column.type in ("int", "number"):
        whole = column.type == "int"
        bulk = _plain_numbers(series, whole)
        return bulk if bulk is not None else [_fast_number(v, whole) for v in series]
    if column.type in ("id", "text"):
        texts = _stripped_strings(series)
        if texts is not None and not any("#" in t for t in texts):  # no cell can be an Excel error value
            return [t or None for t in texts]
        return [_fast_text(v) for v in series]
    if column.type == "enum":
        assert column.enum is not None  # Column guarantees an enumeration for enum columns
        lookup = column.enum.lookup()
        texts = _stripped_strings(series)
        if texts is not None:
            return [lookup.get(t.lower(), _UNPARSED) if t else None for t in texts]
        return [_fast_enum(v, lookup) for v in series]
    # a text cell (the common case) is blank when it is only white space: no call per cell for it
    blank = [not v.strip() if type(v) is str else parsing.is_blank(v) for v in series]
    if column.type == "date":
        text = series.where(np.array([isinstance(v, str) for v in series], dtype=bool))
        # numpy datetime64 values, not Timestamps: a big portfolio has 100,000s of dates, and numpy makes
        # them (and the column from them, in _typed_series) many times quicker
        parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").to_numpy()
        return [
            None if b else (_UNPARSED if nat else d)
            for d, nat, b in zip(list(parsed), np.isnat(parsed).tolist(), blank, strict=True)
        ]
    return [_UNPARSED] * len(series)


def _holds(values: list, marker: object) -> bool:
    """Whether ``marker`` itself is in ``values`` — by identity: ``in`` compares, and comparing a NumPy date
    with anything else is slow."""
    return any(map(operator.is_, values, itertools.repeat(marker)))


def _out_of_range(values: list, low: float, high: float) -> bool:
    """Whether a column of numbers (and blanks) read by the fast pass has one outside ``low``–``high``."""
    numbers = np.array(values, dtype=float)  # None is NaN, which is in no range's way
    return bool(((numbers < low) | (numbers > high)).any())


def _decimal_point_seen(column: Column, series: pd.Series, rows: pd.Series, values: list) -> str | None:
    """Where this column has a number written the English way, if it also has an ambiguous one (1.500)."""
    if column.type not in ("int", "number") or not _holds(values, _UNPARSED):
        return None
    if not any(v is _UNPARSED and parsing.is_ambiguous_number(raw) for v, raw in zip(values, series, strict=True)):
        return None
    for raw, row in zip(series, rows, strict=True):
        if parsing.uses_decimal_point(raw):
            return f"row {int(row)} ({str(raw).strip()!r})"
    return None


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


def _header_hint(raw: RawSheet, blank: list[int]) -> str:
    """Why a column may be missing although its header was typed: merged or blank header cells."""
    if raw.merged_header:
        return (
            f"; the header row has merged cells ({', '.join(raw.merged_header)}), and a merged cell keeps its text "
            "in its first column only"
        )
    if blank:
        where = ", ".join(column_letter(i + 1) for i in blank)
        return f"; the header row has blank cells ({where}) next to headers, as merged header cells leave them"
    return ""


def _headers(table: Table, raw: RawSheet, problem) -> tuple[dict[str, int], dict[str, int], list[int]]:
    """Match the header row to the data model: (schema column → position, extra header → position, blanks).

    Headers match ignoring case, spaces, hyphens and underscores ('Project ID' is project_id). Two
    headers for one column are an error; blank header cells with values below are reported and ignored.
    """
    assert raw.frame is not None
    schema_names = set(table.column_names)
    found: dict[str, list[int]] = {}
    extras: dict[str, list[int]] = {}
    blank: list[int] = []
    last_header = max((i for i, h in enumerate(raw.headers) if h), default=-1)
    for position, header in enumerate(raw.headers):
        key = parsing.header_key(header)
        if not header:
            has_values = not all(parsing.is_blank(v) for v in raw.frame.iloc[:, position])
            if has_values or position < last_header:
                blank.append(position)
            if has_values:
                letter = column_letter(position + 1)
                merged = next((m for m in raw.merged_header if _in_range(position + 1, m)), None)
                note = (
                    f" (its header cell is merged into {merged}, which keeps the text in its first column only)"
                    if merged
                    else ""
                )
                problem(
                    WARNING,
                    raw.header_row,
                    letter,
                    None,
                    f"column {letter} has values but no header in row 1{note}, so they are ignored",
                    ("unmerge the header cells and " if merged else "")
                    + f"write a header in {letter}1 (or delete the values if they are not needed)",
                    "unnamed_column",
                )
        elif key in schema_names:
            found.setdefault(key, []).append(position)
        elif header != ROW:
            extras.setdefault(header, []).append(position)
    for name, positions in [*found.items(), *extras.items()]:
        if len(positions) < 2:
            continue
        listed = " and ".join(f"{column_letter(i + 1)} ({raw.headers[i]!r})" for i in positions)
        problem(
            ERROR if name in schema_names else WARNING,
            1,
            name,
            ", ".join(raw.headers[i] for i in positions),
            f"the header row has {len(positions)} columns for '{name}': {listed}"
            + ("" if name in schema_names else "; only the first is kept"),
            "remove one of them, or rename it if it holds something else",
            "duplicate_column",
        )
    return (
        {name: positions[0] for name, positions in found.items()},
        {name: positions[0] for name, positions in extras.items()},
        blank,
    )


def _in_range(column: int, merged: str) -> bool:
    """Whether a 1-based column lies in a merged range such as 'B1:D1'."""
    first, _, last = merged.partition(":")
    return column_number(first.rstrip("0123456789")) <= column <= column_number(last.rstrip("0123456789"))


def coerce_table(table: Table, raw: RawSheet) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = list(raw.problems)

    def problem(severity, row, column, value, message, fix, code):
        problems.append(Problem(severity, raw.file, raw.sheet, row, column, value, message, fix, code))

    if raw.frame is None:
        if not table.optional_table and not raw.problems:
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

    if raw.header_row > 1:
        above = "row 1" if raw.header_row == 2 else f"rows 1–{raw.header_row - 1}"
        problem(
            ERROR,
            raw.header_row,
            None,
            None,
            f"the column headers are in row {raw.header_row}, not in row 1 where they are read from",
            f"delete {above} above them (a title or blank rows) so that the headers are in row 1 "
            "and the data starts in row 2",
            "header_not_in_row_1",
        )
        return empty_table(table), problems

    frame = raw.frame
    columns, extras, blank = _headers(table, raw, problem)
    hint = _header_hint(raw, blank)
    unknown = {parsing.header_key(extra): extra for extra in sorted(extras, reverse=True)}
    for column in table.columns:
        if column.name not in columns and not column.optional_column:
            typo = [unknown[k] for k in difflib.get_close_matches(column.name, list(unknown), n=1)]
            fix = (
                f"rename the column '{typo[0]}' to '{column.name}'"
                if typo
                else f"add a column headed '{column.name}' in row 1 ({column.description})"
            )
            if hint and not typo:
                fix = f"unmerge the header cells and write '{column.name}' in its own cell in row 1"
            problem(
                ERROR,
                1,
                column.name,
                typo[0] if typo else None,
                f"required column '{column.name}' is missing from the header row{hint}",
                fix,
                "missing_column",
            )
    for extra in sorted(extras):
        guess = difflib.get_close_matches(parsing.header_key(extra), table.column_names, n=1)
        if guess and guess[0] not in columns and table.column(guess[0]).optional_column:
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
        if column.name not in columns:
            out[column.name] = _typed_series(column, [None] * len(frame), frame.index)
            continue
        series = frame.iloc[:, columns[column.name]]
        values = _fast_parse(column, series)
        decimal_point_seen = _decimal_point_seen(column, series, frame[ROW], values)
        # The cells to look at further, in row order: those the fast pass left, blanks in a required
        # column and numbers out of range (see _check_value); every other cell is done.
        low = -math.inf if column.minimum is None else column.minimum
        high = math.inf if column.maximum is None else column.maximum
        bounded = column.type in ("int", "number") and (column.minimum is not None or column.maximum is not None)
        required = column.required
        # most columns have nothing to look at: found out by scans in C
        if (
            _holds(values, _UNPARSED)
            or (required and _holds(values, None))
            or (bounded and _out_of_range(values, low, high))
        ):
            look = [
                i
                for i, v in enumerate(values)
                if v is _UNPARSED or (v is None and required) or (bounded and v is not None and not low <= v <= high)
            ]
        else:
            look = []
        raws, rows = series.to_numpy(), frame[ROW].to_numpy()  # no list per column: most have nothing to look at
        for i in look:
            value, raw_value, row = values[i], raws[i], rows[i]
            if value is not _UNPARSED:
                _check_value(column, value, raw_value, row, problem)
                continue
            try:
                value = _parse_cell(column, raw_value, decimal_point_seen)
            except ValueError as exc:
                problem(
                    ERROR,
                    int(row),
                    column.name,
                    str(raw_value),
                    str(exc),
                    getattr(exc, "fix", "") or f"correct the cell, e.g. {column.example}",
                    getattr(exc, "code", "bad_value"),
                )
                value = None
            else:
                _check_value(column, value, raw_value, row, problem)
            values[i] = value
        out[column.name] = _typed_series(column, values, frame.index)
    for extra, position in extras.items():
        out[extra] = frame.iloc[:, position].map(parsing.parse_text).astype(object)
    out[ROW] = frame[ROW].astype("int64")
    out = out.reset_index(drop=True)

    if table.key and all(k in columns for k in table.key):
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
    path: str | os.PathLike | None = None, config: PortfolioConfig | None = None
) -> tuple[dict[str, pd.DataFrame], list[Problem], dict[str, RawSheet], Path]:
    """Read and coerce every table; cross-table checks are not run here. The phase columns are read
    with the portfolio's own phases (``config.phases``; today's list by default)."""
    kind, where = locate(resolve_data_path(path))
    raw = read_xlsx(where) if kind == "xlsx" else read_csv_folder(where)
    tables, problems = {}, []
    for table in tables_with({"phase": (config or PortfolioConfig()).phase_enumeration()}):
        tables[table.name], found = coerce_table(table, raw[table.name])
        problems.extend(found)
    return tables, problems, raw, where


def check_portfolio(path: str | os.PathLike | None = None, *, keep: bool = True):
    """Load and validate, returning ``(portfolio_or_None, problems)`` without raising on data errors.

    ``dap-reports validate`` uses this to show every problem at once. Data that loaded without errors
    before, unchanged, are taken as they were kept then (:mod:`.cache`); data read now are kept for next
    time (``keep=False``: the caller keeps them, under :func:`cache_key`, when it has time).
    """
    where, file_sha256, key = locate_data(path)
    kept = cache.recall(key)
    if kept is not None:
        return kept
    portfolio, problems = _check(where, file_sha256)
    if keep:
        cache.keep(key, portfolio, problems)
    return portfolio, problems


def cache_key(portfolio) -> str:
    """The key a portfolio :func:`check_portfolio` read is kept under (see :mod:`.cache`)."""
    return cache.key(portfolio.source, portfolio.file_sha256)


def _check(where: Path, file_sha256: str):
    config = config_for(where)
    return assemble(where, file_sha256, config, read_parts(where, config, TABLE_NAMES))


def locate_data(path: str | os.PathLike | None = None) -> tuple[Path, str, str]:
    """The data's workbook or CSV folder, the SHA-256 of its bytes (and settings) and its cache key."""
    _, where = locate(resolve_data_path(path))
    file_sha256 = data_fingerprint(where)
    return where, file_sha256, cache.key(where, file_sha256)


def config_for(where: Path) -> PortfolioConfig:
    """The settings beside the data (``portfolio.yaml``), or the defaults."""
    return load_config(where.parent if where.is_file() else where)


@dataclass
class TablePart:
    """One table read and coerced, with what checking the portfolio as a whole needs of it. A big
    portfolio's tables are read by two processes, each sending what it read to one that puts them together
    (:func:`assemble`): see :mod:`dap_reports.run.forked`."""

    frame: pd.DataFrame
    problems: list[Problem]
    file: str
    sheet: str
    text: bytes  # its part of the content fingerprint (:func:`.snapshot.table_text`)


def read_parts(where: Path, config: PortfolioConfig, names: Iterable[str]) -> dict[str, TablePart]:
    """Read and coerce the tables named in ``names``, each as its name is taken from it."""
    return dict(iter_parts(where, config, names))


def iter_parts(where: Path, config: PortfolioConfig, names: Iterable[str]) -> Iterator[tuple[str, TablePart]]:
    """:func:`read_parts`, a table at a time."""
    typed = {t.name: t for t in tables_with({"phase": config.phase_enumeration()})}
    sheets = csv_sheets(where, names) if where.is_dir() else xlsx_sheets(where, names)
    for raw in sheets:
        table = typed[raw.table]
        frame, problems = coerce_table(table, raw)
        yield raw.table, TablePart(frame, problems, raw.file, raw.sheet, table_text(table, frame))


def assemble(where: Path, file_sha256: str, config: PortfolioConfig, parts: dict[str, TablePart]):
    """``(portfolio_or_None, problems)`` from every table's part: the cross-table checks run, the problems
    sorted, and the portfolio made if none is an error."""
    tables = {name: parts[name].frame for name in TABLE_NAMES}
    problems = [p for name in TABLE_NAMES for p in parts[name].problems]
    # the checks name the file and sheet of a problem; the raw cells are not needed any more
    raw = {name: RawSheet(name, parts[name].file, parts[name].sheet, None) for name in TABLE_NAMES}
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
        sha256=content_sha256(tables, config, {name: parts[name].text for name in TABLE_NAMES}),
        file_sha256=file_sha256,
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
