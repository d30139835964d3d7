"""The duplicate-person keys: the keyed hash and the pair counts across files, by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa

from xhht_cli.persons.duplicates import _shared_counts, cross_file_duplicates, keyed_hashes
from xhht_cli.messages import Log


def test_keyed_hash_is_per_string_and_per_salt():
    words = ["12\x1fnguyễn văn a\x1f1/2/2010", "12\x1fnguyễn văn a\x1f1/2/2011", "ab", "ab\x00", "", "x" * 100]
    h = keyed_hashes(pa.array(words, pa.large_string()), b"salt-one")
    assert len(set(h.tolist())) == len(words)  # one differing byte, a trailing NUL, the empty string: all apart
    # the same string hashes the same alone, in another order, and from a sliced array
    for i, w in enumerate(words):
        assert keyed_hashes(pa.array([w]), b"salt-one")[0] == h[i]
    sliced = pa.array(["zz"] + words[::-1], pa.string()).slice(1)
    assert keyed_hashes(sliced, b"salt-one").tolist() == h[::-1].tolist()
    assert not set(keyed_hashes(pa.array(words), b"salt-two").tolist()) & set(h.tolist())


def test_pairs_of_files_sharing_persons_counted_by_hand():
    a = np.array([1, 2, 3, 4], dtype=np.uint64)
    b = np.array([3, 4, 5], dtype=np.uint64)  # shares 3, 4 with a
    c = np.array([4, 9], dtype=np.uint64)  # shares 4 with a and with b
    d = np.array([7], dtype=np.uint64)  # shares nothing
    assert _shared_counts([a, b, c, d]) == [((0, 1), 2), ((0, 2), 1), ((1, 2), 1)]
    assert _shared_counts([a]) == [] and _shared_counts([a, d]) == []


def test_one_warning_per_pair_in_file_order():
    log = Log()
    keys = [np.array([1, 2], dtype=np.uint64), np.array([2, 3], dtype=np.uint64), np.array([1, 2, 3], dtype=np.uint64)]
    cross_file_duplicates([(Path(f"ap-{i}.csv"), k) for i, k in enumerate(keys)], log)
    got = [(m.file, m.message.split(" ")[0]) for m in log.messages]
    assert got == [("ap-1.csv", "1"), ("ap-2.csv", "2"), ("ap-2.csv", "2")]
    assert all(m.code == "duplicate-person-files" for m in log.messages)
