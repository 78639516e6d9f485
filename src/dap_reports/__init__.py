"""dap-reports: status, risk and annual reports for Danish health-digitalisation steering groups.

Load a portfolio and explore it::

    import dap_reports as dr
    portfolio = dr.load_portfolio()          # the bundled demo, or a workbook/CSV folder
    portfolio.status_at("2026-03-11")

The public names below are imported on first use, so the command line can answer quickly
(for example that every report is up to date) without loading pandas.
"""

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("dap-reports")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0+unknown"

_PUBLIC = {
    "DEMO_DIR": "locate",
    "ConfigError": "errors",
    "DapReportsError": "errors",
    "DataNotFoundError": "errors",
    "ParameterError": "errors",
    "Problem": "errors",
    "ReportError": "errors",
    "ValidationFailed": "errors",
    "Portfolio": "portfolio",
    "PortfolioConfig": "config",
    "load_config": "config",
    "check_portfolio": "loading",
    "load_portfolio": "loading",
    "run_meeting": "reports",
    "run_year": "reports",
}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str):
    if name in _PUBLIC:
        value = getattr(import_module(f".{_PUBLIC[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'dap_reports' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
