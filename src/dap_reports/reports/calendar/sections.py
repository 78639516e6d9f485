"""The annual wheel's page (``dap-reports calendar``): plain HTML with the reports' stylesheet inlined —
the wheel drawn as a circle, then the meetings with their deadlines, invitees and agenda."""

from __future__ import annotations

import html
from pathlib import Path
from typing import cast

from ... import __version__
from ...contract.schema import AGENDA_ITEM
from ..common import formats as fmt
from ..common import html as d
from . import charts
from .computations import Wheel

CSS = Path(__file__).resolve().parents[2] / "templates" / "dap" / "report.css"


def wheel_page(wheel: Wheel, portfolio_name: str) -> str:
    fig = charts.annual_wheel_chart(wheel, f"Årshjul {wheel.year} – {portfolio_name}")
    n_projects = wheel.agenda["project_id"].dropna().nunique()
    figure = d.figure_html(
        fig,
        alt=f"Årshjul for {wheel.year} med {len(wheel.meetings)} møder og {n_projects} projekter placeret.",
        caption="Månederne går med uret fra januar øverst. Hvert møde står ved sin dato med de faste punkter (◆) og "
        "de projekter, der behandles (•). Møder, hvor Sundhedsstyrelsen inviteres, er markeret.",
    )
    sections = []
    for meeting in wheel.meetings.itertuples():
        items = wheel.agenda[wheel.agenda["meeting_date"] == meeting.meeting_date]
        agenda = [f"{r.title} ({AGENDA_ITEM.danish[r.item]})" for r in items.itertuples()] + ["Eventuelt"]
        names = cast(list[str], meeting.invited)  # the wheel's 'invited' column holds a list of names per meeting
        invited = ", ".join(names) if len(names) else "ingen ud over medlemmerne"
        present = cast(list[str], meeting.participants)  # a list per meeting, as the organisations were then
        facts = [
            ("Type", "ordinært" if meeting.kind == "ordinary" else "ekstraordinært"),
            ("Deltagere", ", ".join(present) or "–"),
            ("Dagsorden senest", fmt.date_da(meeting.agenda_deadline)),
            ("Referat senest", fmt.date_da(meeting.minutes_deadline)),
            ("Inviterede", invited),
        ]
        if getattr(meeting, "note", None):
            facts.append(("Bemærkning", str(meeting.note)))
        sections.append(
            f"<h3>{html.escape(fmt.date_da(meeting.meeting_date, long=True))}</h3>"
            + d.facts(facts)
            + d.bullet_list(agenda, ordered=True, css="dap-agenda")
        )
    notes = "".join(f'<p class="dap-callout warn">{html.escape(w)}</p>' for w in wheel.warnings)
    unplaced = (
        d.html_table(
            wheel.unplaced,
            {"name": "Projekt", "start_date": "Start", "reason": "Årsag"},
            formats={"start_date": fmt.date_da},
            caption="Projekter der ikke kunne placeres",
            empty="",
        )
        if len(wheel.unplaced)
        else ""
    )
    body = (
        f'<h1>Årshjul {wheel.year}</h1><p class="dap-note">{html.escape(portfolio_name)} · forslag dannet af '
        f"dap-reports {html.escape(__version__)}</p>{notes}{figure}{unplaced}<h2>Møderne</h2>{''.join(sections)}"
    )
    return (
        f'<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Årshjul {wheel.year}</title>'
        f'<style>{CSS.read_text(encoding="utf-8")}</style></head><body class="dap-report"><main>{body}'
        "</main></body></html>"
    )
