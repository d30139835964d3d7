"""The report as an HTML page fragment, for the local page (`xhht serve`): the terminal report's content, read
from the same Result (targets per plan year in each year's own wording, levels per unit with their legends,
indicators with numerator and denominator, gaps per commune with the persons needed, messages grouped by file
with sheet, row and column) as HTML tables that print on A4, and the workbook's charts as inline SVG.

Formatting only: every figure and word comes from the renderers the terminal uses (`render.words`,
`render.terminal`, `render.trend`), so the page and the terminal cannot say a figure differently. Templates are
Jinja2 with autoescaping on: names from files are data, never markup.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from . import terminal as term
from .gaps import gap_items
from .messages import grouped
from .words import gap_text, level_word, needed_text, required_text, result_word, value_text

if TYPE_CHECKING:
    from ..messages import Message
    from ..answer.result import Result
    from ..law.standards import Standards
    from ..trend import TrendReport

PAGE_DIR = Path(__file__).with_name("page")
TEMPLATES = PAGE_DIR / "templates"
STATIC = PAGE_DIR / "static"

# Messages about the plan itself (spec.md, "Whose plan": `plan-other-area`, and the plan file's own warnings):
# shown above the report, not only among the messages.
PLAN_PREFIX = "plan-"

__all__ = ["environment", "result_html", "trend_html", "page", "STATIC", "TEMPLATES"]


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment of the page's templates (autoescaped, undefined names are errors)."""
    from jinja2 import StrictUndefined

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env


def page(name: str, **context: Any) -> str:
    """A whole page or fragment from its template."""
    return environment().get_template(name).render(**context)


# --- a compute Result ---------------------------------------------------------------------------------------

@dataclass
class Cell:
    text: str
    css: str = ""
    sub: str = ""  # a second line (numerator/denominator)


@dataclass
class Table:
    title: str
    head: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    first_bold: list[bool] = field(default_factory=list)
    css: str = ""


def _result_css(row: Any) -> str:
    if row.provisional and row.met is None:
        return "tam"
    return {True: "dat", False: "chua"}.get(row.met, "mo")


def _targets_tables(r: Result, code: str, name: str) -> list[Table]:
    """One table per plan year, each with that year's own wording of every line (the plan's label)."""
    report, plan, rules = r.report, r.context.plan, r.context.rules
    entries = term._target_rows(report, plan, code)
    years = list(plan.plan.years)
    tables = []
    for k, y in enumerate(years):
        t = Table(f"Mục tiêu của kế hoạch — {name} — năm {y}",
                  ["Mục tiêu", f"Hiện tại ({report.year})", f"Yêu cầu {y}", f"Chênh lệch {y}", f"Cần thêm {y}",
                   f"Kết quả {y}"], css="muc-tieu")
        for _label, rows in entries:
            row = rows[k]
            if row is None:
                continue
            label = row.label + (" (duy trì)" if row.maintain and "duy trì" not in row.label.casefold() else "")
            t.rows.append([Cell(label), Cell(value_text(row, rules), "so"), Cell(required_text(row, rules), "so"),
                           Cell(gap_text(row), "so"), Cell(needed_text(row), "so"),
                           Cell(result_word(row, table=True), _result_css(row))])
        if t.rows:
            tables.append(t)
    return tables


def _level_cell(row: Any, levels: int) -> Cell:
    if row is None or row.level is None:
        return Cell("—", "mo")
    css = "dat" if row.level == levels else ("tam" if row.level else "chua")
    text = level_word(row.level, levels, row.provisional)
    if row.conditions == "not_met":
        text += " (ĐK)"
    return Cell(text, css)


def _standards_table(r: Result) -> Table:
    report, rules = r.report, r.context.rules
    by = {(s.unit, s.standard): s for s in report.standards}
    t = Table("Mức đạt chuẩn PCGD–XMC theo đơn vị", ["Đơn vị", *[s.short for s in rules.standards]], css="muc-do")
    for u in report.units:
        label = u.name + (" (ĐBKK)" if u.dbkk else "")
        t.rows.append([Cell(label), *[_level_cell(by.get((u.code, s.id)), len(s.levels)) for s in rules.standards]])
        t.first_bold.append(u.kind != "commune")
    return t


