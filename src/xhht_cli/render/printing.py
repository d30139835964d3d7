"""Print geometry shared by the workbooks (render/excel.py, render/trend.py): A4 landscape pages, row heights
for wrapped text, and row breaks that keep each chart whole on one page under its table.

Neither Excel nor LibreOffice grows a row that a program wrote with wrapped text (LibreOffice does not
auto-fit on opening), so every wrapped row gets its height here, estimated by wrapping the words into the
column's width. Charts float over rows; a page break through a chart's rows cuts it in two, so chart
sheets print at a fixed scale (Excel ignores manual breaks when "fit to page" is on) with a row break before
any block that would not fit on the rest of the page. A chart stands under its table, not beside it: the
sheet is then only as wide as the wider of the two, and keeps inside the page's width even where a wider
stand-in font (DejaVu Sans) widens every column by about a fifth (WIDER_STANDIN).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from math import floor
from typing import Any

from .arial import text_px

# One font family for every cell, chart and footer of every workbook: Arial, which every Windows has and whose
# metric-compatible free twin Liberation Sans ships with LibreOffice on Debian/Ubuntu (fonts-liberation), so an
# office prints the same pages with either (Calibri's twin Carlito is seldom installed; without it LibreOffice
# fell back to the wider DejaVu Sans). Sizes set explicitly on every format.
FONT = "Arial"
FONT_PT = 11
LINE_PT = 15.0  # height given to one line of 11-point text (Arial's line is 14.25 pt in Excel: errs taller)
# Each line of a wrapped cell: Excel fits a row to 14.25 pt a line of 11-point Arial (its row of one line);
# LibreOffice draws the lines 12.3 pt apart (Liberation Sans' ascent and descent), so the same height holds there.
WRAP_LINE_PT = 14.25
PX_PER_PT = 4 / 3  # 96 pixels per inch, 72 points per inch
# The workbook's default ("Normal") style: Arial 10, whose widest digit is 7 px like Calibri 11's, so Excel's
# column unit stays 7 px (64-px default columns) and every width below keeps its meaning. LibreOffice sizes
# columns from this font's digit too, in whole pixels: 7 with Arial or a metric twin (Liberation Sans, Nimbus
# Sans), 8 with a wider stand-in (DejaVu Sans), which widens every column and chart (about a fifth on paper:
# WIDER_STANDIN). Every written cell has its own format at FONT_PT; the default size only sets the column unit.
# No font scheme: a "minor" scheme would make Excel draw the theme's font (Calibri) whatever the name says.
DEFAULT_FORMAT = {"font_name": FONT, "font_size": 10, "font_scheme": "none"}
# A page footer in the cells' family and size (Excel's and LibreOffice's header code: &"font,style" then &size)
FOOTER_FONT = f'&"{FONT},Regular"&{FONT_PT}'
CELL_PADDING_PX = 6

A4_LANDSCAPE_IN = (11.69, 8.27)


def column_px(width_chars: float) -> int:
    """Pixels of a column set with xlsxwriter's set_column(width) (its own conversion)."""
    return int(width_chars * 7 + 5) if width_chars >= 1 else int(width_chars * 12 + 0.5)


CHART_COLUMN_CHARS = 10.0  # columns under a chart get a set width: a chart spans cells, and a program's own
CHART_COLUMN_PX = 75  # default column width differs (LibreOffice's is wider than Excel's 64 px)
# LibreOffice sizes a column from the default font's digit in whole pixels: 7 in Arial or a metric twin, 8 in DejaVu
# Sans where no twin is installed; the 8/7 that predicts fell short on paper: rendered without a twin, sheets measured
# about 1.2× their Excel pixels (a column's padding and the text grow too). Every scale or columns-per-page decision
# below divides the page by this, so that a printer without Arial prints the same pages, nothing past the edge.
WIDER_STANDIN = 1.22


