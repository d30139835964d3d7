"""The law as data (data/standards.yaml) and the rules that read indicator counts against it:
a unit's level per standard, and an area's level from the shares of its units."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import ceil
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from .datafiles import Strict, data_path, load_yaml_model
from .indicators import BY_ID
from .report import CriterionRow, StandardRow

Conditions = Literal["met", "not_met", "unknown"]


class Criterion(Strict):
    indicator: str
    indicator_dbkk: str | None = None
    threshold: float = Field(ge=0, le=1)
    threshold_dbkk: float | None = Field(default=None, ge=0, le=1)
    article: str
    confidence: Literal["quoted", "EN", "report", "peer"]
    verified: bool

    @model_validator(mode="after")
    def _known(self) -> Criterion:
        for ind in (self.indicator, self.indicator_dbkk):
            if ind is not None and ind not in BY_ID:
                raise ValueError(f"unknown indicator {ind!r}")
        if self.verified and self.confidence != "quoted":
            raise ValueError(f"{self.indicator}: only 'quoted' criteria may be verified")
        return self

    def for_unit(self, dbkk: bool) -> tuple[str, Fraction]:
        """The indicator and exact threshold that apply to a normal or a ĐBKK commune."""
        ind = self.indicator_dbkk if dbkk and self.indicator_dbkk else self.indicator
        thr = self.threshold_dbkk if dbkk and self.threshold_dbkk is not None else self.threshold
        return ind, exact(thr)


class Prerequisite(Strict):
    standard: str
    level: int
    article: str


class Rollup(Strict):
    area: float = Field(ge=0, le=1)
    province: float = Field(ge=0, le=1)
    article: str
    verified: bool


class Level(Strict):
    level: int = Field(ge=1, le=3)
    label: str
    article: str
    criteria: list[Criterion] = Field(min_length=1)
    prerequisites: list[Prerequisite] = Field(default_factory=list)
    rollup: Rollup


class Standard(Strict):
    id: str
    label: str
    short: str
    note: str = ""
    levels: list[Level] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> Standard:
        if [lv.level for lv in self.levels] != list(range(1, len(self.levels) + 1)):
            raise ValueError(f"{self.id}: levels must be 1, 2, … in order")
        return self


class Literacy(Strict):
    article: str
    level1_grade: int
    level1_class: int
    level2_grade: int
    level2_class: int


class Ppc(Strict):
    article: str
    exclude: Literal["all_disabled", "disabled_unable_only"] = "all_disabled"


class RetirementAge(Strict):
    men: tuple[int, int]
    women: tuple[int, int]


class BeforeTable(RetirementAge):
    year: int


class WorkingAge(Strict):
    article: str
    min_age: int
    before: BeforeTable
    table: dict[int, RetirementAge]

    def ceilings(self, year: int) -> tuple[Fraction, Fraction]:
        """Retirement ages (men, women) in exact years for a calendar year; the last row holds after it."""
        if year < self.before.year:
            row: RetirementAge = self.before
        else:
            row = self.table[min(year, max(self.table))] if year not in self.table else self.table[year]
        return (Fraction(row.men[0]) + Fraction(row.men[1], 12), Fraction(row.women[0]) + Fraction(row.women[1], 12))


class Standards(Strict):
    source: str
    standards: list[Standard]
    literacy: Literacy
    ppc: Ppc
    working_age: WorkingAge

    @model_validator(mode="after")
    def _prereqs(self) -> Standards:
        ids = [s.id for s in self.standards]
        for s in self.standards:
            for lv in s.levels:
                for p in lv.prerequisites:
                    if p.standard not in ids or p.standard == s.id:
                        raise ValueError(f"{s.id}: prerequisite {p.standard!r} is not another known standard")
        self.evaluation_order()
        return self

    def evaluation_order(self) -> list[Standard]:
        """Standards with every prerequisite before the standard that needs it (report order otherwise)."""
        done: list[Standard] = []
        pending = list(self.standards)
        while pending:
            ready = [s for s in pending if all(p.standard in {d.id for d in done}
                                               for lv in s.levels for p in lv.prerequisites)]
            if not ready:
                raise ValueError("prerequisites form a cycle: " + ", ".join(s.id for s in pending))
            done.append(ready[0])
            pending.remove(ready[0])
        return done

    def by_id(self, sid: str) -> Standard:
        return next(s for s in self.standards if s.id == sid)


def load_standards(path: Path | str | None = None) -> Standards:
    return load_yaml_model(Path(path) if path else data_path("standards.yaml"), Standards, "standards")


def exact(x: float | int) -> Fraction:
    """Thresholds are decimals as written: Fraction(str(0.95)) is 19/20, never the binary float."""
    return Fraction(str(x))


def persons_needed(required: Fraction, numerator: int, denominator: int) -> int:
    """Smallest whole number that must join the numerator: max(0, ⌈required × denominator − numerator⌉)."""
    return max(0, ceil(required * denominator - numerator))


@dataclass(frozen=True)
class Count:
    """One indicator of one unit: available is False when no source holds it ("no data")."""

    num: int
    den: int
    available: bool

    @property
    def value(self) -> float | None:
        return self.num / self.den if self.available and self.den else None


def _meets(c: Count, thr: Fraction) -> bool | None:
    if not c.available:
        return None
    if c.den == 0:
        return True  # empty cohort: nobody is left out
    return Fraction(c.num, c.den) >= thr


def evaluate_unit(std: Standard, unit: str, counts: dict[str, Count], dbkk: bool,
                  earlier: dict[str, StandardRow], conditions: Conditions) -> StandardRow:
    """A unit's level: the highest level whose criteria hold with every lower level and prerequisite.
    Criteria without data neither hold nor fail: the level is then provisional."""
    rows: list[CriterionRow] = []
    level = 0
    climbing = True
    provisional = False
    missing: list[str] = []
    any_data = False
    for lv in std.levels:
        results: list[bool | None] = []
        lv_missing: list[str] = []
        for p in lv.prerequisites:
            pre = earlier[p.standard]
            met = None if pre.level is None else pre.level >= p.level
            results.append(met)
            if pre.provisional or met is None:
                lv_missing.extend(m for m in pre.missing or [p.standard] if m not in lv_missing)
            rows.append(CriterionRow(level=lv.level, kind="prerequisite", standard=p.standard,
                                     value=pre.level, threshold=p.level, met=met))
        has_data = False
        for cr in lv.criteria:
            ind, thr = cr.for_unit(dbkk)
            c = counts[ind]
            met = _meets(c, thr)
            results.append(met)
            if met is None:
                lv_missing.append(ind)
            else:
                has_data = True
            rows.append(CriterionRow(
                level=lv.level, kind="indicator", indicator=ind, value=c.value, threshold=float(thr), met=met,
                needed=persons_needed(thr, c.num, c.den) if c.available else None,
                numerator=c.num if c.available else None, denominator=c.den if c.available else None))
        any_data = any_data or has_data
        if not climbing:
            continue
        if False in results:
            climbing = False
        elif not has_data:
            climbing = False
            provisional = True  # might be higher: nothing decides this level
            missing.extend(m for m in lv_missing if m not in missing)
        else:
            level = lv.level
            if lv_missing:
                provisional = True
                missing.extend(m for m in lv_missing if m not in missing)
    final: int | None = level if any_data else None
    if conditions == "not_met":  # the conditions decide it whatever the rates say (or whether they are known)
        final = 0
        provisional = False
    return StandardRow(unit=unit, standard=std.id, level=final, provisional=provisional or final is None,
                       missing=missing, conditions=conditions, criteria=rows)


def rollup_shares(std: Standard, scope: Literal["area", "province"]) -> list[Fraction]:
    return [exact(getattr(lv.rollup, scope)) for lv in std.levels]


def evaluate_group(std: Standard, code: str, member_levels: list[int | None], member_provisional: bool,
                   scope: Literal["area", "province"]) -> StandardRow:
    """An area's level: the highest L for which the share of its units at level ≥ L meets the rollup
    share of L and of every lower level. Units without a level count in N but at no level."""
    n = len(member_levels)
    shares = rollup_shares(std, scope)
    rows: list[CriterionRow] = []
    level = 0
    climbing = True
    for lv, share in zip(std.levels, shares):
        k = sum(1 for m in member_levels if m is not None and m >= lv.level)
        met = n > 0 and Fraction(k, n) >= share
        rows.append(CriterionRow(level=lv.level, kind="rollup", value=k / n if n else None, threshold=float(share),
                                 met=met if n else None, needed=persons_needed(share, k, n), numerator=k,
                                 denominator=n))
        if climbing and met:
            level = lv.level
        else:
            climbing = False
    undecided = any(m is None for m in member_levels)
    return StandardRow(unit=code, standard=std.id, level=level if n else None,
                       provisional=member_provisional or undecided or n == 0, missing=[],
                       conditions="unknown", criteria=rows)


def units_to_rise(std: Standard, required: int, member_levels: list[int | None],
                  scope: Literal["area", "province"]) -> int:
    """Units that must still rise for the area to reach `required`: the largest shortfall over levels ≤ required."""
    n = len(member_levels)
    shares = rollup_shares(std, scope)
    worst = 0
    for lv, share in zip(std.levels, shares):
        if lv.level > required:
            break
        k = sum(1 for m in member_levels if m is not None and m >= lv.level)
        worst = max(worst, persons_needed(share, k, n))
    return worst
