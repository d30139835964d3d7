"""Every header recognised, ignored on purpose or reported (issue 18, item 1; spec.md "Columns that are not
recognised"): a near miss of an absent column is an error naming both spellings, an unknown header a
warning, a blank header over values and a needed column left blank are reported; the real-world dressings
(case, spacing, no diacritics, extra columns) never give a near miss."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from bad_inputs_fixtures import GOOD, SURVEY_HEADER, persons, units, write_csv
from xhht_cli.cli import app
from xhht_cli.messages import Log
from xhht_cli.sources.header_check import SheetFacts, check_header, distance, is_near
from xhht_cli.sources.registry import KINDS, PERSONS


def invoke(*args: str) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(app, ["validate", *args, "-f", "json"])
    assert "Traceback" not in result.stderr
    return result.exit_code, json.loads(result.stdout)["messages"]


def codes(messages: list[dict], code: str) -> list[dict]:
    return [m for m in messages if m["code"] == code]


# --- the nearness rule, by hand ---------------------------------------------------------------------

def test_distance_by_hand() -> None:
    assert distance("trú", "chú", 2) == 2  # t→c, r→h
    assert distance("kitten", "sitting", 5) == 3
    assert distance("abc", "abcdef", 2) == 3  # over the limit: limit + 1


@pytest.mark.parametrize(("header", "name", "near"), [
    ("Tình trạng cư chú", "Tình trạng cư trú", True),  # 2 edits
    ("Tình trạng cư chúa", "Tình trạng cư trú", False),  # 3 edits, with or without diacritics
    ("Kỹ nănh sống", "Kỹ năng sống", True),  # 1 edit
    ("Năm snh", "Năm sinh", True),
    ("Kỹ năng", "Kỹ năng sống", True),  # one word missing of three
    ("Tinh trang cu chu", "Tình trạng cư trú", True),  # no diacritics, 2 edits
    ("Ngày", "Ngày sinh", False),  # a word missing of two: another column
    ("TT", "Xã", False), ("Nam", "Nữ", False),  # short names: no edit allowed
    ("Lớp", "Học xong/Lớp", False),  # never a leaf alone against a path
    ("Khuyết tậ/Vận động", "Khuyết tật/Vận động", True),  # the group's path
    ("Ghi chú 2", "Khối học", False), ("Số CCCD", "Số hộ", False), ("Ngày cập nhật", "Ngày sinh", False),
    ("Nơi sinh", "Năm sinh", False), ("Mã HS", "Mã hộ", False), ("Năm", "name", False),  # short: 2, 1 edits
    ("Năm sinhh", "Năm sinh", True), ("Năm sinnh", "Năm sinh", True),
    ("Mù chữ", "Tái mù chữ", False),  # the first word missing changes the meaning
    ("Hoàn thành", "Hoàn thành CTGDMN", False), ("Trình độ", "Trình độ CMKT", False),  # an abbreviation missing
    ("Hoàn thành mầm non", "Hoàn thành CT mầm non", False), ("Tình trạng trú", "Tình trạng cư trú", True),
    ("Tình trạng cư trú", "Tình trạng cư trú", False),  # the same name is a match, not a near miss
])
def test_near_by_hand(header: str, name: str, near: bool) -> None:
    assert is_near(header, name) is near


def test_every_templates_header_is_recognised() -> None:
    """The blank workbooks xhht writes read back without a single header message (the first sheet of a
    template is its kind's; a second, such as the recognitions of the learning-models workbook, another's)."""
    def messages(kind, names: list[str]) -> list[str]:
        log = Log()
        check_header(kind, names, kind.fields, (), SheetFacts("t.xlsx", "s", 1, str, lambda i: True), log)
        return [m.message for m in log.messages]

    for kind in KINDS:
        for template in kind.templates:
            first, *rest = template.sheets
            assert messages(kind, [c.header for c in first.columns]) == [], kind.name
            for sheet in rest:
                assert any(messages(k, [c.header for c in sheet.columns]) == [] for k in KINDS), sheet.name


# --- plain survey tables ------------------------------------------------------------------------------

def test_extra_columns_are_one_unknown_warning_and_no_near_miss(tmp_path: Path) -> None:
    units(tmp_path)
    header = [*SURVEY_HEADER, "Số CCCD", "Ghi chú 2", "Ngày cập nhật", "GHI CHÚ", "tinh trang  cu tru"]
    persons(tmp_path, header=header)
    code, messages = invoke(str(tmp_path), "--year", "2024")
    assert code == 0
    assert not codes(messages, "column-near-miss")
    [hit] = codes(messages, "column-unknown")
    assert hit["severity"] == "warning" and hit["sheet"] == "dieu-tra" and hit["row"] == 1
    for text in ("'Số CCCD' (cột I)", "'Ghi chú 2' (cột J)", "'Ngày cập nhật' (cột K)"):
        assert text in hit["message"]
    assert "GHI CHÚ" not in hit["message"]  # an official column ignored on purpose, in any case


def test_a_misspelt_residence_is_an_error_naming_both_spellings(tmp_path: Path) -> None:
    units(tmp_path)
    header = [h if h != "Tình trạng cư trú" else "Tình trạng cư chú" for h in SURVEY_HEADER]
    persons(tmp_path, {**GOOD, "Tình trạng cư trú": "Chuyển đi"}, header=header)
    code, messages = invoke(str(tmp_path), "--year", "2024")
    assert code == 3
    [hit] = codes(messages, "column-near-miss")
    assert hit["severity"] == "error" and hit["column"] == "Tình trạng cư chú"
    assert "'Tình trạng cư chú' (cột D)" in hit["message"] and "có phải 'Tình trạng cư trú'?" in hit["message"]
    assert "--columns" in hit["message"] and "ignore" in hit["message"]
    assert not codes(messages, "column-unknown")


def test_three_edits_away_is_only_unknown(tmp_path: Path) -> None:
    units(tmp_path)
    header = [h if h != "Tình trạng cư trú" else "Tình trạng cư chúa" for h in SURVEY_HEADER]
    persons(tmp_path, header=header)
    code, messages = invoke(str(tmp_path), "--year", "2024")
    assert code == 0 and not codes(messages, "column-near-miss")
    assert "'Tình trạng cư chúa' (cột D)" in codes(messages, "column-unknown")[0]["message"]


def test_columns_file_maps_or_ignores_the_near_miss(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    units(d)
    header = [h if h != "Tình trạng cư trú" else "Tình trạng cư chú" for h in SURVEY_HEADER] + ["Số CCCD"]
    persons(d, header=header)
    ignore = tmp_path / "ignore.yaml"
    ignore.write_text('survey:\n  ignore: ["Tình trạng cư chú", "Số CCCD"]\n', encoding="utf-8")
    code, messages = invoke(str(d), "--year", "2024", "--columns", str(ignore))
    assert code == 0 and not codes(messages, "column-near-miss") and not codes(messages, "column-unknown")
    mapped = tmp_path / "map.yaml"
    mapped.write_text('survey:\n  residence: "Tình trạng cư chú"\n', encoding="utf-8")
    code, messages = invoke(str(d), "--year", "2024", "--columns", str(mapped))
    assert code == 0 and not codes(messages, "column-near-miss")
    assert [m["message"] for m in codes(messages, "column-unknown")] and "Số CCCD" in codes(messages, "column-unknown")[0]["message"]


def test_a_misspelt_birth_year_suggests_the_near_match(tmp_path: Path) -> None:
    units(tmp_path)
    persons(tmp_path, header=[h if h != "Năm sinh" else "Năm snh" for h in SURVEY_HEADER])
    code, messages = invoke(str(tmp_path), "--year", "2024")
    assert code == 3
    errors = [m for m in messages if m["severity"] == "error"]
    assert [m["code"] for m in errors] == ["column-near-miss", "missing-column"]  # the cause first
    assert "'Năm snh' (cột B)" in errors[0]["message"] and "'Năm sinh'" in errors[0]["message"]


def test_a_needed_column_blank_in_every_row_is_a_warning(tmp_path: Path) -> None:
    units(tmp_path)
    write_csv(tmp_path / "dieu-tra.csv", [{**GOOD, "Tình trạng cư trú": ""}] * 2, SURVEY_HEADER)
    code, messages = invoke(str(tmp_path), "--year", "2024")
    assert code == 0
    [hit] = codes(messages, "column-empty")  # with "Đang học" (cột E), which no fixture person answers
    assert "'Tình trạng cư trú' (cột D)" in hit["message"] and "'Đang học' (cột E)" in hit["message"]


def test_a_column_shifted_from_its_header(tmp_path: Path) -> None:
    """'Khuyết tật' over an empty column, the marks one column right under no header."""
    units(tmp_path)
    header = ["Xã/Phường", "Năm sinh", "Giới tính", "Khuyết tật", ""]
    write_csv(tmp_path / "dieu-tra.csv", [{"Xã/Phường": "X1", "Năm sinh": "2015", "Giới tính": "Nam", "": "x"},
                                         {"Xã/Phường": "X1", "Năm sinh": "2016", "Giới tính": "Nữ"}], header)
    code, messages = invoke(str(tmp_path), "--year", "2024")
    assert code == 0
    [empty] = codes(messages, "column-empty")
    [blank] = codes(messages, "column-blank-header")
    assert empty["column"] == "Khuyết tật" and blank["severity"] == "warning" and "cột E" in blank["message"]


# --- the official DATA sheet (two header rows) -----------------------------------------------------------

SURVEY_LAYOUT = Path(__file__).parents[1] / "samples" / "ben-cat" / "2024" / "phuong-my-phuoc.xlsx"


def official_copy(tmp_path: Path, change: dict[str, object], every_cell=None) -> Path:
    """A sample commune workbook with some header cells of its DATA sheet changed ("Q1": "…"), and
    `every_cell` applied to every text cell of the sheet when given (a workbook typed in a legacy font)."""
    folder = tmp_path / "2024"
    folder.mkdir()
    wb = openpyxl.load_workbook(SURVEY_LAYOUT)
    if every_cell is not None:
        for row in wb["DATA"].iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    c.value = every_cell(c.value)
    for cell, value in change.items():
        wb["DATA"][cell] = value
    wb.save(folder / SURVEY_LAYOUT.name)
    return folder


def header_cells() -> dict[str, object]:
    ws = openpyxl.load_workbook(SURVEY_LAYOUT, read_only=True)["DATA"]
    return {c.coordinate: c.value for row in ws.iter_rows(min_row=1, max_row=3) for c in row if c.value is not None}


def test_the_official_sample_has_the_layout_the_tests_assume() -> None:
    cells = header_cells()
    assert cells["Q1"] == "Tình trạng cư trú" and cells["AJ1"] == "Khuyết tật" and cells["AH2"] == "Hoàn thành lớp"


def test_official_sheet_untouched_gives_no_header_message(tmp_path: Path) -> None:
    code, messages = invoke(str(official_copy(tmp_path, {})), "--no-cache")
    assert code == 0
    assert not [m for m in messages if m["code"].startswith("column-")]


@pytest.mark.parametrize(("change", "column", "near"), [
    ({"Q1": "Tình trạng cư chú"}, "Q", "Tình trạng cư trú"),
    ({"AH2": "Hoàn thàng lớp"}, "AH", "XMC/Hoàn thành lớp"),  # the literacy class, by its group's path
    ({"AJ1": "Khuyết tậ"}, "AJ", "Khuyết tật/Vận động"),  # the group of the disability marks
])
def test_official_sheet_near_misses(tmp_path: Path, change: dict, column: str, near: str) -> None:
    code, messages = invoke(str(official_copy(tmp_path, change)), "--no-cache")
    assert code == 3
    hits = codes(messages, "column-near-miss")
    assert hits and f"(cột {column})" in hits[0]["message"] and f"'{near}'" in hits[0]["message"]


def test_official_sheet_disability_group_shifted_one_column(tmp_path: Path) -> None:
    """"Khuyết tật" moved from AJ1 to AK1: "Vận động" (AJ) flattens under "Tái mù chữ mức" to its left, and
    its marks would be lost; it is a near miss of "Khuyết tật/Vận động"."""
    folder = tmp_path / "2024"
    folder.mkdir()
    wb = openpyxl.load_workbook(SURVEY_LAYOUT)
    ws = wb["DATA"]
    ws.unmerge_cells("AJ1:AQ1")
    ws["AJ1"], ws["AK1"] = None, "Khuyết tật"
    wb.save(folder / SURVEY_LAYOUT.name)
    code, messages = invoke(str(folder), "--no-cache")
    assert code == 3
    [hit] = codes(messages, "column-near-miss")
    assert "(cột AJ)" in hit["message"] and "'Khuyết tật/Vận động'" in hit["message"]


def test_official_sheet_blank_header_at_a_needed_position_is_an_error(tmp_path: Path) -> None:
    code, messages = invoke(str(official_copy(tmp_path, {"Q1": None})), "--no-cache")
    assert code == 3
    [hit] = codes(messages, "column-blank-header")
    assert hit["severity"] == "error" and "cột Q" in hit["message"] and "'Tình trạng cư trú'" in hit["message"]


# --- commune tables and the units sheet -------------------------------------------------------------------

def test_a_learning_models_header_near_miss(tmp_path: Path) -> None:
    units(tmp_path)
    persons(tmp_path)
    write_csv(tmp_path / "mo-hinh.csv", [{"Mã đơn vị": "X1", "Số hộ gia đình": "40", "Gia đình học tập": "30",
                                         "Số dòng họ": "4", "Dòng họ học tậpp": "2"}],
              ["Mã đơn vị", "Số hộ gia đình", "Gia đình học tập", "Số dòng họ", "Dòng họ học tậpp"])
    code, messages = invoke(str(tmp_path), "--year", "2024")
    assert code == 3
    [hit] = codes(messages, "column-near-miss")
    assert "'Dòng họ học tậpp' (cột E)" in hit["message"] and "'Dòng họ học tập'" in hit["message"]


def test_a_units_sheet_unknown_column_is_a_warning(tmp_path: Path) -> None:
    from bad_inputs_fixtures import UNIT_HEADER, UNITS

    units(tmp_path, [{**u, "Dân số": "1000"} for u in UNITS], header=[*UNIT_HEADER, "Dân số"])
    persons(tmp_path)
    code, messages = invoke(str(tmp_path), "--year", "2024")
    assert code == 0
    [hit] = codes(messages, "column-unknown")
    assert hit["sheet"] == "don-vi" and "'Dân số' (cột F)" in hit["message"]


def test_a_birth_date_stands_for_the_birth_year() -> None:
    """"Ngày sinh" beside "Nơi sinh": the birth year is not missing, so "Nơi sinh" is no near miss of it."""
    log = Log()
    names = ["Xã/Phường", "Ngày sinh", "Nơi sinh", "Giới tính", "Nữ"]
    check_header(PERSONS, names, PERSONS.fields, (), SheetFacts("t.csv", "s", 1, str, lambda i: True), log)
    assert [m.code for m in log.messages] == ["column-unknown"] and "'Nơi sinh'" in log.messages[0].message


# --- a column holding something else ------------------------------------------------------------------------

@pytest.mark.parametrize(("n", "bad", "misfit"), [(10, 5, True), (10, 4, False), (9, 9, False), (12, 12, True)])
def test_a_column_mostly_unreadable_is_one_misfit_error(tmp_path: Path, n: int, bad: int, misfit: bool) -> None:
    """`bad` of the n persons have a grade ("3", "4" …) under "Tình trạng cư trú", the others "Đang ở"."""
    units(tmp_path)
    rows = [{**GOOD, "Tình trạng cư trú": str(3 + i) if i < bad else "Đang ở"} for i in range(n)]
    write_csv(tmp_path / "dieu-tra.csv", rows, SURVEY_HEADER)
    code, messages = invoke(str(tmp_path), "--year", "2024")
    hits, cells = codes(messages, "column-values-misfit"), codes(messages, "bad-residence")
    if misfit:
        assert code == 3 and not cells
        [hit] = hits
        assert hit["column"] == "Tình trạng cư trú" and hit["severity"] == "error"
        assert hit["message"].startswith(f"{bad} trên {n} ô")
        assert f"số từ 3 đến {3 + bad - 1} ({bad} ô)" in hit["message"]
    else:
        assert code == 0 and not hits and len(cells) == bad


def test_misfit_sample_never_quotes_a_value() -> None:
    from xhht_cli.persons.misfit import shapes

    import numpy as np
    import pandas as pd

    text = shapes(pd.Series(["Nguyễn Văn An", "0912345678", "12/03/1990", "7"]), np.array([5, 1, 2, 3]))
    assert text == "chữ (5 ô), số (4 ô), ngày tháng (2 ô)"  # a phone number: no range
    assert shapes(pd.Series(["3", "12"]), np.array([1, 1])) == "số từ 3 đến 12 (2 ô)"


def test_validate_lists_the_near_miss_first(tmp_path: Path) -> None:
    from bad_inputs_fixtures import UNIT_HEADER, UNITS

    # a units sheet with an unknown column, read before the survey (a file a…, then d…)
    units(tmp_path, [{**u, "Dân số": "1"} for u in UNITS], header=[*UNIT_HEADER, "Dân số"], name="a-don-vi.csv")
    header = [h if h != "Tình trạng cư trú" else "Tình trạng cư chú" for h in SURVEY_HEADER]
    persons(tmp_path, header=header)
    code, messages = invoke(str(tmp_path), "--year", "2024")
    found = [m["code"] for m in messages]
    assert code == 3 and found[0] == "column-near-miss" and "column-unknown" in found[1:]


# --- the gate: real-world dressings of the official sheet read as before, without a near miss ------------------

def _no_diacritics(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def _tcvn3(text: str) -> str:
    from xhht_cli.io.legacy import from_unicode

    return from_unicode(text, "tcvn3")


DRESSINGS = {
    "upper": str.upper,
    "lower": str.lower,
    "no-diacritics": _no_diacritics,
    "line-breaks": lambda t: t.replace(" ", "\n", 1),
    "doubled-spaces": lambda t: t.replace(" ", "  "),
    "tcvn3": _tcvn3,
}


def _indicators(messages_and_report: dict) -> list[tuple]:
    return sorted((r["unit"], r["indicator"], r["numerator"], r["denominator"]) for r in messages_and_report["indicators"])


def _compute(folder: Path) -> dict:
    result = CliRunner().invoke(app, ["compute", str(folder), "--no-cache", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The undressed sample's report, computed once for the module."""
    return _compute(official_copy(tmp_path_factory.mktemp("plain"), {}))


