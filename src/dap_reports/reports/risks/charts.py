"""Charts of the risk report: the 5×5 risk matrix and risk exposure over time.

Each function takes the DataFrame its computation returns and gives a Figure in the house
style of :mod:`dap_reports.reports.common.style`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from ...contract.config import RiskRule
from ..common.style import (
    ACCENT,
    FULL_WIDTH,
    HALF_WIDTH,
    INK,
    MUTED,
    RAG_COLOUR,
    RAG_EDGE,
    RAG_HATCH,
    RAG_WORD,
    danish_date_formatter,
    datenums,
    finish,
    new_figure,
    style_context,
    tint,
)


def risk_heatmap(counts: pd.DataFrame, rule: RiskRule, title: str) -> Figure:
    """5×5 risk matrix: cells tinted by the rule's colour, the colour's word in a corner, count centred."""
    grid = counts.copy()
    grid.index = grid.index.astype(int)
    grid.columns = grid.columns.astype(int)
    grid = grid.reindex(index=[5, 4, 3, 2, 1], columns=[1, 2, 3, 4, 5], fill_value=0).fillna(0)
    with style_context():
        fig = new_figure(HALF_WIDTH, 5.3, title)
        ax = fig.subplots()
        for p in range(1, 6):
            for i in range(1, 6):
                rag = rule.colour(p, i)
                ax.add_patch(
                    Rectangle(
                        (i - 0.5, p - 0.5), 1, 1, facecolor=tint(RAG_COLOUR[rag], 0.4), edgecolor="white", linewidth=2
                    )
                )
                ax.text(i - 0.44, p + 0.44, RAG_WORD[rag].lower(), ha="left", va="top", fontsize=9, color=MUTED)
                n = int(grid.loc[p, i])
                label = ax.text(
                    i,
                    p - 0.04,
                    str(n) if n else "·",
                    ha="center",
                    va="center",
                    fontsize=15 if n else 13,
                    fontweight="bold" if n else "normal",
                    color=INK if n else MUTED,
                )
                label.set_gid(f"count-{p}-{i}")  # lets tests and callers find a cell's number
        ax.set(xlim=(0.5, 5.5), ylim=(0.5, 5.5), aspect="equal", xticks=range(1, 6), yticks=range(1, 6))
        ax.tick_params(length=0)
        ax.spines[["left", "bottom"]].set_visible(False)
        ax.set(xlabel="Konsekvens (1–5)", ylabel="Sandsynlighed (1–5)")
        return finish(fig)


# ------------------------------------------------------------------ risk exposure over time


def _bar_width(x: np.ndarray) -> float:
    """Bars 60 % of the shortest gap between meetings (in days); 20 days when there is one meeting."""
    gaps = np.diff(np.sort(x))
    gaps = gaps[gaps > 0]
    return 0.6 * gaps.min() if len(gaps) else 20.0


def _spaced_ticks(x: np.ndarray, min_gap: float) -> list[float]:
    """Meeting dates far enough apart for their labels not to touch, always keeping the latest."""
    kept: list[float] = []
    for value in sorted(set(x[~np.isnan(x)]), reverse=True):
        if not kept or kept[-1] - value >= min_gap:
            kept.append(value)
    return kept[::-1]


def exposure_chart(exposure: pd.DataFrame, title: str) -> Figure:
    """Total risk score per meeting as a line (left axis) over stacked red/yellow/green counts (right axis)."""
    if exposure.empty:  # nothing to scale the axes by; callers show a sentence instead
        raise ValueError("exposure_chart needs at least one meeting; check `exposure.empty` first")
    frame = exposure.sort_values("meeting_date")
    x = datenums(frame["meeting_date"])
    with style_context():
        fig = new_figure(FULL_WIDTH, 4.4, title)
        ax = fig.subplots()
        bars_ax = ax.twinx()
        # The line's axes must sit above the bars' axes, or the bars would hide the line.
        ax.set_zorder(bars_ax.get_zorder() + 1)
        ax.patch.set_visible(False)
        width = _bar_width(x)
        bottom = np.zeros(len(frame))
        handles = []
        for rag, word in (("red", "Røde risici"), ("yellow", "Gule risici"), ("green", "Grønne risici")):
            values = frame[rag].fillna(0).to_numpy(dtype=float)
            handles.append(
                bars_ax.bar(
                    x,
                    values,
                    width,
                    bottom=bottom,
                    label=word,
                    color=tint(RAG_COLOUR[rag], 0.45),
                    edgecolor=RAG_EDGE[rag],
                    linewidth=0.8,
                    hatch=RAG_HATCH[rag],
                )
            )
            bottom += values
        total = frame["total_score"].fillna(0).to_numpy(dtype=float)
        (line,) = ax.plot(
            x,
            total,
            color=ACCENT,
            linewidth=2.2,
            marker="o",
            markersize=6,
            markerfacecolor="white",
            markeredgewidth=2,
            label="Samlet eksponering (sum af score)",
        )
        ax.annotate(
            f"{total[-1]:.0f}",
            (x[-1], total[-1]),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=10.5,
            fontweight="bold",
            color=ACCENT,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"},
        )
        # Headroom above both series so the end label and the bars never collide with the frame.
        ax.set_ylim(0, max(total.max(), 1) * 1.25)
        bars_ax.set_ylim(0, max(bottom.max(), 1) * 1.6)
        bars_ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        bars_ax.spines["right"].set_visible(True)
        ax.set_ylabel("Samlet risikoeksponering (sum af score)", color=ACCENT)
        bars_ax.set_ylabel("Antal åbne risici")
        ax.set_xlabel("Møde")
        pad = max(width, 30.0) if len(x) > 1 else 90.0  # one meeting: a slim bar, not a slab
        ax.set_xlim(x.min() - pad, x.max() + pad)
        ax.set_xticks(_spaced_ticks(x, min_gap=(x.max() - x.min() + 2 * pad) / 10))
        ax.set_xticks(x, minor=True)  # every meeting keeps a tick mark, labelled or not
        ax.xaxis.set_major_formatter(danish_date_formatter())
        fig.legend(handles=[line, *handles], loc="outside lower center", ncol=4)
        return finish(fig)


# ------------------------------------------------------------------ milestones
