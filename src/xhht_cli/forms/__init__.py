"""The official statistical forms (reference/forms.md): TH-M1, TH-02, THCS-M1, THCS-M2, THCS-TK, XMC-3, XMC-4,
CMC-1, CMC-2, MN-01-TE, MN-02. Each is built from the per-age counts (counts/ages.py), the same per-person facts
as the indicators: one computation, two presentations. render/forms writes them into the workbook."""

from __future__ import annotations

from ..report import Report
from ..counts.table import CountTable
from .counts import Views
from .model import NOT_IN_SURVEY, Cell, Column, Form, Rate, Row, Table, level_text
from .pcgd import th_02, th_m1, thcs_m1, thcs_m2, thcs_tk
from .preschool import mn_01_te, mn_02
from .xmc import cmc_1, cmc_2, xmc_3, xmc_4

BUILDERS = (th_m1, th_02, thcs_m1, thcs_m2, thcs_tk, xmc_3, xmc_4, cmc_1, cmc_2, mn_01_te, mn_02)


def all_forms(report: Report, ages: CountTable | None, province: str = "") -> list[Form]:
    """Every form, in the order above; none when there are no person rows (forms need them)."""
    if ages is None or ages.empty:
        return []
    views = Views(ages)
    return [build(report, views, province) for build in BUILDERS]


__all__ = ["all_forms", "Form", "Table", "Row", "Column", "Rate", "Cell", "NOT_IN_SURVEY", "level_text", "BUILDERS"]
