"""The trend report in Vietnamese: a terminal table per area with a compact trend mark and the projection,
CSV (one row per target, unit and plan year), and an Excel workbook with a native line chart per target.

Percentages are truncated (spec.md), the change per year is rounded toward minus infinity so that a
falling pace never shows as 0,00, and projections are shown truncated like every other value.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .. import __version__
from ..fmt import NO_DATA, floor_number, level_text, missing_labels, pct, truncate, vn_number
from ..indicators import BY_ID
from ..standards import Standards
from ..trend.models import TrendGoal, TrendReport, TrendTarget, TrendValue
from ..trend.series import line_of, points
from .console import sanitize
from .fit import FRAMES, column_groups, first_fit
from .printing import LINE_PT, Page, Pager, RowHeights, chart_columns, column_px, scale_to_fit, text_height
from .tabular import csv_cell

STATUS = {"met": ("Đã đạt", "green"), "on_track": ("Đúng tiến độ", "cyan"),
          "off_track": ("Chậm tiến độ", "bold red"), "no_data": ("Chưa có số liệu", "dim")}
NOT_AT_PACE = "không kịp ở tốc độ này"
SINGLE_YEAR = "chỉ có 1 năm: chưa tính được tốc độ"
FALLING = ", đang giảm: dự báo dưới yêu cầu"
BLOCKS = "▁▂▃▄▅▆▇█"
FLAT_BELOW = Fraction(1, 200)  # a rate moving less than half a point over its range draws flat


# --- values as text ------------------------------------------------------------------------------------

def is_share(t: TrendTarget) -> bool:
    return t.kind in ("rate", "share_at_level")


def levels_of(t: TrendTarget, rules: Standards | None) -> int:
    """How many levels the target's standard has: single-level standards read "Đạt" / "Chưa đạt"."""
    return len(rules.by_id(t.standard).levels) if rules is not None and t.standard else 3


def value_text(t: TrendTarget, v: TrendValue, rules: Standards | None = None) -> str:
    if v.value is None:
        return "—"
    star = "*" if v.provisional else ""
    if t.kind == "recognition":
        return "Có" if v.value else "Chưa"
    if t.kind == "level":
        return level_text(levels_of(t, rules), int(v.value), v.provisional)
    return pct(float(v.value)) + star


def slope_shown(t: TrendTarget) -> Decimal | None:
    """The change per year as people read it: percentage points (×100) for shares, levels otherwise, rounded
    toward minus infinity to 2 decimals (a falling pace never shows as 0,00). The terminal and the workbook
    both show this number."""
    if t.slope_per_year is None:
        return None
    d = Decimal(repr(t.slope_per_year)) * (100 if is_share(t) else 1)
    return d.quantize(Decimal("0.01"), rounding=ROUND_FLOOR)


def slope_text(t: TrendTarget) -> str:
    d = slope_shown(t)
    if d is None:
        return "—"
    sign = "+" if d > 0 else ""
    return f"{sign}{vn_number(d, 2)} {'điểm' if is_share(t) else 'mức'}"


def projected_text(t: TrendTarget, g: TrendGoal, rules: Standards | None = None) -> str:
    """A projected share truncated; a projected level as the level it reaches (a level, never a fraction)."""
    if g.projected is None:
        return "—"
    if t.kind == "level":
        return level_text(levels_of(t, rules), int(g.projected), False)
    return pct(g.projected) if is_share(t) else floor_number(g.projected)


def required_text(t: TrendTarget, g: TrendGoal, rules: Standards | None = None) -> str:
    if t.kind == "recognition":
        return "công nhận"
    if t.kind == "level":
        return level_text(levels_of(t, rules), int(g.required), False)
    return pct(float(g.required))


