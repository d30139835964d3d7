"""The chart sheet: each table with its chart under it forms one block kept on one printed page."""

from __future__ import annotations

from collections.abc import Sequence

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..fmt import NO_DATA, truncate
from ...law.indicators import BY_ID
from ...law.plan import Target
from ..printing import FONT, FONT_PT, Pager, chart_columns, chart_page, chart_width, column_px
from .frame import (
    EMPTY_COHORT,
    HEADER_ROW,
    LEVEL_COLOURS,
    LINE_HEIGHT,
    NO_DATA_COLOUR,
    SHEET_CHARTS,
    TITLE_PT,
    Context,
    _sheet,
    _text,
    subtitle_across,
    _unit_name,
)

CHART_FONT = {"name": FONT, "size": FONT_PT}  # every chart text in the cells' family: 9 pt or more once printed

# --- Biểu đồ ----------------------------------------------------------------------------------------------

CHART_ROWS = 15  # the chart's own rows under its table: 225 pt; shorter crowds its legend and axis


def _charts(wb: Workbook, ctx: Context) -> None:
    """Each table with its chart under it is a block of rows with set heights; a row break before a block
    that does not fit on the rest of the page keeps every chart whole on one printed page. Under, not beside:
    the sheet is as wide as its table, and stays inside the page where a wider font widens the columns."""
    ws = _sheet(wb, ctx, SHEET_CHARTS, "Biểu đồ", fit=False)
    widths = _table_widths(ctx)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    table_px = sum(column_px(w) for w in widths)
    page = chart_page(table_px, repeated_pt=TITLE_PT + LINE_HEIGHT)
    chart_px = chart_width(table_px, page)
    chart_columns(ws, len(widths), chart_px - table_px)
    page.repeated_pt = TITLE_PT + subtitle_across(ws, ctx)
    page.apply(ws)
    ws.freeze_panes(HEADER_ROW, 0)
    ws.repeat_rows(0, HEADER_ROW - 1)
    pager = Pager(page)
    r = _levels_chart(wb, ws, ctx, HEADER_ROW, pager, chart_px)
    for target in ctx.shown_targets:
        if target.kind == "rate" and target.indicator:
            r = _rate_chart(wb, ws, ctx, target, r, pager, chart_px)
    pager.apply(ws)


def _block(ws: Worksheet, pager: Pager, r: int, table_rows: int, charted: bool = True) -> tuple[int, dict[str, int]]:
    """A block's rows (title, a two-line header, the table, then the chart's rows unless there is no chart, and a
    blank row), placed on the page and set on the sheet. Returns the row after the table and the chart's height."""
    table = [LINE_HEIGHT, 2 * LINE_HEIGHT] + [LINE_HEIGHT] * table_rows
    chart = [LINE_HEIGHT] * (CHART_ROWS if charted else 0)
    rows = table + chart + [LINE_HEIGHT]
    chart_row = r + len(table)
    pager.block(r, rows, chart_row)
    for i, h in enumerate(rows):
        ws.set_row(r + i, h)
    # the chart fills its rows, less two pixels so that its edge stays inside the last one
    return chart_row, {"height": int(sum(chart) * 4 / 3) - 2}


def _after(chart_row: int, charted: bool = True) -> int:
    """The row after a block: its chart's rows and the blank row."""
    return chart_row + (CHART_ROWS if charted else 0) + 1


def _table_widths(ctx: Context) -> list[float]:
    return [float(ctx.name_width), 11, 11, 11, 17, 17]


def _chart_header(ws: Worksheet, ctx: Context, r: int, title: str, columns: Sequence[str]) -> None:
    ws.write_string(r, 0, title, ctx.st.section)
    for c, label in enumerate(columns):
        ws.write_string(r + 1, c, label, ctx.st.header)


