"""--columns FILE: a YAML mapping naming columns for layouts nobody foresaw.

    survey:
      birth_year: "Năm sinh (dương lịch)"
      current: ["Đang học lớp/khối", "Khối lớp"]
    units:
      code: "Mã ĐV"

The names given are tried before the built-in ones; matching still ignores case, spacing and diacritics.
A section's `ignore` list names columns that are no field: never read, never reported as unknown.

Checked before any data file is read: one column named for two fields is an error (it would be read
twice, as two things), and a personal column (names, birth day and month, addresses, phones, ID numbers,
parents' names) may be named only for the private fields of the duplicate check and the persons list,
so that no personal value can reach a count, a report or a message. After reading, a name found in no
file is an error and one missing from some files a warning (check_found).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, create_model, field_validator

from ..messages import Log, Message, XhhtError
from ..io.textnorm import fold, key

from ..law.bundled import load_yaml_model
from ..messages import quote
from ..sources.kind import Aliases
from ..sources.registry import WITH_FIELDS

# A section's entry that names columns to ignore rather than a field: `ignore: ["Ghi chú 2", "Số CCCD"]`.
IGNORE = "ignore"
# Every kind with named columns, under its name: the sections a --columns file may have.
BUILT_IN: dict[str, Aliases] = {k.name: k.fields for k in WITH_FIELDS if k.fields is not None}


def _names(v: object) -> list[str]:
    return [v] if isinstance(v, str) else list(v)  # type: ignore[arg-type]


class _ColumnMap(BaseModel):
    """A --columns file: one section per kind in BUILT_IN (fields added by ColumnMap below), each mapping a
    field to the extra column names tried before the built-in ones."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _lists(cls, v: object) -> object:
        return {k: _names(x) for k, x in v.items()} if isinstance(v, dict) else v

    def model_post_init(self, _: object) -> None:
        for kind, base in BUILT_IN.items():
            unknown = set(getattr(self, kind)) - set(base) - {IGNORE}
            if unknown:
                raise ValueError(f"{kind}: unknown fields {sorted(unknown)}; known: {sorted(base)}")

    def given(self) -> list[tuple[str, str, str]]:
        """(kind, field, name) of every column name the file gives for a field, in its order (not the
        names it ignores)."""
        return [(kind, fld, name) for kind in BUILT_IN for fld, names in getattr(self, kind).items() for name in names
                if fld != IGNORE]

    def ignored(self, kind: str) -> tuple[str, ...]:
        """The column names the file declares ignored for this kind: never read, never reported."""
        return tuple(getattr(self, kind).get(IGNORE, ())) if kind in BUILT_IN else ()

    def aliases(self, kind: str) -> Aliases:
        base = BUILT_IN[kind]
        extra = getattr(self, kind)
        return {f: tuple(extra.get(f, ())) + names for f, names in base.items()}


# One section per kind of the registry, so that a new kind's fields need no change here.
if TYPE_CHECKING:
    ColumnMap = _ColumnMap
else:
    ColumnMap = create_model("ColumnMap", __base__=_ColumnMap, __module__=__name__,
                             **{kind: (dict[str, list[str]], {}) for kind in BUILT_IN})


DEFAULT = ColumnMap()


# The survey's private fields: read only for the duplicate-person check and the persons list, never counted
# or printed (spec.md, personal columns).
PRIVATE = {f for k in WITH_FIELDS for f in k.private}
_PRIVATE_OF = {k.name: k.private for k in WITH_FIELDS}
# Personal columns, by their folded header words. "Tên" alone is a given name; "Tên xã" is not personal.
_PERSONAL = re.compile(r"\b(ho va ten|ho ten|ho dem|ho lot|ngay sinh|ngay thang nam sinh|dia chi|noi o|cho o|"
                       r"dien thoai|so dt|sdt|dtdd|di dong|cmnd|cccd|can cuoc|chung minh|dinh danh|ho chieu|email|"
                       r"thu dien tu|que quan|noi sinh|chu ho|cha me|ten cha|ten me|nguoi giam ho)\b")
_PERSONAL_ALONE = {"ten", "ho", "cha", "me", "ngay", "thang", "dt"}


def is_personal(name: str) -> bool:
    """Whether a column header names personal data (names, birth day and month, address, phone, ID,
    parents): such a column is read only into the private fields."""
    folded = fold(name)
    return folded in _PERSONAL_ALONE or bool(_PERSONAL.search(folded.replace("/", " ")))


def check_map(columns: ColumnMap, path: Path) -> None:
    """Exit 3 (XhhtError naming the file and column) before any data is read: a column given for two
    fields, or a personal column given for a field that is counted."""
    errors: list[Message] = []
    for kind in BUILT_IN:
        claims: dict[str, set[str]] = {}
        for fld, names in columns.aliases(kind).items():
            for name in set(names):
                claims.setdefault(key(name), set()).add(fld)
        for k2, fld, name in columns.given():
            if k2 != kind:
                continue
            fields = sorted(claims.get(key(name), set()))
            if len(fields) > 1:
                errors.append(Message(severity="error", code="columns-conflict", file=str(path), column=f"{kind}.{fld}",
                                      message=f"cột {quote(name)} được gán cho nhiều trường ({', '.join(fields)}): mỗi "
                                      "cột chỉ đọc cho một trường; sửa tệp --columns"))
            if is_personal(name) and fld not in _PRIVATE_OF[kind]:
                errors.append(Message(severity="error", code="columns-personal", file=str(path),
                                      column=f"{kind}.{fld}",
                                      message=f"cột {quote(name)} chứa dữ liệu cá nhân (họ tên, ngày sinh, địa chỉ, "
                                      "điện thoại, số giấy tờ): chỉ được gán cho các trường riêng tư của kiểm tra trùng "
                                      f"người và danh sách người ({', '.join(sorted(PRIVATE))}), không cho {fld}"))
    if errors:
        raise XhhtError(errors)


def check_found(columns: ColumnMap, headers: list[tuple[str, Path, list[str]]], path: Path | None, log: Log) -> None:
    """After reading: a column the --columns file names that no file has is an error (a typo would
    otherwise make the field silently absent); one missing from some files of its kind a warning."""
    for kind, fld, name in columns.given():
        files = {f for k, f, _ in headers if k == kind}
        if not files:
            continue
        wanted = fold(name)
        having = {f for k, f, names in headers if k == kind and any(fold(n) == wanted for n in names)}
        # Another name given for the same field may be the one a file uses.
        others = {fold(n) for n in getattr(columns, kind)[fld] if fold(n) != wanted}
        covered = {f for k, f, names in headers if k == kind and any(fold(n) in others for n in names)}
        missing = sorted(files - having - covered, key=str)
        where = dict(file=str(path) if path else None, column=f"{kind}.{fld}")
        if not having and not covered:
            log.error("columns-not-found", f"không tệp nào có cột {quote(name)} (--columns gán cho {fld}): kiểm tra "
                      "chính tả tên cột", **where)
        elif missing and not having:
            continue  # another name given for the field covers every file
        elif missing:
            log.warning("columns-not-found", f"cột {quote(name)} (--columns gán cho {fld}) không có trong "
                        f"{', '.join(f.name for f in missing)}", **where)


def load_columns(path: Path | str | None) -> ColumnMap:
    """The --columns file, validated; exit 3 naming it for any problem, before any data is read."""
    if not path:
        return DEFAULT
    columns = load_yaml_model(Path(path), ColumnMap, "columns")
    check_map(columns, Path(path))
    return columns