def reached_text(t: TrendTarget, g: TrendGoal) -> str:
    if g.status == "no_data":
        return "—"
    if g.status == "met":
        text = f"đạt từ {g.reached_in}" if g.reached_in is not None else "đã đạt"
        if g.provisional:
            text = "tạm " + text
        if g.projected is not None and not isinstance(g.required, bool) and g.projected < float(g.required):
            text += FALLING  # met today, but the pace takes it back below the requirement
        return text
    if t.basis == "single_year":
        return SINGLE_YEAR
    if t.basis == "not_projectable":
        return "—"
    return str(g.reached_in) if g.reached_in is not None else NOT_AT_PACE


def status_label(g: TrendGoal) -> tuple[str, str]:
    """The goal's status in words and colour; met only by a provisional level reads "Tạm đạt (…)"."""
    if g.provisional:
        named = missing_labels(g.missing)
        return f"Tạm đạt (thiếu số liệu{': ' + named if named else ''})", "yellow"
    return STATUS[g.status]


def status_text(g: TrendGoal) -> Text:
    label, style = status_label(g)
    return Text(label, style=style)


def spark(t: TrendTarget) -> str:
    """One block per survey year (a space where a year has no value), scaled to the series' own range
    (shares moving less than half a point draw flat), then an arrow for the sign of the slope."""
    pts = dict(points(t))
    if t.kind == "recognition":
        marks = "".join("█" if v.value is True else "▁" if v.value is False else " " for v in t.values)
        return marks
    if not pts:
        return ""
    if t.kind == "level" and t.standard is not None:
        lo, hi = Fraction(0), Fraction(max(max(pts.values()), 1))
    else:
        lo, hi = min(pts.values()), max(pts.values())
        if hi - lo < FLAT_BELOW:
            lo, hi = lo - 1, hi + 1  # flat: every block in the middle
    blocks = []
    for v in t.values:
        x = pts.get(v.year)
        if x is None:
            blocks.append(" ")
        else:
            k = int((x - lo) / (hi - lo) * (len(BLOCKS) - 1)) if hi > lo else len(BLOCKS) // 2
            blocks.append(BLOCKS[max(0, min(len(BLOCKS) - 1, k))])
    arrow = ""
    if t.slope_per_year is not None:
        arrow = " ↗" if t.slope_per_year > 0 else " ↘" if t.slope_per_year < 0 else " →"
    return "".join(blocks) + arrow


def target_label(t: TrendTarget) -> str:
    if t.kind == "rate" and t.indicator in BY_ID:
        return BY_ID[t.indicator].label
    return t.label


def with_maintain(t: TrendTarget) -> str:
    label = target_label(t)
    if any(g.maintain for g in t.goals) and "duy trì" not in label.casefold():
        label += " (duy trì)"
    return label


def shown(report: TrendReport) -> list[TrendTarget]:
    """The plan repeats the literacy line (same_as): shown once."""
    return [t for t in report.targets if not t.same_as]


# --- terminal -----------------------------------------------------------------------------------------

def render_trend(report: TrendReport, rules: Standards, console: Console) -> None:
    """The trend on the terminal; every table fits the console's width (split into a history part and a forecast
    part, or by column groups, when it does not), names from files are sanitized."""
    names = {u.code: sanitize(u.name) for u in report.units}
    console.print(Text(f"Kế hoạch {sanitize(report.plan.id)}: xu hướng qua các năm điều tra", style="bold"))
    console.print(f"Năm điều tra: {', '.join(map(str, report.years))} · dự báo theo tốc độ hiện tại đến "
                  f"{' và '.join(map(str, report.horizons))}")
    for d in report.datasets:
        kind = "báo cáo JSON" if d.kind == "report" else "dữ liệu"
        console.print(Text(sanitize(f"  {d.year}: {d.source} ({kind})"), style="dim"))
    for line in regroup_lines(report):
        console.print(Text(sanitize(line), style="yellow"))
    console.print()
    by_unit: dict[str, list[TrendTarget]] = defaultdict(list)
    for t in shown(report):
        by_unit[t.unit].append(t)
    for u in report.units:
        if u.kind != "commune" and by_unit.get(u.code):
            for table in _group_tables(console, report, names[u.code], by_unit[u.code], rules):
                console.print(table)
                console.print()
    communes = [u for u in report.units if u.kind == "commune"]
    if communes:
        rows = [(names[u.code], t) for u in communes for t in by_unit.get(u.code, []) if t.basis != "no_data"]
        for table in _unit_tables(console, report, rows, rules):
            console.print(table)
            console.print()
    for table in _levels_tables(console, report, rules, names):
        console.print(table)
        console.print()
    for line in notes(report):
        console.print(sanitize(line), style="dim", highlight=False, markup=False)


