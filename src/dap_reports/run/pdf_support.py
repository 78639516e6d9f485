"""Whether this machine can make PDFs, asked without importing pandas or WeasyPrint.

The everyday commands ask before anything else (their default is HTML and PDF), so the answer must
not cost the imports an up-to-date batch never needs.
"""

from __future__ import annotations

from pathlib import Path


def pdf_unavailable() -> str | None:
    """Why PDFs cannot be made on this machine, or None when they can.

    WeasyPrint needs the system's Pango library, which a pip install on Windows does not bring; the
    commands then make HTML by default (with a note) rather than fail on every run. Importing WeasyPrint
    to find out costs about 0.4 s, on the path every report waits for, so a success is remembered per
    Python environment and WeasyPrint version (a failure is not: installing Pango shows at once).
    """
    from importlib import metadata

    try:
        version = metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        return "WeasyPrint is not installed"
    remembered = _pdf_ok_file(version)
    if remembered is not None and remembered.exists():
        return None
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    except ImportError as exc:
        return f"WeasyPrint is not installed ({exc})"
    if remembered is not None:
        try:
            remembered.parent.mkdir(parents=True, exist_ok=True)
            remembered.touch()
        except OSError:  # a read-only profile: ask again next time
            pass
    return None


def _pdf_ok_file(version: str) -> Path | None:
    """Where a working WeasyPrint is remembered: the user's cache folder, one file per environment."""
    import hashlib
    import sys

    from ..contract.cache import user_cache_dir

    folder = user_cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256(f"{sys.prefix}|{version}".encode()).hexdigest()[:16]
    return folder / f"pdf-ok-{key}"
