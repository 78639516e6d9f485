"""Shared fixtures: a tiny valid portfolio that tests can break one cell at a time."""

from __future__ import annotations

import csv
import os
import signal
import sys
from pathlib import Path

import pytest

from dap_reports.contract.schema import TABLES

WINDOWS_LIKE_DIR = Path(__file__).resolve().parent / "windows_like"


def pytest_addoption(parser):
    parser.addoption(
        "--windows-like",
        action="store_true",
        help="Assert that this run has the Windows-like start of tests/windows_like/ in force "
        "(PYTHONPATH=tests/windows_like): no fork, fcntl or process groups; spawn only.",
    )


def windows_like_in_force() -> bool:
    """Whether this process started with tests/windows_like/sitecustomize.py (see that file)."""
    return bool(getattr(sys.modules.get("sitecustomize"), "WINDOWS_LIKE", False)) and not hasattr(os, "fork")


def pytest_configure(config):
    # The tests read their data every time (and leave the user's cache folder alone): a test that changes
    # how data are read must not be answered by a portfolio kept earlier. tests/contract/test_cache.py
    # switches the cache on, in a folder of its own. (Here, not at import: tests import this module again.)
    os.environ["DAP_REPORTS_CACHE"] = "off"
    # A shell starts background jobs (`make test &`, nohup) with Ctrl-C ignored, and every process they start
    # inherits that: the Ctrl-C tests would then test nothing but the shell. A handler of our own is not
    # inherited across exec, so the command lines the tests start get Ctrl-C as a terminal gives it.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if config.getoption("--windows-like") and not windows_like_in_force():
        pytest.exit(
            f"--windows-like was given but the Windows-like start is not in force: put {WINDOWS_LIKE_DIR} "
            "first on PYTHONPATH (as an absolute path, so that kernels in other folders inherit it).",
            returncode=3,
        )


def pytest_report_header(config):
    if windows_like_in_force():
        return "Windows-like start in force: spawn only; no fork, fcntl or process groups"
    return None


def tiny_rows() -> dict[str, list[dict]]:
    """A minimal valid portfolio: two projects, two meetings, one risk."""
    return {
        "organisations": [
            {"org_id": "ISM", "name": "Indenrigs- og Sundhedsministeriet", "role": "chair"},
            {"org_id": "KL", "name": "KL", "role": "medlem"},
        ],
        "funding_sources": [{"source_id": "FL", "name": "Finanslov", "kind": "finanslov", "description": ""}],
        "projects": [
            {
                "project_id": "P1",
                "name": "Hurtigt patientoverblik",
                "track": "Digital almen praksis",
                "owner_org": "KL",
                "project_lead": "A",
                "steering_forum": "Styregruppen",
                "phase": "udvikling",
                "start_date": "01-02-2025",
                "baseline_end_date": "2026-12-31",
                "baseline_budget_dkk": "1000000",
                "tolerance_time_days": "60",
                "tolerance_budget_pct": "10",
                "description": "",
            },
            {
                "project_id": "P2",
                "name": "Digitale forløbsplaner",
                "track": "Digitale forløbsplaner",
                "owner_org": "ISM",
                "project_lead": "B",
                "steering_forum": "Styregruppen",
                "phase": "pilot",
                "start_date": "2025-01-01",
                "baseline_end_date": "2027-06-30",
                "baseline_budget_dkk": "2000000",
                "tolerance_time_days": "30",
                "tolerance_budget_pct": "5",
                "description": "",
            },
        ],
        "budget": [
            {
                "project_id": "P1",
                "source_id": "FL",
                "year": "2026",
                "granted_dkk": "500000",
                "spent_dkk": "100000",
                "forecast_dkk": "450000",
            }
        ],
        "meetings": [
            {
                "meeting_date": "2026-01-14",
                "kind": "ordinary",
                "agenda_sent_date": "2026-01-07",
                "minutes_sent_date": "2026-01-26",
                "notes": "",
            },
            {
                "meeting_date": "2026-03-11",
                "kind": "ordinær",
                "agenda_sent_date": "2026-03-03",
                "minutes_sent_date": "",
                "notes": "",
            },
        ],
        "agenda": [{"meeting_date": "2026-03-11", "project_id": "P2", "item": "beslutning", "title": "Pilot"}],
        "status": [
            {
                "project_id": "P1",
                "meeting_date": "2026-01-14",
                "time_rag": "g",
                "economy_rag": "green",
                "deliverables_rag": "grøn",
                "overall_rag": "",
                "forecast_end_date": "2026-12-31",
                "forecast_cost_dkk": "1000000",
                "summary": "OK",
                "achievements": "",
                "next_steps": "",
                "reported_by": "",
            },
            {
                "project_id": "P2",
                "meeting_date": "2026-01-14",
                "time_rag": "gul",
                "economy_rag": "green",
                "deliverables_rag": "green",
                "overall_rag": "",
                "forecast_end_date": "2027-08-31",
                "forecast_cost_dkk": "2100000",
                "summary": "",
                "achievements": "",
                "next_steps": "",
                "reported_by": "",
            },
            {
                "project_id": "P1",
                "meeting_date": "2026-03-11",
                "time_rag": "red",
                "economy_rag": "",
                "deliverables_rag": "green",
                "overall_rag": "",
                "forecast_end_date": "2027-06-30",
                "forecast_cost_dkk": "1200000",
                "summary": "Forsinket",
                "achievements": "",
                "next_steps": "",
                "reported_by": "",
            },
        ],
        "milestones": [
            {
                "milestone_id": "M1",
                "project_id": "P1",
                "name": "Pilot",
                "baseline_date": "2026-03-01",
                "forecast_date": "",
                "actual_date": "",
            }
        ],
        "risks": [
            {
                "risk_id": "R1",
                "project_id": "P1",
                "title": "Leverandør",
                "description": "",
                "category": "",
                "owner": "KL",
                "response": "reducer",
                "mitigation": "Møder",
                "raised_date": "2025-12-01",
                "closed_date": "",
            }
        ],
        "risk_assessments": [{"risk_id": "R1", "meeting_date": "2026-01-14", "probability": "3", "impact": "4"}],
        "change_requests": [
            {
                "cr_id": "C1",
                "project_id": "P1",
                "submitted_date": "2026-02-01",
                "description": "Mere tid",
                "time_impact_days": "30",
                "cost_impact_dkk": "0",
                "scope_impact": "",
                "decision": "afventer",
                "decision_meeting_date": "2026-03-11",
            }
        ],
        "dependencies": [{"project_id": "P2", "depends_on": "P1", "description": ""}],
    }


