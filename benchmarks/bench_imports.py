"""What a report kernel pays in imports before its first section: measured in fresh processes.

Each measurement starts a new Python, imports what a report template's set-up cell imports, and
reports the wall time of those imports (median of ``--repeat`` runs). pandas + matplotlib are
measured on their own first, so the library's own share is the difference.

    python benchmarks/bench_imports.py                   # this checkout
    python benchmarks/bench_imports.py --src OLD/src --old-layout   # an older checkout, for comparison
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

BASELINE = "import pandas, matplotlib, matplotlib.pyplot"
# What the notebook templates' set-up cells import (see dap_reports.reports.templates).
KERNEL = {
    "new": "from dap_reports.reports.context import ReportContext\n"
    "from dap_reports.reports.common.html import show\n"
    "from dap_reports.reports.status import sections\n"
    "from dap_reports.reports.risks import sections\n"
    "from dap_reports.reports.annual import sections",
    "old": "from dap_reports.reports import ReportContext\n"
    "from dap_reports.display import show\n"
    "from dap_reports import status_sections, risk_sections, annual_sections",
}
PROBE = """
import json, sys, time
t0 = time.perf_counter()
exec({baseline!r})
t1 = time.perf_counter()
exec({code!r})
t2 = time.perf_counter()
heavy = sorted(m for m in ("papermill", "nbconvert", "nbclient", "weasyprint", "openpyxl") if m in sys.modules)
print(json.dumps({{"baseline": t1 - t0, "library": t2 - t1, "heavy": heavy}}))
"""


def measure(code: str, src: str | None, repeat: int) -> dict:
    env_path = [src] if src else []
    runs = []
    for _ in range(repeat):
        probe = PROBE.format(baseline=BASELINE, code=code)
        prefix = f"import sys; sys.path[:0] = {env_path!r}\n"
        out = subprocess.run(
            [sys.executable, "-c", prefix + probe], capture_output=True, text=True, encoding="utf-8", check=True
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {
        "pandas+matplotlib s": round(statistics.median(r["baseline"] for r in runs), 3),
        "report modules s": round(statistics.median(r["library"] for r in runs), 3),
        "heavy modules loaded": runs[-1]["heavy"],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", help="source folder to import dap_reports from (default: the installed one)")
    parser.add_argument("--old-layout", action="store_true", help="the flat layout of release 0.1")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    result = measure(KERNEL["old" if args.old_layout else "new"], args.src, args.repeat)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
