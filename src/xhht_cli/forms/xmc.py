"""Literacy forms: XMC-3 (one row per age), XMC-4 (one row per commune), CMC-1 and CMC-2 (illiterates).
The population of an age band is its PPC, as for the XMC indicators, so XMC-4's rates are the indicators'
values; an illiterate at level 1 (or 2) is a PPC person not literate at that level."""

from __future__ import annotations

from ..report import Report
from .counts import AgeView, Views
from .model import Cell, Column, Form, Table, level_text, provisional_legend, rate_in_row, scopes, standard_rows

BANDS = ((15, 25), (15, 35), (15, 60))
SPLIT = (("", "Tổng số"), ("_f", "Nữ"), ("_em", "Dân tộc thiểu số"), ("_fem", "Nữ dân tộc thiểu số"))
PPC_GROUP = "Số phải phổ cập"
PPC_NOTE = ("Dân số mỗi độ tuổi là số phải phổ cập (người đang cư trú, trừ người khuyết tật), như các chỉ số "
            "xóa mù chữ; mù chữ mức độ 1 (2) là người trong số đó chưa biết chữ mức độ 1 (2).")


def _split(v: AgeView, lo: int, hi: int) -> list[Cell]:
    """PPC, illiterate level 1, illiterate level 2, literate level 2: each as total, female, ethnic minority,
    female ethnic minority."""
    ppc = [v.get(f"ppc{s}", lo, hi) for s, _ in SPLIT]
    l1 = [v.get(f"literate_l1{s}", lo, hi) for s, _ in SPLIT]
    l2 = [v.get(f"literate_l2{s}", lo, hi) for s, _ in SPLIT]
    return [*ppc, *(p - a for p, a in zip(ppc, l1)), *(p - a for p, a in zip(ppc, l2)), *l2]


def xmc_3(report: Report, views: Views, province: str = "") -> Form:
    """XMC-3: one page per commune (and area); one row per age 15–60 with the subtotals 15–25, 15–35, 15–60."""
    levels = standard_rows(report, "xmc")
    # illiterate at level 2 is PPC less literate at level 2, both printed: a formula over them (level 1's literate
    # count is not a column of the form, so its illiterates stay numbers)
    cols = [Column(label, group=group, of=((1, j), (-1, 12 + j)) if group == "Mù chữ mức độ 2" else ())
            for group in (PPC_GROUP, "Mù chữ mức độ 1", "Mù chữ mức độ 2", "Biết chữ mức độ 2")
            for j, (_, label) in enumerate(SPLIT)]
    cols.append(Column("Tỷ lệ biết chữ mức độ 2"))
    tables = []
    for scope in scopes(report):
        v = views.of(scope.members)
        t = Table(scope.code, scope.place, [("Độ tuổi", 1), ("Năm sinh", 1)], cols)
        ages: list[int] = []  # the previous subtotal and the single ages since: "Cộng 15–35" = "Cộng 15–25" + 26…35
        for lo, hi in BANDS:
            start = {25: 15, 35: 26, 60: 36}[hi]  # the ages since the previous subtotal
            for age in range(start, hi + 1):
                r = t.add(f"{age} tuổi", str(report.year - age), _split(v, age, age) + [None])
                t.rows[r].cells[16] = rate_in_row(t, r, 12, 0)
                ages.append(r)
            r = t.add(f"Cộng {lo}–{hi}", "", _split(v, lo, hi) + [None], kind="total", sums=tuple(ages))
            ages = [r]
            t.rows[r].cells[16] = rate_in_row(t, r, 12, 0)
        level = levels.get(scope.code)
        t.add("Đạt chuẩn", "", [level_text(level)] + [None] * 16, kind="level")
        t.notes += [PPC_NOTE] + provisional_legend([level])
        tables.append(t)
    return Form("XMC-3", "Biểu thống kê xóa mù chữ theo độ tuổi", tables, report.year, province)


