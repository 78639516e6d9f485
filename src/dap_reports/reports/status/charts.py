"""Charts of the status report: overall RAG counts, milestone timeline, economy per source, dependency graph.

Each function takes the DataFrame its computation returns and gives a Figure in the house
style of :mod:`dap_reports.reports.common.style`.
"""

from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ...contract.parsing import is_blank
from ..common.formats import number
from ..common.style import (
    ACCENT,
    BAND,
    FULL_WIDTH,
    GREEN,
    GREY,
    HALF_WIDTH,
    INK,
    MUTED,
    RAG_COLOUR,
    RAG_WORD,
    RED,
    YELLOW,
    danish_date_formatter,
    datenums,
    finish,
    new_figure,
    style_context,
    tint,
)

# state -> (legend text, marker, fill, edge); shapes differ so colour is never the only cue.
MILESTONE_STYLE = {
    "met": ("Nået til tiden", "o", GREEN, GREEN),
    "late": ("Nået for sent", "D", YELLOW, INK),
    "missed": ("Ikke nået (overskredet)", "X", RED, RED),
    "upcoming": ("Kommende", "^", ACCENT, ACCENT),
    "upcoming_late": ("Kommende – forsinket", "v", YELLOW, RED),
    "future": ("Senere", "s", GREY, MUTED),
}


def _milestone_legend() -> list:
    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=7,
            markerfacecolor="white",
            markeredgecolor=MUTED,
            markeredgewidth=1.4,
            label="Baseline",
        )
    ]
    handles += [
        Line2D([], [], linestyle="none", marker=m, markersize=8, markerfacecolor=fc, markeredgecolor=ec, label=text)
        for text, m, fc, ec in MILESTONE_STYLE.values()
    ]
    handles.append(Line2D([], [], color=MUTED, linewidth=1.2, label="Forskydning fra baseline"))
    return handles


def milestone_timeline(timeline: pd.DataFrame, meeting_date, title: str) -> Figure:
    """One lane per project: hollow baseline, filled forecast/actual shaped by state, slip line between."""
    meeting = mdates.date2num(pd.Timestamp(meeting_date).to_pydatetime())
    frame = timeline.sort_values(["project_id", "baseline_date"]).reset_index(drop=True)
    projects = frame.drop_duplicates("project_id")[["project_id", "project_name"]]
    lane = {pid: len(projects) - 1 - k for k, pid in enumerate(projects["project_id"])}  # first project on top
    baseline, forecast, actual = (datenums(frame[c]) for c in ("baseline_date", "forecast_date", "actual_date"))
    shown = np.where(np.isnan(actual), np.where(np.isnan(forecast), baseline, forecast), actual)
    # Milestones of one project share a lane; a small stagger keeps neighbours from covering each other.
    stagger = np.array([0.0, 0.17, -0.17])[frame.groupby("project_id").cumcount().to_numpy() % 3]
    y = frame["project_id"].map(lane).to_numpy(dtype=float) + stagger
    with style_context():
        fig = new_figure(FULL_WIDTH, max(3.0, 0.35 * len(projects) + 1.9), title)
        ax = fig.subplots()
        for k in range(0, len(projects), 2):  # banded lanes guide the eye across the full width
            ax.axhspan(k - 0.5, k + 0.5, color=BAND, zorder=0, linewidth=0)
        slipped = ~np.isnan(baseline) & ~np.isnan(shown) & (baseline != shown)
        # Every slip line in one line, broken between milestones by NaN: one artist to lay out and draw.
        xs = np.column_stack([baseline[slipped], shown[slipped], np.full(slipped.sum(), np.nan)]).ravel()
        ys = np.column_stack([y[slipped], y[slipped], np.full(slipped.sum(), np.nan)]).ravel()
        ax.plot(xs, ys, color=MUTED, linewidth=1.2, zorder=2)
        ax.plot(
            baseline,
            y,
            linestyle="none",
            marker="o",
            markersize=7,
            markerfacecolor="white",
            markeredgecolor=MUTED,
            markeredgewidth=1.4,
            zorder=3,
        )
        states = frame["state"].where(frame["state"].isin(list(MILESTONE_STYLE)), "future").to_numpy()
        for state, (_text, marker, fill, edge) in MILESTONE_STYLE.items():
            pick = states == state
            if pick.any():
                ax.plot(
                    shown[pick],
                    y[pick],
                    linestyle="none",
                    marker=marker,
                    markersize=8,
                    markerfacecolor=fill,
                    markeredgecolor=edge,
                    markeredgewidth=1.2,
                    zorder=4,
                )
        ax.axvline(meeting, color=ACCENT, linestyle="--", linewidth=1.4, zorder=1)
        ax.text(
            meeting,
            1.0,
            " Mødet",
            transform=ax.get_xaxis_transform(),
            ha="left",
            va="bottom",
            color=ACCENT,
            fontsize=10,
            fontweight="bold",
        )
        ax.set_xlim(meeting - 183, meeting + 366)  # six months back, twelve ahead
        ax.set_ylim(-0.5, max(len(projects), 1) - 0.5)  # a meeting without milestones still draws
        ax.set_yticks(
            [lane[p] for p in projects["project_id"]],
            [textwrap.shorten(str(n), 40, placeholder="…") for n in projects["project_name"]],
        )
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 3, 5, 7, 9, 11)))
        ax.xaxis.set_major_formatter(danish_date_formatter())
        ax.set(xlabel="Dato", ylabel="Projekt")
        fig.legend(handles=_milestone_legend(), loc="outside lower center", ncol=4)
        return finish(fig)


