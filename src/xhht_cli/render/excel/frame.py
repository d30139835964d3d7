"""The frame every sheet of the office workbook shares: sheet names, styles, the look-ups (Context), the
title rows and page setup, and one writer per kind of cell (rates truncated, gaps floored, text never a formula)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..fmt import NO_DATA, gap_value, result_text, truncate
from ...law.indicators import BY_ID, INDICATORS
from ...law.plan import Plan, Target
from ...report import CriterionRow, Report, TargetRow, UnitRow
from ...law.standards import Standards
from ..printing import FONT, FONT_PT, FOOTER_FONT, LINE_PT, WIDER_STANDIN, column_px, sheet_px, text_height
from ..terminal import result_style

if TYPE_CHECKING:
    from ...judge.shortfalls import Shortfall as LibraryShortfall

EMPTY_COHORT = "không có đối tượng"
SHEET_SUMMARY = "Tổng hợp mục tiêu"
SHEET_LEVELS = "Mức đạt chuẩn"
SHEET_CRITERIA = "Tiêu chí chuẩn"
SHEET_NEEDED = "Cần thêm theo đơn vị"
SHEET_CHARTS = "Biểu đồ"
SHEET_NOTES = "Ghi chú"
# Indicator groups whose full name is too long for a sheet name (31 characters).
GROUP_SHEETS = {
    "Năng lực và trình độ của người dân": "Năng lực, trình độ người dân",
}
FORBIDDEN_IN_SHEET_NAME = "[]:*?/\\"

HEADER_ROW = 2  # rows 0–1 are the title and subtitle, repeated on every printed page
FIRST_ROW = HEADER_ROW + 1
PCT = "0.00%"
PCT_STAR = '0.00%"*"'  # a provisional value keeps its number; the star says so
# A gap is in percentage points, written as points (-14.16, floored) and read with its unit: never as a percent
GAP_PCT = '+0.00" điểm";-0.00" điểm";0.00" điểm"'

GAP_LEVEL = '+0" mức";-0" mức";0" mức"'
INT = "0"
CONDITIONS = {"met": "đảm bảo", "not_met": "chưa đảm bảo", "unknown": "chưa rõ"}
LEVEL_COLOURS = ("#F8696B", "#FFEB84", "#A9D08E", "#63BE7B")
NO_DATA_COLOUR = "#BFBFBF"
# --- shared frame -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Styles:
    title: Format
    subtitle: Format
    header: Format
    section: Format
    text: Format
    wrap: Format
    bold: Format
    plain: Format
    pct: Format
    pct_star: Format
    gap_pct: Format
    gap_level: Format
    int: Format
    grey: Format
    grey_wrap: Format  # 'không có số liệu' in a narrow value column: wrapped, its row grown
    ok: Format
    bad: Format
    warn: Format
    place: Format
    sign: Format
    book: Workbook
    by_unit: dict[str, Format]

    def needed(self, unit: str) -> Format:
        """A count of persons (or communes, institutions…) needed, shown with its unit word: '344 người'."""
        if not unit:
            return self.int
        if unit not in self.by_unit:
            word = unit.replace('"', "")
            self.by_unit[unit] = self.book.add_format({"border": 1, "valign": "top", "font_name": FONT,
                                                       "font_size": FONT_PT, "num_format": f'#,##0" {word}"'})
        return self.by_unit[unit]

    @staticmethod
    def build(wb: Workbook) -> Styles:
        def f(**props: Any) -> Format:
            return wb.add_format({"border": 1, "valign": "top", "font_name": FONT, "font_size": FONT_PT, **props})

        def plain(**props: Any) -> Format:
            return wb.add_format({"font_name": FONT, "font_size": FONT_PT, **props})

        return Styles(
            title=plain(bold=True, font_size=14),
            subtitle=plain(italic=True, font_color="#595959", text_wrap=True, valign="top"),
            header=f(bold=True, bg_color="#D9E1F2", text_wrap=True, align="center", valign="vcenter"),
            section=f(bold=True, bg_color="#F2F2F2"),
            text=f(), wrap=f(text_wrap=True), bold=f(bold=True),
            plain=plain(text_wrap=True, valign="top"),
            pct=f(num_format=PCT), pct_star=f(num_format=PCT_STAR),
            gap_pct=f(num_format=GAP_PCT), gap_level=f(num_format=GAP_LEVEL), int=f(num_format=INT),
            grey=f(font_color="#808080", italic=True), grey_wrap=f(font_color="#808080", italic=True, text_wrap=True),
            # results wrap inside their cell: "Tạm đạt (thiếu số liệu: …)" never prints past the table's edge
            ok=f(bg_color="#C6EFCE", font_color="#006100", align="center", text_wrap=True),
            bad=f(bg_color="#FFC7CE", font_color="#9C0006", align="center", text_wrap=True),
            warn=f(bg_color="#FFEB9C", font_color="#9C5700", align="center", text_wrap=True),
            place=plain(italic=True, align="center"), sign=plain(bold=True, align="center"),
            book=wb, by_unit={},
        )


class Context:
    """The report with the look-ups every sheet needs."""

    def __init__(self, report: Report, plan: Plan, rules: Standards, st: Styles):
        self.report, self.plan, self.rules, self.st = report, plan, rules, st
        self.shortfalls: Sequence[LibraryShortfall] | None = None  # decided by the library; None: apply its rule here
        self.years = plan.plan.years
        self.names = {u.code: u.name for u in report.units}
        self.indicators = {(r.unit, r.indicator): r for r in report.indicators}
        self.standards = {(r.unit, r.standard): r for r in report.standards}
        self.targets = {(r.target, r.unit, r.year): r for r in report.targets}
        self.shown_targets = [t for t in plan.targets if not t.same_as]  # the plan repeats the literacy line
        self.rate_target: dict[str, Target] = {}
        for t in self.shown_targets:
            if t.kind == "rate" and t.indicator:
                self.rate_target.setdefault(t.indicator, t)
        self.communes = [u for u in report.units if u.kind == "commune"]
        self.groups = [u for u in report.units if u.kind != "commune"]
        self.name_width = min(40, max([14] + [len(u.name) + 3 for u in report.units]))
        # in the cells' family and size (Arial 11 pt): 9 pt or more once printed at the sheet's scale
        self.footer = (f"&L{FOOTER_FONT}Mục tiêu theo {_amp(plan.plan.id)} · Năm điều tra {report.year}"
                       f"&R{FOOTER_FONT}Trang &P / &N")
        # on every printed page of a sheet that shows a provisional level (the full legend stands under its table)
        self.footer_star = (f"&L{FOOTER_FONT}Mục tiêu theo {_amp(plan.plan.id)} · Năm điều tra {report.year}"
                            f"&C{FOOTER_FONT}* tạm tính: thiếu số liệu (xem chú thích cuối bảng)"
                            f"&R{FOOTER_FONT}Trang &P / &N")


def _amp(text: str) -> str:
    return text.replace("&", "&&")  # '&' starts a control code in Excel headers and footers


def sheet_name(text: str) -> str:
    clean = "".join(" " if ch in FORBIDDEN_IN_SHEET_NAME else ch for ch in text).strip(" '")
    return clean[:31]


TITLE_PT = 21.0  # the 14-point title row


def _sheet(wb: Workbook, ctx: Context, name: str, title: str, fit: bool = True) -> Worksheet:
    """A sheet with its title rows, printed A4 landscape one page wide (`fit`); a chart sheet sets its own
    fixed scale instead, since Excel ignores row breaks under "fit to page"."""
    ws = wb.add_worksheet(sheet_name(name))
    ws.write_string(0, 0, title, ctx.st.title)
    ws.write_string(1, 0, _subtitle(ctx), ctx.st.subtitle)
    ws.set_row(0, TITLE_PT)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    if fit:
        ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_footer(ctx.footer)
    return ws


def _subtitle(ctx: Context) -> str:
    whose = next((m.message for m in ctx.report.messages if m.code == "plan-other-area"), None)
    subtitle = f"{ctx.plan.plan.title} · Năm điều tra {ctx.report.year}"
    # another area's plan is said on every sheet, where its targets are read (spec.md, "Whose plan")
    return subtitle if whose is None else f"{subtitle} · CẢNH BÁO: {whose}"


def subtitle_across(ws: Worksheet, ctx: Context) -> float:
    """The subtitle wrapped within the sheet's columns, once they are set: a line running past the last column
    printed a page of its own holding only its end where the font is wider than Arial. Its height is counted in
    the wider stand-in font, so that no line is cut there. Returns the row's height in points."""
    last = max(ws.col_info, default=0)
    text = _subtitle(ctx)
    height = text_height(text, sheet_px(ws) / WIDER_STANDIN)
    if last > 0:
        ws.merge_range(1, 0, 1, last, text, ctx.st.subtitle)
    ws.set_row(1, height)
    return height


