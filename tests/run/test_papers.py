"""`dap-reports agenda|minutes DATE`: the papers as notebook, HTML, PDF and Word, their deadline warnings,
and the Word document read back (headings, tables, placeholders, properties)."""

from __future__ import annotations

import shutil

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from dap_reports import ParameterError, load_portfolio
from dap_reports.cli import app
from dap_reports.contract.locate import DEMO_DIR
from dap_reports.reports.papers import computations as pc
from dap_reports.reports.papers.sections import item_heading
from dap_reports.run.jobs import issue_meeting, run_meeting, run_paper
from dap_reports.run.parameters import check_formats

runner = CliRunner()
PLANNED, HELD = "2026-12-09", "2026-10-14"  # the demo's next meeting (not held yet) and its last held one


@pytest.fixture(scope="module")
def papers(tmp_path_factory):
    """The agenda of the planned meeting and the minutes of the held one, made once on the demo."""
    out = tmp_path_factory.mktemp("papers")
    agenda = run_paper("agenda", PLANNED, data=DEMO_DIR, out=out, today="2026-12-04")
    minutes = run_paper("minutes", HELD, data=DEMO_DIR, out=out, today="2026-10-20")
    return out, agenda, minutes


def test_each_paper_is_written_in_every_format_beside_the_meetings_reports(papers):
    out, agenda, minutes = papers
    assert sorted(p.name for p in agenda.written) == [
        f"dagsorden-{PLANNED}.{ext}" for ext in ("docx", "html", "ipynb", "pdf")
    ]
    assert sorted(p.name for p in minutes.written) == [
        f"referat-{HELD}.{ext}" for ext in ("docx", "html", "ipynb", "pdf")
    ]
    assert {p.parent for p in agenda.written} == {out / "2026" / PLANNED}


def test_the_agenda_warns_when_it_is_made_after_its_sending_deadline(papers):
    _, agenda, _ = papers
    # 9 December less 7 days is 2 December; made on 4 December: two days late.
    assert any("due to be sent by 2026-12-02" in w and "2 day(s) late" in w for w in agenda.warnings)
    assert any(
        "attachments portefoljeoverblik-2026-12-09.pdf, risikorapport-2026-12-09.pdf" in w for w in agenda.warnings
    )
    # CR11 (the newest request, for P10) has no recommendation yet: item 3 (items run P01, P10, P15 after status).
    assert any(w.startswith("Decision item(s) 3 have no recommendation") for w in agenda.warnings)


def test_no_deadline_warning_in_time_and_a_draft_warning_before_the_meeting(tmp_path):
    early = run_paper("agenda", PLANNED, data=DEMO_DIR, out=tmp_path, formats="html", today="2026-12-02")
    assert not any("due to be sent" in w for w in early.warnings)
    draft = run_paper("minutes", PLANNED, data=DEMO_DIR, out=tmp_path, formats="html", today="2026-12-04")
    assert any("has not been held yet" in w for w in draft.warnings)
    html = (tmp_path / "2026" / PLANNED / f"referat-{PLANNED}.html").read_text(encoding="utf-8")
    assert html.count(pc.MISSING_DECISION) == 5  # the planned meeting's five items; "Eventuelt" has its own
    assert 'class="dap-placeholder"' in html and "Udkast: beslutningen er endnu ikke registreret" in html


@pytest.mark.parametrize(
    "kind,meeting,expected",
    [
        # The demo sent the agenda of 13 August 2025 on the 9th, four days before: due by 6 August.
        ("agenda", "2025-08-13", "agenda as sent on 2025-08-09, after its deadline 2025-08-06"),
        # ... and the minutes of 13 May 2026 on 2 June, 20 days after: due by 27 May.
        ("minutes", "2026-05-13", "minutes as sent on 2026-06-02, after their deadline 2026-05-27"),
    ],
)
def test_a_paper_recorded_as_sent_is_judged_by_the_day_it_was_sent(tmp_path, kind, meeting, expected):
    made = run_paper(kind, meeting, data=DEMO_DIR, out=tmp_path, formats="html", today="2026-12-04")
    assert [w for w in made.warnings if "deadline" in w or "due to be sent" in w] == [
        next(w for w in made.warnings if expected in w)
    ]
    on_time = run_paper(kind, "2026-10-14", data=DEMO_DIR, out=tmp_path, formats="html", today="2026-12-04")
    assert not [w for w in on_time.warnings if "deadline" in w or "due to be sent" in w]


def test_the_command_line_prints_the_warnings(tmp_path):
    result = runner.invoke(app, ["agenda", PLANNED, "--out", str(tmp_path), "-f", "html", "--today", "04-12-2026"])
    assert result.exit_code == 0, result.output
    assert "Warning:" in result.output and "2 day(s) late" in result.output
    assert (tmp_path / "2026" / PLANNED / f"dagsorden-{PLANNED}.html").is_file()
    bad = runner.invoke(app, ["minutes", PLANNED, "--out", str(tmp_path), "-f", "odt"])
    assert bad.exit_code == 2 and "html, pdf, docx" in bad.output


