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


def test_a_batchs_categorical_unit_labels_count_as_their_text() -> None:
    """SurveySheet.counting_labels hands counting a categorical made from a batch's codes: its categories in
    any order, one on no row (a totals row dropped), blanks: the same groups in the same order as the text."""
    from types import SimpleNamespace

    from xhht_cli.counts.ages import _count_by_unit_and_age
    from xhht_cli.sources.survey import SurveySheet

    text = ["Xã B", None, "Xã A", "Xã B", "Xã C", None, "Xã A"]
    frame = pd.DataFrame({"_row": range(4, 11), "unit": pd.Series(text, dtype="string", index=range(2, 9))},
                         index=range(2, 9))
    sheet = SurveySheet(SimpleNamespace(sheet="S"), None, frame)  # type: ignore[arg-type]
    assert sheet.counting_labels() is not None and sheet.counting_labels().dtype == "string"  # no codes: the text
    sheet._factorized["unit"] = (np.array([2, -1, 0, 2, 3, -1, 0], dtype=np.int32),
                                 np.array(["Xã A", "Tổng cộng", "Xã B", "Xã C"], dtype=object))
    keys = sheet.counting_labels()
    assert keys.dtype == "category" and list(keys.index) == list(frame.index)
    assert keys.astype(object).where(keys.notna(), None).tolist() == text
    flags = {"a": np.array([1, 1, 0, 1, 1, 0, 1], dtype=bool), "b": np.array([0, 1, 1, 1, 0, 1, 1], dtype=bool)}
    by_text, by_codes = sum_by(flags, frame["unit"]), sum_by(flags, keys)
    assert list(by_codes.index) == list(by_text.index) == ["Xã B", "Xã A", "Xã C"]
    assert by_codes.to_numpy().tolist() == by_text.to_numpy().tolist() == [[2, 1], [1, 2], [1, 0]]  # by hand
    age = pd.Series([10.0, 11, 12, 10, np.nan, 12, 12], index=frame.index)
    t, c = _count_by_unit_and_age(flags, frame["unit"], age), _count_by_unit_and_age(flags, keys, age)
    assert [list(lv) for lv in c.levels] == [list(lv) for lv in t.levels] and (c.values == t.values).all()
    # by hand: (B, 10) twice, (A, 12) twice; C has no age and the blanks no unit
    assert list(c.levels[0]) == ["Xã B", "Xã A"] and list(c.levels[1]) == [10, 12]
    assert c.values.tolist() == [[2, 1], [1, 2]]
    twice = np.array(["Xã A", "Tổng cộng", "Xã A", "Xã C"], dtype=object)  # a label twice: the text again
    sheet._factorized["unit"] = (sheet._factorized["unit"][0], twice)
    assert sheet.counting_labels().dtype == "string"
