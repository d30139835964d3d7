"""Which cell styles of a workbook show a date or a time (io/xlsxscan.py declines those cells: fastexcel
reads them as dates), read from xl/styles.xml."""

from __future__ import annotations

import re
import zipfile

# Built-in number formats that are dates or times (ECMA-376 18.8.30), which fastexcel shows as dates.
# Wider than ECMA's 14–22 and 45–47: the East Asian date ids too (27–36, 50–58, 71–81), declining more.
DATE_FORMATS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59)) | set(range(71, 82))
_NUMFMT = re.compile(rb'<(?:\w+:)?numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"')
_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", re.S)
_XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*)")
_FMT_ID = re.compile(rb'numFmtId="(\d+)"')


def date_styles(z: zipfile.ZipFile) -> set[int]:
    """Cell style indices whose number format shows a date or time (fastexcel reads those as dates)."""
    try:
        xml = z.read("xl/styles.xml")
    except KeyError:
        return set()
    custom = {int(i): code for i, code in _NUMFMT.findall(xml)}
    block = _XFS.search(xml)
    if block is None:
        return set()
    out = set()
    for n, m in enumerate(_XF.finditer(block.group(0))):
        fmt = _FMT_ID.search(m.group(1))
        fid = int(fmt.group(1)) if fmt else 0
        if fid in DATE_FORMATS or (fid in custom and _looks_like_date(custom[fid])):
            out.add(n)
    return out


def _looks_like_date(code: bytes) -> bool:
    text = re.sub(rb'"[^"]*"|\[[^\]]*\]|\\.', b"", code).lower()
    return any(ch in text for ch in (b"d", b"m", b"y", b"h", b"s"))
