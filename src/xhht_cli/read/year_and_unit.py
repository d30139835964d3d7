"""Which survey year a run is, which units it has, and which unit each person belongs to (spec.md,
"Which unit a survey workbook belongs to" and "Which year")."""

from __future__ import annotations

from pathlib import Path

from ..messages import quote
from ..io.sameness import name_years
from .model import Inputs, WorkbookInputs
from .inputs import folder_year
from ..messages import Log, fail
from ..law.plan import Plan
from ..sources.labels import UnitLabels
from ..counts.unit_index import Unit, UnitIndex, area_key, bare, names_admin_area
from ..io.textnorm import fold, slug


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


def year_mismatches(inputs: Inputs, given: int | None, log: Log) -> None:
    """A year stated in a workbook (THONG_TIN, a title row) other than --year, or than the name of the year
    folder the file lies in, is one error naming the file and both years (spec.md, "Which year"): last
    year's survey in this year's folder, which would otherwise be counted in with every person a year
    off (and the born-after-the-survey warnings as the only trace)."""
    for wb in inputs.workbooks:
        stated = wb.stated.year
        if stated is None:
            continue
        where = dict(file=str(wb.path), sheet=wb.stated.sheet, row=wb.stated.row)
        if given is not None and stated != given:
            log.error("year-mismatch", f"tệp ghi năm điều tra {stated} nhưng lần chạy dùng --year {given}: nếu đây là "
                      f"dữ liệu năm {stated}, chạy với --year {stated} hoặc chuyển tệp ra khỏi lần chạy; nếu năm ghi "
                      "trong tệp sai, sửa lại ô đó", **where)
            continue
        folder = folder_year(wb.path)
        if given is None and folder is not None and stated != folder:
            log.error("year-mismatch", f"tệp ghi năm điều tra {stated} nhưng nằm trong thư mục năm {folder}: có thể là "
                      f"dữ liệu năm {stated} để nhầm thư mục; chuyển tệp sang thư mục {stated}, hoặc sửa năm ghi trong "
                      "tệp nếu năm đó sai", **where)


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
    clash = [n for n in names if fold(n) == fold(plan.plan.area)]
    if clash:  # the area's own row has this code: two report rows with one code
        log.error("unit-code-is-area", f"xã/phường {quote(clash[0])} trùng tên khu vực của kế hoạch: ghi tên xã/phường "
                  "trong cột Xã/Phường, hoặc thêm tệp đơn vị với mã xã chính thức")
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
                log.error("unit-unknown", f"xã/phường {quote(text)} {why}", row=int(first), column=sheet.column, **where)
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
            _same_commune(wb, u, "cột 'Tệp' của sheet đơn vị gán tệp này cho", index, log)
            _same_area(wb, u, log)
            return u.code
    if wb.stated.unit:
        code, candidates = index.lookup(wb.stated.unit)
        if code is not None:
            named = units_in_file_name(wb.path.stem, index.units)
            if len(named) == 1:
                _same_commune(wb, named[0], "tên tệp là của", index, log)
            _same_area(wb, index.by_code.get(code), log)
            return code
        if candidates or inputs.units:
            log.error("unit-unknown", f"xã/phường {quote(wb.stated.unit)} ghi ở {wb.stated.where} không khớp đơn vị nào; "
                      f"các đơn vị đã biết: {index.known()}", file=str(wb.path))
            return None
    hits = units_in_file_name(wb.path.stem, index.units)
    if len(hits) == 1:
        return hits[0].code
    if len(hits) > 1:
        log.error("unit-unknown", "tên tệp chứa tên của nhiều xã/phường: "
                  + ", ".join(u.name for u in hits) + "; ghi tên tệp vào cột 'Tệp' của sheet đơn vị, ghi "
                  "'Xã/Phường' trong sheet THONG_TIN, hoặc đổi tên tệp cho chỉ chứa tên một xã", file=str(wb.path))
        return None
    log.error("unit-unknown", "không xác định được tệp này thuộc xã/phường nào: ghi tên tệp vào cột 'Tệp' của sheet "
              "đơn vị, ghi 'Xã/Phường' trong sheet THONG_TIN, hoặc đặt tên tệp theo tên xã (ví dụ phuong-my-phuoc.xlsx)",
              file=str(wb.path))
    return None




