"""The same survey twice and the wrong year (issue 18, item 2; spec.md "The same data twice" and "Which
year"): files sharing many persons are one error naming both, a year stated in a workbook other than the
run's is one error naming the file and both years, never a flood of their consequences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bad_inputs_fixtures import units, xlsx
from helpers import write_csv
from xhht_cli.cli import app
from xhht_cli.persons.duplicates import is_same_survey

HEADER = ["Xã/Phường", "Số phiếu", "Họ và tên", "Năm sinh", "Giới tính"]


def people(n: int, first: int = 0) -> list[dict]:
    """n persons numbered from `first`: person i is household i, "Người i", born 1990."""
    return [{"Xã/Phường": "X1", "Số phiếu": str(i), "Họ và tên": f"Người {i}", "Năm sinh": "1990", "Giới tính": "Nam"}
            for i in range(first, first + n)]


def invoke(args: list[str]) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(app, ["validate", *args, "-f", "json"])
    assert "Traceback" not in result.stderr and result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, json.loads(result.stdout)["messages"], result.stderr


def codes(messages: list[dict], code: str) -> list[dict]:
    return [m for m in messages if m["code"] == code]


@pytest.mark.parametrize(("shared", "smaller", "same"), [
    (19, 400, False),  # fewer than 20 persons: a person in two hamlets
    (20, 400, True),  # 20 of 400 is exactly 5%
    (20, 401, False),  # 20 of 401 is just under 5%
    (20, 30, True),  # 20 of a 30-person file
    (21, 420, True), (20, 420, False),
])
def test_same_survey_threshold_by_hand(shared: int, smaller: int, same: bool) -> None:
    assert is_same_survey(shared, smaller) is same


@pytest.mark.parametrize(("sizes", "shared", "error"), [
    ((400, 400), 19, False),
    ((400, 400), 20, True),
    ((30, 400), 20, True),
])
def test_files_sharing_persons(tmp_path: Path, sizes: tuple[int, int], shared: int, error: bool) -> None:
    """File a holds persons 0..a-1; file b holds the last `shared` of them and new persons up to its size."""
    a, b = sizes
    units(tmp_path)
    write_csv(tmp_path / "ap-1.csv", people(a), HEADER)
    write_csv(tmp_path / "ap-2.csv", people(shared, a - shared) + people(b - shared, 10_000), HEADER)
    code, messages, _ = invoke([str(tmp_path), "--year", "2024"])
    same, dup = codes(messages, "same-survey-twice"), codes(messages, "duplicate-person-files")
    if error:
        assert code == 3
        [hit] = same
        assert not dup
        assert hit["severity"] == "error" and Path(hit["file"]).name == "ap-2.csv"
        assert "ap-1.csv" in hit["message"] and "ap-2.csv" in hit["message"]
        assert hit["message"].startswith(f"{shared} người (trên {min(a, b)} người")
        assert "năm trước" in hit["message"]
        assert "Người" not in hit["message"]  # no name ever
    else:
        assert code == 0 and not same
        [hit] = dup
        assert hit["severity"] == "warning" and hit["message"].startswith(f"{shared} người")


def survey_workbook(path: Path, year: int | None, births: list[int]) -> Path:
    """A plain survey sheet, and a THONG_TIN sheet stating the year when one is given."""
    sheets: dict[str, list[list]] = {"DS": [["Xã/Phường", "Năm sinh", "Giới tính"], *[["X1", b, "Nam"] for b in births]]}
    if year is not None:
        sheets["THONG_TIN"] = [["Năm điều tra", year]]
    return xlsx(path, sheets)


def test_last_years_workbook_in_this_years_folder_is_one_error(tmp_path: Path) -> None:
    folder = tmp_path / "2024"
    folder.mkdir()
    units(folder)
    survey_workbook(folder / "dieu-tra.xlsx", 2023, [1990, 2024, 2024, 2024])  # three born "after" 2023
    code, messages, _ = invoke([str(folder)])
    assert code == 3
    [hit] = codes(messages, "year-mismatch")
    assert Path(hit["file"]).name == "dieu-tra.xlsx" and hit["sheet"] == "THONG_TIN"
    assert "2023" in hit["message"] and "2024" in hit["message"]
    assert not codes(messages, "birth-year-future")
    assert [m["code"] for m in messages if m["severity"] == "error"] == ["year-mismatch"]


def test_a_stated_year_other_than_the_year_option_is_an_error(tmp_path: Path) -> None:
    units(tmp_path)
    survey_workbook(tmp_path / "dieu-tra.xlsx", 2023, [1990])
    code, messages, _ = invoke([str(tmp_path), "--year", "2024"])
    assert code == 3
    [hit] = codes(messages, "year-mismatch")
    assert "2023" in hit["message"] and "--year 2024" in hit["message"]


@pytest.mark.parametrize(("folder", "stated", "year"), [("2024", 2024, None), ("2024", None, None),
                                                        ("du-lieu", 2023, None), ("du-lieu", 2024, "2024")])
def test_agreeing_or_unstated_years_are_no_error(tmp_path: Path, folder: str, stated: int | None,
                                                 year: str | None) -> None:
    d = tmp_path / folder
    d.mkdir()
    units(d)
    survey_workbook(d / "dieu-tra.xlsx", stated, [1990])
    code, messages, _ = invoke([str(d), *(["--year", year] if year else [])])
    assert code == 0, messages
    assert not codes(messages, "year-mismatch")


# --- a commune's master workbook beside another source of the same commune ----------------------------------

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "ben-cat"


def test_last_years_district_table_beside_the_communes_workbooks_is_one_error(tmp_path: Path) -> None:
    """The 2023 district table renamed into the 2024 folder: no year in its name or data, no names to
    compare, but every commune it gives persons to already has its DATA master. One error naming it,
    and none of the source-conflicts it would cause."""
    import shutil

    folder = tmp_path / "2024"
    shutil.copytree(SAMPLES / "2024", folder)
    shutil.copy(SAMPLES / "2023" / "dieu-tra-2023.xlsx", folder / "dieu-tra.xlsx")
    for cached in (False, True):
        code, messages, _ = invoke([str(folder), *([] if cached else ["--no-cache"])])
        assert code == 3
        errors = [m for m in messages if m["severity"] == "error"]
        assert [m["code"] for m in errors] == ["commune-surveyed-twice"]
        assert Path(errors[0]["file"]).name == "dieu-tra.xlsx"
        assert "Phường Mỹ Phước (phuong-my-phuoc.xlsx)" in errors[0]["message"]


def test_hamlet_files_of_one_commune_stay_allowed(tmp_path: Path) -> None:
    """One file per hamlet, none of them a DATA master: no error (spec.md, "The same data twice")."""
    units(tmp_path)
    write_csv(tmp_path / "ap-1.csv", people(30), HEADER)
    write_csv(tmp_path / "ap-2.csv", people(30, 1000), HEADER)
    code, messages, _ = invoke([str(tmp_path), "--year", "2024"])
    assert code == 0 and not codes(messages, "commune-surveyed-twice")


def test_commune_twice_by_hand() -> None:
    from xhht_cli.messages import Log
    from xhht_cli.read.commune_twice import commune_twice

    a, b, c, d = Path("a.xlsx"), Path("b.csv"), Path("c.csv"), Path("d.xlsx")
    log = Log()
    commune_twice([(a, "DATA", {"X1"}), (b, "ds", {"X1", "X2"}), (c, "ds", {"X2"}), (d, "MauNhapLieu", {"X2"})],
                  {"X1": "Xã Một"}, log)
    [m] = log.messages  # X2 has no master: its three files are hamlets
    assert m.file == "b.csv" and m.message.startswith("tệp có người của 1 xã/phường") and "Xã Một (a.xlsx)" in m.message
    log = Log()
    commune_twice([(a, "DATA", {"X1"}), (b, "DATA", {"X1"})], {}, log, {frozenset((a, b))})
    assert log.messages == []  # already said: the same survey twice


@pytest.mark.parametrize(("future", "messages_expected"), [(9, 9), (10, 1)])
def test_many_births_after_the_survey_year_fold_into_one_line(tmp_path: Path, future: int,
                                                              messages_expected: int) -> None:
    """Without a stated year to compare, persons born after the survey year are said per row while few,
    and in one line counting them (with the likely cause) from 10 in a sheet."""
    units(tmp_path)
    rows = [{**p, "Năm sinh": "2025"} for p in people(future)] + people(5, 100)
    write_csv(tmp_path / "dieu-tra.csv", rows, HEADER)
    code, messages, _ = invoke([str(tmp_path), "--year", "2024"])
    assert code == 0
    hits = codes(messages, "birth-year-future")
    assert len(hits) == messages_expected and hits[0]["row"] == 2
    if messages_expected == 1:
        assert hits[0]["message"].startswith(f"{future} người có năm sinh sau năm điều tra 2024 (dòng 2, 3, 4, 5, 6 …)")


@pytest.mark.parametrize(("communes", "lines"), [(3, 3), (4, 1)])
def test_source_conflicts_of_two_whole_tables_fold_into_one_line(tmp_path: Path, communes: int, lines: int) -> None:
    """A survey with a "Kỹ năng sống" column beside a commune table giving it too: a conflict per commune
    while few, one line counting them from four (one cause: two sources of the same indicator)."""
    from bad_inputs_fixtures import UNIT_HEADER

    rows = [{"Mã đơn vị": f"X{i}", "Tên đơn vị": f"Xã Số {i}", "Loại": "Xã", "Khu vực": "Thị xã Bến Cát",
             "ĐBKK": "không"} for i in range(1, communes + 1)]
    units(tmp_path, rows, header=UNIT_HEADER)
    header = ["Xã/Phường", "Năm sinh", "Kỹ năng sống"]
    write_csv(tmp_path / "dieu-tra.csv", [{"Xã/Phường": u["Mã đơn vị"], "Năm sinh": "1990", "Kỹ năng sống": "có"}
                                         for u in rows], header)
    table = ["Mã đơn vị", "ll_life_skills - Tử số", "ll_life_skills - Mẫu số"]
    write_csv(tmp_path / "so-lieu.csv", [dict(zip(table, [u["Mã đơn vị"], "1", "2"])) for u in rows], table)
    code, messages, _ = invoke([str(tmp_path), "--year", "2024"])
    hits = codes(messages, "source-conflict")
    assert code == 3 and len(hits) == lines
    assert all("dieu-tra.csv" in h["message"] and "so-lieu.csv" in h["message"] for h in hits)
    if lines == 1:
        assert hits[0]["message"].startswith("4 chỉ số của 4 đơn vị (X1, X2, X3, X4)")
        assert hits[0]["row"] == 2 and hits[0]["column"] == "ll_life_skills - Tử số"


@pytest.mark.parametrize(("missing", "lines"), [(3, 3), (4, 1)])
def test_units_without_persons_fold_into_one_line(tmp_path: Path, missing: int, lines: int) -> None:
    from bad_inputs_fixtures import UNIT_HEADER

    rows = [{"Mã đơn vị": f"X{i}", "Tên đơn vị": f"Xã Số {i}", "Loại": "Xã", "Khu vực": "Thị xã Bến Cát",
             "ĐBKK": "không"} for i in range(1, missing + 2)]
    units(tmp_path, rows, header=UNIT_HEADER)
    write_csv(tmp_path / "dieu-tra.csv", [{"Xã/Phường": "X1", "Năm sinh": "1990"}], ["Xã/Phường", "Năm sinh"])
    code, messages, _ = invoke([str(tmp_path), "--year", "2024"])
    hits = codes(messages, "unit-no-data")
    assert code == 0 and len(hits) == lines
    if lines == 1:
        assert hits[0]["message"].startswith("4 đơn vị không có người nào trong dữ liệu điều tra (X2 Xã Số 2, X3 Xã Số 3")
