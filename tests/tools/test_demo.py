"""The synthetic demo: deterministic, exactly the schema, sound references, the storylines reports rely on,
and the bundled files in ``src/dap_reports/data/demo`` identical to what the generator writes."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dap_reports.contract import config, schema
from dap_reports.tools import demo

TODAY = demo.DEMO_TODAY


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return demo.generate_demo()


def _check_structure(tables: dict[str, pd.DataFrame]) -> None:
    """Schema columns, unique keys, required cells, canonical enums, ISO dates and resolving references."""
    assert list(tables) == list(schema.TABLE_NAMES)
    for table in schema.TABLES:
        frame = tables[table.name]
        assert list(frame.columns) == table.column_names, table.name
        if table.key and not frame.empty:
            assert not frame.duplicated(list(table.key)).any(), f"duplicate key in {table.name}"
        for column in table.columns:
            values = frame[column.name]
            assert not values.isna().any(), f"{table.name}.{column.name}: blanks must be ''"
            if column.required:
                assert (values != "").all(), f"{table.name}.{column.name} is required"
            filled = values[values != ""]
            if column.enum is not None:
                assert set(filled) <= set(column.enum.values), f"{table.name}.{column.name}"
            if column.type == "date":
                assert all(date.fromisoformat(v).isoformat() == v for v in filled), f"{table.name}.{column.name}"
            if column.type == "int":
                assert all(isinstance(v, int) for v in filled), f"{table.name}.{column.name}"
            if column.references is not None:
                target_table, target_column = column.references
                known = set(tables[target_table][target_column])
                missing = set(filled) - known
                assert not missing, f"{table.name}.{column.name} -> {target_table}: {sorted(missing)[:5]}"


def _check_dates_ordered(tables: dict[str, pd.DataFrame]) -> None:
    p = tables["projects"]
    assert (p["baseline_end_date"] > p["start_date"]).all()
    closed = p[p["closed_date"] != ""]
    assert (closed["closed_date"] >= closed["start_date"]).all()
    assert (closed["closure"] != "").all() and set(closed["phase"]) == {"closed"}
    m = tables["meetings"]
    sent = m[m["agenda_sent_date"] != ""]
    assert (sent["agenda_sent_date"] <= sent["meeting_date"]).all()
    minuted = m[m["minutes_sent_date"] != ""]
    assert (minuted["minutes_sent_date"] >= minuted["meeting_date"]).all()
    r = tables["risks"]
    closed_risks = r[r["closed_date"] != ""]
    assert (closed_risks["closed_date"] >= closed_risks["raised_date"]).all()
    cr = tables["change_requests"]
    decided = cr[cr["decision"] != "pending"]
    assert (decided["decision_meeting_date"] != "").all()
    scheduled = cr[cr["decision_meeting_date"] != ""]
    assert (scheduled["decision_meeting_date"] >= scheduled["submitted_date"]).all()


def test_generate_is_deterministic(tables):
    again = demo.generate_demo()
    for name in schema.TABLE_NAMES:
        pd.testing.assert_frame_equal(tables[name], again[name])


def test_write_twice_gives_identical_bytes(tmp_path):
    demo.write_demo(tmp_path / "a")
    demo.write_demo(tmp_path / "b")
    names = sorted(f.name for f in (tmp_path / "a").iterdir())
    assert names == sorted(f.name for f in (tmp_path / "b").iterdir())
    assert names == sorted([f"{t}.csv" for t in schema.TABLE_NAMES] + ["portfolio.yaml", "README.md"])
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_bundled_demo_equals_generator_output(tmp_path):
    demo.write_demo(tmp_path)
    for fresh in sorted(tmp_path.iterdir()):
        bundled = demo.DEMO_FOLDER / fresh.name
        assert bundled.exists(), f"{bundled} missing: run `python -m dap_reports.tools.demo`"
        assert bundled.read_bytes() == fresh.read_bytes(), f"{bundled} is stale: run `python -m dap_reports.tools.demo`"


def test_csv_format(tmp_path):
    demo.write_demo(tmp_path)
    text = (tmp_path / "projects.csv").read_bytes()
    assert b"\r" not in text and text.decode("utf-8").splitlines()[0] == ",".join(schema.table("projects").column_names)
    assert "SYNTETISKE" in (tmp_path / "README.md").read_text(encoding="utf-8")
    cfg = config.load_config(tmp_path)
    assert cfg.synthetic and cfg.name == "Styregruppen for Digital almen praksis" and cfg.programme_office == "MedCom"


def test_structure_and_references(tables):
    _check_structure(tables)
    _check_dates_ordered(tables)
    for name in ("areas", "indicators", "indicator_values"):
        assert tables[name].empty


def test_portfolio_shape(tables):
    p = tables["projects"]
    assert 12 <= len(p) <= 16
    assert set(p["track"]) == {"Digital almen praksis", "Digitale forløbsplaner"}
    assert (p["track"] == "Digitale forløbsplaner").sum() >= 3
    assert set(p["owner_org"]) <= set(tables["organisations"].query("role == 'member'")["org_id"])
    assert len(tables["funding_sources"]) >= 3
    closed = p[p["phase"] == "closed"]
    assert len(closed) == 1 and closed["closure"].item() == "completed" and closed["closed_date"].item()[:4] == "2026"
    assert (p["start_date"].str[:4] == "2026").sum() == 1
    assert len(set(p["phase"])) >= 5
    b = tables["budget"]
    assert set(b["year"]) == {2025, 2026}
    assert (b.groupby("project_id")["source_id"].nunique() > 1).any()
    assert 1 <= (b["spent_dkk"] > b["granted_dkk"]).sum() <= 2


def test_meetings_and_agenda(tables):
    m = tables["meetings"]
    ordinary = m[m["kind"] == "ordinary"]
    assert ordinary["meeting_date"].str[:4].value_counts().to_dict() == {"2025": 6, "2026": 6}
    assert (m["kind"] == "extra").sum() == 1
    assert "2026-03-11" in set(m["meeting_date"])
    assert all(date.fromisoformat(d).weekday() < 5 for d in m["meeting_date"])
    future = m[m["meeting_date"] > TODAY.isoformat()]
    assert len(future) >= 1 and (future["agenda_sent_date"] == "").all() and (future["minutes_sent_date"] == "").all()
    past = m[m["meeting_date"] <= TODAY.isoformat()]
    lead = (pd.to_datetime(past["meeting_date"]) - pd.to_datetime(past["agenda_sent_date"])).dt.days
    lag = (pd.to_datetime(past["minutes_sent_date"]) - pd.to_datetime(past["meeting_date"])).dt.days
    assert (lead < 7).sum() == 1 and (lag > 14).sum() == 1

    a = tables["agenda"]
    sizes = a.groupby("meeting_date").size()
    assert set(sizes.index) == set(m["meeting_date"]) and sizes.between(4, 7).all()
    status_items = a[a["item"] == "status"]
    assert set(status_items["meeting_date"]) == set(m["meeting_date"]) and (status_items["project_id"] == "").all()
    dfp = set(tables["projects"].query("track == 'Digitale forløbsplaner'")["project_id"])
    with_dfp = set(a.loc[a["project_id"].isin(dfp), "meeting_date"])
    assert 0 < len(with_dfp) < len(m)
    # the annual wheel: every project active in a year is on an agenda that year
    s = tables["status"]
    for year in ("2025", "2026"):
        active = set(s.loc[s["meeting_date"].str[:4] == year, "project_id"])
        assert active <= set(a.loc[a["meeting_date"].str[:4] == year, "project_id"]), year


def test_status_storylines(tables):
    s, p = tables["status"], tables["projects"].set_index("project_id")
    m = tables["meetings"]
    latest = m.loc[(m["kind"] == "ordinary") & (m["meeting_date"] <= TODAY.isoformat()), "meeting_date"].max()
    assert s["meeting_date"].max() == latest
    assert not (s["meeting_date"] > TODAY.isoformat()).any()
    # one active project has no report for the latest meeting
    active = p[(p["start_date"] <= latest) & ((p["closed_date"] == "") | (p["closed_date"] >= latest))].index
    assert len(set(active) - set(s.loc[s["meeting_date"] == latest, "project_id"])) == 1

    s = s.assign(
        slip=(
            pd.to_datetime(s["forecast_end_date"]) - pd.to_datetime(s["project_id"].map(p["baseline_end_date"]))
        ).dt.days
    )
    tolerance = s["project_id"].map(p["tolerance_time_days"])
    assert ((s["meeting_date"] == latest) & (s["slip"] > tolerance)).any()  # slipping beyond tolerance
    assert ((s["time_rag"] == "green") & (s["slip"] > 90)).any()  # reported green, computed red
    rags = s[["time_rag", "economy_rag", "deliverables_rag"]]
    assert 1 <= (rags == "").sum().sum() <= 3
    overridden = s[s["overall_reason"] != ""]
    assert len(overridden) == 1
    worst = max(
        overridden[["time_rag", "economy_rag", "deliverables_rag"]].iloc[0], key=["green", "yellow", "red"].index
    )
    assert overridden["overall_rag"].item() != worst
    # a project recovering red -> yellow -> green
    recovering = [
        pid
        for pid, g in s.groupby("project_id")
        if "red" in (seq := list(g.sort_values("meeting_date")["time_rag"]))
        and seq[-1] == "green"
        and "yellow" in seq[seq.index("red") :]
    ]
    assert recovering
    assert (s["phase"] != "").all() and s.groupby("project_id")["phase"].nunique().max() >= 3


def test_risks_milestones_and_change_requests(tables):
    r, ra = tables["risks"], tables["risk_assessments"]
    assert 20 <= len(r) <= 30 and 3 <= (r["project_id"] == "").sum() <= 4
    assert (r["closed_date"] != "").any() and (r["owner"] == "").any() and (r["mitigation"] == "").any()
    assert all("→" in d for d in r["description"])
    assert set(r.loc[r["closed_date"] == "", "risk_id"]) <= set(ra["risk_id"])
    scores = ra.assign(score=ra["probability"] * ra["impact"]).groupby("risk_id")["score"]
    assert (scores.last() > scores.first()).any() and (scores.last() < scores.first()).any()

    ms = tables["milestones"]
    assert ms.groupby("project_id").size().between(2, 4).all()
    missed = ms[(ms["baseline_date"] < TODAY.isoformat()) & (ms["actual_date"] == "")]
    assert len(missed) >= 1 and (ms["actual_date"] > ms["baseline_date"]).any()

    cr = tables["change_requests"]
    assert 8 <= len(cr) <= 12 and {"approved", "rejected", "pending"} == set(cr["decision"])
    pending = cr[cr["decision"] == "pending"]
    assert 2 <= len(pending) <= 3 and (pending["decision_meeting_date"] > TODAY.isoformat()).all()
    p = tables["projects"].set_index("project_id")
    days = pd.to_numeric(cr["time_impact_days"].replace("", 0))
    cost = pd.to_numeric(cr["cost_impact_dkk"].replace("", 0))
    beyond = (days > cr["project_id"].map(p["tolerance_time_days"])) | (
        cost > cr["project_id"].map(p["baseline_budget_dkk"] * p["tolerance_budget_pct"] / 100)
    )
    assert (beyond & (cr["decision"] == "approved")).any() and (~beyond & (cr["decision"] == "approved")).any()
    assert (beyond & (cr["decision"] == "pending")).any() and (~beyond & (cr["decision"] == "pending")).any()

    deps = tables["dependencies"]
    internal = deps["depends_on"].isin(p.index)
    assert internal.any() and (~internal).any()


def test_bundled_demo_loads_without_errors():
    loading = pytest.importorskip("dap_reports.contract.loading")
    portfolio = loading.load_portfolio(demo.DEMO_FOLDER)  # raises on any data error
    codes = {problem.code for problem in portfolio.problems}
    assert {"overspend", "missing_status", "rag_not_reported", "risk_without_owner"} <= codes


def test_scaled_portfolio():
    big = demo.generate_portfolio(1500, 10)
    assert len(big["projects"]) == 1500 and big["projects"]["project_id"].is_unique
    assert big["meetings"]["meeting_date"].str[:4].nunique() == 10
    _check_structure(big)
    _check_dates_ordered(big)
