"""The terminal report (rich), in Vietnamese: the area's targets, units × standards, indicators, per-unit
gaps worst first, and footnotes for conventions, unverified thresholds and messages."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..fmt import count, gap_pct, legend_line, pct, result_text
from ..fmt import level_text as level_words
from ..indicators import BY_ID, INDICATORS
from ..plan import Plan
from ..report import Report, StandardRow, TargetRow
from ..standards import Standards
from .bars import pct_with_bar
from .messages import grouped
from .reference import unverified_line

# spec.md: the survey cannot know who attended the 5-year-old class last year (the forms' denominator).
MN5_COMPLETED_NOTE = (
    "Trẻ 6 tuổi hoàn thành chương trình GDMN: mẫu biểu chia cho số trẻ đã học lớp mẫu giáo 5 tuổi; phiếu điều tra "
    "ngày 30/9 không còn ghi ai đã học năm trước, nên xhht chia cho số phải phổ cập 6 tuổi (nhiều hơn hoặc bằng): "
    "tỷ lệ chỉ có thể thấp hơn, không cao hơn. Bảng số liệu cấp xã có thể ghi tử số và mẫu số theo mẫu biểu.")

def result_style(row: TargetRow) -> str:
    """The colour of a target's result: green met, red not met, yellow provisional, dim without data."""
    if row.provisional and row.met is None:
        return "yellow"
    return {True: "green", False: "bold red"}.get(row.met, "dim")  # type: ignore[arg-type]


def _met(row: TargetRow) -> Text:
    return Text(result_text(row), style=result_style(row))


def levels_of(rules: Standards | None, standard: str | None) -> int:
    """How many levels a standard has (single-level standards read "Đạt" / "Chưa đạt")."""
    if rules is None or standard is None:
        return 3
    return len(rules.by_id(standard).levels)


def value_text(row: TargetRow, rules: Standards | None = None) -> str:
    if row.value is None:
        return "—"
    star = "*" if row.provisional else ""
    if row.kind == "level":
        return level_words(levels_of(rules, row.standard), int(row.value), row.provisional)
    if row.kind == "recognition":
        return "Có" if row.value else "Chưa"
    return pct(float(row.value)) + star


def required_text(row: TargetRow, rules: Standards | None = None) -> str:
    if row.kind == "level":
        return level_words(levels_of(rules, row.standard), int(row.required or 0), False)
    if row.kind == "recognition":
        return "công nhận"
    return pct(float(row.required)) if row.required is not None else "—"


def gap_text(row: TargetRow) -> str:
    if row.kind in ("rate", "share_at_level"):
        return gap_pct(row.value, row.required) if row.value is not None else "—"
    if row.kind == "level" and row.gap is not None:
        return f"{int(row.gap):+d} mức" if row.gap else "0"
    return "—"


def _needed(row: TargetRow) -> str:
    if row.needed is None:
        return "—"
    if row.kind == "rate":
        return f"{count(row.needed)} {BY_ID[row.indicator].unit_label}" if row.indicator else count(row.needed)
    if row.kind in ("level", "share_at_level"):
        return f"{row.needed} xã"
    return count(row.needed)


def level_text(row: StandardRow, std_levels: int) -> Text:
    if row.level is None:
        return Text("—", style="dim")
    style = "green" if row.level == std_levels else ("yellow" if row.level else "red")
    text = Text(level_words(std_levels, row.level, False), style=style)
    if row.provisional:  # the star of fmt.level_text, coloured apart
        text.append(level_words(std_levels, row.level, True)[len(text.plain):], style="yellow")
    if row.conditions == "not_met":
        text.append(" (ĐK)", style="red")
    return text


