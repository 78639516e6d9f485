"""One import kept off the start-up path of every process that reads or writes notebooks.

nbformat validates notebooks with jsonschema, and jsonschema registers a format checker for
every optional package it finds installed. For IRIs it imports ``rfc3987_syntax``, which builds
a Lark grammar when imported: about 0.9 s on a quiet 2-core machine, more than the rest of
nbformat, nbconvert and papermill together (JupyterLab's jupyter-events installs it). Notebook
schemas use no IRI formats.

:func:`install` (run when the run layer is imported) puts a finder in front of the import system
that answers ``import rfc3987_syntax`` with a stand-in: its ``is_valid_syntax`` — the one name
jsonschema takes — and every other attribute import the real module on first use. So nothing
changes but when the grammar is built: only if an IRI is ever validated. Where the package is
not installed, importing it fails as before.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types

DEFERRED = "rfc3987_syntax"
_loading_real = False


def _real() -> types.ModuleType:
    """The real module, imported now if it has not been (the stand-in then leaves ``sys.modules``)."""
    global _loading_real
    current = sys.modules.get(DEFERRED)
    if current is not None and not isinstance(current, _StandIn):
        return current
    sys.modules.pop(DEFERRED, None)
    _loading_real = True
    try:
        return importlib.import_module(DEFERRED)
    finally:
        _loading_real = False


def is_valid_syntax(*args, **kwargs):
    return _real().is_valid_syntax(*args, **kwargs)


class _StandIn(types.ModuleType):
    def __getattr__(self, name: str):
        if name.startswith("__"):  # the import system probing (__path__, __file__ …)
            raise AttributeError(name)
        return getattr(_real(), name)


class _Loader(importlib.abc.Loader):
    def create_module(self, spec):
        module = _StandIn(spec.name)
        module.is_valid_syntax = is_valid_syntax  # type: ignore[attr-defined]
        return module

    def exec_module(self, module) -> None:
        pass


class DeferringFinder(importlib.abc.MetaPathFinder):
    """Answers ``import rfc3987_syntax`` with the stand-in while the package is installed."""

    def find_spec(self, fullname, path, target=None):
        if fullname != DEFERRED or _loading_real:
            return None
        if importlib.machinery.PathFinder.find_spec(fullname) is None:
            return None  # not installed: the import fails as it would without us
        return importlib.machinery.ModuleSpec(fullname, _Loader())


def install() -> None:
    """Put the finder first on ``sys.meta_path`` (once per process)."""
    if not any(isinstance(finder, DeferringFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, DeferringFinder())
