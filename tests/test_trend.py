"""Progress across survey years (trend.py, `xhht trend`): hand-computed series, projection and status,
the same-year conflict, the 2025 regrouping (counts summed, never rates averaged; unmapped units listed),
saved JSON reports as input, and the CLI's outputs and exit codes.

Fixture persons are aged 30 with a qualification column ("Không" = none), so that the rates of
ll_trained_15plus (sơ cấp or higher) and ll_university_15plus (đại học or higher) are hand counts:

    unit  2022    2023    2024      indicator               series            change per year
    A     16/20   17/20   18/20     ll_trained_15plus       80%, 85%, 90%     +5 points
    B     3/50    4/50    5/50      ll_university_15plus    6%, 8%, 10%       +2 points
    C     8/20    7/20    6/20      ll_trained_15plus       40%, 35%, 30%     −5 points
"""

from __future__ import annotations

import re

import json
from fractions import Fraction
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from helpers import AREA, P, write_csv, write_people
from xhht_cli import Options, XhhtError, compute
from xhht_cli.trend import TrendOptions, TrendReport, TrendTarget, fit, judge, load_mapping, trend
from xhht_cli.cli.trend import register

YEARS = (2022, 2023, 2024)
TRAINED_A = {2022: 16, 2023: 17, 2024: 18}  # of 20
UNIV_B = {2022: 3, 2023: 4, 2024: 5}  # of 50
TRAINED_C = {2022: 8, 2023: 7, 2024: 6}  # of 20


def people(year: int) -> list[dict]:
    rows = [P(30, unit="A", year=year, qual="Trung cấp") for _ in range(TRAINED_A[year])]
    rows += [P(30, unit="A", year=year, qual="Không") for _ in range(20 - TRAINED_A[year])]
    rows += [P(30, unit="B", year=year, qual="Đại học") for _ in range(UNIV_B[year])]
    rows += [P(30, unit="B", year=year, qual="Không") for _ in range(50 - UNIV_B[year])]
    rows += [P(30, unit="C", year=year, qual="Sơ cấp") for _ in range(TRAINED_C[year])]
    rows += [P(30, unit="C", year=year, qual="Không") for _ in range(20 - TRAINED_C[year])]
    return rows


def year_folder(parent: Path, year: int, rows: list[dict] | None = None) -> Path:
    folder = parent / str(year)
    folder.mkdir(parents=True)
    write_people(folder, people(year) if rows is None else rows)
    return folder


@pytest.fixture(scope="module")
def survey(tmp_path_factory) -> Path:
    """A folder with 2022/, 2023/, 2024/ inside."""
    root = tmp_path_factory.mktemp("survey")
    for y in YEARS:
        year_folder(root, y)
    return root


@pytest.fixture(scope="module")
def report(survey: Path) -> TrendReport:
    return trend([survey])


def row(r: TrendReport, target: str, unit: str) -> TrendTarget:
    hits = [t for t in r.targets if t.target == target and t.unit == unit]
    assert len(hits) == 1, f"{len(hits)} trend rows for {target}/{unit}"
    return hits[0]


def goal(t: TrendTarget, year: int):
    return next(g for g in t.goals if g.year == year)


# --- the series arithmetic ----------------------------------------------------------------------------

def test_fit_is_exact():
    # 10%, 20%, 30% → +10 points a year → 40% in 2025, exactly (floats give 0.4000000000000001 or so)
    line = fit([(2022, Fraction(1, 10)), (2023, Fraction(2, 10)), (2024, Fraction(3, 10))])
    assert line is not None
    assert line.slope == Fraction(1, 10)
    assert line.at(2025) == Fraction(4, 10)


def test_judge_on_the_threshold_is_on_track():
    pts = [(2022, Fraction(1, 10)), (2023, Fraction(2, 10)), (2024, Fraction(3, 10))]
    res = judge(pts, Fraction(4, 10), 2025, fit(pts))
    assert (res.status, res.projected, res.reached_in) == ("on_track", Fraction(4, 10), 2025)


