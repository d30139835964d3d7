"""Opening spreadsheet files as grids of text.

xlsx/xls/ods go through fastexcel (Rust calamine → Arrow): it reads a 37,500-row survey sheet in
about 0.6 s against about 10 s for openpyxl, and it releases the GIL so that files read in parallel
threads. Every cell is read as text and parsed by our own rules, so that a grade "5", "MG 5T" and
"Đại học" in one column never make a reader guess a type.

calamine drops leading empty rows and columns; a Grid remembers both offsets so that every message
names the row and column as Excel shows them.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa

if TYPE_CHECKING:
    from ..messages import Log

from ..messages import fail
from .csvfile import read_csv
from .filekind import sniff
from .grid import HEAD_ROWS, CellProblem, Grid, column_letter, column_number
from .sheetxml import _first_row, _part_sheet, _sheet_target, formulas_without_value
from .suffixes import PARQUET_SUFFIXES, TABLE_SUFFIXES, TEXT_SUFFIXES
from .zipcheck import before_load, check_zip_workbook


EXCEL_ERRORS = {"Value": "#VALUE!", "Div0": "#DIV/0!", "NA": "#N/A", "Ref": "#REF!", "Name": "#NAME?",
                "Num": "#NUM!", "Null": "#NULL!", "GettingData": "#GETTING_DATA"}


def _excel_error(detail: str) -> str:
    m = re.search(r"Error\((\w+)\)", detail)
    return EXCEL_ERRORS.get(m.group(1), m.group(1)) if m else "lỗi Excel"


def sheet_names(path: Path) -> list[str]:
    if path.suffix.lower() in TABLE_SUFFIXES:
        return [path.stem]
    return list(_reader(path).sheet_names)


def open_workbook(path: Path):  # noqa: ANN201 - fastexcel's reader type is internal
    """Open once and load several sheets: opening parses the shared strings, a tenth of a second for a
    commune's workbook."""
    return None if path.suffix.lower() in TABLE_SUFFIXES else _reader(path)


Want = Callable[[pd.DataFrame], "list[int] | None"]


def read_grid(path: Path, sheet: str, reader=None, want: Want | None = None) -> Grid:  # noqa: ANN001
    """A sheet as text. With `want`, an .xlsx sheet's first rows are peeked from its XML and `want` names
    the (zero-based, absolute) columns to read; the grid's columns are then absolute (col0 = 1)."""
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        from .tabular import read_parquet

        table, head, colmap = read_parquet(path, want)
        return Grid(path, sheet, table, head=head, colmap=colmap)
    if suffix in TEXT_SUFFIXES:
        if want is not None and sniff(path) == "text":
            from .tabular import stream_csv

            streamed = stream_csv(path, want)
            if streamed is not None:
                table, head, colmap = streamed
                return Grid(path, sheet, table, head=head, colmap=colmap)
        return read_csv(path)
    reader = reader or _reader(path)
    if want is not None and suffix in {".xlsx", ".xlsm"}:
        grid = _read_some_columns(path, sheet, reader, want)
        if grid is not None:
            return grid
    _before_load(path, sheet)
    try:
        loaded = reader.load_sheet(sheet, header_row=None, dtypes="string")
        table, errors = loaded.to_arrow_with_errors()
    except Exception as exc:  # fastexcel raises its own error types for corrupt sheets
        raise fail("file-unreadable", "không đọc được sheet: sheet hỏng hoặc có ô không đọc được (mở bằng Excel rồi "
                   "lưu lại)", file=str(path), sheet=sheet) from exc
    infos = loaded.selected_columns or loaded.available_columns()
    col0 = (infos[0].absolute_index + 1) if infos else 1
    row0 = _first_row(path, sheet) if table.num_rows else 1
    grid = Grid(path, sheet, table, row0=row0, col0=col0)
    grid.problems = [CellProblem(row0 + e.position[0], e.position[1], "error", _excel_error(e.detail))
                     for e in (errors.errors if errors is not None else [])]
    grid.problems += [CellProblem(r, column_number(c) - col0, "formula", "")
                      for c, r in formulas_without_value(path, sheet)]
    return grid


