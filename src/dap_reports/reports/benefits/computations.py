"""Benefits realisation (*gevinstrealisering*): how far each benefit has come, against how far the plan says.

The sheets ``benefits`` (the register) and ``benefit_measurements`` (dated values) feed it; every
function also works on a portfolio without them and then returns empty frames with the usual columns.

The rules, in one place (documented in ``docs/conventions.md``):

* **Achievement** = (value - baseline) / (target - baseline): the share of the planned change that has
  happened, 0 at the baseline and 1 at the target. It works whether higher or lower is better (a fall from
  12.000 to 10.400 towards a target of 8.000 is 0,4), may be below 0 (worse than before) or above 1.
* **Expected achievement at D** grows evenly from 0 at ``realisation_start`` to 1 at ``target_date``, and
  stays 1 after it.
* **Computed benefits RAG at D**: the latest measurement on or before D, its achievement against the
  achievement expected at the measurement's date, as a shortfall in percentage points: green (on track)
  unless *more than* ``rules.benefits.watch_below_pp`` (10) behind, red (behind) when *more than*
  ``behind_below_pp`` (25) behind, yellow (watch) in between. Before ``realisation_start`` a benefit is *not
  started* and has no RAG. After it, a benefit without a measurement since the start (or without a baseline)
  is *not measured*, and one whose latest measurement is more than ``measurement_valid_days`` (190) old at D
  is *stale*: both grey, never green. The achievement expected at D is shown beside it.
* **A project's computed benefits RAG** combines its benefits whose realisation has started like a derived
  overall status: red if any is red, else not known if any is not measured, else the worst.
* **In view at D**: the benefits of projects started by D, and — after a project closes — for
  ``rules.benefits.follow_up_months`` (12) after the closing date, and at least until the target date. So a
  closed project stays in the reports while its benefits are being realised.
* **Money**: an economic benefit's value is ``planned_dkk_per_year`` × achievement (realised) or ×
  expected achievement (planned), in DKK per year at the date. The annual roll-up takes both at 31 December.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...contract.config import BenefitRule
from ...contract.parsing import is_blank
from ...contract.portfolio import ROW, Portfolio, as_date
from ...contract.rag import RAG_ORDER
from ..common.formats import count_noun, mio
from ..common.frames import object_column
from ..common.memo import per_portfolio

STATES = ("on_track", "watch", "behind", "stale", "not_measured", "not_started")
STATE_RAG = {"on_track": "green", "watch": "yellow", "behind": "red"}
RAG_STATE = {rag: state for state, rag in STATE_RAG.items()}
# A first meeting has no previous one: "since the previous meeting" then looks about one cycle back.
FIRST_MEETING_LOOKBACK_DAYS = 62

BENEFIT_COLUMNS = [
    "benefit_id",
    "project_id",
    "project_name",
    "project_closed",
    "title",
    "kind",
    "owner",
    "unit",
    "baseline",
    "target",
    "direction",
    "realisation_start",
    "target_date",
    "planned_dkk_per_year",
    "value",
    "measured_date",
    "achievement",
    "expected_at_measurement",
    "shortfall_pp",
    "expected",
    "state",
    "rag",
    "realised_dkk_per_year",
    "expected_dkk_per_year",
]
MEASUREMENT_COLUMNS = [
    "benefit_id",
    "project_id",
    "project_name",
    "title",
    "unit",
    "measured_date",
    "period",
    "value",
    "previous_value",
    "previous_date",
    "achievement",
    "note",
]
PROJECT_COLUMNS = ["project_id", "computed_benefits_rag", "benefits_started", "benefits_in_view"]
YEAR_COLUMNS = ["year", "planned_dkk_per_year", "realised_dkk_per_year", "benefits", "unmeasured"]


# ------------------------------------------------------------------ the rules, one value at a time


def achievement(value, baseline, target) -> float | None:
    """(value - baseline) / (target - baseline); None when a number is missing or target equals baseline."""
    if is_blank(value) or is_blank(baseline) or is_blank(target) or float(target) == float(baseline):
        return None
    return (float(value) - float(baseline)) / (float(target) - float(baseline)) + 0.0  # + 0.0: no "-0 %"


def expected_achievement(date, realisation_start, target_date) -> float:
    """0 until ``realisation_start``, growing evenly by the day to 1 at ``target_date``, then 1."""
    date, start, end = pd.Timestamp(date), pd.Timestamp(realisation_start), pd.Timestamp(target_date)
    if date <= start:
        return 0.0
    if date >= end:
        return 1.0
    return (date - start).days / (end - start).days


def shortfall_pp(achieved: float | None, expected: float) -> float | None:
    """How many percentage points the achievement lies below the expected one (negative: ahead).

    Rounded to nine decimals, so that 50 % expected and 40 % achieved is exactly 10 points whatever
    binary floating point makes of 0,5 - 0,4.
    """
    if achieved is None or (isinstance(achieved, float) and np.isnan(achieved)):
        return None
    return round(100 * (expected - achieved), 9)


def benefit_rag(achieved: float | None, expected: float, rule: BenefitRule) -> str | None:
    """green (on track), yellow (watch: more than ``watch_below_pp`` behind) or red (more than
    ``behind_below_pp`` behind); None when the achievement is not known."""
    gap = shortfall_pp(achieved, expected)
    if gap is None:
        return None
    if gap > rule.behind_below_pp:
        return "red"
    return "yellow" if gap > rule.watch_below_pp else "green"


def combine(rags, started) -> str | None:
    """A project's benefits RAG from its benefits' RAGs (only those whose realisation has started count):
    red if any is red, else None if any is not known, else the worst; None when none has started."""
    due = [r for r, s in zip(rags, started, strict=True) if s]
    if any(r == "red" for r in due):
        return "red"
    if not due or any(r is None for r in due):
        return None
    return max(due, key=RAG_ORDER.__getitem__)


# ------------------------------------------------------------------ the register at a date


def _register(p: Portfolio) -> pd.DataFrame:
    """The benefits sheet with each benefit's project name, start and closing date."""
    projects = p.tables["projects"][["project_id", "name", "start_date", "closed_date"]].rename(
        columns={"name": "project_name", "start_date": "project_start", "closed_date": "project_closed_date"}
    )
    benefits = p.tables["benefits"].drop(columns=[ROW], errors="ignore")
    return benefits.merge(projects, on="project_id", how="left")


