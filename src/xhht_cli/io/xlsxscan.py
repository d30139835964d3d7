"""A commune's DATA sheet read straight from its XML, for the survey's columns only.

calamine (through fastexcel) parses every cell of all 51 columns of a survey sheet, about half a cold
run's CPU. This reader finds the cells with numpy over the decompressed XML (every `<c r="…"` tag, its
column and row, its type and where its value lies) and copies the wanted cells' values into Arrow
arrays without making a Python object per cell; shared strings are decoded only for the indices used.

It gives exactly what fastexcel gives (`dtypes="string"`): the same rows (from the first to the last row
holding a value in any column), whole numbers as their digits, booleans as true/false, Excel errors as
empty cells reported as CellProblem. Anything else — dates, fractions, formulas without a stored value,
rich text, numeric character references, namespaced tags, duplicate cells — raises `Unusual`, and the
caller reads the sheet the usual way: a different answer is never risked for speed.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .limits import limit
from .xlsxstyles import date_styles
from .zipcheck import sheet_cells_limit, take_sheet_xml

CHUNK = 2 << 20  # bytes of sheet XML scanned at once (cut after a whole row)
PAD = b"\0" * 64  # read past the end of a chunk by fixed offsets: zeros, matching nothing
ERROR_TEXTS = {"#VALUE!", "#DIV/0!", "#N/A", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA"}
_WHOLE = r"^-?(0|[1-9][0-9]{0,14})$"  # a whole number fastexcel writes as these very digits
_T = re.compile(rb"<t(?: [^>]*)?>([^<]*)</t>")


class Unusual(Exception):
    """The sheet holds something this reader does not take: read it the usual way."""


def enabled() -> bool:
    """XHHT_FAST_XLSX=0 turns the reader off (every sheet then goes through fastexcel)."""
    return os.environ.get("XHHT_FAST_XLSX", "1").strip() != "0"


@dataclass
class Scanned:
    table: pa.Table  # one string column per wanted column, rows first..last
    row0: int  # Excel row of the table's first row
    colmap: dict[int, int]  # absolute zero-based column → table column
    errors: list[tuple[int, int, str]]  # (Excel row, absolute column, "#VALUE!") of wanted error cells


def scan_columns(path: Path, target: str, wanted: list[int]) -> Scanned:
    """The `wanted` (zero-based, absolute) columns of the sheet stored in `target`. Raises Unusual."""
    wanted = sorted(set(wanted))
    want_mask = np.zeros(16385, dtype=bool)
    want_mask[wanted] = True
    parts: list[_Part] = []
    with zipfile.ZipFile(path) as z:
        dates = date_styles(z)
        names = set(z.namelist())
        with z.open(target) as f:
            tail, total = b"", 0
            if b"<worksheet" not in f.peek(4096)[:4096]:
                raise Unusual("namespaced tags")  # <x:worksheet>…<x:c r="A1">
            kept = take_sheet_xml(path, target)  # decompressed by the zip check moments ago
            pieces = (b"".join(kept[k:k + 2]) for k in range(0, len(kept), 2)) if kept is not None else None
            while True:
                chunk = f.read(CHUNK) if pieces is None else next(pieces, b"")
                total += len(chunk)
                if total > limit("MAX_XML_BYTES"):
                    raise Unusual("too large")  # the zip check refuses it in the usual path
                buf = tail + chunk + PAD
                if not chunk:
                    end = len(buf) - len(PAD)
                else:  # up to the last whole row; a piece without one waits for the next
                    cut = buf.rfind(b"</row>")
                    end = cut + 6 if cut >= 0 else 0
                if end >= 6 and b"<c " in buf[:end]:
                    parts.append(_scan(buf, end, want_mask, dates))
                if not chunk:
                    break
                tail = buf[end:len(buf) - len(PAD)]
        held = [p for p in parts if p.last_row]
        if held:  # the zip check left this sheet's width to us: the same bound, from the cells found
            rows = max(p.last_row for p in held) - min(p.first_row for p in held) + 1
            if rows * max(52, max(p.width for p in parts)) > sheet_cells_limit():
                raise Unusual("too large")  # calamine's path measures it in full and refuses it, naming the sheet
        shared = _Shared(z) if any(p.shared.size for p in parts) and "xl/sharedStrings.xml" in names else None
    return _assemble(parts, wanted, shared)


@dataclass
class _Part:
    last_row: int  # last row with a value in any column (0: none)
    first_row: int
    cols: np.ndarray  # wanted cells: absolute column
    rows: np.ndarray  # ... Excel row
    values: pa.Array  # ... text (null for errors and shared strings)
    shared: np.ndarray  # positions (into the part's cells) of shared-string cells
    shared_index: np.ndarray  # ... their index in the shared strings table
    errors: list[tuple[int, int, str]]
    width: int = 0  # the widest column of any cell, empty or not (one-based)


def _word(text: bytes) -> tuple[int, int]:
    """(value, mask) comparing the first len(text) bytes of a little-endian 8-byte word with `text`."""
    return int.from_bytes(text.ljust(8, b"\0"), "little"), (1 << (8 * len(text))) - 1


def _is(words: np.ndarray, at: np.ndarray, text: bytes) -> np.ndarray:
    value, mask = _word(text)
    return (words[at] & np.uint64(mask)) == np.uint64(value)


def _spans(start: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, index): the positions of arr[start[i]:start[i] + lengths[i]] for every i, concatenated,
    and where each span begins in them (offsets[i]; offsets[-1] is the total)."""
    offsets = np.zeros(start.size + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    return offsets, np.arange(offsets[-1], dtype=np.int64) - np.repeat(offsets[:-1] - start, lengths)


def _gather(arr: np.ndarray, start: np.ndarray, end: np.ndarray) -> pa.Array:
    """A string array of arr[start[i]:end[i]], built with numpy (no Python object per value)."""
    offsets, index = _spans(start, end - start)
    data = arr[index]
    out = pa.LargeStringArray.from_buffers(start.size, pa.py_buffer(offsets), pa.py_buffer(data.tobytes()))
    try:
        out.validate(full=True)  # UTF-8 as calamine requires
    except pa.ArrowInvalid:
        raise Unusual("not UTF-8")
    return out


def _scan(buf: bytes, end: int, want_mask: np.ndarray, dates: set[int]) -> _Part:
    """The wanted cells of whole rows of sheet XML. Every tag starts with "<" and cells are written
    `<c r="B7" s="3" t="s"><v>12</v></c>` or `<c r="A7" t="inlineStr"><is><t>text</t></is></c>` with
    nothing between tags, so each cell's parts are found from the positions of "<" alone; only the
    wanted cells are decoded further."""
    if b"\r" in buf:  # a one-byte search: fast
        raise Unusual("carriage return")  # XML parsers disagree on line ends in text
    amp = b"&" in buf
    if amp and b"&#" in buf:
        raise Unusual("numeric character reference")
    arr = np.frombuffer(buf, dtype=np.uint8)
    # Every byte offset read as the little-endian 8-byte word starting there (a strided view, no copy).
    words = np.ndarray((arr.size - 8,), dtype="<u8", buffer=arr.data, strides=(1,))
    lt = np.flatnonzero(arr[:end] == 60)
    lt = np.append(lt, [arr.size - 16] * 4)  # sentinels in the padding: lt[i + 3] always exists
    # The tags' second and third bytes as bytes (a tenth of the work of 8-byte words over every tag).
    second, third = arr[lt + 1], arr[lt + 2]
    i = np.flatnonzero((second == 99) & (third != 111))  # <c…, not <col…/<cols…
    if not _eq(words[lt[i]], b'<c r="').all():
        raise Unusual("cells without a leading reference, or namespaced")
    r_tag = np.flatnonzero((second == 114) & (third == 111))  # <row…
    if not _eq(words[lt[r_tag]], b'<row r="').all():
        raise Unusual("rows without a leading number")
    tag_rows, _ = _number(words, lt[r_tag] + 8, 7)
    if tag_rows.size and (np.diff(tag_rows) <= 0).any():
        raise Unusual("rows out of order")
    at = lt[i] + 6
    w = words[at]
    col = np.zeros(i.size, dtype=np.int64)
    nletters = np.zeros(i.size, dtype=np.int64)
    going = np.ones(i.size, dtype=bool)
    for k in range(3):
        ch = ((w >> np.uint64(8 * k)) & np.uint64(255)).astype(np.int64)
        going &= (ch >= 65) & (ch <= 90)
        col = np.where(going, col * 26 + ch - 64, col)
        nletters += going
    if (nletters == 0).any():
        raise Unusual("odd reference")
    col -= 1
    width = int(col.max()) + 1 if col.size else 0
    body = lt[i + 1]  # the tag after the cell's own: <v>, <is>, or the next cell when it is empty
    before = words[body - 2] & np.uint64(0xFFFF)
    if not (before >> np.uint64(8) == np.uint64(62)).all():
        raise Unusual("space between tags")
    held = (before & np.uint64(0xFF)) != np.uint64(47)  # not <c r="D4" s="1"/>: the cell has content
    # The sheet's extent (calamine's range) from the rows holding a cell with content.
    extent = (0, 0)
    if held.any():
        last = i[np.flatnonzero(held)[-1]]
        k = np.searchsorted(lt[r_tag], lt[last]) - 1
        if k < 0 or not _simple_at(words, lt, last):
            raise Unusual("the last cell is not a plain value")
        k0 = np.searchsorted(lt[r_tag], lt[i[np.argmax(held)]]) - 1
        if k0 < 0:
            raise Unusual("a cell before any row")
        extent = (int(tag_rows[k]), int(tag_rows[k0]))
    keep = np.flatnonzero(held & want_mask[np.minimum(col, 16384)])
    i, at, col, body = i[keep], at[keep], col[keep], body[keep]
    row, ndigits = _number(words, at + nletters[keep], 7)
    after = at + nletters[keep] + ndigits  # the closing quote of r="…"
    if (ndigits == 0).any() or (arr[after] != 34).any():
        raise Unusual("odd reference")
    enclosing = np.searchsorted(lt[r_tag], lt[i]) - 1
    if (enclosing < 0).any() or (tag_rows[enclosing] != row).any():
        raise Unusual("a cell outside its row")
    wb = words[body]
    is_v = _eq(wb, b"<v>")
    is_t = _eq(wb, b"<is><t>")
    vstart = np.where(is_v, body + 3, body + 7)
    vend = np.where(is_v, lt[i + 2], lt[i + 3])
    simple = (is_v & _is(words, vend, b"</v></c>")) | \
        (is_t & _is(words, vend, b"</t></is") & _is(words, vend + 8, b"></c>"))
    if not simple.all():
        raise Unusual("formula, rich text or another cell form")
    if (vend <= vstart).any():
        raise Unusual("empty value")
    # Attributes after r, in the order Excel and xlsxwriter write them: s="…" then t="…".
    p = after + 1
    styled = _is(words, p, b' s="')
    style, slen = _number(words, p + 4, 6)
    p = np.where(styled, p + 5 + slen, p)
    typed = _is(words, p, b' t="')
    if not ((arr[p] == 62) | typed).all():
        raise Unusual("other cell attributes")
    tw = words[p + 4] & np.uint64(0xFFFF)
    kind = np.full(p.size, b"?", dtype="S1")
    kind[~typed] = b"n"
    for text, code in ((b'n"', b"n"), (b's"', b"s"), (b"st", b"t"), (b"in", b"i"), (b'b"', b"b"), (b'e"', b"e")):
        kind[typed & (tw == np.uint64(_word(text)[0]))] = code
    if (kind == b"?").any():
        raise Unusual('a cell type such as t="d"')
    if ((kind == b"i") != is_t).any():
        raise Unusual("inline string stored oddly")
    if dates and np.isin(style[styled & (kind == b"n")], np.array(sorted(dates), dtype=np.int64)).any():
        raise Unusual("a number shown as a date")
    if np.isin(arr[vstart], _SPACE).any() or np.isin(arr[vend - 1], _SPACE).any():
        raise Unusual("text with spaces at an end")  # calamine trims a <t> not marked xml:space="preserve"
    numeric = kind == b"n"
    if numeric.any() and not _whole_numbers(arr, vstart[numeric], vend[numeric]):
        raise Unusual("a fraction or a number in exponent form")
    values = _gather(arr, vstart, vend)
    part = _typed(values, kind, col, row, extent, amp)
    part.width = width
    return part


_SPACE = np.array([9, 10, 12, 13, 32], dtype=np.uint8)  # RE2's \s, which the reader's trimming was checked by


def _whole_numbers(arr: np.ndarray, start: np.ndarray, end: np.ndarray) -> bool:
    """Whether every arr[start:end] is a whole number as fastexcel writes it back (_WHOLE: an optional
    minus, then 0 or up to 15 digits without a leading zero), checked on the bytes with numpy."""
    digits_from = start + (arr[start] == 45)
    n = end - digits_from
    if (n < 1).any() or (n > 15).any() or ((n > 1) & (arr[digits_from] == 48)).any():
        return False
    b = arr[_spans(digits_from, n)[1]]
    return bool(((b >= 48) & (b <= 57)).all())


def _eq(w: np.ndarray, text: bytes) -> np.ndarray:
    value, mask = _word(text)
    return (w & np.uint64(mask)) == np.uint64(value)


def _simple_at(words: np.ndarray, lt: np.ndarray, k: int) -> bool:
    """Whether the cell at lt[k] holds a plain <v> or <is><t> value (so calamine stores it)."""
    body = int(lt[k + 1])
    return bool(_eq(words[body:body + 1], b"<v>")[0] or _eq(words[body:body + 1], b"<is><t>")[0])


def _number(words: np.ndarray, at: np.ndarray, digits: int) -> tuple[np.ndarray, np.ndarray]:
    """(value, length) of the run of ASCII digits starting at each offset, up to `digits` (≤ 8) long."""
    w = words[at]
    value = np.zeros(at.size, dtype=np.int64)
    length = np.zeros(at.size, dtype=np.int64)
    going = np.ones(at.size, dtype=bool)
    for k in range(digits):
        d = ((w >> np.uint64(8 * k)) & np.uint64(255)).astype(np.int64) - 48
        going &= (d >= 0) & (d <= 9)
        value = np.where(going, value * 10 + d, value)
        length += going
    return value, length


def _typed(values: pa.Array, kind: np.ndarray, cols: np.ndarray, rows: np.ndarray, extent: tuple[int, ...],
           amp: bool) -> _Part:
    mask = np.ones(len(values), dtype=bool)
    if amp:  # the five named entities (numeric references were refused); &amp; last
        for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
            values = pc.replace_substring(values, entity, char)
    boolean = kind == b"b"
    if boolean.any():
        texts = values.filter(pa.array(boolean))
        if not pc.all(pc.is_in(texts, value_set=pa.array(["0", "1"], pa.large_string()))).as_py():
            raise Unusual("odd boolean")
        replaced = pc.if_else(pc.equal(values, "1"), pa.scalar("true", pa.large_string()),
                              pa.scalar("false", pa.large_string()))
        values = pc.if_else(pa.array(boolean), replaced, values)
    errors: list[tuple[int, int, str]] = []
    err = np.flatnonzero(kind == b"e")
    for i in err:
        text = values[int(i)].as_py()
        if text not in ERROR_TEXTS:
            raise Unusual("an unknown error value")
        errors.append((int(rows[i]), int(cols[i]), text))
    mask[err] = False
    shared = np.flatnonzero(kind == b"s")
    shared_index = np.zeros(0, dtype=np.int64)
    if shared.size:
        texts = values.take(pa.array(shared))
        if not pc.all(pc.match_substring_regex(texts, r"^[0-9]{1,9}$")).as_py():
            raise Unusual("odd shared string index")
        shared_index = pc.cast(texts, pa.int64()).to_numpy()
        mask[shared] = False
    values = _masked(values, mask)
    return _Part(*extent, cols, rows, values, shared, shared_index, errors)


def _masked(values: pa.Array, mask: np.ndarray) -> pa.Array:
    """`values` with nulls where `mask` is False: a validity bitmap laid over the same buffers. (if_else
    copied every string and, timed by the wall clock, took a third of the scan.)"""
    if mask.all():
        return values
    if values.offset or values.null_count or not pa.types.is_large_string(values.type):
        return pc.if_else(pa.array(mask), values, pa.scalar(None, pa.large_string()))
    _, offsets, data = values.buffers()
    validity = pa.py_buffer(np.packbits(mask, bitorder="little").tobytes())
    return pa.LargeStringArray.from_buffers(len(values), offsets, data, validity)


class _Shared:
    """The shared strings table, located with numpy; strings are decoded when asked for."""

    def __init__(self, z: zipfile.ZipFile) -> None:
        self.xml = z.read("xl/sharedStrings.xml")
        arr = np.frombuffer(self.xml + b"\0" * 16, dtype=np.uint8)
        words = np.ndarray((arr.size - 8,), dtype="<u8", buffer=arr.data, strides=(1,))
        lt = np.flatnonzero(arr == 60)
        self.starts = lt[_is(words, lt, b"<si>")]
        self.ends = lt[_is(words, lt, b"</si>")]
        if self.starts.size != self.ends.size or self.starts.size != self.xml.count(b"<si") \
                or b":si" in self.xml or b"&#" in self.xml or b"\r" in self.xml:
            raise Unusual("shared strings stored oddly")

    def texts(self, indices: np.ndarray) -> list[str]:
        out = []
        for i in indices:
            if i >= self.starts.size:
                raise Unusual("shared string out of range")
            raw = self.xml[self.starts[i] + 4: self.ends[i]]
            if b"<rPh" in raw or b"<r>" in raw or b"<r " in raw:
                raise Unusual("rich text")
            found = _T.findall(raw)
            if len(found) != 1 or not found[0]:
                raise Unusual("empty or odd shared string")
            text = unescape(found[0].decode("utf-8"))
            if text != text.strip():
                raise Unusual("text with spaces at an end")
            out.append(text)
        return out


def _assemble(parts: list[_Part], wanted: list[int], shared: _Shared | None) -> Scanned:
    held = [p for p in parts if p.last_row]
    if not held:
        raise Unusual("no cells")
    row0 = min(p.first_row for p in held)
    for before, after in zip(held, held[1:]):
        if after.first_row <= before.last_row:
            raise Unusual("rows out of order")
    nrows = max(p.last_row for p in held) - row0 + 1
    cols = np.concatenate([p.cols for p in parts])
    rows = np.concatenate([p.rows for p in parts])
    if not (np.isin(wanted[0], cols) and np.isin(wanted[-1], cols)):
        raise Unusual("the first or last wanted column is empty: calamine's range may not reach it")
    values = pa.chunked_array([p.values for p in parts], pa.large_string()).combine_chunks()
    base = np.cumsum([0] + [len(p.values) for p in parts])
    shared_at = np.concatenate([p.shared + b for p, b in zip(parts, base)]) if parts else np.zeros(0, np.int64)
    if shared_at.size:
        if shared is None:
            raise Unusual("no shared strings part")
        index = np.concatenate([p.shared_index for p in parts])
        uniq, inverse = np.unique(index, return_inverse=True)
        table = pa.array(shared.texts(uniq), pa.large_string())
        filled = np.full(len(values), -1, dtype=np.int64)
        filled[shared_at] = inverse
        from_shared = table.take(pa.array(filled, mask=filled < 0))
        values = pc.coalesce(values, from_shared)
    arrays = []
    for j in wanted:
        sel = np.flatnonzero(cols == j)
        index = np.full(nrows, -1, dtype=np.int64)
        index[rows[sel] - row0] = sel
        if np.count_nonzero(index >= 0) != sel.size:
            raise Unusual("a cell written twice")
        column = values.take(pa.array(index, mask=index < 0))
        arrays.append(pc.cast(column, pa.string()))
    table = pa.table(arrays, names=[f"__UNNAMED__{k}" for k in range(len(wanted))])
    errors = [e for p in parts for e in p.errors]
    return Scanned(table, row0, {j: k for k, j in enumerate(wanted)}, errors)
