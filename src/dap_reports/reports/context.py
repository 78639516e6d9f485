"""What a report template holds inside its kernel: the loaded portfolio, the meeting (or year) and
the parameters, plus the header and footer every report carries.

This module runs inside every report kernel, so it imports only the data contract and the
HTML helpers — nothing of papermill, nbconvert or the batch machinery.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import __version__
from ..contract.loading import check_portfolio, load_portfolio
from ..contract.locate import data_fingerprint, resolve_data_path
from ..contract.portfolio import Portfolio, as_date
from ..contract.public import public_version
from ..errors import DapReportsError, ReportError
from .common.formats import date_da
from .common.html import esc, facts


def now_iso() -> str:
    """The moment a report is made. ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) fixes it, so
    that a report of a year still running can be made again exactly as it was on that day."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).isoformat(timespec="seconds")
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


# Portfolios this process has loaded and validated, offered to the reports it forks (data path ->
# portfolio): see hand_over. Only a forked report's own copy of the process takes them.
_handed_over: dict[str, Portfolio] = {}
_take_handed_over = False


def hand_over(data_path, portfolio: Portfolio) -> None:
    """Offer a loaded, validated portfolio to the reports this process is about to fork
    (:mod:`dap_reports.run.forked`): their context takes it instead of reading and validating the data
    again. The process itself keeps loading as before: a report's copy changes nothing here."""
    _handed_over[str(Path(data_path).resolve())] = portfolio


def take_handed_over(take: bool = True) -> None:
    """Called in a forked report's process: take the portfolio the parent handed over."""
    global _take_handed_over
    _take_handed_over = take


def _handed_over_for(path: Path) -> Portfolio | None:
    """The portfolio handed over for ``path``, if this is a report's process and the data are still the
    bytes it was loaded from (else None: load them)."""
    if not _take_handed_over:
        return None
    portfolio = _handed_over.get(str(Path(path).resolve()))
    if portfolio is None or portfolio.source is None:
        return None
    try:
        unchanged = data_fingerprint(portfolio.source) == portfolio.file_sha256
    except (OSError, DapReportsError):  # the data went away: loading says so properly
        return None
    return portfolio if unchanged else None


def _validated(path: Path) -> Portfolio:
    portfolio = _handed_over_for(path)
    if portfolio is None:
        portfolio, _ = check_portfolio(path)
    if portfolio is None:  # the CLI validated already; a direct papermill run may not have
        portfolio = load_portfolio(path)  # raises with every problem located
    return portfolio


def setup_notebook() -> None:
    """Quiet, deterministic report kernels: no warnings reach the reader."""
    import matplotlib

    warnings.filterwarnings("ignore")
    matplotlib.use("Agg")
    pd.set_option("display.max_columns", 50)


