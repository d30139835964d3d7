"""The terminal report (rich), in Vietnamese: the area's targets, units × standards, indicators, per-unit
gaps worst first, and footnotes for conventions, unverified thresholds and messages.

Every table fits the console's width (80, 100, 120 columns or more; 100 in a file or pipe): the layout changes
with the width — one targets table with both plan years when it fits, else one per year, else one block per
target; the units × standards and indicator matrices split into several tables by column groups — so that
every cell is shown and no number breaks across lines. Names from files are data: sanitized, never markup.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .fmt import count, legend_line, pct
from .fmt import level_text as fmt_level
from ..law.indicators import BY_ID, INDICATORS
from ..law.plan import Plan, Target
from ..report import Report, StandardRow, TargetRow
from ..answer.result import Result
from ..law.standards import Standards
from .bars import pct_with_bar
from .console import sanitize, safe_text
from .fit import FRAMES, column_groups, first_fit
from .gaps import LABEL_MIN, unit_gaps
from .messages import grouped
from .reference import unverified_line
from .words import (MAINTAIN, gap_text, level_word, levels_of, needed_text, neutral_name, required_text,
                    result_word, twin_notes, value_text, year_label)

__all__ = ["render", "footnotes", "level_text", "value_text", "required_text", "gap_text", "levels_of", "result_style"]

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


def _result(row: TargetRow) -> Text:
    return Text(result_word(row, table=True), style=result_style(row))


def level_text(row: StandardRow, std_levels: int) -> Text:
    """A unit's level in a grid: "MĐ2", "Chưa đạt", "Đạt"; "*" when provisional, "(ĐK)" when conditions fail."""
    if row.level is None:
        return Text("—", style="dim")
    style = "green" if row.level == std_levels else ("yellow" if row.level else "red")
    text = Text(level_word(row.level, std_levels), style=style)
    if row.provisional:  # the star of fmt.level_text, coloured apart
        text.append(level_word(row.level, std_levels, True)[len(text.plain):], style="yellow")
    if row.conditions == "not_met":
        text.append(" (ĐK)", style="red")
    return text


def render_result(result: Result, console: Console) -> None:
    """The terminal report of a compute Result (the checked year decides the per-unit gaps table)."""
    render(result.report, result.context.plan, result.context.rules, console, result.check.year)


def render(report: Report, plan: Plan, rules: Standards, console: Console, checked_year: int) -> None:
    units = [u for u in report.units if u.kind == "commune"]
    groups = [u for u in report.units if u.kind != "commune"]
    names = {u.code: sanitize(u.name) for u in report.units}
    console.print(safe_text(plan.plan.title, "bold"))
    for m in report.messages:  # another area's plan: said before anything else (spec.md, "Whose plan")
        if m.code == "plan-other-area":
            console.print(safe_text(f"Cảnh báo: {m.message}", "bold yellow"))
    console.print(f"Năm điều tra: {report.year} · Đơn vị: {len(units)} xã/phường · "
                  f"Khu vực: {', '.join(names[g.code] for g in groups)}")
    console.print()
    for g in groups:
        for table in _targets(console, report, plan, g.code, names[g.code], rules):
            console.print(table)
            console.print()
    for table in _standards_matrix(console, report, rules, names):
        console.print(table)
        console.print()
    for title, group in (("Phổ cập giáo dục", "Phổ cập giáo dục"), ("Xóa mù chữ", "Xóa mù chữ"),
                         ("Học tập suốt đời", "Năng lực và trình độ của người dân")):
        for table in _indicator_tables(console, report, title, group, names):
            console.print(table)
            console.print()
    for year in sorted({*plan.plan.years, checked_year}):
        if year >= checked_year:  # every plan year still ahead of (or at) the year the report checks
            console.print(unit_gaps(console, report, rules, names, year))
            console.print()
    for line in footnotes(report, rules, plan):
        console.print(line, style="dim")


# --- the plan's targets ------------------------------------------------------------------------------------------

Entry = tuple[Target, list["TargetRow | None"]]


def _target_rows(report: Report, plan: Plan, code: str) -> list[Entry]:
    """(target, row per plan year) for each target line shown once (the plan repeats the literacy line: its
    `same_as` twin is named in a footnote)."""
    years = plan.plan.years
    by_key = {(r.target, r.year): r for r in report.targets if r.unit == code}
    shown: list[Entry] = []
    for target in plan.targets:
        if target.same_as:
            continue
        rows = [by_key.get((target.id, y)) for y in years]
        if any(r is not None for r in rows):
            shown.append((target, rows))
    return shown


def _year_label(row: TargetRow) -> str:
    """A one-year table's line: that year's own words and that year's maintain mark."""
    return sanitize(year_label(row.label, row.maintain))


def _required(row: TargetRow, rules: Standards | None, several: bool) -> str:
    """A requirement; in a table of several years the line's neutral name carries no year's words, so a year whose
    line says "duy trì" marks its own requirement."""
    text = required_text(row, rules)
    return f"{text}\n({MAINTAIN})" if several and row.maintain else text


