"""Bad-input cases of issue 10 (reading side): resource limits, the same data twice, option files that
would make xhht count wrong, values that only look like counts. Same shape as bad_inputs_fixtures.py:
each builder writes its files into the folder it is given and says where the error must point.

Hostile files are kept small: the limits they reach are lowered by `patches` where the real limit would
need gigabytes (the real limits are exercised in a subprocess with a memory cap, test_limits.py).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from bad_inputs_fixtures import (COUNTS_HEADER, GOOD, MODEL_HEADER, SURVEY_HEADER, UNIT_HEADER, UNITS, YEAR, Case,
                                 base, persons, standard, survey_rows, units, xlsx)
from helpers import write_csv

# --- hostile YAML -----------------------------------------------------------------------------------------

BILLION_LAUGHS = "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['lol'] * 9)}]\n"
    for p, c in zip([None, *"abcdefgh"], "abcdefghi"))


def _option(d: Path, name: str, text: str | bytes) -> Path:
    path = d / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def yaml_bomb_plan(d: Path) -> Case:
    standard(d)
    bomb = _option(d / "..", "ke-hoach.yaml", BILLION_LAUGHS)
    return Case(base(d, "--plan", str(bomb)), "yaml-limit", "ke-hoach.yaml", mentions=("MAX_YAML_NODES",))


def yaml_bomb_standards(d: Path) -> Case:
    standard(d)
    bomb = _option(d / "..", "chuan.yaml", BILLION_LAUGHS)
    return Case(base(d, "--standards", str(bomb)), "yaml-limit", "chuan.yaml", mentions=("MAX_YAML_NODES",))


def yaml_bomb_columns(d: Path) -> Case:
    standard(d)
    bomb = _option(d / "..", "cot.yaml", BILLION_LAUGHS)
    return Case(base(d, "--columns", str(bomb)), "yaml-limit", "cot.yaml", mentions=("MAX_YAML_NODES",))


def yaml_deep_plan(d: Path) -> Case:
    standard(d)
    deep = _option(d / "..", "ke-hoach.yaml", "plan: " + "[" * 20_000 + "]" * 20_000 + "\n")
    return Case(base(d, "--plan", str(deep)), "yaml-limit", "ke-hoach.yaml", row=1, mentions=("MAX_YAML_DEPTH",))


def yaml_deep_block_columns(d: Path) -> Case:
    """Nesting by indentation rather than brackets: 200 levels of `a:` mappings."""
    standard(d)
    text = "".join(" " * i + "a:\n" for i in range(200)) + " " * 200 + "b\n"
    deep = _option(d / "..", "cot.yaml", text)
    return Case(base(d, "--columns", str(deep)), "yaml-limit", "cot.yaml", mentions=("MAX_YAML_DEPTH",))


def yaml_too_large(d: Path) -> Case:
    standard(d)
    big = _option(d / "..", "ke-hoach.yaml", "# " + "x" * 5000 + "\nplan: {}\n")
    return Case(base(d, "--plan", str(big)), "yaml-limit", "ke-hoach.yaml", mentions=("MAX_YAML_BYTES",),
                patches={"xhht_cli.io.limits.MAX_YAML_BYTES": 1000})


def yaml_utf16(d: Path) -> Case:
    standard(d)
    path = _option(d / "..", "ke-hoach.yaml", "plan: {id: x}\n".encode("utf-16"))
    return Case(base(d, "--plan", str(path)), "plan-unreadable", "ke-hoach.yaml", mentions=("UTF-8",))


# --- hostile workbooks ------------------------------------------------------------------------------------

_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
    'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>',
    "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheets}</sheets>'
    '</workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def _cell(ref: str, value: object) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def survey_sheet_xml(extra: str = "", pad: str = "") -> str:
    """The sheet XML of a small survey (header on row 1, one good person on row 2), then `extra` rows."""
    letters = "ABCDEFGH"
    head = "".join(_cell(f"{letters[j]}1", h) for j, h in enumerate(SURVEY_HEADER))
    good = "".join(_cell(f"{letters[j]}2", GOOD[h]) for j, h in enumerate(SURVEY_HEADER) if GOOD.get(h))
    return ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetData><row r="1">{head}</row><row r="2">{good}</row>{extra}</sheetData>{pad}</worksheet>')


def raw_xlsx(path: Path, sheet_xml: str | None, sheets: str = '<sheet name="DS" sheetId="1" r:id="rId1"/>',
             compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, text in _PARTS.items():
            z.writestr(name, text.replace("{sheets}", sheets))
        if sheet_xml is not None:
            z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


def far_cell(d: Path) -> Case:
    """One cell at XFD1048576 beside the table: calamine would allocate 17 billion cells (512 GB)."""
    units(d)
    raw_xlsx(d / "dieu-tra.xlsx", survey_sheet_xml(f'<row r="1048576">{_cell("XFD1048576", "x")}</row>'))
    return Case(base(d), "sheet-too-large", "dieu-tra.xlsx", sheet="DS", mentions=("MAX_SHEET_CELLS", "Ctrl+End"))


def far_cell_xlsm(d: Path) -> Case:
    units(d)
    raw_xlsx(d / "dieu-tra.xlsm", survey_sheet_xml(f'<row r="900000">{_cell("ZZ900000", "x")}</row>'))
    return Case(base(d), "sheet-too-large", "dieu-tra.xlsm", sheet="DS")  # 702 columns × 900,000 rows


def far_column(d: Path) -> Case:
    """A value at column XFD of row 3: 16,384 columns × 3 rows, over a limit lowered to 10,000 cells."""
    units(d)
    raw_xlsx(d / "dieu-tra.xlsx", survey_sheet_xml(f'<row r="3">{_cell("XFD3", "x")}</row>'))
    return Case(base(d), "sheet-too-large", "dieu-tra.xlsx", sheet="DS",
                patches={"xhht_cli.io.limits.MAX_SHEET_CELLS": 10_000})


def zip_ratio_bomb(d: Path) -> Case:
    """A sheet padded with zeros that compress 1000:1 (the size floor lowered from 50 MB to 10 KB)."""
    units(d)
    raw_xlsx(d / "dieu-tra.xlsx", survey_sheet_xml(pad="<!--" + "0" * 200_000 + "-->"))
    return Case(base(d), "file-too-large", "dieu-tra.xlsx", mentions=("MAX_RATIO",),
                patches={"xhht_cli.io.limits.RATIO_ABOVE": 10_000})


def zip_lying_directory(d: Path) -> Case:
    """The central directory declares a tiny size for a large sheet part: refused before any reader
    trusts it (a declared size below the compressed size, or the decompressed bytes failing their CRC)."""
    units(d)
    path = raw_xlsx(d / "dieu-tra.xlsx", survey_sheet_xml(pad="<!--" + "".join(
        f"{i:x}" for i in range(40_000)) + "-->"))
    with zipfile.ZipFile(path) as z:
        size = z.getinfo("xl/worksheets/sheet1.xml").file_size.to_bytes(4, "little")
    # The uncompressed size, in the local header and in the central directory: now 100 bytes.
    data = path.read_bytes().replace(size, (100).to_bytes(4, "little"))
    path.write_bytes(data)
    return Case(base(d), ("file-too-large", "file-unreadable"), "dieu-tra.xlsx")


def xml_over_cap(d: Path) -> Case:
    """More XML than MAX_XML_BYTES (lowered to 50 KB): refused naming the limit."""
    units(d)
    raw_xlsx(d / "dieu-tra.xlsx", survey_sheet_xml(pad="<!--" + "1" * 60_000 + "-->"))
    return Case(base(d), "file-too-large", "dieu-tra.xlsx", mentions=("MAX_XML_BYTES",),
                patches={"xhht_cli.io.limits.MAX_XML_BYTES": 50_000})


def ods_over_cap(d: Path) -> Case:
    units(d)
    path = d / "dieu-tra.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x>" + "0" * 80_000 + "</x>")
    return Case(base(d), "file-too-large", "dieu-tra.ods", patches={"xhht_cli.io.limits.MAX_XML_BYTES": 50_000})


def far_cell_ods(d: Path) -> Case:
    """An OpenDocument sheet with a value at column 16,384 of row 1,048,576, by repeated empty rows and
    cells (a few hundred bytes): calamine refuses it itself; the message says what to do."""
    units(d)
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2"><office:body>'
               '<office:spreadsheet><table:table table:name="DS"><table:table-row>'
               + "".join(cell.format(h) for h in SURVEY_HEADER) + '</table:table-row>'
               '<table:table-row table:number-rows-repeated="1048574"><table:table-cell/></table:table-row>'
               '<table:table-row><table:table-cell table:number-columns-repeated="16383"/>' + cell.format("x")
               + '</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(d / "dieu-tra.ods", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:'
                   'tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type='
                   '"application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>')
    return Case(base(d), "sheet-too-large", "dieu-tra.ods", mentions=("Ctrl+End",))


def workbook_without_sheets(d: Path) -> Case:
    """A workbook whose <sheets> is empty, beside good data: an error naming it, not silence."""
    standard(d)
    raw_xlsx(d / "bang-trong.xlsx", None, sheets="")
    return Case(base(d), "no-table", "bang-trong.xlsx")


def workbook_unrecognised_beside_data(d: Path) -> Case:
    standard(d)
    xlsx(d / "ghi-chu.xlsx", {"Trang1": [["Công việc", "Người làm"], ["Nhập phiếu", "Tổ 1"]]})
    return Case(base(d), "no-table", "ghi-chu.xlsx")


def csv_unrecognised_beside_data(d: Path) -> Case:
    standard(d)
    write_csv(d / "danh-ba.csv", [{"Tổ": "1", "Ghi chú": "xong"}], ["Tổ", "Ghi chú"])
    return Case(base(d), "no-table", "danh-ba.csv")


def utf16_odd_bytes(d: Path) -> Case:
    units(d)
    (d / "dieu-tra.csv").write_bytes(("\t".join(SURVEY_HEADER) + "\r\nX1\t1990").encode("utf-16") + b"\x00")
    return Case(base(d), "file-encoding", "dieu-tra.csv", mentions=("UTF-16",))


def utf16_odd_bytes_txt(d: Path) -> Case:
    units(d)
    (d / "dieu-tra.txt").write_bytes(b"\xff\xfe" + "Xã".encode("utf-16-le") + b"\x41")
    return Case(base(d), "file-encoding", "dieu-tra.txt")


# --- the same data twice, years ----------------------------------------------------------------------------

def identical_files(d: Path) -> Case:
    standard(d)
    (d / "dieu-tra (1).csv").write_bytes((d / "dieu-tra.csv").read_bytes())
    return Case(base(d), "identical-files", ("dieu-tra.csv", "dieu-tra (1).csv"),
                mentions=("dieu-tra (1).csv",))


def identical_workbooks(d: Path) -> Case:
    units(d)
    xlsx(d / "xa-a.xlsx", {"DS": survey_rows()})
    (d / "ban-sao.xlsx").write_bytes((d / "xa-a.xlsx").read_bytes())
    return Case(base(d), "identical-files", ("xa-a.xlsx", "ban-sao.xlsx"))


def _info_year(d: Path, value: object) -> None:
    units(d)
    xlsx(d / "ho-so.xlsx", {"THONG_TIN": [["Xã/Phường", "Phường Mỹ Phước"], ["Năm điều tra", value]],
                            "DS": survey_rows()})


def year_1800_stated(d: Path) -> Case:
    _info_year(d, 1800)
    return Case([str(d)], "year-out-of-range", "ho-so.xlsx", sheet="THONG_TIN", row=2, column="B",
                mentions=("1800", "1990"))


def year_2200_stated_as_text(d: Path) -> Case:
    _info_year(d, "năm 2200")
    return Case([str(d)], "year-out-of-range", "ho-so.xlsx", sheet="THONG_TIN", row=2, column="B")


def strict_person_in_two_files(d: Path) -> Case:
    units(d)
    header = ["Xã/Phường", "Số phiếu", "Họ và tên", "Năm sinh", "Giới tính"]
    rows = [{"Xã/Phường": "X1", "Số phiếu": "7", "Họ và tên": "Nguyễn Văn Tư", "Năm sinh": "1990", "Giới tính": "Nam"}]
    write_csv(d / "ap-1.csv", rows, header)
    write_csv(d / "ap-2.csv", rows + [{**rows[0], "Số phiếu": "8"}], header)
    return Case(base(d, "--strict"), "duplicate-person-files", "ap-2.csv", mentions=("ap-1.csv", "1 người"))


# --- columns -------------------------------------------------------------------------------------------------

def two_birth_year_columns(d: Path) -> Case:
    units(d)
    header = ["Xã/Phường", "Năm sinh", "Giới tính", "Năm sinh"]
    (d / "dieu-tra.csv").write_text(",".join(header) + "\nX1,2019,Nữ,2018\n", encoding="utf-8")
    return Case(base(d), "column-ambiguous", "dieu-tra.csv", sheet="dieu-tra", row=1, column="Năm sinh",
                mentions=("B1", "D1"))


def two_unit_code_columns(d: Path) -> Case:
    persons(d)
    xlsx(d / "don-vi.xlsx", {"DV": [UNIT_HEADER + ["Mã đơn vị"],
                                    [*(UNITS[0][h] for h in UNIT_HEADER), "Y1"],
                                    [*(UNITS[1][h] for h in UNIT_HEADER), "Y2"]]})
    return Case(base(d), "column-ambiguous", "don-vi.xlsx", sheet="DV", row=1, column="Mã đơn vị",
                mentions=("A1", "F1"))


def _columns(d: Path, text: str) -> Path:
    return _option(d / "..", "cot.yaml", text)


def columns_one_column_two_fields(d: Path) -> Case:
    standard(d)
    path = _columns(d, "survey:\n  birth_year: Năm sinh\n  sex: Năm sinh\n")
    return Case(base(d, "--columns", str(path)), "columns-conflict", "cot.yaml", mentions=("Năm sinh",))


def columns_given_name_of_another_field(d: Path) -> Case:
    """A name that is already another field's built-in column (Giới tính is sex)."""
    standard(d)
    path = _columns(d, "survey:\n  birth_year: Giới tính\n")
    return Case(base(d, "--columns", str(path)), "columns-conflict", "cot.yaml", column="survey.birth_year")


