"""The official forms and the persons list (issue 5): the forms' numbers are the indicators' counts, and
the list holds exactly the persons a failing criterion still needs."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from helpers import P, write_csv, write_people
from xhht_cli.ages import band
from xhht_cli.cli import app
from xhht_cli.forms import all_forms
from xhht_cli.pipeline import Options, run

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "ben-cat" / "2024"


def test_form_totals_equal_indicator_counts_on_the_samples() -> None:
    r = run([SAMPLES], Options())
    ind = {(i.unit, i.indicator): i for i in r.report.indicators}
    ages = r.gathered.ages
    for unit in [u.code for u in r.report.units if u.kind == "commune"]:
        for (lo, hi), l1, l2 in (((15, 25), "xmc_l1_15_25", "xmc_l2_15_25"), ((15, 35), "xmc_l1_15_35", "xmc_l2_15_35"),
                                 ((15, 60), "xmc_l1_15_60", "xmc_l2_15_60")):
            b = band(ages, [unit], lo, hi)
            assert (b["literate_l1"], b["ppc"]) == (ind[(unit, l1)].numerator, ind[(unit, l1)].denominator)
            assert b["literate_l2"] == ind[(unit, l2)].numerator
        b = band(ages, [unit], 15, 18)
        assert (b["thcs_diploma"], b["ppc"]) == (ind[(unit, "thcs_graduated_15_18")].numerator,
                                                 ind[(unit, "thcs_graduated_15_18")].denominator)
        assert b["studying_upper"] == ind[(unit, "thcs_studying_15_18")].numerator
        six = band(ages, [unit], 6, 6)
        assert (six["grade1_plus"], six["ppc"]) == (ind[(unit, "th_entry_6")].numerator,
                                                    ind[(unit, "th_entry_6")].denominator)
        b = band(ages, [unit], 11, 14)
        assert b["completed_primary"] == ind[(unit, "th_completed_11_14")].numerator
        assert b["rest_in_primary"] == ind[(unit, "th_rest_in_primary_11_14")].numerator


def _fixture(tmp_path: Path) -> Path:
    d = tmp_path / "2024"
    d.mkdir()
    write_csv(d / "don-vi.csv", [{"Mã đơn vị": "A", "Tên đơn vị": "Xã A", "Khu vực": "Huyện H", "ĐBKK": "không"}],
              ["Mã đơn vị", "Tên đơn vị", "Khu vực", "ĐBKK"])
    people = [
        # four 16-year-olds: two with the THCS diploma, one in grade 8 (no diploma), one dropped out in grade 7
        P(16, unit="A", diploma="THCS", current="10"), P(16, unit="A", diploma="THCS", current="11"),
        P(16, unit="A", current="8", done="7"), P(16, unit="A", dropout="7", done="6"),
        # a disabled 17-year-old without the diploma: out of PPC, so not listed
        P(17, unit="A", disabled="có", done="5"),
        # a 16-year-old who moved away: not listed either
        P(16, unit="A", res="Chuyển đi", done="6"),
        # adults, literate
        P(30, unit="A", done="12", diploma="THPT"), P(40, unit="A", done="9", diploma="THCS"),
    ]
    path = write_people(d, people)
    # add a name column: the only output that may show it is the persons list
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[0].append("Họ và tên")
    for i, row in enumerate(rows[1:], start=1):
        row.append(f"Người Thứ {i}")
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return d


def test_forms_from_a_hand_counted_fixture(tmp_path: Path) -> None:
    r = run([_fixture(tmp_path)], Options())
    forms = {f.code: f for f in all_forms(r.report, r.gathered.ages)}
    tk = forms["THCS-TK"].blocks[0]
    row = dict(tk.rows)["Xã A"]
    # PPC 15–18: four 16-year-olds (the disabled and the moved-away are out) → 2 graduates = 50%; 2 studying (10, 11)
    assert row[:5] == [4, 2, 0.5, 2, 0.5]
    m1 = forms["THCS-M1"].blocks[0]
    labels = dict(m1.rows)
    assert labels["Số phải phổ cập (PPC)"][16 - 11] == 4  # the age-16 column
    assert labels["Bỏ học"][16 - 11] == 1
    assert labels["Đang học lớp 6–9"][16 - 11] == 1


def test_persons_list_holds_exactly_the_missing_persons(tmp_path: Path) -> None:
    folder = _fixture(tmp_path)
    out = tmp_path / "can-van-dong.csv"
    result = CliRunner().invoke(app, ["compute", str(folder), "-f", "json", "--list-persons", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "dữ liệu cá nhân" in result.stderr
    assert "Người Thứ" not in result.stdout and "Người Thứ" not in result.stderr  # names only in the file
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    thcs = [r for r in rows if r["Tiêu chí"].startswith("Thanh thiếu niên 15–18 tuổi tốt nghiệp")]
    # 2 of 4 graduated (50% < 80%): the grade-8 student (row 4) and the dropout (row 5) must still be reached
    assert sorted((r["Dòng"], r["Họ và tên"], r["Năm sinh"]) for r in thcs) == [
        ("4", "Người Thứ 3", "2008"), ("5", "Người Thứ 4", "2008")]
    assert {r["Mức"] for r in thcs} == {"1"}


def test_workbook_has_the_forms(tmp_path: Path) -> None:
    folder = _fixture(tmp_path)
    out = tmp_path / "bao-cao.xlsx"
    assert CliRunner().invoke(app, ["compute", str(folder), "-o", str(out)]).exit_code == 0
    wb = openpyxl.load_workbook(out)
    for code in ("TH-M1", "TH-02", "THCS-M1", "THCS-TK", "XMC-3", "XMC-4"):
        assert f"Biểu {code}" in wb.sheetnames
    ws = wb["Biểu THCS-TK"]
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_row=8)]
    xa = next(v for v in values if v[0] == "Xã A")
    assert xa[1:6] == [4, 2, 0.5, 2, 0.5]
    assert not any(cell.value and "Người Thứ" in str(cell.value) for sheet in wb for row in sheet.iter_rows()
                   for cell in row)