def _current(first: TargetRow, rows: list[TargetRow | None], with_bar: bool, rules: Standards | None) -> Text | str:
    if with_bar and first.kind in ("rate", "share_at_level") and first.value is not None:
        required = next((r.required for r in rows if r is not None and r.required is not None), None)
        return pct_with_bar(float(first.value), float(required) if required is not None else None)
    return value_text(first, rules)


def _targets_table(title: str, year_now: int, years: Sequence[int], entries: list[Entry],
                   all_years: Sequence[int], with_bar: bool, frame: dict[str, Any],
                   rules: Standards | None = None) -> Table:
    """One targets table over `years`. One year: each line in that year's words. Several years: each line by its
    neutral name under its plan group, each year's requirement in its own column."""
    several = len(years) > 1
    t = Table(title=title, title_style="bold", **frame)
    t.add_column("Mục tiêu", min_width=LABEL_MIN)
    # level and recognition words may wrap between words ("Đã công / nhận"); a number has no space to break at
    t.add_column(f"Hiện tại\n({year_now})", justify="right", no_wrap=several, min_width=8)
    for y in years:
        t.add_column(f"Yêu cầu\n{y}", justify="right", no_wrap=several, min_width=7)
        t.add_column(f"Chênh lệch\n{y}" if not several else f"Chênh\nlệch\n{y}", justify="right", no_wrap=True)
        t.add_column(f"Cần thêm\n{y}" if not several else f"Cần\nthêm\n{y}", justify="right", no_wrap=True)
        t.add_column(f"Kết quả\n{y}", justify="center", min_width=8)
    group = None
    for target, rows in entries:
        chosen = [rows[list(all_years).index(y)] for y in years]
        if all(r is None for r in chosen):
            continue
        if several and target.group and target.group != group:
            group = target.group
            t.add_row(Text(sanitize(group), style="bold"), *[""] * (len(t.columns) - 1))
        first = next(r for r in rows if r is not None)
        label = sanitize(neutral_name(target, rules)) if several else _year_label(next(r for r in chosen if r))
        cells: list[str | Text] = [label, _current(first, rows, with_bar, rules)]
        for r in chosen:
            if r is None:
                cells += ["", "", "", ""]
                continue
            cells += [_required(r, rules, several), gap_text(r), needed_text(r), _result(r)]
        t.add_row(*cells)
    return t


def _target_blocks(title: str, year_now: int, years: Sequence[int], entries: list[Entry],
                   rules: Standards | None = None) -> list[Table]:
    """The narrowest layout: one small two-column table per target and year, in that year's words."""
    tables: list[Table] = []
    for k, y in enumerate(years):
        for target, rows in entries:
            first = next(r for r in rows if r is not None)
            r = rows[k]
            if r is None:
                continue
            t = Table(title=title if not tables else None, title_style="bold", box=box.SIMPLE_HEAD,
                      show_header=True)
            t.add_column(f"{_year_label(r)} — mục tiêu năm {y}")
            t.add_column("", justify="right", no_wrap=True)
            t.add_row(f"Hiện tại ({year_now})", value_text(first, rules))
            t.add_row(f"Yêu cầu {y}", required_text(r, rules))
            t.add_row(f"Chênh lệch {y}", gap_text(r))
            t.add_row(f"Cần thêm {y}", needed_text(r))
            t.add_row(f"Kết quả {y}", _result(r))
            tables.append(t)
    return tables


def _targets(console: Console, report: Report, plan: Plan, code: str, name: str,
             rules: Standards | None = None) -> list[Table]:
    years = plan.plan.years
    entries = _target_rows(report, plan, code)
    title = f"Mục tiêu của kế hoạch — {name}"
    if any(m.code == "plan-other-area" for m in report.messages):  # the plan's area and the data's, apart
        title = f"Mục tiêu của kế hoạch của {plan.plan.area}, áp cho số liệu của {name}"

    def combined(with_bar: bool, frame: dict[str, Any]) -> Callable[[], list[Table]]:
        return lambda: [_targets_table(title, report.year, years, entries, years, with_bar, frame, rules=rules)]

    def per_year(frame: dict[str, Any]) -> Callable[[], list[Table]]:
        return lambda: [_targets_table(f"{title} — mục tiêu năm {y}", report.year, [y], entries, years, False, frame,
                                        rules=rules)
                        for y in years]

    layouts = [combined(True, FRAMES[0]), *(combined(False, f) for f in FRAMES), *(per_year(f) for f in FRAMES),
               lambda: _target_blocks(title, report.year, years, entries, rules)]
    return first_fit(console, layouts)


# --- units × standards ---------------------------------------------------------------------------------------

