"""Finding the commune of an official workbook in real files (issue 11, item 6): THONG_TIN and title rows
typed in TCVN3 or VNI, and file names that carry prefixes, suffixes and the kind word or not."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from xhht_cli.cli import app
from xhht_cli.io.legacy import from_unicode
from xhht_cli.pipeline import Options, run
from xhht_cli.read.year_and_unit import units_in_file_name
from xhht_cli.counts.unit_index import Unit

from helpers import write_units

HEADER = ["TT", "Họ và tên", None, "Ngày tháng năm sinh", None, None, "Nữ", "Tình trạng cư trú", "Khối học",
          "Bậc tốt nghiệp"]
LABELS = [None, "Họ đệm", "Tên", "Ngày", "Tháng", "Năm", None, None, None, None]
# a 5-year-old attending, and an adult: enough to see which unit they were counted in
PERSONS = [[1, "Nguyễn Văn", "An", 1, 1, 2019, None, "Đang ở", "MG 5T", None],
           [2, "Trần Thị", "Bình", 2, 2, 1990, "X", "Đang ở", None, "THPT"]]


def workbook(path: Path, title: list[str] | None = None, info: list[list] | None = None) -> Path:
    """A DATA sheet with optional title rows above its header, and an optional THONG_TIN sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DATA"
    for line in title or []:
        ws.append([line])
    ws.append(HEADER)
    ws.append(LABELS)
    ws.append(list(range(1, len(HEADER) + 1)))
    for p in PERSONS:
        ws.append(p)
    if info is not None:
        sheet = wb.create_sheet("THONG_TIN")
        for row in info:
            sheet.append(row)
    wb.save(path)
    return path


def folder(tmp_path: Path, name: str = "2024") -> Path:
    d = tmp_path / name
    d.mkdir()
    write_units(d, [{"code": "MP", "name": "Phường Mỹ Phước"}, {"code": "TH", "name": "Phường Thới Hòa"},
                    {"code": "AD", "name": "Xã An Điền"}])
    return d


def attending_in(d: Path) -> dict[str, int]:
    """The communes that received the workbook's persons (the others have no data), with the 5-year-olds
    attending preschool. The survey year must be 2024 (the 5-year-old is born 2019)."""
    r = run([d], Options())
    assert r.report.year == 2024
    return {i.unit: i.numerator for i in r.report.indicators
            if i.indicator == "mn5_attending" and i.unit in ("MP", "TH", "AD") and i.numerator is not None}


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_thong_tin_in_a_legacy_encoding_is_matched(tmp_path: Path, encoding: str) -> None:
    d = folder(tmp_path, "ho-so")  # not a year folder: the year, too, comes from the legacy THONG_TIN
    legacy = [[from_unicode("Xã/Phường", encoding), from_unicode("Phường Thới Hòa", encoding)],  # type: ignore
              [from_unicode("Năm điều tra", encoding), 2024]]  # type: ignore[arg-type]
    assert legacy[0][1] != "Phường Thới Hòa"  # the cell really holds the legacy bytes
    workbook(d / "ho-so.xlsx", info=legacy)
    assert attending_in(d) == {"TH": 1}


def test_title_rows_in_tcvn3_are_matched(tmp_path: Path) -> None:
    d = folder(tmp_path, "ho-so")
    title = [from_unicode("DANH SÁCH ĐIỀU TRA PHỔ CẬP", "tcvn3"), from_unicode("Xã An Điền, năm 2024", "tcvn3")]
    workbook(d / "ho-so.xlsx", title=title)
    assert attending_in(d) == {"AD": 1}


@pytest.mark.parametrize("name", ["PCGD_2024_Phường Mỹ Phước.xlsx", "pcgd-2024-my-phuoc (đã sửa).xlsx",
                                  "Mỹ_Phước.xlsx", "PHUONG.MY.PHUOC.xlsx", "my-phuoc.xlsx"])
def test_file_name_naming_one_unit_is_matched(tmp_path: Path, name: str) -> None:
    d = folder(tmp_path)
    workbook(d / name)
    assert attending_in(d) == {"MP": 1}


def test_file_name_naming_two_units_is_an_error_listing_both(tmp_path: Path) -> None:
    d = folder(tmp_path)
    workbook(d / "PCGD_2024_Mỹ Phước - Thới Hòa.xlsx")
    result = CliRunner().invoke(app, ["compute", str(d)])
    assert result.exit_code == 3, result.stderr
    assert "Phường Mỹ Phước" in result.stderr and "Phường Thới Hòa" in result.stderr
    assert "An Điền" not in result.stderr.split("nhiều xã/phường")[1].split(";")[0]
    assert result.stdout == ""


def test_file_name_rules() -> None:
    units = [Unit("P1", "Phường 1"), Unit("P10", "Phường 10"), Unit("TP", "Xã Tân Phú"), Unit("PH", "Xã Phú"),
             Unit("26734", "Phường Hòa Lợi")]

    def codes(stem: str) -> list[str]:
        return [u.code for u in units_in_file_name(stem, units)]

    assert codes("pcgd_2024_phuong_10") == ["P10"]  # "1" is a whole word, not a prefix of "10"
    assert codes("Phường 1 (đã sửa)") == ["P1"]
    assert codes("danh sach 1") == []  # a bare number needs its kind word
    assert codes("PCGD_Tân Phú_2024") == ["TP"]  # "Phú" inside "Tân Phú" is not a second candidate
    assert codes("Xã Phú") == ["PH"]
    assert codes("26734") == ["26734"]  # the whole name is a code
    assert codes("phu - tan phu") == ["TP", "PH"]  # two separate names: both are candidates
    assert codes("hoa-loi-2024") == ["26734"]
    assert codes("thong-ke") == []
