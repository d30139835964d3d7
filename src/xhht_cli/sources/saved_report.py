"""Input kind: a JSON report saved by `xhht compute --format json`, read back into the counts it was built
from (numerators, denominators, persons left out and unrecorded per unit and indicator).

`read_report` is the one function every path reading a saved report uses (summing reports, trend). It
checks a report as any input (spec.md, "Saved reports as inputs"): the schema's shape, counts that are
integers ≥ 0 and ≤ `MAX_COUNT`, every numerator ≤ its denominator, commune codes distinct from each other
and from area names; otherwise exit 3 naming the report and the row. It is built for 3,300 reports in one
run: parsed with orjson, checked on the parsed lists without a validated object per row, and kept as the
few fields the counts need (a report held as a model took 0.5 MB).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

from ..counts.pairs import PARTS, empty
from ..counts.gathered import Gathered
from ..counts.unit_index import Unit
from ..law.indicators import BY_ID
from ..law.plan import Plan
from ..messages import Log, Message, XhhtError, fail
from ..report import RunOptions

MAX_COUNT = 10**9  # a country has about 10^8 persons: a larger count is an edited or damaged report
_KINDS = {"commune", "area", "total"}
_CONDITIONS = {"met", "not_met", "unknown"}
_SEVERITIES = {"error", "warning"}
_MESSAGE_TEXT = ("file", "sheet", "column")
# Every field is given: one set says so for all of them (a set each took 14 MiB over 3,300 reports' messages)
_MESSAGE_FIELDS = set(Message.model_fields)
_new, _set = object.__new__, object.__setattr__


@dataclass
class SavedReport:
    """What the counts need of one saved report, checked."""

    path: Path
    year: int
    plan_id: str
    options: RunOptions | None
    units: list[dict[str, Any]]  # the communes' rows: code, name, parent, dbkk
    indicators: list[tuple[str, str, int | None, int | None, int | None, int | None, int | None, int | None]]
    # (unit, indicator, numerator, denominator, disabled, moved away, deceased, unrecorded)
    conditions: dict[str, dict[str, str]]  # unit → standard → met | not_met
    recognitions: list[tuple[str, str, Any]]  # (target id, unit, value) of the recognition rows
    institutions: list[tuple[str, str, int, int]]
    messages: list[Message] = field(default_factory=list)


class _Invalid(Exception):
    def __init__(self, code: str, where: str, what: str):
        super().__init__(what)
        self.code, self.where, self.what = code, where, what


def decode(data: bytes) -> str | bytes:
    """A report's text: UTF-8 with or without its BOM, or UTF-16 LE/BE (PowerShell 5.1's `>` writes UTF-16
    with a BOM; without one, a JSON text's first character, ASCII, tells the byte order). UTF-8 is handed
    to orjson as bytes, undecoded."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")  # the BOM names the order and is dropped
    if len(data) >= 2 and data[0] == 0 and data[1] != 0:
        return data.decode("utf-16-be")
    if len(data) >= 2 and data[1] == 0 and data[0] != 0:
        return data.decode("utf-16-le")
    return data


