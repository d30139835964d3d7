"""Shared by the commune-level sources: a table's fields as text columns with Excel row numbers,
whole-number counts, and unit references checked against the units sheet."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..io.grid import Grid, clean_text
from ..io.excel import legacy_to_unicode
from ..io.headers import CellProblem, Header, cell_problems, match_columns, report_cell_problems
from ..messages import Log
from ..counts.table import CountTable
from ..persons.misfit import is_misfit, shapes
from ..persons.values import total_mask
from .kind import Other, OtherSources
from ..counts.unit_index import UnitIndex
from ..messages import quote



@dataclass
class Table:
    """One commune-level sheet: a text column per field found, `_row` as Excel shows it."""

    grid: Grid
    header: Header
    frame: pd.DataFrame
    columns: dict[str, str]  # field → header text, for messages
    problems: list[CellProblem] = field(default_factory=list)
    codes: pd.Series | None = None  # each row's unit code, once resolved

    def locate(self, unit: str, fld: str) -> dict:
        """Where a unit's value of a field stands: file, sheet, its first row, the field's header."""
        rows = self.frame.loc[self.codes == unit, "_row"] if self.codes is not None else pd.Series(dtype=int)
        return self.where(fld, int(rows.iloc[0]) if len(rows) else None)

    def where(self, fld: str | None = None, row: int | None = None) -> dict:
        return dict(file=str(self.grid.file), sheet=self.grid.sheet, row=row,
                    column=self.columns.get(fld, fld) if fld else None)

    @property
    def label(self) -> str:
        return f"{self.grid.file.name} · {self.grid.sheet}"


def read_table(grid: Grid, header: Header, aliases: dict[str, tuple[str, ...]], log: Log,
               unit_field: str = "unit") -> Table:
    found = match_columns(header.names, aliases)
    start = header.data_start
    frame = pd.DataFrame(index=pd.RangeIndex(start, grid.nrows))
    for fld, idx in found.items():
        frame[fld] = legacy_to_unicode(clean_text(grid.column(idx, start)), log, file=str(grid.file), sheet=grid.sheet,
                                       column=header.names[idx])
    frame.insert(0, "_row", np.arange(start, grid.nrows) + grid.row0)
    data_cols = [c for c in frame.columns if c != "_row"]
    keep = ~frame[data_cols].isna().all(axis=1) if data_cols else pd.Series(False, index=frame.index)
    if unit_field in frame:  # a totals row is the sum of the communes above it: counting it would double them
        keep &= ~total_mask(frame[unit_field])
    return Table(grid, header, frame[keep], {f: header.names[i] for f, i in found.items()},
                 cell_problems(grid, found.values(), start))


MAX_COUNT = 10**9
# Plain ASCII digits, optionally grouped by the Vietnamese thousands separator "." (1.234 is one thousand
# two hundred thirty-four). Anything else — "1_000", full-width "１２", "1e3", "1,5", "12.0" — is a cell to
# correct, never a guess: float() would read all of them.
_PLAIN = re.compile(r"^(?:[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+)$")


def parse_count(text: str) -> int | None:
    """A whole, non-negative number as officers type it: 1234 or "1.234" (a numeric cell reads as its
    digits). None if not one, or beyond MAX_COUNT (no commune counts a billion of anything)."""
    t = text.strip().replace("\u00a0", "")
    if not _PLAIN.match(t):
        return None
    digits = t.replace(".", "").lstrip("0")
    if len(digits) > len(str(MAX_COUNT)):  # thousands of digits: too large, and int() refuses past 4,300
        return None
    n = int(digits or "0")
    return n if n <= MAX_COUNT else None


def counts_column(table: Table, fld: str, log: Log) -> pd.Series:
    """Whole-number counts of a column (NA where blank); each bad value is an error naming its cell."""
    raw = table.frame[fld]
    out = pd.Series(pd.NA, index=raw.index, dtype="Int64")
    bad: list[tuple[object, str]] = []
    for i, text in raw.dropna().items():  # commune tables have one row per commune: a few dozen rows
        n = parse_count(str(text))
        if n is None:
            bad.append((i, str(text)))
        else:
            out.at[i] = n
    filled = int(raw.notna().sum())
    if is_misfit(len(bad), filled):  # the header is over another column: one error, not one per commune
        distinct = pd.Series([t for _, t in bad]).value_counts()
        log.error("column-values-misfit", f"{len(bad)} trên {filled} ô có giá trị của cột không phải số đếm; cột chứa: "
                  f"{shapes(pd.Series(distinct.index), distinct.to_numpy())}. Có thể tiêu đề đặt nhầm cột hoặc lệch "
                  "một cột: sửa tiêu đề cho đúng cột dữ liệu", **table.where(fld))
        return out
    for i, text in bad:
        log.error("bad-count", f"giá trị {quote(text)} không phải số đếm (cần số nguyên không âm viết bằng chữ số, "
                  "có thể dùng dấu chấm ngăn hàng nghìn: 1.234)", **table.where(fld, int(table.frame.at[i, "_row"])))
    return out


def unit_codes(table: Table, index: UnitIndex, log: Log, fld: str = "unit") -> pd.Series:
    """Each row's unit code (also kept on the table); an unknown or ambiguous commune is an error listing the
    known units."""
    out = pd.Series(None, index=table.frame.index, dtype=object)
    table.codes = out
    for i, text in table.frame[fld].items():
        row = int(table.frame.at[i, "_row"])
        if pd.isna(text):
            log.error("unit-blank", "dòng không ghi mã hoặc tên đơn vị", **table.where(fld, row))
            continue
        code, candidates = index.lookup(str(text))
        if code is None:
            why = (f"khớp nhiều đơn vị: {', '.join(candidates)}" if candidates
                   else f"không có trong danh sách đơn vị; các đơn vị đã biết: {index.known()}")
            log.error("unit-unknown", f"đơn vị {quote(text)} {why}", **table.where(fld, row))
        else:
            out.at[i] = code
    return out


def check_listed_once(table: Table, codes: pd.Series, log: Log, fld: str = "unit") -> None:
    seen: dict[str, int] = {}
    for i, code in codes.dropna().items():
        row = int(table.frame.at[i, "_row"])
        if code in seen:
            log.error("unit-twice", f"đơn vị {code} đã có ở dòng {seen[code]} của cùng sheet", **table.where(fld, row))
        else:
            seen[code] = row


def add_counts(out: OtherSources, other: Other, counts: pd.DataFrame, table: Table,
               field_of: Callable[[str], str], log: Log) -> None:
    """Add a commune table's counts per unit to the run's, with where each indicator's value sits (the
    table's column `field_of(indicator)`), then report the table's unreadable cells."""
    out.counts.append((f"{other.grid.file.name} · {other.grid.sheet}", CountTable.from_frame(counts)))
    out.locators.append(lambda u, i: table.locate(u, field_of(i)))
    report_cell_problems(table.problems, table.header.names, log, file=str(table.grid.file), sheet=table.grid.sheet)
