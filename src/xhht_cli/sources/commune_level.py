"""Reading the commune-level sources once the units are known, and the rule that one indicator of one
unit comes from one source only."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..load import Inputs
from ..messages import Log
from ..plan import Plan
from ..textnorm import fold
from .commune_counts import read_counts
from .institutions import read_institutions
from .learning_models import read_models, read_recognitions
from .units import Unit, UnitIndex, read_conditions

Labelled = list[tuple[str, pd.DataFrame]]  # (source label "file · sheet", counts per unit)


@dataclass
class OtherSources:
    counts: Labelled = field(default_factory=list)
    institutions: pd.DataFrame | None = None
    covers_institutions: bool = False
    recognitions: dict[tuple[str, int], bool] = field(default_factory=dict)


def read_other_sources(inputs: Inputs, units: list[Unit], index: UnitIndex, log: Log) -> OtherSources:
    out = OtherSources()
    breakdowns = []
    for other in inputs.others:
        label = f"{other.grid.file.name} · {other.grid.sheet}"
        if other.kind == "counts":
            counts, table = read_counts(other.grid, other.header, index, log)
            out.counts.append((label, counts))
        elif other.kind == "institutions":
            counts, breakdown, table = read_institutions(other.grid, other.header, index, log)
            out.counts.append((label, counts))
            breakdowns.append(breakdown)
            out.covers_institutions = True
        elif other.kind == "models":
            counts, table = read_models(other.grid, other.header, index, log)
            out.counts.append((label, counts))
        elif other.kind == "recognitions":
            found, table = read_recognitions(other.grid, other.header, log)
            out.recognitions.update(found)
        elif other.kind == "conditions":
            merge_conditions(units, read_conditions(other.grid, other.header, index, log), label, inputs.units_file,
                             log)
            continue
        if table.formula_gaps:
            log.error("formula-no-value", f"ô có công thức nhưng chưa có giá trị: {', '.join(table.formula_gaps[:10])}"
                      ". Mở tệp bằng Excel rồi lưu lại, hoặc nhập giá trị thay cho công thức", **table.where())
    if breakdowns:
        out.institutions = pd.concat(breakdowns).groupby(["unit", "type"], sort=False)[["total", "digital"]] \
            .sum().reset_index()
    return out


def merge_conditions(units: list[Unit], found: dict[str, dict[str, tuple[str, int]]], label: str,
                     units_file: str | None, log: Log) -> None:
    """A conditions sheet adds to the units sheet; the two disagreeing is an error naming both."""
    for u in units:
        for sid, (state, row) in found.get(u.code, {}).items():
            before = u.conditions.get(sid)
            if before is not None and before != state:
                log.error("conditions-conflict", f"điều kiện {sid} của {u.code}: '{state}' ở {label} dòng {row} "
                          f"nhưng '{before}' ở sheet đơn vị {units_file}")
            else:
                u.conditions[sid] = state


def check_conflicts(person: Labelled, other: Labelled, log: Log) -> None:
    """One indicator of one unit from two sources (survey rows and a commune table, or two tables) is an
    error naming both: summing them would count the same persons twice."""
    first: dict[tuple[str, str], str] = {}
    for label, table in person:
        for (unit, ind) in _provided(table):
            first.setdefault((unit, ind), f"dữ liệu điều tra {label}")
    for label, table in other:
        for (unit, ind) in _provided(table):
            if (unit, ind) in first:
                log.error("source-conflict", f"chỉ số {ind} của đơn vị {unit} có ở cả {first[(unit, ind)]} và {label}; "
                          "chỉ giữ một nguồn")
            else:
                first[(unit, ind)] = label


def _provided(table: pd.DataFrame) -> list[tuple[str, str]]:
    src = [c for c in table.columns if c.endswith(".src")]
    return [(str(unit), c[:-4]) for c in src for unit, v in table[c].items() if v > 0]


def areas_of(units: list[Unit], plan: Plan) -> list[str]:
    return list(dict.fromkeys(u.area or plan.plan.area for u in units))


def status_for(found: dict[tuple[str, int], bool], area: str, rid: str, year: int) -> bool | None:
    """The area's status in the survey year, else the latest year before it; None when never stated."""
    del rid  # one recognition kind so far: "thị xã học tập"
    years = sorted(y for (a, y) in found if fold(a) == fold(area) and y <= year)
    if not years:
        return None
    return next(v for (a, y), v in found.items() if fold(a) == fold(area) and y == years[-1])
