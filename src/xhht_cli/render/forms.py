"""The official forms as workbook sheets, one sheet per form, laid out as reference/forms.md describes:

row 1  "Tỉnh/Thành phố: …", the form's title, "Mẫu {code}"
row 2  the unit ("Xã/Phường: …"), and in E2 "Thời điểm: ngày 30 tháng 9 năm {Y}"
row 3  column headers (or the group spanning them); row 4 the birth year under each age (or the columns
       under their group); row 5 the column numbers; data from row 6
then the notes, the place-and-date line and the signature block ("Người lập biểu", "Thủ trưởng đơn vị").

A4 landscape. A per-commune form prints one commune per page: a page break before each commune and a
print scale that fits the widest and tallest page (Excel ignores manual page breaks when "fit to pages" is
set, so the scale is computed). A list form fits its width and repeats its header rows on every page.
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
from .printing import FONT, FONT_PT, FOOTER_FONT, WIDER_STANDIN, column_px, readable, wrapped_lines

HEADER_ROWS = 5  # rows 1–5 of every table; data from row 6
# characters per data column and of the label column: narrow enough that a commune's form is one A4 width at 85%
# in the wider stand-in font (printing.WIDER_STANDIN), so that a printer without Arial prints the same pages
DATA_WIDTH = 8.0
NUMBER_WIDTH = 6.0
LABEL_WIDTH = 38.0
UNIT_WIDTH = 23.0
ROW_HEIGHT = 15  # points
# A4 landscape less the margins below: 10.89 × 7.2 inches at 96 pixels per inch; a sheet's width is taken in the
# wider stand-in font (printing.WIDER_STANDIN), which also covers LibreOffice drawing columns a little wider
PRINTABLE_PX = (1045, 690)
PROVINCE_BLANK = "……………………"


class Styles:
    """Formats of the forms: the workbook's one font family (Arial, printed the same through its metric twin
    Liberation Sans where Arial is missing) at 11 pt — the official forms are read at 10–12 pt — thin borders."""

    def __init__(self, wb: Workbook) -> None:
        def f(**props: Any) -> Format:
            return wb.add_format({"font_name": FONT, "font_size": FONT_PT, **props})

        cell = {"border": 1, "valign": "vcenter"}
        self.head = f(bold=True)
        self.title = f(bold=True, font_size=12, align="center")
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


def write_form(ws: Worksheet, st: Styles, form: Form) -> None:
    first = form.tables[0]
    lead, data = layout(first)
    last_col = data[-1][1] if data else len(lead)
    _widths(ws, first, lead, data)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.set_footer(f"&R{FOOTER_FONT}Trang &P / &N")  # 11 pt: 9 pt or more once printed at the sheet's scale
    r = 0
    breaks = []
    tallest = 0
    for i, table in enumerate(form.tables):
        if i:
            breaks.append(r)
        start = r
        r = _table(ws, st, form, table, r, lead, data, last_col)
        tallest = max(tallest, r - start)
    if form.per_unit:
        ws.set_h_pagebreaks(breaks)
        ws.set_print_scale(_scale(ws, last_col, tallest))
        ws.print_across()  # a commune's pages side by side in order, before the next commune's
    else:
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(2, HEADER_ROWS - 1)
        ws.freeze_panes(HEADER_ROWS, len(first.lead))
    # never below a printed 9 pt: a wider form prints its columns over more pages, the label columns repeated
    readable(ws, lead[-1] + first.lead[-1][1] if lead else 1, starts=[a for a, _ in data])


def _label_px(table: Table) -> int:
    """The width in pixels of a table's label column (its second lead column, as _widths sets it)."""
    header, span = table.lead[1]
    width = LABEL_WIDTH if span > 1 else UNIT_WIDTH if header == "Đơn vị" else 10.0
    return span * column_px(width / span)


def _widths(ws: Worksheet, table: Table, lead: list[int], data: list[tuple[int, int]]) -> None:
    for k, (header, span) in enumerate(table.lead):
        if k == 0 and len(table.lead) > 1:
            width = NUMBER_WIDTH if header == "TT" else 10.0
        else:
            width = (LABEL_WIDTH if span > 1 else UNIT_WIDTH if header == "Đơn vị" else 10.0)
        ws.set_column(lead[k], lead[k] + span - 1, width / span)
    for (a, b) in data:
        ws.set_column(a, b, DATA_WIDTH / (b - a + 1) if b > a else DATA_WIDTH)


def _scale(ws: Worksheet, last_col: int, rows: int) -> int:
    """The print scale (10–100%) at which the widest page fits the width and the tallest the height."""
    # pixels, in the wider stand-in font: a printer without Arial prints the same page
    px = sum(ws.col_info[c].width if c in ws.col_info else 64 for c in range(last_col + 1)) * WIDER_STANDIN
    tall = rows * ROW_HEIGHT * 96 / 72 + 40
    return max(10, min(100, int(PRINTABLE_PX[0] * 100 / px), int(PRINTABLE_PX[1] * 100 / tall)))


