"""Propose next year's annual wheel (*årshjul*): meeting dates, agendas, deadlines and invitees.

The terms of reference say the group meets every second month "from an annual wheel that
ensures every project is treated", with the agenda out a week before and minutes two weeks
after. :func:`propose_wheel` drafts that wheel from the portfolio; the analyst reviews it,
pastes :func:`wheel_to_tables` into the workbook and starts the meetings' parameter files
with :func:`write_wheel_parameters`. Nothing here changes the portfolio.

Danish public holidays are computed here (:func:`danish_holidays`) rather than taken from a
package: the list is short, stable and includes the days offices close (24 and 31 December).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from ...contract.portfolio import Portfolio, as_date
from ...contract.schema import AGENDA_ITEM, ROLE, table
from ...errors import DapReportsError, ParameterError
from ..common.formats import MONTHS_DA
from ..common.queries import participants

DEFAULT_MONTHS = (1, 3, 5, 8, 10, 12)  # every second month; August, not July (summer holidays)
MAX_PROJECT_ITEMS = 6
EVERY, FIRST, LAST = "every", "first", "last"
# (when, item kind, title). ``when``: "every", "first", "last", a month 1–12 or a tuple of months
# (the first ordinary meeting in them). Titles carry no "(beslutning)": reports add the kind.
DEFAULT_FIXED_ITEMS = (
    (EVERY, "status", "Porteføljeoverblik"),
    (FIRST, "decision", "Årsrapport til National bestyrelse for digitalisering og data"),
    ((9, 10, 11), "decision", "Budget og prioritering for næste år"),
    (LAST, "decision", "Årshjul for næste år"),
)
_ITEM_ORDER = {"status": 0, "decision": 1, "orientation": 2, "theme": 3}  # decisions asked for up front
UNPLACED_COLUMNS = ["project_id", "name", "start_date", "reason"]
WEEKDAYS_DA = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")

# ------------------------------------------------------------------ Danish public holidays

_EASTER_OFFSETS = (
    (-3, "skærtorsdag"),
    (-2, "langfredag"),
    (0, "påskedag"),
    (1, "2. påskedag"),
    (39, "Kristi himmelfartsdag"),
    (49, "pinsedag"),
    (50, "2. pinsedag"),
)
_FIXED_HOLIDAYS = (
    ((1, 1), "nytårsdag"),
    ((6, 5), "grundlovsdag"),
    ((12, 24), "juleaftensdag"),
    ((12, 25), "juledag"),
    ((12, 26), "2. juledag"),
    ((12, 31), "nytårsaftensdag"),
)
STORE_BEDEDAG_LAST_YEAR = 2023  # abolished by law from 2024


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def danish_holidays(year: int) -> dict[dt.date, str]:
    """Danish public holidays (and the customary closed days 24 and 31 December), date -> Danish name."""
    easter = easter_sunday(year)
    named = [(easter + dt.timedelta(days=offset), name) for offset, name in _EASTER_OFFSETS]
    if year <= STORE_BEDEDAG_LAST_YEAR:
        named.append((easter + dt.timedelta(days=26), "store bededag"))  # fourth Friday after Easter
    named += [(dt.date(year, m, d), name) for (m, d), name in _FIXED_HOLIDAYS]
    holidays: dict[dt.date, str] = {}
    for day, name in sorted(named):  # pinse can fall on grundlovsdag: keep both names
        holidays[day] = f"{holidays[day]} og {name}" if day in holidays else name
    return holidays


def _closed_reason(day: dt.date, holidays: dict[dt.date, str]) -> str | None:
    """Why no meeting can be held that day (the weekday or the holiday's name), else None."""
    return WEEKDAYS_DA[day.weekday()] if day.weekday() >= 5 else holidays.get(day)


def _date_da(day) -> str:
    day = pd.Timestamp(day)
    return f"{day.day}. {MONTHS_DA[day.month - 1]} {day.year}"


# ------------------------------------------------------------------ the wheel


@dataclass
class Wheel:
    """A proposed year: ``meetings`` and ``agenda`` tables, plus what the analyst must look at."""

    year: int
    # meeting_date, kind, agenda_deadline, minutes_deadline, invited (names), invited_ids, invite_reason,
    # n_project_items, note (why a date moved)
    meetings: pd.DataFrame
    agenda: pd.DataFrame  # meeting_date, number, project_id, item, title, project_name, track
    warnings: list[str] = field(default_factory=list)  # Danish, shown on the page and to the analyst
    unplaced: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=UNPLACED_COLUMNS))
    name: str = ""  # the portfolio's name, for titles
    # Danish, for the analyst only (not on the page the group sees): owners that have ceased by their meeting
    notices: list[str] = field(default_factory=list)