def _header(ws: Worksheet, ctx: Context, columns: Sequence[tuple[str, float]], freeze_cols: int) -> None:
    for c, (label, width) in enumerate(columns):
        ws.write_string(HEADER_ROW, c, label, ctx.st.header)
        ws.set_column(c, c, width)
    subtitle_across(ws, ctx)
    # tall enough for the longest wrapped label ("Chênh lệch 2025" in a narrow column takes two lines)
    ws.set_row(HEADER_ROW, max(32, *(text_height(label, column_px(w), bold=True) for label, w in columns)))
    ws.freeze_panes(FIRST_ROW, freeze_cols)
    ws.repeat_rows(0, HEADER_ROW)


def _wrapped_or_blank(ws: Worksheet, r: int, c: int, text: str | None, fmt: Format) -> None:
    if text:
        _wrapped(ws, r, c, text, fmt)
    else:
        ws.write_blank(r, c, None, fmt)


def _header_cells(ws: Worksheet, ctx: Context, r: int, labels: Sequence[str]) -> None:
    """A header row inside a sheet (below its first table), as tall as its longest wrapped label."""
    for c, label in enumerate(labels):
        _wrapped(ws, r, c, label, ctx.st.header)


def _text(ws: Worksheet, r: int, c: int, text: str | None, fmt: Format) -> None:
    if text:
        ws.write_string(r, c, text, fmt)
    else:
        ws.write_blank(r, c, None, fmt)