def columns_name_onto_sex(d: Path) -> Case:
    standard(d)
    path = _columns(d, "survey:\n  qualification: Họ và tên người học\n")
    return Case(base(d, "--columns", str(path)), "columns-personal", "cot.yaml", column="survey.qualification")


def columns_phone_onto_unit_code(d: Path) -> Case:
    standard(d)
    path = _columns(d, "units:\n  code: Số điện thoại\n")
    return Case(base(d, "--columns", str(path)), "columns-personal", "cot.yaml", column="units.code")


def columns_id_number_onto_institution(d: Path) -> Case:
    standard(d)
    path = _columns(d, "institutions:\n  name: Số CCCD hiệu trưởng\n")
    return Case(base(d, "--columns", str(path)), "columns-personal", "cot.yaml", column="institutions.name")


def columns_address_onto_hamlet_is_allowed_but_parent_onto_unit_is_not(d: Path) -> Case:
    standard(d)
    path = _columns(d, "survey:\n  hamlet: Địa chỉ\n  unit: Họ tên cha\n")
    return Case(base(d, "--columns", str(path)), "columns-personal", "cot.yaml", column="survey.unit")


def columns_absent_everywhere(d: Path) -> Case:
    standard(d)
    path = _columns(d, "survey:\n  qualification: Trình độ CM (ghi rõ)\n")
    return Case(base(d, "--columns", str(path)), "columns-not-found", "cot.yaml", column="survey.qualification",
                mentions=("Trình độ CM (ghi rõ)",))


