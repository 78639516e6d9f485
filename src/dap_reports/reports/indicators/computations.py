"""The indicator section of a rollout portfolio: progress and outcome indicators, and programme milestones.

A rollout portfolio (such as the national telemedicine rollout for COPD) fills the ``areas``,
``indicators`` and ``indicator_values`` sheets (and, optionally, ``indicator_targets``). Every function
here also works on a portfolio without them and then returns an empty frame with the usual columns, so a
report can always call it.

The rules, in one place:

* **Levels.** Areas form a tree: region → landsdelsprogram → municipality. An indicator is read at the
  finest level it has values for (in the KOL demo: progress per municipality, outcome per landsdelsprogram);
  coarser figures are aggregated from that level only, so a value reported at two levels is never counted twice.
* **Aggregation** follows the unit. A count (``antal``, ``kommuner``, …) is summed. A percentage (unit ``%``,
  ``pct`` or ``procent``) is a ratio: sum(numerators) / sum(denominators) over the areas that reported, so a
  large area weighs as much as its people (a value with only a denominator counts value × denominator / 100
  as its numerator). Only where an area gave no denominator is the percentage the plain mean of the areas',
  and the overview says so (``weighted`` False).
* **Baseline and direction.** Progress is measured from the indicator's ``baseline`` (blank = 0) towards its
  target: achievement = (value - baseline) / (target - baseline), which is the share of the planned change and
  works whether higher or lower is better (``direction``). ``share_of_target_pct`` is 100 × achievement.
* **Period.** A report dated D shows the latest quarter whose last day is on or before D.
* **On track.** achievement ≥ the share of time elapsed from the start of the indicator's first reported quarter
  to its target date, i.e. at or beyond a straight line from the baseline to the target.
* **Area targets** are stated, not pro-rated into fractions of people. A target stated for an area (sheet
  ``indicator_targets``) is that area's target; a coarser area without one has the sum of its municipalities'.
  An indicator in unit ``kommuner`` counts live municipalities, so an area's target is its number of
  municipalities. Other counts share what is not stated out among the remaining municipalities by number (or by
  optional ``weights`` per municipality, e.g. inhabitants) in **whole units**, by the largest remainder, so the
  areas' targets add up exactly to the indicator's. A count's baseline is shared out the same way. Percentages
  keep the indicator's target and baseline wherever no target is stated.
* **Laggards.** An area is a laggard when its share of target is below ``laggard_ratio`` (default ½) times the
  median share at its level, or below ``laggard_below_pct`` when that is given. When the median is zero (early in
  a rollout) the areas still at zero are laggards as long as any area has started. Half the median flags areas that
  are far behind their peers without always flagging someone, as a fixed bottom quintile would.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import numpy as np
import pandas as pd

from ...contract.parsing import is_blank
from ...contract.portfolio import Portfolio, as_date
from ...errors import ParameterError

OVERVIEW_COLUMNS = [
    "indicator_id",
    "name",
    "kind",
    "unit",
    "direction",
    "baseline",
    "target",
    "target_date",
    "period",
    "value",
    "weighted",
    "share_of_target_pct",
    "on_track",
]
PROGRESS_COLUMNS = [
    "area_id",
    "area_name",
    "parent_name",
    "value",
    "baseline",
    "target",
    "share_of_target_pct",
    "rank",
    "laggard",
]
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
    """'ratio' for a percentage unit (weighted by denominators), else 'sum' (see the module's rules)."""
    return "ratio" if str(unit or "").strip().lower() in _PERCENT_UNITS else "sum"


def combine_values(rows: pd.DataFrame, unit) -> tuple[float, bool]:
    """One figure from several areas' rows (value, numerator, denominator) and whether it is weighted.

    A count is the sum of the values. A percentage is 100 × sum(numerators) / sum(denominators) when every
    row has a denominator (a missing numerator is value × denominator / 100); else the plain mean.
    """
    if rows.empty:
        return float("nan"), False
    if aggregation(unit) == "sum":
        return float(rows["value"].sum()), False
    denominators = rows["denominator"]
    if denominators.notna().all() and (denominators > 0).all():
        numerators = rows["numerator"].where(rows["numerator"].notna(), rows["value"] * denominators / 100)
        return float(100 * numerators.sum() / denominators.sum()), True
    return float(rows["value"].mean()), False


def _combine_by(values: pd.DataFrame, keys, unit) -> pd.Series:
    """:func:`combine_values` per group (``keys`` as for ``DataFrame.groupby``)."""
    if values.empty:
        return pd.Series(dtype=float)
    return pd.Series({key: combine_values(rows, unit)[0] for key, rows in values.groupby(keys)}, dtype=float)


def achievement(value, baseline, target) -> float:
    """(value - baseline) / (target - baseline); NaN when a number is missing or target equals baseline."""
    if is_blank(value) or is_blank(target) or float(target) == float(0 if is_blank(baseline) else baseline):
        return float("nan")
    base = 0.0 if is_blank(baseline) else float(baseline)
    return (float(value) - base) / (float(target) - base)


def apportion(total: float, weights: pd.Series) -> pd.Series:
    """``total`` (rounded to whole units) shared out by ``weights`` in whole units, largest remainder first.

    The parts add up to the total exactly; ties go to the earlier entry. A zero total weight gives equal shares.
    """
    whole = round(float(total))
    weights = weights.astype(float).clip(lower=0)
    if len(weights) == 0:
        return weights
    if weights.sum() <= 0:
        weights = pd.Series(1.0, index=weights.index)
    quotas = whole * weights / weights.sum()
    floors = np.floor(quotas + 1e-9)
    left = int(whole - floors.sum())
    remainders = (quotas - floors).to_numpy()
    order = sorted(range(len(remainders)), key=lambda k: (-round(remainders[k], 12), k))
    extra = np.zeros(len(remainders))
    for k in order[: max(0, left)]:
        extra[k] = 1
    return pd.Series(floors.to_numpy() + extra, index=weights.index)


# A portfolio names a few dozen quarters, and the indicator sections ask for them once per value row:
# parsed by pandas each time, 250,000 times for the KOL demo's meetings.
@lru_cache(maxsize=4096)
def period_start(period: str) -> pd.Timestamp:
    return pd.Period(period, freq="Q").start_time.normalize()


@lru_cache(maxsize=4096)
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


def _baseline(ind) -> float:
    value = ind["baseline"] if isinstance(ind, pd.Series) else ind.baseline
    return 0.0 if is_blank(value) else float(value)


def _direction(ind) -> str:
    value = ind["direction"] if isinstance(ind, pd.Series) else ind.direction
    return "higher" if is_blank(value) else str(value)


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


def _on_track(share: float, target_date, first_period: str, period: str) -> bool | None:
    """achievement ≥ elapsed share of the time from the first quarter's start to the target date."""
    if pd.isna(share) or pd.isna(target_date):
        return None
    start = period_start(first_period)
    span = (pd.Timestamp(target_date) - start).days
    elapsed = 1.0 if span <= 0 else min(1.0, max(0.0, (period_end(period) - start).days / span))
    return bool(share >= elapsed)


# ------------------------------------------------------------------ indicators


def indicator_overview(p: Portfolio, date) -> pd.DataFrame:
    """One row per indicator at its latest quarter ending on or before ``date``, aggregated over the portfolio."""
    date, areas = as_date(date), _areas(p)
    rows = []
    for ind in p.tables["indicators"].itertuples(index=False):
        values = _values(p, str(ind.indicator_id), areas)
        period = _latest_period(values, date)
        value, weighted = combine_values(values[values["period"] == period], ind.unit) if period else (np.nan, False)
        share = achievement(value, ind.baseline, ind.target)
        first = min(values["period"].unique(), key=period_start) if period else None
        on_track = _on_track(share, ind.target_date, first, period) if period and first is not None else None
        rows.append(
            {
                "indicator_id": ind.indicator_id,
                "name": ind.name,
                "kind": ind.kind,
                "unit": ind.unit,
                "direction": _direction(ind),
                "baseline": _baseline(ind),
                "target": ind.target,
                "target_date": ind.target_date,
                "period": period,
                "value": value,
                "weighted": weighted,
                "share_of_target_pct": 100 * share,
                "on_track": on_track,
            }
        )
    return pd.DataFrame(rows, columns=OVERVIEW_COLUMNS) if rows else _empty(OVERVIEW_COLUMNS)


def _stated(p: Portfolio, indicator_id: str) -> pd.Series:
    """Targets stated per area in sheet ``indicator_targets`` (area_id -> target)."""
    targets = p.tables["indicator_targets"]
    targets = targets[targets["indicator_id"] == indicator_id]
    return pd.Series(targets["target"].to_numpy(dtype=float), index=targets["area_id"].to_numpy())


def _area_targets(
    p: Portfolio,
    ind: pd.Series,
    areas: pd.DataFrame,
    level: str,
    unit_of: dict,
    weights: Mapping[str, float] | None,
) -> tuple[pd.Series, pd.Series]:
    """(target, baseline) per area at ``level`` (see 'Area targets')."""
    at_level = areas.index[areas["kind"] == level]
    municipalities = areas.index[areas["kind"] == "municipality"]
    stated = _stated(p, str(ind["indicator_id"]))
    baseline = _baseline(ind)
    if aggregation(ind["unit"]) == "ratio" or pd.isna(ind["target"]):
        targets = pd.Series(ind["target"], index=at_level, dtype=float)
        targets.update(stated[stated.index.isin(at_level)])
        return targets, pd.Series(baseline, index=at_level, dtype=float)
    if str(ind["unit"]).strip().lower() == "kommuner":
        counts = pd.Series([unit_of[m] for m in municipalities], dtype=object).value_counts()
        targets = counts.reindex(at_level, fill_value=0).astype(float)
        targets.update(stated[stated.index.isin(at_level)])
        return targets, pd.Series(0.0, index=at_level)
    if len(municipalities) == 0:  # no municipalities to share by: equal whole shares at the level itself
        shares = apportion(ind["target"], pd.Series(1.0, index=at_level))
        shares.update(stated[stated.index.isin(at_level)])
        return shares, apportion(baseline, pd.Series(1.0, index=at_level))
    weight = pd.Series(
        {m: float((weights or {}).get(m, 1.0 if weights is None else 0.0)) for m in municipalities}, dtype=float
    )
    given = stated[stated.index.isin(municipalities)]
    open_ = weight[~weight.index.isin(given.index)]
    per_municipality = pd.concat([given, apportion(float(ind["target"]) - given.sum(), open_)])
    base = apportion(baseline, weight)
    owner = pd.Series({m: unit_of[m] for m in municipalities})
    targets = per_municipality.groupby(owner.reindex(per_municipality.index)).sum().reindex(at_level, fill_value=0.0)
    targets.update(stated[stated.index.isin(at_level)])
    baselines = base.groupby(owner.reindex(base.index)).sum().reindex(at_level, fill_value=0.0)
    return targets.astype(float), baselines.astype(float)


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
    """Value, baseline, target and share of target per area at the latest quarter ending on or before ``date``.

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
    value = _combine_by(current, current["area_id"].map(unit_of), ind["unit"])
    at_level = areas[areas["kind"] == level]
    frame = pd.DataFrame({"area_id": at_level.index, "area_name": at_level["name"].to_numpy()})
    parent_kind = "region" if level == "landsdelsprogram" else "landsdelsprogram"
    parents = _ancestor(areas, parent_kind) if level != "region" else {}
    frame["parent_name"] = [areas["name"].get(parents.get(a)) if parents.get(a) else None for a in frame["area_id"]]
    frame["value"] = frame["area_id"].map(value).astype(float)
    targets, baselines = _area_targets(p, ind, areas, level, unit_of, weights)
    frame["target"] = frame["area_id"].map(targets).astype(float)
    frame["baseline"] = frame["area_id"].map(baselines).astype(float)
    frame["share_of_target_pct"] = [
        100 * achievement(v, b, t) for v, b, t in zip(frame["value"], frame["baseline"], frame["target"], strict=True)
    ]
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


def leaders_and_laggards(frame: pd.DataFrame, leaders: int = 5, behind: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``leaders`` best areas of a :func:`progress_by_area` frame, and the ``behind`` furthest behind, worst
    first — among equal shares (often 0 % early on) the largest shortfall (target - value) first, as the chart
    orders them — never repeating a leader. Areas without a share (no target) are in neither."""
    ranked = frame.dropna(subset=["share_of_target_pct"])
    top = ranked.head(leaders)
    rest = ranked.iloc[len(top) :]
    worst = (
        rest.assign(_gap=(rest["target"] - rest["value"]).abs())
        .sort_values(["share_of_target_pct", "_gap", "area_name"], ascending=[True, False, True])
        .head(behind)
        .drop(columns="_gap")
    )
    return top.reset_index(drop=True), worst.reset_index(drop=True)


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
        _combine_by(values, [values["period"], values["unit"]], ind["unit"])
        .rename("value")
        .reset_index()
        .rename(columns={"unit": "area_id"})
    )
    frame.columns = ["period", "area_id", "value"]
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
    "achievement",
    "aggregation",
    "apportion",
    "combine_values",
    "indicator_overview",
    "indicator_series",
    "leaders_and_laggards",
    "milestone_progress",
    "period_end",
    "period_start",
    "progress_by_area",
]
