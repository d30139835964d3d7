"""Plain tables read in bounded memory: CSV streamed by pyarrow for the survey's columns only, and Parquet.

A province's survey as one CSV (3,000,000 persons, 300 MB and more) is never decoded whole into Python
text: its first rows are peeked to find the header, then the chunked reader (io/csv_chunks.py: pyarrow's
parser over chunks of whole lines) parses it, keeping only the columns the survey needs. A file the
chunked reader cannot take as it is
(ragged rows, title lines of another width, bytes that are not UTF-8 where UTF-8 was sniffed) is read
by the whole-file reader instead, which explains each of those cases cell by cell.

A field over MAX_FIELD_BYTES (1 MB) is an error at its line: no survey answer is that long, and a
runaway quote would otherwise swallow the rest of the file into one cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa

from ..messages import fail

MAX_FIELD_BYTES = 1 << 20
BLOCK_BYTES = 16 << 20  # a chunk of the chunked reader: a row must fit in one, so it bounds a row's size too
PEEK_BYTES = 1 << 16
HEAD_ROWS = 20

Want = Callable[[pd.DataFrame], "list[int] | None"]


def sniff_text(path: Path) -> tuple[str, str, str] | None:
    """(pyarrow encoding, separator, decoded first rows) from the start of a CSV; None for UTF-16 (Excel's
    "Unicode Text"), which the whole-file reader decodes."""
    with path.open("rb") as f:
        raw = f.read(PEEK_BYTES)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    cut = raw.rfind(b"\n") + 1 if len(raw) == PEEK_BYTES else len(raw)
    head = raw[:cut or len(raw)]
    try:
        text, encoding = head.decode("utf-8-sig"), "utf8"
    except UnicodeDecodeError:
        text, encoding = head.decode("cp1258", errors="replace"), "cp1258"
    sample = text[:20000]
    try:
        sep = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        sep = "\t" if "\t" in sample and "," not in sample else ","
    return encoding, sep, text


def _head_frame(text: str, sep: str) -> pd.DataFrame:
    """The first rows as the whole-file reader would give them: text cells, blank as NA."""
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    try:
        for row in reader:
            rows.append(row)
            if len(rows) >= HEAD_ROWS:
                break
    except csv.Error:
        pass
    width = max((len(r) for r in rows), default=0)
    head = pd.DataFrame([(r + [""] * width)[:width] for r in rows], dtype="string").replace("", pd.NA)
    head.columns = range(width)
    return head


def open_csv_head(path: Path, want: Want) -> tuple[str, str, pd.DataFrame, list[int]] | None:
    """A CSV's encoding, separator, head (first rows, all columns) and the columns `want` names, sorted; None
    when the file is not for the streaming readers (not text, no rows, no wanted column)."""
    sniffed = sniff_text(path)
    if sniffed is None:
        return None
    encoding, sep, text = sniffed
    head = _head_frame(text, sep)
    if head.empty:
        return None
    wanted = sorted(set(want(head) or []))
    return (encoding, sep, head, wanted) if wanted else None


def stream_csv(path: Path, want: Want) -> tuple[pa.Table, pd.DataFrame, dict[int, int]] | None:
    """The wanted columns of a CSV as an Arrow table of text, with the head (first rows, all columns) and the
    column map (absolute index → table column); None when the file is not for this reader."""
    from .csv_chunks import NOT_PARSED, csv_tables

    opened = open_csv_head(path, want)
    if opened is None:
        return None
    encoding, sep, head, wanted = opened
    names = [f"f{j}" for j in wanted]
    try:  # the rows the batch reader counts (read/batch_sources.py), read by the same chunked parser
        tables = [t for t in csv_tables(path, encoding, sep, names, BLOCK_BYTES) if t.num_rows]
    except NOT_PARSED:
        return None  # ragged rows, a cut quote, bytes of another encoding: the whole-file reader explains
    table = pa.concat_tables(tables) if tables else None
    if table is None or table.num_rows < len(head.index):
        return None
    check_field_sizes(table, path)
    return table, head, {j: k for k, j in enumerate(wanted)}


def check_field_sizes(table: pa.Table, path: Path, row0: int = 1) -> None:
    """A field over MAX_FIELD_BYTES is an error at its line (the first such one)."""
    import pyarrow.compute as pc

    for k in range(table.num_columns):
        column = table.column(k)
        if all(_short(chunk) for chunk in column.chunks):
            continue
        if pa.types.is_dictionary(column.type):  # its rows' text, to say which row holds the long field
            column = column.cast(column.type.value_type)
        lengths = pc.binary_length(column)
        longest = pc.max(lengths).as_py()
        if longest is not None and longest > MAX_FIELD_BYTES:
            at = pc.index(lengths, pa.scalar(longest, lengths.type)).as_py()
            raise fail("csv-field-too-large", f"một ô dài {longest // 1024} KB, vượt giới hạn "
                       f"{MAX_FIELD_BYTES // 1024} KB (có thể thiếu dấu ngoặc kép đóng)", file=str(path),
                       sheet=path.stem, row=row0 + int(at))


def _short(chunk: pa.Array) -> bool:
    """No field of this piece can be over the limit: all its text together fits in it (a CSV's pieces are
    Arrow's blocks of about 1 MB, so a column's piece rarely holds more; measuring every field was a
    pass over every cell). A dictionary-encoded piece: its dictionary's text."""
    if pa.types.is_dictionary(chunk.type):
        return _short(chunk.dictionary)
    if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)
            or pa.types.is_binary(chunk.type) or pa.types.is_large_binary(chunk.type)):
        return False
    data = chunk.buffers()[2]
    return data is None or data.size <= MAX_FIELD_BYTES


