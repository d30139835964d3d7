"""Read every input: expand folders, open sheets in parallel, and sort each sheet into what it holds
(units, survey persons, the workbook's own information). Nothing is computed here."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .io.suffixes import SUPPORTED, TABLE_SUFFIXES
from .io.sheetxml import listed_sheets
from .io.limits import quote
from .io.sameness import identical, own_output
from .messages import Log, Message, XhhtError, fail
from .sources.info import Stated
from .textnorm import fold
from .years import YEAR_MAX, YEAR_MIN, folder_name_year

if TYPE_CHECKING:  # the readers (pandas, pyarrow, fastexcel) are imported only when a file is read cold
    from .columns import ColumnMap
    from .io.excel import Grid
    from .io.headers import Header
    from .sources.kind import Other
    from .sources.survey import SurveySheet
    from .sources.unitindex import Unit

INFO_SHEETS = {"thong tin"}
LOOKUP_SHEETS = {"dulieu", "du lieu", "matruong", "ma truong", "huong dan", "huongdan"}
Progress = Callable[[str], None]


@dataclass
class WorkbookInputs:
    path: Path
    surveys: list[SurveySheet] = field(default_factory=list)
    stated: Stated = field(default_factory=Stated)  # from THONG_TIN, then title rows
    early: dict[str, object] = field(default_factory=dict)  # sheet → what an early-count hook returned


# Called in a reader thread with a workbook's stated information and each survey sheet: counting there
# (per unit label, so the units need not be known yet) overlaps one workbook's counting with the next one's
# parsing.
EarlyHook = Callable[["WorkbookInputs", "SurveySheet"], object]


@dataclass
class UnitsRead:
    """What a file holding only a units sheet gives a run: its units, the sheet's name, the header names found."""

    units: list[Unit]
    sheet: str
    headers: list[tuple[str, list[str]]]  # (kind, header names), for the --columns check


@dataclass
class Hit:
    """A file served by the counts cache: the workbook as a cold read leaves it (or the units sheet it
    holds) and its reading's messages."""

    wb: WorkbookInputs | None
    messages: list[Message]
    master: bool  # a commune workbook (DATA sheet): read in the second batch, so ordered with them
    units: UnitsRead | None = None


# The counts cache, seen from the reader: `lookup` (in a reader thread) may serve a file; `keep` is offered
# every workbook that holds only surveys, with the messages its reading gave; `keep_units` every file that
# holds only the units sheet.
Lookup = Callable[[Path], Hit | None]
Keep = Callable[["WorkbookInputs", list[Message], bool], None]
KeepUnits = Callable[[Path, UnitsRead, list[Message]], None]
Parallel = Callable[[list[Path]], dict[Path, Hit]]


def read_file(f: Path, sheets: list[str], survey_fields: dict[str, tuple[str, ...]],
              hook: EarlyHook | None) -> tuple[Path, list[SheetRead], WorkbookInputs, list[Message]]:
    """Read one file's planned sheets; survey sheets are counted by `hook` as soon as they are read."""
    from .io.excel import Grid, open_workbook, read_grid
    from .sources.info import from_info_sheet
    from .sources.registry import PERSONS

    wb = WorkbookInputs(f)
    reads: list[SheetRead] = []
    try:
        reader = open_workbook(f)
        for s in sheets:  # THONG_TIN before DATA: the hook needs what the workbook says of itself
            # A commune's DATA sheet, a CSV or a Parquet table is read for the survey's columns only
            # (half of an official sheet's 51).
            assert PERSONS.wanted_columns is not None and PERSONS.read_persons is not None
            want = (lambda head, name=s: PERSONS.wanted_columns(Grid(f, name, head), survey_fields)) \
                if fold(s) == "data" or f.suffix.lower() in TABLE_SUFFIXES else None
            grid = read_grid(f, s, reader, want)
            read = SheetRead(s, grid)
            if fold(s) in INFO_SHEETS:
                wb.stated = from_info_sheet(grid)
            else:
                header = PERSONS.find(grid, survey_fields)
                if header is not None:
                    local = Log()
                    sheet = PERSONS.read_persons(grid, header, local, survey_fields)
                    grid.release()  # the survey's columns are in sheet.frame now
                    read.survey = (header, sheet, local.messages)
                    if hook is not None:
                        wb.early[s] = hook(wb, sheet)
            reads.append(read)
    except XhhtError as exc:
        return f, reads, wb, exc.messages
    return f, reads, wb, []


