"""Containers that end in exit 3 naming the file, never an internal error (issue 18 item 7): Parquet columns
of nested types, an xlsx without its relationships parts, counts of thousands of digits; and a report
written into a closed pipe (`xhht compute … | head -1`) ends quietly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers import P, write_people
from typer.testing import CliRunner

from xhht_cli.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "ben-cat" / "2024"


def _compute(*args: str) -> Any:
    return CliRunner().invoke(app, ["compute", *args, "--year", "2024", "--no-cache"], catch_exceptions=False)


def _survey_table(born: pa.Array, name: pa.Array | None = None) -> pa.Table:
    return pa.table({"Họ và tên": name if name is not None else pa.array(["A", "B"]),
                     "Xã/Phường": ["Xã An", "Xã An"], "Năm sinh": born, "Giới tính": ["Nam", "Nữ"]})


@pytest.mark.parametrize(("born", "kind"), [
    (pa.array([{"y": 2019}, {"y": 2018}]), "struct<y: int64>"),
    (pa.array([[2019], [2018]]), "list<element: int64>"),
    (pa.array([[("y", 2019)], [("y", 2018)]], pa.map_(pa.string(), pa.int64())), "map<string, int64")])
def test_a_nested_parquet_column_is_refused_by_name(tmp_path: Path, born: pa.Array, kind: str) -> None:
    pq.write_table(_survey_table(born), tmp_path / "s.parquet")
    r = _compute(str(tmp_path / "s.parquet"))
    assert r.exit_code == 3, r.stderr
    assert r.stderr.startswith("Lỗi: ") and "'Năm sinh'" in r.stderr and kind in r.stderr
    assert str(tmp_path / "s.parquet") in r.stderr and "lỗi nội bộ" not in r.stderr


def test_a_nested_column_the_tables_do_not_use_is_left_alone(tmp_path: Path) -> None:
    table = _survey_table(pa.array([2019, 2018])).append_column("Ghi chú", pa.array([{"a": 1}, {"a": 2}]))
    pq.write_table(table, tmp_path / "s.parquet")
    r = _compute(str(tmp_path / "s.parquet"), "-f", "json")
    assert r.exit_code == 0, r.stderr


def test_a_binary_column_that_is_no_text_is_refused_by_name(tmp_path: Path) -> None:
    pq.write_table(_survey_table(pa.array([b"\xff\xfe", b"2018"], pa.binary())), tmp_path / "s.parquet")
    r = _compute(str(tmp_path / "s.parquet"))
    assert r.exit_code == 3, r.stderr
    assert r.stderr.startswith("Lỗi: ") and "'Năm sinh'" in r.stderr


@pytest.mark.parametrize("part", ["xl/_rels/workbook.xml.rels", "_rels/.rels"])
@pytest.mark.parametrize("workbook", ["xa-an-tay.xlsx", "don-vi.xlsx"])  # a commune workbook (workers), a units sheet
def test_an_xlsx_without_its_relationships_is_exit_3_naming_the_file(tmp_path: Path, part: str,
                                                                    workbook: str) -> None:
    broken = tmp_path / workbook
    with zipfile.ZipFile(SAMPLE / workbook) as src, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != part:
                dst.writestr(info, src.read(info.filename))
    shutil.copy(SAMPLE / "xa-phu-an.xlsx", tmp_path)  # a second commune workbook: the workers read them
    r = _compute(str(tmp_path))
    assert r.exit_code == 3, r.stderr
    assert r.stderr.startswith("Lỗi: ") and str(broken) in r.stderr and part in r.stderr
    assert "lỗi nội bộ" not in r.stderr


def test_a_count_of_thousands_of_digits_is_a_bad_count(tmp_path: Path) -> None:
    write_people(tmp_path, [P(5, unit="Xã An")])
    (tmp_path / "so-lieu-xa.csv").write_text(
        "Mã đơn vị,Tên đơn vị,ll_information_literacy - Tử số,ll_information_literacy - Mẫu số\n"
        f"Xã An,Xã An,3,{'7' * 5000}\n", encoding="utf-8")
    r = _compute(str(tmp_path))
    assert r.exit_code == 3, r.stderr
    assert r.stderr.startswith("Lỗi: ") and str(tmp_path / "so-lieu-xa.csv") in r.stderr and "lỗi nội bộ" not in r.stderr


def test_a_count_at_the_limit_is_read(tmp_path: Path) -> None:
    from xhht_cli.sources.common import parse_count

    assert parse_count("1.000.000.000") == 10**9 and parse_count("0001000000000") == 10**9
    assert parse_count("1000000001") is None and parse_count("7" * 5000) is None and parse_count("000") == 0


def test_a_birth_year_of_thousands_of_digits_is_a_bad_value(tmp_path: Path) -> None:
    write_people(tmp_path, [P(5, unit="Xã An"), {"unit": "Xã An", "born": "7" * 5000}])
    r = _compute(str(tmp_path), "-f", "json")
    assert r.exit_code == 0, r.stderr
    assert "lỗi nội bộ" not in r.stderr


@pytest.mark.parametrize("args", [["compute", "-f", "json"], ["compute"], ["validate"], ["compute", "--help"]])
def test_a_closed_pipe_ends_quietly(tmp_path: Path, args: list[str]) -> None:
    write_people(tmp_path / "2024", [P(5, unit="Xã An"), P(6, unit="Xã An", current="1")]) \
        if (tmp_path / "2024").mkdir() is None else None
    ours, theirs = os.pipe()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "XHHT_CACHE_DIR": str(tmp_path / "cache")}
    run = subprocess.Popen([sys.executable, "-m", "xhht_cli", args[0], str(tmp_path / "2024"), *args[1:]],
                           stdout=theirs, stderr=subprocess.PIPE, env=env, cwd=tmp_path)
    os.close(theirs)
    os.close(ours)  # the reader is gone before anything is written, as `| head -1` is after its line
    _, err = run.communicate(timeout=60)
    assert run.returncode == 141, err.decode()
    assert err == b""
