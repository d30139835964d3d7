"""The bundled plan (data/targets.yaml) encodes every line of section II.2 of plan 68/KH-UBND, and bad
plan or standards files fail with xhht_cli.XhhtError and a message that names the problem."""

from __future__ import annotations


import pytest

from xhht_cli import XhhtError, load_plan, load_standards
from xhht_cli.law.bundled import data_path

# (target id, kind, {year: required}) for each line of II.2.a (2025) and II.2.b (2030)
PLAN_LINES = {
    "xmc_district_l2": ("level", {2025: 2, 2030: 2}),
    "pcgd_mn5_maintain": ("level", {2025: 1}),
    "pcgd_mn4": ("level", {2030: 1}),
    "xmc_town_l2": ("level", {2025: 2, 2030: 2}),
    "pcgd_th_l3": ("level", {2025: 3, 2030: 3}),
    "pcgd_thcs_l2": ("level", {2025: 2, 2030: 2}),
    "pcgd_thcs_l3_share": ("share_at_level", {2025: 0.40, 2030: 0.50}),
    "ll_information_literacy": ("rate", {2025: 0.50, 2030: 0.70}),
    "ll_life_skills": ("rate", {2025: 0.50, 2030: 0.70}),
    "ll_trained_15plus": ("rate", {2025: 0.50, 2030: 0.60}),
    "ll_university_15plus": ("rate", {2025: 0.12, 2030: 0.15}),
    "inst_digital": ("rate", {2025: 0.60, 2030: 0.80}),
    "clc_it": ("rate", {2025: 0.70, 2030: 0.90}),
    "ll_learning_citizens": ("rate", {2025: 0.40, 2030: 0.60}),
    "learning_town": ("recognition", {2025: True, 2030: True}),
}


def test_plan_years(plan):
    assert plan.plan.id == "68/KH-UBND"
    assert plan.plan.years == [2025, 2030]


def test_plan_has_one_entry_per_line(plan):
    assert sorted(t.id for t in plan.targets) == sorted(PLAN_LINES)


@pytest.mark.parametrize("tid", list(PLAN_LINES))
def test_plan_line_kind_and_required(plan, tid):
    t = next(t for t in plan.targets if t.id == tid)
    kind, required = PLAN_LINES[tid]
    assert t.kind == kind
    assert {y.year: y.required for y in t.years} == required


def test_plan_clauses_match_years(plan):
    for t in plan.targets:
        for y in t.years:
            assert y.clause == {2025: "II.2.a", 2030: "II.2.b"}[y.year], t.id


def test_rate_lines_name_their_indicators(plan):
    for t in plan.targets:
        if t.kind == "rate":
            assert t.indicator == t.id


def test_level_lines_name_their_standards(plan):
    by = {t.id: t for t in plan.targets}
    assert {tid: by[tid].standard for tid in ("xmc_district_l2", "xmc_town_l2", "pcgd_mn5_maintain", "pcgd_mn4",
                                              "pcgd_th_l3", "pcgd_thcs_l2", "pcgd_thcs_l3_share")} == {
        "xmc_district_l2": "xmc", "xmc_town_l2": "xmc", "pcgd_mn5_maintain": "pcgd_mn5", "pcgd_mn4": "pcgd_mn4",
        "pcgd_th_l3": "pcgd_th", "pcgd_thcs_l2": "pcgd_thcs", "pcgd_thcs_l3_share": "pcgd_thcs"}
    assert by["pcgd_thcs_l3_share"].level == 3


def test_literacy_line_pair(plan):
    # II.2 repeats the literacy line (cấp huyện, cấp thị xã): both kept, the second same_as the first
    by = {t.id: t for t in plan.targets}
    assert by["xmc_town_l2"].same_as == "xmc_district_l2"
    assert by["xmc_district_l2"].same_as is None
    assert [t.id for t in plan.targets if t.same_as] == ["xmc_town_l2"]


