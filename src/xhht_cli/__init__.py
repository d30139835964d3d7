"""xhht: indicators, standard levels and plan gaps for Vietnam's learning-society programme.

Library API: compute(paths, Options(...)) -> Report; load_plan(); load_standards(). The exports are loaded on
first use, so that importing the package (or running `xhht --version`) does not load pandas.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "compute": ".pipeline", "Options": ".pipeline", "Report": ".report", "load_plan": ".plan",
    "load_standards": ".standards", "Message": ".messages", "XhhtError": ".messages", "UsageError": ".messages",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
