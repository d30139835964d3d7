"""The parts of counting in batches (read/batches.py) that keep the output byte-identical to one read of
the whole file: a batch's grid cleaned once on distinct values, the unit labels of batches merged, and the
count's messages put back in the order one count of the whole file gives them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa

from ..io.excel import legacy_candidates
from ..io.grid import Grid
from ..messages import Log, Message
from ..sources.labels import UnitLabels
from ..sources.survey import PRIVATE_TEXT, SurveySheet
from .batch_sources import NotStreamable

Groups = dict[tuple[object, ...], list[Message]]


@dataclass
class CleanColumn:
    """A batch's text column cleaned once, on its distinct values, from row `start` of the batch: the cleaned
    text (a categorical over the distinct values for a column the parser encoded), each row's code and the
    distinct cleaned values (what the facts read instead of factorizing the column a second time), and the
    cleaned non-ASCII distinct values (what the legacy-font decision reads)."""

    start: int
    values: pd.Series
    codes: np.ndarray
    uniques: list[str]
    distinct: pa.Array  # `uniques` as Arrow text

    @cached_property
    def candidates(self) -> set[str] | None:
        """The non-ASCII distinct values, worked out when the font decision asks for them: not for the names
        and other columns read as they are (a batch's 270,000 names took 0.14 s)."""
        return legacy_candidates(self.distinct) or None


def clean_column(column: pa.ChunkedArray | pa.Array, start: int) -> CleanColumn:
    """Trimming, NFC and blanks decided per distinct value (the same as per cell); Arrow's kernels, which
    release the interpreter lock, do the work over the rows."""
    import pyarrow.compute as pc

    from ..io.grid import _STRING_TYPES, _clean_arrow

    col = column.slice(start)
    if pa.types.is_dictionary(col.type):
        return _clean_coded(col, start)
    col = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    encoded = pc.dictionary_encode(col)
    _checked(encoded.dictionary)
    cleaned = _clean_arrow(encoded.dictionary)
    # most columns need no cleaning: their text is then the column itself, not made again row by row
    same = cleaned.equals(encoded.dictionary.cast(pa.large_string()))
    values = (col.cast(pa.large_string()) if same else cleaned.take(encoded.indices)).to_pandas(
        types_mapper=_STRING_TYPES.get)
    codes, distinct = _cleaned_codes(encoded.indices, encoded.dictionary, cleaned, same)
    return CleanColumn(start, values, codes, [str(u) for u in distinct.to_pylist()], distinct)


def _checked(dictionary: pa.Array) -> None:
    """A CSV's text is parsed unchecked (io/csv_chunks.csv_tables): every row's value is one of the
    dictionary's, checked here to be UTF-8; if not, the whole-file reader says where."""
    try:
        dictionary.validate(full=True)
    except pa.ArrowInvalid as exc:
        raise NotStreamable from exc


def _cleaned_codes(indices: pa.Array, dictionary: pa.Array, cleaned: pa.Array,
                   same: bool = False) -> tuple[np.ndarray, pa.Array]:
    """Each row's code among the distinct cleaned values (-1 for a blank), and those values: `cleaned` is
    the dictionary cleaned value by value, in which two raw values may clean to one ("Nam", "Nam ") and a
    blank to none, so it is encoded again; `same`: the cleaning changed no value (nothing to encode again)."""
    import pyarrow.compute as pc

    if same:
        return pc.fill_null(indices, -1).to_numpy(zero_copy_only=False).astype(np.int32, copy=False), cleaned
    again = pc.dictionary_encode(cleaned)
    if again.indices.null_count == 0 and len(again.dictionary) == len(dictionary):
        # cleaning left every value distinct and none blank (most columns): encoded again in the same order,
        # each value keeps its code
        return pc.fill_null(indices, -1).to_numpy(zero_copy_only=False).astype(np.int32, copy=False), again.dictionary
    # a raw value's cleaned code, with a last slot for the rows that are null already
    remap = np.append(pc.fill_null(again.indices, -1).to_numpy(zero_copy_only=False), -1).astype(np.int32)
    return remap[pc.fill_null(indices, len(dictionary)).to_numpy(zero_copy_only=False)], again.dictionary


def _clean_coded(col: pa.ChunkedArray | pa.DictionaryArray, start: int) -> CleanColumn:
    """A column read dictionary-encoded (a CSV's by its parser, io/csv_chunks.csv_tables; a Parquet file's
    as stored: read/batch_sources), cleaned on its dictionary: the pieces' dictionaries made one, cleaned,
    and the rows kept as a categorical over the cleaned values they hold: no row's text is made (what the
    rows are read for, the facts and the totals and blank rows, needs their codes only)."""
    from ..io.grid import _clean_arrow

    if isinstance(col, pa.ChunkedArray):
        col = col.unify_dictionaries().combine_chunks() if col.num_chunks != 1 else col.chunk(0)
    _checked(col.dictionary)
    codes, distinct = _cleaned_codes(col.indices, col.dictionary, _clean_arrow(col.dictionary))
    # only the values some row holds: a slice leaves rows out (the first batch's header row), a Parquet
    # batch shares its row group's dictionary, an in-memory category column holds every category
    codes, used = _held(codes, len(distinct))
    if used is not None:
        distinct = distinct.filter(pa.array(used))
    uniques = [str(u) for u in distinct.to_pylist()]
    values = pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=object), validate=False),
                       copy=False)
    return CleanColumn(start, values, codes, uniques, distinct)


