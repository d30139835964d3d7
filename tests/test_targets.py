"""Plan targets and gaps (spec.md "Targets and gaps") against the bundled plan 68/KH-UBND.

Rate targets are checked end to end on a person fixture; level, share and recognition targets on
hand-made unit levels through targets.evaluate_targets."""

from __future__ import annotations

from fractions import Fraction

import pytest

from helpers import AREA, P, run, tgt, write_people
from xhht_cli.law.indicators import INDICATORS
from xhht_cli.law.rollup import evaluate_group
from xhht_cli.law.standards import Count, exact, persons_needed
from xhht_cli.report import StandardRow
from xhht_cli.judge.targets import Scope, checked_year, evaluate_targets

# --- persons needed, exactly -------------------------------------------------------------------------

def test_needed_12_percent_of_25_with_0_is_3():
    assert persons_needed(exact(0.12), 0, 25) == 3


def test_needed_50_percent_of_7_with_3_is_1():
    # 3.5 − 3 = 0.5 → 1
    assert persons_needed(exact(0.5), 3, 7) == 1


def test_needed_60_percent_of_5_with_3_is_0():
    assert persons_needed(exact(0.6), 3, 5) == 0


def test_needed_is_exact_where_binary_floats_overshoot():
    # 0.07 × 100 is 7.000000000000001 in floats (→ 8); exactly it is 7
    assert exact(0.07) == Fraction(7, 100)
    assert persons_needed(exact(0.07), 0, 100) == 7
    assert persons_needed(exact(0.7), 7, 10) == 0


def test_needed_never_negative():
    assert persons_needed(exact(0.5), 10, 10) == 0


# --- rate targets, end to end ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rates(tmp_path_factory):
    # Residents aged 30 with a qualification column ("Không" = none):
    #   A: 25 × Không                        → trained 0/25, university 0/25
    #   B: 3 × Đại học, 4 × Không            → trained 3/7,  university 3/7
    #   C: 3 × Sơ cấp, 2 × Không             → trained 3/5,  university 0/5
    #   E: one 10-year-old (qualification column present, nobody 15+) → 0/0
    # Area: trained 6/37, university 3/37.
    folder = tmp_path_factory.mktemp("rates")
    rows = [P(30, unit="A", qual="Không") for _ in range(25)]
    rows += [P(30, unit="B", qual="Đại học") for _ in range(3)] + [P(30, unit="B", qual="Không") for _ in range(4)]
    rows += [P(30, unit="C", qual="Sơ cấp") for _ in range(3)] + [P(30, unit="C", qual="Không") for _ in range(2)]
    rows += [P(10, unit="E", qual="Không")]
    write_people(folder, rows)
    return run(folder)


def test_rate_unit_12_percent_of_25_with_0(rates):
    # 2025 university 12%: A 0/25 → needed ⌈3 − 0⌉ = 3, gap −0.12
    row = tgt(rates, "ll_university_15plus", "A", 2025)
    assert (row.required, row.value, row.met, row.needed) == (0.12, 0.0, False, 3)
    assert row.gap == pytest.approx(-0.12)
    assert (row.numerator, row.denominator) == (0, 25)


def test_rate_unit_50_percent_of_7_with_3(rates):
    # 2025 trained 50%: B 3/7 → needed ⌈3.5 − 3⌉ = 1
    row = tgt(rates, "ll_trained_15plus", "B", 2025)
    assert (row.met, row.needed) == (False, 1)
    assert row.gap == pytest.approx(3 / 7 - 0.5)


def test_rate_unit_exactly_at_60_percent(rates):
    # 2030 trained 60%: C 3/5 = 60% exactly → met, needed 0, gap 0
    row = tgt(rates, "ll_trained_15plus", "C", 2030)
    assert (row.value, row.met, row.needed, row.gap) == (0.6, True, 0, 0.0)


