"""Small DataFrame helpers every report kind uses to hand templates plain Python values.

pandas marks a missing value as NaN, NaT or ``pd.NA`` depending on the column; templates and
tests want ``None``. These helpers make that one rule.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...contract.parsing import is_blank


def clean(value):
    """NaN/NaT/pd.NA -> None, numpy scalars -> Python scalars: values a template can test with ``is None``."""
    if is_blank(value) and not isinstance(value, str):
        return None
    return value.item() if isinstance(value, np.generic) else value


def objects(values) -> list:
    return [clean(v) for v in values]


def object_column(values, index) -> pd.Series:
    """An object column keeping ``None`` as None (pandas 3 would infer a string dtype and turn None into NaN)."""
    return pd.Series(objects(values), index=index, dtype=object)


def nones(index: pd.Index) -> pd.Series:
    """A column of ``None`` (``pd.Series(None, dtype=object)`` holds NaN in pandas 3)."""
    return pd.Series([None] * len(index), index=index, dtype=object)


def known_flag(ok: pd.Series, value: pd.Series) -> pd.Series:
    """True/False where ``value`` is known, None where it is missing (object column, for templates)."""
    return pd.Series(
        [bool(o) if not is_blank(v) else None for o, v in zip(ok, value, strict=True)], index=ok.index, dtype=object
    )


def blank_text(values: pd.Series) -> pd.Series:
    """True where a text cell is empty (None, NaN or only whitespace)."""
    return values.isna() | values.astype("string").str.strip().eq("")


def timestamp(value) -> pd.Timestamp | None:
    return None if is_blank(value) else pd.Timestamp(value)
