"""Whose data and whose plan (issue 18 item 3; spec.md, "Whose plan"): a workbook naming another commune,
district or province than the units sheet or its file name is an error naming both; the plan of another
area is the warning plan-other-area before anything else; a --plan file is checked as `plan check` does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from xhht_cli.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "ben-cat" / "2024"
SURVEY = "Số phiếu,Họ và tên,Xã/Phường,Năm sinh,Giới tính,Tình trạng cư trú\n1,A,Xã An Lập,2019,Nam,Đang ở\n"


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, [*args, "--no-cache"], catch_exceptions=False)


def _refused(folder: Path) -> str:
    """`compute` of the folder: an input error (exit 3); its messages on one line."""
    r = _run("compute", str(folder))
    assert r.exit_code == 3, r.stderr
    return r.stderr.replace("\n", " ")


def _district(tmp_path: Path, area: str | None) -> Path:
    folder = tmp_path / "2024"
    folder.mkdir()
    units = "Mã đơn vị,Tên đơn vị,Khu vực,ĐBKK\n" + f"DT01,Xã An Lập,{area},không\n" if area is not None \
        else "Mã đơn vị,Tên đơn vị,ĐBKK\nDT01,Xã An Lập,không\n"
    (folder / "don-vi.csv").write_text(units, encoding="utf-8")
    (folder / "dieu-tra.csv").write_text(SURVEY, encoding="utf-8")
    return folder


def _codes(result: Any) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return [m["code"] for m in json.loads(result.stdout)["messages"]]


def test_another_districts_data_under_the_default_plan_is_said_first(tmp_path: Path) -> None:
    folder = _district(tmp_path, "Huyện Dầu Tiếng")
    r = _run("compute", str(folder), "-f", "json")
    first = json.loads(r.stdout)["messages"][0]
    assert first["code"] == "plan-other-area" and first["severity"] == "warning"
    assert first["message"] == ("Mục tiêu theo Kế hoạch 68/KH-UBND của Thị xã Bến Cát, nhưng dữ liệu là của Huyện "
                                "Dầu Tiếng: soạn kế hoạch của địa bàn bằng `xhht plan new`, hoặc dùng `--plan qd-1373`")
    terminal = _run("compute", str(folder)).stdout.splitlines()
    assert any(line.startswith("Cảnh báo: Mục tiêu theo Kế hoạch 68/KH-UBND") for line in terminal[:4]), terminal[:5]
    flat = " ".join(" ".join(terminal).split())
    assert "Mục tiêu của kế hoạch của Thị xã Bến Cát, áp cho số liệu của Huyện Dầu Tiếng" in flat
    assert _codes(_run("validate", str(folder), "-f", "json"))[0] == "plan-other-area"


@pytest.mark.parametrize("area", ["Thị xã Bến Cát", "TX. Bến Cát", "ben cat", "THỊ XÃ BẾN CÁT"])
def test_the_plans_own_area_however_written_is_no_warning(tmp_path: Path, area: str) -> None:
    assert "plan-other-area" not in _codes(_run("compute", str(_district(tmp_path, area)), "-f", "json"))


def test_a_national_plan_and_data_that_name_no_area_are_no_warning(tmp_path: Path) -> None:
    folder = _district(tmp_path, "Huyện Dầu Tiếng")
    assert "plan-other-area" not in _codes(_run("compute", str(folder), "-f", "json", "--plan", "qd-1373"))
    other = tmp_path / "no-area"
    other.mkdir()
    shutil.copy(folder / "dieu-tra.csv", other / "dieu-tra.csv")  # units given the plan's area: nothing stated
    assert "plan-other-area" not in _codes(_run("compute", str(other), "-f", "json", "--year", "2024"))


def _plan_file(tmp_path: Path, scope: str | None = None, required: str = "0.70", area: str = "Tỉnh Bình Dương") -> Path:
    text = (ROOT / "data" / "plans" / "qd-1373.yaml").read_text(encoding="utf-8")
    text = text.replace("  scope: national", f"  scope: {scope}" if scope else "", 1)
    text = text.replace('area: "Toàn địa bàn"', f'area: "{area}"', 1)
    text = text.replace("        required: 0.70\n", f"        required: {required}\n", 1)
    path = tmp_path / "ke-hoach.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_province_plan_over_its_districts_is_no_warning(tmp_path: Path) -> None:
    folder = _district(tmp_path, "Huyện Dầu Tiếng")
    plan = _plan_file(tmp_path, scope="province")
    assert "plan-other-area" not in _codes(_run("compute", str(folder), "-f", "json", "--plan", str(plan)))
    unsaid = _plan_file(tmp_path)  # no scope, but its area says it is a province's
    assert "plan-other-area" not in _codes(_run("compute", str(folder), "-f", "json", "--plan", str(unsaid)))
    district = _plan_file(tmp_path, area="Huyện Bàu Bàng")  # a district's plan (no scope): another area's
    assert _codes(_run("compute", str(folder), "-f", "json", "--plan", str(district)))[0] == "plan-other-area"


def test_a_units_sheets_own_groupings_are_no_area_of_another_district(tmp_path: Path) -> None:
    assert "plan-other-area" not in _codes(_run("compute", str(_district(tmp_path, "Cụm 1")), "-f", "json"))


def test_compute_checks_a_plan_file_as_plan_check_does(tmp_path: Path) -> None:
    folder = _district(tmp_path, "Tỉnh Bình Dương")
    plan = _plan_file(tmp_path, scope="province", required="0.75")  # its label still says 70%
    r = _run("compute", str(folder), "-f", "json", "--plan", str(plan))
    [m] = [m for m in json.loads(r.stdout)["messages"] if m["code"] == "plan-label-figure"]
    assert m["file"] == str(plan) and "70%" in m["message"] and "0.75" in m["message"]
    right = _plan_file(tmp_path, scope="province")
    assert "plan-label-figure" not in _codes(_run("compute", str(folder), "-f", "json", "--plan", str(right)))


def _official(tmp_path: Path, copies: dict[str, str], info: dict[str, str] | None = None) -> Path:
    """A year folder with the sample's units sheet and commune workbooks copied under other names, their
    THONG_TIN rows changed as `info` says (label → value)."""
    folder = tmp_path / "2024"
    folder.mkdir()
    shutil.copy(SAMPLE / "don-vi.xlsx", folder)
    for source, name in copies.items():
        shutil.copy(SAMPLE / source, folder / name)
        if info:
            wb = openpyxl.load_workbook(folder / name)
            ws = wb["THONG_TIN"]
            for row in ws.iter_rows(min_col=1, max_col=2):
                if row[0].value in info:
                    row[1].value = info[row[0].value]
            wb.save(folder / name)
    return folder


def test_a_workbook_named_for_another_commune_is_an_error_naming_both(tmp_path: Path) -> None:
    # An Tây's workbook saved under Hòa Lợi's name (the units sheet gives neither a file): the name and
    # THONG_TIN disagree
    folder = _official(tmp_path, {"xa-an-tay.xlsx": "phuong-hoa-loi.xlsx", "xa-an-dien.xlsx": "xa-an-dien.xlsx"})
    err = _refused(folder)
    assert "tệp có thể là của xã khác" in err and "Xã An Tây" in err and "Phường Hòa Lợi (BC04)" in err
    assert str(folder / "phuong-hoa-loi.xlsx") in err


def test_a_workbook_the_units_sheet_gives_to_another_commune_is_an_error(tmp_path: Path) -> None:
    # the units sheet's Tệp column gives xa-phu-an.xlsx to Xã Phú An (BC08); it holds An Tây's survey
    folder = _official(tmp_path, {"xa-an-tay.xlsx": "xa-phu-an.xlsx", "xa-an-dien.xlsx": "xa-an-dien.xlsx"})
    err = _refused(folder)
    assert "tệp có thể là của xã khác" in err and "cột 'Tệp'" in err and "Xã Phú An (BC08)" in err and "(BC07)" in err


def test_a_workbook_of_another_district_is_an_error_naming_both(tmp_path: Path) -> None:
    folder = _official(tmp_path, {"xa-an-tay.xlsx": "xa-an-tay.xlsx", "xa-an-dien.xlsx": "xa-an-dien.xlsx"},
                       {"Quận/Huyện": "Huyện Dầu Tiếng"})
    err = _refused(folder)
    assert "THONG_TIN ghi" in err and "Huyện Dầu Tiếng" in err and "Thị xã Bến Cát" in err
    assert str(folder / "xa-an-tay.xlsx") in err


def test_the_same_district_written_otherwise_is_no_error(tmp_path: Path) -> None:
    folder = _official(tmp_path, {"xa-an-tay.xlsx": "xa-an-tay.xlsx", "xa-an-dien.xlsx": "xa-an-dien.xlsx"},
                       {"Quận/Huyện": "TX Bến Cát"})
    assert _run("compute", str(folder), "-f", "json").exit_code == 0


def test_every_sheet_of_the_workbook_says_so_under_its_title(tmp_path: Path) -> None:
    folder = _district(tmp_path, "Huyện Dầu Tiếng")
    out = tmp_path / "bao-cao.xlsx"
    assert _run("compute", str(folder), "-o", str(out)).exit_code == 0
    wb = openpyxl.load_workbook(out, read_only=True)
    # the report's sheets (the official forms beside them carry no plan: they say nothing of targets)
    subtitles = {ws.title: ws["A2"].value for ws in wb.worksheets if not ws.title.startswith("Biểu ")}
    assert len(subtitles) >= 5 and all("CẢNH BÁO: Mục tiêu theo Kế hoạch 68/KH-UBND của Thị xã Bến Cát" in (v or "")
                             for v in subtitles.values()), subtitles


def test_two_workbooks_of_one_commune_name_in_two_districts_are_an_error(tmp_path: Path) -> None:
    folder = _official(tmp_path, {"xa-an-tay.xlsx": "xa-an-tay-dau-tieng.xlsx"}, {"Quận/Huyện": "Huyện Dầu Tiếng"})
    (folder / "don-vi.xlsx").unlink()  # no units sheet: both files name Xã An Tây and would be merged into one
    shutil.copy(SAMPLE / "xa-an-tay.xlsx", folder)
    err = _refused(folder)
    assert "THONG_TIN ghi" in err and "Huyện Dầu Tiếng" in err and "Thị xã Bến Cát" in err


def test_workbooks_of_two_districts_without_areas_under_a_district_plan_are_an_error(tmp_path: Path) -> None:
    folder = _official(tmp_path, {"xa-an-dien.xlsx": "xa-an-dien.xlsx"}, {"Quận/Huyện": "Huyện Dầu Tiếng"})
    (folder / "don-vi.xlsx").unlink()  # no units sheet: An Điền would be counted in Bến Cát's one area
    shutil.copy(SAMPLE / "xa-an-tay.xlsx", folder)
    err = _refused(folder)
    assert "THONG_TIN ghi" in err and "Huyện Dầu Tiếng" in err and str(folder / "xa-an-dien.xlsx") in err
    assert _run("compute", str(folder), "-f", "json", "--plan", "qd-1373").exit_code == 0  # one area by design
