"""The official forms as workbook sheets, one sheet per form, laid out as reference/forms.md describes:

row 1  "Tỉnh/Thành phố: …", the form's title, "Mẫu {code}"
row 2  the unit ("Xã/Phường: …"), and in E2 "Thời điểm: ngày 30 tháng 9 năm {Y}"
row 3  column headers (or the group spanning them); row 4 the birth year under each age (or the columns
       under their group); row 5 the column numbers; data from row 6
then the notes, the place-and-date line and the signature block ("Người lập biểu", "Thủ trưởng đơn vị").

A4 landscape, one page wide at a fixed scale of 90% or more (render/form_sizes.py sizes the columns and
decides the scale; Excel ignores manual page breaks under "fit to pages"). A per-commune form starts each
commune on a new page; a list form repeats its header rows on every page.
Only `ctx.report` is read from the workbook's context: the forms keep their own formats."""

from __future__ import annotations

import re

from collections.abc import Sequence
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from ..forms import Form, Rate, Row, Table
from .form_sizes import (FORM_LINE_PT, FORM_PAGE, FORM_PT, FORM_ROW_PT, TOTAL_NAME, blocks, data_widths, lead_texts,
                         lead_widths, pages, pieces)
from .printing import FONT, FOOTER_FONT, wrapped_lines

HEADER_ROWS = 5  # rows 1–5 of every table; data from row 6
TITLE_PT = 12
PROVINCE_BLANK = "……………………"


class Styles:
    """Formats of the forms: the workbook's one font family (Arial, printed the same through its metric twin
    Liberation Sans where Arial is missing) at 10 pt — the official forms are read at 10–12 pt — thin borders."""

    def __init__(self, wb: Workbook) -> None:
        def f(**props: Any) -> Format:
            return wb.add_format({"font_name": FONT, "font_size": FORM_PT, **props})

        cell = {"border": 1, "valign": "vcenter"}
        self.head = f(bold=True)
        self.head_wrap = f(bold=True, text_wrap=True, valign="top")  # in the label columns, on every page
        self.title = f(bold=True, font_size=TITLE_PT, align="center", text_wrap=True)
        self.code = f(italic=True, align="right")
        self.header = f(bold=True, text_wrap=True, align="center", **cell)
        self.number = f(italic=True, align="center", **cell)
        self.label = f(text_wrap=True, **cell)
        self.label_bold = f(text_wrap=True, bold=True, **cell)
        self.int = f(num_format="#,##0", **cell)
        self.int_bold = f(num_format="#,##0", bold=True, **cell)
        self.pct = f(num_format="0.00%", **cell)
        self.text = f(align="center", text_wrap=True, **cell)
        self.blank = f(**cell)
        self.level = f(bold=True, **cell)
        self.note = f(italic=True, text_wrap=True, valign="top")
        self.sign = f(bold=True, align="center")
        self.sign_hint = f(italic=True, align="center")
        self.place = f(italic=True, align="center")


def add_form_sheets(wb: Workbook, ctx: Any, forms: Sequence[Form]) -> None:  # noqa: ANN401 - the workbook context
    """One sheet "Biểu {code}" per form, after the report's own sheets."""
    st = Styles(wb)
    for form in forms:
        ws = wb.add_worksheet(f"Biểu {form.code}"[:31])
        write_form(ws, st, form)


def layout(table: Table) -> tuple[list[int], list[tuple[int, int]]]:
    """(first sheet column of each lead column, (first, last) sheet columns of each data column)."""
    lead, c = [], 0
    for _, span in table.lead:
        lead.append(c)
        c += span
    data = []
    for col in table.columns:
        data.append((c, c + col.span - 1))
        c += col.span
    return lead, data


class Geometry:
    """Where a form's columns are and how they print: the data columns of each page (one block when the form is
    one page wide), the last label column, the last column."""

    def __init__(self, lead: list[int], data: list[tuple[int, int]], last_lead: int, breaks: list[int]) -> None:
        self.lead, self.data, self.last_lead = lead, data, last_lead
        self.last_col = data[-1][1] if data else last_lead
        self.blocks = blocks(last_lead + 1, self.last_col, breaks)
        self.px: dict[int, int] = {}

    def width(self, a: int, b: int) -> int:
        return sum(self.px.get(c, 64) for c in range(a, b + 1))