@pytest.mark.parametrize("dressing", [*DRESSINGS, "extra-columns"])
def test_dressed_official_headers_read_the_same_without_near_miss(tmp_path: Path, dressing: str, plain: dict) -> None:
    cells = header_cells()
    if dressing == "extra-columns":
        ws = openpyxl.load_workbook(SURVEY_LAYOUT, read_only=True)["DATA"]
        last = ws.max_column
        from openpyxl.utils import get_column_letter

        change = {f"{get_column_letter(last + 1 + i)}1": h for i, h in enumerate(("Số CCCD", "Ghi chú 2", "Ngày cập nhật"))}
    elif dressing == "tcvn3":  # a workbook typed in a .Vn font: every cell, not the header alone
        change = {}
    else:
        change = {c: DRESSINGS[dressing](v) for c, v in cells.items() if isinstance(v, str)}
    (tmp_path / "dressed").mkdir()
    rep = _compute(official_copy(tmp_path / "dressed", change, _tcvn3 if dressing == "tcvn3" else None))
    found = [m["code"] for m in rep["messages"]]
    assert "column-near-miss" not in found and "column-blank-header" not in found
    assert _indicators(rep) == _indicators(plain)
    if dressing == "extra-columns":
        [hit] = [m for m in rep["messages"] if m["code"] == "column-unknown"]
        assert "Số CCCD" in hit["message"] and "Ngày cập nhật" in hit["message"]
    else:
        assert "column-unknown" not in found


