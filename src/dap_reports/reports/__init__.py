"""The report kinds: one folder each, listed once here.

Every kind lives in ``dap_reports/reports/<package>/`` with the same three modules —
``computations.py`` (DataFrames a test can check), ``charts.py`` (figures) and ``sections.py``
(one HTML function per section) — and has one :class:`ReportKind` entry below. The notebook
templates (:mod:`.templates`), the command line and the tests all read this registry, so adding
a kind is one folder plus one entry.

A folder may also serve other kinds' papers instead of being a paper of its own: ``indicators/``
and ``benefits/`` are such folders. Their sections are listed below in the kinds that show them,
each pointing at a one-line function in that kind's ``sections.py`` that hands over to the folder
(``status.sections.benefits`` → ``benefits.sections.meeting_section``), so this registry stays the
one place that says which section appears where.

This module is imported inside every report kernel: it holds plain data and imports nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

MEETING, YEAR, PAPER = "meeting", "year", "paper"


@dataclass(frozen=True)
class Section:
    """One section of a report: its Danish heading and the function in the kind's ``sections.py``.

    With ``own_heading`` the function writes the heading itself (it receives it as its second
    argument): sections shown only for some portfolios, or set on landscape pages in print.
    """

    heading: str
    function: str
    own_heading: bool = False


@dataclass(frozen=True)
class ReportKind:
    key: str  # stable identifier, e.g. "status"
    package: str  # folder under dap_reports/reports/
    scope: str  # MEETING (reports per meeting), YEAR (one per calendar year) or PAPER (a meeting's agenda/minutes)
    template: str  # notebook file name in notebooks/
    slug: str  # ASCII file-name stem: reports travel by e-mail and file shares
    title: str  # Danish title printed on the report
    sections: tuple[Section, ...]
    # (first section, first section of the rest): made in a second process from the first on, which makes the
    # rest while the report's own makes the sections between (see dap_reports.run.forked._Twin). Only for
    # sections that read what the sections before the first have made, not each other's.
    parallel: tuple[str, str] | None = None

    @property
    def sections_module(self) -> str:
        return f"dap_reports.reports.{self.package}.sections"

    def section_number(self, function: str) -> str:
        """The number a section's heading gives it ("8" for "8. Gevinster"), for cross-references in the
        text that stay right when sections are added or moved."""
        for section in self.sections:
            if section.function == function:
                return section.heading.split(".", 1)[0]
        raise KeyError(f"report {self.key!r} has no section {function!r}")


REPORTS: dict[str, ReportKind] = {
    kind.key: kind
    for kind in (
        ReportKind(
            "status",
            "status",
            MEETING,
            "meeting_status.ipynb",
            "portefoljeoverblik",
            "Porteføljeoverblik",
            (
                Section("1. Mødet", "meeting"),
                Section("2. Porteføljen kort", "glance"),
                Section("3. Status pr. projekt", "status_table", own_heading=True),  # landscape pages in print
                Section("4. Sager til beslutning", "decisions"),
                Section("5. Opfølgning", "follow_up"),
                Section("6. Milepæle", "milestones"),
                Section("7. Økonomi", "economy"),
                Section("8. Gevinster", "benefits"),
                Section("9. Afhængigheder", "dependencies"),
                Section("10. Projekter på dagsordenen", "highlights"),
                Section("11. Datakvalitet", "data_quality"),
                Section("12. Indikatorer", "indicators", own_heading=True),  # rollout portfolios only
                Section("Bilag. Alle kommuner rangeret", "indicator_appendix", own_heading=True),  # ditto
            ),
            # the meeting and the glance compute what most sections read (the status table …) once, before
            parallel=("status_table", "benefits"),
        ),
        ReportKind(
            "risks",
            "risks",
            MEETING,
            "meeting_risks.ipynb",
            "risikorapport",
            "Risikorapport",
            (
                Section("1. Risikobillede", "heatmaps"),
                Section("2. Største risici", "top_risks"),
                Section("3. Bevægelser siden sidste møde", "movements"),
                Section("4. Risici pr. projekt", "by_project"),
                Section("5. Risikoeksponering over tid", "exposure"),
            ),
        ),
        ReportKind(
            "annual",
            "annual",
            YEAR,
            "annual_rollup.ipynb",
            "aarsrapport",
            "Årsrapport",
            (
                Section("1. Sammenfatning", "summary"),
                Section("2. Status over året", "status_over_year"),
                Section("3. Økonomi pr. finansieringskilde", "economy"),
                Section("4. Gevinstrealisering", "benefits"),
                Section("5. Leverancer", "delivery"),
                Section("6. Risici", "risks"),
                Section("7. Ændringsanmodninger", "change_requests"),
                Section("8. Styring og årshjul", "governance"),
                Section("9. Beslutninger og opfølgning", "decisions_and_actions"),
                Section("10. Indikatorer", "indicators", own_heading=True),  # rollout portfolios only
                Section("Bilag. Alle kommuner rangeret", "indicator_appendix", own_heading=True),  # ditto
            ),
        ),
        # The secretariat's papers for a meeting: the agenda (sent before it) and the minutes (after it).
        # They have their own commands (`dap-reports agenda|minutes DATE`) and add an editable Word document.
        ReportKind(
            "agenda",
            "papers",
            PAPER,
            "meeting_agenda.ipynb",
            "dagsorden",
            "Dagsorden",
            (
                Section("Mødet", "agenda_meeting"),
                Section("Deltagere", "participants"),
                Section("Dagsordenens punkter", "agenda_items"),
                Section("Bilag", "agenda_attachments"),
            ),
        ),
        ReportKind(
            "minutes",
            "papers",
            PAPER,
            "meeting_minutes.ipynb",
            "referat",
            "Referat",
            (
                Section("Mødet", "minutes_meeting"),
                Section("Deltagere", "participants"),
                Section("Referat af punkterne", "minutes_items"),
                Section("Opfølgningspunkter, der føres videre", "carried_forward"),
            ),
        ),
    )
}


def kinds(scope: str) -> tuple[ReportKind, ...]:
    """The report kinds made per meeting (``MEETING``), per year (``YEAR``) or as a meeting's papers (``PAPER``),
    in registry order."""
    return tuple(kind for kind in REPORTS.values() if kind.scope == scope)


__all__ = ["MEETING", "PAPER", "REPORTS", "YEAR", "ReportKind", "Section", "kinds"]