# --- units and counts -------------------------------------------------------------------------------------------

def unit_code_is_area(d: Path) -> Case:
    persons(d)
    units(d, [UNITS[0], {**UNITS[1], "Mã đơn vị": "Thị xã Bến Cát"}])
    return Case(base(d), "unit-code-is-area", "don-vi.csv", sheet="don-vi", row=3, column="Mã đơn vị")


def unit_named_as_area_without_units_sheet(d: Path) -> Case:
    persons(d, {**GOOD, "Xã/Phường": "Thị xã Bến Cát"}, header=SURVEY_HEADER)
    return Case([str(d / "dieu-tra.csv"), "--year", YEAR], "unit-code-is-area", None)


def _bad_count(d: Path, value: str) -> Case:
    standard(d)
    write_csv(d / "so-lieu.csv", [{"Mã đơn vị": "X1", COUNTS_HEADER[1]: "1", COUNTS_HEADER[2]: "2"},
                                  {"Mã đơn vị": "X2", COUNTS_HEADER[1]: value, COUNTS_HEADER[2]: "2000"}],
              COUNTS_HEADER)
    return Case(base(d), "bad-count", "so-lieu.csv", "so-lieu", 3, COUNTS_HEADER[1])


def count_with_underscore(d: Path) -> Case:
    return _bad_count(d, "1_000")