def _rebuilt(tmp_path: Path, rows_of) -> Path:
    """The sample workbook rewritten from its values, the DATA rows through `rows_of` (merges become a
    value in the first cell and blanks, as many exports leave them)."""
    src = openpyxl.load_workbook(SURVEY_LAYOUT)
    out = openpyxl.Workbook()
    out.remove(out.active)
    for name in src.sheetnames:
        rows = [list(r) for r in src[name].iter_rows(values_only=True)]
        ws = out.create_sheet(name)
        for r in (rows_of(rows) if name == "DATA" else rows):
            ws.append(r)
    folder = tmp_path / "2024"
    folder.mkdir(parents=True)
    out.save(folder / SURVEY_LAYOUT.name)
    return folder


@pytest.mark.parametrize("dressing", ["values-only", "pushed-down", "reordered"])
def test_rebuilt_official_sheets_read_the_same_without_near_miss(tmp_path: Path, dressing: str, plain: dict) -> None:
    move = slice(16, 19)  # Q–S (residence, current study, class) to the end: a reordered block

    def rows_of(rows: list[list]) -> list[list]:
        if dressing == "pushed-down":
            return [["DANH SÁCH NGƯỜI TRONG ĐỘ TUỔI"], *rows]
        if dressing == "reordered":
            return [r[:move.start] + r[move.stop:] + r[move] for r in rows]
        return rows

    rep = _compute(_rebuilt(tmp_path / "dressed", rows_of))
    found = [m["code"] for m in rep["messages"]]
    assert not [c for c in found if c.startswith("column-")]
    assert _indicators(rep) == _indicators(plain)


