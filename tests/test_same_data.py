"""Silent miscounts become messages (issue 10, item 7, spec.md "The same data twice" and "Which year"):
the warnings that leave the report standing, and xhht's own outputs skipped when found among inputs.
The errors of the same item are in the bad-input corpus (bad_inputs_safe.py)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from bad_inputs_fixtures import GOOD, SURVEY_HEADER, persons, units
from helpers import write_csv
from xhht_cli.cli import app
from xhht_cli.io.sameness import name_years


def run(args: list[str]) -> tuple[dict, str]:
    result = CliRunner().invoke(app, ["compute", *args, "-f", "json"])
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout), result.stderr


def msgs(rep: dict, code: str) -> list[dict]:
    return [m for m in rep["messages"] if m["code"] == code]


def count(rep: dict, unit: str, indicator: str) -> tuple[int, int]:
    r = next(r for r in rep["indicators"] if r["unit"] == unit and r["indicator"] == indicator)
    return r["numerator"], r["denominator"]


@pytest.mark.parametrize(("name", "years"), [
    ("dieu-tra-2023.xlsx", {2023}), ("DS_2023_v2.csv", {2023}), ("bao cao 2023 (1).xlsx", {2023}),
    ("nam-hoc-2023-2024.xlsx", set()), ("2023_2024.csv", set()), ("pcgd_nhapphieudieutra_2023.xlsx", set()),
    ("ma-xa-25741.csv", set()), ("x12023.csv", set()), ("1990.csv", set()), ("dieu-tra.csv", set()),
])
def test_years_in_file_names(name: str, years: set[int]) -> None:
    assert name_years(name) == years


def test_last_years_survey_in_this_years_folder_is_a_warning_even_with_strict(tmp_path: Path) -> None:
    d = tmp_path / "2024"
    d.mkdir()
    units(d)
    persons(d)
    persons(d, name="dieu-tra-2023.csv")
    (d / "dieu-tra-2023.csv").write_text((d / "dieu-tra-2023.csv").read_text(encoding="utf-8") + "X2,1980,Nam,Đang ở,,9,"
                                         "THCS,\n", encoding="utf-8")
    for strict in ([], ["--strict"]):
        rep, _ = run([str(d), *strict])
        hits = msgs(rep, "file-name-year")
        assert [(m["severity"], Path(m["file"]).name) for m in hits] == [("warning", "dieu-tra-2023.csv")]
        assert "2023" in hits[0]["message"] and "2024" in hits[0]["message"]


def test_a_school_year_name_is_not_another_year(tmp_path: Path) -> None:
    units(tmp_path)
    persons(tmp_path, name="nam-hoc-2024-2025.csv")
    rep, _ = run([str(tmp_path), "--year", "2024"])
    assert not msgs(rep, "file-name-year")


def test_a_person_in_two_files_is_a_warning_with_the_count_per_pair(tmp_path: Path) -> None:
    units(tmp_path)
    header = ["Xã/Phường", "Số phiếu", "Họ và tên", "Năm sinh", "Giới tính", "Trình độ chuyên môn"]
    a = {"Xã/Phường": "X1", "Số phiếu": "1", "Họ và tên": "Nguyễn Văn Tư", "Năm sinh": "1990", "Giới tính": "Nam",
         "Trình độ chuyên môn": "Đại học"}
    b = {**a, "Số phiếu": "2", "Họ và tên": "Lê Thị Năm", "Giới tính": "Nữ"}
    c = {**a, "Số phiếu": "3", "Họ và tên": "Trần Sáu"}
    write_csv(tmp_path / "ap-1.csv", [a, b], header)
    write_csv(tmp_path / "ap-2.csv", [{**a, "Họ và tên": "NGUYỄN  VĂN TƯ"}, b, c], header)  # case and spacing differ
    write_csv(tmp_path / "ap-3.csv", [c], header)
    write_csv(tmp_path / "ap-4.csv", [{**a, "Năm sinh": "1991"}], header)  # another birth year: another person
    rep, stderr = run([str(tmp_path), "--year", "2024"])
    hits = sorted((Path(m["file"]).name, m["message"].split(" ")[0], m["severity"])
                  for m in msgs(rep, "duplicate-person-files"))
    assert hits == [("ap-2.csv", "2", "warning"), ("ap-3.csv", "1", "warning")]
    assert count(rep, "X1", "ll_university_15plus")[1] == 7  # still counted (a warning), every row of every file
    text = json.dumps(rep["messages"], ensure_ascii=False) + stderr
    assert "Nguyễn" not in text and "NGUYỄN" not in text and "Lê Thị" not in text


def test_a_columns_name_missing_from_some_files_is_a_warning(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    units(d)
    persons(d, header=[h if h != "Trình độ chuyên môn" else "Trình độ CM" for h in SURVEY_HEADER],
            name="a.csv")
    persons(d, name="b.csv", *[{**GOOD, "Năm sinh": "1991"}])
    cols = tmp_path / "cot.yaml"
    cols.write_text("survey:\n  qualification: Trình độ CM\n", encoding="utf-8")
    rep, _ = run([str(d), "--year", "2024", "--columns", str(cols)])
    hits = msgs(rep, "columns-not-found")
    assert [(m["severity"], m["column"]) for m in hits] == [("warning", "survey.qualification")]
    assert "b.csv" in hits[0]["message"] and hits[0]["file"].endswith("cot.yaml")


def test_a_personal_column_may_be_mapped_onto_a_private_field(tmp_path: Path) -> None:
    units(tmp_path)
    persons(tmp_path)
    cols = tmp_path.parent / "cot.yaml"
    cols.write_text("survey:\n  name_full: Họ và tên học sinh\n  hamlet: Địa chỉ\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["compute", str(tmp_path), "--year", "2024", "--columns", str(cols), "-f", "json"])
    # Not refused as personal; absent from every file, so an error of its own kind (not columns-personal).
    codes = {m["code"] for m in json.loads(result.stderr)["messages"]} if result.exit_code == 3 else set()
    assert "columns-personal" not in codes and "columns-conflict" not in codes


# --- xhht's own outputs among the inputs ----------------------------------------------------------------------

def test_own_outputs_in_the_input_folder_are_skipped_with_a_note(tmp_path: Path) -> None:
    data = tmp_path / "in"
    data.mkdir()
    units(data)
    persons(data, {**GOOD, "Năm sinh": "1985", "Trình độ chuyên môn": ""})
    reference, _ = run([str(data), "--year", "2024"])
    out = tmp_path / "out"
    out.mkdir()
    runner = CliRunner()
    for args in (["-o", str(out / "bao-cao.xlsx")], ["-o", str(out / "bao-cao.csv")],
                 ["--messages", str(out / "thong-bao.csv"), "-o", str(out / "r.json")],
                 ["--list-persons", str(out / "can-van-dong.csv"), "-o", str(out / "r2.json")],
                 ["--list-persons", str(out / "can-van-dong.xlsx"), "-o", str(out / "r3.json")]):
        result = runner.invoke(app, ["compute", str(data), "--year", "2024", *args])
        assert result.exit_code == 0, result.stderr
    for name in ("bao-cao.xlsx", "bao-cao.csv", "thong-bao.csv", "can-van-dong.csv", "can-van-dong.xlsx"):
        assert (out / name).is_file(), name
        (data / name).write_bytes((out / name).read_bytes())
    rep, _ = run([str(data), "--year", "2024"])
    skipped = sorted(Path(m["file"]).name for m in msgs(rep, "own-output-skipped"))
    assert skipped == ["bao-cao.csv", "bao-cao.xlsx", "can-van-dong.csv", "can-van-dong.xlsx", "thong-bao.csv"]
    assert all(m["severity"] == "warning" for m in msgs(rep, "own-output-skipped"))
    assert rep["indicators"] == reference["indicators"]


def test_the_report_workbook_carries_the_mark_and_a_template_does_not(tmp_path: Path) -> None:
    units(tmp_path)
    persons(tmp_path)
    book = tmp_path.parent / "bao-cao.xlsx"
    assert CliRunner().invoke(app, ["compute", str(tmp_path), "--year", "2024", "-o", str(book)]).exit_code == 0
    props = openpyxl.load_workbook(book).custom_doc_props
    assert [(p.name, p.value) for p in props.props] == [("xhht-output", "báo cáo")]
    templates = tmp_path.parent / "mau"
    result = CliRunner().invoke(app, ["template", str(templates)])
    made = sorted(templates.glob("*.xlsx"))
    assert result.exit_code == 0 and made, result.stderr
    for t in made:
        assert not openpyxl.load_workbook(t).custom_doc_props.props, t.name


def test_a_csv_with_one_extra_column_is_data_not_a_report(tmp_path: Path) -> None:
    """Recognition is by the exact column set: a user's table that happens to share names is read."""
    from xhht_cli.io.sameness import own_output
    from xhht_cli.render.tabular import COLUMNS

    path = tmp_path / "x.csv"
    path.write_text(",".join(COLUMNS) + "\n", encoding="utf-8")
    assert own_output(path) == "báo cáo CSV"
    path.write_text(",".join(COLUMNS) + ",ghi chú\n", encoding="utf-8")
    assert own_output(path) is None


