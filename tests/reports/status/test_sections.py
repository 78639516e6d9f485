"""The status report's HTML sections (dap_reports.reports.status.sections)."""

import pandas as pd

from dap_reports.reports.context import ReportContext
from dap_reports.reports.status import sections


def test_highlights_section_with_highlight_projects(demo):
    # The chosen projects on the agenda first (agenda order), then the others in the order given.
    ctx = ReportContext(demo, pd.Timestamp("2026-10-14"), {"highlight_projects": ["P02", "P01"]})
    html = sections.highlights(ctx)
    assert html.count('<section class="dap-highlight">') == 2
    assert html.index("Hurtigt patientoverblik") < html.index("Den intelligente indbakke")


def test_meeting_agenda_names_eventuelt_once_last_and_without_a_kind(tmp_path):
    from conftest import load_tiny

    def edit(rows):
        eventuelt = dict(rows["agenda"][0], project_id="", item="orientation", title="Eventuelt")
        rows["agenda"].insert(0, eventuelt)  # the sheet lists it first

    ctx = ReportContext(load_tiny(tmp_path, edit), pd.Timestamp("2026-03-11"), {})
    agenda = sections.meeting(ctx).split("<h3>Dagsorden</h3>")[1]
    assert agenda.count("Eventuelt") == 1 and "Eventuelt (" not in agenda
    assert agenda.index("Pilot (beslutning)") < agenda.index("Eventuelt")


def test_glance_sentence_agrees_in_number(demo):
    """'1 gult', not '1 gule': the counts read as Danish, as the alt text of the chart too."""
    ctx = ReportContext(demo, pd.Timestamp("2026-10-14"), {})
    html = sections.glance(ctx)
    assert "14 aktive projekter: 2 røde, 1 gult, 9 grønne og 2 uden rapporteret status." in html


def test_status_table_refers_to_the_benefits_section_by_its_current_number(demo):
    from dap_reports.reports import REPORTS

    ctx = ReportContext(demo, pd.Timestamp("2026-10-14"), {})
    number = REPORTS["status"].section_number("benefits")
    heading = next(s.heading for s in REPORTS["status"].sections if s.function == "benefits")
    assert heading.startswith(f"{number}. ")
    assert f"(ber., se afsnit {number})" in sections.status_table(ctx, "3. Status pr. projekt")
