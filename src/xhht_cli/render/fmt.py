"""Numbers as officers read them: percentages with two decimals, Vietnamese style (92,61%),
truncated so that a shown value never reaches a threshold the exact value misses; gaps rounded toward
minus infinity so that a shortfall never shows as 0,00."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from ..law.indicators import BY_ID
from ..report import TargetRow

NO_DATA = "không có số liệu"


def exact_decimal(x: float | int) -> Decimal:
    # repr() is the shortest decimal that round-trips, so a value like 0.29 is read as 0.29, not 0.28999…
    return Decimal(repr(float(x)))


def vn_number(d: Decimal, places: int) -> str:
    text = f"{d:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def pct(value: float | None, places: int = 2) -> str:
    """0.92619 → '92,61%'; truncated toward zero."""
    if value is None:
        return "—"
    d = (exact_decimal(value) * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR)
    return vn_number(d, places) + "%"


def floor_number(value: float, places: int = 2) -> str:
    """A plain number (levels, slopes) floored to `places` decimals, Vietnamese style."""
    return vn_number(exact_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR), places)


def gap_value(value: float, required: float, places: int = 4) -> float:
    """value − required, in exact decimals, floored: a shortfall never reaches 0."""
    d = exact_decimal(value) - exact_decimal(required)
    return float(d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR))


def truncate(value: float, places: int) -> float:
    """The value cut (not rounded) to `places` decimals, for cells another program will round again."""
    return float(exact_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR))


def gap_pct(value: float | None, required: float | None, places: int = 2) -> str:
    """value − required in percentage points, rounded toward minus infinity: '-0,01' never '0,00'."""
    if value is None or required is None:
        return "—"
    d = ((exact_decimal(value) - exact_decimal(required)) * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR)
    sign = "+" if d > 0 else ""
    return sign + vn_number(d, places)


def count(n: int | None) -> str:
    return "—" if n is None else vn_number(Decimal(n), 0)


# --- levels and target results, as people read them (spec.md "Standards") --------------------------------

PROVISIONAL_MARK = "*"


def level_text(standard_levels: int, level: int | None, provisional: bool, sentence: bool = False) -> str:
    """A level wherever people read it. Tables: "Chưa đạt", "MĐ1"…"MĐ3" (standards with levels) or "Đạt" /
    "Chưa đạt" (single-level standards), "*" after a provisional level (a legend line names what is missing).
    Sentences: "Tạm đạt MĐ2" / "Tạm đạt" for a provisional level; a provisional 0 reads "Chưa đạt*" in both."""
    if level is None:
        return "không có số liệu" if sentence else "—"
    if level == 0:
        return "Chưa đạt" + (PROVISIONAL_MARK if provisional else "")
    text = "Đạt" if standard_levels == 1 else f"MĐ{level}"
    if provisional and sentence:
        return "Tạm đạt" if standard_levels == 1 else f"Tạm đạt {text}"
    return text + (PROVISIONAL_MARK if provisional else "")


def missing_labels(missing: list[str]) -> str:
    """The missing indicators by their Vietnamese labels (ids stay in JSON and CSV)."""
    return "; ".join(BY_ID[m].label if m in BY_ID else m for m in missing)


def legend_line(missing: list[str]) -> str:
    """The one legend line under a table holding provisional levels."""
    named = missing_labels(list(dict.fromkeys(missing)))
    return f"{PROVISIONAL_MARK} tạm tính: thiếu số liệu" + (f": {named}" if named else "") + \
        " (ghi trong bảng số liệu cấp xã, mẫu so-lieu-xa.xlsx của lệnh xhht template)"


def result_text(row: TargetRow) -> str:
    """A target's result: "Đạt", "Chưa đạt", "Tạm đạt (thiếu số liệu: …)", "Không có số liệu", or, for a
    rate over an empty cohort, "Không có đối tượng"."""
    if row.provisional and row.met is None and row.value is not None:
        named = missing_labels(row.missing)
        detail = f"thiếu số liệu: {named}" if named else "thiếu số liệu"
        below = not isinstance(row.value, bool) and row.required is not None and row.value < row.required
        # below the requirement as computed, though the missing data could still lift it there
        return f"{'Chưa đạt*' if below else 'Tạm đạt'} ({detail})"
    if row.met is True:
        return "Đạt"
    if row.met is False:
        return "Chưa đạt"
    if row.denominator == 0:
        return "Không có đối tượng"
    return "Không có số liệu"
