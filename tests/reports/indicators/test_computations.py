"""Indicator section: figures on the KOL demo cross-checked with plain pandas on the CSV files, empty frames
for a portfolio without indicators, the milestone text with the previous meeting in parentheses, and charts."""

from __future__ import annotations

import itertools

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

import dap_reports as dr
from dap_reports.errors import ParameterError
from dap_reports.reports.indicators import charts as indicator_charts
from dap_reports.reports.indicators import computations as indicators
from dap_reports.tools import demo_kol

LAST_MEETING = "2019-12-11"  # its latest complete quarter is 2019-Q3
AFTER = "2020-01-31"  # sees 2019-Q4


@pytest.fixture(scope="module")
def kol():
    return dr.load_portfolio(demo_kol.KOL_FOLDER)


@pytest.fixture(scope="module")
def main_demo():
    return dr.load_portfolio()


@pytest.fixture(scope="module")
def raw() -> dict[str, pd.DataFrame]:
    """The bundled CSV files as plain text frames: the independent side of every cross-check."""
    read = lambda name: pd.read_csv(demo_kol.KOL_FOLDER / f"{name}.csv", dtype=str, keep_default_na=False)  # noqa: E731
    frames = {name: read(name) for name in ("areas", "indicators", "indicator_values", "milestones", "meetings")}
    frames["indicator_values"]["value"] = frames["indicator_values"]["value"].astype(float)
    return frames


def _with_programme(raw) -> pd.DataFrame:
    areas = raw["areas"]
    parent = dict(zip(areas["area_id"], areas["parent_id"], strict=True))
    values = raw["indicator_values"].copy()
    values["ldp"] = values["area_id"].map(lambda a: parent[a] if a.isdigit() else a)
    return values


# ------------------------------------------------------------------ overview


def test_overview_sums_counts_and_weights_percentages(kol, raw):
    overview = indicators.indicator_overview(kol, LAST_MEETING).set_index("indicator_id")
    assert list(overview.reset_index().columns) == indicators.OVERVIEW_COLUMNS
    assert set(overview["period"]) == {"2019-Q3"}
    values = raw["indicator_values"]
    q3 = values[values["period"] == "2019-Q3"]
    for iid in ("I01", "I02", "I03"):
        assert overview.loc[iid, "value"] == q3.loc[q3["indicator_id"] == iid, "value"].sum()
        assert not overview.loc[iid, "weighted"]
    for iid in ("I04", "I05", "I06"):  # sum of numerators over sum of denominators, not a mean of percentages
        rows = q3[q3["indicator_id"] == iid]
        numerators, denominators = rows["numerator"].astype(float), rows["denominator"].astype(float)
        assert overview.loc[iid, "value"] == pytest.approx(100 * numerators.sum() / denominators.sum())
        assert overview.loc[iid, "weighted"]
        assert overview.loc[iid, "value"] != pytest.approx(rows["value"].mean(), abs=0.05)  # weighting matters here
    assert overview.loc["I01", "value"] == 53 and overview.loc["I01", "target"] == 98
    assert overview.loc["I02", "share_of_target_pct"] == pytest.approx(100 * overview.loc["I02", "value"] / 8000)
    # admissions are better when lower: the share of the way from the baseline (12 %) to the target (9 %)
    assert overview.loc["I04", "direction"] == "lower" and overview.loc["I04", "baseline"] == 12
    assert overview.loc["I04", "share_of_target_pct"] == pytest.approx(100 * (overview.loc["I04", "value"] - 12) / -3)


