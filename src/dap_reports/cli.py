"""The ``dap-reports`` command."""

from __future__ import annotations

import atexit
import os
import signal
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from .contract.locate import DEMO_DIR, resolve_data_path
from .errors import ERROR, DapReportsError, Problem

app = typer.Typer(
    help="Status, risk and annual reports for Danish health-digitalisation steering groups.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Piped output (CI logs, `| less`) gets a wide table rather than rich's 80 columns.
console = Console() if Console().is_terminal else Console(width=180)
err_console = Console(stderr=True)

DataOption = typer.Option(
    None,
    "--data",
    "-d",
    help="Workbook (.xlsx) or folder of CSV files. Default: $DAP_REPORTS_DATA, "
    "./portfolio.xlsx, else the bundled synthetic demo.",
)
LangOption = typer.Option("da", "--lang", help="Language of the reports and papers (da).")
PublicOption = typer.Option(
    False, "--public", help="Public version: person names replaced by organisation or role (files '-offentlig')."
)

# What goes with the agenda: HTML and PDF unless asked otherwise (HTML alone is quicker while exploring).
DEFAULT_REPORT_FORMATS = "html,pdf"
ReportFormats = typer.Option(
    None,
    "--format",
    "-f",
    help="Output formats, comma-separated: html, pdf. Default: html,pdf (html alone where PDFs cannot be made).",
    show_default=False,
)


def _report_formats(formats: str | None) -> str:
    """The formats asked for, or the default: HTML and PDF, or HTML alone (with a note) on a machine that
    cannot make PDFs - a pip install on Windows without Pango - so the everyday command still works."""
    if formats is not None:
        return formats
    from .run.pdf_support import pdf_unavailable

    reason = pdf_unavailable()
    if reason is None:
        return DEFAULT_REPORT_FORMATS
    console.print(
        f"[bold yellow]Note[/]: HTML only - PDFs cannot be made on this machine ({reason}). WeasyPrint needs the "
        "Pango library: use the conda environment (environment.yml), or install Pango as WeasyPrint's "
        "documentation describes.",
        soft_wrap=True,
    )
    return "html"


def _fail(exc: Exception) -> None:
    err_console.print(f"[bold red]Error:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code=2)


def _note_demo(path: Path) -> None:
    if path.resolve() == DEMO_DIR.resolve():
        err_console.print("[dim]Using the bundled demo portfolio (synthetic data).[/]")


def problems_table(problems: list[Problem], title: str) -> Table:
    table = Table(title=title, show_lines=False, expand=True, title_justify="left")
    for name, style in (
        ("", ""),
        ("file / sheet", "cyan"),
        ("row", "magenta"),
        ("column", "cyan"),
        ("value", "yellow"),
        ("problem", ""),
        ("fix", "green"),
    ):
        table.add_column(name, style=style, overflow="fold")
    for p in problems:
        mark = "[red]error[/]" if p.severity == ERROR else "[yellow]warning[/]"
        sheet = p.file + (f" / {p.sheet}" if p.sheet else "")
        table.add_row(mark, sheet, "" if p.row is None else str(p.row), p.column or "", p.value or "", p.message, p.fix)
    return table


@app.command()
def validate(
    path: Path | None = typer.Argument(None, help="Workbook or CSV folder (default as for --data)."),
    warnings: bool = typer.Option(True, "--warnings/--no-warnings", help="List data-quality warnings too."),
) -> None:
    """Check a portfolio workbook or CSV folder and list every problem with its location."""
    from .contract.loading import check_portfolio

    try:
        where = resolve_data_path(path)
        _note_demo(where)
        portfolio, problems = check_portfolio(where)
    except DapReportsError as exc:
        _fail(exc)
    errors = [p for p in problems if p.severity == ERROR]
    shown = problems if warnings else errors
    if shown:
        console.print(problems_table(shown, f"Problems in {where}"))
    n_warn = len(problems) - len(errors)
    if errors:
        console.print(
            f"[bold red]{len(errors)} error(s)[/], {n_warn} warning(s). Fix the errors and run again; "
            "nothing was written."
        )
        raise typer.Exit(code=1)
    counts = ", ".join(f"{len(portfolio.tables[n])} {n}" for n in ("projects", "meetings", "status", "risks"))
    console.print(f"[bold green]OK[/]: {portfolio.config.name} — {counts}; {n_warn} data-quality warning(s).")


@app.command()
def init(
    folder: Path = typer.Argument(..., help="Folder for the new workspace (created if missing)."),
    demo_name: str | None = typer.Argument(
        None, metavar="[dap|kol]", show_default=False, help="With --demo: which demo (default dap)."
    ),
    demo: bool = typer.Option(False, "--demo", help="Fill the workbook with a synthetic demo: --demo [dap|kol]."),
    force: bool = typer.Option(False, "--force", help="Replace an existing portfolio.xlsx in the folder."),
) -> None:
    """Create a workspace: portfolio.xlsx template (with LÆS MIG), portfolio.yaml, parameters/."""
    from .tools.workspace import init_workspace

    if demo_name and not demo:
        _fail(DapReportsError(f"'{demo_name}' names a demo; write --demo {demo_name}."))
    chosen = (demo_name or "dap") if demo else None
    try:
        with console.status("Creating the workspace …"):
            workbook = init_workspace(folder, demo=chosen or False, force=force, issued_demo=chosen == "dap")
    except DapReportsError as exc:
        _fail(exc)
    what = f"{chosen} demo portfolio" if chosen else "empty template"
    console.print(f"Created {folder} with {workbook.name} ({what}). Next: dap-reports validate {workbook}")
    if chosen == "dap":
        from .tools.demo import ISSUED_MEETING

        console.print(
            f"The demo's papers for {ISSUED_MEETING} are issued in {folder / 'output'}; the workbook has since been "
            f"corrected: see `dap-reports diff {ISSUED_MEETING}` in {folder}."
        )


@app.command()
def meeting(
    meeting_date: str | None = typer.Argument(None, help="The meeting, e.g. 2026-03-11 (or 11-03-2026)."),
    latest: bool = typer.Option(False, "--latest", help="The next meeting from today, else the most recent one."),
    data: Path | None = DataOption,
    out: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder; reports go to OUT/<year>/<date>/."),
    formats: str | None = ReportFormats,
    lang: str = LangOption,
    reissue: bool = typer.Option(
        False, "--reissue", help="The reports were issued: make new ones and issue them as the next version."
    ),
    public: bool = PublicOption,
) -> None:
    """Make the meeting's status overview and risk report (HTML and tagged PDF, beside the executed notebooks)."""
    from .run.forked import loading_early
    from .run.issuing import IssueError

    if (meeting_date is None) == (not latest):
        _fail(DapReportsError("give a meeting date (e.g. 2026-03-11) or --latest, not both and not neither."))
    try:
        where = resolve_data_path(data)
        with loading_early(where):  # before importing the run layer: see loading_early
            formats = _report_formats(formats)
            from .run.jobs import run_meeting

            _note_demo(where)
            with console.status("Making the reports …"):
                written = run_meeting(
                    meeting_date,
                    data=where,
                    out=out,
                    formats=formats,
                    lang=lang,
                    latest=latest,
                    reissue=reissue,
                    public=public,
                )
    except IssueError as exc:
        if reissue or "were issued on" not in str(exc):
            _fail(exc)
        console.print(f"[bold yellow]Udsendt[/]: {exc}", soft_wrap=True)
        return
    except DapReportsError as exc:
        _fail(exc)
    _done(written)


def _paper(
    kind: str, meeting_date: str, data, out: Path, formats: str, lang: str, today: str | None, public: bool = False
) -> None:
    from .run.jobs import run_paper

    try:
        where = resolve_data_path(data)
        _note_demo(where)
        with console.status(f"Making the {kind} …"):
            made = run_paper(
                kind, meeting_date, data=where, out=out, formats=formats, lang=lang, today=today, public=public
            )
    except DapReportsError as exc:
        _fail(exc)
    for warning in made.warnings:
        err_console.print(f"[yellow]Warning:[/] {warning}", soft_wrap=True, highlight=False)
    for note in made.notes:
        err_console.print(f"[dim]Note:[/] {note}", soft_wrap=True, highlight=False)
    _done(made.written)


PaperFormats = typer.Option(
    "html,pdf,docx", "--format", "-f", help="Output formats, comma-separated: html, pdf, docx (Word)."
)
TodayOption = typer.Option(
    None, "--today", help="The date to check the sending deadline against (default: today).", show_default=False
)


@app.command()
def agenda(
    meeting_date: str = typer.Argument(..., help="The meeting, e.g. 2026-12-09 (or 09-12-2026)."),
    data: Path | None = DataOption,
    out: Path = typer.Option(
        Path("output"), "--out", "-o", help="Output folder; the agenda goes to OUT/<year>/<date>/."
    ),
    formats: str = PaperFormats,
    lang: str = LangOption,
    today: str | None = TodayOption,
    public: bool = PublicOption,
) -> None:
    """Make the meeting's agenda (dagsorden): HTML, PDF and an editable Word document. Warns when it is late."""
    _paper("agenda", meeting_date, data, out, formats, lang, today, public)


@app.command()
def minutes(
    meeting_date: str = typer.Argument(..., help="The meeting, e.g. 2026-10-14 (or 14-10-2026)."),
    data: Path | None = DataOption,
    out: Path = typer.Option(
        Path("output"), "--out", "-o", help="Output folder; the minutes go to OUT/<year>/<date>/."
    ),
    formats: str = PaperFormats,
    lang: str = LangOption,
    today: str | None = TodayOption,
    public: bool = PublicOption,
) -> None:
    """Make the draft minutes (referat) of a meeting: decisions, new and carried-forward actions; HTML, PDF, Word."""
    _paper("minutes", meeting_date, data, out, formats, lang, today, public)


@app.command()
def issue(
    meeting_date: str = typer.Argument(..., help="The meeting whose reports were sent, e.g. 2026-10-14."),
    data: Path | None = DataOption,
    out: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder holding OUT/<year>/<date>/."),
) -> None:
    """Mark a meeting's reports as sent (udsendt): archive them, read-only, with the data they were made from."""
    from .run.jobs import issue_meeting

    try:
        where = resolve_data_path(data)
        _note_demo(where)
        version, folder = issue_meeting(meeting_date, data=where, out=out)
    except DapReportsError as exc:
        _fail(exc)
    console.print(
        f"[bold green]Udsendt[/]: version {version.version} of the reports for {meeting_date} is archived in "
        f"{folder / version.folder} ({len(version.files)} file(s) and the data snapshot {version.snapshot}, "
        f"content SHA-256 {version.content_sha256[:16]}…). They will not be replaced; "
        f"`dap-reports diff {meeting_date}` lists later corrections."
    )


@app.command()
def diff(
    meeting_date: str = typer.Argument(..., help="An issued meeting, e.g. 2026-08-12."),
    data: Path | None = DataOption,
    out: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder holding OUT/<year>/<date>/."),
) -> None:
    """List, cell by cell, what today's data say differently about an issued meeting than what was issued."""
    from .run.jobs import diff_meeting

    try:
        where = resolve_data_path(data)
        _note_demo(where)
        changes, version = diff_meeting(meeting_date, data=where, out=out)
    except DapReportsError as exc:
        _fail(exc)
    if changes.empty:
        console.print(
            f"No corrections: today's data say the same about {meeting_date} as version {version.version} "
            f"issued on {version.issued_at[:10]}."
        )
        return
    table = Table(
        title=f"Corrections since {meeting_date} was issued (version {version.version}, {version.issued_at[:10]})",
        title_justify="left",
    )
    for name in ("table", "key", "column", "issued", "now"):
        table.add_column(name, overflow="fold")
    for c in changes.itertuples():
        old = c.old if c.change == "changed" else ("(row)" if c.change == "removed" else "")
        new = c.new if c.change == "changed" else ("(row)" if c.change == "added" else "")
        table.add_row(c.table, c.key, c.column or "(whole row)", old or "(blank)", new or "(blank)")
    console.print(table)
    console.print(
        f"{len(changes)} difference(s). The issued papers are unchanged; the next meeting's data-quality "
        "section lists these corrections."
    )


@app.command()
def demo(
    out: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder; reports go to OUT/<year>/<date>/."),
) -> None:
    """Check the bundled demo portfolio and make its meeting's reports: the set-up's first run."""
    from .contract.loading import check_portfolio
    from .run.jobs import run_meeting
    from .tools.demo import DEMO_MEETING

    try:
        _, problems = check_portfolio(DEMO_DIR)
        errors = [p for p in problems if p.severity == ERROR]
        if errors:
            console.print(problems_table(errors, f"Problems in {DEMO_DIR}"))
            raise DapReportsError(f"the bundled demo has {len(errors)} error(s); reinstall dap-reports.")
        console.print(f"[bold green]OK[/]: the bundled demo portfolio is valid ({DEMO_DIR}).")
        with console.status(f"Making the demo meeting's reports ({DEMO_MEETING}) …"):
            written = run_meeting(DEMO_MEETING, data=DEMO_DIR, out=out, formats=_report_formats(None))
    except DapReportsError as exc:
        _fail(exc)
    _done(written)
    html = [p for p in written if p.suffix == ".html"]
    console.print(f"Open {html[0]} in a browser (the status overview; the risk report is beside it).")


def _done(written: list[Path]) -> None:
    console.print(f"[bold green]Done[/]: {len(written)} file(s) written")
    for path in written:
        console.print(f"  {path}")


@app.command()
def year(
    year: int = typer.Argument(..., help="Calendar year, e.g. 2026."),
    all_reports: bool = typer.Option(False, "--all", help="Also every meeting's reports of the year (in parallel)."),
    data: Path | None = DataOption,
    out: Path = typer.Option(
        Path("output"), "--out", "-o", help="Output folder; the report goes to OUT/<year>/annual/."
    ),
    formats: str | None = ReportFormats,
    lang: str = LangOption,
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help="Reports run at once (default: cores)."),
    force: bool = typer.Option(False, "--force", help="With --all: rerun reports that are up to date."),
    reissue: bool = typer.Option(False, "--reissue", help="With --all: remake issued meetings, issue a new version."),
    public: bool = PublicOption,
) -> None:
    """Make the annual roll-up for the National Board; with --all, the whole year's reports."""
    if all_reports:
        formats = _report_formats(formats)
        _batch(f"year {year}", data, out, formats, lang, jobs, force, year=year, reissue=reissue, public=public)
        return
    from .run.forked import loading_early

    try:
        where = resolve_data_path(data)
        with loading_early(where):  # before importing the run layer: see loading_early
            formats = _report_formats(formats)
            from .run.jobs import run_year

            _note_demo(where)
            with console.status(f"Making the annual report for {year} …"):
                written = run_year(year, data=where, out=out, formats=formats, lang=lang, public=public)
    except DapReportsError as exc:
        _fail(exc)
    _done(written)


@app.command()
def run(
    since: str = typer.Option(..., "--since", help="Every meeting from this date on, plus each year's roll-up."),
    data: Path | None = DataOption,
    out: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder."),
    formats: str | None = ReportFormats,
    lang: str = LangOption,
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help="Reports run at once (default: cores)."),
    force: bool = typer.Option(False, "--force", help="Rerun reports that are up to date."),
    reissue: bool = typer.Option(False, "--reissue", help="Remake issued meetings and issue a new version."),
    public: bool = PublicOption,
) -> None:
    """Make every report since a date, across years (parallel and incremental)."""
    formats = _report_formats(formats)
    _batch(f"since {since}", data, out, formats, lang, jobs, force, since=since, reissue=reissue, public=public)


