"""Issue 11, the law read again: PCGD tiểu học MĐ1 = the two criteria of Điều 9; a provisional level is
never reported as achieved (JSON, CSV, terminal, workbook, --check, trend); preschool 3–5 (Nghị định
277/2025) criterion by criterion and its ĐBKK-split rollup; several areas with a total. Every expected
value below is counted by hand from the fixture written in the test."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from helpers import AREA, P, run, std, tgt, write_people, write_units
from xhht_cli.cli import app
from xhht_cli.render.fmt import level_text, result_text
from xhht_cli.law.indicators import INDICATORS
from xhht_cli.report import TargetRow
from xhht_cli.law.rollup import Member, evaluate_group, units_to_rise
from xhht_cli.law.standards import Count, evaluate_unit
from xhht_cli.judge.targets import failing
from xhht_cli.trend import TrendOptions, trend

NODATA = Count(0, 0, False)
MN4_DONE = "Trẻ 5 tuổi đã hoàn thành chương trình mầm non 4 tuổi"


def C(num: int, den: int) -> Count:
    return Count(num, den, True)


def cli(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


# --- PCGD tiểu học MĐ1: Điều 9 has two criteria only ----------------------------------------------------

def primary_people() -> list[dict]:
    """Unit A, survey year 2024:
    6:  one child in grade 1                                  → th_entry_6 1/1
    11: one completed (done 5), one in grade 5 (done 4)       → th_completed_11 1/2 = 50% < 80%: MĐ2 fails
    12: three completed; 14: four completed
    13: one left school after grade 3 (out of school, not in primary)
    11–14: completed 1 + 3 + 4 = 8 of 10 = 80% ≥ 80% → MĐ1 holds
    the rest of 11–14 (not completed): the 11-year-old in grade 5 and the 13-year-old → in primary 1 of 2,
    which under the old rule made A "Chưa đạt MĐ1"."""
    return ([P(6, current="1", able="có"), P(11, done="5"), P(11, current="5", done="4"), P(13, done="3")]
            + [P(12, done="5") for _ in range(3)] + [P(14, done="5") for _ in range(4)])


def test_md1_reached_with_an_11_14_child_out_of_school(tmp_path):
    write_people(tmp_path, primary_people())
    r = run(tmp_path)
    row = std(r, "A", "pcgd_th")
    assert (row.level, row.provisional, row.missing) == (1, False, [])
    rest = next(i for i in r.indicators if i.unit == "A" and i.indicator == "th_rest_in_primary_11_14")
    assert (rest.numerator, rest.denominator) == (1, 2)  # still computed and shown (form TH-M1)
    assert {c.indicator for c in row.criteria if c.level == 1} == {"th_entry_6", "th_completed_11_14",
                                                                    "disabled_access_6_14"}  # Thông tư 07/2016
    md1 = next(c for c in row.criteria if c.indicator == "th_completed_11_14")
    assert (md1.numerator, md1.denominator, md1.met, md1.needed) == (8, 10, True, 0)
    md2 = next(c for c in row.criteria if c.indicator == "th_completed_11" and c.level == 2)
    assert (md2.numerator, md2.denominator, md2.met, md2.needed) == (1, 2, False, 1)  # ⌈0.8 × 2⌉ − 1


def test_md1_through_the_cli_json(tmp_path):
    folder = tmp_path / "2024"
    folder.mkdir()
    write_people(folder, primary_people())
    result = cli("compute", str(folder), "-f", "json")
    assert result.exit_code == 0
    th = next(s for s in json.loads(result.stdout)["standards"] if s["unit"] == "A" and s["standard"] == "pcgd_th")
    assert (th["level"], th["provisional"]) == (1, False)


# --- a provisional level against a level target, in every output ----------------------------------------

MN4_PLAN = ("plan: {id: p4, title: Kế hoạch thử, area: Khu thử, years: [2030]}\ntargets:\n"
            "  - id: mn4\n    kind: level\n    standard: pcgd_mn4\n"
            "    years: [{year: 2030, clause: II.2.b, label: Phổ cập mầm non 4 tuổi, required: 1}]\n")


@pytest.fixture()
def mn4(tmp_path) -> tuple[Path, Path]:
    """Two 4-year-olds attending MG: mn4_attending 2/2 = 100% ≥ 90%; mn4_completed has no source (no
    commune table) → pcgd_mn4 level 1, provisional, could be 0 or 1; the area (one unit) likewise."""
    folder = tmp_path / "2024"
    folder.mkdir()
    write_people(folder, [P(4, current="MG"), P(4, current="MG")])
    plan = tmp_path / "plan.yaml"
    plan.write_text(MN4_PLAN, encoding="utf-8")
    return folder, plan


def test_provisional_level_target_json_met_null(mn4):
    folder, plan = mn4
    result = cli("compute", str(folder), "--plan", str(plan), "-f", "json")
    assert result.exit_code == 0
    j = json.loads(result.stdout)
    level = next(s for s in j["standards"] if s["unit"] == "Khu thử" and s["standard"] == "pcgd_mn4")
    assert (level["level"], level["provisional"], level["missing"]) == (1, True, ["mn4_completed"])
    row = next(t for t in j["targets"] if t["target"] == "mn4")
    assert (row["unit"], row["value"], row["met"], row["provisional"], row["needed"]) == ("Khu thử", 1, None, True, 0)
    assert row["missing"] == ["mn4_completed"]


def test_provisional_level_target_csv_column(mn4):
    folder, plan = mn4
    result = cli("compute", str(folder), "--plan", str(plan), "-f", "csv")
    lines = result.stdout.splitlines()
    header = lines[0].split(",")
    # provisional appended after the counts (issue 11), settle after it (issue 19)
    assert header[-2:] == ["provisional", "settle"] and header[:-2][-3:] == ["needed", "numerator", "denominator"]
    row = dict(zip(header, lines[1].split(",")))
    assert (row["target"], row["met"], row["provisional"]) == ("mn4", "", "true")


def test_provisional_level_target_terminal_and_check(mn4):
    folder, plan = mn4
    result = cli("compute", str(folder), "--plan", str(plan))
    assert "Tạm đạt" in result.stdout and "Đạt*" in result.stdout
    assert "* tạm tính: thiếu số liệu" in result.stdout
    check = cli("compute", str(folder), "--plan", str(plan), "--check", "--target-year", "2030", "-f", "json")
    assert check.exit_code == 0  # listed, never failed
    assert (f"Phổ cập mầm non 4 tuổi (Khu thử, 2030): Tạm đạt (thiếu số liệu: {MN4_DONE}) — hiện tại Đạt*, "
            "yêu cầu Đạt") in check.stderr


def test_provisional_level_target_workbook_cell(mn4, tmp_path):
    folder, plan = mn4
    out = tmp_path / "bao-cao.xlsx"
    assert cli("compute", str(folder), "--plan", str(plan), "--output", str(out)).exit_code == 0
    wb = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    ws = wb["Tổng hợp mục tiêu"]
    names = [c.value for c in ws[3]]
    row = dict(zip(names, next(ws.iter_rows(min_row=4))))
    assert row["Kết quả 2030"].value == f"Tạm đạt (thiếu số liệu: {MN4_DONE})"
    assert row["Hiện tại (2024)"].value == "Đạt*"


def test_provisional_level_trend_reads_tam_dat(mn4):
    from xhht_cli.render.trend import status_label

    folder, plan = mn4
    report = trend([folder], TrendOptions(plan=plan))
    t = next(x for x in report.targets if x.target == "mn4" and x.unit == "Khu thử")
    g = t.goals[0]
    # met only on a provisional level: its status comes from the years on complete data (none here)
    assert (g.status, g.provisional, g.missing) == ("no_data", True, ["mn4_completed"])
    assert status_label(g)[0] == f"Tạm đạt (thiếu số liệu: {MN4_DONE})"


def test_failing_lists_provisional_as_no_data():
    kw = dict(clause="x", year=2030, kind="level", required=1, gap=0.0, needed=0)
    prov = TargetRow(target="a", unit="G", value=1, met=None, provisional=True, missing=["mn4_completed"], **kw)
    met = TargetRow(target="b", unit="G", value=1, met=True, **kw)
    failed, listed = failing([prov, met], 2030, {"G"})
    assert (failed, listed) == ([], [prov])


# --- the level and result words ---------------------------------------------------------------------------

@pytest.mark.parametrize("levels,level,prov,sentence,text", [
    (3, 0, False, False, "Chưa đạt"), (3, 2, False, False, "MĐ2"), (3, 2, True, False, "MĐ2*"),
    (3, 2, True, True, "Tạm đạt MĐ2"), (3, 0, True, False, "Chưa đạt*"), (3, 0, True, True, "Chưa đạt*"),
    (1, 1, False, False, "Đạt"), (1, 1, True, False, "Đạt*"), (1, 1, True, True, "Tạm đạt"),
    (1, 0, False, True, "Chưa đạt"),
])
def test_level_text(levels, level, prov, sentence, text):
    assert level_text(levels, level, prov, sentence) == text


def test_result_text_words():
    kw = dict(target="t", clause="x", unit="G", year=2030, gap=None, needed=0)
    assert result_text(TargetRow(kind="rate", required=0.5, value=None, met=None, denominator=0, **kw)) \
        == "Không có đối tượng"
    assert result_text(TargetRow(kind="rate", required=0.5, value=None, met=None, **kw)) == "Không có số liệu"
    assert result_text(TargetRow(kind="rate", required=0.5, value=0.6, met=True, **kw)) == "Đạt"
    assert result_text(TargetRow(kind="rate", required=0.5, value=0.4, met=False, **kw)) == "Chưa đạt"


# --- preschool 3–5 (Nghị định 277/2025): each criterion at, and just below, its threshold --------------

def mn35(dbkk: bool = False, **over: Count):
    """pcgd_mn3_5 of one unit: every indicator 10/10 unless overridden."""
    counts = {i.id: C(10, 10) for i in INDICATORS}
    counts.update(over)
    return evaluate_unit(_rules().by_id("pcgd_mn3_5"), "U", counts, dbkk, {}, "unknown")


def _rules():
    from xhht_cli import load_standards

    return load_standards()


ATTENDING = ("mn3_attending", "mn4_attending", "mn5_attending")  # ≥ 90%, ĐBKK ≥ 85%
COMPLETED = ("mn3_completed", "mn4_completed", "mn5_completed")  # ≥ 85%, ĐBKK ≥ 80%


@pytest.mark.parametrize("ind", ATTENDING)
def test_mn35_attending_at_and_below(ind):
    assert mn35(**{ind: C(9, 10)}).level == 1  # 90% holds
    assert mn35(**{ind: C(8999, 10000)}).level == 0  # 89.99% fails
    assert mn35(True, **{ind: C(17, 20)}).level == 1  # ĐBKK: 85% holds
    assert mn35(True, **{ind: C(8499, 10000)}).level == 0  # ĐBKK: 84.99% fails
    crit = next(c for c in mn35(**{ind: C(8, 10)}).criteria if c.indicator == ind)
    assert (crit.threshold, crit.met, crit.needed) == (0.9, False, 1)  # ⌈0.9 × 10⌉ − 8


@pytest.mark.parametrize("ind", COMPLETED)
def test_mn35_completed_at_and_below(ind):
    assert mn35(**{ind: C(17, 20)}).level == 1  # 85% holds
    assert mn35(**{ind: C(8499, 10000)}).level == 0  # 84.99% fails
    assert mn35(True, **{ind: C(4, 5)}).level == 1  # ĐBKK: 80% holds
    assert mn35(True, **{ind: C(7999, 10000)}).level == 0  # ĐBKK: 79.99% fails
    crit = next(c for c in mn35(True, **{ind: C(3, 5)}).criteria if c.indicator == ind)
    assert (crit.threshold, crit.met, crit.needed) == (0.8, False, 1)  # ⌈0.8 × 5⌉ − 3


def test_mn35_without_commune_table_is_provisional():
    row = mn35(mn3_completed=NODATA, mn4_completed=NODATA)
    assert (row.level, row.provisional, row.missing) == (1, True, ["mn3_completed", "mn4_completed"])
    assert row.level_range(1) == (0, 1)
    # a criterion with data that fails decides: nothing missing could change it
    row = mn35(mn3_completed=NODATA, mn4_completed=NODATA, mn3_attending=C(1, 2))
    assert (row.level, row.provisional, row.missing) == (0, False, [])


# --- the ĐBKK-split rollup: ≥ 85% of ĐBKK communes and ≥ 90% of the others ------------------------------

def split(dbkk_at: int, dbkk_n: int, other_at: int, other_n: int) -> list[Member]:
    return ([Member(1 if i < dbkk_at else 0, 1 if i < dbkk_at else 0, 1 if i < dbkk_at else 0, True)
             for i in range(dbkk_n)]
            + [Member(1 if i < other_at else 0, 1 if i < other_at else 0, 1 if i < other_at else 0, False)
               for i in range(other_n)])


def test_split_rollup_dbkk_holds_other_fails():
    # ĐBKK 17/19 = 89.47% ≥ 85% holds (needs ⌈16.15⌉ = 17: 0 more); other 8/9 = 88.89% < 90% fails
    # (needs ⌈8.1⌉ = 9: 1 more) → level 0, needed 0 + 1 = 1
    std = _rules().by_id("pcgd_mn3_5")
    members = split(17, 19, 8, 9)
    row = evaluate_group(std, "G", members, scope="area")
    parts = {c.group: c for c in row.criteria}
    assert (parts["dbkk"].numerator, parts["dbkk"].denominator, parts["dbkk"].met, parts["dbkk"].needed) \
        == (17, 19, True, 0)
    assert (parts["other"].numerator, parts["other"].denominator, parts["other"].met, parts["other"].needed) \
        == (8, 9, False, 1)
    assert parts["dbkk"].threshold == 0.85 and parts["other"].threshold == 0.9
    assert (row.level, row.provisional) == (0, False)
    assert units_to_rise(std, 1, members, "area") == 1
    assert units_to_rise(std, 1, members, "province") == 1  # no district tier: the same rule for the total


def test_split_rollup_both_short_and_both_met():
    std = _rules().by_id("pcgd_mn3_5")
    # ĐBKK 15/19: 17 − 15 = 2; other 7/9: 9 − 7 = 2 → 4
    assert units_to_rise(std, 1, split(15, 19, 7, 9), "area") == 4
    # 17/20 ĐBKK = 85% and 9/10 other = 90%: both exactly at their share → level 1
    assert evaluate_group(std, "G", split(17, 20, 9, 10), scope="area").level == 1


def test_split_rollup_group_without_communes_holds():
    std = _rules().by_id("pcgd_mn3_5")
    row = evaluate_group(std, "G", split(0, 0, 9, 9), scope="area")
    dbkk = next(c for c in row.criteria if c.group == "dbkk")
    assert (row.level, dbkk.denominator, dbkk.met, dbkk.needed) == (1, 0, True, 0)


# --- several areas in one run: two areas of three communes each -----------------------------------------

AREAS_PLAN = (
    "plan: {id: p2, title: Kế hoạch hai khu vực, area: Tỉnh thử, years: [2025]}\ntargets:\n"
    "  - id: mn5\n    kind: level\n    standard: pcgd_mn5\n"
    "    years: [{year: 2025, clause: a, label: Phổ cập mầm non 5 tuổi, required: 1}]\n"
    "  - id: mn5_share\n    kind: share_at_level\n    standard: pcgd_mn5\n    level: 1\n"
    "    years: [{year: 2025, clause: b, label: Tỷ lệ xã đạt phổ cập mầm non 5 tuổi, required: 0.8}]\n"
    "  - id: mn35\n    kind: level\n    standard: pcgd_mn3_5\n"
    "    years: [{year: 2025, clause: c, label: Phổ cập mầm non 3–5 tuổi, required: 1}]\n")


@pytest.fixture()
def two_areas(tmp_path) -> tuple[Path, Path]:
    """Areas X (X1, X2, X3) and Y (Y1, Y2, Y3); X3 and Y3 are ĐBKK. Every commune has one 5-year-old
    and one 6-year-old who completed preschool; the 5-year-old attends MG everywhere but in Y3.
    pcgd_mn5: X1–X3, Y1, Y2 level 1; Y3 level 0 (5-year-olds attending 0/1).
    pcgd_mn3_5: no 3- or 4-year-old (0/0 holds), completion at 3 and 4 without data → level 1, provisional
    (could be 0) everywhere but Y3, which fails on data (0, decided)."""
    folder = tmp_path / "2024"
    folder.mkdir()
    codes = ["X1", "X2", "X3", "Y1", "Y2", "Y3"]
    write_units(folder, [{"code": c, "area": f"Khu {c[0]}", "dbkk": "có" if c.endswith("3") else "không"}
                         for c in codes])
    people = []
    for c in codes:
        people += [P(5, unit=c, current="" if c == "Y3" else "MG 5T"), P(6, unit=c, current="1", mn="có", able="có")]
    write_people(folder, people)
    plan = tmp_path / "plan.yaml"
    plan.write_text(AREAS_PLAN, encoding="utf-8")
    return folder, plan


def test_two_areas_levels_shares_needed(two_areas):
    folder, plan = two_areas
    r = run(folder, plan=plan)
    assert [(u.code, u.kind, u.parent) for u in r.units][-3:] == [("Khu X", "area", "*"), ("Khu Y", "area", "*"),
                                                                 ("*", "total", None)]
    # pcgd_mn5: X 3/3 ≥ 90% → 1; Y 2/3 < 90% → 0, needs ⌈2.7⌉ − 2 = 1; total over areas (100%): 1/2 → 0,
    # needs ⌈1.0 × 2⌉ − 1 = 1
    assert [std(r, a, "pcgd_mn5").level for a in ("Khu X", "Khu Y", "*")] == [1, 0, 0]
    total = std(r, "*", "pcgd_mn5").criteria[0]
    assert (total.numerator, total.denominator, total.threshold, total.needed) == (1, 2, 1.0, 1)
    x, y, t = (tgt(r, "mn5", a, 2025) for a in ("Khu X", "Khu Y", "*"))
    assert (x.value, x.met, x.needed) == (1, True, 0)
    assert (y.value, y.met, y.needed) == (0, False, 1)
    assert (t.value, t.met, t.needed) == (0, False, 1)
    # share at MĐ1 ≥ 80%: X 3/3 met; Y 2/3 short ⌈2.4⌉ − 2 = 1; total over areas 1/2 short ⌈1.6⌉ − 1 = 1
    x, y, t = (tgt(r, "mn5_share", a, 2025) for a in ("Khu X", "Khu Y", "*"))
    assert (x.numerator, x.denominator, x.met, x.needed) == (3, 3, True, 0)
    assert (y.numerator, y.denominator, y.met, y.needed) == (2, 3, False, 1)
    assert (t.numerator, t.denominator, t.met, t.needed) == (1, 2, False, 1)


def test_two_areas_mn35_over_communes(two_areas):
    folder, plan = two_areas
    r = run(folder, plan=plan)
    assert [std(r, c, "pcgd_mn3_5").level for c in ("X1", "X2", "X3", "Y1", "Y2", "Y3")] == [1, 1, 1, 1, 1, 0]
    # Khu X: ĐBKK {X3} 1/1, other {X1, X2} 2/2 → 1; every member could still be 0 → provisional
    x = std(r, "Khu X", "pcgd_mn3_5")
    assert (x.level, x.provisional, x.missing) == (1, True, ["mn3_completed", "mn4_completed"])
    # Khu Y: ĐBKK {Y3} 0/1 fails whatever is missing → 0, decided; needs ⌈0.85⌉ − 0 = 1
    y = std(r, "Khu Y", "pcgd_mn3_5")
    assert (y.level, y.provisional) == (0, False)
    # total over the six communes, not the two areas: ĐBKK {X3, Y3} 1/2 < 85% (needs ⌈1.7⌉ − 1 = 1);
    # other {X1, X2, Y1, Y2} 4/4 → 0, decided
    t = std(r, "*", "pcgd_mn3_5")
    parts = {c.group: c for c in t.criteria}
    assert (parts["dbkk"].numerator, parts["dbkk"].denominator, parts["dbkk"].needed) == (1, 2, 1)
    assert (parts["other"].numerator, parts["other"].denominator, parts["other"].needed) == (4, 4, 0)
    assert (t.level, t.provisional) == (0, False)
    xt, yt, tt = (tgt(r, "mn35", a, 2025) for a in ("Khu X", "Khu Y", "*"))
    assert (xt.value, xt.met, xt.provisional) == (1, None, True)
    assert (yt.value, yt.met, yt.needed) == (0, False, 1)
    assert (tt.value, tt.met, tt.needed, tt.provisional) == (0, False, 1, False)


def test_two_areas_total_in_every_output(two_areas, tmp_path):
    folder, plan = two_areas
    j = json.loads(cli("compute", str(folder), "--plan", str(plan), "-f", "json").stdout)
    assert [s["level"] for s in j["standards"] if s["unit"] == "*" and s["standard"] == "pcgd_mn5"] == [0]
    rows = cli("compute", str(folder), "--plan", str(plan), "-f", "csv").stdout.splitlines()
    assert any(line.startswith("mn5,a,2025,*,Tổng,total,") for line in rows)
    terminal = cli("compute", str(folder), "--plan", str(plan)).stdout
    assert "Mục tiêu của kế hoạch — Tổng" in terminal
    out = tmp_path / "r.xlsx"
    cli("compute", str(folder), "--plan", str(plan), "--output", str(out))
    ws = openpyxl.load_workbook(out)["Mức đạt chuẩn"]
    total = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] == "Tổng")
    names = [c.value for c in ws[3]]
    assert total[names.index("PCGD MN 5 tuổi")] == "Chưa đạt"
    assert total[names.index("PCGD MN 3–5 tuổi")] == "Chưa đạt"


def test_bundled_area_is_unchanged_by_several_areas(tmp_path):
    # one area only: no total row
    write_units(tmp_path, [{"code": "A"}])
    write_people(tmp_path, [P(5, current="MG 5T")])
    assert [u.code for u in run(tmp_path).units] == ["A", AREA]


# --- completion from a commune table: the forms' own numerator and denominator ---------------------------

def test_commune_table_settles_preschool_completion(tmp_path):
    """The survey has attendance only (3-, 4- and 5-year-olds attending: 1/1 each); a commune table gives
    completion at 3 (17/20 = 85%), at 4 (9/10) and, as form MN-02 counts it, at 5: 2.382 completed of the
    2.398 who attended the 5-year-old class (Xuyên Mộc 2021) → pcgd_mn3_5 and pcgd_mn4 decided, level 1."""
    from helpers import write_csv

    write_units(tmp_path, [{"code": "A"}])
    write_people(tmp_path, [P(3, current="NT"), P(4, current="MG"), P(5, current="MG 5T")])
    cols = ["Mã đơn vị", "mn3_completed - Tử số", "mn3_completed - Mẫu số", "mn4_completed - Tử số",
            "mn4_completed - Mẫu số", "Hoàn thành chương trình mầm non 5 tuổi - Tử số",
            "Hoàn thành chương trình mầm non 5 tuổi - Mẫu số"]
    write_csv(tmp_path / "so-lieu-xa.csv", [dict(zip(cols, ["A", 17, 20, 9, 10, 2382, 2398]))], cols)
    r = run(tmp_path)
    done = next(i for i in r.indicators if i.unit == "A" and i.indicator == "mn5_completed")
    assert (done.numerator, done.denominator) == (2382, 2398)
    assert (std(r, "A", "pcgd_mn3_5").level, std(r, "A", "pcgd_mn3_5").provisional) == (1, False)
    assert (std(r, "A", "pcgd_mn4").level, std(r, "A", "pcgd_mn4").provisional) == (1, False)
    attending3 = next(i for i in r.indicators if i.unit == "A" and i.indicator == "mn3_attending")
    assert (attending3.numerator, attending3.denominator) == (1, 1)


# --- sources in Vietnamese, built from data -------------------------------------------------------------

def test_standards_table_sources_and_no_ids():
    from rich.console import Console

    from xhht_cli.render.reference import standards_table, targets_table

    rules = _rules()
    console = Console(width=400, record=True)
    console.print(standards_table(rules))
    console.print(targets_table(__import__("xhht_cli").load_plan(), rules))
    text = console.export_text()
    assert "Nghị định 20/2014/NĐ-CP, Điều 9, khoản 2, điểm b — chưa đối chiếu bản gốc (theo báo chí, báo cáo)" in text
    assert "Nghị định 20/2014/NĐ-CP, Điều 16, khoản 1, điểm c — đã đối chiếu văn bản tiếng Việt" in text
    assert "Nghị định 20/2014/NĐ-CP, Điều 20, khoản 1 — đã đối chiếu văn bản tiếng Việt" in text
    assert "Thông tư 07/2016/TT-BGDĐT, Điều 2 — đã đối chiếu văn bản tiếng Việt; độ tuổi 6–14 (theo mẫu TH-M1)" in text
    assert "≥ 85,00% số xã ĐBKK và ≥ 90,00% số xã khác đạt chuẩn" in text
    assert "Mức đạt chuẩn của khu vực" in text and "Tỷ lệ xã, phường đạt mức" in text
    for english_or_id in ("share_at_level", "mn5_attending", "peer", "verified", "cohort", "pcgd_mn4"):
        assert english_or_id not in text
    # 28 before issue 19: XMC MĐ1 now quoted (−1); the access criterion's 60% is quoted (its band and reading of
    # access are conventions, said in its note)
    assert rules.unverified_count() == 27  # the number the one-line note gives


def test_standards_file_written_before_issue_11_still_loads(tmp_path):
    import yaml

    from xhht_cli.law.standards import data_path, load_standards

    raw = yaml.safe_load(data_path("standards.yaml").read_text(encoding="utf-8"))
    del raw["confidence_text"]
    for s in raw["standards"]:
        for lv in s["levels"]:
            lv["rollup"].pop("confidence")
    old = tmp_path / "old.yaml"
    old.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    rules = load_standards(old)
    assert rules.confidence_text["peer"] == "chưa đối chiếu bản gốc (theo phần mềm khác)"
    assert rules.by_id("pcgd_thcs").levels[2].rollup.trust == "quoted"  # verified: true


def _all(counts):
    from xhht_cli.law.standards import evaluate_unit as ev

    earlier: dict = {}
    for s in _rules().evaluation_order():
        earlier[s.id] = ev(s, "U", counts, False, earlier, "unknown")
    return earlier


def test_provisional_prerequisite_names_what_is_missing():
    counts = {i.id: C(10, 10) for i in INDICATORS}
    # TH: MĐ1 has no data at all (entry at 6 and completion 11–14 missing), MĐ2 fails on data (11-year-olds
    # 0/10) → TH 0*, could be 0 or 1 ("Chưa đạt*"). THCS needs TH MĐ1: 0 now, 3 if TH reaches MĐ1 →
    # provisional 0, naming TH's missing data.
    counts.update(th_entry_6=NODATA, th_completed_11_14=NODATA, disabled_access_6_14=NODATA,
                  th_completed_11=C(0, 10))
    rows = _all(counts)
    th, thcs = rows["pcgd_th"], rows["pcgd_thcs"]
    missing = ["th_entry_6", "th_completed_11_14", "disabled_access_6_14"]
    assert (th.level, th.provisional, th.missing, th.level_range(3)) == (0, True, missing, (0, 1))
    assert level_text(3, th.level, th.provisional) == "Chưa đạt*"
    assert (thcs.level, thcs.provisional, thcs.level_range(3)) == (0, True, (0, 3))
    assert thcs.missing == missing
    # the same, but XMC fails on data: THCS is 0 whatever TH becomes → decided, nothing missing
    counts.update(xmc_l1_15_35=C(1, 10))
    thcs = _all(counts)["pcgd_thcs"]
    assert (thcs.level, thcs.provisional, thcs.missing) == (0, False, [])
