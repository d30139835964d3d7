"""The units sheet (code, name, kind, area, ĐBKK, survey file, conditions per standard) and matching
commune names as officers write them ("Phường Mỹ Phước", "P. Mỹ Phước", "my phuoc")."""

from __future__ import annotations

import pandas as pd

from ..io.grid import Grid, clean_text
from ..io.excel import legacy_to_unicode
from ..io.headers import Header, find_header, match_columns, scorer
from ..messages import Log
from ..io.textnorm import fold, key
from ..persons.values import is_total, parse_bool
from ..messages import quote
from .kind import Aliases, CommuneContext, InputKind, Other, OtherSources
from .layout import Column, Sheet, Template, yes_no
from ..counts.unit_index import Unit, UnitIndex
from ..law.bundled import standard_ids
from .common import read_table, unit_codes

UNIT_FIELDS: dict[str, tuple[str, ...]] = {
    "code": ("Mã đơn vị", "Mã", "Mã xã", "Mã xã/phường", "code"),
    "name": ("Tên đơn vị", "Tên", "Tên xã/phường", "Xã/Phường", "Đơn vị", "name"),
    "kind": ("Loại", "Loại đơn vị", "Cấp", "kind"),
    "area": ("Khu vực", "Thuộc", "Huyện", "Quận/Huyện", "Thị xã", "area"),
    "dbkk": ("ĐBKK", "Xã ĐBKK", "Đặc biệt khó khăn", "Xã đặc biệt khó khăn", "dbkk"),
    "file": ("Tệp", "Tệp dữ liệu", "Tệp điều tra", "file"),
    "cond_pcgd_mn5": ("Điều kiện PCGD MN5", "Điều kiện PCGD MN 5 tuổi", "conditions_pcgd_mn5"),
    "cond_pcgd_mn4": ("Điều kiện PCGD MN4", "Điều kiện PCGD MN 4 tuổi", "conditions_pcgd_mn4"),
    "cond_pcgd_mn3_5": ("Điều kiện PCGD MN 3-5", "Điều kiện PCGD MN 3–5 tuổi", "Điều kiện PCGD MN 3-5 tuổi",
                        "conditions_pcgd_mn3_5"),
    "cond_pcgd_th": ("Điều kiện PCGD TH", "Điều kiện PCGD tiểu học", "conditions_pcgd_th"),
    "cond_pcgd_thcs": ("Điều kiện PCGD THCS", "Điều kiện PCGD trung học cơ sở", "conditions_pcgd_thcs"),
    "cond_xmc": ("Điều kiện XMC", "Điều kiện xóa mù chữ", "conditions_xmc"),
}
score_units = scorer(UNIT_FIELDS)
UNKNOWN_WORDS = {"chua ro", "khong ro", "unknown", "?", "chua biet"}


def is_units(names: list[str], fields: dict[str, tuple[str, ...]] = UNIT_FIELDS) -> bool:
    found = match_columns(names, fields)
    return ("code" in found or "name" in found) and bool({"dbkk", "area", "kind"} & set(found))


def find_units_header(grid: Grid, fields: dict[str, tuple[str, ...]] = UNIT_FIELDS) -> Header | None:
    return find_header(grid, score_units if fields is UNIT_FIELDS else scorer(fields), min_score=3)


