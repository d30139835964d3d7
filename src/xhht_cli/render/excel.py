"""The Excel workbook (xlsxwriter), in Vietnamese: the area's targets for every plan year side by side,
standard levels and criteria, one sheet per indicator group, persons needed per unit, charts and notes.

Rate cells hold the value truncated to four decimals (spec.md) so that Excel's own rounding of '0.00%'
can never show a threshold reached that the exact value misses; numerator and denominator stand beside
it. Gaps are floored to four decimals for the same reason. Every text is written with write_string, so a
commune name starting with '=' never becomes a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from .. import __version__
from ..fmt import NO_DATA, gap_value, pct, result_text, truncate
from ..fmt import level_text as level_words
from ..forms import Form
from ..indicators import BY_ID, INDICATORS, Indicator
from ..plan import Plan, Target
from ..report import CriterionRow, IndicatorRow, Report, StandardRow, TargetRow, UnitRow
from ..standards import Standard, Standards
from .printing import LINE_PT, Page, Pager, chart_columns, column_px, scale_to_fit, text_height
from .reference import rollup_text
from .terminal import footnotes, level_text, levels_of, required_text, result_style, value_text
from .terminal import gap_text as level_gap_text

if TYPE_CHECKING:
    from ..result import Result
    from ..shortfalls import Shortfall as LibraryShortfall

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
GAP_PCT = "+0.00%;-0.00%;0.00%"
GAP_LEVEL = '+0" mức";-0" mức";0'
INT = "0"
CONDITIONS = {"met": "đảm bảo", "not_met": "chưa đảm bảo", "unknown": "chưa rõ"}
LEVEL_COLOURS = ("#F8696B", "#FFEB84", "#A9D08E", "#63BE7B")
NO_DATA_COLOUR = "#BFBFBF"
CHART_COL = 7  # charts sit right of their data tables (columns A–G) on the chart sheet


def result_workbook(result: Result) -> bytes:
    """The office workbook of a compute Result: its report, forms and shortfalls."""
    return workbook_bytes(result.report, result.context.plan, result.context.rules, result.forms, result.shortfalls)


def workbook_bytes(report: Report, plan: Plan, rules: Standards, forms: list[Form] | None = None,
                   shortfalls: list[LibraryShortfall] | None = None) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {
        "in_memory": True,
        # Belt and braces beside write_string: write() must never turn text into a formula, URL or number.
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
    })
    # A fixed creation date makes the same inputs give the same bytes.
    wb.set_properties({"title": f"Báo cáo PCGD–XMC và xã hội học tập năm {report.year}",
                       "subject": plan.plan.title, "author": "xhht", "comments": f"xhht {__version__}",
                       "created": datetime(report.year, 1, 1)})
    from ..io.sameness import OWN_MARK

    wb.set_custom_property(OWN_MARK, "báo cáo")  # so that a report saved among the inputs is never read as data
    ctx = Context(report, plan, rules, Styles.build(wb))
    ctx.shortfalls = shortfalls
    _summary(wb, ctx)
    _levels(wb, ctx)
    _criteria(wb, ctx)
    for group in groups():
        _group(wb, ctx, group)
    _needed(wb, ctx)
    _charts(wb, ctx)
    if forms:
        from .forms import add_form_sheets  # forms import this module's helpers

        add_form_sheets(wb, ctx, forms)
    _notes(wb, ctx)
    wb.close()
    return buf.getvalue()


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
    ok: Format
    bad: Format
    warn: Format

    @staticmethod
    def build(wb: Workbook) -> Styles:
        def f(**props: Any) -> Format:
            return wb.add_format({"border": 1, "valign": "top", **props})

        return Styles(
            title=wb.add_format({"bold": True, "font_size": 14}),
            subtitle=wb.add_format({"italic": True, "font_color": "#595959"}),
            header=f(bold=True, bg_color="#D9E1F2", text_wrap=True, align="center", valign="vcenter"),
            section=f(bold=True, bg_color="#F2F2F2"),
            text=f(), wrap=f(text_wrap=True), bold=f(bold=True),
            plain=wb.add_format({"text_wrap": True, "valign": "top"}),
            pct=f(num_format=PCT), pct_star=f(num_format=PCT_STAR),
            gap_pct=f(num_format=GAP_PCT), gap_level=f(num_format=GAP_LEVEL), int=f(num_format=INT),
            grey=f(font_color="#808080", italic=True),
            ok=f(bg_color="#C6EFCE", font_color="#006100", align="center"),
            bad=f(bg_color="#FFC7CE", font_color="#9C0006", align="center"),
            warn=f(bg_color="#FFEB9C", font_color="#9C5700", align="center"),
        )


class Context:
    """The report with the look-ups every sheet needs."""

    def __init__(self, report: Report, plan: Plan, rules: Standards, st: Styles):
        self.report, self.plan, self.rules, self.st = report, plan, rules, st
        self.shortfalls: list[LibraryShortfall] | None = None  # decided by the library; None: apply its rule here
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
        self.footer = (f"&L&8Mục tiêu theo {_amp(plan.plan.id)} · Năm điều tra {report.year}"
                       f"&R&8Trang &P / &N")


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
    ws.write_string(1, 0, f"{ctx.plan.plan.title} · Năm điều tra {ctx.report.year}", ctx.st.subtitle)
    ws.set_row(0, TITLE_PT)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    if fit:
        ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_footer(ctx.footer)
    return ws


def _header(ws: Worksheet, ctx: Context, columns: Sequence[tuple[str, float]], freeze_cols: int) -> None:
    for c, (label, width) in enumerate(columns):
        ws.write_string(HEADER_ROW, c, label, ctx.st.header)
        ws.set_column(c, c, width)
    # tall enough for the longest wrapped label ("Chênh lệch 2025" in a narrow column takes two lines)
    ws.set_row(HEADER_ROW, max(32, *(text_height(label, column_px(w)) for label, w in columns)))
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
    height = text_height(text, info.width if info else 64)  # col_info holds pixels
    heights = ws.__dict__.setdefault("_xhht_heights", {})
    if height > heights.get(r, LINE_HEIGHT):
        heights[r] = height
        ws.set_row(r, heights[r])


def _int(ws: Worksheet, ctx: Context, r: int, c: int, n: int | None) -> None:
    if n is None:
        ws.write_blank(r, c, None, ctx.st.int)
    else:
        ws.write_number(r, c, n, ctx.st.int)


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


def _gap(ws: Worksheet, ctx: Context, r: int, c: int, value: float | None, required: float | None) -> None:
    if value is None or required is None:
        ws.write_blank(r, c, None, ctx.st.gap_pct)
    else:
        ws.write_number(r, c, gap_cell(value, required), ctx.st.gap_pct)


def _met(ws: Worksheet, ctx: Context, r: int, c: int, met: bool | None) -> None:
    if met is None:
        ws.write_string(r, c, NO_DATA, ctx.st.grey)
    else:
        ws.write_string(r, c, "Đạt" if met else "Chưa đạt", ctx.st.ok if met else ctx.st.bad)


def _result(ws: Worksheet, ctx: Context, r: int, c: int, row: TargetRow) -> None:
    """A target's result in words (fmt.result_text), coloured like the terminal's."""
    fill = {"green": ctx.st.ok, "bold red": ctx.st.bad, "yellow": ctx.st.warn}.get(result_style(row), ctx.st.grey)
    ws.write_string(r, c, result_text(row), fill)


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


# --- Tổng hợp mục tiêu ------------------------------------------------------------------------------------

def _summary(wb: Workbook, ctx: Context) -> None:
    ws = _sheet(wb, ctx, SHEET_SUMMARY, "Mục tiêu của kế hoạch: hiện trạng và khoảng cách")
    cols: list[tuple[str, float]] = [("Khu vực", ctx.name_width), ("Mục tiêu", 55),
                                     (f"Hiện tại ({ctx.report.year})", 12), ("Tử số", 9), ("Mẫu số", 9),
                                     ("Đơn vị tính", 10)]
    for y in ctx.years:
        cols += [(f"Yêu cầu {y}", 11), (f"Chênh lệch {y}", 11), (f"Cần thêm {y}", 10), (f"Kết quả {y}", 16)]
    _header(ws, ctx, cols, 2)
    r = FIRST_ROW
    for g in ctx.groups:
        for target in ctx.shown_targets:
            rows = [ctx.targets.get((target.id, g.code, y)) for y in ctx.years]
            first = next((x for x in rows if x is not None), None)
            if first is None:
                continue
            _unit_name(ws, ctx, r, 0, g)
            label = first.label
            if any(x is not None and x.maintain for x in rows) and "duy trì" not in label.casefold():
                label += " (duy trì)"
            _wrapped(ws, r, 1, label, ctx.st.wrap)
            _target_value(ws, ctx, r, 2, first)
            _int(ws, ctx, r, 3, first.numerator)
            _int(ws, ctx, r, 4, first.denominator)
            _text(ws, r, 5, needed_label(first, first.indicator), ctx.st.text)
            for i, row in enumerate(rows):
                _target_year(ws, ctx, r, 6 + 4 * i, row)
            r += 1


def _target_value(ws: Worksheet, ctx: Context, r: int, c: int, row: TargetRow) -> None:
    if row.kind in ("rate", "share_at_level"):
        _rate(ws, ctx, r, c, _num(row.value), row.denominator, row.provisional)
    elif row.value is None:
        ws.write_string(r, c, NO_DATA, ctx.st.grey)
    else:
        ws.write_string(r, c, value_text(row, ctx.rules), ctx.st.text)


def _target_year(ws: Worksheet, ctx: Context, r: int, c: int, row: TargetRow | None) -> None:
    if row is None:
        for k, fmt in enumerate((ctx.st.text, ctx.st.text, ctx.st.int, ctx.st.text)):
            ws.write_blank(r, c + k, None, fmt)
        return
    if row.kind in ("rate", "share_at_level"):
        required = _num(row.required)
        _pct_or_blank(ws, ctx, r, c, required)
        _gap(ws, ctx, r, c + 1, _num(row.value), required)
    else:
        ws.write_string(r, c, required_text(row, ctx.rules), ctx.st.text)
        if row.kind == "level" and row.gap is not None:
            ws.write_number(r, c + 1, int(row.gap), ctx.st.gap_level)
        else:
            _text(ws, r, c + 1, level_gap_text(row) if row.gap is not None else None, ctx.st.text)
    _int(ws, ctx, r, c + 2, row.needed)
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
    for std in ctx.rules.standards:
        cols += [(std.short, 12), (f"Điều kiện {std.short}", 13)]
    _header(ws, ctx, cols, 1)
    for r, unit in enumerate(ctx.report.units, FIRST_ROW):
        _unit_name(ws, ctx, r, 0, unit)
        for i, std in enumerate(ctx.rules.standards):
            row = ctx.standards[(unit.code, std.id)]
            _level_cell(ws, ctx, r, 1 + 2 * i, row, std)
            _text(ws, r, 2 + 2 * i, CONDITIONS[row.conditions] if unit.kind == "commune" else None, ctx.st.text)


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
    cols = [("Đơn vị", ctx.name_width), ("Chuẩn", 15), ("Mức đạt", 11), ("Điều kiện", 12), ("Mức của tiêu chí", 9),
            ("Tiêu chí", 50), ("Giá trị", 11), ("Tử số", 9), ("Mẫu số", 9), ("Ngưỡng", 10), ("Kết quả", 16),
            ("Cần thêm", 10)]
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
                ws.write_number(r, 4, c.level, ctx.st.int)
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
                _int(ws, ctx, r, 11, c.needed)
                r += 1
    if r > FIRST_ROW:
        ws.autofilter(HEADER_ROW, 0, r - 1, len(cols) - 1)


# --- one sheet per indicator group ------------------------------------------------------------------------

def _group(wb: Workbook, ctx: Context, group: str) -> None:
    indicators = [i for i in INDICATORS if i.group == group]
    with_targets = any(i.id in ctx.rate_target for i in indicators)
    ws = _sheet(wb, ctx, GROUP_SHEETS.get(group, group), f"Chỉ số — {group}")
    cols: list[tuple[str, float]] = [("Đơn vị", max(ctx.name_width, 30)), ("Tỷ lệ", 11), ("Tử số", 9),
                                     ("Mẫu số", 9)]
    if with_targets:
        for y in ctx.years:
            cols += [(f"Yêu cầu {y}", 10), (f"Chênh lệch {y}", 11), (f"Cần thêm {y}", 10)]
    cols += [("Chưa ghi nhận", 10), ("Khuyết tật (loại trừ)", 11), ("Chuyển đi (loại trừ)", 11),
             ("Đã chết (loại trừ)", 10)]
    _header(ws, ctx, cols, 1)
    r = FIRST_ROW
    for ind in indicators:
        ws.merge_range(r, 0, r, len(cols) - 1, None, ctx.st.section)
        ws.write_string(r, 0, f"{ind.label} ({ind.id})", ctx.st.section)
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
            _int(ws, ctx, r, c + 2, None if t is None else t.needed)
            c += 3
    for n in (row.unrecorded, row.excluded.disabled, row.excluded.moved_away, row.excluded.deceased):
        _int(ws, ctx, r, c, n)
        c += 1


# --- Cần thêm theo đơn vị ---------------------------------------------------------------------------------

@dataclass
class Shortfall:
    unit: UnitRow
    source: str  # "Mục tiêu kế hoạch" or "Chuẩn …"
    label: str
    year: int
    value: float | None
    numerator: int | None
    denominator: int | None
    required: float | None
    needed: int | None
    needed_label: str
    prerequisite: str | None = None  # the level text of a failing prerequisite, instead of a rate


def shortfalls(ctx: Context) -> list[Shortfall]:
    """The library's shortfalls (Result.shortfalls, or the same rule applied to the report) as the rows of the
    "Cần thêm" sheet: labels, units of count and level texts for people."""
    from ..shortfalls import shortfalls as decided

    units = {u.code: u for u in ctx.communes}
    items = ctx.shortfalls if ctx.shortfalls is not None else decided(ctx.report, ctx.plan, ctx.rules)
    rows: list[Shortfall] = []
    for s in items:
        unit = units[s.unit]
        if s.kind == "target":
            ind = BY_ID[s.indicator or ""]
            rows.append(Shortfall(unit, "Mục tiêu kế hoạch", ind.label, s.year, s.value, s.numerator, s.denominator,
                                  s.required, s.needed, ind.unit_label))
            continue
        std = ctx.rules.by_id(s.standard or "")
        if s.kind == "conditions":
            rows.append(Shortfall(unit, f"Chuẩn {std.short}", f"Bảo đảm điều kiện {std.short}", s.year, None, None,
                                  None, None, None, "", prerequisite=CONDITIONS["not_met"]))
        elif s.kind == "prerequisite":
            pre = levels_of(ctx.rules, s.prerequisite)
            label = f"Cần đạt {ctx.rules.by_id(s.prerequisite or '').short} {level_words(pre, int(s.required or 0), False)}"
            rows.append(Shortfall(unit, f"Chuẩn {std.short} MĐ{s.level}", label, s.year, None, None, None, None, None,
                                  "", prerequisite=level_words(pre, int(s.value or 0), False)))
        else:
            ind = BY_ID[s.indicator or ""]
            rows.append(Shortfall(unit, f"Chuẩn {std.short} MĐ{s.level}", ind.label, s.year, s.value, s.numerator,
                                  s.denominator, s.required, s.needed, ind.unit_label))
    return rows


def _needed(wb: Workbook, ctx: Context) -> None:
    ws = _sheet(wb, ctx, SHEET_NEEDED, "Số người (đơn vị) cần thêm theo đơn vị và tiêu chí chưa đạt")
    cols = [("Đơn vị", ctx.name_width), ("Căn cứ", 20), ("Chỉ tiêu", 50), ("Năm mục tiêu", 8), ("Hiện tại", 11),
            ("Tử số", 9), ("Mẫu số", 9), ("Yêu cầu", 10), ("Chênh lệch", 11), ("Cần thêm", 10), ("Đơn vị tính", 10)]
    _header(ws, ctx, cols, 1)
    r = FIRST_ROW
    for s in shortfalls(ctx):
        _unit_name(ws, ctx, r, 0, s.unit)
        _wrapped(ws, r, 1, s.source, ctx.st.wrap)
        _wrapped(ws, r, 2, s.label, ctx.st.wrap)
        ws.write_number(r, 3, s.year, ctx.st.int)
        if s.prerequisite is not None:
            ws.write_string(r, 4, s.prerequisite, ctx.st.text)
        else:
            _rate(ws, ctx, r, 4, s.value, s.denominator)
        _int(ws, ctx, r, 5, s.numerator)
        _int(ws, ctx, r, 6, s.denominator)
        _pct_or_blank(ws, ctx, r, 7, s.required)
        _gap(ws, ctx, r, 8, s.value, s.required)
        _int(ws, ctx, r, 9, s.needed)
        _text(ws, r, 10, s.needed_label, ctx.st.text)
        r += 1
    if r == FIRST_ROW:
        ws.write_string(r, 0, "Không có khoảng cách", ctx.st.text)
    else:
        ws.autofilter(HEADER_ROW, 0, r - 1, len(cols) - 1)


# --- Biểu đồ ----------------------------------------------------------------------------------------------

CHART_PX = 600  # chart width; the print scale makes table and chart fit the page's width
CHART_MIN_PT = 210.0  # a chart shorter than this crowds its legend and axis


def _charts(wb: Workbook, ctx: Context) -> None:
    """Each table with its chart beside it is a block of rows with set heights; a row break before a block
    that does not fit on the rest of the page keeps every chart whole on one printed page."""
    ws = _sheet(wb, ctx, SHEET_CHARTS, "Biểu đồ", fit=False)
    widths = [float(ctx.name_width), 11, 11, 11, 17, 17, 2]
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    chart_columns(ws, CHART_COL, CHART_PX)
    page = Page(scale=scale_to_fit(sum(column_px(w) for w in widths) + CHART_PX),
                repeated_pt=TITLE_PT + LINE_HEIGHT)
    page.apply(ws)
    ws.freeze_panes(HEADER_ROW, 0)
    ws.repeat_rows(0, HEADER_ROW - 1)
    pager = Pager(page)
    r = _levels_chart(wb, ws, ctx, HEADER_ROW, pager)
    for target in ctx.shown_targets:
        if target.kind == "rate" and target.indicator:
            r = _rate_chart(wb, ws, ctx, target, r + 1, pager)
    pager.apply(ws)


def _block(ws: Worksheet, pager: Pager, r: int, table_rows: int) -> list[float]:
    """The heights of a block's rows (title, a two-line header, the table; more rows if the chart needs
    them), placed on the page and set on the sheet."""
    rows = [LINE_HEIGHT, 2 * LINE_HEIGHT] + [LINE_HEIGHT] * table_rows
    while sum(rows) < CHART_MIN_PT:
        rows.append(LINE_HEIGHT)
    pager.place(r, sum(rows))
    for i, h in enumerate(rows):
        ws.set_row(r + i, h)
    pager.skip(LINE_HEIGHT)  # the blank row after the block
    return rows


def _chart_size(rows: list[float]) -> dict[str, int]:
    # the chart fills its block's rows, less two pixels so that its edge stays inside the last row
    return {"width": CHART_PX, "height": int(sum(rows) * 4 / 3) - 2}


def _chart_header(ws: Worksheet, ctx: Context, r: int, title: str, columns: Sequence[str]) -> None:
    ws.write_string(r, 0, title, ctx.st.section)
    for c, label in enumerate(columns):
        ws.write_string(r + 1, c, label, ctx.st.header)


def _levels_chart(wb: Workbook, ws: Worksheet, ctx: Context, r: int, pager: Pager) -> int:
    """Communes per level of every standard, as stacked bars. Returns the block's last row."""
    top = max(len(s.levels) for s in ctx.rules.standards)
    columns = ["Chuẩn", "Chưa đạt"] + [f"MĐ{lv}" for lv in range(1, top + 1)] + ["Chưa có số liệu"]
    rows = _block(ws, pager, r, len(ctx.rules.standards))
    _chart_header(ws, ctx, r, "Số xã/phường theo mức đạt chuẩn", columns)
    first = r + 2
    for i, std in enumerate(ctx.rules.standards):
        levels = [ctx.standards[(u.code, std.id)].level for u in ctx.communes]
        ws.write_string(first + i, 0, std.short, ctx.st.text)
        for lv in range(top + 1):
            ws.write_number(first + i, 1 + lv, sum(1 for x in levels if x == lv), ctx.st.int)
        ws.write_number(first + i, top + 2, sum(1 for x in levels if x is None), ctx.st.int)
    last = first + len(ctx.rules.standards) - 1
    chart = wb.add_chart({"type": "bar", "subtype": "stacked"})
    colours = list(LEVEL_COLOURS[: top + 1]) + [NO_DATA_COLOUR]
    for k, colour in enumerate(colours):
        chart.add_series({"name": [ws.name, r + 1, 1 + k], "categories": [ws.name, first, 0, last, 0],
                          "values": [ws.name, first, 1 + k, last, 1 + k], "fill": {"color": colour},
                          "gap": 60})
    chart.set_title({"name": "Số xã/phường theo mức đạt chuẩn", "name_font": {"size": 12}})
    chart.set_y_axis({"reverse": True})
    chart.set_x_axis({"major_gridlines": {"visible": True}, "num_format": "0"})
    chart.set_legend({"position": "bottom"})
    chart.set_size(_chart_size(rows))
    ws.insert_chart(r, CHART_COL, chart)
    return r + len(rows)


