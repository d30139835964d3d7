"""Whose plan (spec.md, "Whose plan"): the plan of another area than the data's is said before anything
else, and a `--plan` file is checked as `xhht plan check` checks it."""

from __future__ import annotations

from pathlib import Path

from ..counts.unit_index import Unit, area_key
from ..law.plan import BUNDLED, Plan, plan_path, plan_warnings
from ..law.bundled import data_path
from ..messages import Message
from .inputs import WorkbookInputs


def other_area(plan: Plan, units: list[Unit], workbooks: list[WorkbookInputs]) -> Message | None:
    """The warning `plan-other-area` when the plan is a district's and no unit or area of the data carries
    its name (ignoring case, diacritics and the kind words). Only areas the data state count — the units
    sheet's area column, THONG_TIN's district and province —: units given the plan's area for want of one
    say nothing of whose data they are."""
    info = plan.plan
    if info.scope != "district" or not area_key(info.area):
        return None
    stated = [u.area for u in units if u.area_given] + [wb.stated.district for wb in workbooks if wb.stated.district]
    if not stated:
        return None
    known = {area_key(n) for n in stated} | {area_key(u.name) for u in units} \
        | {area_key(wb.stated.province) for wb in workbooks if wb.stated.province}
    if area_key(info.area) in known:
        return None
    data = ", ".join(dict.fromkeys(stated))
    return Message(severity="warning", code="plan-other-area",
                   message=f"Mục tiêu theo Kế hoạch {info.id} của {info.area}, nhưng dữ liệu là của {data}: soạn kế "
                   "hoạch của địa bàn bằng `xhht plan new`, hoặc dùng `--plan qd-1373`")


def plan_file_warnings(value: Path | str | None, plan: Plan) -> list[Message]:
    """`xhht plan check`'s warnings for a plan file named with --plan (a label whose percentage disagrees
    with `required`, a plan year no target uses); the bundled plans are checked by the tests."""
    path = plan_path(value)
    if any(path.resolve() == data_path(*b.parts).resolve() for b in BUNDLED):
        return []
    try:
        return plan_warnings(plan, path)
    except (OSError, UnicodeDecodeError, ValueError):  # it loaded a moment ago: a race at most, nothing to add
        return []
