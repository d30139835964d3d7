"""Every format the README promises is really read (issue 10, item 3): the same units and persons saved
as .xlsx, .xlsm, .xls (BIFF), .ods and .csv give the same counts and the same located message.

The fixtures are written by tests/fixtures/make_formats.py; the hand count is in its comments."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xhht_cli.cli import app

FORMATS = Path(__file__).parent / "fixtures" / "formats"
SOURCES = {"xlsx": [FORMATS / "khao-sat.xlsx"], "xlsm": [FORMATS / "khao-sat.xlsm"],
           "xls": [FORMATS / "khao-sat.xls"], "ods": [FORMATS / "khao-sat.ods"], "csv": [FORMATS / "csv"]}


def _report(paths: list[Path]) -> dict:
    result = CliRunner().invoke(app, ["compute", *map(str, paths), "--year", "2024", "-f", "json"])
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def _summary(rep: dict) -> tuple:
    counts = {(r["unit"], r["indicator"]): (r["numerator"], r["denominator"]) for r in rep["indicators"]}
    grade = [(m["sheet"], m["row"], m["column"]) for m in rep["messages"] if m["code"] == "bad-grade"]
    return counts, grade, [(u["code"], u["dbkk"]) for u in rep["units"]]


@pytest.mark.parametrize("fmt", list(SOURCES))
def test_each_format_gives_the_hand_count(fmt: str) -> None:
    counts, grade, units = _summary(_report(SOURCES[fmt]))
    assert counts[("X1", "mn5_attending")] == (1, 2)  # two born 2019, one in MG
    assert counts[("X2", "ll_university_15plus")] == (1, 2)  # one Đại học among two adults
    sheet = "DS"
    assert grade == [(sheet, 6, "Lớp đã học xong")]  # the table starts at B2: header row 2, "ABC" on row 6
    assert ("X2", True) in units


def test_every_format_gives_the_same_report_as_the_xlsx() -> None:
    reference = _summary(_report(SOURCES["xlsx"]))
    for fmt, paths in SOURCES.items():
        assert _summary(_report(paths)) == reference, fmt


def test_a_folder_of_xls_and_ods_is_read(tmp_path: Path) -> None:
    """A folder picks up .xls and .ods as it does .xlsx (the same persons twice would be an error)."""
    shutil.copy(FORMATS / "khao-sat.ods", tmp_path / "khao-sat.ods")
    counts, _, _ = _summary(_report([tmp_path]))
    assert counts[("X1", "mn5_attending")] == (1, 2)
