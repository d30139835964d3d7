"""Institution lists: one row per institution (name, unit, type, digital environment yes/no, IT yes/no)
→ `inst_digital` (every education institution except community learning centres) and `clc_it`
(community learning centres, TTHTCĐ), with the breakdown of `inst_digital` by type."""

from __future__ import annotations

import re

import pandas as pd

from ..io.grid import Grid
from ..io.headers import Header, find_header, scorer
from ..messages import Log
from ..io.textnorm import fold
from ..persons.values import parse_bool
from .common import Table, add_counts, read_table, unit_codes
from .kind import Aliases, CommuneContext, InputKind, Other, OtherSources
from .layout import UNIT_CODE, Column, Sheet, Template, yes_no
from ..counts.unit_index import UnitIndex
from ..messages import quote

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


def _find(grid: Grid, aliases: Aliases | None) -> Header | None:
    # Found by the built-in names only, as the reader reads it (--columns names serve the ambiguity check).
    header = find_institutions_header(grid)
    return header if header is not None and is_institutions(header.names) else None


def _near_miss(names: list[str], aliases: Aliases | None) -> str | None:
    from ..io.headers import match_columns

    found = set(match_columns(names, aliases if aliases is not None else FIELDS))
    if len(found) >= 2 and found & {"digital", "it", "name"}:
        lacking = [label for fld, label in (("unit", "Mã đơn vị"), ("type", "Loại cơ sở")) if fld not in found]
        if lacking:
            return f"danh sách cơ sở giáo dục thiếu cột {', '.join(lacking)}"
    return None


def _read(other: Other, ctx: CommuneContext, out: OtherSources) -> None:
    counts, breakdown, table = read_institutions(other.grid, other.header, ctx.index, ctx.log)
    out.breakdowns.append(breakdown)
    out.covers_institutions = True
    add_counts(out, other, counts, table, lambda i: "digital" if i == "inst_digital" else "it", ctx.log)


def _finish(out: OtherSources) -> None:
    """Every list's breakdown by unit and type, summed."""
    if out.breakdowns:
        out.institutions = pd.concat(out.breakdowns).groupby(["unit", "type"], sort=False)[["total", "digital"]] \
            .sum().reset_index()


INSTITUTION_TYPES = tuple(TYPES.values())
INSTITUTIONS = Template("co-so-giao-duc.xlsx", "Cơ sở giáo dục",
                        "Các cơ sở giáo dục và trung tâm học tập cộng đồng đóng trên địa bàn từng xã, phường.",
                        (Sheet("Cơ sở giáo dục", "một cơ sở", (
                            Column("Tên cơ sở", "Tên cơ sở giáo dục, ví dụ Trường TH Mỹ Phước.", width=40),
                            UNIT_CODE,
                            Column("Loại cơ sở", "Chọn trong danh sách; trung tâm học tập cộng đồng chỉ tính ở chỉ "
                                   "số ứng dụng CNTT.", INSTITUTION_TYPES, width=28),
                            yes_no("Môi trường số", "có nếu cơ sở hoạt động trên môi trường số (không ghi cho trung "
                                    "tâm học tập cộng đồng).", width=16),
                            yes_no("Ứng dụng CNTT", "Chỉ cho trung tâm học tập cộng đồng: có nếu trung tâm ứng "
                                    "dụng công nghệ thông tin.", width=16),
                        )),))


KIND = InputKind("institutions", "commune", _find, FIELDS, _near_miss, read=_read, finish=_finish, gives_counts=True,
                 templates=(INSTITUTIONS,))
