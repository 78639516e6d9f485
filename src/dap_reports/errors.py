"""Exception types, and the Problem record that validation collects.

Every message is written for an analyst: where (file, sheet, row, column), what was
found, and what to do about it.
"""

from __future__ import annotations

from dataclasses import dataclass


class DapReportsError(Exception):
    """Base class: everything the toolkit raises on purpose."""


class ConfigError(DapReportsError):
    """``portfolio.yaml`` or a parameters file is wrong."""


class DataNotFoundError(DapReportsError):
    """The data path does not hold a workbook or a folder of CSV files."""


class ParameterError(DapReportsError):
    """A report parameter (meeting date, year, format …) is not acceptable."""


class ReportError(DapReportsError):
    """A report could not be produced."""


ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as the analyst sees it in Excel.

    ``row`` is the spreadsheet row (the header is row 1, the first data row is 2);
    for CSV input it is the line number. ``None`` where the problem is not about a row.
    """

    severity: str  # ERROR stops loading; WARNING is a data-quality note shown in reports
    file: str
    sheet: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    fix: str = ""
    code: str = ""  # stable identifier, e.g. "missing_status"; lets reports group warnings
    message_da: str = ""  # Danish wording for data-quality warnings shown in reports
    project_id: str | None = None
    meeting_date: str | None = None  # ISO date the problem concerns, if any

    @property
    def location(self) -> str:
        parts = [self.file, f"sheet {self.sheet}" if self.sheet else ""]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(p for p in parts if p)

    def __str__(self) -> str:
        value = f" (found {self.value!r})" if self.value not in (None, "") else ""
        fix = f" Fix: {self.fix}" if self.fix else ""
        return f"{self.severity.upper()} {self.location}: {self.message}{value}.{fix}"


class ValidationFailed(DapReportsError):
    """Loading found errors. ``problems`` holds all of them (and the warnings)."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        errors = [p for p in problems if p.severity == ERROR]
        shown = "\n".join(f"  - {p}" for p in errors[:50])
        more = f"\n  … and {len(errors) - 50} more" if len(errors) > 50 else ""
        super().__init__(
            f"{source}: {len(errors)} error(s) must be fixed before reports can be made:\n{shown}{more}\n"
            "Nothing was written. Run `dap-reports validate` for the full table."
        )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]