def test_a_commune_counts_header_near_miss(tmp_path: Path) -> None:
    """The counts table reads its columns by rule (indicator, then Tử số / Mẫu số): a misspelt indicator
    name is a near miss of the rule's name, the pair it breaks named."""
    units(tmp_path)
    persons(tmp_path)
    header = ["Mã đơn vị", "ll_information_literacy - Tử số", "ll_information_literacy - Mẫu số",
              "Kỹ nănh sống - Tử số", "Kỹ nănh sống - Mẫu số"]
    write_csv(tmp_path / "so-lieu.csv", [dict(zip(header, ["X1", "3", "9", "4", "9"]))], header)
    code, messages = invoke(str(tmp_path), "--year", "2024")
    assert code == 3
    hits = codes(messages, "column-near-miss")
    assert [h["column"] for h in hits] == ["Kỹ nănh sống - Tử số", "Kỹ nănh sống - Mẫu số"]
    assert "có phải 'Kỹ năng sống - Tử số'?" in hits[0]["message"] and "(cột D)" in hits[0]["message"]


def test_a_commune_count_column_holding_names_is_one_misfit(tmp_path: Path) -> None:
    """Twelve communes whose "Số hộ gia đình" holds their names: one error, not twelve bad-count."""
    from bad_inputs_fixtures import UNIT_HEADER

    communes = [{"Mã đơn vị": f"X{i}", "Tên đơn vị": f"Xã Số {i}", "Loại": "Xã", "Khu vực": "Thị xã Bến Cát",
                 "ĐBKK": "không"} for i in range(1, 13)]
    units(tmp_path, communes, header=UNIT_HEADER)
    persons(tmp_path)
    write_csv(tmp_path / "mo-hinh.csv", [{"Mã đơn vị": u["Mã đơn vị"], "Số hộ gia đình": u["Tên đơn vị"],
                                         "Gia đình học tập": "3"} for u in communes],
              ["Mã đơn vị", "Số hộ gia đình", "Gia đình học tập"])
    code, messages = invoke(str(tmp_path), "--year", "2024")
    assert code == 3 and not codes(messages, "bad-count")
    [hit] = codes(messages, "column-values-misfit")
    assert hit["column"] == "Số hộ gia đình" and "12 trên 12 ô" in hit["message"] and "chữ (12 ô)" in hit["message"]
    assert "Xã Số" not in hit["message"]