def _held(codes: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray | None]:
    """The codes renumbered over the values some row holds, and which of the `n` values those are (None: all
    of them, the codes as they were)."""
    used = np.bincount(codes + 1, minlength=n + 1)[1:] > 0
    if used.all():
        return codes, None
    renumber = np.append(np.cumsum(used, dtype=np.int32) - 1, np.int32(-1))  # code -1 picks the last slot
    return renumber[codes], used


def _is_text(t: pa.DataType) -> bool:
    """Text, or text read encoded with a dictionary (csv_chunks.CODED_TEXT)."""
    return pa.types.is_string(t) or pa.types.is_large_string(t) or (pa.types.is_dictionary(t) and _is_text(t.value_type))


def prepared(batches: Iterator[tuple[int, pa.Table]], data_start: int
             ) -> Iterator[tuple[int, pa.Table, dict[int, CleanColumn]]]:
    """Each batch with its text columns cleaned (from the first data row), made where it is read: in the
    reading thread (io/csv_chunks.ahead), while the batch before is counted."""
    for offset, table in batches:
        start = max(data_start - offset, 0)
        ready = {} if start >= table.num_rows else \
            {k: clean_column(table.column(k), start) for k in range(table.num_columns) if _is_text(table.column(k).type)}
        yield offset, table, ready