def propose_wheel(
    p: Portfolio,
    year: int,
    *,
    months=None,
    weekday: int = 2,
    week_of_month: int = 2,
    fixed_items=None,
    extra_meetings=None,
    max_project_items: int = MAX_PROJECT_ITEMS,
) -> Wheel:
    """Draft the annual wheel for ``year``.

    Ordinary meetings fall on the ``week_of_month``-th ``weekday`` (0 = Monday) of each month in
    ``months`` (default: the months the group has met in before), moved to the next working day
    when that is a weekend or holiday. Every project active in the year gets one status item on an
    ordinary meeting on or after its start, on the least loaded one; fixed yearly items come from
    ``fixed_items`` (see ``DEFAULT_FIXED_ITEMS``). Extra meetings carry only the every-meeting items.
    """
    year = int(year)
    _check_pattern(weekday, week_of_month)
    holidays = danish_holidays(year) | danish_holidays(year + 1)  # a December meeting may slide
    months = _check_months(months) if months is not None else infer_months(p, year)
    ordinary = _ordinary_dates(year, months, weekday, week_of_month, holidays)
    extras = _extra_dates(year, extra_meetings or [], holidays, ordinary)
    dates = sorted([*ordinary, *extras])
    ordinary_dates = sorted(ordinary)
    warnings: list[str] = []

    projects = _active_in_year(p, year)
    placed, unplaced = _assign_projects(projects, ordinary_dates, year)
    rows = [_project_item(r, placed[r.project_id]) for r in projects.itertuples() if r.project_id in placed]
    for when, kind, title in _check_fixed_items(DEFAULT_FIXED_ITEMS if fixed_items is None else fixed_items):
        targets = _fixed_targets(when, ordinary_dates, dates)
        if not targets:
            warnings.append(f"Det faste punkt »{title}« er ikke placeret: intet ordinært møde i {_months_da(when)}.")
        rows += [
            {"meeting_date": d, "project_id": None, "item": kind, "title": title, "project_name": None, "track": None}
            for d in targets
        ]
    agenda = _number(rows)
    loads = Counter(placed.values())
    warnings += [
        f"Mødet {_date_da(d)} har {loads[d]} projektpunkter – flere end loftet på {max_project_items}. "
        "Alle aktive projekter er sat på; overvej et ekstra møde eller at samle punkter."
        for d in ordinary_dates
        if loads[d] > max_project_items
    ]
    meetings = _meeting_table(p, dates, extras, ordinary, agenda, loads)
    wheel = Wheel(year, meetings, agenda, warnings, unplaced, p.config.name)
    wheel.notices = _ceased_owners(p, projects, placed)
    return wheel


def _ceased_owners(p: Portfolio, projects: pd.DataFrame, placed: dict) -> list[str]:
    """Projects on the wheel owned by an organisation that no longer exists at their meeting."""
    out = []
    for pid, name, owner in zip(projects["project_id"], projects["name"], projects["owner_org"], strict=True):
        if pid not in placed:
            continue
        at = p.organisation_at(owner, placed[pid])
        if at is not None and at["org_id"] != owner:
            out.append(
                f"{name} ejes af {owner}, som ikke findes {_date_da(placed[pid])}; papirerne nævner efterfølgeren "
                f"{at['name']}."
            )
    return out


