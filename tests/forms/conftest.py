"""A demo workspace with the forms for its planned meeting (made once), and a fresh copy per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dap_reports.contract.loading import load_portfolio
from dap_reports.forms.write import write_forms
from dap_reports.tools.workspace import init_workspace
from forms.formkit import CREATED, MEETING


@pytest.fixture(scope="session")
def forms_workspace(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    """A demo workspace (portfolio.xlsx + portfolio.yaml) and its forms for 2026-12-09, made once."""
    folder = tmp_path_factory.mktemp("forms-ws") / "ws"
    init_workspace(folder, demo="dap")
    portfolio = load_portfolio(folder / "portfolio.xlsx")
    written = write_forms(portfolio, MEETING, folder / "formularer", created=CREATED)
    return folder, {w.project_id: w.path for w in written}


@pytest.fixture
def workspace(forms_workspace, tmp_path) -> tuple[Path, dict[str, Path]]:
    """A fresh copy of the workspace for one test, so tests may fill and break forms freely."""
    source, forms = forms_workspace
    target = tmp_path / "ws"
    shutil.copytree(source, target)
    return target, {pid: target / "formularer" / path.name for pid, path in forms.items()}
