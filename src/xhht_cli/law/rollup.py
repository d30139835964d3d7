"""An area's level from its members' levels (spec.md "Standards"): the highest level L for which the share of
members at level ≥ L meets the rollup share of L and of every lower level. The shares are data
(standards.yaml): one share of the members (communes of an area, areas of the total), or a share split
by ĐBKK over communes (Nghị định 277/2025: ≥ 85% of the ĐBKK communes and ≥ 90% of the others), where
both parts must hold.

A member whose level is provisional counts at its level for the area's level; the area is provisional
when that member's missing data could change the area's level: the area's level with every member at the
lowest level its data guarantee differs from the level with every member at the highest it could reach."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, NamedTuple

from ..report import CriterionRow, StandardRow
from .standards import Standard, exact, persons_needed

Scope = Literal["area", "province"]


class Member(NamedTuple):
    """One member's level for a rollup: as computed, the range its missing data leave open, its ĐBKK flag. A
    named tuple, as unchangeable as a frozen dataclass and quicker made (one per commune and standard)."""

    level: int | None
    low: int
    high: int
    dbkk: bool = False
    missing: tuple[str, ...] = ()

    @staticmethod
    def of(row: StandardRow, top: int, dbkk: bool = False) -> Member:
        low, high = row.level_range(top)
        return Member(row.level, low, high, dbkk, tuple(row.missing) if low != high else ())


def members_of(items: Sequence[Member | int | None], top: int) -> list[Member]:
    """Bare levels (tests, hand-made rows) become members: a level is decided; no level could be any."""
    return [m if isinstance(m, Member) else Member(m, m or 0, top if m is None else m) for m in items]


@dataclass(frozen=True)
class Part:
    """One share a level's rollup asks for: of all members, or of the ĐBKK / the other communes only."""

    share: Fraction
    group: Literal["dbkk", "other"] | None
    members: list[Member]

    def count(self, levels: list[int | None], level: int) -> int:
        return sum(1 for lv in levels if lv is not None and lv >= level)

    def holds(self, k: int) -> bool:
        n = len(self.members)
        if self.group is not None and n == 0:
            return True  # a split part with no commune of its kind asks nothing
        return n > 0 and k * self.share.denominator >= self.share.numerator * n  # k/n ≥ share, on integers


def parts(std: Standard, level: int, members: list[Member], scope: Scope) -> list[Part]:
    rollup = std.levels[level - 1].rollup
    if rollup.split:
        assert rollup.dbkk is not None and rollup.other is not None
        return [Part(exact(rollup.dbkk), "dbkk", [m for m in members if m.dbkk]),
                Part(exact(rollup.other), "other", [m for m in members if not m.dbkk])]
    share = rollup.area if scope == "area" else rollup.province
    assert share is not None
    return [Part(exact(share), None, members)]


def group_level(std: Standard, members: list[Member], scope: Scope, pick: str = "level") -> int:
    """The area's level with each member at its `level`, `low` or `high`."""
    level = 0
    for lv in std.levels:
        ps = parts(std, lv.level, members, scope)
        if not all(p.holds(p.count([getattr(m, pick) for m in p.members], lv.level)) for p in ps):
            break
        level = lv.level
    return level


def evaluate_group(std: Standard, code: str, members: Sequence[Member | int | None],
                   member_provisional: bool = False, scope: Scope = "area") -> StandardRow:
    """An area's (or the total's) level, one rollup criterion row per level and part (a split rollup has a
    `dbkk` and an `other` row). `member_provisional` marks the area provisional whatever the ranges say
    (kept for callers that pass bare levels)."""
    ms = members_of(members, len(std.levels))
    rows: list[CriterionRow] = []
    for lv in std.levels:
        for p in parts(std, lv.level, ms, scope):
            n = len(p.members)
            k = p.count([m.level for m in p.members], lv.level)
            rows.append(CriterionRow.make(level=lv.level, kind="rollup", value=k / n if n else None,
                                          threshold=float(p.share), met=p.holds(k) if n or p.group else None,
                                          needed=persons_needed(p.share, k, n), numerator=k, denominator=n,
                                          group=p.group))
    if not ms:
        return StandardRow(unit=code, standard=std.id, level=None, provisional=True, conditions="unknown",
                           criteria=rows)
    low, high = group_level(std, ms, scope, "low"), group_level(std, ms, scope, "high")
    provisional = member_provisional or low != high
    missing = list(dict.fromkeys(i for m in ms for i in m.missing)) if provisional else []
    row = StandardRow.make(unit=code, standard=std.id, level=group_level(std, ms, scope),
                           provisional=provisional, missing=missing, conditions="unknown", criteria=rows)
    row._range = (low, high)
    return row


def units_to_rise(std: Standard, required: int, members: Sequence[Member | int | None], scope: Scope) -> int:
    """Units that must still rise for the area to reach `required`: the largest shortfall over levels
    ≤ required, where a split level's shortfall is the sum of its parts' (each ⌈share × N_part⌉ − at level)."""
    ms = members_of(members, len(std.levels))
    worst = 0
    for lv in std.levels:
        if lv.level > required:
            break
        short = sum(persons_needed(p.share, p.count([m.level for m in p.members], lv.level), len(p.members))
                    for p in parts(std, lv.level, ms, scope))
        worst = max(worst, short)
    return worst

