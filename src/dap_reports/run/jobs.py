"""How one run of reports is assembled: the checked jobs for a meeting or a year, and the
commands that make them (``meeting``, ``year``, ``calendar``).

The parent process (the CLI) resolves and checks everything, then hands plain parameters
to the notebook templates; inside the kernel, :class:`~dap_reports.reports.context.ReportContext`
turns them back into a loaded portfolio and the meeting date.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from ..contract.loading import load_portfolio
from ..contract.locate import DEMO_DIR, parameter_dirs, resolve_data_path
from ..errors import ParameterError
from ..reports import MEETING, YEAR, kinds
from ..reports.common.formats import date_da
from ..reports.context import now_iso
from .parameters import check_formats, resolve_meeting_parameters, resolve_year_parameters
from .render import ReportJob, run_reports

MEETING_REPORTS = kinds(MEETING)
ANNUAL_REPORT = kinds(YEAR)[0]


def meeting_output_dir(out: Path, date: pd.Timestamp) -> Path:
    return Path(out) / f"{date:%Y}" / f"{date:%Y-%m-%d}"


def meeting_jobs(
    portfolio,
    data_path: Path,
    meeting,
    formats: tuple[str, ...],
    lang: str | None = None,
    generated_at: str | None = None,
    kinds: tuple[str, ...] | None = None,
) -> list[ReportJob]:
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
        ReportJob(
            kind.key,
            f"{kind.slug}-{iso}",
            dict(notebook_parameters),
            f"{kind.title} – {portfolio.config.name} – {date_da(date, long=True)}",
            formats,
            target_dir=meeting_output_dir(Path("."), date),
        )
        for kind in MEETING_REPORTS
        if kinds is None or kind.key in kinds
    ]


def year_job(
    portfolio, data_path: Path, year, formats: tuple[str, ...], lang: str | None = None, generated_at: str | None = None
) -> ReportJob:
    """The checked annual roll-up job for a calendar year."""
    params, params_file = resolve_year_parameters(portfolio, year, parameter_dirs(data_path), {"lang": lang})
    notebook_parameters = {
        "data_path": str(data_path),
        "year": params.year,
        "parameters_file": str(params_file) if params_file else "",
        "generated_at": generated_at or now_iso(),
        **params.model_dump(mode="json", exclude={"year"}),
    }
    return ReportJob(
        ANNUAL_REPORT.key,
        f"{ANNUAL_REPORT.slug}-{params.year}",
        notebook_parameters,
        f"{ANNUAL_REPORT.title} {params.year} – {portfolio.config.name}",
        formats,
        target_dir=annual_output_dir(Path("."), params.year),
    )


def run_meeting(
    meeting=None,
    *,
    data=None,
    out="output",
    formats: str = "html",
    lang: str | None = None,
    latest: bool = False,
    today=None,
    kinds: tuple[str, ...] | None = None,
) -> list[Path]:
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


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temp, path)


def run_calendar(year: int, *, data=None, out="output", workspace: Path | None = None, force: bool = False, **options):
    """Propose the wheel, write its parameter files, workbook rows and page; returns the wheel and files.

    Parameter files go to the workspace's ``parameters/meetings/`` — beside the data, or the
    current folder when the data is the bundled demo (never into the package).
    """
    from ..reports.calendar.computations import propose_wheel, wheel_to_tables, write_wheel_parameters
    from ..reports.calendar.sections import wheel_page

    data_path = resolve_data_path(data).resolve()
    portfolio = load_portfolio(data_path)
    wheel = propose_wheel(portfolio, int(year), **options)
    if workspace is None:
        folder = data_path.parent if data_path.is_file() else data_path
        bundled = folder.resolve().parent == DEMO_DIR.resolve().parent
        workspace = Path.cwd() if bundled else folder
    written = write_wheel_parameters(wheel, workspace, force=force)
    target = Path(out) / str(wheel.year)
    for name, frame in wheel_to_tables(wheel).items():
        path = target / f"aarshjul-{wheel.year}-{name}.csv"
        _write_atomically(path, frame.to_csv(index=False, lineterminator="\n"))
        written.append(path)
    page = target / f"aarshjul-{wheel.year}.html"
    _write_atomically(page, wheel_page(wheel, portfolio.config.name))
    written.append(page)
    return wheel, written