def _batch(scope, data, out, formats, lang, jobs, force, **what) -> None:
    """Run a batch with progress bars and a summary; exit 1 if any report failed."""
    from .run import batch

    where = resolve_data_path(data)
    _note_demo(where)
    scope = f"{scope} {formats} {lang}" + (" public" if what.get("public") else "")
    if not force and not what.get("reissue"):
        try:
            unchanged = batch.unchanged_batch(where, out, scope, formats)
        except DapReportsError:
            unchanged = None
        if unchanged is not None:
            console.print(
                f"[bold green]Up to date[/]: nothing changed since the last run; {len(unchanged)} file(s) "
                f"in {out} (use --force to rerun)."
            )
            return
    try:
        items = batch.plan(where, out, formats=formats, lang=lang, **what)
    except DapReportsError as exc:
        _fail(exc)
    results = _run_with_progress(batch, items, jobs, force, scope, where, formats)
    table = Table(title="Reports", title_justify="left")
    for name in ("report", "status", "time", "output"):
        table.add_column(name)
    colour = {"ok": "green", "skipped": "cyan", "failed": "red", "issued": "yellow"}
    for r in results:
        where_to = str(r.outputs[-1]) if r.outputs else r.error
        table.add_row(r.label, f"[{colour[r.status]}]{r.status}[/]", f"{r.seconds:.1f} s", where_to)
    console.print(table)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        err_console.print(
            f"[bold red]{len(failed)} of {len(results)} report(s) failed[/]; the others were written.", soft_wrap=True
        )
        raise typer.Exit(code=1)