def regroup_lines(report: TrendReport) -> list[str]:
    if report.mapping is None:
        return []
    years = report.mapping.regrouped_years
    merged = next((d.merged for d in report.datasets if d.merged), [])
    what = "; ".join(f"{m.code} ← {', '.join(m.from_)}" for m in merged)
    head = (f"Đã gộp số liệu các năm {', '.join(map(str, years))} về đơn vị sau sắp xếp theo {report.mapping.file}"
            if years else f"Tệp ánh xạ {report.mapping.file}: không năm nào cần gộp")
    return [head + (f" ({what})" if what else "") + ": tử số, mẫu số được cộng dồn rồi tính lại chỉ số và mức."]


def _history_columns(t: Table, report: TrendReport) -> None:
    for y in report.years:
        t.add_column(str(y), justify="right", no_wrap=True)
    t.add_column("Xu\nhướng", no_wrap=True)
    t.add_column("Mỗi năm", justify="right", no_wrap=True)


def _history(target: TrendTarget, rules: Standards | None = None) -> list[str | Text]:
    return [value_text(target, v, rules) for v in target.values] + [spark(target), slope_text(target)]


def _group_table(report: TrendReport, name: str, targets: list[TrendTarget], parts: tuple[bool, bool],
                 frame: dict[str, Any], title: str, rules: Standards | None = None) -> Table:
    history, goals = parts
    t = Table(title=title, title_style="bold", show_lines=False, collapse_padding=True, **frame)
    t.add_column("Mục tiêu", min_width=18)
    if history:
        _history_columns(t, report)
    if goals:
        t.add_column("Năm\nMT", justify="center", no_wrap=True)
        t.add_column("Yêu cầu", justify="right", no_wrap=True)
        t.add_column("Dự báo", justify="right", no_wrap=True)
        t.add_column("Đánh giá", no_wrap=True)
        t.add_column("Năm đạt", no_wrap=True)
    for target in targets:
        if not goals:
            t.add_row(with_maintain(target), *_history(target, rules))
            continue
        for k, g in enumerate(target.goals):
            head: list[str | Text] = [with_maintain(target) if k == 0 else ""]
            if history:
                head += _history(target, rules) if k == 0 else [""] * (len(report.years) + 2)
            t.add_row(*head, str(g.year), required_text(target, g, rules), projected_text(target, g, rules), status_text(g),
                      reached_text(target, g), end_section=k == len(target.goals) - 1)
    return t


def _group_tables(console: Console, report: TrendReport, name: str, targets: list[TrendTarget],
                  rules: Standards | None = None) -> list[Table]:
    title = f"Mục tiêu — {name}"

    def whole(frame: dict[str, Any]) -> Any:
        return lambda: [_group_table(report, name, targets, (True, True), frame, title, rules)]

    def split(frame: dict[str, Any]) -> Any:
        return lambda: [_group_table(report, name, targets, (True, False), frame, f"{title}: các năm điều tra", rules),
                        _group_table(report, name, targets, (False, True), frame, f"{title}: dự báo", rules)]

    return first_fit(console, [*(whole(f) for f in FRAMES), *(split(f) for f in FRAMES)])


