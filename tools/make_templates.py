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
# Parameters (papermill replaces these; see dap_reports.parameters.MeetingParameters)
data_path = ""            # workbook or CSV folder; "" = the bundled demo
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


def template(title: str, module: str, sections: list[tuple[str, str]]) -> nbformat.NotebookNode:
    cells = [
        new_code_cell(MEETING_PARAMETERS, metadata={"tags": ["parameters", "remove-input"]}),
        new_code_cell(CONTEXT.format(module=module, title=title), metadata=HIDDEN),
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
    ("## 3. Status pr. projekt", "show(sections.status_table(ctx))"),
    ("## 4. Sager til beslutning", "show(sections.decisions(ctx))"),
    ("## 5. Milepæle", "show(sections.milestones(ctx))"),
    ("## 6. Økonomi", "show(sections.economy(ctx))"),
    ("## 7. Afhængigheder", "show(sections.dependencies(ctx))"),
    ("## 8. Projekter på dagsordenen", "show(sections.highlights(ctx))"),
    ("## 9. Datakvalitet", "show(sections.data_quality(ctx))"),
])

RISKS = template("Risikorapport", "risk_sections", [
    ("## 1. Risikobillede", "show(sections.heatmaps(ctx))"),
    ("## 2. Største risici", "show(sections.top_risks(ctx))"),
    ("## 3. Bevægelser siden sidste møde", "show(sections.movements(ctx))"),
    ("## 4. Risici pr. projekt", "show(sections.by_project(ctx))"),
    ("## 5. Risikoeksponering over tid", "show(sections.exposure(ctx))"),
])


def main() -> None:
    for name, nb in (("meeting_status.ipynb", STATUS), ("meeting_risks.ipynb", RISKS)):
        nbformat.validate(nb)
        nbformat.write(nb, ROOT / "notebooks" / name)
        print("wrote", ROOT / "notebooks" / name)


if __name__ == "__main__":
    main()
