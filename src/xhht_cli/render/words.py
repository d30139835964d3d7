"""How a target row reads for people: its value, requirement, gap, persons needed and result — in one place,
so that the terminal report, `--check` and any other text say it the same way (spec.md, level texts)."""

from __future__ import annotations

from typing import Any

from .fmt import count, gap_pct, level_text, pct, result_text
from ..law.indicators import BY_ID
from ..law.plan import Plan
from ..report import TargetRow
from ..law.standards import Standards

MAINTAIN = "duy trì"
# A recognition's name without the plan's year words (the plan's lines say "được công nhận…" and "Duy trì…").
RECOGNITION_NAMES = {"thi_xa_hoc_tap": "Danh hiệu thị xã học tập"}
RECOGNIZED, NOT_RECOGNIZED = "Đã công nhận", "Chưa công nhận"


def levels_of(rules: Standards | None, standard: str | None) -> int:
    """How many levels a standard has (single-level standards read "Đạt" / "Chưa đạt")."""
    if rules is None or standard is None:
        return 3
    return len(rules.by_id(standard).levels)


def level_word(level: int | None, levels: int = 3, provisional: bool = False) -> str:
    """A level as people read it in tables (fmt.level_text): "MĐ2" / "Chưa đạt", single-level "Đạt"."""
    return level_text(levels, level, provisional)


def result_word(row: TargetRow, table: bool = False) -> str:
    """A target's result (fmt.result_text): Đạt, Chưa đạt, Tạm đạt (thiếu số liệu: …), Không có đối tượng,
    Không có số liệu. In a table cell a provisional result is "Tạm đạt*" (or "Chưa đạt*"), and the table's legend
    line names the missing data: the full sentence would not fit an 80-column terminal."""
    text = result_text(row)
    if table and row.provisional and row.met is None and " (" in text:
        return text.split(" (", 1)[0].rstrip("*") + "*"
    return text


def year_label(label: str, maintain: bool) -> str:
    """A target line as the plan words it for one year, with "(duy trì)" only where that year's line is
    `maintain` and its words do not already say so (spec.md: labels belong to one (id, year))."""
    return label + (f" ({MAINTAIN})" if maintain and MAINTAIN not in label.casefold() else "")


def neutral_name(target: Any, rules: Standards | None = None) -> str:
    """A target's name for a table of several years: the indicator's or standard's Vietnamese name, without the
    plan's percentage (each year's requirement stands in its own column). `target` is a plan Target or a trend
    TrendTarget (kind, indicator, standard, level)."""
    if target.kind == "rate" and target.indicator in BY_ID:
        return BY_ID[target.indicator].label
    std = None
    if target.standard and rules is not None and target.standard in {s.id for s in rules.standards}:
        std = rules.by_id(target.standard)
    if target.kind == "level" and std is not None:
        return f"Mức đạt chuẩn {_lower_first(std.label)}"
    if target.kind == "share_at_level" and std is not None:
        single = len(std.levels) == 1
        return f"Tỷ lệ xã đạt chuẩn {_lower_first(std.label)}" + ("" if single else f" mức độ {target.level}")
    if target.kind == "recognition":
        # a trend line does not carry the recognition's id; the plans know one recognition today
        return RECOGNITION_NAMES.get(getattr(target, "recognition", None) or "", next(iter(RECOGNITION_NAMES.values())))
    return str(getattr(target, "label", "") or (target.years[0].label if hasattr(target, "years") else ""))


def _lower_first(text: str) -> str:
    # "Xóa mù chữ" → "xóa mù chữ" after "Mức đạt chuẩn"; an abbreviation ("PCGD") keeps its capitals
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def twin_notes(plan: Plan, years: list[int] | None = None) -> list[str]:
    """One footnote per `same_as` line of the plan: shown once under its primary line's wording."""
    by_id = {t.id: t for t in plan.targets}
    notes = []
    for t in plan.targets:
        first = by_id.get(t.same_as or "")
        if first is None:
            continue
        for ty in t.years:
            if years is not None and ty.year not in years:
                continue
            primary = next((p for p in first.years if p.year == ty.year), None)
            if primary is None:
                continue
            notes.append(f"Mục tiêu năm {ty.year}: dòng “{ty.label}” của kế hoạch cùng yêu cầu với dòng "
                         f"“{primary.label}” nên chỉ hiện một lần.")
    return notes


def value_text(row: TargetRow, rules: Standards | None = None) -> str:
    """The value of a target row for people: a level text, "Có"/"Chưa", or a truncated percentage."""
    if row.value is None:
        return "—"
    star = "*" if row.provisional else ""
    if row.kind == "level":
        return level_word(int(row.value), levels_of(rules, row.standard), row.provisional)
    if row.kind == "recognition":
        return RECOGNIZED if row.value else NOT_RECOGNIZED
    return pct(float(row.value)) + star


def required_text(row: TargetRow, rules: Standards | None = None) -> str:
    """The requirement of a target row for people."""
    if row.kind == "level":
        return level_word(int(row.required), levels_of(rules, row.standard)) if row.required is not None else "—"
    if row.kind == "recognition":
        return RECOGNIZED
    return pct(float(row.required)) if row.required is not None else "—"


def gap_text(row: TargetRow) -> str:
    if row.kind in ("rate", "share_at_level"):
        return points(gap_pct(row.value, row.required)) if row.value is not None else "—"
    if row.kind == "level" and row.gap is not None:
        return f"{int(row.gap):+d} mức" if row.gap else "0 mức"
    return "—"


def points(text: str) -> str:
    """A gap in percentage points reads with its unit: "-6,81 điểm" (never a bare number or a percent)."""
    return text if text == "—" else f"{text} điểm"


def needed_text(row: TargetRow) -> str:
    if row.needed is None:
        return "—"
    if row.kind == "rate":
        return f"{count(row.needed)} {BY_ID[row.indicator].unit_label}" if row.indicator else count(row.needed)
    if row.kind in ("level", "share_at_level"):
        return f"{count(row.needed)} xã"
    return count(row.needed)


def check_line(row: TargetRow, unit_name: str, rules: Standards | None = None) -> str:
    """One `--check` line: "Phổ cập GD tiểu học (Thị xã Bến Cát, 2025): Chưa đạt — hiện tại MĐ2, yêu cầu MĐ3"."""
    head = f"{year_label(row.label, row.maintain)} ({unit_name}, {row.year}): {result_word(row)}"
    if row.met is False or row.provisional:
        return f"{head} — hiện tại {value_text(row, rules)}, yêu cầu {required_text(row, rules)}"
    return head
