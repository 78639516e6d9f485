"""Validated portfolios kept between runs: the same portfolio, read again whenever anything it came from changed."""

import shutil

import pytest

from dap_reports.contract import cache, loading
from dap_reports.contract.loading import check_portfolio, load_portfolio
from dap_reports.errors import ERROR


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """The cache switched on in a folder of its own; counts how often the data are really read."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    reads = []
    check = loading._check
    monkeypatch.setattr(loading, "_check", lambda *args: reads.append(args[0]) or check(*args))
    return folder, reads


def _data(tmp_path):
    from conftest import tiny_rows, write_csv_folder

    return write_csv_folder(tmp_path / "data", tiny_rows())


def test_unchanged_data_are_read_once_and_give_the_same_portfolio(tmp_path, kept):
    folder, reads = kept
    data = _data(tmp_path)
    first, problems = check_portfolio(data)
    again, problems_again = check_portfolio(data)
    assert len(reads) == 1 and len(list(folder.glob("portfolio-*.pickle"))) == 1
    assert again is not first  # a portfolio of its own: changing it changes nothing kept
    assert again.sha256 == first.sha256 and again.file_sha256 == first.file_sha256
    assert again.source == first.source and problems_again == problems
    for name, table in first.tables.items():
        assert again.tables[name].equals(table), name


def test_changed_data_settings_or_place_are_read_again(tmp_path, kept):
    _, reads = kept
    data = _data(tmp_path)
    check_portfolio(data)
    (data / "portfolio.yaml").write_text("name: Anden styregruppe\n", encoding="utf-8")
    assert load_portfolio(data).config.name == "Anden styregruppe"
    risks = data / "risks.csv"
    risks.write_text(risks.read_text(encoding="utf-8").replace("MedCom", "KL", 1), encoding="utf-8")
    check_portfolio(data)
    moved = shutil.copytree(data, tmp_path / "moved")
    assert load_portfolio(moved).source.resolve() == moved.resolve()
    assert len(reads) == 4


def test_data_with_errors_are_never_kept(tmp_path, kept):
    from conftest import tiny_rows, write_csv_folder

    folder, reads = kept
    rows = tiny_rows()
    rows["status"][0]["overall_rag"] = "lilla"
    bad = write_csv_folder(tmp_path / "bad", rows)
    for _ in range(2):
        portfolio, problems = check_portfolio(bad)
        assert portfolio is None and any(p.severity == ERROR for p in problems)
    assert len(reads) == 2 and not list(folder.glob("portfolio-*.pickle"))


def test_a_damaged_entry_is_forgotten_and_off_means_off(tmp_path, kept, monkeypatch):
    folder, reads = kept
    data = _data(tmp_path)
    check_portfolio(data)
    (entry,) = folder.glob("portfolio-*.pickle")
    entry.write_bytes(entry.read_bytes()[:100])  # cut short (a full disk, a run killed while writing)
    assert check_portfolio(data)[0] is not None and len(reads) == 2
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    check_portfolio(data)
    check_portfolio(data)
    assert len(reads) == 4


def test_only_the_most_recently_used_are_kept(tmp_path, kept):
    from conftest import tiny_rows, write_csv_folder

    folder, _ = kept
    for i in range(cache.KEEP + 2):
        check_portfolio(write_csv_folder(tmp_path / f"data{i}", tiny_rows()))
    assert len(list(folder.glob("portfolio-*.pickle"))) == cache.KEEP