def render(report: Report, plan: Plan, rules: Standards, console: Console, checked_year: int) -> None:
    units = [u for u in report.units if u.kind == "commune"]
    groups = [u for u in report.units if u.kind != "commune"]
    names = {u.code: u.name for u in report.units}
    console.print(Text(plan.plan.title, style="bold"))
    console.print(f"Năm điều tra: {report.year} · Đơn vị: {len(units)} xã/phường · "
                  f"Khu vực: {', '.join(g.name for g in groups)}")
    console.print()
    for g in groups:
        console.print(_targets_table(report, plan, g.code, g.name, rules))
        console.print()
    console.print(_standards_matrix(report, rules, names))
    console.print()
    for title, group in (("Phổ cập giáo dục", "Phổ cập giáo dục"), ("Xóa mù chữ", "Xóa mù chữ"),
                         ("Học tập suốt đời", "Năng lực và trình độ của người dân")):
        console.print(_indicator_table(report, title, group, [u.code for u in report.units], names))
        console.print()
    console.print(_unit_gaps(report, rules, names, checked_year))
    console.print()
    for line in footnotes(report, rules):
        console.print(line, style="dim", highlight=False, markup=False)


def _targets_table(report: Report, plan: Plan, code: str, name: str, rules: Standards | None = None) -> Table:
    years = plan.plan.years
    t = Table(title=f"Mục tiêu của kế hoạch — {name}", title_style="bold", show_lines=False, expand=False)
    t.add_column("Mục tiêu", overflow="fold", min_width=30, ratio=1)
    t.add_column(f"Hiện tại\n({report.year})", justify="right", min_width=18)
    for y in years:
        t.add_column(f"Yêu cầu\n{y}", justify="right", no_wrap=True)
        t.add_column(f"Chênh\nlệch {y}", justify="right", no_wrap=True)
        t.add_column(f"Cần thêm\n{y}", justify="right")
        t.add_column(f"Kết quả\n{y}", justify="center")
    by_key = {(r.target, r.year): r for r in report.targets if r.unit == code}
    for target in plan.targets:
        if target.same_as:
            continue  # the plan repeats the literacy line; show it once
        rows = [by_key.get((target.id, y)) for y in years]
        first = next(r for r in rows if r is not None)
        label = first.label + (" (duy trì)" if any(r is not None and r.maintain for r in rows) and
                               "duy trì" not in first.label.casefold() else "")
        first_required = next((r.required for r in rows if r is not None), None)
        cells: list[str | Text | None] = [
            label, pct_with_bar(float(first.value), float(first_required) if first_required is not None else None)
            if first.kind in ("rate", "share_at_level") and first.value is not None else value_text(first, rules)]
        for r in rows:
            if r is None:
                cells += ["", "", "", ""]
            else:
                cells += [required_text(r, rules), gap_text(r), _needed(r), _met(r)]
        t.add_row(*cells)
    return t


def _standards_matrix(report: Report, rules: Standards, names: dict[str, str]) -> Table:
    t = Table(title="Mức đạt chuẩn PCGD–XMC theo đơn vị", title_style="bold")
    t.add_column("Đơn vị")
    for std in rules.standards:
        t.add_column(std.short, justify="center")
    rows: dict[str, dict[str, StandardRow]] = defaultdict(dict)
    for r in report.standards:
        rows[r.unit][r.standard] = r
    for u in report.units:
        label = names[u.code] + (" (ĐBKK)" if u.dbkk else "")
        style = "bold" if u.kind != "commune" else None
        t.add_row(Text(label, style=style or ""),
                  *[level_text(rows[u.code][s.id], len(s.levels)) for s in rules.standards])
    return t


def _indicator_table(report: Report, title: str, group: str, codes: list[str], names: dict[str, str]) -> Table:
    t = Table(title=f"Chỉ số — {title}", title_style="bold")
    t.add_column("Chỉ số", overflow="fold", max_width=40)
    for c in codes:
        t.add_column(names[c], justify="right", overflow="fold", max_width=12)
    by = {(r.unit, r.indicator): r for r in report.indicators}
    for ind in INDICATORS:
        if ind.group != group:
            continue
        cells = []
        for c in codes:
            r = by[(c, ind.id)]
            if r.denominator is None:
                cells.append(Text("—", style="dim"))
            elif r.denominator == 0:
                cells.append(Text("0/0", style="dim"))
            else:
                cells.append(f"{pct(r.value)}\n{count(r.numerator)}/{count(r.denominator)}")
        t.add_row(ind.label, *cells)
    return t


