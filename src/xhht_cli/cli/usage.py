"""Vietnamese wherever the parser speaks: help pages (plain text, one example each, no programmer notation) and
usage errors (unknown option with its suggestion, missing argument, a bad value with the allowed ones).

Typer/Click produce both in English; the command and group classes here replace their help formatting, and
`XhhtGroup.main` turns every parser error into one Vietnamese line and exit 2.
"""

from __future__ import annotations

import sys
from difflib import get_close_matches
from enum import Enum
from typing import Any

from typer.core import TyperCommand, TyperGroup

try:  # typer ≥ 0.20 vendors click
    from typer import _click as click
except ImportError:  # pragma: no cover - older typer with click as a dependency
    import click  # type: ignore[no-redef]

from .errors import EXIT_PIPE, EXIT_USAGE, error_line

# click's Abort (Ctrl-C at a prompt); typer's vendored click has none, and naming a missing attribute in an
# except clause turned every exception passing through (a closed pipe's) into an AttributeError
_ABORT: Any = getattr(click.exceptions, "Abort", ())

HELP_TEXT = "Hiện hướng dẫn này rồi thoát."


def _option_names(param: Any) -> str:
    return ", ".join(sorted([*param.opts, *param.secondary_opts], key=lambda o: (len(o) > 2, o)))


def _annotation(param: Any) -> Any:
    """The Python type of a parameter (typer ≥ 0.20 keeps it on `type_descriptor`; click on `type`)."""
    descriptor = getattr(param, "type_descriptor", None)
    return getattr(descriptor, "annotation", None) if descriptor is not None else getattr(param, "type", None)


def _choices(param: Any) -> list[str]:
    kind = _annotation(param)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return [e.value for e in kind]
    choices = getattr(kind, "choices", None)
    return [c.value if isinstance(c, Enum) else str(c) for c in choices] if choices else []


def _bounds(param: Any) -> tuple[Any, Any]:
    for holder in (param, getattr(param, "type", None)):
        lo, hi = getattr(holder, "min", None), getattr(holder, "max", None)
        if lo is not None or hi is not None:
            return lo, hi
    return None, None


def _param_text(param: Any) -> str:
    if param is None:
        return "tham số"
    if getattr(param, "param_type_name", "") == "argument":
        return (param.metavar or param.name or "").upper()
    return max([*param.opts], key=len)


def vietnamese(exc: Exception) -> str:
    """One Vietnamese sentence for a parser error."""
    if isinstance(exc, click.exceptions.NoSuchOption):
        text = f"Không có tùy chọn {exc.option_name}."
        if exc.possibilities:
            text += " Ý bạn là " + " hoặc ".join(sorted(exc.possibilities)) + "?"
        return text
    if isinstance(exc, click.exceptions.MissingParameter):
        param = exc.param
        if param is not None and getattr(param, "param_type_name", "") == "argument":
            return f"Thiếu {_param_text(param)}: cần ghi ít nhất một tệp hoặc thư mục."
        return f"Tùy chọn {_param_text(param)} cần một giá trị."
    if isinstance(exc, click.exceptions.BadParameter):
        param = exc.param
        name = _param_text(param)
        choices = _choices(param)
        if choices:
            return f"Giá trị không hợp lệ cho {name}: chỉ được chọn " + ", ".join(choices) + "."
        lo, hi = _bounds(param)
        if lo is not None and hi is not None:
            return f"Giá trị không hợp lệ cho {name}: cần một số từ {lo} đến {hi}."
        if _annotation(param) is int or "int" in str(getattr(param, "type", "")).lower():
            return f"Giá trị không hợp lệ cho {name}: cần một số nguyên."
        return f"Giá trị không hợp lệ cho {name}."
    if isinstance(exc, click.exceptions.BadOptionUsage):
        return f"Tùy chọn {exc.option_name} cần một giá trị."
    message = str(getattr(exc, "message", "") or exc)
    if message.startswith("Got unexpected extra argument"):
        extra = message[message.find("(") + 1: message.rfind(")")]
        return f"Thừa đối số: {extra}."
    return f"Lệnh không hợp lệ ({message})."


