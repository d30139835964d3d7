"""What a run gathered for one survey year, before any rule is applied: the counts table, the units, and
what the forms and the persons list need. Every reading path fills one (cold, cached, saved reports), and the
judging reads it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..messages import Log
from .table import CountTable
from .unit_index import Unit

if TYPE_CHECKING:  # person rows and institution lists come from the cold path, which imports pandas
    import pandas as pd

    from ..sources.survey import SurveySheet


@dataclass
class Gathered:
    """Everything counted for one survey year, before any rule is applied: counts add, so several
    Gathered tables can be summed (e.g. regrouped into today's units) and then reported."""

    year: int
    units: list[Unit]
    table: CountTable  # counts per unit code (see counts.columns())
    log: Log
    recognitions: dict[tuple[str, str], bool | None] = field(default_factory=dict)  # (area, id) → status
    institutions: pd.DataFrame | None = None  # unit, type, total, digital
    ages: CountTable | None = None  # (unit, age) → the forms' rows (ages.AGE_ROWS)
    persons: list[PersonRows] = field(default_factory=list)  # only with Options.keep_persons
    units_only: bool = False  # the inputs held a units sheet and nothing counted (beside saved reports)
    province: str = ""  # the one province the workbooks state (THONG_TIN), for the forms' heading; else ""


@dataclass
class PersonRows:
    """One sheet's persons with their facts and units, kept only to list who must still be reached."""

    sheet: SurveySheet
    facts: pd.DataFrame
    unit: pd.Series
