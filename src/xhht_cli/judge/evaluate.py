"""indicators → standards and targets → Report, from a counts table: the rules applied to what was counted."""

from __future__ import annotations

from operator import itemgetter
from typing import TYPE_CHECKING

from .._version import __version__
from ..counts.pairs import KEYS
from ..law.indicators import BY_ID, INDICATORS
from ..messages import Log
from ..law.plan import Plan
from ..report import Excluded, IndicatorRow, InstitutionRow, PlanRef, Report, StandardRow, ToolInfo, UnitRow
from ..counts.gathered import Gathered
from ..counts.unit_index import Unit
from ..law.rollup import Member, evaluate_group
from ..law.rollup import Scope as Tier
from ..law.standards import Count, Standard, Standards, evaluate_unit
from ..io.gc_pause import gc_paused
from .settle import LEVEL_KINDS, Levels, level_target_settle, raise_settled, standard_settle, target_settle
from .targets import Scope, evaluate_targets

if TYPE_CHECKING:  # institution lists come from the cold path, which imports pandas
    import pandas as pd

TOTAL = "*"


def build_report(plan: Plan, rules: Standards, g: Gathered) -> Report:
    """indicators → standards and targets → Report, from a counts table."""
    with gc_paused():  # rows by the hundred thousand, no cycles among them (io/gc_pause.py)
        return _build_report(plan, rules, g)


def _build_report(plan: Plan, rules: Standards, g: Gathered) -> Report:
    year, units, table = g.year, g.units, g.table
    log = Log()
    log.extend(g.log.messages)  # the report's own notes are added to a copy: building twice gives the same
    areas: dict[str, list[str]] = {}
    for u in units:
        areas.setdefault(u.area or plan.plan.area, []).append(u.code)
    sums = {area: table.sum_rows(members) for area, members in areas.items()}
    if len(areas) > 1:
        sums[TOTAL] = table.sum_rows([u.code for u in units])
    # Each row once as a plain dict: 3,300 summed communes × 27 indicators read cell by cell took seconds.
    # An area named like a unit takes its row, as it always did.
    rows = table.rows()
    rows.update({name: dict(zip(table.columns, row.tolist())) for name, row in sums.items()})

    unit_rows = [UnitRow(code=u.code, name=u.name, kind="commune", parent=u.area or plan.plan.area, dbkk=u.dbkk)
                 for u in units]
    unit_rows += [UnitRow(code=a, name=a, kind="area", parent=TOTAL if len(areas) > 1 else None) for a in areas]
    if len(areas) > 1:
        unit_rows.append(UnitRow(code=TOTAL, name="Tổng", kind="total"))

    no_birth = sum(int(rows[u.code]["no_birth_year"]) for u in units)
    if no_birth:
        log.warning("no-birth-year", f"{no_birth} người không có năm sinh đọc được: không thuộc độ tuổi nào")

    indicator_rows, counts_of = _indicators(rows, [r.code for r in unit_rows])

    levels: Levels = {}
    standard_rows: list[StandardRow] = []
    order = rules.evaluation_order()  # once: worked out again for each of 3,300 communes it took 0.15 s
    for u in units:
        earlier: dict[str, StandardRow] = {}
        for std in order:
            row = evaluate_unit(std, u.code, counts_of[u.code], u.dbkk, earlier, u.conditions.get(std.id, "unknown"))
            earlier[std.id] = levels[(u.code, std.id)] = row
    dbkk = {u.code: u.dbkk for u in units}
    _rollups(rules, units, areas, levels)
    # A row's settle is an empty list of its own already: pydantic's assignment (~1 µs, 75,000 rows summing
    # 3,300 communes) only where something settles it.
    for u in units:
        for std in rules.standards:
            row = levels[(u.code, std.id)]
            if found := standard_settle(row, std, rows[u.code]):
                row.settle = found
    for r in unit_rows:
        standard_rows.extend(levels[(r.code, std.id)] for std in rules.standards)
    _condition_messages(units, rules, log)
    _empty_cohort_messages(units, rules, levels, log)
    unknown_sex = sum(int(rows[u.code]["sex_unknown"]) for u in units)
    if unknown_sex:
        log.warning("sex-unknown", f"{unknown_sex} người không rõ giới tính: độ tuổi lao động của họ xét theo tuổi "
                    "nghỉ hưu của nữ (thấp hơn), nên không ai bị tính thừa")

    scopes = [Scope(u.code, "commune", counts_of[u.code], []) for u in units]
    scopes += [Scope(a, "area", counts_of[a], m) for a, m in areas.items()]
    if len(areas) > 1:
        scopes.append(Scope(TOTAL, "total", counts_of[TOTAL], list(areas), [u.code for u in units]))
    dbkk_of = {**dbkk, **{a: False for a in areas}}
    target_rows = evaluate_targets(plan, rules, scopes, levels, g.recognitions, dbkk_of)
    for t in target_rows:
        if found := target_settle(t, rows[t.unit]):  # as for the standards' rows above
            t.settle = found
    raised = raise_settled(levels, [u.code for u in units], rules)
    if raised is not None:  # the level targets the settled communes would meet, once risen
        _rollups(rules, units, areas, raised, levels)
        members = {**{u.code: [u.code] for u in units}, **areas, TOTAL: [u.code for u in units]}
        # Only the areas' (and the total's) levels that were judged again: a target over the same levels as
        # before is met as before, so never met only once they rise. Rate rows: 50,000 made for nothing.
        risen = {key for key, row in raised.items() if row is not levels[key]}
        level_target_settle(target_rows, evaluate_targets(plan, rules, scopes, raised, g.recognitions, dbkk_of,
                                                          LEVEL_KINDS, risen), levels, members, risen)
    empty: dict[str, list[str]] = {}
    for t in target_rows:
        if t.kind == "rate" and t.denominator == 0 and t.unit not in empty.get(t.target, []):
            empty.setdefault(t.target, []).append(t.unit)
    for target, where in empty.items():  # met is null there: nobody (nothing) to count
        log.warning("target-empty", f"mục tiêu {target}: mẫu số bằng 0 ở {', '.join(where)}; không đánh giá đạt "
                    "hay chưa đạt")

    return Report(tool=ToolInfo(version=__version__), year=year, plan=PlanRef(id=plan.plan.id, title=plan.plan.title),
                  units=unit_rows, indicators=indicator_rows, standards=standard_rows, targets=target_rows,
                  messages=log.messages, institutions=_institution_rows(g.institutions, unit_rows, areas))


