"""A survey table (CSV or Parquet) counted as its record batches arrive, in memory bounded by the batch.

Each batch is read for the survey's columns only, cleaned, turned into facts and counted at once; counts
add (counts/table.py), so the file's counts are the sum of its batches'. What outlives a batch: the counts
so far, the messages, one 8-byte hash per person for the duplicate checks (within the file and across
files) and each text column's distinct non-ASCII values (a handful: what the legacy-font decision reads).

The output is byte-identical to reading the file whole (tests/test_batches.py holds the two equal):
- the decisions about the whole file are the whole file's: the header is found in the first rows; each
  column's legacy-font decision is taken on the first batch, checked against the whole file's distinct
  values at the end, and in the rare file where a later batch changes it, the file is counted again with
  the whole file's decision (a second pass, never a wrong count); a column left blank in every row is
  "no data" for its indicators: counted as answered, its indicators are zeroed at the end when no batch
  answered it (counts of an indicator with a source do not depend on which other columns were answered);
- the messages come out in the whole-file order: per check, in the order the checks run, then per value
  read, then by row (`_order`), rows ascending since batches come in file order;
- a person repeated in two batches is found by a hash of the duplicate check's columns (64 bits: a false
  match is about one chance in a million at 10 million persons).

A file the streaming reader cannot take (ragged rows, title lines of another width, a field over the size
limit, UTF-16) is read whole by the readers that explain it, as before; so is a file when the survey year
is not known before reading (--year, a folder named after the year, or a title row above the header). The
persons list reads a streamed file a second time (read/later_persons.py).
"""

from __future__ import annotations

import dataclasses
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa

from ..counts.pairs import PARTS
from ..counts.table import CountTable
from ..io.csv_chunks import ahead
from ..io.grid import Grid
from ..io.excel import legacy_decision, legacy_message
from ..io.tabular import BLOCK_BYTES, MAX_FIELD_BYTES
from ..law.indicators import PERSON_INDICATORS
from ..messages import Log, Message
from ..persons.checks import report_duplicates
from ..persons.duplicates import duplicate_keys, person_key_hashes
from ..sources.info import from_title_rows
from ..sources.labels import UnitLabels
from ..sources.registry import PERSONS
from ..sources.survey import (PRIVATE_FIELDS, PRIVATE_TEXT, SurveySheet, disability_columns, match_columns,
                              read_survey)
from .batch_sources import Batches, NotStreamable, open_batches, sized
from .batch_parts import BatchGrid, CleanColumn, Into, clean_column, group, in_order, merge_labels, prepared
from .model import BatchCounter
from .sheet_counts import CachedSheet, Counted

if TYPE_CHECKING:
    from ..io.headers import Header
    from .model import WorkbookInputs

BATCH_ROWS = 1 << 18  # a Parquet batch; a CSV batch is a chunk of BATCH_BYTES (about as many rows)
# Each batch costs about 50 ms of pandas' per-operation overhead whatever its size: 32 MB chunks (272,000
# persons) took 3M persons from 4.4 to 4.1 s against 16 MB, peak memory 400 -> 560 MB (64 MB: 970 MB)
BATCH_BYTES = 2 * BLOCK_BYTES


@dataclass
class StreamedSheet(CachedSheet):
    """A survey sheet counted in batches: what a cache hit gives (name, unit labels, duplicate-key hashes),
    plus what classifying it reads (the totals rows dropped, the columns answered)."""

    dropped_totals: list[int] = field(default_factory=list)
    fields: set[str] = field(default_factory=set)
    columns: dict[str, str] = field(default_factory=dict)
    # where a second pass reads it again (the persons list): the file, the column aliases and the fonts decided
    source: tuple[Path, dict[str, tuple[str, ...]], dict[str, str]] | None = None


