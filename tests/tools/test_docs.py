"""``docs/data-model.md`` is generated from the schema and must not drift from it."""

from __future__ import annotations

from pathlib import Path

from dap_reports.contract import schema
from dap_reports.tools.docs import data_model_markdown, main

DATA_MODEL = Path(__file__).resolve().parents[2] / "docs" / "data-model.md"


def test_committed_page_matches_the_schema():
    assert DATA_MODEL.read_text(encoding="utf-8") == data_model_markdown(), (
        "docs/data-model.md is out of date: run `python -m dap_reports.tools.docs`"
    )


def test_page_has_a_section_per_table_with_every_column():
    text = data_model_markdown()
    for table in schema.TABLES:
        assert f"\n## {table.name}\n" in text
        section = text.split(f"\n## {table.name}\n", 1)[1].split("\n## ", 1)[0]
        assert table.description in section
        for column in table.columns:
            assert f"| `{column.name}` |" in section, f"{table.name}.{column.name}"
        for check in table.extra_checks:
            assert check in section


def test_page_explains_the_conventions():
    text = data_model_markdown()
    for phrase in (
        "CSV",
        "portfolio.yaml",
        "conventions.md",
        "grey",
        "never",
        "11-03-2026",
        "case-insensitive",
        "Extra columns",
    ):
        assert phrase in text, phrase


def test_enumerations_list_danish_labels_and_aliases():
    text = data_model_markdown()
    assert "`red` (rød)" in text
    assert "`amber`" in text


def test_main_writes_and_checks(tmp_path, capsys):
    out = tmp_path / "data-model.md"
    assert main(["--check", "--out", str(out)]) == 1
    assert main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == data_model_markdown()
    assert main(["--check", "--out", str(out)]) == 0