def test_rate_area_sums_units(rates):
    # Area trained 6/37: 2025 50% → ⌈18.5 − 6⌉ = 13; 2030 60% → ⌈22.2 − 6⌉ = 17
    r25 = tgt(rates, "ll_trained_15plus", AREA, 2025)
    assert (r25.numerator, r25.denominator, r25.met, r25.needed) == (6, 37, False, 13)
    assert tgt(rates, "ll_trained_15plus", AREA, 2030).needed == 17
    # Area university 3/37: 2025 12% → ⌈4.44 − 3⌉ = 2; 2030 15% → ⌈5.55 − 3⌉ = 3
    assert tgt(rates, "ll_university_15plus", AREA, 2025).needed == 2
    assert tgt(rates, "ll_university_15plus", AREA, 2030).needed == 3


def test_rate_rows_for_every_unit_and_the_area(rates):
    units = [r.unit for r in rates.targets if r.target == "ll_trained_15plus" and r.year == 2025]
    assert units == ["A", "B", "C", "E", AREA]


def test_rate_denominator_0_gives_met_null_needed_0(rates):
    row = tgt(rates, "ll_trained_15plus", "E", 2025)
    assert (row.value, row.met, row.needed, row.gap) == (None, None, 0, None)


def test_rate_no_data_gives_nulls(rates):
    # no "Năng lực thông tin" column → value, gap, met and needed are null, on units and on the area
    for unit in ("A", AREA):
        row = tgt(rates, "ll_information_literacy", unit, 2025)
        assert (row.value, row.gap, row.met, row.needed) == (None, None, None, None)


def test_recognition_without_data_is_null(rates):
    row = tgt(rates, "learning_town", AREA, 2025)
    assert (row.kind, row.value, row.met, row.needed) == ("recognition", None, None, None)


def test_recognition_only_on_area_rows(rates):
    assert {r.unit for r in rates.targets if r.target == "learning_town"} == {AREA}


def test_level_targets_only_on_area_rows(rates):
    assert {r.unit for r in rates.targets if r.kind in ("level", "share_at_level")} == {AREA}


# --- level, share and recognition targets on hand-made levels ----------------------------------------

MEMBERS = [f"C{i}" for i in range(1, 11)]
LEVELS = {  # levels of the ten communes per standard
    "pcgd_thcs": [3, 3, 3, 3, 2, 2, 2, 2, 1, 0],
    "xmc": [2] * 10,
    "pcgd_th": [3] * 9 + [2],
    "pcgd_mn5": [1] * 8 + [0] * 2,
    "pcgd_mn4": [1] * 10,
}


def targets(rules, plan, member_levels=LEVELS, recognitions=None, area_counts=None):
    members = MEMBERS[: len(next(iter(member_levels.values())))]
    levels: dict[tuple[str, str], StandardRow] = {}
    for sid, lv in member_levels.items():
        for m, v in zip(members, lv):
            levels[(m, sid)] = StandardRow(unit=m, standard=sid, level=v)
        levels[("G", sid)] = evaluate_group(rules.by_id(sid), "G", lv, False, "area")
    nodata = {i.id: Count(0, 0, False) for i in INDICATORS}
    scopes = [Scope(m, "commune", nodata, []) for m in members]
    scopes.append(Scope("G", "area", {**nodata, **(area_counts or {})}, members))
    return evaluate_targets(plan, rules, scopes, levels, {("G", k): v for k, v in (recognitions or {}).items()})


def find(rows, target, year, unit="G"):
    hits = [r for r in rows if r.target == target and r.year == year and r.unit == unit]
    assert len(hits) == 1
    return hits[0]


def test_level_target_not_met(rules, plan):
    # THCS: ≥1 9/10 ✓ 90%; ≥2 8/10 ✗ 95% → area level 1; required 2 → gap −1;
    # needed = max(⌈0.9×10⌉ − 9, ⌈0.95×10⌉ − 8) = max(0, 2) = 2
    row = find(targets(rules, plan), "pcgd_thcs_l2", 2025)
    assert (row.required, row.value, row.gap, row.met, row.needed) == (2, 1, -1.0, False, 2)


