"""Looking into a sheet's XML without parsing its cells: which sheet a part is, the first row calamine keeps
(it drops leading empty rows; messages name rows as Excel shows them), and formulas saved without a value."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .textnorm import nfc


PROBE_BYTES = 1 << 20  # a workbook.xml larger than this is not probed (the zip check has not run yet)


def listed_sheets(path: Path) -> list[str] | None:
    """The sheet names xl/workbook.xml lists, read cheaply (no zip check, no reader): only to choose which
    files to hand to worker processes, which then plan the file exactly. None when unsure."""
    from html import unescape

    try:
        with zipfile.ZipFile(path) as z, z.open("xl/workbook.xml") as f:
            xml = f.read(PROBE_BYTES + 1)
    except (OSError, KeyError, ValueError, EOFError, NotImplementedError, RuntimeError, zipfile.BadZipFile):
        return None
    if len(xml) > PROBE_BYTES:
        return None
    return [nfc(unescape((m.group(1) if m.group(1) is not None else m.group(4)).decode("utf-8", "replace")))
            for m in _SHEET_RE.finditer(xml)]


def _part_sheet(z: zipfile.ZipFile, part: str) -> str | None:
    """The name of the sheet stored in `part` (xl/worksheets/sheet1.xml → "DS"), None for other parts."""
    from html import unescape

    if not part.startswith("xl/worksheets/"):
        return None
    try:
        wb = z.read("xl/workbook.xml")
    except KeyError:
        return None
    for m in _SHEET_RE.finditer(wb):
        name = (m.group(1) if m.group(1) is not None else m.group(4)).decode("utf-8", "replace")
        if _sheet_target(z, nfc(unescape(name))) == part:
            return nfc(unescape(name))
    return part


_SHEET_RE = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"|'
                       rb'<(?:\w+:)?sheet\b[^>]*?\br:id="([^"]*)"[^>]*?\bname="([^"]*)"')
_CELL_RE = re.compile(rb'<(?:\w+:)?c\b([^>]*?)(/>|>(.*?)</(?:\w+:)?c>)', re.S)
_REF_RE = re.compile(rb'\br="[A-Z]+(\d+)"')
_VALUE_RE = re.compile(rb'<(?:\w+:)?(?:v|is)\b')


def _first_row(path: Path, sheet: str) -> int:
    """Row number (1-based) of the first cell with a value: where calamine's grid starts.
    Read from the start of the sheet's XML, so it costs a few kilobytes, not a second parse."""
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        import python_calamine

        return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).start[0] + 1
    try:
        with zipfile.ZipFile(path) as z:
            target = _sheet_target(z, sheet)
            if target is None:
                return 1
            buf = b""
            with z.open(target) as f:
                while chunk := f.read(1 << 16):
                    buf += chunk
                    for m in _CELL_RE.finditer(buf):
                        if m.group(3) and _VALUE_RE.search(m.group(3)):
                            ref = _REF_RE.search(m.group(1))
                            return int(ref.group(1)) if ref else 1
                    if len(buf) > 1 << 24:
                        return 1
    except (OSError, KeyError, zipfile.BadZipFile):
        return 1
    return 1


_FORMULA_NO_VALUE = re.compile(rb'<(?:\w+:)?c\b([^>]*)>\s*<(?:\w+:)?f\b[^>]*(?:/>|>[^<]*</(?:\w+:)?f>)\s*'
                               rb'(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>')
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')


PROBE_BYTES = 2 << 20


def formulas_without_value(path: Path, sheet: str, limit: int = 10_000) -> list[tuple[str, int]]:
    """(column letter, row) of formula cells that carry no cached value: files written by programs and
    never opened in Excel. Such a cell reads as empty, which would be wrong, so callers report them.

    Programs fill such formulas down whole columns, so the first 2 MB of the sheet (a few thousand rows)
    decide whether to read on; a 300,000-person district is not decompressed twice for nothing."""
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        return []
    found: list[tuple[str, int]] = []
    try:
        with zipfile.ZipFile(path) as z:
            target = _sheet_target(z, sheet)
            if target is None:
                return []
            with z.open(target) as f:
                tail = b""
                read = 0
                while chunk := f.read(1 << 20):
                    read += len(chunk)
                    buf = tail + chunk
                    cut = buf.rfind(b"</row>")  # scan whole rows; the rest waits for the next chunk
                    scan, tail = (buf[:cut], buf[cut:]) if cut >= 0 else (b"", buf)
                    if b"<f" in scan or b":f" in scan:
                        found.extend(_no_value_refs(scan))
                    if len(found) >= limit or (read >= PROBE_BYTES and not found):
                        break
                else:
                    found.extend(_no_value_refs(tail))
    except (OSError, KeyError, zipfile.BadZipFile):
        return []
    return found[:limit]


def _no_value_refs(xml: bytes) -> list[tuple[str, int]]:
    out = []
    for m in _FORMULA_NO_VALUE.finditer(xml):
        ref = _REF.search(m.group(1))
        if ref:
            out.append((ref.group(1).decode(), int(ref.group(2))))
    return out


def _sheet_target(z: zipfile.ZipFile, sheet: str) -> str | None:
    from html import unescape

    wb = z.read("xl/workbook.xml")
    rels = z.read("xl/_rels/workbook.xml.rels")
    rid = None
    for m in _SHEET_RE.finditer(wb):
        name, r = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(4), m.group(3))
        if nfc(unescape(name.decode("utf-8"))) == nfc(sheet):
            rid = r
            break
    if rid is None:
        return None
    for m in re.finditer(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        tag = m.group(0)
        if re.search(rb'\bId="' + re.escape(rid) + rb'"', tag):
            target = re.search(rb'\bTarget="([^"]*)"', tag)
            if target:
                t = target.group(1).decode("utf-8")
                return t.lstrip("/") if t.startswith("/") else "xl/" + t
    return None
