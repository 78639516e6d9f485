"""The meeting command end to end on the demo, and its refusals."""

import re
import shutil

import pytest
from typer.testing import CliRunner

from dap_reports import ParameterError, ValidationFailed
from dap_reports.cli import app
from dap_reports.contract.locate import DEMO_DIR
from dap_reports.run.jobs import run_meeting
from dap_reports.run.parameters import resolve_meeting_parameters

pytestmark = pytest.mark.processes  # runs reports: CI runs these again under the Windows-like start

runner = CliRunner()
MEETING = "2026-03-11"


@pytest.fixture
def demo_reports(demo_meeting_reports):
    return demo_meeting_reports


def test_both_reports_written_with_notebooks(demo_reports):
    folder, written = demo_reports
    assert sorted(p.name for p in written) == [
        f"portefoljeoverblik-{MEETING}.html",
        f"portefoljeoverblik-{MEETING}.ipynb",
        f"portefoljeoverblik-{MEETING}.pdf",
        f"risikorapport-{MEETING}.html",
        f"risikorapport-{MEETING}.ipynb",
        f"risikorapport-{MEETING}.pdf",
    ]
    assert all(p.parent == folder for p in written)


@pytest.mark.parametrize(
    "stem,headings",
    [
        (
            "portefoljeoverblik",
            [
                "1. Mødet",
                "2. Porteføljen kort",
                "3. Status pr. projekt",
                "4. Sager til beslutning",
                "5. Opfølgning",
                "6. Milepæle",
                "7. Økonomi",
                "8. Gevinster",
                "9. Afhængigheder",
                "10. Projekter på dagsordenen",
                "11. Datakvalitet",
            ],
        ),
        (
            "risikorapport",
            [
                "1. Risikobillede",
                "2. Største risici",
                "3. Bevægelser siden sidste møde",
                "4. Risici pr. projekt",
                "5. Risikoeksponering over tid",
            ],
        ),
    ],
)
def test_reports_are_self_contained_and_show_no_code(demo_reports, stem, headings):
    folder, _ = demo_reports
    html = (folder / f"{stem}-{MEETING}.html").read_text(encoding="utf-8")
    for heading in headings:
        assert heading in html
    assert "Syntetiske demodata" in html and "SHA-256" in html
    assert not re.search(r"<script[^>]*\bsrc=", html) and "<link" not in html
    assert not re.search(r"https?://(?!www\.w3\.org)", html), "no external requests"
    for leak in ("ReportContext", "show(", "sections.", "Traceback", "Out[", "In&nbsp;[", "Warning"):
        assert leak not in html, leak
    assert 'lang="da"' in html
    assert "data:image/svg+xml;base64," in html


