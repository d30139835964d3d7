"""`xhht template`: blank workbooks with the headers the readers accept, drop-downs whose every value
the value parsers read, frozen headers, instructions; byte-identical; a filled template computes."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from helpers import counts, ind

from xhht_cli import Options, XhhtError, compute
from xhht_cli.io.headers import match_columns
from xhht_cli.sources.commune_counts import indicator_part
from xhht_cli.sources.survey import SURVEY_FIELDS
from xhht_cli.sources.units import UNIT_FIELDS, UNKNOWN_WORDS
from xhht_cli.render.templates import (
    COUNT_INDICATORS, INSTITUTION_TYPES, TEMPLATES, Column, write_templates,
)
from xhht_cli.io.textnorm import fold
from xhht_cli.persons.values import (
    BAD, int_in, parse_bool, parse_current, parse_diploma, parse_mark, parse_qualification, parse_residence, parse_sex,
)

SURVEY_HEADERS = ["Xã/Phường", "Thôn/Ấp", "Số phiếu", "Năm sinh", "Giới tính", "Tình trạng cư trú", "Khuyết tật",
                  "Khả năng học tập", "Đang học", "Bổ túc", "Lớp đã học xong", "Bỏ học lớp", "Bằng tốt nghiệp",
                  "Hoàn thành CT mầm non", "Giai đoạn XMC hoàn thành", "Tái mù chữ mức", "Trình độ chuyên môn",
                  "Năng lực thông tin", "Kỹ năng sống", "Công dân học tập"]
UNIT_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Loại", "Khu vực", "ĐBKK", "Tệp", "Điều kiện PCGD MN5", "Điều kiện PCGD MN4",
                "Điều kiện PCGD TH", "Điều kiện PCGD THCS", "Điều kiện XMC", "Điều kiện PCGD MN 3-5"]
FILES = ["mau-dieu-tra.xlsx", "don-vi.xlsx", "so-lieu-xa.xlsx", "co-so-giao-duc.xlsx", "mo-hinh-hoc-tap.xlsx"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("templates")
    assert write_templates(out) == [out / f for f in FILES]
    return out


def headers(ws) -> list[str]:
    return [c.value for c in ws[1] if c.value is not None]


def test_files_open_with_data_sheet_first_and_instructions(folder: Path) -> None:
    for name in FILES:
        wb = openpyxl.load_workbook(folder / name)
        assert wb.sheetnames[-1] == "Hướng dẫn", name
        assert len(wb.sheetnames) >= 2
        for ws in wb.worksheets[:-1]:
            assert ws.freeze_panes == "A2", (name, ws.title)
            assert ws.max_row == 1, "a template holds no data"
            assert all(ws.column_dimensions[c.column_letter].width >= 8 for c in ws[1])
        guide = wb["Hướng dẫn"]
        text = "\n".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
        for h in headers(wb.worksheets[0]):
            assert h in text, (name, h)
        assert "họ tên" in text  # personal names are not needed


def test_survey_headers_are_the_plain_layout(folder: Path) -> None:
    ws = openpyxl.load_workbook(folder / "mau-dieu-tra.xlsx").worksheets[0]
    names = headers(ws)
    assert names == SURVEY_HEADERS
    found = match_columns(names, SURVEY_FIELDS)
    assert sorted(found.values()) == list(range(len(names))), "every header maps to a survey field"
    assert len(found) == len(names), "no two headers map to one field"


def test_units_headers(folder: Path) -> None:
    names = headers(openpyxl.load_workbook(folder / "don-vi.xlsx").worksheets[0])
    assert names == UNIT_HEADERS
    assert set(match_columns(names, UNIT_FIELDS)) == set(UNIT_FIELDS)


def test_other_source_headers(folder: Path) -> None:
    counts_ws = openpyxl.load_workbook(folder / "so-lieu-xa.xlsx").worksheets[0]
    assert [indicator_part(h) for h in headers(counts_ws)[1:]] == [
        (i, p) for i in COUNT_INDICATORS for p in ("num", "den")]  # each header read back as its pair
    assert "Năng lực thông tin - Tử số" in headers(counts_ws)  # the officer's words, never an id
    assert not any("ll_" in h or "mn4_" in h for h in headers(counts_ws) if h)
    inst = openpyxl.load_workbook(folder / "co-so-giao-duc.xlsx").worksheets[0]
    assert headers(inst) == ["Tên cơ sở", "Mã đơn vị", "Loại cơ sở", "Môi trường số", "Ứng dụng CNTT"]
    models = openpyxl.load_workbook(folder / "mo-hinh-hoc-tap.xlsx")
    assert headers(models.worksheets[0]) == [
        "Mã đơn vị", "Số hộ gia đình", "Gia đình học tập", "Số dòng họ", "Dòng họ học tập", "Số ấp, khu phố",
        "Cộng đồng học tập", "Số cơ quan, đơn vị", "Đơn vị học tập", "Công dân học tập", "Dân số từ 15 tuổi"]
    assert headers(models["Công nhận"]) == ["Khu vực", "Năm", "Thị xã học tập"]


def _validations(ws) -> dict[str, tuple[str, str | None]]:
    """header → (type, formula1) of the validation covering its column from row 2."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            assert rng.min_row == 2 and rng.max_row == 1_048_576
            out[ws.cell(1, rng.min_col).value] = (dv.type, dv.formula1)
    return out


