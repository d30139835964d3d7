"""A CSV read whole, for files the streaming reader (io/tabular.py) cannot take as they are: title lines of
another width, ragged rows, UTF-16, stray bytes further down. The encoding is decided here, by content."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pyarrow as pa

from ..messages import fail
from .filekind import sniff
from .grid import Grid


def read_csv(path: Path) -> Grid:
    kind = sniff(path)
    if kind == "empty":
        raise fail("file-empty", "tệp rỗng (0 byte)", file=str(path))
    if kind in ("zip", "ole"):
        raise fail("file-not-csv", f"tệp có đuôi {path.suffix} nhưng là bảng tính Excel: đổi đuôi thành "
                   f"{'.xlsx' if kind == 'zip' else '.xls'}", file=str(path))
    text = _decode(path.read_bytes(), path)
    sample = text[:20000]
    try:
        sep = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        sep = "\t" if "\t" in sample and "," not in sample else ","
    try:
        cells = pd.read_csv(io.StringIO(text), sep=sep, header=None, dtype="string", keep_default_na=False,
                            na_values=[""], skip_blank_lines=False, engine="c")
    except pd.errors.ParserError:
        cells = _read_ragged(text, sep, path)
    except (pd.errors.EmptyDataError, ValueError) as exc:
        # pandas' own (English) words stay on the exception chain, for --debug
        raise fail("file-unreadable", "không đọc được tệp CSV: tệp trống hoặc không phải bảng phân cách bằng dấu "
                   "phẩy, chấm phẩy hay Tab", file=str(path)) from exc
    _check_cells(cells, path)
    return Grid(path, path.stem, cells)


def _check_cells(cells: pd.DataFrame, path: Path) -> None:
    """The whole-file reader keeps the streaming reader's limit: a field over 1 MB is an error at its row."""
    from .tabular import check_field_sizes

    if cells.empty or not any(cells[c].str.len().max() > 1 << 18 for c in cells.columns):
        return  # UTF-8 takes at most 4 bytes a character: nothing under 256 K characters can be over 1 MB
    check_field_sizes(pa.Table.from_pandas(cells.astype("string"), preserve_index=False), path)


def _decode(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 as Excel's "Unicode Text" writes it, else Windows-1258."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:  # an odd byte count: the file was cut short or is not UTF-16
            raise fail("file-encoding", f"tệp CSV có dấu hiệu UTF-16 nhưng hỏng ở byte {exc.start} (tệp bị cắt cụt?): "
                       "mở bằng Excel rồi lưu lại dạng CSV UTF-8", file=str(path))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1258")
    except UnicodeDecodeError:  # pragma: no cover - cp1258 decodes nearly anything
        raise fail("file-encoding", "không giải mã được tệp CSV: lưu lại dạng CSV UTF-8", file=str(path))


def _read_ragged(text: str, sep: str, path: Path) -> pd.DataFrame:
    """Rows of different widths: title lines above the header are fine (shorter rows are padded), but a
    data row with more filled cells than the header has columns would shift values: that is an error."""
    from .tabular import MAX_FIELD_BYTES

    reader = csv.reader(io.StringIO(text), delimiter=sep)
    old_limit = csv.field_size_limit(MAX_FIELD_BYTES + 1)
    try:
        rows = list(reader)
    except csv.Error:  # the only error csv.reader raises on text: a field over the limit
        raise fail("csv-field-too-large", f"một ô vượt giới hạn {MAX_FIELD_BYTES // 1024} KB (có thể thiếu dấu "
                   "ngoặc kép đóng)", file=str(path), sheet=path.stem, row=reader.line_num)
    finally:
        csv.field_size_limit(old_limit)
    counts = pd.Series([len(r) for r in rows])
    header_width = int(counts.mode().iloc[0]) if len(counts) else 0
    for n, row in enumerate(rows, start=1):
        filled = len(row) - next((k for k, v in enumerate(reversed(row)) if v.strip()), len(row))
        if filled > header_width:
            raise fail("csv-extra-cells", f"dòng có {filled} ô, nhiều hơn {header_width} cột của bảng (thừa dấu "
                       f"'{sep}'?): các giá trị sẽ lệch cột", file=str(path), sheet=path.stem, row=n)
    width = max(header_width, 1)
    padded = [(r + [""] * width)[:width] for r in rows]
    cells = pd.DataFrame(padded, dtype="string").replace("", pd.NA)
    cells.columns = range(width)
    return cells
