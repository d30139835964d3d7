"""A commune counted from its official workbook and from another file (issue 18, item 2).

An official workbook's DATA sheet is the commune master: every person of the commune, all hamlets
(reference/survey-layout.md). Persons of that commune from any other file are then counted twice —
last year's district table renamed into this year's folder, a hamlet sheet exported beside its master.
Files of one hamlet each stay allowed (spec.md, "The same data twice"); a master beside another source
of the same commune is the error `commune-surveyed-twice`, said once per other file, before the
consequences it would cause (every shared indicator a `source-conflict`, every denominator doubled).
Works on the counts per unit, so a file served by the counts cache is checked as one read cold.
"""

from __future__ import annotations

from pathlib import Path

from ..counts.table import CountTable
from ..io.textnorm import fold
from ..messages import Log


def units_with_persons(counts: CountTable) -> set[str]:
    """The units a sheet's (relabelled) counts give persons to."""
    if "rows" not in counts.columns or not counts.levels:
        return set()
    return {str(u) for u, n in zip(counts.level(0).tolist(), counts["rows"].tolist()) if n > 0}


def commune_twice(sheets: list[tuple[Path, str, set[str]]], names: dict[str, str], log: Log,
                  reported: set[frozenset[Path]] = frozenset()) -> None:  # type: ignore[assignment]
    """(file, sheet, units given persons) of every survey sheet of the run; `names` unit code → name;
    `reported`: pairs of files already said to be the same survey (same-survey-twice), not said again."""
    masters: dict[str, Path] = {}
    for path, sheet, units in sheets:
        if fold(sheet) == "data" and len(units) == 1:
            masters.setdefault(next(iter(units)), path)
    if not masters:
        return
    clashes: dict[Path, list[tuple[str, Path]]] = {}
    for path, _, units in sheets:
        for u in sorted(units):
            master = masters.get(u)
            if master is not None and master != path and frozenset((master, path)) not in reported:
                clashes.setdefault(path, []).append((u, master))
    for path, hits in clashes.items():
        listed = "; ".join(f"{names.get(u, u)} ({master.name})" for u, master in hits[:5]) \
            + (f" và {len(hits) - 5} xã khác" if len(hits) > 5 else "")
        log.error("commune-surveyed-twice", f"tệp có người của {len(hits)} xã/phường đã có sheet DATA riêng (toàn bộ người "
                  f"của xã): {listed}. Những người này sẽ bị đếm hai lần; thường là bảng năm trước hoặc bản sao để "
                  "nhầm vào thư mục: chuyển tệp ra khỏi thư mục, hoặc bỏ các xã này khỏi tệp", file=str(path))
