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
    area_given: bool = field(default=False, compare=False)  # the area is the units sheet's, not the plan's default


# The words that say what kind of area a name is: "Thị xã Bến Cát", "TX Bến Cát" and "bến cát" are one area
# (spec.md, "Whose plan": ignore case, diacritics and the words huyện/thị xã/thành phố/quận).
_ADMIN = re.compile(r"\b(huyen|thi xa|thanh pho|quan|tinh|tp|tx)\b\.?")


def area_key(name: str | None) -> str:
    """An area's name for comparing: folded, without the kind word, punctuation or extra spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", _ADMIN.sub(" ", fold(name or ""))).split())


def names_admin_area(name: str | None) -> bool:
    """Whether a name says it is a district or province ("Huyện Dầu Tiếng", "Tỉnh Bình Dương"), not a grouping
    of one's own ("Cụm 1")."""
    return bool(name) and _ADMIN.search(fold(name)) is not None


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
