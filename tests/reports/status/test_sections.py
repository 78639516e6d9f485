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