def classify_alone(f: Path, reads: list[SheetRead], wb: WorkbookInputs, default_area: str,
                   columns: ColumnMap) -> list[Message] | None:
    """Classify a file read in another process: the messages its reading gave, or None when it holds more
    than surveys (a units sheet, a commune table…) or an error, for the main process to read it itself."""
    inputs, log, skipped = Inputs(), Log(), []  # type: ignore[var-annotated]
    _classify(f, reads, wb, inputs, skipped, default_area, log, columns)
    only_surveys = all(fold(r.sheet) in INFO_SHEETS or r.survey is not None for r in reads)
    if not wb.surveys or not only_surveys or inputs.workbooks != [wb] or inputs.units or inputs.others \
            or skipped or log.errors:
        return None
    return log.messages


@dataclass
class SheetRead:
    sheet: str
    grid: Grid
    survey: tuple[Header, SurveySheet, list[Message]] | None = None


@dataclass
class Inputs:
    workbooks: list[WorkbookInputs] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    units_file: str | None = None
    others: list[Other] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # every data file read (not xhht's own outputs)
    # (kind of table, file, header names) of every table found: --columns names are checked against them
    headers: list[tuple[str, Path, list[str]]] = field(default_factory=list)


def expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUPPORTED
                           and not f.name.startswith(("~$", ".")))
            if not found:
                years = sorted(d.name for d in p.iterdir() if d.is_dir() and folder_year(d / "x") is not None)
                hint = (f"; thư mục có các năm {', '.join(years)}: chạy xhht compute {p / years[-1]} cho một năm, "
                        f"hoặc xhht trend {p} cho nhiều năm") if years else ""
                raise fail("no-input", "thư mục không có tệp .xlsx, .xls, .csv hoặc .parquet nào" + hint, file=str(p))
            files.extend(found)
        elif p.is_file():
            if p.suffix.lower() not in SUPPORTED:
                raise fail("unsupported-file", f"không hỗ trợ loại tệp {p.suffix!r} (cần .xlsx, .xls, .ods, .csv hoặc .parquet)",
                           file=str(p))
            files.append(p)
        else:
            raise fail("file-not-found", "không tìm thấy tệp hoặc thư mục", file=str(p))
    # A file named twice (a folder and a file in it) is read once: its persons must not count twice.
    return list({f.resolve(): f for f in files}.values())


def _without_own_outputs(files: list[Path], log: Log) -> list[Path]:
    """xhht's own reports, persons lists and message lists found among the inputs are skipped with a
    note: read as data they would count their figures (or their persons) a second time."""
    kept = []
    for f in files:
        kind = own_output(f)
        if kind is None:
            kept.append(f)
        else:
            log.warning("own-output-skipped", f"tệp là {kind} do xhht tạo ra, không phải dữ liệu: bỏ qua", file=str(f))
    return kept


def _may_be_master(path: Path) -> bool:
    """Whether a workbook seems to hold a DATA sheet, by the names its workbook.xml lists: such files are
    handed to worker processes, which plan and check them exactly (the zip check, a few tenths of a second
    per commune workbook, then runs on both cores)."""
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        return False
    names = listed_sheets(path)
    return names is not None and any(fold(n) == "data" for n in names)


def plan_sheets(path: Path) -> list[str]:
    from .io.excel import sheet_names

    names = sheet_names(path)
    folded = {fold(n): n for n in names}
    if "data" in folded:  # the commune master: the MauNhapLieu sheets repeat the same persons
        return [n for f, n in folded.items() if f in INFO_SHEETS] + [folded["data"]]
    return [n for n in names if fold(n) not in LOOKUP_SHEETS]


def column_map(columns: ColumnMap | None) -> ColumnMap:
    """The --columns map, or the built-in one (imported only when some file is read: it names the readers)."""
    if columns is not None:
        return columns
    from .columns import DEFAULT

    return DEFAULT


