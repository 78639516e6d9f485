"""Answers to a portfolio's questions, remembered while the portfolio is unchanged.

A report asks some questions many times: the status report builds the status table for five of
its sections and assesses the benefits for three, the risk report the open risks at a meeting for
every table and chart. These are pure functions of the portfolio and the date, so
:func:`per_portfolio` remembers each answer:

* per portfolio *object* (held weakly, so a portfolio that goes away takes its answers with it; a
  new object — a copy, ``as_known_at(p, D)``, a public version — has its own answers), and per date;
* only while the portfolio holds the same tables, settings and attached snapshots (replacing a table
  or attaching an issued snapshot asks again);
* each caller gets its own copy, so changing an answer changes nothing for the next caller;
* only while a report is being made (``dap-reports`` sets ``DAP_REPORTS_REPORT_RUN=1`` in the report's
  process), where nothing changes the portfolio once it is loaded. An analyst exploring in JupyterLab
  may change a table or a rule in place (``p.config.rules.benefits.follow_up_months = 2``), which an
  answer remembered by the portfolio's identity would not see: there every question is computed.
"""

from __future__ import annotations

import functools
import os
import weakref
from collections.abc import Callable
from typing import TypeVar

from ...contract.portfolio import Portfolio, as_date
from ...errors import ParameterError

Answer = TypeVar("Answer")

REPORT_RUN_ENV = "DAP_REPORTS_REPORT_RUN"  # "1" in the process of a report being made (see the module)


def _state(p: Portfolio) -> tuple:
    return (
        tuple((name, id(table)) for name, table in p.tables.items()),
        id(p.config),
        tuple((date, id(shown)) for date, shown in p.shown.items()),
    )


def _key(value):
    """A question's argument as the memory's key: a year (int) or None as it is, a date as a Timestamp."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return as_date(value)


def per_portfolio(function: Callable[..., Answer]) -> Callable[..., Answer]:
    """Remember ``function(p, date)``'s answer (a DataFrame) per portfolio and date — or per the years and
    dates after the portfolio, ``function(p, year, date)`` — see the module."""
    answers: dict[tuple, tuple] = {}

    @functools.wraps(function)
    def remembered(p: Portfolio, *args, **keywords):
        if keywords or os.environ.get(REPORT_RUN_ENV) != "1":  # by name (reports ask by position), or exploring
            return function(p, *args, **keywords)
        try:
            key = (id(p), *(_key(a) for a in args))
        except ParameterError:
            return function(p, *args)  # which says what is wrong with the date
        state = _state(p)
        found = answers.get(key)
        if found is not None and found[0]() is p and found[1] == state:
            return found[2].copy()
        answer = function(p, *args)

        def gone(_ref, key=key) -> None:
            answers.pop(key, None)

        answers[key] = (weakref.ref(p, gone), state, answer)
        return answer.copy()  # type: ignore[attr-defined]

    remembered.forget = answers.clear  # type: ignore[attr-defined]
    return remembered
