"""Progress across survey years: each target's value per year, its pace (least-squares slope), the value
projected for the plan years (2025, 2030), the year it would be reached at this pace, and a status; the
levels of every unit and standard over the years; and the 2025 commune reorganisation (old units
regrouped into today's units by summing their counts, never by averaging rates).

Library API: ``trend(paths, TrendOptions(...)) -> TrendReport`` (JSON ``schema_version`` 1, below).

Inputs, mixed freely: a data folder of one survey year (``samples/ben-cat/2024``), a folder holding
year folders and/or saved reports (``samples/ben-cat`` → ``2022/``, ``2023/``, ``2024/``, ``*.json``), or
a JSON report saved by ``xhht compute --format json``. A dataset's year comes from its data (or its folder
name; for a saved report, its ``year``); two datasets of one year are an error naming both.

Every year is re-judged by today's rules from its counts (a saved report's indicator rows are read back
into a counts table), so that levels and targets of all years are comparable.

Arithmetic is exact (fractions): values are numerator/denominator, thresholds decimals as written.

- slope: least squares over the years that have a value, per year (rates: a fraction, 0.05 = +5 points).
- projected(Y) = mean value + slope × (Y − mean year), clipped to 0..1 (rates, shares) or 0..top level.
- status of a target year (goal): ``met`` when the value of the latest year with data ≥ required;
  otherwise ``on_track`` when the goal year is still ahead, the pace is rising and projected(goal) ≥
  required; otherwise ``off_track``; ``no_data`` when no year has a value. One year only: no slope, the
  status comes from that value alone (``basis: "single_year"``).
- reached_in: when met, the first year of the latest unbroken run of years at or above the requirement;
  otherwise the first year after the latest survey at which the projection reaches it, or null ("not at
  this pace").

JSON (schema_version 1)::

    { "schema_version": 1, "kind": "trend", "tool": {...}, "plan": {"id", "title"},
      "years": [2022, 2023, 2024], "horizons": [2025, 2030],
      "datasets": [{"year", "source", "kind": "data|report", "regrouped": false,
                    "merged": [{"code", "from": ["…"]}]}],
      "mapping": null | {"file", "regrouped_years": [...], "units": [{"code", "name", "from": [...]}]},
      "units": [{"code", "name", "kind": "commune|area|total", "parent", "dbkk"}],
      "targets": [{"target", "unit", "kind", "indicator", "standard", "level", "same_as", "label",
                   "values": [{"year", "value", "numerator", "denominator", "provisional"}],  # one per year
                   "slope_per_year": 0.05 | null,
                   "basis": "trend|single_year|no_data|not_projectable",
                   "goals": [{"year": 2025, "clause", "label", "required", "maintain",
                              "projected": 0.95 | null, "reached_in": 2025 | null,
                              "status": "met|on_track|off_track|no_data", "years_below": [2022]}]}],
      "standards": [{"unit", "standard", "levels": [{"year", "level", "provisional"}],
                     "first_reached": [{"level": 1, "year": 2022 | null}]}],
      "messages": [{"severity", "code", "file", "sheet", "row", "column", "message", "year"}] }

Rates and shares are fractions 0..1, unrounded; levels are integers (projected levels may be fractional).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from math import ceil
from pathlib import Path
from typing import Literal

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import __version__
from .counts import PARTS, empty
from .indicators import BY_ID
from .io.excel import EXCEL_SUFFIXES, TEXT_SUFFIXES, clean_text, read_grid, sheet_names
from .io.headers import find_header, match_columns, scorer
from .messages import Log, Message, XhhtError, fail
from .pipeline import Gathered, Options, build_report, gather
from .plan import Plan, Target, load_plan
from .report import PlanRef, Report, TargetRow, ToolInfo, UnitRow
from .sources.units import STANDARD_IDS, Unit, bare
from .standards import Standards, exact, load_standards
from .textnorm import fold, key
from .values import parse_bool

Status = Literal["met", "on_track", "off_track", "no_data"]
Basis = Literal["trend", "single_year", "no_data", "not_projectable"]
Progress = Callable[[str], None]
_YEAR_DIR = re.compile(r"^(19|20)\d\d$")


# --- the report --------------------------------------------------------------------------------------

class TrendValue(BaseModel):
    year: int
    value: float | int | bool | None = Field(description="null: no data that year (or the unit did not exist)")
    numerator: int | None = None
    denominator: int | None = None
    provisional: bool = False


class TrendGoal(BaseModel):
    year: int = Field(description="the plan year of this requirement (2025, 2030)")
    clause: str
    label: str
    required: float | int | bool
    maintain: bool = False
    projected: float | None = Field(description="the fitted line at the goal year, clipped; null without a slope")
    reached_in: int | None = Field(description="met: first year of the latest run at or above the requirement; "
                                               "else the year the projection reaches it; null: not at this pace")
    status: Status
    years_below: list[int] = Field(default_factory=list, description="survey years with a value below required")


class TrendTarget(BaseModel):
    target: str
    unit: str
    kind: Literal["rate", "level", "share_at_level", "recognition"]
    indicator: str | None = None
    standard: str | None = None
    level: int | None = None
    same_as: str | None = None
    label: str = ""
    values: list[TrendValue]
    slope_per_year: float | None = Field(description="least-squares change per year (rates: 0.05 = +5 points)")
    basis: Basis
    goals: list[TrendGoal]


class LevelPoint(BaseModel):
    year: int
    level: int | None
    provisional: bool = False


class FirstReached(BaseModel):
    level: int
    year: int | None


class TrendStandard(BaseModel):
    unit: str
    standard: str
    levels: list[LevelPoint]
    first_reached: list[FirstReached]


class Merge(BaseModel):
    code: str
    from_: list[str] = Field(alias="from", serialization_alias="from")

    model_config = ConfigDict(populate_by_name=True)


class DatasetInfo(BaseModel):
    year: int
    source: str
    kind: Literal["data", "report"]
    regrouped: bool = False
    merged: list[Merge] = Field(default_factory=list, description="today's units made of other (or renamed) units")


class MappedUnit(BaseModel):
    code: str
    name: str | None = None
    from_: list[str] = Field(alias="from", serialization_alias="from")

    model_config = ConfigDict(populate_by_name=True)


class MappingInfo(BaseModel):
    file: str
    regrouped_years: list[int]
    units: list[MappedUnit]


class TrendMessage(Message):
    year: int | None = None


class TrendReport(BaseModel):
    schema_version: Literal[1] = 1
    kind: Literal["trend"] = "trend"
    tool: ToolInfo
    plan: PlanRef
    years: list[int]
    horizons: list[int]
    datasets: list[DatasetInfo]
    mapping: MappingInfo | None = None
    units: list[UnitRow]
    targets: list[TrendTarget]
    standards: list[TrendStandard]
    messages: list[TrendMessage]

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, by_alias=True) + "\n"


@dataclass
class TrendOptions:
    plan: Path | None = None
    standards: Path | None = None
    ppc: str | None = None
    strict: bool = False
    mapping: Path | None = None


# --- series arithmetic (exact) -----------------------------------------------------------------------

@dataclass(frozen=True)
class Fit:
    """The least-squares line through (year, value) points: value(x) = mean_y + slope × (x − mean_x)."""

    mean_x: Fraction
    mean_y: Fraction
    slope: Fraction

    def at(self, year: int) -> Fraction:
        return self.mean_y + self.slope * (year - self.mean_x)


def fit(points: list[tuple[int, Fraction]]) -> Fit | None:
    """None with fewer than two distinct years (no slope)."""
    if len({x for x, _ in points}) < 2:
        return None
    n = len(points)
    mx = Fraction(sum(x for x, _ in points), n)
    my = sum((y for _, y in points), Fraction(0)) / n
    sxx = sum(((x - mx) ** 2 for x, _ in points), Fraction(0))
    sxy = sum(((x - mx) * (y - my) for x, y in points), Fraction(0))
    return Fit(mx, my, sxy / sxx)


def clip(v: Fraction, lo: Fraction, hi: Fraction) -> Fraction:
    return max(lo, min(hi, v))


@dataclass(frozen=True)
class GoalResult:
    projected: Fraction | None
    reached_in: int | None
    status: Status
    years_below: list[int]


def judge(points: list[tuple[int, Fraction]], required: Fraction, goal_year: int, line: Fit | None,
          hi: Fraction = Fraction(1)) -> GoalResult:
    """One goal of one series; points are (year, exact value), in year order."""
    if not points:
        return GoalResult(None, None, "no_data", [])
    below = [y for y, v in points if v < required]
    projected = clip(line.at(goal_year), Fraction(0), hi) if line is not None else None
    latest_year, latest = points[-1]
    if latest >= required:
        run = latest_year
        for y, v in reversed(points):
            if v < required:
                break
            run = y
        return GoalResult(projected, run, "met", below)
    reached = None
    if line is not None and line.slope > 0:
        crossing = line.mean_x + (required - line.mean_y) / line.slope
        reached = max(latest_year + 1, ceil(crossing))
    on_track = (line is not None and line.slope > 0 and goal_year > latest_year and projected is not None
                and projected >= required)
    return GoalResult(projected, reached, "on_track" if on_track else "off_track", below)


# --- the 2025 reorganisation: old units → today's units ----------------------------------------------

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
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise fail("mapping-unreadable", f"không đọc được tệp: {exc.__class__.__name__}", file=str(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise fail("mapping-yaml", f"YAML không hợp lệ: {getattr(exc, 'problem', exc)}", file=str(path),
                   row=mark.line + 1 if mark is not None else None)
    try:
        model = _MappingFile.model_validate(raw)
    except ValidationError as exc:
        raise XhhtError([Message(severity="error", code="mapping-invalid", file=str(path),
                                 column=".".join(str(p) for p in err["loc"]) or None,
                                 message=f"{err['msg']} (giá trị: {str(err.get('input'))[:80]})")
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
                log.error("mapping-duplicate", f"đơn vị cũ {old!r} được ánh xạ hai lần", row=row,
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
                        log.error("mapping-bad-dbkk", f"giá trị {v!r} không đọc được (cần có hoặc không)", row=row,
                                  column=header.names[found["dbkk"]], **where)
                        continue
                    v = b
                if attrs.get(fld) is not None and attrs[fld] != v:
                    log.error("mapping-conflict", f"đơn vị mới {new}: {fld} ghi khác nhau ({attrs[fld]!r} và {v!r})",
                              row=row, column=header.names[found[fld]], **where)
                attrs[fld] = v
        log.raise_if_errors()
        if not entries:
            raise fail("mapping-empty", "bảng ánh xạ không có dòng nào", **where)
        return Mapping(str(path), entries, {c: _NewUnit(**a) for c, a in units.items()})
    raise fail("mapping-no-table", "không tìm thấy bảng ánh xạ (cần cột 'Mã cũ' hoặc 'Tên cũ' và cột 'Mã mới')",
               file=str(path))


@dataclass
class Regrouped:
    gathered: Gathered
    changed: bool
    merged: list[Merge]


def regroup(g: Gathered, mapping: Mapping, plan: Plan) -> Regrouped | list[tuple[Unit, list[str]]]:
    """Sum a year's counts into today's units. Returns the unmapped (or ambiguous) units instead when
    there are any, so that every year's can be reported together."""
    new_of: dict[str, str] = {}
    unmapped: list[tuple[Unit, list[str]]] = []
    for u in g.units:
        code, candidates = mapping.resolve(u)
        if code is None:
            unmapped.append((u, candidates))
        else:
            new_of[u.code] = code
    if unmapped:
        return unmapped
    log = Log()
    log.extend(g.log.messages)
    sources: dict[str, list[Unit]] = {}
    for u in g.units:
        sources.setdefault(new_of[u.code], []).append(u)
    order = [c for c in mapping.order if c in sources]
    keys = [new_of[u.code] for u in g.units]
    table = g.table.loc[[u.code for u in g.units]].groupby(keys, sort=False).sum().reindex(order)
    table.index.name = g.table.index.name
    units: list[Unit] = []
    for code in order:
        units.append(_new_unit(code, sources[code], mapping, plan, log))
        _partial_sources(code, sources[code], g.table, log)
    log.raise_if_errors()
    institutions = g.institutions
    if institutions is not None and len(institutions):
        institutions = institutions.assign(unit=institutions["unit"].map(new_of)) \
            .groupby(["unit", "type"], sort=False)[["total", "digital"]].sum().reset_index()
    merged = [Merge(code=c, from_=[u.code for u in sources[c]]) for c in order
              if len(sources[c]) > 1 or sources[c][0].code != c]
    out = Gathered(g.year, units, table.astype("int64"), log, dict(g.recognitions), institutions)
    return Regrouped(out, bool(merged), merged)


