"""RAG (red/yellow/green) rules: ordering, the derived overall status, and RAG computed
from a project's own forecast against its baseline.

``None`` means *not reported*. It is never treated as green: a missing dimension makes
the derived overall status unknown unless another dimension is already red.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from .config import CostRule, TimeRule
from .parsing import is_blank

RAG_ORDER = {"green": 0, "yellow": 1, "red": 2}
RAG_DA = {"green": "grøn", "yellow": "gul", "red": "rød", None: "ikke rapporteret"}
RAG_LETTER = {"green": "G", "yellow": "Y", "red": "R", None: "–"}


def worst(*values: str | None) -> str | None:
    known = [v for v in values if v is not None and not is_blank(v)]
    return max(known, key=RAG_ORDER.__getitem__) if known else None


def derive_overall(*dimensions: str | None) -> str | None:
    """Overall status when the project left it blank: the worst dimension.

    If any dimension is not reported the result is not reported too — unless one is
    red, since nothing missing can make a red project better.
    """
    try:
        return _derived(dimensions)  # a handful of combinations, asked for once per status row
    except TypeError:  # a value that cannot be a dictionary key
        return _derive(dimensions)


@functools.lru_cache(maxsize=1024)
def _derived(dimensions: tuple) -> str | None:
    return _derive(dimensions)


def _derive(dimensions: tuple) -> str | None:
    if any(d == "red" for d in dimensions):
        return "red"
    if any(is_blank(d) for d in dimensions):
        return None
    return worst(*dimensions)


def compare(before: str | None, after: str | None) -> str | None:
    """'improved', 'worsened', 'unchanged', or None when either side is not reported."""
    if before is None or after is None or is_blank(before) or is_blank(after):
        return None
    delta = RAG_ORDER[after] - RAG_ORDER[before]
    return "unchanged" if delta == 0 else ("worsened" if delta > 0 else "improved")


def computed_time_rag(baseline_end, forecast_end, rule: TimeRule) -> str | None:
    """Statens It-råd: red when more than 3 calendar months late, yellow from 1 month, else green.

    Months are calendar months (2026-02-28 + 1 month = 2026-03-28; 2026-05-31 + 3 months =
    2026-08-31), and "more than" is strict, so exactly 3 months late is yellow. With the rule's
    day limits set, the slip in days is compared instead.
    """
    if is_blank(baseline_end) or is_blank(forecast_end):
        return None
    baseline, forecast = pd.Timestamp(baseline_end), pd.Timestamp(forecast_end)
    if rule.in_days:
        slip = (forecast - baseline).days
        assert rule.red_above_days is not None and rule.yellow_from_days is not None
        return "red" if slip > rule.red_above_days else "yellow" if slip >= rule.yellow_from_days else "green"
    if forecast > baseline + pd.DateOffset(months=rule.red_above_months):
        return "red"
    if rule.yellow_from_months and forecast >= baseline + pd.DateOffset(months=rule.yellow_from_months):
        return "yellow"
    return "green"


def _exact(value) -> Fraction:
    """The number as written (4.95 is 495/100, not the nearest binary float), so limits are exact."""
    return Fraction(Decimal(str(value)))


def computed_cost_rag(forecast_dkk: float | None, baseline_dkk: float | None, rule: CostRule) -> str | None:
    """Statens It-råd: red when the overrun is more than 10 % of the baseline or more than DKK 6 million,
    yellow for a smaller overrun, green for none. "More than" is strict and computed exactly: 4.5 → 4.95
    mio. kr. is exactly 10 % over, so yellow."""
    if is_blank(forecast_dkk) or is_blank(baseline_dkk):
        return None
    forecast, baseline = _exact(forecast_dkk), _exact(baseline_dkk)
    overrun = forecast - baseline
    if overrun <= 0:
        return "green"
    over_pct = baseline <= 0 or overrun * 100 > _exact(rule.red_above_pct) * baseline
    if over_pct or overrun > _exact(rule.red_above_dkk):
        return "red"
    return "yellow" if rule.yellow_any_overrun else "green"
