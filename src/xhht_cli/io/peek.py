"""The first rows of an .xlsx sheet, read straight from its XML: enough to find the header, so that the
full parse can ask for the needed columns only. A commune workbook has 51 columns and the rules need
about half; names, addresses and phones are then never even converted."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from html import unescape
from pathlib import Path

_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d+)\"[^>]*?(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_ATTR_R = re.compile(rb"\br=\"([A-Z]+)(\d+)\"")
_ATTR_T = re.compile(rb"\bt=\"(\w+)\"")
_V = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_T = re.compile(rb"<(?:\w+:)?t\b[^>]*>(.*?)</(?:\w+:)?t>", re.S)
_SI = re.compile(rb"<(?:\w+:)?si\b[^>]*>(.*?)</(?:\w+:)?si>", re.S)


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def peek_rows(path: Path, target: str, nrows: int) -> dict[int, dict[int, str]] | None:
    """{excel row: {zero-based column: text}} for the sheet's first `nrows` rows; None when the XML is
    not as expected (the caller then reads every column)."""
    try:
        with zipfile.ZipFile(path) as z:
            cells, shared = _first_cells(z, target, nrows)
            if cells is None:
                return None
            strings = _shared_strings(z, max(shared) + 1) if shared else []
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, IndexError):
        return None
    rows: dict[int, dict[int, str]] = {}
    for (r, c), (kind, raw) in cells.items():
        if kind == "s":
            text = strings[int(raw)]
        else:
            text = raw
        if text != "":
            rows.setdefault(r, {})[c] = text
    return rows


def _complete(f, closing: bytes) -> Iterator[bytes]:  # noqa: ANN001
    """Stream an XML part in pieces that each end with a complete `closing` element."""
    buf = b""
    while chunk := f.read(1 << 16):
        buf += chunk
        end = buf.rfind(closing)
        if end >= 0:
            yield buf[: end + len(closing)]
            buf = buf[end + len(closing):]


def _first_cells(z: zipfile.ZipFile, target: str, nrows: int):  # noqa: ANN202
    out: dict[tuple[int, int], tuple[str, str]] = {}
    shared: set[int] = set()
    rows = []
    with z.open(target) as f:
        for piece in _complete(f, b"</row>"):
            rows.extend(_ROW.finditer(piece))
            if len(rows) >= nrows:
                break
    for m in rows[:nrows]:
        for cm in _CELL.finditer(m.group(2) or b""):
            ref = _ATTR_R.search(cm.group(1))
            if ref is None:
                return None, set()  # cells without references: let the full reader place them
            t = _ATTR_T.search(cm.group(1))
            kind = t.group(1).decode() if t else "n"
            body = cm.group(2) or b""
            if kind == "inlineStr":
                text = b"".join(_T.findall(body))
            else:
                v = _V.search(body)
                text = v.group(1) if v else b""
            value = unescape(text.decode("utf-8"))
            key = (int(ref.group(2)), _col(ref.group(1)))
            if kind == "s" and value:
                shared.add(int(value))
            out[key] = (kind if kind == "s" else "text", value)
    return out, shared


def _shared_strings(z: zipfile.ZipFile, count: int) -> list[str]:
    """The first `count` shared strings, streamed: header texts come first in the table."""
    strings: list[str] = []
    with z.open("xl/sharedStrings.xml") as f:
        for piece in _complete(f, b"</si>"):
            strings.extend(unescape(b"".join(_T.findall(m.group(1))).decode("utf-8")) for m in _SI.finditer(piece))
            if len(strings) >= count:
                break
    if len(strings) < count:
        raise IndexError("shared string out of range")
    return strings
