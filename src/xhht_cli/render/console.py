"""Consoles every terminal renderer prints through, and the one rule that makes text from files safe there.

Text read from a file (a commune name, a sheet name, a message quoting a cell) is data: it must never act as
rich markup (`[/]`, `[bold]`) nor reach the terminal as a control or escape sequence. Every console made here
has markup off and cleans every string it renders with `sanitize`; renderers that build `rich.text.Text`
objects from data pass the text through `sanitize` (or `safe_text`) themselves.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # rich is imported when a console is made: a JSON run with -q prints nothing through one
    from rich.console import Console
    from rich.text import Text

# Written to a file or a pipe the report has a fixed width, so that the same input gives the same bytes, and
# lines stay readable in an editor or when printed.
PIPE_WIDTH = 100

# ANSI/VT escape sequences: CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), and any other two-byte escape.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]")
# Other C0 and C1 control characters (a tab or a line break inside a name becomes a space).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BREAKS = re.compile(r"[\t\n]")


def sanitize(text: str, keep_newlines: bool = False) -> str:
    """Text as a terminal may show it: escape sequences removed, other control characters dropped, tabs (and
    line breaks unless `keep_newlines`) turned into spaces. Markup stays literal because consoles here never
    interpret it."""
    cleaned = _CONTROLS.sub("", _ESCAPES.sub("", text))
    return cleaned.replace("\t", " ") if keep_newlines else _BREAKS.sub(" ", cleaned)


def safe_text(text: str, style: str = "") -> Text:
    """A rich Text of data: sanitized, never parsed as markup."""
    from rich.text import Text

    return Text(sanitize(text), style=style)


@cache
def _safe_console() -> type[Console]:
    """The SafeConsole class, defined on first use (it subclasses rich's Console)."""
    from rich.console import Console

    class SafeConsole(Console):
        """A console that never reads markup and cleans every string it is given to render."""

        def __init__(self, **kwargs: Any) -> None:
            kwargs.setdefault("markup", False)
            kwargs.setdefault("highlight", False)
            kwargs.setdefault("emoji", False)
            super().__init__(**kwargs)

        def on_broken_pipe(self) -> None:
            # rich's own ends the process (SystemExit 1); the command's guard ends it quietly instead
            raise BrokenPipeError(32, "Broken pipe")

        def render_str(self, text: str, **kwargs: Any) -> Text:  # type: ignore[override]
            kwargs["markup"] = False
            kwargs["emoji"] = False
            return super().render_str(sanitize(text, keep_newlines=True), **kwargs)

    return SafeConsole


def stdout_console(file: IO[str] | None = None, width: int | None = None,
                   pipe_width: int | None = None) -> Console:
    """The report console: the terminal's width on a terminal, PIPE_WIDTH (or `pipe_width`) when written to a
    file or pipe."""
    stream = file if file is not None else sys.stdout
    if width is None and not _isatty(stream):
        width = pipe_width or PIPE_WIDTH
    return _safe_console()(file=stream, width=width)


def stderr_console(quiet: bool = False) -> Console:
    """Progress and notes on stderr, silenced by -q (errors are printed through a console that is never quiet)."""
    return _safe_console()(stderr=True, quiet=quiet)


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


SAMPLE = "Phổ cập giáo dục – Xã Mỹ Phước"


def ensure_utf8(stream: Any) -> None:
    """Make a text stream write UTF-8 when it is redirected (a `.json` or `.csv` written with `>` on Windows gets
    the console's code page otherwise, cp1252 or cp1258: mojibake) or cannot encode Vietnamese at all."""
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        SAMPLE.encode(encoding)
        encodes = True
    except (LookupError, UnicodeEncodeError):
        encodes = False
    is_utf8 = encoding.replace("-", "").replace("_", "").lower() in ("utf8", "utf8sig")
    if (encodes and _isatty(stream)) or is_utf8:
        return
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(encoding="utf-8")
        except (ValueError, OSError):  # a stream that has already been written to in a way that forbids it
            pass
