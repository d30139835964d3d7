"""The trend on the terminal: tables that fit the width, names from files sanitised."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..fmt import level_text
from ...law.standards import Standards
from ...trend.models import TrendReport, TrendTarget
from ..console import sanitize
from ..fit import FRAMES, column_groups, first_fit
from .words import (
    SINGLE_YEAR,
    projected_text,
    reached_text,
    shown,
    slope_text,
    spark,
    goal_required_text,
    single_level,
    status_short,
    target_label,
    value_text,
)

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
    # a value in words ("Chưa công nhận") or a pace with its unit ("+25,00 điểm") may wrap between words; a number
    # has no space to break at, so it is never cut
    for y in report.years:
        t.add_column(str(y), justify="right", min_width=7)
    t.add_column("Xu\nhướng", no_wrap=True)
    t.add_column("Mỗi năm", justify="right", no_wrap=True)


def _history(target: TrendTarget, rules: Standards | None = None) -> list[str | Text]:
    # a single-level standard is met or not: a pace in fractions of its one level ("+0,50 mức") means nothing
    pace = "—" if single_level(target, rules) else slope_text(target)
    return [value_text(target, v, rules) for v in target.values] + [spark(target), pace]


def _group_table(report: TrendReport, name: str, targets: list[TrendTarget], parts: tuple[bool, bool],
                 frame: dict[str, Any], title: str, rules: Standards | None = None) -> Table:
    history, goals = parts
    t = Table(title=title, title_style="bold", show_lines=False, collapse_padding=True, **frame)
    t.add_column("Mục tiêu", min_width=18)
    if history:
        _history_columns(t, report)
    if goals:
        # words wrap between words inside their cell; numbers and years never break (no space inside them)
        t.add_column("Năm", justify="center", no_wrap=True)
        t.add_column("Yêu cầu", justify="right", min_width=7)
        t.add_column("Dự báo", justify="right", no_wrap=True)
        t.add_column("Đánh giá", min_width=12)  # "Chậm tiến độ" on one line
        t.add_column("Năm đạt", min_width=8)
    for target in targets:
        name = sanitize(target_label(target, rules))
        if not goals:
            t.add_row(name, *_history(target, rules))
            continue
        for k, g in enumerate(target.goals):
            head: list[str | Text] = [name if k == 0 else ""]
            if history:
                head += _history(target, rules) if k == 0 else [""] * (len(report.years) + 2)
            label, style = status_short(g)
            t.add_row(*head, f"Năm {g.year}", goal_required_text(target, g, rules), projected_text(target, g, rules),
                      Text(label, style=style), reached_text(target, g), end_section=k == len(target.goals) - 1)
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
            t.add_column(f"Dự báo · đánh giá {y}", min_width=12)
    last = None
    for name, target in rows:
        goals = {g.year: g for g in target.goals}
        cells: list[str | Text] = [name if name != last else "", sanitize(target_label(target, rules))]
        if history:
            cells += _history(target, rules)
        if forecast:
            for y in report.horizons:
                g = goals.get(y)
                if g is None:
                    cells.append("")
                    continue
                label, style = status_short(g)
                proj = projected_text(target, g, rules)
                # the projection on its own line, the status whole below it
                cells.append(Text(f"{proj}\n" if proj != "—" else "") + Text(label, style=style))
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
        parts.append(level_text(1 if single else 3, lv, prov, sentence=True))  # a provisional year: "Tạm đạt"
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
        "Tỷ lệ hiển thị cắt (không làm tròn) đến 2 chữ số thập phân; chênh lệch và tốc độ tính bằng điểm phần trăm; "
        "* = mức tạm tính (thiếu số liệu một tiêu chí); “Tạm đạt*”: chỉ đạt nhờ một mức tạm tính của năm gần nhất, "
        "chưa tính là đã đạt.",
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
        lines.append(f"Cảnh báo ({'; '.join(parts)}): {first[code]}.")
    return lines


