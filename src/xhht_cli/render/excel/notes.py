"""The notes sheet: the plan, the conventions, unverified thresholds and every message."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ...codes import CODES
from ..fmt import NO_DATA
from ...law.indicators import BY_ID
from ..printing import text_height
from ..reference import rollup_text
from ..terminal import footnotes
from .tables import level_name
from .frame import (
    EMPTY_COHORT,
    HEADER_ROW,
    SHEET_NOTES,
    Context,
    _header_cells,
    _int,
    _pct_or_blank,
    _sheet,
    _text,
    _wrapped,
    _wrapped_or_blank,
    subtitle_across,
)

# --- Ghi chú ----------------------------------------------------------------------------------------------

def _notes(wb: Workbook, ctx: Context) -> None:
    ws = _sheet(wb, ctx, SHEET_NOTES, "Ghi chú: kế hoạch, quy ước, ngưỡng chưa đối chiếu và thông báo")
    # 139 characters: one A4 width at a printed 9 pt or more, even in the wider stand-in font (printing.WIDER_STANDIN)
    widths = (18, 12, 28, 14, 9, 14, 44)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    subtitle_across(ws, ctx)
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
    return footnotes(ctx.report, ctx.rules, ctx.plan) + [
        "Trong Excel, ô tỷ lệ giữ giá trị đã cắt (không làm tròn) đến 4 chữ số thập phân (2 chữ số ở dạng %), để "
        "Excel không làm tròn lên; tử số và mẫu số chính xác nằm bên cạnh. Chênh lệch tính bằng điểm phần trăm, "
        "làm tròn xuống (về phía âm), nên một khoảng thiếu không bao giờ hiện là 0,00 điểm.",
        f"“{NO_DATA}”: không nguồn dữ liệu nào có chỉ số này; “{EMPTY_COHORT}”: mẫu số bằng 0.",
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
                    _unverified_row(ws, ctx, r, std.short, level_name(len(std.levels), lv.level), label,
                                    cr.threshold, cr.threshold_dbkk, ctx.rules.confidence_text[cr.confidence],
                                    cr.article + (f"; {cr.note}" if cr.note else ""))
                    r += 1
            if not lv.rollup.verified:
                ro = lv.rollup
                reached = "đạt chuẩn" if len(std.levels) == 1 else f"đạt MĐ{lv.level}"
                _unverified_row(ws, ctx, r, std.short, level_name(len(std.levels), lv.level),
                                f"Khu vực {reached}: {rollup_text(ro)}",
                                ro.other if ro.split else ro.area, ro.dbkk, ctx.rules.confidence_text[ro.trust],
                                ro.article)
                r += 1
    return r


def _unverified_row(ws: Worksheet, ctx: Context, r: int, short: str, level: str, label: str, threshold: float | None,
                    dbkk: float | None, confidence: str, article: str) -> None:
    ws.write_string(r, 0, short, ctx.st.text)
    ws.write_string(r, 1, level, ctx.st.text)
    _wrapped(ws, r, 2, label, ctx.st.wrap)
    _pct_or_blank(ws, ctx, r, 3, threshold)
    _pct_or_blank(ws, ctx, r, 4, dbkk)
    _wrapped(ws, r, 5, confidence, ctx.st.wrap)  # "chưa đối chiếu bản gốc…" wraps inside its cell
    _wrapped(ws, r, 6, article, ctx.st.wrap)


def _messages(ws: Worksheet, ctx: Context, r: int) -> int:
    ws.write_string(r, 0, f"Thông báo ({len(ctx.report.messages)})", ctx.st.title)
    r += 1
    _header_cells(ws, ctx, r, ("Mức độ", "Loại", "Tệp", "Sheet", "Dòng", "Cột", "Nội dung"))
    r += 1
    for m in ctx.report.messages:
        ws.write_string(r, 0, "lỗi" if m.severity == "error" else "cảnh báo", ctx.st.text)
        # the kind's Vietnamese name: the code (grade-too-young…) is for scripts, in JSON and CSV
        _wrapped(ws, r, 1, CODES[m.code].title if m.code in CODES else "Thông báo", ctx.st.wrap)
        _wrapped_or_blank(ws, r, 2, m.file, ctx.st.wrap)
        _text(ws, r, 3, m.sheet, ctx.st.text)
        _int(ws, ctx, r, 4, m.row)
        _wrapped_or_blank(ws, r, 5, m.column, ctx.st.wrap)
        _wrapped(ws, r, 6, m.message, ctx.st.wrap)
        r += 1
    return r

