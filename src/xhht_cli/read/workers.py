"""Commune workbooks read and counted in worker processes, so that both cores work for real.

Reading a sheet releases the interpreter lock, but cleaning, parsing and counting hold it: two threads
overlapped little. Each worker reads one workbook, counts its persons per unit label and sends back what
the counts cache would hold for it (sheet_counts.to_entry: counts, age counts, messages, unit labels — no
person rows), which the main process takes exactly as a cache hit, and stores in the cache when there is
one. Workers are forked (the run's rules and options are inherited, nothing is pickled but a path).
Where fork is unavailable (Windows), workers are started with spawn when there are SPAWN_FROM workbooks or
more: a spawned worker imports the readers itself (about 0.7 s of CPU, measured on Linux), which a few
workbooks' counting on the second core repays; the job then travels pickled, with a `spawnable` hook (no
closure). With fewer workbooks the main process reads as before. Under fork a single workbook goes to a
worker too (no slower: measured 1.5 s against 1.8 s for one sample workbook): a file too large for the
memory then ends in one line naming it, not in the allocator's abort of the main process.

A worker that dies (killed by the out-of-memory killer, aborted by an allocation failure) ends the run
within seconds (spec.md, "Worker processes"): the main process waits on each worker's pipe and on its
process at once, so a death is seen as it happens; it names the workbook that worker was reading, the
other worker is ended, and nothing either printed reaches the officer (workers write to a scratch file).
"""

from __future__ import annotations

import multiprocessing
import os
import re
import secrets
import shutil
import signal
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .sheet_counts import Counted, from_entry, to_entry
from .model import EarlyHook, Hit, WorkbookInputs
from .inputs import TOO_LARGE, column_map
from ..messages import RunFailed, fail

if TYPE_CHECKING:
    from .column_map import ColumnMap
from ..io.textnorm import fold

WORKERS = 2
SPAWN_FROM = 4  # workbooks from which spawned workers pay for their start (about 0.35 s of work each)


@dataclass
class Job:
    hook: EarlyHook
    default_area: str
    columns: ColumnMap
    salt: bytes


@dataclass
class SpawnableHook:
    """pipeline.gather's early-count hook as a picklable object, for worker processes started with spawn
    (where fork is unavailable): the year is --year, else the workbook's, else the folder's; counted as
    gather counts (person_table.counter). Imports nothing heavy until a worker calls it."""

    standards: Path | None
    ppc: str | None
    year: int | None
    folder: int | None

    def __call__(self, wb: WorkbookInputs, sheet: object) -> object:
        from ..law.standards import load_standards
        from .person_table import counter

        year = self.year or wb.stated.year or self.folder
        if year is None:
            return None
        if self.standards not in _RULES:  # once per worker process
            _RULES[self.standards] = load_standards(self.standards)
        return counter(_RULES[self.standards], self.ppc)(wb, sheet, year)  # type: ignore[operator]


_RULES: dict[Path | None, Any] = {}
_JOB: Job | None = None  # set in the main process just before forking; the workers inherit it


def _work(path: Path) -> tuple[dict[str, Any], dict[str, Any]] | None:
    from .one_file import classify_alone, plan_sheets, read_file  # in the worker: a cold read

    job = _JOB
    assert job is not None
    try:
        sheets = plan_sheets(path)  # opens the workbook: its zip check runs here, on this worker's core
        if not any(fold(s) == "data" for s in sheets):
            return None  # not a commune workbook after all: the main process reads it in its place
        f, reads, wb, errors = read_file(path, sheets, job.columns.aliases("survey"), job.hook)
        if errors:
            return None  # the main process reads it again and reports the errors in their place
        found = classify_alone(f, reads, wb, job.default_area, job.columns)
        sheets = [(s, wb.early.get(s.name)) for s in wb.surveys]
        if found is None or not all(isinstance(c, Counted) for _, c in sheets):
            return None
        return to_entry(wb, found, sheets, job.salt)  # type: ignore[arg-type]
    except MemoryError:
        raise  # the file is too large for this computer: reading it again in the main process would fail too
    except Exception:  # noqa: BLE001 - anything unexpected: the main process reads it and says what went wrong
        return None


def _start(job: Job) -> None:
    """A spawned worker's start: the job it was handed, and the readers imported once."""
    global _JOB
    _JOB = job
    from ..persons import facts  # noqa: F401
    from . import one_file  # noqa: F401


def start_method() -> str | None:
    """fork where the system has it, else spawn (Windows, and macOS's default)."""
    methods = multiprocessing.get_all_start_methods()
    return "fork" if "fork" in methods else "spawn" if "spawn" in methods else None


def _serve(conn: Connection, err_path: str, job: Job | None = None) -> None:
    """A worker's loop: a path in, its entry (or None) out, until told to stop (None) or the pipe closes.
    `job`: handed to a spawned worker (a forked one inherits it)."""
    # What this process would print (a Rust allocation failure's message, a traceback) goes to a file the
    # main process reads when the worker dies: one Vietnamese line is said, never a traceback.
    fd = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 2)
    os.close(fd)
    if job is not None:
        _start(job)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's: it ends the workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the inherited handler raises in the main process only
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        try:
            reply: tuple[str, Any] = ("ok", _work(path))
        except MemoryError:
            reply = ("memory", None)
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("memory", None))