def _new_unit(code: str, olds: list[Unit], mapping: Mapping, plan: Plan, log: Log) -> Unit:
    spec = mapping.new_units.get(code, _NewUnit())
    same_code = next((u for u in olds if u.code == code), None)
    name = spec.name or (same_code.name if same_code else olds[0].name if len(olds) == 1 else code)
    areas = list(dict.fromkeys(u.area or plan.plan.area for u in olds))
    if spec.area:
        area = spec.area
    elif len(areas) == 1:
        area = areas[0]
    else:
        log.error("mapping-area", f"đơn vị mới {code} gộp các đơn vị thuộc nhiều khu vực ({', '.join(areas)}): ghi "
                  "khu vực của đơn vị mới trong tệp ánh xạ (new_units → area)", file=mapping.file)
        area = areas[0]
    flags = {u.dbkk for u in olds}
    if spec.dbkk is not None:
        dbkk = spec.dbkk
    elif len(flags) == 1:
        dbkk = flags.pop()
    else:
        dbkk = False
        log.warning("mapping-dbkk", f"đơn vị mới {code} gộp đơn vị ĐBKK và không ĐBKK: coi là không ĐBKK (ngưỡng "
                    "cao hơn); ghi dbkk trong tệp ánh xạ nếu khác", file=mapping.file)
    conditions = {}
    for sid in STANDARD_IDS:
        states = {u.conditions.get(sid, "unknown") for u in olds}
        if len(states) == 1 and (s := states.pop()) != "unknown":
            conditions[sid] = s
    kind = spec.kind or (same_code.kind if same_code else olds[0].kind if len(olds) == 1 else "")
    return Unit(code=code, name=name, kind=kind, area=area, dbkk=dbkk, conditions=conditions)


