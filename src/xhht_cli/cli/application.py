"""The xhht application: the group, its commands, and the console-script entry point.

Only light modules are imported here (typer, rich): `xhht --version` and `xhht --help` never load pandas,
pyarrow, the Excel engines or the pydantic models; each command imports what it needs when it runs.
"""

from __future__ import annotations

import signal
import sys
from typing import Annotated

import typer

from ..render.console import ensure_utf8
from . import cache, compute, plan, reference, serve, template, trend, validate
from .errors import EXIT_INTERNAL, EXIT_INTERRUPT, EXIT_TERMINATED, Terminated, error_line, interrupted, output_closed
from .usage import VnCommand, XhhtGroup

EXAMPLE = """xhht compute samples/ben-cat/2024
xhht compute du-lieu/2024 -o bao-cao.xlsx"""

app = typer.Typer(
    name="xhht", cls=XhhtGroup, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
    rich_markup_mode=None, epilog=EXAMPLE,
    help="Tính chỉ số, mức đạt chuẩn phổ cập giáo dục – xóa mù chữ và khoảng cách tới mục tiêu kế hoạch xây dựng xã "
         "hội học tập, từ các tệp điều tra của xã, phường.",
)


def _version(value: bool) -> None:
    if value:
        from .._version import __version__

        typer.echo(f"xhht {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="In phiên bản rồi thoát.", show_default=False)] = False) -> None:
    """xhht"""


# The command registry: (name, function, example); then the command groups (`plan …`, `cache clear`), each a
# Typer app of its own module — all registered here, statically, so that readers and tools see every command.
COMMANDS = (
    ("compute", compute.command, compute.EXAMPLE),
    ("validate", validate.command, validate.EXAMPLE),
    ("trend", trend.command, trend.EXAMPLE),
    ("template", template.command, template.EXAMPLE),
    ("targets", reference.targets, reference.TARGETS_EXAMPLE),
    ("standards", reference.standards, reference.STANDARDS_EXAMPLE),
    ("serve", serve.command, serve.EXAMPLE),
)
GROUPS = (plan.plan_app, cache.cache_app)

for _name, _function, _example in COMMANDS:
    app.command(_name, cls=VnCommand, epilog=_example)(_function)

for _group in GROUPS:
    app.add_typer(_group)


def main() -> None:
    """Console-script entry: UTF-8 output even when redirected; Ctrl-C → 130, SIGTERM → 143, anything that
    escaped a command (an import, the parser) → exit 1 with one line, never a traceback."""
    for stream in (sys.stdout, sys.stderr):
        ensure_utf8(stream)
    try:
        signal.signal(signal.SIGTERM, _terminate)
        app()
    except BrokenPipeError:  # the help or a usage message written to a closed pipe
        try:
            output_closed()
        except typer.Exit as done:
            sys.exit(done.exit_code)
    except KeyboardInterrupt:
        _end(EXIT_INTERRUPT)
    except Terminated:
        _end(EXIT_TERMINATED)
    except Exception as exc:  # noqa: BLE001 - the last net: one line, exit 1
        if "--debug" in sys.argv:
            raise
        error_line(f"lỗi nội bộ ({exc.__class__.__name__}). Chạy lại với --debug để xem chi tiết và báo cho nhóm "
                   "phát triển.")
        sys.exit(EXIT_INTERNAL)


def _terminate(signum: int, frame: object) -> None:
    raise Terminated()


def _end(code: int) -> None:
    try:
        interrupted(code)
    except typer.Exit:
        pass
    sys.exit(code)
