"""Numbers as officers read them: percentages with two decimals, Vietnamese style (92,61%),
truncated so that a shown value never reaches a threshold the exact value misses; gaps rounded toward
minus infinity so that a shortfall never shows as 0,00."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

NO_DATA = "không có số liệu"


def _dec(x: float | int) -> Decimal:
    # repr() is the shortest decimal that round-trips, so a value like 0.29 is read as 0.29, not 0.28999…
    return Decimal(repr(float(x)))


def vn_number(d: Decimal, places: int) -> str:
    text = f"{d:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def pct(value: float | None, places: int = 2) -> str:
    """0.92619 → '92,61%'; truncated toward zero."""
    if value is None:
        return "—"
    d = (_dec(value) * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR)
    return vn_number(d, places) + "%"


def truncate(value: float, places: int) -> float:
    """The value cut (not rounded) to `places` decimals, for cells another program will round again."""
    return float(_dec(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR))


def gap_pct(value: float | None, required: float | None, places: int = 2) -> str:
    """value − required in percentage points, rounded toward minus infinity: '-0,01' never '0,00'."""
    if value is None or required is None:
        return "—"
    d = ((_dec(value) - _dec(required)) * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR)
    sign = "+" if d > 0 else ""
    return sign + vn_number(d, places)


def count(n: int | None) -> str:
    return "—" if n is None else vn_number(Decimal(n), 0)


def share_needed(required: float, n: int) -> int:
    return int((_dec(required) * n).to_integral_value(rounding=ROUND_CEILING))
