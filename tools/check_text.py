"""Pre-commit check for text files: one newline at the end, no trailing whitespace, and no file over 1 MB.

Usage: python tools/check_text.py FILE...  (exit 1 and a list of problems when any file fails)
"""

from __future__ import annotations

import sys
from pathlib import Path

MAX_BYTES = 1_000_000


def problems(path: Path) -> list[str]:
    data = path.read_bytes()
    found = []
    if len(data) > MAX_BYTES:
        found.append(f"{path}: {len(data):,} bytes; large files belong outside git")
    if data and not data.endswith(b"\n"):
        found.append(f"{path}: no newline at the end")
    if data.endswith(b"\n\n"):
        found.append(f"{path}: blank lines at the end")
    for number, line in enumerate(data.splitlines(), start=1):
        if line.rstrip() != line and path.suffix not in {".md"}:
            found.append(f"{path}:{number}: trailing whitespace")
            break
    return found


def main(argv: list[str]) -> int:
    found = [p for name in argv for p in problems(Path(name))]
    print("\n".join(found), file=sys.stderr) if found else None
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
