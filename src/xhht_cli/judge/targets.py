"""Plan targets against indicators and levels: required, value, gap, met and persons (or units) needed."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from ..law.plan import Plan
from ..report import TargetRow
from ..law.rollup import Member, units_to_rise
from ..law.standards import Count, Standards, at_least, exact, persons_needed
from .settle import Levels


@dataclass
class Scope:
    """A row of the report that targets are read for: a commune, an area, or the total over areas."""

    code: str
    kind: Literal["commune", "area", "total"]
    counts: dict[str, Count]
    members: list[str]  # units (for an area) or areas (for the total) whose levels roll up
    communes: list[str] = field(default_factory=list)  # the total's communes, for rollups over communes

    def rollup_members(self, over: str) -> list[str]:
        return self.communes if over == "communes" and self.communes else self.members


def evaluate_targets(plan: Plan, rules: Standards, scopes: list[Scope],
                     levels: Levels,
                     recognitions: dict[tuple[str, str], bool | None],
                     dbkk: dict[str, bool] | None = None, kinds: Collection[str] | None = None,
                     only: Collection[tuple[str, str | None]] | None = None) -> list[TargetRow]:
    """Every target (of `kinds`, else of any kind) for every scope and plan year (with `only`, the rows whose
    (unit, standard) it holds). A `level` or `share_at_level` target whose result the missing data of a
    provisional level could change has met null and provisional true (spec.md)."""
    flags = dbkk or {}
    rows: list[TargetRow] = []
    # each unit's Member once per standard, not once per target, year and scope (122,000 made for 3,300
    # communes, the total's scope holding all of them)
    members: dict[tuple[str, str], Member] = {}
    for target in plan.targets:
        if kinds is not None and target.kind not in kinds:
            continue
        for ty in target.years:
            base = dict(target=target.id, clause=ty.clause, year=ty.year, kind=target.kind,
                        indicator=target.indicator, standard=target.standard, level=target.level,
                        maintain=ty.maintain, same_as=target.same_as, label=ty.label)
            if target.kind == "rate":  # exact and as a float once, not per scope (Fraction.__float__ is Python)
                required = exact(ty.required)
                required_float = float(required)
            for scope in scopes:
                if only is not None and (scope.code, target.standard) not in only:
                    continue
                if target.kind == "rate":
                    assert target.indicator is not None
                    got = _rate(required, required_float, scope.counts[target.indicator])
                elif scope.kind == "commune":
                    continue
                elif target.kind == "level":
                    assert target.standard is not None
                    got = _level(rules, target.standard, int(ty.required), scope, levels, flags, members)
                elif target.kind == "share_at_level":
                    assert target.standard is not None and target.level is not None
                    got = _share(rules, target.standard, target.level, exact(ty.required), scope, levels)
                else:  # recognition: a yes/no status supplied by the user
                    value = recognitions.get((scope.code, target.recognition or ""))
                    got = dict(required=True, value=value, gap=None, met=None if value is None else bool(value),
                               needed=None)
                rows.append(TargetRow.make(unit=scope.code, **base, **got))
    return rows


def _level(rules: Standards, sid: str, required: int, scope: Scope, levels: Levels,
           dbkk: dict[str, bool], made: dict[tuple[str, str], Member]) -> dict:
    std = rules.by_id(sid)
    top = len(std.levels)
    own = levels[(scope.code, sid)]
    over = scope.rollup_members(std.levels[0].rollup.over)
    members = []
    for m in over:
        member = made.get((m, sid))
        if member is None:
            member = made[(m, sid)] = Member.of(levels[(m, sid)], top, dbkk.get(m, False))
        members.append(member)
    need = units_to_rise(std, required, members, "area" if scope.kind == "area" else "province")
    value = own.level
    if value is None:
        return dict(required=required, value=None, gap=None, met=None, needed=need)
    low, high = own.level_range(top)
    if low < required <= high:  # the missing data decide it: never reported as achieved (nor as failed)
        return dict(required=required, value=value, gap=float(value - required), met=None, needed=need,
                    provisional=True, missing=list(own.missing))
    return dict(required=required, value=value, gap=float(value - required), met=value >= required, needed=need)


def _share(rules: Standards, sid: str, level: int, req: Fraction, scope: Scope,
           levels: Levels) -> dict:
    top = len(rules.by_id(sid).levels)
    rows = [levels[(m, sid)] for m in scope.members]
    n = len(rows)
    k = sum(1 for r in rows if r.level is not None and r.level >= level)
    out = dict(required=float(req), value=k / n if n else None, gap=(k / n - float(req)) if n else None,
               met=None, needed=persons_needed(req, k, n), numerator=k, denominator=n)
    if not n:
        return out
    ranges = [r.level_range(top) for r in rows]
    k_low = sum(1 for lo, _ in ranges if lo >= level)
    k_high = sum(1 for _, hi in ranges if hi >= level)
    met_low, met_high = at_least(k_low, n, req), at_least(k_high, n, req)
    if met_low != met_high:
        missing = [i for r, (lo, hi) in zip(rows, ranges) if lo < level <= hi for i in r.missing]
        return {**out, "provisional": True, "missing": list(dict.fromkeys(missing))}
    return {**out, "met": met_low}


def _rate(required: Fraction, required_float: float, c: Count) -> dict:
    """A rate target's row; `required_float` is float(required)."""
    if not c.available:
        return dict(required=required_float, value=None, gap=None, met=None, needed=None)
    if c.den == 0:
        return dict(required=required_float, value=None, gap=None, met=None, needed=0, numerator=0, denominator=0)
    value = c.num / c.den
    return dict(required=required_float, value=value, gap=value - required_float,
                met=at_least(c.num, c.den, required), needed=persons_needed(required, c.num, c.den),
                numerator=c.num, denominator=c.den)


def checked_year(plan: Plan, survey_year: int, target_year: int | None) -> int:
    """--target-year, else the earliest plan year not before the survey year (else the last)."""
    if target_year is not None:
        return target_year
    later = [y for y in sorted(plan.plan.years) if y >= survey_year]
    return later[0] if later else max(plan.plan.years)


def failing(rows: list[TargetRow], year: int, groups: set[str]) -> tuple[list[TargetRow], list[TargetRow]]:
    """Targets of the checked year not met on area or total rows, and those without data, provisional rows
    among them (listed, never failed, never met)."""
    scope = [r for r in rows if r.year == year and r.unit in groups]
    return [r for r in scope if r.met is False], [r for r in scope if r.met is None]
