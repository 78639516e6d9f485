"""Charts: Danish titles and labels, edge inputs, SVG output, no pyplot or rcParams leaks."""

from __future__ import annotations

import io
import warnings

import matplotlib
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from dap_reports.contract.config import RiskRule
from dap_reports.reports.benefits import charts as benefit_charts
from dap_reports.reports.common import formats as formats
from dap_reports.reports.common import style as style
from dap_reports.reports.risks import charts as risk_charts
from dap_reports.reports.status import charts as status_charts

MEETING = pd.Timestamp("2026-03-11")


@pytest.fixture(autouse=True)
def no_leaks():
    """Charts never open pyplot figures and never change the global style."""
    before_rc = dict(matplotlib.rcParams)
    before_figs = plt.get_fignums()
    yield
    assert plt.get_fignums() == before_figs
    assert dict(matplotlib.rcParams) == before_rc


def counts_grid(cells: dict[tuple[int, int], int] | None = None) -> pd.DataFrame:
    grid = pd.DataFrame(
        0, index=pd.Index([5, 4, 3, 2, 1], name="probability"), columns=pd.Index([1, 2, 3, 4, 5], name="impact")
    )
    for (p, i), n in (cells or {}).items():
        grid.loc[p, i] = n
    return grid


def exposure_frame(rows: int = 3) -> pd.DataFrame:
    dates = pd.to_datetime(["2025-10-08", "2026-01-14", "2026-03-11"])[-rows:]
    frame = pd.DataFrame(
        {"meeting_date": dates, "red": [1, 2, 3][-rows:], "yellow": [4, 4, 3][-rows:], "green": [2, 1, 1][-rows:]}
    )
    frame["open_risks"] = frame[["red", "yellow", "green"]].sum(axis=1)
    frame["total_score"] = frame["red"] * 16 + frame["yellow"] * 8 + frame["green"] * 2
    return frame


def timeline_frame(projects: int = 2) -> pd.DataFrame:
    rows = [
        (
            "P01",
            "Hurtigt patientoverblik",
            "P01-M1",
            "Pilot evalueret",
            "2026-01-15",
            "2026-02-20",
            "2026-02-20",
            "late",
        ),
        ("P01", "Hurtigt patientoverblik", "P01-M2", "Udrulning", "2026-05-01", "2026-08-01", None, "upcoming_late"),
        ("P01", "Hurtigt patientoverblik", "P01-M3", "Afsluttet", "2027-06-30", "2027-12-01", None, "future"),
        ("P02", "Den intelligente indbakke", "P02-M1", "Pilot", "2025-12-01", "2025-12-01", "2025-11-20", "met"),
        ("P02", "Den intelligente indbakke", "P02-M2", "Test", "2026-02-01", "2026-03-01", None, "missed"),
        ("P02", "Den intelligente indbakke", "P02-M3", "Drift", "2026-04-15", "2026-04-15", None, "upcoming"),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "project_id",
            "project_name",
            "milestone_id",
            "name",
            "baseline_date",
            "forecast_date",
            "actual_date",
            "state",
        ],
    )
    for col in ("baseline_date", "forecast_date", "actual_date"):
        frame[col] = pd.to_datetime(frame[col])
    return frame[frame["project_id"].isin(["P01", "P02"][:projects])]


def economy_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_id": ["FL-IT", "PFDD", "TOTAL"],
            "source_name": ["Finanslovsmidler til prioriterede it-initiativer", "Partsforum", "I alt"],
            "granted_dkk": [21_900_000, 2_200_000, 24_100_000],
            "spent_dkk": [18_200_000, 1_800_000, 20_000_000],
            "forecast_dkk": [21_600_000, 2_450_000, 24_050_000],
            "overspend": [False, True, False],
        }
    )


def deps_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_id": ["P01", "P02", "P09"],
            "project_name": ["Hurtigt patientoverblik", "Den intelligente indbakke", "Et samlet patientoverblik"],
            "depends_on": ["Sundhedsjournalen", "P01", "P01"],
            "depends_on_name": ["Sundhedsjournalen", "Hurtigt patientoverblik", "Hurtigt patientoverblik"],
            "depends_on_overall": [None, "yellow", "yellow"],
            "external": [True, False, False],
        }
    )


def rag_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"count": [7, 4, 2, 1]}, index=pd.Index(["green", "yellow", "red", "not_reported"], name="overall")
    )


