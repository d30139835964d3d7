"""The "Cần thêm theo đơn vị" sheet: the library's shortfalls as rows for people."""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.workbook import Workbook

from ..fmt import level_text as level_words
from ...law.indicators import BY_ID
from ...report import UnitRow
from ..terminal import levels_of
from .frame import (
    CONDITIONS,
    FIRST_ROW,
    HEADER_ROW,
    SHEET_NEEDED,
    Context,
    _gap,
    _header,
    _int,
    _pct_or_blank,
    _rate,
    _sheet,
    _text,
    _unit_name,
    _wrapped,
)

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
    from ...judge.shortfalls import shortfalls as decided

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
    # "Chuẩn PCGD THCS MĐ2" on one line in 11-point Arial
    cols = [("Đơn vị", ctx.name_width), ("Căn cứ", 22), ("Chỉ tiêu", 50), ("Năm mục tiêu", 8), ("Hiện tại", 11),
            ("Tử số", 11), ("Mẫu số", 11), ("Yêu cầu", 10), ("Chênh lệch", 11), ("Cần thêm", 13), ("Đơn vị tính", 10)]
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
        _int(ws, ctx, r, 9, s.needed, s.needed_label)
        _text(ws, r, 10, s.needed_label, ctx.st.text)
        r += 1
    if r == FIRST_ROW:
        ws.write_string(r, 0, "Không có khoảng cách", ctx.st.text)
    else:
        ws.autofilter(HEADER_ROW, 0, r - 1, len(cols) - 1)