def _partial_sources(code: str, olds: list[Unit], table: pd.DataFrame, log: Log) -> None:
    """A new unit whose old units hold an indicator only in part: its value covers part of the unit."""
    if len(olds) < 2:
        return
    src = table.loc[[u.code for u in olds], [c for c in table.columns if c.endswith(".src")]] > 0
    partial = src.columns[src.any() & ~src.all()]
    if len(partial):
        inds = ", ".join(c[:-4] for c in partial)
        log.warning("regroup-partial", f"đơn vị mới {code}: {inds} chỉ có số liệu của một phần các đơn vị cũ "
                    f"({', '.join(u.code for u in olds)}): giá trị chỉ phản ánh phần có số liệu")


# --- reading a saved JSON report back into counts ----------------------------------------------------

def read_report(path: Path) -> Report:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail("report-unreadable", f"không đọc được tệp: {exc.__class__.__name__}", file=str(path))
    try:
        return Report.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise fail("report-invalid", "không phải báo cáo JSON của xhht compute (schema_version 1): "
                   f"{where}: {first['msg']}", file=str(path))


def gathered_from_report(report: Report, plan: Plan, source: Path) -> Gathered:
    """The counts table a saved report was built from, as far as the report shows it: numerators,
    denominators, persons left out and unrecorded per unit and indicator (null = no data)."""
    conditions: dict[str, dict[str, str]] = {}
    for s in report.standards:
        if s.conditions != "unknown":
            conditions.setdefault(s.unit, {})[s.standard] = s.conditions
    communes = [u for u in report.units if u.kind == "commune"]
    units = [Unit(code=u.code, name=u.name, area=u.parent or plan.plan.area, dbkk=u.dbkk,
                  conditions=conditions.get(u.code, {})) for u in communes]
    codes = [u.code for u in units]
    table = empty(codes)
    known = set(codes)
    cells: list[tuple[str, str, int]] = []
    for r in report.indicators:
        if r.unit not in known or r.indicator not in BY_ID or r.numerator is None or r.denominator is None:
            continue  # null numerator: no source held the indicator ("no data"), src stays 0
        e = r.excluded
        vals = (r.numerator, r.denominator, e.disabled or 0, e.moved_away or 0, e.deceased or 0, r.unrecorded or 0, 1)
        cells.extend((r.unit, f"{r.indicator}.{p}", int(v)) for p, v in zip(PARTS, vals))
    if cells:  # placed by position: a pandas pivot per report made summing 3,300 reports slow
        at_row = {c: i for i, c in enumerate(table.index)}
        at_col = {c: j for j, c in enumerate(table.columns)}
        values = table.to_numpy(copy=True)
        for unit, col, v in cells:
            values[at_row[unit], at_col[col]] = v
        table = pd.DataFrame(values, index=table.index, columns=table.columns)
    src = [c for c in table.columns if c.endswith(".src")]
    table["rows"] = (table[src] > 0).any(axis=1).astype("int64")  # not in a report: "some data" stands for it
    targets = {t.id: t for t in plan.targets}
    recognitions: dict[tuple[str, str], bool | None] = {}
    for t in report.targets:
        plan_target = targets.get(t.target)
        if t.kind == "recognition" and plan_target is not None and plan_target.recognition:
            recognitions.setdefault((t.unit, plan_target.recognition),
                                    t.value if isinstance(t.value, bool) else None)
    institutions = None
    if report.institutions:
        institutions = pd.DataFrame([(i.unit, i.type, i.total, i.digital) for i in report.institutions
                                     if i.unit in known], columns=["unit", "type", "total", "digital"])
    log = Log()
    log.extend(report.messages)
    if report.plan.id != plan.plan.id:
        log.warning("trend-plan-differs", f"báo cáo lập theo kế hoạch {report.plan.id}; mục tiêu được tính lại theo "
                    f"kế hoạch {plan.plan.id}", file=str(source))
    return Gathered(report.year, units, table.astype("int64"), log, recognitions, institutions)


