"""An official form's columns sized to what they hold, and the page blocks it prints in (issue 20).

The forms are read at 10–12 pt: their cells are 10-point Arial, printed at 90% or more (9 pt or more on paper).
A column is as wide as its widest printed value (counts with thousands separators, rates as percentages, in
bold on total rows) or the longest word of its header, whichever is wider; headers wrap over more lines instead
of widening their columns. So every form of a commune or a district is one A4 landscape page wide, even in the
wider stand-in font (printing.WIDER_STANDIN). A form whose values make it wider than that prints its columns
over pages, the label columns repeated, broken between header groups; render/forms.py then merges every
header, title and line that would span a break within each page's block, so that nothing is cut at a break.
"""

from __future__ import annotations

from collections.abc import Iterator
from math import ceil

from ..forms import Form, Rate, Table
from .arial import text_px
from .printing import CELL_PADDING_PX, MIN_PRINTED_PT, Page, breaks_in

FORM_PT = 10.0  # the forms' body text
FORM_LINE_PT = 13.5  # one line of 10-point Arial (Excel's 12.75 pt, LibreOffice's about 11.5 pt): errs taller
FORM_ROW_PT = 15.0  # the least row height
LABEL_PX = 271  # a per-commune form's "Nội dung" (its sentences wrap in it)
UNIT_PX = 100  # at most, a list's "Đơn vị" (longer names wrap onto a second line)
STRING_PX = 100  # at most, a column of words ("Chưa đạt"); longer words wrap
LEAST_VALUE = "0,000"  # a count column holds at least four digits: a form of tiny counts keeps readable columns
# 0.3-inch side margins (7.6 mm, inside what printers reach): MN-02 and XMC-4 then keep one page wide
FORM_PAGE = Page(left=0.3, right=0.3, top=0.5, bottom=0.5)
BOLD_KINDS = ("total", "section", "level")


def fit_px(text: str, bold: bool = False, size_pt: float = FORM_PT) -> int:
    """The pixels a column needs to show `text` on one line (with the cell's padding)."""
    return ceil(text_px(text, size_pt, bold)) + CELL_PADDING_PX + 1


def shown(cell: object) -> str:
    """A cell as the form's number formats print it (#,##0 and 0.00%)."""
    if isinstance(cell, Rate):
        return "" if cell.value is None else f"{cell.value:.2%}"
    if isinstance(cell, bool) or cell is None:
        return ""
    if isinstance(cell, int):
        return f"{cell:,}"
    return str(cell)


def _longest_word(text: str) -> int:
    return max((fit_px(w, bold=True) for w in text.split()), default=0)


def data_widths(form: Form) -> list[int]:
    """The pixels of each data column (all its merged sheet columns), over every table of the form."""
    first = form.tables[0]
    widths = []
    for k, col in enumerate(first.columns):
        need = max(_longest_word(col.label), fit_px(LEAST_VALUE),
                   fit_px(str(col.birth_year), bold=True) if col.birth_year is not None else 0)
        for table in form.tables:
            for row in table.rows:
                if row.kind == "level" or k >= len(row.cells):
                    continue  # a level reads across the whole table
                text = shown(row.cells[k])
                need = max(need, min(STRING_PX, fit_px(text, row.kind in BOLD_KINDS)) if isinstance(
                    row.cells[k], str) else fit_px(text, row.kind in BOLD_KINDS))
        widths.append(need)
    return widths


def lead_widths(form: Form) -> list[int]:
    """The pixels of each label column: a sentence column is LABEL_PX; a column of names, ages or numbers is as
    wide as its widest text (a subtotal's "Cộng 15–25" on one line), names at most UNIT_PX."""
    first = form.tables[0]
    widths = []
    for k, (header, span) in enumerate(first.lead):
        if span > 1:
            widths.append(LABEL_PX)
            continue
        need = _longest_word(header)
        for table in form.tables:
            for row in table.rows:
                text = lead_texts(table, row)[k] if k < 2 else ""
                need = max(need, fit_px(text, row.kind in BOLD_KINDS))
        widths.append(min(UNIT_PX, need))
    return widths


TOTAL_NAME = "Tổng"  # the report's unit over several areas


def lead_texts(table: Table, row: object) -> list[str]:
    """The texts of a row's label columns: a list's total row is no commune, unnumbered and labelled as the sum
    it is ("Cộng Thị xã Bến Cát", "Tổng cộng")."""
    number, label, kind = row.number, row.label, row.kind  # type: ignore[attr-defined]
    if table.unit == "" and kind == "total":
        return ["", "Tổng cộng" if label == TOTAL_NAME else f"Cộng {label}"]
    return [number, label]


def pages(widths: list[int], repeat_cols: int, starts: list[int]) -> tuple[int, list[int]]:
    """(print scale, column breaks) of a form whose sheet columns are `widths` pixels: the largest scale up to
    100% at which it is one page wide in the wider stand-in font; when even the least readable scale is too
    narrow, that scale and breaks before columns in `starts` (header groups stay whole), the first
    `repeat_cols` printed on every page."""
    least = ceil(MIN_PRINTED_PT * 100 / FORM_PT)
    room_100 = FORM_PAGE.room_px()
    scale = min(100, int(room_100 * 100 / sum(widths)))
    if scale >= least:
        return scale, []
    room = Page(scale=least, left=FORM_PAGE.left, right=FORM_PAGE.right).room_px()
    breaks = breaks_in(widths, room, repeat_cols, starts)
    # as many pages, their columns shared out evenly: filling each page to the edge left the last one a few
    # columns wide, its title and reference point squeezed over them
    while room > 0 and len(narrower := breaks_in(widths, room - 10, repeat_cols, starts)) == len(breaks) \
            and _fits(widths, narrower, repeat_cols, room - 10):
        breaks, room = narrower, room - 10
    return least, breaks


def _fits(widths: list[int], breaks: list[int], repeat_cols: int, room: float) -> bool:
    """Whether each page of columns between the breaks, with the repeated ones, fits `room` pixels."""
    edges = [repeat_cols] + breaks + [len(widths)]
    repeated = sum(widths[:repeat_cols])
    return all(repeated + sum(widths[a:b]) <= room for a, b in zip(edges, edges[1:]))


def blocks(first: int, last: int, breaks: list[int]) -> list[tuple[int, int]]:
    """The data columns of each printed page: (first, last) sheet columns between the breaks."""
    edges = [first] + [b for b in breaks if first < b <= last] + [last + 1]
    return [(a, b - 1) for a, b in zip(edges, edges[1:])]


def pieces(a: int, b: int, parts: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Columns a..b cut at the page blocks: a header spanning a break is merged (and written) once per page."""
    for first, last in parts:
        lo, hi = max(a, first), min(b, last)
        if lo <= hi:
            yield lo, hi