LINE_HEIGHT = LINE_PT  # points per line of 11-point text


def _wrapped(ws: Worksheet, r: int, c: int, text: str, fmt: Format) -> None:
    """Write wrapped text and make its row tall enough: neither Excel nor LibreOffice grows a row whose
    height the file leaves unset when it is written by a program, so long labels would overlap."""
    ws.write_string(r, c, text, fmt)
    info = ws.col_info.get(c)
    height = text_height(text, info.width if info else 64, bool(getattr(fmt, "bold", False)))  # pixels
    heights = ws.__dict__.setdefault("_xhht_heights", {})
    if height > heights.get(r, LINE_HEIGHT):
        heights[r] = height
        ws.set_row(r, heights[r])


def _int(ws: Worksheet, ctx: Context, r: int, c: int, n: int | None, unit: str = "") -> None:
    """A count; `unit` (người, xã, cơ sở…) makes it read with its unit word through the cell's number format."""
    fmt = ctx.st.needed(unit) if unit else ctx.st.int
    if n is None:
        ws.write_blank(r, c, None, fmt)
    else:
        ws.write_number(r, c, n, fmt)


def _rate(ws: Worksheet, ctx: Context, r: int, c: int, value: float | None, denominator: int | None,
          star: bool = False) -> None:
    if value is None:
        ws.write_string(r, c, EMPTY_COHORT if denominator == 0 else NO_DATA, ctx.st.grey)
    else:
        ws.write_number(r, c, truncate(value, 4), ctx.st.pct_star if star else ctx.st.pct)


def _num(x: float | int | bool | None) -> float | None:
    return None if x is None else float(x)


def _pct_or_blank(ws: Worksheet, ctx: Context, r: int, c: int, value: float | None) -> None:
    """A threshold or required share: exact decimals such as 0.5, still cut to four decimals."""
    if value is None:
        ws.write_blank(r, c, None, ctx.st.pct)
    else:
        ws.write_number(r, c, truncate(value, 4), ctx.st.pct)


def gap_cell(value: float, required: float) -> float:
    """value − required floored to four decimals: a shortfall never shows as 0,00%."""
    return gap_value(value, required, 4)


def gap_points(value: float, required: float) -> float:
    """value − required in percentage points floored to two decimals (-14.16): a shortfall never shows 0,00."""
    return float((Decimal(repr(gap_cell(value, required))) * 100).quantize(Decimal("0.01")))


def _gap(ws: Worksheet, ctx: Context, r: int, c: int, value: float | None, required: float | None) -> None:
    if value is None or required is None:
        ws.write_blank(r, c, None, ctx.st.gap_pct)
    else:
        ws.write_number(r, c, gap_points(value, required), ctx.st.gap_pct)


def _met(ws: Worksheet, ctx: Context, r: int, c: int, met: bool | None) -> None:
    if met is None:
        ws.write_string(r, c, NO_DATA, ctx.st.grey)
    else:
        ws.write_string(r, c, "Đạt" if met else "Chưa đạt", ctx.st.ok if met else ctx.st.bad)


def _result(ws: Worksheet, ctx: Context, r: int, c: int, row: TargetRow) -> None:
    """A target's result in words (fmt.result_text), coloured like the terminal's."""
    fill = {"green": ctx.st.ok, "bold red": ctx.st.bad, "yellow": ctx.st.warn}.get(result_style(row), ctx.st.grey)
    if fill is ctx.st.grey:
        ws.write_string(r, c, result_text(row), fill)
    else:
        _wrapped(ws, r, c, result_text(row), fill)


def _unit_name(ws: Worksheet, ctx: Context, r: int, c: int, unit: UnitRow) -> None:
    label = unit.name + (" (ĐBKK)" if unit.dbkk else "")
    ws.write_string(r, c, label, ctx.st.text if unit.kind == "commune" else ctx.st.bold)


def groups() -> list[str]:
    seen: list[str] = []
    for i in INDICATORS:
        if i.group not in seen:
            seen.append(i.group)
    return seen


def needed_label(row: TargetRow | CriterionRow, indicator: str | None) -> str:
    if indicator:
        return BY_ID[indicator].unit_label
    return "xã" if isinstance(row, CriterionRow) or row.kind in ("level", "share_at_level") else ""


