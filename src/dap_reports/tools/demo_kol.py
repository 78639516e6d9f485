"""Deterministic, clearly SYNTHETIC rollout portfolio: telemedicine for citizens with COPD (KOL), 2017–2019.

Modelled on *Fællesoffentlig porteføljestyregruppe for telemedicin til borgere med KOL*: five
landsdelsprogrammer (one per region) roll the offer out to all 98 municipalities, and the group follows
their milestones and a set of progress and outcome indicators (fremdrifts- og resultatindikatorer).
Municipality names, codes and regions are real (geography only); every figure, date, status, risk,
person and decision is invented. Randomness comes only from ``random.Random`` seeded with strings, so
re-running gives byte-identical files.

    python -m dap_reports.demo_kol [--out DIR]
"""

from __future__ import annotations

import argparse
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from ..contract import config, schema
from ..reports.indicators.computations import apportion
from . import demo_papers as dp
from .demo import _clamp, _iso, _time_rag, _wednesday

KOL_SEED = 2017
KOL_FOLDER = Path(__file__).resolve().parents[1] / "data" / "kol"
KOL_YEARS = (2017, 2018, 2019)
KOL_TODAY = date(2019, 12, 11)  # the last meeting; indicator values run to the end of 2019
PROJECT_START, PROJECT_END = date(2017, 1, 2), date(2019, 12, 31)
TRACK = "Udbredelse af telekol"

# (region code, region, landsdelsprogram id, short name)
REGIONS = (
    ("1084", "Region Hovedstaden", "LDP-H", "Hovedstaden"),
    ("1085", "Region Sjælland", "LDP-SJ", "Sjælland"),
    ("1083", "Region Syddanmark", "LDP-SD", "Syddanmark"),
    ("1082", "Region Midtjylland", "LDP-M", "Midtjylland"),
    ("1081", "Region Nordjylland", "LDP-N", "Nordjylland"),
)

# The 98 municipalities: (official code, name, region code, inhabitants in thousands).
# Inhabitants are rounded approximations (c. 2018) and only scale the invented counts.
MUNICIPALITIES = (
    ("101", "København", "1084", 613),
    ("147", "Frederiksberg", "1084", 104),
    ("151", "Ballerup", "1084", 48),
    ("153", "Brøndby", "1084", 35),
    ("155", "Dragør", "1084", 14),
    ("157", "Gentofte", "1084", 75),
    ("159", "Gladsaxe", "1084", 69),
    ("161", "Glostrup", "1084", 23),
    ("163", "Herlev", "1084", 28),
    ("165", "Albertslund", "1084", 28),
    ("167", "Hvidovre", "1084", 53),
    ("169", "Høje-Taastrup", "1084", 50),
    ("173", "Lyngby-Taarbæk", "1084", 56),
    ("175", "Rødovre", "1084", 40),
    ("183", "Ishøj", "1084", 23),
    ("185", "Tårnby", "1084", 43),
    ("187", "Vallensbæk", "1084", 16),
    ("190", "Furesø", "1084", 41),
    ("201", "Allerød", "1084", 25),
    ("210", "Fredensborg", "1084", 41),
    ("217", "Helsingør", "1084", 63),
    ("219", "Hillerød", "1084", 50),
    ("223", "Hørsholm", "1084", 25),
    ("230", "Rudersdal", "1084", 56),
    ("240", "Egedal", "1084", 43),
    ("250", "Frederikssund", "1084", 45),
    ("260", "Halsnæs", "1084", 31),
    ("270", "Gribskov", "1084", 41),
    ("400", "Bornholm", "1084", 40),
    ("253", "Greve", "1085", 50),
    ("259", "Køge", "1085", 60),
    ("265", "Roskilde", "1085", 88),
    ("269", "Solrød", "1085", 23),
    ("306", "Odsherred", "1085", 33),
    ("316", "Holbæk", "1085", 71),
    ("320", "Faxe", "1085", 36),
    ("326", "Kalundborg", "1085", 49),
    ("329", "Ringsted", "1085", 35),
    ("330", "Slagelse", "1085", 79),
    ("336", "Stevns", "1085", 23),
    ("340", "Sorø", "1085", 30),
    ("350", "Lejre", "1085", 28),
    ("360", "Lolland", "1085", 42),
    ("370", "Næstved", "1085", 82),
    ("376", "Guldborgsund", "1085", 61),
    ("390", "Vordingborg", "1085", 46),
    ("410", "Middelfart", "1083", 38),
    ("420", "Assens", "1083", 41),
    ("430", "Faaborg-Midtfyn", "1083", 51),
    ("440", "Kerteminde", "1083", 24),
    ("450", "Nyborg", "1083", 32),
    ("461", "Odense", "1083", 202),
    ("479", "Svendborg", "1083", 59),
    ("480", "Nordfyns", "1083", 29),
    ("482", "Langeland", "1083", 12),
    ("492", "Ærø", "1083", 6),
    ("510", "Haderslev", "1083", 56),
    ("530", "Billund", "1083", 27),
    ("540", "Sønderborg", "1083", 74),
    ("550", "Tønder", "1083", 37),
    ("561", "Esbjerg", "1083", 116),
    ("563", "Fanø", "1083", 3),
    ("573", "Varde", "1083", 50),
    ("575", "Vejen", "1083", 43),
    ("580", "Aabenraa", "1083", 59),
    ("607", "Fredericia", "1083", 51),
    ("621", "Kolding", "1083", 92),
    ("630", "Vejle", "1083", 115),
    ("615", "Horsens", "1082", 90),
    ("657", "Herning", "1082", 88),
    ("661", "Holstebro", "1082", 58),
    ("665", "Lemvig", "1082", 20),
    ("671", "Struer", "1082", 21),
    ("706", "Syddjurs", "1082", 43),
    ("707", "Norddjurs", "1082", 37),
    ("710", "Favrskov", "1082", 48),
    ("727", "Odder", "1082", 23),
    ("730", "Randers", "1082", 97),
    ("740", "Silkeborg", "1082", 93),
    ("741", "Samsø", "1082", 4),
    ("746", "Skanderborg", "1082", 61),
    ("751", "Aarhus", "1082", 340),
    ("756", "Ikast-Brande", "1082", 41),
    ("760", "Ringkøbing-Skjern", "1082", 57),
    ("766", "Hedensted", "1082", 46),
    ("779", "Skive", "1082", 46),
    ("791", "Viborg", "1082", 96),
    ("773", "Morsø", "1081", 20),
    ("787", "Thisted", "1081", 44),
    ("810", "Brønderslev", "1081", 36),
    ("813", "Frederikshavn", "1081", 60),
    ("820", "Vesthimmerlands", "1081", 37),
    ("825", "Læsø", "1081", 2),
    ("840", "Rebild", "1081", 30),
    ("846", "Mariagerfjord", "1081", 42),
    ("849", "Jammerbugt", "1081", 38),
    ("851", "Aalborg", "1081", 214),
    ("860", "Hjørring", "1081", 65),
)

