"""The command line, one module per command: shared option declarations (`options`), the output table
(`outputs`), the one run–render–write–exit path (`deliver`), exit codes and error handling (`errors`), and
Vietnamese help and parser errors (`usage`); `application` holds the group and the command registry."""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry. The application is imported here, inside the guard, so that Ctrl-C while modules
    are still loading ends in exit 130 with one line too, never a traceback."""
    try:
        from .application import main as run
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng theo yêu cầu (Ctrl-C).\n")
        sys.exit(130)
    run()


def __getattr__(name: str) -> Any:
    if name == "app":
        from .application import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
