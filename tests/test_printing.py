"""Print-ready workbooks: wrapped rows carry their height, continued tables repeat their header, charts
never cross a row break, and the trend workbook's pace is the terminal's figure in points."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string
from typer.testing import CliRunner

from xhht_cli import load_plan, load_standards
from xhht_cli.cli import app
from xhht_cli.forms import all_forms
from xhht_cli.pipeline import Options, run
from xhht_cli.render.excel import workbook_bytes
from xhht_cli.render.printing import LINE_PT, WIDER_STANDIN, WRAP_LINE_PT, Page, Pager, column_px, wrapped_lines
from xhht_cli.render.trend import slope_text, trend_xlsx
from xhht_cli.trend import trend

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "ben-cat"
AREA = "Thị xã Bến Cát"


@pytest.fixture(scope="module")
def trend_report():
    return trend([SAMPLES])


@pytest.fixture(scope="module")
def trend_book(trend_report):
    return openpyxl.load_workbook(io.BytesIO(trend_xlsx(trend_report, load_standards())))


@pytest.fixture(scope="module")
def compute_book():
    result = run([SAMPLES / "2024"], Options())
    data = workbook_bytes(result.report, result.plan, result.rules, all_forms(result.report, result.gathered.ages))
    return openpyxl.load_workbook(io.BytesIO(data))


# --- the geometry, by hand -----------------------------------------------------------------------------

def test_wrapped_lines_by_hand():
    # 100 px less 6 px padding; 11-point Arial: a, b, c 8.15 px (556/1000 em), x 7.33 px, a space 4.08 px
    assert wrapped_lines("abc def", 100) == 1
    assert wrapped_lines("aaaaaaa bbbbbbb ccc", 100) == 2  # 57 + 4 + 57 > 94: "bbbbbbb ccc" (86 px) goes down
    assert wrapped_lines("x" * 31, 100) == 3  # a long word breaks inside itself: 12 + 12 + 7 letters
    assert wrapped_lines("ơ ư", 11) == 2 and wrapped_lines("ở", 100) == 1  # horned letters are wider
    assert wrapped_lines("a\nb", 100) == 2 and wrapped_lines("", 100) == 1


def test_pager_breaks_before_a_block_that_does_not_fit():
    page = Page(scale=100, top=0.5, bottom=0.6, repeated_pt=36.0)
    room = page.height_pt()  # (8.27 − 1.1) in × 72 − 36 = 480.24 pt
    assert room == pytest.approx(480.24)
    pager = Pager(page)
    pager.place(2, 200.0)  # rows 2… : 200 pt
    pager.skip(LINE_PT)  # 215
    pager.place(20, 200.0)  # 415 ≤ 480.24: same page
    pager.skip(LINE_PT)  # 430
    pager.place(38, 200.0)  # 630 > 480.24: a new page starts at row 38
    assert pager.breaks == [38]


def test_pager_keeps_a_chart_whole_under_a_table_taller_than_a_page():
    page = Page(scale=100, top=0.5, bottom=0.6, repeated_pt=36.0)  # 480.24 pt
    pager = Pager(page)
    pager.block(2, [15.0] * 10 + [225.0, 15.0], 12)  # 375 pt: one page, no break
    assert pager.breaks == []
    pager.block(14, [15.0] * 10 + [225.0, 15.0], 24)  # 750 pt in all: a break before its title row
    assert pager.breaks == [14]
    pager = Pager(page)
    pager.block(2, [15.0] * 40 + [225.0, 15.0], 42)  # a table of 600 pt flows: 32 rows fill a page (480 pt)
    assert pager.breaks == [34]  # its last 8 rows (120 pt) and the chart (240 pt) share the next page
    pager.block(44, [15.0] * 20 + [225.0, 15.0], 64)  # 540 pt, taller than a page: flows on from 360 pt,
    assert pager.breaks == [34, 52]  # 8 rows fill the page, 12 rows (180 pt) and the chart share the next
    pager.block(66, [15.0] * 30 + [225.0, 15.0], 96)  # from 420 pt: 4 rows fill the page, 26 rows (390 pt)
    assert pager.breaks == [34, 52, 70, 96]  # leave no room for the chart: it moves to a page of its own


# --- the trend workbook ------------------------------------------------------------------------------

def test_trend_pace_cell_is_the_terminal_figure(trend_report, trend_book):
    t = next(x for x in trend_report.targets if x.target == "ll_information_literacy" and x.unit == AREA)
    assert slope_text(t) == "+5,97 điểm"  # 43,88% → 49,83% → 55,84%: the least-squares slope, floored
    ws = trend_book["Xu hướng mục tiêu"]
    header = [c.value for c in ws[4]]
    col = header.index("Thay đổi mỗi năm")
    cells = [r[col] for r in ws.iter_rows(min_row=5) if r[0].value == AREA and r[1].value
             and "năng lực thông tin" in r[1].value]
    assert len(cells) == 2  # the 2025 and the 2030 line
    for cell in cells:
        assert cell.value == 5.97  # points, not the fraction 0.0597
        assert "điểm" in cell.number_format and "%" not in cell.number_format


def test_trend_terminal_says_the_same_pace():
    result = CliRunner().invoke(app, ["trend", str(SAMPLES)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "+5,97 điểm" in result.stdout


def test_trend_tables_repeat_their_header_row(trend_book):
    for name in ("Xu hướng mục tiêu", "Mức đạt chuẩn qua các năm"):
        assert trend_book[name].print_title_rows == "$1:$4", name  # title, subtitle, blank, header


PAGE_PX = (11.69 - 0.8) * 96 / WIDER_STANDIN  # printing.scale_to_fit's A4 landscape width, in the wider stand-in font


def sheet_px(ws) -> float:
    widths: dict[int, float] = {}
    for dim in list(ws.column_dimensions.values()):  # a <col min max> range is one entry under its first letter
        if dim.min is not None and dim.width:
            # xlsxwriter stores a width with Excel's cell padding added (+0.7109375): the width it was set to
            width = dim.width - 0.7109375 if abs(dim.width % 1 - 0.7109375) < 1e-6 else dim.width
            widths.update({c: width for c in range(dim.min, (dim.max or dim.min) + 1)})
    return sum(column_px(widths.get(c, 8.43)) for c in range(1, ws.max_column + 1))


def printed_scale(ws) -> float:
    """The scale a sheet prints at: its own, or under "fit to page width" what its columns need."""
    pr = ws.sheet_properties.pageSetUpPr
    if pr is not None and pr.fitToPage:
        return min(100.0, PAGE_PX / sheet_px(ws) * 100)
    return float(ws.page_setup.scale or 100)


def fonts_of(ws) -> set[tuple[str, float]]:
    return {(c.font.name, c.font.sz) for row in ws.iter_rows() for c in row if c.value is not None}


@pytest.mark.parametrize("book", ["compute_book", "trend_book"])
def test_every_sheet_prints_at_9_points_or_more_in_one_font_family(book, request):
    """Issue 20: no printed page under 9 pt. Every written cell is Arial (Liberation Sans prints it alike where it
    is missing) at an explicit size of 10 pt or more; a sheet wider than the page at a readable scale prints its
    columns over more pages with its label columns repeated, never shrunk."""
    wb = request.getfixturevalue(book)
    for ws in wb.worksheets:
        scale = printed_scale(ws)
        fonts = fonts_of(ws)
        assert {name for name, _ in fonts} == {"Arial"}, ws.title
        for part in (ws.oddFooter.left, ws.oddFooter.center, ws.oddFooter.right):
            if part.text:  # the footer in the cells' family and size, never the theme's
                assert (part.font, int(part.size)) == ("Arial,Regular", 11), (ws.title, part.font, part.size)
        smallest = min(size for _, size in fonts)
        assert smallest * scale / 100 >= 9, (ws.title, scale, smallest)
        if ws.col_breaks.brk:  # columns flow onto further pages with their labels (widths: the test below)
            assert ws.print_title_cols, ws.title


# --- both workbooks ------------------------------------------------------------------------------------

def _straddling(ws) -> list[tuple[int, int, int]]:
    """(first row, last row, break) of every chart whose rows a row break cuts (openpyxl rows are 0-based;
    a break with id N starts a new page at 0-based row N)."""
    out = []
    breaks = [b.id for b in ws.row_breaks.brk]
    for chart in ws._charts:
        start, end = chart.anchor._from.row, chart.anchor.to.row
        last = end if chart.anchor.to.rowOff > 0 else end - 1
        out += [(start, last, b) for b in breaks if start < b <= last]
    return out


@pytest.mark.parametrize("book, sheet", [("compute_book", "Biểu đồ"), ("trend_book", "Biểu đồ")])
def test_no_chart_crosses_a_row_break(request, book, sheet):
    ws = request.getfixturevalue(book)[sheet]
    assert len(ws._charts) >= 3
    assert ws.row_breaks.brk, "several pages of charts need row breaks"
    assert _straddling(ws) == []
    # the breaks hold: Excel ignores row breaks when a sheet is fitted to one page
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and int(ws.page_setup.scale or 100) <= 100


def _px_to(ws, col: int, offset_emu: int = 0) -> float:
    """Pixels from the sheet's left edge to column `col` (0-based) plus an offset in EMU."""
    widths = {}
    for dim in list(ws.column_dimensions.values()):
        if dim.min is not None and dim.width:
            width = dim.width - 0.7109375 if abs(dim.width % 1 - 0.7109375) < 1e-6 else dim.width
            widths.update({c: width for c in range(dim.min, (dim.max or dim.min) + 1)})
    return sum(column_px(widths.get(c, 8.43)) for c in range(1, col + 1)) + offset_emu / 9525