def _rate_chart(wb: Workbook, ws: Worksheet, ctx: Context, target: Target, r: int, pager: Pager) -> int:
    """The units' values as bars, each plan year's required value as a line. Returns the block's last row."""
    ind = BY_ID[target.indicator or ""]
    years = [ty.year for ty in target.years]
    rows = _block(ws, pager, r, len(ctx.report.units))
    _chart_header(ws, ctx, r, ind.label, ["Đơn vị", "Hiện tại"] + [f"Yêu cầu {y}" for y in years] + ["Ghi chú"])
    first = r + 2
    any_value = False
    for i, unit in enumerate(ctx.report.units):
        row = ctx.indicators[(unit.code, ind.id)]
        _unit_name(ws, ctx, first + i, 0, unit)
        if row.value is None:
            ws.write_blank(first + i, 1, None, ctx.st.pct)  # a blank, not a text: a chart plots text as 0
            note = EMPTY_COHORT if row.denominator == 0 else NO_DATA
        else:
            ws.write_number(first + i, 1, truncate(row.value, 4), ctx.st.pct)
            note, any_value = "", True
        for k, ty in enumerate(target.years):
            ws.write_number(first + i, 2 + k, truncate(float(ty.required), 4), ctx.st.pct)
        _text(ws, first + i, 2 + len(years), note, ctx.st.grey)
    if not any_value:
        return r + len(rows)
    chart = wb.add_chart({"type": "column"})
    last = first + len(ctx.report.units) - 1
    chart.add_series({"name": "Hiện tại", "categories": [ws.name, first, 0, last, 0],
                      "values": [ws.name, first, 1, last, 1], "fill": {"color": "#5B9BD5"}, "gap": 80,
                      "data_labels": {"value": True, "num_format": PCT, "font": {"size": 8}}})
    line = wb.add_chart({"type": "line"})
    for k, y in enumerate(years):
        line.add_series({"name": f"Yêu cầu {y}", "categories": [ws.name, first, 0, last, 0],
                         "values": [ws.name, first, 2 + k, last, 2 + k],
                         "line": {"color": ("#ED7D31", "#C00000", "#7030A0")[k % 3], "width": 2,
                                  "dash_type": "solid" if k == 0 else "dash"}})
    chart.combine(line)
    chart.set_title({"name": ind.label, "name_font": {"size": 12}})
    chart.set_y_axis({"num_format": "0%", "min": 0, "max": 1, "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    chart.set_size(_chart_size(rows))
    chart.show_blanks_as("gap")
    ws.insert_chart(r, CHART_COL, chart)
    return r + len(rows)


# --- Ghi chú ----------------------------------------------------------------------------------------------

def _notes(wb: Workbook, ctx: Context) -> None:
    ws = _sheet(wb, ctx, SHEET_NOTES, "Ghi chú: kế hoạch, quy ước, ngưỡng chưa đối chiếu và thông báo")
    widths = (22, 14, 34, 16, 8, 18, 70)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ws.freeze_panes(HEADER_ROW, 0)
    ws.repeat_rows(0, HEADER_ROW - 1)
    r = HEADER_ROW + 1
    for key, value in (("Kế hoạch", f"{ctx.plan.plan.id}: {ctx.plan.plan.title}"),
                       ("Năm điều tra", str(ctx.report.year)),
                       ("Năm mục tiêu", ", ".join(str(y) for y in ctx.years)),
                       ("Số xã/phường", str(len(ctx.communes))),
                       ("Khu vực", ", ".join(g.name for g in ctx.groups)),
                       ("Công cụ", f"{ctx.report.tool.name} {ctx.report.tool.version}")):
        ws.write_string(r, 0, key, ctx.st.bold)
        ws.merge_range(r, 1, r, len(widths) - 1, None, ctx.st.wrap)
        ws.write_string(r, 1, value, ctx.st.wrap)
        r += 1
    r = _paragraphs(ws, ctx, r + 1, "Quy ước", conventions(ctx), len(widths))
    r = _unverified(ws, ctx, r + 1)
    _messages(ws, ctx, r + 1)


def conventions(ctx: Context) -> list[str]:
    return footnotes(ctx.report, ctx.rules) + [
        "Trong Excel, ô tỷ lệ giữ giá trị đã cắt (không làm tròn) đến 4 chữ số thập phân (2 chữ số ở dạng %), để "
        "Excel không làm tròn lên; tử số và mẫu số chính xác nằm bên cạnh. Chênh lệch làm tròn xuống (về phía âm), "
        "nên một khoảng thiếu không bao giờ hiện là 0,00%.",
        f"“{NO_DATA}”: không nguồn dữ liệu nào có chỉ số này; “{EMPTY_COHORT}”: mẫu số bằng 0.",
        "Dòng mục tiêu lặp lại trong kế hoạch (xóa mù chữ cấp huyện và cấp thị xã) chỉ hiển thị một lần.",
    ]


def _paragraphs(ws: Worksheet, ctx: Context, r: int, title: str, lines: list[str], ncols: int) -> int:
    ws.write_string(r, 0, title, ctx.st.title)
    r += 1
    for line in lines:
        ws.merge_range(r, 0, r, ncols - 1, None, ctx.st.plain)
        ws.write_string(r, 0, line, ctx.st.plain)
        # Excel does not grow a merged row to its wrapped text: the row takes the merged columns' width.
        width = sum(ws.col_info[c].width if c in ws.col_info else 64 for c in range(ncols))
        ws.set_row(r, text_height(line, width))
        r += 1
    return r


def _unverified(ws: Worksheet, ctx: Context, r: int) -> int:
    ws.write_string(r, 0, "Ngưỡng chưa đối chiếu được văn bản tiếng Việt", ctx.st.title)
    r += 1
    _header_cells(ws, ctx, r, ("Chuẩn", "Mức", "Tiêu chí", "Ngưỡng", "Ngưỡng ĐBKK", "Độ tin cậy", "Căn cứ"))
    r += 1
    for std in ctx.rules.standards:
        for lv in std.levels:
            for cr in lv.criteria:
                if not cr.verified:
                    label = BY_ID[cr.indicator].label
                    if cr.indicator_dbkk:
                        label += f" (xã ĐBKK: {BY_ID[cr.indicator_dbkk].label})"
                    _unverified_row(ws, ctx, r, std.short, lv.level, label, cr.threshold, cr.threshold_dbkk,
                                    ctx.rules.confidence_text[cr.confidence],
                                    cr.article + (f"; {cr.note}" if cr.note else ""))
                    r += 1
            if not lv.rollup.verified:
                ro = lv.rollup
                reached = "đạt chuẩn" if len(std.levels) == 1 else f"đạt MĐ{lv.level}"
                _unverified_row(ws, ctx, r, std.short, lv.level, f"Khu vực {reached}: {rollup_text(ro)}",
                                ro.other if ro.split else ro.area, ro.dbkk, ctx.rules.confidence_text[ro.trust],
                                ro.article)
                r += 1
    return r


def _unverified_row(ws: Worksheet, ctx: Context, r: int, short: str, level: int, label: str, threshold: float | None,
                    dbkk: float | None, confidence: str, article: str) -> None:
    ws.write_string(r, 0, short, ctx.st.text)
    ws.write_number(r, 1, level, ctx.st.int)
    _wrapped(ws, r, 2, label, ctx.st.wrap)
    _pct_or_blank(ws, ctx, r, 3, threshold)
    _pct_or_blank(ws, ctx, r, 4, dbkk)
    _text(ws, r, 5, confidence, ctx.st.text)
    _wrapped(ws, r, 6, article, ctx.st.wrap)


def _messages(ws: Worksheet, ctx: Context, r: int) -> int:
    ws.write_string(r, 0, f"Thông báo ({len(ctx.report.messages)})", ctx.st.title)
    r += 1
    _header_cells(ws, ctx, r, ("Mức độ", "Mã", "Tệp", "Sheet", "Dòng", "Cột", "Nội dung"))
    r += 1
    for m in ctx.report.messages:
        ws.write_string(r, 0, "lỗi" if m.severity == "error" else "cảnh báo", ctx.st.text)
        ws.write_string(r, 1, m.code, ctx.st.text)
        _wrapped_or_blank(ws, r, 2, m.file, ctx.st.wrap)
        _text(ws, r, 3, m.sheet, ctx.st.text)
        _int(ws, ctx, r, 4, m.row)
        _wrapped_or_blank(ws, r, 5, m.column, ctx.st.wrap)
        _wrapped(ws, r, 6, m.message, ctx.st.wrap)
        r += 1
    return r