class BatchGrid(Grid):
    """A batch's grid whose text columns are cleaned once, on their distinct values (clean_column), so that
    the facts read each column's distinct values without factorizing the column a second time."""

    def __init__(self, *args, ready: dict[int, CleanColumn] | None = None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.ready = ready or {}  # table column → its cleaned text, made ahead
        self.coded: dict[int, tuple[np.ndarray, list[str]]] = {}
        self.cleaned: dict[int, CleanColumn] = {}  # column → its cleaning (its font's candidates, before legacy)

    def text(self, j: int, start: int = 0) -> pd.Series:
        k = self._colmap.get(j) if self._colmap is not None else None
        kind = self._table.column(k).type if self._table is not None and k is not None else None
        if kind is None or not _is_text(kind):
            return super().text(j, start)
        done = self.ready.pop(k, None)
        if done is None or done.start != start:
            done = clean_column(self._table.column(k), start)
        out = done.values
        out.index = pd.RangeIndex(start, self.nrows)
        self.coded[j] = done.codes, done.uniques
        self.cleaned[j] = done
        return out

    def codes(self, j: int) -> tuple[np.ndarray, list[str]] | None:
        return self.coded.get(j)

    def hand_codes(self, sheet: SurveySheet, found: dict[str, int], encodings: dict[str, str] | None,
                   start: int) -> None:
        """Give the sheet each field's codes (of the rows it kept) and distinct values, what
        SurveySheet.factorized would make but in the cleaning's order of values; legacy-font text converted as
        read_survey converted it."""
        from ..io.legacy import FONTS, converted

        at = sheet.frame.index.to_numpy() - start
        for fld, j in found.items():
            if j not in self.coded:
                continue
            codes, uniques = self.coded.pop(j)
            encoding = (encodings or {}).get(fld, "unicode") if fld not in PRIVATE_TEXT else "unicode"
            if encoding in FONTS:
                uniques = [converted(u, encoding) for u in uniques]
            if len(at) != len(codes):
                # blank and totals rows dropped: their values are no kept row's, as in the whole file's
                # factorize after the drop (a totals row's "12" made a checkbox column look otherwise)
                codes, used = _held(codes[at], len(uniques))
                if used is not None:
                    uniques = [u for u, keep in zip(uniques, used) if keep]
            sheet._factorized[fld] = (codes, np.array(uniques, dtype=object))


class Into(Log):
    """A log that files each message under its group."""

    def __init__(self, groups: dict[tuple[object, ...], list[Message]]):
        super().__init__()
        self.groups = groups

    def rows(self, severity, code, rows, message, sort_key=None, **loc):  # type: ignore[no-untyped-def, override]
        for m in (Message(severity=severity, code=code, row=int(r), message=message, sort_key=sort_key, **loc)
                  for r in rows):
            self.groups.setdefault(group(m), []).append(m)


def group(m: Message) -> tuple[object, ...]:
    """Messages that are one finding: two values quoted alike stay apart by their sort key."""
    return (m.severity, m.code, m.file, m.sheet, m.column, m.message, m.sort_key)


def merge_labels(a: UnitLabels | None, b: UnitLabels) -> UnitLabels:
    """The unit labels of two batches in a row, as the file's: labels in order of first appearance with
    their first row, the first five blank rows and how many."""
    if a is None:
        return b
    labels, first = list(a.labels), list(a.first_rows)
    known = set(labels)
    for label, row in zip(b.labels, b.first_rows):
        if label not in known:
            known.add(label)
            labels.append(label)
            first.append(row)
    return UnitLabels(a.sheet, a.column, labels, first, (a.blank_rows + b.blank_rows)[:5], a.blanks + b.blanks)


# The order the count's checks run in (persons/facts.derive, then persons/checks.check_persons): (code,
# field whose column the message names). Messages of one check come out per value read (sorted), then by row.
_SITES = (("bad-birth-year", "birth_year"), ("bad-birth-date", "birth_date"), ("birth-year-future", "born"),
          ("bad-sex", "sex"), ("bad-residence", "residence"), ("bad-current-study", "current"),
          ("bad-grade", "grade_completed"), ("bad-grade", "dropout_grade"), ("bad-diploma", "diploma"),
          ("bad-bool", "preschool_completed"), ("bad-literacy-class", "literacy_class"),
          ("bad-literacy-phase", "literacy_phase"), ("bad-relapse", "relapse"),
          ("bad-qualification", "qualification"), ("bad-bool", "info_literacy"), ("bad-bool", "life_skills"),
          ("bad-bool", "learning_citizen"), ("age-over-110", "born"), ("grade-too-young", "current"),
          ("preschool-too-old", "current"), ("grade-too-young", "grade_completed"),
          ("diploma-above-grade", "diploma"), ("literacy-class-with-diploma", "literacy"),
          ("duplicate-person", "name"))


def in_order(groups: dict[tuple[object, ...], list[Message]], columns: dict[str, str]) -> list[Message]:
    """The count's messages in the order one count of the whole file gives them."""
    def column(fld: str) -> str | None:
        if fld == "born":
            return columns.get("birth_year") or columns.get("birth_date")
        if fld == "literacy":
            return columns.get("literacy_class") or columns.get("literacy_phase")
        if fld == "name":
            return columns.get("name_given") or columns.get("name_full")
        return columns.get(fld, fld)

    rank: dict[tuple[str, str | None], int] = {}
    for i, (code, fld) in enumerate(_SITES):
        rank.setdefault((code, column(fld)), i)
    first = {g: k for k, g in enumerate(groups)}

    def key(g: tuple[object, ...]) -> tuple[int, str, int]:
        site = rank.get((str(g[1]), g[4]), len(_SITES))  # type: ignore[arg-type]
        return site, (g[6] or "") if site < len(_SITES) else "", first[g]  # type: ignore[return-value]

    return [m for g in sorted(groups, key=key) for m in groups[g]]
