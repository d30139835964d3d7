"""Bad input gets a clear answer (issue #4): a corpus of malformed inputs, each through the CLI.

Every case must give exit 3, nothing on stdout, no traceback, no output file, untouched inputs, and with
`--format json` one JSON object on stderr whose error names the file and, where there is one, the sheet,
the spreadsheet row and the column header. The builders live in bad_inputs_fixtures.py, one per case.

Below them: officers' untidy but readable values (numbers as text, "1.234", x/có/✓, dates, title rows,
totals rows, "P. Mỹ Phước", Windows-1258 CSV, a TCVN3 column) are read, exit 0.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import bad_inputs_fixtures as fx
from bad_inputs_fixtures import GOOD, SURVEY_HEADER, UNITS, Case, units, xlsx
from bad_inputs_safe import SAFE_CASES
from helpers import write_csv
from xhht_cli.cli import app
from xhht_cli.io.legacy import from_unicode


CASES = fx.CASES + SAFE_CASES  # issue 4's corpus, then issue 10's (limits, the same data twice, --columns)


def invoke(args: list[str]):
    return CliRunner().invoke(app, args)


def hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _matches(m: dict, case: Case) -> bool:
    if m["severity"] != "error":
        return False
    if case.code is not None and m["code"] not in ((case.code,) if isinstance(case.code, str) else case.code):
        return False
    names = (case.file,) if isinstance(case.file, str) else case.file or ()
    if names and not any(n in (m["file"] or "") for n in names):
        return False
    return all(expected is None or m[k] == expected
               for k, expected in (("sheet", case.sheet), ("row", case.row), ("column", case.column)))


@pytest.mark.parametrize("build", CASES, ids=[b.__name__ for b in CASES])
def test_bad_input_exits_3_with_a_located_message(build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    case = build(inputs)
    for target, value in case.patches.items():
        monkeypatch.setattr(target, value)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "out.json"
    before = hashes(inputs)

    plain = invoke(["compute", *case.args, "--output", str(out)])
    assert plain.exit_code == 3, (plain.exit_code, plain.stderr, plain.exception)
    assert plain.stdout == ""
    assert "Traceback" not in plain.stderr
    assert plain.stderr.strip()

    result = invoke(["compute", *case.args, "--format", "json", "--output", str(out)])
    assert result.exit_code == 3, (result.exit_code, result.stderr, result.exception)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    payload = json.loads(result.stderr)
    assert payload["schema_version"] == 1
    messages = payload["messages"]
    assert messages and all(m["severity"] == "error" for m in messages)
    hits = [m for m in messages if _matches(m, case)]
    assert hits, f"no error located as {case}; got:\n{json.dumps(messages, ensure_ascii=False, indent=1)}"
    for word in case.mentions:
        assert any(word in m["message"] for m in hits), (word, hits)

    assert not out.exists()
    assert list(out_dir.iterdir()) == []  # no temporary file left either
    assert hashes(inputs) == before


def test_the_corpus_is_large_and_distinct() -> None:
    assert len(CASES) >= 30
    assert len({b.__name__ for b in CASES}) == len(CASES)


def test_strict_only_values_are_warnings_by_default(tmp_path: Path) -> None:
    case = fx.strict_birth_year_text(tmp_path)
    args = [a for a in case.args if a != "--strict"]
    result = invoke(["compute", *args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    warnings = [m for m in json.loads(result.stdout)["messages"] if m["code"] == "bad-birth-year"]
    assert [(m["severity"], m["row"], m["column"]) for m in warnings] == [("warning", 3, "Năm sinh")]


# --- untidy values that ARE read ---------------------------------------------------------------------

def report(args: list[str]) -> dict:
    result = invoke(["compute", *args, "-f", "json"])
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def row(rep: dict, unit: str, indicator: str) -> tuple:
    r = next(r for r in rep["indicators"] if r["unit"] == unit and r["indicator"] == indicator)
    return r["numerator"], r["denominator"]


def test_numbers_stored_as_text_and_thousands_separators(tmp_path: Path) -> None:
    units(tmp_path)
    # every cell below is a text cell in Excel, as after a copy from a web page
    xlsx(tmp_path / "dieu-tra.xlsx", {"DS": [SURVEY_HEADER,
                                              ["X1", "2019", "Nữ", "Đang ở", "MG 5T", None, None, None],
                                              ["X1", "2019", "Nam", "Đang ở", None, None, None, None],
                                              ["X2", "1990", "Nam", "Đang ở", None, "12", "THPT", "Đại học"]]})
    xlsx(tmp_path / "so-lieu.xlsx", {"Bang": [fx.COUNTS_HEADER, ["X1", "1.234", "2.000"], ["X2", "30", "60"]]})
    rep = report([str(tmp_path), "--year", "2024"])
    assert row(rep, "X1", "mn5_attending") == (1, 2)  # birth years given as text
    assert row(rep, "X2", "ll_university_15plus") == (1, 1)
    assert row(rep, "X1", "ll_life_skills") == (1234, 2000)  # "1.234" is one thousand two hundred thirty-four
    assert row(rep, "X2", "ll_life_skills") == (30, 60)


def test_yes_no_written_every_way(tmp_path: Path) -> None:
    units(tmp_path)
    marks = ["x", "X", "có", "1", "✓", "không", "Có", "0"]
    rows = [{"Xã/Phường": "X1", "Năm sinh": "1990", "Giới tính": "Nữ", "Năng lực thông tin": m} for m in marks]
    write_csv(tmp_path / "dieu-tra.csv", rows, ["Xã/Phường", "Năm sinh", "Giới tính", "Năng lực thông tin"])
    rep = report([str(tmp_path), "--year", "2024"])
    assert row(rep, "X1", "ll_information_literacy") == (6, 8)
    assert not [m for m in rep["messages"] if m["code"] == "bad-bool"]


def test_birth_year_from_text_date_excel_date_and_serial(tmp_path: Path) -> None:
    units(tmp_path)
    path = xlsx(tmp_path / "dieu-tra.xlsx", {"DS": [
        ["Xã/Phường", "Năm sinh", "Giới tính", "Đang học"],
        ["X1", "01/06/2019", "Nữ", "MG"],  # a dd/mm/yyyy text date
        ["X1", dt.datetime(2019, 6, 1), "Nam", "MG"],  # an Excel date cell
        ["X1", 43617, "Nữ", "MG"],  # an Excel date serial shown as a number (2019-06-01)
        ["X1", "15/06/2018", "Nam", "1"],  # aged 6
    ]})
    wb = openpyxl.load_workbook(path)
    wb["DS"]["B3"].number_format = "dd/mm/yyyy"
    wb.save(path)
    rep = report([str(tmp_path), "--year", "2024"])
    assert row(rep, "X1", "mn5_attending") == (3, 3)
    assert row(rep, "X1", "th_entry_6") == (1, 1)
    assert not [m for m in rep["messages"] if m["code"] in ("bad-birth-year", "bad-birth-date", "no-birth-year")]


def test_title_rows_above_the_header_and_year_from_the_title(tmp_path: Path) -> None:
    units(tmp_path)
    xlsx(tmp_path / "dieu-tra.xlsx", {"DS": [
        ["UBND THỊ XÃ BẾN CÁT"],
        ["BIỂU ĐIỀU TRA PHỔ CẬP GIÁO DỤC - XÓA MÙ CHỮ NĂM 2024"],
        [],
        SURVEY_HEADER,
        ["X1", 2019, "Nữ", "Đang ở", "MG 5T", None, None, None],
        ["X1", 2019, "Nam", "Đang ở", None, None, None, None],
    ]})
    rep = report([str(tmp_path)])  # no --year: the title says 2024
    assert rep["year"] == 2024
    assert row(rep, "X1", "mn5_attending") == (1, 2)


def test_totals_row_dropped_with_a_note(tmp_path: Path) -> None:
    units(tmp_path)
    rows = [{**GOOD, "Năm sinh": "2019", "Đang học": "MG", "Lớp đã học xong": "", "Bằng tốt nghiệp": "",
             "Trình độ chuyên môn": ""},
            {**GOOD, "Năm sinh": "2019", "Lớp đã học xong": "", "Bằng tốt nghiệp": "", "Trình độ chuyên môn": ""},
            {"Xã/Phường": "Tổng cộng", "Năm sinh": "2"}]
    write_csv(tmp_path / "dieu-tra.csv", rows, SURVEY_HEADER)
    write_csv(tmp_path / "so-lieu.csv", [{"Mã đơn vị": "X1", "ll_life_skills - Tử số": "3",
                                         "ll_life_skills - Mẫu số": "4"},
                                        {"Mã đơn vị": "Tổng cộng", "ll_life_skills - Tử số": "3",
                                         "ll_life_skills - Mẫu số": "4"}], fx.COUNTS_HEADER)
    rep = report([str(tmp_path), "--year", "2024"])
    assert row(rep, "X1", "mn5_attending") == (1, 2)
    assert row(rep, fx.AREA, "ll_life_skills") == (3, 4)
    notes = [m for m in rep["messages"] if m["code"] == "totals-row-dropped"]
    assert [(m["row"], m["sheet"]) for m in notes] == [(4, "dieu-tra")]
    assert "dieu-tra.csv" in notes[0]["file"]


@pytest.mark.parametrize("written", ["P. Mỹ Phước", "my phuoc", "Phuong My Phuoc", "PHƯỜNG MỸ PHƯỚC", "x1"])
def test_commune_names_as_officers_write_them(tmp_path: Path, written: str) -> None:
    units(tmp_path)
    write_csv(tmp_path / "dieu-tra.csv", [{**GOOD, "Xã/Phường": written}], SURVEY_HEADER)
    write_csv(tmp_path / "so-lieu.csv", [{"Mã đơn vị": written, "ll_life_skills - Tử số": "1",
                                         "ll_life_skills - Mẫu số": "2"}], fx.COUNTS_HEADER)
    rep = report([str(tmp_path), "--year", "2024"])
    assert row(rep, "X1", "ll_university_15plus") == (1, 1)
    assert row(rep, "X1", "ll_life_skills") == (1, 2)
    assert [u["code"] for u in rep["units"] if u["kind"] == "commune"] == [u["Mã đơn vị"] for u in UNITS]


def test_title_line_above_the_header_in_a_csv(tmp_path: Path) -> None:
    """A CSV whose title line was typed by hand has fewer fields than the header (no trailing commas)."""
    units(tmp_path)
    (tmp_path / "dieu-tra.csv").write_text("DANH SÁCH ĐIỀU TRA PCGD-XMC NĂM 2024\n" + ",".join(SURVEY_HEADER)
                                           + "\nX1,1990,Nữ,Đang ở,,12,THPT,Đại học\n", encoding="utf-8")
    rep = report([str(tmp_path)])
    assert rep["year"] == 2024
    assert row(rep, "X1", "ll_university_15plus") == (1, 1)


def to_cp1258(text: str) -> bytes:
    """Vietnamese as Excel's "CSV" saves it on a Vietnamese Windows: Windows-1258, tones as combining marks."""
    tones = "\u0300\u0301\u0303\u0309\u0323"

    def cluster(m: re.Match) -> str:
        shape = "".join(c for c in m.group(2) if c not in tones)
        return unicodedata.normalize("NFC", m.group(1) + shape) + "".join(c for c in m.group(2) if c in tones)

    return re.sub("(.)([\u0300-\u036f]+)", cluster, unicodedata.normalize("NFD", text)).encode("cp1258")