def test_level_target_met(rules, plan):
    # XMC all ten communes at 2 → area 2 = required 2
    row = find(targets(rules, plan), "xmc_district_l2", 2025)
    assert (row.value, row.gap, row.met, row.needed) == (2, 0.0, True, 0)


def test_level_target_th_9_of_10(rules, plan):
    # TH: 9 at 3, 1 at 2 → 9/10 at ≥3 → area 3 = required 3
    row = find(targets(rules, plan), "pcgd_th_l3", 2030)
    assert (row.value, row.met, row.needed) == (3, True, 0)


def test_level_target_mn5(rules, plan):
    # MN5: 8 of 10 → area 0; required 1; needed ⌈9⌉ − 8 = 1
    row = find(targets(rules, plan), "pcgd_mn5_maintain", 2025)
    assert (row.value, row.met, row.needed, row.maintain) == (0, False, 1, True)


def test_share_at_level_met_exactly(rules, plan):
    # THCS MĐ3: 4 of 10 = 40% = required 2025 → met, needed ⌈4⌉ − 4 = 0
    row = find(targets(rules, plan), "pcgd_thcs_l3_share", 2025)
    assert (row.required, row.value, row.met, row.needed) == (0.4, 0.4, True, 0)


def test_share_at_level_not_met(rules, plan):
    # 2030 requires 50%: ⌈0.5 × 10⌉ − 4 = 1
    row = find(targets(rules, plan), "pcgd_thcs_l3_share", 2030)
    assert (row.value, row.met, row.needed) == (0.4, False, 1)
    assert row.gap == pytest.approx(-0.1)


def test_share_at_level_needed_rounds_up(rules, plan):
    # 7 communes, 2 at MĐ3: 2025 40% → ⌈2.8⌉ − 2 = 1; 2030 50% → ⌈3.5⌉ − 2 = 2
    seven = {"pcgd_thcs": [3, 3, 2, 2, 2, 2, 2], "xmc": [2] * 7, "pcgd_th": [3] * 7, "pcgd_mn5": [1] * 7,
             "pcgd_mn4": [1] * 7}
    rows = targets(rules, plan, seven)
    assert find(rows, "pcgd_thcs_l3_share", 2025).needed == 1
    assert find(rows, "pcgd_thcs_l3_share", 2030).needed == 2


def test_recognition_supplied_true(rules, plan):
    row = find(targets(rules, plan, recognitions={"thi_xa_hoc_tap": True}), "learning_town", 2030)
    assert (row.value, row.met, row.needed, row.maintain) == (True, True, None, True)


def test_recognition_supplied_false(rules, plan):
    row = find(targets(rules, plan, recognitions={"thi_xa_hoc_tap": False}), "learning_town", 2025)
    assert (row.value, row.met) == (False, False)


def test_rate_target_exact_at_70_percent(rules, plan):
    # community learning centres 7 of 10 against 70% (2025): met, needed 0 (0.7 × 10 must not become 7.000…1)
    rows = targets(rules, plan, area_counts={"clc_it": Count(7, 10, True)})
    row = find(rows, "clc_it", 2025)
    assert (row.met, row.needed) == (True, 0)
    # 2030 requires 90%: ⌈9 − 7⌉ = 2
    assert find(rows, "clc_it", 2030).needed == 2


def test_same_as_line_carries_its_pair(rules, plan):
    row = find(targets(rules, plan), "xmc_town_l2", 2025)
    assert row.same_as == "xmc_district_l2"


# --- the checked year ----------------------------------------------------------------------------------

@pytest.mark.parametrize("survey,given,expected", [
    (2024, None, 2025),  # earliest plan year not before the survey year
    (2025, None, 2025),
    (2026, None, 2030),
    (2031, None, 2030),  # after every plan year: the last
    (2024, 2030, 2030),  # --target-year wins
])
def test_checked_year(plan, survey, given, expected):
    assert checked_year(plan, survey, given) == expected
