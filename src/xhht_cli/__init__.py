"""xhht: indicators, standard levels and plan gaps for Vietnam's learning-society programme.

Library API: compute(paths, Options(...)) -> Report; load_plan(); load_standards().

The exports are resolved lazily (module `__getattr__`): `import xhht_cli` and `xhht --version` must not
pay for pandas, pyarrow and pydantic, which the computing modules import.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__

# export → module that defines it
_EXPORTS = {
    "compute": "pipeline",
    "Options": "pipeline",
    "Report": "report",
    "load_plan": "law.plan",
    "load_standards": "law.standards",
    "Message": "messages",
    "XhhtError": "messages",
    "UsageError": "messages",
    "run": "answer.result",
    "Result": "answer.result",
    "validate": "answer.result",
    "Validation": "answer.result",
    "trend": "trend",
    "TrendOptions": "trend",
    "TrendReport": "trend",
}

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from .messages import Message, UsageError, XhhtError
    from .pipeline import Options, compute
    from .law.plan import load_plan
    from .report import Report
    from .answer.result import Result, Validation, run, validate
    from .law.standards import load_standards
    from .trend import TrendOptions, TrendReport, trend


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value  # resolved once
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