def _unit_table(report: TrendReport, rows: list[tuple[str, TrendTarget]], parts: tuple[bool, bool],
                frame: dict[str, Any], title: str, rules: Standards | None = None) -> Table:
    history, forecast = parts
    t = Table(title=title, title_style="bold", collapse_padding=True, **frame)
    t.add_column("Đơn vị", min_width=10)
    t.add_column("Chỉ tiêu", min_width=16)
    if history:
        _history_columns(t, report)
    if forecast:
        for y in report.horizons:
            t.add_column(str(y), no_wrap=True)
    last = None
    for name, target in rows:
        goals = {g.year: g for g in target.goals}
        cells: list[str | Text] = [name if name != last else "", target_label(target)]
        if history:
            cells += _history(target, rules)
        if forecast:
            for y in report.horizons:
                g = goals.get(y)
                if g is None:
                    cells.append("")
                    continue
                label, style = status_label(g)
                proj = projected_text(target, g, rules)
                cells.append(Text(f"{proj} · " if proj != "—" else "") + Text(label, style=style))
        t.add_row(*cells, end_section=False)
        last = name
    if not rows:
        t.add_row("—", "Không có chỉ tiêu nào có số liệu", *[""] * (len(t.columns) - 2))
    return t


def _unit_tables(console: Console, report: TrendReport, rows: list[tuple[str, TrendTarget]],
                 rules: Standards | None = None) -> list[Table]:
    title = "Chỉ tiêu theo đơn vị"

    def whole(frame: dict[str, Any]) -> Any:
        return lambda: [_unit_table(report, rows, (True, True), frame,
                                    f"{title} (dự báo · đánh giá theo từng năm mục tiêu)", rules)]

    def split(frame: dict[str, Any]) -> Any:
        return lambda: [_unit_table(report, rows, (True, False), frame, f"{title}: các năm điều tra", rules),
                        _unit_table(report, rows, (False, True), frame,
                                    f"{title}: dự báo · đánh giá theo từng năm mục tiêu", rules)]

    return first_fit(console, [*(whole(f) for f in FRAMES), *(split(f) for f in FRAMES)])


def level_cell(s_levels: list[tuple[int, int | None, bool]], first: list[tuple[int, int | None]],
               single: bool) -> Text:
    parts = []
    for _, lv, prov in s_levels:
        parts.append(level_text(1 if single else 3, lv, prov))
    text = Text(" → ".join(parts))
    reached = [f"MĐ{lv} {y}" if not single else f"đạt {y}" for lv, y in first if y is not None]
    if reached:
        text.append("\n" + ", ".join(reached), style="dim")
    return text


def _levels_tables(console: Console, report: TrendReport, rules: Standards, names: dict[str, str]) -> list[Table]:
    by = {(s.unit, s.standard): s for s in report.standards}
    title = (f"Mức đạt chuẩn qua các năm {'–'.join(map(str, (report.years[0], report.years[-1])))} "
             "(và năm lần đầu đạt từng mức)")

    def build(stds: list, part: int, parts: int) -> Table:
        t = Table(title=title + (f" ({part}/{parts})" if parts > 1 else ""), title_style="bold", show_lines=True)
        t.add_column("Đơn vị", min_width=10)
        for std in stds:
            t.add_column(std.short, min_width=8)
        for u in report.units:
            cells: list[str | Text] = [Text(names[u.code], style="bold" if u.kind != "commune" else "")]
            for std in stds:
                s = by.get((u.code, std.id))
                if s is None:
                    cells.append(Text("—", style="dim"))
                    continue
                cells.append(level_cell([(p.year, p.level, p.provisional) for p in s.levels],
                                        [(f.level, f.year) for f in s.first_reached], len(std.levels) == 1))
            t.add_row(*cells)
        return t

    return column_groups(console, list(rules.standards), build)


