"""Charts of a rollout portfolio's indicators: small multiples per area and progress by region.

Each function takes the DataFrame its computation returns and gives a Figure in the house
style of :mod:`dap_reports.reports.common.style`.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ...contract.parsing import is_blank
from ..common.formats import measure, number, quarter_da
from ..common.style import ACCENT, FULL_WIDTH, GREY, INK, RED, finish, new_figure, style_context, tint


def indicator_small_multiples(series: pd.DataFrame, title: str, target_by_area: dict | None = None) -> Figure:
    """One small panel per area (landsdelsprogram) with the indicator per quarter, on a shared y axis.

    ``series`` is long format (period, area_id, area_name, value), as from
    :func:`dap_reports.indicators.indicator_series`; ``target_by_area`` (area_id -> target) adds a
    dashed target line and its value to each panel. The latest value is written at the line's end.
    """
    if series.empty:  # nothing to scale the axes by; callers show a sentence instead
        raise ValueError("indicator_small_multiples needs values; check `series.empty` first")
    periods = sorted(series["period"].unique(), key=lambda q: (q[:4], q[-1]))
    x_of = {q: k for k, q in enumerate(periods)}
    # areas in the series' order within its latest quarter (sheet order), then any that stopped reporting
    areas = list(dict.fromkeys([*series.loc[series["period"] == periods[-1], "area_id"], *series["area_id"]]))
    names = dict(zip(series["area_id"], series["area_name"], strict=True))
    targets = {a: t for a, t in (target_by_area or {}).items() if a in names and not is_blank(t)}
    top = max([series["value"].max(), *targets.values()]) or 1.0
    ncols = min(3, len(areas))
    nrows = math.ceil(len(areas) / ncols)
    with style_context():
        fig = new_figure(FULL_WIDTH, 2.2 * nrows + 1.1, title)
        axes = np.atleast_1d(fig.subplots(nrows, ncols, sharex=True, sharey=True)).ravel()
        # The grid may have more panels than areas; the spare ones are hidden below.
        for ax, area in zip(axes, areas, strict=False):
            rows = series[series["area_id"] == area].sort_values("period", key=lambda s: s.map(x_of))
            x, y = rows["period"].map(x_of).to_numpy(dtype=float), rows["value"].to_numpy(dtype=float)
            ax.fill_between(x, y, color=tint(ACCENT, 0.15), linewidth=0)
            ax.plot(x, y, color=ACCENT, linewidth=2, marker="o", markersize=3.5)
            ax.annotate(
                measure(y[-1]),
                (x[-1], y[-1]),
                xytext=(0, 5),
                textcoords="offset points",
                ha="right",
                va="bottom",
                fontsize=9.5,
                fontweight="bold",
                color=ACCENT,
                zorder=6,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
            )
            if area in targets:
                ax.axhline(targets[area], color=INK, linestyle="--", linewidth=1.1)
                ax.text(
                    0.01,
                    targets[area],
                    f"Mål {measure(targets[area])}",
                    ha="left",
                    va="bottom",
                    fontsize=9,
                    color=INK,
                    transform=ax.get_yaxis_transform(),
                    zorder=5,
                    bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none"},
                )
            ax.set_title(textwrap.shorten(str(names[area]), 34, placeholder="…"), loc="left", fontsize=10.5)
            ax.grid(axis="y", color=GREY, linewidth=0.6)
            ax.set_axisbelow(True)
        for ax in axes[len(areas) :]:  # the empty slots of the last row
            ax.set_visible(False)
        # Label every quarter, every other or each first quarter, so labels never touch in a narrow panel.
        labelled = (
            list(range(len(periods)))
            if len(periods) <= 4
            else list(range(len(periods) - 1, -1, -2))[::-1]
            if len(periods) <= 8
            else [x_of[q] for q in periods if q.endswith("Q1")] or [0]
        )
        for ax in axes[: len(areas)]:
            ax.set_xticks(labelled, [quarter_da(periods[k]) for k in labelled])
            ax.set_xticks(range(len(periods)), minor=True)  # every quarter keeps a tick mark
            ax.tick_params(axis="x", labelbottom=True)  # also under panels above an empty slot
            ax.set_xlim(-0.5, len(periods) - 0.5)
        axes[0].set_ylim(0, top * 1.18)
        axes[0].yaxis.set_major_formatter(FuncFormatter(lambda v, _p: measure(v)))
        axes[0].yaxis.set_major_locator(MaxNLocator(nbins=4))
        return finish(fig)


def _share_panel(ax, frame: pd.DataFrame, labels: list[str], xmax: float) -> None:
    """Horizontal bars of share of target; laggards hatched and named 'efterslæb' in words."""
    pos = np.arange(len(frame))[::-1]  # first row on top
    share = frame["share_of_target_pct"].to_numpy(dtype=float)
    lag = frame["laggard"].fillna(False).astype(bool).to_numpy()
    ax.barh(
        pos,
        np.nan_to_num(share),
        0.66,
        color=[tint(RED if g else ACCENT, 0.35 if g else 0.6) for g in lag],
        edgecolor=[RED if g else ACCENT for g in lag],
        linewidth=0.8,
        hatch=["///" if g else "" for g in lag],
    )
    for yv, s, v, t, g in zip(pos, share, frame["value"], frame["target"], lag, strict=True):
        # a count's apportioned target is shown whole (0 af 78), a percentage's with its decimal (12,8 af 20)
        whole = not is_blank(v) and float(v).is_integer()
        shown = f"{number(v, 0) if whole else measure(v)} af {number(t, 0) if whole else measure(t)}"
        text = "ingen data" if is_blank(s) else f"{number(s, 0)} %  ({shown})"
        ax.annotate(
            text + ("  – efterslæb" if g else ""),
            (0 if is_blank(s) else s, yv),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
            color=RED if g else INK,
            fontweight="bold" if g else "normal",
            zorder=4,  # above the target line it may cross
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
        )
    ax.set_yticks(pos, labels)
    for tick, g in zip(ax.get_yticklabels(), lag, strict=True):
        if g:
            tick.set(color=RED, fontweight="bold")
    ax.axvline(100, color=INK, linestyle="--", linewidth=1.1, zorder=2)
    ax.text(100, 1.0, "Mål", transform=ax.get_xaxis_transform(), ha="center", va="bottom", fontsize=9.5)
    ax.set_xlim(0, xmax)
    ax.set_ylim(-0.6, len(frame) - 0.4)
    ax.tick_params(axis="y", length=0)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f} %"))
    ax.grid(axis="x", color=GREY, linewidth=0.6)
    ax.set_axisbelow(True)


def progress_by_region_chart(
    progress_df: pd.DataFrame, title: str, municipalities: pd.DataFrame | None = None, bottom: int = 10
) -> Figure:
    """Share of target per landsdelsprogram, optionally with the ``bottom`` municipalities furthest behind.

    ``progress_df`` (and ``municipalities``) come from :func:`dap_reports.indicators.progress_by_area`.
    The landsdelsprogram level plus the bottom ten municipalities reads better than 98 bars: the
    overview fits the page and the few municipalities that need attention are named, with their programme.
    Laggards are hatched, drawn in red and marked 'efterslæb'; the dashed line is the target (100 %).
    Any frame is drawn in full (the figure grows with its rows), so a whole municipality list also works.
    """
    if progress_df.empty:
        raise ValueError("progress_by_region_chart needs at least one area; check `progress_df.empty` first")
    with_worst = municipalities is not None and not municipalities.empty
    panels = [
        (
            progress_df,
            [str(n).removeprefix("Landsdelsprogram ") for n in progress_df["area_name"]],
            "Landsdelsprogrammer" if with_worst else None,
        )
    ]
    if municipalities is not None and with_worst:
        # furthest behind first; among equal shares (often 0 %) the largest shortfall matters most
        gap = municipalities["target"] - municipalities["value"]
        worst = (
            municipalities.assign(_gap=gap)
            .sort_values(
                ["share_of_target_pct", "_gap", "area_name"], ascending=[True, False, True], na_position="first"
            )
            .head(bottom)
        )
        worst = worst.iloc[::-1]  # keep the frame's best-first order: the furthest behind at the bottom
        labels = [
            f"{n} ({str(p).removeprefix('Landsdelsprogram ')})" if not is_blank(p) else str(n)
            for n, p in zip(worst["area_name"], worst["parent_name"], strict=True)
        ]
        panels.append((worst, labels, f"De {len(worst)} kommuner længst fra målet"))
    shares = pd.concat([f["share_of_target_pct"] for f, _l, _t in panels]).dropna()
    xmax = max(125.0, float(shares.max()) + 45 if len(shares) else 0.0)  # room for the value labels right of the bars
    rows = [len(f) for f, _l, _t in panels]
    with style_context():
        fig = new_figure(FULL_WIDTH, 0.34 * sum(rows) + 0.75 * len(panels) + 1.1, title)
        axes = np.atleast_1d(fig.subplots(len(panels), 1, height_ratios=[r + 1.2 for r in rows]))
        for ax, (frame, labels, heading) in zip(axes, panels, strict=True):
            _share_panel(ax, frame.reset_index(drop=True), labels, xmax)
            if heading:
                ax.set_title(heading, loc="left", fontsize=10.5, fontweight="bold", pad=16)
        engine = fig.get_layout_engine()
        assert isinstance(engine, ConstrainedLayoutEngine)  # new_figure lays figures out with "constrained"
        engine.set(hspace=0.06)  # keeps a panel's heading clear of the ticks above it
        axes[-1].set_xlabel("Andel af målet")
        return finish(fig)


# ------------------------------------------------------------------ annual wheel (årshjul)
