"""xhht: indicators, standard levels and plan gaps for Vietnam's learning-society programme.

Library API: compute(paths, Options(...)) -> Report; load_plan(); load_standards().
"""

__version__ = "0.1.0"

from .messages import Message, UsageError, XhhtError  # noqa: E402
from .pipeline import Options, compute  # noqa: E402
from .plan import load_plan  # noqa: E402
from .report import Report  # noqa: E402
from .standards import load_standards  # noqa: E402

__all__ = ["__version__", "compute", "Options", "Report", "load_plan", "load_standards", "Message", "XhhtError",
           "UsageError"]