def _run_with_progress(batch, items, jobs, force, scope, data, formats):
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[stage]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        overall = progress.add_task("[bold]all reports", total=len(items), stage="")
        tasks = {item.label: progress.add_task(item.label, total=1, stage="queued") for item in items}

        def on_event(label, stage):
            progress.update(tasks[label], stage=stage, completed=0 if stage == "running" else 1)
            if stage != "running":
                progress.advance(overall)

        return batch.run_batch(
            items, jobs=jobs, force=force, on_event=on_event, scope=scope, data=data, formats=formats
        )


@app.command()
def calendar(
    year: int = typer.Argument(..., help="The year to plan, e.g. 2027."),
    data: Path | None = DataOption,
    out: Path = typer.Option(Path("output"), "--out", "-o", help="Folder for the wheel's page and workbook rows."),
    force: bool = typer.Option(False, "--force", help="Replace existing parameters/meetings/<date>.yaml files."),
    weekday: int = typer.Option(2, "--weekday", min=0, max=4, help="Meeting weekday, 0 = Monday … 4 = Friday."),
    week: int = typer.Option(2, "--week", min=1, max=4, help="Which such weekday of the month (1–4)."),
    extra: list[str] = typer.Option([], "--extra", help="Date of an extra meeting (repeatable)."),
) -> None:
    """Propose next year's annual wheel (årshjul): meetings, agendas, deadlines, invitees."""
    from .contract.parsing import parse_meeting_date
    from .run.jobs import run_calendar

    try:
        where = resolve_data_path(data)
        _note_demo(where)
        extras = [parse_meeting_date(e) for e in extra]
        wheel, written = run_calendar(
            year, data=where, out=out, force=force, weekday=weekday, week_of_month=week, extra_meetings=extras or None
        )
    except ValueError as exc:
        _fail(DapReportsError(str(exc)))
    except DapReportsError as exc:
        _fail(exc)
    for warning in wheel.warnings:
        err_console.print(f"[yellow]Warning:[/] {warning}")
    for notice in wheel.notices:
        err_console.print(f"[cyan]Note:[/] {notice}")
    console.print(
        f"Årshjul {wheel.year}: {len(wheel.meetings)} meetings, "
        f"{wheel.agenda['project_id'].dropna().nunique()} projects placed."
    )
    _done(written)