def read_inputs(paths: list[Path], default_area: str, log: Log, progress: Progress | None = None,
                columns: ColumnMap | None = None, hook: EarlyHook | None = None, lookup: Lookup | None = None,
                keep: Keep | None = None, parallel: Parallel | None = None, units_only: bool = False,
                keep_units: KeepUnits | None = None) -> Inputs:
    """Read every input. Commune workbooks (with a DATA sheet) are read last, after the units sheet and
    the other small files; `hook` counts each survey sheet in the thread that read it. Files `lookup`
    serves from the cache are not opened at all; `parallel` may read and count commune workbooks in other
    processes, handing back what the cache would."""
    files = _without_own_outputs(expand(paths), log)
    same = identical(files)
    if same:
        raise XhhtError([Message(severity="error", code="identical-files", file=str(b),
                                 message=f"tệp giống hệt từng byte tệp {a}: cùng dữ liệu lưu hai lần sẽ bị đếm hai lần; "
                                 "xóa hoặc chuyển một trong hai tệp ra khỏi dữ liệu vào") for a, b in same])
    hits: dict[Path, Hit] = {}
    if lookup is not None:
        with ThreadPoolExecutor(max_workers=2) as pool:  # hashing releases the GIL
            hits = {f: h for f, h in zip(files, pool.map(lookup, files)) if h is not None}
    if parallel is not None:  # before any thread of ours runs: the workers are forked
        hits.update(parallel([f for f in files if f not in hits and _may_be_master(f)]))
    plans = {f: plan_sheets(f) for f in files if f not in hits}
    masters = [f for f in files if (hits[f].master if f in hits else any(fold(s) == "data" for s in plans[f]))]
    inputs = Inputs(files=list(files))
    skipped: list[tuple[Path, str, int]] = []
    survey_fields: dict[str, tuple[str, ...]] = {}
    if len(hits) < len(files):  # some file is read here: the readers are needed
        from .sources.registry import PERSONS

        columns = column_map(columns)
        survey_fields = columns.aliases(PERSONS.name)

    # fastexcel parses outside the GIL, so two threads read two workbooks at once on two cores.
    errors: list[Message] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for batch in ([f for f in files if f not in masters], masters):
            done = pool.map(lambda f: read_file(f, plans[f], survey_fields, hook), [f for f in batch if f not in hits])
            for f in batch:
                if f in hits:  # in the place a cold read would have classified it
                    _served(f, hits[f], inputs, log)
                else:
                    f, reads, wb, errs = next(done)
                    errors.extend(errs)
                    if not errs:
                        before = (len(log.messages), inputs.units_file, len(inputs.others), len(skipped))
                        _classify(f, reads, wb, inputs, skipped, default_area, log, column_map(columns))
                        _nothing_read(f, plans[f], inputs, skipped, log)
                        found = log.messages[before[0]:]
                        only_surveys = all(fold(r.sheet) in INFO_SHEETS or r.survey is not None for r in reads)
                        alone = before[2:] == (len(inputs.others), len(skipped)) \
                            and not any(m.severity == "error" for m in found)
                        if keep is not None and wb.surveys and only_surveys and inputs.workbooks[-1:] == [wb] \
                                and alone and before[1] == inputs.units_file:
                            keep(wb, found, f in masters)
                        elif keep_units is not None and alone and before[1] is None and inputs.units_file \
                                and inputs.units_file.startswith(f"{f.name}!") and not wb.surveys \
                                and inputs.workbooks[-1:] != [wb]:  # a units sheet alone (don-vi.xlsx)
                            keep_units(f, UnitsRead(inputs.units, inputs.units_file[len(f.name) + 1:],
                                                    [(k, names) for k, p, names in inputs.headers if p == f]), found)
                if progress:
                    progress(f.name)
            if errors:
                raise XhhtError(errors)
    log.raise_if_errors()
    # Keep the order the files were given in, whichever batch read them.
    inputs.workbooks.sort(key=lambda wb: files.index(wb.path))
    if not any(wb.surveys for wb in inputs.workbooks) and not _gives_counts(inputs.others) \
            and not (units_only and inputs.units):  # a units sheet beside saved reports
        wanted = ("cần sheet điều tra (có cột Năm sinh), bảng số liệu cấp xã, danh sách cơ sở giáo dục hoặc bảng "
                  "mô hình học tập, với dòng tiêu đề trong 20 dòng đầu")
        errors = [Message(severity="error", code="no-table", file=str(f), sheet=s,
                          message=("sheet trống" if not rows else "không nhận ra bảng nào") + f"; {wanted}")
                  for f, s, rows in skipped]
        errors += [Message(severity="error", code="no-table", file=str(f), message=f"tệp không có sheet nào; {wanted}")
                   for f in files if not plans.get(f, True)]
        raise XhhtError(errors or [Message(severity="error", code="no-data", file=", ".join(map(str, paths)),
                                           message=f"không tìm thấy bảng dữ liệu nào; {wanted}")])
    return inputs


