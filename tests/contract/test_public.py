"""The public version names organisations or roles, never persons."""

from __future__ import annotations

import csv

import pytest
from pypdf import PdfReader

from conftest import load_tiny
from dap_reports.contract.locate import DEMO_DIR
from dap_reports.contract.public import person_names, public_version
from dap_reports.run.jobs import run_meeting, run_year


def _demo_person_names() -> set[str]:
    """Every person named in the demo's CSV files, read independently of the library."""

    def column(table, name):
        with open(DEMO_DIR / f"{table}.csv", encoding="utf-8") as handle:
            return {row[name] for row in csv.DictReader(handle) if row[name]}

    with open(DEMO_DIR / "organisations.csv", encoding="utf-8") as handle:
        orgs = {v for row in csv.DictReader(handle) for v in (row["org_id"], row["name"])}
    return (column("projects", "project_lead") | column("status", "reported_by") | column("risks", "owner")) - orgs


def test_every_person_is_found_and_replaced_in_the_tables(demo):
    names = _demo_person_names()
    assert len(names) == 15 and set(person_names(demo)) == names
    public = public_version(demo, "2026-10-14")
    text = " ".join(str(v) for frame in public.tables.values() for c in frame.columns for v in frame[c])
    assert not [n for n in names if n in text]
    # A name in free text goes too: the demo's mitigation of R19 says who follows up.
    risks = public.risks.set_index("title")
    assert risks.loc["Bemanding i klinikken", "mitigation"].endswith(
        "projektleder, Praktiserende Lægers Organisation følger op med klinikkerne"
    )
    assert risks.loc["Bemanding i klinikken", "owner"] == "projektleder, Praktiserende Lægers Organisation"
    # An organisation named as owner stays as it is.
    assert "MedCom" in set(public.risks["owner"]) and "Sundhedsdatastyrelsen" in set(public.risks["owner"])


def test_names_are_replaced_as_whole_words_only(tmp_path):
    def edit(rows):
        rows["projects"][0]["project_lead"] = "Ib"
        rows["status"][0]["summary"] = "Ib har talt med Ibrahim; Ibs plan følger"

    p = public_version(load_tiny(tmp_path, edit))
    assert p.status.iloc[0]["summary"] == "projektleder, KL har talt med Ibrahim; Ibs plan følger"


@pytest.fixture(scope="module")
def public_papers(tmp_path_factory):
    out = tmp_path_factory.mktemp("public")
    written = run_meeting("2026-10-14", data=DEMO_DIR, out=out, formats="html,pdf", public=True)
    written += run_year(2026, data=DEMO_DIR, out=out, formats="html", public=True)
    return written


def test_the_public_papers_contain_no_person_name(public_papers):
    names = _demo_person_names()
    assert {p.name for p in public_papers} >= {
        "portefoljeoverblik-2026-10-14-offentlig.html",
        "portefoljeoverblik-2026-10-14-offentlig.pdf",
        "risikorapport-2026-10-14-offentlig.html",
        "aarsrapport-2026-offentlig.html",
    }
    for path in public_papers:
        if path.suffix == ".pdf":
            text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
        else:
            text = path.read_text(encoding="utf-8")
        assert "Offentlig version" in text, path.name
        assert not [n for n in names if n in text], path.name
