"""The parts of counting in batches (read/batches.py) that keep the output byte-identical to one read of
the whole file: a batch's grid cleaned once on distinct values, the unit labels of batches merged, and the
count's messages put back in the order one count of the whole file gives them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from ..io.grid import Grid
from ..messages import Log, Message
from ..sources.labels import UnitLabels
from ..sources.survey import PRIVATE_TEXT, SurveySheet

Groups = dict[tuple[object, ...], list[Message]]


class BatchGrid(Grid):
    """A batch's grid whose text columns are cleaned once, on their distinct values: one dictionary-encode
    per column, trimming, NFC and blanks decided per distinct value, and the codes kept, so that the facts
    read each column's distinct values without factorizing the column a second time."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.coded: dict[int, tuple[np.ndarray, list[str]]] = {}
        self.candidates: dict[int, set[str]] = {}  # column → its cleaned non-ASCII distinct values (before legacy)

    def text(self, j: int, start: int = 0) -> pd.Series:
        import pyarrow.compute as pc

        from ..io.grid import _STRING_TYPES, _clean_arrow

        k = self._colmap.get(j) if self._colmap is not None else None
        kind = self._table.column(k).type if self._table is not None and k is not None else None
        if kind is None or not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
            return super().text(j, start)
        col = self._table.column(k).slice(start).combine_chunks()
        encoded = pc.dictionary_encode(col)
        cleaned = _clean_arrow(encoded.dictionary)  # per distinct value: the same as per cell
        out = cleaned.take(encoded.indices).to_pandas(types_mapper=_STRING_TYPES.get)
        out.index = pd.RangeIndex(start, self.nrows)
        again = pc.dictionary_encode(cleaned)  # two raw values may clean to one ("Nam", "Nam ")
        remap = np.append(pc.fill_null(again.indices, -1).to_numpy(zero_copy_only=False), -1).astype(np.int32)
        raw = pc.fill_null(encoded.indices, len(cleaned)).to_numpy(zero_copy_only=False)
        self.coded[j] = remap[raw], [str(u) for u in again.dictionary.to_pylist()]
        distinct = again.dictionary
        if len(distinct) and pc.all(pc.string_is_ascii(distinct)).as_py() is False:  # what the legacy decision reads
            self.candidates[j] = {str(u) for u in distinct.filter(pc.invert(pc.string_is_ascii(distinct))).to_pylist()}
        return out

    def hand_codes(self, sheet: SurveySheet, found: dict[str, int], encodings: dict[str, str] | None,
                   start: int) -> None:
        """Give the sheet each field's codes (of the rows it kept) and distinct values, as
        SurveySheet.factorized would make them; legacy-font text converted as read_survey converted it."""
        from ..io.legacy import to_unicode
        from ..io.textnorm import nfc

        at = sheet.frame.index.to_numpy() - start
        for fld, j in found.items():
            if j not in self.coded:
                continue
            codes, uniques = self.coded.pop(j)
            encoding = (encodings or {}).get(fld, "unicode") if fld not in PRIVATE_TEXT else "unicode"
            if encoding in ("tcvn3", "vni"):
                uniques = [nfc(to_unicode(u, encoding)) for u in uniques]  # type: ignore[arg-type]
            sheet._factorized[fld] = (codes if len(at) == len(codes) else codes[at], np.array(uniques, dtype=object))


class Into(Log):
    """A log that files each message under its group."""

    def __init__(self, groups: dict[tuple[object, ...], list[Message]]):
        super().__init__()
        self.groups = groups

    def rows(self, severity, code, rows, message, **loc):  # type: ignore[no-untyped-def, override]
        for m in (Message(severity=severity, code=code, row=int(r), message=message, **loc) for r in rows):
            self.groups.setdefault(group(m), []).append(m)


def group(m: Message) -> tuple[object, ...]:
    return (m.severity, m.code, m.file, m.sheet, m.column, m.message)


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
        return site, _value_of(str(g[5])) if site < len(_SITES) else "", first[g]

    return [m for g in sorted(groups, key=key) for m in groups[g]]


def _value_of(message: str) -> str:
    """The value a "value not readable" message quotes (they are sorted by it), else ""."""
    if message.startswith("giá trị '"):
        end = message.find("' không đọc được")
        if end > 0:
            return message[len("giá trị '"):end]
    return ""
