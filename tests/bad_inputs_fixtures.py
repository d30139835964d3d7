"""Builders for the bad-input corpus (tests/test_bad_inputs.py, issue #4).

Each builder writes one small malformed input into the fixture folder it is given and returns a Case:
the arguments for `xhht compute` and where the error must point (code, file, sheet, row, column).
Rows are the spreadsheet's own 1-based numbers: in a CSV or a sheet whose header is row 1, the first
data row is row 2. A CSV's sheet is its file name without the extension.
"""

from __future__ import annotations

import io
import random
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from helpers import write_csv
from xhht_cli.io.legacy import from_unicode

YEAR = "2024"
AREA = "Thị xã Bến Cát"

UNIT_HEADER = ["Mã đơn vị", "Tên đơn vị", "Loại", "Khu vực", "ĐBKK"]
UNITS = [
    {"Mã đơn vị": "X1", "Tên đơn vị": "Phường Mỹ Phước", "Loại": "Phường", "Khu vực": AREA, "ĐBKK": "không"},
    {"Mã đơn vị": "X2", "Tên đơn vị": "Xã An Tây", "Loại": "Xã", "Khu vực": AREA, "ĐBKK": "không"},
]
SURVEY_HEADER = ["Xã/Phường", "Năm sinh", "Giới tính", "Tình trạng cư trú", "Đang học", "Lớp đã học xong",
                 "Bằng tốt nghiệp", "Trình độ chuyên môn"]
GOOD = {"Xã/Phường": "X1", "Năm sinh": "1990", "Giới tính": "Nữ", "Tình trạng cư trú": "Đang ở",
        "Lớp đã học xong": "12", "Bằng tốt nghiệp": "THPT", "Trình độ chuyên môn": "Đại học"}
COUNTS_HEADER = ["Mã đơn vị", "ll_life_skills - Tử số", "ll_life_skills - Mẫu số"]
INST_HEADER = ["Tên cơ sở", "Mã đơn vị", "Loại cơ sở", "Môi trường số", "Ứng dụng CNTT"]
MODEL_HEADER = ["Mã đơn vị", "Số hộ gia đình", "Gia đình học tập"]


@dataclass
class Case:
    """What `xhht compute` gets and where its error must point. `file` is the basename that must appear
    in the message's `file` (a tuple: any one of them); None fields are not checked."""

    args: list[str]
    code: str | tuple[str, ...] | None
    file: str | tuple[str, ...] | None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    mentions: tuple[str, ...] = ()  # words the message text must contain
    patches: dict[str, object] = field(default_factory=dict)  # "module.ATTR" → value, set with monkeypatch


# --- writers -----------------------------------------------------------------------------------------

def units(d: Path, rows: list[dict] = UNITS, header: list[str] = UNIT_HEADER, name: str = "don-vi.csv") -> Path:
    return write_csv(d / name, rows, header)


def persons(d: Path, *rows: dict, header: list[str] = SURVEY_HEADER, name: str = "dieu-tra.csv") -> Path:
    """A plain survey: row 2 is a good person, then the given rows (row 3, 4 …); keys are headers."""
    return write_csv(d / name, [GOOD, *rows], header)


def xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    buf = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(buf)
    return buf.getvalue()


def survey_rows(*extra: list) -> list[list]:
    return [SURVEY_HEADER, [GOOD.get(h) for h in SURVEY_HEADER], *extra]


def base(d: Path, *options: str) -> list[str]:
    return [str(d), "--year", YEAR, *options]


def standard(d: Path) -> None:
    """Units sheet and a good survey: the background of a case about another table."""
    units(d)
    persons(d)


# --- files that cannot be opened -----------------------------------------------------------------------

def corrupt_xlsx(d: Path) -> Case:
    units(d)
    (d / "dieu-tra.xlsx").write_bytes(random.Random(4).randbytes(4096))  # binary junk, not a zip
    return Case(base(d), "file-unreadable", "dieu-tra.xlsx")


