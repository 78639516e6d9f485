"""Benchmark: dap-reports against the plain papermill + nbconvert pipeline, and the speed goals, in one run.

    .venv/bin/python benchmarks/bench_year.py            # everything (about 15 minutes on 2 cores)
    .venv/bin/python benchmarks/bench_year.py --quick    # a smoke run: each measurement once, HTML only,
                                                         # the plain pipeline for one meeting, up to 150 projects

Measured, each in fresh processes, on the bundled demo unless said otherwise:

bare       ``python -c "import pandas, matplotlib.pyplot"``: the yardstick for start-up
meeting    ``dap-reports meeting 2026-10-14`` from a cold start into an empty folder: HTML; HTML+PDF
A          the plain pipeline a user would write by hand, for the year's reports: for each
           ``papermill in.ipynb out.ipynb -k dap-reports -p ...`` then ``jupyter nbconvert --to html
           --no-input out.ipynb``, one after another
B          ``dap-reports year 2026 --all``: cold (empty output folder), then unchanged (nothing changed)
saved      the unchanged year again after the workbook of a ``dap-reports init --demo`` workspace was opened
           and saved with no value changed, as the analysts type it there (``dap-reports year 2026 --all``:
           HTML and PDF): the first run (which loads the data once to see that) and the next
scale      one meeting on generated portfolios of 15, 150 and 1,500 projects with 10 years of history,
           with the largest HTML file: new data (read and checked in the run) and data read before (taken
           from the cache of validated portfolios), each against the demo's meeting measured beside it
           (interleaved); and the peak memory of any process

Every command runs with a cache folder of the benchmark's own (``DAP_REPORTS_CACHE``), empty at the start,
and may write Python's bytecode (``PYTHONDONTWRITEBYTECODE``, which some machines set, is removed): an
analyst's Python compiles the toolkit once, not at every start. One untimed meeting runs first.

Timed measurements are repeated (``--repeat``, default 5; 3 for the cold year) and the median is reported,
with the load average before and after: other work on the machine slows everything down alike, which the
ratios to ``bare`` and to A are meant to cancel out. Record the figures in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TEMPLATES = ROOT / "notebooks"
MEETING = "2026-10-14"
YEAR = 2026


def _run(command: list[str], **kw) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - started


def _median(measure, times: int) -> float:
    return statistics.median(measure() for _ in range(times))


def _load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def _peak_children_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def bare_import() -> float:
    return _run([sys.executable, "-c", "import pandas, matplotlib.pyplot"])


def dap(*args: str, cwd: Path | None = None) -> float:
    return _run([str(BIN / "dap-reports"), *args], cwd=cwd)


def meeting(data: Path, meeting: str, out: Path, formats: str = "html") -> float:
    """Seconds for one meeting's two reports, from a cold start into an empty folder."""
    shutil.rmtree(out, ignore_errors=True)
    return dap("meeting", meeting, "--data", str(data), "--out", str(out), "--format", formats)


def plain_pipeline(data: Path, runs: list[tuple[str, dict]], formats: list[str], work: Path) -> float:
    """A: papermill and nbconvert from the command line, one report after another."""
    started = time.perf_counter()
    for k, (template, params) in enumerate(runs):
        executed = work / f"{k:02d}-{template}"
        args = [str(BIN / "papermill"), str(TEMPLATES / template), str(executed), "-k", "dap-reports"]
        for name, value in {"data_path": str(data), **params}.items():
            args += ["-p", name, str(value)]
        _run(args, cwd=work)
        for fmt in formats:
            exporter = "html" if fmt == "html" else "dap_pdf"
            _run([str(BIN / "jupyter"), "nbconvert", "--to", exporter, "--no-input", str(executed)], cwd=work)
    return time.perf_counter() - started


def year_runs(data: Path, year: int) -> list[tuple[str, dict]]:
    """The notebooks of a year's reports: every meeting's two, then the roll-up."""
    import dap_reports as dr

    dates = [f"{d:%Y-%m-%d}" for d in dr.load_portfolio(data).meetings_in_year(year)]
    runs = [(t, {"meeting_date": d}) for d in dates for t in ("meeting_status.ipynb", "meeting_risks.ipynb")]
    return [*runs, ("annual_rollup.ipynb", {"year": year})]


def meeting_runs(date: str) -> list[tuple[str, dict]]:
    return [(t, {"meeting_date": date}) for t in ("meeting_status.ipynb", "meeting_risks.ipynb")]


def year(data: Path, out: Path, formats: str = "html", *more: str) -> float:
    return dap("year", str(YEAR), "--all", "--data", str(data), "--out", str(out), "--format", formats, *more)


def open_and_save(workbook: Path) -> None:
    """What an analyst does who opens the workbook and saves it without changing a value."""
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    book.save(workbook)


def scaled_portfolio(n_projects: int, folder: Path) -> tuple[Path, str]:
    from dap_reports.tools.demo import generate_portfolio

    tables = generate_portfolio(n_projects, 10)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    return folder, max(tables["status"]["meeting_date"])


def forget(data: Path) -> None:
    """Drop the data's validated portfolio from the cache (``DAP_REPORTS_CACHE``), so it is read again."""
    from dap_reports.contract import cache
    from dap_reports.contract.locate import data_fingerprint

    where = data.resolve()
    cache.forget(cache.key(where, data_fingerprint(where)))


