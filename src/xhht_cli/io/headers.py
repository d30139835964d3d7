"""Finding a table's header in a sheet and flattening merged multi-row headers to one name per column.

A header may start below title lines, span several rows (a group row over label rows, merged cells
leaving blanks), and be followed by a row of column numbers (1, 2, 3 …) which is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from weakref import WeakKeyDictionary

import pandas as pd

from ..messages import Log
from .textnorm import fold, key, nfc
from .grid import CellProblem, Grid
from .legacy import FONTS, detect, to_unicode

SCAN_ROWS = 20
# Sub-labels that only ever appear under a group (Họ và tên → Họ đệm, Tên; Học xong → Lớp, Năm …).
SUB_LABELS = {fold(x) for x in (
    "Họ đệm", "Tên", "Ngày", "Tháng", "Năm", "Lớp", "Đang học lớp", "Hoàn thành lớp", "Vận động", "Nghe nói",
    "Nhìn", "Thần kinh, tâm thần", "Trí tuệ", "Học tập", "Tự kỷ", "Khác", "Số", "Tỷ lệ", "Tử số", "Mẫu số",
)}
_INT = re.compile(r"^\s*(\d{1,3})(?:\.0+)?\s*$")


@dataclass
class Header:
    start: int  # grid index of the first header row
    data_start: int  # grid index of the first data row
    names: list[str]  # flattened display name per grid column ("" when blank)
    legacy: str | None = None  # "tcvn3" or "vni" when the header was typed in a legacy font

    def keys(self) -> list[str]:
        return [key(n) for n in self.names]


def _cells(vals: list[object]) -> list[str | None]:
    return [None if pd.isna(v) or not str(v).strip() else nfc(str(v)).strip() for v in vals]


# The first rows of each sheet as header finding reads them, kept while the sheet is: every input kind looks
# for its header in the same rows (eight kinds a sheet; a pandas row read at a time took 3 % of a district's run)
_head_rows: WeakKeyDictionary[Grid, tuple[list[list[str | None]], str]] = WeakKeyDictionary()


def head_rows(grid: Grid) -> tuple[list[list[str | None]], str]:
    """The first SCAN_ROWS rows' cells as trimmed NFC text (None where blank), and the font they were typed
    in: a header typed in a legacy font (.Vn, VNI) is read as the officer sees it. Read only: shared by
    every caller for the sheet."""
    got = _head_rows.get(grid)
    if got is None:
        rows = [_cells(r) for r in grid.head(SCAN_ROWS).to_numpy(dtype=object).tolist()]
        texts = sorted({v for r in rows for v in r if v is not None and not _INT.match(v)})
        encoding = detect(texts) if texts else "unicode"
        if encoding in FONTS:
            rows = [[None if v is None else to_unicode(v, encoding) for v in r] for r in rows]
        got = _head_rows[grid] = (rows, encoding)
    return got


def is_number_row(values: Iterable[str | None]) -> bool:
    """The row of column numbers under an official header: 1, 2, 3 … (at least three, increasing)."""
    nums = []
    for v in values:
        if v is None:
            continue
        m = _INT.match(v)
        if not m:
            return False
        nums.append(int(m.group(1)))
    return len(nums) >= 3 and nums[0] <= 2 and all(b > a for a, b in zip(nums, nums[1:]))


def find_header(grid: Grid, score: Callable[[list[str | None]], int], min_score: int = 2) -> Header | None:
    """The first row (of the first 20) whose cells score as header text starts the header."""
    rows, encoding = head_rows(grid)
    n = len(rows)
    start = next((i for i in range(n) if score(rows[i]) >= min_score), None)
    if start is None:
        return None
    end = start + 1  # exclusive end of header rows
    data_start = start + 1
    for j in range(start + 1, min(start + 5, n)):
        if is_number_row(rows[j]):
            end, data_start = j, j + 1
            break
    else:
        while end < n and _looks_like_sublabels(rows[end]):
            end += 1
        data_start = end
    return Header(start, data_start, flatten(rows[start:end], grid.ncols),
                  encoding if encoding in FONTS else None)


def _looks_like_sublabels(values: list[str | None]) -> bool:
    filled = [v for v in values if v is not None]
    return bool(filled) and sum(fold(v) in SUB_LABELS for v in filled) * 2 >= len(filled)


def flatten(rows: list[list[str | None]], width: int) -> list[str]:
    """One name per column, "Group/Label/Sub": a blank cell inherits the group to its left when the
    cell below it is filled (a horizontally merged group); otherwise the group ends there."""
    carry: list[str | None] = [None] * len(rows)
    names: list[str] = []
    for c in range(width):
        parts: list[str] = []
        for r, row in enumerate(rows):
            v = row[c] if c < len(row) else None
            below = rows[r + 1][c] if r + 1 < len(rows) and c < len(rows[r + 1]) else None
            if v is not None:
                carry[r] = v
                for deeper in range(r + 1, len(rows)):
                    carry[deeper] = None
            elif below is not None and carry[r] is not None:
                v = carry[r]
            else:
                carry[r] = None
            if v is not None and (not parts or parts[-1] != v):
                parts.append(v)
        names.append("/".join(parts))
    return names


def cell_problems(grid: Grid, columns: Iterable[int], data_start: int) -> list[CellProblem]:
    """The unreadable cells (Excel errors, formulas without value) of the given columns, in the data rows."""
    wanted = set(columns)
    first_row = grid.excel_row(data_start)
    return sorted((p for p in grid.problems if p.col in wanted and p.row >= first_row), key=lambda p: (p.row, p.col))


def report_cell_problems(problems: list[CellProblem], names: list[str], log: Log, **where: object) -> None:
    """One error per unreadable cell, located by row and column header: such a cell must not read as empty."""
    for p in problems:
        if p.kind == "error":
            text = f"ô có giá trị lỗi Excel {p.detail}: sửa công thức hoặc nhập giá trị"
        else:
            text = ("ô có công thức nhưng chưa có giá trị (tệp do phần mềm tạo, chưa mở bằng Excel): mở tệp bằng Excel "
                    "rồi lưu lại, hoặc nhập giá trị thay cho công thức")
        code = "excel-error-value" if p.kind == "error" else "formula-no-value"
        log.error(code, text, row=p.row, column=names[p.col] if p.col < len(names) else None, **where)


def match_columns(names: list[str], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Field → column index: exact key first, then the same without diacritics; first column wins."""
    keys = [key(n) for n in names]
    folded = [fold(n) for n in names]
    found: dict[str, int] = {}
    for field, options in aliases.items():
        opts = [key(o) for o in options]
        idx = next((i for i, k in enumerate(keys) if k and k in opts), None)
        if idx is None:
            fopts = [fold(o) for o in options]
            idx = next((i for i, k in enumerate(folded) if k and k in fopts), None)
        if idx is not None:
            found[field] = idx
    return found


