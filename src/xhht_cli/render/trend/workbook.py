"""The trend workbook: the series and goals, levels over the years, a native line chart per target."""

from __future__ import annotations

import io
from datetime import datetime
from fractions import Fraction
from typing import Any

from ..._version import __version__
from ...codes import CODES
from ..fmt import NO_DATA, level_text, truncate
from ...law.standards import Standards
from ...trend.models import TrendReport, TrendTarget, TrendValue
from ...trend.series import line_of, points
from ..printing import (DEFAULT_FORMAT, FONT, FONT_PT, FOOTER_FONT, LINE_PT, Pager, RowHeights, chart_columns,
                        chart_page, chart_width, column_px, readable, text_height)
from .terminal import notes, regroup_lines
from .words import (
    is_share,
    projected_text,
    reached_text,
    required_text,
    shown,
    single_level,
    slope_shown,
    status_label,
    target_label,
    value_text,
)

# --- Excel --------------------------------------------------------------------------------------------

PCT_FMT = "0.00%"
SLOPE_PCT = '+0.00" điểm";-0.00" điểm";0.00" điểm"'
SLOPE_LEVEL = '+0.00" mức";-0.00" mức";0.00" mức"'
LEVEL_FMT = "0.00"
STATUS_FILL = {"met": ("#C6EFCE", "#006100"), "on_track": ("#DDEBF7", "#1F4E78"),
               "off_track": ("#FFC7CE", "#9C0006"), "no_data": ("#F2F2F2", "#808080"),
               "provisional": ("#FFEB9C", "#9C5700")}
GOAL_COLOURS = ("#ED7D31", "#C00000", "#7030A0")
# Levels as level words on the charts' axes and labels (spec.md: never MĐ0/MĐ1 for a single-level standard)
LEVEL_AXIS = '[=0]"Chưa đạt";"MĐ"0'
SINGLE_LEVEL_AXIS = '[=1]"Đạt";[=0]"Chưa đạt";""'

FORBIDDEN_IN_SHEET_NAME = "[]:*?/\\"


def trend_xlsx(report: TrendReport, rules: Standards) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False, "default_format_properties": dict(DEFAULT_FORMAT)})
    # Fixed properties: the same inputs give the same bytes.
    wb.set_properties({"title": f"Xu hướng PCGD–XMC và xã hội học tập {report.years[0]}–{report.years[-1]}",
                       "subject": report.plan.title, "author": "xhht", "comments": f"xhht {__version__}",
                       "created": datetime(report.years[-1], 1, 1)})
    from ...io.sameness import OWN_MARK

    wb.set_custom_property(OWN_MARK, "báo cáo xu hướng")  # so that a trend workbook is never read as data
    st = _styles(wb)
    _trend_sheet(wb, st, report, rules)
    _levels_sheet(wb, st, report, rules)
    _chart_sheet(wb, st, report, rules)
    _notes_sheet(wb, st, report)
    for ws in wb.worksheets():
        if ws.name != "Biểu đồ":  # the chart sheet sets its own scale, its row breaks keep each chart whole
            readable(ws, ws.panes[1] if ws.panes else 1)
    wb.close()
    return buf.getvalue()


def _styles(wb: Any) -> dict[str, Any]:
    def f(**props: Any) -> Any:
        return wb.add_format({"border": 1, "valign": "top", "font_name": FONT, "font_size": FONT_PT, **props})

    def plain(**props: Any) -> Any:
        return wb.add_format({"font_name": FONT, "font_size": FONT_PT, **props})

    st = {
        "title": plain(bold=True, font_size=14),
        "subtitle": plain(italic=True, font_color="#595959"),
        "header": f(bold=True, bg_color="#D9E1F2", text_wrap=True, align="center", valign="vcenter"),
        "section": f(bold=True, bg_color="#F2F2F2"),
        "text": f(), "wrap": f(text_wrap=True), "bold": f(bold=True), "int": f(num_format="0"),
        "pct": f(num_format=PCT_FMT), "pct_star": f(num_format='0.00%"*"'), "level": f(num_format='"MĐ"0'),
        "level_star": f(num_format='"MĐ"0"*"'), "level_dec": f(num_format=LEVEL_FMT),
        "level_word": f(num_format=LEVEL_AXIS), "single_word": f(num_format=SINGLE_LEVEL_AXIS),
        "slope_pct": f(num_format=SLOPE_PCT), "slope_level": f(num_format=SLOPE_LEVEL),
        "grey": f(font_color="#808080", italic=True), "plain": plain(text_wrap=True, valign="top"),
    }
    for k, (bg, fg) in STATUS_FILL.items():
        st[k] = f(bg_color=bg, font_color=fg, align="center", text_wrap=True)
    return st


