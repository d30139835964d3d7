"""The officer's session: uploaded files in an owner-only temporary folder, kept so that later downloads (the
persons list, the trend) can be made, and deleted when the officer presses «Xong, xóa dữ liệu», after
`IDLE_SECONDS` without a request, and when the server stops.

Limits: the CLI's own limits apply when the library reads a file; an upload is further bounded by
`MAX_UPLOAD_BYTES` per session (all files together) and `MAX_FILES` files. A relative path from the browser (a
folder picker keeps `2024/xa-an-dien.xlsx`) is checked part by part: no absolute path, no `..`, no empty or
hidden part, no drive letter; it never leaves the session's folder.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import stat
import tempfile
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

GiB = 1024**3
MAX_UPLOAD_BYTES = 2 * GiB  # all the files of one session together
MAX_FILES = 5_000  # files in one session
MAX_PATH_PARTS = 8  # folders deep, file included
MAX_PART_CHARS = 200
IDLE_SECONDS = 30 * 60  # a session without a request for this long is deleted with its files
PLAN_NAME = "ke-hoach-rieng.yaml"

_BAD_PART = re.compile(r'[\x00-\x1f<>:"|?*\\]')


class SessionError(Exception):
    """A request the session refuses: carries one Vietnamese sentence and the HTTP status."""

    def __init__(self, text: str, status: int = 400) -> None:
        super().__init__(text)
        self.text = text
        self.status = status


def safe_relative(name: str) -> PurePosixPath:
    """The relative path a browser sent (`2024/xa-an-dien.xlsx`), checked; a SessionError when it could leave the
    session's folder or is not a plain name."""
    text = unicodedata.normalize("NFC", name.replace("\\", "/")).strip()
    parts = [p for p in text.split("/") if p not in ("",)]
    if not parts or text.startswith("/") or len(parts) > MAX_PATH_PARTS:
        raise SessionError("Tên tệp không hợp lệ.")
    for p in parts:
        if p in (".", "..") or p.startswith(".") or _BAD_PART.search(p) or len(p) > MAX_PART_CHARS or p != p.strip():
            raise SessionError("Tên tệp không hợp lệ.")
    return PurePosixPath(*parts)


@dataclass
class Job:
    """One run of the library for the page: its progress and its outcome."""

    kind: str  # "compute" or "trend"
    state: str = "running"  # running, done, error
    done: int = 0
    total: int | None = None
    error: str = ""
    html: str = ""
    outputs: dict[str, bytes] = field(default_factory=dict)  # download name → bytes (never the persons list)
    inputs: list[str] = field(default_factory=list)  # the paths the library read (relative to `cwd`)
    cwd: Path | None = None
    options: Any = None  # the jobs.Request it ran
    note: str = ""  # what the page should know about the inputs chosen (e.g. the latest of several years)
    result: Any = None  # the library's answer (a Result, or the trend report with its standards)
    error_messages: list[Any] = field(default_factory=list)  # a data error's messages (the CLI's --messages)


class Session:
    """One officer's files and last run."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.inputs = folder / "du-lieu"
        self.inputs.mkdir(mode=0o700)
        self.used = 0
        self.files: dict[str, int] = {}  # relative path → size
        self.plan: Path | None = None
        self.mapping: str | None = None  # the trend's unit mapping: its name at the top of the inputs' folder
        self.mapping_size = 0
        self.job: Job | None = None
        self.seen = time.monotonic()
        self.lock = threading.Lock()

    def touch(self) -> None:
        self.seen = time.monotonic()

    def reserve(self, relative: PurePosixPath, declared: int | None) -> Path:
        """Where an upload goes, after checking the session's limits against its declared size."""
        if len(self.files) >= MAX_FILES and str(relative) not in self.files:
            raise SessionError(f"Quá nhiều tệp: mỗi lần chỉ nhận tối đa {MAX_FILES} tệp.", 413)
        if declared is not None and self.used - self.files.get(str(relative), 0) + declared > MAX_UPLOAD_BYTES:
            raise SessionError(f"Dữ liệu quá lớn: tổng các tệp tải lên tối đa {MAX_UPLOAD_BYTES // GiB} GB.", 413)
        target = self.inputs.joinpath(*relative.parts)
        for parent in reversed(target.parents):
            if parent == self.inputs or not str(parent).startswith(str(self.inputs)):
                continue
            if parent.exists() and (parent.is_symlink() or not parent.is_dir()):
                raise SessionError("Tên tệp trùng với một thư mục đã tải lên.")
            parent.mkdir(mode=0o700, exist_ok=True)
        if target.is_dir():
            raise SessionError("Tên tệp trùng với một thư mục đã tải lên.")
        return target

    def stored(self, relative: PurePosixPath, size: int) -> None:
        self.used += size - self.files.get(str(relative), 0)
        self.files[str(relative)] = size

    def room(self, relative: PurePosixPath) -> int:
        """Bytes this file may still take."""
        return MAX_UPLOAD_BYTES - (self.used - self.files.get(str(relative), 0))

    def clear_files(self) -> None:
        shutil.rmtree(self.inputs, ignore_errors=True)
        self.inputs.mkdir(mode=0o700)
        self.files.clear()
        self.used = 0
        self.job = None
        self.mapping = None
        self.mapping_size = 0

    def drop_mapping(self) -> None:
        if self.mapping is not None:
            (self.inputs / self.mapping).unlink(missing_ok=True)
            self.used -= self.mapping_size
        self.mapping, self.mapping_size = None, 0


class Store:
    """Every session of one server, under one owner-only temporary folder removed at exit."""

    def __init__(self, base: Path | None = None) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="xhht-trang-", dir=base))
        os.chmod(self.root, stat.S_IRWXU)
        self.sessions: dict[str, Session] = {}
        self.lock = threading.Lock()

    def new(self) -> tuple[str, Session]:
        key = secrets.token_urlsafe(24)
        folder = self.root / f"phien-{len(self.sessions) + 1}-{secrets.token_hex(4)}"
        folder.mkdir(mode=0o700)
        session = Session(folder)
        with self.lock:
            self.sessions[key] = session
        return key, session

    def get(self, key: str | None) -> Session | None:
        if not key:
            return None
        with self.lock:
            session = self.sessions.get(key)
        if session is not None:
            session.touch()
        return session

    def end(self, key: str) -> bool:
        with self.lock:
            session = self.sessions.pop(key, None)
        if session is None:
            return False
        shutil.rmtree(session.folder, ignore_errors=True)
        return True

    def reap(self, now: float | None = None, idle: float = IDLE_SECONDS) -> int:
        """Delete the sessions idle for `idle` seconds; how many were deleted."""
        now = time.monotonic() if now is None else now
        with self.lock:
            stale = [k for k, s in self.sessions.items() if now - s.seen >= idle and not _running(s)]
        return sum(self.end(k) for k in stale)

    def close(self) -> None:
        """Delete every session and the root folder (server exit)."""
        with self.lock:
            self.sessions.clear()
        shutil.rmtree(self.root, ignore_errors=True)


def _running(session: Session) -> bool:
    return session.job is not None and session.job.state == "running"
