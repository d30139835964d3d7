"""Primary and lower-secondary forms: TH-M1, TH-02 (primary), THCS-M1, THCS-M2, THCS-TK (lower secondary),
laid out as reference/forms.md describes. Counts come from the per-age table, the same facts as the
indicators: TH-M1's rate rows and THCS-M1's are the indicators' numerators and denominators."""

from __future__ import annotations

from ..law.indicators import BY_ID
from ..report import Report
from .counts import (AgeView, Views, add_located, age_columns, blank_row, blank_rows_note, count_row, location_note,
                     people_rows, rate_header)
from .model import (NO_ABLE_COLUMN, Cell, Column, Form, Table, access_known, level_text, provisional_legend,
                    rate_in_row, scopes, standard_rows)

TH_GROUPS = [(6, 6), (7, 7), (8, 8), (9, 9), (10, 10), (6, 10), (11, 11), (12, 12), (13, 13), (14, 14), (11, 14)]
THCS_GROUPS = [(a, a) for a in range(11, 19)] + [(15, 18)]
# THCS-M1 prints ages 11–14 over two sheet columns and 15–18 over three (columns F, H, J, L, N, Q, T, W, Z).
THCS_SPANS = {**{(a, a): 2 for a in range(11, 15)}, **{(a, a): 3 for a in range(15, 19)}, (15, 18): 1}
LEAD = [("TT", 1), ("Nội dung", 4)]  # A, B–E: the data start in column F
REST_11_NOTE = ("Dòng {row}: tỷ lệ của biểu (chia cho số phải phổ cập 11 tuổi); chỉ số “{label}” chia cho số "
                "trẻ 11 tuổi chưa hoàn thành chương trình tiểu học.")


def _rate_row(table: Table, number: str, label: str, num: int | None, den: int | None, width: int,
              note: str | None = None) -> int:
    r = table.add(number, label, [num, den, None] + [None] * (width - 3), kind="rate", note=note)
    table.rows[r].cells[2] = rate_in_row(table, r, 0, 1) if num is not None else None
    return r


def _access_rate(table: Table, number: str, label: str, v: AgeView, band: tuple[int, int], width: int,
                 access: bool) -> int:
    """The disabled persons' access rate over the standard's band (the access indicator's numerator and
    denominator); blank when the data have no able-to-learn column."""
    if not access:
        return _rate_row(table, number, label, None, None, width, note=NO_ABLE_COLUMN)
    return _rate_row(table, number, label, v.get("disabled_access", *band), v.get("disabled_able", *band), width)


def _access_columns(group: str) -> list[Column]:
    """Disabled persons' access (Thông tư 07/2016, Điều 2) on the one-row-per-commune forms."""
    return [Column("Có khả năng học tập", group=group), Column("Được tiếp cận giáo dục", group=group),
            Column("Tỷ lệ", group=group)]


def _access_cells(report: Report, unit: str, v: AgeView, band: tuple[int, int]) -> list[Cell]:
    """Able to learn, with access, and a rate cell to fill; blank without the able-to-learn column."""
    if not access_known(report, unit):
        return [None, None, None]
    return [v.get("disabled_able", *band), v.get("disabled_access", *band), None]


