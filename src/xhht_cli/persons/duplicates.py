"""The same person in two files: keys of (household form, name, birth date), kept only as keyed hashes.

The hashes are what the check across files compares and all the counts cache keeps of names and birth
dates. `cross_file_duplicates` needs numpy alone, so a run served wholly by the cache imports no pandas or
pyarrow; the keys themselves are built with Arrow's string kernels when a sheet is read.
"""

from __future__ import annotations

import hashlib
from functools import cache
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..messages import Log

if TYPE_CHECKING:
    import pyarrow as pa

    from ..sources.survey import SurveySheet

_M1 = np.uint64(0xFF51AFD7ED558CCD)  # MurmurHash3's 64-bit finaliser constants
_M2 = np.uint64(0xC4CEB9FE1A85EC53)
_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)
# spec.md, "The same data twice": two files sharing at least this many persons, and at least this share of
# the smaller file's persons, are one survey in two versions (an error); fewer is a person registered in two
# hamlets (a warning). A share of 1/20 is 5%.
SAME_SURVEY_PERSONS = 20
SAME_SURVEY_SHARE = (1, 20)


# the columns that say two rows are one person: the household form, the name and the birth date
DUPLICATE_KEYS = ("household", "name_full", "name_middle", "name_given", "birth_day", "birth_month", "birth_year",
                  "birth_date")


def duplicate_keys(fields: Iterable[str]) -> list[str] | None:
    """Those of DUPLICATE_KEYS among `fields`, or None where they lack the household form, a name or a birth
    year or date: persons are then never compared (in the sheet, nor across files)."""
    have = set(fields)
    present = [k for k in DUPLICATE_KEYS if k in have]
    if "household" not in have or not {"name_full", "name_given"} & have or not {"birth_year", "birth_date"} & have:
        return None
    return present


def _person_keys(sheet: SurveySheet) -> pa.Array | None:
    """The distinct keys (household form number, name, birth date) of the persons who have all three:
    the same key in two files is the same person counted twice. Names compare ignoring case and spacing.
    Done by Arrow's string kernels over whole columns, never a Python loop over persons."""
    import pyarrow as pa
    import pyarrow.compute as pc

    f = sheet.frame
    if duplicate_keys(f.columns) is None:
        return None

    @cache
    def norm(col: str) -> pa.Array:
        if col not in f:
            return pa.nulls(len(f), pa.large_string())
        arr = pc.utf8_lower(pa.array(f[col], type=pa.large_string(), from_pandas=True))
        # RE2's \s is [\t\n\f\r ]: without a tab, line break or two spaces running, collapsing is the identity
        # (and a match costs a third of a replacement)
        if pc.any(pc.match_substring_regex(arr, r"[\t\n\f\r]|  ")).as_py():
            arr = pc.replace_substring_regex(arr, r"\s+", " ")
        return pc.utf8_trim_whitespace(arr)

    def text(s: str) -> pa.Scalar:
        return pa.scalar(s, pa.large_string())

    name = pc.coalesce(norm("name_full"),
                       pc.binary_join_element_wise(norm("name_middle"), norm("name_given"), text(" ")),
                       norm("name_given"))
    birth = pc.coalesce(norm("birth_date"), pc.binary_join_element_wise(
        pc.coalesce(norm("birth_day"), text("")), pc.coalesce(norm("birth_month"), text("")), norm("birth_year"),
        text("/")))
    key = pc.binary_join_element_wise(norm("household"), name, birth, text("\x1f"))  # null where a part is missing
    keys = pc.unique(key.drop_null())
    return keys if len(keys) else None


def _fmix(h: np.ndarray) -> np.ndarray:
    h ^= h >> np.uint64(33)
    h *= _M1
    h ^= h >> np.uint64(33)
    h *= _M2
    h ^= h >> np.uint64(33)
    return h


def keyed_hashes(keys: pa.Array, salt: bytes) -> np.ndarray:
    """A 64-bit hash of each string keyed by `salt`, computed a word (8 bytes) at a time over all strings
    together: numpy over whole arrays, one step per word of the longest key, never a Python step per key.
    Each step mixes one word into the state with MurmurHash3's finaliser (a bijection); the key and the
    length start the state and the key ends it, so equal strings give equal hashes within a run and the
    hashes say nothing of the names without the salt."""
    import pyarrow as pa

    keys = keys.cast(pa.large_binary())
    n = len(keys)
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    _, offsets_buf, data_buf = keys.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64)[keys.offset:keys.offset + n + 1]
    data = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.zeros(0, dtype=np.uint8)
    padded = np.concatenate([data[:offsets[-1]], np.zeros(16, dtype=np.uint8)])
    words = np.ndarray((padded.size - 8,), dtype="<u8", buffer=padded.data, strides=(1,))  # a word at each byte
    k0, k1 = np.frombuffer(hashlib.blake2b(salt, digest_size=16, person=b"xhht-dup").digest(), dtype="<u8")
    lengths = np.diff(offsets)
    nwords = (lengths + 7) // 8
    order = np.argsort(-nwords, kind="stable")  # longest first: the keys still going are a prefix
    starts, lengths, nwords = offsets[:-1][order], lengths[order], nwords[order]
    h = _fmix(lengths.astype(np.uint64) ^ k0)
    going = n
    for k in range(int(nwords[0]) if n else 0):
        going = int(np.searchsorted(-nwords[:going], -k, side="left"))  # keys with more than k words
        rest = lengths[:going] - 8 * k
        w = words[starts[:going] + 8 * k]
        short = rest < 8  # the key's last word: bytes past its end belong to the next key
        mask = np.where(short, (np.uint64(1) << (8 * np.minimum(rest, 7)).astype(np.uint64)) - np.uint64(1), _ALL)
        h[:going] = _fmix(h[:going] ^ (w & mask))
    h = _fmix(h ^ k1)
    out = np.empty(n, dtype=np.uint64)
    out[order] = h
    return out


