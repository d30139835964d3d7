"""Regrouping a year's counts into today's units: counts add, so a merged commune is the sum of its old
communes' numerators and denominators, never an average of their rates."""

from __future__ import annotations

from dataclasses import dataclass

from ..counts.gathered import Gathered
from ..messages import Log
from ..law.plan import Plan
from ..sources.mapping import Mapping, _NewUnit
from ..counts.unit_index import Unit
from ..law.bundled import standard_ids
from ..counts.table import CountTable
from .models import Merge

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
    table = g.table.onto([u.code for u in g.units]).relabel(new_of).onto(order)
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
    out = Gathered(g.year, units, table, log, dict(g.recognitions), institutions)
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
    for sid in standard_ids():
        states = {u.conditions.get(sid, "unknown") for u in olds}
        if len(states) == 1 and (s := states.pop()) != "unknown":
            conditions[sid] = s
    kind = spec.kind or (same_code.kind if same_code else olds[0].kind if len(olds) == 1 else "")
    return Unit(code=code, name=name, kind=kind, area=area, dbkk=dbkk, conditions=conditions)


def _partial_sources(code: str, olds: list[Unit], table: CountTable, log: Log) -> None:
    """A new unit whose old units hold an indicator only in part: its value covers part of the unit."""
    if len(olds) < 2:
        return
    cols = [c for c in table.columns if c.endswith(".src")]
    src = table.with_columns(cols).values[[table.position(u.code) for u in olds]] > 0
    partial = [c for c, some, every in zip(cols, src.any(axis=0), src.all(axis=0)) if some and not every]
    if partial:
        inds = ", ".join(c[:-4] for c in partial)
        log.warning("regroup-partial", f"đơn vị mới {code}: {inds} chỉ có số liệu của một phần các đơn vị cũ "
                    f"({', '.join(u.code for u in olds)}): giá trị chỉ phản ánh phần có số liệu")


