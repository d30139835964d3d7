"""How a target row reads for people: its value, requirement, gap, persons needed and result — in one place,
so that the terminal report, `--check` and any other text say it the same way (spec.md, level texts)."""

from __future__ import annotations

from ..fmt import count, gap_pct, pct
from ..indicators import BY_ID
from ..report import TargetRow


def level_word(level: int | None, levels: int = 3) -> str:
    """A level as people read it: "MĐ2" / "Chưa đạt" (single-level standards: "Đạt" / "Chưa đạt")."""
    if level is None:
        return "—"
    if levels == 1:
        return "Đạt" if level else "Chưa đạt"
    return f"MĐ{level}" if level else "Chưa đạt"


def result_word(row: TargetRow) -> str:
    """A target's result: Đạt, Chưa đạt, Tạm đạt (thiếu số liệu…), Không có đối tượng, Không có số liệu."""
    if row.met is True:
        return "Đạt"
    if row.met is False:
        return "Chưa đạt"
    if row.provisional:
        return "Tạm đạt (thiếu số liệu)"
    if row.kind == "rate" and row.denominator == 0:
        return "Không có đối tượng"
    return "Không có số liệu"


def value_text(row: TargetRow) -> str:
    if row.value is None:
        return "—"
    star = "*" if row.provisional else ""
    if row.kind == "level":
        return level_word(int(row.value)) + star
    if row.kind == "recognition":
        return "Có" if row.value else "Chưa"
    return pct(float(row.value)) + star


def required_text(row: TargetRow) -> str:
    if row.kind == "level":
        return level_word(int(row.required)) if row.required is not None else "—"
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


def check_line(row: TargetRow, unit_name: str) -> str:
    """One `--check` line: "Phổ cập GD tiểu học (Thị xã Bến Cát, 2025): Chưa đạt — hiện tại MĐ2, yêu cầu MĐ3"."""
    head = f"{row.label} ({unit_name}, {row.year}): {result_word(row)}"
    if row.met is False or row.provisional:
        return f"{head} — hiện tại {value_text(row)}, yêu cầu {required_text(row)}"
    return head
