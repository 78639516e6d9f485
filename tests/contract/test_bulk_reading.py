"""The bulk paths that read a big portfolio's plain cells a column at a time give exactly what reading each
cell gives — the same values, and the same cells left for the parser to locate and explain."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dap_reports.contract import loading, reading, snapshot
from dap_reports.contract.schema import TABLE_NAMES, table
from dap_reports.tools.workbook import write_workbook

NUMBER_COLUMNS = [
    ["1", "2", "", "  17 ", "-3", "0", "-0", "007"],  # plain, with blanks and padding: in bulk
    ["1.5", "2.25", "", "-0.125", "3"],  # decimals with a point: in bulk (not whole)
    ["1.500", "2"],  # a Danish thousands point, or 1.5 with three decimals: each cell
    ["1,5", "2"],  # a decimal comma: each cell
    ["1e5", "2"],  # not a plain number
    ["12\n3", "4"],  # a line break inside a cell
    ["1 000", "2"],
    ["99999999999999999999999", "1"],  # too large for a whole number
    ["", "", ""],
    ["#DIV/0!", "1"],
    ["5 %", "1"],
]


@pytest.mark.parametrize("cells", NUMBER_COLUMNS)
@pytest.mark.parametrize("kind", ["int", "number"])
def test_a_column_of_numbers_read_in_bulk_or_cell_by_cell_gives_the_same(cells, kind):
    column = next(c for t in map(table, TABLE_NAMES) for c in t.columns if c.type == kind)
    series = pd.Series(cells, dtype=object)
    bulk = loading._plain_numbers(series, kind == "int")
    one_by_one = [loading._fast_number(v, kind == "int") for v in cells]
    if bulk is not None:
        assert bulk == one_by_one and [type(v) for v in bulk] == [type(v) for v in one_by_one]
        assert loading._UNPARSED not in bulk
    assert loading._fast_parse(column, series) == one_by_one


def test_the_bulk_path_takes_the_plain_columns_and_leaves_the_rest():
    assert loading._plain_numbers(pd.Series(["1", "", " 2 "], dtype=object), True) == [1, None, 2]
    assert loading._plain_numbers(pd.Series(["1.5", "2"], dtype=object), True) is None  # a fraction: the parser
    for cells in (["1.500"], ["1,5"], ["1\n2"], [1, "2"]):
        assert loading._plain_numbers(pd.Series(cells, dtype=object), False) is None, cells


@pytest.mark.parametrize(
    "cells",
    [["Projekt", "  Æblegrød ", "", "P-1"], ["#N/A", "x"], ["Sag #4", "y"], [None, "z"], [3, "tal"]],
)
def test_a_text_column_read_in_bulk_gives_what_each_cell_gives(cells):
    column = next(c for t in map(table, TABLE_NAMES) for c in t.columns if c.type == "text")
    assert loading._fast_parse(column, pd.Series(cells, dtype=object)) == [loading._fast_text(v) for v in cells]


def test_an_enum_column_read_in_bulk_gives_what_each_cell_gives():
    column = next(c for c in table("status").columns if c.name == "time_rag")
    cells = ["green", " Gul ", "", "RED", "lilla", None]
    lookup = column.enum.lookup()
    assert loading._fast_parse(column, pd.Series(cells, dtype=object)) == [loading._fast_enum(v, lookup) for v in cells]


@pytest.mark.parametrize(
    "series",
    [
        pd.Series([1.0, 2.5, float("nan"), -0.0, 1e20, 0.1, 2.0**53 + 2, float("inf"), -7.0], dtype="float64"),
        pd.Series([1, None, -5, 0], dtype="Int64"),
        pd.Series([], dtype="float64"),
    ],
)
def test_a_number_columns_fingerprint_text_is_each_cells(series):
    column = next(c for t in map(table, TABLE_NAMES) for c in t.columns if c.type == "number")
    assert snapshot._column_text(column, series) == [snapshot.cell_text(column, v) for v in series]


def test_tables_are_read_as_their_names_are_taken(tmp_path):
    """Two processes share a workbook's tables by taking names one at a time: each sheet read is read
    when its name is taken, the same as reading the whole workbook gives."""
    from dap_reports.contract.loading import load_portfolio

    portfolio = load_portfolio(None)
    workbook = write_workbook(dict(portfolio.tables), tmp_path / "p.xlsx")
    whole = reading.read_xlsx(workbook)
    taken = []

    def names():
        for name in ("status", "projects", "meetings"):
            taken.append(name)
            yield name

    sheets = reading.xlsx_sheets(workbook, names())
    first = next(sheets)
    assert taken == ["status"] and first.table == "status"
    rest = list(sheets)
    assert [s.table for s in rest] == ["projects", "meetings"]
    for sheet in (first, *rest):
        assert sheet.frame.equals(whole[sheet.table].frame) and sheet.headers == whole[sheet.table].headers


def test_sizes_order_the_biggest_tables_first(tmp_path):
    from dap_reports.contract.locate import DEMO_DIR

    sizes = reading.data_sizes(DEMO_DIR)
    assert sizes["status"] == (DEMO_DIR / "status.csv").stat().st_size
    portfolio = loading.load_portfolio(None)
    workbook = write_workbook(dict(portfolio.tables), tmp_path / "p.xlsx")
    in_book = reading.data_sizes(workbook)
    assert set(in_book) >= {"status", "projects", "risks"} and all(size > 0 for size in in_book.values())
    assert in_book["status"] > in_book["funding_sources"]
    assert reading.data_sizes(tmp_path / "missing.xlsx") == {}


def test_float_parsing_in_bulk_matches_python_for_many_decimals():
    rng = np.random.default_rng(7)
    texts = [f"{x:.{rng.integers(0, 9)}f}" for x in rng.uniform(-1e6, 1e6, 2000)]
    texts = [t for t in texts if not loading._THOUSANDS_LINE.fullmatch(t)]  # 123.456: the parser's
    bulk = loading._plain_numbers(pd.Series(texts, dtype=object), False)
    assert bulk is not None and all(b == float(t) and not math.isnan(b) for b, t in zip(bulk, texts, strict=True))
