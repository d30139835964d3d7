"""The official statistical forms as workbook sheets: one sheet per form, one block per commune."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from ..forms import Form
from .excel import FIRST_ROW, HEADER_ROW, Context, _int, _rate, _sheet, _text, sheet_name


def add_form_sheets(wb: Workbook, ctx: Context, forms: list[Form]) -> None:
    for form in forms:
        ws = _sheet(wb, ctx, sheet_name(f"Biểu {form.code}"), f"Biểu {form.code}: {form.title}")
        width = max(len(b.columns) for b in form.blocks) + 1
        ws.set_column(0, 0, 34)
        ws.set_column(1, width, 11)
        ws.repeat_rows(0, 1)
        r = HEADER_ROW
        for block in form.blocks:
            ws.write_string(r, 0, block.title, ctx.st.section)
            for c, label in enumerate(block.columns, start=1):
                ws.write_string(r, c, label, ctx.st.header)
            ws.set_row(r, 32)
            r += 1
            for label, cells in block.rows:
                ws.write_string(r, 0, label, ctx.st.wrap)
                for c, cell in enumerate(cells, start=1):
                    _cell(ws, ctx, r, c, cell, (c - 1) in block.rate_columns or isinstance(cell, float))
                r += 1
            r += 1
        ws.freeze_panes(FIRST_ROW, 1)


def _cell(ws, ctx: Context, r: int, c: int, cell: object, is_rate: bool) -> None:  # noqa: ANN001
    if isinstance(cell, str):
        _text(ws, r, c, cell, ctx.st.text)
    elif is_rate:
        _rate(ws, ctx, r, c, cell if isinstance(cell, float) else None, 0 if cell is None else None)
    else:
        _int(ws, ctx, r, c, cell if isinstance(cell, int) else None)
