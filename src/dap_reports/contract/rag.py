"""RAG (red/yellow/green) rules: ordering, the derived overall status, and RAG computed
from a project's own forecast against its baseline.

``None`` means *not reported*. It is never treated as green: a missing dimension makes
the derived overall status unknown unless another dimension is already red.
"""

from __future__ import annotations

import math

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


def computed_time_rag(slip_days: float | None, rule: TimeRule) -> str | None:
    """Statens It-råd: red when more than 3 months late, yellow from 1 month."""
    if slip_days is None or is_blank(slip_days):
        return None
    if slip_days > rule.red_above_days:
        return "red"
    if slip_days >= rule.yellow_from_days:
        return "yellow"
    return "green"


def computed_cost_rag(forecast_dkk: float | None, baseline_dkk: float | None, rule: CostRule) -> str | None:
    """Statens It-råd: red above 10 % or DKK 6 million overrun, yellow for any overrun."""
    if forecast_dkk is None or baseline_dkk is None or is_blank(forecast_dkk) or is_blank(baseline_dkk):
        return None
    overrun = forecast_dkk - baseline_dkk
    if overrun <= 0:
        return "green"
    pct = overrun / baseline_dkk * 100 if baseline_dkk else math.inf
    if pct > rule.red_above_pct or overrun > rule.red_above_dkk:
        return "red"
    return "yellow" if rule.yellow_any_overrun else "green"
