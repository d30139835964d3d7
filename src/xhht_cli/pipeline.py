"""compute(): read → validate → count per unit → indicators → standards and targets → Report."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .counts.ages import add_ages
from .cache.store import file_hash
from .read.sheet_counts import CachedSheet, Counted
from .counts.pairs import add
from .law.bundled import data_path
from .persons.duplicates import cross_file_duplicates, person_key_hashes
from .counts.gathered import Gathered, PersonRows
from .judge.evaluate import TOTAL, build_report
from .cache.run_view import FileStore
from .persons.strict import strict
from .read.model import BatchCounter, WorkbookInputs
from .read.inputs import folder_year, read_inputs
from .messages import Log, Message, XhhtError
from .read.workers import SpawnableHook, reader
from .law.plan import RECOGNITIONS, Plan, load_plan
from .read.causes import causes_first
from .read.commune_twice import commune_twice, units_with_persons
from .read.year_and_unit import (assign_labels, name_year_warnings, one_district_per_unit, resolve_units, resolve_year,
                                 year_mismatches)
from .report import Report, RunOptions
from .sources.commune_level import areas_of, check_conflicts, read_other_sources, status_for
from .counts.unit_index import UnitIndex
from .law.standards import Standards, load_standards
from .read.saved_reports import is_report, sum_inputs
from .read.whose_plan import districts_in_one_area, other_area, plan_file_warnings

if TYPE_CHECKING:
    from .read.person_table import PersonCounts
    from .sources.survey import SurveySheet

# The cold path's modules (facts, checks, the readers: pandas, pyarrow, fastexcel) are imported inside the
# functions that count person rows, so a run served entirely by the counts cache never loads them.

__all__ = ["Options", "Run", "compute", "run", "run_counted", "gather", "validate", "Gathered", "PersonRows", "build_report", "TOTAL"]


@dataclass
class Options:
    year: int | None = None
    plan: Path | None = None
    standards: Path | None = None
    ppc: str | None = None  # "all_disabled" (default from data) or "disabled_unable_only"
    strict: bool = False
    columns: Path | None = None  # YAML naming columns of unforeseen layouts
    keep_persons: bool = False  # keep person rows (with names) for --list-persons; never otherwise
    target_year: int | None = None  # the year --check judges (default: the plan year the survey year leads to)
    cache: bool = False  # use the counts cache (cache/store.py); the CLI turns it on unless --no-cache
    parallel: bool = True  # read and count commune workbooks in worker processes (read/workers.py)
    stream: bool = True  # count a CSV or Parquet survey batch by batch as it is read (read/batches.py)


@dataclass
class Run:
    """A compute run: the report, the counts behind it (for the forms and the persons list), the rules."""

    report: Report
    gathered: Gathered
    plan: Plan
    rules: Standards


# More units than this without a person are one warning that counts them (issue 18: a flood from one cause).
NO_DATA_FOLD = 3


def compute(paths: list[Path | str], options: Options | None = None,
            progress: Callable[[str], None] | None = None) -> Report:
    return run(paths, options, progress).report


def run(paths: list[Path | str], options: Options | None = None,
        progress: Callable[[str], None] | None = None) -> Run:
    opts = options or Options()
    plan = load_plan(opts.plan)
    rules = load_standards(opts.standards)
    path_list = [Path(p) for p in paths]
    if any(is_report(p) for p in path_list):  # saved reports named as files: summed with the rest
        g = sum_inputs(path_list, lambda ps, y: gather(ps, plan, rules, replace(opts, year=opts.year or y), progress,
                                                      units_only=True), plan, rules,
                       lambda year: run_options(replace(opts, year=opts.year or year), rules, plan, opts.year or year))
    else:
        g = gather(paths, plan, rules, opts, progress)
    _plan_file_first(g.log, opts, plan)
    report = build_report(plan, rules, g)
    report.options = run_options(opts, rules, plan, g.year)
    return Run(report, g, plan, rules)


def run_options(opts: Options, rules: Standards, plan: Plan, year: int) -> RunOptions:
    """What the report records of the options that change counting."""
    return RunOptions(year=year, ppc=opts.ppc or rules.ppc.exclude,
                      standards_sha256=file_hash(opts.standards or data_path("standards.yaml")), plan=plan.plan.id)


def run_counted(paths: list[Path | str], parts: list[tuple[str, PersonCounts]],
                options: Options | None = None) -> Run:
    """A report from person rows counted elsewhere (read.person_table.count_persons, on a cluster engine
    say) and the other inputs (the units sheet, commune tables): each part taken as a counts-cache hit is,
    named `name` in messages. Parts of one survey may be summed first (`a + b`): counts add."""
    opts = options or Options()
    years = {p.year for _, p in parts}
    if len(years) != 1:
        raise XhhtError([Message(severity="error", code="year-conflict", file=", ".join(n for n, _ in parts),
                                 message=f"các phần được đếm theo các năm khác nhau: {sorted(years)}")])
    year = years.pop()
    from .read.batches import StreamedSheet

    counted = []
    for name, p in parts:
        wb = WorkbookInputs(Path(name))
        wb.surveys.append(StreamedSheet(p.labels.sheet, p.labels, p.keys))  # type: ignore[arg-type]
        wb.early[p.labels.sheet] = Counted(p.counts, p.ages, p.messages, None, year)
        counted.append(wb)
    opts = replace(opts, year=year, cache=False, parallel=False, stream=False, keep_persons=False)
    plan, rules = load_plan(opts.plan), load_standards(opts.standards)
    g = gather(paths, plan, rules, opts, units_only=True, counted=counted)
    report = build_report(plan, rules, g)
    report.options = run_options(opts, rules, plan, g.year)
    return Run(report, g, plan, rules)


def gather(paths: list[Path | str], plan: Plan, rules: Standards, opts: Options,
           progress: Callable[[str], None] | None = None, units_only: bool = False,
           counted: list[WorkbookInputs] | None = None) -> Gathered:
    """read → validate → count per unit, for every input of one survey year. `counted`: workbooks whose
    surveys were counted elsewhere (run_counted)."""
    log = Log()
    path_list = [Path(p) for p in paths]
    folder = next((y for p in path_list if (y := folder_year(p)) is not None), None)

    def count(wb: WorkbookInputs, sheet: SurveySheet, year: int) -> Counted:
        """One sheet's persons counted per unit label (assigned to units afterwards)."""
        from .counts.ages import age_counts
        from .persons.checks import check_persons
        from .counts.pairs import person_counts
        from .persons.facts import derive

        local = Log()
        keys = sheet.counting_labels()  # before the facts: deriving them frees the codes it is made from
        facts = derive(sheet, year, rules, local, opts.ppc)
        check_persons(sheet, facts, local)
        kept = PersonRows(sheet, facts, sheet.row_labels()) if opts.keep_persons else None
        return Counted(person_counts(facts, keys, sheet.fields), age_counts(facts, keys), local.messages, kept, year)

    def hook(wb: WorkbookInputs, sheet: SurveySheet) -> object:
        year = opts.year or wb.stated.year or folder
        return None if year is None else count(wb, sheet, year)

    # --columns: which of its names each file holds is known only by reading the headers, so no cache then.
    store = FileStore(opts, folder, plan.plan.area) if opts.cache and not opts.keep_persons and not opts.columns else None
    # One salt per run for the duplicate-person keys: the cache folder's secret when the cache is used (its
    # entries hold keys hashed with it), else a fresh one, so that keys from every file compare.
    salt = (store.salt() if store else None) or secrets.token_hex(8).encode()
    columns = None
    if opts.columns:
        from .read.column_map import load_columns

        columns = load_columns(opts.columns)
    parallel = reader(hook, plan.plan.area, columns, salt, store.store_entry if store else None,
                      SpawnableHook(opts.standards, opts.ppc, opts.year, folder)) \
        if opts.parallel and not opts.keep_persons else None
    # A CSV or Parquet survey is counted batch by batch as it is read when its year is known before reading
    # (--year, the year folder, else a title row above the file's header); the persons list, asked for
    # explicitly, reads it again (read/later_persons.py).
    stream = BatchCounter(opts.year or folder, count, salt) if opts.stream else None
    inputs = read_inputs(path_list, plan.plan.area, log, progress, columns, hook,
                         store.lookup if store else None, store.keep if store else None, parallel, units_only,
                         store.keep_units if store else None, stream)
    inputs.workbooks.extend(counted or [])
    if columns is not None:
        from .read.column_map import check_found

        check_found(columns, inputs.headers, Path(opts.columns), log)
    if store is not None and store.failed:
        log.warning("cache-unwritable", f"không ghi được bộ nhớ đệm {store.cache.folder} ({store.failed}): "
                    "lần chạy vẫn tiếp tục, lần sau sẽ đọc lại từ đầu")
    if store is not None and store.cache.unverified:
        log.warning("cache-unverified", f"{store.cache.unverified} mục trong bộ nhớ đệm {store.cache.folder} không "
                    "khớp mã xác thực (đã bị sửa, hỏng, hoặc ghi với khóa bí mật khác của thư mục): các tệp đó "
                    "đã được đọc lại từ đầu")
    year = resolve_year(path_list, inputs, opts.year)
    name_year_warnings(inputs.files, year, log)
    year_mismatches(inputs, opts.year, log)
    units = resolve_units(inputs, plan, log)
    index = UnitIndex(units)
    assigned = [(wb, sheet, assign_labels(wb, sheet.labels, inputs, index, log)) for wb in inputs.workbooks
                for sheet in wb.surveys]
    one_district_per_unit([(wb, mapping) for wb, _, mapping in assigned], log)
    districts_in_one_area(plan, units, inputs.workbooks, log)
    log.raise_if_errors()
    if any(isinstance(sheet, CachedSheet) and getattr(wb.early.get(sheet.name), "year", None) != year
           for wb, sheet, _ in assigned):
        # counted from the cache for another year than this run's (a year stated in another file): count cold
        return gather(paths, plan, rules, replace(opts, cache=False, parallel=False, stream=False), progress,
                      units_only)

    def counted(item: tuple[WorkbookInputs, SurveySheet, dict[str, str]]) -> Counted:
        wb, sheet, mapping = item
        early = wb.early.get(sheet.name)
        c = early if isinstance(early, Counted) and early.year == year else count(wb, sheet, year)
        persons = c.persons
        if persons is not None:
            persons = PersonRows(persons.sheet, persons.facts, persons.unit.map(mapping))
        elif opts.keep_persons and getattr(sheet, "source", None) is not None:  # counted in batches: read again
            from .read.later_persons import LaterPersons

            persons = LaterPersons(sheet, mapping, year, opts.ppc)  # type: ignore[arg-type,assignment]
        return Counted(c.counts.relabel(mapping), c.ages.relabel(mapping), c.messages, persons, year)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(counted, assigned))
    same = cross_file_duplicates([(wb.path, sheet.person_keys if isinstance(sheet, CachedSheet)
                                   else person_key_hashes(sheet, salt)) for wb, sheet, _ in assigned], log)
    commune_twice([(wb.path, sheet.name, units_with_persons(c.counts)) for (wb, sheet, _), c in zip(assigned, results)],
                  {u.code: u.name for u in units}, log, same)
    for counted in results:
        log.extend(counted.messages)
    sources = [(f"{wb.path.name} · {sheet.name}", c.counts) for (wb, sheet, _), c in zip(assigned, results)]
    other = read_other_sources(inputs.others, inputs.units_file, units, index, log)
    log.raise_if_errors()
    check_conflicts(sources, other, log)
    log.raise_if_errors()
    table = add([t for _, t in sources] + [t for _, t in other.counts], [u.code for u in units])
    if other.covers_institutions:  # the list holds every institution of the area: a unit without any has 0 of 0
        table["inst_digital.src"] = np.maximum(table["inst_digital.src"], 1)
        table["clc_it.src"] = np.maximum(table["clc_it.src"], 1)
    empty = [u for u in units if sources and table.at(u.code, "rows") == 0]
    if len(empty) > NO_DATA_FOLD:  # one cause (files missing, a units sheet not matching them): one line
        log.warning("unit-no-data", f"{len(empty)} đơn vị không có người nào trong dữ liệu điều tra ("
                    + ", ".join(f"{u.code} {u.name}" for u in empty[:5]) + (" …" if len(empty) > 5 else "")
                    + "): các chỉ số tính từ phiếu điều tra là 'không có số liệu'. Nếu các đơn vị này có dữ liệu, "
                    "kiểm tra tệp của chúng có trong lần chạy và mã, tên, cột Tệp của sheet đơn vị khớp với các tệp")
    for u in empty if len(empty) <= NO_DATA_FOLD else ():
        log.warning("unit-no-data", f"đơn vị {u.code} ({u.name}) không có người nào trong dữ liệu điều tra: "
                    "các chỉ số tính từ phiếu điều tra là 'không có số liệu'")
    if opts.strict:
        log.messages = strict(log.messages)
        log.raise_if_errors()
    recognitions = {(area, rid): status_for(other.recognitions, area, rid, year) for area in areas_of(units, plan)
                    for rid in RECOGNITIONS}
    whose = other_area(plan, units, inputs.workbooks)
    if whose is not None:  # said before anything else (spec.md, "Whose plan")
        log.messages.insert(0, whose)
    return Gathered(year, units, table, log, recognitions, other.institutions,
                    add_ages([c.ages for c in results]), [c.persons for c in results if c.persons is not None],
                    units_only=not assigned and not other.counts and other.institutions is None,
                    province=_province(inputs.workbooks))


