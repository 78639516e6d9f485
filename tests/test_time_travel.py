"""Snapshot honesty: a report for meeting D shows what was known at D.

For every meeting of the demo, every section of every meeting report is made twice — from today's
full data, and from the data as they stood at the meeting (:func:`as_known_at`: every later row
removed, every later event undone) — and the two must be identical. A section that reads a value
recorded after its meeting (today's spend, a later forecast, a later decision, a risk raised later)
makes this test fail.
"""

from __future__ import annotations

import importlib

import pandas as pd
import pytest

from dap_reports.contract.history import as_known_at
from dap_reports.reports import MEETING, kinds
from dap_reports.reports.common import html
from dap_reports.reports.context import ReportContext

MEETING_KINDS = kinds(MEETING)


class _Drawn:
    """Stands in for a chart: the exact data the chart was asked to draw, without drawing it."""

    def __init__(self, name: str, args: tuple, kwargs: dict):
        self.text = f"{name}({', '.join(_exact(a) for a in (*args, *kwargs.values()))})"


def _exact(value) -> str:
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.to_json(orient="split", date_format="iso", default_handler=str)
    return repr(value)


class _Charts:
    def __getattr__(self, name):
        return lambda *args, **kwargs: _Drawn(name, args, kwargs)


@pytest.fixture(autouse=True)
def charts_as_data(monkeypatch):
    """Rendering SVG for 2 × 15 sections × every meeting takes minutes; what a chart shows is its data."""
    for kind in MEETING_KINDS:
        monkeypatch.setattr(importlib.import_module(kind.sections_module), "charts", _Charts())
    monkeypatch.setattr(importlib.import_module("dap_reports.reports.indicators.sections"), "charts", _Charts())
    original = html.figure_html
    monkeypatch.setattr(
        html,
        "figure_html",
        lambda fig, alt, caption, **kw: (
            fig.text + alt + caption if isinstance(fig, _Drawn) else original(fig, alt, caption, **kw)
        ),
    )


def _sections(portfolio, date) -> dict[str, str]:
    ctx = ReportContext(portfolio, date, parameters={}, generated_at="fast", data_path=portfolio.source)
    html = {}
    for kind in MEETING_KINDS:
        module = importlib.import_module(kind.sections_module)
        for section in kind.sections:
            function = getattr(module, section.function)
            html[f"{kind.key}: {section.heading}"] = (
                function(ctx, section.heading) if section.own_heading else function(ctx)
            )
    return html


@pytest.mark.parametrize("kol", [False, True], ids=["dap", "kol"])
def test_every_meeting_report_shows_only_what_was_known_at_its_meeting(demo, kol_portfolio, kol):
    portfolio = kol_portfolio if kol else demo
    failures = []
    for date in portfolio.meeting_dates:
        today = _sections(portfolio, date)
        then = _sections(as_known_at(portfolio, date), date)
        for name, text in today.items():
            if text != then[name]:
                failures.append(f"{date:%Y-%m-%d} {name}")
    assert not failures, "sections that read data recorded after their meeting:\n" + "\n".join(failures)