def count_in_fullwidth_digits(d: Path) -> Case:
    return _bad_count(d, "１２")


def count_in_exponent(d: Path) -> Case:
    return _bad_count(d, "1e3")


def count_with_decimal_comma(d: Path) -> Case:
    return _bad_count(d, "1,5")


def count_with_english_thousands(d: Path) -> Case:
    return _bad_count(d, "1,000")


def count_with_space_thousands(d: Path) -> Case:
    return _bad_count(d, "1 000")


def count_with_trailing_zero_decimal(d: Path) -> Case:
    return _bad_count(d, "12.0")


def count_in_arabic_indic_digits(d: Path) -> Case:
    return _bad_count(d, "١٢")


def models_count_with_underscore(d: Path) -> Case:
    standard(d)
    write_csv(d / "mo-hinh.csv", [{"Mã đơn vị": "X1", "Số hộ gia đình": "1_200", "Gia đình học tập": "3"}], MODEL_HEADER)
    return Case(base(d), "bad-count", "mo-hinh.csv", "mo-hinh", 2, "Số hộ gia đình")


def long_commune_name_is_cut(d: Path) -> Case:
    """A commune name of nearly 1 MB (just under the CSV field limit): the error quotes about 80 characters."""
    units(d)
    persons(d, {**GOOD, "Xã/Phường": "Phường " + "Mỹ Phước " * 70_000})
    return Case(base(d), "unit-unknown", "dieu-tra.csv", sheet="dieu-tra", column="Xã/Phường", mentions=("…",))


