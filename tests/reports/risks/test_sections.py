"""The risk report's HTML sections (dap_reports.reports.risks.sections)."""

import re

import pandas as pd

from dap_reports.reports.context import ReportContext
from dap_reports.reports.risks import sections


def test_movements_say_an_owner_is_missing_as_the_other_risk_tables_do(demo):
    """The de-escalated risk in October's demo has no owner: 'mangler', flagged, not an empty cell."""
    html = sections.movements(ReportContext(demo, pd.Timestamp("2026-10-14"), {}))
    row = next(r for r in re.findall(r"<tr>.*?</tr>", html, flags=re.S) if "Ændringer i Sundhedsjournalen" in r)
    assert '<td class="flag">mangler</td>' in row
    closed = next(r for r in re.findall(r"<tr>.*?</tr>", html, flags=re.S) if "Lukket" in r)
    assert '<td class="flag">' not in closed.split("</td>")[-2] + "</td>"  # a closed risk's owner is not flagged
