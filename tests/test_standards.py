"""Standard levels (spec.md "Standards"; thresholds in data/standards.yaml): a unit's level from hand-made
counts, area rollups from hand-made member levels, and a few end-to-end checks through compute()."""

from __future__ import annotations

from helpers import AREA, P, codes, run, std, write_people, write_units
from xhht_cli.law.indicators import INDICATORS
from xhht_cli.law.rollup import evaluate_group, units_to_rise
from xhht_cli.law.standards import Count, evaluate_unit

NODATA = Count(0, 0, False)


def C(num: int, den: int) -> Count:
    return Count(num, den, True)


def cts(**over: Count) -> dict[str, Count]:
    """Every indicator at 10 of 10 (100%) unless overridden; mn4_completed never has a survey source."""
    d = {i.id: C(10, 10) for i in INDICATORS}
    d["mn4_completed"] = NODATA
    d.update(over)
    return d


def evaluate(rules, counts: dict[str, Count], dbkk: bool = False, conditions: dict[str, str] | None = None):
    """Every standard of one unit, prerequisites first, as the pipeline does."""
    earlier = {}
    for s in rules.evaluation_order():
        earlier[s.id] = evaluate_unit(s, "U", counts, dbkk, earlier, (conditions or {}).get(s.id, "unknown"))
    return earlier


def level(rules, sid: str, dbkk: bool = False, **over: Count) -> int | None:
    return evaluate(rules, cts(**over), dbkk)[sid].level


# --- PCGD MN 5 tuổi: attending ≥ 95% (ĐBKK 90%), completed ≥ 85% (ĐBKK 80%) ----------------------------

def test_mn5_attending_19_of_20_meets_95(rules):
    assert level(rules, "pcgd_mn5", mn5_attending=C(19, 20)) == 1


def test_mn5_attending_18_of_20_fails_95(rules):
    assert level(rules, "pcgd_mn5", mn5_attending=C(18, 20)) == 0


def test_mn5_attending_compared_unrounded(rules):
    # 18,999 / 20,000 = 94.995%: would round to 95,00% but is below 95%
    assert level(rules, "pcgd_mn5", mn5_attending=C(18999, 20000)) == 0


def test_mn5_attending_dbkk_18_of_20_meets_90(rules):
    assert level(rules, "pcgd_mn5", dbkk=True, mn5_attending=C(18, 20)) == 1


def test_mn5_attending_dbkk_17_of_20_fails_90(rules):
    assert level(rules, "pcgd_mn5", dbkk=True, mn5_attending=C(17, 20)) == 0


def test_mn5_completed_17_of_20_meets_85(rules):
    assert level(rules, "pcgd_mn5", mn5_completed=C(17, 20)) == 1


def test_mn5_completed_16_of_20_fails_85_but_meets_dbkk_80(rules):
    assert level(rules, "pcgd_mn5", mn5_completed=C(16, 20)) == 0
    assert level(rules, "pcgd_mn5", dbkk=True, mn5_completed=C(16, 20)) == 1


def test_failing_criterion_reports_persons_needed(rules):
    # 18 of 20 at 95%: 19 needed → 1 more child
    row = evaluate(rules, cts(mn5_attending=C(18, 20)))["pcgd_mn5"]
    crit = next(c for c in row.criteria if c.indicator == "mn5_attending")
    assert (crit.met, crit.needed, crit.threshold, crit.value) == (False, 1, 0.95, 0.9)


def test_failing_criterion_dbkk_threshold_and_needed(rules):
    # ĐBKK 17 of 20 at 90%: 18 needed → 1
    row = evaluate(rules, cts(mn5_attending=C(17, 20)), dbkk=True)["pcgd_mn5"]
    crit = next(c for c in row.criteria if c.indicator == "mn5_attending")
    assert (crit.threshold, crit.met, crit.needed) == (0.9, False, 1)


