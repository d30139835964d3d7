"""CSV: the gap table (one row per target, year and unit). Rates are fractions 0..1, unrounded."""

from __future__ import annotations

import csv
import io

from ..report import Report
from ..io.own_columns import REPORT

COLUMNS = REPORT
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(v: object) -> str:
    """A CSV cell: unrounded numbers, true/false, and text that can never become a formula in Excel."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    text = str(v)
    # A commune name or label must never become a formula when Excel opens the file.
    return "'" + text if text.startswith(FORMULA_START) and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def gap_csv(report: Report) -> str:
    units = {u.code: u for u in report.units}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in report.targets:
        u = units[r.unit]
        w.writerow([csv_cell(x) for x in (r.target, r.clause, r.year, r.unit, u.name, u.kind, r.kind, r.indicator,
                                        r.standard, r.level, r.maintain, r.label, r.required, r.value, r.gap, r.met,
                                        r.needed, r.numerator, r.denominator, r.provisional,
                                        "; ".join(f"{st.indicator}:{st.unrecorded}" for st in r.settle))])
    return buf.getvalue()