@pytest.mark.parametrize(("values", "error"), [
    (["Đang ở", "Chuyển đi", "Đang ở"], True),  # places of residence: the residence column, its header blank
    (["x", "", "x"], False),  # marks fit too much to guess: a warning
    (["3", "7", "12"], False),  # so do small numbers
])
def test_a_blank_header_over_a_needed_columns_values_is_an_error(tmp_path: Path, values: list[str],
                                                                 error: bool) -> None:
    units(tmp_path)
    header = ["Xã/Phường", "Năm sinh", "Giới tính", ""]
    write_csv(tmp_path / "dieu-tra.csv", [{"Xã/Phường": "X1", "Năm sinh": "1990", "Giới tính": "Nam", "": v}
                                         for v in values], header)
    code, messages = invoke(str(tmp_path), "--year", "2024")
    [hit] = codes(messages, "column-blank-header")
    assert hit["severity"] == ("error" if error else "warning") and "cột D" in hit["message"]
    assert code == (3 if error else 0)
    if error:
        assert "'Tình trạng cư trú'" in hit["message"]


def test_guess_field_by_hand() -> None:
    from xhht_cli.sources.survey_headers import guess_field

    every = {"residence", "sex", "diploma", "qualification", "current"}
    assert guess_field(["Đang ở", "Chết"], every) == "residence"
    assert guess_field(["Nam", "Nữ"], every) == "sex"
    assert guess_field(["x"], every) is None  # "x" reads as a sex, but both sexes are needed to tell
    assert guess_field(["TH", "THCS", "THPT"], every) == "diploma"
    assert guess_field(["MG 5T", "3", "Đại học"], every) == "current"
    assert guess_field(["1", "2", "3"], every) is None
    assert guess_field(["Đang ở", "Chết"], every - {"residence"}) is None  # present: no guess