def test_judge_one_point_has_no_slope():
    assert fit([(2024, Fraction(1, 2))]) is None
    res = judge([(2024, Fraction(1, 2))], Fraction(3, 5), 2025, None)
    assert (res.status, res.projected, res.reached_in) == ("off_track", None, None)


def test_judge_deadline_passed_is_not_on_track():
    # rising, but the goal year is already behind the latest survey and the value is below it
    pts = [(2024, Fraction(1, 10)), (2025, Fraction(2, 10)), (2026, Fraction(3, 10))]
    assert judge(pts, Fraction(1, 2), 2025, fit(pts)).status == "off_track"


def test_judge_no_values_is_no_data():
    assert judge([], Fraction(1, 2), 2025, None).status == "no_data"


# --- hand-computed series, end to end -----------------------------------------------------------------

def test_years_from_folder_names(report: TrendReport):
    assert report.years == [2022, 2023, 2024]
    assert report.horizons == [2025, 2030]
    assert [d.kind for d in report.datasets] == ["data"] * 3
    assert report.schema_version == 1 and report.kind == "trend"


def test_rising_80_85_90_gains_5_points_and_projects_95(report: TrendReport):
    t = row(report, "ll_trained_15plus", "A")
    assert [v.value for v in t.values] == [0.8, 0.85, 0.9]
    assert [(v.numerator, v.denominator) for v in t.values] == [(16, 20), (17, 20), (18, 20)]
    assert t.slope_per_year == 0.05 and t.basis == "trend"
    g25, g30 = goal(t, 2025), goal(t, 2030)
    assert g25.projected == 0.95
    assert g30.projected == 1.0  # 80% + 8 × 5 points = 120%, clipped to 100%
    assert (g25.status, g25.reached_in, g25.required) == ("met", 2022, 0.5)  # ≥ 50% since the first year
    assert (g30.status, g30.reached_in) == ("met", 2022)


def test_rising_below_target_is_on_track_with_the_year_reached(report: TrendReport):
    # 6%, 8%, 10%: +2 points a year; 2025 projects exactly 12% = required (exact comparison) → on track;
    # 15% is crossed at 2023 + (15 − 8) / 2 = 2026.5 → reached in 2027.
    t = row(report, "ll_university_15plus", "B")
    assert [v.value for v in t.values] == [0.06, 0.08, 0.1]
    assert t.slope_per_year == 0.02
    g25, g30 = goal(t, 2025), goal(t, 2030)
    assert (g25.status, g25.projected, g25.reached_in) == ("on_track", 0.12, 2025)
    assert (g30.status, g30.projected, g30.reached_in) == ("on_track", 0.22, 2027)
    assert g25.years_below == [2022, 2023, 2024]


def test_falling_series_is_off_track_and_never_reached(report: TrendReport):
    t = row(report, "ll_trained_15plus", "C")
    assert [v.value for v in t.values] == [0.4, 0.35, 0.3]
    assert t.slope_per_year == -0.05
    g25, g30 = goal(t, 2025), goal(t, 2030)
    assert (g25.status, g25.projected, g25.reached_in) == ("off_track", 0.25, None)
    assert (g30.status, g30.projected, g30.reached_in) == ("off_track", 0.0, None)  # −0,05 clipped at 0%


def test_area_sums_units(report: TrendReport):
    t = row(report, "ll_trained_15plus", AREA)
    # A + B + C: (16 + 6 + 8) / 90 in 2022 (B's 3 university graduates are trained too)
    assert [(v.numerator, v.denominator) for v in t.values] == [(27, 90), (28, 90), (29, 90)]


def test_no_data_indicator_is_no_data(report: TrendReport):
    t = row(report, "ll_learning_citizens", "A")  # no column for it in the fixture
    assert t.basis == "no_data" and t.slope_per_year is None
    assert all(g.status == "no_data" and g.projected is None for g in t.goals)


def test_levels_over_the_years(report: TrendReport):
    s = [x for x in report.standards if x.unit == AREA]
    assert {x.standard for x in s} == {"pcgd_mn5", "pcgd_mn4", "pcgd_mn3_5", "pcgd_th", "pcgd_thcs", "xmc"}
    for x in s:
        assert [p.year for p in x.levels] == [2022, 2023, 2024]
        assert [f.level for f in x.first_reached] == list(range(1, len(x.first_reached) + 1))


