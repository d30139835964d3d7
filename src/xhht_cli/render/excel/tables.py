"""The workbook's tables: the area's targets, standard levels and criteria, one sheet per indicator group."""

from __future__ import annotations

from math import floor

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..fmt import NO_DATA, truncate
from ..fmt import level_text as level_words
from ...law.indicators import BY_ID, INDICATORS, Indicator
from ...report import CriterionRow, IndicatorRow, StandardRow, TargetRow, UnitRow
from ...law.standards import Standard
from ..terminal import gap_text as level_gap_text
from ..terminal import level_text, levels_of, required_text, value_text
from ..printing import MIN_SCALE, Page, column_px, rows_to_carry, scale_to_fit, text_height
from ..fmt import legend_line
from ..words import twin_notes, year_label
from ...forms.model import SIGNATURES
from .frame import (
    CONDITIONS,
    FIRST_ROW,
    GROUP_SHEETS,
    HEADER_ROW,
    LINE_HEIGHT,
    SHEET_CRITERIA,
    SHEET_LEVELS,
    SHEET_SUMMARY,
    TITLE_PT,
    Context,
    _gap,
    _header,
    _header_cells,
    _int,
    _met,
    _num,
    _pct_or_blank,
    _rate,
    _result,
    _sheet,
    _text,
    _unit_name,
    _wrapped,
    needed_label,
)

# --- Tổng hợp mục tiêu ------------------------------------------------------------------------------------

# a year's columns: "Mục tiêu" takes the width the others leave on an A4 page at MIN_SCALE in the wider stand-in font
# (printing.WIDER_STANDIN), up to 48 (11-point Arial's lines wrapping no more than Calibri's did at 44) and at least
# MIN_TARGET_CHARS; "Tạm đạt (thiếu số liệu: …)" wraps in the result column. No unit column: "Cần thêm" reads with
# its unit word ('344 người'). 0.25-inch side margins (Excel's "narrow") give the width they need.
SUMMARY_COLUMNS: tuple[tuple[str, float], ...] = (("Mục tiêu", 48), ("Yêu cầu", 11), ("Chênh lệch", 11),
                                                  ("Cần thêm", 13), ("Kết quả", 16))
MIN_TARGET_CHARS = 30
SUMMARY_SIDE_IN = 0.25
SIGN_ROOM_ROWS = 8  # blank rows under the signature headings: 120 pt, over 4 cm for a signature and a stamp
SIGN_PT = (3 + SIGN_ROOM_ROWS) * LINE_HEIGHT  # the place line, the two headings, their hints and the room


def _target_chars(others: list[tuple[str, float]], page: Page) -> float:
    """The width of "Mục tiêu": what the page leaves beside the other columns at MIN_SCALE without Arial."""
    room = Page(scale=MIN_SCALE, left=page.left, right=page.right).room_px()
    left = room - sum(column_px(w) for _, w in others)
    return max(MIN_TARGET_CHARS, min(SUMMARY_COLUMNS[0][1], floor((left - 5) / 7)))


