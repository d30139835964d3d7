"""A CSV's rows as Arrow tables of text, one per chunk of whole lines; `ahead` makes them in a second thread.

Why not pyarrow's streaming reader (`open_csv`): it parses on the calling thread with the interpreter lock
held, so a survey's parsing (a third of counting a 3M-person CSV) and its counting never overlap. `read_csv`
on a chunk of whole lines releases the lock and parses the chunk's blocks on Arrow's threads; the batch
reader (read/batches.py) parses and cleans one chunk in the reading thread while the one before is counted,
and memory stays bounded by two chunks.

The rows are those the streaming reader gives, in the same order: chunks end after a line break (values
never hold one: `newlines_in_values=False`), and every chunk is parsed with the first line's column count,
so a row of another width fails as it fails there (the whole-file reader then explains it).
"""

from __future__ import annotations

import mmap
import threading
from collections.abc import Callable, Collection, Generator, Iterator
from pathlib import Path
from typing import TypeVar

import pyarrow as pa

CODED_TEXT = pa.dictionary(pa.int32(), pa.string())  # a column csv_tables parses dictionary-encoded
T = TypeVar("T")


class Unparsable(Exception):
    """The chunked reader cannot take the file as it is (a line longer than a chunk, a malformed row)."""


# what csv_tables raises where the streaming reader would fail: ours, the parser's, the decoder's, the file's
NOT_PARSED = (Unparsable, pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError, OSError)


def _line_end(data: bytes | bytearray | mmap.mmap, end: int) -> int:
    """Where the last whole line of data[:end] ends (0 when none does): after its last "\n", or for a file
    whose lines end in "\r" alone, after a "\r" that is not the last byte (it may be half of "\r\n")."""
    cut = data.rfind(b"\n", 0, end)
    if cut >= 0:
        return cut + 1
    cut = data.rfind(b"\r", 0, end - 1)
    return cut + 1 if cut >= 0 else 0


def _chunks(path: Path, size: int, held: Callable[[memoryview], bool] = lambda _: True) -> Iterator[memoryview]:
    """The file in pieces of whole lines, each read once into a buffer (the kernel's copy only: joining and
    slicing bytes held the interpreter lock for two copies of every chunk). A piece's buffer is used again
    for the next unless `held(piece)` says something made from it still points into it: 32 MB of fresh
    pages a chunk, each zeroed by the kernel, were a third of a run's page faults. (A small first piece and
    halving last ones, each worked on while nothing else runs, measured no faster: a batch's counting costs
    some 25 ms whatever its size, which the pieces added take back.)"""
    with path.open("rb") as f:
        rest = b""
        buf: mmap.mmap | None = None
        view: memoryview | None = None
        while True:
            if buf is None or len(buf) < len(rest) + size or (view is not None and held(view)):
                # an anonymous mapping's pages are zeroed by the kernel as readinto (which lets go of the
                # interpreter lock) first writes them; a bytearray's were zeroed up front with the lock held.
                # Room for a chunk and a carried line as long (only the pages written are ever made): a
                # buffer sized to the first carried line was made again whenever a later one was longer
                buf = mmap.mmap(-1, len(rest) + 2 * size)
            view = None
            buf[:len(rest)] = rest
            end = len(rest) + f.readinto(memoryview(buf)[len(rest):len(rest) + size])
            if end == len(rest):  # the end of the file
                if end:
                    yield memoryview(buf)[:end]
                return
            cut = _line_end(buf, end)
            if cut == 0:
                if end > size:
                    raise Unparsable("a line longer than a chunk")
                rest = bytes(buf[:end])
                continue
            rest = bytes(buf[cut:end])
            view = memoryview(buf)[:cut]
            yield view


def _points_into(table: pa.Table, piece: memoryview) -> bool:
    """Some buffer of the table lies inside the piece's memory (Arrow copies a string column's text when
    it parses it; should a version keep views into its input instead, the piece is never written again)."""
    start = pa.py_buffer(piece).address
    return any(b is not None and start <= b.address < start + len(piece)
               for column in table.columns for chunk in column.chunks for b in _buffers(chunk))