def _served(f: Path, hit: Hit, inputs: Inputs, log: Log) -> None:
    """A file served by the cache, sorted as its cold read would have been."""
    if hit.units is None:
        assert hit.wb is not None
        log.extend(hit.messages)
        inputs.workbooks.append(hit.wb)
    elif inputs.units_file is not None:  # what _sort_sheet says of a second units sheet, and nothing else
        _units_twice(f, hit.units.sheet, inputs, log)
    else:
        log.extend(hit.messages)
        inputs.headers.extend((kind, f, names) for kind, names in hit.units.headers)
        inputs.units = hit.units.units
        inputs.units_file = f"{f.name}!{hit.units.sheet}"


def _units_twice(f: Path, sheet: str, inputs: Inputs, log: Log) -> None:
    log.error("units-twice", f"đã có sheet đơn vị trong {inputs.units_file}; chỉ dùng một sheet "
              "đơn vị cho một lần chạy", file=str(f), sheet=sheet)


def _gives_counts(others: list[Other]) -> bool:
    if not others:
        return False
    from .sources.registry import BY_NAME

    return any(BY_NAME[o.kind].gives_counts for o in others)


def _classify(f: Path, reads: list[SheetRead], wb: WorkbookInputs, inputs: Inputs,
              skipped: list[tuple[Path, str, int]], default_area: str, log: Log, columns: ColumnMap) -> None:
    """Sort one file's sheets into what they hold."""
    from .sources.info import from_title_rows
    from .sources.registry import PERSONS

    title = Stated()
    for read in reads:
        s, grid = read.sheet, read.grid
        if fold(s) in INFO_SHEETS:
            continue
        if read.survey is not None:
            header, sheet, found = read.survey
            inputs.headers.append((PERSONS.name, f, header.names))
            _ambiguous(grid, header, columns.aliases(PERSONS.name), log)
            log.extend(found)
            if sheet.dropped_totals:
                log.rows("warning", "totals-row-dropped", sheet.dropped_totals, "dòng tổng cộng: bỏ qua, không "
                         "tính là một người", file=str(f), sheet=s)
            wb.surveys.append(sheet)
            t = from_title_rows(grid, header.start)
            title = t if title.year is None and title.unit is None else title
            continue
        if _sort_sheet(f, s, grid, inputs, default_area, log, columns):
            continue
        missing = near_miss(grid, columns)
        if missing:
            log.error("missing-column", missing, file=str(f), sheet=s)
            continue
        skipped.append((f, s, grid.nrows))
        if grid.nrows:
            log.warning("sheet-skipped", "sheet không có bảng nhận biết được (điều tra hoặc đơn vị); bỏ qua",
                        file=str(f), sheet=s)
    info = wb.stated
    if info.bad_year is not None:
        log.error("year-out-of-range", f"năm điều tra ghi {quote(info.bad_year)} nằm ngoài khoảng {YEAR_MIN}–{YEAR_MAX}: "
                  "sửa lại ô này (ví dụ 2024) hoặc dùng --year", file=str(f), sheet=info.sheet, row=info.row,
                  column=info.column)
    year_from = info if info.year is not None else title
    wb.stated = Stated(info.unit or title.unit, year_from.year, info.where or title.where, year_from.sheet,
                       year_from.row)
    if wb.surveys or wb.stated.unit or wb.stated.year:
        inputs.workbooks.append(wb)


