"""The streaming reader of DATA sheets (io/xlsxscan.py) gives what fastexcel gives, or declines.

Each workbook is read twice through `read_grid` with a `want` callback: with the scanner and with it
turned off (XHHT_FAST_XLSX=0, fastexcel only); the wanted columns must be equal, and equal to the values
worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter

from xhht_cli.io import xlsxscan
from xhht_cli.io.grid import CellProblem
from xhht_cli.io.excel import read_grid

HEADER = ["Họ tên", "Năm sinh", "Ghi chú", "Lớp"]


def _book(path: Path, rows: list[list[object]], inline: bool = False, date_col: int | None = None) -> Path:
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": inline})
    ws = wb.add_worksheet("DATA")
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, HEADER)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, bool):
                ws.write_boolean(r, c, v)
            elif isinstance(v, (int, float)):
                ws.write_number(r, c, v, date if c == date_col else None)
            elif isinstance(v, str) and v.startswith("="):
                ws.write_formula(r, c, v, None, "#DIV/0!" if "/0" in v else 7)
            else:
                ws.write_string(r, c, v)
    wb.close()
    return path


def _read(path: Path, monkeypatch: pytest.MonkeyPatch, fast: bool, wanted: list[int]):  # noqa: ANN202
    monkeypatch.setenv("XHHT_FAST_XLSX", "1" if fast else "0")
    grid = read_grid(path, "DATA", want=lambda head: wanted)
    columns = {j: [None if pd.isna(v) else v for v in grid.column(j).tolist()] for j in wanted}
    return grid, columns


ROWS = [["An", 1985, "a & b <c>", "5"],
        ["Bình", 2001, None, True],
        [None, 0, "giữ  khoảng trắng", False],
        ["Chi", -3, "#", "MG 5T"]]
# Hand-worked: whole numbers as digits, booleans true/false, text as typed (entities decoded).
EXPECTED = {1: ["Năm sinh", "1985", "2001", "0", "-3"],
            2: ["Ghi chú", "a & b <c>", None, "giữ  khoảng trắng", "#"],
            3: ["Lớp", "5", "true", "false", "MG 5T"]}


@pytest.mark.parametrize("inline", [False, True], ids=["shared strings", "inline strings"])
def test_wanted_columns_as_fastexcel_reads_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inline: bool) -> None:
    path = _book(tmp_path / "xa.xlsx", ROWS, inline=inline)
    got = xlsxscan.scan_columns(path, "xl/worksheets/sheet1.xml", [1, 2, 3])  # not declined
    assert got.row0 == 1 and got.table.num_rows == 5
    fast, fast_cols = _read(path, monkeypatch, True, [1, 2, 3])
    slow, slow_cols = _read(path, monkeypatch, False, [1, 2, 3])
    assert fast_cols == slow_cols == EXPECTED
    assert (fast.row0, fast.nrows) == (slow.row0, slow.nrows) == (1, 5)
    assert fast.problems == slow.problems == []


def test_excel_error_reported_like_fastexcel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A formula cell: the scanner declines the sheet, fastexcel reads it; the answer is the same.
    path = _book(tmp_path / "xa.xlsx", ROWS[:3] + [["Chi", -3, "=1/0", "MG 5T"]], inline=True)
    with pytest.raises(xlsxscan.Unusual):
        xlsxscan.scan_columns(path, "xl/worksheets/sheet1.xml", [1, 2, 3])
    fast, _ = _read(path, monkeypatch, True, [2])
    assert fast.problems == [CellProblem(5, 2, "error", "#DIV/0!")]


def test_error_value_without_formula_is_read_by_the_scanner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _book(tmp_path / "xa.xlsx", [["An", 1985, "x", "5"], ["Bình", 1990, "y", "6"]], inline=True)
    _rewrite(path, b'<c r="C3" t="inlineStr"><is><t>y</t></is></c>', b'<c r="C3" t="e"><v>#N/A</v></c>')
    got = xlsxscan.scan_columns(path, "xl/worksheets/sheet1.xml", [1, 2])
    assert got.errors == [(3, 2, "#N/A")]
    fast, fast_cols = _read(path, monkeypatch, True, [1, 2])
    slow, slow_cols = _read(path, monkeypatch, False, [1, 2])
    assert fast_cols == slow_cols == {1: ["Năm sinh", "1985", "1990"], 2: ["Ghi chú", "x", None]}
    assert fast.problems == slow.problems == [CellProblem(3, 2, "error", "#N/A")]


def _rewrite(path: Path, old: bytes, new: bytes) -> None:
    """Replace bytes in the DATA sheet's XML (to write what xlsxwriter cannot)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert old in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


