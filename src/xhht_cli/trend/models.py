"""The trend report (JSON schema_version 1, kind "trend") and the options of a trend run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..messages import Message
from ..report import PlanRef, ToolInfo, UnitRow

Status = Literal["met", "on_track", "off_track", "no_data"]
Basis = Literal["trend", "single_year", "no_data", "not_projectable"]
# --- the report --------------------------------------------------------------------------------------

class TrendValue(BaseModel):
    year: int
    value: float | int | bool | None = Field(description="null: no data that year (or the unit did not exist)")
    numerator: int | None = None
    denominator: int | None = None
    provisional: bool = False


class TrendGoal(BaseModel):
    year: int = Field(description="the plan year of this requirement (2025, 2030)")
    clause: str
    label: str
    required: float | int | bool
    maintain: bool = False
    projected: float | None = Field(description="the fitted line at the goal year, clipped; null without a slope")
    reached_in: int | None = Field(description="met: first year of the latest run at or above the requirement; "
                                               "else the year the projection reaches it; null: not at this pace")
    status: Status
    years_below: list[int] = Field(default_factory=list, description="survey years with a value below required")
    provisional: bool = Field(default=False, description="met only by a provisional level of the latest year: "
                                                         "reads 'Tạm đạt', never as achieved")
    missing: list[str] = Field(default_factory=list, description="provisional: the indicators that would settle it")


class TrendTarget(BaseModel):
    target: str
    unit: str
    kind: Literal["rate", "level", "share_at_level", "recognition"]
    indicator: str | None = None
    standard: str | None = None
    level: int | None = None
    same_as: str | None = None
    label: str = ""
    values: list[TrendValue]
    slope_per_year: float | None = Field(description="least-squares change per year (rates: 0.05 = +5 points)")
    basis: Basis
    goals: list[TrendGoal]


class LevelPoint(BaseModel):
    year: int
    level: int | None
    provisional: bool = False


class FirstReached(BaseModel):
    level: int
    year: int | None


class TrendStandard(BaseModel):
    unit: str
    standard: str
    levels: list[LevelPoint]
    first_reached: list[FirstReached]


class Merge(BaseModel):
    code: str
    from_: list[str] = Field(alias="from", serialization_alias="from")

    model_config = ConfigDict(populate_by_name=True)


class DatasetInfo(BaseModel):
    year: int
    source: str
    kind: Literal["data", "report"]
    regrouped: bool = False
    merged: list[Merge] = Field(default_factory=list, description="today's units made of other (or renamed) units")


class MappedUnit(BaseModel):
    code: str
    name: str | None = None
    from_: list[str] = Field(alias="from", serialization_alias="from")

    model_config = ConfigDict(populate_by_name=True)


class MappingInfo(BaseModel):
    file: str
    regrouped_years: list[int]
    units: list[MappedUnit]


class TrendMessage(Message):
    year: int | None = None


class TrendReport(BaseModel):
    schema_version: Literal[1] = 1
    kind: Literal["trend"] = "trend"
    tool: ToolInfo
    plan: PlanRef
    years: list[int]
    horizons: list[int]
    datasets: list[DatasetInfo]
    mapping: MappingInfo | None = None
    units: list[UnitRow]
    targets: list[TrendTarget]
    standards: list[TrendStandard]
    messages: list[TrendMessage]

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, by_alias=True) + "\n"


@dataclass
class TrendOptions:
    plan: Path | None = None
    standards: Path | None = None
    ppc: str | None = None
    strict: bool = False
    mapping: Path | None = None
    columns: Path | None = None  # YAML naming columns of unforeseen layouts, as for compute


