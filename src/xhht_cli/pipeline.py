"""compute(): read → validate → count per unit → indicators → standards and targets → Report."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import __version__
from .counts import add, count_of, person_counts
from .ages import add_ages, age_counts
from .checks import check_persons, strict
from .columns import load_columns
from .facts import derive
from .indicators import BY_ID, INDICATORS
from .load import Inputs, WorkbookInputs, folder_year, read_inputs
from .messages import Log, Message, XhhtError, fail
from .plan import Plan, load_plan
from .report import Excluded, IndicatorRow, PlanRef, Report, StandardRow, ToolInfo, UnitRow
from .plan import RECOGNITIONS
from .report import InstitutionRow
from .sources.commune_level import areas_of, check_conflicts, read_other_sources, status_for
from .sources.institutions import TYPES
from .sources.survey import SurveySheet
from .sources.units import Unit, UnitIndex, bare
from .standards import Standards, evaluate_group, evaluate_unit, load_standards
from .targets import Scope, evaluate_targets
from .textnorm import fold, slug

TOTAL = "*"


@dataclass
class Options:
    year: int | None = None
    plan: Path | None = None
    standards: Path | None = None
    ppc: str | None = None  # "all_disabled" (default from data) or "disabled_unable_only"
    strict: bool = False
    columns: Path | None = None  # YAML naming columns of unforeseen layouts
    keep_persons: bool = False  # keep person rows (with names) for --list-persons; never otherwise


@dataclass
class Gathered:
    """Everything counted for one survey year, before any rule is applied: counts add, so several
    Gathered tables can be summed (e.g. regrouped into today's units) and then reported."""

    year: int
    units: list[Unit]
    table: pd.DataFrame  # counts per unit code (see counts.columns())
    log: Log
    recognitions: dict[tuple[str, str], bool | None] = field(default_factory=dict)  # (area, id) → status
    institutions: pd.DataFrame | None = None  # unit, type, total, digital
    ages: pd.DataFrame | None = None  # (unit, age) → the forms' rows (ages.AGE_ROWS)
    persons: list[PersonRows] = field(default_factory=list)  # only with Options.keep_persons


@dataclass
class PersonRows:
    """One sheet's persons with their facts and units, kept only to list who must still be reached."""

    sheet: SurveySheet
    facts: pd.DataFrame
    unit: pd.Series


@dataclass
class Counted:
    counts: pd.DataFrame
    ages: pd.DataFrame
    messages: list[Message]
    persons: PersonRows | None
    year: int
    units: pd.Series | None = None

    def persons_unit_equal(self, unit: pd.Series) -> bool:
        """Counted with the units the final assignment gives (an early count used the same rules)."""
        return self.units is not None and self.units.equals(unit)


@dataclass
class Run:
    """A compute run: the report, the counts behind it (for the forms and the persons list), the rules."""

    report: Report
    gathered: Gathered
    plan: Plan
    rules: Standards


def compute(paths: list[Path | str], options: Options | None = None,
            progress: Callable[[str], None] | None = None) -> Report:
    return run(paths, options, progress).report


def run(paths: list[Path | str], options: Options | None = None,
        progress: Callable[[str], None] | None = None) -> Run:
    opts = options or Options()
    plan = load_plan(opts.plan)
    rules = load_standards(opts.standards)
    g = gather(paths, plan, rules, opts, progress)
    return Run(build_report(plan, rules, g), g, plan, rules)


def gather(paths: list[Path | str], plan: Plan, rules: Standards, opts: Options,
           progress: Callable[[str], None] | None = None) -> Gathered:
    """read → validate → count per unit, for every input of one survey year."""
    log = Log()
    path_list = [Path(p) for p in paths]
    folder = next((y for p in path_list if (y := folder_year(p)) is not None), None)

    def count(wb: WorkbookInputs, sheet: SurveySheet, unit: pd.Series, year: int) -> Counted:
        local = Log()
        facts = derive(sheet, year, rules, local, opts.ppc)
        check_persons(sheet, facts, local)
        kept = PersonRows(sheet, facts, unit) if opts.keep_persons else None
        return Counted(person_counts(facts, unit, sheet.fields), age_counts(facts, unit), local.messages, kept, year,
                       unit)

    def prepare(partial: Inputs) -> Callable[[WorkbookInputs, SurveySheet], object] | None:
        """Once the units are known, count each commune workbook in the thread that read it."""
        if not partial.units:
            return None
        index = UnitIndex(partial.units)

        def hook(wb: WorkbookInputs, sheet: SurveySheet) -> object:
            year = opts.year or wb.stated.year or folder
            if year is None:
                return None
            local = Log()
            unit = assign_units(wb, sheet, partial, index, local)
            if local.errors:
                return None  # counted again, and the errors reported, once everything is read
            return count(wb, sheet, unit, year)

        return hook

    inputs = read_inputs(path_list, plan.plan.area, log, progress, load_columns(opts.columns), prepare)
    year = resolve_year(path_list, inputs, opts.year)
    stated = sorted({wb.stated.year for wb in inputs.workbooks if wb.stated.year is not None} - {year})
    if stated:
        log.warning("year-override", f"dữ liệu ghi năm {', '.join(map(str, stated))} nhưng --year là {year}: "
                    f"tuổi được tính theo năm {year}")
    units = resolve_units(inputs, plan, log)
    index = UnitIndex(units)
    assigned = [(wb, sheet, assign_units(wb, sheet, inputs, index, log)) for wb in inputs.workbooks
                for sheet in wb.surveys]
    log.raise_if_errors()

    def counted(item: tuple[WorkbookInputs, SurveySheet, pd.Series]) -> Counted:
        wb, sheet, unit = item
        early = wb.early.get(sheet.grid.sheet)
        if isinstance(early, Counted) and early.year == year and early.persons_unit_equal(unit):
            return early
        return count(wb, sheet, unit, year)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(counted, assigned))
    for counted in results:
        log.extend(counted.messages)
    sources = [(f"{wb.path.name} · {sheet.grid.sheet}", c.counts) for (wb, sheet, _), c in zip(assigned, results)]
    other = read_other_sources(inputs, units, index, log)
    log.raise_if_errors()
    check_conflicts(sources, other, log)
    log.raise_if_errors()
    table = add([t for _, t in sources] + [t for _, t in other.counts], [u.code for u in units])
    if other.covers_institutions:  # the list holds every institution of the area: a unit without any has 0 of 0
        table["inst_digital.src"] = table["inst_digital.src"].clip(lower=1)
        table["clc_it.src"] = table["clc_it.src"].clip(lower=1)
    for u in units:
        if sources and table.at[u.code, "rows"] == 0:
            log.warning("unit-no-data", f"đơn vị {u.code} ({u.name}) không có người nào trong dữ liệu điều tra: "
                        "các chỉ số tính từ phiếu điều tra là 'không có số liệu'")
    if opts.strict:
        log.messages = strict(log.messages)
        log.raise_if_errors()
    recognitions = {(area, rid): status_for(other.recognitions, area, rid, year) for area in areas_of(units, plan)
                    for rid in RECOGNITIONS}
    return Gathered(year, units, table, log, recognitions, other.institutions,
                    add_ages([c.ages for c in results]), [c.persons for c in results if c.persons is not None])