def th_m1(report: Report, views: Views, province: str = "") -> Form:
    """TH-M1: one page per commune (and per area), ages 6–14 as columns."""
    levels = standard_rows(report, "pcgd_th")
    tables = []
    width = len(TH_GROUPS)
    for scope in scopes(report):
        v = views.of(scope.members)
        t = Table(scope.code, scope.place, LEAD, age_columns(report.year, TH_GROUPS))
        access = access_known(report, scope.code)
        people_rows(t, v, TH_GROUPS, access=access)
        n = 8
        for g in range(1, 6):
            add_located(t, v, str(n), f"Đang học lớp {g}", f"grade_{g}", TH_GROUPS)
            n += 1
        add_located(t, v, str(n), "Hoàn thành chương trình tiểu học", "completed_primary", TH_GROUPS)
        t.add(str(n + 1), "Hoàn thành CT tiểu học, không thuộc số phải phổ cập",
              count_row(v, "completed_primary_out", TH_GROUPS))
        add_located(t, v, str(n + 2), "Lưu ban", "repeating", TH_GROUPS)
        add_located(t, v, str(n + 3), "Bỏ học (chưa hoàn thành tiểu học)", "dropped_primary", TH_GROUPS)
        t.add(str(n + 4), "Chưa đi học", count_row(v, "never_enrolled", TH_GROUPS))
        rate_header(t, "", width)
        ppc11, ppc11_14 = v.get("ppc", 11, 11), v.get("ppc", 11, 14)
        done11_14 = v.get("completed_primary", 11, 14)
        _rate_row(t, "a", "Trẻ 6 tuổi vào lớp 1 / số phải phổ cập 6 tuổi", v.get("grade1_plus", 6, 6),
                  v.get("ppc", 6, 6), width)
        _rate_row(t, "b", "Trẻ 11 tuổi hoàn thành CT tiểu học / số phải phổ cập 11 tuổi",
                  v.get("completed_primary", 11, 11), ppc11, width)
        r = _rate_row(t, "c", "Trẻ 11 tuổi còn lại đang học tiểu học / số phải phổ cập 11 tuổi",
                      v.get("rest_in_primary", 11, 11), ppc11, width)
        t.notes.append(REST_11_NOTE.format(row=t.rows[r].number, label=BY_ID["th_rest_in_primary_11"].label))
        _rate_row(t, "d", "Trẻ 11–14 tuổi hoàn thành CT tiểu học / số phải phổ cập 11–14 tuổi", done11_14, ppc11_14,
                  width)
        _access_rate(t, "đ", "Trẻ khuyết tật được tiếp cận giáo dục / trẻ khuyết tật có khả năng học tập", v,
                     (6, 14), width, access)
        _rate_row(t, "e", "Trẻ 11–14 tuổi chưa hoàn thành, đang học tiểu học / số phải phổ cập 11–14 tuổi chưa "
                  "hoàn thành", v.get("rest_in_primary", 11, 14), ppc11_14 - done11_14, width)
        level = levels.get(scope.code)
        t.add("", "Mức đạt chuẩn phổ cập giáo dục tiểu học", [level_text(level)] + blank_row(width - 1), kind="level")
        t.notes += [location_note(v)] + provisional_legend([level])
        blank_rows_note(t)
        tables.append(t)
    return Form("TH-M1", "Biểu thống kê phổ cập giáo dục tiểu học", tables, report.year, province)


def th_02(report: Report, views: Views, province: str = "") -> Form:
    """TH-02: one row per commune (then areas) with TH-M1's rates and the level reached."""
    levels = standard_rows(report, "pcgd_th")
    cols = [Column("Số phải phổ cập", group="Trẻ 6 tuổi"), Column("Vào lớp 1", group="Trẻ 6 tuổi"),
            Column("Tỷ lệ", group="Trẻ 6 tuổi"),
            Column("Số phải phổ cập", group="Trẻ 11 tuổi"), Column("Hoàn thành CT tiểu học", group="Trẻ 11 tuổi"),
            Column("Tỷ lệ", group="Trẻ 11 tuổi"), Column("Còn lại đang học tiểu học", group="Trẻ 11 tuổi"),
            Column("Tỷ lệ", group="Trẻ 11 tuổi"),
            Column("Số phải phổ cập", group="Trẻ 11–14 tuổi"),
            Column("Hoàn thành CT tiểu học", group="Trẻ 11–14 tuổi"), Column("Tỷ lệ", group="Trẻ 11–14 tuổi"),
            *_access_columns("Trẻ khuyết tật 6–14 tuổi"), Column("Mức đạt chuẩn")]
    t = Table("", "Các xã, phường", [("TT", 1), ("Đơn vị", 1)], cols)
    shown = []
    for i, scope in enumerate(scopes(report), 1):
        v = views.of(scope.members)
        ppc11 = v.get("ppc", 11, 11)
        cells: list[Cell] = [v.get("ppc", 6, 6), v.get("grade1_plus", 6, 6), None,
                             ppc11, v.get("completed_primary", 11, 11), None, v.get("rest_in_primary", 11, 11), None,
                             v.get("ppc", 11, 14), v.get("completed_primary", 11, 14), None,
                             *_access_cells(report, scope.code, v, (6, 14)), level_text(levels.get(scope.code))]
        r = t.add_scope(str(i), scope, cells)
        for rate_col, num_col, den_col in ((2, 1, 0), (5, 4, 3), (7, 6, 3), (10, 9, 8), (13, 12, 11)):
            t.rows[r].cells[rate_col] = rate_in_row(t, r, num_col, den_col)
        shown.append(levels.get(scope.code))
    t.notes += provisional_legend(shown)
    return Form("TH-02", "Tổng hợp phổ cập giáo dục tiểu học", [t], report.year, province, per_unit=False)


