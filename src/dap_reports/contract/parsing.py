"""Turning cell values into typed values: dates, numbers, enumerations, quarters.

Each parser takes one raw cell (a string from CSV, or whatever openpyxl returns) and
returns the typed value, ``None`` for a blank cell, or raises ``ValueError`` with a
message that says what was expected.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal

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
_HEADER_GAPS = re.compile(r"[\s_\-]+")


def header_key(value: object) -> str:
    """A header or sheet name as matched against the data model: ' Project ID ' and 'project-id' → 'project_id'."""
    text = parse_text(value) or ""
    text = text.replace("\ufeff", "").replace("\u200b", "")  # a byte-order mark or zero-width space pasted in
    return _HEADER_GAPS.sub("_", text.strip().lower()).strip("_")


def is_blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def parse_text(value: object) -> str | None:
    if is_blank(value) or isinstance(value, FormulaWithoutValue):
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


# --------------------------------------------------------------------------------------
# Cells that are not plain values: Excel formulas and percentage formats
# --------------------------------------------------------------------------------------


class CellError(ValueError):
    """A cell that cannot be read: the message says why, ``fix`` what to do (blank = the column's example)."""

    def __init__(self, message: str, fix: str = "", code: str = "bad_value"):
        super().__init__(message)
        self.fix = fix
        self.code = code


@dataclass(frozen=True)
class PercentCell:
    """A number in a workbook cell formatted as a percentage: Excel stores 0.1 and shows "10 %"."""

    stored: float
    factor: int = 100  # 100 for each % in the number format (Excel's "0%%" shows 0.1 as 1000 %)

    @property
    def shown(self) -> float:
        """The number the analyst sees, converted exactly (0.1 → 10.0, never 10.000000000000002)."""
        shown = Decimal(repr(float(self.stored))) * self.factor
        # Excel shows at most 15 significant digits; beyond them is binary noise of the stored value.
        return float(format(shown, ".15g")) + 0.0

    def __str__(self) -> str:
        return f"{self.shown:g}".replace(".", ",") + " %"


@dataclass(frozen=True)
class FormulaWithoutValue:
    """A workbook cell holding a formula whose result was never computed (saved by a program, not by Excel).

    ``stale``: the formula has a stored result, but the program that saved the workbook asked Excel to
    recompute every formula on opening (``fullCalcOnLoad``), so the stored result may be out of date.
    """

    coordinate: str
    formula: str = ""
    stale: bool = False

    def __str__(self) -> str:
        return f"={self.formula}" if self.formula else "(formula)"


# Excel's error values as stored in a workbook, and as Danish Excel shows them (and writes them to CSV).
EXCEL_ERRORS = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#NUL!",
        "#DIVISION/0!",
        "#VÆRDI!",
        "#REFERENCE!",
        "#NAVN?",
        "#I/T",
        "#SPILD!",
        "#BEREGN!",
    }
)


def is_formula_error(value: object) -> bool:
    return isinstance(value, str) and "#" in value and value.strip().upper() in EXCEL_ERRORS


def check_cell(value: object) -> None:
    """Refuse, in any column, a formula without a computed value and a formula that gives an error."""
    if isinstance(value, FormulaWithoutValue):
        why = (
            "a value stored by a program that asked Excel to recompute it, so it may be out of date"
            if value.stale
            else "no computed value, so it would be read as blank"
        )
        raise CellError(
            f"cell {value.coordinate} holds a formula with {why}",
            "open the workbook in Excel and save it again (Excel then computes and stores every formula's value)",
            "formula_without_value",
        )
    if is_formula_error(value):
        code = str(value).strip().upper()
        raise CellError(
            f"the formula in this cell gives an error ({code})", "fix the formula (or type the value)", "formula_error"
        )


# --------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------
# A column holds an amount in kroner when its name ends in _dkk, a percentage when it ends in _pct.

_SIGNS = "+\u2212\u2013\\-"  # minus, plus, the typographic minus and the en dash Word puts in for a minus
_NUMBER = re.compile(
    rf"^(?P<sign1>[{_SIGNS}])?\s*(?P<pre>(?:kr\.?|dkk)(?=[\s{_SIGNS}0-9]))?\s*(?P<sign2>[{_SIGNS}])?\s*"
    r"(?P<core>[0-9](?:[0-9., ]*[0-9])?)(?P<exp>e[-+]?[0-9]{1,3})?\s*(?P<post>[^0-9]*)$"
)
_POST = re.compile(
    r"^(?P<nocents>[,.]-)?(?P<scale>mio\.?|mill\.?|mia\.?|mrd\.?|tusind|t\.?(?=kr|dkk))?"
    r"(?P<currency>kr\.?-?|kroner|dkk)?(?P<pct>%)?$"
)
_SCALES = {"mio": 10**6, "mill": 10**6, "mia": 10**9, "mrd": 10**9, "tusind": 10**3, "t": 10**3}
_FOREIGN = re.compile(r"€|\$|£|\beur\b|\busd\b|\bgbp\b|\bsek\b|\bnok\b")
_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2009": " "}  # no-break, narrow no-break and thin spaces
_SPACED = re.compile(r"[1-9][0-9]{0,2}(?: [0-9]{3})+(?:,[0-9]+|\.[0-9]{1,2}|\.[0-9]{4,})?")  # 1 500 000,50
_ONE_POINT_GROUP = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")  # 1.500: Danish thousands, or 1.5 with three decimals
_ONE_COMMA_GROUP = re.compile(r"[1-9][0-9]{0,2},[0-9]{3}")  # 1,500: Danish 1.5, or English thousands
_POINT_GROUPS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")  # 1.500.000
_COMMA_GROUPS = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")  # 1,500,000
_DANISH_NUMBER = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+,[0-9]+")  # 1.500.000,50
_ENGLISH_NUMBER = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+\.[0-9]+")  # 1,500,000.50
_DECIMAL = re.compile(r"[0-9]+(?:[.,][0-9]+)?")