# --- PCGD TH: MĐ1 entry 90%, 11–14 completed 80% (ĐBKK 70%), rest of 11–14 in primary 100%;
#     MĐ2 entry 95%, 11 completed 80% (70%), rest of 11 in primary; MĐ3 entry 98%, 11 completed 90% (80%) --

def test_th_entry_9_of_10_is_level_1(rules):
    assert level(rules, "pcgd_th", th_entry_6=C(9, 10)) == 1


def test_th_entry_89_of_100_is_level_0(rules):
    assert level(rules, "pcgd_th", th_entry_6=C(89, 100)) == 0


def test_th_entry_19_of_20_is_level_2(rules):
    assert level(rules, "pcgd_th", th_entry_6=C(19, 20)) == 2


def test_th_entry_49_of_50_is_level_3(rules):
    assert level(rules, "pcgd_th", th_entry_6=C(49, 50)) == 3


def test_th_entry_has_no_dbkk_variant(rules):
    # 9 of 10 = 90% is level 1 for a ĐBKK commune too (MĐ2 needs 95%)
    assert level(rules, "pcgd_th", dbkk=True, th_entry_6=C(9, 10)) == 1


def test_th_completed_11_14_8_of_10_meets_80(rules):
    assert level(rules, "pcgd_th", th_completed_11_14=C(8, 10)) == 3


def test_th_completed_11_14_7_of_10_fails_but_meets_dbkk_70(rules):
    assert level(rules, "pcgd_th", th_completed_11_14=C(7, 10)) == 0
    assert level(rules, "pcgd_th", dbkk=True, th_completed_11_14=C(7, 10)) == 3


def test_th_completed_11_8_of_10_is_level_2(rules):
    # meets 80% of MĐ2, not 90% of MĐ3
    assert level(rules, "pcgd_th", th_completed_11=C(8, 10)) == 2


def test_th_completed_11_dbkk_8_of_10_meets_level_3(rules):
    assert level(rules, "pcgd_th", dbkk=True, th_completed_11=C(8, 10)) == 3


def test_th_completed_11_7_of_10_normal_1_dbkk_2(rules):
    assert level(rules, "pcgd_th", th_completed_11=C(7, 10)) == 1
    assert level(rules, "pcgd_th", dbkk=True, th_completed_11=C(7, 10)) == 2


def test_th_rest_in_primary_11_must_be_all(rules):
    # 1 of 2 of the rest still in primary: MĐ2 fails → level 1
    assert level(rules, "pcgd_th", th_rest_in_primary_11=C(1, 2)) == 1


def test_th_rest_in_primary_11_14_decides_no_level(rules):
    # Điều 9 (MĐ1) has two criteria only: 1 of 2 of the rest of the 11–14-year-olds in primary changes nothing
    assert level(rules, "pcgd_th", th_rest_in_primary_11_14=C(1, 2)) == 3
    row = evaluate(rules, cts(th_rest_in_primary_11_14=C(0, 5)))["pcgd_th"]
    assert "th_rest_in_primary_11_14" not in {c.indicator for c in row.criteria}


def test_th_level_needs_every_lower_level(rules):
    # MĐ3 criteria all hold but MĐ1's 11–14 completion (6/10) fails → level 0, not 3
    assert level(rules, "pcgd_th", th_completed_11_14=C(6, 10)) == 0


# --- PCGD THCS: MĐ1 80% (70%), MĐ2 90% (80%), MĐ3 95% (90%) + studying 80% (70%) ----------------------

def test_thcs_graduated_16_of_20_is_level_1(rules):
    assert level(rules, "pcgd_thcs", thcs_graduated_15_18=C(16, 20)) == 1


def test_thcs_graduated_15_of_20_is_level_0(rules):
    assert level(rules, "pcgd_thcs", thcs_graduated_15_18=C(15, 20)) == 0


def test_thcs_graduated_18_of_20_is_level_2(rules):
    assert level(rules, "pcgd_thcs", thcs_graduated_15_18=C(18, 20)) == 2