# --- finding the datasets ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    path: Path
    kind: Literal["data", "report"]


def discover(paths: list[Path]) -> list[Source]:
    """Each argument is a dataset (a data folder or file, or a .json report) or a folder of them (year
    folders and .json reports inside)."""
    found: list[Source] = []
    for p in paths:
        if p.is_file():
            found.append(Source(p, "report" if p.suffix.lower() == ".json" else "data"))
        elif p.is_dir():
            entries = sorted(p.iterdir(), key=lambda e: e.name)
            years = [Source(d, "data") for d in entries if d.is_dir() and _YEAR_DIR.match(d.name)]
            reports = [Source(f, "report") for f in entries if f.is_file() and f.suffix.lower() == ".json"
                       and not f.name.startswith(".")]
            found.extend(years + reports if years or reports else [Source(p, "data")])
        else:
            raise fail("file-not-found", "không tìm thấy tệp hoặc thư mục", file=str(p))
    unique: dict[Path, Source] = {}
    for s in found:
        unique.setdefault(s.path.resolve(), s)
    return list(unique.values())


# --- the trend ---------------------------------------------------------------------------------------

@dataclass
class Year:
    source: Source
    gathered: Gathered
    report: Report | None = None
    regrouped: bool = False
    merged: list[Merge] = field(default_factory=list)


