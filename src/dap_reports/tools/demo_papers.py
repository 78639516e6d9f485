"""The papers' records in the synthetic demos: recommendations, decisions, exception reports, follow-up actions.

Shared by :mod:`.demo` and :mod:`.demo_kol`. Each demo describes its items; this module words them the way
a Danish steering group's papers do (*Det indstilles, at styregruppen …*) and settles how each follow-up
action ended, deterministically from a seeded ``random.Random``: most are done by their due date, some
late, some still open after it (overdue), a few cancelled. Everything is invented.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

STANDARD = {  # decisions recorded for items whose outcome follows from their kind
    "status": "Styregruppen tog porteføljeoverblikket til efterretning.",
    "orientation": "Styregruppen tog orienteringen til efterretning.",
    "theme": "Styregruppen drøftede temaet og takkede for oplægget.",
}


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def settle(rng: random.Random, raised: date, due: date | None, today: date) -> tuple[str, str]:
    """(status, closed_date) of an action raised at ``raised``, as it stands ``today``.

    Due by today: done on time (about 65 %), done late (20 %), still open and overdue (12 %), cancelled (3 %).
    Due later: done early (30 %), else open. Without a due date: open. Closed dates lie between the meeting
    that raised the action and today.
    """
    span = (today - raised).days
    if due is None or span < 1:
        return "open", ""
    u = rng.random()
    if due <= today:
        if u < 0.12:
            return "open", ""
        if u < 0.15:
            return "cancelled", _iso(raised + timedelta(days=rng.randint(1, span)))
        if u < 0.35:
            return "done", _iso(min(today, due + timedelta(days=rng.randint(4, 45))))
        early = rng.randint(0, max(0, min(14, (due - raised).days - 1)))
        return "done", _iso(max(raised + timedelta(days=1), due - timedelta(days=early)))
    if u < 0.3:
        return "done", _iso(raised + timedelta(days=rng.randint(1, span)))
    return "open", ""


def action_row(
    action_id: str,
    meeting: date,
    project_id: str,
    text: str,
    owner_org: str,
    owner_person: str,
    due: date | None,
    status: tuple[str, str],
    note: str = "",
) -> dict:
    return {
        "action_id": action_id,
        "meeting_date": _iso(meeting),
        "project_id": project_id,
        "text": text,
        "owner_org": owner_org,
        "owner_person": owner_person,
        "due_date": _iso(due),
        "status": status[0],
        "closed_date": status[1],
        "note": note,
    }


def recommend(verb: str, what: str) -> str:
    """'Det indstilles, at styregruppen godkender ændringsanmodningen.'"""
    return f"Det indstilles, at styregruppen {verb} {what}."


def decided(verb: str, what: str, rest: str = "") -> str:
    """'Styregruppen godkendte ændringsanmodningen.' (with ``rest`` appended as a further sentence)."""
    return f"Styregruppen {verb} {what}." + (f" {rest}" if rest else "")


def exception_texts(arch: str, slip: int, overrun_pct: float, tol_days: int, tol_pct: int, new_plan: bool) -> dict:
    """Cause, consequences, options and recommendation of an exception report (PRINCE2's exception report)."""
    causes = {
        "slipping": "Integrationen til lægesystemerne er mere kompleks end forudsat, og leverandøren mangler "
        "udviklere.",
        "recovering": "Pilotklinikkerne kom senere i gang end planlagt på grund af travlhed i praksis.",
        "overspend": "Udrulningen kræver mere support og undervisning i klinikkerne end budgetteret.",
        "minor_slip": "Afhængigheden af en national komponent har forsinket testen.",
        "steady": "Et krav fra den nationale sikkerhedsgodkendelse har forsinket arbejdet.",
        "green_but_late": "Udviklingen er forsinket.",
    }
    parts = []
    if slip > tol_days:
        parts.append(f"forventet slutdato {slip} dage efter baseline (tolerance {tol_days} dage)")
    if overrun_pct > tol_pct:
        parts.append(f"forventet merforbrug {overrun_pct:.0f} % (tolerance {tol_pct} %)".replace(".", ","))
    consequences = ("Uden tiltag: " + " og ".join(parts) + ".") if parts else "Leverancen forsinkes."
    options = (
        "1) Tilbage til planen med ekstra ressourcer; 2) ny plan med senere slutdato og nyt budget; "
        "3) reduceret omfang i første version; 4) lukning af projektet."
    )
    recommendation = (
        "Ny plan (mulighed 2): projektet fremlægger en ny baseline på næste møde."
        if new_plan
        else "Tilbage til planen (mulighed 1): ekstra ressourcer inden for den samlede ramme."
    )
    return {
        "cause": causes.get(arch, causes["steady"]),
        "consequences": consequences,
        "options": options,
        "recommendation": recommendation,
    }


__all__ = ["STANDARD", "action_row", "decided", "exception_texts", "recommend", "settle"]
