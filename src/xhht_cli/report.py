"""The Report: a pydantic model whose JSON is the schema_version 1 contract of spec.md."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, PrivateAttr, SerializerFunctionWrapHandler, model_serializer

from .messages import Message


class ToolInfo(BaseModel):
    name: str = "xhht"
    version: str


class PlanRef(BaseModel):
    id: str
    title: str


class UnitRow(BaseModel):
    code: str
    name: str
    kind: Literal["commune", "area", "total"]
    parent: str | None = None
    dbkk: bool = False


class Excluded(BaseModel):
    disabled: int | None = 0
    moved_away: int | None = 0
    deceased: int | None = 0


class IndicatorRow(BaseModel):
    unit: str
    indicator: str
    numerator: int | None
    denominator: int | None
    value: float | None
    excluded: Excluded = Field(default_factory=Excluded)
    unrecorded: int | None = 0


class CriterionRow(BaseModel):
    level: int
    kind: Literal["indicator", "prerequisite", "rollup"]
    indicator: str | None = None
    standard: str | None = None
    value: float | None
    threshold: float
    met: bool | None
    needed: int | None = None
    numerator: int | None = None
    denominator: int | None = None
    group: Literal["dbkk", "other"] | None = None  # a rollup split by ĐBKK: which communes this part counts


class SettleRow(BaseModel):
    """What would settle it (spec.md): recording the fact for the persons of a unit's denominator who have it
    unrecorded could lift the unit to `level` of `standard` (or meet `target`). JSON names one of the two."""

    unit: str
    standard: str | None = None
    target: str | None = None
    level: int | None = None
    indicator: str
    unrecorded: int
    would_meet: bool = True

    @model_serializer(mode="wrap")
    def _one_of(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data = handler(self)
        data.pop("target" if self.standard is not None else "standard", None)
        return data


class StandardRow(BaseModel):
    unit: str
    standard: str
    level: int | None
    provisional: bool = False
    missing: list[str] = Field(default_factory=list)
    conditions: Literal["met", "not_met", "unknown"] = "unknown"
    criteria: list[CriterionRow] = Field(default_factory=list)
    settle: list[SettleRow] = Field(default_factory=list)
    # (lowest, highest) level the missing data leave possible; not in JSON (recomputed from counts).
    _range: tuple[int, int] | None = PrivateAttr(default=None)

    def level_range(self, top: int) -> tuple[int, int]:
        """The levels this row could have once its missing data are known: (level, level) when decided;
        a row built without a range (a test, an old report) that is provisional could be anything."""
        if self._range is not None:
            return self._range
        if not self.provisional and self.level is not None:
            return self.level, self.level
        return 0, top


class TargetRow(BaseModel):
    target: str
    clause: str
    unit: str
    year: int
    kind: Literal["rate", "level", "share_at_level", "recognition"]
    indicator: str | None = None
    standard: str | None = None
    level: int | None = None
    maintain: bool = False
    same_as: str | None = None
    label: str = ""
    required: float | int | bool | None
    value: float | int | bool | None
    gap: float | None
    met: bool | None
    needed: int | None
    numerator: int | None = None
    denominator: int | None = None
    provisional: bool = False
    missing: list[str] = Field(default_factory=list)  # provisional: the indicators whose data would settle it
    settle: list[SettleRow] = Field(default_factory=list)  # unrecorded facts whose recording could meet it


class InstitutionRow(BaseModel):
    """The breakdown of inst_digital (and clc_it) by institution type."""

    unit: str
    type: str
    label: str
    total: int
    digital: int


class RunOptions(BaseModel):
    """The options a report was counted with (spec.md: reports summed together must agree on them)."""

    year: int
    ppc: str  # the PPC rule applied: all_disabled or disabled_unable_only
    standards_sha256: str  # over the standards file's bytes (the bundled data/standards.yaml by default)
    plan: str  # the plan's id


class Report(BaseModel):
    schema_version: Literal[1] = 1
    tool: ToolInfo
    year: int
    plan: PlanRef
    units: list[UnitRow]
    indicators: list[IndicatorRow]
    standards: list[StandardRow]
    targets: list[TargetRow]
    options: RunOptions | None = None  # None only in reports saved before it existed
    messages: list[Message]
    institutions: list[InstitutionRow] = Field(default_factory=list)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2) + "\n"
