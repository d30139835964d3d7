"""The official forms (issue 11, item 5) and the persons list (issue 5): the forms' numbers are the
indicators' counts (one computation, two presentations), every printed rate is its own printed numerator
over its printed denominator, each form's cells are counted by hand on a 15-person fixture, and the
workbook prints them as the Ministry lays them out."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from helpers import P, write_csv, write_people
from xhht_cli.counts.ages import band
from xhht_cli.cli import app
from xhht_cli.forms import Form, Rate, Table, all_forms, level_text
from xhht_cli.pipeline import Options, run

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "ben-cat" / "2024"
CODES = ("TH-M1", "TH-02", "THCS-M1", "THCS-M2", "THCS-TK", "XMC-3", "XMC-4", "CMC-1", "CMC-2", "MN-01-TE", "MN-02")


def trunc(num: int, den: int) -> float:
    """A rate cut (never rounded) to two decimals of a percentage, worked out in integers."""
    return (num * 10_000 // den) / 10_000


def row(table: Table, number: str) -> list:
    return next(r.cells for r in table.rows if r.number == number)


def counts(cells: list) -> list:
    """Cells with rates shown as their value, for comparing with a hand count."""
    return [c.value if isinstance(c, Rate) else c for c in cells]


@pytest.fixture(scope="module")
def samples():  # noqa: ANN201
    r = run([SAMPLES], Options())
    return r, {f.code: f for f in all_forms(r.report, r.gathered.ages)}


def test_every_form_is_built(samples) -> None:  # noqa: ANN001
    r, forms = samples
    assert tuple(forms) == CODES
    units = len(r.report.units)
    for code in ("TH-M1", "THCS-M1", "XMC-3", "CMC-2", "MN-01-TE"):  # one page per commune and per area
        assert [t.unit for t in forms[code].tables] == [u.code for u in r.report.units if u.kind == "commune"] \
            + [u.code for u in r.report.units if u.kind != "commune"]
    for code in ("TH-02", "THCS-TK", "XMC-4", "CMC-1", "MN-02"):  # one row per commune, then the areas
        assert len(forms[code].tables[0].rows) == units


def test_every_printed_rate_is_its_printed_counts(samples) -> None:  # noqa: ANN001
    _, forms = samples
    seen = 0
    for form in forms.values():
        for t in form.tables:
            for r, printed in enumerate(t.rows):
                for c, cell in enumerate(printed.cells):
                    if not isinstance(cell, Rate) or cell.value is None:
                        continue
                    (nr, nc), (dr, dc) = cell.refs
                    num, den = t.cell(nr, nc), t.cell(dr, dc)
                    assert (num, den) == (cell.num, cell.den), (form.code, printed.label)
                    assert cell.value == trunc(num, den)
                    seen += 1
    assert seen > 500


def test_form_figures_equal_indicator_counts_on_the_samples(samples) -> None:  # noqa: ANN001
    r, forms = samples
    ind = {(i.unit, i.indicator): i for i in r.report.indicators}

    def pair(unit: str, indicator: str) -> tuple:
        return ind[(unit, indicator)].numerator, ind[(unit, indicator)].denominator

    ages = r.gathered.ages
    for k, t in enumerate(forms["TH-M1"].tables):
        u = t.unit
        assert tuple(row(t, "a")[:2]) == pair(u, "th_entry_6")
        assert tuple(row(t, "b")[:2]) == pair(u, "th_completed_11")
        assert tuple(row(t, "d")[:2]) == pair(u, "th_completed_11_14")
        assert tuple(row(t, "e")[:2]) == pair(u, "th_rest_in_primary_11_14")
        assert row(t, "c")[0] == pair(u, "th_rest_in_primary_11")[0]
        thcs = forms["THCS-M1"].tables[k]
        assert tuple(row(thcs, "a")[:2]) == pair(u, "thcs_graduated_15_18")
        assert tuple(row(thcs, "b")[:2]) == pair(u, "thcs_studying_15_18")
        mn = forms["MN-01-TE"].tables[k]
        for age, indicator in ((3, "mn3_attending"), (4, "mn4_attending"), (5, "mn5_attending")):
            if (u, indicator) in ind:
                assert (row(mn, "8")[age], row(mn, "7")[age]) == pair(u, indicator)
                assert row(mn, "a")[age].value == trunc(*pair(u, indicator))
        assert (row(mn, "10")[6], row(mn, "7")[6]) == pair(u, "mn5_completed")
        xmc3 = forms["XMC-3"].tables[k]
        members = [u] if k < len(set(ages.level("unit").tolist())) else []
        assert row(xmc3, "Cộng 15–60")[0] == pair(u, "xmc_l2_15_60")[1]
        assert row(xmc3, "Cộng 15–60")[12] == pair(u, "xmc_l2_15_60")[0]
        if members and xmc3.place.startswith("Xã/Phường"):
            assert band(ages, members, 15, 60)["ppc"] == pair(u, "xmc_l1_15_60")[1]
    xmc4 = forms["XMC-4"].tables[0]
    tk = forms["THCS-TK"].tables[0]
    th2 = forms["TH-02"].tables[0]
    cmc1 = forms["CMC-1"].tables[0]
    mn2 = forms["MN-02"].tables[0]
    for i, unit in enumerate(r.report.units):
        u = unit.code
        cells = xmc4.rows[i].cells
        assert xmc4.rows[i].label == unit.name
        for b, (l1, l2) in enumerate((("xmc_l1_15_25", "xmc_l2_15_25"), ("xmc_l1_15_35", "xmc_l2_15_35"),
                                      ("xmc_l1_15_60", "xmc_l2_15_60"))):
            assert (cells[5 * b + 1], cells[5 * b]) == pair(u, l1)
            assert (cells[5 * b + 3], cells[5 * b]) == pair(u, l2)
            assert cells[5 * b + 2].value == trunc(*pair(u, l1))  # the form's rate is the indicator's value
            num, den = pair(u, l1)
            assert cmc1.rows[i].cells[4 + 8 * b + 4] == den - num  # illiterate at level 1 = PPC − literate
        assert cells[15] == level_text(next(s for s in r.report.standards if s.unit == u and s.standard == "xmc"))
        assert (tk.rows[i].cells[1], tk.rows[i].cells[0]) == pair(u, "thcs_graduated_15_18")
        assert (tk.rows[i].cells[6], tk.rows[i].cells[0]) == pair(u, "thcs_studying_15_18")
        assert (th2.rows[i].cells[1], th2.rows[i].cells[0]) == pair(u, "th_entry_6")
        assert (th2.rows[i].cells[9], th2.rows[i].cells[8]) == pair(u, "th_completed_11_14")
        assert (th2.rows[i].cells[12], th2.rows[i].cells[11]) == pair(u, "disabled_access_6_14")
        assert (tk.rows[i].cells[10], tk.rows[i].cells[9]) == pair(u, "disabled_access_11_18")
        assert (mn2.rows[i].cells[7], mn2.rows[i].cells[6]) == pair(u, "mn5_attending")
        assert (mn2.rows[i].cells[9], mn2.rows[i].cells[10]) == pair(u, "mn5_completed")
    m2 = forms["THCS-M2"].tables[0]
    communes = [u for u in r.report.units if u.kind == "commune"]
    for i, unit in enumerate(communes):
        assert (m2.rows[i].cells[0], m2.rows[i].cells[1]) == pair(unit.code, "thcs_graduated_15_18")


# --- a fixture small enough to count by hand ---------------------------------------------------------

PEOPLE_HEADER = ["Xã/Phường", "Năm sinh", "Giới tính", "Dân tộc", "Tình trạng cư trú", "Khuyết tật",
                 "Khả năng học tập", "Đang học", "Bổ túc", "Lớp đã học xong", "Bỏ học lớp", "Bằng tốt nghiệp",
                 "Lớp học", "Nơi học"]


def person(age: int, sex: str, ethnicity: str, **kw: str) -> dict:
    keys = {"res": "Tình trạng cư trú", "disabled": "Khuyết tật", "able": "Khả năng học tập", "current": "Đang học",
            "bt": "Bổ túc", "done": "Lớp đã học xong", "dropout": "Bỏ học lớp", "diploma": "Bằng tốt nghiệp",
            "cls": "Lớp học", "where": "Nơi học"}
    return {"Xã/Phường": "A", "Năm sinh": 2024 - age, "Giới tính": sex, "Dân tộc": ethnicity,
            **{keys[k]: v for k, v in kw.items()}}


HAND = [
    person(5, "Nữ", "Kinh", current="MG 5T"),  # 1: attending preschool
    person(5, "Nam", "Khmer"),  # 2: not attending
    person(6, "Nữ", "Khmer", current="1", cls="1A"),  # 3: grade 1, local
    person(6, "Nam", "Kinh", current="1", cls="1B!*", where="nơi khác"),  # 4: grade 1 repeating, elsewhere
    person(6, "Nam", "Kinh", diploma="MN"),  # 5: completed preschool, not in school
    person(11, "Nữ", "Tày", current="6", done="5", cls="6A"),  # 6: completed primary, grade 6
    person(11, "Nam", "Kinh", current="5"),  # 7: still in primary
    person(11, "Nam", "Kinh", disabled="có", able="có"),  # 8: disabled, able to learn: out of PPC
    person(16, "Nữ", "Kinh", diploma="THCS", current="10"),  # 9: THPT
    person(16, "Nam", "Khmer", diploma="THCS", current="10", bt="X"),  # 10: GDTX
    person(17, "Nam", "Kinh", dropout="8", done="7"),  # 11: dropped out in grade 8
    person(17, "Nữ", "Kinh", res="Chuyển đi", done="9"),  # 12: moved away: in no row but "moved"
    person(30, "Nữ", "Khmer", done="3"),  # 13: literate at level 1 only
    person(40, "Nam", "Kinh"),  # 14: illiterate
    person(20, "Nữ", "Kinh", done="12", diploma="THPT"),  # 15: literate at level 2
]


def _hand(tmp_path: Path) -> Path:
    d = tmp_path / "2024"
    d.mkdir()
    write_csv(d / "don-vi.csv", [{"Mã đơn vị": "A", "Tên đơn vị": "Xã A", "Khu vực": "Huyện H", "ĐBKK": "không"}],
              ["Mã đơn vị", "Tên đơn vị", "Khu vực", "ĐBKK"])
    write_csv(d / "dieu-tra.csv", HAND, PEOPLE_HEADER)
    return d


@pytest.fixture()
def hand(tmp_path: Path):  # noqa: ANN201
    r = run([_hand(tmp_path)], Options())
    return r, {f.code: f for f in all_forms(r.report, r.gathered.ages)}


def test_th_m1_by_hand(hand) -> None:  # noqa: ANN001
    _, forms = hand
    t = forms["TH-M1"].tables[0]
    assert t.place == "Xã/Phường: Xã A"
    assert [c.label for c in t.columns][:6] == ["6 tuổi", "7 tuổi", "8 tuổi", "9 tuổi", "10 tuổi", "Cộng 6–10"]
    assert [c.birth_year for c in t.columns] == [2018, 2017, 2016, 2015, 2014, None, 2013, 2012, 2011, 2010, None]
    #              6  7  8  9 10 6–10 11 12 13 14 11–14
    assert row(t, "1") == [3, 0, 0, 0, 0, 3, 3, 0, 0, 0, 3]  # residents
    assert row(t, "2") == [1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1]  # female: persons 3 and 6
    assert row(t, "3") == [1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1]  # ethnic minority: Khmer (3), Tày (6); Kinh is not
    assert row(t, "4") == row(t, "5") == [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]  # person 8
    assert row(t, "6") == [0] * 11  # disabled with access (Thông tư 07/2016): person 8 has no schooling recorded
    assert row(t, "7") == [3, 0, 0, 0, 0, 3, 2, 0, 0, 0, 2]  # PPC
    assert row(t, "8.1")[0] == 1 and row(t, "8.2")[0] == 1 and row(t, "8.3")[0] is None  # grade 1: 3 here, 4 away
    assert row(t, "12.1")[6] == 1  # grade 5: person 7
    assert row(t, "13.1")[6] == 1 and row(t, "13.2")[6] == 0  # completed primary: person 6
    assert (row(t, "15.1")[0], row(t, "15.2")[0]) == (0, 1)  # repeating: person 4, elsewhere
    assert row(t, "17") == [0] * 11  # never enrolled (person 5 has a preschool diploma recorded)
    assert counts(row(t, "a")[:3]) == [2, 3, trunc(2, 3)]  # 6-year-olds in grade 1: persons 3, 4
    assert counts(row(t, "b")[:3]) == [1, 2, 0.5]
    assert counts(row(t, "c")[:3]) == [1, 2, 0.5]  # person 7, over the PPC of 11 (the form's own rate)
    assert counts(row(t, "d")[:3]) == [1, 2, 0.5]
    assert counts(row(t, "đ")[:3]) == [0, 1, 0.0]  # access 6–14: person 8 of 1, computed from the row's own cells
    assert counts(row(t, "e")[:3]) == [1, 1, 1.0]  # 11–14 not completed: person 7 of 1
    assert any("nơi khác đến" in n for n in t.notes) and any("không có trong phiếu điều tra" in n for n in t.notes)


def test_thcs_forms_by_hand(hand) -> None:  # noqa: ANN001
    r, forms = hand
    t = forms["THCS-M1"].tables[0]
    assert [c.span for c in t.columns] == [2, 2, 2, 2, 3, 3, 3, 3, 1]  # F H J L N Q T W Z
    #              11 12 13 14 15 16 17 18 15–18
    assert row(t, "1") == [3, 0, 0, 0, 0, 2, 1, 0, 3]  # person 12 moved away
    assert row(t, "7") == [2, 0, 0, 0, 0, 2, 1, 0, 3]
    assert row(t, "8.1")[0] == 1  # grade 6: person 6
    assert row(t, "12.1")[5] == 2  # THCS graduates: persons 9, 10
    assert [row(t, f"13.{k}")[5] for k in (1, 2, 3)] == [1, 1, 0]  # THPT, GDTX (Bổ túc), GDNN
    assert row(t, "14.1")[6] == 1  # dropped out: person 11
    assert counts(row(t, "a")[:3]) == [2, 3, trunc(2, 3)]
    assert counts(row(t, "b")[:3]) == [2, 3, trunc(2, 3)]
    assert row(t, "d")[0] == 1
    assert row(t, "5")[0] == 1 and row(t, "6")[0] == 0  # person 8: disabled, able to learn, no access
    assert counts(row(t, "c")[:3]) == [0, 1, 0.0]  # access 11–18
    tk = forms["THCS-TK"].tables[0].rows[0]
    level = next(s for s in r.report.standards if s.unit == "A" and s.standard == "pcgd_thcs")
    # … then disabled 11–18 able to learn (person 8), with access (none), the rate, and the level
    assert counts(tk.cells) == [3, 2, trunc(2, 3), 1, 1, 0, 2, trunc(2, 3), 1, 1, 0, 0.0, level_text(level)]


def test_literacy_forms_by_hand(hand) -> None:  # noqa: ANN001
    r, forms = hand
    t = forms["XMC-3"].tables[0]
    ages = [x.number for x in t.rows]
    assert ages[:12] == [f"{a} tuổi" for a in range(15, 26)] + ["Cộng 15–25"]
    assert ages[-2:] == ["Cộng 15–60", "Đạt chuẩn"] and "Cộng 15–35" in ages
    thirty = next(x for x in t.rows if x.number == "30 tuổi")
    assert thirty.label == "1994"
    # PPC (total, F, EM, F EM) | illiterate 1 | illiterate 2 | literate 2 | rate
    assert counts(thirty.cells) == [1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0.0]
    assert counts(row(t, "Cộng 15–60")) == [6, 3, 2, 1, 1, 0, 0, 0, 2, 1, 1, 1, 4, 2, 1, 0, trunc(4, 6)]
    assert counts(row(t, "Cộng 15–25")) == [4, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 2, 1, 0, 1.0]
    x4 = forms["XMC-4"].tables[0].rows[0]
    level = next(s for s in r.report.standards if s.unit == "A" and s.standard == "xmc")
    assert counts(x4.cells) == [4, 4, 1.0, 4, 1.0, 5, 5, 1.0, 4, 0.8, 6, 5, trunc(5, 6), 4, trunc(4, 6),
                                level_text(level)]
    c1 = forms["CMC-1"].tables[0].rows[0]
    assert counts(c1.cells[:4]) == [14, 6, 5, 3]  # residents: all but person 12
    assert counts(c1.cells[-8:]) == [6, 3, 2, 1, 1, trunc(1, 6), 2, trunc(2, 6)]
    c2 = forms["CMC-2"].tables[0]
    assert [x.number for x in c2.rows] == ["15–25 tuổi", "26–35 tuổi", "36–60 tuổi", "15–60 tuổi"]
    assert row(c2, "26–35 tuổi") == [1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1]  # person 13
    assert row(c2, "36–60 tuổi") == [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]  # person 14


def test_preschool_forms_by_hand(hand) -> None:  # noqa: ANN001
    r, forms = hand
    t = forms["MN-01-TE"].tables[0]
    assert [c.label for c in t.columns] == [f"{a} tuổi" for a in range(7)] + ["Cộng 0–5"]
    #              0  1  2  3  4  5  6  0–5
    assert row(t, "1") == [0, 0, 0, 0, 0, 2, 3, 2]
    assert row(t, "3") == [0, 0, 0, 0, 0, 1, 1, 1]
    assert row(t, "7") == [0, 0, 0, 0, 0, 2, 3, 2]
    assert row(t, "8") == [0, 0, 0, 0, 0, 1, 0, 1]
    assert row(t, "9") == [None] * 8  # two sessions a day: not in the survey
    assert row(t, "10")[6] == 1 and row(t, "11")[6] is None  # completed: person 5; attending last year unknown
    assert counts(row(t, "a"))[5:] == [0.5, 0.0, 0.5]
    assert row(t, "a")[3].value is None  # no 3-year-old: no rate
    assert counts(row(t, "c"))[6] == trunc(1, 3)  # over the cohort, with a note saying so
    assert not any("Xuyên Mộc" in n for n in t.notes)  # another district's report is no note of this form
    mn5 = next(s for s in r.report.standards if s.unit == "A" and s.standard == "pcgd_mn5")
    levels = [x for x in t.rows if x.kind == "level"]
    assert levels[0].cells[0] == level_text(mn5) and levels[0].cells[0] in ("Đạt", "Chưa đạt", "Đạt*", "Chưa đạt*")
    m2 = forms["MN-02"].tables[0].rows[0]
    # disabled children 0–5 able to learn: none, so none with access and no rate
    assert counts(m2.cells[:15]) == [0, 0, None, 0, 0, None, 2, 1, 0.5, 1, 3, trunc(1, 3), 0, 0, None]


def test_provisional_levels_carry_a_star_and_a_legend(samples) -> None:  # noqa: ANN001
    from xhht_cli.forms.model import provisional_legend
    from xhht_cli.report import StandardRow

    row = StandardRow(unit="A", standard="pcgd_mn4", level=1, provisional=True, missing=["mn4_completed"])
    assert provisional_legend([row, None]) == ["* tạm tính: thiếu số liệu Trẻ 5 tuổi đã hoàn thành chương trình mầm "
                                               "non 4 tuổi"]
    assert provisional_legend([StandardRow(unit="A", standard="xmc", level=2)]) == []
    r, forms = samples  # the samples have no commune table: MN 4 tuổi is provisional in every commune
    mn4 = {s.unit: s for s in r.report.standards if s.standard == "pcgd_mn4"}
    for t in forms["MN-01-TE"].tables:
        if mn4[t.unit].provisional:
            printed = next(x for x in t.rows if x.label.endswith("trẻ 4 tuổi")).cells[0]
            assert printed.endswith("*") and any(n.startswith("* tạm tính: thiếu số liệu") for n in t.notes)
    assert any(s.provisional for s in mn4.values())


def test_level_texts() -> None:
    from xhht_cli.report import StandardRow

    assert level_text(StandardRow(unit="A", standard="xmc", level=2)) == "MĐ2"
    assert level_text(StandardRow(unit="A", standard="pcgd_th", level=0)) == "Chưa đạt"
    assert level_text(StandardRow(unit="A", standard="pcgd_th", level=3, provisional=True)) == "MĐ3*"
    assert level_text(StandardRow(unit="A", standard="pcgd_mn5", level=1)) == "Đạt"
    assert level_text(StandardRow(unit="A", standard="pcgd_mn4", level=0, provisional=True)) == "Chưa đạt*"


def test_workbook_prints_the_forms(tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.xlsx"
    result = CliRunner().invoke(app, ["compute", str(_hand(tmp_path)), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    wb = openpyxl.load_workbook(out)
    for code in CODES:
        assert f"Biểu {code}" in wb.sheetnames
        ws = wb[f"Biểu {code}"]
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
        values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        assert f"Mẫu {code}" in values
        assert "Thời điểm: ngày 30 tháng 9 năm 2024" in values
        assert "Người lập biểu" in values and "Thủ trưởng đơn vị" in values
        assert any(v.startswith("…………, ngày") for v in values)
    ws = wb["Biểu TH-M1"]
    assert ws["A1"].value.startswith("Tỉnh/Thành phố:") and ws["A2"].value == "Xã/Phường: Xã A"
    assert ws["E2"].value == "Thời điểm: ngày 30 tháng 9 năm 2024"
    assert [ws.cell(3, c).value for c in range(6, 17)][:6] == ["6 tuổi", "7 tuổi", "8 tuổi", "9 tuổi", "10 tuổi",
                                                              "Cộng 6–10"]
    assert [ws.cell(4, c).value for c in range(6, 11)] == ["2018", "2017", "2016", "2015", "2014"]
    assert ws["B12"].value == "Số phải phổ cập (PPC)" and ws["F12"].value == 3 and ws["L12"].value == 2
    # every rate row: the rate in H is the numerator in F over the denominator in G, truncated
    # the rows of reference/forms.md: grades from row 13, completed 28–30, not in PPC 31, never enrolled 38,
    # the rate rows 40–44
    assert (ws["B13"].value, ws["B28"].value, ws["B31"].value, ws["B38"].value) == (
        "Đang học lớp 1 – tại chỗ", "Hoàn thành chương trình tiểu học – tại chỗ",
        "Hoàn thành CT tiểu học, không thuộc số phải phổ cập", "Chưa đi học")
    assert [ws.cell(r, 1).value for r in range(40, 45)] == ["a", "b", "c", "d", "đ"]
    m1 = wb["Biểu THCS-M1"]
    assert [m1[f"{c}3"].value for c in "FHJLNQTWZ"] == [f"{a} tuổi" for a in range(11, 19)] + ["Cộng 15–18"]
    assert (m1["B26"].value, m1["B29"].value, m1["A39"].value, m1["N26"].value + m1["Q26"].value) == (
        "Tốt nghiệp THCS – tại chỗ", "Đang học THPT", "a", 2)
    x3 = wb["Biểu XMC-3"]
    assert (x3["A6"].value, x3["B6"].value, x3["A17"].value, x3["A54"].value) == ("15 tuổi", "2009", "Cộng 15–25",
                                                                                 "Cộng 15–60")
    cached = openpyxl.load_workbook(out, data_only=True)  # the values a viewer shows without recalculating
    # subtotals add their own cells ("Cộng 15–35" = "Cộng 15–25" and 26…35: C17:C27), their values cached for a viewer
    assert (x3["C17"].value, x3["C28"].value, x3["O54"].value) == ("=SUM(C6:C16)", "=SUM(C17:C27)",
                                                                     "=SUM(O28:O53)")
    c3 = cached["Biểu XMC-3"]
    assert (c3["C54"].value, c3["O54"].value, c3["S54"].value) == (6, 4, trunc(4, 6))
    for r in (17, 28, 54):  # every cached subtotal is the sum its formula names
        for col in "CDEFGHIJKLMNOPQR":
            f = x3[f"{col}{r}"].value
            assert f.startswith("=SUM("), (col, r, f)
            cells = [c for part in f[5:-1].split(",") for c in
                     ([part] if ":" not in part else [f"{col}{i}" for i in range(int(part.split(":")[0][1:]),
                                                                                 int(part.split(":")[1][1:]) + 1)])]
            assert c3[f"{col}{r}"].value == sum(c3[c].value for c in cells), (col, r)
    assert x3["S54"].value == '=IF(C54=0,"",TRUNC(O54/C54,4))'  # S = O ÷ C, over the form's own cells
    first_page = ws.row_breaks.brk[0].id
    rates = 0
    for r in range(13, first_page + 1):
        if ws.cell(r, 1).value in ("a", "b", "c", "d", "e"):
            num, den = ws.cell(r, 6).value, ws.cell(r, 7).value
            assert cached["Biểu TH-M1"].cell(r, 8).value == trunc(num, den), ws.cell(r, 2).value
            assert ws.cell(r, 8).value == f'=IF(G{r}=0,"",TRUNC(F{r}/G{r},4))'
            rates += 1
    assert rates == 5
    x4 = wb["Biểu XMC-4"]
    assert x4["B6"].value == "Xã A" and x4["C6"].value == 4 and x4["R6"].value.startswith(("MĐ", "Chưa đạt"))
    assert x4["A1"].value.startswith("Tỉnh") and not any(c.value == "Mẫu XMC-5" for row in x4.iter_rows() for c in row)
    # the per-commune forms break the page before each commune after the first
    assert len(wb["Biểu TH-M1"].row_breaks.brk) == 1  # Xã A, then Huyện H


# --- the persons list (issue 5) ----------------------------------------------------------------------

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
    for i, r in enumerate(rows[1:], start=1):
        r.append(f"Người Thứ {i}")
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return d


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


def test_workbook_forms_hold_no_names(tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.xlsx"
    assert CliRunner().invoke(app, ["compute", str(_fixture(tmp_path)), "-o", str(out)]).exit_code == 0
    wb = openpyxl.load_workbook(out, data_only=True)  # the rates' cached values
    tk = wb["Biểu THCS-TK"]
    xa = next(r for r in tk.iter_rows(values_only=True) if r[1] == "Xã A")
    # PPC 15–18: four 16-year-olds (the disabled and the moved-away are out) → 2 graduates = 50%; 2 studying
    # PPC, graduates, rate, THPT, GDTX, GDNN, studying, rate, pupils in grades 6–9 (the grade-8 student)
    assert list(xa[2:11]) == [4, 2, 0.5, 2, 0, 0, 2, 0.5, 1]
    assert not any(cell.value and "Người Thứ" in str(cell.value) for sheet in wb for row in sheet.iter_rows()
                   for cell in row)


def test_forms_of_one_unit_come_from_its_own_communes(samples) -> None:  # noqa: ANN001
    r, forms = samples
    areas = [u for u in r.report.units if u.kind != "commune"]
    t = forms["XMC-3"].tables[-len(areas)]
    communes = forms["XMC-3"].tables[:-len(areas)]
    total = row(t, "Cộng 15–60")
    assert total[0] == sum(row(c, "Cộng 15–60")[0] for c in communes)  # an area is the sum of its communes
    assert isinstance(forms["XMC-3"], Form)


def test_summary_forms_are_named_after_the_area_with_a_summed_unnumbered_total(tmp_path: Path) -> None:
    """Issue 20: a list of communes is headed by its area, its total row is no commune (no number, labelled as
    the sum), and its counts are SUM formulas over the communes above with the computed value cached."""
    out = tmp_path / "bao-cao.xlsx"
    assert CliRunner().invoke(app, ["compute", str(_fixture(tmp_path)), "-o", str(out)]).exit_code == 0
    formulas, cached = openpyxl.load_workbook(out), openpyxl.load_workbook(out, data_only=True)
    ws, values = formulas["Biểu THCS-TK"], cached["Biểu THCS-TK"]
    area = next(u for u in _report_units(out) if u != "Xã A" and not u.startswith("Xã"))
    assert ws["A2"].value == f"{area}: các xã, phường"
    total = next(r for r in range(6, ws.max_row + 1) if ws.cell(r, 2).value == f"Cộng {area}")
    assert ws.cell(total, 1).value in (None, "")
    units = [r for r in range(6, total) if ws.cell(r, 1).value not in (None, "")]
    assert ws.cell(total, 3).value == (f"=SUM(C{units[0]}:C{units[-1]})" if len(units) > 1 else f"=SUM(C{units[0]})")
    assert values.cell(total, 3).value == sum(values.cell(r, 3).value for r in units)


def _report_units(out: Path) -> list[str]:
    wb = openpyxl.load_workbook(out)
    return [c.value for c in wb["Mức đạt chuẩn"]["A"][3:] if c.value]


def test_band_totals_are_sums_of_their_own_ages_with_the_value_cached(tmp_path: Path) -> None:
    """'Cộng 6–10' on TH-M1 is =SUM of the 6…10-year-old cells of its row, with the computed total cached: an
    officer who corrects one age sees the band follow."""
    out = tmp_path / "bao-cao.xlsx"
    assert CliRunner().invoke(app, ["compute", str(_hand(tmp_path)), "-o", str(out)]).exit_code == 0
    ws = openpyxl.load_workbook(out)["Biểu TH-M1"]
    cached = openpyxl.load_workbook(out, data_only=True)["Biểu TH-M1"]
    band = next(c for c in range(1, ws.max_column + 1) if ws.cell(3, c).value == "Cộng 6–10")
    ages = [c for c in range(1, band) if str(ws.cell(3, c).value).endswith(" tuổi")]
    assert [ws.cell(3, c).value for c in ages] == ["6 tuổi", "7 tuổi", "8 tuổi", "9 tuổi", "10 tuổi"]
    for r in (6, 12):  # total resident, PPC
        letters = [openpyxl.utils.get_column_letter(c) + str(r) for c in ages]
        assert ws.cell(r, band).value == f"=SUM({','.join(letters)})"
        assert cached.cell(r, band).value == sum(ws.cell(r, c).value for c in ages)


def test_area_totals_and_computed_columns_are_formulas_with_values_cached(tmp_path: Path) -> None:
    """Two areas: each area's total on a list is =SUM of its own communes (the grand total of all of them);
    THCS-TK's "Cộng đang học" is the sum of the three "Đang học" cells of its row; XMC-3's level-2 illiterates
    are PPC less the literate. Read twice: the formulas, and the values cached beside them."""
    d = tmp_path / "2024"
    d.mkdir()
    header = ["Mã đơn vị", "Tên đơn vị", "Khu vực", "ĐBKK"]
    write_csv(d / "don-vi.csv", [{"Mã đơn vị": "A", "Tên đơn vị": "Xã A", "Khu vực": "Huyện H", "ĐBKK": "không"},
                                 {"Mã đơn vị": "B", "Tên đơn vị": "Xã B", "Khu vực": "Huyện K", "ĐBKK": "không"}],
              header)
    write_people(d, [P(16, unit="A", diploma="THCS", current="10"), P(17, unit="A", diploma="THCS", current="11"),
                     P(16, unit="B", current="8", done="7"), P(17, unit="B", diploma="THCS", current="10"),
                     P(40, unit="A", done="12", diploma="THPT"), P(40, unit="A"), P(40, unit="B", done="9")])
    out = tmp_path / "bao-cao.xlsx"
    assert CliRunner().invoke(app, ["compute", str(d), "-o", str(out)]).exit_code == 0
    formulas, cached = openpyxl.load_workbook(out), openpyxl.load_workbook(out, data_only=True)
    ws, values = formulas["Biểu THCS-TK"], cached["Biểu THCS-TK"]
    at = {ws.cell(r, 2).value: r for r in range(6, ws.max_row + 1) if ws.cell(r, 2).value}
    a, b = at["Xã A"], at["Xã B"]
    assert ws.cell(at["Cộng Huyện H"], 3).value == f"=SUM(C{a})"
    assert ws.cell(at["Cộng Huyện K"], 3).value == f"=SUM(C{b})"
    assert ws.cell(at["Tổng cộng"], 3).value == f"=SUM(C{a}:C{b})"
    for name, members in (("Cộng Huyện H", [a]), ("Cộng Huyện K", [b]), ("Tổng cộng", [a, b])):
        assert values.cell(at[name], 3).value == sum(values.cell(r, 3).value for r in members) > 0
    studying = next(c for c in range(1, ws.max_column + 1) if ws.cell(4, c).value == "Cộng đang học")
    assert [ws.cell(4, c).value for c in range(studying - 3, studying)] == \
        ["Đang học THPT", "Đang học GDTX cấp THPT", "Đang học GDNN"]
    for r in (a, b):
        cells = [f"{openpyxl.utils.get_column_letter(c)}{r}" for c in range(studying - 3, studying)]
        assert ws.cell(r, studying).value == f"=SUM({','.join(cells)})"
        assert values.cell(r, studying).value == sum(values.cell(r, c).value for c in range(studying - 3, studying))
    assert values.cell(a, studying).value == 2
    xmc, xmc_values = formulas["Biểu XMC-3"], cached["Biểu XMC-3"]
    r = next(r for r in range(6, 60) if xmc.cell(r, 1).value == "40 tuổi")  # Xã A's page comes first
    assert (xmc.cell(3, 11).value, xmc.cell(4, 11).value) == ("Mù chữ mức độ 2", "Tổng số")
    assert (xmc.cell(4, 3).value, xmc.cell(3, 15).value) == ("Tổng số", "Biết chữ mức độ 2")
    assert xmc.cell(r, 11).value == f"=C{r}-O{r}"  # PPC less the literate at level 2
    assert xmc_values.cell(r, 11).value == xmc_values.cell(r, 3).value - xmc_values.cell(r, 15).value == 1
