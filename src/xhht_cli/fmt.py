"""Numbers as officers read them: percentages with two decimals, Vietnamese style (92,61%),
truncated so that a shown value never reaches a threshold the exact value misses; gaps rounded toward
minus infinity so that a shortfall never shows as 0,00."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

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
