"""Exit codes, and the one place where any exception of any command becomes one of them with one message.

Exit codes: 0 report produced · 1 internal error (one line, hint to rerun with --debug) · 2 usage error,
decided before any input is read · 3 input data error · 4 a checked target not met (--check) · 5 an output
could not be written · 130 Ctrl-C · 143 SIGTERM. No traceback is ever printed without --debug.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from ..render.console import sanitize, stderr_console

if TYPE_CHECKING:
    from ..messages import Message

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_DATA, EXIT_CHECK, EXIT_OUTPUT = 0, 1, 2, 3, 4, 5
EXIT_INTERRUPT, EXIT_TERMINATED = 130, 143
EXIT_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a program whose reader went away


def output_closed() -> NoReturn:
    """stdout's reader went away (`xhht compute … | head -1`): end quietly, with the code a program killed by
    SIGPIPE gives. stdout is pointed at /dev/null first, so the interpreter's last flush says nothing either."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real stdout (an embedding application, a test runner)
        pass
    raise typer.Exit(EXIT_PIPE)


class Terminated(BaseException):
    """Raised by the SIGTERM handler, so that `finally` blocks (the writer's temporary file) run as for Ctrl-C."""


def _raise_terminated(signum: int, frame: Any) -> None:
    raise Terminated()


@contextmanager
def sigterm_raises() -> Iterator[None]:
    """While a command runs, SIGTERM raises `Terminated` instead of killing the process outright."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread (an embedding application): leave its handler alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def error_line(text: str) -> None:
    """One error line on stderr (shown even with -q)."""
    from rich.text import Text  # imported when something is printed: a quiet JSON run prints nothing

    line = Text("Lỗi: ", style="bold red")
    line.append(sanitize(text))
    stderr_console().print(line, soft_wrap=True)


def show_messages(messages: list[Message], as_json: bool) -> None:
    """Errors on stderr: as one JSON object (schema_version, messages) when the command was asked for JSON."""
    if as_json:
        from ..messages import messages_json

        sys.stderr.write(messages_json(messages))
        return
    from rich.text import Text

    err = stderr_console()
    for m in messages:
        error = m.severity == "error"
        # the code stays in JSON and in --messages FILE.csv, for scripts; an officer reads the sentence
        line = Text("Lỗi:" if error else "Cảnh báo:", style="bold red" if error else "yellow")
        line.append(" " + sanitize(m.text()))
        err.print(line, soft_wrap=True)


def usage_exit(text: str, as_json: bool = False) -> NoReturn:
    """A usage error (exit 2): one Vietnamese sentence, as a message object when JSON was asked for."""
    if as_json:
        from ..messages import Message

        show_messages([Message(severity="error", code="usage", message=text)], True)
    else:
        error_line(text)
    raise typer.Exit(EXIT_USAGE)


def interrupted(code: int) -> NoReturn:
    from rich.text import Text

    text = "Đã dừng theo yêu cầu (Ctrl-C)." if code == EXIT_INTERRUPT else "Đã dừng vì nhận tín hiệu kết thúc."
    stderr_console().print(Text(text, style="yellow"))
    raise typer.Exit(code)


def internal(exc: BaseException, debug: bool) -> NoReturn:
    """Exit 1 with a hint; a traceback (never local variables) only with --debug."""
    if debug:
        import traceback

        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
    else:
        error_line(f"lỗi nội bộ ({exc.__class__.__name__}). Chạy lại với --debug để xem chi tiết và báo cho nhóm "
                   "phát triển.")
    raise typer.Exit(EXIT_INTERNAL)


@contextmanager
def guarded(debug: bool, as_json: bool) -> Iterator[None]:
    """Run a command body: every exception ends in its documented exit code with one message on stderr."""
    try:
        with sigterm_raises():
            yield
    except typer.Exit:
        raise
    except BrokenPipeError:
        output_closed()
    except KeyboardInterrupt:
        interrupted(EXIT_INTERRUPT)
    except Terminated:
        interrupted(EXIT_TERMINATED)
    except Exception as exc:  # noqa: BLE001 - the one place a command's exceptions become exit codes
        from ..io.writer import OutputError
        from ..messages import RunFailed, UsageError, XhhtError

        if isinstance(exc, XhhtError):
            show_messages(exc.messages, as_json)
            raise typer.Exit(EXIT_DATA) from None
        if isinstance(exc, UsageError):
            usage_exit(str(exc), as_json)
        if isinstance(exc, RunFailed):
            error_line(str(exc))
            raise typer.Exit(EXIT_INTERNAL) from None
        if isinstance(exc, OutputError):
            if as_json:
                from ..messages import Message

                show_messages([Message(severity="error", code="output-not-written", file=str(exc.path),
                                       message=exc.text)], True)
            else:
                error_line(exc.text)
            raise typer.Exit(EXIT_OUTPUT) from None
        internal(exc, debug)
