"""The ``dap-reports`` command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .errors import ERROR, DapReportsError, Problem
from .loading import DEMO_DIR, check_portfolio, resolve_data_path

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
    None, "--data", "-d", help="Workbook (.xlsx) or folder of CSV files. Default: $DAP_REPORTS_DATA, "
    "./portfolio.xlsx, else the bundled synthetic demo."
)


def _fail(exc: Exception) -> None:
    err_console.print(f"[bold red]Error:[/] {exc}", markup=True, highlight=False)
    raise typer.Exit(code=2)


def _note_demo(path: Path) -> None:
    if path.resolve() == DEMO_DIR.resolve():
        err_console.print("[dim]Using the bundled demo portfolio (synthetic data).[/]")


def problems_table(problems: list[Problem], title: str) -> Table:
    table = Table(title=title, show_lines=False, expand=True, title_justify="left")
    for name, style in (("", ""), ("file / sheet", "cyan"), ("row", "magenta"), ("column", "cyan"),
                        ("value", "yellow"), ("problem", ""), ("fix", "green")):
        table.add_column(name, style=style, overflow="fold")
    for p in problems:
        mark = "[red]error[/]" if p.severity == ERROR else "[yellow]warning[/]"
        sheet = p.file + (f" / {p.sheet}" if p.sheet else "")
        table.add_row(mark, sheet, "" if p.row is None else str(p.row), p.column or "", p.value or "", p.message, p.fix)
    return table


@app.command()
def validate(
    path: Optional[Path] = typer.Argument(None, help="Workbook or CSV folder (default as for --data)."),
    warnings: bool = typer.Option(True, "--warnings/--no-warnings", help="List data-quality warnings too."),
) -> None:
    """Check a portfolio workbook or CSV folder and list every problem with its location."""
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
        console.print(f"[bold red]{len(errors)} error(s)[/], {n_warn} warning(s). Fix the errors and run again; "
                      "nothing was written.")
        raise typer.Exit(code=1)
    counts = ", ".join(f"{len(portfolio.tables[n])} {n}" for n in ("projects", "meetings", "status", "risks"))
    console.print(f"[bold green]OK[/]: {portfolio.config.name} — {counts}; {n_warn} data-quality warning(s).")


@app.command()
def init(
    folder: Path = typer.Argument(..., help="Folder for the new workspace (created if missing)."),
    demo: bool = typer.Option(False, "--demo", help="Fill the workbook with the synthetic demo portfolio."),
    force: bool = typer.Option(False, "--force", help="Replace an existing portfolio.xlsx in the folder."),
) -> None:
    """Create a workspace: portfolio.xlsx template (with LÆS MIG), portfolio.yaml, parameters/."""
    from .workspace import init_workspace

    try:
        workbook = init_workspace(folder, demo=demo, force=force)
    except DapReportsError as exc:
        _fail(exc)
    what = "demo portfolio" if demo else "empty template"
    console.print(f"Created {folder} with {workbook.name} ({what}). Next: dap-reports validate {workbook}")


@app.command()
def meeting(
    meeting_date: Optional[str] = typer.Argument(None, help="The meeting, e.g. 2026-03-11 (or 11-03-2026)."),
    latest: bool = typer.Option(False, "--latest", help="The next meeting from today, else the most recent one."),
    data: Optional[Path] = DataOption,
    out: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder; reports go to OUT/<year>/<date>/."),
    formats: str = typer.Option("html", "--format", "-f", help="Output formats, comma-separated: html, pdf (e.g. html,pdf)."),
    lang: str = typer.Option("da", "--lang", help="Report language (da)."),
) -> None:
    """Make the meeting's status overview and risk report (executed notebooks + HTML)."""
    from .reports import run_meeting

    if (meeting_date is None) == (not latest):
        _fail(DapReportsError("give a meeting date (e.g. 2026-03-11) or --latest, not both and not neither."))
    try:
        where = resolve_data_path(data)
        _note_demo(where)
        with console.status("Making the reports …"):
            written = run_meeting(meeting_date, data=where, out=out, formats=formats, lang=lang, latest=latest)
    except DapReportsError as exc:
        _fail(exc)
    console.print(f"[bold green]Done[/]: {len(written)} file(s) in {written[0].parent}")
    for path in written:
        console.print(f"  {path}")


@app.command()
def version() -> None:
    """Print the toolkit's version."""
    console.print(__version__)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err_console.print("Interrupted; nothing half-written was left in place.")
        sys.exit(130)