def _list(formula: str) -> list[str]:
    return formula.strip('"').split(",")


def test_drop_downs_and_whole_numbers(folder: Path) -> None:
    v = _validations(openpyxl.load_workbook(folder / "mau-dieu-tra.xlsx").worksheets[0])
    assert v["Giới tính"] == ("list", '"Nam,Nữ"')
    assert _list(v["Tình trạng cư trú"][1]) == ["Đang ở", "Chuyển đến", "Chuyển đi", "Chết"]
    assert _list(v["Bằng tốt nghiệp"][1]) == ["MN", "TH", "THCS", "THPT"]
    assert _list(v["Đang học"][1])[:5] == ["MN", "NT", "MG 3T", "MG 4T", "MG 5T"]
    assert {"1", "12", "Sơ cấp", "Đại học"} <= set(_list(v["Đang học"][1]))
    assert {"Sơ cấp", "Tiến sĩ"} <= set(_list(v["Trình độ chuyên môn"][1]))
    for h in ("Khuyết tật", "Bổ túc", "Hoàn thành CT mầm non", "Năng lực thông tin", "Kỹ năng sống",
              "Công dân học tập"):
        assert v[h] == ("list", '"có,không"'), h
    assert v["Giai đoạn XMC hoàn thành"] == v["Tái mù chữ mức"] == ("list", '"1,2"')
    assert v["Năm sinh"][0] == v["Lớp đã học xong"][0] == v["Bỏ học lớp"][0] == "whole"
    inst = _validations(openpyxl.load_workbook(folder / "co-so-giao-duc.xlsx").worksheets[0])
    assert _list(inst["Loại cơ sở"][1]) == list(INSTITUTION_TYPES)
    assert inst["Môi trường số"] == inst["Ứng dụng CNTT"] == ("list", '"có,không"')
    models = openpyxl.load_workbook(folder / "mo-hinh-hoc-tap.xlsx")
    assert all(t == "whole" for h, (t, _) in _validations(models.worksheets[0]).items() if h != "Mã đơn vị")
    rec = _validations(models["Công nhận"])
    assert rec["Năm"][0] == "whole" and rec["Thị xã học tập"] == ("list", '"có,không"')
    units = _validations(openpyxl.load_workbook(folder / "don-vi.xlsx").worksheets[0])
    assert units["ĐBKK"] == ("list", '"có,không"')
    assert _list(units["Điều kiện XMC"][1]) == ["có", "không", "chưa rõ"]
    counts_v = _validations(openpyxl.load_workbook(folder / "so-lieu-xa.xlsx").worksheets[0])
    assert counts_v["Hoàn thành chương trình mầm non 4 tuổi - Mẫu số"][0] == "whole"


# header → the parser that reads it (spec.md, "Facts derived from a person's row"; units.read_units)
PARSERS = {
    "Giới tính": parse_sex, "Tình trạng cư trú": parse_residence, "Đang học": parse_current,
    "Bằng tốt nghiệp": parse_diploma, "Trình độ chuyên môn": parse_qualification,
    "Giai đoạn XMC hoàn thành": int_in(1, 2), "Tái mù chữ mức": int_in(1, 2),
}


def _readable(col: Column, value: str) -> bool:
    if col.header in PARSERS:
        return PARSERS[col.header](value) is not BAD
    if col.header.startswith("Điều kiện"):
        return fold(value) in UNKNOWN_WORDS or isinstance(parse_bool(value), bool)
    if col.header in ("Loại", "Loại cơ sở"):
        return True  # free labels: units keep the text; the institution reader classifies the types
    return isinstance(parse_bool(value), bool)


def test_every_drop_down_value_is_readable() -> None:
    seen = 0
    for t in TEMPLATES:
        for sheet in t.sheets:
            for col in sheet.columns:
                for value in col.choices:
                    assert _readable(col, value), (t.file, col.header, value)
                    seen += 1
    assert seen > 60
    # Marks (disability, able to learn, Bổ túc) read "không" as no and "có" as a mark.
    assert parse_mark("có") and not parse_mark("không")
    assert parse_current("MG 5T")[0] == "preschool" and parse_current("12") == ("general", 12.0, False)


