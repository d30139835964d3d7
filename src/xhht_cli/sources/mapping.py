"""Input kind: the unit mapping of the 2025 reorganisation (old commune → today's commune), from a YAML file
or a sheet with columns Mã cũ (or Tên cũ) → Mã mới [, Tên mới, Khu vực, ĐBKK]."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..io.grid import clean_text
from ..io.excel import read_grid, sheet_names
from ..io.suffixes import EXCEL_SUFFIXES, TEXT_SUFFIXES
from ..io.headers import find_header, match_columns, scorer
from ..messages import quote
from ..io.yamlsafe import read_yaml
from ..messages import Log, Message, XhhtError, fail
from ..io.textnorm import fold, key
from ..persons.values import parse_bool
from ..counts.unit_index import Unit, bare


class _NewUnit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    name: str | None = None
    area: str | None = None
    kind: str | None = None
    dbkk: bool | None = None


class _MappingFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    title: str = ""
    effective: str | None = None
    mapping: dict[str, str] = Field(min_length=1, description="old unit code or name → new unit code")
    new_units: dict[str, _NewUnit] = Field(default_factory=dict)


@dataclass
class Mapping:
    """Old unit (code or name) → today's unit code, with today's units' names, areas and ĐBKK flags."""

    file: str
    entries: dict[str, str]  # old text → new code, in file order
    new_units: dict[str, _NewUnit] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.order = list(dict.fromkeys(self.entries.values()))
        self._tables: list[dict[str, set[str]]] = [{}, {}, {}]
        for old, new in self.entries.items():
            for table, k in zip(self._tables, (key(old), fold(old), bare(old))):
                if k:
                    table.setdefault(k, set()).add(new)

    def resolve(self, unit: Unit) -> tuple[str | None, list[str]]:
        """(new code, []) · (None, candidates) when ambiguous · (None, []) when the unit is not mapped.
        A unit already bearing one of today's codes maps to itself."""
        for table, norm in zip(self._tables, (key, fold, bare)):
            for text in (unit.code, unit.name):
                hits = table.get(norm(text))
                if hits:
                    return (next(iter(hits)), []) if len(hits) == 1 else (None, sorted(hits))
        if unit.code in self.order:
            return unit.code, []
        return None, []

    def sources_of(self, code: str) -> list[str]:
        return [old for old, new in self.entries.items() if new == code]


MAP_FIELDS: dict[str, tuple[str, ...]] = {
    "old": ("Mã cũ", "Mã đơn vị cũ", "Đơn vị cũ", "Tên cũ", "Tên đơn vị cũ", "Xã/Phường cũ", "Đơn vị trước sắp xếp",
            "old"),
    "new": ("Mã mới", "Mã đơn vị mới", "Mã đơn vị sau sắp xếp", "new"),
    "name": ("Tên mới", "Tên đơn vị mới", "Đơn vị mới", "Xã/Phường mới", "Tên đơn vị sau sắp xếp", "new_name"),
    "area": ("Khu vực mới", "Khu vực", "area"),
    "kind": ("Loại mới", "Loại", "kind"),
    "dbkk": ("ĐBKK mới", "ĐBKK", "dbkk"),
}


def load_mapping(path: Path | str) -> Mapping:
    """A YAML file (``mapping: {old: new}``, optional ``new_units: {code: {name, area, kind, dbkk}}``) or a
    sheet (.xlsx/.xls/.ods/.csv) with columns Mã cũ (or Tên cũ) → Mã mới [, Tên mới, Khu vực, ĐBKK]."""
    path = Path(path)
    if not path.is_file():
        raise fail("mapping-not-found", "không tìm thấy tệp ánh xạ đơn vị", file=str(path))
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _mapping_yaml(path)
    if suffix in EXCEL_SUFFIXES | TEXT_SUFFIXES:
        return _mapping_sheet(path)
    raise fail("mapping-unsupported", f"không hỗ trợ tệp ánh xạ {suffix!r} (cần .yaml, .xlsx hoặc .csv)",
               file=str(path))


def _mapping_yaml(path: Path) -> Mapping:
    raw = read_yaml(path, "mapping")  # bounded: size, nesting, alias expansion
    try:
        model = _MappingFile.model_validate(raw)
    except ValidationError as exc:
        raise XhhtError([Message(severity="error", code="mapping-invalid", file=str(path),
                                 column=".".join(str(p) for p in err["loc"]) or None,
                                 message=f"{err['msg']} (giá trị: {quote(err.get('input'))})")
                         for err in exc.errors()])
    entries = {k.strip(): v.strip() for k, v in model.mapping.items()}
    unknown = [c for c in model.new_units if c not in entries.values()]
    if unknown:
        raise fail("mapping-invalid", f"new_units có mã không đơn vị cũ nào được gộp vào: {', '.join(unknown)}",
                   file=str(path), column="new_units")
    return Mapping(str(path), entries, dict(model.new_units))


def _mapping_sheet(path: Path) -> Mapping:
    score = scorer(MAP_FIELDS)
    for sheet in sheet_names(path):
        grid = read_grid(path, sheet)
        header = find_header(grid, score, min_score=2)
        if header is None:
            continue
        found = match_columns(header.names, MAP_FIELDS)
        if "old" not in found or "new" not in found:
            continue
        cols = {f: clean_text(grid.column(i, header.data_start)) for f, i in found.items()}
        log = Log()
        entries: dict[str, str] = {}
        units: dict[str, dict] = {}
        where = dict(file=str(path), sheet=sheet)
        for pos in range(grid.nrows - header.data_start):
            row = grid.excel_row(header.data_start + pos)
            get = {f: (None if pd.isna(s.iloc[pos]) else str(s.iloc[pos])) for f, s in cols.items()}
            if not any(get.values()):
                continue
            old, new = get.get("old"), get.get("new")
            if not old or not new:
                log.error("mapping-blank", "dòng ánh xạ thiếu đơn vị cũ hoặc mã mới", row=row, **where)
                continue
            if old in entries:
                log.error("mapping-duplicate", f"đơn vị cũ {quote(old)} được ánh xạ hai lần", row=row,
                          column=header.names[found["old"]], **where)
                continue
            entries[old] = new
            attrs = units.setdefault(new, {})
            for fld in ("name", "area", "kind", "dbkk"):
                v = get.get(fld)
                if v is None:
                    continue
                if fld == "dbkk":
                    b = parse_bool(v)
                    if not isinstance(b, bool):
                        log.error("mapping-bad-dbkk", f"giá trị {quote(v)} không đọc được (cần có hoặc không)", row=row,
                                  column=header.names[found["dbkk"]], **where)
                        continue
                    v = b
                if attrs.get(fld) is not None and attrs[fld] != v:
                    log.error("mapping-conflict", f"đơn vị mới {new}: {fld} ghi khác nhau ({quote(attrs[fld])} và {quote(v)})",
                              row=row, column=header.names[found[fld]], **where)
                attrs[fld] = v
        log.raise_if_errors()
        if not entries:
            raise fail("mapping-empty", "bảng ánh xạ không có dòng nào", **where)
        return Mapping(str(path), entries, {c: _NewUnit(**a) for c, a in units.items()})
    raise fail("mapping-no-table", "không tìm thấy bảng ánh xạ (cần cột 'Mã cũ' hoặc 'Tên cũ' và cột 'Mã mới')",
               file=str(path))


