"""The charts' house style: colours, fonts, figure sizes and Danish date axes.

Every report kind's ``charts.py`` builds its figures with :func:`new_figure` inside
:func:`style_context` and ends with :func:`finish`. Figures use the object API on an Agg
canvas, so nothing is registered in pyplot and no figure is left open; embed one with
:func:`dap_reports.reports.common.html.figure_html`, which also carries the caller's alt text.

Conventions: Danish titles, labels and dates; fonts of at least 9 pt at the figure's own
size (full width 10 in, half width 5.5 in); RAG colours from ``report.css``, always paired
with a word, a marker shape or a hatch so nothing relies on red vs green alone.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path
from matplotlib.ticker import FuncFormatter

from .formats import MONTHS_SHORT_DA

if TYPE_CHECKING:  # matplotlib.typing.RcKeyType is newer than the oldest matplotlib supported
    from matplotlib.typing import RcKeyType

RED, YELLOW, GREEN, GREY = "#b71c1c", "#f4c430", "#1b6e34", "#d6d9de"
ACCENT, INK, MUTED, BAND = "#0b4f8a", "#1d232b", "#4a5563", "#f3f5f8"
RAG_COLOUR = {"green": GREEN, "yellow": YELLOW, "red": RED, None: GREY}
RAG_WORD = {"green": "Grøn", "yellow": "Gul", "red": "Rød", None: "Ikke rapporteret"}
# Hatches back up the colours for colour-blind readers and black-and-white print.
RAG_HATCH = {"red": "///", "yellow": "...", "green": ""}
RAG_EDGE = {"red": RED, "yellow": "#8a6d00", "green": GREEN}  # darker yellow so its dots show
FULL_WIDTH, HALF_WIDTH = 10.0, 5.5
TICK_PT = 9.5

_RC: dict[RcKeyType, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # ships with matplotlib; has æøå – ·
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 9.5,
    "xtick.labelsize": TICK_PT,
    "ytick.labelsize": TICK_PT,
    "figure.titlesize": 12.5,
    "figure.titleweight": "bold",
    "text.color": INK,
    "axes.labelcolor": INK,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "axes.edgecolor": MUTED,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "hatch.linewidth": 0.8,
}


def style_context():
    """The shared look as an rc context, so importing this module changes no global state."""
    return matplotlib.rc_context(_RC)


class StyledFigure(Figure):
    """A figure that draws itself in the house style wherever it is drawn: saved by
    :func:`~dap_reports.reports.common.html.figure_html`, shown inline in JupyterLab, or written to a
    file by an analyst. Ticks and other parts matplotlib creates lazily at drawing time get the
    style too, so a figure needs no extra drawing inside :func:`style_context` to keep its look."""

    def draw(self, renderer):
        with style_context():
            return super().draw(renderer)


def new_figure(width: float, height: float, title: str) -> Figure:
    fig = StyledFigure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)  # Agg whatever backend the notebook uses; savefig still picks SVG/PDF by format
    # Wrap long titles so they never run off a half-width figure (≈ characters per inch at 12.5 pt).
    fig.suptitle(textwrap.fill(str(title), width=max(20, int(width * 9.5))), x=0.01, ha="left")
    return fig


def finish(fig: Figure) -> Figure:
    """Fix tick fonts and merge hatches on every axes. Nothing is drawn here: a figure is drawn
    once, when it is saved (drawing costs more than anything else in a chart), and
    :class:`StyledFigure` draws in the house style wherever that happens."""
    for ax in fig.axes:
        ax.tick_params(labelsize=TICK_PT)
        merge_hatches(ax)
    return fig


def merge_hatches(ax) -> None:
    """Fill and hatch an axes' hatched bars as one shape per look instead of one per bar.

    The look is the same — the hatch lines lie where they lay, since an SVG hatch pattern is
    anchored to the figure, not to the bar, and each bar keeps its edge on top — but a PDF renderer
    (WeasyPrint) draws a pattern anew for every shape filled with it: the risk report's exposure
    chart took seconds to print with a hatched shape per bar. The merged shape uses the very pattern
    of the legend's sample (same hatch, fill and colour), so the SVG defines it once.
    """
    groups: dict[tuple, list[Rectangle]] = {}
    for patch in ax.patches:
        if (
            isinstance(patch, Rectangle)
            and patch.get_hatch()
            and patch.get_visible()
            and patch.get_fill()
            and patch.get_data_transform() is ax.transData
        ):
            key = (
                patch.get_hatch(),
                tuple(patch.get_facecolor()),
                _hatch_colour(patch),
                getattr(patch, "get_hatch_linewidth", lambda: None)(),
                patch.get_zorder(),
                patch.get_clip_on(),
            )
            groups.setdefault(key, []).append(patch)
    for (hatch, face, colour, hatch_width, zorder, clip_on), patches in groups.items():
        shape = Path.make_compound_path(*(p.get_patch_transform().transform_path(p.get_path()) for p in patches))
        # Just below the bars, whose edges (now over no fill of their own) are drawn on top of it.
        merged = PathPatch(shape, facecolor=face, edgecolor=colour, linewidth=0, hatch=hatch, zorder=zorder - 1e-6)
        if hasattr(merged, "set_hatchcolor"):  # matplotlib >= 3.10; before, the hatch takes the edge colour
            merged.set_hatchcolor(colour)
        if hatch_width is not None:
            merged.set_hatch_linewidth(hatch_width)
        merged.set_clip_on(clip_on)
        for patch in patches:
            patch.set_hatch("")
            patch.set_facecolor("none")
        ax.add_artist(merged)  # clipped to the axes like the bars; the data limits stay as they are


def _hatch_colour(patch: Patch) -> tuple:
    if hasattr(patch, "get_hatchcolor"):
        return tuple(patch.get_hatchcolor())
    return tuple(patch._hatch_color)  # type: ignore[attr-defined]  # matplotlib < 3.10: the edge colour


def tint(colour: str, strength: float) -> tuple[float, float, float]:
    """Mix a colour with white; light tints keep dark text readable on top."""
    r, g, b = (1 - strength * (1 - c) for c in to_rgb(colour))
    return r, g, b


def datenums(values) -> np.ndarray:
    """Dates as matplotlib day numbers (NaT -> nan), independent of pandas' unit converters."""
    stamps = pd.to_datetime(pd.Series(values, dtype="object"), errors="coerce")
    return np.array([np.nan if pd.isna(t) else mdates.date2num(t.to_pydatetime()) for t in stamps], dtype=float)


def danish_date_formatter(with_day: bool = False) -> FuncFormatter:
    """Tick formatter for date axes: 'mar 2026' (or '11. mar 2026' with ``with_day``)."""

    def fmt(x, _pos=None) -> str:
        d = mdates.num2date(x)
        month = f"{MONTHS_SHORT_DA[d.month - 1]} {d.year}"
        return f"{d.day}. {month}" if with_day else month

    return FuncFormatter(fmt)


# ------------------------------------------------------------------ risk matrix
