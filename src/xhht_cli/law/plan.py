"""The plan's targets (a plan YAML such as data/targets.yaml), validated on load, and the bundled plans by name.

`--plan` takes a path or a bundled name: a path to an existing file wins; a value that looks like a path
(a .yaml/.yml suffix or a folder separator) is read as a file, so that a mistyped path is an input error
(exit 3) naming the file; any other value must be a bundled name, else a usage error (exit 2) listing them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, model_validator

from .bundled import At, PathKey, Strict, data_path, load_yaml_model, node_line, standard_ids
from .indicators import BY_ID
from ..messages import Message, UsageError

TargetKind = Literal["rate", "level", "share_at_level", "recognition"]
RECOGNITIONS = ("thi_xa_hoc_tap",)


@dataclass(frozen=True)
class BundledPlan:
    name: str
    parts: tuple[str, ...]  # below data/
    title: str  # what `xhht plan list` and the unknown-name error say


# data/targets.yaml stays the Bến Cát plan's file: the design and older scripts name that path.
BUNDLED = (
    BundledPlan("ben-cat-68", ("targets.yaml",),
                "Kế hoạch 68/KH-UBND (06/04/2022) của thị xã Bến Cát, mục tiêu 2025 và 2030 (mặc định)"),
    BundledPlan("qd-1373", ("plans", "qd-1373.yaml"),
                "Quyết định 1373/QĐ-TTg (30/7/2021), mục tiêu toàn quốc đến năm 2030"),
)
DEFAULT_PLAN = "ben-cat-68"


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
            raise At(("indicator",), f"chỉ số “{self.indicator}” không có; các chỉ số: {', '.join(BY_ID)}")
        if self.kind in ("level", "share_at_level") and self.standard not in standard_ids():
            raise At(("standard",), f"chuẩn “{self.standard}” không có; các chuẩn: {', '.join(standard_ids())}")
        if self.kind == "share_at_level" and self.level not in (1, 2, 3):
            raise At(("level",), "mục tiêu tỷ lệ đơn vị đạt chuẩn cần khóa level: mức 1, 2 hoặc 3")
        if self.kind == "recognition" and self.recognition not in RECOGNITIONS:
            raise At(("recognition",), f"danh hiệu “{self.recognition}” không có; các danh hiệu: "
                                       f"{', '.join(RECOGNITIONS)}")
        seen: set[int] = set()
        for i, y in enumerate(self.years):
            if y.year in seen:
                raise At(("years", i, "year"), f"năm {y.year} ghi hai lần trong cùng một mục tiêu")
            seen.add(y.year)
            if self.kind in ("rate", "share_at_level"):
                if isinstance(y.required, bool) or not 0 <= y.required <= 1:
                    raise At(("years", i, "required"), f"yêu cầu {y.required!r} phải là tỷ lệ từ 0 đến 1 "
                                                        "(0.5 nghĩa là 50%)")
            elif self.kind == "level":
                if isinstance(y.required, bool) or y.required not in (1, 2, 3):
                    raise At(("years", i, "required"), f"mức yêu cầu {y.required!r} phải là 1, 2 hoặc 3")
            elif y.required is not True:
                raise At(("years", i, "required"), "mục tiêu danh hiệu ghi required: true")
        return self


class PlanInfo(Strict):
    id: str
    title: str
    area: str = ""
    # whose plan (spec.md, "Whose plan"): a district's is warned about over another area's data; a plan for
    # the whole country or a province (qd-1373) never is
    scope: Literal["district", "province", "national"] = "district"
    years: list[int] = Field(min_length=1)


class Plan(Strict):
    plan: PlanInfo
    targets: list[Target] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Plan:
        ids = [t.id for t in self.targets]
        for i, t in enumerate(self.targets):
            if t.id in ids[:i]:
                raise At(("targets", i, "id"), f"mã mục tiêu “{t.id}” đã dùng cho một mục tiêu khác ở trên")
            if t.same_as is not None and t.same_as not in ids:
                raise At(("targets", i, "same_as"), f"same_as nêu mục tiêu “{t.same_as}” không có trong kế hoạch")
            for k, y in enumerate(t.years):
                if y.year not in self.plan.years:
                    raise At(("targets", i, "years", k, "year"),
                             f"năm {y.year} không có trong các năm của kế hoạch (plan.years: "
                             f"{', '.join(map(str, self.plan.years))})")
        return self


def bundled_names() -> str:
    """The bundled plans, one per line, for messages and `xhht plan list`."""
    return "\n".join(f"  {b.name}: {b.title}" for b in BUNDLED)


def plan_path(value: Path | str | None) -> Path:
    """The file a `--plan` value names (see the module docstring for the rule)."""
    if value is None or str(value) == "":
        value = DEFAULT_PLAN
    path = Path(value)
    if path.is_file():
        return path
    for b in BUNDLED:
        if str(value) == b.name:
            return data_path(*b.parts)
    text = str(value)
    if path.suffix.lower() in (".yaml", ".yml") or "/" in text or "\\" in text:
        return path  # reading it reports the missing file (exit 3), naming it
    raise UsageError(f"--plan {text}: không có tệp này và cũng không phải tên một kế hoạch có sẵn. "
                     f"Các kế hoạch có sẵn:\n{bundled_names()}")


def describe(raw: Any, at: PathKey) -> str:
    """Where in a plan file a key path points, in words: "mục tiêu ll_life_skills, năm 2030, khóa required"."""
    words: list[str] = []
    node: Any = raw
    for i, key in enumerate(at):
        nxt = node[key] if isinstance(node, (dict, list)) and _has(node, key) else None
        if at[:1] == ("targets",) and i == 1 and isinstance(key, int):
            tid = nxt.get("id") if isinstance(nxt, dict) else None
            words.append(f"mục tiêu {tid}" if tid else f"mục tiêu thứ {key + 1}")
        elif i >= 1 and at[i - 1] == "years" and isinstance(key, int):
            yr = nxt.get("year") if isinstance(nxt, dict) else None
            words.append(f"năm {yr}" if yr else f"dòng năm thứ {key + 1}")
        elif isinstance(key, str) and not (key in ("targets", "years") and i + 1 < len(at)
                                           and isinstance(at[i + 1], int)):
            words.append(f"khóa {key}")  # a list's own key is said by its item ("mục tiêu …", "năm …")
        node = nxt
    return ", ".join(words)


def _has(node: dict | list, key: str | int) -> bool:
    return key in node if isinstance(node, dict) else isinstance(key, int) and 0 <= key < len(node)


def load_plan(path: Path | str | None = None) -> Plan:
    """A plan by path or bundled name (default ben-cat-68); problems are XhhtError located at their line."""
    return load_yaml_model(plan_path(path), Plan, "plan", describe=describe, unique_keys=True)


def _cut(label: str, chars: int = 70) -> str:
    return label if len(label) <= chars else label[: chars - 1].rstrip() + "…"


_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")


def plan_warnings(plan: Plan, source: Path) -> list[Message]:
    """What loads but is probably a slip: a rate line whose label says another figure than `required`
    (an officer changed one and not the other), a plan year no target uses. Located at their YAML line."""
    root = yaml.compose(source.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    out: list[Message] = []
    for i, t in enumerate(plan.targets):
        for k, y in enumerate(t.years):
            if t.kind not in ("rate", "share_at_level") or isinstance(y.required, bool):
                continue
            said = {Fraction(m.replace(",", ".")) / 100 for m in _PERCENT.findall(y.label)}
            if len(said) == 1 and Fraction(str(y.required)) not in said:
                figure = next(iter(said)) * 100
                out.append(Message(severity="warning", code="plan-label-figure", file=str(source),
                                   row=node_line(root, ("targets", i, "years", k, "label")),
                                   # the line by its words, as the officer knows it (the id is the file's)
                                   message=f"mục tiêu “{_cut(y.label)}” năm {y.year}: nội dung ghi {float(figure):g}% "
                                           f"nhưng required là {y.required} ({float(y.required) * 100:g}%): sửa cho "
                                           "khớp"))
    used = {y.year for t in plan.targets for y in t.years}
    for year in plan.plan.years:
        if year not in used:
            out.append(Message(severity="warning", code="plan-year-unused", file=str(source),
                               row=node_line(root, ("plan", "years")),
                               message=f"năm {year} có trong plan.years nhưng không mục tiêu nào có năm này"))
    return out
