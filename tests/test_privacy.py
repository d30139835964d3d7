"""Personal data stays private: names, birth dates and phone numbers of the survey never appear in a
report, a message or the workbook; only --list-persons writes names, and only to its file."""

from __future__ import annotations

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
