"""The indicator section of a rollout portfolio: progress and outcome indicators, and programme milestones.

A rollout portfolio (such as the national telemedicine rollout for COPD) fills the ``areas``,
``indicators`` and ``indicator_values`` sheets. Every function here also works on a portfolio
without them and then returns an empty frame with the usual columns, so a report can always call it.

The rules, in one place:

* **Levels.** Areas form a tree: region → landsdelsprogram → municipality. An indicator is read at the
  finest level it has values for (in the KOL demo: progress per municipality, outcome per landsdelsprogram);
  coarser figures are aggregated from that level only, so a value reported at two levels is never counted twice.
* **Aggregation** follows the unit: a percentage (unit ``%``, ``pct`` or ``procent``) is the unweighted mean
  of the areas that reported; any other unit (``antal``, ``kommuner``, …) is a count and is summed.
* **Period.** A report dated D shows the latest quarter whose last day is on or before D.
* **On track.** value / target ≥ the share of time elapsed from the start of the indicator's first reported
  quarter to its target date, i.e. at or above a straight line from zero to the target. Indicators are read as
  "higher is better".
* **Area targets.** An indicator in unit ``kommuner`` counts live municipalities, so an area's target is its
  number of municipalities. Other counts share the indicator's target out by number of municipalities (or by
  optional ``weights`` per municipality, e.g. inhabitants). Percentages keep the indicator's target everywhere.
* **Laggards.** An area is a laggard when its share of target is below ``laggard_ratio`` (default ½) times the
  median share at its level, or below ``laggard_below_pct`` when that is given. When the median is zero (early in
  a rollout) the areas still at zero are laggards as long as any area has started. Half the median flags areas that
  are far behind their peers without always flagging someone, as a fixed bottom quintile would.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

import numpy as np
import pandas as pd

from ...contract.portfolio import Portfolio, as_date
from ...errors import ParameterError

OVERVIEW_COLUMNS = [
    "indicator_id",
    "name",
    "kind",
    "unit",
    "target",
    "target_date",
    "period",
    "value",
    "share_of_target_pct",
    "on_track",
]
PROGRESS_COLUMNS = ["area_id", "area_name", "parent_name", "value", "target", "share_of_target_pct", "rank", "laggard"]
SERIES_COLUMNS = ["period", "area_id", "area_name", "value"]
MILESTONE_COLUMNS = [
    "project_id",
    "project_name",
    "area_id",
    "current_milestone",
    "previous_milestone",
    "changed",
    "display",
]
LEVELS = ("region", "landsdelsprogram", "municipality")  # coarse to fine
NO_MILESTONE = "Ingen milepæl nået"
_PERCENT_UNITS = {"%", "pct", "procent", "pct.", "percent"}


# ------------------------------------------------------------------ small helpers


def aggregation(unit) -> str:
    """'mean' for a percentage unit, else 'sum' (see the module's rules)."""
    return "mean" if str(unit or "").strip().lower() in _PERCENT_UNITS else "sum"


def period_start(period: str) -> pd.Timestamp:
    return pd.Period(period, freq="Q").start_time.normalize()


def period_end(period: str) -> pd.Timestamp:
    """Last day of a quarter such as '2019-Q3' (midnight, so it compares with meeting dates)."""
    return pd.Period(period, freq="Q").end_time.normalize()


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ParameterError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")


def _areas(p: Portfolio) -> pd.DataFrame:
    """The areas sheet indexed by area_id, in sheet order, with a 'depth' per kind."""
    areas = p.tables["areas"].drop(columns=["_row"], errors="ignore").set_index("area_id")
    return areas.assign(depth=areas["kind"].map({k: d for d, k in enumerate(LEVELS)}))


def _ancestor(areas: pd.DataFrame, kind: str) -> dict[str, str | None]:
    """Each area's enclosing area of ``kind`` (itself when it is of that kind); None when there is none."""
    parent, own = areas["parent_id"].to_dict(), areas["kind"].to_dict()
    found: dict[str, str | None] = {}
    for area in areas.index:
        node, steps = area, 0
        while node is not None and not pd.isna(node) and own.get(node) != kind and steps <= len(own):
            node, steps = parent.get(node), steps + 1  # bounded, so a (mistaken) cycle still ends
        found[area] = node if node is not None and not pd.isna(node) and own.get(node) == kind else None
    return found


def _indicator(p: Portfolio, indicator_id: str) -> pd.Series:
    indicators = p.tables["indicators"]
    found = indicators[indicators["indicator_id"] == indicator_id]
    if found.empty:
        known = ", ".join(indicators["indicator_id"]) or "none"
        raise ParameterError(f"unknown indicator {indicator_id!r}; known: {known}")
    return found.iloc[0]


def _values(p: Portfolio, indicator_id: str, areas: pd.DataFrame) -> pd.DataFrame:
    """The indicator's values at the finest level it is measured at (see 'Levels')."""
    values = p.tables["indicator_values"]
    values = values[(values["indicator_id"] == indicator_id) & values["value"].notna()]
    values = values.assign(depth=values["area_id"].map(areas["depth"]))
    if values.empty or values["depth"].isna().all():
        return values.iloc[0:0]
    return values[values["depth"] == values["depth"].max()]


def _latest_period(values: pd.DataFrame, date: pd.Timestamp) -> str | None:
    periods = [q for q in values["period"].unique() if period_end(q) <= date]
    return max(periods, key=period_start) if periods else None


def _combine(values: pd.Series, how: str) -> float:
    return float(values.agg(how)) if len(values) else float("nan")


def _on_track(value: float, target, target_date, first_period: str, period: str) -> bool | None:
    """value / target ≥ elapsed share of the time from the first quarter's start to the target date."""
    if pd.isna(value) or pd.isna(target) or not target or pd.isna(target_date):
        return None
    start = period_start(first_period)
    span = (pd.Timestamp(target_date) - start).days
    elapsed = 1.0 if span <= 0 else min(1.0, max(0.0, (period_end(period) - start).days / span))
    return bool(value / target >= elapsed)


# ------------------------------------------------------------------ indicators


def indicator_overview(p: Portfolio, date) -> pd.DataFrame:
    """One row per indicator at its latest quarter ending on or before ``date``, aggregated over the portfolio."""
    date, areas = as_date(date), _areas(p)
    rows = []
    for ind in p.tables["indicators"].itertuples(index=False):
        values = _values(p, str(ind.indicator_id), areas)
        period = _latest_period(values, date)
        value = _combine(values.loc[values["period"] == period, "value"], aggregation(ind.unit)) if period else np.nan
        target = cast(float, ind.target)  # a number column: a float, NaN when blank
        share = 100 * value / target if not pd.isna(target) and target else np.nan
        first = min(values["period"], key=period_start) if period else None
        on_track = _on_track(value, target, ind.target_date, first, period) if period and first is not None else None
        rows.append(
            {
                "indicator_id": ind.indicator_id,
                "name": ind.name,
                "kind": ind.kind,
                "unit": ind.unit,
                "target": ind.target,
                "target_date": ind.target_date,
                "period": period,
                "value": value,
                "share_of_target_pct": share,
                "on_track": on_track,
            }
        )
    return pd.DataFrame(rows, columns=OVERVIEW_COLUMNS) if rows else _empty(OVERVIEW_COLUMNS)


def _area_targets(
    ind: pd.Series, areas: pd.DataFrame, level: str, unit_of: dict, weights: Mapping[str, float] | None
) -> pd.Series:
    """Target per area at ``level`` (see 'Area targets')."""
    at_level = areas.index[areas["kind"] == level]
    municipalities = areas.index[areas["kind"] == "municipality"]
    if str(ind["unit"]).strip().lower() == "kommuner":
        counts = pd.Series([unit_of[m] for m in municipalities], dtype=object).value_counts()
        return counts.reindex(at_level, fill_value=0).astype(float)
    if aggregation(ind["unit"]) == "mean" or pd.isna(ind["target"]):
        return pd.Series(ind["target"], index=at_level, dtype=float)
    if len(municipalities) == 0:  # no municipalities to share by: equal shares
        return pd.Series(ind["target"] / len(at_level), index=at_level, dtype=float)
    weight = pd.Series({m: float((weights or {}).get(m, 1.0 if weights is None else 0.0)) for m in municipalities})
    by_area = weight.groupby(pd.Series({m: unit_of[m] for m in municipalities})).sum()
    return ind["target"] * by_area.reindex(at_level, fill_value=0.0) / weight.sum()


def progress_by_area(
    p: Portfolio,
    indicator_id: str,
    date,
    level: str = "landsdelsprogram",
    *,
    weights: Mapping[str, float] | None = None,
    laggard_ratio: float = 0.5,
    laggard_below_pct: float | None = None,
) -> pd.DataFrame:
    """Value, target and share of target per area at the latest quarter ending on or before ``date``.

    Sorted by share, best first; ``rank`` 1 is the best. ``parent_name`` is the region of a
    landsdelsprogram and the landsdelsprogram of a municipality. Empty when the indicator is measured
    at a coarser level than asked for (outcome per landsdelsprogram has no municipality figures) or has
    no quarter yet. The quarter used is in ``frame.attrs['period']``.
    """
    _check_level(level)
    if p.tables["indicators"].empty:
        return _empty(PROGRESS_COLUMNS)
    date, ind, areas = as_date(date), _indicator(p, indicator_id), _areas(p)
    values = _values(p, indicator_id, areas)
    period = _latest_period(values, date)
    if period is None or values["depth"].max() < LEVELS.index(level):
        return _empty(PROGRESS_COLUMNS)
    unit_of = _ancestor(areas, level)
    current = values[values["period"] == period]
    value = current["value"].groupby(current["area_id"].map(unit_of)).agg(aggregation(ind["unit"]))
    at_level = areas[areas["kind"] == level]
    frame = pd.DataFrame({"area_id": at_level.index, "area_name": at_level["name"].to_numpy()})
    parent_kind = "region" if level == "landsdelsprogram" else "landsdelsprogram"
    parents = _ancestor(areas, parent_kind) if level != "region" else {}
    frame["parent_name"] = [areas["name"].get(parents.get(a)) if parents.get(a) else None for a in frame["area_id"]]
    frame["value"] = frame["area_id"].map(value).astype(float)
    frame["target"] = frame["area_id"].map(_area_targets(ind, areas, level, unit_of, weights)).astype(float)
    frame["share_of_target_pct"] = np.where(frame["target"] > 0, 100 * frame["value"] / frame["target"], np.nan)
    frame["rank"] = frame["share_of_target_pct"].rank(ascending=False, method="min").astype("Int64")
    median = frame["share_of_target_pct"].median()
    threshold = laggard_below_pct if laggard_below_pct is not None else laggard_ratio * median
    share = frame["share_of_target_pct"]
    laggard = share < threshold
    if laggard_below_pct is None and median == 0:
        # Early in a rollout most areas are still at zero and half the median is zero too; those
        # not started while others have are the ones behind.
        laggard = (share == 0) & (share.max() > 0)
    frame["laggard"] = laggard.fillna(False).astype(bool)
    frame = frame.sort_values(["share_of_target_pct", "area_name"], ascending=[False, True], na_position="last")
    frame = frame.reset_index(drop=True)[PROGRESS_COLUMNS]
    frame.attrs["period"] = period
    return frame


def indicator_series(p: Portfolio, indicator_id: str, level: str = "landsdelsprogram") -> pd.DataFrame:
    """Long format (period, area_id, area_name, value) per quarter and area, for small multiples."""
    _check_level(level)
    if p.tables["indicators"].empty:
        return _empty(SERIES_COLUMNS)
    ind, areas = _indicator(p, indicator_id), _areas(p)
    values = _values(p, indicator_id, areas)
    if values.empty or values["depth"].max() < LEVELS.index(level):
        return _empty(SERIES_COLUMNS)
    values = values.assign(unit=values["area_id"].map(_ancestor(areas, level))).dropna(subset=["unit"])
    frame = (
        values.groupby(["period", "unit"])["value"]
        .agg(aggregation(ind["unit"]))
        .reset_index()
        .rename(columns={"unit": "area_id"})
    )
    frame["area_name"] = frame["area_id"].map(areas["name"])
    order = {a: k for k, a in enumerate(areas.index)}  # areas in sheet order within each quarter
    frame = frame.sort_values(
        ["period", "area_id"], key=lambda s: s.map(period_start) if s.name == "period" else s.map(order)
    )
    return frame.reset_index(drop=True)[SERIES_COLUMNS]


# ------------------------------------------------------------------ milestones per programme


def _programme_projects(p: Portfolio, date: pd.Timestamp) -> pd.DataFrame:
    """Projects matched to a landsdelsprogram by name ('… – Landsdelsprogram Nordjylland'), in areas order.

    A portfolio without such projects gets every project active at ``date``, so the section also works
    for an ordinary portfolio.
    """
    projects = p.tables["projects"]
    areas = p.tables["areas"]
    programmes = areas[areas["kind"] == "landsdelsprogram"]
    rows = []
    for area_id, area_name in zip(programmes["area_id"], programmes["name"], strict=True):
        hits = projects[projects["name"].str.casefold().str.contains(str(area_name).casefold(), regex=False)]
        rows += [(pid, name, area_id) for pid, name in zip(hits["project_id"], hits["name"], strict=True)]
    if not rows:
        active = p.active_projects(date)
        rows = [(pid, name, None) for pid, name in zip(active["project_id"], active["name"], strict=True)]
    return pd.DataFrame(rows, columns=["project_id", "project_name", "area_id"]).drop_duplicates("project_id")


def _reached(milestones: pd.DataFrame, project_id: str, date: pd.Timestamp) -> str:
    """The milestone reached most recently on or before ``date`` (ties: the later in the plan)."""
    done = milestones[(milestones["project_id"] == project_id) & (milestones["actual_date"] <= date)]
    if done.empty:
        return NO_MILESTONE
    return str(done.sort_values(["actual_date", "baseline_date", "milestone_id"]).iloc[-1]["name"])


def _display(current: str, previous: str | None) -> str:
    """'Pilotdrift (forrige: Logistik på plads)' when it moved, 'Pilotdrift (uændret)' when not,
    just 'Pilotdrift' at the first meeting, when there is nothing to compare with."""
    if previous is None:
        return current
    return f"{current} (forrige: {previous})" if current != previous else f"{current} (uændret)"


def milestone_progress(p: Portfolio, date) -> pd.DataFrame:
    """Each landsdelsprogram's current milestone at ``date`` beside the one at the previous meeting.

    The programme's own progress report showed the previous meeting's milestone in parentheses;
    ``display`` is that text. Milestones count as reached by their ``actual_date`` only.
    """
    date = as_date(date)
    previous_meeting = p.previous_meeting(date)
    milestones = p.tables["milestones"]
    rows = []
    for project in _programme_projects(p, date).itertuples(index=False):
        project_id = str(project.project_id)
        current = _reached(milestones, project_id, date)
        before = _reached(milestones, project_id, previous_meeting) if previous_meeting is not None else None
        rows.append(
            {
                "project_id": project.project_id,
                "project_name": project.project_name,
                "area_id": project.area_id,
                "current_milestone": current,
                "previous_milestone": before,
                "changed": before is not None and current != before,
                "display": _display(current, before),
            }
        )
    return pd.DataFrame(rows, columns=MILESTONE_COLUMNS) if rows else _empty(MILESTONE_COLUMNS)


__all__ = [
    "LEVELS",
    "NO_MILESTONE",
    "aggregation",
    "indicator_overview",
    "indicator_series",
    "milestone_progress",
    "period_end",
    "period_start",
    "progress_by_area",
]
