"""Saved reports as inputs: summing the parts' reports gives the JSON of one run over all the data."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import P, YEAR, write_people
from typer.testing import CliRunner

from xhht_cli.cli import app

PART_A = [P(5, unit="A", current="MG 5T"), P(5, unit="A"), P(6, unit="A", current="1", mn="có"),
          P(11, unit="A", done="5"), P(20, unit="A", done="12", diploma="THPT", qual="Đại học")]
PART_B = [P(5, unit="B", current="MG 5T", disabled="có"), P(5, unit="B", current="MG 5T"),
          P(14, unit="B", done="4"), P(40, unit="B", res="Chuyển đi", done="9"),
          P(11, unit="C", done="5"), P(30, unit="C", done="12", diploma="THPT")]


def _compute(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(app, ["compute", *args, "--year", str(YEAR), "-f", "json"], catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


def _parts(tmp_path: Path) -> tuple[Path, Path, Path]:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    write_people(a, PART_A, extra=("qual", "diploma", "mn", "res", "disabled"))
    write_people(b, PART_B, extra=("qual", "diploma", "mn", "res", "disabled"))
    reports = []
    for part in (a, b):
        code, out, err = _compute(str(part))
        assert code == 0, err
        (tmp_path / f"{part.name}.json").write_text(out, encoding="utf-8")
        reports.append(tmp_path / f"{part.name}.json")
    return a, b, tmp_path


def _without_messages(text: str) -> str:
    report = json.loads(text)
    report.pop("messages")
    return json.dumps(report, ensure_ascii=False, indent=2)


def test_summed_reports_equal_one_run_over_all_data(tmp_path: Path) -> None:
    a, b, folder = _parts(tmp_path)
    code, whole, err = _compute(str(a), str(b))
    assert code == 0, err
    code, summed, err = _compute(str(folder / "a.json"), str(folder / "b.json"))
    assert code == 0, err
    assert _without_messages(summed) == _without_messages(whole)
    report = json.loads(summed)
    assert [u["code"] for u in report["units"]] == ["A", "B", "C", "Thị xã Bến Cát"]
    area = next(r for r in report["indicators"] if r["unit"] == "Thị xã Bến Cát" and r["indicator"] == "mn5_attending")
    assert (area["numerator"], area["denominator"], area["excluded"]["disabled"]) == (2, 3, 1)
    assert "forms-need-persons" in {m["code"] for m in report["messages"]}


def test_a_report_mixed_with_data(tmp_path: Path) -> None:
    a, b, folder = _parts(tmp_path)
    code, whole, _ = _compute(str(a), str(b))
    code, mixed, err = _compute(str(a), str(folder / "b.json"))
    assert code == 0, err
    assert _without_messages(mixed) == _without_messages(whole)


def test_a_unit_in_two_inputs_is_an_error_naming_both(tmp_path: Path) -> None:
    a, _, folder = _parts(tmp_path)
    code, _, err = _compute(str(folder / "a.json"), str(a))
    assert code == 3
    [msg] = [m for m in json.loads(err)["messages"] if m["code"] == "unit-in-two-inputs"][:1]
    assert str(folder / "a.json") in msg["message"] and str(a) in msg["message"]


def test_reports_counted_with_other_options_are_an_error(tmp_path: Path) -> None:
    _, _, folder = _parts(tmp_path)
    r = CliRunner().invoke(app, ["compute", str(folder / "a.json"), str(folder / "b.json"), "--year", str(YEAR),
                                 "--ppc", "disabled_unable_only", "-f", "json"], catch_exceptions=False)
    assert r.exit_code == 3
    found = [m for m in json.loads(r.stderr)["messages"] if m["code"] == "report-options-differ"]
    assert [m["file"] for m in found] == [str(folder / "a.json"), str(folder / "b.json")]
    assert "quy tắc PPC all_disabled ≠ disabled_unable_only" in found[0]["message"]


def test_a_report_in_a_folder_is_not_read(tmp_path: Path) -> None:
    a, _, folder = _parts(tmp_path)
    (a / "saved.json").write_text((folder / "a.json").read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = _compute(str(a))
    assert code == 0, err
    assert [u["code"] for u in json.loads(out)["units"]] == ["A", "Thị xã Bến Cát"]


def test_a_units_sheet_beside_the_reports_decides_areas_and_order(tmp_path: Path) -> None:
    _, _, folder = _parts(tmp_path)
    sheet = folder / "don-vi.csv"
    sheet.write_text("Mã đơn vị,Tên đơn vị,Khu vực,ĐBKK\nC,Xã C,Tỉnh 2,không\nB,Xã B,Tỉnh 2,không\n"
                     "A,Xã A,Tỉnh 1,không\n", encoding="utf-8")
    code, out, err = _compute(str(folder / "a.json"), str(folder / "b.json"), str(sheet))
    assert code == 0, err
    report = json.loads(out)
    assert [(u["code"], u["kind"], u["parent"]) for u in report["units"]] == [
        ("C", "commune", "Tỉnh 2"), ("B", "commune", "Tỉnh 2"), ("A", "commune", "Tỉnh 1"),
        ("Tỉnh 2", "area", "*"), ("Tỉnh 1", "area", "*"), ("*", "total", None)]
    got = {r["unit"]: (r["numerator"], r["denominator"]) for r in report["indicators"]
           if r["indicator"] == "mn5_attending"}
    assert got["Tỉnh 2"] == (1, 1) and got["Tỉnh 1"] == (1, 2) and got["*"] == (2, 3)


def test_a_reported_unit_missing_from_the_units_sheet_is_an_error(tmp_path: Path) -> None:
    _, _, folder = _parts(tmp_path)
    sheet = folder / "don-vi.csv"
    sheet.write_text("Mã đơn vị,Tên đơn vị,Khu vực,ĐBKK\nA,Xã A,Tỉnh 1,không\n", encoding="utf-8")
    code, _, err = _compute(str(folder / "a.json"), str(folder / "b.json"), str(sheet))
    assert code == 3
    assert {m["message"].split(" ")[2] for m in json.loads(err)["messages"] if m["code"] == "unit-unknown"} \
        == {"B", "C"}


def test_commune_reports_made_with_the_whole_units_sheet_sum(tmp_path: Path) -> None:
    """Each commune office runs with the district's units sheet and its own survey: its report lists the other
    communes without data. Those rows are not data: the reports still sum, to the run over all the data."""
    import shutil

    src = Path(__file__).resolve().parents[1] / "samples" / "ben-cat" / "2024"
    reports = []
    for commune in ("phuong-my-phuoc.xlsx", "xa-an-tay.xlsx"):
        part = tmp_path / commune.split(".")[0] / "2024"
        part.mkdir(parents=True)
        shutil.copy(src / "don-vi.xlsx", part)
        shutil.copy(src / commune, part)
        code, out, err = _compute(str(part))
        assert code == 0, err
        reports.append(tmp_path / f"{commune}.json")
        reports[-1].write_text(out, encoding="utf-8")
    both = tmp_path / "both" / "2024"
    both.mkdir(parents=True)
    for name in ("don-vi.xlsx", "phuong-my-phuoc.xlsx", "xa-an-tay.xlsx"):
        shutil.copy(src / name, both)
    code, whole, err = _compute(str(both))
    assert code == 0, err
    code, summed, err = _compute(*map(str, reports))
    assert code == 0, err
    assert _without_messages(summed) == _without_messages(whole)
