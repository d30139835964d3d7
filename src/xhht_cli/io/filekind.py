"""What a file really is, by its first bytes, and a library error's reason cut to one line for a message."""

from __future__ import annotations

from pathlib import Path

from ..messages import fail


def _reason(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
    return text[:200]


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(path: Path) -> str:
    """What a file really is, by its first bytes: zip (xlsx), ole (xls, or an encrypted xlsx), text, other."""
    try:
        with path.open("rb") as f:
            head = f.read(2048)
    except OSError as exc:
        raise fail("file-unreadable", f"không đọc được tệp: {exc.strerror or exc.__class__.__name__}", file=str(path))
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

