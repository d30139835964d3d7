"""Preschool forms: MN-01-TE (one commune, ages 0–6) and MN-02 (one row per commune). Mobilisation is
attending ÷ children to mobilise (the PPC of the age), which is the mn3/mn4/mn5_attending indicator.
The forms divide completion by the children who attended the age's class last year; a survey taken on
30/9 does not know them, so unless a commune table gives that count the form prints the completed count,
leaves the attending count blank, and divides by the cohort (an upper bound: the rate is understated)."""

from __future__ import annotations

from ..law.indicators import BY_ID
from ..report import IndicatorRow, Report
from .counts import Views, age_columns, blank_row, blank_rows_note, count_row, people_rows
from .model import (NO_ABLE_COLUMN, NOT_IN_SURVEY, Cell, Column, Form, Table, access_known, level_text,
                    provisional_legend, rate_in_row, rate_of_rows, scopes, standard_rows)

GROUPS = [(a, a) for a in range(0, 7)] + [(0, 5)]  # the total excludes age 6 (the completing cohort)
# The completion of an age's programme is counted one year older: age 6 from the survey (mn5_completed);
# ages 4 and 5 (the 3- and 4-year-old programmes) only from a commune table.
COMPLETION = {6: "mn5_completed", 5: "mn4_completed", 4: "mn3_completed"}
STANDARDS = (("pcgd_mn5", "Mức đạt chuẩn PCGD mầm non cho trẻ 5 tuổi"),
             ("pcgd_mn3_5", "Mức đạt chuẩn PCGD mầm non cho trẻ 3–5 tuổi"),
             ("pcgd_mn4", "Mức đạt chuẩn PCGD mầm non cho trẻ 4 tuổi"))
COHORT_NOTE = ("Dòng {row}: biểu chia số trẻ hoàn thành chương trình cho số trẻ đã học lớp của độ tuổi; phiếu điều "
               "tra ngày 30/9 không còn biết số đó, nên ô mẫu số để trống và tỷ lệ ở cột 6 tuổi chia cho số phải "
               "phổ cập 6 tuổi (số lớn hơn hoặc bằng: tỷ lệ chỉ có thể thấp hơn thực tế).")


def _commune_table(report: Report, unit_codes: list[str], indicator: str) -> IndicatorRow | None:
    """A completion count a commune table supplied (a survey has none for ages 3 and 4), summed over the
    printed communes; None when no commune has it."""
    rows = [r for r in report.indicators if r.indicator == indicator and r.unit in unit_codes
            and r.numerator is not None and r.denominator is not None]
    if not rows or indicator == "mn5_completed":
        return None
    return IndicatorRow(unit="", indicator=indicator, numerator=sum(r.numerator or 0 for r in rows),
                        denominator=sum(r.denominator or 0 for r in rows), value=None)


def mn_01_te(report: Report, views: Views, province: str = "") -> Form:
    """MN-01-TE: one page per commune (and area), ages 0–6 as columns."""
    width = len(GROUPS)
    level_rows = [(sid, label, standard_rows(report, sid)) for sid, label in STANDARDS]
    tables = []
    for scope in scopes(report):
        v = views.of(scope.members)
        t = Table(scope.code, scope.place, [("TT", 1), ("Nội dung", 4)], age_columns(report.year, GROUPS))
        ppc = people_rows(t, v, GROUPS, access=access_known(report, scope.code))
        t.rows[ppc].label = "Số trẻ phải huy động (số phải phổ cập)"
        attending = t.add("8", "Trẻ đang học mầm non", count_row(v, "preschool", GROUPS))
        t.add("9", "Trẻ học 2 buổi/ngày", blank_row(width), note=NOT_IN_SURVEY)
        completed: list[Cell] = blank_row(width)
        base: list[Cell] = blank_row(width)
        for age, ind in COMPLETION.items():
            supplied = _commune_table(report, scope.members, ind)
            if age == 6:
                completed[age] = v.get("completed_preschool", 6, 6)
            elif supplied is not None:
                completed[age], base[age] = supplied.numerator, supplied.denominator
        done = t.add("10", "Trẻ hoàn thành chương trình GDMN của độ tuổi (tính ở tuổi lớn hơn một năm)", completed)
        last = t.add("11", "Trẻ đã học lớp của độ tuổi trong năm học trước (mẫu số tỷ lệ hoàn thành)", base,
                     note=None if any(base) else NOT_IN_SURVEY)
        t.add("", "Tỷ lệ", blank_row(width), kind="section")
        t.add("a", "Tỷ lệ huy động (dòng 8 / dòng 7)", [rate_of_rows(t, attending, ppc, c) for c in range(width)],
              kind="rate")
        t.add("b", "Tỷ lệ học 2 buổi/ngày", blank_row(width), kind="rate", note=NOT_IN_SURVEY)
        cells: list[Cell] = blank_row(width)
        for age in COMPLETION:
            if isinstance(base[age], int):
                cells[age] = rate_of_rows(t, done, last, age)
            elif age == 6:
                cells[age] = rate_of_rows(t, done, ppc, age)
        r = t.add("c", "Tỷ lệ hoàn thành chương trình (dòng 10 / dòng 11; cột 6 tuổi: dòng 10 / dòng 7)", cells,
                  kind="rate")
        t.notes.append(COHORT_NOTE.format(row=t.rows[r].number))
        shown = []
        for sid, label, rows in level_rows:
            if rows:  # a standard the report does not evaluate is not printed
                t.add("", label, [level_text(rows.get(scope.code))] + blank_row(width - 1), kind="level")
                shown.append(rows.get(scope.code))
        t.notes += provisional_legend(shown)
        blank_rows_note(t)
        tables.append(t)
    return Form("MN-01-TE", "Biểu thống kê trẻ em độ tuổi mầm non", tables, report.year, province)


