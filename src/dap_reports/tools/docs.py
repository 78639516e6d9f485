"""Generate ``docs/data-model.md`` from :mod:`dap_reports.schema`.

The page is derived, never hand-edited, so it cannot drift from what the loader and
validator enforce; a test compares the committed file with :func:`data_model_markdown`.

Run ``python -m dap_reports.docs`` to rewrite it (``--out`` for another path,
``--check`` to fail when it is out of date, e.g. in CI).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..contract import schema
from ..contract.schema import Column, Enumeration, Table

GENERATED_NOTE = (
    "<!-- Generated from src/dap_reports/schema.py by `python -m dap_reports.docs`. "
    "Do not edit by hand: change the schema and regenerate. -->"
)

TYPE_EN = {
    "id": "id",
    "text": "text",
    "date": "date",
    "int": "whole number",
    "number": "number",
    "enum": "enumeration",
    "period": "quarter",
}

TYPE_MEANING = {
    "id": "Text key (a short code); surrounding spaces are removed.",
    "text": "Free text, may be long.",
    "date": "ISO `2026-03-11`, Danish `11-03-2026` or `11.03.2026`, or a real Excel date cell.",
    "int": "A whole number; `1.500` is 1500.",
    "number": "A decimal number, Danish `1.500.000,50` or plain `1500000.5`: money in DKK (`…_dkk`, may carry "
    "`kr.`, `mio. kr.`, `t.kr.`), percentages (`…_pct`, `10 %` or a percent-formatted cell is 10), indicator "
    "values. See [how numbers are read](conventions.md#how-numbers-are-read).",
    "enum": "One of a fixed list of values; see the table's *allowed values* and [Enumerations](#enumerations).",
    "period": "A quarter: `2026-Q1`, also `2026Q1`, `Q1 2026`, or any date inside the quarter.",
}

INTRO = """\
# Data model

This page describes the portfolio data that every report is made from: which tables
exist, which columns each table has, and which values are accepted. It is generated
from `src/dap_reports/schema.py`, the same source the loader, the validator and the
Excel template use, so it always matches what `dap-reports` enforces.

## Where the data lives

- **One Excel workbook** (for example `portfolio.xlsx`) with one sheet per table, named
  as the table headings below, **or a folder of CSV files** named after the tables
  (`projects.csv`, `status.csv`, …). Both load identically.
- **Row 1 is the header** with the column names as listed below; data starts on row 2.
  Sheet, file and column names match ignoring case, spaces, hyphens and underscores
  (`Project ID` is `project_id`); two sheets or two columns that match the same name are
  an error. Do not rename sheets, files or columns otherwise, and do not merge header cells.
- **Extra columns are allowed.** Columns that are not in the data model are kept but
  ignored by the reports, so analysts can add their own working columns.
- **Optional columns** (required: *no (column may be omitted)*) may be missing from the
  sheet altogether. Other columns must be present as headers even when their values may
  be blank.
- **Optional tables** may be missing altogether; they then count as empty.
- The blank Excel template, with a Danish `LÆS MIG` sheet, dropdowns and input checks,
  is generated from the same schema (`dap_reports.workbook.write_workbook(None, path)`).
- Check the data with `dap-reports validate portfolio.xlsx` (or the CSV folder) before
  making reports; every problem is reported with its sheet, row and column.
- **Settings** that are not tables (the portfolio's name, meeting cadence, RAG and risk
  rules) live in `portfolio.yaml` beside the data. See [conventions](conventions.md)
  (`docs/conventions.md`).

## Values

