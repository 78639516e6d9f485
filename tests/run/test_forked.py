"""Reports forked from the warm dap-reports process: papermill's parameters, the portfolio handed over."""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from dap_reports.contract.loading import load_portfolio
from dap_reports.errors import ReportError
from dap_reports.reports import context
from dap_reports.run import forked
from dap_reports.run.render import ReportJob, run_reports

pytestmark = pytest.mark.processes  # forks reports (skipped where spawn is the start method)

VALUES = {
    "tekst": 'Sagsnr. "2026-0815" – æøå\\sti\nny linje',
    "intet": None,
    "sandt": True,
    "heltal": 12,
    "decimaltal": 0.25,
    "uendelig": float("inf"),
    "liste": ["P01", "P02", None],
    "tabel": {"a": 1, "b": [True, "x"]},
}


def test_parameters_are_written_as_papermill_writes_them():
    translators = pytest.importorskip("papermill.translators")
    try:
        import black  # noqa: F401  # papermill reformats the cell with black when it is installed

        pytest.skip("black is installed: papermill reformats its parameters cell")
    except ImportError:
        pass
    assert forked.parameter_source(VALUES) == translators.PythonTranslator.codify(VALUES)


def test_the_injected_cell_goes_after_the_parameters_cell_or_replaces_an_earlier_one():
    nb = new_notebook(cells=[new_markdown_cell("# T"), new_code_cell("x = 1", metadata={"tags": ["parameters"]})])
    forked.parameterize(nb, {"x": 2})
    assert [c.metadata.get("tags") for c in nb.cells] == [None, ["parameters"], ["injected-parameters"]]
    forked.parameterize(nb, {"x": 3})
    assert len(nb.cells) == 3 and nb.cells[2].source == "# Parameters\nx = 3\n"
    bare = new_notebook(cells=[new_code_cell("print(x)")])
    forked.parameterize(bare, {"x": 4})
    assert bare.cells[0].metadata["tags"] == ["injected-parameters"]


# ------------------------------------------------------------------ the portfolio handed over


READS_THE_DATA = """\
from dap_reports.reports.context import ReportContext
from IPython.display import HTML, display
ctx = ReportContext.for_meeting(data_path, "2026-03-11")
display(HTML(f"<p id=sha>{ctx.portfolio.sha256}</p>"))
"""


@pytest.fixture
def handed_over(tiny, tmp_path, monkeypatch):
    """The tiny portfolio loaded here and handed over; loading it again anywhere raises."""
    if not forked.available():
        pytest.skip("fork is not the start method here")
    portfolio = load_portfolio(tiny)
    context.hand_over(tiny, portfolio)

    def no_loading(*args, **kwargs):
        raise AssertionError("loaded again")

    monkeypatch.setattr(context, "check_portfolio", no_loading)
    monkeypatch.setattr(context, "load_portfolio", no_loading)
    parameters = new_code_cell('data_path = ""', metadata={"tags": ["parameters"]})
    nb = new_notebook(cells=[parameters, new_code_cell(READS_THE_DATA)])
    nbformat.write(nb, tmp_path / "data.ipynb")
    return portfolio


def _job(tmp_path, tiny):
    return ReportJob("data", "data", {"data_path": str(tiny)}, "Data", template_file=tmp_path / "data.ipynb")


def test_a_report_takes_the_portfolio_its_parent_loaded(handed_over, tiny, tmp_path):
    run_reports([_job(tmp_path, tiny)], tmp_path / "out")
    executed = nbformat.read(tmp_path / "out" / "data.ipynb", as_version=4)
    assert f"<p id=sha>{handed_over.sha256}</p>" in executed.cells[2].outputs[0].data["text/html"]
    with pytest.raises(AssertionError, match="loaded again"):  # this process itself never takes it
        context.ReportContext.for_meeting(str(tiny), "2026-03-11")


def test_data_changed_since_they_were_handed_over_are_loaded_again(handed_over, tiny, tmp_path):
    projects = tiny / "projects.csv"
    projects.write_text(projects.read_text(encoding="utf-8").replace("Hurtigt", "Hurtigere"), encoding="utf-8")
    with pytest.raises(ReportError, match="loaded again"):
        run_reports([_job(tmp_path, tiny)], tmp_path / "out")


