"""The annual wheel (årshjul) drawn as a clock face.

Each function takes the DataFrame its computation returns and gives a Figure in the house
style of :mod:`dap_reports.reports.common.style`.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ...contract.parsing import is_blank
from ..common.formats import MONTHS_SHORT_DA
from ..common.style import ACCENT, BAND, INK, MUTED, finish, new_figure, style_context, tint


def annual_wheel_chart(wheel, title: str) -> Figure:
    """The year as a clock face: months round a ring, each meeting a marker at its date, its items outside.

    January starts at twelve o'clock and the year runs clockwise. Each meeting's box gives its date,
    fixed items (◆) and projects (•); items held at every meeting are named once, in the legend title.
    A meeting where an organisation is invited (Sundhedsstyrelsen when Digitale forløbsplaner is on
    the agenda) gets a badge with the organisation's code and a coloured frame, so the invitation
    reads as a word, not only a colour. Boxes that would overlap (meetings close together) are moved
    outwards along their ray, and the axes are then fitted to the boxes.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.patches import Wedge
    from matplotlib.transforms import Bbox

    from ..common.formats import MONTHS_DA

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
                lines += textwrap.wrap(
                    f"◆ {t}".replace("$", r"\$"), 27, subsequent_indent="   ", max_lines=3, placeholder=" …"
                )
        projects = items[items["project_id"].notna()]
        names = [
            (str(t) if is_blank(n) else str(n)).replace("$", r"\$")
            for n, t in zip(projects.get("project_name", projects["title"]), projects["title"], strict=True)
        ]
        if names:
            lines.append(f"{len(names)} projekt{'er' if len(names) > 1 else ''}:")
            shown = names if len(names) <= most else names[: most - 1]
            for n in shown:  # a long list gets one line per project, so the box stays compact
                lines += (
                    textwrap.wrap(f"• {n}", 27, subsequent_indent="   ", max_lines=2, placeholder=" …")
                    if len(names) <= 4
                    else [textwrap.shorten(f"• {n}", 29, placeholder="…")]
                )
            lines += [f"   + {len(names) - len(shown)} flere"] if len(shown) < len(names) else []
        return lines

    def place_box(unit: dict) -> None:  # anchored on the side facing the ring, so boxes grow outwards
        x, y = polar(unit["r"], unit["deg"])
        box, leader = unit["artists"][0], unit["leader"]
        box.set(
            position=(x, y),
            ha="left" if x > 0.25 else "right" if x < -0.25 else "center",
            va="bottom" if y > 0.55 else "top" if y < -0.55 else "center",
        )
        leader.set_data(*zip(polar(r_out, unit["deg"]), (x, y), strict=True))

    def separate(units: list[dict], step: float, renderer) -> tuple[bool, list[Bbox]]:
        """Move each unit along its ray by ``step`` until it is clear of the ones placed before it."""
        pad, moved = renderer.points_to_pixels(4), False
        taken: list[Bbox] = []
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

    with style_context():
        fig = new_figure(9.0, 9.0, title)
        ax = fig.subplots()
        ax.set_aspect("equal")
        ax.set_axis_off()
        month_labels = []
        for m in range(12):  # month sectors, alternately tinted so the months read as segments
            first = pd.Timestamp(year, m + 1, 1)
            start, end = angle(first) + 180 / days, angle(first + pd.offsets.MonthEnd(0)) - 180 / days
            ax.add_patch(
                Wedge(
                    (0, 0),
                    r_out,
                    end,
                    start,
                    width=r_out - r_in,
                    linewidth=1.2,
                    edgecolor="white",
                    facecolor=BAND if m % 2 else tint(ACCENT, 0.12),
                )
            )
            mid = (start + end) / 2
            rotation = (mid - 90) % 360
            rotation = rotation - 180 if 90 < rotation < 270 else rotation  # keep the names upright
            month_labels.append(
                ax.text(
                    *polar((r_in + r_out) / 2, mid),
                    MONTHS_DA[m],
                    rotation=rotation,
                    rotation_mode="anchor",
                    ha="center",
                    va="center",
                    fontsize=9.5,
                    color=INK,
                )
            )
            month_labels[-1].set_gid(f"month-{m + 1}")
        n_ordinary = int((meetings["kind"] == "ordinary").sum())
        n_extra = len(meetings) - n_ordinary
        ax.text(0, 0.06, str(year), ha="center", va="center", fontsize=26, fontweight="bold", color=ACCENT)
        n_projects = agenda["project_id"].dropna().nunique()
        ax.text(
            0,
            -0.12,
            f"{n_ordinary} ordinære møder"
            + (f" + {n_extra} ekstra" if n_extra else "")
            + f"\n{n_projects} projekter på dagsordenen",
            ha="center",
            va="top",
            fontsize=10,
            color=MUTED,
        )
        boxes = []
        for row in meetings.itertuples():
            deg, extra, date = angle(row.meeting_date), row.kind == "extra", pd.Timestamp(row.meeting_date)
            ax.plot(
                *polar(r_out, deg),
                marker="s" if extra else "o",
                markersize=10,
                zorder=4,
                markerfacecolor="white" if extra else ACCENT,
                markeredgecolor=ACCENT,
                markeredgewidth=2,
            )
            (leader,) = ax.plot([], [], color=MUTED, linewidth=0.8, zorder=2)
            lines = item_lines(date, agenda[agenda["meeting_date"] == row.meeting_date], extra)
            box = ax.text(
                0,
                0,
                "\n".join(lines),
                multialignment="left",
                fontsize=9,
                color=INK,
                linespacing=1.25,
                zorder=5,
                bbox={
                    "boxstyle": "round,pad=0.35",
                    "facecolor": "white",
                    "linewidth": 1.4 if codes(row) else 0.8,
                    "edgecolor": invite_colour if codes(row) else MUTED,
                },
            )
            box.set_gid(f"meeting-{date:%Y-%m-%d}")
            unit: dict[str, Any] = {"artists": [box], "leader": leader, "r": r_box, "deg": deg, "place": place_box}
            if codes(row):  # a tag on the frame's top-right corner; it moves with the box
                unit["artists"].append(
                    ax.annotate(
                        " ".join(codes(row)),
                        (1, 1),
                        xycoords=box,
                        xytext=(3, 3),
                        textcoords="offset points",
                        ha="right",
                        va="center",
                        fontsize=8.5,
                        fontweight="bold",
                        color="white",
                        zorder=6,
                        bbox={"boxstyle": "round,pad=0.25", "facecolor": invite_colour, "edgecolor": "none"},
                    )
                )
            boxes.append(unit)
            place_box(unit)
        ax.set(xlim=(-1.2, 1.2), ylim=(-1.2, 1.2))
        handles: list[Artist] = [
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=9,
                markerfacecolor=ACCENT,
                markeredgecolor=ACCENT,
                label="Ordinært møde",
            )
        ]
        handles += (
            [
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="s",
                    markersize=9,
                    markerfacecolor="white",
                    markeredgecolor=ACCENT,
                    markeredgewidth=2,
                    label="Ekstraordinært møde",
                )
            ]
            if n_extra
            else []
        )
        invited = {}
        for row in meetings.itertuples():
            invited.update({c: n for c, n in zip(codes(row), row.invited, strict=True) if c not in invited})
        handles += [
            Patch(facecolor=invite_colour, edgecolor=invite_colour, label=f"{c}: {n} inviteret")
            for c, n in invited.items()
        ]
        handles += [
            Line2D([], [], linestyle="none", marker="D", markersize=6, color=INK, label="Fast årligt punkt"),
            Line2D([], [], linestyle="none", marker="o", markersize=4, color=INK, label="Projekt på dagsordenen"),
        ]
        # The legend first: it takes room from the axes, and the boxes are fitted to what is left.
        fig.legend(
            handles=handles,
            loc="outside lower center",
            ncol=3,
            title_fontsize=9.5,
            title=f"Punkt på alle møder: {', '.join(everywhere)}" if everywhere else None,
        )
        canvas = fig.canvas
        assert isinstance(canvas, FigureCanvasAgg)  # new_figure puts every figure on an Agg canvas
        renderer = canvas.get_renderer()
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
        widest = max(
            renderer.get_text_width_height_descent(t.get_text(), t.get_fontproperties(), ismath=False)[0]
            for t in month_labels
        )
        if widest > 0.85 * (r_in + r_out) / 2 * math.pi / 6 * unit_px:
            for m, t in enumerate(month_labels):
                t.set_text(MONTHS_SHORT_DA[m])
        return finish(fig)