def trend(paths: list[Path | str], options: TrendOptions | None = None,
          progress: Progress | None = None) -> TrendReport:
    opts = options or TrendOptions()
    plan = load_plan(opts.plan)
    rules = load_standards(opts.standards)
    mapping = load_mapping(opts.mapping) if opts.mapping else None
    sources = discover([Path(p) for p in paths])
    years: list[Year] = []
    errors: list[Message] = []
    for s in sources:
        if progress:
            progress(str(s.path))
        try:
            if s.kind == "report":
                g = gathered_from_report(read_report(s.path), plan, s.path)
            else:
                g = gather([s.path], plan, rules, Options(ppc=opts.ppc, strict=opts.strict))
        except XhhtError as exc:
            errors.extend(exc.messages)
            continue
        years.append(Year(s, g))
    if errors:
        raise XhhtError(errors)
    _check_years(years)
    years.sort(key=lambda y: y.gathered.year)

    if mapping is not None:
        unmapped: dict[str, tuple[Unit, list[str], list[int]]] = {}
        for y in years:
            out = regroup(y.gathered, mapping, plan)
            if isinstance(out, Regrouped):
                y.gathered, y.regrouped, y.merged = out.gathered, out.changed, out.merged
            else:
                for u, candidates in out:
                    unmapped.setdefault(u.code, (u, candidates, []))[2].append(y.gathered.year)
        if unmapped:
            parts = [f"{u.code} ({u.name}; {', '.join(map(str, ys))})" + (f" khớp nhiều dòng: {', '.join(c)}" if c
                                                                             else "")
                     for u, c, ys in unmapped.values()]
            raise fail("mapping-unmapped", f"{len(unmapped)} đơn vị không có trong tệp ánh xạ: " + "; ".join(parts)
                       + ". Thêm mỗi đơn vị cũ (mã hoặc tên) với mã đơn vị mới; đơn vị không đổi ghi mã của chính nó",
                       file=mapping.file)
    for y in years:
        y.report = build_report(plan, rules, y.gathered)
    return assemble(plan, rules, years, mapping)