def truncated_xlsx(d: Path) -> Case:
    units(d)
    whole = xlsx_bytes({"DS": survey_rows()})
    (d / "dieu-tra.xlsx").write_bytes(whole[: len(whole) // 2])
    return Case(base(d), "file-unreadable", "dieu-tra.xlsx")


def password_protected(d: Path) -> Case:
    units(d)
    (d / "dieu-tra.xlsx").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(range(256)) * 8)
    return Case(base(d), "file-encrypted", "dieu-tra.xlsx", mentions=("mật khẩu",))


def csv_named_xlsx(d: Path) -> Case:
    units(d)
    (d / "dieu-tra.xlsx").write_text(",".join(SURVEY_HEADER) + "\nX1,1990,Nữ,Đang ở,,12,THPT,Đại học\n",
                                     encoding="utf-8")
    return Case(base(d), "file-not-excel", "dieu-tra.xlsx", mentions=(".csv",))


def zip_not_excel(d: Path) -> Case:
    units(d)
    with zipfile.ZipFile(d / "dieu-tra.xlsx", "w") as z:
        z.writestr("readme.txt", "không phải bảng tính")
    return Case(base(d), "file-not-excel", "dieu-tra.xlsx")


def xlsx_named_csv(d: Path) -> Case:
    """A workbook saved as .xlsx and renamed .csv: its bytes are a zip, not text."""
    units(d)
    (d / "dieu-tra.csv").write_bytes(xlsx_bytes({"DS": survey_rows()}))
    return Case(base(d), None, "dieu-tra.csv", mentions=(".xlsx",))  # say what it is, as for .csv named .xlsx


def corrupt_xls(d: Path) -> Case:
    units(d)
    (d / "dieu-tra.xls").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(range(256)) * 8)
    return Case(base(d), "file-unreadable", "dieu-tra.xls")


def ragged_csv_row(d: Path) -> Case:
    """An unquoted comma inside a field: line 3 has one field too many."""
    units(d)
    (d / "dieu-tra.csv").write_text(",".join(SURVEY_HEADER) + "\nX1,1990,Nữ,Đang ở,,12,THPT,Đại học\n"
                                    "X1,1991,Nữ,Khu phố 1, ấp 2,,12,THPT,Đại học\n", encoding="utf-8")
    return Case(base(d), None, "dieu-tra.csv", row=3)


def empty_file_xlsx(d: Path) -> Case:
    units(d)
    (d / "dieu-tra.xlsx").write_bytes(b"")
    return Case(base(d), "file-empty", "dieu-tra.xlsx")


def empty_file_csv(d: Path) -> Case:
    units(d)
    (d / "dieu-tra.csv").write_bytes(b"")
    return Case(base(d), "file-empty", "dieu-tra.csv")


def empty_workbook(d: Path) -> Case:
    """A valid workbook whose only sheet is empty: the run must say which workbook held nothing."""
    units(d)
    xlsx(d / "dieu-tra.xlsx", {"Sheet1": []})
    return Case(base(d), None, "dieu-tra.xlsx")


def no_recognisable_header(d: Path) -> Case:
    units(d)
    xlsx(d / "dieu-tra.xlsx", {"Trang1": [["Số thứ tự", "Ghi chú", "Người lập"], [1, "đã kiểm tra", "A"]]})
    return Case(base(d), None, "dieu-tra.xlsx", sheet="Trang1")


def zip_bomb(d: Path) -> Case:
    """A workbook that unpacks beyond the limit (the limit is lowered rather than writing gigabytes)."""
    units(d)
    xlsx(d / "dieu-tra.xlsx", {"DS": survey_rows()})
    return Case(base(d), "file-too-large", "dieu-tra.xlsx",
                patches={"xhht_cli.io.limits.MAX_XML_BYTES": 1000})


# --- a required column missing -------------------------------------------------------------------------

def survey_without_birth_year(d: Path) -> Case:
    units(d)
    header = [h for h in SURVEY_HEADER if h != "Năm sinh"]
    persons(d, header=header)
    return Case(base(d), "missing-column", "dieu-tra.csv", sheet="dieu-tra", mentions=("Năm sinh",))


def units_without_code_or_name(d: Path) -> Case:
    units(d, [{k: v for k, v in u.items()} for u in UNITS], header=["Loại", "Khu vực", "ĐBKK"])
    persons(d)
    return Case(base(d), "missing-column", "don-vi.csv", sheet="don-vi", mentions=("Mã đơn vị",))


def institutions_without_type(d: Path) -> Case:
    standard(d)
    write_csv(d / "co-so.csv", [{"Tên cơ sở": "TH A", "Mã đơn vị": "X1", "Môi trường số": "có", "Ứng dụng CNTT": ""}],
              ["Tên cơ sở", "Mã đơn vị", "Môi trường số", "Ứng dụng CNTT"])
    return Case(base(d), "missing-column", "co-so.csv", sheet="co-so", mentions=("Loại cơ sở",))