def test_on_track_compares_with_the_elapsed_share_of_time(kol):
    overview = indicators.indicator_overview(kol, AFTER).set_index("indicator_id")
    assert set(overview["period"]) == {"2019-Q4"}
    # at the target date the whole change is due: only a value at or beyond the target is on track
    reached = [
        (v <= t) if d == "lower" else (v >= t)
        for v, t, d in zip(overview["value"], overview["target"], overview["direction"], strict=True)
    ]
    assert overview["on_track"].tolist() == reached
    mid = indicators.indicator_overview(kol, "2019-07-15").set_index("indicator_id")  # sees 2019-Q2
    start = pd.Timestamp("2017-01-01")
    elapsed = (pd.Timestamp("2019-06-30") - start).days / (pd.Timestamp("2019-12-31") - start).days
    assert mid.loc["I03", "on_track"] == (mid.loc["I03", "value"] / 2500 >= elapsed)
    # outcome indicators start when the first programme includes citizens (2018-Q4), and from their baseline
    o_start = pd.Timestamp("2018-10-01")
    o_elapsed = (pd.Timestamp("2019-06-30") - o_start).days / (pd.Timestamp("2019-12-31") - o_start).days
    assert mid.loc["I06", "on_track"] == ((mid.loc["I06", "value"] - 70) / (85 - 70) >= o_elapsed)


def test_overview_before_any_value_has_no_period(kol):
    early = indicators.indicator_overview(kol, "2017-03-08")
    assert early["period"].isna().all() and early["on_track"].isna().all() and len(early) == 6


# ------------------------------------------------------------------ by area


def test_progress_by_landsdelsprogram_counts_live_municipalities(kol, raw):
    frame = indicators.progress_by_area(kol, "I01", AFTER)
    assert list(frame.columns) == indicators.PROGRESS_COLUMNS and frame.attrs["period"] == "2019-Q4"
    values = _with_programme(raw)
    q4 = values[(values["indicator_id"] == "I01") & (values["period"] == "2019-Q4")]
    expected_value = q4.groupby("ldp")["value"].sum()
    expected_target = q4.groupby("ldp").size()  # one municipality = one to bring live
    got = frame.set_index("area_id")
    assert got["value"].to_dict() == expected_value.to_dict()
    assert got["target"].to_dict() == expected_target.astype(float).to_dict()
    assert got.loc["LDP-H", "target"] == 29 and got.loc["LDP-N", "parent_name"] == "Region Nordjylland"
    assert frame["share_of_target_pct"].is_monotonic_decreasing and frame["rank"].iloc[0] == 1


def test_count_targets_are_the_stated_ones_in_whole_people(kol, raw):
    stated = pd.read_csv(demo_kol.KOL_FOLDER / "indicator_targets.csv", dtype={"area_id": str})
    citizens = stated[stated["indicator_id"] == "I02"].set_index("area_id")["target"]
    assert citizens.sum() == 8000 and len(citizens) == 98  # every municipality, whole people, adding up
    municipalities = indicators.progress_by_area(kol, "I02", AFTER, level="municipality").set_index("area_id")
    assert municipalities["target"].to_dict() == citizens.astype(float).to_dict()
    programmes = indicators.progress_by_area(kol, "I02", AFTER).set_index("area_id")
    sjaelland = {m[0] for m in demo_kol.MUNICIPALITIES if m[2] == "1085"}
    assert programmes.loc["LDP-SJ", "target"] == citizens[list(sjaelland)].sum()
    # the storyline: Hovedstaden is the laggard on citizens included, Nordjylland ahead of its share
    assert programmes["laggard"][programmes["laggard"]].index.tolist() == ["LDP-H"]
    assert programmes.loc["LDP-N", "share_of_target_pct"] > 100


