"""Personal data stays private: names, birth dates and phone numbers of the survey never appear in a
report, a message or the workbook; only --list-persons writes names, and only to its file."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from xhht_cli.cli import app

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "ben-cat" / "2024"


def _personal(path: Path) -> set[str]:
    ws = openpyxl.load_workbook(path, read_only=True)["DATA"]
    found: set[str] = set()
    for row in ws.iter_rows(min_row=5, values_only=True):
        middle, given, phone = row[2], row[3], row[49]
        if middle and given:
            found.add(f"{middle} {given}")
        if phone:
            found.add(str(phone))
    return found


def test_no_name_or_phone_in_any_output(tmp_path: Path) -> None:
    personal = _personal(SAMPLES / "xa-an-tay.xlsx")
    assert len(personal) > 100
    runner = CliRunner()
    outputs = []
    for args in (["compute", str(SAMPLES)], ["compute", str(SAMPLES), "-f", "json"],
                 ["compute", str(SAMPLES), "-f", "csv"], ["validate", str(SAMPLES), "-f", "json"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0
        outputs += [result.stdout, result.stderr]
    book = tmp_path / "bao-cao.xlsx"
    assert runner.invoke(app, ["compute", str(SAMPLES), "-o", str(book)]).exit_code == 0
    wb = openpyxl.load_workbook(book, read_only=True)
    outputs += [" ".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c)]
    text = "\n".join(outputs)
    leaked = [p for p in personal if p in text]
    assert not leaked, leaked[:3]


# --- every personal column of every input kind (issue 10, item 6) -------------------------------------------

NAME, PHONE, ID_NO, ADDRESS, PARENT, BIRTH = ("Phạm Bí Mật", "0912345678", "079190001234", "12 Hẻm Riêng Tư",
                                              "Đỗ Cha Kín", "15/03/2019")
PLANTED = (NAME, PHONE, PHONE[1:], ID_NO, ID_NO[1:], ADDRESS, PARENT, BIRTH, "Bí Mật")


def _plant(folder: Path) -> None:
    """Inputs of every kind, each with personal columns holding the planted values; the survey rows also
    trigger messages (an unreadable grade, a duplicate person) on the very rows that hold them."""
    from helpers import write_csv

    folder.mkdir()
    contact = {"Người liên hệ": NAME, "Điện thoại": PHONE, "Số CCCD": ID_NO, "Địa chỉ": ADDRESS}
    write_csv(folder / "don-vi.csv", [{"Mã đơn vị": "X1", "Tên đơn vị": "Phường Mỹ Phước", "Khu vực": "Thị xã Bến Cát",
                                       "ĐBKK": "không", **contact}],
              ["Mã đơn vị", "Tên đơn vị", "Khu vực", "ĐBKK", *contact])
    survey = ["Xã/Phường", "Số phiếu", "Họ và tên", "Ngày sinh", "Giới tính", "Đang học", "Lớp đã học xong",
              "Điện thoại", "Số CCCD", "Địa chỉ", "Họ tên cha", "Họ tên mẹ"]
    child = {"Xã/Phường": "X1", "Số phiếu": "5", "Họ và tên": NAME, "Ngày sinh": BIRTH, "Giới tính": "Nữ",
             "Đang học": "", "Lớp đã học xong": "Z9", "Điện thoại": PHONE, "Số CCCD": ID_NO, "Địa chỉ": ADDRESS,
             "Họ tên cha": PARENT, "Họ tên mẹ": PARENT}
    write_csv(folder / "dieu-tra.csv", [child, child, {**child, "Số phiếu": "6", "Đang học": "MG"}], survey)
    write_csv(folder / "co-so.csv", [{"Tên cơ sở": "Trường MN Hoa Mai", "Mã đơn vị": "X1", "Loại cơ sở": "Mầm non",
                                      "Môi trường số": "có", "Hiệu trưởng": NAME, **contact}],
              ["Tên cơ sở", "Mã đơn vị", "Loại cơ sở", "Môi trường số", "Hiệu trưởng", *contact])
    write_csv(folder / "mo-hinh.csv", [{"Mã đơn vị": "X1", "Số hộ gia đình": "10", "Gia đình học tập": "4",
                                        "Người lập biểu": NAME, **contact}],
              ["Mã đơn vị", "Số hộ gia đình", "Gia đình học tập", "Người lập biểu", *contact])
    write_csv(folder / "so-lieu.csv", [{"Mã đơn vị": "X1", "ll_life_skills - Tử số": "3",
                                        "ll_life_skills - Mẫu số": "4", "Người báo cáo": NAME, **contact}],
              ["Mã đơn vị", "ll_life_skills - Tử số", "ll_life_skills - Mẫu số", "Người báo cáo", *contact])
    book = openpyxl.Workbook()
    ws = book.active
    # a hamlet's sheet of the official workbook: a commune's DATA master beside the plain table of the same
    # commune would be the commune surveyed twice (an error, and no report to look into)
    ws.title = "MauNhapLieu"
    ws.append(["TT", "Họ và tên", None, "Ngày tháng năm sinh", None, None, "Nữ", "Khối học", "Họ tên cha",
               "Điện thoại", "CCCD", "Địa chỉ"])
    ws.append([None, "Họ đệm", "Tên", "Ngày", "Tháng", "Năm", None, None, None, None, None, None])
    ws.append(list(range(1, 13)))
    ws.append([1, "Phạm", "Bí Mật", 15, 3, 2019, "x", "Lớp 9Z", PARENT, PHONE, ID_NO, ADDRESS])
    info = book.create_sheet("THONG_TIN")
    info.append(["Xã/Phường", "Phường Mỹ Phước"])
    info.append(["Người lập biểu", NAME])
    info.append(["Điện thoại", PHONE])
    book.save(folder / "ho-so-my-phuoc.xlsx")


def test_planted_personal_values_reach_no_output(tmp_path: Path) -> None:
    data = tmp_path / "2024"
    _plant(data)
    out = tmp_path / "out"
    out.mkdir()
    runner = CliRunner()
    texts = []
    for args in (["compute", str(data)], ["compute", str(data), "-f", "json"], ["compute", str(data), "-f", "csv"],
                 ["compute", str(data), "--strict"], ["compute", str(data), "--strict", "-f", "json"],
                 ["validate", str(data)], ["validate", str(data), "-f", "json"],
                 ["compute", str(data), "-o", str(out / "r.xlsx"), "--messages", str(out / "m.csv")],
                 ["compute", str(data), "-o", str(out / "r.json")], ["compute", str(data), "-o", str(out / "r.csv")]):
        result = runner.invoke(app, args)
        assert result.exit_code in (0, 3), (args, result.stderr, result.exception)
        texts += [result.stdout, result.stderr]
    assert (out / "r.xlsx").is_file() and (out / "m.csv").is_file()
    for f in ("m.csv", "r.json", "r.csv"):
        texts.append((out / f).read_text(encoding="utf-8-sig"))
    wb = openpyxl.load_workbook(out / "r.xlsx", read_only=True)
    texts.append(" ".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c is not None))
    found = json.loads(runner.invoke(app, ["compute", str(data), "-f", "json"]).stdout)["messages"]
    assert {"bad-grade", "duplicate-person"} <= {m["code"] for m in found}  # the rows holding them were reported
    text = "\n".join(texts)
    leaked = [p for p in PLANTED if p in text]
    assert not leaked, leaked

    # Only the persons list asked for carries a name (and the birth year), never a phone, ID or address.
    listed = out / "can-van-dong.csv"
    result = runner.invoke(app, ["compute", str(data), "--list-persons", str(listed), "-o", str(out / "r2.json")])
    assert result.exit_code == 0, result.stderr
    persons = listed.read_text(encoding="utf-8-sig")
    assert NAME in persons
    assert not [p for p in (PHONE, ID_NO, ADDRESS, PARENT, BIRTH) if p in persons]
    assert NAME not in result.stdout + result.stderr
