"""Checking a zipped workbook (.xlsx, .xlsm, .ods) before the reader is given it.

The reader (calamine) trusts the archive: a 2 MB file can hold gigabytes of XML, and one cell at
XFD1048576 beside A1 makes it allocate a dense grid of 17 billion cells (512 GB) and abort the process.
So, in order, each step cheap before the next:

1. declared sizes are checked for plausibility (a part declaring less than its compressed size, or
   more than MAX_RATIO:1 above RATIO_ABOVE, is a lie or a bomb), and their total against MAX_XML_BYTES;
2. every part is decompressed as a stream, counting the bytes actually produced against MAX_XML_BYTES
   (a lying directory cannot pass: Python stops at the declared size and the CRC check fails);
3. in the same pass, each sheet's bounding box (from its first to its last cell holding a value, and
   its widest column) is measured, and a box over MAX_SHEET_CELLS is refused naming the sheet.

The widest column of a sheet whose XML is kept for xlsxscan is measured only if calamine is to load that
sheet (`before_load`): finding it is a regex over every cell, as costly as decompressing, and xlsxscan
bounds the box itself from the cells it finds (declining, so that this check runs, when it is too large).

The answer is remembered per file (path, size, modification time): the loader opens a workbook twice.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..messages import fail
from .limits import human_bytes, limit

CHUNK = 1 << 20
# A cell holding a value: an opening <c …> that is not self-closing (an empty styled cell <c r="…" s="1"/>
# is not stored by the reader, so it cannot make it allocate).
# A cell reference (` r="B12"`; a row's ` r="12"` has no letters). Starting with a literal lets the regex
# engine skip ahead, and nothing in it repeats without bound, so a hostile sheet cannot make it slow.
_REF = re.compile(rb' r="([A-Z]{1,3})([0-9]{1,7})"')
# Columns BA and beyond (a survey's 51 columns end at AY: usually no match at all). Starting with a
# literal lets the regex engine skip ahead: 22 MB of sheet XML in about 0.05 s.
_WIDE = re.compile(rb' r="([B-Z][A-Z]|[A-Z]{3})[0-9]')
_checked: set[tuple[object, ...]] = set()  # (path, size, mtime, limits) of files that passed
# The sheet XML decompressed while checking the last workbook, for xlsxscan to take instead of
# decompressing it a second time: {(path, size, mtime, part): chunks}. One workbook at a time, sheets
# up to KEEP_BYTES each (a province's sheet is decompressed again rather than held).
KEEP_BYTES = 96 << 20
_kept: dict[tuple[object, ...], list[bytes]] = {}
# Sheet parts whose widest column is still to be measured before calamine loads them: {(path, size, mtime,
# part): sheet name}.
_pending: dict[tuple[object, ...], str] = {}


def take_sheet_xml(path: Path, part: str) -> list[bytes] | None:
    """The chunks of `part` kept by the last check of `path` (once), or None."""
    try:
        st = path.stat()
    except OSError:
        return None
    return _kept.pop((str(path.resolve()), st.st_size, st.st_mtime_ns, part), None)


@dataclass
class Box:
    first_row: int = 0
    last_row: int = 0
    width: int = 0

    def cells(self) -> int:
        return 0 if not self.last_row else (self.last_row - self.first_row + 1) * self.width


def _n(n: int) -> str:
    """A count with the Vietnamese thousands separator: 17.179.869.184."""
    return f"{n:,}".replace(",", ".")


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_zip_workbook(path: Path, sheet_of: Callable[[zipfile.ZipFile, str], str | None]) -> None:
    """Refuse (XhhtError, exit 3) a zipped workbook over a limit; `sheet_of(zip, part)` names the sheet a
    part holds (None for other parts). Raises zipfile.BadZipFile for a broken archive."""
    try:
        st = path.stat()
    except OSError:
        return  # the reader says what is wrong with a file it cannot open
    max_bytes, ratio, above = limit("MAX_XML_BYTES"), limit("MAX_RATIO"), limit("RATIO_ABOVE")
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns, max_bytes, ratio, above, limit("MAX_SHEET_CELLS"))
    if key in _checked:
        return
    how = "tách dữ liệu thành nhiều tệp nhỏ hơn (mỗi xã một tệp), hoặc lưu lại tệp bằng Excel"
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        for info in infos:
            if info.compress_type != zipfile.ZIP_STORED and info.compress_size > info.file_size * 2 + 1024:
                raise fail("file-too-large", f"phần {info.filename!r} của tệp khai báo kích thước giải nén "
                           f"({info.file_size} byte) nhỏ hơn kích thước nén ({info.compress_size} byte): tệp bị hỏng "
                           "hoặc bị sửa; mở bằng Excel rồi lưu lại", file=str(path))
            if info.file_size > above and info.file_size > ratio * max(info.compress_size, 1):
                raise fail("file-too-large", f"phần {info.filename!r} nén với tỷ lệ "
                           f"{info.file_size // max(info.compress_size, 1)}:1, vượt giới hạn {ratio}:1 (MAX_RATIO) "
                           f"cho phần trên {human_bytes(above)}: có thể là tệp \"bom nén\"; {how}", file=str(path))
        declared = sum(i.file_size for i in infos)
        if declared > max_bytes:
            raise fail("file-too-large", f"tệp giải nén ra {human_bytes(declared)}, vượt giới hạn "
                       f"{human_bytes(max_bytes)} (MAX_XML_BYTES); {how}", file=str(path))
        total = 0
        _kept.clear()
        kept: dict[tuple[object, ...], list[bytes]] = {}
        pending: dict[tuple[object, ...], str] = {}
        for info in infos:
            sheet = sheet_of(z, info.filename) if info.filename.endswith(".xml") else None
            box = Box()
            keep: list[bytes] | None = [] if sheet is not None and info.file_size <= KEEP_BYTES else None
            part_key = (key[0], st.st_size, st.st_mtime_ns, info.filename)
            with z.open(info) as f:
                tail = b""
                while chunk := f.read(CHUNK):
                    total += len(chunk)
                    if total > max_bytes:
                        raise fail("file-too-large", f"tệp giải nén ra hơn {human_bytes(max_bytes)} (MAX_XML_BYTES); "
                                   f"{how}", file=str(path))
                    if sheet is not None:
                        _measure(tail + chunk, box, wide=keep is None)
                        tail = chunk[-256:]
                    if keep is not None:
                        keep.append(chunk)
            if keep is not None:  # read to its end: the CRC was checked
                kept[part_key] = keep
                pending[part_key] = str(sheet)
            if sheet is not None:
                if keep is not None and box.cells() > limit("MAX_SHEET_CELLS"):
                    box = _measure_all(keep)  # refused already without its width: measure it all, for the message
                _refuse_box(box, path, str(sheet))
    _checked.add(key)
    _kept.update(kept)
    _pending.update(pending)


def _refuse_box(box: Box, path: Path, sheet: str) -> None:
    if box.cells() > limit("MAX_SHEET_CELLS"):
        raise fail("sheet-too-large", f"vùng dữ liệu của sheet trải từ dòng {box.first_row} đến dòng "
                   f"{box.last_row} và rộng {box.width} cột ({_n(box.cells())} ô), vượt giới hạn "
                   f"{_n(limit('MAX_SHEET_CELLS'))} ô (MAX_SHEET_CELLS): có ô nhập nhầm ở rất xa bảng; nhấn "
                   "Ctrl+End trong Excel để tìm, xóa các dòng/cột thừa rồi lưu lại", file=str(path), sheet=sheet)


def before_load(path: Path, part: str | None) -> None:
    """Called before calamine loads the sheet stored in `part`: a sheet whose widest column was left
    unmeasured by the check is measured now, in full (decompressed again), and refused if too large."""
    try:
        st = path.stat()
    except OSError:
        return
    pkey = (str(path.resolve()), st.st_size, st.st_mtime_ns, part)
    sheet = _pending.get(pkey)
    if sheet is None or part is None:
        return
    with zipfile.ZipFile(path) as z, z.open(part) as f:
        box = _measure_all(iter(lambda: f.read(CHUNK), b""))
    _refuse_box(box, path, sheet)
    _pending.pop(pkey, None)


def sheet_cells_limit() -> int:
    """MAX_SHEET_CELLS, for xlsxscan's own bound on the sheets it reads instead of calamine."""
    return limit("MAX_SHEET_CELLS")