def test_thcs_graduated_19_of_20_is_level_3(rules):
    assert level(rules, "pcgd_thcs", thcs_graduated_15_18=C(19, 20)) == 3


def test_thcs_dbkk_thresholds(rules):
    # ĐBKK: 14/20 = 70% → MĐ1; 16/20 = 80% → MĐ2; 18/20 = 90% → MĐ3
    assert level(rules, "pcgd_thcs", dbkk=True, thcs_graduated_15_18=C(13, 20)) == 0
    assert level(rules, "pcgd_thcs", dbkk=True, thcs_graduated_15_18=C(14, 20)) == 1
    assert level(rules, "pcgd_thcs", dbkk=True, thcs_graduated_15_18=C(16, 20)) == 2
    assert level(rules, "pcgd_thcs", dbkk=True, thcs_graduated_15_18=C(18, 20)) == 3


def test_thcs_studying_16_of_20_meets_80(rules):
    assert level(rules, "pcgd_thcs", thcs_studying_15_18=C(16, 20)) == 3


def test_thcs_studying_15_of_20_fails_80_but_meets_dbkk_70(rules):
    assert level(rules, "pcgd_thcs", thcs_studying_15_18=C(15, 20)) == 2
    assert level(rules, "pcgd_thcs", dbkk=True, thcs_studying_15_18=C(14, 20)) == 3
    assert level(rules, "pcgd_thcs", dbkk=True, thcs_studying_15_18=C(13, 20)) == 2


# --- XMC: MĐ1 L1 ≥ 90% over 15–35 (ĐBKK 15–25); MĐ2 L2 ≥ 90% over 15–60 (ĐBKK 15–35) --------------------

def test_xmc_level_1_at_90_over_15_35(rules):
    assert level(rules, "xmc", xmc_l1_15_35=C(9, 10), xmc_l2_15_60=C(89, 100)) == 1


def test_xmc_level_2_at_90_over_15_60(rules):
    assert level(rules, "xmc", xmc_l1_15_35=C(9, 10), xmc_l2_15_60=C(9, 10)) == 2


def test_xmc_level_1_judged_on_15_35_only(rules):
    # 15–25 and 15–60 at 0% do not matter for a normal commune's MĐ1 (nor does 15–25 for MĐ2)
    assert level(rules, "xmc", xmc_l1_15_35=C(9, 10), xmc_l1_15_25=C(0, 10), xmc_l1_15_60=C(0, 10),
                 xmc_l2_15_25=C(0, 10), xmc_l2_15_35=C(0, 10)) == 2


def test_xmc_dbkk_level_1_uses_15_25(rules):
    # 15–35 at 50% fails a normal commune; a ĐBKK commune is judged on 15–25 (90%)
    over = dict(xmc_l1_15_35=C(5, 10), xmc_l1_15_25=C(9, 10))
    assert level(rules, "xmc", **over) == 0
    assert level(rules, "xmc", dbkk=True, **over) == 2


def test_xmc_dbkk_level_2_uses_15_35(rules):
    over = dict(xmc_l2_15_60=C(5, 10), xmc_l2_15_35=C(9, 10))
    assert level(rules, "xmc", **over) == 1
    assert level(rules, "xmc", dbkk=True, **over) == 2


def test_xmc_dbkk_criteria_name_the_dbkk_age_bands(rules):
    row = evaluate(rules, cts(), dbkk=True)["xmc"]
    assert [c.indicator for c in row.criteria if c.kind == "indicator"] == [
        "xmc_l1_15_25", "disabled_access_15_60", "xmc_l2_15_35", "disabled_access_15_60"]