def test_unknown_meeting_lists_nearest(tmp_path):
    result = runner.invoke(app, ["meeting", "2026-03-12", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "2026-03-11" in result.output and "Nearest meetings" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("bad", ["../2026-03-11", "2026-03-11/../../etc", "latest"])
def test_meeting_ids_that_are_not_dates_are_refused(tmp_path, bad):
    result = runner.invoke(app, ["meeting", bad, "--out", str(tmp_path)])
    assert result.exit_code == 2 and "not a meeting date" in result.output
    assert list(tmp_path.iterdir()) == []


def test_broken_data_writes_nothing(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEMO_DIR, data)
    status = data / "status.csv"
    status.write_text(status.read_text(encoding="utf-8").replace(",green,", ",grøønn,", 1), encoding="utf-8")
    with pytest.raises(ValidationFailed, match=r"status\.csv"):
        run_meeting(MEETING, data=data, out=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_parameters_file_overrides_sheets_and_is_checked(tmp_path):
    from dap_reports import load_portfolio

    p = load_portfolio(DEMO_DIR)
    folder = tmp_path / "parameters" / "meetings"
    folder.mkdir(parents=True)
    (folder / f"{MEETING}.yaml").write_text("case_number: '2026-0042'\nhighlight_projects: [P01]\n", encoding="utf-8")
    params, path = resolve_meeting_parameters(p, MEETING, [tmp_path / "parameters"], {"lang": "da"})
    assert params.case_number == "2026-0042" and path.name == f"{MEETING}.yaml"
    (folder / f"{MEETING}.yaml").write_text("highlight_projects: [P99]\nfoo: 1\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="foo"):
        resolve_meeting_parameters(p, MEETING, [tmp_path / "parameters"])
    with pytest.raises(ParameterError, match="Danish"):
        resolve_meeting_parameters(p, MEETING, [], {"lang": "en"})


def test_workbook_text_is_escaped(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEMO_DIR, data)
    status = data / "status.csv"
    lines = status.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    target = next(i for i, line in enumerate(lines) if f",{MEETING}," in line)
    cells = next(iter(__import__("csv").reader([lines[target]])))
    cells[header.index("summary")] = "<script>alert('x')</script>"
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    lines[target] = buffer.getvalue().rstrip("\n")
    status.write_text("\n".join(lines) + "\n", encoding="utf-8")
    written = run_meeting(MEETING, data=data, out=tmp_path / "out", kinds=("status",))
    html = next(p for p in written if p.suffix == ".html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert" in html
    assert "<script>alert" not in html


# ---------------------------------------------------------------------- the annual roll-up and the KOL workspace

from dap_reports.run.jobs import run_year  # noqa: E402


def test_year_report_on_the_demo(demo_annual_report):
    written, out = demo_annual_report
    assert [p.name for p in written] == ["aarsrapport-2026.ipynb", "aarsrapport-2026.html", "aarsrapport-2026.pdf"]
    assert all(p.parent == out / "2026" / "annual" for p in written)
    html = written[1].read_text(encoding="utf-8")
    for heading in (
        "1. Sammenfatning",
        "2. Status over året",
        "3. Økonomi pr. finansieringskilde",
        "4. Gevinstrealisering",
        "5. Leverancer",
        "6. Risici",
        "7. Ændringsanmodninger",
        "8. Styring og årshjul",
        "9. Beslutninger og opfølgning",
    ):
        assert heading in html
    assert "2 af 14 projekter var røde" in html and "32.740.000 kr." in html
    assert "10. Indikatorer" not in html and "Bilag. Alle kommuner" not in html  # the demo follows no indicators
    assert "Traceback" not in html and "ReportContext" not in html


def test_year_without_meetings_is_refused(tmp_path):
    result = runner.invoke(app, ["year", "2031", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "2025, 2026" in result.output
    assert list(tmp_path.iterdir()) == []


def test_kol_workspace_reports_have_indicators(tmp_path):
    workspace = tmp_path / "kol"
    init = runner.invoke(app, ["init", str(workspace), "--demo", "kol"])
    assert init.exit_code == 0, init.output
    meeting = run_meeting("2019-09-11", data=workspace, out=tmp_path / "out", kinds=("status",))
    html = next(p for p in meeting if p.suffix == ".html").read_text(encoding="utf-8")
    assert "12. Indikatorer" in html and "Borgere inkluderet" in html and "(forrige:" in html
    assert "De 10 kommuner længst bagud" in html and "8. Gevinster" in html
    assert html.index("Bilag. Alle kommuner rangeret") > html.index("12. Indikatorer")  # the appendix comes last
    assert "Alle 98 kommuner, rangeret" in html[html.index("Bilag. Alle kommuner rangeret") :]
    annual = run_year(2019, data=workspace, out=tmp_path / "out")
    text = annual[1].read_text(encoding="utf-8")
    assert "10. Indikatorer" in text and "4. Gevinstrealisering" in text and "Bilag. Alle kommuner rangeret" in text


def test_status_report_of_the_main_demo_has_no_indicator_section(demo_reports):
    folder, _ = demo_reports
    assert "Indikatorer" not in (folder / f"portefoljeoverblik-{MEETING}.html").read_text(encoding="utf-8")
