"""What a workbook says about itself: its commune and survey year, from the THONG_TIN lookup sheet
or from the title rows above a table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..io.textnorm import fold, nfc
from ..io.years import YEAR_MAX, YEAR_MIN  # spec.md "Which year": a stated year outside is a typing error

if TYPE_CHECKING:  # Stated is needed by a run served by the cache, which never imports the readers
    from ..io.grid import Grid

UNIT_LABELS = {fold(x) for x in ("Xã/Phường", "Xã, phường", "Xã phường", "Tên xã", "Mã xã", "Xã", "Phường",
                                 "Đơn vị", "Tên đơn vị", "Mã đơn vị")}
YEAR_LABELS = {fold(x) for x in ("Năm điều tra", "Năm", "Năm học", "Thời điểm", "Thời điểm điều tra",
                                 "Năm báo cáo")}
# THONG_TIN's rows naming the district and the province (the Ministry's template: "Quận/Huyện", "Tỉnh/Thành phố")
DISTRICT_LABELS = {fold(x) for x in ("Quận/Huyện", "Quận, huyện", "Huyện/Quận", "Huyện", "Quận", "Thị xã",
                                     "Huyện/Thị xã/Thành phố", "Quận/Huyện/Thị xã/Thành phố", "Quận/Huyện/Thị xã",
                                     "Đơn vị cấp huyện", "Cấp huyện")}
# (the province is also what the forms print on their "Tỉnh/Thành phố" line: never a district's name)
PROVINCE_LABELS = {fold(x) for x in ("Tỉnh/Thành phố", "Tỉnh, thành phố", "Tỉnh/TP", "Tỉnh", "Tỉnh/Thành",
                                     "Tỉnh thành phố", "Đơn vị cấp tỉnh", "Cấp tỉnh")}
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_FOUR = re.compile(r"(?<!\d)(\d{4})(?!\d)")

_UNIT_IN_TITLE = re.compile(r"\b((?:xã|phường|thị trấn)\s+[^\d,;:()\-–]+)", re.IGNORECASE)
_YEAR_IN_TITLE = re.compile(r"(?:năm|thời điểm|ngày)\D{0,20}?(20\d\d)(?!\d)", re.IGNORECASE)


@dataclass
class Stated:
    unit: str | None = None
    year: int | None = None
    where: str = ""  # "THONG_TIN!B3" or "DATA dòng 1", for messages
    sheet: str | None = None  # where the year is stated
    row: int | None = None
    column: str | None = None  # the cell's column letter, for a year that cannot be a survey year
    bad_year: str | None = None  # a stated year outside YEAR_MIN..YEAR_MAX ("1800"): an error at its cell
    district: str | None = None  # THONG_TIN's Quận/Huyện: whose data this is (checked against the units sheet)
    province: str | None = None  # THONG_TIN's Tỉnh/Thành phố


def year_in(text: str) -> int | None:
    """The survey year in "2024", "30/9/2024" or a school year "2024-2025" (the reference point is autumn)."""
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def unicode_text(value: object) -> str:
    """A title or THONG_TIN cell as Unicode: officers still type these in .VnTime (TCVN3) or VNI fonts, and
    the commune they name must match the units sheet. One cell is converted only when it reads as
    Vietnamese in exactly one legacy encoding and not as Unicode, the rule the person columns follow."""
    text = nfc(str(value)).strip()
    if text.isascii():
        return text
    from ..io.legacy import converted, detect  # a sheet read cold: not needed to serve the cache

    return converted(text, detect([text]))


def from_info_sheet(grid: Grid) -> Stated:
    import pandas as pd

    out = Stated()
    cells = grid.cells
    for i in range(min(len(cells), 60)):
        row = [None if pd.isna(v) else unicode_text(v) for v in cells.iloc[i].tolist()]
        for j, v in enumerate(row):
            if not v:
                continue
            label = fold(v.rstrip(":"))
            value = next((x for x in row[j + 1:] if x), None)
            if value is None:
                continue
            where = f"{grid.sheet}!{grid.column_letter(j + 1)}{grid.excel_row(i)}"
            if label in UNIT_LABELS and out.unit is None:
                out.unit, out.where = value, where
            elif label in DISTRICT_LABELS and out.district is None:
                out.district = value
            elif label in PROVINCE_LABELS and out.province is None:
                out.province = value
            elif label in YEAR_LABELS and out.year is None and out.bad_year is None:
                out.sheet, out.row = grid.sheet, grid.excel_row(i)
                out.column = grid.column_letter(next(k for k in range(j + 1, len(row)) if row[k]))
                four = [int(x) for x in _FOUR.findall(value)]
                inside = [y for y in four if YEAR_MIN <= y <= YEAR_MAX]
                if inside:
                    out.year = inside[0]
                elif four:
                    out.bad_year = value
    return out


def from_title_rows(grid: Grid, header_start: int) -> Stated:
    import pandas as pd

    out = Stated()
    head = grid.head(header_start)
    for i in range(len(head)):
        for v in head.iloc[i].tolist():
            if pd.isna(v):
                continue
            text = unicode_text(v)
            if out.unit is None and (m := _UNIT_IN_TITLE.search(text)):
                out.unit, out.where = m.group(1).strip(), f"{grid.sheet} dòng {grid.excel_row(i)}"
            if out.year is None and (m := _YEAR_IN_TITLE.search(text)):
                out.year = int(m.group(1))
                out.sheet, out.row = grid.sheet, grid.excel_row(i)
    return out