# Storyline: these municipalities are not live by the end of 2019 (small islands waiting for equipment
# logistics, two municipalities that postponed); København is live but includes few citizens.
NOT_LIVE_IN_2019 = ("155", "360", "492", "563", "741", "825")
SLOW_INCLUSION = {"101": 0.35}

ORGANISATIONS = (
    ("SUM", "Sundheds- og Ældreministeriet", "chair"),
    ("FM", "Finansministeriet", "member"),
    ("DIGST", "Digitaliseringsstyrelsen", "member"),
    ("DR", "Danske Regioner", "member"),
    ("KL", "KL (Kommunernes Landsforening)", "member"),
    ("SDS", "Sundhedsdatastyrelsen", "invited"),
    ("PS-TELE", "Programsekretariatet for telemedicin (KL og Danske Regioner)", "programme_office"),
)
# (source id, name, kind, description, share of each programme's budget)
FUNDING_SOURCES = (
    (
        "OA16",
        "ØA16-puljen til udbredelse af telemedicin til borgere med KOL",
        "agreement",
        "Statslig medfinansiering aftalt i økonomiaftalerne for 2016 med KL og Danske Regioner; "
        "udbetales pr. kalenderår.",
        0.4,
    ),
    ("REG", "Regional medfinansiering", "other", "Regionernes egne midler til landsdelsprogrammerne.", 0.3),
    ("KOM", "Kommunal medfinansiering", "other", "Kommunernes egne midler til implementering i kommunerne.", 0.3),
)
_YEAR_SHARE = {2017: 0.2, 2018: 0.4, 2019: 0.4}

# The regional programmes' milestones and the common baseline plan.
MILESTONES = (
    ("Styregruppe nedsat", "2017-02-28"),
    ("Programgrundlag godkendt", "2017-05-31"),
    ("Behandlingstilbud beskrevet", "2017-08-31"),
    ("Aftaler indgået", "2017-11-30"),
    ("Logistik på plads", "2018-02-28"),
    ("Udbud af infrastruktur gennemført", "2018-05-31"),
    ("Pilotdrift", "2018-09-30"),
    ("Inklusion af borgere påbegyndt", "2018-12-31"),
)


@dataclass(frozen=True)
class _Programme:
    """One landsdelsprogram's storyline; slips are days behind the common plan (negative = ahead)."""

    short: str
    owner: str
    lead: str
    budget: int
    slip_first: int  # at the first milestone
    slip_last: int  # at the last milestone; slips grow linearly in between
    pace: int  # days from inclusion start until every (non-laggard) municipality is live
    outcome: tuple[float, float, float]  # plateau of the three outcome indicators (admissions as a reduction, %)
    cr_days: int = 0  # an approved change request moves the unreached milestones' baseline by this
    cost_over: float = 0.0  # expected overrun from 2018-06 on (fraction of budget)
    operation_from: str = ""  # meeting from which the programme reports phase 'operation'


PROGRAMMES = {
    "LDP-H": _Programme(
        "Hovedstaden", "DR", "Camilla Larsen", 26_000_000, 20, 220, 200, (10.0, 71.0, 80.0), cr_days=182, cost_over=0.05
    ),
    "LDP-SJ": _Programme("Sjælland", "KL", "Rasmus Sørensen", 15_000_000, 20, 130, 330, (13.0, 74.0, 82.0)),
    "LDP-SD": _Programme(
        "Syddanmark", "DR", "Hanne Kristensen", 21_000_000, 10, 70, 300, (17.0, 80.0, 86.0), cost_over=0.04
    ),
    "LDP-M": _Programme("Midtjylland", "KL", "Søren Pedersen", 19_000_000, 0, 30, 330, (19.0, 82.0, 88.0)),
    "LDP-N": _Programme(
        "Nordjylland", "DR", "Line Thomsen", 12_000_000, -45, -75, 240, (24.0, 86.0, 91.0), operation_from="2019-09-11"
    ),
}
PID = {ldp: "KOL-" + ldp.removeprefix("LDP-") for ldp in PROGRAMMES}
EXTRA_MEETING = date(2018, 4, 25)  # decides Hovedstaden's change request
EXCEPTION_MEETING = date(2018, 3, 14)  # Hovedstaden's exception report: the tender is late
MISSING_STATUS = ("LDP-SJ", date(2018, 9, 12))  # deliberate data-quality case: no report for this meeting
BLANK_RAG = ("LDP-N", date(2019, 3, 13), "economy_rag")  # deliberate: one dimension not reported
OVERRIDE = ("LDP-SJ", date(2018, 12, 12))  # overall yellow although time is red, with a reason
COST_FROM = date(2018, 6, 1)  # programmes with an expected overrun report it from this meeting on

INDICATORS = (  # (id, name, kind, unit, target, baseline, direction)
    ("I01", "Kommuner i drift", "progress", "kommuner", 98, 0, "higher"),
    ("I02", "Borgere inkluderet", "progress", "antal", 8000, 0, "higher"),
    ("I03", "Sundhedspersoner uddannet", "progress", "antal", 2500, 0, "higher"),
    ("I04", "Borgere i telemedicin indlagt med KOL i kvartalet (%)", "outcome", "%", 9, 12, "lower"),
    ("I05", "Borgere der oplever øget tryghed (%)", "outcome", "%", 80, 55, "higher"),
    ("I06", "Brugertilfredshed (%)", "outcome", "%", 85, 70, "higher"),
)
# first-quarter level of the outcome indicators before they settle; admissions start a little above the baseline
_OUTCOME_START = (12.5, 60.0, 70.0)
_ADMITTED_BEFORE = 12.0  # % of citizens with KOL admitted in a quarter before telemedicine (I04's baseline)
_SURVEYED = 0.45  # share of the citizens included who answer the questionnaire behind I05 and I06
STATED_TARGETS = ("I02", "I03")  # stated per municipality by inhabitants, in whole people

# The programmes' economic benefit: fewer bed days for citizens with KOL, valued at DKK 3,500 a bed day.
BED_DAYS = {"LDP-H": 2600, "LDP-SJ": 1500, "LDP-SD": 2000, "LDP-M": 1900, "LDP-N": 950}  # a quarter, before
BENEFIT_PACE = {"LDP-H": 0.5, "LDP-SJ": 0.8, "LDP-SD": 0.5, "LDP-M": 1.05, "LDP-N": 1.2}
BENEFIT_END = date(2020, 12, 31)
BED_DAY_DKK = 3500

