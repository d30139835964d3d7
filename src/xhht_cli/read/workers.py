"""Commune workbooks read and counted in worker processes, so that both cores work for real.

Reading a sheet releases the interpreter lock, but cleaning, parsing and counting hold it: two threads
overlapped little. Each worker reads one workbook, counts its persons per unit label and sends back what
the counts cache would hold for it (counted.to_entry: counts, age counts, messages, unit labels — no
person rows), which the main process takes exactly as a cache hit, and stores in the cache when there is
one. Workers are forked (the run's rules and options are inherited, nothing is pickled but a path).
Where fork is unavailable (Windows), workers are started with spawn when there are SPAWN_FROM workbooks or
more: a spawned worker imports the readers itself (about 0.7 s of CPU, measured on Linux), which a few
workbooks' counting on the second core repays; the job then travels pickled, with a `spawnable` hook (no
closure). With fewer workbooks, or a single one, the main process reads as before.
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .sheet_counts import Counted, from_entry, to_entry
from .inputs import EarlyHook, Hit, WorkbookInputs, column_map

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


def reader(hook: EarlyHook, default_area: str, columns: ColumnMap | None, salt: bytes | None,
           store: Callable[[Path, dict[str, Any], dict[str, Any], bool], None] | None,
           spawnable: EarlyHook | None = None) -> Callable[[list[Path]], dict[Path, Hit]]:
    """The `parallel` callback of load.read_inputs for one run. `spawnable`: the hook as a picklable object,
    for workers started with spawn."""

    def run(files: list[Path]) -> dict[Path, Hit]:
        global _JOB
        method = start_method()
        if len(files) < 2 or os.cpu_count() == 1 or method is None \
                or (method == "spawn" and (spawnable is None or len(files) < SPAWN_FROM)):
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
            with ProcessPoolExecutor(max_workers=min(WORKERS, len(files)), mp_context=multiprocessing.get_context(method),
                                     initializer=None if method == "fork" else _start,
                                     initargs=() if method == "fork" else (job,)) as pool:
                entries = list(pool.map(_work, files))
        except Exception:  # noqa: BLE001 - a pool that cannot start (no /dev/shm, limits): read in-process
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
