"""Progress across survey years: each target's value per year, its pace (least-squares slope), the value
projected for the plan years (2025, 2030), the year it would be reached at this pace, and a status; the
levels of every unit and standard over the years; and the 2025 commune reorganisation (old units
regrouped into today's units by summing their counts, never by averaging rates).

Library API: ``trend(paths, TrendOptions(...)) -> TrendReport`` (JSON ``schema_version`` 1, below).

Inputs, mixed freely: a data folder of one survey year (``samples/ben-cat/2024``), a folder holding
year folders and/or saved reports (``samples/ben-cat`` → ``2022/``, ``2023/``, ``2024/``, ``*.json``), or
a JSON report saved by ``xhht compute --format json``. A dataset's year comes from its data (or its folder
name; for a saved report, its ``year``); two datasets of one year are an error naming both.

Every year is re-judged by today's rules from its counts (a saved report's indicator rows are read back
into a counts table), so that levels and targets of all years are comparable.

Arithmetic is exact (fractions): values are numerator/denominator, thresholds decimals as written.

- slope: least squares over the years that have a value, per year (rates: a fraction, 0.05 = +5 points).
- projected(Y) = mean value + slope × (Y − mean year), clipped to 0..1 (rates, shares) or 0..top level.
- status of a target year (goal): ``met`` when the value of the latest year with data ≥ required;
  otherwise ``on_track`` when the goal year is still ahead, the pace is rising and projected(goal) ≥
  required; otherwise ``off_track``; ``no_data`` when no year has a value. One year only: no slope, the
  status comes from that value alone (``basis: "single_year"``).
- reached_in: when met, the first year of the latest unbroken run of years at or above the requirement;
  otherwise the first year after the latest survey at which the projection reaches it, or null ("not at
  this pace").

JSON (schema_version 1)::

    { "schema_version": 1, "kind": "trend", "tool": {...}, "plan": {"id", "title"},
      "years": [2022, 2023, 2024], "horizons": [2025, 2030],
      "datasets": [{"year", "source", "kind": "data|report", "regrouped": false,
                    "merged": [{"code", "from": ["…"]}]}],
      "mapping": null | {"file", "regrouped_years": [...], "units": [{"code", "name", "from": [...]}]},
      "units": [{"code", "name", "kind": "commune|area|total", "parent", "dbkk"}],
      "targets": [{"target", "unit", "kind", "indicator", "standard", "level", "same_as", "label",
                   "values": [{"year", "value", "numerator", "denominator", "provisional"}],  # one per year
                   "slope_per_year": 0.05 | null,
                   "basis": "trend|single_year|no_data|not_projectable",
                   "goals": [{"year": 2025, "clause", "label", "required", "maintain",
                              "projected": 0.95 | null, "reached_in": 2025 | null,
                              "status": "met|on_track|off_track|no_data", "years_below": [2022],
                              "provisional": false, "missing": []}]}],  # met only by a provisional level
      "standards": [{"unit", "standard", "levels": [{"year", "level", "provisional"}],
                     "first_reached": [{"level": 1, "year": 2022 | null}]}],
      "messages": [{"severity", "code", "file", "sheet", "row", "column", "message", "year"}] }

Rates and shares are fractions 0..1, unrounded; levels are integers (projected levels may be fractional).
"""

from __future__ import annotations

from .assemble import Source, Year, assemble, discover, trend
from .models import (Basis, DatasetInfo, FirstReached, LevelPoint, MappedUnit, MappingInfo, Merge, Status, TrendGoal,
                     TrendMessage, TrendOptions, TrendReport, TrendStandard, TrendTarget, TrendValue)
from .regroup import Regrouped, regroup
from .series import Fit, GoalResult, clip, exact_of, fit, judge, line_of, points
from ..sources.mapping import Mapping, load_mapping
from ..sources.saved_report import gathered_from_report, read_report

__all__ = ["trend", "TrendOptions", "TrendReport", "TrendTarget", "TrendGoal", "TrendValue", "TrendStandard",
           "TrendMessage", "LevelPoint", "FirstReached", "Merge", "DatasetInfo", "MappedUnit", "MappingInfo", "Status",
           "Basis", "Fit", "GoalResult", "fit", "clip", "judge", "exact_of", "points", "line_of", "Mapping",
           "load_mapping", "Regrouped", "regroup", "read_report", "gathered_from_report", "discover", "assemble",
           "Source", "Year"]
