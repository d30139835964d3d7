"""The plan's targets (data/targets.yaml), validated on load."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from .datafiles import Strict, data_path, load_yaml_model
from .indicators import BY_ID

TargetKind = Literal["rate", "level", "share_at_level", "recognition"]
STANDARD_IDS = ("pcgd_mn5", "pcgd_mn4", "pcgd_th", "pcgd_thcs", "xmc", "pcgd_mn3_5")
RECOGNITIONS = ("thi_xa_hoc_tap",)


class TargetYear(Strict):
    year: int = Field(ge=2000, le=2100)
    clause: str
    label: str
    required: float | int | bool
    maintain: bool = False


class Target(Strict):
    id: str
    group: str = ""
    kind: TargetKind
    indicator: str | None = None
    standard: str | None = None
    level: int | None = None
    recognition: str | None = None
    same_as: str | None = None
    years: list[TargetYear] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Target:
        if self.kind == "rate" and self.indicator not in BY_ID:
            raise ValueError(f"target {self.id}: unknown indicator {self.indicator!r}")
        if self.kind in ("level", "share_at_level") and self.standard not in STANDARD_IDS:
            raise ValueError(f"target {self.id}: unknown standard {self.standard!r} (known: {', '.join(STANDARD_IDS)})")
        if self.kind == "share_at_level" and self.level is None:
            raise ValueError(f"target {self.id}: share_at_level needs `level`")
        if self.kind == "recognition" and self.recognition not in RECOGNITIONS:
            raise ValueError(f"target {self.id}: unknown recognition {self.recognition!r}")
        seen: set[int] = set()
        for y in self.years:
            if y.year in seen:
                raise ValueError(f"target {self.id}: year {y.year} given twice")
            seen.add(y.year)
            if self.kind in ("rate", "share_at_level"):
                if isinstance(y.required, bool) or not 0 <= y.required <= 1:
                    raise ValueError(f"target {self.id} {y.year}: required {y.required!r} must be a share from 0 to 1")
            elif self.kind == "level":
                if isinstance(y.required, bool) or y.required not in (1, 2, 3):
                    raise ValueError(f"target {self.id} {y.year}: required level {y.required!r} must be 1, 2 or 3")
        return self


class PlanInfo(Strict):
    id: str
    title: str
    area: str = ""
    years: list[int] = Field(min_length=1)


class Plan(Strict):
    plan: PlanInfo
    targets: list[Target] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Plan:
        ids = [t.id for t in self.targets]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"target ids repeated: {', '.join(sorted(dup))}")
        for t in self.targets:
            if t.same_as is not None and t.same_as not in ids:
                raise ValueError(f"target {t.id}: same_as names unknown target {t.same_as!r}")
            for y in t.years:
                if y.year not in self.plan.years:
                    raise ValueError(f"target {t.id}: year {y.year} is not a plan year {self.plan.years}")
        return self


def load_plan(path: Path | str | None = None) -> Plan:
    return load_yaml_model(Path(path) if path else data_path("targets.yaml"), Plan, "plan")
