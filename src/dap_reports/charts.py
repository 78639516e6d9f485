"""Charts for the steering-group reports: risk matrix, exposure, milestones, economy, RAG, dependencies.

Every function returns a :class:`matplotlib.figure.Figure` built with the object API on an
Agg canvas, so nothing is registered in pyplot and no figure is left open; embed it with
:func:`dap_reports.display.figure_html`, which also carries the caller's alt text.

Conventions: Danish titles, labels and dates; fonts of at least 9 pt at the figure's own
size (full width 10 in, half width 5.5 in); RAG colours from ``report.css``, always paired
with a word, a marker shape or a hatch so nothing relies on red vs green alone.
"""

from __future__ import annotations

import math
import textwrap

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .config import RiskRule

RED, YELLOW, GREEN, GREY = "#b71c1c", "#f4c430", "#1b6e34", "#d6d9de"
ACCENT, INK, MUTED, BAND = "#0b4f8a", "#1d232b", "#4a5563", "#f3f5f8"
RAG_COLOUR = {"green": GREEN, "yellow": YELLOW, "red": RED, None: GREY}
RAG_WORD = {"green": "Grøn", "yellow": "Gul", "red": "Rød", None: "Ikke rapporteret"}
# Hatches back up the colours for colour-blind readers and black-and-white print.
RAG_HATCH = {"red": "///", "yellow": "...", "green": ""}
RAG_EDGE = {"red": RED, "yellow": "#8a6d00", "green": GREEN}  # darker yellow so its dots show
MONTHS_SHORT_DA = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
FULL_WIDTH, HALF_WIDTH = 10.0, 5.5
TICK_PT = 9.5

_RC = {
    "font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"],  # ships with matplotlib; has æøå – ·
    "font.size": 10, "axes.titlesize": 11, "axes.labelsize": 10, "legend.fontsize": 9.5,
    "xtick.labelsize": TICK_PT, "ytick.labelsize": TICK_PT, "figure.titlesize": 12.5, "figure.titleweight": "bold",
    "text.color": INK, "axes.labelcolor": INK, "xtick.labelcolor": INK, "ytick.labelcolor": INK,
    "axes.edgecolor": MUTED, "xtick.color": MUTED, "ytick.color": MUTED,
    "axes.spines.top": False, "axes.spines.right": False, "legend.frameon": False, "hatch.linewidth": 0.8,
}


def _style():
    """The shared look as an rc context, so importing this module changes no global state."""
    return matplotlib.rc_context(_RC)


def _new_figure(width: float, height: float, title: str) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)  # Agg whatever backend the notebook uses; savefig still picks SVG/PDF by format
    # Wrap long titles so they never run off a half-width figure (≈ characters per inch at 12.5 pt).
    fig.suptitle(textwrap.fill(str(title), width=max(20, int(width * 9.5))), x=0.01, ha="left")
    return fig


def _finish(fig: Figure) -> Figure:
    """Fix tick fonts on every axes, then draw once inside the style context.

    Ticks are created lazily; drawing here creates them with this style, and later ticks
    copy the first one, so the figure looks the same when saved outside the context.
    """
    for ax in fig.axes:
        ax.tick_params(labelsize=TICK_PT)
    fig.draw_without_rendering()
    return fig


def _tint(colour: str, strength: float) -> tuple[float, float, float]:
    """Mix a colour with white; light tints keep dark text readable on top."""
    return tuple(1 - strength * (1 - c) for c in to_rgb(colour))


def _missing(value) -> bool:
    return value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _mio(value: float, decimals: int = 1) -> str:
    """Millions with Danish decimal comma and thousands point: 1.234,5."""
    return f"{value:,.{decimals}f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _datenums(values) -> np.ndarray:
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