# ------------------------------------------------------------------ economy


def _flagged(value) -> bool:
    """Overspend may arrive as a bool or as an amount (flag when > 0); missing means no."""
    if is_blank(value):
        return False
    try:
        return float(value) > 0
    except (TypeError, ValueError):
        return bool(value)


def economy_chart(by_source: pd.DataFrame, title: str) -> Figure:
    """Granted, spent and forecast per funding source, in millions DKK; overspending sources flagged '!'."""
    frame = by_source[by_source["source_id"].astype(str) != "TOTAL"].reset_index(drop=True)
    series = (
        ("granted_dkk", "Bevilget", tint(ACCENT, 0.25), ACCENT, ""),
        ("spent_dkk", "Forbrugt", ACCENT, ACCENT, ""),
        ("forecast_dkk", "Forventet forbrug", tint(ACCENT, 0.55), ACCENT, "//"),
    )
    n = len(frame)
    with style_context():
        fig = new_figure(FULL_WIDTH, max(2.8, 0.8 * n + 1.5), title)
        ax = fig.subplots()
        pos = np.arange(n)[::-1]  # first source on top
        height = 0.26
        peak = max(frame[[c for c, *_ in series]].fillna(0).to_numpy().max(initial=0) / 1e6, 0.1)
        for k, (column, label, fill, edge, hatch) in enumerate(series):
            values = frame[column].fillna(0).to_numpy(dtype=float) / 1e6
            ys = pos + (1 - k) * height
            ax.barh(ys, values, height * 0.92, color=fill, edgecolor=edge, linewidth=0.8, hatch=hatch, label=label)
            for yv, v in zip(ys, values, strict=True):
                # Two decimals: a small overspend (2,21 -> 2,25) must not round to equal numbers.
                ax.annotate(number(v, 2), (v, yv), xytext=(3, 0), textcoords="offset points", va="center", fontsize=9)
        over = [_flagged(v) for v in frame.get("overspend", pd.Series([False] * n))]
        for yv, v, flag in zip(pos, frame["forecast_dkk"].fillna(0) / 1e6, over, strict=True):
            if flag:  # said in words, next to the forecast bar, not only by colour
                ax.annotate(
                    "! overskridelse",
                    (v, yv - height),
                    xytext=(40, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=9.5,
                    fontweight="bold",
                    color=RED,
                )
        names = [
            ("! " if flag else "") + textwrap.fill(str(name), 34)
            for name, flag in zip(frame["source_name"], over, strict=True)
        ]
        ax.set_yticks(pos, names)
        for tick, flag in zip(ax.get_yticklabels(), over, strict=True):
            if flag:
                tick.set(color=RED, fontweight="bold")
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(-0.6, n - 0.4)
        ax.set_xlim(0, peak * 1.4)  # room for value labels and the overspend note
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: number(v, 1)))
        ax.grid(axis="x", color=GREY, linewidth=0.6)
        ax.set_axisbelow(True)  # grid behind the bars
        ax.set(xlabel="Beløb (mio. kr.)", ylabel="Finansieringskilde")
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=3)
        return finish(fig)