_WANTED = ("cần sheet điều tra (có cột Năm sinh), sheet đơn vị, bảng số liệu cấp xã, danh sách cơ sở giáo dục hoặc "
           "bảng mô hình học tập, với dòng tiêu đề trong 20 dòng đầu")


def _ambiguous(grid: Grid, header: Header, aliases: dict[str, tuple[str, ...]], log: Log) -> None:
    """Two columns matching one field equally well ("Năm sinh" twice): reading either would be a guess."""
    from .io.headers import ambiguous_columns

    for _, i, j in ambiguous_columns(header.names, aliases):
        row = grid.excel_row(header.start)
        log.error("column-ambiguous", f"hai cột {grid.column_letter(i)}{row} và {grid.column_letter(j)}{row} cùng tên "
                  f"{quote(header.names[i])}: không biết đọc cột nào; đổi tên hoặc xóa một cột", file=str(grid.file),
                  sheet=grid.sheet, row=row, column=header.names[i])


def _nothing_read(f: Path, sheets: list[str], inputs: Inputs, skipped: list[tuple[Path, str, int]], log: Log) -> None:
    """A file given (or found in a folder) that holds no table xhht knows is an error naming it: an
    officer who put it there expects it counted."""
    used = any(wb.path == f for wb in inputs.workbooks) or any(o.grid.file == f for o in inputs.others) \
        or (inputs.units_file or "").startswith(f"{f.name}!")
    if used or any(m.file == str(f) and m.severity == "error" for m in log.messages):
        return
    how = f"{_WANTED}. Nếu tệp không phải dữ liệu, chuyển nó ra khỏi thư mục"
    mine = [(s, rows) for g, s, rows in skipped if g == f]
    if not mine:
        log.error("no-table", f"{'tệp không có sheet nào' if not sheets else 'tệp không có bảng nhận biết được'}; {how}",
                  file=str(f))
    for s, rows in mine:  # each sheet looked at, by name
        log.error("no-table", f"{'sheet trống' if not rows else 'không nhận ra bảng nào'}; {how}", file=str(f), sheet=s)


def _sort_sheet(f: Path, s: str, grid: Grid, inputs: Inputs, default_area: str, log: Log,
                columns: ColumnMap) -> bool:
    """Try a sheet that holds no person rows against each other kind, in the registry's order: the units
    list is read at once (every other table names units), a commune table kept for later. False when the
    sheet is of no kind."""
    from .sources.kind import Other
    from .sources.registry import SHEET_KINDS

    for kind in SHEET_KINDS:
        aliases = columns.aliases(kind.name) if kind.fields is not None else None
        header = kind.find(grid, aliases)
        if header is None:
            continue
        if kind.stage == "units":
            if inputs.units_file is not None:
                _units_twice(f, s, inputs, log)
                return True
            assert kind.read_units is not None and aliases is not None
            inputs.headers.append((kind.name, f, header.names))
            _ambiguous(grid, header, aliases, log)
            inputs.units = kind.read_units(grid, header, default_area, log, aliases)
            inputs.units_file = f"{f.name}!{s}"
        else:
            inputs.others.append(Other(kind.name, grid, header))
            if aliases is not None:
                inputs.headers.append((kind.name, f, header.names))
                _ambiguous(grid, header, aliases, log)
        return True
    return False


def near_miss(grid: Grid, columns: ColumnMap) -> str | None:
    """A sheet that is clearly one kind of table but lacks a column that kind needs: say which (the first
    kind, in the registry's order, that recognises it)."""
    from .io.headers import find_header
    from .sources.registry import KINDS

    head = find_header(grid, lambda vals: sum(v is not None for v in vals), min_score=2)
    if head is None:
        return None
    for kind in KINDS:
        if kind.near_miss is not None:
            why = kind.near_miss(head.names, columns.aliases(kind.name) if kind.fields is not None else None)
            if why:
                return why
    return None


def folder_year(path: Path) -> int | None:
    """A folder named after the year (samples/ben-cat/2024), for a folder argument or a file's parent; the one
    rule of years.folder_name_year, which trend uses too."""
    for part in ([path] if path.is_dir() else []) + [path.parent]:
        year = folder_name_year(part.name)
        if year is not None:
            return year
    return None
