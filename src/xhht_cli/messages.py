"""Domain messages: errors and warnings are data (code, location, text), never tracebacks.

A message locates a problem by file, sheet, spreadsheet row (1-based, as Excel shows it)
and column header; it never carries a cell's personal content.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from .codes import is_registered


Severity = Literal["error", "warning"]


class Message(BaseModel):
    severity: Severity
    code: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    message: str
    # What orders messages of one check that quote different values, as one read of the whole file lists them
    # (the value read, or the shape quoted of a private one): a file read in batches merges its batches'
    # messages by it (read/batch_parts.in_order). Never written: the quoted text in `message` is what people
    # read, and two values may quote alike (spaces collapsed, cut at QUOTE_CHARS).
    sort_key: str | None = Field(default=None, exclude=True)

    def __eq__(self, other: object) -> bool:
        """Messages that say the same: a message read back from the cache or a saved report (without its sort
        key) equals the one the run made."""
        if not isinstance(other, Message):
            return NotImplemented
        return type(self) is type(other) and self.model_dump() == other.model_dump()

    @field_validator("code")
    @classmethod
    def _registered(cls, code: str, info: ValidationInfo) -> str:
        # Codes are a contract: one that xhht emits without declaring it in codes.CODES is a bug, caught by the
        # tests. Messages read back from a saved report (another version may have had other codes) are data.
        if not is_registered(code) and not (info.context or {}).get("saved"):
            raise ValueError(f"message code {code!r} is not declared in xhht_cli.codes")
        return code

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột {quote(self.column)}")
        return ", ".join(parts)

    def text(self) -> str:
        loc = self.location()
        return f"{loc}: {self.message}" if loc else self.message


class XhhtError(Exception):
    """Input data error (exit 3): carries every error message found, not just the first."""

    def __init__(self, messages: list[Message], context: list[Message] | None = None):
        self.messages = messages
        self.context = context if context is not None else messages  # with the warnings found before
        super().__init__("; ".join(m.text() for m in messages))


class RunFailed(Exception):
    """The run cannot go on for a reason outside the data and the code (a worker process killed by the
    system): exit 1 with this one Vietnamese line, never a traceback."""


class UsageError(Exception):
    """Wrong options or arguments (exit 2)."""


class Log:
    """Collects messages while a run proceeds; errors are raised together at checkpoints."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    def error(self, code: str, message: str, **loc: object) -> None:
        self.messages.append(Message(severity="error", code=code, message=message, **loc))

    def warning(self, code: str, message: str, **loc: object) -> None:
        self.messages.append(Message(severity="warning", code=code, message=message, **loc))

    def rows(self, severity: Severity, code: str, rows: list[int], message: str, sort_key: str | None = None,
             **loc: object) -> None:
        """The same finding on many rows: one message per row, so that JSON and --messages carry them all."""
        self.messages.extend(Message(severity=severity, code=code, row=int(r), message=message, sort_key=sort_key,
                                     **loc) for r in rows)

    def extend(self, messages: list[Message]) -> None:
        self.messages.extend(messages)

    @property
    def errors(self) -> list[Message]:
        return [m for m in self.messages if m.severity == "error"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise XhhtError(self.errors, list(self.messages))


def fail(code: str, message: str, **loc: object) -> XhhtError:
    """One-error shortcut: `raise fail(...)`."""
    return XhhtError([Message(severity="error", code=code, message=message, **loc)])


# A value from a file quoted in a message is cut to this many characters.
QUOTE_CHARS = 80


def quote(value: object, limit_chars: int = QUOTE_CHARS) -> str:
    """A value read from a file, as quoted in a message: one line, cut to about 80 characters.

    Every message that shows an officer what a cell held goes through here, so that a 1 MB commune name
    or a pasted paragraph never floods the terminal or the messages file."""
    text = " ".join(str(value).split())
    if len(text) > limit_chars:
        text = text[: limit_chars - 1].rstrip() + "…"
    return f"'{text}'"


def messages_json(messages: list[Message]) -> str:
    """Messages as one JSON object, for --format json on stderr (errors) or stdout (validate)."""
    payload = {"schema_version": 1, "messages": [m.model_dump() for m in messages]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