def benefits_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_name": ["Video i almen praksis", "Forbedring af epikriser", "MinLæge-app", "Apps", "Cockpit"],
            "title": ["Sparet transport", "Færre henvendelser", "Booking i appen", "Anbefalede apps", "Sparet tid"],
            "project_closed": [False, True, False, False, False],
            "achievement": [0.49, 0.3135, 0.48, None, 0.0],
            "expected_at_measurement": [0.84, 0.25, 0.63, None, 0.0],
            "shortfall_pp": [35.0, -6.35, 15.0, None, 0.0],
            "state": ["behind", "on_track", "watch", "not_started", "not_measured"],
        }
    )


def benefit_years_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2025, 2026, 2027],
            "planned_dkk_per_year": [663_322.0, 7_340_448.0, 12_989_726.0],
            "realised_dkk_per_year": [420_000.0, 4_465_850.0, float("nan")],
            "benefits": [4, 4, 4],
            "unmeasured": [0, 0, 0],
        }
    )


def all_texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


BUILDERS = {
    "heatmap": lambda: risk_charts.risk_heatmap(counts_grid({(4, 4): 3, (1, 3): 12}), RiskRule(), "Risikomatrix"),
    "exposure": lambda: risk_charts.exposure_chart(exposure_frame(), "Risikoeksponering"),
    "timeline": lambda: status_charts.milestone_timeline(timeline_frame(), MEETING, "Milepæle"),
    "economy": lambda: status_charts.economy_chart(economy_frame(), "Økonomi pr. kilde"),
    "rag": lambda: status_charts.rag_overview_chart(rag_frame(), "Samlet status"),
    "deps": lambda: status_charts.dependency_graph(deps_frame(), "Afhængigheder"),
    "benefits": lambda: benefit_charts.achievement_chart(benefits_frame(), "Gevinster: realiseret mod forventet"),
    "benefit_years": lambda: benefit_charts.economic_by_year_chart(benefit_years_frame(), "Økonomiske gevinster", 2026),
}


@pytest.mark.parametrize("name", list(BUILDERS))
def test_every_chart_is_a_titled_figure_that_saves_as_svg(name):
    fig = BUILDERS[name]()
    assert isinstance(fig, Figure)
    assert fig.get_suptitle()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    assert buffer.getvalue().lstrip().startswith(b"<?xml") and b"<svg" in buffer.getvalue()


@pytest.mark.parametrize("name", list(BUILDERS))
def test_fonts_are_readable_and_danish_glyphs_exist(name):
    fig = BUILDERS[name]()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph (æ, ø, å, –) is a UserWarning from the renderer
        fig.savefig(io.BytesIO(), format="png", dpi=72)
    small = [
        (t.get_text(), t.get_fontsize())
        for t in fig.findobj(Text)
        if t.get_text() and t.get_visible() and t.get_fontsize() < 9
    ]
    assert not small


@pytest.mark.parametrize("name", list(BUILDERS))
def test_output_is_deterministic(name):
    first, second = io.BytesIO(), io.BytesIO()
    BUILDERS[name]().savefig(first, format="png", dpi=50)
    BUILDERS[name]().savefig(second, format="png", dpi=50)
    assert first.getvalue() == second.getvalue()


def test_heatmap_cells_show_the_counts_and_labels():
    grid = counts_grid({(5, 5): 1, (4, 4): 3, (2, 2): 2, (1, 3): 12})
    fig = risk_charts.risk_heatmap(grid, RiskRule(), "Risikomatrix ved mødet")
    assert fig.get_suptitle() == "Risikomatrix ved mødet"
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Konsekvens (1–5)"
    assert ax.get_ylabel() == "Sandsynlighed (1–5)"
    cells = {t.get_gid(): t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("count-")}
    assert len(cells) == 25
    for p in range(1, 6):
        for i in range(1, 6):
            n = grid.loc[p, i]
            assert cells[f"count-{p}-{i}"] == (str(n) if n else "·")
    # The colour is also written as a word in each cell, so it does not rely on colour alone.
    words = [t.get_text() for t in ax.texts if not (t.get_gid() or "").startswith("count-")]
    assert sorted(set(words)) == ["grøn", "gul", "rød"] and len(words) == 25


def test_heatmap_accepts_an_all_zero_grid():
    fig = risk_charts.risk_heatmap(counts_grid(), RiskRule(), "Ingen risici")
    counts = [t.get_text() for t in fig.axes[0].texts if (t.get_gid() or "").startswith("count-")]
    assert counts == ["·"] * 25