RAG_KEYS = ("green", "yellow", "red", "not_reported")


def _rag_counts(rag_counts: pd.DataFrame) -> dict[str, int]:
    """Counts keyed by RAG value, whether the values are the index or a column; missing keys count 0."""
    frame = rag_counts.reset_index()
    key_col = next(
        (c for c in frame.columns if c != "count" and frame[c].map(lambda v: is_blank(v) or v in RAG_KEYS).all()), None
    )
    keys = frame[key_col].map(lambda v: "not_reported" if is_blank(v) else v) if key_col else frame.iloc[:, 0]
    counts = dict.fromkeys(RAG_KEYS, 0)
    for key, value in zip(keys, frame["count"].fillna(0), strict=True):
        counts[key] = counts.get(key, 0) + int(value)
    return counts


def rag_overview_chart(rag_counts: pd.DataFrame, title: str) -> Figure:
    """Number of projects per overall status: one bar per colour, each named and counted."""
    counts = _rag_counts(rag_counts)
    rags = [None if k == "not_reported" else k for k in RAG_KEYS]
    values = [counts[k] for k in RAG_KEYS]
    with style_context():
        fig = new_figure(HALF_WIDTH, 2.9, title)
        ax = fig.subplots()
        pos = np.arange(len(RAG_KEYS))[::-1]
        ax.barh(
            pos,
            values,
            0.65,
            color=[RAG_COLOUR[r] for r in rags],
            linewidth=0.8,
            edgecolor=[RAG_COLOUR[r] if r in ("red", "green") else INK for r in rags],
        )
        top = max(max(values), 1)
        for yv, v in zip(pos, values, strict=True):
            ax.text(v + top * 0.02, yv, str(v), va="center", ha="left", fontsize=10.5, fontweight="bold")
        ax.set_yticks(pos, [RAG_WORD[r] for r in rags])
        ax.tick_params(axis="y", length=0)
        ax.set_xlim(0, top * 1.15)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set(xlabel="Antal projekter", ylabel="Samlet status")
        return finish(fig)


# ------------------------------------------------------------------ dependencies


