"""Benchmark: a year of reports with dap-reports against the plain papermill + nbconvert pipeline.

    .venv/bin/python benchmarks/bench_year.py            # everything (about 10 minutes on 2 cores)
    .venv/bin/python benchmarks/bench_year.py --quick    # HTML only, scaling up to 150 projects

A  the pipeline a user would write by hand: for each report `papermill in.ipynb out.ipynb -p ...`
   then `jupyter nbconvert --to html --no-input out.ipynb` (and `--to dap_pdf` for PDF), one after another;
B  `dap-reports year YEAR --all` on the same notebooks and data: cold (empty output folder) and warm
   (nothing changed).
Then one meeting's reports on generated portfolios of 15, 150 and 1,500 projects with 10 years of history,
with peak memory (largest process, kernels included) and the largest HTML file.
Prints a table; record the figures in benchmarks/README.md with the machine they were taken on.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TEMPLATES = ROOT / "notebooks"


def _run(command: list[str], **kw) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - started


def _peak_children_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def plain_pipeline(data: Path, year: int, formats: list[str], work: Path) -> float:
    """A: papermill and nbconvert from the command line, one report after another."""
    import dap_reports as dr

    portfolio = dr.load_portfolio(data)
    runs = [("meeting_status.ipynb", {"meeting_date": f"{d:%Y-%m-%d}"}) for d in portfolio.meetings_in_year(year)]
    runs += [("meeting_risks.ipynb", {"meeting_date": f"{d:%Y-%m-%d}"}) for d in portfolio.meetings_in_year(year)]
    runs.append(("annual_rollup.ipynb", {"year": year}))
    started = time.perf_counter()
    for k, (template, params) in enumerate(runs):
        executed = work / f"{k:02d}-{template}"
        args = [
            str(BIN / "papermill"),
            str(TEMPLATES / template),
            str(executed),
            "-k",
            "dap-reports",
            "-p",
            "data_path",
            str(data),
        ]
        for name, value in params.items():
            args += ["-p", name, str(value)]
        _run(args, cwd=work)
        for fmt in formats:
            _run(
                [
                    str(BIN / "jupyter"),
                    "nbconvert",
                    "--to",
                    "html" if fmt == "html" else "dap_pdf",
                    "--no-input",
                    str(executed),
                ],
                cwd=work,
            )
    return time.perf_counter() - started


def dap_year(data: Path, year: int, formats: str, out: Path) -> float:
    return _run(
        [
            str(BIN / "dap-reports"),
            "year",
            str(year),
            "--all",
            "--data",
            str(data),
            "--out",
            str(out),
            "--format",
            formats,
        ]
    )


def scaled_portfolio(n_projects: int, folder: Path) -> tuple[Path, str]:
    from dap_reports.tools.demo import generate_portfolio

    tables = generate_portfolio(n_projects, 10)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    status = tables["status"]
    return folder, max(status["meeting_date"])


def meeting_run(data: Path, meeting: str, out: Path) -> tuple[float, float]:
    """Seconds for one meeting's two reports, and the largest HTML file in MB."""
    seconds = _run([str(BIN / "dap-reports"), "meeting", meeting, "--data", str(data), "--out", str(out)])
    return seconds, max(p.stat().st_size for p in out.rglob("*.html")) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--quick", action="store_true", help="HTML only; scaling up to 150 projects")
    args = parser.parse_args()
    from dap_reports.contract.locate import DEMO_DIR

    rows: list[tuple[str, str]] = []
    print(f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    variants = [("HTML", "html")] + ([] if args.quick else [("HTML+PDF", "html,pdf")])
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for label, formats in variants:
            work = tmp / f"plain-{formats}"
            work.mkdir()
            a = plain_pipeline(DEMO_DIR, args.year, formats.split(","), work)
            out = tmp / f"dap-{formats}"
            cold = dap_year(DEMO_DIR, args.year, formats, out)
            warm = dap_year(DEMO_DIR, args.year, formats, out)
            rows += [
                (f"{label}: A plain pipeline, year {args.year}", f"{a:.1f} s"),
                (f"{label}: B dap-reports cold", f"{cold:.1f} s"),
                (f"{label}: B dap-reports warm", f"{warm:.2f} s"),
                (f"{label}: ratio B cold / A", f"{cold / a:.2f}  (target <= 0.40)"),
            ]
            shutil.rmtree(work, ignore_errors=True)

        demo_meeting, demo_mb = meeting_run(DEMO_DIR, "2026-10-14", tmp / "demo-meeting")
        rows.append(
            (
                "one meeting, demo portfolio (15 projects, 2 years)",
                f"{demo_meeting:.1f} s, largest HTML {demo_mb:.2f} MB",
            )
        )
        for n in (15, 150) if args.quick else (15, 150, 1500):
            data, meeting = scaled_portfolio(n, tmp / f"gen-{n}")
            seconds, mb = meeting_run(data, meeting, tmp / f"out-{n}")
            rows.append(
                (
                    f"one meeting, {n} projects x 10 years",
                    f"{seconds:.1f} s ({seconds / demo_meeting:.1f}x demo), largest HTML {mb:.2f} MB",
                )
            )
        rows.append(("peak memory of any process (kernels included)", f"{_peak_children_mb():.0f} MB"))

    width = max(len(k) for k, _ in rows)
    print()
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
