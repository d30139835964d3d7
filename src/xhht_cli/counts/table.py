"""Integer count tables keyed by unit (or by unit and age), on numpy alone.

Every step after counting — a cache hit, assigning labels to units, adding sheets, summing areas, the
forms — needs only a few operations on "rows of counts keyed by a unit": group-sum by key, place onto a
given list of units, sum over members, read a column. Doing them here keeps pandas (0.4 s of imports)
out of a run served by the counts cache; the cold path counts with pandas and converts at the boundary
(`CountTable.from_frame`).

A table has one key level ("unit": text labels or unit codes) or two ("unit", "age": age an integer).
Each level is a numpy array (object for text, int64 for ages); values are an int64 matrix, one row per key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np


def _level(values: Any) -> np.ndarray:
    """A key level as numpy holds it here: int64 for integers (ages), else an object array of Python values."""
    arr = np.asarray(values)
    if arr.dtype.kind in "iub":
        return arr.astype(np.int64)
    out = np.empty(len(arr), dtype=object)
    out[:] = [v.item() if isinstance(v, np.generic) else v for v in arr.tolist()] if arr.size else []
    return out


_STR = {str}


@lru_cache(maxsize=64)
def _index(columns: tuple[str, ...]) -> dict[str, int]:
    """Column → position, one for every table of these columns (read only): summing 3,300 reports asks it of
    3,300 tables of the same 241 columns."""
    return {c: j for j, c in enumerate(columns)}


class CountTable:
    """Rows of int64 counts, one per key (a unit, or a unit and an age), under named columns."""

    __slots__ = ("levels", "names", "columns", "values", "_pos", "_cols")

    def __init__(self, levels: Sequence[Any], names: Sequence[str], columns: Sequence[str],
                 values: np.ndarray | None = None) -> None:
        self.levels = tuple(_level(lv) for lv in levels)
        self.names = tuple(names)
        given = list(columns)
        # str() of each name only where one is not a str already: the type check is half its cost for 241
        # columns (3,300 reports make a table each)
        self.columns = given if set(map(type, given)) <= _STR else list(map(str, given))
        n = len(self.levels[0]) if self.levels else 0
        self.values = np.zeros((n, len(self.columns)), dtype=np.int64) if values is None \
            else np.asarray(values, dtype=np.int64).reshape(n, len(self.columns))
        self._pos: dict[Any, int] | None = None
        self._cols: dict[str, int] | None = None

    # construction -------------------------------------------------------------------------------------------

    @classmethod
    def zeros(cls, codes: Sequence[str], columns: Sequence[str]) -> CountTable:
        """Every given unit with zero counts."""
        return cls([list(codes)], ["unit"], columns)

    @classmethod
    def from_frame(cls, frame: Any) -> CountTable:
        """A pandas DataFrame of counts (the cold path's) as a table; duck-typed, so pandas is not imported."""
        idx = frame.index
        nlevels = getattr(idx, "nlevels", 1)
        levels = [idx.get_level_values(i).to_numpy() for i in range(nlevels)]
        names = [str(n) if n is not None else ("unit", "age")[min(i, 1)] for i, n in enumerate(idx.names)]
        return cls(levels, names, [str(c) for c in frame.columns], frame.to_numpy(dtype=np.int64))

    @classmethod
    def concat(cls, tables: Sequence[CountTable], columns: Sequence[str], names: Sequence[str]) -> CountTable:
        """The rows of every table, one after the other, under `columns` (zero where a table lacks one)."""
        parts = [t.with_columns(columns) for t in tables if len(t)]  # an empty one may lack a level's dtype
        if not parts:
            return cls([[] for _ in names], names, columns)
        levels = [np.concatenate([p.levels[i] for p in parts]) for i in range(len(names))]
        return cls(levels, names, columns, np.concatenate([p.values for p in parts], axis=0))

    # reading ------------------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return int(self.values.shape[0])

    @property
    def empty(self) -> bool:
        return len(self) == 0 or not self.columns

    def col(self, name: str) -> int:
        return self._at()[name]

    def cols(self, names: Sequence[str]) -> list[int]:
        """The positions of those of `names` the table has, in their order."""
        at = self._at()
        return [at[n] for n in names if n in at]

    def _at(self) -> dict[str, int]:
        if self._cols is None:
            self._cols = _index(tuple(self.columns))
        return self._cols

    def __getitem__(self, column: str) -> np.ndarray:
        """One column's counts, in row order (a view: writing to it writes to the table)."""
        return self.values[:, self.col(column)]

    def __setitem__(self, column: str, values: Any) -> None:
        self.values[:, self.col(column)] = values

    def level(self, name: str | int) -> np.ndarray:
        return self.levels[name if isinstance(name, int) else self.names.index(name)]

    def keys(self) -> list[Any]:
        """The row keys: unit codes, or (unit, age) pairs."""
        if len(self.levels) == 1:
            return self.levels[0].tolist()
        return list(zip(*(lv.tolist() for lv in self.levels)))

    def position(self, key: Any) -> int:
        """The row of a key (its first, should it repeat). KeyError when absent."""
        if self._pos is None:
            pos: dict[Any, int] = {}
            for i, k in enumerate(self.keys()):
                pos.setdefault(k, i)
            self._pos = pos
        return self._pos[key]

    def __contains__(self, key: Any) -> bool:
        try:
            self.position(key)
        except KeyError:
            return False
        return True

    def at(self, key: Any, column: str) -> int:
        return int(self.values[self.position(key), self.col(column)])

    def set(self, key: Any, column: str, value: int) -> None:
        self.values[self.position(key), self.col(column)] = value

    def row(self, key: Any) -> dict[str, int]:
        return dict(zip(self.columns, self.values[self.position(key)].tolist()))

    def sum_rows(self, keys: Sequence[Any]) -> np.ndarray:
        """The column sums over the given keys (each must be present)."""
        at = [self.position(k) for k in keys]
        return self.values[at].sum(axis=0, dtype=np.int64) if at else np.zeros(len(self.columns), dtype=np.int64)

    def rows(self) -> dict[Any, dict[str, int]]:
        """Each row once as a plain dict (reading thousands of cells one by one through numpy is slow)."""
        return {k: dict(zip(self.columns, v)) for k, v in zip(self.keys(), self.values.tolist())}

    def equals(self, other: object) -> bool:
        return isinstance(other, CountTable) and self.names == other.names and self.columns == other.columns \
            and all(a.dtype == b.dtype and np.array_equal(a, b) for a, b in zip(self.levels, other.levels)) \
            and np.array_equal(self.values, other.values)

    def __repr__(self) -> str:
        return f"CountTable({len(self)} rows × {len(self.columns)} columns, keys {self.names})"

    # reshaping ----------------------------------------------------------------------------------------------

    def take(self, rows: np.ndarray) -> CountTable:
        """The rows selected by a boolean mask or positions."""
        return CountTable([lv[rows] for lv in self.levels], self.names, self.columns, self.values[rows])

    def with_columns(self, columns: Sequence[str]) -> CountTable:
        """The table under `columns`, in that order: zero for a column it lacks, its others left out."""
        if list(columns) == self.columns:
            return self
        have = {c: j for j, c in enumerate(self.columns)}
        out = np.zeros((len(self), len(columns)), dtype=np.int64)
        for j, c in enumerate(columns):
            if c in have:
                out[:, j] = self.values[:, have[c]]
        return CountTable(self.levels, self.names, columns, out)

    def grouped(self, sort: bool = False) -> CountTable:
        """Rows with the same key summed into one: keys in order of first appearance, or sorted."""
        n = len(self)
        if n == 0:
            return self
        combined = np.zeros(n, dtype=np.int64)
        for lv in self.levels:  # each level's rank among its sorted values, combined lexicographically
            uniq, inv = np.unique(lv, return_inverse=True)
            combined = combined * len(uniq) + inv.reshape(-1)
        _, first, group = np.unique(combined, return_index=True, return_inverse=True)
        group = group.reshape(-1)
        if not sort:  # renumber groups by their first row
            order = np.argsort(first, kind="stable")
            renumber = np.empty(len(order), dtype=np.int64)
            renumber[order] = np.arange(len(order))
            group, first = renumber[group], first[order]
        perm = np.argsort(group, kind="stable")
        ordered = group[perm]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        sums = np.add.reduceat(self.values[perm], starts, axis=0) if self.columns \
            else np.zeros((len(starts), 0), dtype=np.int64)
        return CountTable([lv[first] for lv in self.levels], self.names, self.columns, sums)

    def relabel(self, mapping: Mapping[str, str]) -> CountTable:
        """Counts per label → counts per unit code: labels of one unit summed, labels without a code left
        out (they are reported as errors). A loop over distinct labels, never over persons."""
        labels = self.levels[0]
        uniq, inv = np.unique(labels, return_inverse=True) if len(labels) else (labels, np.zeros(0, np.int64))
        inv = inv.reshape(-1)
        known = np.array([str(u) in mapping for u in uniq.tolist()], dtype=bool)
        codes = np.empty(len(uniq), dtype=object)
        codes[:] = [mapping.get(str(u), "") for u in uniq.tolist()]
        keep = known[inv] if len(labels) else np.zeros(0, dtype=bool)
        kept = self.take(keep)
        return CountTable([codes[inv[keep]], *kept.levels[1:]], self.names, self.columns, kept.values).grouped()

    def onto(self, codes: Sequence[str]) -> CountTable:
        """A one-level table's counts placed on exactly the given units, in their order: summed where a unit
        has several rows, zero where it has none, rows of other units left out."""
        at: dict[str, int] = {}
        for i, c in enumerate(codes):
            at.setdefault(c, i)
        out = np.zeros((len(codes), len(self.columns)), dtype=np.int64)
        if len(self):
            uniq, inv = np.unique(self.levels[0], return_inverse=True)
            where = np.array([at.get(u, -1) for u in uniq.tolist()], dtype=np.int64)[inv.reshape(-1)]
            ok = where >= 0
            np.add.at(out, where[ok], self.values[ok])
        return CountTable([list(codes)], self.names[:1], self.columns, out)


_BITS = (np.arange(256)[:, None] >> np.arange(8)) & 1  # (pattern, bit): whether the pattern has the bit


FEW_GROUPS = 32  # up to this many groups, columns are summed as bit sets (group_bits)


def _bits(v: np.ndarray) -> np.ndarray:
    """A boolean column as a bit set: 64 rows a word (the last word padded with zeros)."""
    b = np.packbits(np.asarray(v, dtype=bool), bitorder="little")
    pad = (-b.size) % 8
    return (np.concatenate([b, np.zeros(pad, dtype=np.uint8)]) if pad else b).view(np.uint64)


def group_bits(codes: np.ndarray, n: int) -> np.ndarray | None:
    """Each group's rows as a bit set ((group, word) words), when the groups are few (a batch's communes):
    a column's sums are then one AND and one population count per group and word, a byte per 8 rows
    read instead of a pass over every row's group code. None for many groups."""
    if n == 0 or n > FEW_GROUPS:
        return None
    return np.stack([_bits(codes == g) for g in range(n)])


def sum_columns(codes: np.ndarray, n: int, columns: list[np.ndarray], bits: np.ndarray | None = None
                ) -> list[np.ndarray]:
    """Per-group sums of boolean columns, integer and exact. `bits` (group_bits(codes, n), for few groups):
    each column counted per group as bits. Otherwise a sparse column (under one row in 16: a grade, a
    split by sex and ethnicity) by one bincount of its rows' codes, and the others eight at a time with one
    bincount: each row's 8 flags packed into a byte, rows counted per (group, byte), then each flag's sum
    read off the byte patterns that have it; for very many groups (a unit label per row) one bincount a
    column."""
    if not columns:
        return []
    if n == 0:
        return [np.zeros(0, dtype=np.int64) for _ in columns]
    if bits is not None:
        stacked = np.stack([_bits(v) for v in columns])  # (column, word)
        per_group = np.bitwise_count(bits[:, None, :] & stacked[None, :, :]).sum(axis=2, dtype=np.int64)
        return [np.ascontiguousarray(per_group[:, k]) for k in range(len(columns))]
    out: list[np.ndarray | None] = [
        np.bincount(codes[v], minlength=n).astype(np.int64) if n > 4096 or np.count_nonzero(v) * 16 < codes.size
        else None for v in columns]
    dense = [k for k, o in enumerate(out) if o is None]
    for at in range(0, len(dense), 8):
        pack = dense[at:at + 8]
        packed = np.zeros(codes.size, dtype=np.uint8)
        for b, k in enumerate(pack):
            packed |= columns[k].view(np.uint8) << np.uint8(b)
        per_pattern = np.bincount(codes * 256 + packed, minlength=n * 256).reshape(n, 256)
        by_bit = per_pattern @ _BITS  # (group, bit): exact int64 sums
        for b, k in enumerate(pack):
            out[k] = np.ascontiguousarray(by_bit[:, b]).astype(np.int64)
    return out  # type: ignore[return-value]
