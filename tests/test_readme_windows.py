"""The README's Windows set-up, followed as written wherever Linux can: its PowerShell blocks and the
commands its text names are read from README.md and the Python-level ones are run, with
``.venv\\Scripts\\python`` standing for this interpreter and ``.venv\\Scripts\\dap-reports`` for the
console script installed beside it. Creating the environment and installing into it is what made
this test run possible, so those lines are only checked, not repeated; nor is ``pytest`` itself."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.processes
ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SCRIPTS = ".venv\\Scripts\\"


def _windows_section() -> str:
    found = re.search(r"^### Windows\n(.*?)(?=^## )", README, flags=re.MULTILINE | re.DOTALL)
    assert found, "README.md has no '### Windows' section under the set-up"
    return found.group(1)


def _blocks() -> list[list[str]]:
    blocks = re.findall(r"```powershell\n(.*?)```", _windows_section(), flags=re.DOTALL)
    return [[line.strip() for line in block.splitlines() if line.strip()] for block in blocks]


def _inline_commands() -> list[str]:
    prose = re.sub(r"```.*?```", "", _windows_section(), flags=re.DOTALL)
    return [c for c in re.findall(r"`([^`]+)`", prose) if c.startswith(SCRIPTS) and " " in c]


def _translate(line: str) -> list[str] | None:
    """The command to run on this machine, or None for lines that set up what this run already has."""
    words = shlex.split(line.replace("\\", "/"))
    program = words[0].removeprefix(SCRIPTS.replace("\\", "/"))
    rest = words[1:]
    if (program == "py" and rest[:2] == ["-m", "venv"]) or program == "conda":
        return None
    if program == "python":
        if rest[:3] == ["-m", "pip", "install"] or rest[:2] == ["-m", "pytest"]:
            return None
        return [sys.executable, *rest]
    if program == "dap-reports":
        script = Path(sys.executable).with_name("dap-reports.exe" if os.name == "nt" else "dap-reports")
        return [str(script), *rest] if script.exists() else [sys.executable, "-m", "dap_reports", *rest]
    raise AssertionError(f"the test does not know how to follow this README line: {line}")


def test_the_windows_section_has_the_two_steps_for_both_pythons():
    blocks = _blocks()
    assert len(blocks) == 3, blocks  # python.org: install + demo; tests; conda
    venv, tests, conda = blocks
    assert venv == ["py -m venv .venv", f"{SCRIPTS}python -m pip install -e .", f"{SCRIPTS}dap-reports demo"]
    assert tests == [f'{SCRIPTS}python -m pip install -e ".[test]"', f"{SCRIPTS}python -m pytest"]
    assert conda[:2] == ["conda env create -f environment.yml", "conda activate dap-reports"]
    assert "name: dap-reports" in (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "make" not in " ".join(line for block in blocks for line in block).split()
    import dap_reports  # `pip install -e .` of this checkout is what these commands run

    assert Path(dap_reports.__file__).resolve().is_relative_to(ROOT / "src")


def test_the_windows_commands_run_as_written(tmp_path):
    lines = [line for block in _blocks() for line in block] + _inline_commands()
    commands = []
    for line in lines:
        command = _translate(line)
        if command is not None and command not in commands:
            commands.append(command)
    assert any(c[-1] == "demo" for c in commands) and any(c[-3:] == ["-m", "dap_reports", "validate"] for c in commands)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for command in commands:
        result = subprocess.run(
            command, cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", env=env, timeout=600
        )
        assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"
    folder = tmp_path / "output" / "2026" / "2026-10-14"  # where the README says the demo's reports go
    assert "output\\2026\\2026-10-14\\" in _windows_section()
    for name in ("portefoljeoverblik-2026-10-14.html", "risikorapport-2026-10-14.html"):
        assert (folder / name).read_text(encoding="utf-8").rstrip().endswith("</html>")