def validate(paths: list[Path | str], options: Options | None = None,
             progress: Callable[[str], None] | None = None) -> list[Message]:
    """Read and check only: every message a compute run would give about its inputs, errors and warnings."""
    opts = options or Options()
    plan = load_plan(opts.plan)
    rules = load_standards(opts.standards)
    try:
        return gather(paths, plan, rules, opts, progress).log.messages
    except XhhtError as exc:
        return exc.context


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
            if "unit" in sheet.frame:
                names.extend(v for v in sheet.frame["unit"].dropna().unique() if v not in names)
            elif wb.stated.unit and wb.stated.unit not in names:
                names.append(wb.stated.unit)
    if not names:
        raise fail("unit-unknown", "không có sheet đơn vị và dữ liệu không ghi xã/phường: thêm tệp đơn vị "
                   "(Mã đơn vị, Tên đơn vị, Khu vực, ĐBKK) hoặc cột Xã/Phường",
                   file=", ".join(str(wb.path) for wb in inputs.workbooks))
    log.warning("no-units-sheet", "không có sheet đơn vị: lấy đơn vị từ cột Xã/Phường của dữ liệu, coi mọi đơn vị "
                "là không ĐBKK và điều kiện bảo đảm chưa rõ")
    return [Unit(code=n, name=n, area=plan.plan.area) for n in names]


