"""Which reports exist, and how one run of them is assembled.

The parent process (the CLI) resolves and checks everything, then hands plain parameters
to the notebook templates; inside the kernel, :class:`ReportContext` turns them back into
a loaded portfolio and the meeting date, and builds the header and footer every report
carries.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import __version__
from .display import date_da, esc, facts
from .loading import check_portfolio, load_portfolio, resolve_data_path
from .locate import parameter_dirs
from .parameters import check_formats, resolve_meeting_parameters
from .portfolio import Portfolio, as_date
from .render import ReportJob, run_reports


@dataclass(frozen=True)
class ReportKind:
    key: str
    template: str
    slug: str  # ASCII file-name stem: reports travel by e-mail and file shares
    title: str


MEETING_REPORTS = (
    ReportKind("status", "meeting_status.ipynb", "portefoljeoverblik", "Porteføljeoverblik"),
    ReportKind("risks", "meeting_risks.ipynb", "risikorapport", "Risikorapport"),
)
ANNUAL_REPORT = ReportKind("annual", "annual_rollup.ipynb", "aarsrapport", "Årsrapport")


def meeting_output_dir(out: Path, date: pd.Timestamp) -> Path:
    return Path(out) / f"{date:%Y}" / f"{date:%Y-%m-%d}"


def now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def meeting_jobs(portfolio, data_path: Path, meeting, formats: tuple[str, ...], lang: str | None = None,
                 generated_at: str | None = None, kinds: tuple[str, ...] | None = None) -> list[ReportJob]:
    """The checked report jobs for one meeting (parameters resolved and validated here)."""
    params, params_file = resolve_meeting_parameters(portfolio, meeting, parameter_dirs(data_path), {"lang": lang})
    date = pd.Timestamp(params.meeting_date)
    iso = f"{date:%Y-%m-%d}"
    notebook_parameters = {
        "data_path": str(data_path),
        "meeting_date": iso,
        "parameters_file": str(params_file) if params_file else "",
        "generated_at": generated_at or now_iso(),
        **params.model_dump(mode="json", exclude={"meeting_date"}),
    }
    return [
        ReportJob(kind.template, f"{kind.slug}-{iso}", dict(notebook_parameters),
                  f"{kind.title} – {portfolio.config.name} – {date_da(date, long=True)}", formats,
                  target_dir=meeting_output_dir(Path("."), date))
        for kind in MEETING_REPORTS
        if kinds is None or kind.key in kinds
    ]


def year_job(portfolio, data_path: Path, year, formats: tuple[str, ...], lang: str | None = None,
             generated_at: str | None = None) -> ReportJob:
    """The checked annual roll-up job for a calendar year."""
    from .parameters import resolve_year_parameters

    params, params_file = resolve_year_parameters(portfolio, year, parameter_dirs(data_path), {"lang": lang})
    notebook_parameters = {
        "data_path": str(data_path),
        "year": params.year,
        "parameters_file": str(params_file) if params_file else "",
        "generated_at": generated_at or now_iso(),
        **params.model_dump(mode="json", exclude={"year"}),
    }
    return ReportJob(ANNUAL_REPORT.template, f"{ANNUAL_REPORT.slug}-{params.year}", notebook_parameters,
                     f"{ANNUAL_REPORT.title} {params.year} – {portfolio.config.name}", formats,
                     target_dir=annual_output_dir(Path("."), params.year))


def run_meeting(meeting=None, *, data=None, out="output", formats: str = "html", lang: str | None = None,
                latest: bool = False, today=None, kinds: tuple[str, ...] | None = None) -> list[Path]:
    """Produce the meeting's reports; returns the written files.

    Loading and parameter checks happen before anything is written, so bad input leaves
    the output folder exactly as it was.
    """
    data_path = resolve_data_path(data).resolve()
    portfolio = load_portfolio(data_path)
    chosen_formats = check_formats(formats)
    if latest:
        meeting = portfolio.latest_meeting(today)
        if meeting is None:
            from .errors import ParameterError

            raise ParameterError(f"{data_path}: sheet 'meetings' has no meetings; add one first.")
    jobs = meeting_jobs(portfolio, data_path, meeting, chosen_formats, lang, kinds=kinds)
    return run_reports(jobs, Path(out) / jobs[0].target_dir)


def annual_output_dir(out: Path, year: int) -> Path:
    return Path(out) / f"{int(year)}" / "annual"


def run_year(year, *, data=None, out="output", formats: str = "html", lang: str | None = None) -> list[Path]:
    """Produce the annual roll-up for a calendar year; returns the written files."""
    data_path = resolve_data_path(data).resolve()
    portfolio = load_portfolio(data_path)
    job = year_job(portfolio, data_path, year, check_formats(formats), lang)
    return run_reports([job], Path(out) / job.target_dir)


# ---------------------------------------------------------------------- inside the kernel


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
        portfolio, _ = check_portfolio(path)
        if portfolio is None:  # the CLI validated already; a direct papermill run may not have
            portfolio = load_portfolio(path)
        date = as_date(meeting_date)
        portfolio.meeting(date)
        generated = parameters.pop("generated_at", "") or dt.datetime.now().astimezone().isoformat(timespec="seconds")
        return cls(portfolio, date, parameters, generated, path)

    @classmethod
    def for_year(cls, data_path: str, year: int, **parameters) -> ReportContext:
        """Context for the annual roll-up: the year's last meeting with status (else 31 December) dates it."""
        setup_notebook()
        path = resolve_data_path(data_path or None)
        portfolio = load_portfolio(path)
        year = int(year)
        held = [d for d in portfolio.meetings_in_year(year) if not portfolio.status_at(d).empty]
        date = held[-1] if held else pd.Timestamp(year=year, month=12, day=31)
        generated = parameters.pop("generated_at", "") or dt.datetime.now().astimezone().isoformat(timespec="seconds")
        return cls(portfolio, date, parameters, generated, path, year)

    @property
    def config(self):
        return self.portfolio.config

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
        header = (f'<div class="dap-header"><div>{"<br>".join(esc(x) for x in left)}</div>'
                  f'<div>{"<br>".join(esc(x) for x in right)}</div></div>')
        if self.year is not None:
            receiver = f" til {self.config.reports_to}" if self.config.reports_to else ""
            subtitle = p.get("title") or f"Årsrapport {self.year}{receiver}"
        else:
            subtitle = p.get("title") or f"Styregruppemøde {date_da(self.meeting_date, long=True)}"
        synthetic = ('<p class="dap-synthetic">Syntetiske demodata: alle navne på personer og alle tal er '
                     "opdigtede.</p>" if self.config.synthetic else "")
        when = str(self.year) if self.year is not None else date_da(self.meeting_date)
        running = f'<div class="dap-running">{esc(self.config.name)} · {esc(report_title)} · {when}</div>'
        return (f"{running}{header}<h1>{esc(report_title)}</h1><p class=\"dap-note\">{esc(subtitle)}</p>{synthetic}"
                "<!--dap-toc-->")

    def footer(self) -> str:
        source = self.portfolio.source
        shown = {k: v for k, v in self.parameters.items() if v not in (None, "", [])}
        rows = [
            ("Portefølje", self.config.name),
            ("År", str(self.year)) if self.year is not None else ("Møde", date_da(self.meeting_date)),
            ("Datafil", str(source)),
            ("SHA-256", self.portfolio.sha256),
            ("dap-reports", __version__),
            ("Parametre", json.dumps(shown, ensure_ascii=False, sort_keys=True)),
            ("Dannet", self.generated_at),
        ]
        return f'<footer class="dap-footer">{facts(rows)}</footer>'
