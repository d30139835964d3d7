"""Reading an official workbook's DATA sheet for the survey's columns only: the peeked header and the
parsed columns line up, whatever the sheet's shape, and cells are located as Excel shows them."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from xhht_cli import XhhtError
from xhht_cli.io.grid import Grid
from xhht_cli.io.excel import read_grid
from xhht_cli.io.peek import peek_rows
from xhht_cli.pipeline import Options, run
from xhht_cli.sources.survey import survey_columns

HEADER = ["Thôn/xóm", "TT", "Họ và tên", None, "Ngày tháng năm sinh", None, None, "Nữ", "Tình trạng cư trú",
          "Khối học", "Bậc tốt nghiệp", "Bậc TN nghề", "Địa chỉ"]
LABELS = [None, None, "Họ đệm", "Tên", "Ngày", "Tháng", "Năm", None, None, None, None, None, None]


def official(path: Path, persons: list[list], offset: int = 0, stray: bool = False) -> Path:
    """A DATA sheet (header rows 1–2, column numbers in row 3) starting `offset` columns right, and a
    THONG_TIN sheet naming the commune and the year."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DATA"
    pad = [None] * offset
    ws.append(pad + HEADER)
    ws.append(pad + LABELS)
    ws.append(pad + list(range(1, len(HEADER) + 1)))
    for p in persons:
        ws.append(pad + p)
    if stray:  # a note far below, left of the table: the parser's range then starts at column A
        ws.cell(row=len(persons) + 10, column=1, value="ghi chú")
    info = wb.create_sheet("THONG_TIN")
    info.append(["Xã/Phường", "Xã Thử"])
    info.append(["Năm điều tra", 2024])
    wb.save(path)
    return path


PERSONS = [
    ["Ấp 1", 1, "Nguyễn Văn", "An", 1, 1, 2019, None, "Đang ở", "MG 5T", None, None, "số 1"],
    ["Ấp 1", 2, "Trần Thị", "Bình", 2, 2, 1990, "X", "Đang ở", None, "THPT", "Đại học", "số 2"],
    ["Ấp 1", 3, "Lê Văn", "Cường", 3, 3, 1980, None, "Chuyển đi", None, "THCS", None, "số 3"],
]


@pytest.mark.parametrize("offset,stray", [(0, False), (2, False), (2, True)])
def test_only_survey_columns_are_read_and_line_up(tmp_path: Path, offset: int, stray: bool) -> None:
    path = official(tmp_path / "xa-thu.xlsx", PERSONS, offset, stray)
    grid = read_grid(path, "DATA", None, lambda head: survey_columns(Grid(path, "DATA", head)))
    assert grid.ncols == offset + len(HEADER)
    # the address column (personal data, not a survey field) is not read at all
    assert grid.column(offset + 12).isna().all()
    # the birth-year column is, at its absolute position, with Excel's row numbers
    years = grid.column(offset + 6, 3)
    assert years.dropna().tolist() == ["2019", "1990", "1980"]
    assert grid.excel_row(3) == 4


def test_peek_reads_shared_and_inline_strings(tmp_path: Path) -> None:
    path = official(tmp_path / "xa-thu.xlsx", PERSONS)
    import zipfile

    from xhht_cli.io.sheetxml import _sheet_target

    with zipfile.ZipFile(path) as z:
        target = _sheet_target(z, "DATA")
    rows = peek_rows(path, target, 3)
    assert rows[1][4] == "Ngày tháng năm sinh" and rows[2][6] == "Năm" and rows[3][0] == "1"


def test_official_workbook_end_to_end(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    official(folder / "xa-thu.xlsx", PERSONS, offset=1, stray=True)
    r = run([folder], Options())
    ind = {(i.unit, i.indicator): i for i in r.report.indicators}
    # the 5-year-old attends; residents 15+: the 34-year-old only (the 44-year-old moved away): 1 of 1 university
    assert (ind[("Xã Thử", "mn5_attending")].numerator, ind[("Xã Thử", "mn5_attending")].denominator) == (1, 1)
    uni = ind[("Xã Thử", "ll_university_15plus")]
    assert (uni.numerator, uni.denominator, uni.excluded.moved_away) == (1, 1, 1)
    assert r.report.year == 2024


def test_excel_error_in_a_read_column_is_located(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    path = official(folder / "xa-thu.xlsx", PERSONS, offset=2)
    wb = openpyxl.load_workbook(path)
    cell = wb["DATA"].cell(row=5, column=2 + 7, value="#VALUE!")  # the birth year of the second person
    cell.data_type = "e"
    wb.save(path)
    with pytest.raises(XhhtError) as exc:
        run([folder], Options())
    m = next(m for m in exc.value.messages if m.code == "excel-error-value")
    assert (m.row, m.column, m.sheet) == (5, "Ngày tháng năm sinh/Năm", "DATA")