def test_utf16_tab_separated_text_is_read(tmp_path: Path) -> None:
    """Excel's "Unicode Text" export: UTF-16 with a BOM, tab-separated, named .txt."""
    d = tmp_path / "2024"
    d.mkdir()
    units(d)
    text = "\t".join(SURVEY_HEADER) + "\r\nX1\t1990\tNữ\tĐang ở\t\t12\tTHPT\tĐại học\r\n"
    (d / "dieu-tra.txt").write_bytes(text.encode("utf-16"))
    result = CliRunner().invoke(app, ["compute", str(d), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    rows = {(r["unit"], r["indicator"]): r for r in json.loads(result.stdout)["indicators"]}
    assert (rows[("X1", "ll_university_15plus")]["numerator"], rows[("X1", "ll_university_15plus")]["denominator"]) \
        == (1, 1)


def test_windows_1258_and_semicolon_csv(tmp_path: Path) -> None:
    units(tmp_path)
    (tmp_path / "dieu-tra.csv").write_bytes(to_cp1258(
        ";".join(SURVEY_HEADER) + "\r\nPhường Mỹ Phước;1990;Nữ;Đang ở;;12;THPT;Đại học\r\n"
        "X1;1980;Nam;Chuyển đi;;;;\r\n"))
    rep = report([str(tmp_path), "--year", "2024"])
    r = next(r for r in rep["indicators"] if r["unit"] == "X1" and r["indicator"] == "ll_university_15plus")
    assert (r["numerator"], r["denominator"], r["excluded"]["moved_away"]) == (1, 1, 1)


def test_numeric_unit_codes_match_text_codes(tmp_path: Path) -> None:
    xlsx(tmp_path / "don-vi.xlsx", {"DV": [fx.UNIT_HEADER, [25741, "Phường Mỹ Phước", "Phường", fx.AREA, "không"]]})
    xlsx(tmp_path / "dieu-tra.xlsx", {"DS": [SURVEY_HEADER, [25741, 1990, "Nữ", "Đang ở", None, 12, "THPT", "Đại học"],
                                             ["25741", 1990, "Nam", "Đang ở", None, 9, "THCS", None]]})
    rep = report([str(tmp_path), "--year", "2024"])
    assert row(rep, "25741", "ll_university_15plus") == (1, 2)


def test_excel_lock_file_and_other_files_in_the_folder_are_ignored(tmp_path: Path) -> None:
    units(tmp_path)
    write_csv(tmp_path / "dieu-tra.csv", [GOOD], SURVEY_HEADER)
    (tmp_path / "~$dieu-tra.xlsx").write_bytes(b"\x07officer" + b"\x00" * 150)  # Excel's owner file while open
    (tmp_path / "ghi-chu.docx").write_bytes(b"PK\x03\x04")
    rep = report([str(tmp_path), "--year", "2024"])
    assert row(rep, "X1", "ll_university_15plus") == (1, 1)


def test_a_column_typed_wholly_in_tcvn3_is_converted(tmp_path: Path) -> None:
    units(tmp_path)
    legacy = {**GOOD, "Tình trạng cư trú": from_unicode("Chuyển đi", "tcvn3")}
    write_csv(tmp_path / "dieu-tra.csv", [legacy, {**legacy, "Năm sinh": "1991"}], SURVEY_HEADER)
    rep = report([str(tmp_path), "--year", "2024"])
    r = next(r for r in rep["indicators"] if r["unit"] == "X1" and r["indicator"] == "ll_university_15plus")
    assert (r["denominator"], r["excluded"]["moved_away"]) == (0, 2)
    assert [m["severity"] for m in rep["messages"] if m["code"] == "legacy-encoding"] == ["warning"]
