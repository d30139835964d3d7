"""The law as data (data/standards.yaml) and the rule that reads a unit's indicator counts against it: the
unit's level per standard, with the range its missing data leave open. Areas: law/rollup.py."""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Literal, NamedTuple

from pydantic import Field, model_validator

from .bundled import Strict, data_path, load_yaml_model
from .indicators import BY_ID
from ..report import CriterionRow, StandardRow

Conditions = Literal["met", "not_met", "unknown"]
Confidence = Literal["quoted", "EN", "report", "peer", "convention"]


def bundled_confidence_text() -> dict[str, str]:
    """The wording of the bundled data/standards.yaml, for a standards file written before the key existed."""
    import yaml

    raw = yaml.safe_load(data_path("standards.yaml").read_text(encoding="utf-8"))
    return dict(raw["confidence_text"])


class Criterion(Strict):
    indicator: str
    indicator_dbkk: str | None = None
    threshold: float = Field(ge=0, le=1)
    threshold_dbkk: float | None = Field(default=None, ge=0, le=1)
    article: str
    confidence: Confidence
    verified: bool
    note: str = ""  # how it is measured, in Vietnamese, for people

    @model_validator(mode="after")
    def _known(self) -> Criterion:
        for ind in (self.indicator, self.indicator_dbkk):
            if ind is not None and ind not in BY_ID:
                raise ValueError(f"unknown indicator {ind!r}")
        if self.verified and self.confidence != "quoted":
            raise ValueError(f"{self.indicator}: only 'quoted' criteria may be verified")
        return self

    def for_unit(self, dbkk: bool) -> tuple[str, Fraction, float]:
        """The indicator and exact threshold that apply to a normal or a ĐBKK commune, and the threshold as the
        float a criterion row holds: the field itself (float(exact(x)) is x), not Fraction.__float__ (Python;
        0.1 s a run)."""
        ind = self.indicator_dbkk if dbkk and self.indicator_dbkk else self.indicator
        thr = self.threshold_dbkk if dbkk and self.threshold_dbkk is not None else self.threshold
        return ind, exact(thr), thr


class Prerequisite(Strict):
    standard: str
    level: int
    article: str


class Rollup(Strict):
    """When an area (and the total) holds a level: a share of its member units at that level (areas over
    communes, the total over areas), or a share split by ĐBKK over all communes (Nghị định 277/2025)."""

    area: float | None = Field(default=None, ge=0, le=1)
    province: float | None = Field(default=None, ge=0, le=1)
    dbkk: float | None = Field(default=None, ge=0, le=1)
    other: float | None = Field(default=None, ge=0, le=1)
    over: Literal["members", "communes"] = "members"
    article: str
    confidence: Confidence | None = None  # None: "quoted" when verified, else unknown ("report")
    verified: bool

    @property
    def trust(self) -> Confidence:
        return self.confidence or ("quoted" if self.verified else "report")

    @model_validator(mode="after")
    def _one_rule(self) -> Rollup:
        shares = self.area is not None and self.province is not None
        split = self.dbkk is not None and self.other is not None
        if shares == split or (split and (self.area, self.province) != (None, None)) \
                or (shares and (self.dbkk, self.other) != (None, None)):
            raise ValueError("a rollup gives either `area` and `province`, or `dbkk` and `other`")
        if self.verified and self.trust != "quoted":
            raise ValueError("only 'quoted' rollups may be verified")
        return self

    @property
    def split(self) -> bool:
        return self.dbkk is not None


class Level(Strict):
    level: int = Field(ge=1, le=3)
    label: str
    article: str
    lower_article: str | None = None  # the clause "the lower level is met" (điểm a), where the decree has one
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
    confidence_text: dict[Confidence, str] = Field(default_factory=bundled_confidence_text)
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
        used = {c.confidence for s in self.standards for lv in s.levels for c in lv.criteria} \
            | {lv.rollup.trust for s in self.standards for lv in s.levels}
        if used - set(self.confidence_text):
            raise ValueError("confidence_text lacks " + ", ".join(sorted(used - set(self.confidence_text))))
        return self

    def source_text(self, article: str, confidence: Confidence, note: str = "") -> str:
        """'Nghị định 20/2014/NĐ-CP, Điều 9, khoản 2, điểm b — chưa đối chiếu bản gốc (…)' for people."""
        return f"{article} — {self.confidence_text[confidence]}" + (f"; {note}" if note else "")

    def unverified_count(self) -> int:
        """Thresholds (criteria and rollup shares) not yet checked against the Vietnamese text."""
        return sum((not c.verified) for s in self.standards for lv in s.levels for c in lv.criteria) \
            + sum((not lv.rollup.verified) for s in self.standards for lv in s.levels)

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