def test_docx_is_only_for_papers():
    assert check_formats("html,pdf,docx", ("html", "pdf", "docx")) == ("html", "pdf", "docx")
    with pytest.raises(ParameterError, match="docx only for the agenda and minutes"):
        check_formats("html,docx")


def _headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_the_agenda_reads_back_from_word_with_its_items(papers):
    out, _, _ = papers
    document = docx.Document(str(out / "2026" / PLANNED / f"dagsorden-{PLANNED}.docx"))
    expected = pc.agenda(load_portfolio(DEMO_DIR), PLANNED)
    # Heading 2 holds every item, numbered with its kind; Eventuelt last.
    assert _headings(document, 2) == ["Inviterede", *(item_heading(i) for i in expected.items)]
    assert _headings(document, 2)[1:3] == [
        "1. Porteføljeoverblik (status)",
        "2. Ændringsanmodning: Hurtigt patientoverblik (CR10) (beslutning)",
    ]
    assert _headings(document, 1) == ["Mødet", "Deltagere", "Dagsordenens punkter", "Bilag"]
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == ["Dagsorden"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Udsendes senest: 02-12-2026 (7 dage før mødet)" in text
    assert "Sundhedsstyrelsen – Digitale forløbsplaner er på dagsordenen" in text
    for item in expected.items:
        if item.recommendation:
            assert item.recommendation in text
    # The missing recommendation (item 3, CR11) is a highlighted placeholder.
    marks = [r for p in document.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert [r.text for r in marks] == ["[Sted angives]", pc.MISSING_RECOMMENDATION]
    # The attachments table: a real table with a repeated header row and a caption.
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["Bilag", "Punkt", "Fil"]
    assert [c.text for c in table.rows[1].cells] == [
        "Bilag 1.1",
        "1. Porteføljeoverblik",
        "portefoljeoverblik-2026-12-09.pdf",
    ]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == "Bilag til dagsordenen"
    properties = document.core_properties
    assert properties.title == "Dagsorden – Styregruppen for Digital almen praksis – 9. december 2026"
    assert properties.language == "da-DK"
    lang = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert lang.find(qn("w:lang")).get(qn("w:val")) == "da-DK"
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_the_minutes_read_back_from_word_with_decisions_and_actions(papers):
    out, _, minutes = papers
    document = docx.Document(str(out / "2026" / HELD / f"referat-{HELD}.docx"))
    paper = pc.minutes(load_portfolio(DEMO_DIR), HELD)
    assert _headings(document, 1) == [
        "Mødet",
        "Deltagere",
        "Referat af punkterne",
        "Opfølgningspunkter, der føres videre",
    ]
    assert _headings(document, 2)[1:] == [*(item_heading(i) for i in paper.items), "Øvrige nye opfølgningspunkter"]
    text = "\n".join(p.text for p in document.paragraphs)
    for item in paper.items:
        if item.decision:
            assert item.decision in text
    assert _headings(document, 3).count("Referat (beslutning)") == 5
    # A025 (no due date) under item 2; A026 (no owner) among the other new actions; six carried forward.
    tables = document.tables
    assert [[c.text for c in row.cells] for row in tables[0].rows] == [
        ["Nr.", "Opfølgning", "Ansvarlig", "Frist"],
        ["A025", "Redegøre for tiltag i Hurtigt patientoverblik før næste møde", "MedCom", "ingen frist"],
    ]
    carried = tables[-1]
    assert [row.cells[0].text for row in carried.rows] == ["Nr.", "A010", "A016", "A023", "A026", "A021", "A025"]
    overdue = [row.cells[5] for row in carried.rows[1:4]]
    assert all(cell.paragraphs[0].runs[0].font.color.rgb == docx.shared.RGBColor(0xB7, 0x1C, 0x1C) for cell in overdue)
    assert "6 opfølgningspunkter er åbne efter mødet" in text
    # Minutes are due 14 days after the meeting: 28 October; made on 20 October, in time, with every decision.
    assert not any("due to be sent" in w or "No decision" in w for w in minutes.warnings)


def test_an_issued_meeting_does_not_stop_its_papers_nor_are_they_issued_with_it(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEMO_DIR, data)
    out = tmp_path / "out"
    run_meeting("2026-08-12", data=data, out=out)
    version, folder = issue_meeting("2026-08-12", data=data, out=out)
    before = {p.name: p.read_bytes() for p in (folder / version.folder).iterdir()}
    made = run_paper("minutes", "2026-08-12", data=data, out=out, formats="html,docx", today="2026-08-20")
    assert sorted(p.name for p in made.written) == [
        "referat-2026-08-12.docx",
        "referat-2026-08-12.html",
        "referat-2026-08-12.ipynb",
    ]
    assert {p.name: p.read_bytes() for p in (folder / version.folder).iterdir()} == before
    assert not any(name.startswith("referat") for name in version.files)