def test_counts_without_stated_targets_are_shared_out_in_whole_units(kol):
    import copy

    p = copy.copy(kol)
    p.tables = dict(kol.tables, indicator_targets=kol.tables["indicator_targets"].iloc[0:0])
    municipalities = indicators.progress_by_area(p, "I02", AFTER, level="municipality")
    # 8000 over 98 municipalities is 81,63…: 81 each and the 62 left over to the first 62 in sheet order
    areas = p.tables["areas"]
    order = areas.loc[areas["kind"] == "municipality", "area_id"].tolist()
    expected = {a: 82.0 if k < 62 else 81.0 for k, a in enumerate(order)}
    assert municipalities.set_index("area_id")["target"].to_dict() == expected
    programmes = indicators.progress_by_area(p, "I02", AFTER).set_index("area_id")
    sjaelland = {m[0] for m in demo_kol.MUNICIPALITIES if m[2] == "1085"}
    assert programmes.loc["LDP-SJ", "target"] == sum(expected[a] for a in sjaelland)
    assert programmes["target"].sum() == 8000
    weighted = indicators.progress_by_area(p, "I02", AFTER, weights=demo_kol.inhabitants())
    assert weighted["target"].sum() == 8000 and (weighted["target"] % 1 == 0).all()


def test_laggards_are_below_half_the_median_or_a_given_threshold(kol):
    frame = indicators.progress_by_area(kol, "I02", AFTER)
    median = frame["share_of_target_pct"].median()
    assert frame["laggard"].tolist() == (frame["share_of_target_pct"] < 0.5 * median).tolist()
    strict = indicators.progress_by_area(kol, "I02", AFTER, laggard_below_pct=80)
    assert strict["laggard"].tolist() == (strict["share_of_target_pct"] < 80).tolist()


def test_municipality_level_names_the_landsdelsprogram(kol, raw):
    frame = indicators.progress_by_area(kol, "I01", AFTER, level="municipality")
    assert len(frame) == 98 and set(frame["target"]) == {1.0}
    assert set(frame["parent_name"]) == {f"Landsdelsprogram {p.short}" for p in demo_kol.PROGRAMMES.values()}
    not_live = set(frame.loc[frame["value"] == 0, "area_id"])
    assert set(frame.loc[frame["laggard"], "area_id"]) == not_live  # median is 100 %: the 0 % are laggards
    assert set(demo_kol.NOT_LIVE_IN_2019) <= not_live
    assert frame.loc[frame["area_id"] == "825", "parent_name"].item() == "Landsdelsprogram Nordjylland"


def test_outcome_per_programme_is_its_fraction_and_has_no_municipality_figures(kol, raw):
    frame = indicators.progress_by_area(kol, "I05", AFTER).set_index("area_id")
    q4 = raw["indicator_values"].query("indicator_id == 'I05' and period == '2019-Q4'").set_index("area_id")
    fraction = 100 * q4["numerator"].astype(float) / q4["denominator"].astype(float)
    assert frame["value"].to_dict() == pytest.approx(fraction.to_dict())
    assert (frame["value"] - q4["value"]).abs().max() <= 0.05  # the rounded value in the sheet
    assert set(frame["target"]) == {80.0} and set(frame["baseline"]) == {55.0}  # a percentage keeps both
    assert indicators.progress_by_area(kol, "I05", AFTER, level="municipality").empty
    regions = indicators.progress_by_area(kol, "I05", AFTER, level="region")
    assert sorted(regions["value"]) == pytest.approx(sorted(frame["value"]))  # one programme per region


def test_series_matches_a_groupby(kol, raw):
    series = indicators.indicator_series(kol, "I02")
    assert list(series.columns) == indicators.SERIES_COLUMNS
    values = _with_programme(raw)
    expected = values[values["indicator_id"] == "I02"].groupby(["period", "ldp"])["value"].sum()
    got = series.set_index(["period", "area_id"])["value"]
    assert got.sort_index().to_dict() == expected.sort_index().to_dict()
    assert series["period"].iloc[0] == "2017-Q1" and series["period"].iloc[-1] == "2019-Q4"
    assert series["area_name"].iloc[0] == "Landsdelsprogram Hovedstaden"  # areas in sheet order
    municipal = indicators.indicator_series(kol, "I01", level="municipality")
    assert len(municipal) == 98 * 12


def test_unknown_indicator_or_level_is_a_clear_error(kol):
    with pytest.raises(ParameterError, match="unknown indicator 'I99'"):
        indicators.progress_by_area(kol, "I99", AFTER)
    with pytest.raises(ParameterError, match="unknown level"):
        indicators.indicator_series(kol, "I01", level="kommune")


