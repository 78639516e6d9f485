"""The Gevinster and Gevinstrealisering sections, the status table's benefits column, and the indicators'
appendix: what a reader finds in the HTML."""

from __future__ import annotations

import re

import pandas as pd

from conftest import load_tiny
from dap_reports.reports.annual import sections as annual
from dap_reports.reports.context import ReportContext
from dap_reports.reports.status import sections as status


def _meeting(p, date) -> ReportContext:
    return ReportContext(p, pd.Timestamp(date), {}, "fast")


def _rows(html: str, caption_or_heading: str) -> list[str]:
    """The body rows of the first table after a heading or caption, as text."""
    start = html.index(caption_or_heading)
    table = html[html.index("<tbody>", start) : html.index("</tbody>", start)]
    return [re.sub(r"<[^>]+>", " ", row).split() for row in table.split("</tr>") if row.strip()]


def test_meeting_section_on_the_demo(demo):
    html = status.benefits(_meeting(demo, "2026-10-14"))
    assert html.startswith("<p>12 gevinster fra 12 projekter følges ved mødet, heraf 1 lukket projekt: 5 på sporet")
    behind = _rows(html, "Gevinster bag planen")
    # furthest behind first: video (35 points), the quick overview (31), the app (15), the diagnosis map (10,4)
    assert [" ".join(r[:3]) for r in behind] == [
        "Video i almen",
        "Hurtigt patientoverblik Kortere",
        "MinLæge-app Borgere der",
        "Diagnosekort i almen",
    ]
    assert "mangler" in " ".join(behind[3])  # the diagnosis map's benefit has no owner
    assert "Målinger siden forrige møde (12-08-2026)" in html
    assert len(_rows(html, "Målinger siden forrige møde")) == 11  # 31 August (epikriser) and ten of 30 September
    closed = _rows(html, "Lukkede projekter i gevinstrealisering")
    assert " ".join(closed[0]).startswith("Forbedring af epikriser (lukket)") and "752.400" not in html
    assert "0,75 mio. kr." in " ".join(closed[0])  # 0,3135 × 2.400.000 = 752.400 kr.


def test_meeting_section_before_any_benefit_is_measured(demo):
    html = status.benefits(_meeting(demo, "2025-01-08"))
    assert "Ingen gevinster er bag planen." in html and "Ingen nye målinger." in html
    assert "Lukkede projekter" not in html


def test_a_portfolio_without_benefits_says_so(tmp_path):
    p = load_tiny(tmp_path)
    assert "har ingen gevinster" in status.benefits(_meeting(p, "2026-03-11"))
    ctx = ReportContext(p, pd.Timestamp("2026-12-31"), {}, "fast", year=2026)
    assert "har ingen gevinster for 2026" in annual.benefits(ctx)


def test_status_table_shows_reported_over_computed_benefits(demo):
    html = status.status_table(_meeting(demo, "2026-10-14"))
    assert "Gevinster rapp./ber." in html
    row = next(r for r in html.split("<tr>") if "Video i almen praksis" in r)
    reported, computed = row.split('<span class="rag-pair">')[1:3]
    assert ["gul" in reported, "rød" in computed, "⚑" in computed, "⚑" in reported] == [True, True, True, False]
    unstarted = next(r for r in html.split("<tr>") if "Apps i almen praksis" in r)
    assert '<span class="rag-pair">–</span>' in unstarted  # nothing in realisation: a dash, not a grey badge


def test_year_section_on_the_demo(demo):
    ctx = ReportContext(demo, pd.Timestamp("2026-10-14"), {}, "fast", year=2026)
    html = annual.benefits(ctx)
    assert "Gevinster: realiseret mod forventet ved udgangen af 2026" not in html  # the title is in the image
    assert html.count("<img") == 2 and 'alt="10 gevinster i realisering ved udgangen af 2026' in html
    per_project = _rows(html, "Projekternes gevinster ved udgangen af 2026 (lukkede projekter medregnet)")
    assert len(per_project) == 12 and any(r[:4] == ["Forbedring", "af", "epikriser", "(lukket)"] for r in per_project)
    years = _rows(html, "Pr. år")
    assert [r[0] for r in years] == ["2025", "2026", "2027", "2028"]
    assert years[2][-1] == "–"  # a year ahead: plan only
    assert "Ikke-økonomiske gevinster" in html


def test_indicator_appendix_only_for_rollout_portfolios(demo, kol_portfolio):
    assert status.indicator_appendix(_meeting(demo, "2026-10-14")) == ""
    html = status.indicator_appendix(_meeting(kol_portfolio, "2019-12-11"))
    assert html.startswith('<h2 id="Bilag.-Alle-kommuner-rangeret">Bilag. Alle kommuner rangeret</h2>')
    assert len(_rows(html, "Alle 98 kommuner, rangeret")) == 98
    body = status.indicators(_meeting(kol_portfolio, "2019-12-11"))
    assert "Alle 98 kommuner, rangeret" not in body  # the body shows leaders and laggards only
    assert len(_rows(body, "De 5 kommuner længst fremme")) == 5
    assert len(_rows(body, "De 10 kommuner længst bagud")) == 10
