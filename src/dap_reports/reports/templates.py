"""The notebook templates in ``notebooks/``, written from the registry in :mod:`dap_reports.reports`.

A template is plain data: a ``parameters`` cell, a hidden set-up cell, then per section a
Danish heading and one library call, and the footer. The reports run the notebook built here
in memory; the files in ``notebooks/`` are the same notebooks for analysts to open in
JupyterLab or run with papermill directly. After changing the registry, rewrite them::

    python -m dap_reports.reports.templates          # writes notebooks/*.ipynb
    python -m dap_reports.reports.templates --check  # fails when a file differs (CI runs this)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from . import MEETING, PAPER, REPORTS, ReportKind

KERNEL = {"name": "dap-reports", "display_name": "Python (dap-reports)", "language": "python"}
HIDDEN = {"tags": ["remove-input"]}
EXPLORATION = "exploration.ipynb"
PARAMETERS = {
    MEETING: """\
# Parameters: papermill replaces these (see dap_reports.run.parameters.MeetingParameters).
# data_path is the workbook or CSV folder; empty means the bundled demo.
data_path = ""
meeting_date = "2026-03-11"
parameters_file = ""
generated_at = ""
previous_issued = ""
title = None
unit = None
case_number = None
document_number = None
location = None
highlight_projects = None
lang = "da"
public = False""",
    "year": """\
# Parameters: papermill replaces these (see dap_reports.run.parameters.YearParameters).
# data_path is the workbook or CSV folder; empty means the bundled demo.
data_path = ""
year = 2026
parameters_file = ""
generated_at = ""
title = None
unit = None
case_number = None
document_number = None
lang = "da"
public = False""",
}
PARAMETERS[PAPER] = PARAMETERS[MEETING]
CONTEXT = {
    MEETING: """\
from dap_reports.reports.context import ReportContext
from dap_reports.reports.common.html import show
from dap_reports.reports.{package} import sections

ctx = ReportContext.for_meeting(
    data_path, meeting_date, parameters_file=parameters_file, generated_at=generated_at,
    previous_issued=previous_issued, title=title,
    unit=unit, case_number=case_number, document_number=document_number, location=location,
    highlight_projects=highlight_projects, lang=lang, public=public,
)
show(ctx.title_block("{title}"))""",
    "year": """\
from dap_reports.reports.context import ReportContext
from dap_reports.reports.common.html import show
from dap_reports.reports.{package} import sections

ctx = ReportContext.for_year(
    data_path, year, parameters_file=parameters_file, generated_at=generated_at, title=title, unit=unit,
    case_number=case_number, document_number=document_number, lang=lang, public=public,
)
show(ctx.title_block("{title}"))""",
    PAPER: """\
from dap_reports.reports.context import ReportContext
from dap_reports.reports.common.html import show
from dap_reports.reports.{package} import sections