INDICATOR_GROUPS = (("Phổ cập giáo dục", "Phổ cập giáo dục"), ("Xóa mù chữ", "Xóa mù chữ"),
                    ("Học tập suốt đời", "Năng lực và trình độ của người dân"))


def _indicator_tables(r: Result) -> list[Table]:
    report = r.report
    by = {(x.unit, x.indicator): x for x in report.indicators}
    tables = []
    for title, group in INDICATOR_GROUPS:
        t = Table(f"Chỉ số — {title}", ["Chỉ số", *[u.name for u in report.units]], css="chi-so")
        for ind in (i for i in term.INDICATORS if i.group == group):
            cells = [Cell(ind.label)]
            for u in report.units:
                x = by.get((u.code, ind.id))
                if x is None or x.denominator is None:
                    cells.append(Cell("—", "mo"))
                elif x.denominator == 0:
                    cells.append(Cell("0/0", "mo"))
                else:
                    cells.append(Cell(term.pct(x.value), "so", f"{term.count(x.numerator)}/{term.count(x.denominator)}"))
            t.rows.append(cells)
        if t.rows:
            tables.append(t)
    return tables


def _gaps_table(r: Result) -> Table:
    report, rules = r.report, r.context.rules
    year = r.check.year
    names = {u.code: u.name for u in report.units}
    t = Table(f"Khoảng cách theo đơn vị (mục tiêu năm {year}), thiếu nhiều nhất trước",
              ["Đơn vị", "Chỉ tiêu", "Hiện tại", "Yêu cầu", "Chênh lệch", "Cần thêm"], css="khoang-cach")
    for cells in gap_items(report, rules, names, year):
        t.rows.append([Cell(cells[0]), Cell(cells[1]), *[Cell(c, "so") for c in cells[2:]]])
    if not t.rows:
        t.rows.append([Cell("—"), Cell("Không có khoảng cách"), Cell(""), Cell(""), Cell(""), Cell("")])
    return t


@dataclass
class FileMessages:
    file: str
    rows: list[list[str]]


def messages_by_file(messages: list[Message]) -> list[FileMessages]:
    """Every message, grouped by its file (messages about no file last), each with sheet, row and column."""
    groups: dict[str, list[list[str]]] = defaultdict(list)
    for m in messages:
        groups[m.file or ""].append(["Lỗi" if m.severity == "error" else "Cảnh báo", m.sheet or "",
                                     "" if m.row is None else str(m.row), m.column or "", m.message])
    ordered = sorted(groups, key=lambda f: (f == "", f))
    return [FileMessages(f or "Chung (không thuộc tệp nào)", groups[f]) for f in ordered]


# --- charts (SVG), as in the workbook: each rate target's units as bars with the plan years' lines -----------

@dataclass
class Bar:
    label: str
    value: float
    text: str
    y: float


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    lines: list[tuple[str, float]]  # (legend, x in percent)
    height: float
    kind: str = "rate"
    stacks: list[list[tuple[str, float, float, int]]] = field(default_factory=list)  # (css, x, width, n)
    legend: list[tuple[str, str]] = field(default_factory=list)


BAR_H = 18.0
LABEL_W = 150.0
PLOT_W = 420.0


