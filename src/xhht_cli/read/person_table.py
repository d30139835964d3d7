"""The count of a table of person rows, as a library function: person rows in, counts out. Counts add.

`count_persons` takes a survey table (a CSV or Parquet file, or an Arrow table whose column names are the
survey's header) and gives its `PersonCounts`: the counts per unit label (the same CountTable every other
path gives), the forms' counts per label and age, the duplicate-check hashes (8 bytes a person, keyed by
the run's salt), the unit labels and the messages. It reads in bounded memory (read/batches.py), so it can
run on any engine that hands it one partition at a time — Dask's workers, say (xhht_cli.answer.on_dask) — and
`a + b` adds two parts. pipeline.run_counted turns summed parts into a report with a units sheet, the way a
run turns the counts cache's hits into one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from ..counts.ages import age_counts
from ..counts.pairs import person_counts
from ..counts.table import CountTable
from ..law.standards import Standards, load_standards
from ..messages import Log, Message, XhhtError
from ..persons.checks import check_persons
from ..persons.facts import derive
from ..sources.labels import UnitLabels
from .batch_parts import merge_labels
from .batches import StreamedSheet, read_streamed, unit_then_age
from .column_map import DEFAULT
from .model import WorkbookInputs
from .inputs import BatchCounter
from .sheet_counts import Counted


@dataclass
class PersonCounts:
    """What counting person rows gives, keyed by the unit labels the rows state. Parts of one survey add."""

    counts: CountTable
    ages: CountTable
    keys: np.ndarray  # the duplicate-check hashes (sorted, distinct)
    labels: UnitLabels
    year: int
    messages: list[Message] = field(default_factory=list)

    def __add__(self, other: PersonCounts) -> PersonCounts:
        if other.year != self.year:
            raise ValueError(f"parts of years {self.year} and {other.year} do not add")
        return PersonCounts(_sum(self.counts, other.counts), unit_then_age(_sum(self.ages, other.ages)),
                            np.union1d(self.keys, other.keys), merge_labels(self.labels, other.labels), self.year,
                            self.messages + other.messages)


def _sum(a: CountTable, b: CountTable) -> CountTable:
    columns = a.columns if a.columns else b.columns
    return CountTable.concat([a, b], columns, a.names).grouped()


def counter(rules: Standards, ppc: str | None = None) -> type[object] | object:
    """The count of one sheet of person rows (facts, data checks, counts per label and per label and age)."""

    def count(wb: WorkbookInputs, sheet: object, year: int) -> Counted:
        local = Log()
        facts = derive(sheet, year, rules, local, ppc)  # type: ignore[arg-type]
        check_persons(sheet, facts, local)  # type: ignore[arg-type]
        labels = sheet.row_labels()  # type: ignore[attr-defined]
        return Counted(person_counts(facts, labels, sheet.fields), age_counts(facts, labels),  # type: ignore[attr-defined]
                       local.messages, None, year)

    return count


def count_persons(source: Path | str | pa.Table, year: int, salt: bytes, *, standards: Path | None = None,
                  ppc: str | None = None, name: str | None = None) -> PersonCounts:
    """Count one survey table: a CSV or Parquet file, or an Arrow table whose column names are the survey's
    header (`name` then names it in messages). Every part of one survey must use the same `salt` (any
    bytes, kept secret), so that their duplicate-check hashes compare. XhhtError when it is not a survey."""
    path = Path(source) if not isinstance(source, pa.Table) else Path(name or "bang")
    wb = WorkbookInputs(path)
    count = BatchCounter(year, counter(load_standards(standards), ppc), salt)  # type: ignore[arg-type]
    read = read_streamed(path, path.stem, DEFAULT.aliases("survey"), wb, count,
                         source if isinstance(source, pa.Table) else None)
    if read is None:
        raise XhhtError([Message(severity="error", code="no-table", file=str(path),
                                 message="không nhận ra bảng điều tra (cần cột Năm sinh, dòng tiêu đề ở dòng đầu) "
                                 "hoặc bảng không đọc được theo từng phần")])
    _, _, sheet, found = read
    counted = wb.early[sheet.name]
    assert isinstance(counted, Counted) and isinstance(sheet, StreamedSheet)
    return PersonCounts(counted.counts, counted.ages, sheet.person_keys, sheet.labels, year, found + counted.messages)


__all__ = ["PersonCounts", "count_persons", "counter"]
