import pandas as pd
import pytest
from openpyxl import load_workbook

from dap_reports import DapReportsError, load_portfolio
from dap_reports.contract.loading import read_tables
from dap_reports.contract.locate import DEMO_DIR
from dap_reports.contract.reading import ROW
from dap_reports.contract.schema import README_SHEET, TABLE_NAMES
from dap_reports.tools.workspace import init_workspace


def test_demo_round_trip_csv_to_workbook(tmp_path):
    """Demo CSV -> workbook -> load gives identical tables."""
    workbook = init_workspace(tmp_path / "ws", demo=True)
    from_csv, _, _, _ = read_tables(DEMO_DIR)
    from_xlsx, problems, _, _ = read_tables(workbook)
    assert not [p for p in problems if p.severity == "error"]
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(
            from_xlsx[name].drop(columns=[ROW]), from_csv[name].drop(columns=[ROW]), check_dtype=True, obj=name
        )
    loaded = load_portfolio(workbook)
    assert loaded.config.synthetic and loaded.config.name == "Styregruppen for Digital almen praksis"


def test_empty_template_has_every_sheet_and_loads_as_missing_data(tmp_path):
    workbook = init_workspace(tmp_path / "ws")
    book = load_workbook(workbook)
    assert book.sheetnames[0] == README_SHEET
    assert set(TABLE_NAMES) <= set(book.sheetnames)
    for sub in ("parameters/meetings/_example.yaml", "parameters/years/_example.yaml", "portfolio.yaml"):
        assert (tmp_path / "ws" / sub).exists()


def test_init_never_overwrites_without_force(tmp_path):
    workbook = init_workspace(tmp_path / "ws", demo=True)
    before = workbook.read_bytes()
    with pytest.raises(DapReportsError, match="--force"):
        init_workspace(tmp_path / "ws")
    assert workbook.read_bytes() == before
    init_workspace(tmp_path / "ws", force=True)
    assert workbook.read_bytes() != before