@dataclass
class _Worker:
    process: Any  # multiprocessing's forked Process
    conn: Connection
    err_path: str
    current: int | None = None  # the index of the file it is reading


# Rust's allocator prints this before it aborts (fastexcel, polars): the file did not fit in memory
_RUST_OOM = re.compile(r"memory allocation of \d+ bytes failed|MemoryError|Cannot allocate memory")


def died(path: Path, exitcode: int | None, said: str) -> Exception:
    """The error that ends the run when the worker reading `path` ended without answering: a file too large
    for the memory (exit 3), or a process killed by a signal or ended otherwise (exit 1, with a memory hint)."""
    if _RUST_OOM.search(said):
        return fail("file-too-large-for-memory", TOO_LARGE, file=str(path))
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = str(-exitcode)
        how = f"bị dừng bởi tín hiệu {name}"
    else:
        how = f"dừng bất thường (mã thoát {exitcode})"
    return RunFailed(f"tiến trình đọc tệp {path} đã {how}; thường là do hệ điều hành dừng nó vì máy thiếu bộ nhớ: "
                     "đóng bớt chương trình khác rồi chạy lại, hoặc tách tệp thành nhiều tệp nhỏ hơn")


def _read_all(files: list[Path], method: str, job: Job) -> list[tuple[dict[str, Any], dict[str, Any]] | None]:
    """Every file's entry (None: read it in the main process), from WORKERS processes (forked, or spawned and
    handed the job). A worker that dies ends the run at once with the error `died` gives; every worker is
    ended before this returns."""
    ctx = multiprocessing.get_context(method)
    handed = () if method == "fork" else (job,)
    results: list[tuple[dict[str, Any], dict[str, Any]] | None] = [None] * len(files)
    todo = iter(range(len(files)))
    workers: list[_Worker] = []
    scratch = tempfile.mkdtemp(prefix="xhht-workers-")
    try:
        # one worker on one core: still a process of its own, so that its death is said, not suffered
        for i in range(min(WORKERS if (os.cpu_count() or 1) > 1 else 1, len(files))):
            ours, theirs = ctx.Pipe()
            w = _Worker(ctx.Process(target=_serve, args=(theirs, os.path.join(scratch, f"{i}.err"), *handed),
                                    daemon=True),
                        ours, os.path.join(scratch, f"{i}.err"))
            w.process.start()
            theirs.close()
            workers.append(w)
        for w in workers:
            _give(w, next(todo, None), files)
        while busy := [w for w in workers if w.current is not None]:
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
            for w in busy:
                if w.conn in ready:
                    try:
                        kind, value = w.conn.recv()
                    except (EOFError, OSError):
                        raise _death(w, files) from None
                    if kind == "memory":
                        raise died(files[w.current], None, "MemoryError")  # type: ignore[index]
                    results[w.current] = value  # type: ignore[index]
                    _give(w, next(todo, None), files)
                elif w.process.sentinel in ready:
                    raise _death(w, files)
        return results
    finally:
        for w in workers:  # none is left behind, whatever ended the loop
            if w.process.is_alive():
                w.process.kill()
            w.process.join(timeout=5)
            w.conn.close()
        shutil.rmtree(scratch, ignore_errors=True)


def _give(w: _Worker, index: int | None, files: list[Path]) -> None:
    w.current = index
    try:
        w.conn.send(None if index is None else files[index])
    except (BrokenPipeError, OSError):
        if index is not None:
            raise _death(w, files) from None


def _death(w: _Worker, files: list[Path]) -> Exception:
    w.process.join(timeout=5)
    try:
        with open(w.err_path, encoding="utf-8", errors="replace") as f:
            said = f.read()[-4000:]
    except OSError:
        said = ""
    return died(files[w.current], w.process.exitcode, said)  # type: ignore[index]


def reader(hook: EarlyHook, default_area: str, columns: ColumnMap | None, salt: bytes | None,
           store: Callable[[Path, dict[str, Any], dict[str, Any], bool], None] | None,
           spawnable: EarlyHook | None = None) -> Callable[[list[Path]], dict[Path, Hit]]:
    """The `parallel` callback of read.inputs.read_inputs for one run. `spawnable`: the hook as a picklable
    object, for workers started with spawn."""

    def run(files: list[Path]) -> dict[Path, Hit]:
        global _JOB
        method = start_method()
        if not files or method is None or (method == "spawn" and (spawnable is None or len(files) < SPAWN_FROM)):
            return {}
        job = Job(hook if method == "fork" else spawnable, default_area, column_map(columns),  # type: ignore[arg-type]
                  salt or secrets.token_hex(8).encode())
        if method == "fork":
            # The readers (pandas, pyarrow, fastexcel) imported once here, before forking: each worker
            # importing them itself took seconds of a cold run.
            from ..persons import facts  # noqa: F401
            from . import one_file as reading  # noqa: F401

            _JOB = job
        try:
            entries = _read_all(files, method, job)
        except OSError:  # workers that cannot start (no /dev/shm, limits): read in-process
            return {}
        finally:
            _JOB = None
        hits: dict[Path, Hit] = {}
        for f, entry in zip(files, entries):
            if entry is None:
                continue
            meta, arrays = entry
            wb, messages = from_entry(f, meta, arrays)
            hits[f] = Hit(wb, messages, True)
            if store is not None and salt is not None:
                store(f, meta, arrays, True)
        return hits

    return run