def test_byte_identical_across_runs(tmp_path: Path, folder: Path) -> None:
    again = write_templates(tmp_path / "again")
    for p in again:
        assert p.read_bytes() == (folder / p.name).read_bytes(), p.name


def test_never_overwrites_a_filled_workbook(tmp_path: Path) -> None:
    write_templates(tmp_path)
    survey = tmp_path / "mau-dieu-tra.xlsx"
    survey.write_bytes(b"filled")
    with pytest.raises(XhhtError) as exc:
        write_templates(tmp_path)
    assert exc.value.messages[0].code == "template-exists"
    assert survey.read_bytes() == b"filled"
    write_templates(tmp_path, overwrite=True)
    assert survey.read_bytes() != b"filled"


def _fill(src: Path, dst: Path, rows: list[list[object]]) -> None:
    wb = openpyxl.load_workbook(src)
    ws = wb.worksheets[0]
    for r in rows:
        ws.append(r)
    wb.save(dst)


def test_filled_templates_compute(folder: Path, tmp_path: Path) -> None:
    year = tmp_path / "2024"
    year.mkdir()
    _fill(folder / "don-vi.xlsx", year / "don-vi.xlsx", [
        ["BC01", "Phường Mỹ Phước", "Phường", "Thị xã Bến Cát", "không", None, "có", "có", "có", "có", "có"],
        ["BC02", "Xã An Điền", "Xã", "Thị xã Bến Cát", "có", None, "có", "chưa rõ", "có", "có", "không"],
    ])
    h = {name: i for i, name in enumerate(SURVEY_HEADERS)}

    def person(unit: str, born: int, **cells: object) -> list[object]:
        row: list[object] = [None] * len(SURVEY_HEADERS)
        row[h["Xã/Phường"]], row[h["Năm sinh"]] = unit, born
        for k, v in cells.items():
            row[h[k]] = v
        return row

    _fill(folder / "mau-dieu-tra.xlsx", year / "dieu-tra.xlsx", [
        # BC01, aged 5 in 2024: one attends, one does not (nothing recorded), one disabled (out of PPC)
        person("BC01", 2019, **{"Giới tính": "Nam", "Tình trạng cư trú": "Đang ở", "Đang học": "MG 5T"}),
        person("Phường Mỹ Phước", 2019, **{"Giới tính": "Nữ", "Tình trạng cư trú": "Đang ở"}),
        person("BC01", 2019, **{"Giới tính": "Nam", "Khuyết tật": "có", "Khả năng học tập": "không"}),
        # BC01 adults: a resident graduate; one who moved away (out of every denominator)
        person("BC01", 1990, **{"Giới tính": "Nữ", "Tình trạng cư trú": "Đang ở", "Lớp đã học xong": 12,
                                "Bằng tốt nghiệp": "THPT", "Trình độ chuyên môn": "Đại học",
                                "Năng lực thông tin": "có"}),
        person("BC01", 1980, **{"Giới tính": "Nam", "Tình trạng cư trú": "Chuyển đi",
                                "Trình độ chuyên môn": "Thạc sĩ"}),
        # BC02: aged 5 attending (list value "MG 5T"), an adult with Trung cấp, an adult with none recorded
        person("Xã An Điền", 2019, **{"Giới tính": "Nữ", "Tình trạng cư trú": "Chuyển đến", "Đang học": "MG 5T"}),
        person("BC02", 1985, **{"Giới tính": "Nam", "Trình độ chuyên môn": "Trung cấp", "Lớp đã học xong": 9,
                                "Bằng tốt nghiệp": "THCS"}),
        person("BC02", 1970, **{"Giới tính": "Nữ", "Trình độ chuyên môn": "Không"}),
    ])
    report = compute([year], Options())
    assert report.year == 2024  # from the folder name
    assert [u.code for u in report.units] == ["BC01", "BC02", "Thị xã Bến Cát"]
    # (numerator, denominator, disabled, moved away, deceased, unrecorded)
    assert counts(ind(report, "BC01", "mn5_attending")) == (1, 2, 1, 0, 0, 1)
    assert counts(ind(report, "BC02", "mn5_attending")) == (1, 1, 0, 0, 0, 0)
    assert counts(ind(report, "Thị xã Bến Cát", "mn5_attending")) == (2, 3, 1, 0, 0, 1)
    assert counts(ind(report, "BC01", "ll_university_15plus")) == (1, 1, 0, 1, 0, 0)
    assert counts(ind(report, "BC02", "ll_university_15plus")) == (0, 2, 0, 0, 0, 0)
    assert counts(ind(report, "BC02", "ll_trained_15plus")) == (1, 2, 0, 0, 0, 0)
    assert not [m for m in report.messages if m.code.startswith("bad-") or m.code == "sheet-skipped"]