def risk_heatmap(counts: pd.DataFrame, rule: RiskRule, title: str) -> Figure:
    """5×5 risk matrix: cells tinted by the rule's colour, the colour's word in a corner, count centred."""
    grid = counts.copy()
    grid.index = grid.index.astype(int)
    grid.columns = grid.columns.astype(int)
    grid = grid.reindex(index=[5, 4, 3, 2, 1], columns=[1, 2, 3, 4, 5], fill_value=0).fillna(0)
    with _style():
        fig = _new_figure(HALF_WIDTH, 5.3, title)
        ax = fig.subplots()
        for p in range(1, 6):
            for i in range(1, 6):
                rag = rule.colour(p, i)
                ax.add_patch(Rectangle((i - 0.5, p - 0.5), 1, 1, facecolor=_tint(RAG_COLOUR[rag], 0.4),
                                       edgecolor="white", linewidth=2))
                ax.text(i - 0.44, p + 0.44, RAG_WORD[rag].lower(), ha="left", va="top", fontsize=9, color=MUTED)
                n = int(grid.loc[p, i])
                label = ax.text(i, p - 0.04, str(n) if n else "·", ha="center", va="center",
                                fontsize=15 if n else 13, fontweight="bold" if n else "normal",
                                color=INK if n else MUTED)
                label.set_gid(f"count-{p}-{i}")  # lets tests and callers find a cell's number
        ax.set(xlim=(0.5, 5.5), ylim=(0.5, 5.5), aspect="equal", xticks=range(1, 6), yticks=range(1, 6))
        ax.tick_params(length=0)
        ax.spines[["left", "bottom"]].set_visible(False)
        ax.set(xlabel="Konsekvens (1–5)", ylabel="Sandsynlighed (1–5)")
        return _finish(fig)


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
    x = _datenums(frame["meeting_date"])
    with _style():
        fig = _new_figure(FULL_WIDTH, 4.4, title)
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
            handles.append(bars_ax.bar(x, values, width, bottom=bottom, label=word, color=_tint(RAG_COLOUR[rag], 0.45),
                                       edgecolor=RAG_EDGE[rag], linewidth=0.8, hatch=RAG_HATCH[rag]))
            bottom += values
        total = frame["total_score"].fillna(0).to_numpy(dtype=float)
        (line,) = ax.plot(x, total, color=ACCENT, linewidth=2.2, marker="o", markersize=6,
                          markerfacecolor="white", markeredgewidth=2, label="Samlet eksponering (sum af score)")
        ax.annotate(f"{total[-1]:.0f}", (x[-1], total[-1]), xytext=(0, 9), textcoords="offset points",
                    ha="center", va="bottom", fontsize=10.5, fontweight="bold", color=ACCENT,
                    bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none"))
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
        return _finish(fig)


# ------------------------------------------------------------------ milestones

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
    handles = [Line2D([], [], linestyle="none", marker="o", markersize=7, markerfacecolor="white",
                      markeredgecolor=MUTED, markeredgewidth=1.4, label="Baseline")]
    handles += [Line2D([], [], linestyle="none", marker=m, markersize=8, markerfacecolor=fc, markeredgecolor=ec,
                       label=text) for text, m, fc, ec in MILESTONE_STYLE.values()]
    handles.append(Line2D([], [], color=MUTED, linewidth=1.2, label="Forskydning fra baseline"))
    return handles


def milestone_timeline(timeline: pd.DataFrame, meeting_date, title: str) -> Figure:
    """One lane per project: hollow baseline, filled forecast/actual shaped by state, slip line between."""
    meeting = mdates.date2num(pd.Timestamp(meeting_date).to_pydatetime())
    frame = timeline.sort_values(["project_id", "baseline_date"]).reset_index(drop=True)
    projects = frame.drop_duplicates("project_id")[["project_id", "project_name"]]
    lane = {pid: len(projects) - 1 - k for k, pid in enumerate(projects["project_id"])}  # first project on top
    baseline, forecast, actual = (_datenums(frame[c]) for c in ("baseline_date", "forecast_date", "actual_date"))
    shown = np.where(np.isnan(actual), np.where(np.isnan(forecast), baseline, forecast), actual)
    # Milestones of one project share a lane; a small stagger keeps neighbours from covering each other.
    stagger = np.array([0.0, 0.17, -0.17])[frame.groupby("project_id").cumcount().to_numpy() % 3]
    y = frame["project_id"].map(lane).to_numpy(dtype=float) + stagger
    with _style():
        fig = _new_figure(FULL_WIDTH, max(3.0, 0.35 * len(projects) + 1.9), title)
        ax = fig.subplots()
        for k in range(0, len(projects), 2):  # banded lanes guide the eye across the full width
            ax.axhspan(k - 0.5, k + 0.5, color=BAND, zorder=0, linewidth=0)
        slipped = ~np.isnan(baseline) & ~np.isnan(shown) & (baseline != shown)
        for j in np.flatnonzero(slipped):
            ax.plot([baseline[j], shown[j]], [y[j], y[j]], color=MUTED, linewidth=1.2, zorder=2)
        ax.plot(baseline, y, linestyle="none", marker="o", markersize=7, markerfacecolor="white",
                markeredgecolor=MUTED, markeredgewidth=1.4, zorder=3)
        states = frame["state"].where(frame["state"].isin(list(MILESTONE_STYLE)), "future").to_numpy()
        for state, (_text, marker, fill, edge) in MILESTONE_STYLE.items():
            pick = states == state
            if pick.any():
                ax.plot(shown[pick], y[pick], linestyle="none", marker=marker, markersize=8,
                        markerfacecolor=fill, markeredgecolor=edge, markeredgewidth=1.2, zorder=4)
        ax.axvline(meeting, color=ACCENT, linestyle="--", linewidth=1.4, zorder=1)
        ax.text(meeting, 1.0, " Mødet", transform=ax.get_xaxis_transform(), ha="left", va="bottom",
                color=ACCENT, fontsize=10, fontweight="bold")
        ax.set_xlim(meeting - 183, meeting + 366)  # six months back, twelve ahead
        ax.set_ylim(-0.5, max(len(projects), 1) - 0.5)  # a meeting without milestones still draws
        ax.set_yticks([lane[p] for p in projects["project_id"]], [textwrap.shorten(str(n), 40, placeholder="…")
                                                                 for n in projects["project_name"]])
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 3, 5, 7, 9, 11)))
        ax.xaxis.set_major_formatter(danish_date_formatter())
        ax.set(xlabel="Dato", ylabel="Projekt")
        fig.legend(handles=_milestone_legend(), loc="outside lower center", ncol=4)
        return _finish(fig)


