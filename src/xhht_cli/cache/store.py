"""The counts cache (spec.md, "The counts cache"): what a survey file gave a run, kept by its content.

An entry is keyed by the file's content hash, a hash of the installed package's code and bundled data, the
year asked for (`--year`, else the year folder the file lies in), the content hashes of `--columns` and
`--standards` and the `--ppc`/`--strict` options. It holds the counts per unit label (as the file states
its units: they are assigned to units after the cache, as on a cold run), the forms' age counts, the
messages with the file's own path blanked out (rewritten on a hit), what the workbook says of itself, and
per person a hash of the duplicate-check key salted with the cache folder's secret: never a name or a
birth date.

Entries live in xhht's own subfolder (`SUBFOLDER`) under names of their own pattern (64 hex digits and
`ENTRY_SUFFIX`), so that a cache folder shared with other files (XHHT_CACHE_DIR pointed at an analyst's
folder) is used only inside it: nothing else is ever read, trimmed or deleted. An entry is a header, a
keyed MAC (HMAC-SHA256 with the folder's secret, over the entry's key and body) and an `.npz` body (numpy arrays and one JSON document,
read without pickle); it is written to a temporary file and renamed into place, so two concurrent runs
never see half an entry. An entry that does not verify (edited, damaged, written under another secret, or
the secret lost and made anew) is a miss, counted in `unverified` for the run's one warning; a vanished
entry is a plain miss. The subfolder is kept under `MAX_BYTES` by removing the least recently used entries.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import re
import secrets
import threading
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

ENV = "XHHT_CACHE_DIR"
FORMAT = 3  # bumped when the entry layout changes (the code hash changes with it anyway)
MAX_BYTES = 512 * 1024**2  # a district's entries take a few MB; a province's a few hundred
SECRET = "secret"
SUBFOLDER = "xhht-counts"  # xhht's own: the only place entries are read, written, trimmed or deleted
ENTRY_SUFFIX = ".xhht"
ENTRY = re.compile(r"[0-9a-f]{64}\.xhht")  # an entry's name: its key and the suffix, nothing else
LEGACY = re.compile(r"[0-9a-f]{64}\.npz")  # entries of format 2, at the top of the default folder only
MAGIC = b"XHHT-COUNTS-3\n"  # then a 32-byte MAC, then the npz body
MAC_BYTES = 32


def cache_dir() -> Path:
    """XHHT_CACHE_DIR when set, else the user cache folder of the platform."""
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    return default_dir()


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
        self.root = folder  # the folder named by XHHT_CACHE_DIR or the platform: may hold other files
        self.folder = folder / SUBFOLDER
        self.max_bytes = max_bytes
        self.options = json.dumps({"format": FORMAT, "code": code_hash(), **options}, sort_keys=True)
        self._secret: bytes | None = None
        self._lock = threading.Lock()  # lookups run in reader threads
        self.unverified = 0  # entries found this run that did not verify: one warning counts them

    def key(self, content: str, year_hint: int | None) -> str:
        return hashlib.sha256(f"{content}\0{year_hint}\0{self.options}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}{ENTRY_SUFFIX}"

    def _mac(self, key: str, body: bytes) -> bytes:
        # over the key too: an entry copied under another file's name does not verify either
        return hmac.new(self.secret(), key.encode() + b"\0" + body, hashlib.sha256).digest()

    def load(self, key: str) -> tuple[dict[str, Any], dict[str, np.ndarray]] | None:
        """The entry's JSON document and arrays, or None: no entry (or a race with its removal), the folder
        unusable, or an entry that does not verify (counted in `unverified`)."""
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            mac = self._mac(key, data[len(MAGIC) + MAC_BYTES:])
        except CacheError:
            return None  # no secret to check it with: the run's cache-unwritable warning says why
        if not (data.startswith(MAGIC) and hmac.compare_digest(data[len(MAGIC):len(MAGIC) + MAC_BYTES], mac)):
            with self._lock:
                self.unverified += 1
            return None
        try:
            with np.load(io.BytesIO(data[len(MAGIC) + MAC_BYTES:]), allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
            meta = json.loads(arrays.pop("__meta__").tobytes().decode("utf-8"))
        except Exception:  # noqa: BLE001 - verified yet unreadable (an older layout under the same key): a miss
            return None
        try:
            os.utime(path)  # recently used: evicted last
        except OSError:
            pass
        return meta, arrays

    def store(self, key: str, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        """Write one entry atomically, then keep the folder under its size limit. Raises CacheError."""
        buf = io.BytesIO()
        np.savez(buf, __meta__=np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
                 **arrays)
        body = buf.getvalue()
        mac = self._mac(key, body)  # raises CacheError when the secret cannot be made
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=ENTRY_SUFFIX)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(MAGIC + mac + body)
                os.replace(tmp, self._path(key))
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise CacheError(exc.strerror or exc.__class__.__name__) from exc
        self.evict()

    def evict(self) -> None:
        """Remove the least recently used entries while the subfolder's entries take more than max_bytes.
        Only names of the entries' own pattern are counted or removed."""
        entries = []
        for p in own_entries(self.folder):
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
                    f.write(secrets.token_hex(32).encode())
                try:
                    os.link(tmp, path)  # fails if a concurrent run made one first: theirs is kept
                except FileExistsError:
                    pass
                finally:
                    os.unlink(tmp)
            value = path.read_bytes()
        except OSError as exc:
            raise CacheError(exc.strerror or exc.__class__.__name__) from exc
        if len(value) != 64:
            raise CacheError(f"tệp {SECRET} hỏng")
        self._secret = value
        return value


def own_entries(folder: Path) -> list[Path]:
    """The entries in xhht's subfolder: names of their own pattern only."""
    try:
        return [p for p in folder.iterdir() if ENTRY.fullmatch(p.name)]
    except OSError:
        return []


def default_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("xhht", appauthor=False))


def clear(folder: Path | None = None) -> int:
    """Empty the cache: the entries of xhht's subfolder, its leftovers of interrupted writes and its secret
    (a new one is made on the next run), then the subfolder itself when nothing else is in it. In the
    default cache folder (never one named by XHHT_CACHE_DIR), entries of format 2 (64 hex digits `.npz`,
    at its top) go too: they are xhht's own. Nothing else is touched. Returns the number of entries removed."""
    folder = folder or cache_dir()
    sub = folder / SUBFOLDER
    n = 0
    doomed: list[tuple[Path, bool]] = []
    if sub.is_dir() and not sub.is_symlink():
        doomed += [(p, True) for p in own_entries(sub)]
        doomed += [(p, False) for p in sub.glob(".tmp-*") if p.is_file()]
        doomed.append((sub / SECRET, False))
    if folder.is_dir() and _same(folder, default_dir()):
        doomed += [(p, True) for p in folder.iterdir() if LEGACY.fullmatch(p.name) and p.is_file()]
    for p, entry in doomed:
        try:
            p.unlink()
            n += entry
        except FileNotFoundError:
            pass
    try:
        sub.rmdir()  # only when nothing else is in it
    except OSError:
        pass
    return n


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
