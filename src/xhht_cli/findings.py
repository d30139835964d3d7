"""What a run served by the counts cache still checks across files, without the person rows: `--strict`
turning data findings into errors, and the same person found in two files (compared by salted key hashes).

checks.py finds these on the person rows (with pandas and pyarrow); the parts here need only numpy, so a
cache hit does not import the readers. DATA_CODES, strict and cross_file_duplicates are the same as
checks.py's (a test holds them equal until checks.py imports them from here).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .messages import Log, Message

# The codes --strict turns into errors: every finding about a person's values.
DATA_CODES = {"bad-birth-year", "bad-birth-date", "birth-year-future", "bad-sex", "bad-residence",
              "bad-current-study", "bad-grade", "bad-diploma", "bad-bool", "bad-literacy-class",
              "bad-literacy-phase", "bad-relapse", "bad-qualification", "age-over-110", "grade-too-young",
              "preschool-too-old", "diploma-above-grade", "literacy-class-with-diploma", "duplicate-person",
              "duplicate-person-files",
              "unit-no-data", "totals-row-dropped"}


def strict(messages: list[Message]) -> list[Message]:
    """--strict: every data finding becomes an error."""
    return [m.model_copy(update={"severity": "error"}) if m.code in DATA_CODES else m for m in messages]


def cross_file_duplicates(keys_of: list[tuple[Path, np.ndarray]], log: Log) -> None:
    """A person in two files (same household form, name and birth date): one warning per pair of files
    with how many such persons (an error with --strict). Persons of one commune from several files (one
    per hamlet) are allowed; the same person twice is not. Compares keyed hashes (person_key_hashes, one salt
    per run), so it works the same for sheets read now, in a worker process or from the cache; never names
    the person."""
    keys: dict[Path, np.ndarray] = {}
    for path, k in keys_of:
        if len(k):
            keys[path] = np.union1d(keys[path], k) if path in keys else k
    files = list(keys)
    for a in range(len(files)):
        for b in range(a + 1, len(files)):
            n = int(np.isin(keys[files[b]], keys[files[a]], assume_unique=True).sum())
            if n:
                log.warning("duplicate-person-files", f"{n} người có mặt ở cả hai tệp {files[a].name} và {files[b].name} "
                            "(cùng số phiếu, họ tên và ngày sinh): sẽ bị đếm hai lần; kiểm tra xem có tệp nào bị chép "
                            "trùng hoặc cùng một thôn/ấp nhập hai lần", file=str(files[b]))
