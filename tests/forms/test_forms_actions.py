"""The *Handlinger* sheet appears only when the data model has an ``actions`` table (issue 11 adds it)."""

from __future__ import annotations

import pandas as pd

from dap_reports.contract import schema
from dap_reports.contract.loading import load_portfolio
from dap_reports.contract.schema import Column, Table
from dap_reports.forms import summary
from dap_reports.forms.layout import sheet_specs
from dap_reports.forms.merge import Operations, _IdMaker, _merge_form
from dap_reports.forms.read import read_form
from dap_reports.forms.write import write_forms
from forms.formkit import CREATED, GOOD_STATUS, MEETING, fill

ACTIONS = Table(
    "actions",
    "Follow-up actions.",
    "Opfølgningspunkter.",
    (
        Column("action_id", "id", "Id.", "Id.", "A1"),
        Column("project_id", "id", "Project.", "Projekt.", "P01", required=False),
        Column("title", "text", "What.", "Hvad.", "Send plan"),
        Column("due_date", "date", "Due.", "Frist.", "2026-12-01"),
        Column("done_date", "date", "Done.", "Udført.", "", required=False),
    ),
    key=("action_id",),
)


def test_actions_sheet_only_with_an_actions_table(monkeypatch):
    base = ["Risici", "Milepæle", "Økonomi", "Ændringsanmodninger", "Gevinster"]
    monkeypatch.delitem(schema.TABLES_BY_NAME, "actions", raising=False)
    assert [s.name for s in sheet_specs()] == base
    monkeypatch.setitem(schema.TABLES_BY_NAME, "actions", ACTIONS)
    assert [s.name for s in sheet_specs()] == [*base, "Handlinger"]


def test_actions_sheet_written_read_and_merged(forms_workspace, tmp_path, monkeypatch):
    monkeypatch.setitem(schema.TABLES_BY_NAME, "actions", ACTIONS)
    portfolio = load_portfolio(forms_workspace[0] / "portfolio.xlsx")
    portfolio.tables["actions"] = pd.DataFrame(
        {
            "action_id": ["A1", "A2", "A3"],
            "project_id": ["P01", "P01", "P05"],
            "title": ["Send udrulningsplan", "Afklar support", "Andet projekts handling"],
            "due_date": pd.to_datetime(["2026-11-30", "2026-10-01", "2026-12-01"]),
            "done_date": pd.to_datetime([None, "2026-10-05", None]),
            "_row": [2, 3, 4],
        }
    )
    form = write_forms(portfolio, MEETING, tmp_path, projects=["P01"], created=CREATED)[0].path
    fill(form, status=GOOD_STATUS, cells=[("Handlinger", "A1", "Udført dato", "2026-11-25")])
    answers = read_form(form)
    assert answers.errors == []
    # A2 was done before the meeting and A3 is another project's: only A1 is in P01's form.
    assert [(r.key, r.values) for r in answers.sections["actions"]] == [
        ("A1", {"done_date": pd.Timestamp("2026-11-25")})
    ]
    ops = Operations()
    changes = _merge_form(
        answers, portfolio, pd.Timestamp(MEETING), pd.Timestamp("2026-11-30"), ops, _IdMaker(portfolio)
    )
    assert ("actions", 2, "done_date", pd.Timestamp("2026-11-25")) in ops.updates
    assert [(c.kind, c.key) for c in changes if c.kind == summary.ACTION] == [(summary.ACTION, "A1 done_date")]