def _follow_up_until(register: pd.DataFrame, rule: BenefitRule) -> pd.Series:
    """The last day a closed project's benefit stays in view: the later of closing + follow-up and its target."""
    closed = register["project_closed_date"].astype("datetime64[ns]")
    follow = closed + pd.DateOffset(months=rule.follow_up_months)  # NaT stays NaT; month ends as one by one
    return pd.concat([follow, register["target_date"]], axis=1).max(axis=1)


def _in_view(register: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp, rule: BenefitRule) -> pd.Series:
    """Benefits in view on some day from ``first`` to ``last`` (one day for a meeting, a year for the roll-up)."""
    closed = register["project_closed_date"]
    closed_by = closed.notna() & (closed < first)  # closed before the period: only the follow-up keeps it
    return (register["project_start"] <= last) & (~closed_by | (_follow_up_until(register, rule) >= first))


def _latest(measurements: pd.DataFrame, date: pd.Timestamp) -> pd.DataFrame:
    """Each benefit's latest measurement on or before ``date``: benefit_id, value, measured_date."""
    known = measurements[measurements["measured_date"] <= date].sort_values(["benefit_id", "measured_date"])
    return known.groupby("benefit_id", as_index=False).tail(1)[["benefit_id", "value", "measured_date"]]


def _state(r, date: pd.Timestamp, rule: BenefitRule) -> str:
    """One benefit's state at ``date`` from its latest measurement (see the module's rules)."""
    if date < r.realisation_start:
        return "not_started"
    if pd.isna(r.measured_date) or r.measured_date < r.realisation_start or pd.isna(r.achievement):
        return "not_measured"
    if (date - r.measured_date).days > rule.measurement_valid_days:
        return "stale"
    rag = benefit_rag(r.achievement, r.expected_at_measurement, rule)
    assert rag is not None  # the achievement is known here
    return RAG_STATE[rag]


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


