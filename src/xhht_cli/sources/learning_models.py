"""Learning models (Quyết định 387/QĐ-TTg) per unit — households and recognised learning families, clans,
hamlets/quarters, agencies — and learning citizens given as counts; and the area's recognitions
("thị xã học tập") per year. Rates are recognised ÷ total, never ÷ registered."""

from __future__ import annotations

import pandas as pd

from ..io.excel import Grid
from ..io.headers import Header, find_header, match_columns, scorer
from ..messages import Log
from ..values import parse_bool
from .common import Table, check_listed_once, counts_column, read_table, unit_codes
from .units import UnitIndex
from ..io.limits import quote

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
