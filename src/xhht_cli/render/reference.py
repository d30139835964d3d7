"""The bundled reference tables on the terminal: the plan's targets (`xhht targets`) and the standards'
criteria (`xhht standards`). Names come from data files, so every cell is plain text, never markup."""

from __future__ import annotations

from rich.table import Table

from ..fmt import pct
from ..indicators import BY_ID
from ..plan import Plan
from ..standards import Standards
from .console import safe_text

KINDS = {"rate": "tỷ lệ", "level": "mức đạt chuẩn", "share_at_level": "tỷ lệ xã đạt mức", "recognition": "công nhận"}


def _indicator(indicator_id: str) -> str:
    ind = BY_ID.get(indicator_id)
    return ind.label if ind is not None else indicator_id


def targets_table(plan: Plan, rules: Standards | None = None) -> Table:
    """Every target line of the plan: clause, year, label, kind, what it measures, requirement, maintain.
    With the standards, a standard is named by its short name rather than its identifier."""
    t = Table(title=safe_text(plan.plan.title, "bold"), show_lines=True)
    for col in ("Khoản", "Năm", "Nội dung", "Loại", "Đo bằng", "Yêu cầu", "Duy trì"):
        t.add_column(col, overflow="fold")
    shorts = {s.id: s.short for s in rules.standards} if rules is not None else {}
    for target in plan.targets:
        if target.same_as:
            continue  # the plan repeats the literacy line; show it once
        for y in target.years:
            what = (_indicator(target.indicator) if target.indicator else
                    shorts.get(target.standard, target.standard) if target.standard else target.recognition or "")
            if target.kind == "share_at_level":
                what += f" ≥ MĐ{target.level}"
            req = (pct(float(y.required)) if target.kind in ("rate", "share_at_level")
                   else f"MĐ{y.required}" if target.kind == "level" else "được công nhận")
            t.add_row(y.clause, str(y.year), safe_text(y.label), KINDS.get(target.kind, target.kind), safe_text(what),
                      req, "có" if y.maintain else "")
    return t


def standards_table(rules: Standards) -> Table:
    """Every criterion of every standard level: indicator, threshold, ĐBKK variant, article, verified, rollup."""
    t = Table(title=safe_text(rules.source, "bold"), show_lines=True)
    for col in ("Chuẩn", "Mức", "Tiêu chí", "Ngưỡng", "ĐBKK", "Điều", "Đã đối chiếu", "Tỷ lệ xã (huyện / tỉnh)"):
        t.add_column(col, overflow="fold")
    for std in rules.standards:
        for lv in std.levels:
            for p in lv.prerequisites:
                t.add_row(std.short, str(lv.level), f"cần {rules.by_id(p.standard).short} MĐ{p.level}", "", "",
                          p.article, "", "")
            for c in lv.criteria:
                dbkk = pct(c.threshold_dbkk) if c.threshold_dbkk is not None else ""
                if c.indicator_dbkk:
                    dbkk = (dbkk + " " if dbkk else "") + f"({_indicator(c.indicator_dbkk)})"
                t.add_row(std.short, str(lv.level), safe_text(_indicator(c.indicator)), pct(c.threshold), dbkk,
                          c.article, "có" if c.verified else f"chưa ({c.confidence})",
                          f"{pct(lv.rollup.area)} / {pct(lv.rollup.province)}")
    return t