def _check_years(years: list[Year]) -> None:
    by_year: dict[int, list[Year]] = {}
    for y in years:
        by_year.setdefault(y.gathered.year, []).append(y)
    clashes = {yr: ys for yr, ys in by_year.items() if len(ys) > 1}
    if clashes:
        raise XhhtError([Message(severity="error", code="trend-year-conflict",
                                 message=f"nhiều bộ dữ liệu cùng năm {yr}: "
                                 + " và ".join(str(y.source.path) for y in ys)
                                 + "; mỗi năm chỉ dùng một bộ (thư mục dữ liệu hoặc báo cáo JSON)")
                         for yr, ys in sorted(clashes.items())])


def _units(reports: list[Report]) -> list[UnitRow]:
    """Every unit of any year: the latest year's order first, then units found only in earlier years."""
    seen: dict[str, UnitRow] = {}
    for r in reversed(reports):
        for u in r.units:
            seen.setdefault(u.code, u)
    rows = list(seen.values())
    rank = {"commune": 0, "area": 1, "total": 2}
    return sorted(rows, key=lambda u: rank[u.kind])  # stable: keeps the order within each kind


def _exact_value(row: TargetRow) -> Fraction | bool | None:
    if row.value is None:
        return None
    if row.kind == "recognition":
        return bool(row.value)
    if row.kind in ("rate", "share_at_level"):
        if row.numerator is None or not row.denominator:
            return None
        return Fraction(row.numerator, row.denominator)
    return Fraction(int(row.value))


def _upper(target: Target, rules: Standards) -> Fraction:
    if target.kind == "level" and target.standard:
        return Fraction(len(rules.by_id(target.standard).levels))
    return Fraction(1)


def _target_trend(target: Target, unit: str, yrs: list[int], rows: list[TargetRow | None],
                  rules: Standards) -> TrendTarget:
    values: list[TrendValue] = []
    points: list[tuple[int, Fraction]] = []
    flags: list[tuple[int, bool]] = []
    for yr, row in zip(yrs, rows):
        if row is None:
            values.append(TrendValue(year=yr, value=None))
            continue
        v = _exact_value(row)
        values.append(TrendValue(year=yr, value=row.value if v is not None else None,
                                 numerator=row.numerator, denominator=row.denominator, provisional=row.provisional))
        if isinstance(v, bool):
            flags.append((yr, v))
        elif v is not None:
            points.append((yr, v))
    goals: list[TrendGoal] = []
    if target.kind == "recognition":
        basis: Basis = "not_projectable" if flags else "no_data"
        for ty in target.years:
            status: Status = "no_data" if not flags else ("met" if flags[-1][1] else "off_track")
            run = None
            for y, f in reversed(flags):  # the latest unbroken run of "recognised"
                if not f:
                    break
                run = y
            goals.append(TrendGoal(year=ty.year, clause=ty.clause, label=ty.label, required=ty.required,
                                   maintain=ty.maintain, projected=None, reached_in=run, status=status,
                                   years_below=[y for y, f in flags if not f]))
        return TrendTarget(target=target.id, unit=unit, kind=target.kind, same_as=target.same_as,
                           label=target.years[0].label, values=values, slope_per_year=None, basis=basis, goals=goals)
    line = fit(points)
    basis = "no_data" if not points else ("single_year" if line is None else "trend")
    hi = _upper(target, rules)
    for ty in target.years:
        req = exact(ty.required)
        res = judge(points, req, ty.year, line, hi)
        goals.append(TrendGoal(year=ty.year, clause=ty.clause, label=ty.label, required=ty.required,
                               maintain=ty.maintain, projected=None if res.projected is None else float(res.projected),
                               reached_in=res.reached_in, status=res.status, years_below=res.years_below))
    return TrendTarget(target=target.id, unit=unit, kind=target.kind, indicator=target.indicator,
                       standard=target.standard, level=target.level, same_as=target.same_as,
                       label=target.years[0].label, values=values,
                       slope_per_year=None if line is None else float(line.slope), basis=basis, goals=goals)