def test_exposure_axes_legend_and_danish_dates():
    fig = risk_charts.exposure_chart(exposure_frame(), "Risikoeksponering over tid")
    line_ax, bars_ax = fig.axes
    assert line_ax.get_ylabel() == "Samlet risikoeksponering (sum af score)"
    assert bars_ax.get_ylabel() == "Antal åbne risici"
    assert line_ax.get_xlabel()
    assert [t.get_text() for t in line_ax.get_xticklabels()] == ["okt 2025", "jan 2026", "mar 2026"]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["Samlet eksponering (sum af score)", "Røde risici", "Gule risici", "Grønne risici"]
    last = exposure_frame()["total_score"].iloc[-1]
    assert str(last) in [t.get_text() for t in line_ax.texts]


def test_exposure_with_one_meeting():
    fig = risk_charts.exposure_chart(exposure_frame(rows=1), "Ét møde")
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["mar 2026"]


def test_timeline_lanes_legend_and_window():
    fig = status_charts.milestone_timeline(timeline_frame(), MEETING, "Milepæle")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Hurtigt patientoverblik", "Den intelligente indbakke"]
    assert ax.get_yticks()[0] > ax.get_yticks()[1]  # first project (by id) on top
    assert ax.get_xlabel() == "Dato" and ax.get_ylabel() == "Projekt"
    assert "Mødet" in " ".join(t.get_text() for t in ax.texts)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    for entry in (
        "Baseline",
        "Nået til tiden",
        "Nået for sent",
        "Ikke nået (overskredet)",
        "Kommende",
        "Kommende – forsinket",
        "Senere",
    ):
        assert entry in legend
    low, high = (mdates.num2date(v).replace(tzinfo=None) for v in ax.get_xlim())
    assert 150 <= (MEETING - pd.Timestamp(low)).days <= 200
    assert 330 <= (pd.Timestamp(high) - MEETING).days <= 400
    assert all(t.get_text()[:3] in formats.MONTHS_SHORT_DA for t in ax.get_xticklabels())
    # A slip line from baseline to forecast or actual for each milestone that moved (five of six here).
    (slips,) = [line for line in ax.get_lines() if np.isnan(line.get_xdata()).any()]
    ends = [
        tuple(mdates.num2date(x).strftime("%Y-%m-%d") for x in pair)
        for pair in np.asarray(slips.get_xdata()).reshape(-1, 3)[:, :2]
    ]
    assert ends == [
        ("2026-01-15", "2026-02-20"),
        ("2026-05-01", "2026-08-01"),
        ("2027-06-30", "2027-12-01"),
        ("2025-12-01", "2025-11-20"),
        ("2026-02-01", "2026-03-01"),
    ]


def test_timeline_with_one_project_is_at_least_three_inches():
    fig = status_charts.milestone_timeline(timeline_frame(projects=1), "2026-03-11", "Milepæle for ét projekt")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Hurtigt patientoverblik"]
    assert fig.get_figheight() >= 3


def test_economy_excludes_total_and_flags_overspend():
    fig = status_charts.economy_chart(economy_frame(), "Økonomi")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 2 and not any("I alt" in label for label in labels)
    assert labels[1].startswith("! Partsforum") and not labels[0].startswith("!")
    assert ax.get_xlabel() == "Beløb (mio. kr.)"
    assert "21,90" in all_texts(fig) and "2,45" in all_texts(fig)  # Danish decimal comma
    assert ax.xaxis.get_major_formatter()(2.5, 0) == "2,5"
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Bevilget", "Forbrugt", "Forventet forbrug"]


def test_rag_overview_words_and_counts():
    fig = status_charts.rag_overview_chart(rag_frame(), "Samlet status")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Grøn", "Gul", "Rød", "Ikke rapporteret"]
    assert [t.get_text() for t in ax.texts] == ["7", "4", "2", "1"]
    assert ax.get_xlabel() == "Antal projekter"


def test_rag_overview_accepts_a_column_and_missing_categories():
    frame = pd.DataFrame({"overall": ["red", None], "count": [2, 3]})
    fig = status_charts.rag_overview_chart(frame, "Samlet status")
    assert [t.get_text() for t in fig.axes[0].texts] == ["0", "0", "2", "3"]


def test_dependency_graph_nodes_and_empty_input():
    fig = status_charts.dependency_graph(deps_frame(), "Afhængigheder")
    texts = " ".join(all_texts(fig))
    for name in ("Sundhedsjournalen", "Hurtigt patientoverblik", "(gul)", "(eksternt)", "Eksternt system"):
        assert name in texts
    assert status_charts.dependency_graph(deps_frame().iloc[0:0], "Afhængigheder") is None


def test_danish_date_formatter():
    x = mdates.date2num(pd.Timestamp("2026-05-14").to_pydatetime())
    assert style.danish_date_formatter()(x) == "maj 2026"
    assert style.danish_date_formatter(with_day=True)(x) == "14. maj 2026"