def test_single_year_has_no_slope_and_says_so(survey: Path):
    r = trend([survey / "2024"])
    assert r.years == [2024]
    a = row(r, "ll_trained_15plus", "A")
    assert (a.basis, a.slope_per_year) == ("single_year", None)
    assert [(g.status, g.projected) for g in a.goals] == [("met", None), ("met", None)]  # 90% ≥ 50%, ≥ 60%
    c = row(r, "ll_trained_15plus", "C")
    assert [(g.status, g.reached_in) for g in c.goals] == [("off_track", None), ("off_track", None)]
    assert any(m.code == "trend-single-year" for m in r.messages)


# --- which datasets ----------------------------------------------------------------------------------

def test_two_datasets_of_one_year_are_an_error_naming_both(tmp_path: Path):
    first = year_folder(tmp_path / "a", 2024)
    second = year_folder(tmp_path / "b", 2024)
    with pytest.raises(XhhtError) as exc:
        trend([first, second])
    [m] = exc.value.messages
    assert m.code == "trend-year-conflict"
    assert str(first) in m.message and str(second) in m.message and "2024" in m.message


def test_a_saved_report_and_a_folder_of_one_year_conflict(tmp_path: Path, survey: Path):
    saved = tmp_path / "bao-cao-2024.json"
    saved.write_text(compute([survey / "2024"], Options()).to_json(), encoding="utf-8")
    with pytest.raises(XhhtError) as exc:
        trend([saved, survey / "2024"])
    assert exc.value.messages[0].code == "trend-year-conflict"
    assert str(saved) in exc.value.messages[0].message


def test_json_reports_read_back_give_the_same_trend(tmp_path: Path, survey: Path, report: TrendReport):
    saved = tmp_path / "2022.json"
    saved.write_text(compute([survey / "2022"], Options()).to_json(), encoding="utf-8")
    mixed = trend([saved, survey / "2023", survey / "2024"])
    assert [d.kind for d in mixed.datasets] == ["report", "data", "data"]
    assert mixed.targets == report.targets
    assert mixed.standards == report.standards


def test_json_reports_found_inside_a_folder(tmp_path: Path, survey: Path):
    for y in YEARS:
        (tmp_path / f"bao-cao-{y}.json").write_text(compute([survey / str(y)], Options()).to_json(),
                                                    encoding="utf-8")
    r = trend([tmp_path])
    assert r.years == list(YEARS) and {d.kind for d in r.datasets} == {"report"}
    assert row(r, "ll_trained_15plus", "A").slope_per_year == 0.05


def test_a_json_file_that_is_not_a_report_is_an_error(tmp_path: Path):
    bad = tmp_path / "x.json"
    bad.write_text(json.dumps({"hello": 1}), encoding="utf-8")
    with pytest.raises(XhhtError) as exc:
        trend([bad])
    assert exc.value.messages[0].code == "report-invalid"


# --- the 2025 reorganisation -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def merging(tmp_path_factory) -> Path:
    """A: 1 of 4 trained (25%), B: 9 of 16 (56.25%), D: 1 of 2, in 2023 and 2024.
    Merged A + B = 10 of 20 = 50% (the mean of the two rates would be 40.625%)."""
    root = tmp_path_factory.mktemp("merge")
    for y in (2023, 2024):
        rows = [P(30, unit="A", year=y, qual="Trung cấp")] + [P(30, unit="A", year=y, qual="Không")] * 3
        rows += [P(30, unit="B", year=y, qual="Đại học")] * 9 + [P(30, unit="B", year=y, qual="Không")] * 7
        rows += [P(30, unit="D", year=y, qual="Sơ cấp"), P(30, unit="D", year=y, qual="Không")]
        year_folder(root, y, rows)
    return root


