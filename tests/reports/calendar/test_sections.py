"""`dap-reports calendar`: wheel files, workbook rows and page; never overwrites without --force."""

from typer.testing import CliRunner

from dap_reports.cli import app

runner = CliRunner()


def test_calendar_writes_parameters_rows_and_page(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the bundled demo's workspace is the current folder
    result = runner.invoke(app, ["calendar", "2027", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "parameters" / "meetings").iterdir())
    assert written == [
        "2027-01-13.yaml",
        "2027-03-10.yaml",
        "2027-05-12.yaml",
        "2027-08-11.yaml",
        "2027-10-13.yaml",
        "2027-12-08.yaml",
    ]
    page = (tmp_path / "out" / "2027" / "aarshjul-2027.html").read_text(encoding="utf-8")
    assert "Årshjul 2027" in page and "data:image/svg+xml;base64," in page and "Sundhedsstyrelsen" in page
    assert (
        (tmp_path / "out" / "2027" / "aarshjul-2027-agenda.csv").read_text(encoding="utf-8").startswith("meeting_date,")
    )

    before = (tmp_path / "parameters" / "meetings" / "2027-01-13.yaml").read_bytes()
    (tmp_path / "parameters" / "meetings" / "2027-01-13.yaml").write_text("title: mine\n", encoding="utf-8")
    again = runner.invoke(app, ["calendar", "2027", "--out", str(tmp_path / "out")])
    assert again.exit_code == 2 and "--force" in again.output
    assert (tmp_path / "parameters" / "meetings" / "2027-01-13.yaml").read_text(encoding="utf-8") == "title: mine\n"
    forced = runner.invoke(app, ["calendar", "2027", "--out", str(tmp_path / "out"), "--force"])
    assert forced.exit_code == 0
    assert (tmp_path / "parameters" / "meetings" / "2027-01-13.yaml").read_bytes() == before


def test_calendar_refuses_an_extra_meeting_on_a_holiday(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["calendar", "2027", "--extra", "2027-03-25", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "skærtorsdag" in result.output
    assert not (tmp_path / "parameters").exists()


def test_the_2027_wheel_names_the_successor_and_2026_the_old_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for year, present, absent in (
        (2027, "Digital Sundhed Danmark", "MedCom"),
        (2026, "MedCom", "Digital Sundhed Danmark"),
    ):
        result = runner.invoke(app, ["calendar", str(year), "--out", str(tmp_path / "out"), "--force"])
        assert result.exit_code == 0, result.output
        page = (tmp_path / "out" / str(year) / f"aarshjul-{year}.html").read_text(encoding="utf-8")
        assert present in page and absent not in page, year
        assert "sekretariat" in page  # the secretariat (the ministry) is named beside the programme office
