"""What a file really is, by its first bytes."""

from __future__ import annotations

from pathlib import Path

from ..messages import fail
from .reasons import os_reason


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(path: Path) -> str:
    """What a file really is, by its first bytes: zip (xlsx), ole (xls, or an encrypted xlsx), text, other."""
    try:
        with path.open("rb") as f:
            head = f.read(2048)
    except OSError as exc:
        raise fail("file-unreadable", f"không đọc được tệp: {os_reason(exc)}", file=str(path)) from exc
    if not head:
        return "empty"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    try:
        head.decode("utf-8")
        return "text"
    except UnicodeDecodeError:
        return "text" if b"\x00" not in head else "other"

