"""Which survey year a folder names: one rule for compute and trend (four digits, 1990–2100)."""

from __future__ import annotations

import re

YEAR_MIN, YEAR_MAX = 1990, 2100
_FOUR_DIGITS = re.compile(r"^\d{4}$")


def folder_name_year(name: str) -> int | None:
    """The year a folder is named after exactly (`2024`), or None; only years 1990–2100 count."""
    if not _FOUR_DIGITS.match(name):
        return None
    year = int(name)
    return year if YEAR_MIN <= year <= YEAR_MAX else None
