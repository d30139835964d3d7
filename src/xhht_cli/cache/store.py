"""The counts cache (spec.md, "The counts cache"): what a survey file gave a run, kept by its content.

An entry is keyed by the file's content hash, a hash of the installed package's code and bundled data, the
year asked for (`--year`, else the year folder the file lies in), the content hashes of `--columns` and
`--standards` and the `--ppc`/`--strict` options. It holds the counts per unit label (as the file states
its units: they are assigned to units after the cache, as on a cold run), the forms' age counts, the
messages with the file's own path blanked out (rewritten on a hit), what the workbook says of itself, and
per person a hash of the duplicate-check key salted with the cache folder's secret: never a name or a
birth date.

Entries are `.npz` files (numpy arrays and one JSON document, read without pickle), written to a temporary
file and renamed into place, so two concurrent runs never see half an entry; a damaged or vanished entry
is a miss. The folder is kept under `MAX_BYTES` by removing the least recently used entries.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

ENV = "XHHT_CACHE_DIR"
FORMAT = 2  # bumped when the entry layout changes (the code hash changes with it anyway)
MAX_BYTES = 512 * 1024**2  # a district's entries take a few MB; a province's a few hundred
SECRET = "secret"
SUFFIX = ".npz"


def cache_dir() -> Path:
    """XHHT_CACHE_DIR when set, else the user cache folder of the platform."""
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("xhht", appauthor=False))


@lru_cache(maxsize=1)
def code_hash() -> str:
    """A hash of the installed package's code and bundled data: any change to the rules or the readers
    invalidates every entry, even without a new version number."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parents[1]  # the package, not this folder
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml", ".yml"))
    data = root.parents[1] / "data"  # a source checkout keeps data/ beside src/
    if not any(p.suffix in (".yaml", ".yml") for p in files) and data.is_dir():
        files += sorted(data.glob("*.yaml"))
    for p in files:
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def file_hash(path: Path | None) -> str:
    """sha256 of a file's bytes ("" for no file); hashlib releases the GIL, so reader threads hash in parallel."""
    if path is None:
        return ""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


class CacheError(Exception):
    """The cache folder cannot be used (not writable, not a folder): the run goes on without it."""


class Cache:
    """One cache folder and the options of one run that change what a file gives."""

    def __init__(self, folder: Path, options: dict[str, Any], max_bytes: int = MAX_BYTES):
        self.folder = folder
        self.max_bytes = max_bytes
        self.options = json.dumps({"format": FORMAT, "code": code_hash(), **options}, sort_keys=True)
        self._secret: bytes | None = None

    def key(self, content: str, year_hint: int | None) -> str:
        return hashlib.sha256(f"{content}\0{year_hint}\0{self.options}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}{SUFFIX}"

    def load(self, key: str) -> tuple[dict[str, Any], dict[str, np.ndarray]] | None:
        """The entry's JSON document and arrays, or None (no entry, a damaged one, a race with its removal)."""
        path = self._path(key)
        try:
            with np.load(path, allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
            meta = json.loads(arrays.pop("__meta__").tobytes().decode("utf-8"))
            os.utime(path)  # recently used: evicted last
        except Exception:  # noqa: BLE001 - any unreadable entry is a miss, recounted and rewritten
            return None
        return meta, arrays

    def store(self, key: str, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        """Write one entry atomically, then keep the folder under its size limit. Raises CacheError."""
        buf = io.BytesIO()
        np.savez(buf, __meta__=np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
                 **arrays)
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=SUFFIX)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(buf.getvalue())
                os.replace(tmp, self._path(key))
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise CacheError(exc.strerror or exc.__class__.__name__) from exc
        self.evict()

    def evict(self) -> None:
        """Remove the least recently used entries while the folder holds more than max_bytes."""
        entries = []
        for p in self.folder.glob(f"*{SUFFIX}"):
            try:
                st = p.stat()
            except OSError:  # removed by a concurrent run
                continue
            entries.append((st.st_mtime, st.st_size, p))
        total = sum(size for _, size, _ in entries)
        for _, size, p in sorted(entries, key=lambda e: e[0]):
            if total <= self.max_bytes:
                break
            p.unlink(missing_ok=True)
            total -= size

    def secret(self) -> bytes:
        """The folder's random salt for duplicate-key hashes, created once, readable by its owner only."""
        if self._secret is not None:
            return self._secret
        path = self.folder / SECRET
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not path.exists():
                fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")  # mkstemp: mode 0600
                with os.fdopen(fd, "wb") as f:
                    f.write(secrets.token_hex(8).encode())
                try:
                    os.link(tmp, path)  # fails if a concurrent run made one first: theirs is kept
                except FileExistsError:
                    pass
                finally:
                    os.unlink(tmp)
            value = path.read_bytes()
        except OSError as exc:
            raise CacheError(exc.strerror or exc.__class__.__name__) from exc
        if len(value) != 16:
            raise CacheError(f"tệp {SECRET} hỏng")
        self._secret = value
        return value


def clear(folder: Path | None = None) -> int:
    """Empty the cache folder: its entries, leftovers of interrupted writes and the secret (a new one is
    made on the next run). Only xhht's own files are removed, whatever folder XHHT_CACHE_DIR names."""
    folder = folder or cache_dir()
    if not folder.is_dir():
        return 0
    n = 0
    for p in list(folder.glob(f"*{SUFFIX}")) + list(folder.glob(".tmp-*")) + [folder / SECRET]:
        try:
            p.unlink()
            n += p.suffix == SUFFIX and not p.name.startswith(".")
        except FileNotFoundError:
            pass
    try:
        folder.rmdir()  # only when nothing else is in it
    except OSError:
        pass
    return n
