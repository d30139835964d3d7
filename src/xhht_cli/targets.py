"""Plan targets against indicators and levels: required, value, gap, met and persons (or units) needed."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from .plan import Plan
from .report import StandardRow, TargetRow
from .standards import Count, Standards, exact, persons_needed, units_to_rise


@dataclass
class Scope:
    """A row of the report that targets are read for: a commune, an area, or the total over areas."""

    code: str
    kind: Literal["commune", "area", "total"]
    counts: dict[str, Count]
    members: list[str]  # units (for an area) or areas (for the total) whose levels roll up


def evaluate_targets(plan: Plan, rules: Standards, scopes: list[Scope],
                     levels: dict[tuple[str, str], StandardRow],
                     recognitions: dict[tuple[str, str], bool | None]) -> list[TargetRow]:
    rows: list[TargetRow] = []
    for target in plan.targets:
        for ty in target.years:
            base = dict(target=target.id, clause=ty.clause, year=ty.year, kind=target.kind,
                        indicator=target.indicator, standard=target.standard, level=target.level,
                        maintain=ty.maintain, same_as=target.same_as, label=ty.label)
            for scope in scopes:
                if target.kind == "rate":
                    assert target.indicator is not None
                    rows.append(TargetRow(unit=scope.code, **base,
                                          **_rate(exact(ty.required), scope.counts[target.indicator])))
                elif scope.kind == "commune":
                    continue
                elif target.kind == "level":
                    assert target.standard is not None
                    std = rules.by_id(target.standard)
                    own = levels[(scope.code, target.standard)]
                    member_levels = [levels[(m, target.standard)].level for m in scope.members]
                    need = units_to_rise(std, int(ty.required), member_levels,
                                         "area" if scope.kind == "area" else "province")
                    value = own.level
                    rows.append(TargetRow(unit=scope.code, **base, required=int(ty.required), value=value,
                                          gap=None if value is None else float(value - int(ty.required)),
                                          met=None if value is None else value >= int(ty.required), needed=need,
                                          provisional=own.provisional))
                elif target.kind == "share_at_level":
                    assert target.standard is not None and target.level is not None
                    member_levels = [levels[(m, target.standard)].level for m in scope.members]
                    n = len(member_levels)
                    k = sum(1 for lv in member_levels if lv is not None and lv >= target.level)
                    req = exact(ty.required)
                    decided = n > 0 and all(lv is not None for lv in member_levels)
                    rows.append(TargetRow(unit=scope.code, **base, required=float(req),
                                          value=k / n if n else None,
                                          gap=(k / n - float(req)) if n else None,
                                          met=(Fraction(k, n) >= req) if decided else None,
                                          needed=persons_needed(req, k, n), numerator=k, denominator=n,
                                          provisional=any(levels[(m, target.standard)].provisional
                                                          for m in scope.members)))
                else:  # recognition: a yes/no status supplied by the user
                    value = recognitions.get((scope.code, target.recognition or ""))
                    rows.append(TargetRow(unit=scope.code, **base, required=True, value=value, gap=None,
                                          met=None if value is None else bool(value), needed=None))
    return rows


def _rate(required: Fraction, c: Count) -> dict:
    if not c.available:
        return dict(required=float(required), value=None, gap=None, met=None, needed=None)
    if c.den == 0:
        return dict(required=float(required), value=None, gap=None, met=None, needed=0, numerator=0, denominator=0)
    value = c.num / c.den
    return dict(required=float(required), value=value, gap=value - float(required),
                met=Fraction(c.num, c.den) >= required, needed=persons_needed(required, c.num, c.den),
                numerator=c.num, denominator=c.den)


def checked_year(plan: Plan, survey_year: int, target_year: int | None) -> int:
    """--target-year, else the earliest plan year not before the survey year (else the last)."""
    if target_year is not None:
        return target_year
    later = [y for y in sorted(plan.plan.years) if y >= survey_year]
    return later[0] if later else max(plan.plan.years)


def failing(rows: list[TargetRow], year: int, groups: set[str]) -> tuple[list[TargetRow], list[TargetRow]]:
    """Targets of the checked year not met on area or total rows, and those without data."""
    scope = [r for r in rows if r.year == year and r.unit in groups]
    return [r for r in scope if r.met is False], [r for r in scope if r.met is None]