@per_portfolio
def assess(p: Portfolio, date, first=None) -> pd.DataFrame:
    """Every benefit in view at ``date`` (or on some day from ``first`` to ``date``), assessed at ``date``.

    Columns: see ``BENEFIT_COLUMNS``. ``value``/``measured_date`` are the latest measurement on or before
    ``date``; ``achievement`` is its share of the planned change, ``expected_at_measurement`` the share the
    plan expected by then (``shortfall_pp`` the difference in points), ``expected`` the share planned by
    ``date``; ``state`` one of ``STATES`` and ``rag`` its colour (None unless measured and current).
    ``project_closed``: the project
    had closed by ``date``. Sorted by project and benefit id.
    """
    date = as_date(date)
    first = date if first is None else as_date(first)
    rule = p.config.rules.benefits
    register = _register(p)
    if register.empty:
        return _empty(BENEFIT_COLUMNS)
    frame = register[_in_view(register, first, date, rule)].copy()
    if frame.empty:
        return _empty(BENEFIT_COLUMNS)
    frame = frame.merge(_latest(p.tables["benefit_measurements"], date), on="benefit_id", how="left")
    frame["project_closed"] = frame["project_closed_date"].notna() & (frame["project_closed_date"] <= date)
    frame["achievement"] = [
        achievement(v, b, t) for v, b, t in zip(frame["value"], frame["baseline"], frame["target"], strict=True)
    ]
    frame["achievement"] = frame["achievement"].astype(float)
    frame["expected_at_measurement"] = [
        np.nan if pd.isna(m) else expected_achievement(m, s, t)
        for m, s, t in zip(frame["measured_date"], frame["realisation_start"], frame["target_date"], strict=True)
    ]
    frame["expected"] = [
        expected_achievement(date, s, t) for s, t in zip(frame["realisation_start"], frame["target_date"], strict=True)
    ]
    frame["shortfall_pp"] = [
        np.nan if pd.isna(a) else shortfall_pp(a, e)
        for a, e in zip(frame["achievement"], frame["expected_at_measurement"], strict=True)
    ]
    frame["shortfall_pp"] = frame["shortfall_pp"].astype(float)
    frame["state"] = [
        _state(r, date, rule)
        for r in frame[["realisation_start", "measured_date", "achievement", "expected_at_measurement"]].itertuples()
    ]
    frame["rag"] = object_column([STATE_RAG.get(s) for s in frame["state"]], frame.index)
    planned = frame["planned_dkk_per_year"].where(frame["kind"] == "economic")
    frame["realised_dkk_per_year"] = planned * frame["achievement"]
    frame["expected_dkk_per_year"] = planned * frame["expected"]
    for column in ("owner", "direction"):
        frame[column] = object_column(frame[column], frame.index)
    frame["direction"] = object_column(
        [
            d if d is not None else (None if pd.isna(b) else ("higher" if t > b else "lower"))
            for d, b, t in zip(frame["direction"], frame["baseline"], frame["target"], strict=True)
        ],
        frame.index,
    )
    return frame.sort_values(["project_id", "benefit_id"]).reset_index(drop=True)[BENEFIT_COLUMNS]


def behind_plan(p: Portfolio, date) -> pd.DataFrame:
    """The benefits in view at ``date`` that are behind or to watch, furthest behind first."""
    frame = assess(p, date)
    frame = frame[frame["state"].isin(["behind", "watch"])]
    return frame.sort_values(["shortfall_pp", "benefit_id"], ascending=[False, True]).reset_index(drop=True)