def read_report(path: Path) -> SavedReport:
    """Read and check one saved report; an XhhtError (exit 3) names the report and the row at fault."""
    try:
        text = decode(path.read_bytes())
    except OSError as exc:
        raise fail("report-unreadable", f"không đọc được tệp ({exc.strerror or exc.__class__.__name__})",
                   file=str(path))
    except UnicodeDecodeError:
        raise fail("report-unreadable", "tệp không phải văn bản UTF-8 hay UTF-16: lưu lại báo cáo bằng "
                   "xhht compute --format json --output TỆP", file=str(path))
    try:
        doc = orjson.loads(text)
    except orjson.JSONDecodeError:
        try:
            text = text.decode("utf-8") if isinstance(text, bytes) else text
        except UnicodeDecodeError:
            raise fail("report-unreadable", "tệp không phải văn bản UTF-8 hay UTF-16: lưu lại báo cáo bằng "
                       "xhht compute --format json --output TỆP", file=str(path))
        try:  # orjson refuses integers past 64 bits: the standard parser reads them, and the check names the row
            doc = json.loads(text)
        except (ValueError, RecursionError) as exc:
            where = f" (dòng {exc.lineno}, cột {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
            raise fail("report-invalid", f"không phải tệp JSON hợp lệ{where}: không phải báo cáo của xhht compute",
                       file=str(path))
    try:
        return _check(path, doc)
    except _Invalid as bad:
        text_ = (f"không phải báo cáo JSON của xhht compute (schema_version 1): {bad.where}: {bad.what}"
                 if bad.code == "report-invalid" else f"{bad.where}: {bad.what}")
        raise XhhtError([Message(severity="error", code=bad.code, file=str(path), message=text_)])


def _obj(x: Any, where: str) -> dict[str, Any]:
    if not isinstance(x, dict):
        raise _Invalid("report-invalid", where, "phải là một đối tượng JSON")
    return x


def _list(doc: dict[str, Any], key: str, required: bool = True) -> list[Any]:
    x = doc.get(key, None if required else [])
    if not isinstance(x, list):
        raise _Invalid("report-invalid", key, "thiếu hoặc không phải danh sách")
    return x


def _str(row: dict[str, Any], key: str, where: str, optional: bool = False) -> Any:
    x = row.get(key)
    if isinstance(x, str) or (optional and x is None):
        return x
    raise _Invalid("report-invalid", f"{where}.{key}", "thiếu hoặc không phải chuỗi")


def _count(x: Any, where: str, nullable: bool = True) -> int | None:
    """A count: an integer 0..MAX_COUNT (null where the report says "no data")."""
    if x is None and nullable:
        return None
    number = isinstance(x, (int, float)) and not isinstance(x, bool)
    if number and x < 0:
        raise _Invalid("report-count-invalid", where, f"số liệu âm ({_show(x)})")
    if number and x > MAX_COUNT:  # orjson reads an integer past 64 bits as a float: it is too large all the same
        raise _Invalid("report-count-invalid", where, f"số liệu {_show(x)} lớn hơn giới hạn {MAX_COUNT:,}"
                       .replace(",", "."))
    if not number or isinstance(x, float):
        raise _Invalid("report-count-invalid", where, f"số liệu {_show(x)} không phải số nguyên")
    return x


def _show(x: Any) -> str:
    s = json.dumps(x, ensure_ascii=False)
    return s if len(s) <= 24 else f"{s[:12]}…({len(s)} ký tự)"