# --- text from files stays data in every output ------------------------------------------------------------

def test_formula_like_names_are_written_as_text_everywhere(tmp_path: Path) -> None:
    data = tmp_path / "in"
    data.mkdir()
    evil = "=HYPERLINK(\"http://x\",\"bấm\")"
    write_csv(data / "don-vi.csv", [{"Mã đơn vị": "X1", "Tên đơn vị": evil, "Loại": "Xã", "Khu vực": "@SUM(A1)",
                                     "ĐBKK": "không"}], ["Mã đơn vị", "Tên đơn vị", "Loại", "Khu vực", "ĐBKK"])
    persons(data, {**GOOD, "Đang học": "+lớp 3"})  # an unreadable value, quoted in a message
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(app, ["compute", str(data), "--year", "2024", "-o", str(out / "r.csv"),
                                      "--messages", str(out / "m.csv")])
    assert result.exit_code == 0, result.stderr
    report = (out / "r.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in report and ",=HYPERLINK" not in report and ",@SUM" not in report
    messages = (out / "m.csv").read_text(encoding="utf-8-sig")
    assert ",+" not in messages and ",=" not in messages
    assert CliRunner().invoke(app, ["compute", str(data), "--year", "2024", "-o", str(out / "r.xlsx")]).exit_code == 0
    wb = openpyxl.load_workbook(out / "r.xlsx")
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)


