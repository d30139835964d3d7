"""The official statistical forms (TH-M1, TH-02, THCS-M1, THCS-TK, XMC-3, XMC-4) built from the per-age
counts: the same counts the indicators use, laid out as the forms print them (survey-layout.md)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .ages import AGE_ROWS, band
from .report import Report

Cell = int | float | str | None


@dataclass
class Block:
    """One table of a form: a title (the unit), column headers, and rows of (label, cells, kinds)."""

    title: str
    columns: list[str]
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)
    rate_columns: set[int] = field(default_factory=set)  # column indexes holding rates (0..1)


@dataclass
class Form:
    code: str
    title: str
    blocks: list[Block]


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _age_cell(ages: pd.DataFrame, unit: str, age: int, col: str) -> int:
    try:
        return int(ages.at[(unit, age), col])
    except KeyError:
        return 0


def _per_age_block(ages: pd.DataFrame, unit: str, name: str, lo: int, hi: int, rows: list[str]) -> Block:
    block = Block(name, [f"{a} tuổi" for a in range(lo, hi + 1)] + [f"Cộng {lo}–{hi}"])
    for col in rows:
        cells: list[Cell] = [_age_cell(ages, unit, a, col) for a in range(lo, hi + 1)]
        cells.append(int(band(ages, [unit], lo, hi)[col]))
        block.rows.append((AGE_ROWS[col], cells))
    return block


def _levels(report: Report, standard: str) -> dict[str, int | None]:
    return {r.unit: r.level for r in report.standards if r.standard == standard}


def _scopes(report: Report) -> list[tuple[str, str, list[str]]]:
    """(code, name, member communes) for every commune, then areas and the total."""
    communes = [u for u in report.units if u.kind == "commune"]
    out = [(u.code, u.name, [u.code]) for u in communes]
    for u in report.units:
        if u.kind == "area":
            out.append((u.code, u.name, [c.code for c in communes if c.parent == u.code]))
        elif u.kind == "total":
            out.append((u.code, u.name, [c.code for c in communes]))
    return out


def th_m1(report: Report, ages: pd.DataFrame) -> Form:
    rows = ["population", "female", "disabled", "disabled_able", "ppc", "in_primary", "completed_primary",
            "rest_in_primary", "dropped_out", "never_enrolled"]
    blocks = []
    for code, name, members in _scopes(report)[:_n_communes(report)]:
        block = _per_age_block(ages, code, name, 6, 14, rows)
        six, eleven, band_11_14 = band(ages, members, 6, 6), band(ages, members, 11, 11), band(ages, members, 11, 14)
        block.rows.append(("Tỷ lệ trẻ 6 tuổi vào lớp 1", [_ratio(six["grade1_plus"], six["ppc"])]))
        block.rows.append(("Tỷ lệ trẻ 11 tuổi hoàn thành CT tiểu học",
                           [_ratio(eleven["completed_primary"], eleven["ppc"])]))
        block.rows.append(("Tỷ lệ trẻ 11–14 tuổi hoàn thành CT tiểu học",
                           [_ratio(band_11_14["completed_primary"], band_11_14["ppc"])]))
        blocks.append(block)
    return Form("TH-M1", "Phổ cập giáo dục tiểu học theo độ tuổi (6–14 tuổi)", blocks)


def th_02(report: Report, ages: pd.DataFrame) -> Form:
    levels = _levels(report, "pcgd_th")
    block = Block("Các xã, phường", ["PPC 6 tuổi", "Vào lớp 1", "Tỷ lệ", "PPC 11 tuổi", "HTCT TH", "Tỷ lệ",
                                    "11 tuổi còn lại đang học TH", "PPC 11–14", "HTCT TH 11–14", "Tỷ lệ",
                                    "Mức đạt PCGD TH"], rate_columns={2, 5, 9})
    for code, name, members in _scopes(report):
        six, eleven, b = band(ages, members, 6, 6), band(ages, members, 11, 11), band(ages, members, 11, 14)
        block.rows.append((name, [
            int(six["ppc"]), int(six["grade1_plus"]), _ratio(six["grade1_plus"], six["ppc"]),
            int(eleven["ppc"]), int(eleven["completed_primary"]), _ratio(eleven["completed_primary"], eleven["ppc"]),
            int(eleven["rest_in_primary"]), int(b["ppc"]), int(b["completed_primary"]),
            _ratio(b["completed_primary"], b["ppc"]), levels.get(code)]))
    return Form("TH-02", "Tổng hợp phổ cập giáo dục tiểu học theo xã, phường", [block])


def thcs_m1(report: Report, ages: pd.DataFrame) -> Form:
    rows = ["population", "female", "disabled", "ppc", "completed_primary", "in_lower_secondary", "thcs_diploma",
            "studying_upper", "dropped_out"]
    blocks = [_per_age_block(ages, code, name, 11, 18, rows)
              for code, name, _ in _scopes(report)[:_n_communes(report)]]
    return Form("THCS-M1", "Phổ cập giáo dục THCS theo độ tuổi (11–18 tuổi)", blocks)


def thcs_tk(report: Report, ages: pd.DataFrame) -> Form:
    levels = _levels(report, "pcgd_thcs")
    block = Block("Các xã, phường", ["PPC 15–18", "Tốt nghiệp THCS", "Tỷ lệ", "Đang học THPT, GDTX, GDNN", "Tỷ lệ",
                                    "Mức đạt PCGD THCS"], rate_columns={2, 4})
    for code, name, members in _scopes(report):
        b = band(ages, members, 15, 18)
        block.rows.append((name, [int(b["ppc"]), int(b["thcs_diploma"]), _ratio(b["thcs_diploma"], b["ppc"]),
                                  int(b["studying_upper"]), _ratio(b["studying_upper"], b["ppc"]), levels.get(code)]))
    return Form("THCS-TK", "Thống kê phổ cập giáo dục THCS theo xã, phường", [block])


XMC_BANDS = ((15, 25), (15, 35), (15, 60))


def xmc_3(report: Report, ages: pd.DataFrame) -> Form:
    blocks = []
    columns = ["Tổng số", "PPC", "Mù chữ mức độ 1", "Mù chữ mức độ 2", "Biết chữ mức độ 2"]
    for code, name, members in _scopes(report)[:_n_communes(report)]:
        block = Block(name, columns)
        for a in range(15, 61):
            b = band(ages, members, a, a)
            block.rows.append((f"{a} tuổi", _xmc_cells(b)))
        for lo, hi in XMC_BANDS:
            block.rows.append((f"Cộng {lo}–{hi}", _xmc_cells(band(ages, members, lo, hi))))
        blocks.append(block)
    return Form("XMC-3", "Xóa mù chữ theo độ tuổi (15–60 tuổi)", blocks)


def _xmc_cells(b: pd.Series) -> list[Cell]:
    return [int(b["population"]), int(b["ppc"]), int(b["ppc"] - b["literate_l1"]), int(b["ppc"] - b["literate_l2"]),
            int(b["literate_l2"])]


def xmc_4(report: Report, ages: pd.DataFrame) -> Form:
    levels = _levels(report, "xmc")
    columns: list[str] = []
    rates: set[int] = set()
    for lo, hi in XMC_BANDS:
        start = len(columns)
        columns += [f"{lo}–{hi}: PPC", f"{lo}–{hi}: biết chữ MĐ1", f"{lo}–{hi}: tỷ lệ MĐ1", f"{lo}–{hi}: biết chữ MĐ2",
                    f"{lo}–{hi}: tỷ lệ MĐ2"]
        rates |= {start + 2, start + 4}
    columns.append("Mức đạt chuẩn XMC")
    block = Block("Các xã, phường", columns, rate_columns=rates)
    for code, name, members in _scopes(report):
        cells: list[Cell] = []
        for lo, hi in XMC_BANDS:
            b = band(ages, members, lo, hi)
            cells += [int(b["ppc"]), int(b["literate_l1"]), _ratio(b["literate_l1"], b["ppc"]),
                      int(b["literate_l2"]), _ratio(b["literate_l2"], b["ppc"])]
        cells.append(levels.get(code))
        block.rows.append((name, cells))
    return Form("XMC-4", "Tổng hợp xóa mù chữ theo xã, phường", [block])


def _n_communes(report: Report) -> int:
    return sum(1 for u in report.units if u.kind == "commune")


def all_forms(report: Report, ages: pd.DataFrame | None) -> list[Form]:
    if ages is None or ages.empty:
        return []
    return [f(report, ages) for f in (th_m1, th_02, thcs_m1, thcs_tk, xmc_3, xmc_4)]