def _summary(wb: Workbook, ctx: Context) -> None:
    """One block per plan year, each on a page of its own: that year's plan lines in that year's words and with
    that year's maintain mark (spec.md: labels belong to one (id, year)), and the figures at a readable size."""
    ws = _sheet(wb, ctx, SHEET_SUMMARY, "Mục tiêu của kế hoạch: hiện trạng và khoảng cách", fit=False)
    area_width = min(30, max([12] + [len(g.name) + 3 for g in ctx.groups]))
    # a fixed scale (Excel ignores row breaks under "fit to page"): the year's columns fill the A4 width, between
    # margins narrower than the other sheets' so that "Mục tiêu" is wide enough for Arial's lines
    page = Page(left=SUMMARY_SIDE_IN, right=SUMMARY_SIDE_IN, top=0.4, bottom=0.5, repeated_pt=TITLE_PT + LINE_HEIGHT)
    figures = [(f"Hiện tại ({ctx.report.year})", 10), ("Tử số", 10), ("Mẫu số", 10)]
    target = ("Mục tiêu", _target_chars([("Khu vực", area_width)] + figures + list(SUMMARY_COLUMNS[1:]), page))
    head = [("Khu vực", area_width), target] + figures

    def columns(y: int) -> list[tuple[str, float]]:
        return head + [(f"{label} {y}", width) for label, width in SUMMARY_COLUMNS[1:]]

    page.scale = max(MIN_SCALE, scale_to_fit(sum(column_px(w) for _, w in columns(ctx.years[0])), page))
    breaks: list[int] = []
    r = FIRST_ROW
    for k, y in enumerate(ctx.years):
        top = r - 1  # the block's header row (the first year's is the sheet's)
        if k == 0:
            _header(ws, ctx, columns(y), 2)
            ws.repeat_rows(0, 1)  # the title rows; each year's block has its own header row
            page.repeated_pt = _rows_pt(ws, 0, 2)  # the title and the subtitle, wrapped within the columns
        else:
            top = r
            breaks.append(r)  # each year on a page of its own
            ws.merge_range(r, 0, r, len(columns(y)) - 1, None, ctx.st.section)
            ws.write_string(r, 0, f"Mục tiêu năm {y}", ctx.st.section)
            r += 1
            _header_cells(ws, ctx, r, [label for label, _ in columns(y)])
            r += 1
        lines = [(g, row) for g in ctx.groups for t in ctx.shown_targets
                 if (row := ctx.targets.get((t.id, g.code, y))) is not None]
        first = r
        for i, (g, row) in enumerate(lines):
            _target_line(ws, ctx, first + i, g, row)
        r = first + len(lines)
        missing = [m for _, row in lines if row.provisional for m in (row.missing or ["—"])]
        # the "*" legend on the page that shows the star (not only on the notes sheet), the plan's twin line
        notes = ([legend_line([m for m in missing if m != "—"])] if missing else []) + twin_notes(ctx.plan, [y])
        width = sum(column_px(w) for _, w in columns(y))
        notes_pt = sum(text_height(line, width) for line in notes)
        heights = [_rows_pt(ws, i, i + 1) for i in range(top, r)]
        # carried with a heading row and the block's header row (the row above its first line) repeated
        moved = rows_to_carry(heights, len(lines), notes_pt + SIGN_PT, LINE_HEIGHT + _rows_pt(ws, first - 1, first),
                              page.height_pt())
        if moved:
            # no room left to sign under the table: its last lines go onto the next page with the notes and the
            # signature block, under the year's heading and header repeated: a signature never stands alone
            b = r - moved
            breaks.append(b)
            _forget_heights(ws, b, r)
            ws.merge_range(b, 0, b, len(columns(y)) - 1, None, ctx.st.section)
            ws.write_string(b, 0, f"Mục tiêu năm {y} (tiếp theo)", ctx.st.section)
            _header_cells(ws, ctx, b + 1, [label for label, _ in columns(y)])
            for i, (g, row) in enumerate(lines[-moved:]):
                _target_line(ws, ctx, b + 2 + i, g, row)
            r = b + 2 + moved
        if missing:
            ws.set_footer(ctx.footer_star)
        for line in notes:
            ws.merge_range(r, 0, r, len(columns(y)) - 1, line, ctx.st.plain)
            ws.set_row(r, text_height(line, width))
            r += 1
        r = _signature(ws, ctx, r, len(columns(y)) - 1)  # the place line right under the table and its notes
    if breaks:
        ws.set_h_pagebreaks(breaks)
    ws.set_margins(left=page.left, right=page.right, top=page.top, bottom=page.bottom)
    ws.set_print_scale(page.scale)


def _target_line(ws: Worksheet, ctx: Context, r: int, g: UnitRow, row: TargetRow) -> None:
    """One plan line of one area in one year's block."""
    _unit_name(ws, ctx, r, 0, g)
    _wrapped(ws, r, 1, year_label(row.label, row.maintain), ctx.st.wrap)
    _target_value(ws, ctx, r, 2, row)
    _int(ws, ctx, r, 3, row.numerator)
    _int(ws, ctx, r, 4, row.denominator)
    _target_year(ws, ctx, r, 5, row)


def _forget_heights(ws: Worksheet, first: int, stop: int) -> None:
    """Rows first..stop-1 back to the default height, before lines are written over them again lower down."""
    heights = ws.__dict__.get("_xhht_heights", {})
    for i in range(first, stop):
        ws.row_info.pop(i, None)
        heights.pop(i, None)


def _rows_pt(ws: Worksheet, first: int, stop: int) -> float:
    """The printed height of rows first..stop-1 as set on the sheet (xlsxwriter keeps pixels)."""
    return sum(ws.row_info[i].height * 3 / 4 if i in ws.row_info else LINE_HEIGHT for i in range(first, stop))


def _signature(ws: Worksheet, ctx: Context, r: int, last: int) -> int:
    """The place-and-date line and the signature block, like the official forms': the page an office signs."""
    ws.merge_range(r, last - 3, r, last, "…………, ngày …… tháng …… năm ……", ctx.st.place)
    for (a, b), (title, hint) in zip(((0, 2), (last - 3, last)), SIGNATURES):
        ws.merge_range(r + 1, a, r + 1, b, title, ctx.st.sign)
        ws.merge_range(r + 2, a, r + 2, b, hint, ctx.st.place)
    return r + 3 + SIGN_ROOM_ROWS  # room to sign and stamp