@pytest.mark.parametrize("book", ["compute_book", "trend_book"])
def test_every_chart_stands_under_its_table_inside_the_page_in_any_font(request, book):
    """Issue 20: a chart beside its table ran past the page's right edge where LibreOffice has no Arial-metric
    font (DejaVu Sans widens every column by up to 8/7). Each chart starts in column A on the row after its
    table's last row, and its right edge, WIDER_STANDIN wider, stays inside the printed width."""
    ws = request.getfixturevalue(book)["Biểu đồ"]
    scale = int(ws.page_setup.scale or 100)
    m = ws.page_margins
    page_px = (11.69 - m.left - m.right) * 96 * 100 / scale
    filled = {c.row - 1 for row in ws.iter_rows() for c in row if c.value is not None}  # 0-based rows
    for chart in ws._charts:
        start, end = chart.anchor._from.row, chart.anchor.to.row
        assert chart.anchor._from.col == 0 and chart.anchor._from.colOff == 0
        assert start - 1 in filled, start  # the table's last row right above the chart
        assert not any(start <= r <= end for r in filled), start  # nothing written under the chart
        right = _px_to(ws, chart.anchor.to.col, chart.anchor.to.colOff)
        assert right * WIDER_STANDIN <= page_px, (start, right, page_px)
        table_px = _px_to(ws, max(c.column for row in ws.iter_rows(min_row=start, max_row=start) for c in row
                                  if c.value is not None))
        assert table_px * WIDER_STANDIN <= page_px