@app.command()
def forms(
    meeting_date: str = typer.Argument(..., help="The meeting the leads report to, e.g. 2026-12-09."),
    data: Path | None = DataOption,
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Folder for the forms. Default: output/<year>/<date>/formularer/."
    ),
    project: list[str] = typer.Option([], "--project", "-p", help="Only this project (repeatable)."),
    force: bool = typer.Option(False, "--force", help="Replace forms already in the folder (a new round)."),
) -> None:
    """Write one pre-filled status form (.xlsx) per active project for the leads to fill in (and one per closed
    project whose benefits are still followed, for the benefit measurements)."""
    from .contract.loading import load_portfolio
    from .contract.portfolio import as_date
    from .forms.write import write_forms

    try:
        where = resolve_data_path(data)
        _note_demo(where)
        date = as_date(meeting_date)
        folder = out or Path("output") / f"{date:%Y}" / f"{date:%Y-%m-%d}" / "formularer"
        portfolio = load_portfolio(where)
        written = write_forms(portfolio, date, folder, projects=project or None, force=force)
    except DapReportsError as exc:
        _fail(exc)
    from .forms.content import reply_deadline

    deadline = reply_deadline(portfolio, date)
    table = Table(title=f"Status forms for the meeting {date:%Y-%m-%d}", title_justify="left")
    for name in ("project", "risks", "milestones", "budget lines", "benefits", "file"):
        table.add_column(name, overflow="fold")
    for w in written:
        table.add_row(
            f"{w.project_id} {w.project_name}" + (" (closed: benefits only)" if w.benefits_only else ""),
            str(w.risks),
            str(w.milestones),
            str(w.budget_lines),
            str(w.benefits),
            w.path.name,
        )
    console.print(table)
    console.print(
        f"[bold green]Done[/]: {len(written)} form(s) in {folder}. Reply deadline in the forms: {deadline:%Y-%m-%d} "
        f"(the agenda deadline minus forms_reply_days_before_agenda). When they are back: "
        f"dap-reports collect FORMS... --out NEW.xlsx"
    )
    already = [w.project_id for w in written if w.has_status_for_meeting]
    if already:
        err_console.print(
            f"[yellow]Note:[/] the portfolio already holds a status for {date:%Y-%m-%d} from {', '.join(already)}; "
            "collect refuses their forms unless those rows are removed first.",
            soft_wrap=True,
        )