def _same_commune(wb: WorkbookInputs, unit: Unit, source: str, index: UnitIndex, log: Log) -> None:
    """THONG_TIN naming another commune than the one the file is given to (by the units sheet's `Tệp`
    column or by its own name) is an error naming both: last year's file of the commune next door, a
    units sheet one row off. Only a name that is another unit's, unambiguously, counts."""
    if not wb.stated.unit:
        return
    code, _ = index.lookup(wb.stated.unit)
    if code is not None and code != unit.code:
        other = index.by_code[code]
        log.error("workbook-other-commune", f"{wb.stated.where} ghi xã/phường {quote(wb.stated.unit)} ({other.code}) "
                  f"nhưng {source} {unit.name} ({unit.code}): tệp có thể là của xã khác, hoặc ghi nhầm; sửa ô đó, "
                  "cột 'Tệp' của sheet đơn vị hoặc tên tệp cho khớp", file=str(wb.path))


def _same_area(wb: WorkbookInputs, unit: Unit | None, log: Log) -> None:
    """THONG_TIN naming another district or province than the units sheet's area of the file's commune is
    an error naming both (a commune of another district that bears the same name). Compared only when the
    units sheet names a district or province (not a grouping of its own, such as "Cụm 1")."""
    stated = [s for s in (wb.stated.district, wb.stated.province) if s]
    if unit is None or not stated or not unit.area_given or not names_admin_area(unit.area):
        return
    if area_key(unit.area) in {area_key(s) for s in stated}:
        return
    said = " / ".join(quote(s) for s in stated)
    log.error("workbook-other-area", f"sheet THONG_TIN ghi địa bàn {said} nhưng sheet đơn vị xếp {unit.name} "
              f"({unit.code}) vào {quote(unit.area)}: tệp có thể là của xã cùng tên ở huyện khác; kiểm tra lại tệp "
              "hoặc cột 'Khu vực' của sheet đơn vị", file=str(wb.path))


def one_district_per_unit(assigned: list[tuple[WorkbookInputs, dict[str, str]]], log: Log) -> None:
    """Two workbooks given to one commune whose THONG_TIN name different districts are two communes of one
    name in two districts, merged: an error naming both files and both districts (the units sheet, where
    there is one, has already been compared with each)."""
    first: dict[str, WorkbookInputs] = {}
    for wb, mapping in assigned:
        code = mapping.get("")
        if code is None or not wb.stated.district:
            continue
        seen = first.setdefault(code, wb)
        if seen is not wb and area_key(seen.stated.district) != area_key(wb.stated.district):
            log.error("workbook-other-area", f"hai tệp cùng được tính cho xã/phường {code} nhưng sheet THONG_TIN ghi hai "
                      f"huyện khác nhau: {quote(seen.stated.district)} ({seen.path}) và {quote(wb.stated.district)}: "
                      "có thể là hai xã cùng tên ở hai huyện; thêm sheet đơn vị với mã xã chính thức và cột 'Tệp', "
                      "hoặc bỏ tệp không thuộc địa bàn", file=str(wb.path))


def name_year_warnings(files: list[Path], year: int, log: Log) -> None:
    """A file whose name carries another calendar year ("dieu-tra-2023.xlsx" in a 2024 run) is a warning
    naming it: last year's survey left in this year's folder would be counted in. A warning even with
    --strict: it is about a name, not the data (spec.md, "The same data twice")."""
    for f in files:
        other = sorted(name_years(f.name) - {year})
        if other:
            log.warning("file-name-year", f"tên tệp mang năm {', '.join(map(str, other))} nhưng năm điều tra của lần "
                        f"chạy là {year}: nếu đây là dữ liệu năm khác, chuyển tệp ra khỏi thư mục", file=str(f))


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(t for t in slug(text).split("-") if t)


def units_in_file_name(stem: str, units: list[Unit]) -> list[Unit]:
    """The units a file name names: the whole name is a unit's code or name, or it contains one unit's name
    as whole words, ignoring case, diacritics, separators (_ - . space), prefixes such as "PCGD_2024_",
    suffixes such as " (đã sửa)" and the kind word (Xã, Phường, Thị trấn). A name found only inside a
    longer one that also matches ("Phú" inside "Tân Phú") is not a second candidate."""
    words = _tokens(stem)
    exact = [u for u in units if words and words in (_tokens(u.name), _tokens(u.code), _tokens(bare(u.name)))]
    if exact:
        return exact
    spans: list[tuple[Unit, int, int]] = []
    for u in units:
        # A bare number ("Phường 1") is too common in file names to stand alone: it needs its kind word.
        forms = {_tokens(u.name)} | ({_tokens(bare(u.name))} if not bare(u.name).isdigit() else set())
        found = [(i, i + len(f)) for f in forms if f for i in range(len(words) - len(f) + 1)
                 if words[i:i + len(f)] == f]
        if found:
            start, end = min(found, key=lambda s: (s[0], -s[1]))
            spans.append((u, start, end))
    inside = {id(u) for u, s, e in spans for v, s2, e2 in spans
              if v is not u and s2 <= s and e <= e2 and (e2 - s2) > (e - s)}
    return [u for u, _, _ in spans if id(u) not in inside]