def largest_html_mb(out: Path) -> float:
    return max(p.stat().st_size for p in out.rglob("*.html")) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="each measurement once, HTML only, a smaller A")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions of each timed measurement")
    args = parser.parse_args()
    from dap_reports.contract.locate import DEMO_DIR

    repeat = 1 if args.quick else args.repeat
    cold_repeat = 1 if args.quick else max(1, min(3, repeat))
    rows: list[tuple[str, str, str]] = []  # measurement, result, goal
    print(f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"Load average at the start: {_load()}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # A cache folder of the run's own (see dap_reports.contract.cache), not the user's.
        cache = tmp / "cache"
        os.environ["DAP_REPORTS_CACHE"] = str(cache)
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled once, as on the analysts' PCs
        meeting(DEMO_DIR, MEETING, tmp / "warm-up")  # writes the bytecode; not timed
        # Interleaved, so that a change in the machine's load hits both alike.
        bare, html, both = [], [], []
        for _ in range(repeat):
            bare.append(bare_import())
            html.append(meeting(DEMO_DIR, MEETING, tmp / "meeting-html"))
            if not args.quick:
                both.append(meeting(DEMO_DIR, MEETING, tmp / "meeting-pdf", "html,pdf"))
        bare_s, html_s = statistics.median(bare), statistics.median(html)
        rows += [
            ("bare `import pandas, matplotlib.pyplot`", f"{bare_s:.2f} s", ""),
            (
                "one meeting, 2 HTML reports, cold start",
                f"{html_s:.2f} s = {html_s / bare_s:.1f} x bare",
                "<= 2.0 s, <= 3 x bare",
            ),
        ]
        if both:
            rows.append(("one meeting, HTML+PDF, cold start", f"{statistics.median(both):.2f} s", "<= 4 s"))

        # A and B: the year's reports.
        work = tmp / "plain"
        work.mkdir()
        runs = meeting_runs(MEETING) if args.quick else year_runs(DEMO_DIR, YEAR)
        plain = plain_pipeline(DEMO_DIR, runs, ["html"], work)
        label = f"meeting {MEETING}" if args.quick else f"year {YEAR}"
        rows.append((f"A plain pipeline, HTML, {label} ({len(runs)} reports)", f"{plain:.1f} s", ""))
        if args.quick:
            mine = meeting(DEMO_DIR, MEETING, tmp / "quick")
            rows.append(("B dap-reports meeting against A (quick run)", f"{mine:.1f} s = {mine / plain:.2f} x A", ""))
        else:
            cold = []
            for k in range(cold_repeat):
                cold.append(year(DEMO_DIR, tmp / f"year-{k}"))
            cold_s = statistics.median(cold)
            unchanged = _median(lambda: year(DEMO_DIR, tmp / "year-0"), repeat)
            rows += [
                (
                    f"B dap-reports year {YEAR} --all, HTML, cold",
                    f"{cold_s:.1f} s = {cold_s / plain:.2f} x A",
                    "<= 0.15 x A",
                ),
                ("B unchanged year", f"{unchanged:.2f} s", "< 0.3 s"),
            ]

        # The unchanged year after the workbook was opened and saved without a change, with the command
        # as analysts type it in their workspace: no options, so HTML and PDF.
        workspace = tmp / "workspace"
        dap("init", str(workspace), "--demo")
        dap("year", str(YEAR), "--all", cwd=workspace)
        open_and_save(workspace / "portfolio.xlsx")
        first = dap("year", str(YEAR), "--all", cwd=workspace)
        after = _median(lambda: dap("year", str(YEAR), "--all", cwd=workspace), repeat)
        rows += [
            (
                "unchanged year (HTML+PDF, as typed in a workspace), workbook opened and saved: first run",
                f"{first:.2f} s (loads the data once)",
                "",
            ),
            (
                "unchanged year (HTML+PDF, as typed in a workspace), workbook opened and saved: then",
                f"{after:.2f} s",
                "< 0.3 s",
            ),
        ]

        # Scale: one meeting on generated portfolios.
        sizes = (15, 150) if args.quick else (15, 150, 1500)
        demo_s = html_s
        rows.append(
            (
                "one meeting, demo (15 projects, 2 years)",
                f"{demo_s:.2f} s, largest HTML {largest_html_mb(tmp / 'meeting-html'):.2f} MB",
                "",
            )
        )
        for n in sizes:
            data, date = scaled_portfolio(n, tmp / f"gen-{n}")
            # Interleaved with the demo's meeting (its data read before, as in every run above), so that a
            # change in the machine's load hits both sides of the ratio alike.
            demo, first, again = [], [], []
            for _ in range(repeat):
                demo.append(meeting(DEMO_DIR, MEETING, tmp / "meeting-html"))
                forget(data)  # new data: read and checked in the run
                first.append(meeting(data, date, tmp / f"out-{n}"))
                again.append(meeting(data, date, tmp / f"out-{n}"))  # read before: taken from the cache
            demo_n, first_s, again_s = (statistics.median(v) for v in (demo, first, again))
            goal = "<= 2 x demo" if n == 1500 else ""
            rows += [
                (
                    f"one meeting, {n} projects x 10 years, new data",
                    f"{first_s:.2f} s = {first_s / demo_n:.2f} x demo ({demo_n:.2f} s beside it), largest HTML "
                    f"{largest_html_mb(tmp / f'out-{n}'):.2f} MB",
                    goal,
                ),
                (
                    f"one meeting, {n} projects x 10 years, data read before",
                    f"{again_s:.2f} s = {again_s / demo_n:.2f} x demo",
                    goal,
                ),
            ]
        rows.append(("peak memory of any process", f"{_peak_children_mb():.0f} MB", ""))

    print(f"Load average at the end: {_load()}")
    print(f"Medians of {repeat} run(s) ({cold_repeat} for the cold year)\n")
    width = max(len(k) for k, _, _ in rows)
    result_width = max(len(v) for _, v, _ in rows)
    for key, value, goal in rows:
        print(f"{key:<{width}}  {value:<{result_width}}  {goal}")


if __name__ == "__main__":
    main()