def counts(frame: pd.DataFrame) -> dict[str, int]:
    """Benefits per state (every state, zeros included)."""
    return {state: int((frame["state"] == state).sum()) for state in STATES}


def project_rags(p: Portfolio, date) -> pd.DataFrame:
    """Per project with benefits in view: the computed benefits RAG (see module rules), how many of its
    benefits have started realisation and how many are in view. Indexed by project_id."""
    frame = assess(p, date)
    date = as_date(date)
    # Grouped by hand, not with groupby: a big portfolio has hundreds of projects with benefits.
    groups: dict = {}
    for project_id, rag, started in zip(
        frame["project_id"].tolist(), frame["rag"].tolist(), (frame["realisation_start"] <= date).tolist(), strict=True
    ):
        if not pd.isna(project_id):
            group = groups.setdefault(project_id, ([], []))
            group[0].append(rag)
            group[1].append(started)
    rows = [
        (project_id, combine(rags, started), int(sum(started)), len(rags))
        for project_id, (rags, started) in sorted(groups.items())
    ]
    out = pd.DataFrame(rows, columns=PROJECT_COLUMNS) if rows else _empty(PROJECT_COLUMNS)
    out["computed_benefits_rag"] = object_column(out["computed_benefits_rag"], out.index)
    return out.set_index("project_id")


def measurements_since_previous(p: Portfolio, date) -> pd.DataFrame:
    """Measurements dated after the previous meeting and on or before ``date`` (the first meeting looks
    ``FIRST_MEETING_LOOKBACK_DAYS`` back), with the benefit's measurement before each and its achievement."""
    date = as_date(date)
    previous = p.previous_meeting(date)
    since = previous if previous is not None else date - pd.Timedelta(days=FIRST_MEETING_LOOKBACK_DAYS)
    measurements = p.tables["benefit_measurements"].drop(columns=[ROW], errors="ignore")
    register = _register(p)
    if measurements.empty or register.empty:
        return _empty(MEASUREMENT_COLUMNS)
    known = measurements[measurements["measured_date"] <= date].sort_values(["benefit_id", "measured_date"])
    known = known.assign(
        previous_value=known.groupby("benefit_id")["value"].shift(),
        previous_date=known.groupby("benefit_id")["measured_date"].shift(),
    )
    new = known[known["measured_date"] > since].merge(register, on="benefit_id", how="left")
    if new.empty:
        return _empty(MEASUREMENT_COLUMNS)
    new["achievement"] = [
        achievement(v, b, t) for v, b, t in zip(new["value"], new["baseline"], new["target"], strict=True)
    ]
    new["achievement"] = new["achievement"].astype(float)
    for column in ("period", "note"):
        new[column] = object_column(new[column], new.index)
    return new.sort_values(["measured_date", "project_id", "benefit_id"]).reset_index(drop=True)[MEASUREMENT_COLUMNS]


# ------------------------------------------------------------------ the annual roll-up


def year_end(year: int) -> pd.Timestamp:
    return pd.Timestamp(year=int(year), month=12, day=31)


def benefits_in_year(p: Portfolio, year: int) -> pd.DataFrame:
    """Every benefit in view on some day of ``year``, closed projects included, assessed at 31 December."""
    return assess(p, year_end(year), first=pd.Timestamp(year=int(year), month=1, day=1))