def _check(path: Path, doc: Any) -> SavedReport:
    doc = _obj(doc, "(gốc)")
    if doc.get("schema_version") != 1:
        raise _Invalid("report-invalid", "schema_version", "phải là 1")
    tool = _obj(doc.get("tool"), "tool")
    _str(tool, "version", "tool")
    year = doc.get("year")
    if isinstance(year, bool) or not isinstance(year, int):
        raise _Invalid("report-invalid", "year", "thiếu hoặc không phải số nguyên")
    plan = _obj(doc.get("plan"), "plan")
    plan_id = _str(plan, "id", "plan")
    options = None
    if doc.get("options") is not None:
        o = _obj(doc["options"], "options")
        if isinstance(o.get("year"), bool) or not isinstance(o.get("year"), int):
            raise _Invalid("report-invalid", "options.year", "thiếu hoặc không phải số nguyên")
        options = RunOptions(year=o["year"], ppc=_str(o, "ppc", "options"),
                             standards_sha256=_str(o, "standards_sha256", "options"), plan=_str(o, "plan", "options"))

    communes: list[dict[str, Any]] = []
    areas: set[str] = set()
    codes: dict[str, int] = {}
    for i, u in enumerate(_list(doc, "units")):
        where = f"units[{i}]"
        u = _obj(u, where)
        code, name = _str(u, "code", where), _str(u, "name", where)
        parent = _str(u, "parent", where, optional=True)
        kind = u.get("kind")
        if not _one_of(kind, _KINDS):
            raise _Invalid("report-invalid", f"{where}.kind", "phải là commune, area hoặc total")
        dbkk = u.get("dbkk", False)
        if not isinstance(dbkk, bool):
            raise _Invalid("report-invalid", f"{where}.dbkk", "phải là true hoặc false")
        if kind == "area":
            areas.update((code, name))
        elif kind == "commune":
            if code in codes:
                raise _Invalid("report-unit-invalid", f"{where} (đơn vị {code})",
                               f"mã đơn vị {code} có hai lần (units[{codes[code]}] và units[{i}]): mỗi xã/phường "
                               "phải có mã riêng")
            codes[code] = i
            if parent:
                areas.add(parent)
            communes.append({"code": code, "name": name, "parent": parent, "dbkk": dbkk})
    for code, i in codes.items():
        if code in areas:
            raise _Invalid("report-unit-invalid", f"units[{i}] (đơn vị {code})",
                           f"mã đơn vị {code} trùng tên một khu vực của báo cáo: dùng mã xã/phường chính thức")

    indicators = []
    for i, r in enumerate(_list(doc, "indicators")):
        if type(r) is dict:  # the common case checked inline, without a call per field (60,000 rows a run)
            unit, ind, num, den = r.get("unit"), r.get("indicator"), r.get("numerator"), r.get("denominator")
            e = r.get("excluded")
            if type(e) is dict:
                dis, mov, dec = e.get("disabled", 0), e.get("moved_away", 0), e.get("deceased", 0)
                unrec = r.get("unrecorded", 0)
                if (type(unit) is str and type(ind) is str and type(num) is int and type(den) is int
                        and 0 <= num <= den <= MAX_COUNT and type(dis) is int and type(mov) is int
                        and type(dec) is int and type(unrec) is int
                        and 0 <= dis <= MAX_COUNT and 0 <= mov <= MAX_COUNT and 0 <= dec <= MAX_COUNT
                        and 0 <= unrec <= MAX_COUNT):
                    indicators.append((unit, ind, num, den, dis, mov, dec, unrec))
                    continue
                if (num is None and den is None and dis is None and mov is None and dec is None and unrec is None
                        and type(unit) is str and type(ind) is str):  # no data: a quarter of the rows
                    indicators.append((unit, ind, None, None, None, None, None, None))
                    continue
        indicators.append(_indicator(r, f"indicators[{i}]"))

    conditions: dict[str, dict[str, str]] = {}
    for i, s in enumerate(_list(doc, "standards")):
        # the common case checked inline (40,000 rows a run); any doubt goes to the checks that name the fault
        if type(s) is dict and type(s.get("unit")) is str and type(s.get("standard")) is str \
                and s.get("conditions", "unknown") == "unknown":
            continue
        where = f"standards[{i}]"
        s = _obj(s, where)
        unit, sid = _str(s, "unit", where), _str(s, "standard", where)
        cond = s.get("conditions", "unknown")
        if not _one_of(cond, _CONDITIONS):
            raise _Invalid("report-invalid", f"{where}.conditions", "phải là met, not_met hoặc unknown")
        if cond != "unknown":
            conditions.setdefault(unit, {})[sid] = cond

    recognitions = []
    for i, t in enumerate(_list(doc, "targets")):
        if type(t) is dict and type(tid := t.get("target")) is str and type(unit := t.get("unit")) is str:
            if t.get("kind") == "recognition":  # the common case inline, as above (140,000 rows a run)
                recognitions.append((tid, unit, t.get("value")))
            continue
        where = f"targets[{i}]"
        t = _obj(t, where)
        tid, unit = _str(t, "target", where), _str(t, "unit", where)
        if t.get("kind") == "recognition":
            recognitions.append((tid, unit, t.get("value")))

    institutions = []
    for i, r in enumerate(_list(doc, "institutions", required=False)):
        where = f"institutions[{i}]"
        r = _obj(r, where)
        unit, kind = _str(r, "unit", where), _str(r, "type", where)
        here = f"{where} (đơn vị {unit}, loại {kind})"
        total, digital = _count(r.get("total"), f"{here}, total", False), _count(r.get("digital"), f"{here}, digital",
                                                                                   False)
        if digital > total:  # type: ignore[operator]
            raise _Invalid("report-count-invalid", here, f"số có chuyển đổi số {digital} lớn hơn tổng {total}")
        institutions.append((unit, kind, total, digital))

    messages = []
    for i, m in enumerate(_list(doc, "messages")):
        # the common case checked inline (20,000 messages a run), as above
        if type(m) is dict and _one_of(m.get("severity"), _SEVERITIES) and type(code := m.get("code")) is str \
                and type(text := m.get("message")) is str and ((row := m.get("row")) is None or type(row) is int) \
                and _text_or_none(file := m.get("file")) and _text_or_none(sheet := m.get("sheet")) \
                and _text_or_none(column := m.get("column")):
            messages.append(_message(m["severity"], code, file, sheet, row, column, text))
            continue
        where = f"messages[{i}]"
        m = _obj(m, where)
        if not _one_of(m.get("severity"), _SEVERITIES):
            raise _Invalid("report-invalid", f"{where}.severity", "phải là error hoặc warning")
        row = m.get("row")
        if row is not None and (isinstance(row, bool) or not isinstance(row, int)):
            raise _Invalid("report-invalid", f"{where}.row", "phải là số nguyên")
        code, text = _str(m, "code", where), _str(m, "message", where)
        file, sheet, column = (_str(m, k, where, optional=True) for k in _MESSAGE_TEXT)
        messages.append(_message(m["severity"], code, file, sheet, row, column, text))
    return SavedReport(path, year, plan_id, options, communes, indicators, conditions, recognitions, institutions,
                       messages)