ctx = ReportContext.for_meeting(
    data_path, meeting_date, parameters_file=parameters_file, generated_at=generated_at,
    previous_issued=previous_issued, title=title,
    unit=unit, case_number=case_number, document_number=document_number, location=location,
    highlight_projects=highlight_projects, lang=lang, public=public,
)
show(sections.header(ctx, "{key}"))""",
}


def _finish(cells: list, title: str | None = None) -> nbformat.NotebookNode:
    for number, cell in enumerate(cells):
        cell.id = f"cell-{number:02d}"  # stable ids keep regenerated templates diff-free
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = dict(KERNEL)
    nb.metadata["language_info"] = {"name": "python"}
    if title:
        nb.metadata["title"] = title
    return nb


def notebook(kind: ReportKind) -> nbformat.NotebookNode:
    """The template of a report kind: parameters, set-up, one call per section, footer."""
    cells = [
        new_code_cell(PARAMETERS[kind.scope], metadata={"tags": ["parameters", "remove-input"]}),
        new_code_cell(
            CONTEXT[kind.scope].format(package=kind.package, title=kind.title, key=kind.key), metadata=HIDDEN
        ),
    ]
    # Tags the fork engine reads (dap_reports.run.forked.PARALLEL_FORK and PARALLEL_REST); kernels ignore them.
    parallel = (
        dict(zip(kind.parallel, ("dap-parallel-fork", "dap-parallel-rest"), strict=True)) if kind.parallel else {}
    )
    for section in kind.sections:
        metadata = {"tags": [*HIDDEN["tags"], parallel[section.function]]} if section.function in parallel else HIDDEN
        if section.own_heading:
            cells.append(
                new_code_cell(f'show(sections.{section.function}(ctx, "{section.heading}"))', metadata=metadata)
            )
        else:
            cells.append(new_markdown_cell(f"## {section.heading}"))
            cells.append(new_code_cell(f"show(sections.{section.function}(ctx))", metadata=metadata))
    cells.append(new_code_cell("show(ctx.footer())", metadata=HIDDEN))
    return _finish(cells, kind.title)


def exploration() -> nbformat.NotebookNode:
    """A starting point for analysts: code shown, worked examples of the library."""
    md, code = new_markdown_cell, new_code_cell
    cells = [
        md(
            "# Udforsk porteføljen\n\nA starting point for exploring the portfolio with the same library the reports "
            "use. Run the cells from the top (Shift+Enter). Change `DATA` to your workbook, e.g. "
            '`"../mit-arbejde/portfolio.xlsx"`; leave it `None` for the bundled synthetic demo.'
        ),
        code(
            "%matplotlib inline\nimport dap_reports as dr\nfrom dap_reports.reports.status import "
            "computations as sr\nfrom dap_reports.reports.risks import computations as rr, charts as risk_charts\n\n"
            "DATA = None\nportfolio = dr.load_portfolio(DATA)\nportfolio"
        ),
        md(
            "## The tables\nEvery sheet of the workbook is a DataFrame on the portfolio "
            "(`portfolio.projects`, `portfolio.status`, …). Enumerations are normalised to English values."
        ),
        code(
            'portfolio.projects[["project_id", "name", "track", "phase", "baseline_end_date", "baseline_budget_dkk"]]'
        ),
        md(
            "## Meetings\nMeeting ids are dates. `latest_meeting()` is the next meeting from today (the one being "
            "prepared), else the most recent."
        ),
        code(
            'meeting = portfolio.latest_meeting()\nprevious = portfolio.previous_meeting("2026-10-14")\n'
            "meeting, previous, portfolio.meetings_in_year(2026)"
        ),
        md(
            "## Status at a meeting\nThe status table behind the report's section 3, with the RAG computed from each "
            "project's own forecast beside the reported one."
        ),
        code(
            'table = sr.status_table(portfolio, "2026-10-14")\n'
            'table[["name", "overall_rag", "computed_rag", "disagrees", "slip_days", '
            '"cost_variance_pct", "within_tolerance"]]'
        ),
        md("Which projects report better than their own forecast?"),
        code('table.loc[table["disagrees"], ["name", "overall_rag", "computed_rag", "slip_days"]]'),
        md("## What the group must decide"),
        code('sr.decisions(portfolio, "2026-12-09")'),
        md("## Economy per funding source"),
        code('sr.economy_by_source(portfolio, "2026-10-14")'),
        md("## Risks\nThe top risks and the heat map as in the risk report."),
        code('rr.top_risks(portfolio, "2026-10-14", n=5)[["risk_id", "title", "project_name", "score", "trend"]]'),
        code(
            'risk_charts.risk_heatmap(rr.heatmap_counts(portfolio, "2026-10-14"), portfolio.config.rules.risk, '
            '"Åbne risici")'
        ),
        code('risk_charts.exposure_chart(rr.exposure_over_time(portfolio, "2026-10-14"), "Risikoeksponering")'),
        md(
            "## Benefits\nEach benefit's achievement (the share of the planned change from baseline to target) "
            "against what the plan expected on the measurement's date, as in the status report's section 7."
        ),
        code(
            "from dap_reports.reports.benefits import computations as bc\n\n"
            'bc.assess(portfolio, "2026-10-14")[["project_name", "title", "achievement", "expected_at_measurement", '
            '"state"]]'
        ),
        code("bc.economic_by_year(portfolio, 2026)"),
        md("## Data-quality warnings\nThe loader's warnings, as listed in the reports' data-quality section."),
        code('sr.data_quality(portfolio, "2026-10-14")'),
    ]
    return _finish(cells)


def all_notebooks() -> dict[str, nbformat.NotebookNode]:
    """File name -> notebook, for every report kind and the exploration notebook."""
    books = {kind.template: notebook(kind) for kind in REPORTS.values()}
    books[EXPLORATION] = exploration()
    return books


def text(nb: nbformat.NotebookNode) -> str:
    """The notebook as nbformat writes it to disk."""
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def default_folder() -> Path:
    """``notebooks/`` at the top of the source tree (where analysts look for the templates)."""
    return Path(__file__).resolve().parents[3] / "notebooks"


def drift(folder: Path) -> list[str]:
    """Templates in ``folder`` that are missing or differ from what the registry writes."""
    problems = []
    for name, nb in all_notebooks().items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{path} is missing")
        elif path.read_text(encoding="utf-8") != text(nb):
            problems.append(f"{path} differs from the registry")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dap_reports.reports.templates", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--check", action="store_true", help="fail when a template differs instead of writing it")
    parser.add_argument("--out", type=Path, default=None, help="folder of the templates (default: notebooks/)")
    args = parser.parse_args(argv)
    folder = args.out or default_folder()
    if args.check:
        problems = drift(folder)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print("Run `python -m dap_reports.reports.templates` to rewrite them.", file=sys.stderr)
            return 1
        print(f"{len(all_notebooks())} templates in {folder} match the registry.")
        return 0
    folder.mkdir(parents=True, exist_ok=True)
    for name, nb in all_notebooks().items():
        (folder / name).write_text(text(nb), encoding="utf-8", newline="\n")
        print("wrote", folder / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