def _unit_gaps(report: Report, rules: Standards, names: dict[str, str], year: int) -> Table:
    """Every shortfall of a commune in the checked year: rate targets and failing standard criteria,
    worst first (largest shortfall in percentage points)."""
    t = Table(title=f"Khoảng cách theo đơn vị (mục tiêu năm {year}), thiếu nhiều nhất trước", title_style="bold")
    for col, just in (("Đơn vị", "left"), ("Chỉ tiêu", "left"), ("Hiện tại", "right"), ("Yêu cầu", "right"),
                      ("Chênh lệch", "right"), ("Cần thêm", "right")):
        t.add_column(col, justify=just, overflow="fold")
    items: list[tuple[float, list[str]]] = []
    communes = {u.code for u in report.units if u.kind == "commune"}
    for r in report.targets:
        if r.unit in communes and r.year == year and r.kind == "rate" and r.met is False:
            items.append((r.gap or 0.0, [names[r.unit], BY_ID[r.indicator].label if r.indicator else r.target,
                                         pct(float(r.value)) if r.value is not None else "—", required_text(r, rules), gap_text(r),
                                         _needed(r)]))
    required_levels = {(r.standard, r.year): int(r.required) for r in report.targets
                       if r.kind == "level" and r.year == year and r.required is not None}
    shorts = {s.id: s for s in rules.standards}
    for s in report.standards:
        need = required_levels.get((s.standard, year))
        if s.unit not in communes or need is None or s.level is None or s.level >= need:
            continue
        for c in s.criteria:
            if c.kind == "indicator" and c.level <= need and c.met is False and c.indicator:
                label = f"{shorts[s.standard].short} MĐ{c.level}: {BY_ID[c.indicator].label}"
                items.append(((c.value or 0.0) - c.threshold,
                              [names[s.unit], label, pct(c.value), pct(c.threshold), gap_pct(c.value, c.threshold),
                               f"{count(c.needed)} {BY_ID[c.indicator].unit_label}"]))
            elif c.kind == "prerequisite" and c.level <= need and c.met is False:
                pre = len(shorts[c.standard or ""].levels)
                items.append((-1.0, [names[s.unit], f"{shorts[s.standard].short} MĐ{c.level}: cần đạt "
                                     f"{shorts[c.standard or ''].short} {level_words(pre, int(c.threshold), False)}",
                                     level_words(pre, None if c.value is None else int(c.value), False),
                                     level_words(pre, int(c.threshold), False), "—", "—"]))
    for _, cells in sorted(items, key=lambda x: x[0]):
        t.add_row(*cells)
    if not items:
        t.add_row("—", "Không có khoảng cách", "", "", "", "")
    return t


def footnotes(report: Report, rules: Standards) -> list[str]:
    lines = [
        "Quy ước: tuổi = năm điều tra − năm sinh (Luật Giáo dục 2019, Đ.28). Số phải phổ cập (PPC) = người cư trú "
        "trong độ tuổi trừ người khuyết tật"
        + (" không có khả năng học tập" if rules.ppc.exclude == "disabled_unable_only" else "")
        + "; người chuyển đi và đã chết không tính. Độ tuổi lao động: từ 15 tuổi đến dưới tuổi nghỉ hưu "
        "(Bộ luật Lao động 2019, Đ.169). Biết chữ mức 1/mức 2 theo Nghị định 20/2014, Đ.19.",
        "Tỷ lệ hiển thị cắt (không làm tròn) đến 2 chữ số thập phân; so sánh với ngưỡng dùng giá trị chính xác. "
        "(ĐK) = chưa đảm bảo điều kiện.",
        MN5_COMPLETED_NOTE,
        unverified_line(rules),
    ]
    provisional = [r for r in report.standards if r.provisional and r.level is not None]
    if provisional or any(t.provisional for t in report.targets):
        order = {i.id: k for k, i in enumerate(INDICATORS)}
        missing = sorted({m for r in provisional for m in r.missing} | {m for t in report.targets for m in t.missing},
                         key=lambda m: order.get(m, len(order)))
        lines.append(legend_line(missing) + "; kết quả mục tiêu phụ thuộc mức tạm tính ghi “Tạm đạt”, không tính "
                     "là đã đạt.")
    lines.extend(grouped(report.messages))
    return lines
