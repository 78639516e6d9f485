"""The computations behind the risk report (*Risikorapport*).

Every function takes a :class:`~dap_reports.portfolio.Portfolio` and a meeting date
and returns a plain DataFrame, so the notebook, the charts and the tests all read the
same numbers. Rules (see ``docs/conventions.md`` and the domain notes):

* a risk is *open* at D when ``raised_date <= D`` and it is not closed on or before D;
* its assessment *as of* D is the latest ``risk_assessments`` row with ``meeting_date <= D``
  — so a planned meeting without assessments shows what was last known;
* score = probability × impact; colour comes from the configured 5×5 matrix *cell*,
  not from a score cut-off;
* trend and movements compare with the assessment as of the previous meeting.

Never-assessed risks keep NA scores and a ``None`` colour: missing data is never green.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...contract.config import RiskRule
from ...contract.portfolio import Portfolio, as_date
from ..common.formats import danish_list
from ..common.frames import blank_text, nones
from ..common.queries import (
    PORTFOLIO_NAME,  # noqa: F401 (part of this module's vocabulary)
    RISK_REGISTER_COLUMNS,
    assessed_as_of,
    is_open,
    open_risks_as_of,
    risk_colours,
    sort_by_score,
    with_project_names,
)

COLOURS = ("red", "yellow", "green")
COLOUR_DA = {"red": "Rød", "yellow": "Gul", "green": "Grøn"}
MOVEMENTS = ("new", "escalated", "de_escalated", "closed")

OPEN_RISK_COLUMNS = [
    "risk_id",
    "project_id",
    "project_name",
    "title",
    "description",
    "category",
    "owner",
    "response",
    "mitigation",
    "raised_date",
    "probability",
    "impact",
    "score",
    "colour",
    "assessed_date",
    "previous_probability",
    "previous_impact",
    "previous_score",
    "trend",
]
MOVEMENT_COLUMNS = ["movement", "risk_id", "project_name", "title", "previous_score", "score", "owner"]
BY_PROJECT_COLUMNS = [
    "project_id",
    "project_name",
    "open",
    "red",
    "yellow",
    "green",
    "unassessed",
    "max_score",
    "total_score",
]
GAP_COLUMNS = ["risk_id", "project_name", "title", "missing"]
EXPOSURE_COLUMNS = ["meeting_date", "open_risks", "total_score", "red", "yellow", "green"]
THRESHOLD_COLUMNS = ["colour", "min_score", "max_score", "cells"]


# --------------------------------------------------------------------------- building blocks


def _rule(p: Portfolio) -> RiskRule:
    return p.config.rules.risk


def _direction(now: pd.Series, before: pd.Series) -> pd.Series:
    """'escalated' / 'de_escalated' / 'unchanged' by score change; None where either side is missing."""
    change = now - before
    known = change.notna()
    direction = nones(now.index)
    direction[known] = (
        change[known].astype("int64").clip(-1, 1).map({1: "escalated", -1: "de_escalated", 0: "unchanged"})
    )
    return direction


def _trend(rows: pd.DataFrame, previous: pd.Timestamp | None) -> pd.Series:
    if previous is None:  # first meeting: nothing to compare with
        return nones(rows.index)
    trend = _direction(rows["score"], rows["previous_score"])
    # 'new' only when raised since the previous meeting; a late first assessment of an older
    # risk has nothing to compare with and stays None rather than pretending to be new.
    trend[rows["score"].notna() & rows["previous_score"].isna() & (rows["raised_date"] > previous)] = "new"
    return trend


# --------------------------------------------------------------------------- the register


def open_risks(p: Portfolio, date) -> pd.DataFrame:
    """One row per risk open at the meeting, with current and previous assessment and trend."""
    date = as_date(date)
    previous = p.previous_meeting(date)
    rows = open_risks_as_of(p, date)
    before = assessed_as_of(p, previous)[["probability", "impact", "score"]].add_prefix("previous_")
    rows = rows.join(before, on="risk_id")
    rows["trend"] = _trend(rows, previous)
    return sort_by_score(rows)[OPEN_RISK_COLUMNS]


def top_risks(p: Portfolio, date, n: int | None = None) -> pd.DataFrame:
    """The ``n`` highest-scoring assessed open risks (default ``rules.risk.top_n``)."""
    n = _rule(p).top_n if n is None else int(n)
    rows = open_risks(p, date)
    return rows[rows["score"].notna()].head(n).reset_index(drop=True)


def portfolio_risks(p: Portfolio, date) -> pd.DataFrame:
    """Open portfolio-level risks (no project), columns as :func:`open_risks`."""
    rows = open_risks(p, date)
    return rows[rows["project_id"].isna()].reset_index(drop=True)


def risk_gaps(p: Portfolio, date) -> pd.DataFrame:
    """Open risks without an owner, a mitigation or any assessment; ``missing`` in Danish."""
    rows = open_risks(p, date)
    lacks = pd.DataFrame(
        {
            "ejer": blank_text(rows["owner"]),
            "afbødning": blank_text(rows["mitigation"]),
            "vurdering": rows["score"].isna(),
        }
    )
    missing = [
        danish_list([label for label, gap in zip(lacks.columns, flags, strict=True) if gap])
        for flags in lacks.to_numpy()
    ]
    rows = rows.assign(missing=missing)[lacks.any(axis=1)]
    return rows.sort_values("risk_id")[GAP_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------- the matrix


def heatmap_counts(p: Portfolio, date) -> pd.DataFrame:
    """5×5 counts of assessed open risks: probability 5..1 down, impact 1..5 across."""
    rows = open_risks_as_of(p, as_date(date)).dropna(subset=["score"])
    grid = pd.DataFrame(
        0, index=pd.Index([5, 4, 3, 2, 1], name="probability"), columns=pd.Index([1, 2, 3, 4, 5], name="impact")
    )
    for (probability, impact), count in rows.groupby(["probability", "impact"]).size().items():
        grid.loc[int(probability), int(impact)] = int(count)
    return grid


def heatmap_previous(p: Portfolio, date) -> pd.DataFrame | None:
    """The heat map as it stood at the previous meeting; None at the first meeting."""
    previous = p.previous_meeting(date)
    return None if previous is None else heatmap_counts(p, previous)


def score_thresholds(p: Portfolio) -> pd.DataFrame:
    """Score range and number of cells per colour under the configured matrix."""
    rule = _rule(p)
    cells = pd.DataFrame(
        [(pr * im, rule.colour(pr, im)) for pr in range(1, 6) for im in range(1, 6)], columns=["score", "colour"]
    )
    table = cells.groupby("colour")["score"].agg(min_score="min", max_score="max", cells="size")
    table = table.reindex(list(COLOURS)).rename_axis("colour").reset_index()  # colours absent → NA, 0 cells
    return (
        table.astype({"min_score": "Int64", "max_score": "Int64"})
        .fillna({"cells": 0})
        .astype({"cells": "int64"})[THRESHOLD_COLUMNS]
    )


def threshold_text(p: Portfolio) -> str:
    """One Danish line for the report, e.g. 'Rød: score 10–25 · Gul: 4–12 · Grøn: 1–4 (…)'."""
    parts, word = [], "score "  # the word 'score' only before the first range
    table = score_thresholds(p)
    for colour, cells, low, high in zip(
        table["colour"], table["cells"], table["min_score"], table["max_score"], strict=True
    ):
        if cells == 0:
            parts.append(f"{COLOUR_DA[colour]}: ingen celler")
            continue
        span = f"{low}" if low == high else f"{low}–{high}"
        parts.append(f"{COLOUR_DA[colour]}: {word}{span}")
        word = ""
    note = "farve efter cellen i matrixen, ikke kun scoren"
    shared = _shared_scores(_rule(p))
    if shared:  # colour is per cell, so the same score can sit in two colours
        note += f"; {'scorerne' if len(shared) > 1 else 'scoren'} {danish_list(shared)} findes i flere farver"
    return " · ".join(parts) + f" ({note})"


def _shared_scores(rule: RiskRule) -> list[int]:
    """Scores that occur in cells of more than one colour."""
    colours: dict[int, set[str]] = {}
    for pr in range(1, 6):
        for im in range(1, 6):
            colours.setdefault(pr * im, set()).add(rule.colour(pr, im))
    return sorted(score for score, found in colours.items() if len(found) > 1)


# --------------------------------------------------------------------------- change and totals


def movements(p: Portfolio, date) -> pd.DataFrame:
    """New, escalated, de-escalated and closed risks since the previous meeting."""
    date = as_date(date)
    previous = p.previous_meeting(date)
    if previous is None:
        return pd.DataFrame({c: pd.Series(dtype="Int64" if "score" in c else object) for c in MOVEMENT_COLUMNS})
    risks = with_project_names(p, p.risks[RISK_REGISTER_COLUMNS])
    risks = risks.join(assessed_as_of(p, date)["score"], on="risk_id")
    risks = risks.join(assessed_as_of(p, previous)["score"].rename("previous_score"), on="risk_id")
    open_now, open_before = is_open(risks, date), is_open(risks, previous)
    direction = _direction(risks["score"], risks["previous_score"])

    movement = direction.where(open_now & open_before & direction.ne("unchanged"), None)
    movement[open_now & (risks["raised_date"] > previous)] = "new"
    closed = (risks["closed_date"] > previous) & (risks["closed_date"] <= date)
    movement[closed] = "closed"  # includes a risk raised and closed between meetings
    risks["movement"] = movement
    risks.loc[closed, "score"] = pd.NA  # a closed risk has no current score

    rows = risks[risks["movement"].notna()].copy()
    rows["_order"] = rows["movement"].map(MOVEMENTS.index)
    return rows.sort_values(["_order", "risk_id"])[MOVEMENT_COLUMNS].reset_index(drop=True)


def risks_by_project(p: Portfolio, date) -> pd.DataFrame:
    """Open risks per project (portfolio-level last as 'Porteføljen') with colour counts and scores."""
    rows = open_risks_as_of(p, as_date(date))
    flags = rows.assign(**{c: rows["colour"].eq(c) for c in COLOURS}, unassessed=rows["score"].isna())
    table = (
        flags.groupby(["project_id", "project_name"], dropna=False, sort=False)
        .agg(
            open=("risk_id", "size"),
            red=("red", "sum"),
            yellow=("yellow", "sum"),
            green=("green", "sum"),
            unassessed=("unassessed", "sum"),
            max_score=("score", "max"),
            total_score=("score", "sum"),
        )
        .reset_index()
    )
    # Projects in register order (not string order: P2 before P10), the portfolio itself last.
    position = {pid: i for i, pid in enumerate(p.projects["project_id"])}
    order = [len(position) + 1 if pd.isna(pid) else position.get(pid, len(position)) for pid in table["project_id"]]
    table = table.assign(_order=order).sort_values(["_order", "project_id"]).drop(columns="_order")
    table["project_id"] = table["project_id"].astype(object).where(table["project_id"].notna(), None)
    counts = dict.fromkeys(("open", "red", "yellow", "green", "unassessed", "total_score"), "int64")
    return table.astype(counts | {"max_score": "Int64"})[BY_PROJECT_COLUMNS].reset_index(drop=True)


def exposure_over_time(p: Portfolio, date) -> pd.DataFrame:
    """Open risks, total score and colour counts at each meeting up to ``date``.

    At each meeting as :func:`open_risks_as_of` has it — the risks open then, each with its latest
    assessment by then — computed for all meetings at once (a portfolio of years has dozens of
    meetings and thousands of risks)."""
    date = as_date(date)
    meetings = pd.Series([m for m in p.meeting_dates if m <= date], dtype="datetime64[ns]")
    risks, assessments = p.risks, p.risk_assessments
    # Every (meeting, risk) pair with the risk open at the meeting.
    pairs = pd.DataFrame(
        {
            "meeting_date": meetings.repeat(len(risks)).to_numpy(),
            "risk_id": np.tile(risks["risk_id"].to_numpy(dtype=object), len(meetings)),
            "raised_date": np.tile(risks["raised_date"].to_numpy(dtype="datetime64[ns]"), len(meetings)),
            "closed_date": np.tile(risks["closed_date"].to_numpy(dtype="datetime64[ns]"), len(meetings)),
        }
    )
    pairs = pairs[is_open(pairs, pairs["meeting_date"])]
    # Each pair's latest assessment on or before the meeting.
    known = assessments[assessments["meeting_date"].notna()]
    known = pd.DataFrame(
        {
            "risk_id": known["risk_id"].astype(object),
            "assessed_date": known["meeting_date"].astype("datetime64[ns]"),
            "probability": known["probability"].astype("Int64"),
            "impact": known["impact"].astype("Int64"),
        }
    ).sort_values("assessed_date", kind="stable")
    pairs = pd.merge_asof(
        pairs.astype({"risk_id": object}).sort_values("meeting_date", kind="stable"),  # as pandas infers none
        known,
        left_on="meeting_date",
        right_on="assessed_date",
        by="risk_id",
        direction="backward",
    )
    pairs["score"] = pairs["probability"] * pairs["impact"]
    pairs["colour"] = risk_colours(pairs["probability"], pairs["impact"], p.config.rules.risk)
    at = pairs.groupby("meeting_date")
    table = pd.DataFrame({"meeting_date": meetings})
    table["open_risks"] = table["meeting_date"].map(at.size()).fillna(0)
    table["total_score"] = table["meeting_date"].map(at["score"].sum()).fillna(0)
    for colour in COLOURS:
        table[colour] = table["meeting_date"].map(pairs["colour"].eq(colour).groupby(pairs["meeting_date"]).sum())
        table[colour] = table[colour].fillna(0)
    # Skip only the leading meetings before the register had anything in it; later
    # empty meetings stay so the time axis has no gaps.
    first_assessed = known["assessed_date"].min()
    anything = (table["open_risks"] > 0) | (table["meeting_date"] >= first_assessed)
    return (
        table[anything.cummax()]
        .astype(dict.fromkeys(EXPOSURE_COLUMNS[1:], "int64"))
        .reset_index(drop=True)[EXPOSURE_COLUMNS]
    )