def test_xmc_dbkk_age_bands_end_to_end(tmp_path):
    # Units N (normal) and D (ĐBKK) hold the same persons: 10 aged 20 with grade 9 completed (level 2) and
    # 10 aged 40 with grade 0 completed (level 0).
    # N: MĐ1 15–35 10/10 ✓; MĐ2 15–60 10/20 = 50% ✗ → 1.  D: MĐ1 15–25 10/10 ✓; MĐ2 15–35 10/10 ✓ → 2.
    write_units(tmp_path, [{"code": "N"}, {"code": "D", "dbkk": "có"}])
    write_people(tmp_path, [P(a, unit=u, done=g) for u in ("N", "D") for a, g in [(20, 9)] * 10 + [(40, 0)] * 10])
    r = run(tmp_path)
    assert std(r, "N", "xmc").level == 1
    assert std(r, "D", "xmc").level == 2


# --- empty cohorts and missing data ------------------------------------------------------------------

def test_empty_cohort_holds(rules):
    zero = {i.id: C(0, 0) for i in INDICATORS}
    zero["mn4_completed"] = NODATA
    rows = evaluate(rules, zero)
    assert (rows["pcgd_mn5"].level, rows["pcgd_th"].level, rows["pcgd_thcs"].level, rows["xmc"].level) == (1, 3, 3, 2)
    assert all(c.met for c in rows["pcgd_mn5"].criteria)
    assert rows["pcgd_mn5"].provisional is False


def test_empty_cohort_is_noted_in_the_report(tmp_path):
    # spec: "A criterion whose denominator is 0 holds ..., and the report notes the empty cohort."
    # Unit TD has only a 30-year-old: no 5-year-old, so mn5_attending is 0/0. The criterion row of the
    # standards report shows it: 0 of 0, no value, met.
    write_units(tmp_path, [{"code": "TD", "name": "Phường Tân Định"}])
    write_people(tmp_path, [P(30, unit="TD", current="Đại học", diploma="THPT")])
    row = std(run(tmp_path), "TD", "pcgd_mn5")
    assert row.level == 1
    crit = next(c for c in row.criteria if c.indicator == "mn5_attending")
    assert (crit.numerator, crit.denominator, crit.value, crit.met, crit.needed) == (0, 0, None, True, 0)


def test_empty_cohorts_warn_per_unit_only_where_the_level_rests_on_nobody(tmp_path):
    # Two communes with one 11-year-old each, both through primary (grade 6): "the rest still in primary" is 0/0
    # in both — nobody left to act on — so one summary line names both by name. Neither has a 5-year-old: the
    # MN 5 level rests on nobody, so each gets its own line (issue 20 item 6).
    write_units(tmp_path, [{"code": "A", "name": "Phường An"}, {"code": "B", "name": "Xã Bình"}])
    write_people(tmp_path, [P(11, unit=u, current=6) for u in "AB"])
    msgs = [m.message for m in codes(run(tmp_path), "empty-cohort")]
    rest = [m for m in msgs if "Trẻ 11 tuổi còn lại đang học tiểu học" in m]
    assert len(rest) == 1 and "2 xã/phường (Phường An, Xã Bình)" in rest[0]
    per_unit = [m for m in msgs if "Trẻ 5 tuổi ra lớp mẫu giáo" in m]
    assert len(per_unit) == 2 and per_unit[0].startswith("Phường An: ") and "BC" not in per_unit[0]


def test_criterion_without_data_makes_level_provisional(rules):
    # rest of the 11-year-olds in primary: no data. Everything else holds → level 3, provisional
    row = evaluate(rules, cts(th_rest_in_primary_11=NODATA))["pcgd_th"]
    assert (row.level, row.provisional, row.missing) == (3, True, ["th_rest_in_primary_11"])
    crit = next(c for c in row.criteria if c.indicator == "th_rest_in_primary_11")
    assert crit.met is None


def test_criterion_without_data_does_not_rescue_a_failing_level(rules):
    # THCS: 18/20 graduates (fails MĐ3's 95%), studying no data → level 2, not provisional at MĐ3
    row = evaluate(rules, cts(thcs_graduated_15_18=C(18, 20), thcs_studying_15_18=NODATA))["pcgd_thcs"]
    assert row.level == 2