def xmc_4(report: Report, views: Views, province: str = "") -> Form:
    """XMC-4: one row per commune (then areas): per band its PPC, literate at levels 1 and 2 with their
    rates, and the level reached."""
    levels = standard_rows(report, "xmc")
    cols = []
    for lo, hi in BANDS:
        g = f"{lo}–{hi} tuổi"
        cols += [Column("Tổng số", group=g), Column("Biết chữ mức độ 1", group=g), Column("Tỷ lệ", group=g),
                 Column("Biết chữ mức độ 2", group=g), Column("Tỷ lệ", group=g)]
    cols.append(Column("Đạt chuẩn"))
    t = Table("", "Các xã, phường", [("TT", 1), ("Đơn vị", 1)], cols)
    shown = []
    for i, scope in enumerate(scopes(report), 1):
        v = views.of(scope.members)
        cells: list[Cell] = []
        for lo, hi in BANDS:
            cells += [v.get("ppc", lo, hi), v.get("literate_l1", lo, hi), None, v.get("literate_l2", lo, hi), None]
        level = levels.get(scope.code)
        r = t.add_scope(str(i), scope, cells + [level_text(level)])
        for b in range(3):
            t.rows[r].cells[5 * b + 2] = rate_in_row(t, r, 5 * b + 1, 5 * b)
            t.rows[r].cells[5 * b + 4] = rate_in_row(t, r, 5 * b + 3, 5 * b)
        shown.append(level)
    t.notes += [PPC_NOTE] + provisional_legend(shown)
    return Form("XMC-4", "Tổng hợp kết quả xóa mù chữ", [t], report.year, province, per_unit=False)


def cmc_1(report: Report, views: Views, province: str = "") -> Form:
    """CMC-1: one row per commune (then areas): the resident population, then per band its PPC by sex and
    ethnicity, the illiterates at levels 1 and 2 and their rates over the band's PPC."""
    cols = [Column(label, group="Dân số (đang cư trú)") for _, label in SPLIT]
    for lo, hi in BANDS:
        g = f"{lo}–{hi} tuổi"
        cols += [Column(label, group=g) for _, label in SPLIT]
        cols += [Column("Mù chữ mức độ 1", group=g), Column("Tỷ lệ", group=g), Column("Mù chữ mức độ 2", group=g),
                 Column("Tỷ lệ", group=g)]
    t = Table("", "Các xã, phường", [("TT", 1), ("Đơn vị", 1)], cols)
    for i, scope in enumerate(scopes(report), 1):
        v = views.of(scope.members)
        cells: list[Cell] = [v.get(f"residents{s}", 0, 200) for s, _ in SPLIT]
        for lo, hi in BANDS:
            ppc = v.get("ppc", lo, hi)
            cells += [v.get(f"ppc{s}", lo, hi) for s, _ in SPLIT]
            cells += [ppc - v.get("literate_l1", lo, hi), None, ppc - v.get("literate_l2", lo, hi), None]
        r = t.add_scope(str(i), scope, cells)
        for b in range(3):
            base = 4 + 8 * b
            t.rows[r].cells[base + 5] = rate_in_row(t, r, base + 4, base)
            t.rows[r].cells[base + 7] = rate_in_row(t, r, base + 6, base)
    t.notes.append(PPC_NOTE)
    return Form("CMC-1", "Thống kê người mù chữ theo độ tuổi", [t], report.year, province, per_unit=False)


def cmc_2(report: Report, views: Views, province: str = "") -> Form:
    """CMC-2: one page per commune (and area): rows 15–25, 26–35, 36–60 and 15–60; PPC, illiterate at
    level 1 and at level 2, each by sex and ethnicity."""
    cols = [Column(label, group=group) for group in (PPC_GROUP, "Mù chữ mức độ 1", "Mù chữ mức độ 2")
            for _, label in SPLIT]
    tables = []
    for scope in scopes(report):
        v = views.of(scope.members)
        t = Table(scope.code, scope.place, [("Độ tuổi", 1)], cols)
        for lo, hi in ((15, 25), (26, 35), (36, 60)):
            t.add(f"{lo}–{hi} tuổi", "", _split(v, lo, hi)[:12])
        t.add("15–60 tuổi", "", _split(v, 15, 60)[:12], kind="total", sums=(0, 1, 2))
        t.notes.append(PPC_NOTE)
        tables.append(t)
    return Form("CMC-2", "Thống kê người mù chữ theo nhóm tuổi, giới tính và dân tộc", tables, report.year, province)