def _table(ws: Worksheet, st: Styles, form: Form, table: Table, r: int, lead: list[int],
           data: list[tuple[int, int]], last_col: int) -> int:
    """Write one table from row r; returns the row after it."""
    ws.write_string(r, 0, f"Tỉnh/Thành phố: {form.province or PROVINCE_BLANK}", st.head)
    middle = max(lead[-1] + 1, 4)
    _merge(ws, r, middle, r, max(middle, last_col - 2), form.title.upper(), st.title)
    ws.write_string(r, last_col, f"Mẫu {form.code}", st.code)
    ws.write_string(r + 1, 0, _place(table), st.head)
    ws.write_string(r + 1, 4, f"Thời điểm: ngày 30 tháng 9 năm {form.year}", st.head)
    _headers(ws, st, table, r + 2, lead, data)
    r += HEADER_ROWS
    body = r
    for row in table.rows:
        _row(ws, st, table, row, r, lead, data, body)
        r += 1
    for note in table.notes:
        ws.merge_range(r, 0, r, last_col, note, st.note)
        ws.set_row(r, ROW_HEIGHT * (1 + len(note) // 160))
        r += 1
    r += 1
    right = max(lead[-1] + 1, last_col - 4)
    _merge(ws, r, right, r, last_col, "…………, ngày …… tháng …… năm ……", st.place)
    for k, (title, hint) in enumerate((("Người lập biểu", "(Ký, ghi rõ họ tên)"),
                                       ("Thủ trưởng đơn vị", "(Ký tên, đóng dấu)"))):
        a, b = (0, max(1, lead[-1])) if k == 0 else (right, last_col)
        ws.merge_range(r + 1, a, r + 1, b, title, st.sign)
        ws.merge_range(r + 2, a, r + 2, b, hint, st.sign_hint)
    return r + 7  # room to sign


def _merge(ws: Worksheet, r1: int, c1: int, r2: int, c2: int, text: str, fmt: Format) -> None:
    if r1 == r2 and c1 == c2:
        ws.write_string(r1, c1, text, fmt)
    else:
        ws.merge_range(r1, c1, r2, c2, text, fmt)


def _headers(ws: Worksheet, st: Styles, table: Table, r: int, lead: list[int], data: list[tuple[int, int]]) -> None:
    """Rows 3–5: headers (groups above their columns), the birth years, the column numbers."""
    for k, (header, span) in enumerate(table.lead):
        _merge(ws, r, lead[k], r + 1, lead[k] + span - 1, header, st.header)
        _merge(ws, r + 2, lead[k], r + 2, lead[k] + span - 1, chr(ord("A") + k), st.number)
    i = 0
    while i < len(table.columns):
        col = table.columns[i]
        a, b = data[i]
        if col.group:
            j = i
            while j + 1 < len(table.columns) and table.columns[j + 1].group == col.group:
                j += 1
            _merge(ws, r, a, r, data[j][1], col.group, st.header)
            for k in range(i, j + 1):
                _merge(ws, r + 1, data[k][0], r + 1, data[k][1], table.columns[k].label, st.header)
            i = j + 1
        elif col.birth_year is not None or any(c.birth_year is not None for c in table.columns):
            _merge(ws, r, a, r, b, col.label, st.header)
            _merge(ws, r + 1, a, r + 1, b, "" if col.birth_year is None else str(col.birth_year), st.header)
            i += 1
        else:
            _merge(ws, r, a, r + 1, b, col.label, st.header)
            i += 1
    for k, (a, b) in enumerate(data):
        _merge(ws, r + 2, a, r + 2, b, f"({k + 1})", st.number)
    # Neither Excel nor LibreOffice grows a row a program wrote: size the header rows to their wrapped labels.
    lines = [-(-len(c.label) // max(1, int(DATA_WIDTH * c.span) - 1)) for c in table.columns]
    ws.set_row(r, 2 * ROW_HEIGHT)
    ws.set_row(r + 1, max([2] + lines) * ROW_HEIGHT)


TOTAL_NAME = "Tổng"  # the report's unit over several areas


def _place(table: Table) -> str:
    """A list of communes is headed by the areas it covers: "Thị xã Bến Cát: các xã, phường"."""
    areas = [row.label for row in table.rows if row.kind == "total" and row.label != TOTAL_NAME]
    if table.unit == "" and areas:
        return f"{', '.join(areas)}: các xã, phường"
    return table.place


def _total_label(row: Row) -> str:
    return "Tổng cộng" if row.label == TOTAL_NAME else f"Cộng {row.label}"


def _row(ws: Worksheet, st: Styles, table: Table, row: Row, r: int, lead: list[int],
         data: list[tuple[int, int]], body: int) -> None:
    bold = row.kind in ("total", "section", "level")
    # a list's total row is no commune: unnumbered, and labelled as the sum it is
    listed_total = table.unit == "" and row.kind == "total"
    texts = ["", _total_label(row)] if listed_total else [row.number, row.label]
    for k, (_, span) in enumerate(table.lead):
        _merge(ws, r, lead[k], r, lead[k] + span - 1, texts[k] if k < len(texts) else "",
               st.label_bold if bold else st.label)
    # a label (or a level's words, "Chưa đạt (điều kiện bảo đảm chưa đạt)") that wraps in 11-point Arial gets its
    # lines' height: a text running past its cell printed a page of its own where the font is wider
    lines = wrapped_lines(texts[1], _label_px(table), bold=bold) if len(table.lead) > 1 else 1
    words = [(a, b, cell) for (a, b), cell in zip(data, row.cells) if isinstance(cell, str)]
    for a, b, cell in words if row.kind != "level" else []:
        lines = max(lines, wrapped_lines(cell, sum(ws.col_info[c].width for c in range(a, b + 1))))
    if lines > 1:
        ws.set_row(r, ROW_HEIGHT * lines)
    if row.kind == "level" and data:  # the level reached reads across the table
        _merge(ws, r, data[0][0], r, data[-1][1], str(row.cells[0]), st.level)
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
