"""``dap-reports calendar``: next year's annual wheel as parameter files, workbook rows and a page.

The page is plain HTML with the reports' stylesheet inlined: the wheel drawn as a circle,
then the meetings with their deadlines, invitees and agenda.
"""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path

from . import __version__, charts, display as d
from .loading import DEMO_DIR, load_portfolio, resolve_data_path
from .schema import AGENDA_ITEM
from .wheel import Wheel, propose_wheel, wheel_to_tables, write_wheel_parameters

CSS = Path(__file__).parent / "templates" / "dap" / "report.css"


def wheel_page(wheel: Wheel, portfolio_name: str) -> str:
    fig = charts.annual_wheel_chart(wheel, f"Årshjul {wheel.year} – {portfolio_name}")
    n_projects = wheel.agenda["project_id"].dropna().nunique()
    figure = d.figure_html(
        fig, alt=f"Årshjul for {wheel.year} med {len(wheel.meetings)} møder og {n_projects} projekter placeret.",
        caption="Månederne går med uret fra januar øverst. Hvert møde står ved sin dato med de faste punkter (◆) og "
                "de projekter, der behandles (•). Møder, hvor Sundhedsstyrelsen inviteres, er markeret.")
    sections = []
    for meeting in wheel.meetings.itertuples():
        items = wheel.agenda[wheel.agenda["meeting_date"] == meeting.meeting_date]
        agenda = [f"{r.title} ({AGENDA_ITEM.danish[r.item]})" for r in items.itertuples()] + ["Eventuelt"]
        invited = ", ".join(meeting.invited) if len(meeting.invited) else "ingen ud over medlemmerne"
        facts = [("Type", "ordinært" if meeting.kind == "ordinary" else "ekstraordinært"),
                 ("Dagsorden senest", d.date_da(meeting.agenda_deadline)),
                 ("Referat senest", d.date_da(meeting.minutes_deadline)), ("Inviterede", invited)]
        if getattr(meeting, "note", None):
            facts.append(("Bemærkning", meeting.note))
        sections.append(f"<h3>{html.escape(d.date_da(meeting.meeting_date, long=True))}</h3>" + d.facts(facts)
                        + d.bullet_list(agenda, ordered=True, css="dap-agenda"))
    notes = "".join(f'<p class="dap-callout warn">{html.escape(w)}</p>' for w in wheel.warnings)
    unplaced = d.html_table(wheel.unplaced, {"name": "Projekt", "start_date": "Start", "reason": "Årsag"},
                            formats={"start_date": d.date_da}, caption="Projekter der ikke kunne placeres",
                            empty="") if len(wheel.unplaced) else ""
    body = (f"<h1>Årshjul {wheel.year}</h1><p class=\"dap-note\">{html.escape(portfolio_name)} · forslag dannet af "
            f"dap-reports {html.escape(__version__)}</p>{notes}{figure}{unplaced}<h2>Møderne</h2>{''.join(sections)}")
    return (f'<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Årshjul {wheel.year}</title>'
            f"<style>{CSS.read_text(encoding='utf-8')}</style></head><body class=\"dap-report\"><main>{body}"
            "</main></body></html>")


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temp, path)


def run_calendar(year: int, *, data=None, out="output", workspace: Path | None = None, force: bool = False,
                 **options) -> tuple[Wheel, list[Path]]:
    """Propose the wheel, write its parameter files, workbook rows and page; returns the wheel and files.

    Parameter files go to the workspace's ``parameters/meetings/`` — beside the data, or the
    current folder when the data is the bundled demo (never into the package).
    """
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
