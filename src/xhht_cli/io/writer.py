"""The one way xhht writes a file: guarded before anything is read, atomic when written.

Guards (a usage error, exit 2, decided before any input is read): an output must not be an input, reach one
through links, lie below an input folder with a suffix that command reads from folders, be anything but a
regular file (a device such as /dev/null, a folder, a FIFO), be named twice, or sit in a folder that does not
exist. Writing goes to a temporary file in the same folder, is flushed to disk, then replaces the target in one
step; on any failure, Ctrl-C or a termination signal the temporary file is removed, so nothing half-written
and no temporary file is ever left. A file that cannot be written is an `OutputError` (exit 5) whose text
names the file and says what to do.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePath

from ..messages import UsageError
from .suffixes import SUPPORTED

# What every command reads from a folder (spec.md, exit codes): an output with one of these suffixes inside an
# input folder would be read back as data by the next run, or replace a data file.
FOLDER_SUFFIXES: tuple[str, ...] = tuple(sorted(SUPPORTED))
# trend also picks saved JSON reports out of folders.
TREND_FOLDER_SUFFIXES: tuple[str, ...] = (*FOLDER_SUFFIXES, ".json")

EXCEL_HINT = "Tệp đang mở trong Excel? Đóng tệp rồi chạy lại."


class OutputError(Exception):
    """An output could not be written (exit 5). `text` is one Vietnamese sentence naming the file."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.text = text
        super().__init__(text)


def path_key(path: PurePath, windows: bool | None = None) -> str:
    """The string two paths are compared by: Windows file names ignore case, POSIX ones do not."""
    windows = os.name == "nt" if windows is None else windows
    return str(path).casefold() if windows else str(path)


def same_path(a: PurePath, b: PurePath, windows: bool | None = None) -> bool:
    """True when two (already resolved) paths name the same file."""
    return path_key(a, windows) == path_key(b, windows)


def is_below(path: PurePath, folder: PurePath, windows: bool | None = None) -> bool:
    """True when `path` lies anywhere inside `folder` (compared part by part, case-insensitively on Windows)."""
    p = [path_key(type(path)(x), windows) for x in path.parts]
    f = [path_key(type(folder)(x), windows) for x in folder.parts]
    return len(p) > len(f) and p[: len(f)] == f


def not_regular(path: Path) -> str | None:
    """Why an existing path cannot receive a report, or None when it is a regular file (or absent)."""
    try:
        mode = os.stat(path).st_mode  # follows links: a link to a device is a device
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "là một thư mục, không phải tệp"
    if stat.S_ISFIFO(mode):
        return "là một ống dẫn (FIFO), không phải tệp thường"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "là một thiết bị, không phải tệp thường (muốn in ra màn hình thì bỏ tùy chọn này)"
    return "không phải tệp thường"


def check_outputs(outputs: Sequence[tuple[str, Path | None]], inputs: Sequence[Path],
                  folder_suffixes: Sequence[str] = FOLDER_SUFFIXES) -> None:
    """Refuse (UsageError, exit 2) any output that could destroy an input or cannot be a file; called before
    anything is read. `outputs` pairs each option's name with its path (None when not given)."""
    if all(path is None for _, path in outputs):
        return  # nothing written to a file: 3,300 inputs resolved through their links took 0.1 s for nothing
    resolved_inputs = [(p, p.resolve()) for p in inputs if p.exists()]
    seen: list[tuple[str, Path]] = []
    for option, path in outputs:
        if path is None:
            continue
        target = path.resolve()  # through every link, as the writer will write it
        where = f"{option} {path}"
        for other_option, other in seen:
            if same_path(target, other):
                raise UsageError(f"{where}: cùng một tệp đã dùng cho {other_option}; chọn hai tệp khác nhau.")
        seen.append((option, target))
        why = not_regular(path)
        if why:
            raise UsageError(f"{where}: {why}.")
        if not target.parent.is_dir():
            raise UsageError(f"{where}: thư mục {path.parent} không tồn tại.")
        for given, real in resolved_inputs:
            if real.is_file() and same_path(target, real):
                raise UsageError(f"{where}: đây là tệp đầu vào {given}; ghi kết quả ra tệp khác để không mất dữ liệu.")
        for given, real in resolved_inputs:
            if not (real.is_dir() and is_below(target, real) and target.suffix.lower() in folder_suffixes):
                continue
            if target.is_file():
                raise UsageError(f"{where}: đây là tệp dữ liệu {target.name} trong thư mục đầu vào {given}; ghi kết "
                                 "quả ra tệp khác để không mất dữ liệu.")
            raise UsageError(f"{where}: nằm trong thư mục đầu vào {given}, lần chạy sau sẽ đọc nhầm tệp này là dữ "
                             "liệu; ghi ra thư mục khác.")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _why(exc: OSError, path: Path, replacing: bool) -> str:
    """One Vietnamese sentence: what went wrong writing `path` and what the officer can do."""
    if exc.errno == errno.ENOSPC:
        return f"Không ghi được {path}: ổ đĩa đã đầy. Giải phóng dung lượng hoặc ghi ra ổ khác rồi chạy lại."
    if exc.errno == getattr(errno, "EDQUOT", -1):
        return f"Không ghi được {path}: đã hết hạn mức dung lượng được cấp. Xóa bớt tệp hoặc ghi ra chỗ khác."
    if exc.errno == errno.EROFS:
        return f"Không ghi được {path}: ổ đĩa chỉ cho đọc. Ghi ra thư mục khác."
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EBUSY):
        if replacing:
            return f"Không thay được tệp {path}: tệp đang bị khóa hoặc chỉ cho đọc. {EXCEL_HINT}"
        return f"Không có quyền ghi vào thư mục {path.parent}. Chọn thư mục khác hoặc xin quyền ghi."
    code = f" (mã lỗi {exc.errno})" if exc.errno else ""
    return f"Không ghi được {path}: hệ điều hành từ chối{code}. Kiểm tra ổ đĩa rồi chạy lại."


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write `data` (bytes, or pieces of it written as they come) to `path` through a temporary file in the
    same folder, flushed, then `os.replace`d.

    Raises OutputError (exit 5) when the file cannot be written; on any exception — including Ctrl-C and the
    exception the SIGTERM handler raises — the temporary file is removed before the exception continues."""
    target = path.resolve()
    tmp: str | None = None
    replacing = False
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        # mkstemp makes the file private (0600); the report gets the usual permissions (0666 less the umask).
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as f:
            if isinstance(data, bytes):
                f.write(data)
            else:
                f.writelines(data)
            f.flush()
            os.fsync(f.fileno())
        replacing = True
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise OutputError(path, _why(exc, path, replacing)) from exc
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
