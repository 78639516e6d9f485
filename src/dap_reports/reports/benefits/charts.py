"""Charts of benefits realisation: how far each benefit has come against the plan, and the money per year.

Each function takes the DataFrame its computation returns and gives a Figure in the house
style of :mod:`dap_reports.reports.common.style`.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from ..common.formats import number
from ..common.style import (
    ACCENT,
    FULL_WIDTH,
    GREY,
    INK,
    RAG_COLOUR,
    RAG_EDGE,
    finish,
    new_figure,
    style_context,
    tint,
)

STATE_DA = {
    "on_track": "på sporet",
    "watch": "opmærksomhed",
    "behind": "bagud",
    "stale": "måling for gammel",
    "not_measured": "ikke målt",
    "not_started": "ikke startet",
}
_ORDER = {"behind": 0, "watch": 1, "stale": 2, "not_measured": 3, "on_track": 4}
# Behind and watch are hatched in opposite directions (with the word on every bar), not with the house style's
# dots for yellow: a dotted pattern is some 150 kB of SVG in every report that shows the chart.
HATCH = {"red": "///", "yellow": "\\\\\\", "green": ""}


def achievement_chart(frame: pd.DataFrame, title: str) -> Figure:
    """One bar per benefit: the share of the planned change realised (the bar) against the share the plan
    expected by the measurement (the black tick), coloured and named by the computed state.

    ``frame`` is :func:`..computations.assess` (or ``benefits_in_year``); benefits not started are left out.
    Furthest behind at the top, so the eye lands on what needs attention; the dashed line is the target.
    """
    rows = frame[frame["state"] != "not_started"].copy()
    if rows.empty:
        raise ValueError("achievement_chart needs a benefit whose realisation has started; check first")
    rows["_order"] = rows["state"].map(_ORDER)
    rows = rows.sort_values(["_order", "shortfall_pp"], ascending=[True, False], na_position="last")
    achieved = rows["achievement"].to_numpy(dtype=float) * 100
    expected = rows["expected_at_measurement"].to_numpy(dtype=float) * 100
    shown = np.clip(np.nan_to_num(achieved), 0, 130)
    xmax = 175.0  # room right of the target line for the value labels
    with style_context():
        fig = new_figure(FULL_WIDTH, 0.48 * len(rows) + 1.7, title)
        ax = fig.subplots()
        pos = np.arange(len(rows))[::-1]
        for y, value, state, exp, real in zip(pos, shown, rows["state"], expected, achieved, strict=True):
            rag = {"on_track": "green", "watch": "yellow", "behind": "red"}.get(state)
            judged = rag is not None  # a current measurement since the start: bar, tick and both shares
            if rag is not None:
                ax.barh(
                    y,
                    value,
                    0.62,
                    color=tint(RAG_COLOUR[rag], 0.55),
                    edgecolor=RAG_EDGE[rag],
                    linewidth=0.9,
                    hatch=HATCH[rag],
                )
                ax.plot([exp, exp], [y - 0.42, y + 0.42], color=INK, linewidth=2.4, solid_capstyle="butt", zorder=4)
                label = f"{number(real, 0)} % – {STATE_DA[state]} (forventet {number(exp, 0)} %)"
            else:  # not measured since the start, or too long ago: said in words, no bar that could mislead
                label = STATE_DA[state]
            ax.annotate(
                label,
                (max(value, exp) if judged else 0.0, y),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=9,
                color=INK,
                zorder=5,
                # the target line passes behind the words, not through them
                bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"},
            )
        names = [
            textwrap.shorten(f"{p}: {t}", 62, placeholder="…") + (" (lukket)" if closed else "")
            for p, t, closed in zip(rows["project_name"], rows["title"], rows["project_closed"], strict=True)
        ]
        ax.set_yticks(pos, [textwrap.fill(n, 40) for n in names])
        ax.tick_params(axis="y", length=0)
        ax.axvline(100, color=INK, linestyle="--", linewidth=1.1, zorder=2)
        ax.text(100, 1.0, "Mål", transform=ax.get_xaxis_transform(), ha="center", va="bottom", fontsize=9.5)
        ax.set_xlim(0, xmax)
        ax.set_xticks([0, 25, 50, 75, 100, 125])
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f} %"))
        ax.grid(axis="x", color=GREY, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_xlabel("Realiseret andel af den planlagte forbedring (fra baseline til mål)")
        handles = [
            Patch(facecolor=tint(RAG_COLOUR["green"], 0.55), edgecolor=RAG_EDGE["green"], label="På sporet"),
            Patch(
                facecolor=tint(RAG_COLOUR["yellow"], 0.55),
                edgecolor=RAG_EDGE["yellow"],
                hatch=HATCH["yellow"],
                label="Opmærksomhed",
            ),
            Patch(
                facecolor=tint(RAG_COLOUR["red"], 0.55),
                edgecolor=RAG_EDGE["red"],
                hatch=HATCH["red"],
                label="Bagud",
            ),
            Line2D([], [], color=INK, linewidth=2.4, label="Forventet ved målingen"),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncol=4)
        return finish(fig)


def economic_by_year_chart(by_year: pd.DataFrame, title: str, year: int) -> Figure:
    """Planned against realised economic benefits in DKK per year at each year's end; years after ``year``
    only planned (light, hatched), so the road ahead shows without pretending anything is realised."""
    if by_year.empty:
        raise ValueError("economic_by_year_chart needs at least one year; check `by_year.empty` first")
    years = by_year["year"].astype(int).to_numpy()
    planned = by_year["planned_dkk_per_year"].to_numpy(dtype=float) / 1e6
    realised = by_year["realised_dkk_per_year"].to_numpy(dtype=float) / 1e6
    x = np.arange(len(years))
    with style_context():
        fig = new_figure(FULL_WIDTH * 0.62, 3.4, title)
        ax = fig.subplots()
        future = years > int(year)
        ax.bar(
            x - 0.2,
            planned,
            0.38,
            color=[tint(ACCENT, 0.2) if f else tint(ACCENT, 0.45) for f in future],
            edgecolor=ACCENT,
            hatch=["//" if f else "" for f in future],
            linewidth=0.8,
            label="Planlagt",
        )
        ax.bar(x + 0.2, np.nan_to_num(realised), 0.38, color=ACCENT, edgecolor=ACCENT, label="Realiseret")
        for k in range(len(years)):
            ax.annotate(
                number(planned[k], 1),
                (x[k] - 0.2, planned[k]),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                fontsize=9,
            )
            if not np.isnan(realised[k]):
                ax.annotate(
                    number(realised[k], 1),
                    (x[k] + 0.2, realised[k]),
                    xytext=(0, 3),
                    textcoords="offset points",
                    ha="center",
                    fontsize=9,
                    fontweight="bold",
                )
        ax.set_xticks(x, [str(y) + (" (plan)" if f else "") for y, f in zip(years, future, strict=True)])
        ax.set_ylim(0, max(np.nanmax(planned), np.nanmax(np.nan_to_num(realised))) * 1.2 or 1)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: number(v, 1)))
        ax.set_ylabel("Mio. kr. pr. år ved årets udgang")
        ax.grid(axis="y", color=GREY, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.legend(loc="upper left")
        return finish(fig)


__all__ = ["STATE_DA", "achievement_chart", "economic_by_year_chart"]