def infer_months(p: Portfolio, year: int) -> tuple[int, ...]:
    """The months the group most often held ordinary meetings in before ``year``, in calendar order.

    Falls back to ``DEFAULT_MONTHS`` (or an even spread for another number of meetings) when
    the history names fewer distinct months than the configured meetings per year.
    """
    n = p.config.meetings_per_year
    meetings = p.meetings
    past = meetings[(meetings["kind"] == "ordinary") & (meetings["meeting_date"].dt.year < year)]
    counts = Counter(past["meeting_date"].dt.month)
    if len(counts) >= n:
        return tuple(sorted(m for m, _ in sorted(counts.items(), key=lambda mc: (-mc[1], mc[0]))[:n]))
    if n == len(DEFAULT_MONTHS):
        return DEFAULT_MONTHS
    if n > 12:
        raise ParameterError(
            f"meetings_per_year is {n}; the wheel plans at most one ordinary meeting a month. "
            "Give the other meetings as extra_meetings."
        )
    spread = [1 + 12 * k // n for k in range(n)]
    if 7 in spread and 8 not in spread:  # keep clear of the summer holidays where possible
        spread[spread.index(7)] = 8
    return tuple(spread)


def _check_pattern(weekday: int, week_of_month: int) -> None:
    if weekday not in range(5):
        raise ParameterError(f"weekday must be 0 (Monday) to 4 (Friday), not {weekday!r}")
    if week_of_month not in range(1, 5):
        raise ParameterError(
            f"week_of_month must be 1 to 4 (every month has four of each weekday), not {week_of_month!r}"
        )


def _check_months(months) -> tuple[int, ...]:
    chosen = tuple(months)
    if not chosen or any(m not in range(1, 13) for m in chosen) or len(set(chosen)) != len(chosen):
        raise ParameterError(f"months must be distinct month numbers 1–12, got {list(chosen)}")
    return tuple(sorted(chosen))


def _ordinary_dates(year, months, weekday, week, holidays) -> dict[pd.Timestamp, str]:
    """Each month's meeting date -> a note when it had to move off a weekend or holiday."""
    dates: dict[pd.Timestamp, str] = {}
    for month in months:
        first = dt.date(year, month, 1)
        planned = day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))
        while _closed_reason(day, holidays) or pd.Timestamp(day) in dates:
            day += dt.timedelta(days=1)
        if day.year != year:
            raise ParameterError(
                f"the meeting of {MONTHS_DA[month - 1]} {year} would move into {day.year}; "
                "choose another week_of_month or month."
            )
        why = _closed_reason(planned, holidays) or "et andet møde samme dag"
        dates[pd.Timestamp(day)] = "" if day == planned else f"flyttet fra {_date_da(planned)} ({why})"
    return dates


def _extra_dates(year, extra_meetings, holidays, ordinary) -> list[pd.Timestamp]:
    """Extra meetings as given, refused when they cannot be held or clash with the plan."""
    extras: list[pd.Timestamp] = []
    for value in extra_meetings:
        date = as_date(value)
        why = _closed_reason(date.date(), holidays)
        if why:
            raise ParameterError(
                f"extra meeting {date:%Y-%m-%d} falls on {why}, when no meeting can be held; choose a working day."
            )
        if date.year != year:
            raise ParameterError(f"extra meeting {date:%Y-%m-%d} is not in {year}, the wheel's year.")
        if date in ordinary or date in extras:
            raise ParameterError(
                f"extra meeting {date:%Y-%m-%d} is already a meeting in the wheel; drop it or choose another date."
            )
        extras.append(date)
    return extras


def _active_in_year(p: Portfolio, year: int) -> pd.DataFrame:
    """Projects started by 31 December and not closed before 1 January, in placing order."""
    projects = p.projects
    first, last = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    closed_before = projects["closed_date"].notna() & (projects["closed_date"] < first)
    active = projects[(projects["start_date"] <= last) & ~closed_before]
    return active.sort_values(["start_date", "project_id"]).reset_index(drop=True)


def _assign_projects(projects: pd.DataFrame, ordinary: list[pd.Timestamp], year: int):
    """Greedy load balancing: each project to the least loaded ordinary meeting on/after its start.

    Projects never wait for a free slot: the cap only raises a warning, because the wheel's
    promise is that every project is treated. Ties go to the earlier meeting.
    """
    load = dict.fromkeys(ordinary, 0)
    placed, unplaced = {}, []
    for row in projects.itertuples():
        eligible = [d for d in ordinary if d >= row.start_date]
        if not eligible:
            last = f"årets sidste ordinære møde {_date_da(ordinary[-1])}" if ordinary else "årets ordinære møder"
            unplaced.append(
                {
                    "project_id": row.project_id,
                    "name": row.name,
                    "start_date": row.start_date,
                    "reason": f"Starter {_date_da(row.start_date)}, efter {last}; "
                    f"kommer på årshjulet for {year + 1} eller et ekstra møde.",
                }
            )
            continue
        chosen = min(eligible, key=lambda d: (load[d], d))
        load[chosen] += 1
        placed[row.project_id] = chosen
    return placed, pd.DataFrame(unplaced, columns=UNPLACED_COLUMNS)


