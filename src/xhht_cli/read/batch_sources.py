"""Where a survey's batches come from (read/batches.py counts them): a CSV in chunks of whole lines
(io/csv_chunks.py), a Parquet file by record batches, rows already in memory (a partition on a
cluster); each with its head (first rows, all columns) and the columns the survey needs, as text (or as
text encoded with a dictionary, csv_chunks.CODED_TEXT, for the columns asked for encoded)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa

from ..io.csv_chunks import CODED_TEXT, NOT_PARSED, csv_tables
from ..io.suffixes import PARQUET_SUFFIXES
from ..io.tabular import HEAD_ROWS, Want, _as_text, open_csv_head
from ..messages import fail

# the batches come from a function of the grid columns a reader would rather have dictionary-encoded (a
# CSV parses them so, a Parquet file gives its dictionaries; rows in memory give what they hold)
Opened = tuple[pd.DataFrame, dict[int, int], Callable[[frozenset[int]], "Batches"]]


def open_batches(path: Path, want: Want, table: pa.Table | None, rows: int, size: int) -> Opened | None:
    """The head, the column map (absolute index → batch column) and the batches of a survey; None when the
    file is not for the streaming readers. `rows`: a Parquet batch; `size`: a CSV chunk's bytes."""
    if table is not None:
        return _in_memory(table, want, rows)
    return _parquet(path, want, rows) if path.suffix.lower() in PARQUET_SUFFIXES else _csv(path, want, size)


class NotStreamable(Exception):
    """The streaming reader cannot take this file as it is: it is read whole."""


Batches = Iterator[tuple[int, pa.Table]]  # (grid index of the batch's first row, wanted columns as text)


def _csv(path: Path, want: Want, size: int) -> Opened | None:
    opened = open_csv_head(path, want)
    if opened is None:
        return None
    encoding, sep, head, wanted = opened
    names = [f"f{j}" for j in wanted]

    def batches(coded: frozenset[int]) -> Batches:
        try:
            offset = 0
            # UTF-8 is checked on each column's distinct values as it is cleaned (read/batch_parts.clean_column)
            for table in csv_tables(path, encoding, sep, names, size, check_utf8=False,
                                    coded={f"f{j}" for j in wanted if j in coded}):
                if not table.num_rows:
                    continue
                yield offset, table
                offset += table.num_rows
        except NOT_PARSED as exc:
            raise NotStreamable from exc  # ragged rows, a cut quote, another encoding: the whole reader explains
        if offset < len(head.index):
            raise NotStreamable  # the peeked rows and the parser disagree

    return head, {j: k for k, j in enumerate(wanted)}, batches


def _parquet(path: Path, want: Want, rows: int) -> Opened | None:
    import pyarrow.parquet as pq

    def unreadable(exc: Exception) -> Exception:
        return fail("file-unreadable", f"không đọc được tệp Parquet: {str(exc).splitlines()[0][:200]}", file=str(path))

    try:
        pf = pq.ParquetFile(path)
        names = list(pf.schema_arrow.names)
        if not all(_plain(f.type) for f in pf.schema_arrow):
            return None  # nested or binary columns: the whole-file reader names the one a table needs
        first = next(pf.iter_batches(batch_size=HEAD_ROWS - 1), None)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a damaged file
        raise unreadable(exc)

    def iterate(columns: list[str], coded: list[str]) -> Iterator[pa.RecordBatch]:
        try:  # `coded` text columns as their dictionaries (the file's own encoding, most often): not decoded
            yield from pq.ParquetFile(path, read_dictionary=coded).iter_batches(batch_size=rows, columns=columns)
        except Exception as exc:  # noqa: BLE001
            raise unreadable(exc)

    return _columnar(names, first, iterate, want)


def _text_or_coded(col: pa.Array, coded: bool) -> pa.Array:
    """A column's values as text; for a column asked for `coded`, text a dictionary encodes stays encoded (as
    CODED_TEXT), for the cleaning to work on its dictionary (read/batch_parts._clean_coded). A column whose
    rows' text is read (a name stored as a category, say) is always decoded."""
    t = col.type
    if coded and pa.types.is_dictionary(t) and (pa.types.is_string(t.value_type) or pa.types.is_large_string(t.value_type)):
        return col.cast(CODED_TEXT)
    return _as_text(col)


def _header(names: list[str], wanted: list[int], schema: pa.Schema | None) -> pa.Table:
    """The header row as a one-row table of the batches' column types (text, or encoded text)."""
    def cell(k: int, j: int) -> pa.Array:
        text = pa.array([names[j]], pa.string())
        return text.dictionary_encode().cast(CODED_TEXT) if schema is not None and schema.field(k).type == CODED_TEXT \
            else text

    return pa.table({f"f{k}": cell(k, j) for k, j in enumerate(wanted)})


def _plain(t: pa.DataType) -> bool:
    """A column type whose every value has one text form (numbers, text, dates, booleans)."""
    if pa.types.is_dictionary(t):
        return _plain(t.value_type)
    return (pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_integer(t)
            or pa.types.is_floating(t) or pa.types.is_boolean(t) or pa.types.is_null(t) or pa.types.is_temporal(t)
            or pa.types.is_decimal(t))


def _in_memory(table: pa.Table, want: Want, rows: int) -> Opened | None:
    """Person rows already in memory (an Arrow table, a partition on a cluster), read as a Parquet file is."""
    def iterate(columns: list[str], coded: list[str]) -> Iterator[pa.RecordBatch]:  # as they are (_text_or_coded)
        yield from table.select(columns).to_batches(max_chunksize=rows)

    first = table.slice(0, HEAD_ROWS - 1).to_batches()
    return _columnar(list(table.column_names), first[0] if first else None, iterate, want)


def _columnar(names: list[str], first: pa.RecordBatch | None,
              iterate: Callable[[list[str], list[str]], Iterator[pa.RecordBatch]], want: Want) -> Opened | None:
    """A table whose column names are the header row (row 1) and its rows the data (from row 2)."""
    rows = [names]
    if first is not None:
        cols = [_as_text(first.column(j)).to_pylist() for j in range(first.num_columns)]
        rows += [list(r) for r in zip(*cols)]
    head = pd.DataFrame(rows, dtype="string")
    head.columns = range(len(names))
    wanted = sorted(set(want(head) or []))
    if not wanted:
        return None

    def batches(coded: frozenset[int]) -> Batches:
        offset = 0
        for batch in iterate([names[j] for j in wanted], [names[j] for j in wanted if j in coded]):
            table = pa.table({f"f{k}": _text_or_coded(batch.column(k), j in coded) for k, j in enumerate(wanted)})
            if offset == 0:  # the column names are the header row (grid row 0): the first batch carries them
                table = pa.concat_tables([_header(names, wanted, table.schema), table])
            yield offset, table
            offset += table.num_rows
        if offset == 0:
            yield 0, _header(names, wanted, None)

    return head, {j: k for k, j in enumerate(wanted)}, batches



def sized(path: Path, batches: Batches) -> Batches:
    """The batches, each checked for a field over the size limit (the whole reader then reports the first)."""
    from ..io.tabular import check_field_sizes

    for offset, table in batches:
        try:
            check_field_sizes(table, path, row0=1 + offset)
        except Exception as exc:
            raise NotStreamable from exc
        yield offset, table
