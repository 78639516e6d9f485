"""The issue's round trip on the demo: forms out, three filled (one with a planted error), collect, reports.

Through the command line, as the programme office runs it; the inputs must be byte-identical afterwards.
"""

from __future__ import annotations

import re

from typer.testing import CliRunner

from dap_reports.cli import app
from dap_reports.run.jobs import run_meeting
from forms.formkit import GOOD_STATUS, MEETING, fill, sha

runner = CliRunner()


def _text(path) -> str:
    """An HTML report's visible text, tags removed and spaces collapsed."""
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&nbsp;", " ")


def test_forms_collect_and_the_meetings_reports(forms_workspace, tmp_path):
    import shutil

    folder = tmp_path / "ws"
    shutil.copytree(forms_workspace[0], folder)
    result = runner.invoke(
        app, ["forms", MEETING, "--data", str(folder / "portfolio.xlsx"), "--out", str(folder / "ud")]
    )
    assert result.exit_code == 0, result.output
    forms = {p.name[:3]: p for p in (folder / "ud").glob("*.xlsx")}
    assert len(forms) == 15  # the 14 active projects and P03, closed but with its benefit still followed

    fill(
        forms["P01"],
        status={**GOOD_STATUS, "Resumé (én linje)": "Udrulning i tre regioner gennemført"},
        cells=[
            ("Risici", "R05", "Sandsynlighed (1-5)", 4),
            ("Økonomi", "FL-IT", "Forbrug til dato, kr.", 3_456_000),
        ],
    )
    fill(
        forms["P05"],
        status={"Tid": "rød", "Økonomi": "grøn", "Leverancer": "gul", "Resumé (én linje)": "App-opdatering afvist"},
        new_rows=[
            ("Ændringsanmodninger", {"Beskrivelse (hvad og hvorfor)": "Ny app-version", "Tid, dage (+ = senere)": 45})
        ],
    )
    # The planted error: a probability of 7 on a 1-5 scale.
    fill(
        forms["P02"], status=GOOD_STATUS, cells=[("Risici", "R08", "Sandsynlighed (1-5)", 7)]
    )  # R08 is P02's open risk
    inputs = [folder / "portfolio.xlsx", folder / "portfolio.yaml", *forms.values()]
    before = {p: sha(p) for p in inputs}

    merged = folder / "portfolio-2026-12-09.xlsx"
    result = runner.invoke(
        app,
        [
            "collect",
            str(forms["P01"]),
            str(forms["P02"]),
            str(forms["P05"]),
            "--data",
            str(folder / "portfolio.xlsx"),
            "--out",
            str(merged),
        ],
    )
    assert result.exit_code == 1, result.output  # a form was refused; the others are merged
    out = re.sub(r"\s+", " ", result.output)
    assert re.search(r"P02-den-intelligente-indbakke-2026-12-09\.xl ?sx ?/ ?Risici", out), out
    assert "out of range" in out and "Sandsynlighed (1-5) (K)" in out
    assert "Written" in out and merged.exists()
    assert "P02 Den intelligente indbakke (refused)" in out
    assert {p: sha(p) for p in inputs} == before

    result = runner.invoke(app, ["validate", str(merged), "--no-warnings"])
    assert result.exit_code == 0, result.output

    written = run_meeting(MEETING, data=merged, out=folder / "output")
    status = _text(next(p for p in written if p.name == f"portefoljeoverblik-{MEETING}.html"))
    risks = _text(next(p for p in written if p.name == f"risikorapport-{MEETING}.html"))
    assert "Udrulning i tre regioner gennemført" in status
    assert "App-opdatering afvist" in status
    assert "3.456.000" in status  # P01's spend to date as answered
    assert "Ny app-version" in status  # P05's new change request, pending for the meeting
    # R05 (P01) was 5×5 = 25 at 2026-10-14 (risk_assessments.csv); answered 4×5 = 20.
    assert re.search(r"Datakvalitet i kildesystemer Hurtigt patientoverblik 25 20", risks), risks[:2000]
    assert {p: sha(p) for p in inputs} == before
