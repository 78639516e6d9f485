"""Write the notebook templates in notebooks/ (outputs stripped).

The templates are plain data; this script keeps their structure uniform: a parameters
cell, a hidden set-up cell, then a Danish heading and one library call per section.
Run `python tools/make_templates.py` after changing the sections below.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
HIDDEN = {"tags": ["remove-input"]}
MEETING_PARAMETERS = '''\
# Parameters: papermill replaces these (see dap_reports.parameters.MeetingParameters).
# data_path is the workbook or CSV folder; empty means the bundled demo.
data_path = ""
meeting_date = "2026-03-11"
parameters_file = ""
generated_at = ""
title = None
unit = None
case_number = None
document_number = None
location = None
highlight_projects = None
lang = "da"'''
CONTEXT = '''\
from dap_reports.reports import ReportContext
from dap_reports.display import show
from dap_reports import {module} as sections

ctx = ReportContext.for_meeting(
    data_path, meeting_date, parameters_file=parameters_file, generated_at=generated_at, title=title,
    unit=unit, case_number=case_number, document_number=document_number, location=location,
    highlight_projects=highlight_projects, lang=lang,
)
show(ctx.title_block("{title}"))'''


YEAR_PARAMETERS = '''\
# Parameters: papermill replaces these (see dap_reports.parameters.YearParameters).
# data_path is the workbook or CSV folder; empty means the bundled demo.
data_path = ""
year = 2026
parameters_file = ""
generated_at = ""
title = None
unit = None
case_number = None
document_number = None
lang = "da"'''
YEAR_CONTEXT = '''\
from dap_reports.reports import ReportContext
from dap_reports.display import show
from dap_reports import {module} as sections

ctx = ReportContext.for_year(
    data_path, year, parameters_file=parameters_file, generated_at=generated_at, title=title, unit=unit,
    case_number=case_number, document_number=document_number, lang=lang,
)
show(ctx.title_block("{title}"))'''


def template(title: str, module: str, sections: list[tuple[str, str]], parameters: str = MEETING_PARAMETERS,
             context: str = CONTEXT) -> nbformat.NotebookNode:
    cells = [
        new_code_cell(parameters, metadata={"tags": ["parameters", "remove-input"]}),
        new_code_cell(context.format(module=module, title=title), metadata=HIDDEN),
    ]
    for heading, call in sections:
        if heading:
            cells.append(new_markdown_cell(heading))
        cells.append(new_code_cell(call, metadata=HIDDEN))
    cells.append(new_code_cell("show(ctx.footer())", metadata=HIDDEN))
    for number, cell in enumerate(cells):
        cell.id = f"cell-{number:02d}"  # stable ids keep regenerated templates diff-free
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "dap-reports", "display_name": "Python (dap-reports)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["title"] = title
    return nb


STATUS = template("Porteføljeoverblik", "status_sections", [
    ("## 1. Mødet", "show(sections.meeting(ctx))"),
    ("## 2. Porteføljen kort", "show(sections.glance(ctx))"),
    # Section 3 brings its own heading: in print it is set on landscape pages with its table.
    ("", "show(sections.status_table(ctx, \"3. Status pr. projekt\"))"),
    ("## 4. Sager til beslutning", "show(sections.decisions(ctx))"),
    ("## 5. Milepæle", "show(sections.milestones(ctx))"),
    ("## 6. Økonomi", "show(sections.economy(ctx))"),
    ("## 7. Afhængigheder", "show(sections.dependencies(ctx))"),
    ("## 8. Projekter på dagsordenen", "show(sections.highlights(ctx))"),
    ("## 9. Datakvalitet", "show(sections.data_quality(ctx))"),
    # Only rollout portfolios have indicators: the section brings its own heading, or shows nothing.
    ("", "show(sections.indicators(ctx, \"10. Indikatorer\"))"),
])

RISKS = template("Risikorapport", "risk_sections", [
    ("## 1. Risikobillede", "show(sections.heatmaps(ctx))"),
    ("## 2. Største risici", "show(sections.top_risks(ctx))"),
    ("## 3. Bevægelser siden sidste møde", "show(sections.movements(ctx))"),
    ("## 4. Risici pr. projekt", "show(sections.by_project(ctx))"),
    ("## 5. Risikoeksponering over tid", "show(sections.exposure(ctx))"),
])


ANNUAL = template("Årsrapport", "annual_sections", [
    ("## 1. Sammenfatning", "show(sections.summary(ctx))"),
    ("## 2. Status over året", "show(sections.status_over_year(ctx))"),
    ("## 3. Økonomi pr. finansieringskilde", "show(sections.economy(ctx))"),
    ("## 4. Leverancer", "show(sections.delivery(ctx))"),
    ("## 5. Risici", "show(sections.risks(ctx))"),
    ("## 6. Ændringsanmodninger", "show(sections.change_requests(ctx))"),
    ("## 7. Styring og årshjul", "show(sections.governance(ctx))"),
    ("", "show(sections.indicators(ctx, \"8. Indikatorer\"))"),
], parameters=YEAR_PARAMETERS, context=YEAR_CONTEXT)


def exploration() -> nbformat.NotebookNode:
    """A starting point for analysts: code shown, worked examples of the library."""
    md, code = new_markdown_cell, new_code_cell
    cells = [
        md("# Udforsk porteføljen\n\nA starting point for exploring the portfolio with the same library the reports "
           "use. Run the cells from the top (Shift+Enter). Change `DATA` to your workbook, e.g. "
           "`\"../mit-arbejde/portfolio.xlsx\"`; leave it `None` for the bundled synthetic demo."),
        code("%matplotlib inline\nimport dap_reports as dr\nfrom dap_reports import status_report as sr, risk_report as rr, charts\n\n"
             "DATA = None\nportfolio = dr.load_portfolio(DATA)\nportfolio"),
        md("## The tables\nEvery sheet of the workbook is a DataFrame on the portfolio "
           "(`portfolio.projects`, `portfolio.status`, …). Enumerations are normalised to English values."),
        code("portfolio.projects[[\"project_id\", \"name\", \"track\", \"phase\", \"baseline_end_date\", "
             "\"baseline_budget_dkk\"]]"),
        md("## Meetings\nMeeting ids are dates. `latest_meeting()` is the next meeting from today (the one being "
           "prepared), else the most recent."),
        code("meeting = portfolio.latest_meeting()\nprevious = portfolio.previous_meeting(\"2026-10-14\")\n"
             "meeting, previous, portfolio.meetings_in_year(2026)"),
        md("## Status at a meeting\nThe status table behind the report's section 3, with the RAG computed from each "
           "project's own forecast beside the reported one."),
        code("table = sr.status_table(portfolio, \"2026-10-14\")\n"
             "table[[\"name\", \"overall_rag\", \"computed_rag\", \"disagrees\", \"slip_days\", "
             "\"cost_variance_pct\", \"within_tolerance\"]]"),
        md("Which projects report better than their own forecast?"),
        code("table.loc[table[\"disagrees\"], [\"name\", \"overall_rag\", \"computed_rag\", \"slip_days\"]]"),
        md("## What the group must decide"),
        code("sr.decisions(portfolio, \"2026-12-09\")"),
        md("## Economy per funding source"),
        code("sr.economy_by_source(portfolio, \"2026-10-14\")"),
        md("## Risks\nThe top risks and the heat map as in the risk report."),
        code("rr.top_risks(portfolio, \"2026-10-14\", n=5)[[\"risk_id\", \"title\", \"project_name\", "
             "\"score\", \"trend\"]]"),
        code("charts.risk_heatmap(rr.heatmap_counts(portfolio, \"2026-10-14\"), portfolio.config.rules.risk, "
             "\"Åbne risici\")"),
        code("charts.exposure_chart(rr.exposure_over_time(portfolio, \"2026-10-14\"), \"Risikoeksponering\")"),
        md("## Data-quality warnings\nThe loader's warnings, as listed in the reports' data-quality section."),
        code("sr.data_quality(portfolio, \"2026-10-14\")"),
    ]
    for number, cell in enumerate(cells):
        cell.id = f"cell-{number:02d}"
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "dap-reports", "display_name": "Python (dap-reports)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def main() -> None:
    for name, nb in (("meeting_status.ipynb", STATUS), ("meeting_risks.ipynb", RISKS), ("annual_rollup.ipynb", ANNUAL),
                     ("exploration.ipynb", exploration())):
        nbformat.validate(nb)
        nbformat.write(nb, ROOT / "notebooks" / name)
        print("wrote", ROOT / "notebooks" / name)


if __name__ == "__main__":
    main()