TITLE_PT = 21.0  # the 14-point title row
TITLE_ROWS = 3  # title, subtitle, a blank row; a table's header row follows


def _title(ws: Any, st: dict[str, Any], report: TrendReport, title: str, fit: bool = True) -> None:
    """Title rows and the page: A4 landscape, one page wide (`fit`), or at a fixed scale set by the sheet
    (a chart sheet, whose row breaks "fit to page" would make Excel ignore)."""
    ws.write_string(0, 0, title, st["title"])
    ws.write_string(1, 0, f"Mục tiêu theo {report.plan.id} · Năm điều tra {', '.join(map(str, report.years))} · "
                          f"dự báo đến {', '.join(map(str, report.horizons))}", st["subtitle"])
    ws.set_row(0, TITLE_PT)
    ws.set_landscape()
    ws.set_paper(9)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_footer(f"&L{FOOTER_FONT}Xu hướng {report.years[0]}–{report.years[-1]}&R{FOOTER_FONT}Trang &P / &N")
    if fit:
        ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, TITLE_ROWS - 1)


def _header(ws: Any, st: dict[str, Any], row: int, columns: list[tuple[str, float]]) -> None:
    """The table's header row, tall enough for its longest wrapped label and repeated on every page."""
    for c, (label, width) in enumerate(columns):
        ws.write_string(row, c, label, st["header"])
        ws.set_column(c, c, width)
    ws.set_row(row, max(2 * LINE_PT, *(text_height(label, column_px(w), bold=True) for label, w in columns)))
    ws.repeat_rows(0, row)


def _text(ws: Any, r: int, c: int, text: str | None, fmt: Any) -> None:
    if text:
        ws.write_string(r, c, text, fmt)
    else:
        ws.write_blank(r, c, None, fmt)


def _value(ws: Any, st: dict[str, Any], r: int, c: int, t: TrendTarget, v: TrendValue,
           rules: Standards | None = None) -> None:
    if v.value is None:
        ws.write_string(r, c, NO_DATA, st["grey"])
    elif t.kind == "recognition":
        ws.write_string(r, c, "Có" if v.value else "Chưa", st["text"])
    elif t.kind == "level":
        ws.write_string(r, c, value_text(t, v, rules), st["text"])
    else:
        ws.write_number(r, c, truncate(float(v.value), 4), st["pct_star" if v.provisional else "pct"])