def test_blank_templates_beside_data_are_skipped(folder: Path, tmp_path: Path) -> None:
    """The instruction sheets never reach the readers, so a folder may keep its templates."""
    year = tmp_path / "2024"
    shutil.copytree(folder, year)
    survey = year / "mau-dieu-tra.xlsx"
    _fill(survey, survey, [["BC01", None, None, 2019, "Nam", "Đang ở", None, None, "MG 5T"]])
    report = compute([year / "mau-dieu-tra.xlsx"], Options())
    assert counts(ind(report, "BC01", "mn5_attending")) == (1, 1, 0, 0, 0, 0)
    assert not [m for m in report.messages if m.sheet == "Hướng dẫn"]


def test_every_filled_template_validates_and_computes(folder: Path, tmp_path: Path) -> None:
    """All five workbooks filled for one unit: no errors, no skipped sheet, and each source's counts arrive."""
    from xhht_cli.pipeline import validate

    year = tmp_path / "2024"
    shutil.copytree(folder, year)

    def fill(name: str, rows: list[list[object]], sheet: int | str = 0) -> None:
        wb = openpyxl.load_workbook(year / name)
        ws = wb.worksheets[sheet] if isinstance(sheet, int) else wb[sheet]
        for r in rows:
            ws.append(r)
        wb.save(year / name)

    fill("don-vi.xlsx", [["BC01", "Phường Mỹ Phước", "Phường", "Thị xã Bến Cát", "không", None] + ["có"] * 5])
    fill("mau-dieu-tra.xlsx", [["BC01", "Ấp 1", "1", 2019, "Nam", "Đang ở", None, None, "MG 5T"]])
    # Only mn4_completed: the survey template's (blank) learning columns already make the survey their source.
    fill("so-lieu-xa.xlsx", [["BC01", None, None, None, None, None, None, 3, 4]])
    fill("co-so-giao-duc.xlsx", [["Trường TH Mỹ Phước", "BC01", "Trường tiểu học", "có", None],
                                 ["Trường THCS Mỹ Phước", "BC01", "Trường THCS", "không", None],
                                 ["TTHTCĐ Mỹ Phước", "BC01", "Trung tâm học tập cộng đồng", None, "có"]])
    fill("mo-hinh-hoc-tap.xlsx", [["BC01", 100, 60, 10, 5, 8, 4, 12, 9, None, None]])
    fill("mo-hinh-hoc-tap.xlsx", [["Thị xã Bến Cát", 2024, "có"]], "Công nhận")
    found = validate([year], Options())
    assert not [m for m in found if m.severity == "error" or m.code == "sheet-skipped"], found
    report = compute([year], Options())
    got = {r.indicator: (r.numerator, r.denominator) for r in report.indicators if r.unit == "BC01"}
    assert got["mn5_attending"] == (1, 1)
    assert got["mn4_completed"] == (3, 4)
    assert got["inst_digital"] == (1, 2) and got["clc_it"] == (1, 1)
    assert got["lm_families"] == (60, 100) and got["lm_units"] == (9, 12)
    assert [t.value for t in report.targets if t.kind == "recognition" and t.year == 2025] == [True]


def test_instructions_say_a_blank_column_is_no_data_as_the_tool_does(folder: Path, tmp_path: Path) -> None:
    guide = openpyxl.load_workbook(folder / "mau-dieu-tra.xlsx")["Hướng dẫn"]
    text = "\n".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
    assert "không có số liệu" in text and "không phải 0%" in text
    assert "tỷ lệ 0" not in text
    # and the tool agrees: "Kỹ năng sống" blank in every row → no data; "Năng lực thông tin" blank for one
    # of two adults → that adult counts as not equipped (1 of 2, one unrecorded)
    year = tmp_path / "2024"
    year.mkdir()
    h = {name: i for i, name in enumerate(SURVEY_HEADERS)}
    rows = []
    for born, equipped in ((1990, "có"), (1985, None)):
        row: list[object] = [None] * len(SURVEY_HEADERS)
        row[h["Xã/Phường"]], row[h["Năm sinh"]], row[h["Giới tính"]] = "Xã A", born, "Nữ"
        row[h["Năng lực thông tin"]] = equipped
        rows.append(row)
    _fill(folder / "mau-dieu-tra.xlsx", year / "dieu-tra.xlsx", rows)
    report = compute([year], Options())
    life = ind(report, "Xã A", "ll_life_skills")
    assert (life.numerator, life.denominator, life.value) == (None, None, None)
    info = ind(report, "Xã A", "ll_information_literacy")
    assert (info.numerator, info.denominator, info.unrecorded) == (1, 2, 1)