def chart_columns(ws: Any, first_col: int, width_px: int) -> None:
    """Give the columns a chart covers past its table a set width, so that its printed width is the same
    everywhere; nothing when the table is as wide as the chart."""
    if width_px <= 0:
        return
    count = -(-width_px // CHART_COLUMN_PX) + 1
    ws.set_column(first_col, first_col + count - 1, CHART_COLUMN_CHARS)


def wrapped_lines(text: str, width_px: float, size_pt: float = FONT_PT, bold: bool = False) -> int:
    """Lines the text takes when wrapped at word boundaries into a cell `width_px` wide (Excel's pixels of the
    column: LibreOffice's cell is a little wider, so it never wraps more), measured with Arial's own widths."""
    room = max(width_px - CELL_PADDING_PX, text_px("W", size_pt, bold))
    space = text_px(" ", size_pt, bold)
    lines = 0
    for paragraph in text.split("\n"):
        used: float | None = None  # pixels on the current line; None before its first word
        count = 1
        for word in paragraph.split():
            w = text_px(word, size_pt, bold)
            if w > room:  # a word longer than a line breaks inside itself, on lines of its own
                count += 0 if used is None else 1
                used = 0.0
                for ch in word:
                    c = text_px(ch, size_pt, bold)
                    if used and used + c > room:
                        count += 1
                        used = 0.0
                    used += c
            elif used is not None and used + space + w > room:
                count += 1
                used = w
            else:
                used = w if used is None else used + space + w
        lines += count
    return lines


def text_height(text: str, width_px: float, bold: bool = False) -> float:
    """Row height in points for `text` wrapped into `width_px`: a line of its own is LINE_PT; wrapped, each line
    takes WRAP_LINE_PT."""
    lines = wrapped_lines(text, width_px, bold=bold)
    return LINE_PT if lines == 1 else lines * WRAP_LINE_PT


class RowHeights:
    """The tallest height asked for each row of a sheet, applied as rows are written (set_row replaces)."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.heights: dict[int, float] = {}

    def at_least(self, row: int, height: float) -> None:
        if height > self.heights.get(row, LINE_PT):
            self.heights[row] = height
            self.ws.set_row(row, height)

    def of(self, row: int) -> float:
        return self.heights.get(row, LINE_PT)


@dataclass
class Page:
    """A printed A4 landscape page at a fixed scale, in the sheet's own units."""

    scale: int = 100  # percent
    left: float = 0.4  # margins, inches
    right: float = 0.4
    top: float = 0.5
    bottom: float = 0.6
    repeated_pt: float = 0.0  # rows repeated at the top of every page

    def width_px(self) -> float:
        return (A4_LANDSCAPE_IN[0] - self.left - self.right) * 96 * 100 / self.scale

    def room_px(self) -> float:
        """What the page holds in the wider stand-in font: the width a sheet may use to print the same pages
        on a printer without Arial."""
        return self.width_px() / WIDER_STANDIN

    def height_pt(self) -> float:
        return (A4_LANDSCAPE_IN[1] - self.top - self.bottom) * 72 * 100 / self.scale - self.repeated_pt

    def apply(self, ws: Any) -> None:
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.set_margins(left=self.left, right=self.right, top=self.top, bottom=self.bottom)
        ws.set_print_scale(self.scale)


def scale_to_fit(width_px: float, page: Page | None = None) -> int:
    """The largest print scale (10–100%) at which `width_px` of sheet fits the page's width."""
    base = page or Page()
    # in the wider stand-in font, so that the page holds the sheet on a printer without Arial too
    full = (A4_LANDSCAPE_IN[0] - base.left - base.right) * 96 / WIDER_STANDIN
    return max(10, min(100, floor(full / width_px * 100)))


@dataclass
class Pager:
    """Keeps blocks (a table and the chart beside it) whole on the printed page: before a block that does not
    fit on the rest of the current page, a row break starts a new page."""

    page: Page
    used_pt: float = 0.0
    breaks: list[int] = field(default_factory=list)

    def block(self, first_row: int, rows: list[float], chart_row: int) -> None:
        """A table (its rows from `first_row`) with its chart under it (the rows from `chart_row` on, the last a
        blank row after the block): on one page when they fit one; else the table flows, a break before any of
        its rows past the page, and the chart keeps whole on the next page if the rest cannot hold it. A page
        never starts with a lone blank row: the blank row after a block counts as the block's."""
        if sum(rows) <= self.page.height_pt():
            self.place(first_row, sum(rows))
            return
        split = chart_row - first_row
        for i, h in enumerate(rows[:split]):
            self.place(first_row + i, h)
        self.place(chart_row, sum(rows[split:]))

    def place(self, first_row: int, height_pt: float) -> None:
        if self.used_pt > 0 and self.used_pt + height_pt > self.page.height_pt():
            self.breaks.append(first_row)  # xlsxwriter: a break above 0-based row `first_row`
            self.used_pt = 0.0
        self.used_pt += height_pt

    def skip(self, height_pt: float) -> None:
        """Rows outside any block (a gap): they fill the page but may be cut."""
        self.used_pt += height_pt
        if self.used_pt > self.page.height_pt():
            self.used_pt -= self.page.height_pt()

    def apply(self, ws: Any) -> None:
        if self.breaks:
            ws.set_h_pagebreaks(self.breaks)


KEEP_WITH_NEXT = 3  # table rows carried onto the next page with a block that would stand there alone


def rows_to_carry(heights: list[float], carried: int, tail_pt: float, lead_pt: float, page_pt: float,
                  keep: int = KEEP_WITH_NEXT) -> int:
    """How many of a table's last rows go onto the next page with the block under the table ("keep with next"):
    0 when the block (`tail_pt`) fits under the table's last printed page, else up to `keep` rows, fewer when they
    would not fit that page with the block and its `lead_pt` (a heading and header row), never fewer than one, so
    that a signature never stands on a page without rows of its table above it. `heights` are the printed heights
    of the table's rows from the top of its first page; the last `carried` of them may move."""
    used = 0.0
    for h in heights:  # the rows flowing over pages as the printer breaks them
        if used > 0 and used + h > page_pt:
            used = 0.0
        used += h
    if carried == 0 or used + tail_pt <= page_pt:
        return 0
    moved = min(keep, carried)
    while moved > 1 and lead_pt + sum(heights[-moved:]) + tail_pt > page_pt:
        moved -= 1
    return moved


# --- a readable printed size -----------------------------------------------------------------------------

BODY_PT = float(FONT_PT)  # the workbooks' text size (set explicitly on every format)
MIN_PRINTED_PT = 9.0  # no printed page smaller than this (issue 20: officers sign what they can read)
# the smallest print scale keeping 11-point text at 9.35 pt printed, with room for LibreOffice's wider columns
MIN_SCALE = 85
DEFAULT_COLUMN_PX = 64


def column_widths(ws: Any) -> list[int]:
    """The pixels of each of a sheet's used columns (xlsxwriter's col_info holds pixels)."""
    last = max(getattr(ws, "dim_colmax", None) or 0, max(ws.col_info, default=0))
    return [ws.col_info[c].width if c in ws.col_info else DEFAULT_COLUMN_PX for c in range(last + 1)]


def sheet_px(ws: Any) -> int:
    """The width of a sheet's used columns, in pixels."""
    return sum(column_widths(ws))


def readable(ws: Any, repeat_cols: int = 1, body_pt: float = BODY_PT, starts: Sequence[int] | None = None) -> int:
    """Keep a sheet's printed text at MIN_PRINTED_PT or more, and its pages the same in either font. A sheet asking
    for "fit to page width" that fits the A4 width at a readable scale prints at the scale that fits it in the
    wider stand-in font, fixed: under "fit to page" Arial would print larger than DejaVu Sans, and so on more pages.
    A sheet with its own readable scale keeps it. A wider one prints at MIN_SCALE with its columns flowing onto
    further pages, its first `repeat_cols` (the unit's or the target's name) repeated on each, at column breaks
    of its own (only before a column in `starts`, when given: a form's merged data columns stay whole). Returns
    the scale the sheet prints at."""
    least = max(MIN_SCALE, int(-(-MIN_PRINTED_PT * 100 // body_pt)))
    fitting = scale_to_fit(sheet_px(ws))
    if ws.fit_page and fitting >= least:
        ws.set_print_scale(fitting)  # xlsxwriter: a print scale replaces "fit to page"
        return fitting
    scale = int(ws.print_scale) if not ws.fit_page and ws.print_scale >= least else least
    ws.set_print_scale(scale)  # xlsxwriter: a print scale replaces "fit to page"
    breaks = column_breaks(ws, scale, repeat_cols, starts)
    if breaks:
        # the columns per page decided here, in the wider font: LibreOffice's own breaks would fall elsewhere
        # without Arial, and a printer without it would print more pages
        ws.set_v_pagebreaks(breaks)
        if repeat_cols > 0:
            ws.repeat_columns(0, repeat_cols - 1)
    return scale


def column_breaks(ws: Any, scale: int, repeat_cols: int, starts: Sequence[int] | None = None) -> list[int]:
    """Breaks before columns (0-based, xlsxwriter's) so that each printed page's columns, with the repeated ones,
    fit the page's width at `scale` in the wider stand-in font; none when the sheet fits one page."""
    margins = Page(scale=scale, left=ws.margin_left, right=ws.margin_right)
    return breaks_in(column_widths(ws), margins.room_px(), repeat_cols, starts)


def breaks_in(widths: Sequence[float], room: float, repeat_cols: int,
              starts: Sequence[int] | None = None) -> list[int]:
    """Breaks before columns (0-based) so that each page's columns of `widths`, with the first `repeat_cols`
    repeated, fit `room` pixels; only before a column in `starts` when given; none when all fit."""
    last = len(widths) - 1
    if sum(widths) <= room:
        return []
    allowed = {c for c in (starts if starts is not None else range(last + 1)) if c > repeat_cols}
    repeated = sum(widths[:repeat_cols])
    breaks: list[int] = []
    used = repeated
    for c in range(repeat_cols, last + 1):
        block = sum(widths[c:min([s for s in allowed if s > c], default=last + 1)]) if c in allowed else 0.0
        if c in allowed and used > repeated and used + block > room:
            breaks.append(c)
            used = repeated
        used += widths[c]
    return breaks


def chart_page(table_px: int, repeated_pt: float) -> Page:
    """The page of a chart sheet: the largest scale, up to 100%, at which the table prints within the A4 width
    even in the wider stand-in font; never under MIN_SCALE (the charts' 11-point text then prints at 9 pt or
    more)."""
    full = (A4_LANDSCAPE_IN[0] - Page().left - Page().right) * 96
    return Page(scale=max(MIN_SCALE, min(100, floor(full / (table_px * WIDER_STANDIN) * 100))),
                repeated_pt=repeated_pt)


CHART_MAX_PX = 720  # wider, a chart of ten years or a dozen communes only spreads its points


def chart_width(table_px: int, page: Page) -> int:
    """The width of a chart under a table of `table_px`: as wide as the table, or wider up to what the page
    leaves in the wider stand-in font (so that nothing prints past the page's right edge without Arial)."""
    room = int(page.room_px())
    return max(360, min(room, max(table_px, min(CHART_MAX_PX, room))))
