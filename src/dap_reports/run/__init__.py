"""The run layer: parameters, report jobs, report execution and nbconvert export, batches.
Report code never imports it; it imports the reports' registry and the data contract."""

from .lean_imports import install as _defer_slow_imports

_defer_slow_imports()  # before anything here imports nbformat (see lean_imports)