def test_maintain_marks(plan):
    # "duy trì" lines: 2025 MN5, XMC thị xã, TH, THCS; 2030 XMC huyện and thị xã, TH, THCS, thị xã học tập
    marked = {(t.id, y.year) for t in plan.targets for y in t.years if y.maintain}
    assert marked == {
        ("pcgd_mn5_maintain", 2025), ("xmc_town_l2", 2025), ("pcgd_th_l3", 2025), ("pcgd_thcs_l2", 2025),
        ("xmc_district_l2", 2030), ("xmc_town_l2", 2030), ("pcgd_th_l3", 2030), ("pcgd_thcs_l2", 2030),
        ("learning_town", 2030),
    }


# --- loading errors --------------------------------------------------------------------------------

GOOD_PLAN = """
plan:
  id: "T"
  title: "Test plan"
  area: "Khu"
  years: [2025, 2030]
targets:
  - id: t1
    kind: {kind}
    {field}
    years:
      - year: {year}
        clause: II.2.a
        label: "x"
        required: {required}
"""


def write_plan(tmp_path, kind="rate", field="indicator: ll_trained_15plus", year=2025, required=0.5):
    p = tmp_path / "plan.yaml"
    p.write_text(GOOD_PLAN.format(kind=kind, field=field, year=year, required=required), encoding="utf-8")
    return p


def error_text(exc: XhhtError) -> str:
    return " | ".join(f"{m.column or ''} {m.message}" for m in exc.messages)


def test_good_test_plan_loads(tmp_path):
    assert load_plan(write_plan(tmp_path)).targets[0].indicator == "ll_trained_15plus"


def test_plan_unknown_indicator(tmp_path):
    with pytest.raises(XhhtError) as e:
        load_plan(write_plan(tmp_path, field="indicator: no_such_rate"))
    assert "no_such_rate" in error_text(e.value)
    assert all(m.severity == "error" for m in e.value.messages)


def test_plan_unknown_standard(tmp_path):
    with pytest.raises(XhhtError) as e:
        load_plan(write_plan(tmp_path, kind="level", field="standard: pcgd_xyz", required=2))
    assert "pcgd_xyz" in error_text(e.value)


def test_plan_target_year_missing(tmp_path):
    p = tmp_path / "plan.yaml"
    p.write_text(GOOD_PLAN.format(kind="rate", field="indicator: ll_trained_15plus", year=2025, required=0.5)
                 .replace("      - year: 2025\n        clause", "      - clause"), encoding="utf-8")
    with pytest.raises(XhhtError) as e:
        load_plan(p)
    assert "year" in error_text(e.value)


def test_plan_target_year_not_a_plan_year(tmp_path):
    with pytest.raises(XhhtError) as e:
        load_plan(write_plan(tmp_path, year=2027))
    assert "2027" in error_text(e.value)


def test_plan_share_of_1_5(tmp_path):
    with pytest.raises(XhhtError) as e:
        load_plan(write_plan(tmp_path, required=1.5))
    assert "1.5" in error_text(e.value)


def test_plan_invalid_yaml(tmp_path):
    p = tmp_path / "plan.yaml"
    p.write_text("plan: [unclosed\n  id: x\n", encoding="utf-8")
    with pytest.raises(XhhtError) as e:
        load_plan(p)
    msg = e.value.messages[0]
    assert msg.code == "plan-yaml" and "YAML" in msg.message and msg.file == str(p)


def test_plan_error_names_the_file(tmp_path):
    p = write_plan(tmp_path, field="indicator: no_such_rate")
    with pytest.raises(XhhtError) as e:
        load_plan(p)
    assert e.value.messages[0].file == str(p)


def test_standards_unknown_indicator(tmp_path):
    text = data_path("standards.yaml").read_text(encoding="utf-8")
    assert "indicator: mn5_attending\n" in text
    p = tmp_path / "standards.yaml"
    p.write_text(text.replace("indicator: mn5_attending\n", "indicator: mn5_bogus\n", 1), encoding="utf-8")
    with pytest.raises(XhhtError) as e:
        load_standards(p)
    assert "mn5_bogus" in error_text(e.value)


def test_standards_invalid_yaml(tmp_path):
    p = tmp_path / "standards.yaml"
    p.write_text("standards: {\n", encoding="utf-8")
    with pytest.raises(XhhtError) as e:
        load_standards(p)
    assert e.value.messages[0].code == "standards-yaml"
