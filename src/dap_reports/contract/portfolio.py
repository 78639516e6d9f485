"""The in-memory portfolio: one validated DataFrame per table, and the questions every
report asks of it ("the status as of meeting D", "the meeting before D")."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import WARNING, ParameterError, Problem
from .config import PortfolioConfig
from .parsing import parse_meeting_date
from .rag import derive_overall
from .reading import ROW
from .schema import TABLE_NAMES


def as_date(value) -> pd.Timestamp:
    try:
        return parse_meeting_date(value)
    except ValueError as exc:
        raise ParameterError(str(exc)) from None


def active_mask(projects: pd.DataFrame, on: pd.Timestamp) -> pd.Series:
    """Projects started on or before ``on`` and not closed before it."""
    return (projects["start_date"] <= on) & ~(projects["closed_date"].notna() & (projects["closed_date"] < on))


@dataclass
class Portfolio:
    tables: dict[str, pd.DataFrame]
    config: PortfolioConfig = field(default_factory=PortfolioConfig)
    source: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    sha256: str = ""  # of the validated content (contract.snapshot.content_sha256), not of the file's bytes
    file_sha256: str = ""  # of the workbook or CSV files as read, shown beside it
    # Issued snapshots of earlier meetings (meeting date -> the portfolio as issued), attached by the
    # report context so that comparisons with a previous meeting use what that meeting was shown.
    shown: dict[pd.Timestamp, Portfolio] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        status = self.tables["status"]
        # Fill blank overall RAGs once; a copy of a loaded portfolio keeps which ones were filled.
        if "overall_rag" in status and not status.empty and "overall_derived" not in status:
            derived = [
                derive_overall(t, e, d)
                for t, e, d in zip(status["time_rag"], status["economy_rag"], status["deliverables_rag"], strict=True)
            ]
            status = status.copy()
            status["overall_derived"] = status["overall_rag"].isna()
            status["overall_rag"] = [
                o if o is not None else d for o, d in zip(status["overall_rag"], derived, strict=True)
            ]
            self.tables["status"] = status

    def __getattr__(self, name: str) -> pd.DataFrame:
        # Tables as attributes (portfolio.projects) for exploration in JupyterLab.
        if name in TABLE_NAMES:
            return self.__dict__["tables"][name]
        raise AttributeError(name)

    def __repr__(self) -> str:
        counts = ", ".join(f"{n}={len(self.tables[n])}" for n in TABLE_NAMES if len(self.tables[n]))
        return f"<Portfolio {self.config.name!r} from {self.source}: {counts}; {len(self.warnings)} warning(s)>"

    # ---------------------------------------------------------------- meetings

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def meeting_dates(self) -> list[pd.Timestamp]:
        return sorted(pd.Timestamp(d) for d in self.tables["meetings"]["meeting_date"])

    def meeting(self, date) -> pd.Series:
        date = as_date(date)
        meetings = self.tables["meetings"]
        found = meetings[meetings["meeting_date"] == date]
        if found.empty:
            raise ParameterError(self._unknown_meeting_message(date))
        return found.iloc[0]

    def _unknown_meeting_message(self, date: pd.Timestamp) -> str:
        known = self.meeting_dates
        nearest = sorted(known, key=lambda d: abs((d - date).days))[:3]
        listed = ", ".join(d.strftime("%Y-%m-%d") for d in sorted(nearest)) or "none"
        return (
            f"{date:%Y-%m-%d} is not a meeting in sheet 'meetings'. Nearest meetings: {listed}. "
            "Add the meeting to the sheet, or give one of these dates."
        )

    def previous_meeting(self, date) -> pd.Timestamp | None:
        date = as_date(date)
        earlier = [d for d in self.meeting_dates if d < date]
        return earlier[-1] if earlier else None

    def next_meeting(self, date) -> pd.Timestamp | None:
        date = as_date(date)
        later = [d for d in self.meeting_dates if d > date]
        return later[0] if later else None

    def meetings_in_year(self, year: int) -> list[pd.Timestamp]:
        return [d for d in self.meeting_dates if d.year == int(year)]

    def latest_meeting(self, today=None) -> pd.Timestamp | None:
        """The next meeting from ``today`` (the one reports are being prepared for);
        the most recent one if none is planned."""
        today = pd.Timestamp.today().normalize() if today is None else as_date(today)
        upcoming = [d for d in self.meeting_dates if d >= today]
        if upcoming:
            return upcoming[0]
        return self.meeting_dates[-1] if self.meeting_dates else None

    def agenda_for(self, date) -> pd.DataFrame:
        date = as_date(date)
        agenda = self.tables["agenda"]
        return agenda[agenda["meeting_date"] == date].drop(columns=[ROW]).reset_index(drop=True)

    # ---------------------------------------------------------------- projects and status

    def active_projects(self, date) -> pd.DataFrame:
        """Projects started on or before the meeting and not closed before it."""
        projects = self.tables["projects"]
        return projects[active_mask(projects, as_date(date))].drop(columns=[ROW]).reset_index(drop=True)

    def status_at(self, date) -> pd.DataFrame:
        """Status rows reported for exactly this meeting (overall RAG derived where blank)."""
        status = self.tables["status"]
        rows = status[status["meeting_date"] == as_date(date)]
        return rows.drop(columns=[ROW]).reset_index(drop=True)

    def status_as_of(self, date) -> pd.DataFrame:
        """Each project's most recent status on or before the meeting: what was known then."""
        status = self.tables["status"]
        rows = status[status["meeting_date"] <= as_date(date)].sort_values(["project_id", "meeting_date"])
        return rows.groupby("project_id", as_index=False).tail(1).drop(columns=[ROW]).reset_index(drop=True)

    def project(self, project_id: str) -> pd.Series:
        projects = self.tables["projects"]
        found = projects[projects["project_id"] == project_id]
        if found.empty:
            raise ParameterError(f"unknown project {project_id!r}; known: {', '.join(projects['project_id'])}")
        return found.iloc[0]

    def location(self, table: str, row: int | None, column: str | None = None) -> str:
        """Where a cell is, as the analyst finds it: 'portfolio.xlsx, sheet risks, row 13, column owner'
        (or 'risks.csv, row 13, …' for a CSV folder)."""
        if self.source is not None and Path(self.source).is_file():
            parts = [Path(self.source).name, f"sheet {table}"]
        else:
            parts = [f"{table}.csv"]
        if row is not None:
            parts.append(f"row {row}")
        if column:
            parts.append(f"column {column}")
        return ", ".join(parts)

    # ---------------------------------------------------------------- organisations over time

    def organisations_at(self, date) -> pd.DataFrame:
        """The organisations that exist at ``date`` (valid_from <= date <= valid_to; blank = open-ended),
        in sheet order, with their role."""
        date = as_date(date)
        orgs = self.tables["organisations"]
        started = orgs["valid_from"].isna() | (orgs["valid_from"] <= date)
        ongoing = orgs["valid_to"].isna() | (orgs["valid_to"] >= date)
        return orgs[started & ongoing].drop(columns=[ROW]).reset_index(drop=True)

    def organisation_at(self, org, date) -> pd.Series | None:
        """The organisation an org_id or name stood for at ``date``: itself while it exists, else its successor
        (followed as far as needed); None for an unknown organisation."""
        date = as_date(date)
        orgs = self.tables["organisations"].set_index("org_id", drop=False)
        found = orgs[(orgs["org_id"] == org) | (orgs["name"] == org)]
        if found.empty:
            return None
        row = found.iloc[0]
        for _ in range(len(orgs)):  # a chain of successors, never a loop
            ended = not pd.isna(row["valid_to"]) and row["valid_to"] < date
            successor = row["successor"]
            if not ended or successor is None or pd.isna(successor) or successor not in orgs.index:
                return row
            row = orgs.loc[successor]
        return row

    def organisation_name_at(self, org, date) -> str:
        """The name to print for an organisation at ``date`` (its successor's once it has ceased)."""
        row = self.organisation_at(org, date)
        return str(org) if row is None else str(row["name"])

    def warnings_for(self, date) -> list[Problem]:
        """Data-quality warnings that concern this meeting (or no meeting in particular)."""
        iso = as_date(date).strftime("%Y-%m-%d")
        return [w for w in self.warnings if w.meeting_date in (None, iso)]