def mn_02(report: Report, views: Views, province: str = "") -> Form:
    """MN-02: one row per commune (then areas): mobilisation per age 3, 4, 5, completion of the 5-year-old
    programme (cohort-based, see MN-01-TE), disabled children, and the levels reached."""
    level_rows = [(sid, standard_rows(report, sid)) for sid, _ in STANDARDS[:2]]
    level_rows = [(sid, rows) for sid, rows in level_rows if rows]
    cols: list[Column] = []
    for age in (3, 4, 5):
        g = f"Trẻ {age} tuổi"
        cols += [Column("Phải huy động", group=g), Column("Đang học", group=g), Column("Tỷ lệ huy động", group=g)]
    g = "Hoàn thành CT GDMN (trẻ 6 tuổi)"
    cols += [Column("Hoàn thành", group=g), Column("Số phải phổ cập", group=g), Column("Tỷ lệ", group=g)]
    g = "Trẻ khuyết tật 0–5 tuổi"
    cols += [Column("Có khả năng học tập", group=g), Column("Được tiếp cận giáo dục", group=g),
             Column("Tỷ lệ", group=g)]
    cols += [Column({"pcgd_mn5": "PCGD trẻ 5 tuổi", "pcgd_mn3_5": "PCGD trẻ 3–5 tuổi"}[sid], group="Đạt chuẩn")
             for sid, _ in level_rows]
    t = Table("", "Các xã, phường", [("TT", 1), ("Đơn vị", 1)], cols)
    shown = []
    blank_access = False
    for i, scope in enumerate(scopes(report), 1):
        v = views.of(scope.members)
        cells: list[Cell] = []
        for age in (3, 4, 5):
            cells += [v.get("ppc", age, age), v.get("preschool", age, age), None]
        cells += [v.get("completed_preschool", 6, 6), v.get("ppc", 6, 6), None]
        access = access_known(report, scope.code)
        cells += [v.get("disabled_able", 0, 5), v.get("disabled_access", 0, 5), None] if access else [None] * 3
        blank_access = blank_access or not access
        levels = [rows.get(scope.code) for _, rows in level_rows]
        shown += levels
        r = t.add_scope(str(i), scope, cells + [level_text(x) for x in levels])
        for k in range(3):  # attending ÷ children to mobilise, per age
            t.rows[r].cells[3 * k + 2] = rate_in_row(t, r, 3 * k + 1, 3 * k)
        t.rows[r].cells[11] = rate_in_row(t, r, 9, 10)  # completed ÷ the cohort
        if access:  # with access ÷ able to learn (Thông tư 07/2016, Điều 2)
            t.rows[r].cells[14] = rate_in_row(t, r, 13, 12)
    if blank_access:
        t.notes.append(f"Cột trẻ khuyết tật để trống ở đơn vị mà {NO_ABLE_COLUMN}.")
    t.notes.append(f"Tỷ lệ hoàn thành: số trẻ 6 tuổi hoàn thành chương trình chia cho số phải phổ cập 6 tuổi "
                   f"(chỉ số “{BY_ID['mn5_completed'].label}”); biểu của Bộ chia cho số trẻ đã học lớp 5 tuổi năm "
                   "học trước, số mà phiếu điều tra ngày 30/9 không còn biết.")
    t.notes += provisional_legend(shown)
    return Form("MN-02", "Tổng hợp phổ cập giáo dục mầm non", [t], report.year, province, per_unit=False)


__all__ = ["mn_01_te", "mn_02"]