def _rate_charts(r: Result) -> list[Chart]:
    report = r.report
    communes = [u for u in report.units if u.kind == "commune"]
    by = {(x.unit, x.indicator): x for x in report.indicators}
    charts = []
    for target in r.context.shown_targets:
        rows = [x for x in report.targets if x.target == target.id and x.kind == "rate"]
        if not rows or rows[0].indicator is None:
            continue
        ind = rows[0].indicator
        required: dict[int, float] = {}
        for x in rows:
            if x.required is not None:
                required.setdefault(x.year, float(x.required))
        bars = []
        for k, u in enumerate(communes):
            v = by.get((u.code, ind))
            value = float(v.value) if v is not None and v.value is not None else 0.0
            text = term.pct(v.value) if v is not None and v.value is not None else "—"
            bars.append(Bar(u.name, max(0.0, min(100.0, value)), text, k * (BAR_H + 4)))  # values are percents
        if not bars:
            continue
        lines = [(f"Yêu cầu {y}: {term.pct(v)}", min(100.0, v) / 100 * PLOT_W) for y, v in required.items()]
        for b in bars:
            b.value = b.value / 100 * PLOT_W
        charts.append(Chart(rows[0].label, bars, lines, len(bars) * (BAR_H + 4) + 40))
    return charts


def _level_chart(r: Result) -> Chart | None:
    """Units per level of every standard (stacked: not reached, each level), as the workbook's levels chart."""
    report, rules = r.report, r.context.rules
    communes = {u.code for u in report.units if u.kind == "commune"}
    if not communes:
        return None
    bars: list[Bar] = []
    stacks = []
    for k, s in enumerate(rules.standards):
        counts: dict[int | None, int] = defaultdict(int)
        for row in report.standards:
            if row.unit in communes and row.standard == s.id:
                counts[row.level] += 1
        total = sum(counts.values()) or 1
        x = 0.0
        stack = []
        for lv in [0, *range(1, len(s.levels) + 1), None]:
            n = counts.get(lv, 0)
            if not n:
                continue
            w = n / total * PLOT_W
            css = "mo" if lv is None else ("top" if lv == len(s.levels) else f"m{lv}")
            stack.append((css, x, w, n))
            x += w
        bars.append(Bar(s.short, 0, "", k * (BAR_H + 4)))
        stacks.append(stack)
    legend = [("m0", "Chưa đạt"), ("m1", "Mức 1"), ("m2", "Mức 2"), ("top", "Mức cao nhất (MĐ3; XMC MĐ2; Đạt)"),
              ("mo", "Không có số liệu")]
    return Chart("Số xã, phường theo mức đạt chuẩn", bars, [], len(bars) * (BAR_H + 4) + 40, "levels", stacks,
                 legend)


def result_html(r: Result) -> str:
    """The report of one compute Result as an HTML fragment (the page's «Báo cáo» section)."""
    report, rules = r.report, r.context.rules
    units = [u for u in report.units if u.kind == "commune"]
    groups = [u for u in report.units if u.kind != "commune"]
    targets = [t for g in groups for t in _targets_tables(r, g.code, g.name)]
    charts = _rate_charts(r)
    level_chart = _level_chart(r)
    return page("report.html", title=r.context.plan.plan.title, year=report.year, n_units=len(units),
                areas=", ".join(g.name for g in groups),
                plan_messages=[m.message for m in report.messages if m.code.startswith(PLAN_PREFIX)],
                targets=targets, standards=_standards_table(r), legend=_legend(report), indicators=_indicator_tables(r), gaps=_gaps_table(r),
                notes=_notes(report, rules), messages=messages_by_file(report.messages),
                n_errors=sum(m.severity == "error" for m in report.messages),
                n_warnings=sum(m.severity != "error" for m in report.messages),
                charts=charts, level_chart=level_chart, label_w=LABEL_W, plot_w=PLOT_W, bar_h=BAR_H)


def _legend(report: Any) -> str:
    """The "*" legend under the tables holding provisional levels (the terminal's notes say it too)."""
    provisional = [r for r in report.standards if r.provisional and r.level is not None]
    if not provisional and not any(t.provisional for t in report.targets):
        return ""
    order = {i.id: k for k, i in enumerate(term.INDICATORS)}
    missing = sorted({m for r in provisional for m in r.missing} | {m for t in report.targets for m in t.missing},
                     key=lambda m: order.get(m, len(order)))
    return term.legend_line(missing)