# ------------------------------------------------------------------ loading beside the warm-up


def test_the_portfolio_loaded_beside_the_warm_up_is_the_one_loading_gives(tiny, monkeypatch):
    monkeypatch.setattr(forked, "warm_up", lambda *args, **kwargs: None)  # the loading is what is tested here
    assert forked.load_while_warming(tiny, ("html",)).sha256 == load_portfolio(tiny).sha256


def test_bad_data_loaded_beside_the_warm_up_raise_every_problem(tmp_path, monkeypatch):
    from conftest import tiny_rows, write_csv_folder
    from dap_reports.errors import ValidationFailed

    monkeypatch.setattr(forked, "warm_up", lambda *args, **kwargs: None)
    rows = tiny_rows()
    rows["projects"][0]["start_date"] = "31-02-2025"
    rows["status"][0]["overall_rag"] = "lilla"
    bad = write_csv_folder(tmp_path / "bad", rows)
    with pytest.raises(ValidationFailed) as helper:
        forked.load_while_warming(bad, ("html",))
    with pytest.raises(ValidationFailed) as direct:
        load_portfolio(bad)
    assert str(helper.value) == str(direct.value) and len(helper.value.errors) == 2


def test_a_meetings_exports_are_made_by_the_sessions_helper(tiny, tmp_path, monkeypatch):
    """In a session, the reports' children only execute; the helper (forked before this process warmed
    up) exports — and an export that fails there is reported as the kernel path reports it."""
    if not forked.available():
        pytest.skip("fork is not the start method here")
    from dap_reports.run import outputs

    nb = new_notebook(cells=[new_code_cell("x = 1", metadata={"tags": ["parameters"]}), new_code_cell("print(x)")])
    nbformat.write(nb, tmp_path / "t.ipynb")
    job = ReportJob("t", "t", {"x": 2}, "Prøve", formats=("html",), template_file=tmp_path / "t.ipynb")
    with forked.session(tiny, ("html",)) as portfolio:
        assert portfolio.sha256 == load_portfolio(tiny).sha256
        assert forked._export_helper is not None
        written = run_reports([job], tmp_path / "good")
    assert sorted(p.name for p in written) == ["t.html", "t.ipynb"]
    assert forked._export_helper is None

    def broken(executed):
        raise RuntimeError("ingen skrifttype")

    monkeypatch.setattr(outputs, "html_of", broken)  # before the session: its helper inherits it
    with forked.session(tiny, ("html",)), pytest.raises(ReportError) as info:
        run_reports([job], tmp_path / "bad")
    assert "'Prøve' was executed but could not be rendered as HTML: RuntimeError: ingen skrifttype" in str(info.value)
    assert not (tmp_path / "bad").exists() or not list((tmp_path / "bad").glob("t.*"))


# ------------------------------------------------------------------ a big portfolio's tables read by two processes


@pytest.fixture
def who_reads(tmp_path, monkeypatch):
    """Which process reads which table (``pid name`` lines), the helper's reads made ``slow`` seconds slower
    (``who_reads.slow``, set by the test), so that this process takes a share."""
    import os
    import time

    from dap_reports.contract import loading

    if not forked.available():
        pytest.skip("fork is not the start method here")
    log, parent, coerce = tmp_path / "reads.txt", os.getpid(), loading.coerce_table

    class Reads:
        slow = 0.0

        def __call__(self) -> dict[str, set[int]]:
            reads: dict[str, set[int]] = {}
            for line in log.read_text(encoding="utf-8").splitlines():
                pid, name = line.split()
                reads.setdefault(name, set()).add(int(pid))
            return reads

    reads = Reads()

    def logged(table, raw):
        if os.getpid() != parent:
            time.sleep(reads.slow)
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {table.name}\n")
        return coerce(table, raw)

    monkeypatch.setattr(loading, "coerce_table", logged)
    monkeypatch.setattr(forked, "warm_up", lambda *args, **kwargs: None)  # the loading is what is tested here
    reads.parent = parent
    return reads