def write_form(ws: Worksheet, st: Styles, form: Form) -> None:
    first = form.tables[0]
    lead, data = layout(first)
    last_lead = lead[-1] + first.lead[-1][1] - 1 if lead else 0
    px = _widths(form, lead, data)
    starts = [data[i][0] for i, col in enumerate(first.columns)
              if i == 0 or col.group is None or col.group != first.columns[i - 1].group]
    scale, breaks = pages([px.get(c, 64) for c in range(max(px) + 1)], last_lead + 1, starts)
    g = Geometry(lead, data, last_lead, breaks)
    g.px = px
    for c, w in px.items():  # xlsxwriter's width in characters for `w` pixels (its own conversion, inverted)
        ws.set_column_pixels(c, c, w)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=FORM_PAGE.left, right=FORM_PAGE.right, top=FORM_PAGE.top, bottom=FORM_PAGE.bottom)
    ws.set_footer(f"&R{FOOTER_FONT}Trang &P / &N")  # 11 pt: 9 pt or more once printed at the sheet's scale
    r = 0
    row_breaks = []
    for i, table in enumerate(form.tables):
        if i:
            row_breaks.append(r)
        r = _table(ws, st, form, table, r, g)
    if form.per_unit:
        ws.set_h_pagebreaks(row_breaks)
        ws.print_across()  # a commune's pages side by side in order, before the next commune's
    else:
        ws.repeat_rows(2, HEADER_ROWS - 1)
        ws.freeze_panes(HEADER_ROWS, len(first.lead))
    # the forms' 10-point text prints at 9 pt or more; a wider form prints its columns over more pages, broken
    # where decided here (in the wider font), the label columns repeated
    ws.set_print_scale(scale)
    if breaks:
        ws.set_v_pagebreaks(breaks)
        ws.repeat_columns(0, last_lead)


