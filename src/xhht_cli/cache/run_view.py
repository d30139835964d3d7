"""The counts cache seen from one run: which entry a file has under this run's options, serving it, storing it.

A cache that cannot be read is a miss; one that cannot be written is remembered in `failed` (the run warns
once and goes on, cold). `--list-persons` never gets here: it needs the person rows.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .store import Cache, CacheError, cache_dir, file_hash
from ..read.sheet_counts import Counted, from_entry, message_in, message_out, to_entry
from ..read.model import Hit, UnitsRead, WorkbookInputs
from ..messages import Message
from ..counts.unit_index import Unit

if TYPE_CHECKING:
    from ..pipeline import Options


class FileStore:
    def __init__(self, opts: Options, folder: int | None, area: str = ""):
        # `area`: the plan's area, which a units sheet's rows without one are given
        self.cache = Cache(cache_dir(), {
            "year": opts.year, "ppc": opts.ppc, "strict": opts.strict,
            "columns": file_hash(opts.columns), "standards": file_hash(opts.standards), "area": area,
        })
        self.folder_year = folder  # the year folder named on the command line, the early count's fallback
        self.keys: dict[Path, str] = {}
        self.failed: str | None = None

    def _key(self, path: Path) -> str:
        # The year a file is counted with as it is read, as the early count decides it: --year (in the
        # options), else what the file states (its content), else the run's year folder; the entry records
        # the year it used and a run whose year turns out different counts cold.
        return self.cache.key(file_hash(path), self.folder_year)

    def lookup(self, path: Path) -> Hit | None:
        """Called in a reader thread for every input file."""
        try:
            key = self._key(path)
        except OSError:
            return None  # unreadable: the cold read says why
        self.keys[path] = key
        found = self.cache.load(key)
        if found is None:
            return None
        meta, arrays = found
        try:
            if "units" in meta:  # a file holding only the units sheet
                read = UnitsRead([Unit(**u) for u in meta["units"]], meta["sheet"],
                                 [(k, list(names)) for k, names in meta["headers"]])
                return Hit(None, [message_in(m, path) for m in meta["classified"]], False, read)
            wb, messages = from_entry(path, meta, arrays)
        except Exception:  # noqa: BLE001 - an entry of an unexpected shape is a miss
            return None
        return Hit(wb, messages, bool(meta.get("master")))

    def salt(self) -> bytes | None:
        """The folder's secret, or None (and the run warns) when the folder cannot be used."""
        try:
            return self.cache.secret()
        except CacheError as exc:
            self.failed = self.failed or str(exc)
            return None

    def store_entry(self, path: Path, meta: dict[str, Any], arrays: dict[str, Any], master: bool) -> None:
        """Store an entry made elsewhere (a worker process) for a file looked up in this run."""
        key = self.keys.get(path)
        if key is None or self.failed:
            return
        try:
            self.cache.store(key, {**meta, "master": master}, arrays)
        except CacheError as exc:
            self.failed = str(exc)

    def keep(self, wb: WorkbookInputs, messages: list[Message], master: bool) -> None:
        """Store a workbook read cold whose every survey sheet was counted as it was read."""
        key = self.keys.get(wb.path)
        counted = [(s, wb.early.get(s.name)) for s in wb.surveys]
        if key is None or self.failed or not all(isinstance(c, Counted) for _, c in counted):
            return
        try:
            meta, arrays = to_entry(wb, messages, counted, self.cache.secret())  # type: ignore[arg-type]
            meta["master"] = master
            self.cache.store(key, meta, arrays)
        except CacheError as exc:
            self.failed = str(exc)

    def keep_units(self, path: Path, read: UnitsRead, messages: list[Message]) -> None:
        """Store a file read cold that holds only the units sheet: its units, the sheet's name, the header
        names and the messages its reading gave (no person data: the units sheet lists communes)."""
        key = self.keys.get(path)
        if key is None or self.failed:
            return
        meta = {"units": [dataclasses.asdict(u) for u in read.units], "sheet": read.sheet,
                "headers": read.headers, "classified": [message_out(m, path) for m in messages]}
        try:
            self.cache.store(key, meta, {})
        except CacheError as exc:
            self.failed = str(exc)
