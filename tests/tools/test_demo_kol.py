"""The KOL rollout demo: deterministic, exactly the schema, the real geography, loads cleanly, and the
bundled files in ``src/dap_reports/data/kol`` identical to what the generator writes."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import dap_reports as dr
from dap_reports.contract import config, schema
from dap_reports.tools import demo_kol

REGION_SIZES = {
    "Region Hovedstaden": 29,
    "Region Sjælland": 17,
    "Region Syddanmark": 22,
    "Region Midtjylland": 19,
    "Region Nordjylland": 11,
}


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return demo_kol.generate_kol()


@pytest.fixture(scope="module")
def portfolio():
    return dr.load_portfolio(demo_kol.KOL_FOLDER)


def test_generation_is_deterministic(tables):
    again = demo_kol.generate_kol()
    for name in schema.TABLE_NAMES:
        pd.testing.assert_frame_equal(tables[name], again[name], obj=name)


def test_bundled_files_equal_fresh_output(tmp_path):
    demo_kol.write_kol(tmp_path)
    bundled = sorted(p.name for p in demo_kol.KOL_FOLDER.iterdir())
    assert bundled == sorted(p.name for p in tmp_path.iterdir())
    for name in bundled:
        assert (demo_kol.KOL_FOLDER / name).read_bytes() == (tmp_path / name).read_bytes(), (
            f"{name} is stale: run `python -m dap_reports.tools.demo_kol`"
        )


def test_command_line_writes_the_folder(tmp_path, capsys):
    demo_kol.main(["--out", str(tmp_path / "kol")])
    assert (tmp_path / "kol" / "indicator_values.csv").exists()
    assert "SYNTHETIC" in (tmp_path / "kol" / "README.md").read_text(encoding="utf-8")
    assert "written to" in capsys.readouterr().out


def test_schema_columns_keys_enums_and_references(tables):
    assert list(tables) == list(schema.TABLE_NAMES)
    for table in schema.TABLES:
        frame = tables[table.name]
        assert list(frame.columns) == table.column_names, table.name
        if table.key:
            assert not frame.duplicated(list(table.key)).any(), table.name
        for column in table.columns:
            values = frame[column.name]
            assert not values.isna().any(), f"{table.name}.{column.name}: blanks must be ''"
            if column.required:
                assert (values.astype(str) != "").all(), f"{table.name}.{column.name} is required"
            filled = values[values.astype(str) != ""]
            if column.enum is not None:
                assert set(filled) <= set(column.enum.values), f"{table.name}.{column.name}"
            if column.type == "date":
                assert all(date.fromisoformat(v).isoformat() == v for v in filled), f"{table.name}.{column.name}"
            if column.references is not None:
                known = set(tables[column.references[0]][column.references[1]])
                assert set(filled) <= known, f"{table.name}.{column.name}"


def test_98_municipalities_with_their_real_regions(tables):
    areas = tables["areas"]
    kinds = areas["kind"].value_counts().to_dict()
    assert kinds == {"municipality": 98, "landsdelsprogram": 5, "region": 5}
    municipalities = areas[areas["kind"] == "municipality"]
    assert municipalities["area_id"].str.fullmatch(r"\d{3}").all() and municipalities["name"].is_unique
    name = dict(zip(areas["area_id"], areas["name"], strict=True))
    parent = dict(zip(areas["area_id"], areas["parent_id"], strict=True))
    region_of = municipalities["area_id"].map(lambda a: name[parent[parent[a]]])
    assert region_of.value_counts().to_dict() == REGION_SIZES
    # spot checks on the literal table
    by_code = dict(zip(municipalities["area_id"], municipalities["name"], strict=True))
    assert (by_code["101"], by_code["147"], by_code["400"], by_code["851"], by_code["825"]) == (
        "København",
        "Frederiksberg",
        "Bornholm",
        "Aalborg",
        "Læsø",
    )
    assert name[parent[parent["400"]]] == "Region Hovedstaden" and name[parent[parent["615"]]] == "Region Midtjylland"
    assert "Christiansø" not in set(areas["name"])


def test_every_municipality_hangs_under_its_regions_landsdelsprogram(tables):
    areas = tables["areas"].set_index("area_id")
    for _ldp, row in areas[areas["kind"] == "landsdelsprogram"].iterrows():
        region = areas.loc[row["parent_id"]]
        assert region["kind"] == "region" and row["name"] == "Landsdelsprogram " + region["name"].removeprefix(
            "Region "
        )
    municipalities = areas[areas["kind"] == "municipality"]
    assert set(areas.loc[municipalities["parent_id"], "kind"]) == {"landsdelsprogram"}
    for code, _name, region, _pop in demo_kol.MUNICIPALITIES:
        assert areas.loc[areas.loc[code, "parent_id"], "parent_id"] == region


def test_loads_with_no_errors_and_only_the_deliberate_warnings(portfolio):
    assert portfolio.config.synthetic and portfolio.config.invite_when_track == {}
    assert portfolio.config.name == "Fællesoffentlig porteføljestyregruppe for telemedicin til borgere med KOL"
    codes = sorted((w.code, w.project_id, w.meeting_date) for w in portfolio.warnings)
    assert codes == [("missing_status", "KOL-SJ", "2018-09-12"), ("rag_not_reported", "KOL-N", "2019-03-13")]


def test_config_file_round_trips(tmp_path):
    demo_kol.write_kol(tmp_path)
    assert config.load_config(tmp_path) == demo_kol.kol_config()


def test_meetings_are_weekdays_in_2017_to_2019(tables):
    dates = pd.to_datetime(tables["meetings"]["meeting_date"])
    assert dates.dt.year.between(2017, 2019).all() and (dates.dt.day_of_week < 5).all()
    assert tables["meetings"]["kind"].value_counts().to_dict() == {"ordinary": 12, "extra": 1}
    for column in ("agenda_sent_date", "minutes_sent_date"):
        sent = pd.to_datetime(tables["meetings"][column].replace("", None)).dropna()
        assert (sent.dt.day_of_week < 5).all(), column


def test_milestones_follow_the_programme_phases(tables):
    ms = tables["milestones"]
    names = [n for n, _ in demo_kol.MILESTONES]
    assert len(names) == 8
    for _pid, rows in ms.groupby("project_id"):
        assert list(rows["name"]) == names
        assert rows["actual_date"].is_monotonic_increasing
    # at the first meeting the programmes stand at different places
    first = tables["meetings"]["meeting_date"].min()
    reached = (
        ms[ms["actual_date"] <= first]
        .groupby("project_id")
        .size()
        .reindex(tables["projects"]["project_id"], fill_value=0)
    )
    assert reached.nunique() > 1


def test_indicator_values_cover_every_quarter_and_rise(tables):
    values = tables["indicator_values"]
    quarters = {f"{y}-Q{q}" for y in (2017, 2018, 2019) for q in range(1, 5)}
    progress = values[values["indicator_id"].isin(["I01", "I02", "I03"])]
    assert set(progress["period"]) == quarters and len(progress) == 3 * 98 * 12
    assert set(values.loc[values["indicator_id"] == "I01", "value"]) == {0, 1}
    for _key, rows in progress.groupby(["indicator_id", "area_id"]):  # cumulative counts never fall
        assert rows.sort_values("period")["value"].is_monotonic_increasing
    outcome = values[~values.index.isin(progress.index)]
    assert set(outcome["area_id"]) == set(demo_kol.PROGRAMMES)


def test_laggard_storyline(tables):
    values = tables["indicator_values"]
    last = values[(values["indicator_id"] == "I01") & (values["period"] == "2019-Q4")]
    not_live = set(last.loc[last["value"] == 0, "area_id"])
    assert set(demo_kol.NOT_LIVE_IN_2019) <= not_live
    assert last.loc[last["area_id"] == "101", "value"].item() == 1  # København is live ...
    citizens = values[(values["indicator_id"] == "I02") & (values["period"] == "2019-Q4")].set_index("area_id")["value"]
    assert citizens["101"] < citizens["751"] / 2  # ... but includes far fewer citizens than Aarhus


def test_csv_size_is_reasonable():
    size = sum(p.stat().st_size for p in demo_kol.KOL_FOLDER.glob("*.csv"))
    assert size < 1_500_000
