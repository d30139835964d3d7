"""How a target row reads for people: its value, requirement, gap, persons needed and result — in one place,
so that the terminal report, `--check` and any other text say it the same way (spec.md, level texts)."""

from __future__ import annotations

from .fmt import count, gap_pct, level_text, pct, result_text
from ..law.indicators import BY_ID
from ..report import TargetRow
from ..law.standards import Standards


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


def value_text(row: TargetRow, rules: Standards | None = None) -> str:
    """The value of a target row for people: a level text, "Có"/"Chưa", or a truncated percentage."""
    if row.value is None:
        return "—"
    star = "*" if row.provisional else ""
    if row.kind == "level":
        return level_word(int(row.value), levels_of(rules, row.standard), row.provisional)
    if row.kind == "recognition":
        return "Có" if row.value else "Chưa"
    return pct(float(row.value)) + star


def required_text(row: TargetRow, rules: Standards | None = None) -> str:
    """The requirement of a target row for people."""
    if row.kind == "level":
        return level_word(int(row.required), levels_of(rules, row.standard)) if row.required is not None else "—"
    if row.kind == "recognition":
        return "công nhận"
    return pct(float(row.required)) if row.required is not None else "—"


def gap_text(row: TargetRow) -> str:
    if row.kind in ("rate", "share_at_level"):
        return gap_pct(row.value, row.required) if row.value is not None else "—"
    if row.kind == "level" and row.gap is not None:
        return f"{int(row.gap):+d} mức" if row.gap else "0"
    return "—"


def needed_text(row: TargetRow) -> str:
    if row.needed is None:
        return "—"
    if row.kind == "rate":
        return f"{count(row.needed)} {BY_ID[row.indicator].unit_label}" if row.indicator else count(row.needed)
    if row.kind in ("level", "share_at_level"):
        return f"{row.needed} xã"
    return count(row.needed)


def check_line(row: TargetRow, unit_name: str, rules: Standards | None = None) -> str:
    """One `--check` line: "Phổ cập GD tiểu học (Thị xã Bến Cát, 2025): Chưa đạt — hiện tại MĐ2, yêu cầu MĐ3"."""
    head = f"{row.label} ({unit_name}, {row.year}): {result_word(row)}"
    if row.met is False or row.provisional:
        return f"{head} — hiện tại {value_text(row, rules)}, yêu cầu {required_text(row, rules)}"
    return head