def _widths(form: Form, lead: list[int], data: list[tuple[int, int]]) -> dict[int, int]:
    """The pixels of every sheet column: a merged column's width shared by its sheet columns."""
    px: dict[int, int] = {}
    for k, w in enumerate(lead_widths(form)):
        span = form.tables[0].lead[k][1]
        px.update({c: -(-w // span) for c in range(lead[k], lead[k] + span)})
    for (a, b), w in zip(data, data_widths(form)):
        px.update({c: -(-w // (b - a + 1)) for c in range(a, b + 1)})
    return px


def _lines_pt(lines: int) -> float:
    return max(FORM_ROW_PT, lines * FORM_LINE_PT)


def _table(ws: Worksheet, st: Styles, form: Form, table: Table, r: int, g: Geometry) -> int:
    """Write one table from row r; returns the row after it. Texts that span columns are merged within each
    page's block: on a form of several pages wide, the heading lines stand in the label columns (printed on every
    page), the title and the reference point over each page's columns."""
    lead, data, last_col = g.lead, g.data, g.last_col
    province, place = f"Tỉnh/Thành phố: {form.province or PROVINCE_BLANK}", _place(table)
    code_col = last_col
    if len(g.blocks) > 1:
        for row, text in ((r, province), (r + 1, place)):
            _merge(ws, row, 0, row, g.last_lead, text, st.head_wrap)
            ws.set_row(row, _lines_pt(wrapped_lines(text, g.width(0, g.last_lead), FORM_PT, bold=True)))
        spans = [(a, b if b < last_col else max(a, b - 2)) for a, b in g.blocks]
    else:
        ws.write_string(r, 0, province, st.head)
        ws.write_string(r + 1, 0, place, st.head)
        middle = max(lead[-1] + 1, 4)
        spans = [(middle, max(middle, last_col - 2))]
    title = form.title.upper()
    for a, b in spans:
        _merge(ws, r, a, r, b, title, st.title)
        _merge(ws, r + 1, a, r + 1, b, f"Thời điểm: ngày 30 tháng 9 năm {form.year}", st.head)
    lines = max(wrapped_lines(title, g.width(a, b), TITLE_PT, bold=True) for a, b in spans)
    if lines > 1:
        ws.set_row(r, lines * 16.0)
    ws.write_string(r, code_col, f"Mẫu {form.code}", st.code)
    _headers(ws, st, table, r + 2, g)
    r += HEADER_ROWS
    body = r
    for row in table.rows:
        _row(ws, st, table, row, r, g, body)
        r += 1
    # the notes are read on the first page; on a form of several pages wide they stand right of the label columns,
    # which print again on every page and would show the notes' beginning there, cut
    notes = (0, last_col) if len(g.blocks) == 1 else g.blocks[0]
    for note in table.notes:
        ws.merge_range(r, notes[0], r, notes[1], note, st.note)
        ws.set_row(r, _lines_pt(wrapped_lines(note, g.width(*notes), FORM_PT)))
        r += 1
    r += 1
    right = max(g.blocks[-1][0], last_col - 4)  # the signature stands on the last page, whole
    _merge(ws, r, right, r, last_col, "…………, ngày …… tháng …… năm ……", st.place)
    for k, (title, hint) in enumerate((("Người lập biểu", "(Ký, ghi rõ họ tên)"),
                                       ("Thủ trưởng đơn vị", "(Ký tên, đóng dấu)"))):
        a, b = (0, max(1, lead[-1])) if k == 0 else (right, last_col)
        _merge(ws, r + 1, a, r + 1, b, title, st.sign)
        _merge(ws, r + 2, a, r + 2, b, hint, st.sign_hint)
    return r + 7  # room to sign


def _merge(ws: Worksheet, r1: int, c1: int, r2: int, c2: int, text: str, fmt: Format) -> None:
    if r1 == r2 and c1 == c2:
        ws.write_string(r1, c1, text, fmt)
    else:
        ws.merge_range(r1, c1, r2, c2, text, fmt)


def _headers(ws: Worksheet, st: Styles, table: Table, r: int, g: Geometry) -> None:
    """Rows 3–5: headers (groups above their columns, merged within each page), the birth years, the column
    numbers; the two header rows as tall as their wrapped labels (neither Excel nor LibreOffice grows a row a
    program wrote)."""
    lead, data = g.lead, g.data
    top, bottom, both = [1], [1], [1]  # lines of the texts in row 3, in row 4, over both

    def put(rows: tuple[int, int], a: int, b: int, text: str, lines: list[int]) -> None:
        for lo, hi in pieces(a, b, g.blocks) if a > g.last_lead else [(a, b)]:
            _merge(ws, r + rows[0], lo, r + rows[1], hi, text, st.header)
            lines.append(wrapped_lines(text, g.width(lo, hi), FORM_PT, bold=True))

    for k, (header, span) in enumerate(table.lead):
        put((0, 1), lead[k], lead[k] + span - 1, header, both)
        _merge(ws, r + 2, lead[k], r + 2, lead[k] + span - 1, chr(ord("A") + k), st.number)
    i = 0
    while i < len(table.columns):
        col = table.columns[i]
        a, b = data[i]
        if col.group:
            j = i
            while j + 1 < len(table.columns) and table.columns[j + 1].group == col.group:
                j += 1
            put((0, 0), a, data[j][1], col.group, top)
            for k in range(i, j + 1):
                put((1, 1), data[k][0], data[k][1], table.columns[k].label, bottom)
            i = j + 1
        elif col.birth_year is not None or any(c.birth_year is not None for c in table.columns):
            put((0, 0), a, b, col.label, top)
            put((1, 1), a, b, "" if col.birth_year is None else str(col.birth_year), bottom)
            i += 1
        else:
            put((0, 1), a, b, col.label, both)
            i += 1
    for k, (a, b) in enumerate(data):
        _merge(ws, r + 2, a, r + 2, b, f"({k + 1})", st.number)
    upper, lower = max(top), max(bottom)
    lower = max(lower, max(both) - upper)
    ws.set_row(r, _lines_pt(upper))
    ws.set_row(r + 1, _lines_pt(lower))


def _place(table: Table) -> str:
    """A list of communes is headed by the areas it covers: "Thị xã Bến Cát: các xã, phường"."""
    areas = [row.label for row in table.rows if row.kind == "total" and row.label != TOTAL_NAME]
    if table.unit == "" and areas:
        return f"{', '.join(areas)}: các xã, phường"
    return table.place


def _row(ws: Worksheet, st: Styles, table: Table, row: Row, r: int, g: Geometry, body: int) -> None:
    lead, data = g.lead, g.data
    bold = row.kind in ("total", "section", "level")
    texts = lead_texts(table, row)
    lines = 1
    for k, (_, span) in enumerate(table.lead):
        text = texts[k] if k < len(texts) else ""
        _merge(ws, r, lead[k], r, lead[k] + span - 1, text, st.label_bold if bold else st.label)
        # a label that wraps gets its lines' height: a text running past its cell is drawn over the next rows
        lines = max(lines, wrapped_lines(text, g.width(lead[k], lead[k] + span - 1), FORM_PT, bold=bold))
    words = [(a, b, cell) for (a, b), cell in zip(data, row.cells) if isinstance(cell, str)]
    for a, b, cell in words if row.kind != "level" else []:
        lines = max(lines, wrapped_lines(cell, g.width(a, b), FORM_PT))
    if row.kind == "level" and data:  # the level reached reads across the table, on each page
        for a, b in pieces(data[0][0], data[-1][1], g.blocks):
            _merge(ws, r, a, r, b, str(row.cells[0]), st.level)
            lines = max(lines, wrapped_lines(str(row.cells[0]), g.width(a, b), FORM_PT, bold=True))
    if lines > 1:
        ws.set_row(r, _lines_pt(lines))
    if row.kind == "level":
        return
    for k, ((a, b), cell) in enumerate(zip(data, row.cells)):
        if a != b:
            ws.merge_range(r, a, r, b, None, st.blank)
        if isinstance(cell, Rate):
            formula = _rate_formula(cell, data, body)
            if formula is not None:  # the form's own cells: an officer's correction updates the rate
                ws.write_formula(r, a, formula, st.pct, "" if cell.value is None else cell.value)
            elif cell.value is None:
                ws.write_blank(r, a, None, st.blank)
            else:
                ws.write_number(r, a, cell.value, st.pct)
        elif isinstance(cell, bool) or cell is None:
            ws.write_blank(r, a, None, st.blank)
        elif isinstance(cell, int):
            fmt = st.int_bold if bold else st.int
            total = _rows_formula(table, row, k, data, body) or _in_row_formula(table, row, k, r, data)
            if total is not None:
                ws.write_formula(r, a, total, fmt, cell)
            else:
                ws.write_number(r, a, cell, fmt)
        else:
            ws.write_string(r, a, str(cell), st.text)


def _rate_formula(cell: Rate, data: list[tuple[int, int]], body: int) -> str | None:
    """=IF(den=0,"",TRUNC(num/den,4)): truncated like every printed rate (spec.md), so a hand-corrected count
    never shows a threshold reached that its exact value misses."""
    num, den = cell.refs
    if num is None or den is None:
        return None
    n = xl_rowcol_to_cell(body + num[0], data[num[1]][0])
    d = xl_rowcol_to_cell(body + den[0], data[den[1]][0])
    return f'=IF({d}=0,"",TRUNC({n}/{d},4))'


_BAND = re.compile(r"^Cộng (\d+)–(\d+)$")
_AGE = re.compile(r"^(\d+) tuổi$")


def _in_row_formula(table: Table, row: Row, k: int, r: int, data: list[tuple[int, int]]) -> str | None:
    """A column computed from others in its row (Column.of: "Cộng đang học" = (4) + (5) + (6), "Mù chữ mức độ 2" =
    PPC − literate), or a band column ("Cộng 6–10") as the sum of its own ages, as a formula over the row's cells
    when its value is that: an officer's correction of one cell updates the column."""
    terms = table.columns[k].of
    band = _BAND.match(table.columns[k].label)
    if not terms and band is not None:
        lo, hi = int(band.group(1)), int(band.group(2))
        terms = tuple((1, i) for i, col in enumerate(table.columns)
                      if (m := _AGE.match(col.label)) and lo <= int(m.group(1)) <= hi)
    terms = tuple((sign, i) for sign, i in terms if i < len(row.cells))
    cells = [row.cells[i] for _, i in terms]
    if not terms or not all(isinstance(c, int) and not isinstance(c, bool) for c in cells) \
            or sum(sign * c for (sign, _), c in zip(terms, cells)) != row.cells[k]:  # type: ignore[operator]
        return None
    plus = [xl_rowcol_to_cell(r, data[i][0]) for sign, i in terms if sign > 0]
    minus = [xl_rowcol_to_cell(r, data[i][0]) for sign, i in terms if sign < 0]
    return "=" + ("SUM(" + ",".join(plus) + ")" if not minus else "+".join(plus)) + "".join("-" + m for m in minus)


def _rows_formula(table: Table, row: Row, k: int, data: list[tuple[int, int]], body: int) -> str | None:
    """A subtotal row ("Cộng 15–25") as the sum of its rows' cells in the column, when it is that sum: an officer's
    correction of one age updates the subtotal."""
    cells = [table.rows[i].cells[k] if k < len(table.rows[i].cells) else None for i in row.sums]
    if not row.sums or not all(isinstance(c, int) and not isinstance(c, bool) for c in cells) \
            or sum(cells) != row.cells[k]:  # type: ignore[arg-type]
        return None
    col = data[k][0]
    runs: list[list[int]] = []  # consecutive rows as one range: =SUM(C17:C27)
    for i in sorted(body + i for i in row.sums):
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return "=SUM(" + ",".join(xl_rowcol_to_cell(run[0], col) if len(run) == 1 else
                              f"{xl_rowcol_to_cell(run[0], col)}:{xl_rowcol_to_cell(run[-1], col)}" for run in runs) + ")"