def test_thcs_level_3_provisional_without_studying_data(rules):
    row = evaluate(rules, cts(thcs_graduated_15_18=C(20, 20), thcs_studying_15_18=NODATA))["pcgd_thcs"]
    assert (row.level, row.provisional, row.missing) == (3, True, ["thcs_studying_15_18"])


def test_standard_without_any_data_has_no_level(rules):
    over = {i: NODATA for i in ("th_entry_6", "th_completed_11", "th_completed_11_14", "th_rest_in_primary_11",
                                "th_rest_in_primary_11_14", "disabled_access_6_14")}
    row = evaluate(rules, cts(**over))["pcgd_th"]
    assert (row.level, row.provisional) == (None, True)


def test_mn4_met_is_provisional(rules):
    # attending 9/10 = 90% holds; completion of the age-4 programme has no data → level 1, provisional
    row = evaluate(rules, cts(mn4_attending=C(9, 10)))["pcgd_mn4"]
    assert (row.level, row.provisional, row.missing) == (1, True, ["mn4_completed"])


def test_mn4_failed_on_data_is_not_provisional(rules):
    # attending 8/10 = 80% < 90% fails level 1 whatever completion would show: level 0 is settled,
    # so it is not provisional (no missing data could change it)
    row = evaluate(rules, cts(mn4_attending=C(8, 10)))["pcgd_mn4"]
    assert row.level == 0
    assert row.provisional is False
    assert row.missing == []


def test_mn4_always_provisional_end_to_end(tmp_path):
    # two 4-year-olds attending MG: 2/2 attending → level 1, provisional, missing mn4_completed
    write_people(tmp_path, [P(4, current="MG"), P(4, current="MG")])
    row = std(run(tmp_path), "A", "pcgd_mn4")
    assert (row.level, row.provisional) == (1, True)
    assert "mn4_completed" in row.missing


# --- prerequisites and conditions --------------------------------------------------------------------

def test_thcs_needs_th_level_1(rules):
    # TH entry 5/10 → TH 0 → THCS 0 although 20/20 graduated and 20/20 studying
    rows = evaluate(rules, cts(th_entry_6=C(5, 10)))
    assert rows["pcgd_th"].level == 0
    assert rows["pcgd_thcs"].level == 0
    pre = next(c for c in rows["pcgd_thcs"].criteria if c.kind == "prerequisite" and c.standard == "pcgd_th")
    assert pre.met is False


def test_thcs_needs_xmc_level_1(rules):
    rows = evaluate(rules, cts(xmc_l1_15_35=C(5, 10)))
    assert rows["xmc"].level == 0
    assert rows["pcgd_thcs"].level == 0


def test_thcs_prerequisites_at_level_1_are_enough(rules):
    # TH 1 (entry 90%) and XMC 1 (15–60 at 50%) → THCS can reach 3
    rows = evaluate(rules, cts(th_entry_6=C(9, 10), xmc_l2_15_60=C(5, 10)))
    assert (rows["pcgd_th"].level, rows["xmc"].level, rows["pcgd_thcs"].level) == (1, 1, 3)


def test_provisional_prerequisite_makes_thcs_provisional(rules):
    # TH MĐ1 completion 11–14 has no data: TH could be 0 or 3, so THCS's prerequisite is undecided
    rows = evaluate(rules, cts(th_completed_11_14=NODATA))
    assert rows["pcgd_th"].provisional is True
    assert rows["pcgd_thcs"].provisional is True
    assert "th_completed_11_14" in rows["pcgd_thcs"].missing


def test_provisional_prerequisite_already_met_decides_nothing(rules):
    # TH MĐ2 data missing: TH is at least MĐ1 whatever they say, so THCS (needs TH MĐ1) is decided
    rows = evaluate(rules, cts(th_rest_in_primary_11=NODATA))
    assert (rows["pcgd_th"].level, rows["pcgd_th"].provisional) == (3, True)
    assert rows["pcgd_th"].level_range(3) == (1, 3)
    assert (rows["pcgd_thcs"].level, rows["pcgd_thcs"].provisional, rows["pcgd_thcs"].missing) == (3, False, [])