@lru_cache(maxsize=4096)
def exact(x: float | int) -> Fraction:
    """Thresholds are decimals as written: Fraction(str(0.95)) is 19/20, never the binary float. Kept per
    value: summing 3,300 reports asks for the same few thresholds 100,000 times."""
    return Fraction(str(x))


def at_least(numerator: int, denominator: int, thr: Fraction) -> bool:
    """numerator/denominator ≥ thr (denominator > 0), exactly, on integers: n·q ≥ p·d for thr = p/q, without
    a Fraction per unit and criterion."""
    return numerator * thr.denominator >= thr.numerator * denominator


def persons_needed(required: Fraction, numerator: int, denominator: int) -> int:
    """Smallest whole number that must join the numerator: max(0, ⌈required × denominator − numerator⌉),
    on integers: ⌈(p·d − n·q) / q⌉ for required = p/q."""
    p, q = required.numerator, required.denominator
    return max(0, -((numerator * q - p * denominator) // q))


class Count(NamedTuple):
    """One indicator of one unit: available is False when no source holds it ("no data"). A named tuple, as
    unchangeable as a frozen dataclass and made in a third of its time (130,000 summing 3,300 communes)."""

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
    return at_least(c.num, c.den, thr)


def evaluate_unit(std: Standard, unit: str, counts: dict[str, Count], dbkk: bool,
                  earlier: dict[str, StandardRow], conditions: Conditions) -> StandardRow:
    """A unit's level: the highest level whose criteria hold with every lower level and prerequisite.
    Criteria without data neither hold nor fail: the level is computed from those with data and is
    provisional when the missing data could change it, i.e. when the level with every missing criterion
    failing (floor) differs from the level with every one holding (ceiling)."""
    rows: list[CriterionRow] = []
    # per level: (results as known, results if missing fail, results if missing hold, indicators missing)
    steps: list[tuple[list[bool | None], list[bool], list[bool], list[str]]] = []
    any_data = False
    for lv in std.levels:
        known: list[bool | None] = []
        low: list[bool] = []
        high: list[bool] = []
        lv_missing: list[str] = []
        for p in lv.prerequisites:
            pre = earlier[p.standard]
            pre_low, pre_high = pre.level_range(3)  # rows made here always carry their range
            met = None if pre.level is None else pre.level >= p.level
            known.append(met)
            low.append(pre_low >= p.level)
            high.append(pre_high >= p.level)
            if pre_low < p.level <= pre_high:  # the prerequisite's own missing data decide this
                lv_missing.extend(m for m in pre.missing or [p.standard] if m not in lv_missing)
            # the levels as the floats the row holds: an int would send the row through pydantic to convert it
            rows.append(CriterionRow.make(level=lv.level, kind="prerequisite", standard=p.standard,
                                          value=None if pre.level is None else float(pre.level),
                                          threshold=float(p.level), met=met))
        for cr in lv.criteria:
            ind, thr, thr_float = cr.for_unit(dbkk)
            c = counts[ind]
            met = _meets(c, thr)
            known.append(met)
            low.append(met is True)
            high.append(met is not False)
            if met is None:
                lv_missing.append(ind)
            else:
                any_data = True
            rows.append(CriterionRow.make(
                level=lv.level, kind="indicator", indicator=ind, value=c.value, threshold=thr_float, met=met,
                needed=persons_needed(thr, c.num, c.den) if c.available else None,
                numerator=c.num if c.available else None, denominator=c.den if c.available else None))
        steps.append((known, low, high, lv_missing))
    level = 0
    for lv, (known, _, _, _) in zip(std.levels, steps):
        if False in known or all(k is None for k in known[len(lv.prerequisites):]):
            break  # fails on data; or nothing decides this level (it might be reached: provisional)
        level = lv.level
    floor = _climb([low for _, low, _, _ in steps])
    ceiling = _climb([high for _, _, high, _ in steps])
    final: int | None = level if any_data else None
    if conditions == "not_met":  # the conditions decide it whatever the rates say (or whether they are known)
        final, floor, ceiling = 0, 0, 0
    provisional = final is None or floor != ceiling
    # what would settle it: the missing data of the levels above the floor that the data still allow
    missing = list(dict.fromkeys(m for _, _, _, lv_missing in steps[floor:max(ceiling, floor + 1)]
                                 for m in lv_missing)) if provisional else []
    row = StandardRow.make(unit=unit, standard=std.id, level=final, provisional=provisional,
                           missing=missing, conditions=conditions, criteria=rows)
    row._range = (floor, ceiling) if final is not None else (0, ceiling if conditions != "not_met" else 0)
    return row


def _climb(results: list[list[bool]]) -> int:
    """The highest level whose results, and every lower level's, all hold."""
    level = 0
    for i, rs in enumerate(results, 1):
        if not all(rs):
            break
        level = i
    return level
