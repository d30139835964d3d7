"""Every resource limit xhht applies to what it reads, in one place.

A limit protects the officer's computer from a file that would take all its memory or time (a zip
bomb, a cell at XFD1048576, a YAML alias bomb). Each is a named constant; an environment variable of
the same name (``XHHT_MAX_XML_BYTES=8589934592``) raises it for a file that is genuinely that large,
and the message reaching the limit says so.
"""

from __future__ import annotations

import os

GiB = 1024**3
MiB = 1024**2

# Workbooks (.xlsx/.xlsm are zip archives of XML).
# A real province workbook is about 420 MB of XML at about 9:1; ten times that is still refused.
MAX_XML_BYTES = 4 * GiB  # decompressed bytes of all parts of one workbook, counted while decompressing
MAX_RATIO = 100  # declared decompressed / compressed size of one part ...
RATIO_ABOVE = 50 * MiB  # ... checked only for parts declaring more than this (small parts compress well)
# A sheet is a dense grid in the reader: rows × columns of its bounding box are allocated at once.
# 1,048,576 rows × 51 survey columns is 53 million cells; a far cell at XFD1048576 beside A1 is 17 billion.
MAX_SHEET_CELLS = 250_000_000

# YAML option files (--plan, --standards, --columns, trend --mapping): a plan is a few kilobytes.
MAX_YAML_BYTES = 2 * MiB
MAX_YAML_DEPTH = 64  # nesting of mappings and lists
MAX_YAML_NODES = 200_000  # nodes after expanding every alias (*name): a billion-laughs file has 10^9


def limit(name: str) -> int:
    """The limit `name` (a constant above), raised or lowered by the environment variable XHHT_<name>."""
    default = int(globals()[name])
    raw = os.environ.get(f"XHHT_{name}", "").strip()
    try:
        return int(raw) if raw else default
    except ValueError:
        return default


def human_bytes(n: int) -> str:
    """Bytes as an officer reads them: "4 GB", "512 MB", "900 KB" (binary units, decimal comma)."""
    for unit, size in (("GB", GiB), ("MB", MiB), ("KB", 1024)):
        if n >= size:
            value = n / size
            text = f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}".replace(".", ",")
            return f"{text} {unit}"
    return f"{n} byte"