def write_csv_folder(folder: Path, rows: dict[str, list[dict]], skip: tuple[str, ...] = ()) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        if table.name in skip:
            continue
        records = rows.get(table.name, [])
        columns = list(records[0]) if records else table.column_names
        with open(folder / f"{table.name}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(records)
    return folder


@pytest.fixture
def tiny(tmp_path) -> Path:
    return write_csv_folder(tmp_path / "tiny", tiny_rows())


def load_tiny(tmp_path: Path, edit=None):
    """The tiny portfolio, loaded, after ``edit(rows)`` changed its rows."""
    import dap_reports as dr

    rows = tiny_rows()
    if edit:
        edit(rows)
    return dr.load_portfolio(write_csv_folder(tmp_path / "tiny", rows))


@pytest.fixture(scope="session")
def demo():
    """The bundled demo portfolio, loaded once (tests must not modify it)."""
    import dap_reports as dr

    return dr.load_portfolio()


DEMO_MEETING = "2026-03-11"


@pytest.fixture(scope="session")
def demo_meeting_reports(tmp_path_factory):
    """One run of both meeting reports on the demo, as HTML and PDF, shared by the tests that read them."""
    from dap_reports.contract.locate import DEMO_DIR
    from dap_reports.run.jobs import run_meeting

    out = tmp_path_factory.mktemp("reports")
    written = run_meeting(DEMO_MEETING, data=DEMO_DIR, out=out, formats="html,pdf")
    return out / "2026" / DEMO_MEETING, written


@pytest.fixture(scope="session")
def demo_papers(tmp_path_factory):
    """The agenda and the minutes of the demo meeting (HTML and PDF), shared by the tests that read them."""
    from dap_reports.contract.locate import DEMO_DIR
    from dap_reports.run.jobs import run_paper

    out = tmp_path_factory.mktemp("papers")
    for kind in ("agenda", "minutes"):
        run_paper(kind, DEMO_MEETING, data=DEMO_DIR, out=out, formats="html,pdf", today="2026-03-04")
    return out / "2026" / DEMO_MEETING


@pytest.fixture(scope="session")
def demo_annual_report(tmp_path_factory):
    """One run of the demo's annual roll-up for 2026 (HTML and PDF), shared by the tests that read it."""
    from dap_reports.contract.locate import DEMO_DIR
    from dap_reports.run.jobs import run_year

    out = tmp_path_factory.mktemp("annual")
    return run_year(2026, data=DEMO_DIR, out=out, formats="html,pdf"), out


@pytest.fixture(scope="session")
def kol_portfolio():
    """The bundled KOL rollout demo, loaded once (tests must not modify it)."""
    import dap_reports as dr
    from dap_reports.tools.demo_kol import KOL_FOLDER

    return dr.load_portfolio(KOL_FOLDER)