- **Enumerations** accept the canonical English value, its Danish label and the few
  aliases listed under [Enumerations](#enumerations), case-insensitively and ignoring
  surrounding spaces, so `red`, `Rød` and `RØD` are the same. They are stored as the
  canonical English value.
- **Dates** may be written as ISO `2026-03-11`, Danish `11-03-2026` or `11.03.2026`, or
  be real Excel date cells. **Quarters** are written `2026-Q1` (also `2026Q1`, `Q1 2026`
  or a date inside the quarter).
- **A blank RAG** (green/yellow/red) means *not reported*. Reports show it grey, never
  green. A blank `overall_rag` is the worst of the three dimensions.
- **Required** means every row must have a value in that column. **Key** columns
  together must be unique within the table. A value that *must exist in* another
  table's column is a reference, for example a `project_id` in `status` must be a
  project in `projects`.
"""


# --------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------


def data_model_markdown() -> str:
    """The complete ``docs/data-model.md`` text."""
    sections = [GENERATED_NOTE, "", INTRO, _types_section(), _tables_index()]
    sections += [_table_section(t) for t in schema.TABLES]
    sections.append(_enumerations_section())
    return "\n".join(sections).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    """Rewrite ``docs/data-model.md`` (or ``--out``); with ``--check`` only compare."""
    parser = argparse.ArgumentParser(prog="python -m dap_reports.docs", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=None, help="where to write (default: docs/data-model.md in the repository)"
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the file differs from the schema instead of writing it"
    )
    args = parser.parse_args(argv)

    out = args.out or default_output_path()
    text = data_model_markdown()
    if args.check:
        current = out.read_text(encoding="utf-8") if out.exists() else ""
        if current != text:
            print(f"{out} is out of date; run `python -m dap_reports.docs` to regenerate it.", file=sys.stderr)
            return 1
        print(f"{out} is up to date.")
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    # newline="\n" keeps the file byte-identical on Windows, so the drift test holds.
    with out.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    print(f"Wrote {out}")
    return 0


def default_output_path() -> Path:
    """``docs/data-model.md`` in the source checkout this module lives in."""
    root = Path(__file__).resolve().parents[3]
    if not (root / "pyproject.toml").exists():
        # An installed package has no docs folder to update.
        raise SystemExit("Cannot find the repository root from the installed package; pass --out PATH.")
    return root / "docs" / "data-model.md"


# --------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------


def _types_section() -> str:
    rows = [(f"`{t}`" if TYPE_EN[t] == t else f"{TYPE_EN[t]} (`{t}`)", TYPE_MEANING[t]) for t in schema.TYPES]
    return "\n".join(["## Column types", "", _markdown_table(("Type", "Accepted input"), rows), ""])


def _tables_index() -> str:
    lines = ["## Tables", ""]
    for table in schema.TABLES:
        optional = " *(optional)*" if table.optional_table else ""
        lines.append(f"- [`{table.name}`](#{table.name}){optional}: {table.description}")
    return "\n".join([*lines, ""])


def _table_section(table: Table) -> str:
    lines = [f"## {table.name}", "", table.description, ""]
    key = " + ".join(f"`{k}`" for k in table.key) if table.key else "none (rows need not be unique)"
    lines.append(f"- **Key (unique):** {key}")
    if table.optional_table:
        lines.append("- **Optional table:** yes. The sheet or CSV may be missing; the table is then empty.")
    else:
        lines.append("- **Optional table:** no. The sheet or CSV must be present.")
    if table.extra_checks:
        lines.append("- **Checks across columns:**")
        lines += [f"  - {check}" for check in table.extra_checks]
    header = ("Column", "Type", "Required", "Allowed values", "Meaning", "Example")
    rows = [_column_row(c) for c in table.columns]
    lines += ["", _markdown_table(header, rows), ""]
    return "\n".join(lines)


def _column_row(column: Column) -> tuple[str, ...]:
    return (
        f"`{column.name}`",
        TYPE_EN[column.type],
        _required_en(column),
        _allowed_en(column),
        column.description,
        f"`{column.example}`" if column.example else "",
    )


def _enumerations_section() -> str:
    lines = [
        "## Enumerations",
        "",
        "Every label below is accepted in any mix of upper and lower case; an underscore in a",
        "canonical value may also be written as a space (`programme office`).",
        "",
    ]
    for enum in schema.ENUMERATIONS.values():
        rows = [_enum_row(enum, value) for value in enum.values]
        lines += [f"### {enum.name}", "", _markdown_table(("Value", "Danish label", "Also accepted"), rows), ""]
    return "\n".join(lines)


def _enum_row(enum: Enumeration, value: str) -> tuple[str, str, str]:
    shown = {value, value.replace("_", " "), enum.danish[value]}
    aliases = [a for a in dict.fromkeys(enum.values[value]) if a not in shown]
    return (f"`{value}`", enum.danish[value], ", ".join(f"`{a}`" for a in aliases))


# --------------------------------------------------------------------------------------
# Cell texts
# --------------------------------------------------------------------------------------


def _required_en(column: Column) -> str:
    if column.required:
        return "yes"
    if column.optional_column:
        return "no (column may be omitted)"
    return "no"


def _allowed_en(column: Column) -> str:
    if column.enum is not None:
        return _enum_values_en(column.enum)
    parts = []
    low, high = column.minimum, column.maximum
    if low is not None and high is not None:
        parts.append(f"{_num(low)}–{_num(high)}")
    elif low is not None:
        parts.append(f"≥ {_num(low)}")
    elif high is not None:
        parts.append(f"≤ {_num(high)}")
    if column.references is not None:
        parts.append(f"must exist in `{column.references[0]}.{column.references[1]}`")
    return "; ".join(parts)


def _enum_values_en(enum: Enumeration) -> str:
    """Backticked values with their Danish label, left out where it equals the value."""
    return ", ".join(f"`{v}`" if enum.danish[v] == v else f"`{v}` ({enum.danish[v]})" for v in enum.values)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _markdown_table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    lines = [_markdown_row(header), "|" + "|".join("---" for _ in header) + "|"]
    lines += [_markdown_row(row) for row in rows]
    return "\n".join(lines)


def _markdown_row(cells: tuple[str, ...]) -> str:
    # A pipe or newline inside a cell would break the table.
    escaped = (str(c).replace("|", "\\|").replace("\n", " ") for c in cells)
    return "| " + " | ".join(escaped) + " |"


if __name__ == "__main__":
    sys.exit(main())
