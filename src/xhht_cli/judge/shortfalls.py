"""What each commune still lacks, as data: the rate targets it misses and the failing criteria of every
standard whose required area level it is below, each with the persons (institutions, households…) needed.

The rule lives here once; the workbook's "Cần thêm" sheet and any script read the same list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..law.plan import Plan
from ..report import Report
from ..law.standards import Standards

ShortfallKind = Literal["target", "criterion", "prerequisite", "conditions"]


@dataclass(frozen=True)
class Shortfall:
    """One thing a commune must still reach by `year`.

    `kind` says what: a plan `target` (rate) not met; an indicator `criterion` of `standard` at `level`; a
    `prerequisite` standard (`prerequisite`, its required level `required`, the level reached `value`); or the
    standard's `conditions` recorded "không". Rates are fractions; `needed` is exact (persons, institutions…).
    """

    unit: str
    kind: ShortfallKind
    year: int
    target: str | None = None
    standard: str | None = None
    level: int | None = None
    indicator: str | None = None
    prerequisite: str | None = None
    value: float | None = None
    numerator: int | None = None
    denominator: int | None = None
    required: float | None = None
    needed: int | None = None


def required_levels(plan: Plan) -> dict[str, list[tuple[int, int]]]:
    """(year, required area level) per standard from the plan's level targets, earliest year first."""
    out: dict[str, list[tuple[int, int]]] = {}
    for t in plan.targets:
        if t.kind == "level" and t.standard:
            for ty in t.years:
                out.setdefault(t.standard, []).append((ty.year, int(ty.required)))
    return {k: sorted(set(v)) for k, v in out.items()}


def _first_year_needing(required: list[tuple[int, int]], level: int, criterion_level: int) -> int | None:
    return next((y for y, need in required if level < need and criterion_level <= need), None)


def _num(value: object) -> float | None:
    return None if value is None or isinstance(value, bool) else float(value)  # type: ignore[arg-type]


def shortfalls(report: Report, plan: Plan, rules: Standards) -> list[Shortfall]:
    """Every commune shortfall in a plan year, communes in report order: rate targets not met, then failing
    criteria of a standard whose required area level the commune is below (the earliest year needing it)."""
    targets = {(r.target, r.unit, r.year): r for r in report.targets}
    standards = {(r.unit, r.standard): r for r in report.standards}
    shown = [t for t in plan.targets if not t.same_as]  # the plan repeats the literacy line
    required = required_levels(plan)
    items: list[Shortfall] = []
    for unit in (u for u in report.units if u.kind == "commune"):
        for target in shown:
            for y in plan.plan.years:
                t = targets.get((target.id, unit.code, y))
                if t is not None and t.kind == "rate" and t.met is False:
                    items.append(Shortfall(unit.code, "target", y, target=t.target, indicator=t.indicator,
                                           value=_num(t.value), numerator=t.numerator, denominator=t.denominator,
                                           required=_num(t.required), needed=t.needed))
        for std in rules.standards:
            row = standards.get((unit.code, std.id))
            if row is None or row.level is None:
                continue
            need = required.get(std.id, [])
            year = _first_year_needing(need, row.level, 1)
            if row.conditions == "not_met" and year is not None:
                items.append(Shortfall(unit.code, "conditions", year, standard=std.id))
            for c in row.criteria:
                if c.met is not False or c.kind == "rollup":
                    continue
                year = _first_year_needing(need, row.level, c.level)
                if year is None:
                    continue
                if c.kind == "prerequisite":
                    items.append(Shortfall(unit.code, "prerequisite", year, standard=std.id, level=c.level,
                                           prerequisite=c.standard, value=c.value, required=c.threshold))
                else:
                    items.append(Shortfall(unit.code, "criterion", year, standard=std.id, level=c.level,
                                           indicator=c.indicator, value=c.value, numerator=c.numerator,
                                           denominator=c.denominator, required=c.threshold, needed=c.needed))
    return items
