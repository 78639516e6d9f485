"""What must hold for Windows: no symbolic links in git, file names Windows can hold (the repository's
and every name the commands write), and text always read and written as UTF-8 explicitly."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parents[1]
RESERVED_CHARACTERS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def _problem(name: str) -> str | None:
    """Why Windows cannot hold a file or folder of this name, or None."""
    if RESERVED_CHARACTERS.search(name):
        return "reserved character"
    if name.endswith((".", " ")):
        return "ends with a dot or space"
    if name.split(".")[0].lower() in RESERVED_NAMES:
        return "reserved device name"
    return None


def _check_names(paths: list[PurePosixPath | Path]) -> None:
    bad = {str(p): why for p in paths for part in p.parts if (why := _problem(part))}
    assert not bad, bad
    folded: dict[str, str] = {}
    for path in map(str, paths):  # Windows (and macOS) file systems ignore case
        other = folded.setdefault(path.lower(), path)
        assert other == path, f"{other} and {path} differ only in case"


def _git_files() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    listing = subprocess.run(["git", "ls-files", "-s", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode(
        "utf-8"
    )
    return [entry for entry in listing.split("\0") if entry]


def test_git_holds_no_symbolic_links():
    links = [entry.split("\t", 1)[1] for entry in _git_files() if entry.startswith("120000 ")]
    assert not links, f"symbolic links turn into one-line text files in a Windows checkout: {links}"


def test_repository_file_names_check_out_on_windows():
    _check_names([PurePosixPath(entry.split("\t", 1)[1]) for entry in _git_files()])


def test_names_the_commands_write_are_portable(tmp_path, demo_meeting_reports, demo_annual_report):
    from dap_reports.contract.locate import DEMO_DIR
    from dap_reports.run import batch, staging
    from dap_reports.run.jobs import run_calendar

    folder, written = demo_meeting_reports  # `meeting`
    annual, out = demo_annual_report  # `year`
    names = [Path(p).relative_to(folder.parents[1]) for p in written]
    names += [Path(p).relative_to(out) for p in annual]
    _, wheel_files = run_calendar(2027, data=DEMO_DIR, out=tmp_path / "out", workspace=tmp_path)  # `calendar`
    names += [Path(p).relative_to(tmp_path) for p in wheel_files]
    for kol in (False, True):  # every meeting and year of both demos, and the batch's bookkeeping files
        data = DEMO_DIR.parent / ("kol" if kol else "demo")
        for item in batch.plan(data, tmp_path / "plan", since="2020-01-01", formats="html,pdf"):
            target = Path(item.job.target_dir)
            names += [target / f"{item.job.name}.{suffix}" for suffix in ("ipynb", "html", "pdf", "failed.ipynb")]
            names += [target / f".{item.label}.lock", target / batch.MANIFEST, target / f".{batch.MANIFEST}.lock"]
        names.append(batch._batch_state(Path("."), f"since 2020-01-01 html,pdf da {data.name}"))
    names.append(staging.make_staging(tmp_path / "2026-03-11").relative_to(tmp_path))
    _check_names(names)
    assert len(names) > 100
    assert all(":" not in str(name) for name in names)


# ------------------------------------------------------------------ UTF-8, explicitly

TEXT_CALLS = {"read_text", "write_text"}
PROCESS_CALLS = {"run", "Popen", "check_output", "check_call", "call"}


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _binary(call: ast.Call, mode_index: int) -> bool:
    mode = _keyword(call, "mode") or (call.args[mode_index] if len(call.args) > mode_index else None)
    return isinstance(mode, ast.Constant) and isinstance(mode.value, str) and "b" in mode.value


def _implicit_encodings(source: str, where: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or _keyword(node, "encoding") is not None:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
        # open(file, mode) and io.open(file, mode); path.open(mode); os.open, tarfile.open … are not text
        mode_at = 1 if isinstance(func, ast.Name) or owner in {"io", "codecs"} else 0
        if name == "open" and owner not in {"os", "tarfile", "zipfile", "gzip", "Image"} and not _binary(node, mode_at):
            found.append(f"{where}:{node.lineno} open() without encoding")
        elif name == "fdopen" and not _binary(node, 1):
            found.append(f"{where}:{node.lineno} fdopen() without encoding")
        elif name in TEXT_CALLS:
            found.append(f"{where}:{node.lineno} {name}() without encoding")
        elif name in PROCESS_CALLS and owner == "subprocess":
            text = _keyword(node, "text") or _keyword(node, "universal_newlines")
            if isinstance(text, ast.Constant) and text.value:
                found.append(f"{where}:{node.lineno} subprocess.{name}(text=True) without encoding")
    return found


def test_text_is_read_and_written_as_utf8_explicitly():
    """Windows' default encoding is not UTF-8 (cp1252 on Danish PCs): every text file, and every
    subprocess output read as text, names its encoding."""
    files = [p for folder in ("src", "tests", "tools", "benchmarks") for p in sorted((ROOT / folder).rglob("*.py"))]
    found = [
        problem
        for path in files
        for problem in _implicit_encodings(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert not found, "\n".join(found)


def test_the_check_sees_implicit_encodings():
    sample = (
        "import os, subprocess\nopen('x')\nopen('x', 'rb')\nPath('x').read_text()\nPath('x').open('w')\n"
        "os.fdopen(3, 'w')\nsubprocess.run(['x'], text=True)\nopen('x', encoding='utf-8')\nPath('x').open('rb')\n"
        "os.open('x', os.O_RDONLY)\n"
    )
    found = _implicit_encodings(sample, "sample")
    assert [line.split(" ", 1)[0] for line in found] == ["sample:2", "sample:4", "sample:5", "sample:6", "sample:7"]