def institutions_without_unit(d: Path) -> Case:
    standard(d)
    write_csv(d / "co-so.csv", [{"Tên cơ sở": "TH A", "Loại cơ sở": "Trường tiểu học", "Môi trường số": "có"}],
              ["Tên cơ sở", "Loại cơ sở", "Môi trường số", "Ứng dụng CNTT"])
    return Case(base(d), "missing-column", "co-so.csv", sheet="co-so", mentions=("Mã đơn vị",))


def models_without_households(d: Path) -> Case:
    standard(d)
    write_csv(d / "mo-hinh.csv", [{"Mã đơn vị": "X1", "Gia đình học tập": "40"}], ["Mã đơn vị", "Gia đình học tập"])
    return Case(base(d), "missing-column", "mo-hinh.csv", sheet="mo-hinh", mentions=("Số hộ gia đình",))


def counts_without_denominator(d: Path) -> Case:
    standard(d)
    write_csv(d / "so-lieu.csv", [{"Mã đơn vị": "X1", "ll_life_skills - Tử số": "3"}],
              ["Mã đơn vị", "ll_life_skills - Tử số"])
    return Case(base(d), "counts-missing-part", "so-lieu.csv", sheet="so-lieu", mentions=("Mẫu số",))


# --- values that are errors by default -----------------------------------------------------------------

def _counts(d: Path, num: str, den: str) -> None:
    standard(d)
    write_csv(d / "so-lieu.csv", [{"Mã đơn vị": "X2", "ll_life_skills - Tử số": "1", "ll_life_skills - Mẫu số": "2"},
                                  {"Mã đơn vị": "X1", "ll_life_skills - Tử số": num, "ll_life_skills - Mẫu số": den}],
              COUNTS_HEADER)


def negative_count(d: Path) -> Case:
    _counts(d, "-1", "10")
    return Case(base(d), "bad-count", "so-lieu.csv", "so-lieu", 3, "ll_life_skills - Tử số")


def fractional_count(d: Path) -> Case:
    _counts(d, "3", "2.5")
    return Case(base(d), "bad-count", "so-lieu.csv", "so-lieu", 3, "ll_life_skills - Mẫu số")


def numerator_over_denominator(d: Path) -> Case:
    _counts(d, "11", "10")
    return Case(base(d), "counts-num-over-den", "so-lieu.csv", "so-lieu", 3, "ll_life_skills - Tử số")


def half_pair(d: Path) -> Case:
    _counts(d, "3", "")
    return Case(base(d), "counts-half-pair", "so-lieu.csv", "so-lieu", 3, "ll_life_skills - Mẫu số")


def text_count(d: Path) -> Case:
    _counts(d, "ba", "10")
    return Case(base(d), "bad-count", "so-lieu.csv", "so-lieu", 3, "ll_life_skills - Tử số")


def huge_count(d: Path) -> Case:
    """A number pasted into a count column (an ID, a phone number): too large to be a count."""
    _counts(d, "3", "84912345678901234567890")
    return Case(base(d), None, "so-lieu.csv", "so-lieu", 3, "ll_life_skills - Mẫu số")


def excel_error_in_counts(d: Path) -> Case:
    standard(d)
    xlsx(d / "so-lieu.xlsx", {"Bang": [COUNTS_HEADER, ["X2", 1, 2], ["X1", 1, "#DIV/0!"]]})
    return Case(base(d), None, "so-lieu.xlsx", "Bang", 3, "ll_life_skills - Mẫu số")


def counts_unit_blank(d: Path) -> Case:
    standard(d)
    write_csv(d / "so-lieu.csv", [{"Mã đơn vị": "X1", "ll_life_skills - Tử số": "1", "ll_life_skills - Mẫu số": "2"},
                                  {"Mã đơn vị": "", "ll_life_skills - Tử số": "1", "ll_life_skills - Mẫu số": "2"}],
              COUNTS_HEADER)
    return Case(base(d), "unit-blank", "so-lieu.csv", "so-lieu", 3, "Mã đơn vị")


