"""dap-reports: status, risk and annual reports for Danish health-digitalisation steering groups.

Load a portfolio and explore it::

    import dap_reports as dr
    portfolio = dr.load_portfolio()          # the bundled demo, or a workbook/CSV folder
    portfolio.status_at("2026-03-11")
"""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("dap-reports")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0+unknown"

from .config import PortfolioConfig, load_config
from .errors import (
    ConfigError,
    DapReportsError,
    DataNotFoundError,
    ParameterError,
    Problem,
    ReportError,
    ValidationFailed,
)
from .loading import DEMO_DIR, check_portfolio, load_portfolio
from .portfolio import Portfolio

__all__ = [
    "__version__",
    "DEMO_DIR",
    "ConfigError",
    "DapReportsError",
    "DataNotFoundError",
    "ParameterError",
    "Portfolio",
    "PortfolioConfig",
    "Problem",
    "ReportError",
    "ValidationFailed",
    "check_portfolio",
    "load_config",
    "load_portfolio",
]