def person_key_hashes(sheet: SurveySheet, salt: bytes) -> np.ndarray:
    """The distinct duplicate-check keys of a sheet's persons as keyed hashes (keyed by `salt`, one per
    run, or the cache folder's secret): what the check across files compares. Empty when the sheet lacks
    the columns."""
    keys = _person_keys(sheet)
    if keys is None:
        return np.zeros(0, dtype=np.uint64)
    return np.unique(keyed_hashes(keys, salt))


def cross_file_duplicates(keys_of: list[tuple[Path, np.ndarray]], log: Log) -> set[frozenset[Path]]:
    """A person in two files (same household form, name and birth date): one warning per pair of files
    with how many such persons (an error with --strict); many of them (is_same_survey) is the error
    `same-survey-twice`, the same survey read twice. Returns the pairs of files so reported. Persons of one commune from several files (one
    per hamlet) are allowed; the same person twice is not. Compares keyed hashes (person_key_hashes, one salt
    per run), so it works the same for sheets read now, in a worker process or from the cache; never names
    the person."""
    keys: dict[Path, np.ndarray] = {}
    for path, k in keys_of:
        if len(k):
            keys[path] = np.union1d(keys[path], k) if path in keys else k
    files = list(keys)
    same: set[frozenset[Path]] = set()
    for (a, b), n in _shared_counts([keys[f] for f in files]):
        smaller = min(len(keys[files[a]]), len(keys[files[b]]))
        if is_same_survey(n, smaller):
            same.add(frozenset((files[a], files[b])))
            log.error("same-survey-twice", f"{n} người (trên {smaller} người của tệp nhỏ hơn) có mặt ở cả hai tệp "
                      f"{files[a].name} và {files[b].name} (cùng số phiếu, họ tên và ngày sinh): đây là cùng một cuộc "
                      "điều tra hai lần — tệp năm trước để lại trong thư mục năm nay, một bản sao lưu hoặc một lần "
                      "xuất lại. Chuyển tệp thừa ra khỏi thư mục rồi chạy lại", file=str(files[b]))
            continue
        log.warning("duplicate-person-files", f"{n} người có mặt ở cả hai tệp {files[a].name} và {files[b].name} "
                    "(cùng số phiếu, họ tên và ngày sinh): sẽ bị đếm hai lần; kiểm tra xem có tệp nào bị chép "
                    "trùng hoặc cùng một thôn/ấp nhập hai lần", file=str(files[b]))
    return same


def is_same_survey(shared: int, smaller: int) -> bool:
    """Whether two files sharing `shared` persons, the smaller holding `smaller` persons (those with a
    household form, name and birth date: the persons the check can see), are one survey twice: at least
    SAME_SURVEY_PERSONS shared and at least SAME_SURVEY_SHARE of the smaller file, compared in whole numbers."""
    num, den = SAME_SURVEY_SHARE
    return shared >= SAME_SURVEY_PERSONS and shared * den >= smaller * num


def _shared_counts(keys: list[np.ndarray]) -> list[tuple[tuple[int, int], int]]:
    """((a, b), how many keys files a and b share) for every pair a < b sharing any, in the order of a
    loop over a then b. One sort of all keys, not one comparison per pair of files, so a province's
    hundreds of files stay cheap; pairs are made per group size in blocks of bounded memory. Each
    file's keys are distinct."""
    n = len(keys)
    if n < 2:
        return []
    owner = np.repeat(np.arange(n, dtype=np.int64), [len(k) for k in keys])
    allk = np.concatenate(keys)
    order = np.argsort(allk, kind="stable")  # by key; stable, so within a key the files stay ascending
    allk, owner = allk[order], owner[order]
    start = np.flatnonzero(np.r_[True, allk[1:] != allk[:-1]])
    size = np.diff(np.r_[start, allk.size])
    codes, counts = [], []
    for k in np.unique(size[size > 1]).tolist():  # a loop over group sizes (at most the number of files)
        at = start[size == k]
        iu, ju = np.triu_indices(k, 1)
        step = max(1, (1 << 22) // iu.size)
        for c in range(0, at.size, step):
            o = owner[at[c:c + step, None] + np.arange(k)]
            code, m = np.unique(o[:, iu] * n + o[:, ju], return_counts=True)
            codes.append(code)
            counts.append(m)
    if not codes:
        return []
    code, inverse = np.unique(np.concatenate(codes), return_inverse=True)  # sorted: by a, then b
    total = np.bincount(inverse.ravel(), weights=np.concatenate(counts)).astype(np.int64)
    return [((int(c) // n, int(c) % n), int(m)) for c, m in zip(code, total)]


__all__ = ["cross_file_duplicates", "is_same_survey", "keyed_hashes", "person_key_hashes"]
