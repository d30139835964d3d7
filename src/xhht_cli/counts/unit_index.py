"""The units of a run and looking them up by code or name: what every step after reading needs of the units
sheet, kept apart from its reader (units.py, which needs pandas) so that a run served by the counts cache
does not import it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..io.textnorm import fold, key

@dataclass
class Unit:
    code: str
    name: str
    kind: str = ""
    area: str = ""
    dbkk: bool = False
    file: str | None = None
    conditions: dict[str, str] = field(default_factory=dict)  # standard → met | not_met | unknown
    row: int | None = None


_PREFIX = re.compile(r"^(phuong|p|xa|x|thi tran|tt)[ .]+")


def bare(name: str) -> str:
    """A commune name without its "Phường"/"P."/"Xã"/"Thị trấn" prefix, folded."""
    return _PREFIX.sub("", fold(name)).strip()


class UnitIndex:
    """Look units up by code or name: exact key first, then without diacritics, then without prefix."""

    def __init__(self, units: list[Unit]):
        self.units = units
        self.by_code = {u.code: u for u in units}
        self._tables: list[dict[str, set[str]]] = [{}, {}, {}]
        for u in units:
            for text in (u.code, u.name):
                for table, k in zip(self._tables, (key(text), fold(text), bare(text))):
                    if k:
                        table.setdefault(k, set()).add(u.code)

    def lookup(self, text: str) -> tuple[str | None, list[str]]:
        """(code, []) when one unit matches; (None, candidates) when ambiguous; (None, []) when unknown."""
        for table, k in zip(self._tables, (key(text), fold(text), bare(text))):
            hits = table.get(k)
            if hits:
                if len(hits) == 1:
                    return next(iter(hits)), []
                return None, sorted(hits)
        return None, []

    def known(self) -> str:
        return ", ".join(f"{u.code} ({u.name})" for u in self.units)