def test_conditions_not_met_make_level_0(rules):
    rows = evaluate(rules, cts(), conditions={"pcgd_th": "not_met"})
    assert (rows["pcgd_th"].level, rows["pcgd_th"].conditions) == (0, "not_met")
    assert rows["pcgd_thcs"].level == 0  # its prerequisite TH MĐ1 no longer holds


def test_conditions_unknown_keep_level(rules):
    rows = evaluate(rules, cts(), conditions={"pcgd_th": "unknown"})
    assert (rows["pcgd_th"].level, rows["pcgd_th"].conditions) == (3, "unknown")


def test_conditions_from_units_sheet(tmp_path):
    # Three units, each with two 16-year-olds holding the THCS diploma and in grade 10: every TH cohort is
    # empty (holds) → TH 3; XMC 2/2 → 2; THCS 2/2 graduated, 2/2 studying → 3.
    # Conditions PCGD TH: X "không" → TH 0 and so THCS 0; Y "chưa rõ" → TH 3 with a warning; Z "có" → met.
    write_units(tmp_path, [{"code": "X", "cond_th": "không"}, {"code": "Y", "cond_th": "chưa rõ"},
                           {"code": "Z", "cond_th": "có"}])
    write_people(tmp_path, [P(16, unit=u, diploma="THCS", current=10) for u in "XYZ" for _ in range(2)])
    r = run(tmp_path)
    assert (std(r, "X", "pcgd_th").level, std(r, "X", "pcgd_th").conditions) == (0, "not_met")
    assert std(r, "X", "pcgd_thcs").level == 0
    assert (std(r, "Y", "pcgd_th").level, std(r, "Y", "pcgd_th").conditions) == (3, "unknown")
    assert std(r, "Y", "pcgd_thcs").level == 3
    assert (std(r, "Z", "pcgd_th").level, std(r, "Z", "pcgd_th").conditions) == (3, "met")
    warned = [m for m in codes(r, "conditions-unknown") if "PCGD TH" in m.message and " Y" in m.message]
    assert warned and warned[0].severity == "warning"


# --- area rollups ------------------------------------------------------------------------------------

def group(rules, sid: str, levels: list, scope: str = "area"):
    return evaluate_group(rules.by_id(sid), "G", levels, False, scope)


def test_area_9_of_10_units_meets_90(rules):
    row = group(rules, "pcgd_mn5", [1] * 9 + [0])
    assert row.level == 1
    assert (row.criteria[0].value, row.criteria[0].met, row.criteria[0].needed) == (0.9, True, 0)


def test_area_8_of_9_units_fails_90(rules):
    # 8/9 = 88.9% < 90%; ⌈0.9 × 9⌉ = 9 → 1 more unit needed
    row = group(rules, "pcgd_mn5", [1] * 8 + [0])
    assert row.level == 0
    assert (row.criteria[0].met, row.criteria[0].needed) == (False, 1)


def test_area_thcs_level_3_needs_every_unit(rules):
    # L1 10/10, L2 10/10 ≥ 95%, L3 9/10 < 100% → 2
    assert group(rules, "pcgd_thcs", [3] * 9 + [2]).level == 2


def test_area_thcs_level_2_needs_95(rules):
    assert group(rules, "pcgd_thcs", [2] * 19 + [1]).level == 2  # 19/20 = 95%
    assert group(rules, "pcgd_thcs", [2] * 18 + [1] * 2).level == 1  # 18/20 = 90%


def test_area_level_counts_units_at_or_above(rules):
    # TH: 9 units at 3, 1 at 0 → 9/10 at ≥1, ≥2, ≥3 → 3
    assert group(rules, "pcgd_th", [3] * 9 + [0]).level == 3
    # 8 at 3, 2 at 1 → ≥1 10/10; ≥2 8/10 ✗ → 1
    assert group(rules, "pcgd_th", [3] * 8 + [1] * 2).level == 1