def counted_sheet(sheet: SurveySheet, salt: bytes) -> StreamedSheet:
    """A sheet read whole and counted already, without its rows: what the rest of the run needs of it (its
    labels, duplicate-key hashes, totals rows and columns), so that several files never keep a file's frame
    past its counting."""
    return StreamedSheet(sheet.name, sheet.labels, person_key_hashes(sheet, salt), sheet.dropped_totals,
                         set(sheet.fields), dict(sheet.columns))


def read_streamed(path: Path, sheet: str, fields: dict[str, tuple[str, ...]], wb: WorkbookInputs,
                  counter: BatchCounter, table: pa.Table | None = None, decided: dict[str, str] | None = None
                  ) -> tuple[Grid, Header, StreamedSheet, list[Message]] | None:
    """Count a CSV or Parquet survey batch by batch: the head grid, the header, the sheet as counted and the
    messages its reading gave (its counts, with their messages, go in wb.early[sheet]). None when the file
    is not a survey this reader takes: the whole-file readers read it. `table`: the rows already in memory
    (`path` then only names them in messages)."""
    assert PERSONS.wanted_columns is not None

    def want(head: pd.DataFrame) -> list[int] | None:
        return PERSONS.wanted_columns(Grid(path, sheet, head), fields)  # type: ignore[misc]

    opened = open_batches(path, want, table, BATCH_ROWS, BATCH_BYTES)
    if opened is None:
        return None
    head, colmap, batches = opened
    head_grid = Grid(path, sheet, head.iloc[:0], head=head, colmap=colmap)
    header = PERSONS.find(head_grid, fields)
    if header is None or not all(header.names):
        # no survey here; or a column without a header, whose values the header checks read in full
        # (sources/header_check.py): the whole-file readers take it
        return None
    if counter.year is None:
        # no --year, no year folder: a year in the file's title rows counts it now; a run whose year turns
        # out otherwise (another file states it) counts every survey again (pipeline.gather)
        stated = from_title_rows(head_grid, header.start).year
        if stated is None:
            return None  # the year comes from another file: read whole, counted once the run's year is known
        counter = dataclasses.replace(counter, year=stated)
    found = match_columns(header.names, fields)
    # the columns no row's text is read of come dictionary-encoded (batch_parts._clean_coded): all but those the
    # persons list prints and, where persons are compared, the duplicate check's keys
    row_text = PRIVATE_FIELDS | set(duplicate_keys(found) or ())
    coded = frozenset(j for f, j in found.items() if f not in row_text) | frozenset(disability_columns(header))
    try:
        for _ in range(2):  # a second pass only when a later batch changed a legacy-font decision
            run = _Run(path, sheet, fields, wb, counter, header, found, decided, head, colmap)
            _each_batch(run, batches(coded))
            if run.counts is None:
                return None  # no person row: nothing to bound, the whole reader says what the file holds
            if run.decisions() == run.assumed:
                return head_grid, header, run.finish(), run.read_messages()
            decided = run.decisions()
    except NotStreamable:
        return None
    raise AssertionError("the whole file's decisions were applied on the second pass")  # pragma: no cover


def _each_batch(run: _Run, batches: Batches) -> None:
    """Every batch read and counted in file order; the next batch is read and its text cleaned meanwhile, in
    a second thread (io/csv_chunks.ahead: a CSV's next chunk is parsed and cleaned there)."""
    with closing(ahead(prepared(sized(run.path, batches), run.header.data_start))) as read:
        for offset, table, ready in read:  # a batch that fails stops the reading thread at once (closing)
            if run.counter.stop.is_set():
                raise Stopped  # the run is ending (Ctrl-C): nobody waits for this file's counts
            run.batch(offset, table, ready)


class Stopped(Exception):
    """A file's counting given up because the run is stopping (BatchCounter.stop)."""


@dataclass
class _Read:
    sheet: SurveySheet
    messages: list[Message]
    candidates: dict[str, set[str]]
    keys: np.ndarray