def notes(report: TrendReport) -> list[str]:
    lines = [
        "Cách tính: tốc độ = hệ số góc bình phương tối thiểu qua các năm có số liệu (điểm phần trăm mỗi năm với "
        "tỷ lệ); dự báo = giá trị trên đường xu hướng ở năm mục tiêu, giới hạn trong 0–100%. Đã đạt: giá trị năm "
        "gần nhất ≥ yêu cầu; đúng tiến độ: chưa đạt nhưng xu hướng tăng và dự báo ở năm mục tiêu ≥ yêu cầu; chậm "
        "tiến độ: các trường hợp còn lại. So sánh với ngưỡng dùng giá trị chính xác (phân số).",
        "Tỷ lệ hiển thị cắt (không làm tròn) đến 2 chữ số thập phân; * = mức tạm tính (thiếu số liệu một tiêu chí); "
        "“Tạm đạt”: chỉ đạt nhờ một mức tạm tính của năm gần nhất, chưa tính là đã đạt.",
    ]
    if len(report.years) == 1:
        lines.append(f"Chỉ có một năm điều tra ({report.years[0]}): {SINGLE_YEAR}; đánh giá chỉ dựa trên giá trị "
                     "của năm đó.")
    counts: dict[tuple[str, int | None], int] = defaultdict(int)
    first: dict[str, str] = {}
    for m in report.messages:
        counts[(m.code, m.year)] += 1
        first.setdefault(m.code, m.message)
    by_code: dict[str, list[str]] = defaultdict(list)
    for (code, year), n in counts.items():
        by_code[code].append(f"{year}: {n}" if year is not None else str(n))
    for code, parts in by_code.items():  # people read the first message's words, never its code
        lines.append(f"Cảnh báo ({'; '.join(parts)}): {first[code]} — xem mục messages của --format json.")
    return lines


# --- CSV ----------------------------------------------------------------------------------------------

def trend_csv(report: TrendReport) -> str:
    """One row per target, unit and plan year; values of every survey year side by side (fractions 0..1)."""
    units = {u.code: u for u in report.units}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["target", "clause", "goal_year", "unit", "unit_name", "unit_kind", "kind", "indicator", "standard",
                "level", "maintain", "label", "required"] + [f"value_{y}" for y in report.years]
               + ["slope_per_year", "basis", "projected", "reached_in", "status", "years_below", "provisional"])
    for t in report.targets:
        u = units[t.unit]
        for g in t.goals:
            w.writerow([csv_cell(x) for x in [t.target, g.clause, g.year, t.unit, u.name, u.kind, t.kind, t.indicator,
                                            t.standard, t.level, g.maintain, g.label, g.required]
                        + [v.value for v in t.values]
                        + [t.slope_per_year, t.basis, g.projected, g.reached_in, g.status,
                           " ".join(map(str, g.years_below)), g.provisional]])
    return buf.getvalue()


# --- Excel --------------------------------------------------------------------------------------------

PCT_FMT = "0.00%"
SLOPE_PCT = '+0.00" điểm";-0.00" điểm";0.00" điểm"'
SLOPE_LEVEL = '+0.00" mức";-0.00" mức";0.00" mức"'
LEVEL_FMT = "0.00"
STATUS_FILL = {"met": ("#C6EFCE", "#006100"), "on_track": ("#DDEBF7", "#1F4E78"),
               "off_track": ("#FFC7CE", "#9C0006"), "no_data": ("#F2F2F2", "#808080"),
               "provisional": ("#FFEB9C", "#9C5700")}
GOAL_COLOURS = ("#ED7D31", "#C00000", "#7030A0")
FORBIDDEN_IN_SHEET_NAME = "[]:*?/\\"


def trend_xlsx(report: TrendReport, rules: Standards) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    # Fixed properties: the same inputs give the same bytes.
    wb.set_properties({"title": f"Xu hướng PCGD–XMC và xã hội học tập {report.years[0]}–{report.years[-1]}",
                       "subject": report.plan.title, "author": "xhht", "comments": f"xhht {__version__}",
                       "created": datetime(report.years[-1], 1, 1)})
    from ..io.sameness import OWN_MARK

    wb.set_custom_property(OWN_MARK, "báo cáo xu hướng")  # so that a trend workbook is never read as data
    st = _styles(wb)
    _trend_sheet(wb, st, report, rules)
    _levels_sheet(wb, st, report, rules)
    _chart_sheet(wb, st, report, rules)
    _notes_sheet(wb, st, report)
    wb.close()
    return buf.getvalue()


