"""Charts of the annual roll-up: which funding source pays for which project.

Each function takes the DataFrame its computation returns and gives a Figure in the house
style of :mod:`dap_reports.reports.common.style`.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ..common.formats import number
from ..common.style import ACCENT, FULL_WIDTH, GREEN, GREY, INK, RED, YELLOW, finish, new_figure, style_context, tint


def source_project_chart(matrix: pd.DataFrame, title: str) -> Figure:
    """Which funding source pays for which project: granted DKK per project, stacked by source.

    ``matrix`` has one row per project (index: project name) and one column per source.
    Sources are told apart by hatching as well as colour, and each segment of some size is
    labelled, so the chart reads in black and white.
    """
    frame = matrix.loc[matrix.sum(axis=1) > 0]
    frame = frame.loc[frame.sum(axis=1).sort_values().index]  # largest at the top
    palette = [ACCENT, tint(ACCENT, 0.45), YELLOW, GREEN, RED, GREY]
    hatches = ["", "//", "..", "xx", "\\\\", "++"]
    with style_context():
        fig = new_figure(FULL_WIDTH, max(3.0, 0.32 * len(frame) + 1.8), title)
        ax = fig.subplots()
        left = np.zeros(len(frame))
        for k, source in enumerate(frame.columns):
            values = frame[source].to_numpy(dtype=float) / 1e6
            ax.barh(
                np.arange(len(frame)),
                values,
                left=left,
                color=palette[k % len(palette)],
                hatch=hatches[k % len(hatches)],
                edgecolor=INK,
                linewidth=0.5,
                label=textwrap.fill(str(source), 40),
            )
            left += values
        for y, total in enumerate(left):
            ax.annotate(
                number(total, 2), (total, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=9
            )
        ax.set_yticks(np.arange(len(frame)), [textwrap.fill(str(n), 36) for n in frame.index])
        ax.tick_params(axis="y", length=0)
        ax.set_xlim(0, max(left.max(initial=0) * 1.15, 0.1))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: number(v, 1)))
        ax.grid(axis="x", color=GREY, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set(xlabel="Bevilget (mio. kr.)", ylabel="Projekt")
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=2, title="Finansieringskilde")
        return finish(fig)


# ------------------------------------------------------------------ RAG overview
