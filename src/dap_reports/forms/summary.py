"""What a merge changes, one record per change, in words the programme office reads before it uses the result."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..contract.parsing import is_blank
from ..contract.schema import ENUMERATIONS

# Kinds of change, in the order a summary lists them.
STATUS = "new status"
RESCORED = "risk re-scored"
CONFIRMED = "risk confirmed"  # assessed again with the same probability and impact
CLOSED = "risk closed"
RISK_UPDATED = "risk updated"  # owner, response or mitigation changed
NEW_RISK = "new risk"
MOVED = "forecast moved"
KEPT = "forecast confirmed"
REACHED = "milestone reached"
MONEY = "spend and forecast"
MONEY_KEPT = "spend and forecast confirmed"
NEW_CR = "new change request"
ACTION = "action updated"
MEASURED = "new benefit measurement"
KINDS = (
    STATUS,
    NEW_RISK,
    RESCORED,
    CLOSED,
    RISK_UPDATED,
    CONFIRMED,
    REACHED,
    MOVED,
    KEPT,
    MONEY,
    MONEY_KEPT,
    NEW_CR,
    MEASURED,
    ACTION,
)
UNCHANGED = (CONFIRMED, KEPT, MONEY_KEPT)  # recorded for the meeting, but the same as last time


@dataclass(frozen=True)
class Change:
    project_id: str
    kind: str
    key: str  # what changed: a risk id, a milestone id, a budget line, a new id
    before: str
    after: str
    file: str = ""  # the form it came from

    @property
    def order(self) -> tuple:
        return (self.project_id, KINDS.index(self.kind) if self.kind in KINDS else 99, self.key)


def show(value: object, kind: str = "") -> str:
    """A value for the summary: ISO dates, whole kroner with thousands separators, Danish enumeration labels;
    ``kind="measure"``: a measured number with all its decimals (1,234.5)."""
    if value is None or is_blank(value):
        return "(blank)"
    try:
        if pd.isna(value):  # type: ignore[call-overload]
            return "(blank)"
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp) or hasattr(value, "strftime"):
        return pd.Timestamp(value).strftime("%Y-%m-%d")  # type: ignore[arg-type]
    if kind in ENUMERATIONS:
        return ENUMERATIONS[kind].danish.get(str(value), str(value))
    if kind == "measure" and isinstance(value, (int, float)):
        return f"{value:,.6f}".rstrip("0").rstrip(".")
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() or abs(value) >= 100 else f"{value:g}"
    return str(value)


def counts(changes: list[Change]) -> dict[str, int]:
    """Changes per kind, in summary order (kinds with none left out)."""
    found = {kind: sum(1 for c in changes if c.kind == kind) for kind in KINDS}
    return {k: n for k, n in found.items() if n}