def thcs_m1(report: Report, views: Views, province: str = "") -> Form:
    """THCS-M1: one page per commune (and per area), ages 11–18 as columns."""
    levels = standard_rows(report, "pcgd_thcs")
    width = len(THCS_GROUPS)
    tables = []
    for scope in scopes(report):
        v = views.of(scope.members)
        t = Table(scope.code, scope.place, LEAD, age_columns(report.year, THCS_GROUPS, THCS_SPANS))
        access = access_known(report, scope.code)
        people_rows(t, v, THCS_GROUPS, access=access)
        t.add("", "Học sinh đang học và đã tốt nghiệp", blank_row(width), kind="section")
        n = 8
        for g in range(6, 10):
            add_located(t, v, str(n), f"Đang học lớp {g}", f"grade_{g}", THCS_GROUPS)
            n += 1
        add_located(t, v, str(n), "Tốt nghiệp THCS", "thcs_diploma", THCS_GROUPS)
        for k, (col, label) in enumerate((("upper_general", "Đang học THPT"), ("upper_gdtx", "Đang học GDTX cấp THPT"),
                                          ("vocational", "Đang học GDNN")), 1):
            t.add(f"{n + 1}.{k}", label, count_row(v, col, THCS_GROUPS))
        add_located(t, v, str(n + 2), "Bỏ học", "dropped_out", THCS_GROUPS)
        t.add(str(n + 3), "Chưa đi học", count_row(v, "never_enrolled", THCS_GROUPS))
        t.add(str(n + 4), "Hoàn thành chương trình tiểu học", count_row(v, "completed_primary", THCS_GROUPS))
        t.add(str(n + 5), "Chưa hoàn thành, đang học tiểu học", count_row(v, "rest_in_primary", THCS_GROUPS))
        rate_header(t, "", width)
        ppc = v.get("ppc", 15, 18)
        _rate_row(t, "a", "Thanh thiếu niên 15–18 tuổi tốt nghiệp THCS / số phải phổ cập 15–18 tuổi",
                  v.get("thcs_diploma", 15, 18), ppc, width)
        _rate_row(t, "b", "Thanh thiếu niên 15–18 tuổi đang học THPT, GDTX cấp THPT, GDNN / số phải phổ cập 15–18 "
                  "tuổi", v.get("studying_upper", 15, 18), ppc, width)
        _access_rate(t, "c", "Người khuyết tật được tiếp cận giáo dục / người khuyết tật có khả năng học tập", v,
                     (11, 18), width, access)
        t.add("d", "Học sinh đang học lớp 6–9 (mọi độ tuổi)", [v.get("in_lower_secondary", 0, 200)]
              + blank_row(width - 1))
        level = levels.get(scope.code)
        t.add("", "Mức đạt chuẩn phổ cập giáo dục THCS", [level_text(level)] + blank_row(width - 1), kind="level")
        t.notes += [location_note(v)] + provisional_legend([level])
        blank_rows_note(t)
        tables.append(t)
    return Form("THCS-M1", "Biểu thống kê phổ cập giáo dục trung học cơ sở", tables, report.year, province)


def _thcs_cells(v: AgeView) -> list[Cell]:
    return [v.get("ppc", 15, 18), v.get("thcs_diploma", 15, 18), None, v.get("upper_general", 15, 18),
            v.get("upper_gdtx", 15, 18), v.get("vocational", 15, 18), v.get("studying_upper", 15, 18), None,
            v.get("in_lower_secondary", 0, 200)]


