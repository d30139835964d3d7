"""Compact bars for the terminal: a rate as eighth-blocks, with a tick where the required value lies.

The bar is cut, not rounded, to the eighth of a cell below the value, like the percentages beside it, so a
bar never reaches a tick the exact value misses. Green when the value reaches the required one, red when it
does not; the tick shows only where the bar has not yet covered it.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from rich.text import Text

from .fmt import exact_decimal, pct

EIGHTHS = " ▏▎▍▌▋▊▉█"
TICK = "▏"  # left edge of the cell where the required value begins
TICK_END = "▕"  # a required value of 100% lies at the right edge of the last cell


def _cells(value: Decimal, width: int) -> int:
    return int((value * width).to_integral_value(rounding=ROUND_FLOOR))


def bar(value: float | None, required: float | None = None, width: int = 10) -> Text:
    """A bar of exactly `width` cells for a rate in 0..1 (clipped)."""
    if value is None:
        return Text("—".ljust(width), style="dim")
    v = min(max(exact_decimal(value), Decimal(0)), Decimal(1))
    eighths = _cells(v * 8, width)
    full, part = divmod(eighths, 8)
    chars = ["█"] * full + ([EIGHTHS[part]] if part else [])
    chars += [" "] * (width - len(chars))
    style = "cyan" if required is None else ("green" if exact_decimal(value) >= exact_decimal(required) else "red")
    text = Text("".join(chars), style=style)
    if required is not None:
        r = min(max(exact_decimal(required), Decimal(0)), Decimal(1))
        at = _cells(r, width)
        mark, at = (TICK_END, width - 1) if at >= width else (TICK, at)
        if chars[at] == " ":
            text = Text("".join(chars[:at]), style=style) + Text(mark, style="bold yellow") + \
                Text("".join(chars[at + 1:]))
    return text


def pct_with_bar(value: float | None, required: float | None = None, width: int = 10) -> Text:
    """'43,19% ████▎▏' — the truncated percentage, then the bar."""
    return Text(pct(value).rjust(7) + " ") + bar(value, required, width)