# ------------------------------------------------------------------ economy


def _flagged(value) -> bool:
    """Overspend may arrive as a bool or as an amount (flag when > 0); missing means no."""
    if _missing(value):
        return False
    try:
        return float(value) > 0
    except (TypeError, ValueError):
        return bool(value)


def economy_chart(by_source: pd.DataFrame, title: str) -> Figure:
    """Granted, spent and forecast per funding source, in millions DKK; overspending sources flagged '!'."""
    frame = by_source[by_source["source_id"].astype(str) != "TOTAL"].reset_index(drop=True)
    series = (("granted_dkk", "Bevilget", _tint(ACCENT, 0.25), ACCENT, ""),
              ("spent_dkk", "Forbrugt", ACCENT, ACCENT, ""),
              ("forecast_dkk", "Forventet forbrug", _tint(ACCENT, 0.55), ACCENT, "//"))
    n = len(frame)
    with _style():
        fig = _new_figure(FULL_WIDTH, max(2.8, 0.8 * n + 1.5), title)
        ax = fig.subplots()
        pos = np.arange(n)[::-1]  # first source on top
        height = 0.26
        peak = max(frame[[c for c, *_ in series]].fillna(0).to_numpy().max(initial=0) / 1e6, 0.1)
        for k, (column, label, fill, edge, hatch) in enumerate(series):
            values = frame[column].fillna(0).to_numpy(dtype=float) / 1e6
            ys = pos + (1 - k) * height
            ax.barh(ys, values, height * 0.92, color=fill, edgecolor=edge, linewidth=0.8, hatch=hatch, label=label)
            for yv, v in zip(ys, values):
                # Two decimals: a small overspend (2,21 -> 2,25) must not round to equal numbers.
                ax.annotate(_mio(v, 2), (v, yv), xytext=(3, 0), textcoords="offset points", va="center", fontsize=9)
        over = [_flagged(v) for v in frame.get("overspend", pd.Series([False] * n))]
        for yv, v, flag in zip(pos, frame["forecast_dkk"].fillna(0) / 1e6, over):
            if flag:  # said in words, next to the forecast bar, not only by colour
                ax.annotate("! overskridelse", (v, yv - height), xytext=(40, 0), textcoords="offset points",
                            va="center", fontsize=9.5, fontweight="bold", color=RED)
        names = [("! " if flag else "") + textwrap.fill(str(name), 34) for name, flag in zip(frame["source_name"], over)]
        ax.set_yticks(pos, names)
        for tick, flag in zip(ax.get_yticklabels(), over):
            if flag:
                tick.set(color=RED, fontweight="bold")
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(-0.6, n - 0.4)
        ax.set_xlim(0, peak * 1.4)  # room for value labels and the overspend note
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: _mio(v)))
        ax.grid(axis="x", color=GREY, linewidth=0.6)
        ax.set_axisbelow(True)  # grid behind the bars
        ax.set(xlabel="Beløb (mio. kr.)", ylabel="Finansieringskilde")
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=3)
        return _finish(fig)