@pytest.mark.parametrize("book", ["compute_book", "trend_book"])
def test_every_page_of_charts_fits_its_blocks(request, book):
    """Between two breaks (and after the last) the rows of the chart sheet fit one printed page."""
    ws = request.getfixturevalue(book)["Biểu đồ"]
    scale = int(ws.page_setup.scale or 100)
    m = ws.page_margins
    repeated = sum(ws.row_dimensions[r].height or LINE_PT for r in (1, 2))
    room = (8.27 - m.top - m.bottom) * 72 * 100 / scale - repeated
    last_chart_row = max(c.anchor.to.row for c in ws._charts)
    edges = [2] + [b.id for b in ws.row_breaks.brk] + [last_chart_row + 1]
    for top, bottom in zip(edges, edges[1:]):
        used = sum(ws.row_dimensions[r + 1].height or LINE_PT for r in range(top, bottom))
        assert used <= room + LINE_PT, (top, bottom, used, room)  # the last blank row may spill


@pytest.mark.parametrize("book", ["compute_book", "trend_book"])
def test_every_wrapped_row_has_its_height(request, book):
    wb = request.getfixturevalue(book)
    short: list[tuple] = []
    for ws in wb.worksheets:
        if ws.title.startswith("Biểu ") and ws.title != "Biểu đồ":
            continue  # the official forms' sheets are laid out by render/forms.py
        merged = {cell for rng in ws.merged_cells.ranges for row in ws.iter_rows(
            min_row=rng.min_row, max_row=rng.max_row, min_col=rng.min_col, max_col=rng.max_col) for cell in row}
        for row in ws.iter_rows():
            for cell in row:
                if not (isinstance(cell.value, str) and cell.alignment.wrap_text) or cell in merged:
                    continue
                width = ws.column_dimensions[cell.column_letter].width or 8.43
                lines = wrapped_lines(cell.value, column_px(width), bold=bool(cell.font.b))
                if lines > 1:
                    height = ws.row_dimensions[cell.row].height
                    if height is None or height < lines * WRAP_LINE_PT - 0.01:
                        short.append((ws.title, cell.coordinate, cell.value[:40], height, lines))
    assert short == []