def _notes(report: Any, rules: Standards) -> list[str]:
    """The terminal report's notes without its grouped messages (the page lists every message by file)."""
    lines = term.footnotes(report, rules)
    n_grouped = len(grouped(report.messages, codes=False))
    return [line for line in (lines[: len(lines) - n_grouped] if n_grouped else lines) if line]


# --- a trend report -------------------------------------------------------------------------------------------

def trend_html(report: TrendReport, rules: Standards) -> str:
    """The trend (`xhht trend`'s content) as an HTML fragment: targets per area and unit over the years with the
    pace and the projection to each plan year, levels over the years, notes."""
    from . import trend as tw

    names = {u.code: u.name for u in report.units}
    by_unit: dict[str, list[Any]] = defaultdict(list)
    for t in tw.words.shown(report):
        by_unit[t.unit].append(t)
    head = ["Mục tiêu", *[str(y) for y in report.years], "Xu hướng", "Mỗi năm", "Năm mục tiêu", "Yêu cầu", "Dự báo",
            "Đánh giá", "Năm đạt"]
    tables = []
    for u in sorted(report.units, key=lambda u: u.kind == "commune"):  # the areas first, as on the terminal
        targets = by_unit.get(u.code, [])
        if not targets or (u.kind == "commune" and all(t.basis == "no_data" for t in targets)):
            continue
        tb = Table(f"Mục tiêu — {names[u.code]}", head, css="xu-huong")
        for target in targets:
            if u.kind == "commune" and target.basis == "no_data":
                continue
            history = [Cell(tw.value_text(target, v, rules), "so") for v in target.values]
            history += [Cell(tw.spark(target)), Cell(tw.slope_text(target), "so")]
            for k, g in enumerate(target.goals):
                label, style = tw.status_label(g)
                css = {"green": "dat", "yellow": "tam", "dim": "mo"}.get(style, "chua" if "red" in style else "")
                first = [Cell(tw.with_maintain(target))] + history if k == 0 else [Cell("")] * (len(history) + 1)
                tb.rows.append([*first, Cell(str(g.year), "so"), Cell(tw.required_text(target, g, rules), "so"),
                                Cell(tw.projected_text(target, g, rules), "so"), Cell(label, css),
                                Cell(tw.reached_text(target, g))])
            if not target.goals:
                tb.rows.append([Cell(tw.with_maintain(target)), *history, *[Cell("")] * 5])
        tables.append(tb)
    by = {(s.unit, s.standard): s for s in report.standards}
    levels = Table(f"Mức đạt chuẩn qua các năm {report.years[0]}–{report.years[-1]} (và năm lần đầu đạt từng mức)",
                   ["Đơn vị", *[s.short for s in rules.standards]], css="muc-do")
    for u in report.units:
        cells = [Cell(names[u.code])]
        for std in rules.standards:
            s = by.get((u.code, std.id))
            if s is None:
                cells.append(Cell("—", "mo"))
                continue
            text = tw.level_cell([(p.year, p.level, p.provisional) for p in s.levels],
                                 [(f.level, f.year) for f in s.first_reached], len(std.levels) == 1)
            main, _, sub = text.plain.partition("\n")
            cells.append(Cell(main, "", sub))
        levels.rows.append(cells)
        levels.first_bold.append(u.kind != "commune")
    datasets = [f"{d.year}: {d.source} ({'báo cáo JSON' if d.kind == 'report' else 'dữ liệu'})" for d in report.datasets]
    return page("trend.html", plan_id=report.plan.id, years=", ".join(map(str, report.years)),
                horizons=" và ".join(map(str, report.horizons)), datasets=datasets, regroup=tw.regroup_lines(report),
                tables=tables, levels=levels, notes=[_for_the_page(n) for n in tw.notes(report)])


def _for_the_page(note: str) -> str:
    """A trend note as the page says it: the page offers the JSON as a download, not an option."""
    return note.replace("xem mục messages của --format json", "xem mục messages của tệp «Xu hướng JSON» tải về")