NUMBER_EXAMPLE = "write digits with at most one decimal comma, e.g. 1500000 or 12,5"
WHOLE_EXAMPLE = "write digits only, e.g. 30"


def number_unit(column: str) -> str:
    """'money' for amounts in kroner (…_dkk), 'percent' for percentages (…_pct), else 'number'."""
    if column.endswith("_dkk"):
        return "money"
    if column.endswith("_pct"):
        return "percent"
    return "number"


@dataclass(frozen=True)
class _Reading:
    value: Decimal
    style: str  # plain, danish, english, point (a decimal point), ambiguous
    other: Decimal | None = None  # the other possible reading of an ambiguous number
    money: bool = False  # written with kr., DKK, ,- or a scale such as mio.
    percent: bool = False  # written with a % sign


def _malformed(text: str) -> CellError:
    return CellError(
        f"{text.strip()!r} is not a number in Danish (1.500.000,50) or English (1,500,000.50) notation: a point or "
        "comma either separates thousands (groups of three digits) or marks the decimals (once)"
    )


def _core(core: str, text: str) -> tuple[Decimal, str, Decimal | None]:
    """The digits with their separators → (value, style, other reading)."""
    if " " in core:
        if not _SPACED.fullmatch(core):
            raise _malformed(text)
        core = core.replace(" ", "")
        return Decimal(core.replace(",", ".")), "plain", None
    points, commas = core.count("."), core.count(",")
    if not points and not commas:
        return Decimal(core), "plain", None
    if points and commas:
        if core.rfind(",") > core.rfind(".") and _DANISH_NUMBER.fullmatch(core):
            return Decimal(core.replace(".", "").replace(",", ".")), "danish", None
        if core.rfind(".") > core.rfind(",") and _ENGLISH_NUMBER.fullmatch(core):
            return Decimal(core.replace(",", "")), "english", None
        raise _malformed(text)
    if points > 1 or commas > 1:
        if _POINT_GROUPS.fullmatch(core):
            return Decimal(core.replace(".", "")), "danish", None
        if _COMMA_GROUPS.fullmatch(core):
            return Decimal(core.replace(",", "")), "english", None
        raise _malformed(text)
    if _ONE_POINT_GROUP.fullmatch(core):  # Danish reading wins: a thousands point
        return Decimal(core.replace(".", "")), "ambiguous", Decimal(core)
    if _ONE_COMMA_GROUP.fullmatch(core):  # Danish reading wins: a decimal comma
        return Decimal(core.replace(",", ".")), "ambiguous", Decimal(core.replace(",", ""))
    if points:
        return Decimal(core), "point", None
    return Decimal(core.replace(",", ".")), "danish", None


def _read_text(text: str) -> _Reading:
    """Read a number written as text; CellError when it is not one."""
    cleaned = text.strip().lower()
    for space, plain in _SPACES.items():
        cleaned = cleaned.replace(space, plain)
    if cleaned.startswith("(") and cleaned.endswith(")"):
        raise CellError(f"{text.strip()!r} is not a number", "write a negative number with a minus sign, e.g. -1500")
    match = _NUMBER.match(cleaned)
    post = _POST.match(match["post"].replace(" ", "")) if match else None
    if not match or not post or (match["sign1"] and match["sign2"]):
        if _FOREIGN.search(cleaned):
            raise CellError(
                f"{text.strip()!r} is not in Danish kroner", "convert the amount to kroner and write the number only"
            )
        raise CellError(f"{text.strip()!r} is not a number")
    money = bool(match["pre"] or post["nocents"] or post["scale"] or post["currency"])
    if post["pct"] and money:
        raise _malformed(text)
    if match["pre"] and post["currency"]:
        raise CellError(f"{text.strip()!r} names the currency twice", "write the number only, e.g. 1500000")
    core = match["core"]
    if match["exp"]:
        if not _DECIMAL.fullmatch(core):
            raise _malformed(text)
        value, style, other = Decimal(core.replace(",", ".")).scaleb(int(match["exp"][1:])), "plain", None
    else:
        value, style, other = _core(core, text)
    if money and style == "ambiguous":
        style, other = "danish", None  # "1.500 kr." and "1.500,-" are written the Danish way
    scale = _SCALES[post["scale"].rstrip(".")] if post["scale"] else 1
    negative = (match["sign1"] or match["sign2"] or "+") != "+"
    value = value * scale * (-1 if negative else 1)
    other = None if other is None else other * scale * (-1 if negative else 1)
    return _Reading(value, style, other, money, bool(post["pct"]))