def test_qd_1373_workbooks_print_too(tmp_path):
    """A plan with one year: the charts sheet keeps one requirement line, no 2025 anywhere."""
    result = run([SAMPLES / "2024"], Options(plan="qd-1373"))
    data = workbook_bytes(result.report, load_plan("qd-1373"), result.rules)
    ws = openpyxl.load_workbook(io.BytesIO(data))["Biểu đồ"]
    assert _straddling(ws) == []
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Yêu cầu 2030" in texts and not any("2025" in t for t in texts)


def test_the_summary_page_with_a_star_carries_its_legend(compute_book):
    """The samples' 2030 page shows "Đạt*" (MN 4: completion at 3 unrecorded): the legend stands on that page,
    between its table and its signature block, not only on the notes sheet."""
    ws = compute_book["Tổng hợp mục tiêu"]
    brk = next(b.id for b in ws.row_breaks.brk if ws.cell(b.id + 1, 1).value == "Mục tiêu năm 2030")
    later = [[c.value for c in row] for row in ws.iter_rows(min_row=brk + 1)]
    star = next(i for i, r in enumerate(later) if "Đạt*" in r)
    legend = next(i for i, r in enumerate(later) if str(r[0]).startswith("* tạm tính: thiếu số liệu"))
    sign = next(i for i, r in enumerate(later) if r[0] == "Người lập biểu")
    assert star < legend < sign


def test_no_internal_id_or_markdown_reaches_the_office_workbook(compute_book):
    """Issue 20 item 5: indicators, standards, targets and messages by their Vietnamese names in every cell."""
    import re

    from xhht_cli.codes import CODES
    from xhht_cli.law.indicators import INDICATORS

    plan, rules = load_plan(), load_standards()
    ids = {i.id for i in INDICATORS} | {s.id for s in rules.standards} | {t.id for t in plan.targets} | set(CODES)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, ids), key=len, reverse=True)) + r")(?![\w-])")
    for ws in compute_book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and not c.value.startswith("="):
                    assert not pattern.search(c.value), (ws.title, c.coordinate, c.value)
                    assert "`" not in c.value, (ws.title, c.coordinate, c.value)


def test_the_trend_workbook_names_messages_in_vietnamese(trend_book):
    ws = trend_book["Ghi chú"]
    kinds = [r[0] for r in ws.iter_rows(values_only=True) if r[0] and str(r[0])[:4].isdigit()]
    assert kinds and all(("Cảnh báo" in k or "Lỗi" in k) and "warning" not in k and "[" not in k for k in kinds)


def test_sheets_showing_a_star_carry_its_legend_on_every_printed_page(compute_book):
    """The samples' MN 4 levels are provisional ("Đạt*"): the levels and criteria sheets end with the legend line
    and carry a short legend in the footer of every page; the footer is 11 pt like the cells."""
    for name in ("Mức đạt chuẩn", "Tiêu chí chuẩn", "Tổng hợp mục tiêu"):
        ws = compute_book[name]
        assert "* tạm tính" in ws.oddFooter.center.text, name
        assert int(ws.oddFooter.left.size) == 11 and int(ws.oddFooter.right.size) == 11
    levels = compute_book["Mức đạt chuẩn"]
    assert str(levels.cell(levels.max_row, 1).value).startswith("* tạm tính: thiếu số liệu: ")


def test_every_year_leaves_room_to_sign_and_stamp(compute_book):
    """Issue 20: under each year's "Thủ trưởng đơn vị / (Ký tên, đóng dấu)" the printed page keeps at least 4 cm
    (113 pt) blank for a signature and a stamp; the rows from the page's first row down to that room fit the page
    at the sheet's scale (rows as set on the sheet, the title rows repeated on top)."""
    ws = compute_book["Tổng hợp mục tiêu"]
    scale = int(ws.page_setup.scale or 100)
    m = ws.page_margins
    room = (8.27 - m.top - m.bottom) * 72 * 100 / scale - sum(ws.row_dimensions[r].height or LINE_PT for r in (1, 2))
    starts = [3] + [b.id + 1 for b in ws.row_breaks.brk]  # 1-based first rows of the pages
    hints = [c.row for row in ws.iter_rows() for c in row if c.value == "(Ký tên, đóng dấu)"]
    assert len(hints) == 2
    for hint in hints:
        first = max(s for s in starts if s <= hint)
        used = sum(ws.row_dimensions[r].height or LINE_PT for r in range(first, hint + 1))
        assert used + 113.4 <= room, (hint, used, room)
        assert all(ws.cell(r, c).value is None for r in range(hint + 1, hint + 9) for c in range(1, 11))


