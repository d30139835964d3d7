"""The Excel workbook (xlsxwriter), in Vietnamese: the area's targets for every plan year side by side,
standard levels and criteria, one sheet per indicator group, persons needed per unit, charts and notes.

Rate cells hold the value truncated to four decimals (spec.md) so that Excel's own rounding of '0.00%'
can never show a threshold reached that the exact value misses; numerator and denominator stand beside
it. Gaps are floored to four decimals for the same reason. Every text is written with write_string, so a
commune name starting with '=' never becomes a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import xlsxwriter

from ..._version import __version__
from ...forms import Form
from ...law.plan import Plan
from ...report import Report
from ...law.standards import Standards
from ..printing import DEFAULT_FORMAT, readable
from .charts import _charts
from .frame import (FORBIDDEN_IN_SHEET_NAME, SHEET_CHARTS, SHEET_CRITERIA, SHEET_LEVELS, SHEET_NEEDED, SHEET_NOTES,
                    SHEET_SUMMARY, Context, Styles, gap_cell, groups, needed_label, sheet_name)
from .needed import Shortfall, _needed, shortfalls
from .notes import _notes, conventions
from .tables import _criteria, _group, _levels, _summary, criterion_label

if TYPE_CHECKING:
    from ...answer.result import Result
    from ...judge.shortfalls import Shortfall as LibraryShortfall

__all__ = ["result_workbook", "workbook_bytes", "sheet_name", "gap_cell", "shortfalls", "Shortfall", "conventions",
           "criterion_label", "groups", "needed_label", "Context", "Styles", "FORBIDDEN_IN_SHEET_NAME",
           "SHEET_CHARTS", "SHEET_CRITERIA", "SHEET_LEVELS", "SHEET_NEEDED", "SHEET_NOTES", "SHEET_SUMMARY"]


def result_workbook(result: Result) -> bytes:
    """The office workbook of a compute Result: its report, forms and shortfalls."""
    return workbook_bytes(result.report, result.context.plan, result.context.rules, result.forms, result.shortfalls)


def workbook_bytes(report: Report, plan: Plan, rules: Standards, forms: Sequence[Form] | None = None,
                   shortfalls: Sequence[LibraryShortfall] | None = None) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {
        "in_memory": True,
        # Belt and braces beside write_string: write() must never turn text into a formula, URL or number.
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
        # the Normal style in the cells' family; its size keeps Excel's 7-px column unit (render/printing.py)
        "default_format_properties": dict(DEFAULT_FORMAT),
    })
    # A fixed creation date makes the same inputs give the same bytes.
    wb.set_properties({"title": f"Báo cáo PCGD–XMC và xã hội học tập năm {report.year}",
                       "subject": plan.plan.title, "author": "xhht", "comments": f"xhht {__version__}",
                       "created": datetime(report.year, 1, 1)})
    from ...io.sameness import OWN_MARK

    wb.set_custom_property(OWN_MARK, "báo cáo")  # so that a report saved among the inputs is never read as data
    ctx = Context(report, plan, rules, Styles.build(wb))
    ctx.shortfalls = shortfalls
    _summary(wb, ctx)
    _levels(wb, ctx)
    _criteria(wb, ctx)
    for group in groups():
        _group(wb, ctx, group)
    _needed(wb, ctx)
    _charts(wb, ctx)
    if forms:
        from ..forms import add_form_sheets  # the forms import this package's frame

        add_form_sheets(wb, ctx, forms)
    _notes(wb, ctx)
    for ws in wb.worksheets():
        if ws.name != SHEET_CHARTS and not ws.name.startswith("Biểu "):  # charts and forms set their own pages
            readable(ws, ws.panes[1] if ws.panes else 1)
    wb.close()
    return buf.getvalue()


