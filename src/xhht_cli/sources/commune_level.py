"""Reading the commune-level sources once the units are known (each by its kind's reader), and the rule
that one indicator of one unit comes from one source only."""

from __future__ import annotations

from ..messages import Log
from ..law.plan import Plan
from ..counts.table import CountTable
from ..io.textnorm import fold
from .kind import CommuneContext, Labelled, Other, OtherSources
from ..counts.unit_index import Unit, UnitIndex


def read_other_sources(others: list[Other], units_file: str | None, units: list[Unit], index: UnitIndex,
                       log: Log) -> OtherSources:
    """Read every commune-level sheet, each by its kind, once the units are known."""
    out = OtherSources()
    if not others:  # nothing to read or finish; the readers (and pandas) are not even imported
        return out
    from .registry import BY_NAME, KINDS

    ctx = CommuneContext(units, index, units_file, log)
    for other in others:
        read = BY_NAME[other.kind].read
        assert read is not None  # only commune-stage kinds become an Other
        read(other, ctx, out)
    for kind in KINDS:
        if kind.finish is not None:
            kind.finish(out)
    return out


# More conflicts than this between one pair of sources are one message that counts them: two whole
# tables giving the same indicators (a column left in the survey, a file that should not be there).
FOLD_FROM = 3


def check_conflicts(person: Labelled, other: OtherSources, log: Log) -> None:
    """One indicator of one unit from two sources (survey rows and a commune table, or two tables) is an
    error naming both, located at the table's cell: summing them would count the same persons twice."""
    first: dict[tuple[str, str], str] = {}
    for label, table in person:
        for (unit, ind) in _provided(table):
            first.setdefault((unit, ind), f"dữ liệu điều tra {label}")
    clashes: dict[tuple[str, str], list[tuple[str, str, dict]]] = {}  # (source, source) → (unit, indicator, cell)
    for (label, table), locate in zip(other.counts, other.locators):
        for (unit, ind) in _provided(table):
            if (unit, ind) in first:
                clashes.setdefault((first[(unit, ind)], label), []).append((unit, ind, locate(unit, ind)))
            else:
                first[(unit, ind)] = label
    for (a, b), found in clashes.items():
        if len(found) <= FOLD_FROM:
            for unit, ind, where in found:
                log.error("source-conflict", f"chỉ số {ind} của đơn vị {unit} có ở cả {a} và {b}; chỉ giữ một nguồn",
                          **where)
            continue
        # one cause (two sources giving the same indicators), one line that counts its consequences
        inds = ", ".join(dict.fromkeys(ind for _, ind, _ in found))
        units = list(dict.fromkeys(unit for unit, _, _ in found))
        log.error("source-conflict", f"{len(found)} chỉ số của {len(units)} đơn vị ({', '.join(units[:5])}"
                  f"{' …' if len(units) > 5 else ''}) có ở cả {a} và {b} (chỉ số {inds}): mỗi chỉ số chỉ lấy từ một "
                  "nguồn — xóa các cột đó ở một trong hai tệp, hoặc bỏ tệp thừa", **found[0][2])


def _provided(table: CountTable) -> list[tuple[str, str]]:
    src = [c for c in table.columns if c.endswith(".src")]
    units = table.level(0).tolist()
    return [(str(unit), c[:-4]) for c in src for unit, v in zip(units, table[c].tolist()) if v > 0]


def areas_of(units: list[Unit], plan: Plan) -> list[str]:
    return list(dict.fromkeys(u.area or plan.plan.area for u in units))


def status_for(found: dict[tuple[str, int], bool], area: str, rid: str, year: int) -> bool | None:
    """The area's status in the survey year, else the latest year before it; None when never stated."""
    del rid  # one recognition kind so far: "thị xã học tập"
    years = sorted(y for (a, y) in found if fold(a) == fold(area) and y <= year)
    if not years:
        return None
    return next(v for (a, y), v in found.items() if fold(a) == fold(area) and y == years[-1])