def _styles(wb: Any) -> dict[str, Any]:
    def f(**props: Any) -> Any:
        return wb.add_format({"border": 1, "valign": "top", **props})

    st = {
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "subtitle": wb.add_format({"italic": True, "font_color": "#595959"}),
        "header": f(bold=True, bg_color="#D9E1F2", text_wrap=True, align="center", valign="vcenter"),
        "section": f(bold=True, bg_color="#F2F2F2"),
        "text": f(), "wrap": f(text_wrap=True), "bold": f(bold=True), "int": f(num_format="0"),
        "pct": f(num_format=PCT_FMT), "pct_star": f(num_format='0.00%"*"'), "level": f(num_format='"MĐ"0'),
        "level_star": f(num_format='"MĐ"0"*"'), "level_dec": f(num_format=LEVEL_FMT),
        "slope_pct": f(num_format=SLOPE_PCT), "slope_level": f(num_format=SLOPE_LEVEL),
        "grey": f(font_color="#808080", italic=True), "plain": wb.add_format({"text_wrap": True, "valign": "top"}),
    }
    for k, (bg, fg) in STATUS_FILL.items():
        st[k] = f(bg_color=bg, font_color=fg, align="center")
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
    ws.set_footer(f"&L&8Xu hướng {report.years[0]}–{report.years[-1]}&R&8Trang &P / &N")
    if fit:
        ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, TITLE_ROWS - 1)


def _header(ws: Any, st: dict[str, Any], row: int, columns: list[tuple[str, float]]) -> None:
    """The table's header row, tall enough for its longest wrapped label and repeated on every page."""
    for c, (label, width) in enumerate(columns):
        ws.write_string(row, c, label, st["header"])
        ws.set_column(c, c, width)
    ws.set_row(row, max(2 * LINE_PT, *(text_height(label, column_px(w)) for label, w in columns)))
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
                ws.write_string(r, 3, "công nhận", st["text"])
            else:
                ws.write_number(r, 3, truncate(float(g.required), 4), st["pct"])
            for k, v in enumerate(t.values):
                _value(ws, st, r, 4 + k, t, v, rules)
            c = 4 + len(t.values)
            pace = slope_shown(t)
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
            ws.write_string(r, c + 2, status_label(g)[0], st["provisional" if g.provisional else g.status])
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
                ws.write_string(r, 2 + k, level_text(levels, p.level, p.provisional), st["text"])
        for f in s.first_reached:
            c = 2 + len(s.levels) + f.level - 1
            if f.year is None:
                ws.write_string(r, c, "chưa đạt", st["grey"])
            else:
                ws.write_number(r, c, f.year, st["int"])
        r += 1
    ws.autofilter(3, 0, max(r - 1, 3), len(cols) - 1)


CHART_COL = 7  # charts sit right of their tables (columns A–G)
CHART_MIN_PT = 210.0  # a chart shorter than this crowds its legend and axis
CHART_GAP_PT = LINE_PT  # one blank row between blocks