def _one_of(x: Any, allowed: set[str]) -> bool:
    """One of the allowed words: text first (a list or an object cannot be looked up in a set; it raised
    TypeError instead of naming the field)."""
    return type(x) is str and x in allowed


def _text_or_none(x: Any) -> bool:
    return x is None or type(x) is str


def _message(severity: str, code: str, file: str | None, sheet: str | None, row: int | None, column: str | None,
             message: str) -> Message:
    """A message read back as data, not emitted: codes of another version are kept (Message checks only ours).
    What `Message.model_construct` makes of every field given, without its pass over the fields for aliases
    and defaults (Message has neither, nor a post-init; a test compares the two): 0.6 µs, not 2.7."""
    made = _new(Message)
    _set(made, "__dict__", {"severity": severity, "code": code, "file": file, "sheet": sheet, "row": row,
                            "column": column, "message": message, "sort_key": None})
    _set(made, "__pydantic_fields_set__", _MESSAGE_FIELDS)
    _set(made, "__pydantic_extra__", None)
    _set(made, "__pydantic_private__", None)
    return made


def _indicator(r: Any, where: str) -> tuple[str, str, int | None, int | None, int | None, int | None, int | None,
                                            int | None]:
    """One indicator row checked field by field: the slow path, which names what is wrong."""
    r = _obj(r, where)
    unit, ind = _str(r, "unit", where), _str(r, "indicator", where)
    here = f"{where} (đơn vị {unit}, chỉ số {ind})"
    num, den = _count(r.get("numerator"), f"{here}, numerator"), _count(r.get("denominator"), f"{here}, denominator")
    if num is not None and den is not None and num > den:
        raise _Invalid("report-count-invalid", here, f"tử số {num} lớn hơn mẫu số {den}")
    e = _obj(r.get("excluded") or {}, f"{where}.excluded")
    return (unit, ind, num, den, _count(e.get("disabled", 0), f"{here}, excluded.disabled"),
            _count(e.get("moved_away", 0), f"{here}, excluded.moved_away"),
            _count(e.get("deceased", 0), f"{here}, excluded.deceased"), _count(r.get("unrecorded", 0), f"{here}, unrecorded"))


