"""Commune workbooks read and counted in worker processes, so that both cores work for real.

Reading a sheet releases the interpreter lock, but cleaning, parsing and counting hold it: two threads
overlapped little. Each worker reads one workbook, counts its persons per unit label and sends back what
the counts cache would hold for it (sheet_counts.to_entry: counts, age counts, messages, unit labels — no
person rows), which the main process takes exactly as a cache hit, and stores in the cache when there is
one. Workers are forked (the run's rules and options are inherited, nothing is pickled but a path);
where fork is unavailable, or for a single workbook, the main process reads as before.
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
from .model import EarlyHook, Hit
from .inputs import column_map

if TYPE_CHECKING:
    from .column_map import ColumnMap
from ..io.textnorm import fold

WORKERS = 2


@dataclass
class Job:
    hook: EarlyHook
    default_area: str
    columns: ColumnMap
    salt: bytes


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


def reader(hook: EarlyHook, default_area: str, columns: ColumnMap | None, salt: bytes | None,
           store: Callable[[Path, dict[str, Any], dict[str, Any], bool], None] | None
           ) -> Callable[[list[Path]], dict[Path, Hit]]:
    """The `parallel` callback of read.inputs.read_inputs for one run."""

    def run(files: list[Path]) -> dict[Path, Hit]:
        global _JOB
        if len(files) < 2 or os.cpu_count() == 1 or "fork" not in multiprocessing.get_all_start_methods():
            return {}
        # The readers (pandas, pyarrow, fastexcel) imported once here, before forking: each worker importing
        # them itself took seconds of a cold run.
        from ..persons import facts
        from . import one_file as reading  # noqa: F401

        _JOB = Job(hook, default_area, column_map(columns), salt or secrets.token_hex(8).encode())
        try:
            with ProcessPoolExecutor(max_workers=min(WORKERS, len(files)),
                                     mp_context=multiprocessing.get_context("fork")) as pool:
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