@pytest.mark.parametrize("book", ["compute_book", "trend_book"])
def test_columns_per_page_fit_in_the_wider_standin_font(book, request):
    """Issue 20: a sheet printed at a fixed scale has its own column breaks, each page's columns (with the repeated
    label columns) inside the A4 width even in DejaVu Sans, so a printer without Arial prints the same pages."""
    wb = request.getfixturevalue(book)
    for ws in wb.worksheets:
        fit = ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
        if fit:
            continue
        scale = int(ws.page_setup.scale or 100)
        room = (11.69 - ws.page_margins.left - ws.page_margins.right) * 96 * 100 / scale / WIDER_STANDIN
        widths = _column_widths(ws)
        repeated = 0
        if ws.print_title_cols:
            last = ws.print_title_cols.split(":")[-1].strip("$")
            repeated = sum(widths[:column_index_from_string(last)])
        edges = [0] + [b.id for b in ws.col_breaks.brk] + [len(widths)]
        for a, b in zip(edges, edges[1:]):
            part = sum(widths[a:b]) + (repeated if a else 0)
            assert part <= room + 1, (ws.title, a, b, part, room)


def _column_widths(ws) -> list[int]:
    """Each column's pixels as stored (a stored width holds Excel's padding: 7 pixels a character)."""
    widths: dict[int, int] = {}
    for dim in list(ws.column_dimensions.values()):
        if dim.min is not None and dim.width:
            widths.update({c: round(dim.width * 7) for c in range(dim.min, (dim.max or dim.min) + 1)})
    # the set widths' last column: another test may have touched a cell further right (openpyxl creates it)
    return [widths.get(c, 64) for c in range(1, max(widths, default=0) + 1)]


# --- keep with next: a signature never alone on a page ------------------------------------------------------

def test_rows_to_carry_by_hand():
    from xhht_cli.render.printing import rows_to_carry

    assert rows_to_carry([100.0] * 4, 4, 150, 45, 600) == 0  # 400 + 150 fit the page: nothing moves
    assert rows_to_carry([100.0] * 5, 5, 150, 45, 600) == 3  # 500 + 150 do not: three rows go with the block
    assert rows_to_carry([100.0] * 5, 5, 350, 45, 600) == 2  # 45 + 300 + 350 > 600: only two fit with it
    assert rows_to_carry([100.0] * 5, 5, 550, 45, 600) == 1  # never fewer than one row above the signature
    assert rows_to_carry([100.0] * 8, 8, 150, 45, 600) == 0  # the printer's break: 200 on the last page + 150 fit
    assert rows_to_carry([100.0] * 5, 0, 150, 45, 600) == 0  # no table rows to carry


def test_summary_signature_prints_under_rows_of_its_table(compute_book):
    """The page that is signed shows table lines above the signature and holds the block whole: the page breaks
    of the summary sheet, set by xlsxwriter and estimated as the printer breaks the rest, from the rows' heights."""
    ws = compute_book["Tổng hợp mục tiêu"]
    m, scale = ws.page_margins, int(ws.page_setup.scale or 100)
    height = {r: ws.row_dimensions[r].height or LINE_PT for r in range(1, ws.max_row + 1)}
    page_pt = (8.27 - m.top - m.bottom) * 72 * 100 / scale - height[1] - height[2]  # rows 1-2 on every page
    breaks = {b.id + 1 for b in ws.row_breaks.brk}  # a break with id N: 1-based row N + 1 starts a page
    pages: list[list[int]] = [[]]
    used = 0.0
    for r in range(3, ws.max_row + 1):
        if r in breaks or (used > 0 and used + height[r] > page_pt):
            pages.append([])
            used = 0.0
        pages[-1].append(r)
        used += height[r]
    signed = [p for p in pages if any(ws.cell(r, 1).value == "Người lập biểu" for r in p)]
    assert len(signed) == 2  # one per plan year
    for page in signed:
        assert any(ws.cell(r, 1).value == AREA for r in page), page  # table lines above the signature
        first_sign = next(r for r in page if ws.cell(r, 1).value == "Người lập biểu")
        # the hint and the eight rows to sign and stamp (blank, unwritten after the last year) fit under it
        assert sum(height[r] for r in page if r <= first_sign + 1) + 8 * LINE_PT <= page_pt, page