def _trend_sheet(wb: Any, st: dict[str, Any], report: TrendReport, rules: Standards | None = None) -> None:
    ws = wb.add_worksheet("Xu hướng mục tiêu")
    _title(ws, st, report, "Xu hướng các mục tiêu của kế hoạch: giá trị từng năm, tốc độ, dự báo")
    units = {u.code: u for u in report.units}
    cols = ([("Đơn vị", 24), ("Mục tiêu", 46), ("Năm mục tiêu", 9), ("Yêu cầu", 10)]
            + [(str(y), 10) for y in report.years]
            + [("Thay đổi mỗi năm", 13), ("Dự báo", 10), ("Đánh giá", 15), ("Năm đạt", 20)])
    _header(ws, st, 3, cols)
    ws.freeze_panes(4, 2)
    heights = RowHeights(ws)
    r = 4
    order = {u.code: i for i, u in enumerate(report.units)}
    rank = {"area": 0, "total": 1, "commune": 2}
    targets = sorted(shown(report), key=lambda t: (rank[units[t.unit].kind], order[t.unit]))
    for t in targets:
        for g in t.goals:
            ws.write_string(r, 0, units[t.unit].name, st["bold" if units[t.unit].kind != "commune" else "text"])
            ws.write_string(r, 1, g.label, st["wrap"])
            reached = reached_text(t, g)
            heights.at_least(r, max(text_height(g.label, column_px(46)), text_height(reached, column_px(20)),
                                    2 * LINE_PT if g.maintain else LINE_PT))  # "2025 (duy trì)" takes two lines
            ws.write_string(r, 2, str(g.year) + (" (duy trì)" if g.maintain else ""), st["wrap"])
            if t.kind == "level":
                ws.write_string(r, 3, required_text(t, g, rules), st["text"])
            elif t.kind == "recognition":
                ws.write_string(r, 3, required_text(t, g, rules), st["text"])
            else:
                ws.write_number(r, 3, truncate(float(g.required), 4), st["pct"])
            for k, v in enumerate(t.values):
                _value(ws, st, r, 4 + k, t, v, rules)
            c = 4 + len(t.values)
            pace = None if single_level(t, rules) else slope_shown(t)  # met or not: no fractional pace
            if pace is None:
                ws.write_string(r, c, "—", st["grey"])
            else:  # points, not a fraction under a points format: the terminal's figure
                ws.write_number(r, c, float(pace), st["slope_pct" if is_share(t) else "slope_level"])
            if g.projected is None:
                ws.write_string(r, c + 1, "—", st["grey"])
            elif t.kind == "level":  # a level, never a fraction
                ws.write_string(r, c + 1, projected_text(t, g, rules), st["text"])
            else:
                ws.write_number(r, c + 1, truncate(g.projected, 4) if is_share(t) else truncate(g.projected, 2),
                                st["pct" if is_share(t) else "level_dec"])
            status = status_label(g)[0]
            heights.at_least(r, text_height(status, column_px(15)))  # "Tạm đạt (thiếu số liệu: …)" wraps
            ws.write_string(r, c + 2, status, st["provisional" if g.provisional else g.status])
            ws.write_string(r, c + 3, reached, st["wrap"])
            r += 1
    ws.autofilter(3, 0, max(r - 1, 3), len(cols) - 1)


def _levels_sheet(wb: Any, st: dict[str, Any], report: TrendReport, rules: Standards) -> None:
    ws = wb.add_worksheet("Mức đạt chuẩn qua các năm")
    _title(ws, st, report, "Mức đạt chuẩn PCGD–XMC qua các năm và năm lần đầu đạt từng mức")
    top = max(len(s.levels) for s in rules.standards)
    cols = ([("Đơn vị", 24), ("Chuẩn", 16)] + [(str(y), 9) for y in report.years]
            + [(f"Lần đầu đạt MĐ{lv}", 11) for lv in range(1, top + 1)])
    _header(ws, st, 3, cols)
    ws.freeze_panes(4, 2)
    names = {u.code: u for u in report.units}
    shorts = {s.id: s.short for s in rules.standards}
    r = 4
    for s in report.standards:
        u = names[s.unit]
        ws.write_string(r, 0, u.name, st["bold" if u.kind != "commune" else "text"])
        ws.write_string(r, 1, shorts.get(s.standard, s.standard), st["text"])
        for k, p in enumerate(s.levels):
            if p.level is None:
                ws.write_string(r, 2 + k, "—", st["grey"])
            else:
                levels = len(rules.by_id(s.standard).levels) if s.standard in shorts else 3
                # a provisional year reads "Tạm đạt" in its own cell, never a plain level
                ws.write_string(r, 2 + k, level_text(levels, p.level, p.provisional, sentence=True), st["text"])
        for f in s.first_reached:
            c = 2 + len(s.levels) + f.level - 1
            if f.year is None:
                ws.write_string(r, c, "chưa đạt", st["grey"])
            else:
                ws.write_number(r, c, f.year, st["int"])
        r += 1
    ws.autofilter(3, 0, max(r - 1, 3), len(cols) - 1)


