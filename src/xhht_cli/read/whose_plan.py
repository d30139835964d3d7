"""Whose plan (spec.md, "Whose plan"): the plan of another area than the data's is said before anything
else, and a `--plan` file is checked as `xhht plan check` checks it."""

from __future__ import annotations

from pathlib import Path

from ..counts.unit_index import Unit, area_key, names_admin_area
from ..io.textnorm import fold
from ..law.plan import BUNDLED, Plan, plan_path, plan_warnings
from ..law.bundled import data_path
from ..messages import quote
from ..messages import Log, Message
from .model import WorkbookInputs


def other_area(plan: Plan, units: list[Unit], workbooks: list[WorkbookInputs]) -> Message | None:
    """The warning `plan-other-area` when the plan is a district's and no unit or area of the data carries
    its name (ignoring case, diacritics and the kind words). Only areas the data state count — the units
    sheet's area column, THONG_TIN's district and province —: units given the plan's area for want of one
    say nothing of whose data they are."""
    info = plan.plan
    if info.scope != "district" or not area_key(info.area) or _wider_by_name(info.area):
        return None
    # a units sheet's own groupings ("Cụm 1") say nothing of the district: only district or province names count
    stated = [u.area for u in units if u.area_given and names_admin_area(u.area)] \
        + [wb.stated.district for wb in workbooks if wb.stated.district]
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


_NATIONAL = {"toan dia ban", "toan quoc", "ca nuoc", "viet nam"}


def _wider_by_name(area: str) -> bool:
    """A plan whose area says it is a province's or the country's ("Tỉnh Bình Dương", "Toàn quốc") though it
    declares no scope: never another district's."""
    folded = fold(area).strip()
    return folded.startswith("tinh ") or folded in _NATIONAL


def districts_in_one_area(plan: Plan, units: list[Unit], workbooks: list[WorkbookInputs], log: Log) -> None:
    """Workbooks whose THONG_TIN name two districts, under a district's plan and without a units sheet that
    gives areas: every commune would be counted in the plan's one area, the other district's included. An
    error naming both files and districts (a units sheet's area column says where each commune belongs)."""
    info = plan.plan
    if info.scope != "district" or _wider_by_name(info.area) or any(u.area_given for u in units):
        return
    first: dict[str, WorkbookInputs] = {}
    for wb in workbooks:
        if wb.stated.district:
            first.setdefault(area_key(wb.stated.district), wb)
    if len(first) > 1:
        (a, one), (_, two) = list(first.items())[:2]
        mine = area_key(info.area)
        stray = two if a == mine else one
        kept = one if stray is two else two
        log.error("workbook-other-area", f"sheet THONG_TIN ghi {quote(stray.stated.district)}, còn {kept.path} ghi "
                  f"{quote(kept.stated.district)}: mọi xã sẽ bị tính chung vào {quote(info.area)}; bỏ tệp không thuộc "
                  "địa bàn, hoặc thêm sheet đơn vị có cột 'Khu vực'", file=str(stray.path))


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
