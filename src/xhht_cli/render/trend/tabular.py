"""The trend as CSV: one row per target, unit and plan year."""

from __future__ import annotations

import csv
import io

from ...trend.models import TrendReport
from ..tabular import csv_cell

# --- CSV ----------------------------------------------------------------------------------------------

def trend_csv(report: TrendReport) -> str:
    """One row per target, unit and plan year; values of every survey year side by side (fractions 0..1)."""
    units = {u.code: u for u in report.units}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["target", "clause", "goal_year", "unit", "unit_name", "unit_kind", "kind", "indicator", "standard",
                "level", "maintain", "label", "required"] + [f"value_{y}" for y in report.years]
               + ["slope_per_year", "basis", "projected", "reached_in", "status", "years_below", "provisional"])
    for t in report.targets:
        u = units[t.unit]
        for g in t.goals:
            w.writerow([csv_cell(x) for x in [t.target, g.clause, g.year, t.unit, u.name, u.kind, t.kind, t.indicator,
                                            t.standard, t.level, g.maintain, g.label, g.required]
                        + [v.value for v in t.values]
                        + [t.slope_per_year, t.basis, g.projected, g.reached_in, g.status,
                           " ".join(map(str, g.years_below)), g.provisional]])
    return buf.getvalue()


