"""Commune-level sources (issue 3): commune counts, institutions, learning models, recognitions and a
conditions sheet, each on fixtures counted by hand; the one-source rule; and every bad value a clear
error naming file, sheet, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import P, write_csv, write_people
from xhht_cli import Options, XhhtError, compute

UNITS = [
    {"Mã đơn vị": "X1", "Tên đơn vị": "Xã Một", "Loại": "Xã", "Khu vực": "Huyện Thử", "ĐBKK": "không"},
    {"Mã đơn vị": "X2", "Tên đơn vị": "Phường Hai", "Loại": "Phường", "Khu vực": "Huyện Thử", "ĐBKK": "không"},
]
UNIT_HEADER = ["Mã đơn vị", "Tên đơn vị", "Loại", "Khu vực", "ĐBKK"]
INST_HEADER = ["Tên cơ sở", "Mã đơn vị", "Loại cơ sở", "Môi trường số", "Ứng dụng CNTT"]
MODEL_HEADER = ["Mã đơn vị", "Số hộ gia đình", "Gia đình học tập", "Số dòng họ", "Dòng họ học tập", "Số ấp, khu phố",
                "Cộng đồng học tập", "Số cơ quan, đơn vị", "Đơn vị học tập", "Công dân học tập", "Dân số từ 15 tuổi"]


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "2024"
    d.mkdir()
    write_csv(d / "don-vi.csv", UNITS, UNIT_HEADER)
    # one person per unit, so that both units have survey rows
    write_people(d, [P(30, unit="X1", qual="Đại học"), P(40, unit="X2")])
    return d


def run(folder: Path):
    return compute([folder], Options())


def ind(report, unit: str, indicator: str):
    return next(r for r in report.indicators if r.unit == unit and r.indicator == indicator)


def target(report, unit: str, tid: str, year: int):
    return next(r for r in report.targets if r.unit == unit and r.target == tid and r.year == year)


def errors(folder: Path) -> list:
    with pytest.raises(XhhtError) as exc:
        run(folder)
    return exc.value.messages


# --- commune counts ------------------------------------------------------------------------------------

def test_commune_counts_give_numerator_and_denominator(folder: Path) -> None:
    write_csv(folder / "so-lieu.csv", [
        {"Mã đơn vị": "X1", "ll_information_literacy - Tử số": "30", "ll_information_literacy - Mẫu số": "60"},
        {"Mã đơn vị": "Phường Hai", "ll_information_literacy - Tử số": "1.000",
         "ll_information_literacy - Mẫu số": "1.500"},
    ], ["Mã đơn vị", "ll_information_literacy - Tử số", "ll_information_literacy - Mẫu số"])
    r = run(folder)
    assert (ind(r, "X1", "ll_information_literacy").numerator, ind(r, "X1", "ll_information_literacy").denominator) \
        == (30, 60)
    # "1.000" is a thousands separator: 1000 of 1500; the area sums counts: 1030 / 1560
    area = ind(r, "Huyện Thử", "ll_information_literacy")
    assert (area.numerator, area.denominator) == (1030, 1560)
    # 50% target: ⌈0.5 × 1560 − 1030⌉ < 0 → needed 0, met
    assert target(r, "Huyện Thử", "ll_information_literacy", 2025).met is True
    # 70% in 2030: ⌈0.7 × 1560⌉ − 1030 = 1092 − 1030 = 62
    assert target(r, "Huyện Thử", "ll_information_literacy", 2030).needed == 62


def test_vietnamese_two_row_header(folder: Path) -> None:
    (folder / "bang.csv").write_text(
        "Mã đơn vị,Kỹ năng sống,\n,Tử số,Mẫu số\nX1,5,10\nX2,0,0\n", encoding="utf-8")
    r = run(folder)
    assert (ind(r, "X1", "ll_life_skills").numerator, ind(r, "X1", "ll_life_skills").denominator) == (5, 10)
    assert ind(r, "X2", "ll_life_skills").value is None  # 0 of 0: empty, not "no data"
    assert ind(r, "X2", "ll_life_skills").denominator == 0


def test_same_indicator_from_survey_and_table_is_an_error(folder: Path) -> None:
    write_people(folder, [P(30, unit="X1", qual="Đại học"), P(40, unit="X2")], name="persons.csv")
    write_csv(folder / "bang.csv", [{"Mã đơn vị": "X1", "ll_trained_15plus - Tử số": 1,
                                     "ll_trained_15plus - Mẫu số": 2}],
              ["Mã đơn vị", "ll_trained_15plus - Tử số", "ll_trained_15plus - Mẫu số"])
    msgs = errors(folder)
    assert msgs[0].code == "source-conflict"
    assert "persons.csv" in msgs[0].message and "bang.csv" in msgs[0].message


@pytest.mark.parametrize("num,den,code,row_col", [
    ("11", "10", "counts-num-over-den", "ll_life_skills - Tử số"),
    ("-1", "10", "bad-count", "ll_life_skills - Tử số"),
    ("2.5", "10", "bad-count", "ll_life_skills - Tử số"),
    ("3", "", "counts-half-pair", "ll_life_skills - Mẫu số"),
])
def test_bad_counts_name_file_sheet_row_column(folder: Path, num: str, den: str, code: str, row_col: str) -> None:
    write_csv(folder / "bang.csv", [{"Mã đơn vị": "X2", "ll_life_skills - Tử số": "1", "ll_life_skills - Mẫu số": "2"},
                                    {"Mã đơn vị": "X1", "ll_life_skills - Tử số": num, "ll_life_skills - Mẫu số": den}],
              ["Mã đơn vị", "ll_life_skills - Tử số", "ll_life_skills - Mẫu số"])
    m = next(m for m in errors(folder) if m.code == code)
    assert (m.row, m.column, m.sheet) == (3, row_col, "bang")
    assert m.file and m.file.endswith("bang.csv")


def test_unit_listed_twice_and_unknown_unit(folder: Path) -> None:
    write_csv(folder / "bang.csv", [{"Mã đơn vị": "X1", "ll_life_skills - Tử số": "1", "ll_life_skills - Mẫu số": "2"},
                                    {"Mã đơn vị": "X1", "ll_life_skills - Tử số": "1", "ll_life_skills - Mẫu số": "2"},
                                    {"Mã đơn vị": "Xã Lạ", "ll_life_skills - Tử số": "1",
                                     "ll_life_skills - Mẫu số": "2"}],
              ["Mã đơn vị", "ll_life_skills - Tử số", "ll_life_skills - Mẫu số"])
    by_code = {m.code: m for m in errors(folder)}
    assert by_code["unit-twice"].row == 3
    assert by_code["unit-unknown"].row == 4 and "X1 (Xã Một)" in by_code["unit-unknown"].message


# --- institutions --------------------------------------------------------------------------------------

INSTITUTIONS = [
    {"Tên cơ sở": "MN A", "Mã đơn vị": "X1", "Loại cơ sở": "Trường mầm non", "Môi trường số": "có"},
    {"Tên cơ sở": "TH A", "Mã đơn vị": "X1", "Loại cơ sở": "Trường TH", "Môi trường số": "không"},
    {"Tên cơ sở": "THCS A", "Mã đơn vị": "X1", "Loại cơ sở": "trường THCS", "Môi trường số": "x"},
    {"Tên cơ sở": "TT", "Mã đơn vị": "X2", "Loại cơ sở": "TT GDNN-GDTX", "Môi trường số": ""},
    {"Tên cơ sở": "TTHTCĐ A", "Mã đơn vị": "X1", "Loại cơ sở": "TTHTCĐ", "Ứng dụng CNTT": "có"},
    {"Tên cơ sở": "TTHTCĐ B", "Mã đơn vị": "Phường Hai", "Loại cơ sở": "Trung tâm học tập cộng đồng",
     "Ứng dụng CNTT": "không"},
]


def test_institutions_give_inst_digital_and_clc_it(folder: Path) -> None:
    write_csv(folder / "co-so.csv", INSTITUTIONS, INST_HEADER)
    r = run(folder)
    # X1: MN có, TH không, THCS x → 2 of 3 digital; the learning centre is counted only in clc_it
    x1 = ind(r, "X1", "inst_digital")
    assert (x1.numerator, x1.denominator, x1.unrecorded) == (2, 3, 0)
    # X2: the GDNN-GDTX centre with a blank answer: 0 of 1, and 1 unrecorded
    x2 = ind(r, "X2", "inst_digital")
    assert (x2.numerator, x2.denominator, x2.unrecorded) == (0, 1, 1)
    assert (ind(r, "Huyện Thử", "clc_it").numerator, ind(r, "Huyện Thử", "clc_it").denominator) == (1, 2)
    # 60% of 4 institutions in 2025: ⌈2.4⌉ − 2 = 1 more institution
    assert target(r, "Huyện Thử", "inst_digital", 2025).needed == 1
    # the breakdown by type, area row
    area = {(row.type, row.total, row.digital) for row in r.institutions if row.unit == "Huyện Thử"}
    assert ("preschool", 1, 1) in area and ("gdnn_gdtx", 1, 0) in area and ("clc", 2, 1) in area


def test_institution_type_not_recognised(folder: Path) -> None:
    write_csv(folder / "co-so.csv", INSTITUTIONS + [{"Tên cơ sở": "?", "Mã đơn vị": "X1", "Loại cơ sở": "Nhà văn hóa",
                                                     "Môi trường số": "có"}], INST_HEADER)
    m = next(m for m in errors(folder) if m.code == "institution-bad-type")
    assert (m.row, m.column) == (8, "Loại cơ sở") and "Nhà văn hóa" in m.message


def test_institution_in_unknown_unit(folder: Path) -> None:
    write_csv(folder / "co-so.csv", [{"Tên cơ sở": "A", "Mã đơn vị": "X9", "Loại cơ sở": "Trường TH",
                                      "Môi trường số": "có"}], INST_HEADER)
    m = next(m for m in errors(folder) if m.code == "unit-unknown")
    assert (m.row, m.column) == (2, "Mã đơn vị")


# --- learning models and recognitions ------------------------------------------------------------------

def test_learning_models_rates_are_recognised_over_total(tmp_path: Path) -> None:
    d = tmp_path / "2024"
    d.mkdir()
    write_csv(d / "don-vi.csv", UNITS, UNIT_HEADER)
    write_people(d, [P(30, unit="X1"), P(40, unit="X2")])  # no "Công dân học tập" column: counts may give it
    write_csv(d / "mo-hinh.csv", [
        {"Mã đơn vị": "X1", "Số hộ gia đình": 100, "Gia đình học tập": 70, "Số dòng họ": 10, "Dòng họ học tập": 6,
         "Số ấp, khu phố": 4, "Cộng đồng học tập": 2, "Số cơ quan, đơn vị": 5, "Đơn vị học tập": 4,
         "Công dân học tập": 40, "Dân số từ 15 tuổi": 100},
        {"Mã đơn vị": "X2", "Số hộ gia đình": 50, "Gia đình học tập": 30, "Số dòng họ": 0, "Dòng họ học tập": 0,
         "Số ấp, khu phố": 3, "Cộng đồng học tập": 3, "Số cơ quan, đơn vị": 5, "Đơn vị học tập": 5,
         "Công dân học tập": 10, "Dân số từ 15 tuổi": 50},
    ], MODEL_HEADER)
    r = run(d)
    fam = ind(r, "Huyện Thử", "lm_families")
    assert (fam.numerator, fam.denominator) == (100, 150)
    assert ind(r, "X2", "lm_clans").value is None and ind(r, "X2", "lm_clans").denominator == 0
    cit = ind(r, "Huyện Thử", "ll_learning_citizens")
    assert (cit.numerator, cit.denominator) == (50, 150)
    # 40% of 150 = 60 → 10 more citizens in 2025; 60% → 90 − 50 = 40 in 2030
    assert target(r, "Huyện Thử", "ll_learning_citizens", 2025).needed == 10
    assert target(r, "Huyện Thử", "ll_learning_citizens", 2030).needed == 40


def test_model_count_over_total_is_an_error(folder: Path) -> None:
    write_csv(folder / "mo-hinh.csv", [{"Mã đơn vị": "X1", "Số hộ gia đình": 10, "Gia đình học tập": 12}],
              ["Mã đơn vị", "Số hộ gia đình", "Gia đình học tập"])
    m = next(m for m in errors(folder) if m.code == "counts-num-over-den")
    assert (m.row, m.column) == (2, "Gia đình học tập")


def test_recognition_of_the_survey_year_or_latest_before(folder: Path) -> None:
    write_csv(folder / "cong-nhan.csv", [{"Khu vực": "Huyện Thử", "Năm": 2023, "Thị xã học tập": "có"},
                                         {"Khu vực": "Huyện Thử", "Năm": 2025, "Thị xã học tập": "không"}],
              ["Khu vực", "Năm", "Thị xã học tập"])
    r = run(folder)  # survey year 2024: the 2023 status holds; the 2025 row is in the future
    row = target(r, "Huyện Thử", "learning_town", 2025)
    assert (row.value, row.met, row.needed) == (True, True, None)


def test_recognition_absent_is_no_data(folder: Path) -> None:
    row = target(run(folder), "Huyện Thử", "learning_town", 2025)
    assert (row.value, row.met) == (None, None)


# --- conditions ----------------------------------------------------------------------------------------

def test_conditions_sheet_adds_to_units_sheet(folder: Path) -> None:
    write_csv(folder / "dieu-kien.csv", [{"Mã đơn vị": "X1", "Điều kiện XMC": "không"},
                                         {"Mã đơn vị": "X2", "Điều kiện XMC": "có"}], ["Mã đơn vị", "Điều kiện XMC"])
    r = run(folder)
    x1 = next(s for s in r.standards if s.unit == "X1" and s.standard == "xmc")
    assert (x1.conditions, x1.level) == ("not_met", 0)


def test_conditions_disagreeing_with_units_sheet_is_an_error(tmp_path: Path) -> None:
    d = tmp_path / "2024"
    d.mkdir()
    write_csv(d / "don-vi.csv", [{**UNITS[0], "Điều kiện XMC": "có"}, UNITS[1]], UNIT_HEADER + ["Điều kiện XMC"])
    write_people(d, [P(30, unit="X1"), P(40, unit="X2")])
    write_csv(d / "dieu-kien.csv", [{"Mã đơn vị": "X1", "Điều kiện XMC": "không"}], ["Mã đơn vị", "Điều kiện XMC"])
    m = next(m for m in errors(d) if m.code == "conditions-conflict")
    assert m.file.endswith("dieu-kien.csv") and (m.row, m.column) == (2, "Điều kiện XMC")
    assert "don-vi.csv" in m.message


def test_samples_evaluate_every_target_of_the_plan() -> None:
    root = Path(__file__).resolve().parents[1] / "samples" / "ben-cat" / "2024"
    r = compute([root], Options())
    area = [t for t in r.targets if t.unit == "Thị xã Bến Cát"]
    assert area and all(t.value is not None for t in area), [t.target for t in area if t.value is None]


def test_institution_list_typed_in_tcvn3_is_converted(folder: Path) -> None:
    from xhht_cli.io.legacy import from_unicode

    rows = [{**r, "Loại cơ sở": from_unicode(r["Loại cơ sở"], "tcvn3"), "Tên cơ sở": from_unicode(r["Tên cơ sở"], "tcvn3")}
            for r in INSTITUTIONS]
    write_csv(folder / "co-so.csv", rows, INST_HEADER)
    with_tcvn3 = run(folder)
    write_csv(folder / "co-so.csv", INSTITUTIONS, INST_HEADER)
    plain = run(folder)
    assert [(r.unit, r.numerator, r.denominator) for r in with_tcvn3.indicators if r.indicator == "inst_digital"] \
        == [(r.unit, r.numerator, r.denominator) for r in plain.indicators if r.indicator == "inst_digital"]
    assert any(m.code == "legacy-encoding" and m.column == "Loại cơ sở" for m in with_tcvn3.messages)


def test_rate_target_over_nobody_is_noted(folder: Path) -> None:
    # X2 has no community learning centre: clc_it is 0 of 0 there, so the target is neither met nor missed
    write_csv(folder / "co-so.csv", INSTITUTIONS[:5], INST_HEADER)
    r = run(folder)
    row = target(r, "X2", "clc_it", 2025)
    assert (row.met, row.needed, row.denominator) == (None, 0, 0)
    note = next(m for m in r.messages if m.code == "target-empty" and "clc_it" in m.message)
    assert "X2" in note.message and "X1" not in note.message
