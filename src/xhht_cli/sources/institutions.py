"""Institution lists: one row per institution (name, unit, type, digital environment yes/no, IT yes/no)
→ `inst_digital` (every education institution except community learning centres) and `clc_it`
(community learning centres, TTHTCĐ), with the breakdown of `inst_digital` by type."""

from __future__ import annotations

import re

import pandas as pd

from ..io.excel import Grid
from ..io.headers import Header, find_header, scorer
from ..messages import Log
from ..textnorm import fold
from ..values import parse_bool
from .common import Table, read_table, unit_codes
from .units import UnitIndex
from ..io.limits import quote

FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("Tên cơ sở", "Tên trường", "Tên cơ sở giáo dục", "Cơ sở giáo dục", "Tên đơn vị trường"),
    "unit": ("Mã đơn vị", "Xã/Phường", "Đơn vị", "Địa bàn", "Mã xã", "Thuộc xã/phường"),
    "type": ("Loại cơ sở", "Loại hình", "Loại", "Loại cơ sở giáo dục", "Cấp học"),
    "digital": ("Môi trường số", "Hoạt động trên môi trường số", "Quản lý, giảng dạy và học tập trên môi trường số",
                "Chuyển đổi số"),
    "it": ("Ứng dụng CNTT", "Ứng dụng công nghệ thông tin", "Ứng dụng CNTT trong quản lý, tổ chức hoạt động"),
}
score_institutions = scorer(FIELDS)

# Types in report order, with their Vietnamese label.
TYPES: dict[str, str] = {
    "preschool": "Trường mầm non",
    "primary": "Trường tiểu học",
    "lower_secondary": "Trường THCS",
    "upper_secondary": "Trường THPT",
    "multi_level": "Trường liên cấp",
    "gdnn_gdtx": "Trung tâm GDNN-GDTX",
    "gdtx": "Trung tâm GDTX",
    "vocational": "Cơ sở GDNN",
    "other": "Cơ sở giáo dục khác",
    "clc": "Trung tâm học tập cộng đồng",
}
_PREFIX = re.compile(r"^(truong|tt|trung tam|co so|cs)\s+")
# Checked in this order: the first rule whose words all appear wins ("TT GDNN-GDTX" before "GDTX").
_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("clc", ("tthtcd",)), ("clc", ("hoc tap cong dong",)), ("clc", ("ttht", "cong dong")),
    ("gdnn_gdtx", ("gdnn", "gdtx")), ("multi_level", ("lien cap",)), ("multi_level", ("nhieu cap",)),
    ("multi_level", ("th", "thcs")), ("multi_level", ("thcs", "thpt")),
    ("upper_secondary", ("thpt",)), ("upper_secondary", ("trung hoc pho thong",)),
    ("lower_secondary", ("thcs",)), ("lower_secondary", ("trung hoc co so",)),
    ("primary", ("tieu hoc",)), ("primary", ("th",)),
    ("preschool", ("mam non",)), ("preschool", ("mau giao",)), ("preschool", ("nha tre",)), ("preschool", ("mn",)),
    ("preschool", ("mg",)),
    ("gdtx", ("gdtx",)), ("gdtx", ("giao duc thuong xuyen",)),
    ("vocational", ("gdnn",)), ("vocational", ("nghe",)), ("vocational", ("trung cap",)), ("vocational", ("cao dang",)),
    ("vocational", ("giao duc nghe nghiep",)),
    ("other", ("khac",)), ("other", ("ngoai ngu",)), ("other", ("tin hoc",)), ("other", ("ky nang",)),
)


def parse_type(text: str) -> str | None:
    f = _PREFIX.sub("", re.sub(r"[-–/,]", " ", fold(text)))
    words = f" {' '.join(f.split())} "
    for kind, needles in _RULES:
        if all(f" {n} " in words for n in needles):
            return kind
    return None


def is_institutions(names: list[str]) -> bool:
    from ..io.headers import match_columns

    found = match_columns(names, FIELDS)
    return {"unit", "type"} <= set(found) and bool({"digital", "it"} & set(found))


def find_institutions_header(grid: Grid) -> Header | None:
    return find_header(grid, score_institutions, min_score=3)


def read_institutions(grid: Grid, header: Header, index: UnitIndex, log: Log) -> tuple[pd.DataFrame, pd.DataFrame, Table]:
    """(counts per unit for inst_digital and clc_it, breakdown per unit and type, the table)."""
    table = read_table(grid, header, FIELDS, log)
    f = table.frame
    codes = unit_codes(table, index, log)
    kinds = pd.Series(None, index=f.index, dtype=object)
    for i, text in f["type"].items():
        row = int(f.at[i, "_row"])
        kind = parse_type(str(text)) if not pd.isna(text) else None
        if kind is None:
            log.error("institution-bad-type", f"loại cơ sở {quote(text)} không nhận biết được; cần một trong: "
                      + ", ".join(TYPES.values()), **table.where("type", row))
        kinds[i] = kind
    flags = {}
    for fld in ("digital", "it"):
        if fld not in f:
            flags[fld] = (pd.Series(False, index=f.index), pd.Series(False, index=f.index))
            continue
        vals = f[fld].map(lambda t: parse_bool(str(t)), na_action="ignore")
        for i in f.index[vals.map(lambda v: not isinstance(v, bool) and not pd.isna(v))]:
            log.error("institution-bad-flag", f"giá trị {quote(f.at[i, fld])} không đọc được (cần có hoặc không)",
                      **table.where(fld, int(f.at[i, "_row"])))
        flags[fld] = (vals.eq(True).fillna(False).astype(bool), f[fld].notna())
    clc = kinds.eq("clc")
    edu = kinds.notna() & ~clc
    rows = pd.DataFrame({
        "unit": codes, "type": kinds,
        "inst_digital.den": edu, "inst_digital.num": edu & flags["digital"][0],
        "inst_digital.unrec": edu & ~flags["digital"][1],
        "clc_it.den": clc, "clc_it.num": clc & flags["it"][0], "clc_it.unrec": clc & ~flags["it"][1],
    })[codes.notna() & kinds.notna()]
    value_cols = [c for c in rows.columns if c not in ("unit", "type")]
    counts = rows.groupby("unit", sort=False)[value_cols].sum().astype("int64")
    counts["inst_digital.src"] = 1
    counts["clc_it.src"] = 1
    if "digital" not in f:
        counts["inst_digital.src"] = 0
    if "it" not in f:
        counts["clc_it.src"] = 0
    breakdown = rows.assign(total=1, digital=rows["inst_digital.num"] | rows["clc_it.num"]) \
        .groupby(["unit", "type"], sort=False)[["total", "digital"]].sum().astype("int64").reset_index()
    return counts, breakdown, table
