"""The benefits part of ``collect``: a form's new benefit measurements checked against the portfolio.

A measurement is a fact with its own date, so it is matched one by one with what the portfolio holds
(sheet ``benefit_measurements``, one row per benefit and date):

* a measurement of a benefit that is not in the register (any more) is refused;
* one for a benefit and date the portfolio holds with another value is refused: the form would overwrite
  the register's history (the office corrects the portfolio if the form is right);
* one the portfolio holds with the same value is not added again, with a note: collecting a form twice
  adds nothing twice.

The checks that need only the form (a date and a value together, not after the meeting, once per benefit
and date) are made when it is read (:mod:`.read`).
"""

from __future__ import annotations

import math

import pandas as pd

from ..contract.portfolio import Portfolio
from ..contract.reading import ROW
from ..errors import ERROR, WARNING, Problem
from .layout import BENEFITS
from .read import FormAnswers, RowAnswer


def measurements(answers: FormAnswers) -> list[RowAnswer]:
    """The form's rows that report a measurement (a date and a value)."""
    return [
        r
        for r in answers.sections.get(BENEFITS.key, [])
        if r.values.get("measured_date") is not None and r.values.get("value") is not None
    ]


def _held(p: Portfolio) -> dict[tuple[str, pd.Timestamp], tuple[float, int]]:
    """The portfolio's measurements: (benefit, date) -> (value, spreadsheet row)."""
    frame = p.tables.get("benefit_measurements")
    if frame is None or frame.empty:
        return {}
    return {
        (str(b), pd.Timestamp(d)): (float(v), int(r))
        for b, d, v, r in zip(frame["benefit_id"], frame["measured_date"], frame["value"], frame[ROW], strict=True)
    }


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def _problem(answers: FormAnswers, severity: str, r: RowAnswer, value, message: str, fix: str, code: str) -> None:
    answers.problems.append(
        Problem(
            severity,
            answers.file,
            r.sheet,
            r.row,
            r.columns.get("measured_date"),
            value,
            message,
            fix,
            code,
            project_id=answers.project_id,
        )
    )


def check_measurements(answers: FormAnswers, p: Portfolio) -> None:
    """Refuse measurements of unknown benefits and ones that contradict the portfolio; note those it holds."""
    register = p.tables.get("benefits")
    known = set() if register is None else set(register["benefit_id"])
    held = _held(p)
    for r in measurements(answers):
        date, value = r.values["measured_date"], float(r.values["value"])  # type: ignore[arg-type]
        assert isinstance(date, pd.Timestamp)
        if r.key not in known:
            _problem(
                answers,
                ERROR,
                r,
                r.key,
                f"a measurement of {r.key}, which is not in the benefits register",
                "ask the programme office whether the benefit was renamed or removed; measurements go with a "
                "benefit in the register",
                "unknown_benefit",
            )
            continue
        found = held.get((r.key, date))
        if found is None:
            continue
        old, row = found
        if _same(old, value):
            _problem(
                answers,
                WARNING,
                r,
                f"{date:%Y-%m-%d}",
                f"the portfolio already holds this measurement of {r.key} (sheet benefit_measurements, row {row}); "
                "it is not added again",
                "nothing to do",
                "already_recorded",
            )
        else:
            _problem(
                answers,
                ERROR,
                r,
                f"{date:%Y-%m-%d}",
                f"the portfolio already holds a measurement of {r.key} dated {date:%Y-%m-%d} with the value {old:g} "
                f"(sheet benefit_measurements, row {row}); the form says {value:g}",
                "if the form is right, correct the portfolio's row first; a new measurement needs its own date",
                "measurement_conflict",
            )


def new_measurements(answers: FormAnswers, p: Portfolio) -> list[tuple[RowAnswer, dict]]:
    """The measurements to add to ``benefit_measurements`` (those the portfolio does not hold yet), with their rows."""
    held = _held(p)
    out = []
    for r in measurements(answers):
        date = r.values["measured_date"]
        assert isinstance(date, pd.Timestamp)
        if (r.key, date) in held:
            continue
        row = {"benefit_id": r.key, "measured_date": date, "value": r.values["value"]}
        row.update({k: r.values[k] for k in ("period", "note") if r.values.get(k) is not None})
        out.append((r, row))
    return out


__all__ = ["check_measurements", "measurements", "new_measurements"]