def read_units(grid: Grid, header: Header, default_area: str, log: Log,
               fields: dict[str, tuple[str, ...]] = UNIT_FIELDS) -> list[Unit]:
    found = match_columns(header.names, fields)
    body = grid.cells.iloc[header.data_start:]
    where = dict(file=str(grid.file), sheet=grid.sheet)
    col = {f: legacy_to_unicode(clean_text(body[i]), log, column=header.names[i], **where) for f, i in found.items()}
    if "code" not in found and "name" not in found:
        log.error("units-missing-column", "thiếu cột mã hoặc tên đơn vị", **where)
        return []
    units: list[Unit] = []
    seen: dict[str, int] = {}
    for pos in range(len(body)):
        excel_row = grid.excel_row(header.data_start + pos)
        get = {f: (None if pd.isna(s.iloc[pos]) else str(s.iloc[pos])) for f, s in col.items()}
        if not any(get.values()):
            continue
        name = get.get("name") or get.get("code")
        code = get.get("code") or name
        assert code is not None and name is not None
        if is_total(name):
            continue
        if key(code) in seen:
            log.error("unit-duplicate", f"mã đơn vị {quote(code)} đã có ở dòng {seen[key(code)]}", row=excel_row,
                      column=header.names[found.get("code", found.get("name", 0))], **where)
            continue
        seen[key(code)] = excel_row
        dbkk = False
        if get.get("dbkk") is not None:
            b = parse_bool(get["dbkk"])
            if not isinstance(b, bool):
                log.error("unit-bad-dbkk", f"giá trị {quote(get['dbkk'])} không đọc được (cần có hoặc không)",
                          row=excel_row, column=header.names[found["dbkk"]], **where)
            else:
                dbkk = b
        conditions = {}
        for sid in standard_ids():
            raw = get.get(f"cond_{sid}")
            if raw is None:
                continue
            state = _condition(raw)
            if state is None:
                log.error("unit-bad-condition", f"giá trị {quote(raw)} không đọc được (cần có, không hoặc chưa rõ)",
                          row=excel_row, column=header.names[found[f"cond_{sid}"]], **where)
            else:
                conditions[sid] = state
        units.append(Unit(code=code, name=name, kind=get.get("kind") or _kind_of(name),
                          area=get.get("area") or default_area, dbkk=dbkk, file=get.get("file"),
                          conditions=conditions, row=excel_row, area_given=bool(get.get("area"))))
    if not units:
        log.error("units-empty", "sheet đơn vị không có dòng nào", **where)
    # An area's row in the report carries the area's name as its code: a unit coded the same would give
    # two report rows with one code, and scripts joining on the code would mix them.
    areas = {key(u.area): u.area for u in units}
    for u in units:
        if key(u.code) in areas:
            log.error("unit-code-is-area", f"mã đơn vị {quote(u.code)} trùng tên khu vực {quote(areas[key(u.code)])}: "
                      "báo cáo sẽ có hai dòng cùng một mã; dùng mã xã chính thức (ví dụ 25741)", row=u.row,
                      column=header.names[found.get("code", found.get("name", 0))], **where)
    return units


def _condition(raw: str) -> str | None:
    if fold(raw) in UNKNOWN_WORDS:
        return "unknown"
    b = parse_bool(raw)
    return {True: "met", False: "not_met"}.get(b) if isinstance(b, bool) else None


def _kind_of(name: str) -> str:
    f = fold(name)
    for prefix, kind in (("phuong", "Phường"), ("thi tran", "Thị trấn"), ("xa", "Xã")):
        if f.startswith(prefix + " "):
            return kind
    return ""


COND_FIELDS = {f: a for f, a in UNIT_FIELDS.items() if f.startswith("cond_") or f in ("code", "name")}


def is_conditions(names: list[str]) -> bool:
    """A separate conditions sheet: a unit column and condition columns, without the units sheet's fields."""
    found = set(match_columns(names, UNIT_FIELDS))
    return bool({"code", "name"} & found) and any(f.startswith("cond_") for f in found) \
        and not {"dbkk", "area", "kind"} & found


def find_conditions_header(grid: Grid) -> Header | None:
    return find_header(grid, scorer(COND_FIELDS), min_score=2)


def read_conditions(grid: Grid, header: Header, index: UnitIndex,
                    log: Log) -> dict[str, dict[str, tuple[str, int, str]]]:
    """unit code → standard → (met | not_met | unknown, Excel row, column header)."""
    table = read_table(grid, header, COND_FIELDS, log, unit_field="code" if "code" in
                       match_columns(header.names, COND_FIELDS) else "name")
    fld = "code" if "code" in table.frame else "name"
    codes = unit_codes(table, index, log, fld)
    out: dict[str, dict[str, tuple[str, int, str]]] = {}
    for i, code in codes.dropna().items():
        row = int(table.frame.at[i, "_row"])
        for sid in standard_ids():
            raw = table.frame.at[i, f"cond_{sid}"] if f"cond_{sid}" in table.frame else None
            if raw is None or pd.isna(raw):
                continue
            state = _condition(str(raw))
            if state is None:
                log.error("unit-bad-condition", f"giá trị {quote(raw)} không đọc được (cần có, không hoặc chưa rõ)",
                          **table.where(f"cond_{sid}", row))
            else:
                out.setdefault(code, {})[sid] = (state, row, table.columns[f"cond_{sid}"])
    return out


