"""Per-unit sums of person flags, by hand: packed eight flags at a time, or one column at a time for many units."""

from __future__ import annotations

import numpy as np
import pandas as pd

from xhht_cli.counts.pairs import sum_by
from xhht_cli.counts.table import FEW_GROUPS, group_bits, sum_columns as _sum_columns


def test_flags_summed_per_unit_by_hand():
    unit = pd.Series(["A", "B", "A", None, "B", "A"])  # row 3 has no unit: left out
    cols = {f"f{k}": np.array([k % 2 == 0, True, k > 4, True, False, k == 9]) for k in range(10)}  # 10 > 8: two packs
    got = sum_by(cols, unit)
    assert list(got.index) == ["A", "B"]  # order of first appearance
    for k in range(10):
        a = int(k % 2 == 0) + int(k > 4) + int(k == 9)  # rows 0, 2, 5
        assert got.loc["A", f"f{k}"] == a and got.loc["B", f"f{k}"] == 1  # rows 1 (True), 4 (False)
    assert (got.dtypes == "int64").all()


def test_many_units_counted_one_column_at_a_time():
    codes = np.arange(5000) % 4500  # units 0..499 have two rows, the rest one
    flags = [np.ones(5000, dtype=bool), np.arange(5000) >= 4500]
    ones, late = _sum_columns(codes, 4500, flags)
    assert ones[:500].tolist() == [2] * 500 and ones[500:].tolist() == [1] * 4000
    assert late[:500].tolist() == [1] * 500 and late[500:].sum() == 0


def test_few_groups_counted_as_bits_as_by_bincount():
    # row counts that are not a multiple of 8 or 64 (the last word padded), units in any order
    rng = np.random.default_rng(7)
    for rows in (1, 7, 64, 65, 1000):
        codes = rng.integers(0, 5, rows)
        flags = [rng.random(rows) < p for p in (0.0, 0.3, 0.5, 1.0)]
        bits = group_bits(codes, 5)
        assert bits is not None and bits.shape == (5, (rows + 63) // 64)
        by_bits = _sum_columns(codes, 5, flags, bits)
        assert [s.tolist() for s in by_bits] == [s.tolist() for s in _sum_columns(codes, 5, flags)]
        assert by_bits[3].tolist() == np.bincount(codes, minlength=5).tolist() and not any(by_bits[0])
    assert group_bits(np.arange(100) % 40, 40) is None and FEW_GROUPS < 40  # many groups: the packed bincount


def test_sparse_and_dense_columns_mixed_counted_exactly():
    # many groups (no bit sets): sparse columns by their rows' codes, the others packed eight at a time
    rng = np.random.default_rng(3)
    codes = rng.integers(0, 300, 5000)
    flags = [rng.random(5000) < p for p in (0.001, 0.5, 0.02, 0.9, 0.0, 1.0, 0.06, 0.07, 0.3, 0.01, 0.7)]
    got = _sum_columns(codes, 300, flags)
    for v, s in zip(flags, got):
        want = np.zeros(300, dtype=np.int64)
        np.add.at(want, codes[v], 1)
        assert s.tolist() == want.tolist() and s.dtype == np.int64