def _target_value(ws: Worksheet, ctx: Context, r: int, c: int, row: TargetRow) -> None:
    if row.kind in ("rate", "share_at_level"):
        _rate(ws, ctx, r, c, _num(row.value), row.denominator, row.provisional)
    elif row.value is None:  # wrapped, never past the cell's edge ("Đã công nhận" in a 10-wide column)
        _wrapped(ws, r, c, NO_DATA, ctx.st.grey_wrap)
    else:
        _wrapped(ws, r, c, value_text(row, ctx.rules), ctx.st.wrap)


def _target_year(ws: Worksheet, ctx: Context, r: int, c: int, row: TargetRow) -> None:
    """Requirement, gap, persons needed (with its unit word) and result of one year's line."""
    if row.kind in ("rate", "share_at_level"):
        required = _num(row.required)
        _pct_or_blank(ws, ctx, r, c, required)
        _gap(ws, ctx, r, c + 1, _num(row.value), required)
    else:
        _wrapped(ws, r, c, required_text(row, ctx.rules), ctx.st.wrap)
        if row.kind == "level" and row.gap is not None:
            ws.write_number(r, c + 1, int(row.gap), ctx.st.gap_level)
        else:
            _text(ws, r, c + 1, level_gap_text(row) if row.gap is not None else None, ctx.st.text)
    _int(ws, ctx, r, c + 2, row.needed, needed_label(row, row.indicator))  # '344 người': the unit in the format
    _result(ws, ctx, r, c + 3, row)


# --- Mức đạt chuẩn and Tiêu chí chuẩn ---------------------------------------------------------------------

def _level_cell(ws: Worksheet, ctx: Context, r: int, c: int, row: StandardRow, std: Standard) -> None:
    if row.level is None:
        ws.write_string(r, c, NO_DATA, ctx.st.grey)
        return
    shown = level_text(row, len(std.levels))  # the terminal's label and colour, so both reports agree
    fill = {"green": ctx.st.ok, "yellow": ctx.st.warn, "red": ctx.st.bad}.get(str(shown.style), ctx.st.text)
    ws.write_string(r, c, shown.plain, fill)


def _levels(wb: Workbook, ctx: Context) -> None:
    ws = _sheet(wb, ctx, SHEET_LEVELS, "Mức đạt chuẩn phổ cập giáo dục, xóa mù chữ theo đơn vị")
    cols: list[tuple[str, float]] = [("Đơn vị", ctx.name_width)]
    for std in ctx.rules.standards:  # "Chưa đạt* (ĐK)" on one line in 11-point Arial
        cols += [(std.short, 14), (f"Điều kiện {std.short}", 13)]
    _header(ws, ctx, cols, 1)
    r = FIRST_ROW
    for r, unit in enumerate(ctx.report.units, FIRST_ROW):
        _unit_name(ws, ctx, r, 0, unit)
        for i, std in enumerate(ctx.rules.standards):
            row = ctx.standards[(unit.code, std.id)]
            _level_cell(ws, ctx, r, 1 + 2 * i, row, std)
            _text(ws, r, 2 + 2 * i, CONDITIONS[row.conditions] if unit.kind == "commune" else None, ctx.st.text)
    _star_legend(ws, ctx, r + 1, cols)


def _star_legend(ws: Worksheet, ctx: Context, r: int, cols: list[tuple[str, float]]) -> None:
    """Under a table that shows provisional levels ("Đạt*"): the legend line naming what is missing, and a short
    legend in the footer of each printed page of the sheet."""
    provisional = [s for s in ctx.report.standards if s.provisional and s.level is not None]
    if not provisional:
        return
    line = legend_line(list(dict.fromkeys(m for s in provisional for m in s.missing)))
    ws.merge_range(r, 0, r, len(cols) - 1, line, ctx.st.plain)
    ws.set_row(r, text_height(line, sum(column_px(w) for _, w in cols)))
    ws.set_footer(ctx.footer_star)


def level_name(levels: int, level: int) -> str:
    """The level a criterion belongs to, in words: "MĐ2", or "Đạt chuẩn" for a single-level standard."""
    return "Đạt chuẩn" if levels == 1 else f"MĐ{level}"


def criterion_label(c: CriterionRow, ctx: Context) -> str:
    if c.kind == "indicator" and c.indicator:
        return BY_ID[c.indicator].label
    if c.kind == "prerequisite":
        pre = levels_of(ctx.rules, c.standard)
        return f"Cần đạt {ctx.rules.by_id(c.standard or '').short} {level_words(pre, int(c.threshold), False)}"
    part = {"dbkk": " (xã ĐBKK)", "other": " (các xã khác)"}.get(c.group or "", "")
    return f"Tỷ lệ đơn vị đạt MĐ{c.level}{part}"