@app.command()
def collect(
    form_paths: list[Path] = typer.Argument(..., metavar="FORMS...", help="Returned forms (.xlsx) or folders of them."),
    data: Path | None = DataOption,
    out: Path = typer.Option(..., "--out", "-o", help="The NEW workbook to write (never the portfolio itself)."),
    meeting_date: str | None = typer.Option(
        None, "--meeting", help="The round's meeting. Default: the newest meeting the forms are for."
    ),
) -> None:
    """Check the returned forms and write a new workbook with the accepted answers merged.

    Exit code 0: every form accepted; 1: a form was refused (the others are merged all the same);
    2: nothing could be done (usage error, a portfolio with errors).
    """
    from .forms.merge import collect as collect_forms

    try:
        where = resolve_data_path(data)
        _note_demo(where)
        with console.status("Reading the forms …"):
            result = collect_forms(form_paths, out, data=where, meeting=meeting_date)
    except DapReportsError as exc:
        _fail(exc)
    _print_collect(result)
    merged_errors = [p for p in result.merged_problems if p.severity == ERROR]
    if result.refused or merged_errors or result.written is None:
        raise typer.Exit(code=1)


def _print_collect(result) -> None:
    from .forms import summary
    from .forms.merge import ACCEPTED, REFUSED

    date = f"{result.meeting:%Y-%m-%d}"
    colour = {ACCEPTED: "green", REFUSED: "red"}
    forms_table = Table(title=f"Forms for the meeting {date}", title_justify="left")
    for name in ("form", "project", "decision", "why"):
        forms_table.add_column(name, overflow="fold")
    for v in result.verdicts:
        forms_table.add_row(
            v.file, v.project_id or "?", f"[{colour.get(v.status, 'yellow')}]{v.status}[/]", v.reason or ""
        )
    console.print(forms_table)
    if result.problems:
        console.print(problems_table(result.problems, "Problems and notes in the forms"))
    shown = [c for c in result.changes if c.kind not in summary.UNCHANGED]
    if shown:
        changes = Table(title="What the merge changes", title_justify="left")
        for name in ("project", "change", "what", "before", "after"):
            changes.add_column(name, overflow="fold")
        for c in shown:
            changes.add_row(c.project_id, c.kind, c.key, c.before, c.after)
        console.print(changes)
    same = len(result.changes) - len(shown)
    if same:
        console.print(f"{same} answer(s) the same as last time (recorded for {date} all the same).")
    if result.not_answered:
        refused = {v.project_id for v in result.refused}
        listed = ", ".join(
            f"{pid} {name}" + (" (refused)" if pid in refused else "") for pid, name in result.not_answered
        )
        console.print(
            f"[yellow]No accepted answer from {len(result.not_answered)} project(s)[/]: {listed}", soft_wrap=True
        )
    merged_errors = [p for p in result.merged_problems if p.severity == ERROR]
    if merged_errors:
        console.print(problems_table(merged_errors, "The merged workbook would not validate; nothing was written"))
    elif result.written is not None:
        notes = [p for p in result.merged_problems if p.meeting_date in (None, date)]
        console.print(
            f"[bold green]Written[/]: {result.written} — {len(result.accepted)} form(s) merged, "
            f"{len(result.refused)} refused; it validates ({len(notes)} data-quality warning(s) for {date} or any "
            f"meeting). The portfolio and the forms were not changed. Check it with `dap-reports validate "
            f"{result.written}`, then make it the portfolio.",
            soft_wrap=True,
        )
    else:
        console.print("[bold red]Nothing was written[/]: no form was accepted.")


