"""Input kind: a JSON report saved by `xhht compute --format json`, read back into the counts it was built
from (numerators, denominators, persons left out and unrecorded per unit and indicator)."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from ..counts.pairs import PARTS, empty
from ..counts.gathered import Gathered
from ..law.indicators import BY_ID
from ..messages import Log, fail
from ..law.plan import Plan
from ..report import Report
from ..counts.unit_index import Unit


def read_report(path: Path) -> Report:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail("report-unreadable", f"không đọc được tệp: {exc.__class__.__name__}", file=str(path))
    try:
        return Report.model_validate_json(text, context={"saved": True})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise fail("report-invalid", "không phải báo cáo JSON của xhht compute (schema_version 1): "
                   f"{where}: {first['msg']}", file=str(path))


def gathered_from_report(report: Report, plan: Plan, source: Path) -> Gathered:
    """The counts table a saved report was built from, as far as the report shows it: numerators,
    denominators, persons left out and unrecorded per unit and indicator (null = no data)."""
    conditions: dict[str, dict[str, str]] = {}
    for s in report.standards:
        if s.conditions != "unknown":
            conditions.setdefault(s.unit, {})[s.standard] = s.conditions
    communes = [u for u in report.units if u.kind == "commune"]
    units = [Unit(code=u.code, name=u.name, area=u.parent or plan.plan.area, dbkk=u.dbkk,
                  conditions=conditions.get(u.code, {})) for u in communes]
    codes = [u.code for u in units]
    table = empty(codes)
    known = set(codes)
    cells: list[tuple[str, str, int]] = []
    for r in report.indicators:
        if r.unit not in known or r.indicator not in BY_ID or r.numerator is None or r.denominator is None:
            continue  # null numerator: no source held the indicator ("no data"), src stays 0
        e = r.excluded
        vals = (r.numerator, r.denominator, e.disabled or 0, e.moved_away or 0, e.deceased or 0, r.unrecorded or 0, 1)
        cells.extend((r.unit, f"{r.indicator}.{p}", int(v)) for p, v in zip(PARTS, vals))
    if cells:  # placed by position: a pandas pivot per report made summing 3,300 reports slow
        at_row = {c: i for i, c in enumerate(codes)}
        for unit, col, v in cells:
            table.values[at_row[unit], table.col(col)] = v
    src = [table.col(c) for c in table.columns if c.endswith(".src")]
    table["rows"] = (table.values[:, src] > 0).any(axis=1)  # not in a report: "some data" stands for it
    targets = {t.id: t for t in plan.targets}
    recognitions: dict[tuple[str, str], bool | None] = {}
    for t in report.targets:
        plan_target = targets.get(t.target)
        if t.kind == "recognition" and plan_target is not None and plan_target.recognition:
            recognitions.setdefault((t.unit, plan_target.recognition),
                                    t.value if isinstance(t.value, bool) else None)
    institutions = None
    if report.institutions:
        import pandas as pd  # only reports that list institutions need the pandas table they are kept in

        institutions = pd.DataFrame([(i.unit, i.type, i.total, i.digital) for i in report.institutions
                                     if i.unit in known], columns=["unit", "type", "total", "digital"])
    log = Log()
    log.extend(report.messages)
    if report.plan.id != plan.plan.id:
        log.warning("trend-plan-differs", f"báo cáo lập theo kế hoạch {report.plan.id}; mục tiêu được tính lại theo "
                    f"kế hoạch {plan.plan.id}", file=str(source))
    return Gathered(report.year, units, table, log, recognitions, institutions)


