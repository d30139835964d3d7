"""The official forms on paper, without LibreOffice (issue 20: "print a person can read ... nothing past a cell's
edge"): each form is one A4 landscape page wide at 9 pt or more, even in the wider stand-in font; a form that
cannot be prints its columns over pages with no merged text across a break; every wrapped text, a subtotal's
"Cộng 15–25" among them, has the lines of its row."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from xhht_cli.forms import all_forms
from xhht_cli.pipeline import Options, run
from xhht_cli.render.excel import workbook_bytes
from xhht_cli.render.form_sizes import FORM_LINE_PT, FORM_PT, FORM_ROW_PT
from xhht_cli.render.printing import WIDER_STANDIN, column_px, wrapped_lines

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "ben-cat" / "2024"
# the forms that cannot be one page wide at 9 pt (19 and 28 data columns): they keep column breaks
BROKEN = {"Biểu THCS-M2", "Biểu CMC-1"}


@pytest.fixture(scope="module")
def forms():
    result = run([SAMPLES], Options())
    data = workbook_bytes(result.report, result.plan, result.rules, all_forms(result.report, result.gathered.ages))
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [ws for ws in wb.worksheets if ws.title.startswith("Biểu ") and ws.title != "Biểu đồ"]


def widths_px(ws) -> list[int]:
    """The pixels of each column (0-based): a stored width W (characters of 7 px, the cell padding included, as
    xlsxwriter writes it) is W × 7 pixels, rounded as Excel does."""
    widths: dict[int, int] = {}
    for dim in list(ws.column_dimensions.values()):
        if dim.min is not None and dim.width:
            widths.update({c: int(dim.width * 7 + 0.5) for c in range(dim.min, (dim.max or dim.min) + 1)})
    return [widths.get(c, column_px(8.43)) for c in range(1, ws.max_column + 1)]


def room_px(ws) -> float:
    """The printed width inside the margins, in the sheet's pixels at its scale, in the wider stand-in font."""
    m = ws.page_margins
    return (11.69 - m.left - m.right) * 96 * 100 / int(ws.page_setup.scale or 100) / WIDER_STANDIN


def test_every_form_is_one_page_wide_in_either_font(forms) -> None:
    assert len(forms) == 11
    for ws in forms:
        scale = int(ws.page_setup.scale or 100)
        assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert scale * FORM_PT / 100 >= 9, (ws.title, scale)
        if ws.title in BROKEN:
            continue
        assert not ws.col_breaks.brk, ws.title
        assert sum(widths_px(ws)) <= room_px(ws), (ws.title, sum(widths_px(ws)), room_px(ws))


def test_a_form_broken_over_pages_cuts_nothing_at_a_break(forms) -> None:
    """Its pages fit the width with the repeated label columns, and no merged text (a header group, the title,
    the reference point, a level, a note, a signature) spans a break."""
    for ws in forms:
        breaks = [b.id for b in ws.col_breaks.brk]  # a break with id N: a new page from 0-based column N
        if ws.title not in BROKEN:
            continue
        assert breaks and ws.print_title_cols == "$A:$B", ws.title
        widths = widths_px(ws)
        edges = [2] + breaks + [len(widths)]
        for a, b in zip(edges, edges[1:]):
            assert sum(widths[:2]) + sum(widths[a:b]) <= room_px(ws), (ws.title, a, b)
        for rng in ws.merged_cells.ranges:  # 1-based columns; a range crosses break N when min ≤ N < max
            assert not any(rng.min_col <= n < rng.max_col for n in breaks), (ws.title, str(rng))
            # nor the edge of the label columns, which print again, cut, on every page
            assert not rng.min_col <= 2 < rng.max_col, (ws.title, str(rng))
        # the heading lines stand in the label columns, printed on every page
        assert ws.merged_cells.ranges and any(str(r).startswith("A1:B1") for r in ws.merged_cells.ranges)


def test_every_wrapped_text_of_a_form_has_its_lines(forms) -> None:
    """A label ("Cộng 15–25" in bold), a header or a note that wraps gets the height of its lines: a text taller
    than its row is drawn over the row lines below."""
    short, checked = [], 0
    for ws in forms:
        widths = widths_px(ws)
        spans = {(r.min_row, r.min_col): r for r in ws.merged_cells.ranges}
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                    continue
                rng = spans.get((cell.row, cell.column))
                c1, c2, r1, r2 = (cell.column, cell.column, cell.row, cell.row) if rng is None else (
                    rng.min_col, rng.max_col, rng.min_row, rng.max_row)
                width = sum(widths[c - 1] for c in range(c1, c2 + 1))
                lines = wrapped_lines(cell.value, width, float(cell.font.sz or FORM_PT), bold=bool(cell.font.b))
                height = sum(ws.row_dimensions[r].height or FORM_ROW_PT for r in range(r1, r2 + 1))
                line = FORM_LINE_PT if (cell.font.sz or FORM_PT) <= FORM_PT else 16.0
                checked += lines > 1
                if lines > 1 and lines * line > height + 0.01:
                    short.append((ws.title, cell.coordinate, cell.value, lines, height))
    assert short == [] and checked > 100, checked


def test_subtotal_labels_stand_on_one_line(forms) -> None:
    ws = next(w for w in forms if w.title == "Biểu XMC-3")
    width = widths_px(ws)[0]
    for label in ("Cộng 15–25", "Cộng 15–35", "Cộng 15–60"):
        assert wrapped_lines(label, width, FORM_PT, bold=True) == 1, label