def test_area_units_without_level_count_in_n(rules):
    # 9 of 10 at 1 already meet 90%: the unit without a level cannot change the area → decided
    # (before issue 11 any unit without a level made the area provisional)
    row = group(rules, "pcgd_mn5", [1] * 9 + [None])
    assert (row.level, row.provisional) == (1, False)
    # 8 of 10 at 1: 80% fails; with both unknown units at 1, 10/10 would hold → provisional 0
    row = group(rules, "pcgd_mn5", [1] * 8 + [None] * 2)
    assert (row.level, row.provisional, row.level_range(1)) == (0, True, (0, 1))


def test_province_shares(rules):
    # MN5 province share 100%: 3 of 4 areas → 0. XMC province: MĐ1 90%, MĐ2 100%: 9 at 2 + 1 at 1 → 1
    assert group(rules, "pcgd_mn5", [1, 1, 1, 0], "province").level == 0
    assert group(rules, "xmc", [2] * 9 + [1], "province").level == 1


def _mn5_units(folder, good: int):
    # `good` units each with a 5-year-old in MG and a 6-year-old holding diploma MN (100%, 100% → 1),
    # and unit BAD with a 5-year-old in grade 1 (0% attending → 0).
    codes_ = [f"U{i}" for i in range(1, good + 1)] + ["BAD"]
    write_units(folder, [{"code": c} for c in codes_])
    rows = [P(a, unit=c, **f) for c in codes_[:-1] for a, f in ((5, dict(current="MG")), (6, dict(diploma="MN")))]
    rows += [P(5, unit="BAD", current=1), P(6, unit="BAD", diploma="MN")]
    write_people(folder, rows)
    return run(folder)


def test_area_rollup_end_to_end_9_of_10(tmp_path):
    assert std(_mn5_units(tmp_path, 9), AREA, "pcgd_mn5").level == 1


def test_area_rollup_end_to_end_8_of_9(tmp_path):
    assert std(_mn5_units(tmp_path, 8), AREA, "pcgd_mn5").level == 0


# --- units that must rise ------------------------------------------------------------------------------

def test_units_to_rise_th_level_3(rules):
    # 7 at 3, 3 at 1 (N 10, shares 90%): L1 9−10 → 0; L2 9−7 = 2; L3 9−7 = 2 → 2
    assert units_to_rise(rules.by_id("pcgd_th"), 3, [3] * 7 + [1] * 3, "area") == 2


def test_units_to_rise_takes_worst_level(rules):
    # THCS to 2, 8 at 2, 2 at 0: L1 ⌈9⌉−8 = 1; L2 ⌈9.5⌉−8 = 2 → 2
    assert units_to_rise(rules.by_id("pcgd_thcs"), 2, [2] * 8 + [0] * 2, "area") == 2


def test_units_to_rise_xmc_all_at_1(rules):
    # XMC to 2, all 10 at 1: L2 needs 9 → 9
    assert units_to_rise(rules.by_id("xmc"), 2, [1] * 10, "area") == 9


def test_units_to_rise_zero_when_met(rules):
    assert units_to_rise(rules.by_id("pcgd_mn5"), 1, [1] * 9 + [0], "area") == 0


def test_units_to_rise_counts_unknown_as_not_at_level(rules):
    # 8 at 1, one None, one 0: ⌈9⌉ − 8 = 1
    assert units_to_rise(rules.by_id("pcgd_mn5"), 1, [1] * 8 + [None, 0], "area") == 1


def test_unit_without_rows_has_no_level(tmp_path):
    # units A and B; only A has persons → B's indicators are no data, so its levels are unknown (null)
    write_units(tmp_path, [{"code": "A"}, {"code": "B"}])
    write_people(tmp_path, [P(5, unit="A", current="MG", diploma="MN")])
    r = run(tmp_path)
    row = std(r, "B", "pcgd_mn5")
    assert (row.level, row.provisional) == (None, True)
    assert std(r, "A", "pcgd_mn5").level == 1