def source_project_chart(matrix: pd.DataFrame, title: str) -> Figure:
    """Which funding source pays for which project: granted DKK per project, stacked by source.

    ``matrix`` has one row per project (index: project name) and one column per source.
    Sources are told apart by hatching as well as colour, and each segment of some size is
    labelled, so the chart reads in black and white.
    """
    frame = matrix.loc[matrix.sum(axis=1) > 0]
    frame = frame.loc[frame.sum(axis=1).sort_values().index]  # largest at the top
    palette = [ACCENT, _tint(ACCENT, 0.45), YELLOW, GREEN, RED, GREY]
    hatches = ["", "//", "..", "xx", "\\\\", "++"]
    with _style():
        fig = _new_figure(FULL_WIDTH, max(3.0, 0.32 * len(frame) + 1.8), title)
        ax = fig.subplots()
        left = np.zeros(len(frame))
        for k, source in enumerate(frame.columns):
            values = frame[source].to_numpy(dtype=float) / 1e6
            ax.barh(np.arange(len(frame)), values, left=left, color=palette[k % len(palette)],
                    hatch=hatches[k % len(hatches)], edgecolor=INK, linewidth=0.5, label=textwrap.fill(str(source), 40))
            left += values
        for y, total in enumerate(left):
            ax.annotate(_mio(total, 2), (total, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=9)
        ax.set_yticks(np.arange(len(frame)), [textwrap.fill(str(n), 36) for n in frame.index])
        ax.tick_params(axis="y", length=0)
        ax.set_xlim(0, max(left.max(initial=0) * 1.15, 0.1))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: _mio(v)))
        ax.grid(axis="x", color=GREY, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set(xlabel="Bevilget (mio. kr.)", ylabel="Projekt")
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=2, title="Finansieringskilde")
        return _finish(fig)


# ------------------------------------------------------------------ RAG overview

RAG_KEYS = ("green", "yellow", "red", "not_reported")


def _rag_counts(rag_counts: pd.DataFrame) -> dict[str, int]:
    """Counts keyed by RAG value, whether the values are the index or a column; missing keys count 0."""
    frame = rag_counts.reset_index()
    key_col = next((c for c in frame.columns if c != "count"
                    and frame[c].map(lambda v: _missing(v) or v in RAG_KEYS).all()), None)
    keys = frame[key_col].map(lambda v: "not_reported" if _missing(v) else v) if key_col else frame.iloc[:, 0]
    counts = dict.fromkeys(RAG_KEYS, 0)
    for key, value in zip(keys, frame["count"].fillna(0)):
        counts[key] = counts.get(key, 0) + int(value)
    return counts


def rag_overview_chart(rag_counts: pd.DataFrame, title: str) -> Figure:
    """Number of projects per overall status: one bar per colour, each named and counted."""
    counts = _rag_counts(rag_counts)
    rags = [None if k == "not_reported" else k for k in RAG_KEYS]
    values = [counts[k] for k in RAG_KEYS]
    with _style():
        fig = _new_figure(HALF_WIDTH, 2.9, title)
        ax = fig.subplots()
        pos = np.arange(len(RAG_KEYS))[::-1]
        ax.barh(pos, values, 0.65, color=[RAG_COLOUR[r] for r in rags], linewidth=0.8,
                edgecolor=[RAG_COLOUR[r] if r in ("red", "green") else INK for r in rags])
        top = max(max(values), 1)
        for yv, v in zip(pos, values):
            ax.text(v + top * 0.02, yv, str(v), va="center", ha="left", fontsize=10.5, fontweight="bold")
        ax.set_yticks(pos, [RAG_WORD[r] for r in rags])
        ax.tick_params(axis="y", length=0)
        ax.set_xlim(0, top * 1.15)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set(xlabel="Antal projekter", ylabel="Samlet status")
        return _finish(fig)


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
    name, status, external = {}, {}, {}
    for row in deps.itertuples(index=False):
        pid, dep = str(row.project_id), str(row.depends_on)
        name.setdefault(pid, str(row.project_name))
        dep_name = getattr(row, "depends_on_name", None)
        name[dep] = dep if _missing(dep_name) else str(dep_name)
        status[dep] = None if _missing(row.depends_on_overall) else row.depends_on_overall
        external[dep] = bool(row.external) if not _missing(row.external) else False
        if "project_overall" in deps.columns and not _missing(row.project_overall):
            status.setdefault(pid, row.project_overall)  # optional: dependants' own status when supplied
    edges = list(dict.fromkeys(zip(deps["project_id"].astype(str), deps["depends_on"].astype(str))))
    nodes = sorted(name, key=lambda n: (external.get(n, False) is False, n))
    layer = _layers(nodes, edges)
    columns = [[n for n in nodes if layer[n] == k] for k in range(max(layer.values()) + 1)]
    rows = max(len(c) for c in columns)
    _untangle(columns, edges, rows)
    with _style():
        fig = _new_figure(FULL_WIDTH, max(3.0, 0.62 * rows + 1.5), title)
        ax = fig.subplots()
        ax.set(xlim=(-0.5, len(columns) - 0.5), ylim=(-0.6, rows - 0.4))
        ax.set_axis_off()
        boxes = {}
        for k, column in enumerate(columns):
            for j, node in enumerate(column):
                boxes[node] = _node(ax, node, k, rows - 1 - j - (rows - len(column)) / 2, name, status, external)
        for src, dst in edges:
            ax.annotate("", xy=(0.5, 0.5), xycoords=boxes[dst], xytext=(0.5, 0.5), textcoords=boxes[src],
                        arrowprops=dict(arrowstyle="-|>", color=MUTED, linewidth=1.1, mutation_scale=12,
                                        patchA=boxes[src].get_bbox_patch(), patchB=boxes[dst].get_bbox_patch(),
                                        connectionstyle="arc3,rad=0.05"), zorder=1)
        legend = [Patch(facecolor=RAG_COLOUR[k], edgecolor=INK, label=RAG_WORD[k])
                  for k in ("green", "yellow", "red", None)]
        legend.append(Patch(facecolor="white", edgecolor=INK, linestyle="--", label="Eksternt system"))
        if any(n not in status and not external.get(n) for n in nodes):
            legend.append(Patch(facecolor=BAND, edgecolor=MUTED, label="Projekt (status ikke vist)"))
        fig.legend(handles=legend, loc="outside lower center", ncol=len(legend),
                   title="Pilen peger fra projektet mod det, projektet afhænger af", title_fontsize=9.5)
        return _finish(fig)


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
    return ax.text(x, y, label, ha="center", va="center", fontsize=9.5, color=text_colour, zorder=3,
                   bbox=dict(boxstyle="round,pad=0.45", facecolor=fill, edgecolor=edge, linestyle=style,
                             linewidth=1.1))


