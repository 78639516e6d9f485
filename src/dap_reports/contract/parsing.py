"""Turning cell values into typed values: dates, numbers, enumerations, quarters.

Each parser takes one raw cell (a string from CSV, or whatever openpyxl returns) and
returns the typed value, ``None`` for a blank cell, or raises ``ValueError`` with a
message that says what was expected.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

from .schema import Enumeration

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_DANISH = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
_QUARTER = (
    re.compile(r"^(?P<y>\d{4})\s*-?\s*[QK](?P<q>[1-4])$", re.I),  # 2026-Q1, 2026Q1, 2026 K1
    re.compile(r"^[QK](?P<q>[1-4])\s*[- ]?\s*(?P<y>\d{4})$", re.I),  # Q1 2026, Q1-2026
    re.compile(r"^(?P<q>[1-4])\.\s*kvt\.?\s*(?P<y>\d{4})$", re.I),  # 1. kvt. 2026
)

DATE_EXPECTED = "a date such as 2026-03-11, 11-03-2026 or 11.03.2026"


def is_blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def parse_text(value: object) -> str | None:
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        # Excel stores codes typed as numbers (e.g. municipality 101) as floats.
        return str(int(value))
    return str(value).strip()


def parse_date(value: object) -> pd.Timestamp | None:
    if is_blank(value):
        return None
    if isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
        return pd.Timestamp(value).normalize()
    text = str(value).strip()
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DANISH.match(text)
        if not match:
            raise ValueError(f"not a date; expected {DATE_EXPECTED}")
        day, month, year = (int(g) for g in match.groups())
    try:
        return pd.Timestamp(dt.date(year, month, day))
    except ValueError:
        raise ValueError(f"no such date in the calendar; expected {DATE_EXPECTED}") from None


def _number_text(text: str) -> str:
    text = text.strip().lower().removesuffix("kr.").removesuffix("kr").removesuffix("dkk").strip()
    text = text.replace("\u00a0", "").replace(" ", "")
    if "," in text and "." in text:
        # Danish thousands separators with decimal comma: 1.500.000,50
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        text = text.replace(",", ".")
    return text


def parse_number(value: object) -> float | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, (int, float)):
        return float(value)
    try:
        number = float(_number_text(str(value)))
    except ValueError:
        raise ValueError("not a number; write digits only, e.g. 1500000 or 12,5") from None
    if math.isnan(number) or math.isinf(number):
        raise ValueError("not a number")
    return number


def parse_int(value: object) -> int | None:
    number = parse_number(value) if not isinstance(value, str) else None
    if isinstance(value, str):
        if is_blank(value):
            return None
        try:
            number = float(_number_text(value))
        except ValueError:
            raise ValueError("not a whole number; write digits only, e.g. 30") from None
    if number is None:
        return None
    if not float(number).is_integer():
        raise ValueError("not a whole number; write digits only, e.g. 30")
    return int(number)


def parse_enum(value: object, enumeration: Enumeration) -> str | None:
    if is_blank(value):
        return None
    label = str(value).strip().lower()
    canonical = enumeration.lookup().get(label)
    if canonical is None:
        raise ValueError(f"not one of the allowed values: {enumeration.describe()}")
    return canonical


def parse_period(value: object) -> str | None:
    """A quarter, normalised to ``2026-Q1``."""
    if is_blank(value):
        return None
    if isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
        ts = pd.Timestamp(value)
        return f"{ts.year}-Q{ts.quarter}"
    text = str(value).strip()
    for pattern in _QUARTER:
        match = pattern.match(text)
        if match:
            return f"{match['y']}-Q{match['q']}"
    try:
        ts = parse_date(text)
    except ValueError:
        raise ValueError("not a quarter; expected e.g. 2026-Q1, Q1 2026 or a date inside the quarter") from None
    assert ts is not None  # text is not blank, so parse_date returned a date or raised
    return f"{ts.year}-Q{ts.quarter}"


def parse_meeting_date(value: object) -> pd.Timestamp:
    """A meeting id given on the command line or in a parameter file.

    Meeting ids are dates and nothing else: anything that is not a plain date (a path,
    ``../``, a glob) is refused here, before any file name is built from it.
    """
    text = str(value).strip()
    if not (_ISO.match(text) or _DANISH.match(text)) and not isinstance(value, (dt.date, pd.Timestamp)):
        raise ValueError(f"{text!r} is not a meeting date; expected {DATE_EXPECTED}")
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(f"a meeting date is required; expected {DATE_EXPECTED}")
    return parsed