def _buffers(chunk: pa.Array) -> list[pa.Buffer | None]:
    """A piece's buffers, its dictionary's included (an encoded column's text is in its dictionary, which
    `buffers()` leaves out)."""
    return chunk.buffers() + (chunk.dictionary.buffers() if pa.types.is_dictionary(chunk.type) else [])


def _width(first: memoryview, encoding: str, sep: str) -> int:
    """The number of fields of the file's first line, as the streaming reader takes it."""
    import pyarrow.csv as pv

    head = bytes(first[:1 << 20])
    ends = [i for i in (head.find(b"\n"), head.find(b"\r")) if i >= 0]
    line = head[:min(ends) + 1] if ends else bytes(first)  # the first line only: its fields, not the chunk's rows
    table = pv.read_csv(pa.py_buffer(line), read_options=pv.ReadOptions(autogenerate_column_names=True,
                                                                        encoding=encoding, use_threads=False),
                        parse_options=pv.ParseOptions(delimiter=sep, ignore_empty_lines=False,
                                                      newlines_in_values=False),
                        convert_options=pv.ConvertOptions(column_types={}, strings_can_be_null=True))
    return table.num_columns


def csv_tables(path: Path, encoding: str, sep: str, names: list[str], size: int,
               check_utf8: bool = True, coded: Collection[str] = ()) -> Iterator[pa.Table]:
    """The `names` columns ("f0", "f1", … by position) of every row, as text (blank → null), chunk by chunk.
    Raises Unparsable (and pyarrow's or the decoder's errors) where the streaming reader would fail.
    `check_utf8=False`: the text is not checked to be UTF-8 here (a sixth of parsing), and the caller checks
    it before anything reads it (read/batch_parts.clean_column checks each column's distinct values).
    `coded`: columns parsed as dictionary-encoded text (each of Arrow's blocks its own dictionary): the
    encoding is done by the parser's threads, on both cores, instead of once more over each row's text."""
    import pyarrow.csv as pv

    types = {n: CODED_TEXT if n in coded else pa.string() for n in names}

    width: int | None = None
    made: list[pa.Table] = []  # the last table made: its chunk's buffer is reused only if it is not in it
    for chunk in _chunks(path, size, lambda piece: bool(made) and _points_into(made[-1], piece)):
        made.clear()
        if width is None:
            width = _width(chunk, encoding, sep)
        try:
            made.append(pv.read_csv(
                pa.py_buffer(chunk),
                read_options=pv.ReadOptions(column_names=[f"f{j}" for j in range(width)], encoding=encoding),
                parse_options=pv.ParseOptions(delimiter=sep, ignore_empty_lines=False, newlines_in_values=False),
                convert_options=pv.ConvertOptions(include_columns=names, column_types=types,
                                                  strings_can_be_null=True, null_values=[""],
                                                  include_missing_columns=True, check_utf8=check_utf8)))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise Unparsable(str(exc)) from exc
        yield made[-1]


_END = object()


def ahead(items: Iterator[T]) -> Generator[T, None, None]:
    """`items`, each made in a second thread while the caller works on the one before. The next is begun
    only once the caller has taken the one made, so at most two are alive: the caller's and the next (a
    batch made further ahead is memory, not speed, while making one takes less than using one). An error
    making one is raised here, in order; a caller that stops early stops the thread."""
    cond = threading.Condition()
    slot: list[object] = []  # made, not yet taken
    stopped = threading.Event()

    def hand(x: object) -> bool:
        with cond:
            slot.append(x)
            cond.notify_all()
            while slot and not stopped.is_set():
                cond.wait()
        return not stopped.is_set()

    def run() -> None:
        try:
            for x in items:
                if not hand(x):
                    return
            hand(_END)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller, raised there
            hand(exc)
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()  # the file it reads is closed now, not when collected

    worker = threading.Thread(target=run, name="xhht-csv", daemon=True)
    worker.start()
    try:
        while True:
            with cond:
                while not slot:
                    cond.wait()
                x = slot.pop()
                cond.notify_all()
            if x is _END:
                return
            if isinstance(x, BaseException):
                raise x
            yield x  # type: ignore[misc]
    finally:
        with cond:
            stopped.set()
            cond.notify_all()
        worker.join()
