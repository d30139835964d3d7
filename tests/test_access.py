"""Disabled persons' access to education (Thông tư 07/2016/TT-BGDĐT, Điều 2): at least 60% of the disabled
persons able to learn, in the standard's band, have access to education, on every level of PCGD MN 5,
TH, THCS and XMC. Values worked out by hand on tiny fixtures (survey year 2024)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from helpers import P, ind, run, std, write_csv, write_people, write_units
from xhht_cli.answer.to_reach import persons_to_reach
from xhht_cli.law.indicators import INDICATORS
from xhht_cli.law.standards import Count, evaluate_unit
from xhht_cli.pipeline import Options
from xhht_cli.pipeline import run as full_run

NODATA = Count(0, 0, False)


def C(num: int, den: int) -> Count:
    return Count(num, den, True)


def _levels(rules, **over: Count) -> dict:
    counts = {i.id: C(10, 10) for i in INDICATORS}
    counts.update(mn4_completed=NODATA, mn3_completed=NODATA, **over)
    earlier: dict = {}
    for s in rules.evaluation_order():
        earlier[s.id] = evaluate_unit(s, "U", counts, False, earlier, "unknown")
    return earlier


def _access(row, level: int):
    return next(c for c in row.criteria if c.level == level and (c.indicator or "").startswith("disabled_access"))


def disabled_children(with_access: int, without: int, unit: str = "A") -> list[dict]:
    """8-year-olds, disabled and able to learn: `with_access` in grade 3, `without` with grade 0 completed
    (recorded, no access). Disabled children are out of PPC, so every PCGD TH rate is over an empty cohort."""
    return ([P(8, unit=unit, disabled="có", able="có", current="3") for _ in range(with_access)]
            + [P(8, unit=unit, disabled="có", able="có", done="0") for _ in range(without)])


# --- the 60% threshold, exactly -----------------------------------------------------------------------

def test_three_of_five_is_exactly_60_and_holds(tmp_path):
    write_people(tmp_path, disabled_children(3, 2))
    r = run(tmp_path)
    a = ind(r, "A", "disabled_access_6_14")
    assert (a.numerator, a.denominator, a.value, a.unrecorded) == (3, 5, 0.6, 0)
    assert (a.excluded.disabled, a.excluded.moved_away) == (0, 0)  # they are the disabled: no one left out for it
    row = std(r, "A", "pcgd_th")
    assert (row.level, row.provisional) == (3, False)
    c = _access(row, 1)
    assert (c.numerator, c.denominator, c.threshold, c.met, c.needed) == (3, 5, 0.6, True, 0)


def test_two_of_five_fails_every_level_and_needs_one(tmp_path):
    write_people(tmp_path, disabled_children(2, 3))
    row = std(run(tmp_path), "A", "pcgd_th")
    assert (row.level, row.provisional) == (0, False)
    assert [(c.met, c.needed) for c in row.criteria if c.indicator == "disabled_access_6_14"] == [(False, 1)] * 3
    # ⌈0.6 × 5 − 2⌉ = 1


def test_59_9_percent_fails_and_needs_one(rules):
    rows = _levels(rules, disabled_access_6_14=C(599, 1000))
    th = rows["pcgd_th"]
    assert th.level == 0
    assert (_access(th, 1).met, _access(th, 1).needed) == (False, 1)  # ⌈600 − 599⌉
    assert _levels(rules, disabled_access_6_14=C(600, 1000))["pcgd_th"].level == 3


def test_every_standard_of_decree_20_has_the_criterion_on_every_level(rules):
    band = {"pcgd_mn5": "disabled_access_5", "pcgd_th": "disabled_access_6_14",
            "pcgd_thcs": "disabled_access_11_18", "xmc": "disabled_access_15_60"}
    for s in rules.standards:
        for lv in s.levels:
            crit = [c for c in lv.criteria if c.indicator.startswith("disabled_access")]
            if s.id not in band:
                assert crit == []  # Nghị định 277/2025 and the plan's MN 4 line: not under Thông tư 07/2016
                continue
            assert [(c.indicator, c.threshold, c.threshold_dbkk, c.article, c.confidence) for c in crit] == [
                (band[s.id], 0.6, None, "Thông tư 07/2016/TT-BGDĐT, Điều 2", "quoted")]
            assert "quy ước của xhht" in crit[0].note  # the band and the reading of "access" are conventions
    # a failing access criterion decides the level whatever else holds
    assert _levels(rules, disabled_access_5=C(1, 2))["pcgd_mn5"].level == 0
    assert _levels(rules, disabled_access_11_18=C(1, 2))["pcgd_thcs"].level == 0


# --- empty band, no column, unrecorded answers --------------------------------------------------------

def test_empty_band_holds(tmp_path):
    # the column is answered (a disabled 40-year-old able to learn, with grade 9) but no disabled child is 6–14
    write_people(tmp_path, [P(40, disabled="có", able="có", done="9", current="Đại học")])
    r = run(tmp_path)
    a = ind(r, "A", "disabled_access_6_14")
    assert (a.numerator, a.denominator, a.value) == (0, 0, None)
    row = std(r, "A", "pcgd_th")
    assert (row.level, row.provisional, _access(row, 1).met) == (3, False, True)


def test_without_the_able_to_learn_column_levels_are_provisional_naming_the_indicator(tmp_path):
    write_people(tmp_path, [P(8, disabled="có", current="3"), P(40, done="9")])
    r = run(tmp_path)
    a = ind(r, "A", "disabled_access_6_14")
    assert (a.numerator, a.denominator, a.value) == (None, None, None)
    th = std(r, "A", "pcgd_th")
    assert (th.level, th.provisional, th.missing) == (3, True, ["disabled_access_6_14"])
    assert _access(th, 1).met is None
    xmc = std(r, "A", "xmc")
    assert (xmc.provisional, xmc.missing) == (True, ["disabled_access_15_60"])


def test_plain_layout_blank_answer_stays_in_the_denominator_as_unrecorded(tmp_path):
    # two disabled 8-year-olds with grade 0 completed: one "không" able (out), one blank (in, unrecorded);
    # a third answers "có" and is in grade 3 (access). → 1 of 2, unrecorded 1
    write_people(tmp_path, [P(8, disabled="có", able="không", done="0"), P(8, disabled="có", done="0"),
                            P(8, disabled="có", able="có", current="3")])
    a = ind(run(tmp_path), "A", "disabled_access_6_14")
    assert (a.numerator, a.denominator, a.unrecorded) == (1, 2, 1)


def test_ppc_switch_does_not_change_the_access_indicators(tmp_path):
    people = disabled_children(3, 2) + [P(8, disabled="có", able="không", done="0")]
    write_people(tmp_path, people)
    for ppc in ("all_disabled", "disabled_unable_only"):
        a = ind(run(tmp_path, ppc=ppc), "A", "disabled_access_6_14")
        assert (a.numerator, a.denominator, a.excluded.disabled) == (3, 5, 0)


def test_disabled_adult_in_grade_0_with_literacy_class_1_has_access(tmp_path):
    write_people(tmp_path, [P(40, disabled="có", able="có", done="0", lit_class="1"),
                            P(41, disabled="có", able="có", done="0")])
    a = ind(run(tmp_path), "A", "disabled_access_15_60")
    assert (a.numerator, a.denominator, a.unrecorded) == (1, 2, 0)


# --- consequences: THCS through its prerequisite, the area, the plan --------------------------------

PLAN = ("plan: {id: pa, title: Kế hoạch thử, area: Khu thử, years: [2025]}\ntargets:\n"
        "  - id: xmc\n    kind: level\n    standard: xmc\n"
        "    years: [{year: 2025, clause: a, label: Xóa mù chữ mức độ 1, required: 1}]\n"
        "  - id: thcs\n    kind: level\n    standard: pcgd_thcs\n"
        "    years: [{year: 2025, clause: b, label: Phổ cập THCS mức độ 1, required: 1}]\n")


def test_a_commune_losing_xmc_loses_thcs_and_the_area_and_plan_follow(tmp_path):
    """A: two disabled adults able to learn, one with literacy class 1 (access), one with nothing but grade 0
    → 1/2 = 50% < 60%: XMC 0, so PCGD THCS 0 through its prerequisite XMC MĐ1 (its own criteria hold over
    empty cohorts). B: both adults have access → XMC 2, THCS 3. Area (A, B): XMC MĐ1 needs ⌈0.9 × 2⌉ = 2
    communes, has 1 → 0, one commune must rise; THCS MĐ1 likewise."""
    folder = tmp_path / "2024"
    folder.mkdir()
    write_units(folder, [{"code": "A", "area": "Khu thử"}, {"code": "B", "area": "Khu thử"}])
    write_people(folder, [P(40, unit="A", disabled="có", able="có", done="0", lit_class="1"),
                          P(41, unit="A", disabled="có", able="có", done="0"),
                          P(40, unit="B", disabled="có", able="có", done="0", lit_class="1"),
                          P(41, unit="B", disabled="có", able="có", done="5")])
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    r = run(folder, plan=plan)
    xa, xb = std(r, "A", "xmc"), std(r, "B", "xmc")
    assert (xa.level, xa.provisional, xb.level) == (0, False, 2)
    assert (_access(xa, 1).met, _access(xa, 1).needed) == (False, 1)  # ⌈1.2 − 1⌉
    ta = std(r, "A", "pcgd_thcs")
    assert (ta.level, ta.provisional, std(r, "B", "pcgd_thcs").level) == (0, False, 3)
    pre = next(c for c in ta.criteria if c.kind == "prerequisite" and c.standard == "xmc")
    assert (pre.value, pre.met) == (0, False)
    assert std(r, "Khu thử", "xmc").level == 0 and std(r, "Khu thử", "pcgd_thcs").level == 0
    for target in ("xmc", "thcs"):
        t = next(t for t in r.targets if t.target == target and t.unit == "Khu thử")
        assert (t.value, t.met, t.needed, t.provisional) == (0, False, 1, False)


def test_persons_list_names_the_candidates_under_the_failing_criterion(tmp_path):
    write_people(tmp_path, disabled_children(2, 3))
    result = full_run([tmp_path], Options(year=2024, keep_persons=True))
    out = persons_to_reach(result)
    access = out[out["Tiêu chí"] == "Trẻ khuyết tật 6–14 tuổi được tiếp cận giáo dục"]
    # the three without access (CSV rows 4–6), listed once, at level 1 of PCGD TH
    assert (access["Dòng"].tolist(), access["Mức"].unique().tolist()) == ([4, 5, 6], [1])


# --- the official layout: column AS is a checkbox ----------------------------------------------------

def _official(path: Path, persons: list[list], province: str | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DATA"
    ws.append(["TT", "Họ và tên", None, "Ngày tháng năm sinh", None, None, "Khối học", "Khuyết tật", None,
               "Khả năng học tập"])
    ws.append([None, "Họ đệm", "Tên", "Ngày", "Tháng", "Năm", None, "Vận động", "Nghe nói", None])
    ws.append(list(range(1, 11)))
    for p in persons:
        ws.append(p)
    info = wb.create_sheet("THONG_TIN")
    info.append(["Xã/Phường", "Xã Thử"])
    info.append(["Năm điều tra", 2024])
    if province:
        info.append(["Tỉnh/Thành phố", province])
    wb.save(path)
    return path


def test_official_checkbox_blank_means_not_able_to_learn(tmp_path):
    # three disabled 8-year-olds: X able and in grade 3; X able and not studying; blank (not able, out)
    _official(tmp_path / "xa-thu.xlsx", [
        [1, "A", "B", 1, 1, 2016, "3", "X", None, "X"],
        [2, "C", "D", 1, 1, 2016, None, None, "X", "X"],
        [3, "E", "F", 1, 1, 2016, None, "X", None, None],
    ])
    a = ind(run(tmp_path), "Xã Thử", "disabled_access_6_14")
    assert (a.numerator, a.denominator) == (1, 2)
    # the one able and not studying has nothing recorded for access: counted as without it, and reported
    assert a.unrecorded == 1


# --- the official forms -----------------------------------------------------------------------------

def _forms(folder: Path) -> dict:
    from xhht_cli.forms import all_forms

    r = full_run([folder], Options(year=2024))
    return {f.code: f for f in all_forms(r.report, r.gathered.ages)}


def test_forms_print_the_access_rows_and_rates(tmp_path):
    write_people(tmp_path, disabled_children(3, 2))
    forms = _forms(tmp_path)
    t = forms["TH-M1"].tables[0]
    row = {x.number: x.cells for x in t.rows}
    assert (row["5"][2], row["6"][2]) == (5, 3)  # age 8: able to learn, with access
    rate = row["đ"]
    assert (rate[0], rate[1], rate[2].value) == (3, 5, 0.6)  # from the row's own cells
    th2 = forms["TH-02"].tables[0].rows[0].cells
    assert (th2[11], th2[12], th2[13].value) == (5, 3, 0.6)
    m2 = forms["THCS-M2"].tables[0]
    assert any(c.group == "Người khuyết tật 11–18 tuổi được tiếp cận giáo dục"
               for c in m2.columns)


def test_forms_leave_the_access_rows_blank_without_the_column(tmp_path):
    write_people(tmp_path, [P(8, disabled="có", current="3"), P(40, done="9")])
    t = _forms(tmp_path)["TH-M1"].tables[0]
    row = {x.number: x.cells for x in t.rows}
    assert row["5"] == row["6"] == [None] * 11 and row["đ"][:2] == [None, None]
    assert any("Khả năng học tập" in n for n in t.notes)


def test_a_level_lost_to_conditions_says_why(tmp_path):
    folder = tmp_path / "2024"
    folder.mkdir()
    write_units(folder, [{"code": "A", "cond_thcs": "không"}])
    write_people(folder, [P(16, unit="A", diploma="THCS", current="10", able="có")])
    m2 = _forms(folder)["THCS-M2"].tables[0].rows[0].cells
    assert m2[-1] == "Chưa đạt (điều kiện bảo đảm chưa đạt)"
    assert "Đạt" in m2 and "Chưa đạt" not in m2[:-1]  # every criterion holds; the level cell says why it is 0


def test_a_commune_table_may_supply_the_access_indicators(tmp_path):
    # a commune table with the TH band only: 2 of 4 (50% < 60%) → PCGD TH fails on it; the other bands have
    # no data (MN 5, THCS, XMC provisional on them)
    folder = tmp_path / "2024"
    folder.mkdir()
    write_units(folder, [{"code": "A"}])
    write_csv(folder / "so-lieu-xa.csv", [{"Mã đơn vị": "A", "disabled_access_6_14 - Tử số": "2",
                                          "disabled_access_6_14 - Mẫu số": "4"}],
              ["Mã đơn vị", "disabled_access_6_14 - Tử số", "disabled_access_6_14 - Mẫu số"])
    r = run(folder)
    a = ind(r, "A", "disabled_access_6_14")
    assert (a.numerator, a.denominator) == (2, 4)
    th = std(r, "A", "pcgd_th")
    assert (th.level, _access(th, 1).met, _access(th, 1).needed) == (0, False, 1)  # ⌈2.4 − 2⌉
    assert ind(r, "A", "disabled_access_15_60").numerator is None


def test_forms_name_the_province_the_data_state(tmp_path, monkeypatch):
    from xhht_cli.forms import all_forms
    from xhht_cli.answer.result import Forms

    monkeypatch.setenv("XHHT_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "in"
    folder.mkdir()
    _official(folder / "xa-thu.xlsx", [[1, "A", "B", 1, 1, 2016, "3", "X", None, "X"]], province="Bình Dương")
    for _ in range(2):  # cold, then from the counts cache
        r = full_run([folder], Options(cache=True, parallel=False))
        assert r.gathered.province == "Bình Dương"
        forms = Forms(r.report, r.gathered.ages, r.gathered.province)
        assert {f.province for f in forms} == {"Bình Dương"}
    # without the line, the heading stays to be filled by hand (never a district's name)
    _official(folder / "xa-thu.xlsx", [[1, "A", "B", 1, 1, 2016, "3", "X", None, "X"]])
    r = full_run([folder], Options())
    assert {f.province for f in all_forms(r.report, r.gathered.ages, r.gathered.province)} == {""}


def test_official_checkbox_blank_everywhere(tmp_path):
    # nobody disabled: the blank AS column says nothing is missing → 0 of 0, the criterion holds
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    a_dir.mkdir()
    b_dir.mkdir()
    _official(a_dir / "xa-thu.xlsx", [[1, "A", "B", 1, 1, 2016, "3", None, None, None]])
    a = ind(run(a_dir), "Xã Thử", "disabled_access_6_14")
    assert (a.numerator, a.denominator) == (0, 0)
    # a disabled child and AS never filled in: it may never have been asked → no data (the level provisional)
    _official(b_dir / "xa-thu.xlsx", [[1, "A", "B", 1, 1, 2016, "3", "X", None, None]])
    r = run(b_dir)
    assert ind(r, "Xã Thử", "disabled_access_6_14").numerator is None
    assert "disabled_access_6_14" in std(r, "Xã Thử", "pcgd_th").missing


def test_a_literacy_class_now_is_access(tmp_path):
    # plain layout: "XMC" as the current study; official layout: column AG "XMC / Đang học lớp"
    write_people(tmp_path, [P(40, disabled="có", able="có", current="Lớp XMC 3"),
                            P(41, disabled="có", able="có", done="0")])
    r = run(tmp_path)
    a = ind(r, "A", "disabled_access_15_60")
    assert (a.numerator, a.denominator) == (1, 2)
    assert not [m for m in r.messages if m.code == "bad-current-study"]  # "XMC" is a study, read as such


def test_official_literacy_class_now_column_is_access(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DATA"
    ws.append(["TT", "Ngày tháng năm sinh", None, None, "Khuyết tật", "Khả năng học tập", "XMC"])
    ws.append([None, "Ngày", "Tháng", "Năm", "Vận động", None, "Đang học lớp"])
    ws.append(list(range(1, 8)))
    ws.append([1, 1, 1, 1984, "X", "X", "2"])  # 40, in literacy class 2 now
    ws.append([2, 1, 1, 1983, "X", "X", None])  # 41, nothing recorded
    info = wb.create_sheet("THONG_TIN")
    info.append(["Xã/Phường", "Xã Thử"])
    info.append(["Năm điều tra", 2024])
    wb.save(tmp_path / "xa-thu.xlsx")
    a = ind(run(tmp_path), "Xã Thử", "disabled_access_15_60")
    assert (a.numerator, a.denominator) == (1, 2)