_SUMMARY = {
    "analysis": "Programgrundlag og behandlingstilbud under udarbejdelse",
    "development": "Aftaler, logistik og udbud af infrastruktur forberedes",
    "pilot": "Pilotdrift i {pilot} Kommune; udbredelse forberedes",
    "rollout": "{live} af {n} kommuner i drift; {citizens} borgere inkluderet",
    "operation": "Alle kommuner undtagen {missing} i drift; {citizens} borgere inkluderet",
}
_NEXT_ROLLOUT = (
    "Udbredelse til de resterende kommuner",
    "Henvisning fra almen praksis styrkes",
    "Opfølgning på indikatorer med kommunerne",
)


# ------------------------------------------------------------------ dates and schedules


def _weekday(d: date) -> date:
    """Move a weekend date to the next Monday: milestones are reached on working days."""
    return d + timedelta(days=(7 - d.weekday()) % 7 if d.weekday() >= 5 else 0)


def _meetings() -> list[tuple[date, str]]:
    """Second Wednesday of March, June, September and December, plus one extra meeting."""
    ordinary = [(_wednesday(y, m, 2), "ordinary") for y in KOL_YEARS for m in (3, 6, 9, 12)]
    return sorted([*ordinary, (EXTRA_MEETING, "extra")])


def _milestone_dates(ldp: str, seed: int) -> list[tuple[date, date]]:
    """(latest baseline, actual) per milestone; slips grow along the plan, a little jitter apart."""
    prog, rng = PROGRAMMES[ldp], random.Random(f"{seed}:milestones:{ldp}")
    rows, previous = [], PROJECT_START
    for k, (_name, planned) in enumerate(MILESTONES):
        baseline = date.fromisoformat(planned)
        slip = prog.slip_first + (prog.slip_last - prog.slip_first) * k / (len(MILESTONES) - 1)
        jittered = baseline + timedelta(days=round(slip) + rng.randint(-7, 7))
        actual = _weekday(max(jittered, previous + timedelta(days=14)))  # at least two weeks after the last
        rows.append((baseline, actual))
        previous = actual
    if prog.cr_days:  # the change request re-baselines what was not reached when it was approved
        rows = [(b + timedelta(days=prog.cr_days) if a > EXTRA_MEETING else b, a) for b, a in rows]
    return rows


def _baseline_at(ldp: str, k: int, when: date, dates) -> date:
    """The baseline a meeting knew: before the change request was approved, the original plan."""
    baseline, actual = dates[k]
    if PROGRAMMES[ldp].cr_days and when < EXTRA_MEETING and actual > EXTRA_MEETING:
        return baseline - timedelta(days=PROGRAMMES[ldp].cr_days)
    return baseline


def _go_live(seed: int, dates: dict) -> dict[str, date]:
    """Go-live per municipality: the pilot at Pilotdrift, the rest spread after inclusion starts."""
    live: dict[str, date] = {}
    for code, _name, ldp, _short in REGIONS:
        rng, prog = random.Random(f"{seed}:golive:{ldp}"), PROGRAMMES[ldp]
        members = [m for m in MUNICIPALITIES if m[2] == code]
        candidates = [m[0] for m in members if m[0] not in NOT_LIVE_IN_2019 and m[0] not in SLOW_INCLUSION]
        pilot = rng.choice(sorted(candidates))
        pilot_date, inclusion = dates[ldp][6][1], dates[ldp][7][1]
        for m in members:
            if m[0] == pilot:
                live[m[0]] = pilot_date
            elif m[0] in NOT_LIVE_IN_2019:  # planned for 2020; training starts before that
                live[m[0]] = date(2020, 1, 1) + timedelta(days=rng.randint(60, 240))
            elif m[0] in SLOW_INCLUSION:  # live early, yet includes few citizens
                live[m[0]] = _weekday(inclusion + timedelta(days=rng.randint(20, 60)))
            else:
                live[m[0]] = _weekday(inclusion + timedelta(days=int(prog.pace * rng.random() ** 1.3)))
    return live


def inhabitants() -> dict[str, float]:
    """Approximate inhabitants (thousands) per municipality code: weights for sharing a target out."""
    return {code: float(pop) for code, _name, _region, pop in MUNICIPALITIES}