def models_count_over_total(d: Path) -> Case:
    standard(d)
    write_csv(d / "mo-hinh.csv", [{"Mã đơn vị": "X1", "Số hộ gia đình": "100", "Gia đình học tập": "40"},
                                  {"Mã đơn vị": "X2", "Số hộ gia đình": "50", "Gia đình học tập": "51"}], MODEL_HEADER)
    return Case(base(d), "counts-num-over-den", "mo-hinh.csv", "mo-hinh", 3, "Gia đình học tập")


def dbkk_maybe(d: Path) -> Case:
    units(d, [UNITS[0], {**UNITS[1], "ĐBKK": "maybe"}])
    persons(d)
    return Case(base(d), "unit-bad-dbkk", "don-vi.csv", "don-vi", 3, "ĐBKK", mentions=("maybe",))


def condition_perhaps(d: Path) -> Case:
    units(d, [{**UNITS[0], "Điều kiện PCGD TH": "perhaps"}, {**UNITS[1], "Điều kiện PCGD TH": "có"}],
          header=[*UNIT_HEADER, "Điều kiện PCGD TH"])
    persons(d)
    return Case(base(d), "unit-bad-condition", "don-vi.csv", "don-vi", 2, "Điều kiện PCGD TH", mentions=("perhaps",))


def _institutions(d: Path, bad: dict) -> None:
    standard(d)
    write_csv(d / "co-so.csv", [
        {"Tên cơ sở": "TH Mỹ Phước", "Mã đơn vị": "X1", "Loại cơ sở": "Trường tiểu học", "Môi trường số": "có",
         "Ứng dụng CNTT": ""},
        {"Tên cơ sở": "Cơ sở B", "Mã đơn vị": "X1", "Loại cơ sở": "Trường THCS", "Môi trường số": "không",
         "Ứng dụng CNTT": "", **bad},
    ], INST_HEADER)


def institution_type_unknown(d: Path) -> Case:
    _institutions(d, {"Loại cơ sở": "Nhà văn hóa"})
    return Case(base(d), "institution-bad-type", "co-so.csv", "co-so", 3, "Loại cơ sở", mentions=("Nhà văn hóa",))


def institution_flag_unknown(d: Path) -> Case:
    _institutions(d, {"Môi trường số": "đang làm"})
    return Case(base(d), "institution-bad-flag", "co-so.csv", "co-so", 3, "Môi trường số")


def institution_unit_unknown(d: Path) -> Case:
    _institutions(d, {"Mã đơn vị": "X9"})
    return Case(base(d), "unit-unknown", "co-so.csv", "co-so", 3, "Mã đơn vị", mentions=("X9",))


def recognition_unreadable(d: Path) -> Case:
    standard(d)
    write_csv(d / "cong-nhan.csv", [{"Khu vực": AREA, "Năm": "2023", "Thị xã học tập": "có"},
                                    {"Khu vực": AREA, "Năm": "2024", "Thị xã học tập": "??"}],
              ["Khu vực", "Năm", "Thị xã học tập"])
    return Case(base(d), "recognition-bad-value", "cong-nhan.csv", "cong-nhan", 3, "Thị xã học tập")


def recognition_year_unreadable(d: Path) -> Case:
    standard(d)
    write_csv(d / "cong-nhan.csv", [{"Khu vực": AREA, "Năm": "năm nay", "Thị xã học tập": "có"}],
              ["Khu vực", "Năm", "Thị xã học tập"])
    return Case(base(d), None, "cong-nhan.csv", "cong-nhan", 2, "Năm")


# --- values that are errors with --strict ---------------------------------------------------------------

def _strict(d: Path, column: str, value: str, code: str) -> Case:
    units(d)
    persons(d, {**GOOD, column: value}, header=SURVEY_HEADER + ([column] if column not in SURVEY_HEADER else []))
    return Case(base(d, "--strict"), code, "dieu-tra.csv", "dieu-tra", 3, column)


def strict_birth_year_text(d: Path) -> Case:
    return _strict(d, "Năm sinh", "abc", "bad-birth-year")


def strict_birth_year_future(d: Path) -> Case:
    return _strict(d, "Năm sinh", "2090", "birth-year-future")


def strict_current_grade(d: Path) -> Case:
    return _strict(d, "Đang học", "ABC", "bad-current-study")


def strict_grade_completed(d: Path) -> Case:
    return _strict(d, "Lớp đã học xong", "ABC", "bad-grade")


def strict_diploma(d: Path) -> Case:
    return _strict(d, "Bằng tốt nghiệp", "XYZ", "bad-diploma")