# ------------------------------------------------------------------ rollout indicators (KOL-type portfolios)


def _quarter_da(period: str) -> str:
    """'2018-Q1' -> 'K1 2018' (kvartal)."""
    year, quarter = str(period).split("-Q")
    return f"K{quarter} {year}"


def _number_da(value: float) -> str:
    """Whole numbers with a thousands point (1.165); one decimal with a comma below 100 when not whole."""
    if _missing(value):
        return "–"
    return _mio(value, 0) if float(value).is_integer() or abs(value) >= 100 else _mio(value, 1)


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
    names = dict(zip(series["area_id"], series["area_name"]))
    targets = {a: t for a, t in (target_by_area or {}).items() if a in names and not _missing(t)}
    top = max([series["value"].max(), *targets.values()]) or 1.0
    ncols = min(3, len(areas))
    nrows = math.ceil(len(areas) / ncols)
    with _style():
        fig = _new_figure(FULL_WIDTH, 2.2 * nrows + 1.1, title)
        axes = np.atleast_1d(fig.subplots(nrows, ncols, sharex=True, sharey=True)).ravel()
        for ax, area in zip(axes, areas):
            rows = series[series["area_id"] == area].sort_values("period", key=lambda s: s.map(x_of))
            x, y = rows["period"].map(x_of).to_numpy(dtype=float), rows["value"].to_numpy(dtype=float)
            ax.fill_between(x, y, color=_tint(ACCENT, 0.15), linewidth=0)
            ax.plot(x, y, color=ACCENT, linewidth=2, marker="o", markersize=3.5)
            ax.annotate(_number_da(y[-1]), (x[-1], y[-1]), xytext=(0, 5), textcoords="offset points",
                        ha="right", va="bottom", fontsize=9.5, fontweight="bold", color=ACCENT, zorder=6,
                        bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none"))
            if area in targets:
                ax.axhline(targets[area], color=INK, linestyle="--", linewidth=1.1)
                ax.text(0.01, targets[area], f"Mål {_number_da(targets[area])}", ha="left", va="bottom",
                        fontsize=9, color=INK, transform=ax.get_yaxis_transform(), zorder=5,
                        bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none"))
            ax.set_title(textwrap.shorten(str(names[area]), 34, placeholder="…"), loc="left", fontsize=10.5)
            ax.grid(axis="y", color=GREY, linewidth=0.6)
            ax.set_axisbelow(True)
        for ax in axes[len(areas):]:  # the empty slots of the last row
            ax.set_visible(False)
        # Label every quarter, every other or each first quarter, so labels never touch in a narrow panel.
        labelled = (list(range(len(periods))) if len(periods) <= 4 else list(range(len(periods) - 1, -1, -2))[::-1]
                    if len(periods) <= 8 else [x_of[q] for q in periods if q.endswith("Q1")] or [0])
        for ax in axes[: len(areas)]:
            ax.set_xticks(labelled, [_quarter_da(periods[k]) for k in labelled])
            ax.set_xticks(range(len(periods)), minor=True)  # every quarter keeps a tick mark
            ax.tick_params(axis="x", labelbottom=True)  # also under panels above an empty slot
            ax.set_xlim(-0.5, len(periods) - 0.5)
        axes[0].set_ylim(0, top * 1.18)
        axes[0].yaxis.set_major_formatter(FuncFormatter(lambda v, _p: _number_da(v)))
        axes[0].yaxis.set_major_locator(MaxNLocator(nbins=4))
        return _finish(fig)


def _share_panel(ax, frame: pd.DataFrame, labels: list[str], xmax: float) -> None:
    """Horizontal bars of share of target; laggards hatched and named 'efterslæb' in words."""
    pos = np.arange(len(frame))[::-1]  # first row on top
    share = frame["share_of_target_pct"].to_numpy(dtype=float)
    lag = frame["laggard"].fillna(False).astype(bool).to_numpy()
    ax.barh(pos, np.nan_to_num(share), 0.66, color=[_tint(RED if g else ACCENT, 0.35 if g else 0.6) for g in lag],
            edgecolor=[RED if g else ACCENT for g in lag], linewidth=0.8, hatch=["///" if g else "" for g in lag])
    for yv, s, v, t, g in zip(pos, share, frame["value"], frame["target"], lag):
        # a count's apportioned target is shown whole (0 af 78), a percentage's with its decimal (12,8 af 20)
        whole = not _missing(v) and float(v).is_integer()
        shown = f"{_mio(v, 0) if whole else _number_da(v)} af {_mio(t, 0) if whole else _number_da(t)}"
        text = "ingen data" if _missing(s) else f"{_mio(s, 0)} %  ({shown})"
        ax.annotate(text + ("  – efterslæb" if g else ""), (0 if _missing(s) else s, yv), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=9, color=RED if g else INK,
                    fontweight="bold" if g else "normal", zorder=4,  # above the target line it may cross
                    bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none"))
    ax.set_yticks(pos, labels)
    for tick, g in zip(ax.get_yticklabels(), lag):
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


def progress_by_region_chart(progress_df: pd.DataFrame, title: str, municipalities: pd.DataFrame | None = None,
                             bottom: int = 10) -> Figure:
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
    panels = [(progress_df, [str(n).removeprefix("Landsdelsprogram ") for n in progress_df["area_name"]],
               "Landsdelsprogrammer" if with_worst else None)]
    if with_worst:
        # furthest behind first; among equal shares (often 0 %) the largest shortfall matters most
        gap = municipalities["target"] - municipalities["value"]
        worst = (municipalities.assign(_gap=gap)
                 .sort_values(["share_of_target_pct", "_gap", "area_name"], ascending=[True, False, True],
                              na_position="first").head(bottom))
        worst = worst.iloc[::-1]  # keep the frame's best-first order: the furthest behind at the bottom
        labels = [f"{n} ({str(p).removeprefix('Landsdelsprogram ')})" if not _missing(p) else str(n)
                  for n, p in zip(worst["area_name"], worst["parent_name"])]
        panels.append((worst, labels, f"De {len(worst)} kommuner længst fra målet"))
    shares = pd.concat([f["share_of_target_pct"] for f, _l, _t in panels]).dropna()
    xmax = max(125.0, float(shares.max()) + 45 if len(shares) else 0.0)  # room for the value labels right of the bars
    rows = [len(f) for f, _l, _t in panels]
    with _style():
        fig = _new_figure(FULL_WIDTH, 0.34 * sum(rows) + 0.75 * len(panels) + 1.1, title)
        axes = np.atleast_1d(fig.subplots(len(panels), 1, height_ratios=[r + 1.2 for r in rows]))
        for ax, (frame, labels, heading) in zip(axes, panels):
            _share_panel(ax, frame.reset_index(drop=True), labels, xmax)
            if heading:
                ax.set_title(heading, loc="left", fontsize=10.5, fontweight="bold", pad=16)
        fig.get_layout_engine().set(hspace=0.06)  # keeps a panel's heading clear of the ticks above it
        axes[-1].set_xlabel("Andel af målet")
        return _finish(fig)


# ------------------------------------------------------------------ annual wheel (årshjul)


def annual_wheel_chart(wheel, title: str) -> Figure:
    """The year as a clock face: months round a ring, each meeting a marker at its date, its items outside.

    January starts at twelve o'clock and the year runs clockwise. Each meeting's box gives its date,
    fixed items (◆) and projects (•); items held at every meeting are named once, in the legend title.
    A meeting where an organisation is invited (Sundhedsstyrelsen when Digitale forløbsplaner is on
    the agenda) gets a badge with the organisation's code and a coloured frame, so the invitation
    reads as a word, not only a colour. Boxes that would overlap (meetings close together) are moved
    outwards along their ray, and the axes are then fitted to the boxes.
    """
    from matplotlib.patches import Wedge
    from matplotlib.transforms import Bbox

    from .display import MONTHS_DA

    invite_colour, r_in, r_out, r_box = "#6a3d9a", 0.70, 1.0, 1.14
    year = int(wheel.year)
    days = pd.Timestamp(year, 12, 31).day_of_year
    meetings = wheel.meetings.sort_values("meeting_date").reset_index(drop=True)
    agenda = wheel.agenda
    per_title = agenda[agenda["project_id"].isna()].groupby("title", sort=False)["meeting_date"].nunique()
    everywhere = [t for t, n in per_title.items() if len(meetings) > 1 and n == len(meetings)]

    def angle(day) -> float:  # degrees counter-clockwise from three o'clock, as matplotlib counts
        return 90.0 - 360.0 * (pd.Timestamp(day).day_of_year - 0.5) / days

    def polar(r: float, deg: float) -> tuple[float, float]:
        return r * math.cos(math.radians(deg)), r * math.sin(math.radians(deg))

    def codes(row) -> list[str]:
        return [str(c) for c in (getattr(row, "invited_ids", None) or row.invited or [])]

    def item_lines(date: pd.Timestamp, items: pd.DataFrame, extra: bool, most: int = 6) -> list[str]:
        """Bold date, then fixed items (◆) and projects (•), wrapped not cut: members look for the names."""
        lines = [rf"$\mathbf{{{date.day}.\ {MONTHS_SHORT_DA[date.month - 1]}}}$"]  # mathtext: bold in one Text
        lines += ["Ekstraordinært møde"] if extra else []
        for t in items.loc[items["project_id"].isna(), "title"]:
            if t not in everywhere:  # "$" escaped: the bold date makes matplotlib parse the box as mathtext
                lines += textwrap.wrap(f"◆ {t}".replace("$", r"\$"), 27, subsequent_indent="   ", max_lines=3,
                                       placeholder=" …")
        projects = items[items["project_id"].notna()]
        names = [(str(t) if _missing(n) else str(n)).replace("$", r"\$") for n, t in
                 zip(projects.get("project_name", projects["title"]), projects["title"])]
        if names:
            lines.append(f"{len(names)} projekt{'er' if len(names) > 1 else ''}:")
            shown = names if len(names) <= most else names[:most - 1]
            for n in shown:  # a long list gets one line per project, so the box stays compact
                lines += (textwrap.wrap(f"• {n}", 27, subsequent_indent="   ", max_lines=2, placeholder=" …")
                          if len(names) <= 4 else [textwrap.shorten(f"• {n}", 29, placeholder="…")])
            lines += [f"   + {len(names) - len(shown)} flere"] if len(shown) < len(names) else []
        return lines

    def place_box(unit: dict) -> None:  # anchored on the side facing the ring, so boxes grow outwards
        x, y = polar(unit["r"], unit["deg"])
        box, leader = unit["artists"][0], unit["leader"]
        box.set(position=(x, y), ha="left" if x > 0.25 else "right" if x < -0.25 else "center",
                va="bottom" if y > 0.55 else "top" if y < -0.55 else "center")
        leader.set_data(*zip(polar(r_out, unit["deg"]), (x, y)))

    def separate(units: list[dict], step: float, renderer) -> tuple[bool, list]:
        """Move each unit along its ray by ``step`` until it is clear of the ones placed before it."""
        pad, taken, moved = renderer.points_to_pixels(4), [], False
        for unit in units:
            for _ in range(40):
                extent = Bbox.union([a.get_window_extent(renderer) for a in unit["artists"]]).padded(pad)
                if not any(extent.overlaps(t) for t in taken):
                    break
                unit["r"] += step
                unit["place"](unit)
                moved = True
            taken.append(extent)
        return moved, taken

    with _style():
        fig = _new_figure(9.0, 9.0, title)
        ax = fig.subplots()
        ax.set_aspect("equal")
        ax.set_axis_off()
        month_labels = []
        for m in range(12):  # month sectors, alternately tinted so the months read as segments
            first = pd.Timestamp(year, m + 1, 1)
            start, end = angle(first) + 180 / days, angle(first + pd.offsets.MonthEnd(0)) - 180 / days
            ax.add_patch(Wedge((0, 0), r_out, end, start, width=r_out - r_in, linewidth=1.2, edgecolor="white",
                               facecolor=BAND if m % 2 else _tint(ACCENT, 0.12)))
            mid = (start + end) / 2
            rotation = (mid - 90) % 360
            rotation = rotation - 180 if 90 < rotation < 270 else rotation  # keep the names upright
            month_labels.append(ax.text(*polar((r_in + r_out) / 2, mid), MONTHS_DA[m], rotation=rotation,
                                        rotation_mode="anchor", ha="center", va="center", fontsize=9.5, color=INK))
            month_labels[-1].set_gid(f"month-{m + 1}")
        n_ordinary = int((meetings["kind"] == "ordinary").sum())
        n_extra = len(meetings) - n_ordinary
        ax.text(0, 0.06, str(year), ha="center", va="center", fontsize=26, fontweight="bold", color=ACCENT)
        n_projects = agenda["project_id"].dropna().nunique()
        ax.text(0, -0.12, f"{n_ordinary} ordinære møder" + (f" + {n_extra} ekstra" if n_extra else "")
                + f"\n{n_projects} projekter på dagsordenen",
                ha="center", va="top", fontsize=10, color=MUTED)
        boxes = []
        for row in meetings.itertuples():
            deg, extra, date = angle(row.meeting_date), row.kind == "extra", pd.Timestamp(row.meeting_date)
            ax.plot(*polar(r_out, deg), marker="s" if extra else "o", markersize=10, zorder=4,
                    markerfacecolor="white" if extra else ACCENT, markeredgecolor=ACCENT, markeredgewidth=2)
            (leader,) = ax.plot([], [], color=MUTED, linewidth=0.8, zorder=2)
            lines = item_lines(date, agenda[agenda["meeting_date"] == row.meeting_date], extra)
            box = ax.text(0, 0, "\n".join(lines), multialignment="left", fontsize=9, color=INK, linespacing=1.25,
                          zorder=5, bbox=dict(boxstyle="round,pad=0.35", facecolor="white",
                                              linewidth=1.4 if codes(row) else 0.8,
                                              edgecolor=invite_colour if codes(row) else MUTED))
            box.set_gid(f"meeting-{date:%Y-%m-%d}")
            unit = dict(artists=[box], leader=leader, r=r_box, deg=deg, place=place_box)
            if codes(row):  # a tag on the frame's top-right corner; it moves with the box
                unit["artists"].append(ax.annotate(
                    " ".join(codes(row)), (1, 1), xycoords=box, xytext=(3, 3), textcoords="offset points",
                    ha="right", va="center", fontsize=8.5, fontweight="bold", color="white", zorder=6,
                    bbox=dict(boxstyle="round,pad=0.25", facecolor=invite_colour, edgecolor="none")))
            boxes.append(unit)
            place_box(unit)
        ax.set(xlim=(-1.2, 1.2), ylim=(-1.2, 1.2))
        handles = [Line2D([], [], linestyle="none", marker="o", markersize=9, markerfacecolor=ACCENT,
                          markeredgecolor=ACCENT, label="Ordinært møde")]
        handles += [Line2D([], [], linestyle="none", marker="s", markersize=9, markerfacecolor="white",
                           markeredgecolor=ACCENT, markeredgewidth=2, label="Ekstraordinært møde")] if n_extra else []
        invited = {}
        for row in meetings.itertuples():
            invited.update({c: n for c, n in zip(codes(row), row.invited) if c not in invited})
        handles += [Patch(facecolor=invite_colour, edgecolor=invite_colour, label=f"{c}: {n} inviteret")
                    for c, n in invited.items()]
        handles += [Line2D([], [], linestyle="none", marker="D", markersize=6, color=INK, label="Fast årligt punkt"),
                    Line2D([], [], linestyle="none", marker="o", markersize=4, color=INK,
                           label="Projekt på dagsordenen")]
        # The legend first: it takes room from the axes, and the boxes are fitted to what is left.
        fig.legend(handles=handles, loc="outside lower center", ncol=3, title_fontsize=9.5,
                   title=f"Punkt på alle møder: {', '.join(everywhere)}" if everywhere else None)
        renderer = fig.canvas.get_renderer()
        for _ in range(10):  # fitting changes the scale and may bring boxes together again: repeat until stable
            fig.draw_without_rendering()
            moved, extents = separate(boxes, 0.06, renderer)
            to_data = ax.transData.inverted()
            corners = np.vstack([to_data.transform(bb.corners()) for bb in extents] + [[[-1.05, -1.05], [1.05, 1.05]]])
            limits = (*corners.min(axis=0), *corners.max(axis=0))
            current = (ax.get_xlim()[0], ax.get_ylim()[0], ax.get_xlim()[1], ax.get_ylim()[1])
            if not moved and np.allclose(limits, current, atol=0.03):
                break
            ax.set(xlim=(limits[0], limits[2]), ylim=(limits[1], limits[3]))
        # A crowded year shrinks the ring: abbreviate the month names when the longest no longer fits its sector.
        unit_px = ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0]
        widest = max(renderer.get_text_width_height_descent(t.get_text(), t.get_fontproperties(), ismath=False)[0]
                     for t in month_labels)
        if widest > 0.85 * (r_in + r_out) / 2 * math.pi / 6 * unit_px:
            for m, t in enumerate(month_labels):
                t.set_text(MONTHS_SHORT_DA[m])
        return _finish(fig)