def test_mapping_sums_counts_never_averages_rates(merging: Path, tmp_path: Path):
    mapping = tmp_path / "map.yaml"
    mapping.write_text("mapping:\n  A: N\n  B: N\n  D: D\nnew_units:\n  N: {name: Phường Mới}\n", encoding="utf-8")
    r = trend([merging], TrendOptions(mapping=mapping))
    assert [u.code for u in r.units if u.kind == "commune"] == ["N", "D"]
    assert {u.code: u.name for u in r.units}["N"] == "Phường Mới"
    t = row(r, "ll_trained_15plus", "N")
    assert [(v.numerator, v.denominator, v.value) for v in t.values] == [(10, 20, 0.5), (10, 20, 0.5)]
    u = row(r, "ll_university_15plus", "N")
    assert [(v.numerator, v.denominator) for v in u.values] == [(9, 20), (9, 20)]
    assert r.mapping is not None and r.mapping.regrouped_years == [2023, 2024]
    assert all(d.regrouped for d in r.datasets)
    assert [(m.code, m.from_) for m in r.datasets[0].merged] == [("N", ["A", "B"])]
    assert {s.unit for s in r.standards} >= {"N", "D", AREA}  # levels re-evaluated on the merged unit
    assert not any(t.unit in ("A", "B") for t in r.targets)


def test_mapping_sheet_by_old_name(merging: Path, tmp_path: Path):
    sheet = write_csv(tmp_path / "map.csv", [{"Tên cũ": "A", "Mã mới": "N", "Tên mới": "Phường Mới"},
                                            {"Tên cũ": "B", "Mã mới": "N"}, {"Tên cũ": "D", "Mã mới": "D"}],
                      ["Tên cũ", "Mã mới", "Tên mới"])
    m = load_mapping(sheet)
    assert m.entries == {"A": "N", "B": "N", "D": "D"} and m.new_units["N"].name == "Phường Mới"
    r = trend([merging], TrendOptions(mapping=sheet))
    assert [(v.numerator, v.denominator) for v in row(r, "ll_trained_15plus", "N").values] == [(10, 20), (10, 20)]


def test_unmapped_units_are_one_error_listing_every_unit(merging: Path, tmp_path: Path):
    mapping = tmp_path / "map.yaml"
    mapping.write_text("mapping:\n  A: N\n", encoding="utf-8")
    with pytest.raises(XhhtError) as exc:
        trend([merging], TrendOptions(mapping=mapping))
    [m] = exc.value.messages
    assert m.code == "mapping-unmapped" and m.file == str(mapping)
    assert "B (B; 2023, 2024)" in m.message and "D (D; 2023, 2024)" in m.message
    assert "A (" not in m.message


def test_units_already_in_todays_codes_are_not_regrouped(merging: Path, tmp_path: Path):
    mapping = tmp_path / "map.yaml"
    mapping.write_text("mapping:\n  X: A\n  B: B\n  D: D\n", encoding="utf-8")
    r = trend([merging], TrendOptions(mapping=mapping))
    assert r.mapping is not None and r.mapping.regrouped_years == []
    assert not any(d.regrouped for d in r.datasets)


def test_ben_cat_samples_move_and_regroup():
    sample = Path(__file__).resolve().parents[1] / "samples" / "ben-cat"
    r = trend([sample])
    assert r.years == [2022, 2023, 2024]
    assert any(t.slope_per_year not in (None, 0.0) for t in r.targets if t.unit != AREA)
    merged = trend([sample], TrendOptions(mapping=sample / "mapping-2025.yaml"))
    assert merged.mapping is not None and merged.mapping.regrouped_years == [2022, 2023, 2024]
    assert [u.code for u in merged.units if u.kind == "commune"] == ["MP25", "BC03", "BC04", "BC05", "BC06",
                                                                     "BC07", "BC08"]
    for k, y in enumerate(r.years):
        a = row(r, "ll_trained_15plus", "BC01").values[k]
        b = row(r, "ll_trained_15plus", "BC02").values[k]
        m = row(merged, "ll_trained_15plus", "MP25").values[k]
        assert (m.numerator, m.denominator) == (a.numerator + b.numerator, a.denominator + b.denominator), y
    # the area is the same units summed either way
    assert row(merged, "ll_trained_15plus", AREA).values == row(r, "ll_trained_15plus", AREA).values