def thcs_tk(report: Report, views: Views, province: str = "") -> Form:
    """THCS-TK: one row per commune (then areas) with THCS-M1's counts, rates and the level reached."""
    levels = standard_rows(report, "pcgd_thcs")
    g = "Thanh thiếu niên 15–18 tuổi"
    cols = [Column("Số phải phổ cập", group=g), Column("Tốt nghiệp THCS", group=g), Column("Tỷ lệ", group=g),
            Column("Đang học THPT", group=g), Column("Đang học GDTX cấp THPT", group=g),
            Column("Đang học GDNN", group=g), Column("Cộng đang học", group=g, of=((1, 3), (1, 4), (1, 5))),
            Column("Tỷ lệ", group=g),
            Column("Học sinh lớp 6–9"), *_access_columns("Người khuyết tật 11–18 tuổi"), Column("Mức đạt chuẩn")]
    t = Table("", "Các xã, phường", [("TT", 1), ("Đơn vị", 1)], cols)
    shown = []
    for i, scope in enumerate(scopes(report), 1):
        level = levels.get(scope.code)
        v = views.of(scope.members)
        r = t.add_scope(str(i), scope, _thcs_cells(v) + _access_cells(report, scope.code, v, (11, 18))
                  + [level_text(level)])
        t.rows[r].cells[2] = rate_in_row(t, r, 1, 0)
        t.rows[r].cells[7] = rate_in_row(t, r, 6, 0)
        t.rows[r].cells[11] = rate_in_row(t, r, 10, 9)
        shown.append(level)
    t.notes += provisional_legend(shown)
    return Form("THCS-TK", "Thống kê phổ cập giáo dục trung học cơ sở theo xã, phường", [t], report.year, province,
                per_unit=False)


def thcs_m2(report: Report, views: Views, province: str = "") -> Form:
    """THCS-M2: each criterion of PCGD THCS checked per commune: the indicator's counts and rate once, then
    whether each level's criterion holds, then the level reached."""
    rows = standard_rows(report, "pcgd_thcs")
    communes = [s for s in scopes(report) if s.kind == "commune"]
    indicators: list[str] = []
    checks: list[tuple[int, str, str | None]] = []  # (level, kind, indicator or prerequisite standard)
    for s in communes:
        for c in rows[s.code].criteria if s.code in rows else []:
            what = c.indicator if c.kind == "indicator" else c.standard
            if c.kind == "indicator" and c.indicator and c.indicator not in indicators:
                indicators.append(c.indicator)
            if c.kind != "rollup" and (c.level, c.kind, what) not in checks:
                checks.append((c.level, c.kind, what))
    cols = []
    for ind in indicators:
        label = BY_ID[ind].label
        cols += [Column("Tử số", group=label), Column("Mẫu số", group=label), Column("Tỷ lệ", group=label)]
    for level, kind, what in checks:
        name = CRITERION_SHORT.get(what or "", BY_ID[what].label if what in BY_ID else "") if kind == "indicator" \
            else f"Đạt chuẩn {_short(what)}"
        cols.append(Column(name, group=f"Tiêu chí mức độ {level}"))
    cols.append(Column("Mức đạt chuẩn"))
    t = Table("", "Các xã, phường", [("TT", 1), ("Đơn vị", 1)], cols)
    counts = {(i.unit, i.indicator): i for i in report.indicators}
    for n, s in enumerate(communes, 1):
        cells: list[Cell] = []
        for ind in indicators:
            row = counts.get((s.code, ind))
            cells += [row.numerator if row else None, row.denominator if row else None, None]
        crit = {(c.level, c.kind, c.indicator if c.kind == "indicator" else c.standard): c
                for c in (rows[s.code].criteria if s.code in rows else [])}
        for key in checks:
            c = crit.get(key)
            cells.append(None if c is None else CRITERION_RESULT[c.met])
        cells.append(level_text(rows.get(s.code)))
        r = t.add(str(n), s.name, cells, kind="unit")
        for k in range(len(indicators)):
            t.rows[r].cells[3 * k + 2] = rate_in_row(t, r, 3 * k, 3 * k + 1)
    t.notes.append("Tỷ lệ của mỗi chỉ số là tử số chia mẫu số in bên cạnh; xã ĐBKK được xét theo ngưỡng ĐBKK.")
    t.notes += provisional_legend([rows.get(s.code) for s in communes])
    return Form("THCS-M2", "Kiểm tra tiêu chí phổ cập giáo dục THCS theo xã, phường", [t], report.year, province,
                per_unit=False)


CRITERION_RESULT = {True: "Đạt", False: "Chưa đạt", None: "Không có số liệu"}
CRITERION_SHORT = {"thcs_graduated_15_18": "Tỷ lệ tốt nghiệp THCS", "thcs_studying_15_18": "Tỷ lệ đang học",
                   "thcs_graduated_15_18_dbkk": "Tỷ lệ tốt nghiệp THCS"}


def _short(standard: str | None) -> str:
    return {"pcgd_th": "PCGD tiểu học", "pcgd_thcs": "PCGD THCS", "xmc": "XMC"}.get(standard or "", standard or "")


__all__ = ["th_m1", "th_02", "thcs_m1", "thcs_tk", "thcs_m2"]