def strict_residence(d: Path) -> Case:
    return _strict(d, "Tình trạng cư trú", "XYZ", "bad-residence")


def strict_sex(d: Path) -> Case:
    return _strict(d, "Giới tính", "XYZ", "bad-sex")


def strict_qualification(d: Path) -> Case:
    return _strict(d, "Trình độ chuyên môn", "XYZ", "bad-qualification")


def strict_literacy_class(d: Path) -> Case:
    return _strict(d, "Hoàn thành lớp XMC", "7", "bad-literacy-class")


def strict_relapse(d: Path) -> Case:
    return _strict(d, "Tái mù chữ mức", "3", "bad-relapse")


def excel_error_in_birth_year(d: Path) -> Case:
    """#VALUE! left by a formula: read as blank, the person would silently fall out of every cohort."""
    units(d)
    xlsx(d / "dieu-tra.xlsx", {"DS": survey_rows(["X1", "#VALUE!", "Nữ", "Đang ở", None, 12, "THPT", None])})
    return Case(base(d), None, "dieu-tra.xlsx", "DS", 3, "Năm sinh")


# --- units ---------------------------------------------------------------------------------------------

def survey_unit_unknown(d: Path) -> Case:
    units(d)
    persons(d, {**GOOD, "Xã/Phường": "Xã Lạ"})
    return Case(base(d), "unit-unknown", "dieu-tra.csv", "dieu-tra", 3, "Xã/Phường", mentions=("Xã Lạ", "X1"))


def survey_unit_ambiguous(d: Path) -> Case:
    units(d, [UNITS[0], {**UNITS[1], "Mã đơn vị": "X3", "Tên đơn vị": "Xã Mỹ Phước"}])
    persons(d, {**GOOD, "Xã/Phường": "Mỹ Phước"})
    return Case(base(d), "unit-unknown", "dieu-tra.csv", "dieu-tra", 3, "Xã/Phường", mentions=("X1", "X3"))


def survey_unit_blank(d: Path) -> Case:
    units(d)
    persons(d, {**GOOD, "Xã/Phường": ""})
    return Case(base(d), "unit-blank", "dieu-tra.csv", "dieu-tra", 3, "Xã/Phường")


def duplicate_unit_codes(d: Path) -> Case:
    units(d, [UNITS[0], {**UNITS[1], "Mã đơn vị": "X1"}])
    persons(d)
    return Case(base(d), "unit-duplicate", "don-vi.csv", "don-vi", 3, "Mã đơn vị", mentions=("X1",))


def units_sheet_without_rows(d: Path) -> Case:
    units(d, [])
    persons(d)
    return Case(base(d), "units-empty", "don-vi.csv", "don-vi")


def two_units_sheets(d: Path) -> Case:
    units(d)
    units(d, [UNITS[0]], name="don-vi-2.csv")  # not byte-identical: that would be identical-files
    persons(d)
    return Case(base(d), "units-twice", ("don-vi.csv", "don-vi-2.csv"))


def unit_twice_in_commune_table(d: Path) -> Case:
    standard(d)
    write_csv(d / "so-lieu.csv", [{"Mã đơn vị": "X1", "ll_life_skills - Tử số": "1", "ll_life_skills - Mẫu số": "2"},
                                  {"Mã đơn vị": "Phường Mỹ Phước", "ll_life_skills - Tử số": "1",
                                   "ll_life_skills - Mẫu số": "2"}], COUNTS_HEADER)
    return Case(base(d), "unit-twice", "so-lieu.csv", "so-lieu", 3, "Mã đơn vị")


def survey_and_table_same_indicator(d: Path) -> Case:
    standard(d)  # the survey has "Trình độ chuyên môn": ll_trained_15plus of X1 comes from its rows
    write_csv(d / "so-lieu.csv", [{"Mã đơn vị": "X1", "ll_trained_15plus - Tử số": "1",
                                   "ll_trained_15plus - Mẫu số": "2"}],
              ["Mã đơn vị", "ll_trained_15plus - Tử số", "ll_trained_15plus - Mẫu số"])
    return Case(base(d), "source-conflict", "so-lieu.csv", "so-lieu", 2, mentions=("dieu-tra.csv", "ll_trained_15plus"))