class _Run:
    """One pass over the batches: the running counts and everything else that outlives a batch."""

    def __init__(self, path: Path, sheet: str, fields: dict[str, tuple[str, ...]], wb: WorkbookInputs,
                 counter: BatchCounter, header: Header, found: dict[str, int], decided: dict[str, str] | None,
                 head: pd.DataFrame, colmap: dict[int, int]):
        self.path, self.sheet, self.fields, self.wb, self.counter = path, sheet, fields, wb, counter
        self.head, self.colmap = head, colmap
        self.header, self.found = header, found
        self.text_fields = [f for f in found if f not in PRIVATE_TEXT]
        self.assumed = decided  # None until the first batch decides
        self.candidates: dict[str, set[str]] = {f: set() for f in self.text_fields}
        self.marks = bool(disability_columns(header))
        self.counts: CountTable | None = None
        self.ages: CountTable | None = None
        self.groups: dict[tuple[object, ...], list[Message]] = {}
        self.other: list[Message] = []  # read messages of a batch (none for CSV and Parquet: no cell errors)
        self.answered: set[str] = set()
        self.totals: list[int] = []
        self.keys: list[np.ndarray] = []
        self.seen: list[np.ndarray] = []  # sorted hashes of the rows seen, for the duplicate check in the file
        self.columns: dict[str, str] = {}
        self.labels: UnitLabels | None = None

    def batch(self, offset: int, table: pa.Table, ready: dict[int, CleanColumn] | None = None) -> None:
        """Read, clean and count one batch (the first, which decides each column's font, alone)."""
        self.take(self.read(offset, table, ready))

    def read(self, offset: int, table: pa.Table, ready: dict[int, CleanColumn] | None = None) -> _Read | None:
        """A batch read and cleaned into raw fields; of the run's state it sets only the fonts, on the first
        batch."""
        start = self.header.data_start - offset
        if start >= table.num_rows:
            return None
        colmap = self.colmap
        ready = {} if ready is None else ready
        candidates: dict[str, set[str]] = {}
        if self.assumed is None:  # the first batch decides each column's font, before its text is converted
            for f in self.text_fields:  # on the distinct values its cleaning finds (made here if not ahead)
                k = colmap[self.found[f]]
                if k not in ready:
                    ready[k] = clean_column(table.column(k), max(start, 0))
                candidates[f] = ready[k].candidates or set()
            self.assumed = {f: legacy_decision(candidates[f]) for f in self.text_fields}
        grid = BatchGrid(self.path, self.sheet, table, row0=1 + offset, head=self.head, colmap=colmap, ready=ready)
        header = dataclasses.replace(self.header, start=self.header.start - offset, data_start=max(start, 0))
        log = Log()
        sheet = read_survey(grid, header, log, self.fields, self.assumed)
        if not candidates:  # later batches: the candidates come from the distinct values cleaning found anyway
            candidates = {f: (c.candidates if (c := grid.cleaned.get(self.found[f])) else None) or set()
                          for f in self.text_fields}
        grid.hand_codes(sheet, self.found, self.assumed, max(start, 0))
        return _Read(sheet, log.messages, candidates, person_key_hashes(sheet, self.counter.salt))

    def take(self, read: _Read | None) -> None:
        """Count a batch read, in file order, and add what it gives to the run."""
        if read is None:
            return
        sheet = read.sheet
        for f, values in read.candidates.items():
            self.candidates[f] |= values
        self.other.extend(read.messages)
        self.columns = sheet.columns
        self.answered |= sheet.fields
        self.totals.extend(sheet.dropped_totals)
        self.labels = merge_labels(self.labels, sheet.labels)
        self.keys.append(read.keys)
        sheet.fields = set(self.found) | ({"disability_marks"} if self.marks else set())
        counted = self.counter.count(self.wb, sheet, self.counter.year)
        dups = self._duplicates(sheet)
        report_duplicates(sheet, dups, Into(self.groups))
        for m in counted.messages:
            if m.code != "duplicate-person":  # found here, across batches too
                self.groups.setdefault(group(m), []).append(m)
        self.counts = _add(self.counts, counted.counts)
        self.ages = _add(self.ages, counted.ages)

    def _duplicates(self, sheet: SurveySheet) -> list[int]:
        """Rows repeating a person of an earlier row, in this batch or an earlier one."""
        present = duplicate_keys(sheet.frame.columns)
        if present is None or sheet.frame.empty:
            return []
        full = sheet.frame[present].notna().all(axis=1).to_numpy()
        h = pd.util.hash_pandas_object(sheet.frame[present].astype(object), index=False).to_numpy()[full]
        rows = sheet.frame["_row"].to_numpy()[full]
        dup = np.array(pd.Series(h).duplicated(keep="first").to_numpy(), dtype=bool)
        for s in self.seen:
            at = np.searchsorted(s, h)
            dup |= (at < len(s)) & (s[np.minimum(at, len(s) - 1)] == h)
        self.seen.append(np.unique(h))
        if len(self.seen) > 8:  # a few sorted runs, merged now and then: lookups stay cheap
            self.seen = [np.unique(np.concatenate(self.seen))]
        return rows[dup].tolist()

    def decisions(self) -> dict[str, str]:
        return {f: legacy_decision(self.candidates[f]) for f in self.text_fields}

    def read_messages(self) -> list[Message]:
        """The legacy-font messages, column by column, as the whole reader gives them, then the others."""
        log = Log()
        for f, encoding in self.decisions().items():
            legacy_message(encoding, log, file=str(self.path), sheet=self.sheet,
                           column=self.header.names[self.found[f]])
        return log.messages + self.other

    def finish(self) -> StreamedSheet:
        fields = self.answered | ({"disability_marks"} if self.marks else set())
        counts = self.counts if self.counts is not None else CountTable([[]], ["unit"], [])
        _zero_unanswered(counts, fields)
        labels = self.labels or UnitLabels(self.sheet, self.columns.get("unit"), [], [], [], 0)
        keys = np.unique(np.concatenate(self.keys)) if self.keys else np.zeros(0, dtype=np.uint64)
        ages = unit_then_age(self.ages) if self.ages is not None else CountTable([[], []], ["unit", "age"], [])
        self.wb.early[self.sheet] = Counted(counts, ages, in_order(self.groups, self.columns), None, self.counter.year)
        return StreamedSheet(self.sheet, labels, keys.astype(np.uint64), self.totals, fields, self.columns,
                             (self.path, self.fields, dict(self.assumed or {})))