def test_benefits_chart_puts_the_furthest_behind_on_top_and_says_each_state():
    fig = benefit_charts.achievement_chart(benefits_frame(), "Gevinster")
    ax = fig.axes[0]
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    # behind, watch, not measured, on track from the top; not started is left out
    assert [label.split(":")[0] for label in labels] == [
        "Video i almen praksis",
        "MinLæge-app",
        "Cockpit",
        "Forbedring af epikriser",
    ]
    assert labels[-1].endswith("(lukket)")
    texts = all_texts(fig)
    assert "49 % – bagud (forventet 84 %)" in texts and "31 % – på sporet (forventet 25 %)" in texts
    assert "ikke målt" in texts and "Mål" in texts
    bars = [p for p in ax.patches if isinstance(p, matplotlib.patches.Rectangle)]
    assert len(bars) == 3  # no bar for the benefit without a current measurement (hatches are merged shapes)
    with pytest.raises(ValueError):
        benefit_charts.achievement_chart(benefits_frame().iloc[3:4], "x")


def test_benefit_years_chart_marks_the_plan_ahead():
    fig = benefit_charts.economic_by_year_chart(benefit_years_frame(), "Økonomiske gevinster", 2026)
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks == ["2025", "2026", "2027 (plan)"]
    assert {"0,7", "0,4", "7,3", "4,5", "13,0"} <= set(all_texts(fig))


# ------------------------------------------------------------------ drawn once, in the house style, light to print


def test_the_house_style_holds_wherever_the_figure_is_drawn():
    """Nothing is drawn while a chart is built; ticks made later, outside style_context, still get the style."""
    fig = risk_charts.exposure_chart(exposure_frame(), "Risikoeksponering")
    fig.savefig(io.BytesIO(), format="svg")  # outside any rc context, as figure_html and JupyterLab do
    ax = fig.axes[0]
    tick = ax.xaxis.get_major_ticks()[0]
    assert matplotlib.colors.same_color(tick.tick1line.get_color(), style.MUTED)
    assert matplotlib.colors.same_color(tick.label1.get_color(), style.INK)
    assert tick.label1.get_fontsize() == style.TICK_PT


def _svg(fig) -> str:
    import base64
    import re

    from dap_reports.reports.common.html import figure_html

    encoded = re.search(r"base64,([A-Za-z0-9+/=]+)", figure_html(fig, "alt", "caption"))
    assert encoded
    return base64.b64decode(encoded.group(1)).decode("utf-8")


@pytest.mark.parametrize("meetings", [3, 30])
def test_hatched_bars_are_one_hatched_shape_per_look(meetings):
    """However many bars, each hatch is one shape (a PDF renderer draws a pattern anew per shape)."""
    dates = pd.date_range("2024-01-10", periods=meetings, freq="35D")
    frame = pd.DataFrame({"meeting_date": dates, "red": 2, "yellow": 3, "green": 1})
    frame["open_risks"], frame["total_score"] = 6, 60
    fig = risk_charts.exposure_chart(frame, "Risikoeksponering")
    bars_ax = fig.axes[1]
    bars = [p for p in bars_ax.patches if isinstance(p, matplotlib.patches.Rectangle)]
    assert len(bars) == 3 * meetings and not any(p.get_hatch() for p in bars)
    merged = [a for a in bars_ax.get_children() if isinstance(a, matplotlib.patches.PathPatch) and a.get_hatch()]
    assert sorted(a.get_hatch() for a in merged) == sorted([style.RAG_HATCH["red"], style.RAG_HATCH["yellow"]])
    for shape in merged:  # each covers its bars: one rectangle (5 path codes) per meeting
        assert len(shape.get_path().vertices) == 5 * meetings
    legend = fig.legends[0]
    assert {p.get_hatch() for p in legend.get_patches()} >= {"///", "..."}  # the legend keeps its samples
    svg = _svg(fig)
    assert 2 <= svg.count("fill: url(#h") <= 4  # two merged shapes and two legend samples


def test_chart_text_is_svg_text_in_the_house_font():
    svg = _svg(risk_charts.risk_heatmap(counts_grid({(4, 4): 3}), RiskRule(), "Åbne risici"))
    assert "<text" in svg and "font-family: 'DejaVu Sans', sans-serif" in svg
    assert "Åbne risici" in svg and "Konsekvens (1–5)" in svg  # Danish letters as text, searchable in the PDF
    assert 'id="DejaVuSans-' not in svg  # no glyph outlines