def _chart_sheet(wb: Any, st: dict[str, Any], report: TrendReport, rules: Standards) -> None:
    """One line chart per target of every area (and the total): the value in each survey year, the trend
    line to the last plan year, and the required value of each plan year as a flat line. Each table and its
    chart form a block whose rows have set heights; a row break keeps every block on one printed page."""
    ws = wb.add_worksheet("Biểu đồ")
    _title(ws, st, report, "Biểu đồ: giá trị theo năm, đường xu hướng và mục tiêu "
                           + ", ".join(map(str, report.horizons)), fit=False)
    first, last = report.years[0], max(report.horizons + report.years)
    axis = list(range(first, last + 1))
    units = {u.code: u for u in report.units}
    widths = [10.0] + [12.0] * 5 + [2.0]
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    table_px = sum(column_px(w) for w in widths)
    chart_px = 600
    chart_columns(ws, CHART_COL, chart_px)
    page = Page(scale=scale_to_fit(table_px + chart_px), repeated_pt=TITLE_PT + 2 * LINE_PT)
    page.apply(ws)
    pager = Pager(page)
    r = TITLE_ROWS
    for t in shown(report):
        if units[t.unit].kind == "commune" or t.kind == "recognition" or t.basis == "no_data":
            continue
        goals = t.goals
        title = f"{target_label(t)} — {units[t.unit].name}"
        # rows: the block's title, the table header (two lines), one per year; the chart fills them all
        rows = [LINE_PT, 2 * LINE_PT] + [LINE_PT] * len(axis)
        while sum(rows) < CHART_MIN_PT:
            rows.append(LINE_PT)
        pager.place(r, sum(rows))
        for i, h in enumerate(rows):
            ws.set_row(r + i, h)
        ws.write_string(r, 0, title, st["section"])
        head = ["Năm", "Giá trị", "Xu hướng"] + [f"Mục tiêu {g.year}" for g in goals]
        for c, h in enumerate(head):
            ws.write_string(r + 1, c, h, st["header"])
        pts = dict(points(t))
        line = line_of(t)
        share = is_share(t)
        num = st["pct"] if share else st["level_dec"]
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
                ws.write_number(row, 2, cell(max(Fraction(0), min(hi, line.at(year)))), num)
            else:
                ws.write_blank(row, 2, None, num)
            for k, g in enumerate(goals):
                ws.write_number(row, 3 + k, cell(Fraction(str(g.required))), num)
        top_row, bottom = r + 2, r + 1 + len(axis)
        chart = wb.add_chart({"type": "line"})
        cats = [ws.name, top_row, 0, bottom, 0]
        chart.add_series({"name": "Giá trị", "categories": cats, "values": [ws.name, top_row, 1, bottom, 1],
                          "line": {"color": "#2F5597", "width": 2.25},
                          "marker": {"type": "circle", "size": 6, "fill": {"color": "#2F5597"},
                                     "border": {"color": "#2F5597"}},
                          "data_labels": {"value": True, "num_format": PCT_FMT if share else "0",
                                          "position": "above", "font": {"size": 8}}})
        if line is not None:
            chart.add_series({"name": "Xu hướng (theo tốc độ hiện tại)", "categories": cats,
                              "values": [ws.name, top_row, 2, bottom, 2],
                              "line": {"color": "#7F7F7F", "width": 1.25, "dash_type": "dash"}})
        for k, g in enumerate(goals):
            chart.add_series({"name": f"Mục tiêu {g.year}", "categories": cats,
                              "values": [ws.name, top_row, 3 + k, bottom, 3 + k],
                              "line": {"color": GOAL_COLOURS[k % len(GOAL_COLOURS)], "width": 1.5,
                                       "dash_type": "solid" if k == 0 else "long_dash"}})
        chart.set_title({"name": title, "name_font": {"size": 11}})
        if share:
            chart.set_y_axis({"num_format": "0%", "min": 0, "max": 1, "major_gridlines": {"visible": True}})
        else:
            chart.set_y_axis({"num_format": '"MĐ"0', "min": 0, "max": float(hi), "major_unit": 1,
                              "major_gridlines": {"visible": True}})
        chart.set_x_axis({"name": "Năm"})
        chart.set_legend({"position": "bottom"})
        # the chart fills its block's rows, less a pixel or two so that its edge stays inside the last row
        chart.set_size({"width": chart_px, "height": int(sum(rows) * 4 / 3) - 2})
        chart.show_blanks_as("span")
        ws.insert_chart(r, CHART_COL, chart)
        r += len(rows) + 1
        pager.skip(CHART_GAP_PT)
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
        kind = f"{m.year or ''} {m.severity} [{m.code}]".strip()
        ws.write_string(r, 0, kind, st["wrap"])
        ws.write_string(r, 1, m.text(), st["wrap"])
        ws.set_row(r, max(text_height(m.text(), column_px(100)), text_height(kind, column_px(22))))
        r += 1