@app.command()
def version() -> None:
    """Print the toolkit's version."""
    from . import __version__

    console.print(__version__)


def main() -> None:
    """The console script. Ctrl-C ends every process the command started (workers, kernels) and
    exits with 130, also when Python swallowed the KeyboardInterrupt on the way (see run.workers)."""
    from .run import workers

    code: int | str | None = 0
    with workers.ctrl_c_latch():
        try:
            app()
        except KeyboardInterrupt:
            code = 130
        except SystemExit as exc:  # typer always ends with one; Ctrl-C becomes exit code 130
            code = exc.code
    if code == 130 or workers.interrupted():
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        workers.end_descendants()
        err_console.print("Interrupted; nothing half-written was left in place.")
        code = 130
    _exit(code)


def _exit(code: int | str | None) -> None:
    """Exit as ``sys.exit`` would, without tearing the interpreter down object by object.

    Everything is written and closed by now; what remains of an exit after the ``atexit`` handlers
    (which do run: they finish multiprocessing's and WeasyPrint's clean-up) is freeing the modules a
    report run imports — pandas, matplotlib, IPython, nbconvert — one object at a time: about a third
    of a second, a tenth of a meeting's run. The operating system frees them at once.
    """
    if isinstance(code, str):  # sys.exit prints a message and exits with 1
        print(code, file=sys.stderr)
        code = 1
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None:  # not CPython
        sys.exit(code)
    try:
        run_exit_handlers()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code or 0)


if __name__ == "__main__":
    main()
