"""How a trend reads for people: values, the pace, projections, the year reached, the status."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

from rich.text import Text

from ..fmt import floor_number, level_text, missing_labels, pct, vn_number
from ...law.standards import Standards
from ...trend.models import TrendGoal, TrendReport, TrendTarget, TrendValue
from ...trend.series import points
from ..words import NOT_RECOGNIZED, RECOGNIZED, levels_of, neutral_name

STATUS = {"met": ("Đã đạt", "green"), "on_track": ("Đúng tiến độ", "cyan"),
          "off_track": ("Chậm tiến độ", "bold red"), "no_data": ("Chưa có số liệu", "dim")}
NOT_AT_PACE = "không kịp ở tốc độ này"
SINGLE_YEAR = "chỉ có 1 năm: chưa tính được tốc độ"
FALLING = ", đang giảm: dự báo dưới yêu cầu"
BLOCKS = "▁▂▃▄▅▆▇█"
FLAT_BELOW = Fraction(1, 200)  # a rate moving less than half a point over its range draws flat


# --- values as text ------------------------------------------------------------------------------------

def is_share(t: TrendTarget) -> bool:
    return t.kind in ("rate", "share_at_level")


def value_text(t: TrendTarget, v: TrendValue, rules: Standards | None = None) -> str:
    if v.value is None:
        return "—"
    star = "*" if v.provisional else ""
    if t.kind == "recognition":
        return RECOGNIZED if v.value else NOT_RECOGNIZED
    if t.kind == "level":
        # a provisional year reads "Tạm đạt (MĐn)" in its own cell: never a level reached
        return level_text(levels_of(rules, t.standard), int(v.value), v.provisional, sentence=True)
    return pct(float(v.value)) + star


def single_level(t: TrendTarget, rules: Standards | None) -> bool:
    """A level target of a standard with one level (MN 5, MN 4, MN 3–5): read Đạt / Chưa đạt, no pace."""
    return t.kind == "level" and rules is not None and levels_of(rules, t.standard) == 1


def slope_shown(t: TrendTarget) -> Decimal | None:
    """The change per year as people read it: percentage points (×100) for shares, levels otherwise, rounded
    toward minus infinity to 2 decimals (a falling pace never shows as 0,00). The terminal and the workbook
    both show this number."""
    if t.slope_per_year is None:
        return None
    d = Decimal(repr(t.slope_per_year)) * (100 if is_share(t) else 1)
    return d.quantize(Decimal("0.01"), rounding=ROUND_FLOOR)


def slope_text(t: TrendTarget) -> str:
    d = slope_shown(t)
    if d is None:
        return "—"
    sign = "+" if d > 0 else ""
    return f"{sign}{vn_number(d, 2)} {'điểm' if is_share(t) else 'mức'}"


def projected_text(t: TrendTarget, g: TrendGoal, rules: Standards | None = None) -> str:
    """A projected share truncated; a projected level as the level it reaches (a level, never a fraction)."""
    if g.projected is None:
        return "—"
    if t.kind == "level":
        return level_text(levels_of(rules, t.standard), int(g.projected), False)
    return pct(g.projected) if is_share(t) else floor_number(g.projected)


def required_text(t: TrendTarget, g: TrendGoal, rules: Standards | None = None) -> str:
    if t.kind == "recognition":
        return RECOGNIZED
    if t.kind == "level":
        return level_text(levels_of(rules, t.standard), int(g.required), False)
    return pct(float(g.required))


def reached_text(t: TrendTarget, g: TrendGoal) -> str:
    if g.provisional:  # met only on a provisional level: never a year reached (spec.md, provisional levels)
        return "tạm đạt"
    if g.status == "no_data":
        return "—"
    if g.status == "met":
        text = f"đạt từ {g.reached_in}" if g.reached_in is not None else "đã đạt"
        if g.projected is not None and not isinstance(g.required, bool) and g.projected < float(g.required):
            text += FALLING  # met today, but the pace takes it back below the requirement
        return text
    if t.basis == "single_year":
        return SINGLE_YEAR
    if t.basis == "not_projectable":
        return "—"
    return str(g.reached_in) if g.reached_in is not None else NOT_AT_PACE


def status_label(g: TrendGoal) -> tuple[str, str]:
    """The goal's status in words and colour; met only by a provisional level reads "Tạm đạt (…)"."""
    if g.provisional:
        named = missing_labels(g.missing)
        return f"Tạm đạt (thiếu số liệu{': ' + named if named else ''})", "yellow"
    return STATUS[g.status]


def status_text(g: TrendGoal) -> Text:
    label, style = status_label(g)
    return Text(label, style=style)


def spark(t: TrendTarget) -> str:
    """One block per survey year (a space where a year has no value), scaled to the series' own range
    (shares moving less than half a point draw flat), then an arrow for the sign of the slope."""
    pts = dict(points(t))
    if t.kind == "recognition":
        marks = "".join("█" if v.value is True else "▁" if v.value is False else " " for v in t.values)
        return marks
    if not pts:
        return ""
    if t.kind == "level" and t.standard is not None:
        lo, hi = Fraction(0), Fraction(max(max(pts.values()), 1))
    else:
        lo, hi = min(pts.values()), max(pts.values())
        if hi - lo < FLAT_BELOW:
            lo, hi = lo - 1, hi + 1  # flat: every block in the middle
    blocks = []
    for v in t.values:
        x = pts.get(v.year)
        if x is None:
            blocks.append(" ")
        else:
            k = int((x - lo) / (hi - lo) * (len(BLOCKS) - 1)) if hi > lo else len(BLOCKS) // 2
            blocks.append(BLOCKS[max(0, min(len(BLOCKS) - 1, k))])
    arrow = ""
    if t.slope_per_year is not None:
        arrow = " ↗" if t.slope_per_year > 0 else " ↘" if t.slope_per_year < 0 else " →"
    return "".join(blocks) + arrow


def target_label(t: TrendTarget, rules: Standards | None = None) -> str:
    """A trend line covers several years: the target's neutral name (spec.md), never one year's wording; each
    goal year's requirement, with its own "(duy trì)" mark, stands in its own cell."""
    return neutral_name(t, rules)


def with_maintain(t: TrendTarget, rules: Standards | None = None) -> str:
    """The neutral name: the maintain mark belongs to a year (goal_required_text), not to the line."""
    return target_label(t, rules)


def goal_required_text(t: TrendTarget, g: TrendGoal, rules: Standards | None = None) -> str:
    """A goal year's requirement with that year's maintain mark."""
    text = required_text(t, g, rules)
    return f"{text}\n(duy trì)" if g.maintain else text


def status_short(g: TrendGoal) -> tuple[str, str]:
    """The status in a table cell: a provisional one reads "Tạm đạt*" (the notes' legend names the rule)."""
    if g.provisional:
        return "Tạm đạt*", "yellow"
    return STATUS[g.status]


def shown(report: TrendReport) -> list[TrendTarget]:
    """The plan repeats the literacy line (same_as): shown once."""
    return [t for t in report.targets if not t.same_as]


