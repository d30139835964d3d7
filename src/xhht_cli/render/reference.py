"""The reference tables officers read: the standards with their thresholds and legal sources (`xhht
standards`) and the plan's targets (`xhht targets`), in Vietnamese, with labels instead of internal ids."""

from __future__ import annotations

from rich.table import Table

from .fmt import level_text, pct
from ..law.indicators import BY_ID
from ..law.plan import Plan, Target
from ..law.standards import Level, Rollup, Standard, Standards

KIND_NAMES = {
    "rate": "Tỷ lệ",
    "level": "Mức đạt chuẩn của khu vực",
    "share_at_level": "Tỷ lệ xã, phường đạt mức",
    "recognition": "Được công nhận",
}


def unverified_line(rules: Standards) -> str:
    """One short line: how many thresholds are not yet checked against the Vietnamese text."""
    n = rules.unverified_count()
    if not n:
        return "Mọi ngưỡng đã đối chiếu với văn bản tiếng Việt."
    return f"{n} ngưỡng chưa đối chiếu với văn bản tiếng Việt (nguồn và mức tin cậy: lệnh “xhht standards”)."


def rollup_text(rollup: Rollup) -> str:
    """The share of communes (areas) a level asks for, in words."""
    if rollup.split:
        assert rollup.dbkk is not None and rollup.other is not None
        return (f"≥ {pct(rollup.dbkk)} số xã ĐBKK và ≥ {pct(rollup.other)} số xã khác đạt chuẩn "
                "(khu vực và tỉnh đều xét trên các xã)")
    assert rollup.area is not None and rollup.province is not None
    return f"khu vực: ≥ {pct(rollup.area)} số xã đạt; tỉnh: ≥ {pct(rollup.province)} số khu vực đạt"


def level_name(std: Standard, level: int) -> str:
    return "Đạt chuẩn" if len(std.levels) == 1 else f"MĐ{level}"


def standards_table(rules: Standards) -> Table:
    """Every criterion of every standard: threshold, ĐBKK variant, the share of communes an area needs,
    and its source with how far it has been checked ("… — chưa đối chiếu bản gốc")."""
    notes = [f"{s.short}: {s.note}" for s in rules.standards if s.note]
    t = Table(title=rules.source, title_style="bold", show_lines=True,
              caption="\n".join([unverified_line(rules), *notes]), caption_justify="left")
    for col in ("Chuẩn", "Mức", "Tiêu chí", "Ngưỡng", "Xã ĐBKK", "Căn cứ"):
        t.add_column(col, overflow="fold")
    for std in rules.standards:
        for lv in std.levels:
            for cells in _level_rows(rules, std, lv):
                t.add_row(std.short, level_name(std, lv.level), *cells)
    return t


def _level_rows(rules: Standards, std: Standard, lv: Level) -> list[list[str]]:
    rows: list[list[str]] = []
    if lv.lower_article:
        rows.append([f"Đạt {level_name(std, lv.level - 1)}", "", "", lv.lower_article])
    for p in lv.prerequisites:
        rows.append([f"Đạt {rules.by_id(p.standard).short} MĐ{p.level}", "", "", p.article])
    for c in lv.criteria:
        dbkk = pct(c.threshold_dbkk) if c.threshold_dbkk is not None else ""
        if c.indicator_dbkk:
            dbkk = (dbkk + "; " if dbkk else "") + f"xét {BY_ID[c.indicator_dbkk].label.lower()}"
        rows.append([BY_ID[c.indicator].label, f"≥ {pct(c.threshold)}", dbkk,
                     rules.source_text(c.article, c.confidence, c.note)])
    reached = "đạt chuẩn" if len(std.levels) == 1 else f"đạt MĐ{lv.level}"
    rows.append([f"Khu vực {reached}: {rollup_text(lv.rollup)}", "", "",
                 rules.source_text(lv.rollup.article, lv.rollup.trust)])
    return rows


def _what(target: Target, plan_rules: Standards | None) -> str:
    if target.indicator:
        return BY_ID[target.indicator].label
    if target.standard:
        name = plan_rules.by_id(target.standard).short if plan_rules else target.standard
        return name + (f" ≥ MĐ{target.level}" if target.kind == "share_at_level" else "")
    return "Công nhận thị xã học tập" if target.recognition == "thi_xa_hoc_tap" else "Công nhận"


def _required_level(target: Target, level: int, rules: Standards | None) -> str:
    levels = len(rules.by_id(target.standard).levels) if rules and target.standard else 3
    return level_text(levels, level, False)


def targets_table(plan: Plan, rules: Standards | None = None) -> Table:
    """The plan's target lines per year: clause, content, kind, what is measured, requirement, maintain."""
    t = Table(title=plan.plan.title, title_style="bold", show_lines=True)
    for col in ("Khoản", "Năm", "Nội dung", "Loại", "Chỉ số / chuẩn", "Yêu cầu", "Duy trì"):
        t.add_column(col, overflow="fold")
    labels = {tg.id: tg.years[0].label for tg in plan.targets}
    for target in plan.targets:
        for y in target.years:
            req = (pct(float(y.required)) if target.kind in ("rate", "share_at_level")
                   else _required_level(target, int(y.required), rules) if target.kind == "level"
                   else "được công nhận")
            label = y.label + (f" (trùng dòng “{labels[target.same_as]}”)" if target.same_as else "")
            t.add_row(y.clause, str(y.year), label, KIND_NAMES[target.kind], _what(target, rules), req,
                      "có" if y.maintain else "")
    return t