def conditions_disagree(d: Path) -> Case:
    units(d, [{**UNITS[0], "Điều kiện PCGD TH": "có"}, {**UNITS[1], "Điều kiện PCGD TH": "có"}],
          header=[*UNIT_HEADER, "Điều kiện PCGD TH"])
    persons(d)
    write_csv(d / "dieu-kien.csv", [{"Mã đơn vị": "X1", "Điều kiện PCGD TH": "không"}],
              ["Mã đơn vị", "Điều kiện PCGD TH"])
    return Case(base(d), "conditions-conflict", "dieu-kien.csv", "dieu-kien", 2, "Điều kiện PCGD TH",
                mentions=("don-vi.csv",))


# --- years ---------------------------------------------------------------------------------------------

def _titled_survey(path: Path, title: str) -> None:
    xlsx(path, {"DS": [["UBND THỊ XÃ BẾN CÁT"], [title], [], *survey_rows()]})


def two_years(d: Path) -> Case:
    units(d)
    _titled_survey(d / "dieu-tra-a.xlsx", "DANH SÁCH ĐIỀU TRA PCGD-XMC NĂM 2023")
    _titled_survey(d / "dieu-tra-b.xlsx", "DANH SÁCH ĐIỀU TRA PCGD-XMC NĂM 2024")
    return Case([str(d)], "year-conflict", ("dieu-tra-a.xlsx", "dieu-tra-b.xlsx"),
                mentions=("2023", "2024", "dieu-tra-a.xlsx", "dieu-tra-b.xlsx"))


def no_year(d: Path) -> Case:
    units(d)
    survey = persons(d)
    return Case([str(survey), str(d / "don-vi.csv")], "year-unknown", "dieu-tra.csv", mentions=("--year",))


# --- which commune an official workbook holds -----------------------------------------------------------

OFFICIAL_HEAD = [
    ["TT", "Họ và tên", None, "Ngày tháng năm sinh", None, None, "Nữ", "Tình trạng cư trú", "Khối học",
     "Bậc tốt nghiệp", "Học xong", None],
    [None, "Họ đệm", "Tên", "Ngày", "Tháng", "Năm", None, None, None, None, "Lớp", "Năm"],
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    [1, "Nguyễn Văn", "An", 2, 5, 1990, None, "Đang ở", None, "THPT", 12, 2008],
]


def official_commune_unknown(d: Path) -> Case:
    units(d)
    xlsx(d / "ho-so-2024.xlsx", {"DATA": OFFICIAL_HEAD})
    return Case(base(d), "unit-unknown", "ho-so-2024.xlsx", mentions=("THONG_TIN",))


def official_commune_stated_unknown(d: Path) -> Case:
    units(d)
    xlsx(d / "ho-so-2024.xlsx", {"DATA": OFFICIAL_HEAD,
                                 "THONG_TIN": [["Xã/Phường", "Xã Không Có"], ["Năm điều tra", 2024]]})
    return Case(base(d), "unit-unknown", "ho-so-2024.xlsx", mentions=("Xã Không Có",))


# --- encodings and formulas ----------------------------------------------------------------------------

def tcvn3_mixed(d: Path) -> Case:
    units(d)
    persons(d, {**GOOD, "Tình trạng cư trú": from_unicode("Chuyển đi", "tcvn3")},
            {**GOOD, "Tình trạng cư trú": "Chuyển đến"})
    return Case(base(d), "legacy-encoding", "dieu-tra.csv", "dieu-tra", None, "Tình trạng cư trú")


def formula_without_value(d: Path) -> Case:
    units(d)
    path = xlsx(d / "dieu-tra.xlsx", {"DS": survey_rows([GOOD.get(h) for h in SURVEY_HEADER])})
    wb = openpyxl.load_workbook(path)
    wb["DS"]["B3"] = "=1990+1"  # openpyxl writes the formula with no cached value
    wb.save(path)
    return Case(base(d), "formula-no-value", "dieu-tra.xlsx", "DS", 3, "Năm sinh")


def formula_in_commune_table(d: Path) -> Case:
    standard(d)
    path = xlsx(d / "so-lieu.xlsx", {"Bang": [COUNTS_HEADER, ["X1", 1, 2], ["X2", 3, 4]]})
    wb = openpyxl.load_workbook(path)
    wb["Bang"]["C3"] = "=2+2"
    wb.save(path)
    return Case(base(d), "formula-no-value", "so-lieu.xlsx", "Bang", 3, "ll_life_skills - Mẫu số")


# --- options naming bad files --------------------------------------------------------------------------