def assemble(plan: Plan, rules: Standards, years: list[Year], mapping: Mapping | None) -> TrendReport:
    reports = [y.report for y in years]
    assert all(r is not None for r in reports)
    reps: list[Report] = [r for r in reports if r is not None]
    yrs = [r.year for r in reps]
    units = _units(reps)
    index = [{(t.target, t.year, t.unit): t for t in r.targets} for r in reps]

    targets: list[TrendTarget] = []
    for target in plan.targets:
        first_year = target.years[0].year
        for u in units:
            rows = [ix.get((target.id, first_year, u.code)) for ix in index]
            if all(r is None for r in rows):
                continue
            targets.append(_target_trend(target, u.code, yrs, rows, rules))

    std_index = [{(s.unit, s.standard): s for s in r.standards} for r in reps]
    standards: list[TrendStandard] = []
    for u in units:
        for std in rules.standards:
            got = [ix.get((u.code, std.id)) for ix in std_index]
            if all(s is None for s in got):
                continue
            levels = [LevelPoint(year=yr, level=s.level if s else None, provisional=s.provisional if s else False)
                      for yr, s in zip(yrs, got)]
            first = [FirstReached(level=lv.level,
                                  year=next((p.year for p in levels if p.level is not None and p.level >= lv.level),
                                            None))
                     for lv in std.levels]
            standards.append(TrendStandard(unit=u.code, standard=std.id, levels=levels, first_reached=first))

    messages: list[TrendMessage] = []
    for r in reps:
        seen: set[str] = set()
        for m in r.messages:
            k = m.model_dump_json()
            if k in seen:
                continue
            seen.add(k)
            messages.append(TrendMessage(**m.model_dump(), year=r.year))
    present = [{u.code for u in r.units if u.kind == "commune"} for r in reps]
    if len(reps) > 1:
        everywhere = set.intersection(*present)
        partial = [u.code for u in units if u.kind == "commune" and u.code not in everywhere]
        if partial:
            hint = "" if mapping else " (nếu đơn vị đã sáp nhập hoặc đổi tên, dùng --mapping để gộp về đơn vị mới)"
            messages.append(TrendMessage(
                severity="warning", code="trend-units-differ",
                message=f"đơn vị không có mặt ở mọi năm: {', '.join(partial)}; chuỗi của chúng ngắn hơn{hint}"))
    if len(reps) == 1:
        messages.append(TrendMessage(severity="warning", code="trend-single-year", year=yrs[0],
                                     message=f"chỉ có một năm ({yrs[0]}): chưa tính được tốc độ thay đổi; đánh giá "
                                     "chỉ dựa trên giá trị của năm đó"))

    info = None
    if mapping is not None:
        info = MappingInfo(file=mapping.file, regrouped_years=[y.gathered.year for y in years if y.regrouped],
                           units=[MappedUnit(code=c, name=mapping.new_units.get(c, _NewUnit()).name,
                                             from_=mapping.sources_of(c)) for c in mapping.order])
    datasets = [DatasetInfo(year=y.gathered.year, source=str(y.source.path), kind=y.source.kind,
                            regrouped=y.regrouped, merged=y.merged) for y in years]
    return TrendReport(tool=ToolInfo(version=__version__), plan=PlanRef(id=plan.plan.id, title=plan.plan.title),
                       years=yrs, horizons=list(plan.plan.years), datasets=datasets, mapping=info, units=units,
                       targets=targets, standards=standards, messages=messages)