def _province(workbooks: list[WorkbookInputs]) -> str:
    """The province the data state, when they state exactly one (several provinces: none printed)."""
    stated = {wb.stated.province for wb in workbooks if wb.stated.province}
    return stated.pop() if len(stated) == 1 else ""


def validate(paths: list[Path | str], options: Options | None = None,
             progress: Callable[[str], None] | None = None) -> list[Message]:
    """Read and check only: every message a compute run would give about its inputs, errors and warnings."""
    return validate_read(paths, options, progress)[0]


def validate_read(paths: list[Path | str], options: Options | None = None,
                  progress: Callable[[str], None] | None = None) -> tuple[list[Message], int | None, int | None]:
    """validate, with what was read: (messages, persons counted, communes); None, None when reading stopped at
    an error."""
    opts = options or Options()
    plan = load_plan(opts.plan)
    rules = load_standards(opts.standards)
    try:
        g = gather(paths, plan, rules, opts, progress)
    except XhhtError as exc:
        return causes_first(exc.context), None, None
    _plan_file_first(g.log, opts, plan)
    persons = sum(int(g.table.at(u.code, "rows")) for u in g.units)
    return causes_first(g.log.messages), persons, len(g.units)  # the units of a survey year are its communes


def _plan_file_first(log: Log, opts: Options, plan: Plan) -> None:
    """A --plan file's `plan check` warnings, after plan-other-area and before the data's messages."""
    at = 1 if log.messages and log.messages[0].code == "plan-other-area" else 0
    log.messages[at:at] = plan_file_warnings(opts.plan, plan)


