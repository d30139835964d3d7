"""Display of rates and gaps (spec.md): two decimals, Vietnamese style, truncated; gaps floored."""

from __future__ import annotations

from xhht_cli.render.fmt import gap_pct, pct, truncate


def test_pct_truncates_12880_of_12882():
    # 99.98447…% → 99,98%, never 100%
    assert pct(12880 / 12882) == "99,98%"


def test_pct_truncates_89_996():
    assert pct(0.89996) == "89,99%"


def test_pct_keeps_exact_decimals():
    # 0.29 is 0.28999… in binary; it must show 29,00%
    assert pct(0.29) == "29,00%"


def test_pct_vietnamese_style():
    assert pct(0.92619) == "92,61%"
    assert pct(1.0) == "100,00%"
    assert pct(0.0) == "0,00%"


def test_pct_none_is_a_dash():
    assert pct(None) == "—"


def test_gap_floors_toward_minus_infinity():
    # −0.00001 = −0.001 percentage points → −0,01, never 0,00 (or -0,00)
    assert gap_pct(0.89999, 0.90) == "-0,01"
    assert gap_pct(0.0, 0.00001) == "-0,01"


def test_gap_zero_and_positive():
    assert gap_pct(0.9, 0.9) == "0,00"
    assert gap_pct(0.95, 0.9) == "+5,00"
    assert gap_pct(0.90009, 0.9) == "0,00"  # +0.009 points floors to 0,00


def test_gap_none_is_a_dash():
    assert gap_pct(None, 0.5) == "—"


def test_truncate_for_excel_cells():
    # four decimals, cut not rounded: 0.89996 → 0.8999
    assert truncate(0.89996, 4) == 0.8999
    assert truncate(12880 / 12882, 4) == 0.9998