def read_parquet(path: Path, want: Want | None) -> tuple[pa.Table, pd.DataFrame, dict[int, int] | None]:
    """A Parquet file as the plain table it stands for: its column names are the header row (row 1), its
    rows the data (from row 2). Only the wanted columns are read; every value becomes text."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
        names = list(pf.schema_arrow.names)
        first = next(pf.iter_batches(batch_size=HEAD_ROWS - 1), None)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a damaged file
        raise fail("file-unreadable", f"không đọc được tệp Parquet: {str(exc).splitlines()[0][:200]}",
                   file=str(path))
    rows = [names]
    if first is not None:  # a nested column is blank here: refused below only if it is one the tables need
        cols = [_head_text(first.column(j)) for j in range(first.num_columns)]
        rows += [list(r) for r in zip(*cols)]
    head = pd.DataFrame(rows, dtype="string")
    head.columns = range(len(names))
    wanted = sorted(set(want(head) or [])) if want is not None else []
    picked = wanted or list(range(len(names)))
    nested = [names[j] for j in picked if not _scalar(pf.schema_arrow.field(j).type)]
    if nested:
        raise fail("column-type-unsupported", f"cột {nested[0]!r} chứa dữ liệu lồng nhau "
                   f"({pf.schema_arrow.field(names.index(nested[0])).type}), không phải một giá trị mỗi ô: lưu lại tệp "
                   "với mỗi cột là số hoặc chữ", file=str(path), column=nested[0])
    try:
        table = pf.read(columns=[names[j] for j in picked])
    except Exception as exc:  # noqa: BLE001
        raise fail("file-unreadable", f"không đọc được tệp Parquet: {str(exc).splitlines()[0][:200]}",
                   file=str(path))
    header = pa.table({f"f{k}": pa.array([names[j]], pa.string()) for k, j in enumerate(picked)})
    try:
        body = pa.table({f"f{k}": _as_text(table.column(k)) for k in range(len(picked))})
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid) as exc:  # a type with no text form (binary not UTF-8…)
        bad = next(names[j] for k, j in enumerate(picked) if not _castable(table.column(k)))
        raise fail("column-type-unsupported", f"cột {bad!r} có kiểu {table.column(bad).type} không đọc được thành "
                   f"chữ ({exc.__class__.__name__}): lưu lại tệp với mỗi cột là số hoặc chữ", file=str(path),
                   column=bad) from None
    full = pa.concat_tables([header, body])
    check_field_sizes(full, path)
    return full, head, {j: k for k, j in enumerate(picked)}


def _head_text(col: pa.Array) -> list[object]:
    """A column of the first rows as text for finding the header; blank where it has no text form."""
    try:
        return _as_text(col).to_pylist() if _scalar(col.type) else [None] * len(col)
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
        return [None] * len(col)


def _castable(col: pa.ChunkedArray) -> bool:
    try:
        _as_text(col)
        return True
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
        return False


def _scalar(t: pa.DataType) -> bool:
    """One value per cell: not a list, struct, map or union (which no spreadsheet cell holds)."""
    return not pa.types.is_nested(t) and not (pa.types.is_dictionary(t) and pa.types.is_nested(t.value_type))


def _as_text(col: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """Any Parquet column as text, as a spreadsheet cell would read: whole floats without ".0"."""
    import pyarrow.compute as pc

    t = col.type
    if pa.types.is_string(t):
        return col
    if pa.types.is_large_string(t) or pa.types.is_dictionary(t):
        return pc.cast(col, pa.string())
    if pa.types.is_floating(t):
        whole = pc.equal(pc.floor(col), col)
        as_int = pc.cast(pc.if_else(whole, col, pa.scalar(None, t)), pa.int64(), safe=False)
        return pc.if_else(whole, pc.cast(as_int, pa.string()), pc.cast(col, pa.string()))
    if pa.types.is_boolean(t):
        return pc.if_else(col, "có", "không")
    return pc.cast(col, pa.string())