def plan_bad_yaml(d: Path) -> Case:
    standard(d)
    plan = d / "ke-hoach.yaml"
    plan.write_text("plan:\n  id: x\n  title: [chưa đóng\ntargets: []\n", encoding="utf-8")
    return Case(base(d, "--plan", str(plan)), "plan-yaml", "ke-hoach.yaml", row=4)  # where YAML notices it


def plan_unknown_indicator(d: Path) -> Case:
    standard(d)
    plan = d / "ke-hoach.yaml"
    plan.write_text("plan: {id: x, title: y, years: [2025]}\ntargets:\n  - id: t\n    kind: rate\n"
                    "    indicator: no_such_indicator\n    years: [{year: 2025, clause: a, label: b, required: 0.5}]\n",
                    encoding="utf-8")
    return Case(base(d, "--plan", str(plan)), "plan-invalid", "ke-hoach.yaml", mentions=("no_such_indicator",))


def plan_empty(d: Path) -> Case:
    standard(d)
    plan = d / "ke-hoach.yaml"
    plan.write_text("", encoding="utf-8")
    return Case(base(d, "--plan", str(plan)), "plan-invalid", "ke-hoach.yaml")


def plan_missing(d: Path) -> Case:
    standard(d)
    return Case(base(d, "--plan", str(d / "khong-co.yaml")), "plan-unreadable", "khong-co.yaml")


def standards_bad_yaml(d: Path) -> Case:
    standard(d)
    path = d / "chuan.yaml"
    path.write_text("standards: [\n", encoding="utf-8")
    return Case(base(d, "--standards", str(path)), "standards-yaml", "chuan.yaml")


def columns_unknown_field(d: Path) -> Case:
    standard(d)
    path = d / "cot.yaml"
    path.write_text("survey:\n  nam_sinh_cua_toi: Năm sinh (dương lịch)\n", encoding="utf-8")
    return Case(base(d, "--columns", str(path)), "columns-invalid", "cot.yaml", mentions=("nam_sinh_cua_toi",))


# --- paths ---------------------------------------------------------------------------------------------

def missing_path(d: Path) -> Case:
    return Case([str(d / "khong-co.xlsx"), "--year", YEAR], "file-not-found", "khong-co.xlsx")


def folder_without_supported_files(d: Path) -> Case:
    folder = d / "trong"
    folder.mkdir()
    (folder / "bao-cao.docx").write_bytes(b"PK\x03\x04 not really")
    (folder / "anh.jpg").write_bytes(b"\xff\xd8\xff")
    return Case([str(folder), "--year", YEAR], "no-input", "trong")


def pdf_path(d: Path) -> Case:
    pdf = d / "bao-cao.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    return Case([str(pdf), "--year", YEAR], "unsupported-file", "bao-cao.pdf", mentions=(".pdf",))


CASES = [
    corrupt_xlsx, truncated_xlsx, password_protected, csv_named_xlsx, zip_not_excel, xlsx_named_csv, corrupt_xls,
    ragged_csv_row, empty_file_xlsx, empty_file_csv, empty_workbook, no_recognisable_header, zip_bomb,
    survey_without_birth_year, units_without_code_or_name, institutions_without_type, institutions_without_unit,
    models_without_households, counts_without_denominator,
    negative_count, fractional_count, numerator_over_denominator, half_pair, text_count, huge_count,
    excel_error_in_counts, counts_unit_blank, models_count_over_total,
    dbkk_maybe, condition_perhaps, institution_type_unknown, institution_flag_unknown, institution_unit_unknown,
    recognition_unreadable, recognition_year_unreadable,
    strict_birth_year_text, strict_birth_year_future, strict_current_grade, strict_grade_completed, strict_diploma,
    strict_residence, strict_sex, strict_qualification, strict_literacy_class, strict_relapse,
    excel_error_in_birth_year,
    survey_unit_unknown, survey_unit_ambiguous, survey_unit_blank, duplicate_unit_codes, units_sheet_without_rows,
    two_units_sheets, unit_twice_in_commune_table, survey_and_table_same_indicator, conditions_disagree,
    two_years, no_year, official_commune_unknown, official_commune_stated_unknown,
    tcvn3_mixed, formula_without_value, formula_in_commune_table,
    plan_bad_yaml, plan_unknown_indicator, plan_empty, plan_missing, standards_bad_yaml, columns_unknown_field,
    missing_path, folder_without_supported_files, pdf_path,
]