def _write_help(cmd: Any, ctx: Any, formatter: Any, commands: list[tuple[str, str]] | None = None) -> None:
    """A help page in Vietnamese: usage, description, example, arguments, options (and commands for a group)."""
    params = [p for p in cmd.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [p for p in params if p.param_type_name == "argument"]
    options = [p for p in params if p.param_type_name == "option"]
    usage = ctx.command_path
    if commands is not None:
        usage += " LỆNH [tùy chọn của lệnh]"
    else:
        usage += " [tùy chọn]" if options else ""
        usage += "".join(f" {(a.metavar or a.name or '').upper()}" + ("..." if a.nargs == -1 else "")
                         for a in arguments)
    formatter.write_text(f"Cách dùng: {usage}")
    for paragraph in (cmd.help or "").split("\n\n"):
        if paragraph.strip():
            formatter.write_paragraph()
            formatter.write_text(" ".join(paragraph.split()))
    if cmd.epilog:
        formatter.write_paragraph()
        formatter.write_text("Ví dụ:")
        with formatter.indentation():
            for line in cmd.epilog.strip().splitlines():
                formatter.write_text(line.strip())
    if commands:
        with formatter.section("Các lệnh"):
            formatter.write_dl(commands)
    if arguments:
        with formatter.section("Đối số"):
            formatter.write_dl([((a.metavar or a.name or "").upper() + ("..." if a.nargs == -1 else ""),
                                 getattr(a, "help", "") or "") for a in arguments])
    if options:
        rows = []
        for o in options:
            names = _option_names(o)
            if not o.is_flag:
                names += " " + (o.metavar or "GIÁ_TRỊ")
            text = HELP_TEXT if "--help" in o.opts else (o.help or "")
            rows.append((names, text))
        with formatter.section("Tùy chọn"):
            formatter.write_dl(rows)


class VnCommand(TyperCommand):
    """A command whose help page is Vietnamese."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _write_help(self, ctx, formatter)


class XhhtGroup(TyperGroup):
    """The xhht group: Vietnamese help for itself and every command registered on it (whoever registered it),
    Vietnamese parser errors, exit 2."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        listed = []
        for name in self.list_commands(ctx):
            cmd = self.commands[name]
            if not getattr(cmd, "hidden", False):
                listed.append((name, (cmd.help or "").split("\n\n")[0].split(". ")[0].strip().rstrip(".")))
        _write_help(self, ctx, formatter, listed)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        cmd = super().get_command(ctx, cmd_name)
        _vietnamise(cmd)
        return cmd

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and name not in self.commands and not name.startswith("-"):
            near = get_close_matches(name, list(self.commands), n=1)
            hint = f" Ý bạn là {near[0]}?" if near else " Các lệnh: " + ", ".join(self.commands) + "."
            raise click.exceptions.UsageError(f"Không có lệnh {name}.{hint}", ctx)
        return super().resolve_command(ctx, args)

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            sys.stdout.write(exc.ctx.get_help() + "\n")
            code = 0
        except click.exceptions.UsageError as exc:
            message = exc.message if type(exc) is click.exceptions.UsageError and exc.message.startswith("Không có "
                                                                                                         "lệnh") \
                else vietnamese(exc)
            error_line(message)
            if exc.ctx is not None:
                sys.stderr.write(f"Xem hướng dẫn: {exc.ctx.command_path} --help\n")
            code = EXIT_USAGE
        except _ABORT:
            error_line("Đã dừng.")
            code = 130
        except SystemExit as exc:
            # typer ends a write into a closed pipe (the help piped into `head`) with exit 1 after wrapping
            # stdout; xhht ends every closed pipe alike, with 141 (see errors.output_closed)
            if exc.code != 1 or type(sys.stdout).__name__ != "PacifyFlushWrapper":
                raise
            code = EXIT_PIPE
        code = code if isinstance(code, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


def _vietnamise(cmd: Any) -> None:
    """Commands registered by other modules (plan, cache) get the Vietnamese help too."""
    if cmd is None:
        return
    if type(cmd) is TyperCommand:
        cmd.__class__ = VnCommand
    elif type(cmd) is TyperGroup:
        cmd.__class__ = XhhtGroup
