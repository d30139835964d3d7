"""The trend report in Vietnamese: a terminal table per area with a compact trend mark and the projection,
CSV (one row per target, unit and plan year), and an Excel workbook with a native line chart per target.

Percentages are truncated (spec.md), the change per year is rounded toward minus infinity so that a
falling pace never shows as 0,00, and projections are shown truncated like every other value.
"""

from __future__ import annotations

from .tabular import trend_csv
from .terminal import level_cell, notes, regroup_lines, render_trend
from .words import (
                    is_share,
                    projected_text,
                    reached_text,
                    required_text,
                    slope_shown,
                    slope_text,
                    spark,
                    status_label,
                    status_text,
                    target_label,
                    value_text,
                    with_maintain,
)
from .workbook import trend_xlsx

__all__ = ["render_trend", "trend_csv", "trend_xlsx", "slope_text", "slope_shown", "status_label", "status_text",
           "value_text", "required_text", "projected_text", "reached_text", "spark", "target_label", "with_maintain",
           "is_share", "level_cell", "notes", "regroup_lines"]