def _criteria(wb: Workbook, ctx: Context) -> None:
    ws = _sheet(wb, ctx, SHEET_CRITERIA, "Tiêu chí chuẩn PCGD–XMC: giá trị, ngưỡng và số cần thêm")
    cols = [("Đơn vị", ctx.name_width), ("Chuẩn", 17), ("Mức đạt", 14), ("Điều kiện", 12), ("Mức của tiêu chí", 9),
            ("Tiêu chí", 50), ("Giá trị", 18), ("Tử số", 11), ("Mẫu số", 11), ("Ngưỡng", 10), ("Kết quả", 16),
            ("Cần thêm", 13)]
    _header(ws, ctx, cols, 2)
    r = FIRST_ROW
    for unit in ctx.report.units:
        for std in ctx.rules.standards:
            row = ctx.standards[(unit.code, std.id)]
            for c in row.criteria:
                _unit_name(ws, ctx, r, 0, unit)
                ws.write_string(r, 1, std.short, ctx.st.text)
                _level_cell(ws, ctx, r, 2, row, std)
                _text(ws, r, 3, CONDITIONS[row.conditions] if unit.kind == "commune" else None, ctx.st.text)
                ws.write_string(r, 4, level_name(len(std.levels), c.level), ctx.st.text)
                _wrapped(ws, r, 5, criterion_label(c, ctx), ctx.st.wrap)
                if c.kind == "prerequisite":
                    pre = levels_of(ctx.rules, c.standard)
                    _text(ws, r, 6, None if c.value is None else level_words(pre, int(c.value), False), ctx.st.text)
                    ws.write_blank(r, 7, None, ctx.st.int)
                    ws.write_blank(r, 8, None, ctx.st.int)
                    ws.write_string(r, 9, level_words(pre, int(c.threshold), False), ctx.st.text)
                else:
                    _rate(ws, ctx, r, 6, c.value, c.denominator)
                    _int(ws, ctx, r, 7, c.numerator)
                    _int(ws, ctx, r, 8, c.denominator)
                    ws.write_number(r, 9, truncate(c.threshold, 4), ctx.st.pct)
                _met(ws, ctx, r, 10, c.met)
                _int(ws, ctx, r, 11, c.needed, needed_label(c, c.indicator))
                r += 1
    if r > FIRST_ROW:
        ws.autofilter(HEADER_ROW, 0, r - 1, len(cols) - 1)
    _star_legend(ws, ctx, r, cols)


# --- one sheet per indicator group ------------------------------------------------------------------------

def _group(wb: Workbook, ctx: Context, group: str) -> None:
    indicators = [i for i in INDICATORS if i.group == group]
    with_targets = any(i.id in ctx.rate_target for i in indicators)
    ws = _sheet(wb, ctx, GROUP_SHEETS.get(group, group), f"Chỉ số — {group}")
    cols: list[tuple[str, float]] = [("Đơn vị", max(ctx.name_width, 30)), ("Tỷ lệ", 11), ("Tử số", 11),
                                     ("Mẫu số", 11)]
    if with_targets:
        for y in ctx.years:
            cols += [(f"Yêu cầu {y}", 10), (f"Chênh lệch {y}", 11), (f"Cần thêm {y}", 10)]
    cols += [("Chưa ghi nhận", 10), ("Khuyết tật (loại trừ)", 11), ("Chuyển đi (loại trừ)", 11),
             ("Đã chết (loại trừ)", 10)]
    _header(ws, ctx, cols, 1)
    r = FIRST_ROW
    for ind in indicators:
        ws.merge_range(r, 0, r, len(cols) - 1, None, ctx.st.section)
        ws.write_string(r, 0, ind.label, ctx.st.section)  # its Vietnamese name: ids are for JSON and CSV
        r += 1
        for unit in ctx.report.units:
            _indicator_row(ws, ctx, r, unit, ctx.indicators[(unit.code, ind.id)], ind, with_targets)
            r += 1


def _indicator_row(ws: Worksheet, ctx: Context, r: int, unit: UnitRow, row: IndicatorRow, ind: Indicator,
                   with_targets: bool) -> None:
    _unit_name(ws, ctx, r, 0, unit)
    _rate(ws, ctx, r, 1, row.value, row.denominator)
    _int(ws, ctx, r, 2, row.numerator)
    _int(ws, ctx, r, 3, row.denominator)
    c = 4
    if with_targets:
        target = ctx.rate_target.get(ind.id)
        for y in ctx.years:
            t = ctx.targets.get((target.id, unit.code, y)) if target else None
            required = None if t is None else _num(t.required)
            _pct_or_blank(ws, ctx, r, c, required)
            _gap(ws, ctx, r, c + 1, row.value, required)
            _int(ws, ctx, r, c + 2, None if t is None else t.needed, ind.unit_label)
            c += 3
    for n in (row.unrecorded, row.excluded.disabled, row.excluded.moved_away, row.excluded.deceased):
        _int(ws, ctx, r, c, n)
        c += 1


