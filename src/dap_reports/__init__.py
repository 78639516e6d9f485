"""dap-reports: status, risk and annual reports for Danish health-digitalisation steering groups.

Load a portfolio and explore it::

    import dap_reports as dr
    portfolio = dr.load_portfolio()          # the bundled demo, or a workbook/CSV folder
    portfolio.status_at("2026-03-11")

The public names below are imported on first use, so the command line can answer quickly
(for example that every report is up to date) without loading pandas.
"""

from importlib import import_module

_PUBLIC = {
    "DEMO_DIR": "contract.locate",
    "ConfigError": "errors",
    "DapReportsError": "errors",
    "DataNotFoundError": "errors",
    "ParameterError": "errors",
    "Problem": "errors",
    "ReportError": "errors",
    "ValidationFailed": "errors",
    "Portfolio": "contract.portfolio",
    "PortfolioConfig": "contract.config",
    "load_config": "contract.config",
    "check_portfolio": "contract.loading",
    "load_portfolio": "contract.loading",
    "run_meeting": "run.jobs",
    "run_year": "run.jobs",
    "REPORTS": "reports",
}

# Module names of release 0.1, kept for one release so notebooks written against it still run:
# ``from dap_reports import status_report`` gives the status report's computations, with a warning.
_MOVED = {
    "status_report": "reports.status.computations",
    "risk_report": "reports.risks.computations",
    "annual_report": "reports.annual.computations",
    "indicators": "reports.indicators.computations",
    "wheel": "reports.calendar.computations",
    "display": "reports.common.html",
    "loading": "contract.loading",
    "portfolio": "contract.portfolio",
    "schema": "contract.schema",
    "config": "contract.config",
}

__all__ = ["__version__", *_PUBLIC]


def _installed_version() -> str:
    # importlib.metadata scans the environment's packages (50 ms): asked for when shown, not at import.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dap-reports")
    except PackageNotFoundError:  # running from a source tree without installing
        return "0+unknown"


def __getattr__(name: str):
    if name == "__version__":
        value = globals()["__version__"] = _installed_version()
        return value
    if name in _PUBLIC:
        value = getattr(import_module(f".{_PUBLIC[name]}", __name__), name)
        globals()[name] = value
        return value
    if name in _MOVED:
        import warnings

        warnings.warn(
            f"dap_reports.{name} moved to dap_reports.{_MOVED[name]}; the old name goes in 0.3.",
            DeprecationWarning,
            stacklevel=2,
        )
        return import_module(f".{_MOVED[name]}", __name__)
    raise AttributeError(f"module 'dap_reports' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