def merge_conditions(units: list[Unit], found: dict[str, dict[str, tuple[str, int, str]]], grid: Grid,
                     units_file: str | None, log: Log) -> None:
    """A conditions sheet adds to the units sheet; the two disagreeing is an error naming both."""
    for u in units:
        for sid, (state, row, column) in found.get(u.code, {}).items():
            before = u.conditions.get(sid)
            if before is not None and before != state:
                log.error("conditions-conflict", f"điều kiện {sid} của {u.code} là '{state}' ở đây nhưng '{before}' "
                          f"ở sheet đơn vị {units_file}", file=str(grid.file), sheet=grid.sheet, row=row,
                          column=column)
            else:
                u.conditions[sid] = state


def _find(grid: Grid, aliases: Aliases | None) -> Header | None:
    fields = aliases if aliases is not None else UNIT_FIELDS
    header = find_units_header(grid, fields)
    return header if header is not None and is_units(header.names, fields) else None


def _near_miss(names: list[str], aliases: Aliases | None) -> str | None:
    found = set(match_columns(names, aliases if aliases is not None else UNIT_FIELDS))
    if len(found & {"dbkk", "area", "kind", "file"}) >= 2 and not found & {"code", "name"}:
        return "sheet đơn vị thiếu cột Mã đơn vị (hoặc Tên đơn vị)"
    return None


def _find_conditions(grid: Grid, aliases: Aliases | None) -> Header | None:
    header = find_conditions_header(grid)
    return header if header is not None and is_conditions(header.names) else None


def _read_conditions(other: Other, ctx: CommuneContext, out: OtherSources) -> None:
    merge_conditions(ctx.units, read_conditions(other.grid, other.header, ctx.index, ctx.log), other.grid,
                     ctx.units_file, ctx.log)


CONDITIONS = ("có", "không", "chưa rõ")
UNIT_KINDS = ("Xã", "Phường", "Thị trấn")
STANDARD_NAMES = {"PCGD MN5": "phổ cập giáo dục mầm non cho trẻ 5 tuổi", "PCGD MN4": "phổ cập giáo dục mầm non "
                  "cho trẻ 4 tuổi", "PCGD TH": "phổ cập giáo dục tiểu học", "PCGD THCS": "phổ cập giáo dục trung học "
                  "cơ sở", "XMC": "xóa mù chữ", "PCGD MN 3-5": "phổ cập giáo dục mầm non cho trẻ từ 3 đến 5 tuổi"}

UNITS = Template("don-vi.xlsx", "Danh sách đơn vị (xã, phường, thị trấn)",
                 "Các xã, phường, thị trấn của kế hoạch; các tệp điều tra và số liệu khác ghi đơn vị theo mã hoặc tên "
                 "ở đây.", (Sheet("Đơn vị", "một đơn vị", (
                     Column("Mã đơn vị", "Mã của đơn vị (ví dụ mã thống kê 25741), không trùng nhau.", width=12,
                            text=True),
                     Column("Tên đơn vị", "Tên đầy đủ, ví dụ Phường Mỹ Phước.", width=24),
                     Column("Loại", "Xã, Phường hoặc Thị trấn.", UNIT_KINDS, width=10),
                     Column("Khu vực", "Huyện, thị xã (khu vực) của đơn vị, ví dụ Thị xã Bến Cát. Để trống: khu vực "
                            "của kế hoạch.", width=20),
                     yes_no("ĐBKK", "có nếu là xã đặc biệt khó khăn (áp dụng ngưỡng riêng của chuẩn).", width=8),
                     Column("Tệp", "Tên tệp điều tra gốc của đơn vị khi tệp không ghi xã/phường, ví dụ "
                            "phuong-my-phuoc.xls (không bắt buộc).", width=22),
                     *(Column(f"Điều kiện {short}", f"Đơn vị đã bảo đảm các điều kiện (giáo viên, cơ sở vật chất) "
                              f"của chuẩn {name} chưa: có, không hoặc chưa rõ.", CONDITIONS, width=14)
                       for short, name in STANDARD_NAMES.items()),
                 )),))


KIND = InputKind("units", "units", _find, UNIT_FIELDS, _near_miss, read_units=read_units, templates=(UNITS,),
                 sparse=frozenset({"file"}))  # the file column is needed only where names do not say
# A separate conditions sheet: read with the commune tables, since its rows name units.
CONDITIONS_KIND = InputKind("conditions", "commune", _find_conditions, read=_read_conditions, columns=COND_FIELDS)