def assign_units(wb: WorkbookInputs, sheet: SurveySheet, inputs: Inputs, index: UnitIndex, log: Log) -> pd.Series:
    """Each person's unit code: from the sheet's unit column, else the workbook's single commune."""
    where = dict(file=str(wb.path), sheet=sheet.grid.sheet)
    frame = sheet.frame
    if "unit" in frame:
        values = frame["unit"]
        blank = values.isna()
        if blank.any():
            rows = frame.loc[blank, "_row"]
            log.error("unit-blank", f"{len(rows)} dòng không ghi xã/phường (dòng {', '.join(map(str, rows.iloc[:5]))}"
                      + (" …" if len(rows) > 5 else "") + ")", row=int(rows.iloc[0]),
                      column=sheet.columns["unit"], **where)
        mapping: dict[str, str] = {}
        for text in values.dropna().unique():
            code, candidates = index.lookup(text)
            if code is None:
                first = int(frame.loc[values == text, "_row"].iloc[0])
                why = (f"khớp nhiều đơn vị: {', '.join(candidates)}" if candidates
                       else f"không có trong danh sách đơn vị; các đơn vị đã biết: {index.known()}")
                log.error("unit-unknown", f"xã/phường {text!r} {why}", row=first, column=sheet.columns["unit"], **where)
            else:
                mapping[text] = code
        return values.map(mapping)
    code = workbook_unit(wb, inputs, index, log)
    return pd.Series(code, index=frame.index)


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


def build_report(plan: Plan, rules: Standards, g: Gathered) -> Report:
    """indicators → standards and targets → Report, from a counts table."""
    year, units, table = g.year, g.units, g.table.copy()
    log = Log()
    log.extend(g.log.messages)  # the report's own notes are added to a copy: building twice gives the same
    areas: dict[str, list[str]] = {}
    for u in units:
        areas.setdefault(u.area or plan.plan.area, []).append(u.code)
    for area, members in areas.items():
        table.loc[area] = table.loc[members].sum()
    if len(areas) > 1:
        table.loc[TOTAL] = table.loc[[u.code for u in units]].sum()

    unit_rows = [UnitRow(code=u.code, name=u.name, kind="commune", parent=u.area or plan.plan.area, dbkk=u.dbkk)
                 for u in units]
    unit_rows += [UnitRow(code=a, name=a, kind="area", parent=TOTAL if len(areas) > 1 else None) for a in areas]
    if len(areas) > 1:
        unit_rows.append(UnitRow(code=TOTAL, name="Tổng", kind="total"))

    no_birth = int(table.loc[[u.code for u in units], "no_birth_year"].sum())
    if no_birth:
        log.warning("no-birth-year", f"{no_birth} người không có năm sinh đọc được: không thuộc độ tuổi nào")

    indicator_rows = [_indicator_row(r.code, table.loc[r.code], ind.id) for r in unit_rows for ind in INDICATORS]

    levels: dict[tuple[str, str], StandardRow] = {}
    standard_rows: list[StandardRow] = []
    for u in units:
        earlier: dict[str, StandardRow] = {}
        counts = {ind.id: count_of(table.loc[u.code], ind.id) for ind in INDICATORS}
        for std in rules.evaluation_order():
            row = evaluate_unit(std, u.code, counts, u.dbkk, earlier, u.conditions.get(std.id, "unknown"))
            earlier[std.id] = levels[(u.code, std.id)] = row
    for std in rules.standards:
        for area, members in areas.items():
            ms = [levels[(m, std.id)] for m in members]
            levels[(area, std.id)] = evaluate_group(std, area, [m.level for m in ms],
                                                    any(m.provisional for m in ms), "area")
        if len(areas) > 1:
            ms = [levels[(a, std.id)] for a in areas]
            levels[(TOTAL, std.id)] = evaluate_group(std, TOTAL, [m.level for m in ms],
                                                     any(m.provisional for m in ms), "province")
    for r in unit_rows:
        standard_rows.extend(levels[(r.code, std.id)] for std in rules.standards)
    _condition_messages(units, rules, log)
    _empty_cohort_messages(units, rules, levels, log)
    unknown_sex = int(table.loc[[u.code for u in units], "sex_unknown"].sum())
    if unknown_sex:
        log.warning("sex-unknown", f"{unknown_sex} người không rõ giới tính: độ tuổi lao động của họ xét theo tuổi "
                    "nghỉ hưu của nữ (thấp hơn), nên không ai bị tính thừa")

    scopes = [Scope(u.code, "commune", {i.id: count_of(table.loc[u.code], i.id) for i in INDICATORS}, [])
              for u in units]
    scopes += [Scope(a, "area", {i.id: count_of(table.loc[a], i.id) for i in INDICATORS}, m) for a, m in areas.items()]
    if len(areas) > 1:
        scopes.append(Scope(TOTAL, "total", {i.id: count_of(table.loc[TOTAL], i.id) for i in INDICATORS}, list(areas)))
    target_rows = evaluate_targets(plan, rules, scopes, levels, g.recognitions)

    return Report(tool=ToolInfo(version=__version__), year=year, plan=PlanRef(id=plan.plan.id, title=plan.plan.title),
                  units=unit_rows, indicators=indicator_rows, standards=standard_rows, targets=target_rows,
                  messages=log.messages, institutions=_institution_rows(g.institutions, unit_rows, areas))


