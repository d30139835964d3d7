"""Learning models (Quyết định 387/QĐ-TTg) per unit — households and recognised learning families, clans,
hamlets/quarters, agencies — and learning citizens given as counts; and the area's recognitions
("thị xã học tập") per year. Rates are recognised ÷ total, never ÷ registered."""

from __future__ import annotations

import pandas as pd

from ..io.grid import Grid
from ..io.headers import Header, find_header, match_columns, report_cell_problems, scorer
from ..messages import Log
from ..persons.values import parse_bool
from .common import Table, add_counts, check_listed_once, counts_column, read_table, unit_codes
from .kind import Aliases, CommuneContext, InputKind, Other, OtherSources
from .layout import UNIT_CODE, Column, Sheet, Template, count, yes_no
from ..counts.unit_index import UnitIndex
from ..messages import quote

FIELDS: dict[str, tuple[str, ...]] = {
    "unit": ("Mã đơn vị", "Xã/Phường", "Đơn vị", "Mã xã", "Tên đơn vị"),
    "households": ("Số hộ gia đình", "Tổng số hộ", "Số hộ", "Hộ gia đình"),
    "families": ("Gia đình học tập", "Số gia đình học tập", "Gia đình học tập được công nhận"),
    "clans": ("Số dòng họ", "Tổng số dòng họ", "Dòng họ"),
    "learning_clans": ("Dòng họ học tập", "Số dòng họ học tập", "Dòng họ học tập được công nhận"),
    "hamlets": ("Số ấp, khu phố", "Số ấp/khu phố", "Tổng số ấp, khu phố", "Số thôn, tổ dân phố", "Ấp, khu phố"),
    "communities": ("Cộng đồng học tập", "Số cộng đồng học tập", "Cộng đồng học tập được công nhận"),
    "agencies": ("Số cơ quan, đơn vị", "Tổng số cơ quan, đơn vị", "Số cơ quan, tổ chức", "Cơ quan, đơn vị"),
    "learning_units": ("Đơn vị học tập", "Số đơn vị học tập", "Đơn vị học tập được công nhận"),
    "citizens": ("Công dân học tập", "Số công dân học tập", "Công dân đạt danh hiệu công dân học tập"),
    "population_15": ("Dân số từ 15 tuổi", "Dân số từ 15 tuổi trở lên", "Số dân từ 15 tuổi trở lên"),
}
PAIRS = {  # indicator → (numerator field, denominator field)
    "lm_families": ("families", "households"),
    "lm_clans": ("learning_clans", "clans"),
    "lm_communities": ("communities", "hamlets"),
    "lm_units": ("learning_units", "agencies"),
    "ll_learning_citizens": ("citizens", "population_15"),
}
score_models = scorer(FIELDS)

RECOGNITION_FIELDS: dict[str, tuple[str, ...]] = {
    "area": ("Khu vực", "Huyện", "Thị xã", "Đơn vị cấp huyện", "Quận/Huyện"),
    "year": ("Năm", "Năm công nhận"),
    "thi_xa_hoc_tap": ("Thị xã học tập", "Huyện học tập", "Công nhận thị xã học tập", "Danh hiệu thị xã học tập"),
}
score_recognitions = scorer(RECOGNITION_FIELDS)


def is_models(names: list[str]) -> bool:
    found = set(match_columns(names, FIELDS))
    return "unit" in found and any({n, d} <= found for n, d in PAIRS.values())


def find_models_header(grid: Grid) -> Header | None:
    return find_header(grid, score_models, min_score=3)


def read_models(grid: Grid, header: Header, index: UnitIndex, log: Log) -> tuple[pd.DataFrame, Table]:
    table = read_table(grid, header, FIELDS, log)
    codes = unit_codes(table, index, log)
    check_listed_once(table, codes, log)
    out = pd.DataFrame(index=table.frame.index)
    for ind, (num_f, den_f) in PAIRS.items():
        if num_f not in table.frame or den_f not in table.frame:
            continue
        num, den = counts_column(table, num_f, log), counts_column(table, den_f, log)
        for i in table.frame.index[num.notna() & den.notna() & (num.fillna(0) > den.fillna(0))]:
            log.error("counts-num-over-den", f"{table.columns[num_f]} ({num[i]}) lớn hơn {table.columns[den_f]} "
                      f"({den[i]})", **table.where(num_f, int(table.frame.at[i, "_row"])))
        out[f"{ind}.num"] = num.fillna(0).astype("int64")
        out[f"{ind}.den"] = den.fillna(0).astype("int64")
        out[f"{ind}.src"] = (num.notna() & den.notna()).astype("int64")
    out["unit"] = codes
    return out[codes.notna()].groupby("unit", sort=False).sum(), table


def is_recognitions(names: list[str]) -> bool:
    return {"area", "year", "thi_xa_hoc_tap"} <= set(match_columns(names, RECOGNITION_FIELDS))


def find_recognitions_header(grid: Grid) -> Header | None:
    return find_header(grid, score_recognitions, min_score=2)


