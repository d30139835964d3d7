"""A column whose values are mostly not what its header says (issue 18, item 1: `column-values-misfit`):
names under "Năm sinh", classes under "Tình trạng cư trú" — the header sits over the wrong column. One
error naming the column and the shape of what it holds, instead of one warning per unreadable cell.

The sample never quotes a value (a misplaced header may sit over names or phone numbers): it says what
kind of text the cells hold — words, whole numbers (with their range when they are short), dates."""

from __future__ import annotations

import numpy as np
import pandas as pd

# spec (issue 18): "mostly (≥ 50%) unreadable". Below MIN_FILLED answered cells, each unreadable cell is a
# typo of its own, reported by row: two cells of a hand-typed hamlet list are no pattern.
MISFIT_SHARE = (1, 2)
MIN_FILLED = 10
_SHORT_NUMBER = 4  # digits: years, grades, levels; longer numbers (phones, ID numbers) get no range


def is_misfit(bad: int, filled: int) -> bool:
    """Whether `bad` unreadable cells among `filled` answered ones make the column a misfit (exact)."""
    num, den = MISFIT_SHARE
    return filled >= MIN_FILLED and bad * den >= filled * num


def shapes(values: pd.Series, counts: np.ndarray) -> str:
    """What the distinct unreadable values look like, with how many cells each shape covers, most first:
    "chữ (120 ô), số từ 1 đến 12 (30 ô)". Vectorised over the distinct values, never a loop per cell."""
    text = values.astype("string").str.strip()
    digits = text.str.fullmatch(r"\d+(?:[.,]0+)?").fillna(False).to_numpy(bool)
    dates = text.str.fullmatch(r"\d{1,4}[/\-.]\d{1,2}[/\-.]\d{1,4}(?: .*)?").fillna(False).to_numpy(bool) & ~digits
    words = ~digits & ~dates
    parts: list[tuple[int, str]] = []
    if digits.any():
        nums = text[digits].str.extract(r"^(\d+)", expand=False)
        label = "số"
        if nums.str.len().max() <= _SHORT_NUMBER:
            ints = nums.astype(int)
            label = f"số từ {ints.min()} đến {ints.max()}" if ints.min() != ints.max() else f"số {ints.min()}"
        parts.append((int(counts[digits].sum()), label))
    if dates.any():
        parts.append((int(counts[dates].sum()), "ngày tháng"))
    if words.any():
        parts.append((int(counts[words].sum()), "chữ"))
    return ", ".join(f"{label} ({n} ô)" for n, label in sorted(parts, key=lambda p: -p[0]))