def test_a_unit_code_column_beside_a_unit_name_column_is_not_ambiguous(tmp_path: Path) -> None:
    units(tmp_path)
    header = ["Mã xã", "Tên xã", "Năm sinh", "Giới tính", "Trình độ chuyên môn"]
    write_csv(tmp_path / "dieu-tra.csv", [{"Mã xã": "X1", "Tên xã": "Phường Mỹ Phước", "Năm sinh": "1990",
                                           "Giới tính": "Nữ", "Trình độ chuyên môn": "Đại học"}], header)
    rep, _ = run([str(tmp_path), "--year", "2024"])
    assert not msgs(rep, "column-ambiguous")
    assert count(rep, "X1", "ll_university_15plus") == (1, 1)


@pytest.mark.parametrize(("folder", "year"), [("1995", 1995), ("2024", 2024), ("2100", 2100), ("1989", None),
                                              ("2101", None), ("2024a", None)])
def test_a_year_folder_is_four_digits_from_1990_to_2100(tmp_path: Path, folder: str, year: int | None) -> None:
    from xhht_cli.read.inputs import folder_year

    d = tmp_path / folder
    d.mkdir()
    assert folder_year(d) == year
    assert folder_year(d / "dieu-tra.csv") == year


def test_a_person_in_two_official_workbooks_is_found_cold_and_from_the_cache(tmp_path: Path) -> None:
    """Official-layout workbooks are read in worker processes and, on a later run, served by the counts cache:
    neither keeps names, so the check across files compares keyed hashes; it finds the same persons each way."""
    import shutil

    src = Path(__file__).resolve().parents[1] / "samples" / "ben-cat" / "2024"
    folder = tmp_path / "2024"
    folder.mkdir()
    shutil.copy(src / "don-vi.xlsx", folder)
    shutil.copy(src / "phuong-my-phuoc.xlsx", folder)
    copy = openpyxl.load_workbook(src / "phuong-my-phuoc.xlsx")  # the same persons, other bytes
    copy.save(folder / "phuong-my-phuoc-ban-sao.xlsx")
    # every person of the commune in both: the same survey twice, an error (issue 18, item 2)
    cold, warm = (CliRunner().invoke(app, ["validate", str(folder), "-f", "json"]) for _ in range(2))
    for result in (cold, warm):
        assert result.exit_code == 3 and "Traceback" not in result.stderr
        [hit] = msgs(json.loads(result.stdout), "same-survey-twice")
        assert Path(hit["file"]).name in ("phuong-my-phuoc.xlsx", "phuong-my-phuoc-ban-sao.xlsx")
        assert int(hit["message"].split(" ")[0]) > 100
    assert msgs(json.loads(cold.stdout), "same-survey-twice") == msgs(json.loads(warm.stdout), "same-survey-twice")