def _same(portfolio, expected) -> None:
    assert portfolio.sha256 == expected.sha256 and portfolio.file_sha256 == expected.file_sha256
    assert portfolio.problems == expected.problems and portfolio.source == expected.source
    assert list(portfolio.tables) == list(expected.tables)
    for name, table in expected.tables.items():
        assert portfolio.tables[name].equals(table), name
        assert list(portfolio.tables[name].dtypes) == list(table.dtypes), name


def test_a_portfolio_whose_tables_two_processes_read_is_the_one_loading_gives(who_reads):
    """The helper and this process share the tables (each read once), and the portfolio put together here
    is the one loading it in one process gives: tables, dtypes, warnings and fingerprints."""
    from dap_reports.contract.schema import TABLE_NAMES

    who_reads.slow = 0.05
    portfolio = forked.load_while_warming(None, ("html",))  # the demo, with its warnings
    reads = who_reads()
    assert sorted(reads) == sorted(TABLE_NAMES) and all(len(pids) == 1 for pids in reads.values())
    readers = set().union(*reads.values())
    assert who_reads.parent in readers and len(readers) == 2  # both took a share
    _same(portfolio, load_portfolio(None))


def test_on_data_read_before_this_process_is_ready_the_helper_checks_them_alone(who_reads, monkeypatch):
    import time

    monkeypatch.setattr(forked, "warm_up", lambda *args, **kwargs: time.sleep(1.0))  # a slow warm-up here
    portfolio = forked.load_while_warming(None, ("html",))
    assert who_reads.parent not in set().union(*who_reads().values())
    _same(portfolio, load_portfolio(None))


def test_bad_data_read_by_two_processes_raise_every_problem_as_loading_does(who_reads, tmp_path):
    from conftest import tiny_rows, write_csv_folder
    from dap_reports.errors import ValidationFailed

    who_reads.slow = 0.05
    rows = tiny_rows()
    rows["projects"][0]["start_date"] = "31-02-2025"
    rows["status"][0]["overall_rag"] = "lilla"
    rows["risks"][0]["project_id"] = "P-UKENDT"
    bad = write_csv_folder(tmp_path / "bad", rows)
    with pytest.raises(ValidationFailed) as shared:
        forked.load_while_warming(bad, ("html",))
    assert len(set().union(*who_reads().values())) == 2
    with pytest.raises(ValidationFailed) as direct:
        load_portfolio(bad)
    assert str(shared.value) == str(direct.value) and shared.value.problems == direct.value.problems


def test_a_workbook_read_by_two_processes_is_the_one_loading_gives(who_reads, tmp_path):
    from dap_reports.tools.workbook import write_workbook

    workbook = write_workbook(dict(load_portfolio(None).tables), tmp_path / "p.xlsx")
    who_reads.slow = 0.05
    portfolio = forked.load_while_warming(workbook, ("html",))
    assert len(set().union(*who_reads().values())) == 2
    _same(portfolio, load_portfolio(workbook))


def test_a_portfolio_put_together_here_is_kept_for_next_time(who_reads, tmp_path, monkeypatch):
    from dap_reports.contract import cache, loading

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    who_reads.slow = 0.05
    with forked.session(None, ("html",), exports=False) as portfolio:
        assert len(set().union(*who_reads().values())) == 2
    assert not forked._keepers  # the child that keeps it has ended
    kept = cache.recall(loading.cache_key(portfolio))
    assert kept is not None
    _same(kept[0], portfolio)


# ------------------------------------------------------------------ a helper started before the run layer


def _running(pid: int) -> bool:
    import os

    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return False
    return done == 0