def csv_field_over_limit(d: Path) -> Case:
    """A 1.5 MB field (an unclosed quote, a pasted document): an error at its line, never read whole."""
    units(d)
    persons(d, {**GOOD, "Xã/Phường": "Phường " + "Mỹ Phước " * 160_000})
    return Case(base(d), "csv-field-too-large", "dieu-tra.csv", sheet="dieu-tra", row=3)


SAFE_CASES = [
    yaml_bomb_plan, yaml_bomb_standards, yaml_bomb_columns, yaml_deep_plan, yaml_deep_block_columns, yaml_too_large,
    yaml_utf16, far_cell, far_cell_xlsm, far_column, far_cell_ods, zip_ratio_bomb, zip_lying_directory, xml_over_cap, ods_over_cap,
    workbook_without_sheets, workbook_unrecognised_beside_data, csv_unrecognised_beside_data, utf16_odd_bytes,
    utf16_odd_bytes_txt, identical_files, identical_workbooks, year_1800_stated, year_2200_stated_as_text,
    strict_person_in_two_files, two_birth_year_columns, two_unit_code_columns, columns_one_column_two_fields,
    columns_given_name_of_another_field, columns_name_onto_sex, columns_phone_onto_unit_code,
    columns_id_number_onto_institution, columns_address_onto_hamlet_is_allowed_but_parent_onto_unit_is_not,
    columns_absent_everywhere, unit_code_is_area, unit_named_as_area_without_units_sheet, count_with_underscore,
    count_in_fullwidth_digits, count_in_exponent, count_with_decimal_comma, count_with_english_thousands,
    count_with_space_thousands, count_with_trailing_zero_decimal, count_in_arabic_indic_digits,
    models_count_with_underscore, long_commune_name_is_cut, csv_field_over_limit,
]
