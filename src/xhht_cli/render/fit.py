"""Tables that fit the width they are printed at: no number broken across lines, no column cut off.

A layout fits when rich can lay every table out at the console's width without folding a cell that must stay
whole (number columns are `no_wrap`; text columns wrap between words and have a sensible minimum). `first_fit`
tries layouts from the richest to the most compact; `column_groups` splits a wide matrix (units or standards as
columns) into several tables that each fit, repeating the first column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table

K = TypeVar("K")

# Table frames from the most readable to the most compact: the compact one has no vertical rules and no edge,
# one space between columns plus one of padding on each inner side.
FRAMES: tuple[dict[str, Any], ...] = (
    {"box": box.HEAVY_HEAD},
    {"box": box.SIMPLE_HEAD, "show_edge": False, "pad_edge": False},
)
_WIDE = 100_000


def _ranges(console: Console, table: Table) -> list[tuple[int, int]]:
    """(narrowest, natural) content width of each column: a no_wrap column (header included) is never narrower
    than its widest line; a wrapping one never narrower than its longest word nor its min_width."""
    wide = console.options.update_width(_WIDE)
    ranges = []
    for column in table.columns:
        cells = [column.header, *column.cells] if table.show_header else list(column.cells)
        widths = [Measurement.get(console, wide, c) for c in cells] or [Measurement(0, 0)]
        natural = max(m.maximum for m in widths)
        least = natural if column.no_wrap else max(max(m.minimum for m in widths), column.min_width or 0)
        ranges.append((min(least, natural) if not column.no_wrap else natural, natural))
    return ranges


def _overhead(table: Table) -> int:
    return table._extra_width + sum(table._get_padding_width(i) for i in range(len(table.columns)))


def min_width(console: Console, table: Table) -> int:
    """The narrowest width at which the table can be laid out without folding a no_wrap cell or a word.
    Measured here because rich measures a no_wrap column's header as if it wrapped, and clamps every measure to
    the width it is offered."""
    return sum(least for least, _ in _ranges(console, table)) + _overhead(table)


def fix_widths(console: Console, table: Table) -> Table:
    """Set each column's width so that the table fills at most the console's width: numbers keep their natural
    width, text columns share what is left in proportion to how much they would like. (rich's own collapsing
    can overshoot by a column or two, and a line longer than the console is then cut.)"""
    ranges = _ranges(console, table)
    room = console.width - _overhead(table)
    if sum(natural for _, natural in ranges) <= room:
        return table
    widths = [least for least, _ in ranges]
    spare = max(room - sum(widths), 0)
    wants = [natural - least for least, natural in ranges]
    total = sum(wants)
    if total:
        widths = [w + (spare * want // total) for w, want in zip(widths, wants)]
    for column, width in zip(table.columns, widths):
        column.width = width
    return table


def fits(console: Console, tables: Sequence[Table]) -> bool:
    return all(min_width(console, t) <= console.width for t in tables)


def first_fit(console: Console, layouts: Sequence[Callable[[], list[Table]]]) -> list[Table]:
    """The first layout whose tables all fit; the last one (the most compact) when none does."""
    for build in layouts[:-1]:
        tables = build()
        if fits(console, tables):
            return [fix_widths(console, t) for t in tables]
    return [fix_widths(console, t) for t in layouts[-1]()]


def column_groups(console: Console, keys: Sequence[K], build: Callable[[Sequence[K], int, int], Table]) -> list[Table]:
    """Split `keys` (the matrix's columns) into consecutive groups whose tables fit, in order.

    `build(keys, part, parts)` makes the table of one group; `part`/`parts` let its title say "(1/2)"."""
    groups: list[list[K]] = []
    current: list[K] = []
    for key in keys:
        trial = [*current, key]
        if current and min_width(console, build(trial, 1, 2)) > console.width:
            groups.append(current)
            current = [key]
        else:
            current = trial
    if current or not groups:
        groups.append(current)
    return [fix_widths(console, build(g, i + 1, len(groups))) for i, g in enumerate(groups)]
