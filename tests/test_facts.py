"""Per-person facts (spec.md, "Facts derived from a person's row"): the pure rules, and the same rules
read from plain-layout CSV columns. Survey year 2024 throughout unless a test says otherwise."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import P, ind, run, write_people
from xhht_cli.persons.facts import highest_grade_completed, literacy_level, ppc_excluded, working_age
from xhht_cli.persons.values import parse_diploma

NA = np.nan


def _s(v) -> pd.Series:
    return pd.Series([v], dtype=float)


def lit(rules, grade=NA, lit_class=NA, relapse=NA) -> int:
    return int(literacy_level(_s(grade), _s(lit_class), _s(relapse), rules.literacy).iloc[0])


def hgc(done=NA, dropout=NA, current=NA, diploma=NA) -> float:
    return float(highest_grade_completed(_s(done), _s(dropout), _s(current), _s(diploma)).iloc[0])


# --- literacy level (Nghị định 20/2014, Đ.19) --------------------------------------------------------

def test_literacy_grade_3_is_level_1(rules):
    assert lit(rules, grade=3) == 1


def test_literacy_grade_4_is_still_level_1(rules):
    assert lit(rules, grade=4) == 1


def test_literacy_grade_2_is_level_0(rules):
    assert lit(rules, grade=2) == 0


def test_literacy_grade_5_is_level_2(rules):
    assert lit(rules, grade=5) == 2


def test_literacy_grade_12_is_level_2(rules):
    assert lit(rules, grade=12) == 2


def test_literacy_class_3_is_level_1(rules):
    assert lit(rules, lit_class=3) == 1


def test_literacy_class_5_is_level_2(rules):
    assert lit(rules, lit_class=5) == 2


def test_literacy_class_2_is_level_0(rules):
    assert lit(rules, lit_class=2) == 0


def test_literacy_nothing_recorded_is_level_0(rules):
    assert lit(rules) == 0


def test_literacy_relapse_1_sets_level_0(rules):
    assert lit(rules, grade=9, relapse=1) == 0


def test_literacy_relapse_2_caps_level_2_at_1(rules):
    assert lit(rules, grade=9, relapse=2) == 1


def test_literacy_relapse_2_keeps_level_1(rules):
    assert lit(rules, lit_class=3, relapse=2) == 1


def test_literacy_relapse_2_never_raises_level_0(rules):
    assert lit(rules, grade=1, relapse=2) == 0


def test_literacy_phase_and_class_columns_read_from_csv(tmp_path):
    # Five persons aged 20 (cohort 15–25, all in PPC):
    #   phase 1 → class 3 → level 1; phase 2 → class 5 → level 2; class 3 → level 1; class 5 → level 2;
    #   grade 9 completed but relapse 1 → level 0.
    # xmc_l1_15_25 = 4/5 (all but the relapsed one); xmc_l2_15_25 = 2/5 (phase 2, class 5).
    write_people(tmp_path, [
        P(20, phase=1), P(20, phase=2), P(20, lit_class=3), P(20, lit_class=5), P(20, done=9, relapse=1),
    ])
    r = run(tmp_path)
    assert (ind(r, "A", "xmc_l1_15_25").numerator, ind(r, "A", "xmc_l1_15_25").denominator) == (4, 5)
    assert (ind(r, "A", "xmc_l2_15_25").numerator, ind(r, "A", "xmc_l2_15_25").denominator) == (2, 5)


def test_literacy_relapse_2_read_from_csv(tmp_path):
    # Two persons aged 30: THCS diploma (grade 9 → level 2) with relapse 2 → level 1; grade 5 → level 2.
    # xmc_l1_15_35 = 2/2, xmc_l2_15_35 = 1/2.
    write_people(tmp_path, [P(30, diploma="THCS", relapse=2), P(30, done=5)])
    r = run(tmp_path)
    assert ind(r, "A", "xmc_l1_15_35").numerator == 2
    assert ind(r, "A", "xmc_l2_15_35").numerator == 1


# --- highest grade completed ------------------------------------------------------------------------

def test_hgc_from_grade_completed():
    assert hgc(done=7) == 7


def test_hgc_from_dropout_grade_minus_one():
    assert hgc(dropout=8) == 7


def test_hgc_from_current_grade_minus_one():
    assert hgc(current=6) == 5


def test_hgc_from_diploma_th():
    assert parse_diploma("TH") == 5
    assert hgc(diploma=parse_diploma("TH")) == 5


def test_hgc_from_diploma_thcs():
    assert parse_diploma("THCS") == 9
    assert hgc(diploma=parse_diploma("THCS")) == 9


def test_hgc_from_diploma_thpt():
    assert parse_diploma("THPT") == 12
    assert hgc(diploma=parse_diploma("THPT")) == 12


def test_hgc_is_the_largest_source():
    # completed 4, currently in grade 9 (→ 8), dropout 3 (→ 2), diploma TH (→ 5): largest is 8
    assert hgc(done=4, dropout=3, current=9, diploma=5) == 8


def test_hgc_unknown_when_nothing_given():
    assert math.isnan(hgc())


def test_hgc_row_by_row_skips_what_each_row_lacks():
    # rows 10–13 (the sheet's index kept): nothing; grade 3 done and grade 7 now (→ 6); dropout 1 (→ 0) only;
    # diploma THCS (9) beside grade 12 now (→ 11)
    idx = [10, 11, 12, 13]
    got = highest_grade_completed(pd.Series([NA, 3, NA, NA], index=idx), pd.Series([NA, NA, 1, NA], index=idx),
                                  pd.Series([NA, 7, NA, 12], index=idx), pd.Series([NA, NA, NA, 9], index=idx))
    assert list(got.index) == idx and math.isnan(got[10]) and got[[11, 12, 13]].tolist() == [6.0, 0.0, 11.0]


# Each case is one 11-year-old in a unit of its own; th_completed_11 numerator is 1 iff the
# highest grade completed from that source is ≥ 5.
PRIMARY_CASES = {
    "done5": (dict(done=5), 1),  # AC 5
    "done4": (dict(done=4), 0),
    "drop6": (dict(dropout=6), 1),  # dropout 6 − 1 = 5
    "drop5": (dict(dropout=5), 0),  # dropout 5 − 1 = 4
    "cur6": (dict(current=6), 1),  # current 6 − 1 = 5
    "cur5": (dict(current=5), 0),  # current 5 − 1 = 4
    "dipTH": (dict(diploma="TH"), 1),  # TH → 5
    "dipMN": (dict(diploma="MN"), 0),  # MN implies no grade
}


@pytest.fixture(scope="module")
def primary_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("primary")
    write_people(folder, [P(11, unit=u, **f) for u, (f, _) in PRIMARY_CASES.items()])
    return run(folder)


@pytest.mark.parametrize("unit", list(PRIMARY_CASES))
def test_completed_primary_from_each_source(primary_report, unit):
    row = ind(primary_report, unit, "th_completed_11")
    assert (row.numerator, row.denominator) == (PRIMARY_CASES[unit][1], 1)


# --- THCS diploma -----------------------------------------------------------------------------------

# One 16-year-old per unit; thcs_graduated_15_18 numerator is 1 iff the person holds the THCS diploma:
# diploma THCS or THPT, or in grade 10–12, or grade completed ≥ 10, or dropout grade ≥ 11.
THCS_CASES = {
    "dipTHCS": (dict(diploma="THCS"), 1),
    "dipTHPT": (dict(diploma="THPT"), 1),
    "dipTH": (dict(diploma="TH"), 0),
    "cur10": (dict(current=10), 1),
    "cur12": (dict(current=12), 1),
    "cur11bt": (dict(current=11, bt="X"), 1),
    "cur9": (dict(current=9), 0),
    "done10": (dict(done=10), 1),
    "done9": (dict(done=9), 0),  # completed grade 9 without a recorded diploma
    "drop11": (dict(dropout=11), 1),
    "drop10": (dict(dropout=10), 0),
}


@pytest.fixture(scope="module")
def thcs_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("thcs")
    write_people(folder, [P(16, unit=u, **f) for u, (f, _) in THCS_CASES.items()])
    return run(folder)


@pytest.mark.parametrize("unit", list(THCS_CASES))
def test_thcs_diploma_rule(thcs_report, unit):
    row = ind(thcs_report, unit, "thcs_graduated_15_18")
    assert (row.numerator, row.denominator) == (THCS_CASES[unit][1], 1)


# --- working age (Bộ luật Lao động 2019, Đ.169; ages by calendar year) ------------------------------

def wa(rules, year: int, age: float, sex: str | None) -> bool:
    female = pd.Series([sex == "F"])
    known = pd.Series([sex is not None])
    return bool(working_age(pd.Series([float(age)]), female, known, year, rules.working_age).iloc[0])


@pytest.mark.parametrize("year,age,sex,expected", [
    # 2024: men retire at 61y0m → 15–60 in; women at 56y4m → 15–56 in
    (2024, 60, "M", True), (2024, 61, "M", False),
    (2024, 56, "F", True), (2024, 57, "F", False),
    (2024, 15, "M", True), (2024, 14, "F", False),
    # 2025: men 61y3m → 61 in, 62 out; women 56y8m → 56 in, 57 out
    (2025, 61, "M", True), (2025, 62, "M", False),
    (2025, 56, "F", True), (2025, 57, "F", False),
    # 2023: women 56y0m exactly → 56 is out
    (2023, 55, "F", True), (2023, 56, "F", False),
    # before 2021: 60 / 55
    (2020, 59, "M", True), (2020, 60, "M", False), (2020, 54, "F", True), (2020, 55, "F", False),
    # after the table (2035 on): 62 / 60
    (2040, 61, "M", True), (2040, 62, "M", False), (2040, 59, "F", True), (2040, 60, "F", False),
])
def test_working_age_boundaries(rules, year, age, sex, expected):
    assert wa(rules, year, age, sex) is expected


@pytest.mark.parametrize("age,expected", [(56, True), (57, False), (60, False)])
def test_working_age_unknown_sex_judged_by_womens_age(rules, age, expected):
    # library convention (facts.working_age): unknown sex uses the lower (women's) limit, 56y4m in 2024
    assert wa(rules, 2024, age, None) is expected


def test_working_age_unknown_age_is_out(rules):
    assert wa(rules, 2024, NA, "M") is False


def test_working_age_read_from_csv_2024(tmp_path):
    # Residents with life skills recorded "có", 2024: man 60 in, man 61 out, woman 56 in, woman 57 out.
    # ll_life_skills = 2/2.
    write_people(tmp_path, [P(60, sex="Nam", skills="có"), P(61, sex="Nam", skills="có"),
                            P(56, sex="Nữ", skills="có"), P(57, sex="Nữ", skills="có")])
    row = ind(run(tmp_path), "A", "ll_life_skills")
    assert (row.numerator, row.denominator) == (2, 2)


def test_working_age_read_from_csv_2025(tmp_path):
    # Same kind of persons in 2025 (ages computed for 2025): man 61 in, man 62 out, woman 56 in, 57 out → 2/2.
    write_people(tmp_path, [P(61, year=2025, sex="Nam", skills="có"), P(62, year=2025, sex="Nam", skills="có"),
                            P(56, year=2025, sex="Nữ", skills="có"), P(57, year=2025, sex="Nữ", skills="có")])
    row = ind(run(tmp_path, year=2025), "A", "ll_life_skills")
    assert (row.numerator, row.denominator) == (2, 2)


# --- PPC: who leaves the denominator for disability -------------------------------------------------

DISABLED = pd.Series([True, True, False, False])
ABLE = pd.Series([True, False, True, False])


def test_ppc_excludes_every_disabled_person_by_default():
    assert ppc_excluded(DISABLED, ABLE, "all_disabled").tolist() == [True, True, False, False]


def test_ppc_switch_excludes_only_disabled_unable_to_learn():
    assert ppc_excluded(DISABLED, ABLE, "disabled_unable_only").tolist() == [False, True, False, False]


def test_ppc_default_from_standards_is_all_disabled(rules):
    assert rules.ppc.exclude == "all_disabled"


def _ppc_fixture(folder):
    # Three 5-year-olds attending MG: not disabled; disabled and able to learn; disabled, unable.
    write_people(folder, [P(5, current="MG"), P(5, current="MG", disabled="có", able="X"),
                          P(5, current="MG", disabled="có")])


def test_ppc_default_in_compute(tmp_path):
    # all disabled leave: num 1, den 1, disabled excluded 2
    _ppc_fixture(tmp_path)
    row = ind(run(tmp_path), "A", "mn5_attending")
    assert (row.numerator, row.denominator, row.excluded.disabled) == (1, 1, 2)


def test_ppc_switch_in_compute(tmp_path):
    # only the one unable to learn leaves: num 2, den 2, disabled excluded 1
    _ppc_fixture(tmp_path)
    row = ind(run(tmp_path, ppc="disabled_unable_only"), "A", "mn5_attending")
    assert (row.numerator, row.denominator, row.excluded.disabled) == (2, 2, 1)


def test_every_fact_is_a_plain_bool_worked_out_per_row(tmp_path):
    """The facts are made on arrays (persons/facts.derive): each fact is a numpy bool column, a blank or
    unreadable value reads False (not NaN, which astype(bool) would turn True), and by hand: a person
    moved away, one dead, one disabled and unable to learn, one with grade 10 done, one studying grade 11,
    one with a bad birth year, one with nothing but a unit."""
    from xhht_cli import pipeline
    from helpers import YEAR

    write_people(tmp_path, [P(20, res="Chuyển đi"), P(30, res="Chết"), P(12, disabled="có", able="không"),
                            P(16, done=10), P(17, current="11"), P(None, born="19x0"), P(None)],
                 extra=("phase", "lit_class"))
    run_ = pipeline.run([tmp_path], pipeline.Options(year=YEAR, keep_persons=True, parallel=False, stream=False))
    [kept] = run_.gathered.persons
    f = kept.facts
    numbers = {"age", "current_grade", "grade_completed", "diploma_grade", "literacy_class", "_row"}
    assert all(f[c].dtype == bool for c in f.columns if c not in numbers)
    assert f["moved"].tolist() == [True] + [False] * 6
    assert f["deceased"].tolist() == [False, True] + [False] * 5
    assert f["resident"].tolist() == [False, False] + [True] * 5
    assert f["disabled"].tolist() == [False, False, True, False, False, False, False]
    assert f["in_ppc"].tolist() == [False, False, False, True, True, True, True]
    assert f["thcs_diploma"].tolist() == [False, False, False, True, True, False, False]
    assert f["studying_upper"].tolist() == [False] * 4 + [True, False, False]
    assert f["literate_l2"].tolist() == [False] * 3 + [True, True, False, False]
    assert f["age"].isna().tolist() == [False] * 5 + [True, True]


def test_the_rules_take_arrays_as_they_take_series(rules):
    """derive hands the rules numpy arrays; an analyst or a test may hand them Series: the same values."""
    g = [np.nan, 3.0, 5.0, 9.0]
    cls = [np.nan, np.nan, 3.0, np.nan]
    rel = [np.nan, np.nan, np.nan, 2.0]
    series = literacy_level(pd.Series(g), pd.Series(cls), pd.Series(rel), rules.literacy)
    arrays = literacy_level(np.array(g), np.array(cls), np.array(rel), rules.literacy)
    assert isinstance(arrays, np.ndarray) and series.tolist() == arrays.tolist() == [0, 1, 2, 1]
    h = highest_grade_completed(np.array(g), np.array([np.nan, 5.0, np.nan, np.nan]), np.array(cls), np.array(g))
    assert isinstance(h, np.ndarray) and np.array_equal(h, [np.nan, 4.0, 5.0, 9.0], equal_nan=True)