def read_recognitions(grid: Grid, header: Header, log: Log) -> tuple[dict[tuple[str, int], bool], Table]:
    """(area name as written, year) → recognised."""
    table = read_table(grid, header, RECOGNITION_FIELDS, log, unit_field="area")
    years = counts_column(table, "year", log)
    out: dict[tuple[str, int], bool] = {}
    for i, row in table.frame.iterrows():  # one row per area and year: a handful of rows
        value = row.get("thi_xa_hoc_tap")
        if pd.isna(value) or pd.isna(years[i]) or pd.isna(row.get("area")):
            log.error("recognition-incomplete", "dòng cần đủ khu vực, năm và có/không",
                      **table.where(None, int(row["_row"])))
            continue
        b = parse_bool(str(value))
        if not isinstance(b, bool):
            log.error("recognition-bad-value", f"giá trị {quote(value)} không đọc được (cần có hoặc không)",
                      **table.where("thi_xa_hoc_tap", int(row["_row"])))
            continue
        out[(str(row["area"]), int(years[i]))] = b
    return out, table


def _find(grid: Grid, aliases: Aliases | None) -> Header | None:
    # Found by the built-in names only, as the reader reads it (--columns names serve the ambiguity check).
    header = find_models_header(grid)
    return header if header is not None and is_models(header.names) else None


def _near_miss(names: list[str], aliases: Aliases | None) -> str | None:
    found = set(match_columns(names, aliases if aliases is not None else FIELDS))
    halves = [(n, d) for n, d in PAIRS.values() if (n in found) != (d in found)]
    if len(found) >= 2 and (halves or "unit" not in found):
        if "unit" not in found:
            return "bảng mô hình học tập thiếu cột Mã đơn vị"
        n, d = halves[0]
        return f"bảng mô hình học tập có cột {FIELDS[n if n in found else d][0]} nhưng thiếu cột " \
               f"{FIELDS[d if n in found else n][0]}"
    return None


def _read(other: Other, ctx: CommuneContext, out: OtherSources) -> None:
    counts, table = read_models(other.grid, other.header, ctx.index, ctx.log)
    add_counts(out, other, counts, table, lambda i: PAIRS[i][0], ctx.log)


def _find_recognitions(grid: Grid, aliases: Aliases | None) -> Header | None:
    header = find_recognitions_header(grid)
    return header if header is not None and is_recognitions(header.names) else None


def _read_recognitions(other: Other, ctx: CommuneContext, out: OtherSources) -> None:
    found, table = read_recognitions(other.grid, other.header, ctx.log)
    out.recognitions.update(found)
    report_cell_problems(table.problems, table.header.names, ctx.log, file=str(table.grid.file),
                         sheet=table.grid.sheet)


LEARNING_MODELS = Template("mo-hinh-hoc-tap.xlsx", "Mô hình học tập và công nhận",
                           "Tổng số và số được công nhận của từng mô hình học tập (gia đình, dòng họ, cộng đồng, "
                           "đơn vị học tập), và việc công nhận thị xã học tập.", (
                               Sheet("Mô hình học tập", "một đơn vị", (
                                   UNIT_CODE,
                                   count("Số hộ gia đình", "Tổng số hộ gia đình của đơn vị."),
                                   count("Gia đình học tập", "Số hộ được công nhận Gia đình học tập."),
                                   count("Số dòng họ", "Tổng số dòng họ."),
                                   count("Dòng họ học tập", "Số dòng họ được công nhận Dòng họ học tập."),
                                   count("Số ấp, khu phố", "Tổng số ấp, khu phố."),
                                   count("Cộng đồng học tập", "Số ấp, khu phố được công nhận Cộng đồng học tập."),
                                   count("Số cơ quan, đơn vị", "Tổng số cơ quan, đơn vị, tổ chức.", width=16),
                                   count("Đơn vị học tập", "Số cơ quan, đơn vị được công nhận Đơn vị học tập."),
                                   count("Công dân học tập", "Số người từ 15 tuổi đạt danh hiệu Công dân học tập "
                                          "(khi phiếu điều tra không có cột này)."),
                                   count("Dân số từ 15 tuổi", "Số người từ 15 tuổi trở lên đang cư trú (mẫu số "
                                          "của Công dân học tập)."),
                               )),
                               Sheet("Công nhận", "một năm của một khu vực", (
                                   Column("Khu vực", "Tên khu vực, đúng như cột Khu vực của tệp don-vi.xlsx, ví dụ "
                                          "Thị xã Bến Cát.", width=22),
                                   Column("Năm", "Năm xét công nhận, ví dụ 2024.", whole=(2000, 2100), width=8),
                                   yes_no("Thị xã học tập", "có nếu khu vực được công nhận Thị xã học tập trong "
                                           "năm.", width=16),
                               )),
                           ))


# The models template holds the recognitions sheet too: one workbook for the officer who keeps both.
KIND = InputKind("models", "commune", _find, FIELDS, _near_miss, read=_read, gives_counts=True,
                 templates=(LEARNING_MODELS,))
RECOGNITIONS_KIND = InputKind("recognitions", "commune", _find_recognitions, read=_read_recognitions,
                              columns=RECOGNITION_FIELDS)