def _quarters() -> list[tuple[str, date]]:
    """(period, last day of the quarter) for 2017-Q1 … 2019-Q4."""
    return [
        (f"{y}-Q{q}", date(y + q // 4, 3 * q % 12 + 1, 1) - timedelta(days=1)) for y in KOL_YEARS for q in range(1, 5)
    ]


# ------------------------------------------------------------------ indicator values


def _ramp(days: float, span: float) -> float:
    """Share of the eventual level reached ``days`` after the start (smooth, saturating)."""
    return 0.0 if days <= 0 else 1 - math.exp(-days / span)


def _indicator_values(seed: int, dates: dict, live: dict[str, date]) -> list[dict]:
    total_pop = sum(m[3] for m in MUNICIPALITIES)
    rows: list[dict] = []
    for code, _name, _region, pop in MUNICIPALITIES:
        rng = random.Random(f"{seed}:values:{code}")
        uptake = SLOW_INCLUSION.get(code, rng.uniform(0.75, 1.25))
        citizens_pool = 8000 * 2.0 * pop / total_pop * uptake
        staff_pool = 2500 * 1.15 * pop / total_pop * rng.uniform(0.85, 1.15)
        for period, end in _quarters():
            since = (end - live[code]).days
            rows += [
                {"indicator_id": "I01", "period": period, "area_id": code, "value": int(since >= 0)},
                {
                    "indicator_id": "I02",
                    "period": period,
                    "area_id": code,
                    "value": round(citizens_pool * _ramp(since, 300)),
                },
                {
                    "indicator_id": "I03",
                    "period": period,
                    "area_id": code,
                    "value": round(staff_pool * _ramp(since + 120, 200)),
                },
            ]
    citizens: dict[tuple[str, str], float] = {}  # (programme, period) -> citizens included, the denominators
    ldp_of = {code: ldp for code, _n, ldp, _s in REGIONS}
    programme = {m[0]: ldp_of[m[2]] for m in MUNICIPALITIES}
    for r in rows:
        r.update(numerator="", denominator="")  # counts carry no numerator and denominator
        if r["indicator_id"] == "I02":
            key = (programme[r["area_id"]], r["period"])
            citizens[key] = citizens.get(key, 0) + r["value"]
    for ldp, prog in PROGRAMMES.items():  # outcome indicators: per programme, once citizens are included
        rng, start = random.Random(f"{seed}:outcome:{ldp}"), dates[ldp][7][1]
        plateaus = (round(_ADMITTED_BEFORE * (1 - prog.outcome[0] / 100), 1), *prog.outcome[1:])
        for period, end in _quarters():
            if end <= start:
                continue
            settle = _ramp((end - start).days, 200)
            included = citizens.get((ldp, period), 0)
            for (iid, *_), first, plateau in zip(INDICATORS[3:], _OUTCOME_START, plateaus, strict=True):
                share = first + (plateau - first) * settle + rng.uniform(-1.5, 1.5)
                asked = included if iid == "I04" else round(_SURVEYED * included)
                if asked == 0:
                    continue
                counted = round(share * asked / 100)
                rows.append(
                    {
                        "indicator_id": iid,
                        "period": period,
                        "area_id": ldp,
                        "value": round(100 * counted / asked, 1),
                        "numerator": counted,
                        "denominator": asked,
                    }
                )
    # one block per indicator and quarter, areas in the order of the areas sheet, so the CSV reads naturally
    order = {iid: k for k, (iid, *_) in enumerate(INDICATORS)}
    place = {a["area_id"]: k for k, a in enumerate(_areas())}
    rows.sort(key=lambda r: (order[r["indicator_id"]], r["period"], place[r["area_id"]]))
    return rows


# ------------------------------------------------------------------ status, milestones, money


def _phase(reached: int, ldp: str, when: date) -> str:
    if PROGRAMMES[ldp].operation_from and _iso(when) >= PROGRAMMES[ldp].operation_from:
        return "operation"
    return "analysis" if reached < 2 else "development" if reached < 6 else "pilot" if reached < 8 else "rollout"


def _slips(ldp: str, m: date, dates) -> tuple[int, int, int]:
    """(milestones reached, slip of the next one, slip of the end date) as known at meeting ``m``."""
    reached = sum(a <= m for _b, a in dates)
    if reached == len(MILESTONES):
        return reached, 0, 0
    slip = (dates[reached][1] - _baseline_at(ldp, reached, m, dates)).days
    # the last milestone starts inclusion; the programme has about four months' slack after it
    end_slip = max(0, (dates[-1][1] - _baseline_at(ldp, len(MILESTONES) - 1, m, dates)).days - 120)
    return reached, slip, end_slip


def _rags(ldp: str, m: date, reached: int, slip: int) -> dict[str, str]:
    """RAG per dimension: time from the next milestone's slip, the rest from each programme's storyline."""
    troubled = (
        (ldp == "LDP-SJ" and date(2018, 9, 1) <= m <= date(2019, 3, 31))  # a difficult pilot
        or (ldp == "LDP-H" and date(2019, 3, 1) <= m <= date(2019, 9, 30))
    )  # slow start of inclusion
    rag = {
        "time_rag": _time_rag(slip) if reached < len(MILESTONES) else "green",
        "economy_rag": "yellow" if PROGRAMMES[ldp].cost_over and m >= COST_FROM else "green",
        "deliverables_rag": "yellow" if troubled else "green",
    }
    if (ldp, m, "economy_rag") == BLANK_RAG:
        rag["economy_rag"] = ""
    return rag


def _summary(ldp: str, m: date, reached: int, slip: int, members, live: dict, citizens: int) -> str:
    pilot = min(members, key=lambda c: live[c[0]])[1]
    missing = ", ".join(c[1] for c in members if live[c[0]] > m) or "ingen"
    text = _SUMMARY[_phase(reached, ldp, m)].format(
        pilot=pilot, live=sum(live[c[0]] <= m for c in members), n=len(members), citizens=citizens, missing=missing
    )
    if slip >= 30:
        text += f"; {MILESTONES[reached][0].lower()} forsinket ca. {max(1, round(slip / 30))} mdr."
    return text


def _status(seed: int, held: list[date], dates: dict, live: dict, values: list[dict]) -> list[dict]:
    citizens = {(r["period"], r["area_id"]): r["value"] for r in values if r["indicator_id"] == "I02"}
    rows = []
    for code, _name, ldp, _short in REGIONS:
        prog, rng = PROGRAMMES[ldp], random.Random(f"{seed}:status:{ldp}")
        members = [c for c in MUNICIPALITIES if c[2] == code]
        for m in held:
            if (ldp, m) == MISSING_STATUS:
                continue
            reached, slip, end_slip = _slips(ldp, m, dates[ldp])
            quarter = max((q for q, end in _quarters() if end <= m), default=None)  # the last one reported
            overall, reason = "", ""
            if (ldp, m) == OVERRIDE:  # the programme judges the pilot's delay less serious than 'red'
                overall, reason = "yellow", "Pilotdriften er i gang; forsinkelsen forventes indhentet i udbredelsen"
            just = [MILESTONES[k][0] for k, (_b, a) in enumerate(dates[ldp]) if m - timedelta(days=100) < a <= m]
            over = prog.cost_over if m >= COST_FROM else -0.01
            rebaselined = prog.cr_days if m > EXTRA_MEETING else 0
            rows.append(
                {
                    "project_id": PID[ldp],
                    "meeting_date": _iso(m),
                    **_rags(ldp, m, reached, slip),
                    "benefits_rag": _reported_benefits_rag(ldp, m, dates[ldp]),
                    "overall_rag": overall,
                    "overall_reason": reason,
                    "phase": _phase(reached, ldp, m),
                    "forecast_end_date": _iso(PROJECT_END + timedelta(days=end_slip + rebaselined)),
                    "forecast_cost_dkk": int(round(prog.budget * (1 + over), -4)),
                    "summary": _summary(
                        ldp, m, reached, slip, members, live, sum(citizens.get((quarter, c[0]), 0) for c in members)
                    ),
                    "achievements": ("Milepæl nået: " + ", ".join(just)) if just else "Arbejdet følger planen",
                    "next_steps": (
                        f"Næste milepæl: {MILESTONES[reached][0]}"
                        if reached < len(MILESTONES)
                        else rng.choice(_NEXT_ROLLOUT)
                    ),
                    "reported_by": prog.lead,
                }
            )
    return rows


def _milestone_rows(dates: dict) -> list[dict]:
    return [
        {
            "milestone_id": f"{PID[ldp]}-M{k + 1}",
            "project_id": PID[ldp],
            "name": name,
            "baseline_date": _iso(baseline),
            "forecast_date": _iso(actual),
            "actual_date": _iso(actual),
        }
        for ldp in PROGRAMMES
        for k, ((name, _p), (baseline, actual)) in enumerate(zip(MILESTONES, dates[ldp], strict=True))
    ]


def _budget(seed: int) -> list[dict]:
    """Grants per programme, source and year; an approved change request's money is granted regionally in 2019."""
    extra = {ldp: int(dkk) for _cr, ldp, _s, _d, _t, dkk, *_rest in CHANGE_REQUESTS if dkk}
    rows = []
    for ldp, prog in PROGRAMMES.items():
        rng = random.Random(f"{seed}:budget:{ldp}")
        for year, year_share in _YEAR_SHARE.items():
            for source, _n, _k, _d, share in FUNDING_SOURCES:
                granted = int(round(prog.budget * share * year_share, -4))
                granted += extra.get(ldp, 0) if (year, source) == (2019, "REG") else 0
                if year < KOL_TODAY.year:  # closed years: spent is final
                    spent = forecast = granted * rng.uniform(0.88, 0.99)
                else:  # three weeks before year end; a programme with an overrun expects to exceed the grant
                    spent = granted * rng.uniform(0.86, 0.94)
                    forecast = granted * (1 + 2.5 * prog.cost_over if prog.cost_over else rng.uniform(0.95, 0.99))
                rows.append(
                    {
                        "project_id": PID[ldp],
                        "source_id": source,
                        "year": year,
                        "granted_dkk": granted,
                        "spent_dkk": int(round(spent, -3)),
                        "forecast_dkk": int(round(forecast, -3)),
                    }
                )
    return rows


def _indicator_targets() -> list[dict]:
    """I02 and I03 stated per municipality, shared out by inhabitants in whole people (largest remainder)."""
    weights = pd.Series(inhabitants())
    rows = []
    for iid, *_rest in INDICATORS:
        if iid not in STATED_TARGETS:
            continue
        total = next(t for i, _n, _k, _u, t, *_r in INDICATORS if i == iid)
        shares = apportion(total, weights)
        rows += [{"indicator_id": iid, "area_id": code, "target": int(v)} for code, v in shares.items()]
    order = {a["area_id"]: k for k, a in enumerate(_areas())}
    return sorted(rows, key=lambda r: (r["indicator_id"], order[r["area_id"]]))


def _realisation_start(dates: list[tuple[date, date]]) -> date:
    """Benefits are realised from the first of the month after the programme starts including citizens."""
    inclusion = dates[7][1]
    return date(inclusion.year + inclusion.month // 12, inclusion.month % 12 + 1, 1)


def _benefits(seed: int, dates: dict) -> tuple[list[dict], list[dict]]:
    """Each programme's economic benefit — fewer bed days — and its quarterly measurements up to today."""
    register, measurements = [], []
    for _code, region, ldp, _short in REGIONS:
        bid, before = f"{PID[ldp]}-G1", BED_DAYS[ldp]
        target = round(before * 0.85)
        start = _realisation_start(dates[ldp])
        register.append(
            {
                "benefit_id": bid,
                "project_id": PID[ldp],
                "title": "Færre indlæggelsesdage for borgere med KOL",
                "kind": "economic",
                "owner": region,
                "unit": "sengedage pr. kvartal",
                "baseline": before,
                "target": target,
                "direction": "lower",
                "target_date": _iso(BENEFIT_END),
                "realisation_start": _iso(start),
                "planned_dkk_per_year": int(round((before - target) * 4 * BED_DAY_DKK, -4)),
            }
        )
        rng = random.Random(f"{seed}:benefit:{ldp}")
        span = (BENEFIT_END - start).days
        before_start = max(end for _q, end in _quarters() if end < start)  # one baseline measurement
        for period, end in _quarters():
            if end > KOL_TODAY or end < before_start:
                continue
            expected = _clamp((end - start).days / span)
            share = 0.0 if end < start else BENEFIT_PACE[ldp] * expected + rng.uniform(-0.03, 0.03)
            measurements.append(
                {
                    "benefit_id": bid,
                    "measured_date": _iso(end),
                    "period": f"{period[-1]}. kvartal {period[:4]}",
                    "value": round(before + share * (target - before)),
                    "note": "Baselinemåling før realiseringen"
                    if end < start
                    else "Regionens patientadministrative data",
                }
            )
    return register, measurements


def _reported_benefits_rag(ldp: str, m: date, dates) -> str:
    """Programmes report green until they realise benefits, then by their pace (never worse than yellow)."""
    if m < _realisation_start(dates):
        return "green"
    return "green" if BENEFIT_PACE[ldp] >= 0.85 else "yellow"


# ------------------------------------------------------------------ risks, decisions, agenda, meetings

# (project or '', title, cause → event → effect, category, owner, response, mitigation, raised, closed, p, i, trend)
RISKS = (
    (
        "",
        "Forsinket udbud af telemedicinsk infrastruktur",
        "Komplekse krav og mange leverandører → forsinket kontrakt → pilotdrift udskydes",
        "leverandør",
        "Danske Regioner",
        "reduce",
        "Fælles kravspecifikation og erfaringsdeling mellem landsdelsprogrammerne",
        "2017-03-01",
        "2019-01-15",
        3,
        4,
        -1,
    ),
    (
        "LDP-H",
        "Klage over udbuddet i Hovedstaden",
        "Klage til Klagenævnet for Udbud → kontrakten kan ikke underskrives → inklusion udskydes",
        "jura",
        "Region Hovedstaden",
        "reduce",
        "Juridisk bistand og tæt dialog med tilbudsgiverne",
        "2017-11-20",
        "2018-11-30",
        3,
        5,
        1,
    ),
    (
        "LDP-SJ",
        "Kapacitet til oplæring af sundhedspersoner",
        "Mangel på sygeplejersker i kommunerne → færre uddannede → langsommere inklusion",
        "ressourcer",
        "KL",
        "reduce",
        "Fælles undervisningsforløb og e-læring",
        "2018-05-02",
        "",
        3,
        3,
        1,
    ),
    (
        "LDP-SD",
        "Logistik for udstyr",
        "Udbringning og hjemtagning af udstyr uden fast aftale → ventetid for borgerne → utilfredshed",
        "organisation",
        "Region Syddanmark",
        "transfer",
        "Logistikaftale med leverandøren",
        "2017-12-01",
        "2019-06-28",
        3,
        3,
        -1,
    ),
    (
        "",
        "Lav inklusion af borgere",
        "Få henvisninger fra almen praksis og sygehuse → færre borgere i tilbuddet → gevinsterne udebliver",
        "organisation",
        "KL",
        "reduce",
        "Henvisningskampagne med PLO og sygehusene",
        "2018-08-20",
        "",
        3,
        4,
        1,
    ),
    (
        "",
        "Finansiering af drift efter 2019",
        "ØA16-puljen udløber med 2019 → uafklaret driftsfinansiering → kommuner tøver med at gå i drift",
        "økonomi",
        "Finansministeriet",
        "accept",
        "Afklaring i økonomiforhandlingerne for 2020",
        "2019-01-14",
        "",
        2,
        4,
        1,
    ),
)
CHANGE_REQUESTS = (  # (cr, programme, submitted, description, days, dkk, scope, decision, meeting)
    (
        "CR01",
        "LDP-H",
        "2018-04-06",
        "Ny tidsplan efter forsinket udbud af infrastruktur og forlænget projektorganisation",
        182,
        1_200_000,
        "Ingen",
        "approved",
        EXTRA_MEETING,
    ),
    (
        "CR02",
        "LDP-SJ",
        "2019-05-27",
        "Lolland Kommune går først i drift i 2020",
        "",
        "",
        "Udbredelsen til Lolland Kommune flyttes til 2020",
        "approved",
        date(2019, 6, 12),
    ),
)
_PLACES = ("Afholdt i Sundheds- og Ældreministeriet", "Afholdt hos KL", "Afholdt hos Danske Regioner")


def _risks(held: list[date]) -> tuple[list[dict], list[dict]]:
    risks, assessments = [], []
    for n, (ldp, title, desc, category, owner, response, mitigation, raised, closed, p0, i0, trend) in enumerate(
        RISKS, 1
    ):
        rid = f"R{n:02d}"
        risks.append(
            {
                "risk_id": rid,
                "project_id": PID.get(ldp, ""),
                "title": title,
                "description": desc,
                "category": category,
                "owner": owner,
                "response": response,
                "mitigation": mitigation,
                "raised_date": raised,
                "closed_date": closed,
            }
        )
        dates = [m for m in held if raised <= _iso(m) and (not closed or _iso(m) < closed)]
        for j, m in enumerate(dates):
            t = j / max(1, len(dates) - 1)
            assessments.append(
                {
                    "risk_id": rid,
                    "meeting_date": _iso(m),
                    "probability": int(_clamp(p0 + round(1.6 * trend * t), 1, 5)),
                    "impact": int(_clamp(i0 + round(0.6 * trend * t), 1, 5)),
                }
            )
    return risks, assessments


def _change_requests() -> list[dict]:
    return [
        {
            "cr_id": cr,
            "project_id": PID[ldp],
            "submitted_date": submitted,
            "description": desc,
            "time_impact_days": days,
            "cost_impact_dkk": dkk,
            "scope_impact": scope,
            "decision": decision,
            "decision_meeting_date": _iso(meeting),
        }
        for cr, ldp, submitted, desc, days, dkk, scope, decision, meeting in CHANGE_REQUESTS
    ]


def _agenda(meetings: list[tuple[date, str]]) -> list[dict]:
    items: dict[date, list[tuple[str, str, str]]] = {m: [] for m, _ in meetings}
    names = {PID[ldp]: f"Landsdelsprogram {p.short}" for ldp, p in PROGRAMMES.items()}
    rotation = list(PID.values())
    ordinary = [m for m, kind in meetings if kind == "ordinary"]
    for k, m in enumerate(ordinary):
        items[m].append(("", "status", "Porteføljeoverblik: milepæle og status for landsdelsprogrammerne"))
        if m.year > 2017:  # indicators are reported once the first municipalities are live
            items[m].append(("", "orientation", "Fremdrifts- og resultatindikatorer"))
        pid = rotation[k % len(rotation)]
        items[m].append((pid, "theme", f"Erfaringsdeling: {names[pid]}"))
        if k == 0:
            items[m].append(("", "decision", "Kommissorium og mødeplan 2017"))
        if m.month == 12 and m.year < 2019:
            items[m].append(("", "decision", f"Årlig ekstern review {m.year + 1}: kommissorium"))
        if m.month == 12 and m.year == 2019:
            items[m].append(("", "orientation", f"Afrapportering til {kol_config().reports_to}"))
    items[EXTRA_MEETING].append((PID["LDP-H"], "orientation", "Status for udbud af infrastruktur i Hovedstaden"))
    items[EXCEPTION_MEETING].append((PID["LDP-H"], "decision", f"Afvigelsesrapport: {names[PID['LDP-H']]}"))
    for cr, ldp, *_rest, meeting in CHANGE_REQUESTS:
        items[meeting].append((PID[ldp], "decision", f"Ændringsanmodning: {names[PID[ldp]]} ({cr})"))
    order = {"status": 0, "decision": 1, "orientation": 2, "theme": 3}
    rows = []
    for m, _ in meetings:
        ordered = sorted(items[m], key=lambda x: (order[x[1]], x[0] == "", x[0], x[2]))
        for pid, item, title in [*ordered, ("", "orientation", "Eventuelt")]:
            rows.append({"meeting_date": _iso(m), "project_id": pid, "item": item, "title": title})
    return rows


def _meetings_table(meetings: list[tuple[date, str]], seed: int) -> list[dict]:
    rng, rows = random.Random(f"{seed}:meetings"), []
    for i, (m, kind) in enumerate(meetings):
        lead = 5 if kind == "extra" else rng.choice((7, 8))  # Wednesday meetings: papers out on a weekday
        lag = rng.choice((8, 9, 12, 13, 14))
        minutes = m + timedelta(days=lag)
        if minutes.month == 12 and minutes.day > 21:  # not over Christmas: sent before the holiday
            minutes = date(m.year, 12, 21) - timedelta(days=max(0, date(m.year, 12, 21).weekday() - 4))
        note = "Ekstraordinært møde (virtuelt) om ændringsanmodning" if kind == "extra" else _PLACES[i % 3]
        rows.append(
            {
                "meeting_date": _iso(m),
                "kind": kind,
                "agenda_sent_date": _iso(m - timedelta(days=lead)),
                "minutes_sent_date": _iso(minutes if minutes <= KOL_TODAY else None),
                "notes": note,
            }
        )
    return rows


# ------------------------------------------------------------------ the papers: exception report, decisions, actions

_SHORT = {
    "SUM": "Sundheds- og Ældreministeriet",
    "DR": "Danske Regioner",
    "KL": "KL",
    "PS-TELE": "Programsekretariatet for telemedicin",
}
_UNRECORDED = 2  # the last meeting's minutes are still being written: its last items have no decision yet
EXCEPTION_REPORT = {
    "project_id": PID["LDP-H"],
    "meeting_date": EXCEPTION_MEETING.isoformat(),
    "cause": "Udbuddet af den telemedicinske infrastruktur i Hovedstaden er forsinket af en klage over "
    "kravspecifikationen.",
    "consequences": "Pilotdrift og inklusion af borgere forskydes ca. et halvt år; projektorganisationen skal "
    "forlænges (ca. 1,2 mio. kr.).",
    "options": "1) Fastholde planen med et midlertidigt system; 2) ny tidsplan efter udbuddet; 3) fælles udbud "
    "med et andet landsdelsprogram.",
    "recommendation": "Ny tidsplan (mulighed 2), behandlet som ændringsanmodning på et ekstraordinært møde.",
}


def _paper_fields(agenda: list[dict]) -> None:
    owners = {PID[ldp]: prog.owner for ldp, prog in PROGRAMMES.items()}
    crs = {cr: desc for cr, _ldp, _sub, desc, *_rest in CHANGE_REQUESTS}
    last = max(r["meeting_date"] for r in agenda)
    last_items = [r for r in agenda if r["meeting_date"] == last][-_UNRECORDED:]
    for row in agenda:
        title, pid, kind = row["title"], row["project_id"], row["item"]
        presenter = f"{_SHORT[owners[pid]]} (landsdelsprogrammet)" if pid else f"{_SHORT['PS-TELE']}"
        recommendation = background = attachments = ""
        decision = dp.STANDARD.get(kind, "")
        if title.startswith("Kommissorium"):
            presenter = f"{_SHORT['SUM']} (formandskabet)"
            recommendation = dp.recommend("godkender", "kommissoriet og mødeplanen for 2017")
            decision = dp.decided("godkendte", "kommissoriet og mødeplanen")
            attachments = "kommissorium-telekol.pdf"
        elif title.startswith("Årlig ekstern review"):
            year = title.split()[3].rstrip(":")
            presenter = f"{_SHORT['SUM']} (formandskabet)"
            recommendation = dp.recommend("godkender", f"kommissoriet for den eksterne review {year}")
            decision = dp.decided("godkendte", f"kommissoriet for den eksterne review {year}")
        elif title.startswith("Ændringsanmodning"):
            cr = title.rsplit("(", 1)[1].rstrip(")")
            recommendation = dp.recommend("godkender", f"ændringsanmodningen {cr}")
            background = f"{crs[cr]}."
            decision = dp.decided("godkendte", f"ændringsanmodningen {cr}")
        elif title.startswith("Afvigelsesrapport"):
            recommendation = dp.recommend("tiltræder programmets indstilling om", "en ny tidsplan efter udbuddet")
            background = "Programmet forventer ikke at nå milepælene for udbud og pilotdrift inden for tolerancen."
            attachments = "afvigelsesrapport-hovedstaden.pdf"
            decision = dp.decided(
                "tog", "afvigelsesrapporten til efterretning", "Et ekstraordinært møde behandler den nye tidsplan."
            )
        elif title.startswith(("Afrapportering", "Fremdrifts")):
            presenter = _SHORT["SUM"] if title.startswith("Afrapportering") else _SHORT["PS-TELE"]
        elif title == "Eventuelt":
            presenter, decision = "", "Intet."
        if any(row is r for r in last_items):
            decision = ""
        row.update(
            presenter=presenter,
            recommendation=recommendation,
            background=background,
            attachments=attachments,
            decision=decision,
        )


def _actions(agenda: list[dict], meetings: list[tuple[date, str]], seed: int) -> list[dict]:
    owners = {PID[ldp]: prog.owner for ldp, prog in PROGRAMMES.items()}
    dates = [m for m, _ in meetings]
    rows = []
    for row in agenda:
        m, pid, title = date.fromisoformat(row["meeting_date"]), row["project_id"], row["title"]
        following = next((d for d in dates if d > m), m + timedelta(days=90))
        if title.startswith("Afvigelsesrapport"):
            rows.append(
                (
                    m,
                    pid,
                    "Fremsende ændringsanmodning med ny tidsplan",
                    owners[pid],
                    "Programleder",
                    m + timedelta(days=28),
                )
            )
        elif title.startswith("Ændringsanmodning"):
            rows.append(
                (
                    m,
                    pid,
                    "Indarbejde den nye tidsplan i programmets plan og budget",
                    owners[pid],
                    "",
                    m + timedelta(days=30),
                )
            )
        elif title.startswith("Årlig ekstern review"):
            year = int(title.split()[3].rstrip(":"))
            rows.append((m, "", f"Igangsætte den eksterne review {year}", "SUM", "", date(year, 3, 1)))
        elif title.startswith("Erfaringsdeling") and m.month in (6, 12):
            rows.append(
                (
                    m,
                    pid,
                    "Dele programmets erfaringer med de øvrige landsdelsprogrammer",
                    "PS-TELE",
                    "",
                    following - timedelta(days=14),
                )
            )
        elif title.startswith("Fremdrifts") and m.month == 9:
            rows.append(
                (m, "", "Følge op på kommuner med lav inklusion", "PS-TELE", "", following - timedelta(days=21))
            )
    rows.sort(key=lambda r: (r[0], r[1] == "", r[1], r[2]))
    rng = random.Random(f"{seed}:actions")
    return [
        dp.action_row(f"A{n:02d}", m, pid, text, owner, person, due, dp.settle(rng, m, due, KOL_TODAY))
        for n, (m, pid, text, owner, person, due) in enumerate(rows, start=1)
    ]


# ------------------------------------------------------------------ assembling


def _areas() -> list[dict]:
    rows = [{"area_id": code, "name": name, "kind": "region", "parent_id": ""} for code, name, *_ in REGIONS]
    rows += [
        {"area_id": ldp, "name": f"Landsdelsprogram {short}", "kind": "landsdelsprogram", "parent_id": code}
        for code, _name, ldp, short in REGIONS
    ]
    ldp_of = {code: ldp for code, _n, ldp, _s in REGIONS}
    rows += [
        {"area_id": code, "name": name, "kind": "municipality", "parent_id": ldp_of[region]}
        for code, name, region, _pop in sorted(MUNICIPALITIES, key=lambda m: int(m[0]))
    ]
    return rows


def _projects(dates: dict) -> list[dict]:
    last = max(m for m, kind in _meetings() if kind == "ordinary")
    rows = []
    for ldp, prog in PROGRAMMES.items():
        reached = sum(a <= last for _b, a in dates[ldp])
        cr = next((c for c in CHANGE_REQUESTS if c[1] == ldp and isinstance(c[4], int)), None)
        rows.append(
            {
                "project_id": PID[ldp],
                "name": f"Telemedicin til KOL – Landsdelsprogram {prog.short}",
                "track": TRACK,
                "owner_org": prog.owner,
                "project_lead": prog.lead,
                "steering_forum": "Landsdelsprogrammets styregruppe",
                "phase": _phase(reached, ldp, last),
                "start_date": _iso(PROJECT_START),
                "baseline_end_date": _iso(PROJECT_END + timedelta(days=cr[4] if cr else 0)),
                "baseline_budget_dkk": prog.budget + (cr[5] if cr else 0),
                "tolerance_time_days": 90,
                "tolerance_budget_pct": 10,
                "description": f"Udbredelse af telemedicin til borgere med KOL i Region {prog.short}s kommuner "
                "med fælles behandlingstilbud, logistik og infrastruktur.",
                "closed_date": "",
                "closure": "",
            }
        )
    return rows


def generate_kol(seed: int = KOL_SEED) -> dict[str, pd.DataFrame]:
    """The KOL rollout portfolio as CSV-ready frames: ISO dates, '' for blank, ints for whole numbers."""
    meetings = _meetings()
    held = [m for m, kind in meetings if kind == "ordinary" and m <= KOL_TODAY]
    dates = {ldp: _milestone_dates(ldp, seed) for ldp in PROGRAMMES}
    live = _go_live(seed, dates)
    values = _indicator_values(seed, dates, live)
    risks, assessments = _risks(held)
    agenda = _agenda(meetings)
    _paper_fields(agenda)
    benefits, measurements = _benefits(seed, dates)
    tables = {
        "organisations": [dict(zip(("org_id", "name", "role"), o, strict=True)) for o in ORGANISATIONS],
        "funding_sources": [
            dict(zip(("source_id", "name", "kind", "description"), s[:4], strict=True)) for s in FUNDING_SOURCES
        ],
        "projects": _projects(dates),
        "budget": _budget(seed),
        "meetings": _meetings_table(meetings, seed),
        "agenda": agenda,
        "status": _status(seed, held, dates, live, values),
        "milestones": _milestone_rows(dates),
        "risks": risks,
        "risk_assessments": assessments,
        "change_requests": _change_requests(),
        "exceptions": [EXCEPTION_REPORT],
        "actions": _actions(agenda, meetings, seed),
        "dependencies": [
            {
                "project_id": PID["LDP-H"],
                "depends_on": "Fælles telemedicinsk infrastruktur (KIH-databasen)",
                "description": "Måledata deles med almen praksis og sygehus via den fælles infrastruktur",
            }
        ],
        "areas": _areas(),
        "indicators": [
            {
                "indicator_id": iid,
                "name": name,
                "kind": kind,
                "unit": unit,
                "project_id": "",
                "target": target,
                "target_date": _iso(PROJECT_END),
                "baseline": baseline,
                "direction": direction,
            }
            for iid, name, kind, unit, target, baseline, direction in INDICATORS
        ],
        "indicator_targets": _indicator_targets(),
        "indicator_values": values,
        "benefits": benefits,
        "benefit_measurements": measurements,
    }
    # The KOL portfolio keeps no history sheets (budget_history, milestone_forecasts, baselines): its reports
    # show how an older workbook reads, with today's figures said plainly.
    # Columns a table's rows do not set are blank (''), as in a CSV written by hand.
    return {
        name: pd.DataFrame(tables.get(name, []), columns=schema.table(name).column_names).astype(object).fillna("")
        for name in schema.TABLE_NAMES
    }


README = """\
# KOL-demodata – SYNTETISKE DATA / KOL demo data – SYNTHETIC DATA

**Dansk:** Alle data i denne mappe er SYNTETISKE og opfundet til demonstration af dap-reports. Porteføljen
er modelleret efter *Fællesoffentlig porteføljestyregruppe for telemedicin til borgere med KOL* (2016–2019):
fem landsdelsprogrammer udbreder telemedicin til borgere med KOL i alle 98 kommuner. Kommunernes og
regionernes navne og koder er rigtige og bruges kun som geografi; alle tal, datoer, statusvurderinger,
milepæle, risici, personer og beslutninger er opfundet og siger intet om de rigtige programmer eller kommuner.
Status og milepæle går til og med mødet {today}; indikatorværdierne til og med 4. kvartal 2019.
Bevidste datakvalitetstilfælde: Landsdelsprogram Sjælland mangler status til mødet {missing}, og
Landsdelsprogram Nordjylland har ikke rapporteret økonomi til mødet {blank}.
Genskab filerne med `python -m dap_reports.demo_kol`.

**English:** All data in this folder are SYNTHETIC, invented to demonstrate dap-reports. The portfolio is
modelled on the joint public portfolio steering group for telemedicine for citizens with COPD (KOL),
2016–2019: five regional programmes roll telemedicine out to all 98 municipalities. Municipality and
region names and codes are real and used only for geography; every figure, date, status, milestone,
risk, person and decision is invented and says nothing about the real programmes or municipalities.
Status and milestones run to the meeting of {today}; indicator values to the fourth quarter of 2019.
Deliberate data-quality cases: Landsdelsprogram Sjælland has no status for the meeting of {missing}, and
Landsdelsprogram Nordjylland left economy unreported for the meeting of {blank}.
Regenerate the files with `python -m dap_reports.demo_kol`.
"""


def kol_config() -> config.PortfolioConfig:
    """Settings of the KOL workspace: quarterly meetings, so a status is stale only after 100 days."""
    return config.PortfolioConfig(
        name="Fællesoffentlig porteføljestyregruppe for telemedicin til borgere med KOL",
        reports_to="Styregruppen for den fællesoffentlige strategi for digital velfærd",
        programme_office="Programsekretariatet for telemedicin (KL og Danske Regioner)",
        meetings_per_year=4,
        invite_when_track={},
        synthetic=True,
        rules=config.Rules(stale_status_days=100),
    )


def write_kol(folder: Path = KOL_FOLDER, seed: int = KOL_SEED) -> None:
    """Write the KOL demo as ``<table>.csv`` files plus ``portfolio.yaml`` and ``README.md``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in generate_kol(seed).items():
        frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n", encoding="utf-8")
    (folder / config.CONFIG_FILE).write_text(config.dump_config(kol_config()), encoding="utf-8", newline="\n")
    readme = README.format(today=_iso(KOL_TODAY), missing=_iso(MISSING_STATUS[1]), blank=_iso(BLANK_RAG[1]))
    (folder / "README.md").write_text(readme, encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m dap_reports.demo_kol", description="Regenerate the synthetic KOL telemedicine rollout demo."
    )
    parser.add_argument("--out", type=Path, default=KOL_FOLDER, help=f"target folder (default {KOL_FOLDER})")
    parser.add_argument("--seed", type=int, default=KOL_SEED)
    args = parser.parse_args(argv)
    write_kol(args.out, args.seed)
    print(f"Synthetic KOL demo data written to {args.out}")


if __name__ == "__main__":
    main()