def _project_item(row, date: pd.Timestamp) -> dict:
    return {
        "meeting_date": date,
        "project_id": row.project_id,
        "item": "orientation",
        "title": f"Status for {row.name}",
        "project_name": row.name,
        "track": row.track,
    }


def _check_fixed_items(items) -> list[tuple]:
    """Validate (when, kind, title) triples; kinds may be Danish labels and become canonical."""
    lookup = AGENDA_ITEM.lookup()
    checked = []
    for entry in items:
        when, kind, title = entry
        canonical = lookup.get(str(kind).strip().lower())
        if canonical is None:
            raise ParameterError(f"fixed item {title!r}: kind {kind!r} is not one of {AGENDA_ITEM.describe()}")
        months = (when,) if isinstance(when, int) else when
        if when not in (EVERY, FIRST, LAST) and (isinstance(months, str) or not all(m in range(1, 13) for m in months)):
            raise ParameterError(
                f"fixed item {title!r}: when must be 'every', 'first', 'last', a month 1–12 "
                f"or a list of months, not {when!r}"
            )
        checked.append((when, canonical, str(title)))
    return checked


def _fixed_targets(when, ordinary: list[pd.Timestamp], every: list[pd.Timestamp]) -> list[pd.Timestamp]:
    if when == EVERY:
        return every  # extra meetings too: the overview goes to every meeting
    if when == FIRST:
        return ordinary[:1]
    if when == LAST:
        return ordinary[-1:]
    months = {when} if isinstance(when, int) else set(when)
    return [d for d in ordinary if d.month in months][:1]


def _months_da(when) -> str:
    months = (when,) if isinstance(when, int) else tuple(when)
    return ", ".join(MONTHS_DA[m - 1] for m in months)


def _number(rows: list[dict]) -> pd.DataFrame:
    """Agenda in meeting order; within a meeting status, decisions, orientations, themes; numbered 1…"""
    columns = ["meeting_date", "number", "project_id", "item", "title", "project_name", "track"]
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(rows)
    frame["_rank"] = frame["item"].map(_ITEM_ORDER)
    frame = frame.sort_values(["meeting_date", "_rank"], kind="stable").reset_index(drop=True)
    frame["number"] = frame.groupby("meeting_date").cumcount() + 1
    for column in ("project_id", "project_name", "track"):  # None, not NaN, for portfolio-level items
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame[columns]


def _meeting_table(p, dates, extras, ordinary, agenda, loads) -> pd.DataFrame:
    cfg = p.config
    rows = []
    for date in dates:
        invited = _invitees(p, set(agenda.loc[agenda["meeting_date"] == date, "track"].dropna()), date)
        present = participants(p, date)
        rows.append(
            {
                "meeting_date": date,
                "kind": "extra" if date in extras else "ordinary",
                "agenda_deadline": date - pd.Timedelta(days=cfg.agenda_days_before),
                "minutes_deadline": date + pd.Timedelta(days=cfg.minutes_days_after),
                "invited": [name for name, _, _ in invited],
                "invited_ids": [oid for _, oid, _ in invited],
                "invite_reason": [why for _, _, why in invited],
                "participants": [
                    f"{n} ({ROLE.danish[r]})" for n, r in zip(present["name"], present["role"], strict=True)
                ],
                "n_project_items": loads.get(date, 0),
                "note": ordinary.get(date, ""),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "meeting_date",
            "kind",
            "agenda_deadline",
            "minutes_deadline",
            "invited",
            "invited_ids",
            "invite_reason",
            "participants",
            "n_project_items",
            "note",
        ],
    )