def header_tokens(aliases: dict[str, tuple[str, ...]]) -> set[str]:
    """Every alias and every group part of an alias, folded: what scores a row as this table's header."""
    tokens = set()
    for options in aliases.values():
        for o in options:
            tokens.add(fold(o))
            tokens.update(fold(p) for p in o.split("/"))
    return tokens - SUB_LABELS - {""}


def scorer(aliases: dict[str, tuple[str, ...]]) -> Callable[[list[str | None]], int]:
    tokens = header_tokens(aliases)
    return lambda values: sum(1 for v in values if v is not None and fold(v) in tokens)


def ambiguous_columns(names: list[str], aliases: dict[str, tuple[str, ...]]) -> list[tuple[str, int, int]]:
    """(field, first, second) where two columns match a field equally well: both carry the first alias
    (in order of preference) that any column carries. Two "Năm sinh" columns are ambiguous; "Mã xã"
    beside "Tên xã" is not (the code is preferred), and neither is a group's sub-column ("Học xong/Năm")."""
    keys = [key(n) for n in names]
    folded = [fold(n) for n in names]
    found: list[tuple[str, int, int]] = []
    for field, options in aliases.items():
        for norm, cols in ((key, keys), (fold, folded)):
            hit = next((o for o in map(norm, options) if o and o in cols), None)
            if hit is not None:
                idx = [i for i, k in enumerate(cols) if k == hit]
                if len(idx) > 1:
                    found.append((field, idx[0], idx[1]))
                break
        else:
            continue
    return found
