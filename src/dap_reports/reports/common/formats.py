"""Every Danish number, money, percentage and date format the reports print, once.

Danish conventions: a point groups thousands (1.234.567), a comma marks decimals (12,5),
a space before ``%`` and ``kr.``; dates as 11-03-2026 or "11. marts 2026". A missing value
(``None``, NaN, NaT, ``pd.NA``) prints as an en dash, never as 0.
"""

from __future__ import annotations

import pandas as pd

from ...contract.parsing import is_blank

DASH = "–"
MONTHS_DA = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]
MONTHS_SHORT_DA = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def number(value, decimals: int = 0) -> str:
    """1234567.8 -> '1.234.568'; with ``decimals=1`` -> '1.234.567,8'."""
    if is_blank(value):
        return DASH
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def compact(value, max_decimals: int = 1) -> str:
    """At most ``max_decimals`` decimals, trailing zeros dropped: 12.0 -> '12', 20.645 -> '20,6'."""
    if is_blank(value):
        return DASH
    text = number(round(float(value), max_decimals), max_decimals)
    if max_decimals and "," in text:
        text = text.rstrip("0").rstrip(",")
    return "0" if text == "-0" else text


def measure(value) -> str:
    """An indicator value: whole numbers (and anything from 100 up) without decimals, else one decimal."""
    if is_blank(value):
        return DASH
    return number(value, 0 if float(value).is_integer() or abs(float(value)) >= 100 else 1)


def dkk(value, *, unit: bool = True) -> str:
    """1500000 -> '1.500.000 kr.'"""
    if is_blank(value):
        return DASH
    return number(value) + (" kr." if unit else "")


def mio(value, decimals: int = 1, *, unit: bool = True) -> str:
    """4500000 -> '4,5 mio. kr.'; with ``unit=False`` just '4,5' (chart labels)."""
    if is_blank(value):
        return DASH
    return number(float(value) / 1e6, decimals) + (" mio. kr." if unit else "")


def pct(value, decimals: int = 0) -> str:
    """12.5 -> '13 %' (or '12,5 %' with one decimal)."""
    if is_blank(value):
        return DASH
    return number(value, decimals) + " %"


def signed(value, unit: str = "") -> str:
    """A change with its sign: '+1.200 kr.', '-30 dage'."""
    if is_blank(value):
        return DASH
    text = number(value)
    if float(value) > 0 and not text.startswith("+"):
        text = "+" + text
    return f"{text} {unit}".strip()


def days(value) -> str:
    """A slip in days: '+30 dage', '-5 dage', '0 dage'."""
    if is_blank(value):
        return DASH
    return "0 dage" if round(float(value)) == 0 else signed(round(float(value)), "dage")


def date_da(value, long: bool = False) -> str:
    """'11-03-2026', or '11. marts 2026' with ``long``."""
    if is_blank(value):
        return DASH
    ts = pd.Timestamp(value)
    if long:
        return f"{ts.day}. {MONTHS_DA[ts.month - 1]} {ts.year}"
    return ts.strftime("%d-%m-%Y")


def quarter_da(period: str) -> str:
    """'2018-Q1' -> 'K1 2018' (kvartal)."""
    year, quarter = str(period).split("-Q")
    return f"K{quarter} {year}"


def danish_list(words) -> str:
    """['a', 'b', 'c'] -> 'a, b og c'."""
    words = [str(w) for w in words]
    return " og ".join(words) if len(words) <= 2 else ", ".join(words[:-1]) + " og " + words[-1]


def count_noun(count: int, singular: str, plural: str) -> str:
    """'1 møde', '3 møder'."""
    return f"{count} {singular if count == 1 else plural}"
