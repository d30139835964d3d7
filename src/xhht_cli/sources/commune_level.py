"""Reading the commune-level sources once the units are known, and the rule that one indicator of one
unit comes from one source only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from ..io.excel import Grid
from ..io.headers import report_cell_problems
from ..load import Inputs
from ..messages import Log
from ..plan import Plan
from ..textnorm import fold
from .commune_counts import read_counts
from .institutions import read_institutions
from .learning_models import PAIRS as MODEL_PAIRS
from .learning_models import read_models, read_recognitions
from .units import Unit, UnitIndex, read_conditions

Labelled = list[tuple[str, pd.DataFrame]]  # (source label "file · sheet", counts per unit)
Locator = Callable[[str, str], dict]  # (unit, indicator) → file, sheet, row, column of the value


@dataclass
class OtherSources:
    counts: Labelled = field(default_factory=list)
    locators: list[Locator] = field(default_factory=list)  # one per entry of counts
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
            out.locators.append(lambda u, i, t=table: t.locate(u, f"{i}.num"))
        elif other.kind == "institutions":
            counts, breakdown, table = read_institutions(other.grid, other.header, index, log)
            out.counts.append((label, counts))
            out.locators.append(lambda u, i, t=table: t.locate(u, "digital" if i == "inst_digital" else "it"))
            breakdowns.append(breakdown)
            out.covers_institutions = True
        elif other.kind == "models":
            counts, table = read_models(other.grid, other.header, index, log)
            out.counts.append((label, counts))
            out.locators.append(lambda u, i, t=table: t.locate(u, MODEL_PAIRS[i][0]))
        elif other.kind == "recognitions":
            found, table = read_recognitions(other.grid, other.header, log)
            out.recognitions.update(found)
        elif other.kind == "conditions":
            merge_conditions(units, read_conditions(other.grid, other.header, index, log), other.grid,
                             inputs.units_file, log)
            continue
        report_cell_problems(table.problems, table.header.names, log, file=str(table.grid.file),
                             sheet=table.grid.sheet)
    if breakdowns:
        out.institutions = pd.concat(breakdowns).groupby(["unit", "type"], sort=False)[["total", "digital"]] \
            .sum().reset_index()
    return out


def merge_conditions(units: list[Unit], found: dict[str, dict[str, tuple[str, int, str]]], grid: Grid,
                     units_file: str | None, log: Log) -> None:
    """A conditions sheet adds to the units sheet; the two disagreeing is an error naming both."""
    for u in units:
        for sid, (state, row, column) in found.get(u.code, {}).items():
            before = u.conditions.get(sid)
            if before is not None and before != state:
                log.error("conditions-conflict", f"điều kiện {sid} của {u.code} là '{state}' ở đây nhưng '{before}' "
                          f"ở sheet đơn vị {units_file}", file=str(grid.file), sheet=grid.sheet, row=row,
                          column=column)
            else:
                u.conditions[sid] = state


def check_conflicts(person: Labelled, other: OtherSources, log: Log) -> None:
    """One indicator of one unit from two sources (survey rows and a commune table, or two tables) is an
    error naming both, located at the table's cell: summing them would count the same persons twice."""
    first: dict[tuple[str, str], str] = {}
    for label, table in person:
        for (unit, ind) in _provided(table):
            first.setdefault((unit, ind), f"dữ liệu điều tra {label}")
    for (label, table), locate in zip(other.counts, other.locators):
        for (unit, ind) in _provided(table):
            if (unit, ind) in first:
                log.error("source-conflict", f"chỉ số {ind} của đơn vị {unit} có ở cả {first[(unit, ind)]} và {label}; "
                          "chỉ giữ một nguồn", **locate(unit, ind))
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
