"""Which survey year a run is, which units it has, and which unit each person belongs to (spec.md,
"Which unit a survey workbook belongs to" and "Which year")."""

from __future__ import annotations

from pathlib import Path

from .load import Inputs, WorkbookInputs, folder_year
from .messages import Log, fail
from .plan import Plan
from .sources.survey import UnitLabels
from .sources.units import Unit, UnitIndex, bare
from .textnorm import fold, slug


def resolve_year(paths: list[Path], inputs: Inputs, given: int | None) -> int:
    """--year; else a year stated in the data; else a folder named after the year; else an error."""
    if given is not None:
        return given
    stated = {wb.path: wb.stated.year for wb in inputs.workbooks if wb.stated.year is not None}
    years = sorted(set(stated.values()))
    if len(years) > 1:
        first = {y: next(wb for wb in inputs.workbooks if wb.stated.year == y) for y in years}
        other = first[years[-1]]
        raise fail("year-conflict", "các tệp ghi năm điều tra khác nhau: "
                   + "; ".join(f"{y} ({wb.path})" for y, wb in first.items()) + ". Dùng --year hoặc tách thành các "
                   "lần chạy", file=str(other.path), sheet=other.stated.sheet, row=other.stated.row)
    if years:
        return years[0]
    folders = sorted({y for p in paths if (y := folder_year(p)) is not None})
    if len(folders) > 1:
        raise fail("year-conflict", f"các thư mục ứng với nhiều năm: {', '.join(map(str, folders))}; chạy từng năm")
    if folders:
        return folders[0]
    raise fail("year-unknown", "không xác định được năm điều tra: dùng --year 2024, ghi 'Năm điều tra' trong sheet "
               "THONG_TIN, hoặc đặt tệp trong thư mục tên là năm (ví dụ 2024/)",
               file=", ".join(str(p) for p in paths))


def resolve_units(inputs: Inputs, plan: Plan, log: Log) -> list[Unit]:
    if inputs.units:
        return inputs.units
    names: list[str] = []
    for wb in inputs.workbooks:
        for sheet in wb.surveys:
            if sheet.labels.column is not None:
                names.extend(v for v in sheet.labels.labels if v not in names)
            elif wb.stated.unit and wb.stated.unit not in names:
                names.append(wb.stated.unit)
    if not names:
        raise fail("unit-unknown", "không có sheet đơn vị và dữ liệu không ghi xã/phường: thêm tệp đơn vị "
                   "(Mã đơn vị, Tên đơn vị, Khu vực, ĐBKK) hoặc cột Xã/Phường",
                   file=", ".join(str(wb.path) for wb in inputs.workbooks))
    log.warning("no-units-sheet", "không có sheet đơn vị: lấy đơn vị từ cột Xã/Phường của dữ liệu, coi mọi đơn vị "
                "là không ĐBKK và điều kiện bảo đảm chưa rõ")
    return [Unit(code=n, name=n, area=plan.plan.area) for n in names]


def assign_labels(wb: WorkbookInputs, sheet: UnitLabels, inputs: Inputs, index: UnitIndex, log: Log) -> dict[str, str]:
    """Each unit label of a survey sheet → its unit code: the sheet's unit column, else the workbook's single
    commune (label ""). A label without a unit is reported and left out of the mapping."""
    where = dict(file=str(wb.path), sheet=sheet.sheet)
    if sheet.column is not None:
        if sheet.blanks:
            rows = sheet.blank_rows
            log.error("unit-blank", f"{sheet.blanks} dòng không ghi xã/phường (dòng {', '.join(map(str, rows[:5]))}"
                      + (" …" if sheet.blanks > 5 else "") + ")", row=int(rows[0]), column=sheet.column, **where)
        mapping: dict[str, str] = {}
        for text, first in zip(sheet.labels, sheet.first_rows):
            code, candidates = index.lookup(text)
            if code is None:
                why = (f"khớp nhiều đơn vị: {', '.join(candidates)}" if candidates
                       else f"không có trong danh sách đơn vị; các đơn vị đã biết: {index.known()}")
                log.error("unit-unknown", f"xã/phường {text!r} {why}", row=int(first), column=sheet.column, **where)
            else:
                mapping[text] = code
        return mapping
    code = workbook_unit(wb, inputs, index, log)
    return {} if code is None else {"": code}


def workbook_unit(wb: WorkbookInputs, inputs: Inputs, index: UnitIndex, log: Log) -> str | None:
    """An official workbook holds one commune: the units sheet's file column, THONG_TIN or the title rows,
    then the file name; otherwise an error that says how to state it."""
    for u in index.units:
        if u.file and fold(Path(u.file).name) in (fold(wb.path.name), fold(wb.path.stem)):
            return u.code
    if wb.stated.unit:
        code, candidates = index.lookup(wb.stated.unit)
        if code is not None:
            return code
        if candidates or inputs.units:
            log.error("unit-unknown", f"xã/phường {wb.stated.unit!r} ghi ở {wb.stated.where} không khớp đơn vị nào; "
                      f"các đơn vị đã biết: {index.known()}", file=str(wb.path))
            return None
    stem = slug(wb.path.stem)
    hits = [u.code for u in index.units if stem in (slug(u.name), slug(u.code), slug(bare(u.name)))]
    if len(hits) == 1:
        return hits[0]
    log.error("unit-unknown", "không xác định được tệp này thuộc xã/phường nào: ghi tên tệp vào cột 'Tệp' của sheet "
              "đơn vị, ghi 'Xã/Phường' trong sheet THONG_TIN, hoặc đặt tên tệp theo tên xã (ví dụ phuong-my-phuoc.xlsx)",
              file=str(wb.path))
    return None


