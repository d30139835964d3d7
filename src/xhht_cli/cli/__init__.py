"""The command line, one module per command: shared option declarations (`options`), the output table
(`outputs`), the one run–render–write–exit path (`deliver`), exit codes and error handling (`errors`), and
Vietnamese help and parser errors (`usage`)."""

from .app import app, main

__all__ = ["app", "main"]
