"""What every command shares: consoles, exit codes, and turning errors into messages on stderr.

Exit codes (spec.md): 0 report produced · 1 internal error · 2 usage error · 3 input data error ·
4 --check failed. Errors go to stderr, as one JSON object when the command was asked for JSON.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from .messages import Message
from .render.messages import messages_json

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_DATA, EXIT_CHECK = 0, 1, 2, 3, 4


class Ppc(str, Enum):
    all_disabled = "all_disabled"
    disabled_unable_only = "disabled_unable_only"


def stderr(quiet: bool = False) -> Console:
    return Console(stderr=True, quiet=quiet, highlight=False)


def stdout() -> Console:
    # Piped output gets a fixed width so that the same input gives the same bytes.
    return Console(highlight=False, width=None if sys.stdout.isatty() else 160)


def fail(messages: list[Message], as_json: bool, code: int) -> NoReturn:
    if as_json:
        sys.stderr.write(messages_json(messages))
    else:
        err = stderr()
        for m in messages:
            err.print(f"[bold red]Lỗi[/] {escape(f'[{m.code}] {m.text()}')}", markup=True, highlight=False)
    raise typer.Exit(code)


def usage(text: str, as_json: bool) -> NoReturn:
    fail([Message(severity="error", code="usage", message=text)], as_json, EXIT_USAGE)


def internal(exc: Exception, debug: bool) -> NoReturn:
    """Exit 1 with a hint; a traceback (never local variables) only with --debug."""
    if debug:
        import traceback

        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
    else:
        stderr().print(f"[bold red]Lỗi nội bộ[/]: {exc.__class__.__name__}. Chạy lại với --debug để xem chi tiết và "
                       "báo lỗi cho nhóm phát triển.", markup=True)
    raise typer.Exit(EXIT_INTERNAL)


@contextmanager
def progress(err: Console, quiet: bool) -> Iterator[Callable[[str], None] | None]:
    """A spinner naming the file being read, on stderr, only when stderr is a terminal."""
    if quiet or not err.is_terminal:
        yield None
        return
    with err.status("Đang đọc dữ liệu…") as status:
        yield lambda text: status.update(f"Đang đọc {text}")
