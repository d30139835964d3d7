"""Summing many saved reports as issue 21 needs it at 3,300 communes: the JSON written in pieces, rows held
small, the cycle collector paused; the same bytes as pydantic's whole dump and as one run over all the data."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from helpers import P, YEAR, write_people
from typer.testing import CliRunner

from xhht_cli import Options, compute
from xhht_cli import report as report_module
from xhht_cli.cli import app
from xhht_cli.report import CriterionRow, Excluded, IndicatorRow, Report

COMMUNES = 6
EXTRA = ("qual", "diploma", "mn", "res", "disabled")


def _people(i: int, unit: str) -> list[dict]:
    """A commune's persons, different in each commune so that the sums are not one commune's counts times N."""
    rows = [P(5, unit=unit, current="MG 5T"), P(11, unit=unit, done="5"), P(20, unit=unit, done="12", diploma="THPT")]
    rows += [P(5, unit=unit, disabled="có")] * (i % 2) + [P(14, unit=unit, done="4")] * (i % 3)
    rows += [P(30, unit=unit, done="12", diploma="THPT", qual="Đại học")] * i
    return rows


def _compute(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(app, ["compute", *args, "--year", str(YEAR), "-f", "json"], catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    """(data folders, their saved reports), one commune each."""
    root = tmp_path_factory.mktemp("communes")
    folders, reports = [], []
    for i in range(COMMUNES):
        folder = root / f"x{i}"
        folder.mkdir()
        write_people(folder, _people(i, f"Xã {i}"), extra=EXTRA)
        code, out, err = _compute(str(folder))
        assert code == 0, err
        reports.append(root / f"x{i}.json")
        reports[-1].write_text(out, encoding="utf-8")
        folders.append(folder)
    return folders, reports


def _without_messages(text: str) -> str:
    report = json.loads(text)
    report.pop("messages")
    return json.dumps(report, ensure_ascii=False, indent=2)


def test_streamed_sum_is_pydantics_dump_and_one_run_over_the_data(saved: tuple[list[Path], list[Path]]) -> None:
    folders, reports = saved
    code, summed, err = _compute(*map(str, reports))
    assert code == 0, err
    # the pieces written one by one are the whole dump, byte for byte
    again = Report.model_validate_json(summed, context={"saved": True})
    assert summed == again.model_dump_json(indent=2) + "\n"
    code, whole, err = _compute(*map(str, folders))
    assert code == 0, err
    assert _without_messages(summed) == _without_messages(whole)
    counts = json.loads(summed)["indicators"]
    area = {r["indicator"]: r for r in counts if r["unit"] not in {f"Xã {i}" for i in range(COMMUNES)}}
    for ind, row in area.items():  # the area is the sum of its communes, read back from the inputs
        parts = [r for f in reports for r in json.loads(f.read_text(encoding="utf-8"))["indicators"]
                 if r["indicator"] == ind and r["unit"].startswith("Xã ")]
        if row["numerator"] is not None:
            assert row["numerator"] == sum(r["numerator"] or 0 for r in parts)
            assert row["denominator"] == sum(r["denominator"] or 0 for r in parts)
    assert gc.isenabled()  # paused while building and writing, back on after


def test_json_in_pieces_equals_the_whole_dump(saved: tuple[list[Path], list[Path]], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _, reports = saved
    report = compute(reports, Options(year=YEAR))
    monkeypatch.setattr(report_module, "CHUNK", 7)  # several pieces per list, and a last one part full
    pieces = list(report.json_chunks())
    assert len(pieces) > 10
    assert b"".join(pieces).decode("utf-8") == report.model_dump_json(indent=2) + "\n" == report.to_json()
    out = tmp_path / "sum.json"  # --output writes the same pieces into its file
    r = CliRunner().invoke(app, ["compute", *map(str, reports), "--year", str(YEAR), "-f", "json", "-q", "-o",
                                 str(out)], catch_exceptions=False)
    assert r.exit_code == 0, r.stderr
    assert out.read_text(encoding="utf-8") == report.to_json()


def test_rows_hold_their_values_as_validated() -> None:
    """report.Row keeps pydantic's validation (an int given for a float field becomes a float) and shares
    one set of fields given per class."""
    row = IndicatorRow(unit="X", indicator="mn5_attending", numerator=3, denominator=4, value=1,
                       excluded=Excluded(disabled=1, moved_away=0, deceased=0), unrecorded=2)
    assert row.value == 1.0 and isinstance(row.value, float)
    assert row.model_dump_json() == ('{"unit":"X","indicator":"mn5_attending","numerator":3,"denominator":4,'
                                     '"value":1.0,"excluded":{"disabled":1,"moved_away":0,"deceased":0},'
                                     '"unrecorded":2}')
    assert row.model_fields_set is IndicatorRow(unit="Y", indicator="i", numerator=None, denominator=None,
                                                 value=None).model_fields_set
    criterion = CriterionRow(level=1, kind="indicator", value=None, threshold=1, met=None)
    criterion.needed = 3  # assigning keeps the shared set whole (it already holds every field)
    assert criterion.needed == 3 and criterion.model_fields_set == set(CriterionRow.model_fields)
    assert IndicatorRow.model_validate(row.model_dump()) == row
    with pytest.raises(ValueError):
        IndicatorRow(unit="X", indicator="i", numerator="many", denominator=1, value=None)