def _read_some_columns(path: Path, sheet: str, reader, want: Want) -> Grid | None:  # noqa: ANN001
    from .peek import peek_rows

    try:
        with zipfile.ZipFile(path) as z:
            target = _sheet_target(z, sheet)
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    rows = peek_rows(path, target, HEAD_ROWS) if target else None
    if not rows:
        return None
    first = min(rows)
    width = max(c for r in rows.values() for c in r) + 1
    if width > 1024:  # a survey has about 51 columns: a cell far to the right, maybe a bomb, before any work
        _before_load(path, sheet)
    head = pd.DataFrame([[rows.get(first + i, {}).get(j) for j in range(width)] for i in range(HEAD_ROWS)],
                        dtype="string")
    head.columns = range(width)
    wanted = want(head)
    if not wanted:
        return None
    scanned = _scan(path, sheet, target, wanted, first, head)
    if scanned is not None:
        return scanned
    letters = ",".join(column_letter(j + 1) for j in sorted(set(wanted)))
    _before_load(path, sheet)
    try:
        loaded = reader.load_sheet(sheet, header_row=None, dtypes="string", use_columns=letters)
        table, errors = loaded.to_arrow_with_errors()
    except Exception as exc:  # noqa: BLE001 - an unexpected layout: read every column instead
        del exc
        return None
    infos = loaded.selected_columns
    row0 = _first_row(path, sheet) if table.num_rows else 1
    if row0 != first or not infos:
        return None  # the peek and the parser disagree on where the sheet starts: read it all
    range_start = infos[0].absolute_index - infos[0].index  # calamine's first column, zero-based
    colmap = {info.absolute_index: k for k, info in enumerate(infos)}
    grid = Grid(path, sheet, table, row0=row0, col0=1, head=head, colmap=colmap)
    grid.problems = [CellProblem(row0 + e.position[0], range_start + e.position[1], "error", _excel_error(e.detail))
                     for e in (errors.errors if errors is not None else [])]
    grid.problems += [CellProblem(r, column_number(c) - 1, "formula", "")
                      for c, r in formulas_without_value(path, sheet)]
    return grid


def _scan(path: Path, sheet: str, target: str, wanted: list[int], first: int, head: pd.DataFrame) -> Grid | None:
    """The wanted columns by xlsxscan (a third of fastexcel's time); None when it declines the sheet."""
    from . import xlsxscan

    if not xlsxscan.enabled():
        return None
    try:
        got = xlsxscan.scan_columns(path, target, wanted)
    except (xlsxscan.Unusual, OSError, KeyError, ValueError, IndexError, EOFError, zipfile.BadZipFile,
            pa.ArrowException):
        return None
    if got.row0 != first:
        return None  # the peek and the scan disagree on where the sheet starts: read it the usual way
    grid = Grid(path, sheet, got.table, row0=got.row0, col0=1, head=head, colmap=got.colmap)
    grid.problems = [CellProblem(r, c, "error", text) for r, c, text in got.errors]
    return grid


def _before_load(path: Path, sheet: str) -> None:
    """The zip check's last step for a sheet calamine is about to load (zipcheck.before_load)."""
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        return
    try:
        with zipfile.ZipFile(path) as z:
            target = _sheet_target(z, sheet)
    except (OSError, KeyError, zipfile.BadZipFile):
        return  # no such part: nothing was left unmeasured
    try:
        before_load(path, target)
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        raise fail("file-unreadable", "tệp .xlsx bị hỏng hoặc chưa tải về hết: không mở được", file=str(path))


def _reader(path: Path):  # noqa: ANN202 - fastexcel's reader type is internal
    import fastexcel

    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        _check_zip(path)
    elif suffix == ".ods" and sniff(path) == "zip":
        try:  # an OpenDocument file is a zip too: the same size limits (calamine refuses its far cells itself)
            check_zip_workbook(path, lambda z, part: None)
        except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
            raise fail("file-unreadable", "tệp .ods bị hỏng hoặc chưa tải về hết: không mở được", file=str(path))
    try:
        return fastexcel.read_excel(path)
    except Exception as exc:
        if "cell limit exceeded" in str(exc).lower():  # calamine's own guard (.ods): a cell far from the table
            raise fail("sheet-too-large", "một sheet của tệp trải quá rộng (có ô nhập nhầm ở rất xa bảng): nhấn Ctrl+End "
                       "để tìm, xóa các dòng/cột thừa rồi lưu lại", file=str(path))
        # the reader's own (English) words stay on the exception chain, for --debug
        raise fail("file-unreadable", "không mở được tệp bảng tính: tệp hỏng, đặt mật khẩu, hoặc không phải bảng "
                   "tính Excel/ODS (mở thử bằng Excel rồi lưu lại)", file=str(path)) from exc