def uses_decimal_point(value: object) -> bool:
    """Text written the English way (0.125, 2.75, 1,500,000): evidence that 1.500 beside it may mean 1.5."""
    if not isinstance(value, str) or ("." not in value and value.count(",") < 2):
        return False
    try:
        return _read_text(value).style in ("point", "english")
    except CellError:
        return False


def is_ambiguous_number(value: object) -> bool:
    """1.500 or 1,500: a Danish and an English reading give different numbers."""
    if not isinstance(value, str):
        return False
    try:
        return _read_text(value).style == "ambiguous"
    except CellError:
        return False


def _show(value: Decimal) -> str:
    return f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"


WHOLE_LIMIT = 2**53  # beyond this a whole number is no longer exact in a workbook (nor in a float)


def _whole(number: float, reading: _Reading | None) -> int:
    if number.is_integer() and abs(number) > WHOLE_LIMIT:
        raise CellError("too large to be a whole number", WHOLE_EXAMPLE)
    if number.is_integer():
        return int(number)
    if reading is not None and reading.other is not None and reading.other == reading.other.to_integral_value():
        raise CellError(
            f"not a whole number: the comma in {_show(reading.value).replace('.', ',')} is read as a decimal comma",
            f"write {_show(reading.other)} without thousands separators",
        )
    raise CellError("not a whole number; write digits only, e.g. 30", WHOLE_EXAMPLE)


def _number(value: object, column: str, decimal_point_seen: str | None, whole: bool) -> float | int | None:
    if is_blank(value):
        return None
    check_cell(value)
    unit = number_unit(column)
    name = f"'{column}'" if column else "this column"
    hint = WHOLE_EXAMPLE if whole else NUMBER_EXAMPLE
    if isinstance(value, PercentCell):
        if whole or unit == "money":
            what = "an amount in kroner" if unit == "money" and not whole else "a whole number"
            raise CellError(
                f"the cell is formatted as a percentage (Excel shows {value}), but {name} holds {what}",
                "format the cell as a number (Talformat: Tal) and type the value again",
            )
        return value.shown
    if isinstance(value, bool):
        raise CellError("a TRUE/FALSE cell is not a number", hint)
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        raise CellError(
            "Excel shows a date or time here, not a number (Danish Excel turns e.g. 1.5 typed in a cell into 1 May)",
            "format the cell as a number (Talformat: Tal) and type the value again, e.g. 1,5",
        )
    reading: _Reading | None = None
    if isinstance(value, str):
        try:
            reading = _read_text(value)
        except CellError as exc:
            message = str(exc).replace("is not a number", "is not a whole number") if whole else str(exc)
            raise CellError(message, exc.fix or hint, exc.code) from None
        text = value.strip()
        if reading.money and unit != "money":
            raise CellError(f"{text!r} is written as an amount in kroner, but {name} is not an amount", hint)
        if reading.percent and (unit == "money" or whole):
            what = "an amount in kroner" if unit == "money" and not whole else "a whole number"
            raise CellError(f"{text!r} is a percentage, but {name} holds {what}", hint)
        if reading.style == "ambiguous" and decimal_point_seen is not None:
            assert reading.other is not None
            raise CellError(
                f"{text!r} can be read as {_show(reading.value)} (Danish notation) or as {_show(reading.other)} "
                f"(English notation, as {decimal_point_seen} in this column is written)",
                f"write {_show(reading.value)} or {_show(reading.other).replace('.', ',')} without thousands "
                "separators, and decimals with a comma throughout the column",
                "ambiguous_number",
            )
        number = float(reading.value) + 0.0  # + 0.0 turns -0 into 0
        if math.isinf(number):
            raise CellError(f"{text!r} is too large to be a number", hint)
    else:
        try:
            number = float(value)  # type: ignore[arg-type]  # int, float, Decimal, numpy numbers
        except (TypeError, ValueError):
            raise CellError("not a number", hint) from None
        if math.isnan(number) or math.isinf(number):
            raise CellError("not a number", hint)
    return _whole(number, reading) if whole else number


def parse_number(value: object, column: str = "", *, decimal_point_seen: str | None = None) -> float | None:
    """A decimal number as the analyst meant it; ``None`` for a blank; :class:`CellError` otherwise.

    ``column`` is the column's name: amounts in kroner (``…_dkk``) may carry kr., DKK, ,- and the
    scales mio. and t.kr.; other columns refuse them. ``decimal_point_seen`` names a cell of the same
    column written with a decimal point (e.g. "row 7 ('0.125')"): then 1.500 is ambiguous and refused.
    """
    number = _number(value, column, decimal_point_seen, whole=False)
    return None if number is None else float(number)


def parse_int(value: object, column: str = "", *, decimal_point_seen: str | None = None) -> int | None:
    """A whole number; percentages and amounts in kroner are refused."""
    number = _number(value, column, decimal_point_seen, whole=True)
    return None if number is None else int(number)


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