def _levels_chart(wb: Workbook, ws: Worksheet, ctx: Context, r: int, pager: Pager, width: int) -> int:
    """Communes per level of every standard, as stacked bars. Returns the row after the block."""
    top = max(len(s.levels) for s in ctx.rules.standards)
    columns = ["Chuẩn", "Chưa đạt"] + [f"MĐ{lv}" for lv in range(1, top + 1)] + ["Chưa có số liệu"]
    chart_row, size = _block(ws, pager, r, len(ctx.rules.standards))
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
    chart.set_title({"name": "Số xã/phường theo mức đạt chuẩn", "name_font": {"name": FONT, "size": 12}})
    chart.set_y_axis({"reverse": True, "num_font": CHART_FONT})
    chart.set_x_axis({"major_gridlines": {"visible": True}, "num_format": "0", "num_font": CHART_FONT})
    chart.set_legend({"position": "bottom", "font": CHART_FONT})
    chart.set_size({"width": width, **size})
    ws.insert_chart(chart_row, 0, chart)
    return _after(chart_row)


def _rate_chart(wb: Workbook, ws: Worksheet, ctx: Context, target: Target, r: int, pager: Pager,
                width: int) -> int:
    """The units' values as bars, each plan year's required value as a line. Returns the row after the block."""
    ind = BY_ID[target.indicator or ""]
    years = [ty.year for ty in target.years]
    # a chart of no value draws nothing: the table alone says "không có số liệu"
    charted = any(ctx.indicators[(u.code, ind.id)].value is not None for u in ctx.report.units)
    chart_row, size = _block(ws, pager, r, len(ctx.report.units), charted)
    _chart_header(ws, ctx, r, ind.label, ["Đơn vị", "Hiện tại"] + [f"Yêu cầu {y}" for y in years] + ["Ghi chú"])
    first = r + 2
    for i, unit in enumerate(ctx.report.units):
        row = ctx.indicators[(unit.code, ind.id)]
        _unit_name(ws, ctx, first + i, 0, unit)
        if row.value is None:
            ws.write_blank(first + i, 1, None, ctx.st.pct)  # a blank, not a text: a chart plots text as 0
            note = EMPTY_COHORT if row.denominator == 0 else NO_DATA
        else:
            ws.write_number(first + i, 1, truncate(row.value, 4), ctx.st.pct)
            note = ""
        for k, ty in enumerate(target.years):
            ws.write_number(first + i, 2 + k, truncate(float(ty.required), 4), ctx.st.pct)
        _text(ws, first + i, 2 + len(years), note, ctx.st.grey)
    if not charted:
        return _after(chart_row, charted)
    chart = wb.add_chart({"type": "column"})
    last = first + len(ctx.report.units) - 1
    chart.add_series({"name": "Hiện tại", "categories": [ws.name, first, 0, last, 0],
                      "values": [ws.name, first, 1, last, 1], "fill": {"color": "#5B9BD5"}, "gap": 80})
    # no value labels: at a readable size they overlap over a bar per commune; the table above holds each value
    line = wb.add_chart({"type": "line"})
    for k, y in enumerate(years):
        line.add_series({"name": f"Yêu cầu {y}", "categories": [ws.name, first, 0, last, 0],
                         "values": [ws.name, first, 2 + k, last, 2 + k],
                         "line": {"color": ("#ED7D31", "#C00000", "#7030A0")[k % 3], "width": 2,
                                  "dash_type": "solid" if k == 0 else "dash"}})
    chart.combine(line)
    chart.set_title({"name": ind.label, "name_font": {"name": FONT, "size": 12}})
    chart.set_y_axis({"num_format": "0%", "min": 0, "max": 1, "major_gridlines": {"visible": True},
                      "num_font": CHART_FONT})
    chart.set_x_axis({"num_font": CHART_FONT})
    chart.set_legend({"position": "bottom", "font": CHART_FONT})
    chart.set_size({"width": width, **size})
    chart.show_blanks_as("gap")
    ws.insert_chart(chart_row, 0, chart)
    return _after(chart_row)


