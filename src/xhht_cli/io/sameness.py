"""The same data twice (spec.md): files xhht wrote itself, identical files, and a file named after
another year. Each is decided from the file alone, before or beside reading it.

- xhht's own workbooks (report, trend, persons list) carry a custom document property, OWN_MARK,
  set where they are written (never in templates, which officers fill in and give back);
- its CSV outputs are recognised by their exact column set, never by an extra line that would break
  users' scripts;
- two inputs with the same bytes are the same data saved twice ("dieu-tra (1).csv").
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from pathlib import Path

from .own_columns import MESSAGES, PERSONS, REPORT

OWN_MARK = "xhht-output"  # custom document property name; its value says which output it is

_TREND_FIXED = {"target", "clause", "goal_year", "unit", "unit_name", "unit_kind", "kind", "indicator", "standard",
                "level", "maintain", "label", "required", "slope_per_year", "basis", "projected", "reached_in",
                "status", "years_below"}
_VALUE_YEAR = re.compile(r"^value_\d{4}$")


_BEFORE_SETTLE = tuple(c for c in REPORT if c != "settle")  # CSV reports saved before issue 19
# (kind, column set, column count): the exact sets xhht writes, and the report's set before `settle` was appended
_CSV_HEADERS = [(kind, frozenset(cols), len(cols)) for kind, cols in (
    ("báo cáo CSV", REPORT), ("báo cáo CSV", _BEFORE_SETTLE), ("danh sách thông báo", MESSAGES),
    ("danh sách người cần vận động", PERSONS))]


def own_output(path: Path) -> str | None:
    """Which output of xhht `path` is ("báo cáo", "danh sách thông báo" …), or None for an input."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            with zipfile.ZipFile(path) as z:
                if "docProps/custom.xml" not in z.namelist():
                    return None
                custom = z.read("docProps/custom.xml")
        except (OSError, zipfile.BadZipFile, KeyError, ValueError, NotImplementedError):
            return None  # the reader will say what is wrong with it
        m = re.search(rb'name="' + OWN_MARK.encode() + rb'"[^>]*>\s*<vt:lpwstr>([^<]*)<', custom)
        return m.group(1).decode("utf-8", "replace") if m else None
    if suffix in (".csv", ".txt"):
        names = _first_line(path)
        if not names:
            return None
        got = frozenset(names)
        for kind, columns, width in _CSV_HEADERS:
            if got == columns and len(names) == width:
                return kind
        years = {n for n in names if _VALUE_YEAR.match(n)}
        if years and got - years == _TREND_FIXED:
            return "báo cáo xu hướng CSV"
    return None


def _first_line(path: Path) -> list[str] | None:
    try:
        with path.open("rb") as f:
            head = f.read(1 << 16)
    except OSError:
        return None
    for enc in ("utf-8-sig", "cp1258"):
        try:
            text = head.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1258 decodes nearly anything
        return None
    line = text.splitlines()[0] if text else ""
    if "," not in line:
        return None
    return [c.strip() for c in next(csv.reader(io.StringIO(line)))]


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read in 1 MB blocks."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def identical(files: list[Path]) -> list[tuple[Path, Path]]:
    """Pairs (first, copy) of files with the same bytes; only files of equal size are hashed."""
    by_size: dict[int, list[Path]] = {}
    for f in files:
        try:
            by_size.setdefault(f.stat().st_size, []).append(f)
        except OSError:
            continue
    pairs: list[tuple[Path, Path]] = []
    for group in by_size.values():
        if len(group) < 2:
            continue
        seen: dict[str, Path] = {}
        for f in group:
            try:
                d = digest(f)
            except OSError:
                continue
            if d in seen:
                pairs.append((seen[d], f))
            else:
                seen[d] = f
    return pairs


# A calendar year standing alone in a file name: 2000–2099 between non-digits, not one half of a school
# year ("2024-2025", "2024_2025"), not the Ministry template's own name (pcgd_nhapphieudieutra_2024).
_NAME_YEAR = re.compile(r"(?<![\d])(20\d\d)(?![\d])")
_SCHOOL_YEAR = re.compile(r"(?<!\d)20\d\d\s*[-–_/]\s*20\d\d(?!\d)")
_TEMPLATE = re.compile(r"pcgd_nhapphieudieutra_20\d\d", re.IGNORECASE)


def name_years(name: str) -> set[int]:
    """The calendar years a file name carries standing alone (spec.md, "The same data twice")."""
    text = _TEMPLATE.sub(" ", Path(name).stem)
    text = _SCHOOL_YEAR.sub(" ", text)
    return {int(m.group(1)) for m in _NAME_YEAR.finditer(text)}