@dataclass
class ReportContext:
    portfolio: Portfolio
    meeting_date: pd.Timestamp
    parameters: dict = field(default_factory=dict)
    generated_at: str = ""
    data_path: Path | None = None
    year: int | None = None  # set for the annual roll-up; meeting_date is then the year's reference date

    @classmethod
    def for_meeting(cls, data_path: str, meeting_date: str, **parameters) -> ReportContext:
        setup_notebook()
        path = resolve_data_path(data_path or None)
        portfolio = _validated(path)
        date = as_date(meeting_date)
        portfolio.meeting(date)
        generated = parameters.pop("generated_at", "") or now_iso()
        compared = parameters.pop("previous_issued", "")
        context = cls(portfolio, date, parameters, generated, path)
        if compared:
            context.compare_with_issued(Path(compared))
        if parameters.get("public"):
            context.portfolio = public_version(context.portfolio, date)
        return context

    def compare_with_issued(self, snapshot: Path) -> None:
        """Compare with the previous meeting as it was issued: attach its snapshot (its "since the previous
        meeting" figures and the data-quality list of corrections then read it)."""
        from ..contract.snapshot import read_snapshot

        previous = self.portfolio.previous_meeting(self.meeting_date)
        if previous is not None:
            self.portfolio.shown[previous] = read_snapshot(snapshot)

    @classmethod
    def for_year(cls, data_path: str, year: int, **parameters) -> ReportContext:
        """Context for the annual roll-up: the year's last meeting with status (else 31 December) dates it."""
        setup_notebook()
        path = resolve_data_path(data_path or None)
        portfolio = _validated(path)
        year = int(year)
        held = [d for d in portfolio.meetings_in_year(year) if not portfolio.status_at(d).empty]
        date = held[-1] if held else pd.Timestamp(year=year, month=12, day=31)
        generated = parameters.pop("generated_at", "") or now_iso()
        if parameters.get("public"):
            portfolio = public_version(portfolio, date)
        return cls(portfolio, date, parameters, generated, path, year)

    @property
    def config(self):
        return self.portfolio.config

    @property
    def report_year(self) -> int:
        """The annual report's year; only a context made by :meth:`for_year` has one."""
        if self.year is None:
            raise ReportError("an annual section needs a year: make the context with ReportContext.for_year")
        return self.year

    def highlight_projects(self) -> list[str] | None:
        return self.parameters.get("highlight_projects") or None

    def title_block(self, report_title: str) -> str:
        """The papers' header block, the report title and the synthetic-data notice."""
        p = self.parameters
        left = [self.config.name]
        if p.get("unit"):
            left.insert(0, p["unit"])
        right = [f"År: {self.year}" if self.year is not None else f"Dato: {date_da(self.meeting_date)}"]
        if p.get("case_number"):
            right.append(f"Sagsnr.: {p['case_number']}")
        if p.get("document_number"):
            right.append(f"Dok.nr.: {p['document_number']}")
        header = (
            f'<div class="dap-header"><div>{"<br>".join(esc(x) for x in left)}</div>'
            f"<div>{'<br>'.join(esc(x) for x in right)}</div></div>"
        )
        if self.year is not None:
            receiver = f" til {self.config.reports_to}" if self.config.reports_to else ""
            subtitle = p.get("title") or f"Årsrapport {self.year}{receiver}"
        else:
            subtitle = p.get("title") or f"Styregruppemøde {date_da(self.meeting_date, long=True)}"
        public = (
            '<p class="dap-public"><strong>Offentlig version.</strong> Personnavne er erstattet af organisation '
            "eller rolle.</p>"
            if p.get("public")
            else ""
        )
        synthetic = (
            '<p class="dap-synthetic">Syntetiske demodata: alle navne på personer og alle tal er opdigtede.</p>'
            if self.config.synthetic
            else ""
        )
        when = str(self.year) if self.year is not None else date_da(self.meeting_date)
        running = f'<div class="dap-running">{esc(self.config.name)} · {esc(report_title)} · {when}</div>'
        return (
            f'{running}{header}<h1>{esc(report_title)}</h1><p class="dap-note">{esc(subtitle)}</p>{public}{synthetic}'
            "<!--dap-toc-->"
        )

    def _compared_with(self) -> list[tuple[str, str]]:
        previous = self.portfolio.previous_meeting(self.meeting_date) if self.year is None else None
        issued = self.portfolio.shown.get(previous) if previous is not None else None
        if issued is None:
            return []
        return [
            ("Forrige møde", f"sammenlignet med den udsendte version ({date_da(previous)}, SHA-256 {issued.sha256})")
        ]

    def footer(self) -> str:
        source = self.portfolio.source
        shown = {k: v for k, v in self.parameters.items() if v not in (None, "", [])}
        rows = [
            ("Portefølje", self.config.name),
            ("År", str(self.year)) if self.year is not None else ("Møde", date_da(self.meeting_date)),
            ("Datafil", str(source)),
            ("SHA-256 (indhold)", self.portfolio.sha256),
            ("SHA-256 (fil)", self.portfolio.file_sha256),
            *self._compared_with(),
            ("dap-reports", __version__),
            ("Parametre", json.dumps(shown, ensure_ascii=False, sort_keys=True)),
            ("Dannet", self.generated_at),
        ]
        return f'<footer class="dap-footer">{facts(rows)}</footer>'
