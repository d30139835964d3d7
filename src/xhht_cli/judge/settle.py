"""What would settle it (spec.md): where persons of a unit's denominator have the fact unrecorded (counted as
not having it, so a rate can only be understated) and recording it for them could lift the unit to the next
level, or meet a rate target. The level itself stays as computed; this only says which facts to record."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from fractions import Fraction

from ..law.standards import Standard, Standards, exact
from ..report import SettleRow, StandardRow, TargetRow

Levels = dict[tuple[str, str], StandardRow]  # (unit, standard) → the unit's row of that standard


def _unrecorded(counts: Mapping[str, int], indicator: str) -> int:
    return int(counts.get(f"{indicator}.unrec", 0))


def _would_hold(num: int | None, den: int | None, unrec: int, threshold: float) -> bool:
    """The criterion holds once every unrecorded person of its denominator has the fact."""
    if num is None or not den or unrec == 0:
        return False
    return Fraction(num + unrec, den) >= exact(threshold)


def standard_settle(row: StandardRow, std: Standard, counts: Mapping[str, int]) -> list[SettleRow]:
    """The failing indicator criteria up to the next level, when recording their unrecorded persons' facts
    could lift the unit there: every one of them must be able to hold so (a failing prerequisite, a criterion
    without data, conditions recorded "no" or a criterion with nothing unrecorded leave nothing to settle)."""
    if row.level is None or row.conditions == "not_met" or row.level >= len(std.levels):
        return []
    nxt = row.level + 1
    found: dict[str, SettleRow] = {}
    for c in row.criteria:
        if c.level > nxt or c.kind == "rollup" or c.met is True:
            continue
        if c.kind != "indicator" or c.met is None or c.indicator is None:
            return []
        unrec = _unrecorded(counts, c.indicator)
        if not _would_hold(c.numerator, c.denominator, unrec, c.threshold):
            return []
        found.setdefault(c.indicator, SettleRow.make(unit=row.unit, standard=row.standard, level=nxt,
                                                     indicator=c.indicator, unrecorded=unrec))
    return list(found.values())


def target_settle(row: TargetRow, counts: Mapping[str, int]) -> list[SettleRow]:
    """A rate target not met that its unrecorded persons, once recorded as having the fact, would meet."""
    if row.kind != "rate" or row.met is not False or row.indicator is None or isinstance(row.required, bool) \
            or row.required is None:
        return []
    unrec = _unrecorded(counts, row.indicator)
    if not _would_hold(row.numerator, row.denominator, unrec, float(row.required)):
        return []
    return [SettleRow.make(unit=row.unit, target=row.target, indicator=row.indicator, unrecorded=unrec)]


def raise_settled(levels: Levels, communes: list[str],
                  rules: Standards) -> Levels | None:
    """The communes' rows with every commune that has something to settle at the level it would reach (the
    others as they are; areas left to be judged again); None when no commune has anything to settle."""
    raised: Levels = {}
    any_raised = False
    for code in communes:
        for std in rules.standards:
            row = levels[(code, std.id)]
            if row.settle and row.level is not None:
                up = StandardRow.make(unit=code, standard=std.id, level=row.level + 1, conditions=row.conditions)
                up._range = (row.level + 1, row.level + 1)
                raised[(code, std.id)] = up
                any_raised = True
            else:
                raised[(code, std.id)] = row
    return raised if any_raised else None


# The targets judged on levels: the only ones the risen levels can change.
LEVEL_KINDS = ("level", "share_at_level")


def level_target_settle(rows: list[TargetRow], would: list[TargetRow], levels: Levels,
                        members: dict[str, list[str]], only: Collection[tuple[str, str | None]] | None = None) -> None:
    """A level or share target not met that the settled communes, risen, would meet: its settle names them
    (`would` holds the same targets of LEVEL_KINDS evaluated on the risen levels, row for row with those of
    `rows`; with `only`, with those whose (unit, standard) it holds: the others' levels did not rise)."""
    judged = (r for r in rows if r.kind in LEVEL_KINDS and (only is None or (r.unit, r.standard) in only))
    for t, w in zip(judged, would, strict=True):
        if t.met is not False or w.met is not True or not t.standard:
            continue
        t.settle = [SettleRow.make(unit=m, target=t.target, level=st.level, indicator=st.indicator,
                                   unrecorded=st.unrecorded)
                    for m in members.get(t.unit, []) for st in levels[(m, t.standard)].settle]