def _invitees(p: Portfolio, tracks: set[str], date) -> list[tuple[str, str, str]]:
    """(name, org_id, reason) of organisations invited because a track they follow is on the agenda, as they
    are at the meeting (a successor once the organisation has ceased)."""
    invited = []
    for track, org in p.config.invite_when_track.items():
        if track in tracks:
            found = p.organisation_at(org, date)
            name, oid = (str(found["name"]), str(found["org_id"])) if found is not None else (org, org)
            invited.append((name, oid, f"{track} på dagsordenen"))
    return invited


# ------------------------------------------------------------------ output for the analyst


def meeting_title(date, kind: str) -> str:
    prefix = "Ekstraordinært styregruppemøde" if kind == "extra" else "Styregruppemøde"
    return f"{prefix} {_date_da(date)}"


def _parameter_yaml(wheel: Wheel, meeting) -> str:
    """A parameters file; the agenda is a comment because MeetingParameters forbids unknown keys."""
    items = wheel.agenda[wheel.agenda["meeting_date"] == meeting.meeting_date]
    lines = [
        f"# Foreslået af årshjulet for {wheel.year} (dap-reports). Dagsordenen hører hjemme i arket",
        "# 'agenda'; den står her som kommentar til gennemsyn.",
        f"# Dagsorden udsendes senest {_date_da(meeting.agenda_deadline)}; "
        f"referat senest {_date_da(meeting.minutes_deadline)}.",
    ]
    lines += [f"# Inviteret: {name} ({why})" for name, why in zip(meeting.invited, meeting.invite_reason, strict=True)]
    lines.append("# Dagsorden (forslag):")
    lines += [f"#   {r.number}. {r.title} ({AGENDA_ITEM.danish[r.item]})" for r in items.itertuples()]
    lines.append(f"#   {len(items) + 1}. Eventuelt")
    values = {
        "meeting_date": f"{meeting.meeting_date:%Y-%m-%d}",
        "title": meeting_title(meeting.meeting_date, meeting.kind),
    }
    return "\n".join(lines) + "\n" + yaml.safe_dump(values, allow_unicode=True, sort_keys=False)


def write_wheel_parameters(wheel: Wheel, folder: Path, force: bool = False) -> list[Path]:
    """Write ``folder/parameters/meetings/<date>.yaml`` for every meeting in the wheel.

    All targets are checked before anything is written, so a refusal leaves the folder as it was.
    """
    target = Path(folder) / "parameters" / "meetings"
    files = {target / f"{m.meeting_date:%Y-%m-%d}.yaml": _parameter_yaml(wheel, m) for m in wheel.meetings.itertuples()}
    existing = [path for path in files if path.exists()]
    if existing and not force:
        listed = "\n".join(f"  - {path}" for path in existing)
        raise DapReportsError(
            f"{len(existing)} parameter file(s) already exist; nothing was written:\n{listed}\n"
            "Edit them by hand, remove them, or replace them with --force (force=True from Python)."
        )
    target.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return list(files)


def wheel_to_tables(wheel: Wheel) -> dict[str, pd.DataFrame]:
    """Rows for the workbook's ``meetings`` and ``agenda`` sheets, with the schema's columns."""
    m = wheel.meetings
    notes = []
    for invited, reasons, note in zip(m["invited"], m["invite_reason"], m["note"], strict=True):
        parts = [f"Planlagt (årshjul {wheel.year})"]
        parts += [f"{name} inviteret ({why})" for name, why in zip(invited, reasons, strict=True)]
        notes.append("; ".join(parts + ([note] if note else [])))
    meetings = pd.DataFrame(
        {
            "meeting_date": m["meeting_date"],
            "kind": m["kind"],
            "agenda_sent_date": pd.NaT,
            "minutes_sent_date": pd.NaT,
            "notes": notes,
        }
    )
    return {
        "meetings": meetings[table("meetings").column_names].reset_index(drop=True),
        "agenda": wheel.agenda[table("agenda").column_names].reset_index(drop=True),
    }


__all__ = [
    "DEFAULT_FIXED_ITEMS",
    "DEFAULT_MONTHS",
    "Wheel",
    "danish_holidays",
    "easter_sunday",
    "infer_months",
    "meeting_title",
    "propose_wheel",
    "wheel_to_tables",
    "write_wheel_parameters",
]