def _rollups(rules: Standards, units: list[Unit], areas: dict[str, list[str]], levels: Levels,
             were: Levels | None = None) -> None:
    """Each area's level (and the total's) from its communes' rows in `levels`, added to it. `were`: levels
    rolled up before, whose group rows are taken as they are where every member's row is the very row it
    was (the rollup of the same rows is the same row; the risen communes change one standard of a few)."""
    dbkk = {u.code: u.dbkk for u in units}
    communes = [u.code for u in units]

    def group(std: Standard, code: str, over: list[str], scope: Tier) -> None:
        key = (code, std.id)
        if were is not None and all(levels[(m, std.id)] is were[(m, std.id)] for m in over):
            levels[key] = were[key]
            return
        top = len(std.levels)
        levels[key] = evaluate_group(std, code, [Member.of(levels[(m, std.id)], top, dbkk.get(m, False))
                                                 for m in over], scope=scope)

    for std in rules.standards:
        for area, members in areas.items():
            group(std, area, members, "area")
        if len(areas) > 1:
            # the total is judged by the province shares over areas, or over every commune where the
            # law has no district tier (pcgd_mn3_5)
            group(std, TOTAL, communes if std.levels[0].rollup.over == "communes" else list(areas), "province")


def _institution_rows(breakdown: pd.DataFrame | None, unit_rows: list[UnitRow],
                      areas: dict[str, list[str]]) -> list[InstitutionRow]:
    """inst_digital and clc_it by institution type, per unit, area and total (sums of counts)."""
    if breakdown is None:
        return []
    from ..sources.institutions import TYPES  # an institution list was read: its reader is loaded already

    by = {(str(r.unit), str(r.type)): (int(r.total), int(r.digital)) for r in breakdown.itertuples()}
    members = {**{u.code: [u.code] for u in unit_rows if u.kind == "commune"}, **areas,
               TOTAL: [m for ms in areas.values() for m in ms]}
    rows = []
    for u in unit_rows:
        for kind, label in TYPES.items():
            total = sum(by.get((m, kind), (0, 0))[0] for m in members[u.code])
            digital = sum(by.get((m, kind), (0, 0))[1] for m in members[u.code])
            if total:
                rows.append(InstitutionRow(unit=u.code, type=kind, label=label, total=total, digital=digital))
    return rows