def _institution_rows(breakdown: pd.DataFrame | None, unit_rows: list[UnitRow],
                      areas: dict[str, list[str]]) -> list[InstitutionRow]:
    """inst_digital and clc_it by institution type, per unit, area and total (sums of counts)."""
    if breakdown is None:
        return []
    by = {(str(r.unit), str(r.type)): (int(r.total), int(r.digital)) for r in breakdown.itertuples()}
    members = {**{u.code: [u.code] for u in unit_rows if u.kind == "commune"}, **areas,
               TOTAL: [m for ms in areas.values() for m in ms]}
    rows = []
    for u in unit_rows:
        for kind, label in TYPES.items():
            total = sum(by.get((m, kind), (0, 0))[0] for m in members[u.code])
            digital = sum(by.get((m, kind), (0, 0))[1] for m in members[u.code])
            if total:
                rows.append(InstitutionRow(unit=u.code, type=kind, label=label, total=total, digital=digital))
    return rows


def _indicator_row(unit: str, row: pd.Series, ind: str) -> IndicatorRow:
    if row[f"{ind}.src"] == 0:
        return IndicatorRow(unit=unit, indicator=ind, numerator=None, denominator=None, value=None,
                            excluded=Excluded(disabled=None, moved_away=None, deceased=None), unrecorded=None)
    num, den = int(row[f"{ind}.num"]), int(row[f"{ind}.den"])
    return IndicatorRow(unit=unit, indicator=ind, numerator=num, denominator=den, value=num / den if den else None,
                        excluded=Excluded(disabled=int(row[f"{ind}.disabled"]), moved_away=int(row[f"{ind}.moved"]),
                                          deceased=int(row[f"{ind}.deceased"])),
                        unrecorded=int(row[f"{ind}.unrec"]))


def _empty_cohort_messages(units: list[Unit], rules: Standards, levels: dict[tuple[str, str], StandardRow],
                           log: Log) -> None:
    """A criterion over nobody holds (no one is left out); say so, so that nobody mistakes it for a result."""
    for u in units:
        empty = sorted({c.indicator for std in rules.standards for c in levels[(u.code, std.id)].criteria
                        if c.kind == "indicator" and c.denominator == 0 and c.indicator})
        if empty:
            log.warning("empty-cohort", f"{u.code} ({u.name}): không có ai trong diện của "
                        + "; ".join(f"“{BY_ID[i].label}” ({i})" for i in empty) + "; tiêu chí được coi là đạt")


def _condition_messages(units: list[Unit], rules: Standards, log: Log) -> None:
    if not any(u.conditions for u in units):
        log.warning("conditions-unknown", "không có số liệu điều kiện bảo đảm (TT 07/2016, Đ.3–6): mức đạt chuẩn "
                    "chỉ tính từ tỷ lệ; điều kiện ghi là chưa rõ")
        return
    for std in rules.standards:
        unknown = [u.code for u in units if u.conditions.get(std.id, "unknown") == "unknown"]
        if unknown:
            log.warning("conditions-unknown", f"điều kiện bảo đảm {std.short} chưa rõ ở {', '.join(unknown)}: "
                        "giữ mức tính được từ tỷ lệ")
