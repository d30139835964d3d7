"""Per-unit sums of person flags, by hand: packed eight flags at a time, or one column at a time for many units."""

from __future__ import annotations

import numpy as np
import pandas as pd

from xhht_cli.counts.pairs import sum_by
from xhht_cli.counts.table import sum_columns as _sum_columns


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