def test_aggregation_rule():
    assert indicators.aggregation("%") == "ratio" and indicators.aggregation(" Procent ") == "ratio"
    assert indicators.aggregation("antal") == "sum" and indicators.aggregation("kommuner") == "sum"
    assert indicators.aggregation(None) == "sum"


def test_a_portfolio_without_indicators_gives_empty_frames(main_demo):
    assert main_demo.tables["indicators"].empty
    for frame, columns in (
        (indicators.indicator_overview(main_demo, "2026-10-14"), indicators.OVERVIEW_COLUMNS),
        (indicators.progress_by_area(main_demo, "I01", "2026-10-14"), indicators.PROGRESS_COLUMNS),
        (
            indicators.progress_by_area(main_demo, "I01", "2026-10-14", level="municipality"),
            indicators.PROGRESS_COLUMNS,
        ),
        (indicators.indicator_series(main_demo, "I01"), indicators.SERIES_COLUMNS),
    ):
        assert frame.empty and list(frame.columns) == columns


# ------------------------------------------------------------------ milestones


def _reached_by_hand(raw, project_id: str, when: str) -> str:
    ms = raw["milestones"]
    done = ms[(ms["project_id"] == project_id) & (ms["actual_date"] != "") & (ms["actual_date"] <= when)]
    return done.sort_values("actual_date")["name"].iloc[-1] if len(done) else indicators.NO_MILESTONE


def test_milestone_progress_at_every_meeting_matches_the_milestones_sheet(kol, raw):
    meetings = sorted(raw["meetings"]["meeting_date"])
    for before, when in itertools.pairwise([None, *meetings]):
        frame = indicators.milestone_progress(kol, when)
        assert list(frame.columns) == indicators.MILESTONE_COLUMNS
        assert frame["project_id"].tolist() == ["KOL-H", "KOL-SJ", "KOL-SD", "KOL-M", "KOL-N"]
        for row in frame.itertuples():
            current = _reached_by_hand(raw, row.project_id, when)
            previous = _reached_by_hand(raw, row.project_id, before) if before else None
            assert (row.current_milestone, row.previous_milestone) == (current, previous)
            assert row.changed == (previous is not None and previous != current)
            if previous is None:
                assert row.display == current
            elif row.changed:
                assert row.display == f"{current} (forrige: {previous})"
            else:
                assert row.display == f"{current} (uændret)"


def test_first_meeting_has_no_previous_milestone(kol):
    frame = indicators.milestone_progress(kol, "2017-03-08").set_index("project_id")
    assert frame["previous_milestone"].isna().all() and not frame["changed"].any()
    assert frame.loc["KOL-N", "display"] == "Styregruppe nedsat"
    assert frame.loc["KOL-H", "display"] == indicators.NO_MILESTONE
    assert frame.loc["KOL-N", "area_id"] == "LDP-N"


def test_programmes_stand_at_different_milestones(kol):
    frame = indicators.milestone_progress(kol, "2018-03-14").set_index("project_id")
    assert frame.loc["KOL-H", "display"] == "Behandlingstilbud beskrevet (uændret)"
    assert frame.loc["KOL-N", "display"] == "Logistik på plads (forrige: Aftaler indgået)"
    assert frame["current_milestone"].nunique() >= 3


def test_milestone_progress_on_an_ordinary_portfolio_lists_active_projects(main_demo):
    frame = indicators.milestone_progress(main_demo, "2026-10-14")
    assert list(frame.columns) == indicators.MILESTONE_COLUMNS
    assert set(frame["project_id"]) == set(main_demo.active_projects("2026-10-14")["project_id"])
    assert frame["area_id"].isna().all()
    assert frame["display"].str.contains(r"\((?:forrige: .+|uændret)\)$").all()


# ------------------------------------------------------------------ charts


