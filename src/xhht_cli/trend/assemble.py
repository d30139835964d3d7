"""The trend run: find the datasets (year folders, data folders, saved reports), gather each year with the
compute pipeline, regroup into today's units when a mapping is given, and assemble the series."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Literal

from .._version import __version__
from ..counts.gathered import Gathered
from ..judge.evaluate import build_report
from ..messages import Message, XhhtError, fail
from ..pipeline import Options, gather
from ..law.plan import Plan, Target, load_plan
from ..report import PlanRef, Report, TargetRow, ToolInfo, UnitRow
from ..sources.mapping import Mapping, _NewUnit, load_mapping
from ..sources.saved_report import gathered_from_report, read_report
from ..counts.unit_index import Unit
from ..law.standards import Standards, exact, load_standards
from ..io.years import folder_name_year
from .models import (Basis, DatasetInfo, FirstReached, LevelPoint, MappedUnit, MappingInfo, Merge, Status,
                     TrendGoal, TrendMessage, TrendOptions, TrendReport, TrendStandard, TrendTarget, TrendValue)
from .regroup import Regrouped, regroup
from .series import fit, judge

Progress = Callable[[str], None]

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
            years = [Source(d, "data") for d in entries if d.is_dir() and folder_name_year(d.name) is not None]
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
                g = gather([s.path], plan, rules, Options(ppc=opts.ppc, strict=opts.strict, columns=opts.columns))
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
                  rules: Standards, goal_rows: dict[int, list[TargetRow | None]] | None = None) -> TrendTarget:
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
        year_rows = (goal_rows or {}).get(ty.year, rows)
        latest = _latest_row(yrs, points, year_rows)
        provisional = res.status == "met" and latest is not None and latest.provisional and latest.met is None
        reached_in = res.reached_in
        status = res.status
        if res.status == "met":
            reached_in = _reached_on_complete_data(yrs, points, year_rows, req)
        if provisional:  # met only on a provisional level: the status is that of the years on complete data
            complete = _complete_points(yrs, points, year_rows)
            status = judge(complete, req, ty.year, fit(complete), hi).status
        goals.append(TrendGoal(year=ty.year, clause=ty.clause, label=ty.label, required=ty.required,
                               maintain=ty.maintain, projected=None if res.projected is None else float(res.projected),
                               reached_in=reached_in, status=status, years_below=res.years_below,
                               provisional=provisional, missing=list(latest.missing) if provisional and latest else []))
    return TrendTarget(target=target.id, unit=unit, kind=target.kind, indicator=target.indicator,
                       standard=target.standard, level=target.level, same_as=target.same_as,
                       label=target.years[0].label, values=values,
                       slope_per_year=None if line is None else float(line.slope), basis=basis, goals=goals)


def _complete_points(yrs: list[int], points: list[tuple[int, Fraction]],
                     rows: list[TargetRow | None]) -> list[tuple[int, Fraction]]:
    """The points of the years whose row was not provisional."""
    provisional = {yr for yr, row in zip(yrs, rows) if row is not None and row.provisional}
    return [(y, v) for y, v in points if y not in provisional]


def _reached_on_complete_data(yrs: list[int], points: list[tuple[int, Fraction]], rows: list[TargetRow | None],
                              required: Fraction) -> int | None:
    """The first year of the latest unbroken run of years at or above the requirement on complete data: a
    provisional year ends the run (it is never the year a target was reached); None when the latest is one."""
    run = None
    for y, v in reversed(points):
        row = rows[yrs.index(y)]
        if v < required or (row is not None and row.provisional):
            break
        run = y
    return run


def _latest_row(yrs: list[int], points: list[tuple[int, Fraction]],
                rows: list[TargetRow | None]) -> TargetRow | None:
    """The report row of the latest survey year with a value: its provisional mark decides whether a goal
    judged on it is only provisionally met."""
    if not points:
        return None
    return rows[yrs.index(points[-1][0])]


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
            goal_rows = {ty.year: [ix.get((target.id, ty.year, u.code)) for ix in index] for ty in target.years}
            targets.append(_target_trend(target, u.code, yrs, rows, rules, goal_rows))

    std_index = [{(s.unit, s.standard): s for s in r.standards} for r in reps]
    standards: list[TrendStandard] = []
    for u in units:
        for std in rules.standards:
            got = [ix.get((u.code, std.id)) for ix in std_index]
            if all(s is None for s in got):
                continue
            levels = [LevelPoint(year=yr, level=s.level if s else None, provisional=s.provisional if s else False)
                      for yr, s in zip(yrs, got)]
            # a provisional year never counts as the year a level was first reached (spec.md): only complete data
            first = [FirstReached(level=lv.level,
                                  year=next((p.year for p in levels if p.level is not None and not p.provisional
                                             and p.level >= lv.level), None))
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
            messages.append(TrendMessage.model_validate({**m.model_dump(), "year": r.year}, context={"saved": True}))
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