def _layers(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Column per node: 0 for nodes that depend on nothing, else one right of its deepest dependency.

    Bounded by the node count, so a (mistaken) cycle still ends instead of looping.
    """
    layer = dict.fromkeys(nodes, 0)
    for _ in range(len(nodes)):
        changed = False
        for src, dst in edges:
            if layer[src] < layer[dst] + 1 <= len(nodes):
                layer[src], changed = layer[dst] + 1, True
        if not changed:
            break
    return layer


def _untangle(columns: list[list[str]], edges: list[tuple[str, str]], rows: int) -> None:
    """Reorder each column by the mean height of its neighbours (barycentre heuristic), in place.

    A few sweeps right and back remove most crossing arrows; ties keep id order, so it is deterministic.
    """
    neighbours: dict[str, list[str]] = {n: [] for column in columns for n in column}
    for src, dst in edges:
        neighbours[src].append(dst)
        neighbours[dst].append(src)
    height: dict[str, float] = {}

    def place(column: list[str]) -> None:
        for j, n in enumerate(column):
            height[n] = j + (rows - len(column)) / 2  # columns are drawn centred

    for column in columns:
        place(column)
    for sweep in range(4):
        order = columns[1:] if sweep % 2 == 0 else columns[-2::-1]
        for column in order:
            column.sort(key=lambda n: (np.mean([height[m] for m in neighbours[n]]) if neighbours[n] else height[n], n))
            place(column)


def dependency_graph(deps: pd.DataFrame, title: str) -> Figure | None:
    """Dependencies on the left, dependants to the right; arrows point from a project to what it needs."""
    if deps is None or deps.empty:
        return None
    name: dict[str, str] = {}
    status: dict[str, object] = {}  # overall RAG per node as in the frame, None when not reported
    external: dict[str, bool] = {}
    for row in deps.itertuples(index=False):
        pid, dep = str(row.project_id), str(row.depends_on)
        name.setdefault(pid, str(row.project_name))
        dep_name = getattr(row, "depends_on_name", None)
        name[dep] = dep if is_blank(dep_name) else str(dep_name)
        status[dep] = None if is_blank(row.depends_on_overall) else row.depends_on_overall
        external[dep] = bool(row.external) if not is_blank(row.external) else False
        if "project_overall" in deps.columns and not is_blank(row.project_overall):
            status.setdefault(pid, row.project_overall)  # optional: dependants' own status when supplied
    edges = list(dict.fromkeys(zip(deps["project_id"].astype(str), deps["depends_on"].astype(str), strict=True)))
    nodes = sorted(name, key=lambda n: (external.get(n, False) is False, n))
    layer = _layers(nodes, edges)
    columns = [[n for n in nodes if layer[n] == k] for k in range(max(layer.values()) + 1)]
    rows = max(len(c) for c in columns)
    _untangle(columns, edges, rows)
    with style_context():
        fig = new_figure(FULL_WIDTH, max(3.0, 0.62 * rows + 1.5), title)
        ax = fig.subplots()
        ax.set(xlim=(-0.5, len(columns) - 0.5), ylim=(-0.6, rows - 0.4))
        ax.set_axis_off()
        boxes = {}
        for k, column in enumerate(columns):
            for j, node in enumerate(column):
                boxes[node] = _node(ax, node, k, rows - 1 - j - (rows - len(column)) / 2, name, status, external)
        for src, dst in edges:
            if layer[src] > layer[dst]:
                # From the left side of the dependant's box to the right side of what it needs (a column or more
                # to the left), the box's padding left clear: no clipping at the boxes' outlines, which matplotlib
                # works out by bisecting the curve (a second for a big portfolio's 40 arrows).
                head, tail = (1.0, 0.5), (0.0, 0.5)
                clear: dict = {"shrinkA": _BOX_PAD_PT, "shrinkB": _BOX_PAD_PT}
            else:  # a (mistaken) cycle: an arrow between the boxes' centres, cut at their outlines
                head = tail = (0.5, 0.5)
                clear = {"patchA": boxes[src].get_bbox_patch(), "patchB": boxes[dst].get_bbox_patch()}
            ax.annotate(
                "",
                xy=head,
                xycoords=boxes[dst],
                xytext=tail,
                textcoords=boxes[src],
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": MUTED,
                    "linewidth": 1.1,
                    "mutation_scale": 12,
                    "connectionstyle": "arc3,rad=0.05",
                    **clear,
                },
                zorder=1,
            )
        legend = [
            Patch(facecolor=RAG_COLOUR[k], edgecolor=INK, label=RAG_WORD[k]) for k in ("green", "yellow", "red", None)
        ]
        legend.append(Patch(facecolor="white", edgecolor=INK, linestyle="--", label="Eksternt system"))
        if any(n not in status and not external.get(n) for n in nodes):
            legend.append(Patch(facecolor=BAND, edgecolor=MUTED, label="Projekt (status ikke vist)"))
        fig.legend(
            handles=legend,
            loc="outside lower center",
            ncol=len(legend),
            title="Pilen peger fra projektet mod det, projektet afhænger af",
            title_fontsize=9.5,
        )
        return finish(fig)


_NODE_PT = 9.5
_BOX_PAD = 0.45  # of the font size
_BOX_PAD_PT = _BOX_PAD * _NODE_PT + 1  # an arrow ends this far outside the text: at the box's outline


def _node(ax, node: str, x: float, y: float, name: dict, status: dict, external: dict):
    """A labelled box; the status word is written under the name so colour is never the only cue."""
    label = textwrap.fill(name[node], 24)
    if external.get(node):
        fill, text_colour, edge, style = "white", INK, INK, "--"
        label += "\n(eksternt)"
    elif node in status:
        rag = status[node]
        fill, edge, style = RAG_COLOUR[rag], INK, "-"
        text_colour = "white" if rag in ("red", "green") else INK
        label += f"\n({RAG_WORD[rag].lower()})"
    else:
        fill, text_colour, edge, style = BAND, INK, MUTED, "-"
    return ax.text(
        x,
        y,
        label,
        ha="center",
        va="center",
        fontsize=_NODE_PT,
        color=text_colour,
        zorder=3,
        bbox={
            "boxstyle": f"round,pad={_BOX_PAD}",
            "facecolor": fill,
            "edgecolor": edge,
            "linestyle": style,
            "linewidth": 1.1,
        },
    )


# ------------------------------------------------------------------ rollout indicators (KOL-type portfolios)