def test_a_session_takes_over_the_helper_started_early_for_its_data(tiny, tmp_path, monkeypatch):
    """``dap-reports meeting`` starts loading before it imports the run layer; the session then uses that
    helper (no second one), gets the same portfolio and has it export."""
    if not forked.available():
        pytest.skip("fork is not the start method here")
    started = []
    start = forked._start_helper
    monkeypatch.setattr(forked, "_start_helper", lambda path: started.append(path) or start(path))
    nb = new_notebook(cells=[new_code_cell("x = 1", metadata={"tags": ["parameters"]}), new_code_cell("print(x)")])
    nbformat.write(nb, tmp_path / "t.ipynb")
    job = ReportJob("t", "t", {"x": 2}, "Prøve", formats=("html",), template_file=tmp_path / "t.ipynb")
    with forked.loading_early(tiny):
        early = forked._early[1].pid
        with forked.session(tiny, ("html",)) as portfolio:
            assert portfolio.sha256 == load_portfolio(tiny).sha256
            assert forked._export_helper.pid == early
            written = run_reports([job], tmp_path / "out")
    assert len(started) == 1 and sorted(p.name for p in written) == ["t.html", "t.ipynb"]
    assert not _running(early) and forked._early is None


def test_a_helper_started_early_that_no_session_took_is_ended(tiny, tmp_path):
    """A command that fails before its session (a bad date, issued papers) leaves no process behind; a
    session for other data ends the early helper and starts its own."""
    if not forked.available():
        pytest.skip("fork is not the start method here")
    with pytest.raises(RuntimeError), forked.loading_early(tiny):
        early = forked._early[1].pid
        raise RuntimeError("bad date")
    assert not _running(early) and forked._early is None

    with forked.loading_early(tmp_path / "other.xlsx"):
        early = forked._early[1].pid
        with forked.session(tiny, ("html",), exports=False) as portfolio:
            assert portfolio.sha256 == load_portfolio(tiny).sha256
        assert not _running(early)


def test_beside_a_warm_up_the_reports_after_the_first_yield_the_cpu(tiny, tmp_path, monkeypatch):
    """On two cores the first report (a meeting's status overview) keeps its priority and the others run
    nicer while the helper warms up to export; with more cores, more reports keep it. Nothing else about
    the reports changes."""
    if not forked.available():
        pytest.skip("fork is not the start method here")
    import os

    nb = new_notebook(
        cells=[new_code_cell("x = 1", metadata={"tags": ["parameters"]}), new_code_cell("import os\nprint(os.nice(0))")]
    )
    nbformat.write(nb, tmp_path / "t.ipynb")
    jobs = [
        ReportJob(name, name, {"x": 2}, name, formats=("html",), template_file=tmp_path / "t.ipynb")
        for name in ("a", "b", "c")
    ]
    base = os.nice(0)

    def niceness(folder):
        printed = []
        for name in ("a", "b", "c"):
            executed = nbformat.read(folder / f"{name}.ipynb", as_version=4)
            printed.append(int(executed.cells[-1].outputs[0].text) - base)
        return printed

    for cores, expected in ((2, [0, forked.YIELD_NICE, forked.YIELD_NICE]), (3, [0, 0, forked.YIELD_NICE])):
        monkeypatch.setattr(forked.os, "cpu_count", lambda cores=cores: cores)
        with forked.session(tiny, ("html",)):
            run_reports(jobs, tmp_path / str(cores))
        assert niceness(tmp_path / str(cores)) == expected


def test_only_a_report_with_much_to_draw_has_a_twin_make_its_last_sections():
    """A second process pays only where the sections have much to do: a report context on a portfolio of
    TWIN_MIN_PROJECTS projects or more, or with indicator values (a rollout's charts per area), or a
    template without a report context."""
    from types import SimpleNamespace

    import pandas as pd

    from dap_reports.contract.locate import DEMO_DIR

    def shell(portfolio=None, **tables):
        tables = portfolio.tables if portfolio is not None else tables
        ctx = SimpleNamespace(portfolio=SimpleNamespace(tables=tables)) if tables else None
        return SimpleNamespace(user_ns={} if ctx is None else {"ctx": ctx})

    assert forked._worth_a_twin(shell())
    assert not forked._worth_a_twin(shell(load_portfolio(None)))  # the demo: 15 projects, no indicators
    assert forked._worth_a_twin(shell(projects=pd.DataFrame({"project_id": range(forked.TWIN_MIN_PROJECTS)})))
    assert forked._worth_a_twin(shell(load_portfolio(DEMO_DIR.parent / "kol")))  # 5 projects, 3,582 values
