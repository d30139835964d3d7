"""Per-commune gaps for one plan year, worst first: every reason a commune counts among an area's "Cần thêm"
(rate targets, failing criteria and prerequisites, conditions recorded not met), as rows for the terminal and
the page, in a flat table or one block per commune when the width is narrow."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..law.indicators import BY_ID
from ..law.standards import Standards
from ..report import Report
from .console import sanitize
from .fit import FRAMES, first_fit
from .fmt import count, gap_pct, pct
from .words import gap_text, level_word, needed_text, points, required_text

LABEL_MIN = 18  # a target label narrower than this reads one word per line

GapItem = tuple[float, str, list[str]]  # (shortfall for ordering, unit code, cells without the unit)


def gap_items(report: Report, rules: Standards, names: dict[str, str], year: int) -> list[GapItem]:
    """Every reason a commune counts among an area's "Cần thêm" in one plan year: rate targets, failing standard
    criteria and prerequisites, and conditions recorded "not met" — worst first (largest shortfall in percentage
    points; conditions and prerequisites, which have no percentage, first)."""
    items: list[GapItem] = []
    communes = {u.code for u in report.units if u.kind == "commune"}
    for r in report.targets:
        if r.unit in communes and r.year == year and r.kind == "rate" and r.met is False:
            items.append((r.gap or 0.0, r.unit, [BY_ID[r.indicator].label if r.indicator else sanitize(r.label),
                                                 pct(float(r.value)) if r.value is not None else "—",
                                                 required_text(r, rules), gap_text(r), needed_text(r)]))
    required_levels: dict[str, int] = {}
    for r in report.targets:
        if r.kind == "level" and r.year == year and r.standard and r.required is not None:
            required_levels[r.standard] = max(int(r.required), required_levels.get(r.standard, 0))
    shorts = {s.id: s for s in rules.standards}
    for s in report.standards:
        need = required_levels.get(s.standard)
        if s.unit not in communes or need is None or s.level is None or s.level >= need:
            continue
        std = shorts[s.standard]
        if s.conditions == "not_met":
            items.append((-2.0, s.unit, [f"{std.short}: chưa đảm bảo điều kiện (Thông tư 07/2016, Đ.3–6)",
                                         "chưa đảm bảo", "đảm bảo", "—", "—"]))
        for c in s.criteria:
            if c.kind == "indicator" and c.level <= need and c.met is False and c.indicator:
                label = f"{std.short} MĐ{c.level}: {BY_ID[c.indicator].label}"
                items.append(((c.value or 0.0) - c.threshold, s.unit,
                              [label, pct(c.value), pct(c.threshold), points(gap_pct(c.value, c.threshold)),
                               f"{count(c.needed)} {BY_ID[c.indicator].unit_label}"]))
            elif c.kind == "prerequisite" and c.level <= need and c.met is False:
                pre = len(shorts[c.standard or ""].levels)
                items.append((-1.0, s.unit, [f"{std.short} MĐ{c.level}: cần đạt "
                                             f"{shorts[c.standard or ''].short} {level_word(int(c.threshold), pre)}",
                                             level_word(None if c.value is None else int(c.value), pre),
                                             level_word(int(c.threshold), pre), "—", "—"]))
    return sorted(items, key=lambda x: x[0])


GAP_COLUMNS = ("Hiện tại", "Yêu cầu", "Chênh\nlệch", "Cần thêm")


def _gap_title(year: int) -> str:
    return f"Khoảng cách theo đơn vị (mục tiêu năm {year}), thiếu nhiều nhất trước"


def _gap_flat(items: list[GapItem], names: dict[str, str], year: int, frame: dict[str, Any]) -> Table:
    t = Table(title=_gap_title(year), title_style="bold", **frame)
    t.add_column("Đơn vị", min_width=10)
    t.add_column("Chỉ tiêu", min_width=LABEL_MIN)
    for col in GAP_COLUMNS:
        t.add_column(col, justify="right", no_wrap=True)
    for _, unit, cells in items:
        t.add_row(names[unit], *cells)
    if not items:
        t.add_row("—", "Không có khoảng cách", "", "", "", "")
    return t


def _gap_blocks(items: list[GapItem], names: dict[str, str], year: int, frame: dict[str, Any]) -> Table:
    """The narrow layout: one block per commune (its name on a line of its own), the worst commune first."""
    t = Table(title=_gap_title(year), title_style="bold", **frame)
    t.add_column("Chỉ tiêu", min_width=LABEL_MIN)
    for col in GAP_COLUMNS:
        t.add_column(col, justify="right", no_wrap=True)
    by_unit: dict[str, list[list[str]]] = defaultdict(list)
    for _, unit, cells in items:  # worst first: a commune's place is that of its worst shortfall
        by_unit[unit].append(cells)
    for unit, rows in by_unit.items():
        t.add_row(Text(names[unit], style="bold"), "", "", "", "")
        for i, cells in enumerate(rows):
            t.add_row(*cells, end_section=i == len(rows) - 1)
    if not items:
        t.add_row("Không có khoảng cách", "", "", "", "")
    return t


def unit_gaps(console: Console, report: Report, rules: Standards, names: dict[str, str], year: int) -> Table:
    items = gap_items(report, rules, names, year)
    layouts = [*(lambda f=f: [_gap_flat(items, names, year, f)] for f in FRAMES),
               *(lambda f=f: [_gap_blocks(items, names, year, f)] for f in FRAMES)]
    return first_fit(console, layouts)[0]