_PARTS = ("src", "num", "den", "disabled", "moved", "deceased", "unrec")  # as `_indicators` unpacks them
_WIDTH = len(_PARTS)


def _indicators(rows: dict[str, dict[str, int]],
                codes: list[str]) -> tuple[list[IndicatorRow], dict[str, dict[str, Count]]]:
    """Each unit's indicator rows (units in the given order, indicators in theirs) and its counts per
    indicator. A unit's columns are taken from its row at once (one itemgetter, in C): the same int objects
    as the row's, where reading them from the table again made a second set of them (+17 MiB summing 3,300
    communes)."""
    columns = itemgetter(*[KEYS[i.id][p] for i in INDICATORS for p in _PARTS])
    ids = [(i.id, k * _WIDTH) for k, i in enumerate(INDICATORS)]
    out: list[IndicatorRow] = []
    counts: dict[str, dict[str, Count]] = {}
    make, excluded = IndicatorRow.make, Excluded.make
    for code in codes:
        values = columns(rows[code])
        mine = counts[code] = {}
        for ind, k in ids:
            src, num, den, disabled, moved, deceased, unrec = values[k:k + _WIDTH]
            mine[ind] = Count(num, den, src > 0)
            if src == 0:
                out.append(make(unit=code, indicator=ind, numerator=None, denominator=None, value=None,
                                excluded=excluded(disabled=None, moved_away=None, deceased=None), unrecorded=None))
            else:
                out.append(make(unit=code, indicator=ind, numerator=num, denominator=den,
                                value=num / den if den else None,
                                excluded=excluded(disabled=disabled, moved_away=moved, deceased=deceased),
                                unrecorded=unrec))
    return out, counts


def _empty_cohort_messages(units: list[Unit], rules: Standards, levels: Levels,
                           log: Log) -> None:
    """A criterion over nobody holds (no one is left out); say so, so that nobody mistakes it for a result.

    An empty age cohort changes what a level means (the level rests on nobody): one warning per unit. An empty
    narrowed cohort (e.g. 11-year-olds who have not finished primary) means everyone is already past it — nothing
    to act on — so those units share one summary line per indicator."""
    narrowed: dict[str, list[str]] = {}
    for u in units:
        empty = sorted({c.indicator for std in rules.standards for c in levels[(u.code, std.id)].criteria
                        if c.kind == "indicator" and c.denominator == 0 and c.indicator})
        for i in empty:
            if BY_ID[i].cohort_filter:
                narrowed.setdefault(i, []).append(u.name)
        cohorts = [i for i in empty if not BY_ID[i].cohort_filter]
        if cohorts:
            log.warning("empty-cohort", f"{u.name}: không có ai trong diện của "
                        + "; ".join(f"“{BY_ID[i].label}”" for i in cohorts) + "; tiêu chí được coi là đạt")
    for i, names in narrowed.items():
        log.warning("empty-cohort", f"“{BY_ID[i].label}”: không còn ai trong diện ở {len(names)} xã/phường "
                    f"({', '.join(names)}), tiêu chí được coi là đạt")


def _condition_messages(units: list[Unit], rules: Standards, log: Log) -> None:
    if not any(u.conditions for u in units):
        log.warning("conditions-unknown", "không có số liệu điều kiện bảo đảm (TT 07/2016, Đ.3–6): mức đạt chuẩn "
                    "chỉ tính từ tỷ lệ; điều kiện ghi là chưa rõ")
        return
    for std in rules.standards:
        unknown = [u.name for u in units if u.conditions.get(std.id, "unknown") == "unknown"]
        if unknown:
            log.warning("conditions-unknown", f"điều kiện bảo đảm {std.short} chưa rõ ở {', '.join(unknown)}: "
                        "giữ mức tính được từ tỷ lệ")