# --- the command ------------------------------------------------------------------------------------

def cli(*args: str):
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """xhht"""

    register(app)
    return CliRunner().invoke(app, ["trend", *args], catch_exceptions=False)


def test_cli_json_equals_library(survey: Path, report: TrendReport):
    result = cli(str(survey), "-f", "json")
    assert result.exit_code == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed == json.loads(report.to_json())
    assert printed["schema_version"] == 1 and printed["kind"] == "trend"
    assert "from" in printed["datasets"][0]["merged"] or printed["datasets"][0]["merged"] == []


def test_cli_terminal_in_vietnamese(survey: Path):
    result = cli(str(survey))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Mục tiêu — Thị xã Bến Cát" in out
    assert "+5,00 điểm" in out and "-5,00 điểm" in out
    assert "Đúng tiến độ" in out and "Chậm tiến độ" in out and "không kịp" in out  # the last wraps in its cell
    # a projection with its status on the line below, in the same column (the unit table's forecast cells)
    lines = out.splitlines()
    pairs = {(a[a.index(p):a.index(p) + len(p)], b[a.index(p):].split("│")[0].strip())
             for a, b in zip(lines, lines[1:]) for p in ("95,00%", "12,00%") if p in a and "│" in a}
    assert ("95,00%", "Đã đạt") in pairs and ("12,00%", "Đúng tiến độ") in pairs
    assert "▁▄█ ↗" in out and "█▄▁ ↘" in out
    assert "Mức đạt chuẩn qua các năm" in out