CHART_ROWS = 15  # the chart's own rows under its table: 225 pt; shorter crowds its legend and axis


def _chart_sheet(wb: Any, st: dict[str, Any], report: TrendReport, rules: Standards) -> None:
    """One line chart per target of every area (and the total): the value in each survey year, the trend
    line to the last plan year, and the required value of each plan year as a flat line. Each table with its
    chart under it forms a block whose rows have set heights; a row break keeps every block on one printed
    page. Under, not beside: the sheet stays inside the page where a wider font widens the columns."""
    ws = wb.add_worksheet("Biểu đồ")
    _title(ws, st, report, "Biểu đồ: giá trị theo năm, đường xu hướng và mục tiêu "
                           + ", ".join(map(str, report.horizons)), fit=False)
    first, last = report.years[0], max(report.horizons + report.years)
    axis = list(range(first, last + 1))
    units = {u.code: u for u in report.units}
    widths = [10.0] + [12.0] * 5
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    table_px = sum(column_px(w) for w in widths)
    page = chart_page(table_px, repeated_pt=TITLE_PT + 2 * LINE_PT)
    chart_px = chart_width(table_px, page)
    chart_columns(ws, len(widths), chart_px - table_px)
    page.apply(ws)
    pager = Pager(page)
    r = TITLE_ROWS
    for t in shown(report):
        if units[t.unit].kind == "commune" or t.kind == "recognition" or t.basis == "no_data":
            continue
        goals = t.goals
        title = f"{target_label(t, rules)} — {units[t.unit].name}"
        single = t.kind == "level" and len(rules.by_id(t.standard or "").levels) == 1
        # rows: the block's title, the table header (two lines), one per year, the chart's, a blank row
        table = [LINE_PT, 2 * LINE_PT] + [LINE_PT] * len(axis)
        rows = table + [LINE_PT] * CHART_ROWS + [LINE_PT]
        chart_row = r + len(table)
        pager.block(r, rows, chart_row)
        for i, h in enumerate(rows):
            ws.set_row(r + i, h)
        ws.write_string(r, 0, title, st["section"])
        head = ["Năm", "Giá trị", "Xu hướng"] + [f"Mục tiêu {g.year}" for g in goals]
        for c, h in enumerate(head):
            ws.write_string(r + 1, c, h, st["header"])
        pts = dict(points(t))
        # a single-level standard is met or not: a fraction of a level ("0.16") is no trend a person can read
        line = None if single else line_of(t)
        share = is_share(t)
        level_axis = SINGLE_LEVEL_AXIS if single else LEVEL_AXIS
        # values and goals read as level words; only the trend line of a standard with levels keeps decimals
        num = st["pct"] if share else st["single_word" if single else "level_word"]
        trend_num = st["pct"] if share else st["level_dec"]
        hi = Fraction(1) if share else Fraction(len(rules.by_id(t.standard or '').levels))

        def cell(x: Fraction | float) -> float:
            return truncate(float(x), 4) if share else truncate(float(x), 2)

        for i, year in enumerate(axis):
            row = r + 2 + i
            ws.write_number(row, 0, year, st["int"])
            if year in pts:
                ws.write_number(row, 1, cell(pts[year]), num)
            else:
                ws.write_blank(row, 1, None, num)  # a blank, not a text: a chart plots text as 0
            if line is not None:
                ws.write_number(row, 2, cell(max(Fraction(0), min(hi, line.at(year)))), trend_num)
            else:
                ws.write_blank(row, 2, None, trend_num)
            for k, g in enumerate(goals):
                ws.write_number(row, 3 + k, cell(Fraction(str(g.required))), num)
        top_row, bottom = r + 2, r + 1 + len(axis)
        chart = wb.add_chart({"type": "line"})
        cats = [ws.name, top_row, 0, bottom, 0]
        chart.add_series({"name": "Giá trị", "categories": cats, "values": [ws.name, top_row, 1, bottom, 1],
                          "line": {"color": "#2F5597", "width": 2.25},
                          "marker": {"type": "circle", "size": 6, "fill": {"color": "#2F5597"},
                                     "border": {"color": "#2F5597"}},
                          "data_labels": {"value": True, "num_format": PCT_FMT if share else level_axis,
                                          "position": "above", "font": {"name": FONT, "size": FONT_PT}}})
        if line is not None:
            chart.add_series({"name": "Xu hướng (theo tốc độ hiện tại)", "categories": cats,
                              "values": [ws.name, top_row, 2, bottom, 2],
                              "line": {"color": "#7F7F7F", "width": 1.25, "dash_type": "dash"}})
        for k, g in enumerate(goals):
            chart.add_series({"name": f"Mục tiêu {g.year}", "categories": cats,
                              "values": [ws.name, top_row, 3 + k, bottom, 3 + k],
                              "line": {"color": GOAL_COLOURS[k % len(GOAL_COLOURS)], "width": 1.5,
                                       "dash_type": "solid" if k == 0 else "long_dash"}})
        font = {"name": FONT, "size": FONT_PT}  # 9 pt or more once printed at the sheet's scale
        chart.set_title({"name": title, "name_font": {"name": FONT, "size": 11}})
        if share:
            chart.set_y_axis({"num_format": "0%", "min": 0, "max": 1, "major_gridlines": {"visible": True},
                              "num_font": font})
        else:
            chart.set_y_axis({"num_format": level_axis, "min": 0, "max": float(hi), "major_unit": 1,
                              "major_gridlines": {"visible": True}, "num_font": font})
        chart.set_x_axis({"name": "Năm", "name_font": font, "num_font": font})
        chart.set_legend({"position": "bottom", "font": font})
        # the chart fills its rows, less two pixels so that its edge stays inside the last one
        chart.set_size({"width": chart_px, "height": int(CHART_ROWS * LINE_PT * 4 / 3) - 2})
        chart.show_blanks_as("span")
        ws.insert_chart(chart_row, 0, chart)
        r += len(rows)
    pager.apply(ws)


