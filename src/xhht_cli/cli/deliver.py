"""The one path every command takes: guard the outputs, run, render, write, say what happened, set the exit code.

Order (spec.md, exit codes): outputs are checked before anything is read (2); the library runs; on a data error
(3) only the --messages file is written; otherwise --messages, then the report (stdout or --output), then the
command's own finishing step (the persons list, --check: 4). A file that cannot be written is 5, which
therefore wins over 4.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, NoReturn, TypeVar

import typer

from ..render.console import sanitize, stderr_console, stdout_console
from .errors import guarded
from .outputs import Destination, Format

if TYPE_CHECKING:
    from rich.console import Console

    from ..messages import Message

R = TypeVar("R")
Progress = Callable[[str], None]


@dataclass
class Renderers(Generic[R]):
    """How one command turns its result into each format it offers."""

    terminal: Callable[[R, Console], None]
    text: dict[Format, Callable[[R], str]] = field(default_factory=dict)  # json, csv
    binary: dict[Format, Callable[[R], bytes]] = field(default_factory=dict)  # xlsx
    # JSON in UTF-8 pieces, written as they come, never held whole (a summed country's report is 120 MiB)
    streamed: dict[Format, Callable[[R], Iterable[bytes]]] = field(default_factory=dict)
    pipe_width: int | None = None  # a renderer not yet laid out for PIPE_WIDTH keeps its own width in a pipe


@dataclass
class Job:
    """One run of a command, as the shell sees it."""

    destination: Destination
    inputs: Sequence[Path]
    folder_suffixes: Sequence[str]
    quiet: bool = False
    debug: bool = False
    messages_file: Path | None = None
    other_outputs: Sequence[tuple[str, Path | None]] = ()  # e.g. ("--list-persons", path)
    count_files: Callable[[], int | None] | None = None  # for the progress bar
    summary: bool = True  # the line saying what was written (validate's findings are their own summary)


def execute(job: Job, produce: Callable[[Progress | None], R], renderers: Renderers[R],
            messages_of: Callable[[R], list[Message]], finish: Callable[[R], int] | None = None) -> NoReturn:
    """Run one command end to end and exit with its code; never returns, never lets an exception through."""
    code = 0
    with guarded(job.debug, job.destination.as_json):
        from ..io.allocator import keep_freed_memory
        from ..io.writer import check_outputs
        from ..messages import XhhtError

        keep_freed_memory()

        outputs = [("--output", job.destination.file), ("--messages", job.messages_file), *job.other_outputs]
        check_outputs(outputs, job.inputs, job.folder_suffixes)
        err = None if job.quiet else stderr_console()  # -q: no console at all (rich is not even imported)
        try:
            with progress_bar(err, job.count_files) as show:
                result = produce(show)
        except XhhtError as exc:
            write_messages(job.messages_file, exc.context)
            raise
        messages = messages_of(result)
        write_messages(job.messages_file, messages)
        emit(job.destination, renderers, result)
        if job.summary and err is not None:
            summary(err, job, messages)
        if finish is not None:
            code = finish(result)
    raise typer.Exit(code)


def write_messages(path: Path | None, messages: list[Message]) -> None:
    """--messages FILE: every error and warning — FILE.xlsx a Vietnamese sheet for officers, any other name the
    scripts' CSV (BOM for Excel) with its columns unchanged."""
    if path is None:
        return
    from ..io.writer import write_atomic
    from ..render.messages import messages_csv, messages_xlsx

    if path.suffix.lower() == ".xlsx":
        write_atomic(path, messages_xlsx(messages))
    else:
        write_atomic(path, messages_csv(messages).encode("utf-8-sig"))


def _to_stdout(chunks: Iterable[bytes]) -> None:
    """UTF-8 pieces written through the text stream, as `text` output goes (its encoding, its newline
    translation, its flushing); straight to its bytes when the text stream would write those very bytes:
    decoding 120 MiB only to encode it again took 0.14 s. That is known of the interpreter's own stdout
    outside Windows ("\n" written as it is) once it writes UTF-8 without a BOM (main's ensure_utf8); a
    stream put in its place (a test's, an embedding program's) keeps the text path."""
    out = sys.stdout
    buffer = getattr(out, "buffer", None)
    encoding = getattr(out, "encoding", None) or "ascii"
    try:
        same = out is sys.__stdout__ and buffer is not None and os.linesep == "\n" \
            and codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        same = False
    if same:
        out.flush()  # whatever the text stream holds goes first
        for chunk in chunks:
            buffer.write(chunk)  # type: ignore[union-attr]
        buffer.flush()  # type: ignore[union-attr]
        return
    for chunk in chunks:
        out.write(chunk.decode("utf-8"))
    out.flush()


def emit(dest: Destination, renderers: Renderers[R], result: R) -> None:
    """The main output: into its file (atomically), or on stdout."""
    if dest.format in renderers.streamed:
        from ..io.gc_pause import gc_paused

        chunks = renderers.streamed[dest.format](result)
        with gc_paused():  # serialising makes a dict per row read, all kept: no cycles (io/gc_pause.py)
            if dest.file is not None:
                from ..io.writer import write_atomic

                write_atomic(dest.file, chunks)
            else:
                _to_stdout(chunks)
    elif dest.file is not None:
        from ..io.writer import write_atomic

        if dest.format in renderers.binary:
            data = renderers.binary[dest.format](result)
        else:
            data = renderers.text[dest.format](result).encode(dest.encoding or "utf-8")
        write_atomic(dest.file, data)
    elif dest.format is Format.terminal:
        renderers.terminal(result, stdout_console(pipe_width=renderers.pipe_width))
    else:
        sys.stdout.write(renderers.text[dest.format](result))
        sys.stdout.flush()


def summary(err: Console, job: Job, messages: list[Message]) -> None:
    """One line after writing: what was written, how many errors and warnings, where to read them."""
    dest = job.destination
    errors = sum(m.severity == "error" for m in messages)
    warnings = len(messages) - errors
    if dest.file is None and dest.format is Format.terminal:
        return  # the terminal report lists them in its notes
    counted = f"{errors} lỗi, {warnings} cảnh báo" if messages else "không có lỗi hay cảnh báo"
    where = ""
    if messages:
        if job.messages_file is not None:
            where = f" (xem tệp {job.messages_file})"
        elif dest.format is Format.xlsx:
            where = " (xem trang «Ghi chú» của bảng tính)"
        elif dest.format is Format.json:
            where = " (xem mục messages của báo cáo JSON)"
        else:
            where = " (ghi chúng ra tệp bằng --messages TỆP.csv)"
    head = f"Đã ghi {dest.file}: " if dest.file is not None else ""
    text = head + counted + where + "."
    err.print(sanitize(text[0].upper() + text[1:]), soft_wrap=True)


@contextmanager
def progress_bar(err: Console | None, count_files: Callable[[], int | None] | None) -> Iterator[Progress | None]:
    """On a terminal only: a bar over the input files (stderr), advanced as each file is read; none with -q."""
    if err is None or not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    total: int | None = None
    if count_files is not None:
        try:
            total = count_files()
        except Exception:  # noqa: BLE001 - a missing file is reported by the run itself, with its exit code
            total = None
    columns = [TextColumn("Đang đọc"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}")]
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("", total=total)

        def show(text: str) -> None:
            bar.update(task, advance=1, description=sanitize(text)[:40])

        yield show
