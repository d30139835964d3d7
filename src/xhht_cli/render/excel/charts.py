"""The chart sheet: each table and its chart form one block kept on one printed page."""

from __future__ import annotations

from collections.abc import Sequence

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..fmt import NO_DATA, truncate
from ...law.indicators import BY_ID
from ...law.plan import Target
from ..printing import FONT, FONT_PT, Page, Pager, chart_columns, chart_width, column_px, scale_to_fit
from .frame import (
    CHART_COL,
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
    _unit_name,
)

CHART_FONT = {"name": FONT, "size": FONT_PT}  # every chart text in the cells' family: 9 pt or more once printed

# --- Biểu đồ ----------------------------------------------------------------------------------------------

CHART_MIN_PT = 210.0  # a chart shorter than this crowds its legend and axis


def _charts(wb: Workbook, ctx: Context) -> None:
    """Each table with its chart beside it is a block of rows with set heights; a row break before a block
    that does not fit on the rest of the page keeps every chart whole on one printed page."""
    ws = _sheet(wb, ctx, SHEET_CHARTS, "Biểu đồ", fit=False)
    widths = _table_widths(ctx)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    chart_px = _chart_px(ctx)
    chart_columns(ws, CHART_COL, chart_px)
    page = Page(scale=scale_to_fit(sum(column_px(w) for w in widths) + chart_px),
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


def _table_widths(ctx: Context) -> list[float]:
    return [float(ctx.name_width), 11, 11, 11, 17, 17, 2]


def _chart_px(ctx: Context) -> int:
    """As wide as the page leaves beside the tables at a readable print scale."""
    return chart_width(sum(column_px(w) for w in _table_widths(ctx)))


def _chart_size(ctx: Context, rows: list[float]) -> dict[str, int]:
    # the chart fills its block's rows, less two pixels so that its edge stays inside the last row
    return {"width": _chart_px(ctx), "height": int(sum(rows) * 4 / 3) - 2}


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
    chart.set_title({"name": "Số xã/phường theo mức đạt chuẩn", "name_font": {"name": FONT, "size": 12}})
    chart.set_y_axis({"reverse": True, "num_font": CHART_FONT})
    chart.set_x_axis({"major_gridlines": {"visible": True}, "num_format": "0", "num_font": CHART_FONT})
    chart.set_legend({"position": "bottom", "font": CHART_FONT})
    chart.set_size(_chart_size(ctx, rows))
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
                      "values": [ws.name, first, 1, last, 1], "fill": {"color": "#5B9BD5"}, "gap": 80})
    # no value labels: at a readable size they overlap over a bar per commune; the table beside holds each value
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
    chart.set_size(_chart_size(ctx, rows))
    chart.show_blanks_as("gap")
    ws.insert_chart(r, CHART_COL, chart)
    return r + len(rows)


