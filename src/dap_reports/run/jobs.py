"""How one run of reports is assembled: the checked jobs for a meeting or a year, and the
commands that make them (``meeting``, ``year``, ``calendar``).

The parent process (the CLI) resolves and checks everything, then hands plain parameters
to the notebook templates; inside the kernel, :class:`~dap_reports.reports.context.ReportContext`
turns them back into a loaded portfolio and the meeting date.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..contract.loading import load_portfolio
from ..contract.locate import DEMO_DIR, parameter_dirs, resolve_data_path
from ..contract.portfolio import as_date
from ..errors import ParameterError
from ..reports import MEETING, PAPER, YEAR, kinds
from ..reports.common.formats import date_da
from ..reports.context import hand_over, now_iso
from . import forked, issuing
from .parameters import PAPER_FORMATS, check_formats, resolve_meeting_parameters, resolve_year_parameters
from .render import ReportJob, run_reports

MEETING_REPORTS = kinds(MEETING)
PUBLIC_SUFFIX = "-offentlig"  # the public version's files say so in their names
ANNUAL_REPORT = kinds(YEAR)[0]
PAPERS = {kind.key: kind for kind in kinds(PAPER)}  # agenda, minutes


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
    out: Path | None = None,
    public: bool = False,
) -> list[ReportJob]:
    """The checked report jobs for one meeting (parameters resolved and validated here).

    With ``out`` (the output folder), a previous meeting whose reports were issued is compared through
    its issued snapshot: the reports' "since the previous meeting" figures are then what it was shown.
    """
    params, params_file = resolve_meeting_parameters(
        portfolio, meeting, parameter_dirs(data_path), {"lang": lang, "public": public or None}
    )
    date = pd.Timestamp(params.meeting_date)
    iso = f"{date:%Y-%m-%d}"
    previous = portfolio.previous_meeting(date)
    previous_issued = (
        issuing.snapshot_of(meeting_output_dir(Path(out), previous)) if out is not None and previous else None
    )
    notebook_parameters = {
        "data_path": str(data_path),
        "meeting_date": iso,
        "parameters_file": str(params_file) if params_file else "",
        "generated_at": generated_at or now_iso(),
        "previous_issued": str(previous_issued.resolve()) if previous_issued else "",
        **params.model_dump(mode="json", exclude={"meeting_date"}),
    }
    return [
        ReportJob(
            kind.key,
            f"{kind.slug}-{iso}{PUBLIC_SUFFIX if params.public else ''}",
            dict(notebook_parameters),
            f"{kind.title}{' (offentlig version)' if params.public else ''} – {portfolio.config.name} – "
            f"{date_da(date, long=True)}",
            formats,
            target_dir=meeting_output_dir(Path("."), date),
            data_sha256=portfolio.sha256,
        )
        for kind in MEETING_REPORTS
        if kinds is None or kind.key in kinds
    ]


def year_job(
    portfolio,
    data_path: Path,
    year,
    formats: tuple[str, ...],
    lang: str | None = None,
    generated_at: str | None = None,
    public: bool = False,
) -> ReportJob:
    """The checked annual roll-up job for a calendar year."""
    params, params_file = resolve_year_parameters(
        portfolio, year, parameter_dirs(data_path), {"lang": lang, "public": public or None}
    )
    notebook_parameters = {
        "data_path": str(data_path),
        "year": params.year,
        "parameters_file": str(params_file) if params_file else "",
        "generated_at": generated_at or now_iso(),
        **params.model_dump(mode="json", exclude={"year"}),
    }
    return ReportJob(
        ANNUAL_REPORT.key,
        f"{ANNUAL_REPORT.slug}-{params.year}{PUBLIC_SUFFIX if params.public else ''}",
        notebook_parameters,
        f"{ANNUAL_REPORT.title} {params.year} – {portfolio.config.name}",
        formats,
        target_dir=annual_output_dir(Path("."), params.year),
        data_sha256=portfolio.sha256,
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
    reissue: bool = False,
    public: bool = False,
) -> list[Path]:
    """Produce the meeting's reports; returns the written files.

    Loading and parameter checks happen before anything is written, so bad input leaves
    the output folder exactly as it was. A meeting whose reports were issued is left alone
    (:class:`~.issuing.IssueError` says so) unless ``reissue``: then new reports are made and
    issued as the next version, and the earlier version stays in its ``udsendt-v<n>`` folder.
    """
    data_path = resolve_data_path(data).resolve()
    chosen_formats = check_formats(formats)
    with forked.session(data_path, chosen_formats) as portfolio:
        return _meeting_reports(
            portfolio, data_path, meeting, chosen_formats, lang, latest, today, kinds, reissue, public, out
        )


def _meeting_reports(portfolio, data_path, meeting, chosen_formats, lang, latest, today, kinds, reissue, public, out):
    hand_over(data_path, portfolio)  # the reports' processes, forked from this one, take it (run.forked)
    if latest:
        meeting = portfolio.latest_meeting(today)
        if meeting is None:
            raise ParameterError(f"{data_path}: sheet 'meetings' has no meetings; add one first.")
    jobs = meeting_jobs(portfolio, data_path, meeting, chosen_formats, lang, kinds=kinds, out=Path(out), public=public)
    target = Path(out) / jobs[0].target_dir
    if public:  # a public version is a new paper beside the issued ones; it never touches them
        return run_reports(jobs, target)
    issued = issuing.latest(target)
    if issued is not None and not reissue:
        raise issuing.IssueError(
            f"The reports for {jobs[0].parameters['meeting_date']} were issued on {issued.issued_at[:10]} "
            f"(version {issued.version}, {target / issued.folder}); they are not replaced. To send a corrected "
            "version, run the command again with --reissue: the issued version is kept."
        )
    if issued is not None:
        issuing.prepare_reissue(target)
    written = run_reports(jobs, target)
    if issued is not None:
        issuing.issue(portfolio, target, [job.name for job in jobs], jobs[0].parameters["meeting_date"])
    return written


@dataclass
class PaperRun:
    """What ``dap-reports agenda|minutes`` made, and what the secretariat should know about it."""

    written: list[Path]
    warnings: list[str] = field(default_factory=list)  # late, or lacking something the secretariat must add
    notes: list[str] = field(default_factory=list)  # worth knowing, nothing to fix


def paper_warnings(portfolio, kind: str, date: pd.Timestamp, paper, target: Path, today: pd.Timestamp) -> list[str]:
    """The papers' deadlines and gaps, as plain sentences for the command line.

    A paper the meetings sheet records as sent is judged by the day it was sent; one not yet sent by ``today``.
    """
    from ..reports.papers import computations as pc

    config, iso = portfolio.config, f"{date:%Y-%m-%d}"
    out = []
    if kind == pc.AGENDA:
        if paper.sent_date is not None and paper.sent_date > paper.deadline:
            out.append(
                f"The meetings sheet records the agenda as sent on {paper.sent_date:%Y-%m-%d}, after its deadline "
                f"{paper.deadline:%Y-%m-%d} ({config.agenda_days_before} days before the meeting)."
            )
        elif paper.sent_date is None and today > paper.deadline:
            late = (today - paper.deadline).days
            out.append(
                f"The agenda was due to be sent by {paper.deadline:%Y-%m-%d} ({config.agenda_days_before} days before "
                f"the meeting); today is {today:%Y-%m-%d}, {late} day(s) late."
                + (" The meeting has already been held." if today > date else "")
            )
        if paper.missing_recommendations:
            out.append(
                f"Decision item(s) {', '.join(map(str, paper.missing_recommendations))} have no recommendation "
                "(sheet agenda, column recommendation); the agenda shows a placeholder."
            )
        missing = [name for name in pc.report_files(date) if not (target / name).is_file()]
        if missing:
            out.append(
                f"The attachments {', '.join(missing)} are not in {target} yet: make them with "
                f"`dap-reports meeting {iso} --format html,pdf`."
            )
    else:
        if today < date:
            out.append(
                f"The meeting on {iso} has not been held yet (today is {today:%Y-%m-%d}): the minutes are a draft with "
                "placeholders for the decisions."
            )
        elif paper.sent_date is not None and paper.sent_date > paper.deadline:
            out.append(
                f"The meetings sheet records the minutes as sent on {paper.sent_date:%Y-%m-%d}, after their deadline "
                f"{paper.deadline:%Y-%m-%d} ({config.minutes_days_after} days after the meeting)."
            )
        elif paper.sent_date is None and today > paper.deadline:
            out.append(
                f"The minutes were due to be sent by {paper.deadline:%Y-%m-%d} ({config.minutes_days_after} days after "
                f"the meeting); today is {today:%Y-%m-%d}, {(today - paper.deadline).days} day(s) late."
            )
        if paper.missing_decisions and today >= date:
            out.append(
                f"No decision is recorded for item(s) {', '.join(map(str, paper.missing_decisions))} (sheet agenda, "
                "column decision); the minutes show a placeholder."
            )
    return out


def paper_notes(kind: str, paper) -> list[str]:
    from ..reports.papers import computations as pc

    if paper.sent_date is None:
        return []
    what = "agenda" if kind == pc.AGENDA else "minutes"
    return [f"The meetings sheet records the {what} as sent on {paper.sent_date:%Y-%m-%d}."]


def run_paper(
    kind: str,
    meeting,
    *,
    data=None,
    out="output",
    formats: str = ",".join(PAPER_FORMATS),
    lang: str | None = None,
    today=None,
    public: bool = False,
) -> PaperRun:
    """Make a meeting's agenda or minutes (``kind``: 'agenda' or 'minutes') as notebook, HTML, PDF and Word.

    They go to the meeting's folder beside its reports, all formats or none. Agenda and minutes are papers of
    their own, made before and after the meeting: an issued meeting (``dap-reports issue``) does not stop them,
    and they do not replace the issued reports. The warnings say when a paper is late against its deadline
    (``today``, default today's date), and what it still lacks.
    """
    from ..reports.papers import computations as pc

    if kind not in PAPERS:
        raise ParameterError(f"unknown paper {kind!r}; choose {' or '.join(PAPERS)}.")
    data_path = resolve_data_path(data).resolve()
    portfolio = load_portfolio(data_path)
    chosen = check_formats(formats, PAPER_FORMATS)
    params, params_file = resolve_meeting_parameters(
        portfolio, meeting, parameter_dirs(data_path), {"lang": lang, "public": public or None}
    )
    date = pd.Timestamp(params.meeting_date)
    generated = now_iso()
    paper_kind = PAPERS[kind]
    job = ReportJob(
        paper_kind.key,
        f"{paper_kind.slug}-{date:%Y-%m-%d}{PUBLIC_SUFFIX if params.public else ''}",
        {
            "data_path": str(data_path),
            "meeting_date": f"{date:%Y-%m-%d}",
            "parameters_file": str(params_file) if params_file else "",
            "generated_at": generated,
            "previous_issued": "",
            **params.model_dump(mode="json", exclude={"meeting_date"}),
        },
        f"{paper_kind.title} – {portfolio.config.name} – {date_da(date, long=True)}",
        chosen,
        target_dir=meeting_output_dir(Path("."), date),
        data_sha256=portfolio.sha256,
    )
    target = Path(out) / job.target_dir
    today = pd.Timestamp.today().normalize() if today is None else as_date(today)
    paper = pc.paper(portfolio, kind, date, job.parameters, made=pd.Timestamp(generated).tz_localize(None))
    warnings = paper_warnings(portfolio, kind, date, paper, target, today)
    return PaperRun(run_reports([job], target), warnings, paper_notes(kind, paper))


def issue_meeting(meeting, *, data=None, out="output") -> tuple[issuing.IssuedVersion, Path]:
    """Mark a meeting's reports as sent (``dap-reports issue``): archive them with the data they came from."""
    data_path = resolve_data_path(data).resolve()
    portfolio = load_portfolio(data_path)
    jobs = meeting_jobs(portfolio, data_path, meeting, ("html",), out=Path(out))
    target = Path(out) / jobs[0].target_dir
    iso = jobs[0].parameters["meeting_date"]
    issued = issuing.latest(target)
    if issued is not None:
        raise issuing.IssueError(
            f"The reports for {iso} were already issued on {issued.issued_at[:10]} (version {issued.version}). "
            f"To issue a corrected version: `dap-reports meeting {iso} --reissue`."
        )
    return issuing.issue(portfolio, target, [job.name for job in jobs], iso), target


def diff_meeting(meeting, *, data=None, out="output"):
    """What today's data say differently about an issued meeting than the snapshot it was issued with.

    Returns (the differences as a DataFrame — see :func:`~dap_reports.contract.history.diff_tables` —,
    the issued version)."""
    from ..contract.history import diff_tables
    from ..contract.parsing import parse_meeting_date
    from ..contract.snapshot import read_snapshot

    data_path = resolve_data_path(data).resolve()
    portfolio = load_portfolio(data_path)
    try:
        date = parse_meeting_date(meeting)
    except ValueError as exc:
        raise ParameterError(str(exc)) from None
    portfolio.meeting(date)
    target = meeting_output_dir(Path(out), date)
    issued = issuing.latest(target)
    if issued is None:
        raise issuing.IssueError(
            f"The reports for {date:%Y-%m-%d} have not been issued (no {issuing.RECORD} in {target}). "
            f"Issue them with `dap-reports issue {date:%Y-%m-%d}` once they are sent."
        )
    problems = issuing.verify(target)
    if problems:
        raise issuing.IssueError("The issued papers have been changed since they were issued: " + "; ".join(problems))
    snapshot = read_snapshot(target / issued.folder / issued.snapshot)
    return diff_tables(snapshot.tables, portfolio.tables, date), issued


def annual_output_dir(out: Path, year: int) -> Path:
    return Path(out) / f"{int(year)}" / "annual"


def run_year(
    year, *, data=None, out="output", formats: str = "html", lang: str | None = None, public: bool = False
) -> list[Path]:
    """Produce the annual roll-up for a calendar year; returns the written files."""
    data_path = resolve_data_path(data).resolve()
    chosen_formats = check_formats(formats)
    with forked.session(data_path, chosen_formats) as portfolio:
        hand_over(data_path, portfolio)
        job = year_job(portfolio, data_path, year, chosen_formats, lang, public=public)
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
    # Everything is made in memory first, so a failure writes nothing.
    target = Path(out) / str(wheel.year)
    files = {
        target / f"aarshjul-{wheel.year}-{name}.csv": frame.to_csv(index=False, lineterminator="\n")
        for name, frame in wheel_to_tables(wheel).items()
    }
    files[target / f"aarshjul-{wheel.year}.html"] = wheel_page(wheel, portfolio.config.name)
    written = write_wheel_parameters(wheel, workspace, force=force)
    for path, text in files.items():
        _write_atomically(path, text)
        written.append(path)
    return wheel, written
