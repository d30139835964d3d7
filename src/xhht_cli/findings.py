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
    shared = _shared(files, keys)
    for a in range(len(files)):
        for b in range(a + 1, len(files)):
            n = int(shared[a, b])
            if n:
                log.warning("duplicate-person-files", f"{n} người có mặt ở cả hai tệp {files[a].name} và {files[b].name} "
                            "(cùng số phiếu, họ tên và ngày sinh): sẽ bị đếm hai lần; kiểm tra xem có tệp nào bị chép "
                            "trùng hoặc cùng một thôn/ấp nhập hai lần", file=str(files[b]))


def _shared(files: list[Path], keys: dict[Path, np.ndarray]) -> np.ndarray:
    """shared[a, b] (a < b): how many of file b's keys file a has too. One sort of every file's keys
    instead of a set test per pair of files (28 of them for 8 communes, most of a warm run's checking);
    a loop over files, never over persons."""
    n = len(files)
    shared = np.zeros((n, n), dtype=np.int64)
    if n < 2:
        return shared
    allk = np.concatenate([np.asarray(keys[f]) for f in files])
    owner = np.repeat(np.arange(n), [len(keys[f]) for f in files])
    ordered = np.sort(allk)
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    if not len(repeated):  # the usual case: no key twice, one sort and done
        return shared
    some = np.isin(allk, repeated)  # only the entries of repeated keys are looked at further
    allk, owner = allk[some], owner[some]
    order = np.lexsort((owner, allk))
    k, f = allk[order], owner[order]
    first = np.r_[True, (k[1:] != k[:-1]) | (f[1:] != f[:-1])]  # one row per (key, file)
    k, f = k[first], f[first]
    group = np.cumsum(np.r_[True, k[1:] != k[:-1]]) - 1  # one group per key
    many = np.bincount(group)[group] > 1  # keys found in more than one file
    group, f = group[many], f[many]
    for a in range(n):
        with_a = np.zeros(int(group.max()) + 1 if len(group) else 0, dtype=bool)
        with_a[group[f == a]] = True
        later = with_a[group] & (f > a)
        shared[a] += np.bincount(f[later], minlength=n)
    return shared