@lru_cache(maxsize=4)
def _blocks(columns: tuple[str, ...]) -> tuple[dict[str, int], int]:
    """Indicator → the column of its first part, in a counts table with these columns, whose parts (PARTS'
    order, which must be _ORDER) follow side by side as counts.pairs lays them out; and the "rows" column."""
    at = {c: j for j, c in enumerate(columns)}
    first = {}
    for i in BY_ID:
        if all(f"{i}.{p}" in at for p in PARTS):
            start = at[f"{i}.{PARTS[0]}"]
            if [at[f"{i}.{p}"] for p in PARTS] != list(range(start, start + len(PARTS))):
                raise AssertionError(f"the counts of {i} are not side by side in the counts table")
            first[i] = start
    if PARTS != _ORDER:
        raise AssertionError(f"gathered_from_report places an indicator's counts in the order {_ORDER}")
    return first, at["rows"]


# the parts of an indicator's counts in the order gathered_from_report places them (counts.pairs.PARTS')
_ORDER = ("num", "den", "disabled", "moved", "deceased", "unrec", "src")


def gathered_from_report(report: SavedReport, plan: Plan, source: Path) -> Gathered:
    """The counts table a saved report was built from, as far as the report shows it: numerators,
    denominators, persons left out and unrecorded per unit and indicator (null = no data)."""
    units = [Unit(code=u["code"], name=u["name"], area=u["parent"] or plan.plan.area, dbkk=u["dbkk"],
                  conditions=report.conditions.get(u["code"], {})) for u in report.units]
    codes = [u.code for u in units]
    table = empty(codes)
    first, rows_at = _blocks(tuple(table.columns))
    width, n = len(table.columns), len(PARTS)
    # each unit's row as a Python list, an indicator's counts placed as one slice, then the table filled at once
    # (a pandas pivot per report made summing 3,300 reports slow; numpy's placement by position took 40 µs more)
    flat: dict[str, list[int]] = {}
    communes = set(codes)  # the other rows are the areas' and the total's, rebuilt by the sum
    for unit, ind, num, den, disabled, moved, deceased, unrecorded in report.indicators:
        start = first.get(ind)
        if start is None or num is None or den is None:
            continue  # null numerator: no source held the indicator ("no data"), src stays 0
        row = flat.get(unit)
        if row is None:
            if unit not in communes:
                continue
            row = flat[unit] = [0] * width
            row[rows_at] = 1  # not in a report: "some data" (a source held an indicator) stands for it
        row[start:start + n] = (num, den, disabled or 0, moved or 0, deceased or 0, unrecorded or 0, 1)  # _ORDER
    for unit, row in flat.items():
        table.values[table.position(unit)] = row
    targets = {t.id: t for t in plan.targets}
    recognitions: dict[tuple[str, str], bool | None] = {}
    for tid, unit, value in report.recognitions:
        plan_target = targets.get(tid)
        if plan_target is not None and plan_target.recognition:
            recognitions.setdefault((unit, plan_target.recognition), value if isinstance(value, bool) else None)
    institutions = None
    if report.institutions:
        import pandas as pd  # only reports that list institutions need the pandas table they are kept in

        institutions = pd.DataFrame([i for i in report.institutions if i[0] in table],
                                    columns=["unit", "type", "total", "digital"])
    log = Log()
    log.extend(report.messages)
    if report.plan_id != plan.plan.id:
        log.warning("trend-plan-differs", f"báo cáo lập theo kế hoạch {report.plan_id}; mục tiêu được tính lại theo "
                    f"kế hoạch {plan.plan.id}", file=str(source))
    return Gathered(report.year, units, table, log, recognitions, institutions)