def _check_zip(path: Path) -> None:
    kind = sniff(path)
    if kind == "empty":
        raise fail("file-empty", "tệp rỗng (0 byte)", file=str(path))
    if kind == "ole":
        raise fail("file-encrypted", "tệp .xlsx được đặt mật khẩu (hoặc thực chất là tệp .xls cũ): mở bằng Excel, "
                   "bỏ mật khẩu rồi lưu lại dạng .xlsx", file=str(path))
    if kind == "text":
        raise fail("file-not-excel", "tệp có đuôi .xlsx nhưng nội dung là văn bản (có lẽ CSV): đổi đuôi thành .csv "
                   "hoặc mở bằng Excel rồi lưu lại dạng .xlsx", file=str(path))
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "xl/workbook.xml" not in names:
                raise fail("file-not-excel", "tệp zip này không phải bảng tính Excel (thiếu xl/workbook.xml)",
                           file=str(path))
            # the parts that say where each sheet is: without them no sheet can be found
            lost = [p for p in ("_rels/.rels", "xl/_rels/workbook.xml.rels") if p not in names]
            if lost:
                raise fail("file-unreadable", f"tệp .xlsx bị hỏng: thiếu phần {lost[0]} (danh mục các phần của "
                           "bảng tính); mở tệp bằng Excel (Excel sẽ đề nghị sửa) rồi lưu lại", file=str(path))
        # Sizes, the bytes actually decompressed and each sheet's extent, before calamine sees the file.
        check_zip_workbook(path, _part_sheet)
    except KeyError as exc:  # another part named by the workbook is missing
        raise fail("file-unreadable", f"tệp .xlsx bị hỏng: thiếu phần {exc.args[0] if exc.args else ''}; mở tệp "
                   "bằng Excel rồi lưu lại", file=str(path)) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError):
        raise fail("file-unreadable", "tệp .xlsx bị hỏng hoặc chưa tải về hết: không mở được", file=str(path))


def legacy_to_unicode(s: pd.Series, log: Log, **where: object) -> pd.Series:
    """Text typed in a TCVN3 (.Vn) or VNI font, read as Unicode: converted with a warning where the
    reading is unambiguous; a column mixing it with Unicode is an error saying how to convert."""
    encoding = legacy_decision(legacy_candidates(s))
    legacy_message(encoding, log, **where)
    return legacy_apply(s, encoding)


def legacy_candidates(s: pd.Series | pa.Array | pa.ChunkedArray) -> set[str]:
    """The distinct non-ASCII values of a column: all that the legacy-font decision looks at (legacy.detect
    ignores ASCII text), so a file read in batches decides on the union of its batches' candidates."""
    import pyarrow.compute as pc

    arr = s if isinstance(s, (pa.Array, pa.ChunkedArray)) else pa.array(s, type=pa.large_string(), from_pandas=True)
    distinct = pc.unique(arr.drop_null())
    if not len(distinct):
        return set()
    return {str(u) for u in distinct.filter(pc.invert(pc.string_is_ascii(distinct))).to_pylist()}


def legacy_decision(candidates: set[str]) -> str:
    """"unicode" (nothing to convert), "tcvn3", "vni" or "unknown" (mixed: an error) for a column's
    non-ASCII distinct values."""
    from .legacy import detect

    return "unicode" if not candidates else detect(sorted(candidates))


def legacy_message(encoding: str, log: Log, **where: object) -> None:
    """What a column's legacy-font decision tells the officer: nothing for Unicode."""
    from .legacy import FONTS, HOW_TO_CONVERT

    if encoding == "unknown":
        log.error("legacy-encoding", "cột có chữ gõ bằng bảng mã cũ (TCVN3/VNI) lẫn với Unicode, không chuyển tự "
                  f"động được: {HOW_TO_CONVERT}", **where)
    elif encoding in FONTS:
        name = "TCVN3 (ABC)" if encoding == "tcvn3" else "VNI Windows"
        log.warning("legacy-encoding", f"cột gõ bằng bảng mã {name}: đã chuyển sang Unicode", **where)


def legacy_apply(s: pd.Series, encoding: str) -> pd.Series:
    """The column converted from a legacy font (per distinct value); unchanged for "unicode"/"unknown"."""
    from .legacy import FONTS, converted

    if encoding not in FONTS:
        return s
    uniq = [str(u) for u in pd.unique(s.dropna())]
    return s.map({u: converted(u, encoding) for u in uniq}, na_action="ignore").astype("string")