@pytest.fixture
def no_leaks():
    before_rc, before_figs = dict(matplotlib.rcParams), plt.get_fignums()
    yield
    assert plt.get_fignums() == before_figs and dict(matplotlib.rcParams) == before_rc


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text)]


def test_small_multiples_one_panel_per_programme_with_danish_quarters(kol, no_leaks):
    series = indicators.indicator_series(kol, "I01")
    targets = indicators.progress_by_area(kol, "I01", AFTER).set_index("area_id")["target"].to_dict()
    fig = indicator_charts.indicator_small_multiples(series, "Kommuner i drift", targets)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 5
    texts = _texts(fig)
    assert "K1 2018" in texts and "Mål 29" in texts and "Landsdelsprogram Nordjylland" in texts
    assert len({ax.get_ylim() for ax in visible}) == 1  # shared y
    with pytest.raises(ValueError):
        indicator_charts.indicator_small_multiples(series.iloc[0:0], "x")


def test_progress_chart_marks_laggards_in_words(kol, no_leaks):
    weights = demo_kol.inhabitants()
    by_programme = indicators.progress_by_area(kol, "I02", AFTER, weights=weights)
    municipalities = indicators.progress_by_area(kol, "I02", AFTER, level="municipality", weights=weights)
    fig = indicator_charts.progress_by_region_chart(by_programme, "Borgere inkluderet", municipalities, bottom=10)
    assert len(fig.axes) == 2
    labels = [t.get_text() for t in fig.axes[1].get_yticklabels()]
    assert len(labels) == 10 and all("(" in label for label in labels)
    assert any("efterslæb" in t for t in _texts(fig)) and "Hovedstaden" in _texts(fig)
    single = indicator_charts.progress_by_region_chart(by_programme, "Borgere inkluderet")
    assert len(single.axes) == 1


def _kol_charts(kol) -> dict:
    weights = demo_kol.inhabitants()
    return {
        "small_multiples": lambda: indicator_charts.indicator_small_multiples(
            indicators.indicator_series(kol, "I05"),
            "Borgere der oplever øget tryghed (%)",
            dict.fromkeys(demo_kol.PROGRAMMES, 80),
        ),
        "progress": lambda: indicator_charts.progress_by_region_chart(
            indicators.progress_by_area(kol, "I02", AFTER, weights=weights),
            "Borgere inkluderet – andel af målet",
            indicators.progress_by_area(kol, "I02", AFTER, level="municipality", weights=weights),
        ),
    }


@pytest.mark.parametrize("name", ["small_multiples", "progress"])
def test_charts_follow_the_house_conventions(kol, name, no_leaks):
    """Titled, SVG-able, fonts ≥ 9 pt with Danish glyphs, and deterministic – as for every chart."""
    import io
    import warnings

    build = _kol_charts(kol)[name]
    fig = build()
    assert fig.get_suptitle()
    svg = io.BytesIO()
    fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
    assert b"<svg" in svg.getvalue()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning from the renderer
        first = io.BytesIO()
        fig.savefig(first, format="png", dpi=50)
    small = [t.get_text() for t in fig.findobj(Text) if t.get_text() and t.get_visible() and t.get_fontsize() < 9]
    assert not small
    second = io.BytesIO()
    build().savefig(second, format="png", dpi=50)
    assert first.getvalue() == second.getvalue()


def test_laggards_early_in_a_rollout_are_the_areas_not_started():
    """With a median share of zero, half the median flags nobody; the areas still at zero are behind."""
    import dap_reports as dr
    from dap_reports.tools.demo_kol import KOL_FOLDER

    p = dr.load_portfolio(KOL_FOLDER)
    frame = indicators.progress_by_area(p, "I02", "2019-09-11", level="municipality")
    assert frame["share_of_target_pct"].median() == 0
    assert set(frame.loc[frame["laggard"], "area_id"]) == set(frame.loc[frame["value"] == 0, "area_id"])
    assert frame["laggard"].sum() > 0