def _measure_all(chunks: Iterable[bytes]) -> Box:
    """The whole box (widest column included) of a sheet's XML given in pieces."""
    box, tail = Box(), b""
    for chunk in chunks:
        _measure(tail + chunk, box)
        tail = chunk[-256:]
    return box


def _holds_value(buf: bytes, m: re.Match[bytes]) -> bool:
    """Whether the cell whose reference `m` matched is not an empty styled cell (<c r="…" s="1"/>),
    which the reader does not store. The tag's end is looked for within 256 bytes only."""
    gt = buf.find(b">", m.end(), m.end() + 256)
    return gt > 0 and buf[gt - 1:gt] != b"/"


def _measure(buf: bytes, box: Box, wide: bool = True) -> None:
    """Widen `box` by the cells of one chunk (with a little of the previous one, for cut tags). Rows
    come in order, so the first and the last cell holding a value bound the rows; columns are bounded
    by the widest letters seen (a survey's 51 columns end at AY: the scan for wider ones finds nothing).

    Only the first match and the last 64 KB of a chunk are looked at cell by cell; where they hold no
    cell with a value, any cell's row stands in (a larger box, never a smaller one), so that a chunk of
    empty styled cells costs no more than one with values."""
    window = (64 << 10)
    if not box.last_row:
        refs = list(_REF.finditer(buf, 0, window))
        if not refs:
            return
        first = next((m for m in refs if _holds_value(buf, m)), refs[0])
        box.first_row = box.last_row = int(first.group(2))
        box.width = max(box.width, _col(first.group(1)), 52)
    # the chunk's last 4 KB first: a cell with a value there is the last one of the 64 KB too (a fortieth of
    # the matches, each a Python object: 1 MB chunks of 25 MB of sheet XML per commune)
    for size in (4 << 10, window):
        refs = list(_REF.finditer(buf, max(0, len(buf) - size)))
        last = next((m for m in reversed(refs) if _holds_value(buf, m)), None)
        if last is not None:
            break
    if refs:
        last = last or refs[-1]
        box.last_row = max(box.last_row, int(last.group(2)))
    if not wide:
        return  # measured later if calamine is to load the sheet (before_load)
    found = _WIDE.findall(buf)
    if found:
        box.width = max(box.width, max(_col(w) for w in set(found)))