def _standards_matrix(console: Console, report: Report, rules: Standards, names: dict[str, str]) -> list[Table]:
    rows: dict[str, dict[str, StandardRow]] = defaultdict(dict)
    for r in report.standards:
        rows[r.unit][r.standard] = r
    title = "Mức đạt chuẩn PCGD–XMC theo đơn vị"

    def build(stds: Sequence, part: int, parts: int, frame: dict[str, Any]) -> Table:
        t = Table(title=title + (f" ({part}/{parts})" if parts > 1 else ""), title_style="bold", **frame)
        t.add_column("Đơn vị", min_width=12)
        for std in stds:
            t.add_column(std.short, justify="center", no_wrap=False, min_width=8)
        for u in report.units:
            label = Text(names[u.code] + (" (ĐBKK)" if u.dbkk else ""), style="bold" if u.kind != "commune" else "")
            t.add_row(label, *[level_text(rows[u.code][s.id], len(s.levels)) if s.id in rows[u.code] else "—"
                               for s in stds])
        return t

    return _grouped(console, list(rules.standards), build)


def _grouped(console: Console, keys: list, build: Callable[..., Table]) -> list[Table]:
    """Column groups with the readable box when they fit in as few tables as the compact one needs."""
    framed = column_groups(console, keys, lambda k, i, n: build(k, i, n, FRAMES[0]))
    compact = column_groups(console, keys, lambda k, i, n: build(k, i, n, FRAMES[1]))
    return framed if len(framed) <= len(compact) else compact


# --- indicators per unit -----------------------------------------------------------------------------------------

def _indicator_tables(console: Console, report: Report, title: str, group: str,
                      names: dict[str, str]) -> list[Table]:
    by = {(r.unit, r.indicator): r for r in report.indicators}
    indicators = [ind for ind in INDICATORS if ind.group == group]
    codes = [u.code for u in report.units]

    def build(cols: Sequence[str], part: int, parts: int, frame: dict[str, Any]) -> Table:
        t = Table(title=f"Chỉ số — {title}" + (f" ({part}/{parts})" if parts > 1 else ""), title_style="bold",
                  **frame)
        t.add_column("Chỉ số", min_width=LABEL_MIN)
        for c in cols:
            t.add_column(names[c], justify="right", min_width=8)
        for ind in indicators:
            cells: list[str | Text] = [ind.label]
            for c in cols:
                r = by.get((c, ind.id))
                if r is None or r.denominator is None:
                    cells.append(Text("—", style="dim"))
                elif r.denominator == 0:
                    cells.append(Text("0/0", style="dim"))
                else:
                    cells.append(Text(f"{pct(r.value)}\n{count(r.numerator)}/{count(r.denominator)}", no_wrap=True))
            t.add_row(*cells)
        return t

    return _grouped(console, codes, build)


# --- per-unit gaps ---------------------------------------------------------------------------------------------

# --- notes ---------------------------------------------------------------------------------------------------

def _indicator_label(indicator_id: str) -> str:
    ind = BY_ID.get(indicator_id)
    return ind.label if ind is not None else indicator_id


def footnotes(report: Report, rules: Standards, plan: Plan | None = None) -> list[str]:
    """Conventions, unverified thresholds, provisional levels and the messages, for people (no internal ids)."""
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
        *(twin_notes(plan) if plan is not None else []),
    ]
    provisional = [r for r in report.standards if r.provisional and r.level is not None]
    if provisional or any(t.provisional for t in report.targets):
        order = {i.id: k for k, i in enumerate(INDICATORS)}
        missing = sorted({m for r in provisional for m in r.missing} | {m for t in report.targets for m in t.missing},
                         key=lambda m: order.get(m, len(order)))
        lines.append(legend_line(missing) + "; kết quả mục tiêu phụ thuộc mức tạm tính ghi “Tạm đạt”, không tính "
                     "là đã đạt.")
    lines.extend(sanitize(line) for line in settle_lines(report, rules))
    lines.extend(sanitize(line) for line in grouped(report.messages, codes=False))
    return lines


def settle_lines(report: Report, rules: Standards) -> list[str]:
    """What would settle it (spec.md): one line per unit and criterion whose unrecorded persons, once recorded
    as having the fact, would lift the unit to the next level; one line per rate target and year naming the
    units it would then meet. The levels themselves stay as computed."""
    names = {u.code: u.name for u in report.units}
    stds = {s.id: s for s in rules.standards}
    lines = []
    for row in report.standards:
        for st in row.settle:
            std = stds.get(row.standard)
            if std is None or st.level is None:
                continue
            ind = BY_ID[st.indicator]
            lines.append(f"{names.get(st.unit, st.unit)}: {count(st.unrecorded)} {ind.unit_label} chưa ghi số liệu "
                         f"của “{ind.label}”; nếu ghi đủ và đều có thì đạt {std.short} "
                         f"{fmt_level(len(std.levels), st.level, False, sentence=True)}")
    by_target: dict[tuple[str, int], list[str]] = {}
    labels: dict[tuple[str, int], str] = {}
    for t in report.targets:
        if t.settle and not t.same_as:
            by_target.setdefault((t.target, t.year), []).extend(
                f"{names.get(st.unit, st.unit)} ({count(st.unrecorded)} chưa ghi)" for st in t.settle)
            labels[(t.target, t.year)] = t.label
    for (target, year), where in by_target.items():
        lines.append(f"Mục tiêu “{labels[(target, year)]}” ({year}): số liệu chưa ghi có thể quyết định kết quả; nếu "
                     f"ghi đủ và đều có thì đạt ở {', '.join(where)}")
    return lines