def _add(total: CountTable | None, part: CountTable) -> CountTable:
    """Counts so far plus a batch's, keys in order of first appearance (as one count of the whole file)."""
    if total is None:
        return part
    return CountTable.concat([total, part], total.columns, total.names).grouped()


def unit_then_age(t: CountTable) -> CountTable:
    """Age counts in the whole file's row order: units in order of first appearance, ages ascending."""
    if not len(t):
        return t
    units = t.levels[0]
    _, first, inv = np.unique(units, return_index=True, return_inverse=True)
    rank = np.argsort(np.argsort(first))[inv.reshape(-1)]  # each unit's place in order of first appearance
    return t.take(np.lexsort((t.levels[1], rank)))


def _zero_unanswered(counts: CountTable, fields: set[str]) -> None:
    """An indicator none of whose source columns was answered anywhere in the file is "no data": zero."""
    if not counts.values.flags.writeable:  # a pandas frame's values, seen through
        counts.values = counts.values.copy()
    for ind in PERSON_INDICATORS:
        if not any(f in fields for f in ind.sources):
            for p in PARTS:
                name = f"{ind.id}.{p}"
                if name in counts.columns:
                    counts[name] = 0


__all__ = ["BATCH_ROWS", "BatchCounter", "StreamedSheet", "read_streamed", "MAX_FIELD_BYTES"]