def economic_by_year(p: Portfolio, year: int) -> pd.DataFrame:
    """The economic benefits in view in ``year``: planned and realised DKK per year at each year's end.

    One row per year from the first realisation start to the last target date (at least ``year``).
    ``planned_dkk_per_year`` sums planned DKK × expected achievement at 31 December; ``realised_dkk_per_year``
    sums planned DKK × achievement of the latest measurement by then, over the benefits measured by then
    (``unmeasured`` counts the rest, whose planned value is not matched by anything realised); years after
    ``year`` have no realised figure yet (NaN). ``benefits`` counts those with planned DKK.
    """
    shown = benefits_in_year(p, year)
    economic = shown[(shown["kind"] == "economic") & shown["planned_dkk_per_year"].notna()]
    if economic.empty:
        return _empty(YEAR_COLUMNS)
    first = int(min(economic["realisation_start"]).year)
    last = max(int(max(economic["target_date"]).year), int(year))
    measurements = p.tables["benefit_measurements"]
    rows = []
    for y in range(first, last + 1):
        end = year_end(y)
        latest = _latest(measurements, end).set_index("benefit_id")["value"]
        planned = realised = 0.0
        unmeasured = 0
        for b in economic.itertuples():
            planned += b.planned_dkk_per_year * expected_achievement(end, b.realisation_start, b.target_date)
            share = achievement(latest.get(b.benefit_id), b.baseline, b.target)
            if share is None:
                unmeasured += int(end >= b.realisation_start)
            else:
                realised += b.planned_dkk_per_year * share
        rows.append((y, planned, realised if y <= int(year) else np.nan, len(economic), unmeasured))
    return pd.DataFrame(rows, columns=YEAR_COLUMNS).astype({"year": int, "benefits": int, "unmeasured": int})


@dataclass
class YearBenefits:
    benefits: pd.DataFrame  # benefits_in_year
    economic: pd.DataFrame  # the economic ones
    non_economic: pd.DataFrame
    by_year: pd.DataFrame  # economic_by_year
    counts: dict[str, int]
    sentences: list[str]


def year_benefits(p: Portfolio, year: int) -> YearBenefits:
    """Everything the annual *Gevinstrealisering* section shows, with its summary sentences (Danish)."""
    frame = benefits_in_year(p, year)
    economic = frame[frame["kind"] == "economic"].reset_index(drop=True)
    other = frame[frame["kind"] != "economic"].reset_index(drop=True)
    by_year = economic_by_year(p, year)
    tally = counts(frame)
    sentences = []
    if not frame.empty:
        closed = frame.loc[frame["project_closed"], "project_id"].nunique()
        sentences.append(
            f"{count_noun(len(frame), 'gevinst', 'gevinster')} fra "
            f"{count_noun(frame['project_id'].nunique(), 'projekt', 'projekter')} blev fulgt i {year}"
            + (f", heraf {count_noun(closed, 'lukket projekt', 'lukkede projekter')}" if closed else "")
            + f": {tally['on_track']} på sporet, {tally['watch']} til opmærksomhed og {tally['behind']} bagud ved "
            f"årets udgang; {tally['not_measured'] + tally['stale']} uden aktuel måling og {tally['not_started']} "
            "ikke startet."
        )
    this_year = by_year[by_year["year"] == int(year)]
    if not this_year.empty:
        row = this_year.iloc[0]
        sentences.append(
            f"Økonomiske gevinster: planen forventede {mio(row['planned_dkk_per_year'])} pr. år ved udgangen af "
            f"{year}; realiseret var {mio(row['realised_dkk_per_year'])} pr. år"
            + (
                f" ({count_noun(int(row['unmeasured']), 'gevinst', 'gevinster')} ikke målt)"
                if row["unmeasured"]
                else ""
            )
            + f". Fuldt realiseret giver de {mio(economic['planned_dkk_per_year'].sum())} pr. år."
        )
    return YearBenefits(frame, economic, other, by_year, tally, sentences)


__all__ = [
    "BENEFIT_COLUMNS",
    "STATES",
    "achievement",
    "assess",
    "behind_plan",
    "benefit_rag",
    "benefits_in_year",
    "combine",
    "counts",
    "economic_by_year",
    "expected_achievement",
    "measurements_since_previous",
    "project_rags",
    "shortfall_pp",
    "year_benefits",
]
