"""A Windows-like start for Python on Linux: put this folder first on PYTHONPATH.

Every Python process that starts with it on its path — the test run, the ``dap-reports`` it
starts, their worker processes and the report kernels, which all inherit the environment — loses
what Windows does not have:

* ``os.fork`` (and ``forkpty``), process groups and sessions (``setpgrp``, ``setpgid``, ``getpgid``,
  ``killpg``, ``setsid``);
* the ``fcntl`` module (``import fcntl`` fails, as on Windows);
* every multiprocessing start method but ``spawn``: ``get_all_start_methods()`` is ``["spawn"]``,
  the default context spawns, and ``get_context("fork")`` raises ValueError like on Windows.

``WINDOWS_LIKE`` below lets a test check that the simulation is in force.
"""

import multiprocessing
import multiprocessing.context
import os
import sys

WINDOWS_LIKE = True

for _name in ("fork", "forkpty", "setpgrp", "setpgid", "getpgid", "killpg", "setsid"):
    if hasattr(os, _name):
        delattr(os, _name)

sys.modules["fcntl"] = None  # `import fcntl` now raises ModuleNotFoundError

_contexts = multiprocessing.context._concrete_contexts
for _method in ("fork", "forkserver"):
    _contexts.pop(_method, None)
_default = multiprocessing.context._default_context
_default._default_context = _contexts["spawn"]
_default._actual_context = _contexts["spawn"]
multiprocessing.context.DefaultContext.get_all_start_methods = lambda self: ["spawn"]
# multiprocessing exports the default context's bound methods at import; rebind the patched one.
multiprocessing.get_all_start_methods = _default.get_all_start_methods
