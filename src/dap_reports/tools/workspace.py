"""Creating a workspace: the folder an analyst works in for one portfolio.

A workspace holds ``portfolio.xlsx`` (the tables), ``portfolio.yaml`` (settings and report
rules), ``parameters/meetings/`` and ``parameters/years/`` (per-report parameters) and
``output/`` (generated reports).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..contract.config import CONFIG_FILE, PortfolioConfig, dump_config, load_config
from ..contract.loading import read_tables
from ..contract.locate import DEMO_DIR, WORKBOOK_NAME
from ..contract.reading import ROW
from ..errors import DapReportsError

MEETING_EXAMPLE = """\
# Parameters for one meeting's reports. Copy to <meeting date>.yaml, e.g. 2026-03-11.yaml.
# Everything is optional: without a file, dap-reports takes the meeting and its agenda
# from the workbook's 'meetings' and 'agenda' sheets. Values given on the command line win.
#
# meeting_date: 2026-03-11
# title: "Styregruppemøde 11. marts 2026"
# unit: "Indenrigs- og Sundhedsministeriet, Digitaliseringsenheden"   # header block
# case_number: "2026-1234"
# document_number: "123456"
# location: "MedCom, Odense / virtuelt"
# highlight_projects: [P01, P05]    # projects given a highlight block (default: those on the agenda)
"""

YEAR_EXAMPLE = """\
# Parameters for the annual roll-up. Copy to <year>.yaml, e.g. 2026.yaml.
# year: 2026
# title: "Årsrapport 2026 til National bestyrelse for digitalisering og data"
"""

WORKSPACE_README = """\
# dap-reports workspace

- `portfolio.xlsx` — the portfolio's tables; the sheet *LÆS MIG* explains every column.
- `portfolio.yaml` — the portfolio's name, meeting cadence and report rules.
- `parameters/meetings/`, `parameters/years/` — optional parameters per report.
- `output/` — generated reports (safe to delete; they are made again).

Check the data: `dap-reports validate {path}`
"""


DEMOS = {"dap": DEMO_DIR, "kol": DEMO_DIR.parent / "kol"}


def init_workspace(folder: Path, demo: bool | str = False, force: bool = False, issued_demo: bool = False) -> Path:
    """Create a workspace in ``folder``; with ``demo`` ('dap' or 'kol'; True = 'dap') it holds a bundled demo.

    With ``issued_demo`` (the ``dap`` demo only) the workspace also shows truth over time: the papers for
    the demo's issued meeting are made from the data as they were then and issued, and the workbook then
    gets the correction made afterwards (``dap-reports diff 2026-08-12`` lists it). Takes a few seconds.
    Refuses to overwrite an existing workbook unless ``force``: it may hold real work.
    """
    from .workbook import write_workbook

    folder = Path(folder)
    workbook = folder / WORKBOOK_NAME
    if workbook.exists() and not force:
        raise DapReportsError(
            f"{workbook} already exists and may hold your data; nothing was changed. "
            "Choose another folder, or add --force to replace it."
        )
    source = DEMOS.get("dap" if demo is True else demo) if demo else None
    if demo and source is None:
        raise DapReportsError(f"unknown demo {demo!r}; choose one of {', '.join(DEMOS)}.")
    folder.mkdir(parents=True, exist_ok=True)
    if source is not None:
        tables, _, _, _ = read_tables(source)
        tables = {name: frame.drop(columns=[ROW]) for name, frame in tables.items()}
        shutil.copyfile(source / CONFIG_FILE, folder / CONFIG_FILE)
    else:
        tables = None
        (folder / CONFIG_FILE).write_text(dump_config(PortfolioConfig(name="Min portefølje")), encoding="utf-8")
    if issued_demo and demo in (True, "dap") and tables is not None:
        _issue_demo_meeting(folder, workbook, tables)
    write_workbook(tables, workbook, load_config(folder))
    for sub, name, text in (("meetings", "_example.yaml", MEETING_EXAMPLE), ("years", "_example.yaml", YEAR_EXAMPLE)):
        target = folder / "parameters" / sub
        target.mkdir(parents=True, exist_ok=True)
        (target / name).write_text(text, encoding="utf-8")
    (folder / "output").mkdir(exist_ok=True)
    (folder / "README.md").write_text(WORKSPACE_README.format(path=folder), encoding="utf-8")
    return workbook


def _issue_demo_meeting(folder: Path, workbook: Path, tables) -> None:
    """Make and issue the demo's issued meeting from the data as they were before the later correction."""
    from ..run.jobs import issue_meeting, run_meeting
    from . import demo
    from .workbook import write_workbook

    write_workbook(demo.as_issued(tables), workbook)
    run_meeting(demo.ISSUED_MEETING, data=workbook, out=folder / "output")
    issue_meeting(demo.ISSUED_MEETING, data=workbook, out=folder / "output")