@pytest.mark.parametrize("case", ["date", "fraction", "exponent", "rich", "spaces", "unmarked spaces"])
def test_declines_what_it_does_not_format_like_fastexcel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         case: str) -> None:
    rows = [["An", 1985, "x", "5"], ["Bình", 40000 if case == "date" else 1990, "y", "6"]]
    if case == "fraction":
        rows[1][1] = 1990.5
    path = _book(tmp_path / "xa.xlsx", rows, inline=True, date_col=1 if case == "date" else None)
    if case == "exponent":
        _rewrite(path, b"<v>1990</v>", b"<v>1.99E+3</v>")
    if case == "rich":
        _rewrite(path, b"<is><t>y</t></is>", b"<is><r><t>y</t></r></is>")
    if case == "spaces":  # kept by Excel's xml:space="preserve"
        _rewrite(path, b"<is><t>y</t></is>", b'<is><t xml:space="preserve"> y </t></is>')
    if case == "unmarked spaces":  # calamine trims them: the scanner leaves such a sheet to it
        _rewrite(path, b"<is><t>y</t></is>", b"<is><t> y </t></is>")
    with pytest.raises(xlsxscan.Unusual):
        xlsxscan.scan_columns(path, "xl/worksheets/sheet1.xml", [1, 2])
    _, fast_cols = _read(path, monkeypatch, True, [1, 2])
    _, slow_cols = _read(path, monkeypatch, False, [1, 2])
    assert fast_cols == slow_cols
    if case == "fraction":
        assert fast_cols[1] == ["Năm sinh", "1985", "1990.5"]
    if case == "unmarked spaces":
        assert fast_cols[2] == ["Ghi chú", "x", "y"]


def test_rows_reach_the_last_value_in_any_column(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Row 4 holds a value only in column A (not wanted): the table still reaches it, as fastexcel's does.
    path = _book(tmp_path / "xa.xlsx", [["An", 1985, "x", "5"], ["Bình", 1990, "y", "6"], ["ghi chú cuối"]],
                 inline=True)
    fast, fast_cols = _read(path, monkeypatch, True, [1, 3])
    slow, slow_cols = _read(path, monkeypatch, False, [1, 3])
    assert fast_cols == slow_cols == {1: ["Năm sinh", "1985", "1990", None], 3: ["Lớp", "5", "6", None]}
    assert fast.nrows == slow.nrows == 4


def test_switched_off_by_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XHHT_FAST_XLSX", "0")
    assert not xlsxscan.enabled()
    monkeypatch.delenv("XHHT_FAST_XLSX")
    assert xlsxscan.enabled()


def test_pieces_cut_anywhere_give_the_same_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Pieces of 50 bytes: most hold no whole row and wait for the next; the table must not change.
    rows = [[f"Người {k}", 1950 + k, f"ghi chú {k}", str(k % 12)] for k in range(40)]
    path = _book(tmp_path / "xa.xlsx", rows)
    whole = xlsxscan.scan_columns(path, "xl/worksheets/sheet1.xml", [1, 3])
    monkeypatch.setattr(xlsxscan, "CHUNK", 50)
    cut = xlsxscan.scan_columns(path, "xl/worksheets/sheet1.xml", [1, 3])
    assert cut.table.equals(whole.table) and cut.row0 == whole.row0 == 1
    assert cut.table.column(0).to_pylist()[:3] == ["Năm sinh", "1950", "1951"]
    assert cut.table.column(1).to_pylist()[-1] == str(39 % 12)


def test_whole_numbers_on_bytes_agree_with_the_pattern():
    """The byte check that replaced the regex takes exactly what _WHOLE takes."""
    import re

    import numpy as np

    from xhht_cli.io.xlsxscan import _WHOLE, _whole_numbers

    for text in ["0", "-0", "5", "-5", "05", "-05", "123456789012345", "1234567890123456", "-123456789012345",
                 "", "-", "1.5", "1e5", " 5", "5 ", "+5", "00", "10", "-10", "&lt;", "٣"]:
        raw = text.encode()
        arr = np.frombuffer(raw + b"|" + b"\0" * 16, dtype=np.uint8)
        got = _whole_numbers(arr, np.array([0]), np.array([len(raw)]))
        assert got == bool(re.match(_WHOLE, text)), text


def test_masked_values_are_nulls_over_the_same_strings():
    import numpy as np
    import pyarrow as pa

    from xhht_cli.io.xlsxscan import _masked

    values = pa.array(["a", "bb", "", "ccc", "d", "e", "f", "g", "h", "i"], pa.large_string())
    mask = np.array([1, 0, 1, 1, 0, 1, 1, 1, 1, 0], dtype=bool)
    out = _masked(values, mask)
    out.validate(full=True)
    assert out.to_pylist() == ["a", None, "", "ccc", None, "e", "f", "g", "h", None]
    assert _masked(values, np.ones(10, dtype=bool)) is values
    assert _masked(values.slice(1), mask[1:]).to_pylist() == [None, "", "ccc", None, "e", "f", "g", "h", None]