def _notes_sheet(wb: Any, st: dict[str, Any], report: TrendReport) -> None:
    ws = wb.add_worksheet("Ghi chú")
    _title(ws, st, report, "Ghi chú: nguồn số liệu, gộp đơn vị, cách tính và thông báo")
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 100)
    r = 3
    rows = [("Kế hoạch", f"{report.plan.id}: {report.plan.title}")]
    rows += [(f"Năm {d.year}", f"{d.source} ({'báo cáo JSON' if d.kind == 'report' else 'dữ liệu'})"
              + (" — đã gộp về đơn vị mới" if d.regrouped else "")) for d in report.datasets]
    rows += [("Gộp đơn vị", line) for line in regroup_lines(report)]
    rows += [("Ghi chú", line) for line in notes(report)]
    rows += [("Công cụ", f"{report.tool.name} {report.tool.version}")]
    for k, v in rows:
        ws.write_string(r, 0, k, st["bold"])
        ws.write_string(r, 1, v, st["wrap"])
        ws.set_row(r, text_height(v, column_px(100)))
        r += 1
    r += 1
    for c, h in enumerate(("Năm", "Thông báo")):
        ws.write_string(r, c, h, st["header"])
    r += 1
    for m in report.messages:
        # the year, the severity and the kind in words: the code (and English "warning") are for JSON
        what = CODES[m.code].title if m.code in CODES else ""
        kind = " · ".join(x for x in (str(m.year or ""), "Lỗi" if m.severity == "error" else "Cảnh báo", what) if x)
        ws.write_string(r, 0, kind, st["wrap"])
        ws.write_string(r, 1, m.text(), st["wrap"])
        ws.set_row(r, max(text_height(m.text(), column_px(100)), text_height(kind, column_px(22))))
        r += 1