def test_cli_csv(survey: Path):
    result = cli(str(survey), "--format", "csv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "value_2022,value_2023,value_2024,slope_per_year" in lines[0]
    a25 = next(x for x in lines if x.startswith("ll_trained_15plus,II.2.a,2025,A,"))
    assert ",0.8,0.85,0.9,0.05,trend,0.95,2022,met," in a25


def test_cli_xlsx_has_a_line_chart_per_target_and_is_byte_identical(survey: Path, tmp_path: Path):
    import openpyxl

    out1, out2 = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert cli(str(survey), "-q", "-o", str(out1)).exit_code == 0
    assert cli(str(survey), "-q", "-o", str(out2)).exit_code == 0
    assert out1.read_bytes() == out2.read_bytes()
    wb = openpyxl.load_workbook(out1)
    assert wb.sheetnames == ["Xu hướng mục tiêu", "Mức đạt chuẩn qua các năm", "Biểu đồ", "Ghi chú"]
    charts = wb["Biểu đồ"]._charts
    assert charts and all(c.tagname == "lineChart" for c in charts)
    # one chart per area target with data: 5 level targets (the repeated literacy line once), the share of
    # units at PCGD THCS MĐ3, and the two rates the fixture holds
    assert len(charts) == 8


def test_cli_data_error_exit_3_nothing_written(tmp_path: Path):
    first = year_folder(tmp_path / "a", 2024)
    second = year_folder(tmp_path / "b", 2024)
    out = tmp_path / "x.xlsx"
    result = cli(str(first), str(second), "-f", "json", "-o", str(out))
    assert result.exit_code == 3
    assert result.stdout == "" and not out.exists()
    payload = json.loads(result.stderr)
    assert payload["schema_version"] == 1 and payload["messages"][0]["code"] == "trend-year-conflict"


def test_cli_usage_errors_exit_2(survey: Path, tmp_path: Path):
    assert cli(str(survey), "-o", str(tmp_path / "x.txt")).exit_code == 2
    assert cli(str(survey), "-o", str(tmp_path / "missing" / "x.xlsx")).exit_code == 2
    assert cli(str(survey), "--format", "pdf").exit_code == 2


def test_cli_terminal_errors_name_both_datasets_without_the_code(tmp_path: Path):
    first = year_folder(tmp_path / "a", 2023)
    second = year_folder(tmp_path / "b", 2023)
    result = cli(str(first), str(second))
    assert result.exit_code == 3 and result.stdout == ""
    err = "".join(result.stderr.split())  # the console wraps long lines, even inside a path
    assert "Lỗi:" in err and "trend-year-conflict" not in err and "2023" in err  # codes are for scripts
    assert "".join(str(first).split()) in err and "".join(str(second).split()) in err


# --- a provisional year is never "first reached" (spec.md, issue 19) ----------------------------------

PROVISIONAL_PLAN = ("plan: {id: pt, title: Kế hoạch thử, area: Khu thử, years: [2025]}\ntargets:\n"
                    "  - id: th\n    kind: level\n    standard: pcgd_th\n"
                    "    years: [{year: 2025, clause: a, label: Phổ cập tiểu học mức độ 1, required: 1}]\n")


def _th_people(year: int, able: bool) -> list[dict]:
    """Unit A: a 6-year-old in grade 1, an 11-year-old who completed primary and studies grade 6, and a
    disabled 8-year-old in grade 3 → PCGD TH MĐ3 on every rate; the access criterion has data only when the
    able-to-learn column is there (else every level is provisional)."""
    extra = {"able": "có"} if able else {}
    return [P(6, unit="A", year=year, current="1"), P(11, unit="A", year=year, current="6", done="5"),
            P(8, unit="A", year=year, current="3", disabled="có", **extra)]


@pytest.mark.parametrize("complete", [(False, False, True), (False, False, False)])
def test_provisional_years_are_never_first_reached(tmp_path: Path, complete: tuple[bool, ...]):
    # 2022 and 2023 lack the able-to-learn column: MĐ3 provisional ("Tạm đạt MĐ3"). With 2024 complete, every
    # level and the plan's level target were first reached in 2024; without it, never (status met only
    # provisionally, "tạm đạt").
    for y, able in zip(YEARS, complete):
        year_folder(tmp_path, y, _th_people(y, able))
    plan = tmp_path / "plan.yaml"
    plan.write_text(PROVISIONAL_PLAN, encoding="utf-8")
    r = trend([tmp_path / str(y) for y in YEARS], TrendOptions(plan=plan))
    th = next(s for s in r.standards if s.unit == "A" and s.standard == "pcgd_th")
    assert [(p.level, p.provisional) for p in th.levels] == [(3, True), (3, True), (3, not complete[2])]
    first = 2024 if complete[2] else None
    assert [(f.level, f.year) for f in th.first_reached] == [(1, first), (2, first), (3, first)]
    goal = row(r, "th", "Khu thử").goals[0]
    # status from the years on complete data only: none when every year is provisional
    assert (goal.status, goal.reached_in, goal.provisional) == ("met" if complete[2] else "no_data", first, not complete[2])


def test_xlsx_charts_read_levels_as_words_in_one_font(survey: Path, tmp_path: Path):
    """A single-level standard's chart reads Đạt / Chưa đạt (never MĐ0/MĐ1) and draws no fractional trend; a
    standard with levels reads "Chưa đạt" at 0; every chart text names one font family and size (issue 20)."""
    import html
    import zipfile

    out = tmp_path / "t.xlsx"
    assert cli(str(survey), "-q", "-o", str(out)).exit_code == 0
    with zipfile.ZipFile(out) as z:
        charts = [html.unescape(z.read(n).decode()) for n in z.namelist() if n.startswith("xl/charts/chart")]
    mn5 = [c for c in charts if "mầm non cho trẻ em 5 tuổi" in c]
    assert mn5
    for c in mn5:
        assert '[=1]"Đạt";[=0]"Chưa đạt"' in c and '"MĐ"0' not in c
        assert "Xu hướng" not in c  # no trend line through a met / not-met standard
    th = [c for c in charts if "phổ cập giáo dục tiểu học" in c]
    assert th and all('[=0]"Chưa đạt";"MĐ"0' in c for c in th)
    for c in charts:
        assert 'typeface="Arial"' in c and 'sz="1100"' in c and "Calibri" not in c
    names = " ".join(charts)
    assert "Tiếp tục duy trì" not in names and "Phấn đấu" not in names  # a chart spans years: neutral names
