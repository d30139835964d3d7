"""Reading one file cold: planning its sheets, reading them (survey sheets counted by the early hook as
they are read) and sorting each sheet into what it holds (units, survey persons, commune tables, the
workbook's own information). read/inputs.py imports this module only when some file is not served by the
counts cache: it is what needs pandas, pyarrow and fastexcel."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .column_map import ColumnMap
from ..io.grid import Grid
from ..io.excel import open_workbook, read_grid, sheet_names
from ..io.headers import Header, ambiguous_columns, find_header
from ..messages import quote
from ..io.suffixes import TABLE_SUFFIXES
from .sheet_counts import Counted
from .model import INFO_SHEETS, LOOKUP_SHEETS, BatchCounter, EarlyHook, Inputs, WorkbookInputs, units_twice
from ..messages import Log, Message, XhhtError
from ..sources.info import Stated, from_info_sheet, from_title_rows
from ..sources.kind import InputKind, Other
from ..sources.registry import KINDS, PERSONS, SHEET_KINDS
from ..sources.survey import SurveySheet
from .header_hooks import check_survey_header, check_table_header, filled_blank_columns, near_miss_headers
from ..io.textnorm import fold
from ..io.years import YEAR_MAX, YEAR_MIN


def read_file(f: Path, sheets: list[str], survey_fields: dict[str, tuple[str, ...]],
              hook: EarlyHook | None, stream: BatchCounter | None = None
              ) -> tuple[Path, list[SheetRead], WorkbookInputs, list[Message]]:
    """Read one file's planned sheets; survey sheets are counted by `hook` as soon as they are read, a CSV or
    Parquet survey batch by batch as it is read when `stream` is given (read/batches.py)."""
    wb = WorkbookInputs(f)
    reads: list[SheetRead] = []
    try:
        reader = open_workbook(f)
        for s in sheets:  # THONG_TIN before DATA: the hook needs what the workbook says of itself
            if stream is not None and f.suffix.lower() in TABLE_SUFFIXES and fold(s) not in INFO_SHEETS:
                from .batches import read_streamed

                streamed = read_streamed(f, s, survey_fields, wb, stream)
                if streamed is not None:
                    grid, header, sheet, found = streamed
                    reads.append(SheetRead(s, grid, (header, sheet, found)))  # type: ignore[arg-type]
                    continue
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
                    read.filled_blank = filled_blank_columns(grid, header)
                    grid.release()  # the survey's columns are in sheet.frame now
                    read.survey = (header, sheet, local.messages)
                    if hook is not None:
                        wb.early[s] = hook(wb, sheet)
                        if stream is not None and isinstance(wb.early[s], Counted):
                            from .batches import counted_sheet  # the frame is not kept past its counting

                            read.survey = (header, counted_sheet(sheet, stream.salt), local.messages)  # type: ignore[assignment]
            reads.append(read)
    except XhhtError as exc:
        return f, reads, wb, exc.messages
    return f, reads, wb, []


def classify_alone(f: Path, reads: list[SheetRead], wb: WorkbookInputs, default_area: str,
                   columns: ColumnMap) -> list[Message] | None:
    """Classify a file read in another process: the messages its reading gave, or None when it holds more
    than surveys (a units sheet, a commune table…) or an error, for the main process to read it itself."""
    inputs, log, skipped = Inputs(), Log(), []  # type: ignore[var-annotated]
    classify(f, reads, wb, inputs, skipped, default_area, log, columns)
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
    filled_blank: dict[int, list[str]] = field(default_factory=dict)  # headerless survey columns with values


def plan_sheets(path: Path) -> list[str]:

    names = sheet_names(path)
    folded = {fold(n): n for n in names}
    if "data" in folded:  # the commune master: the MauNhapLieu sheets repeat the same persons
        return [n for f, n in folded.items() if f in INFO_SHEETS] + [folded["data"]]
    return [n for n in names if fold(n) not in LOOKUP_SHEETS]


def classify(f: Path, reads: list[SheetRead], wb: WorkbookInputs, inputs: Inputs,
              skipped: list[tuple[Path, str, int]], default_area: str, log: Log, columns: ColumnMap) -> None:
    """Sort one file's sheets into what they hold."""
    title = Stated()
    for read in reads:
        s, grid = read.sheet, read.grid
        if fold(s) in INFO_SHEETS:
            continue
        if read.survey is not None:
            header, sheet, found = read.survey
            inputs.headers.append((PERSONS.name, f, header.names))
            _ambiguous(grid, header, columns.aliases(PERSONS.name), log)
            check_survey_header(grid, header, sheet, read.filled_blank, columns, log)
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
        missing = near_miss_kind(grid, columns)
        if missing:
            kind, head, why = missing
            # a column the kind needs is absent: a header nearly spelling it is the likely cause, said first
            near_miss_headers(kind, grid, head, columns, log)
            log.error("missing-column", why, file=str(f), sheet=s)
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
                       year_from.row, district=info.district, province=info.province)
    if wb.surveys or wb.stated.unit or wb.stated.year:
        inputs.workbooks.append(wb)


_WANTED = ("cần sheet điều tra (có cột Năm sinh), sheet đơn vị, bảng số liệu cấp xã, danh sách cơ sở giáo dục hoặc "
           "bảng mô hình học tập, với dòng tiêu đề trong 20 dòng đầu")


def _ambiguous(grid: Grid, header: Header, aliases: dict[str, tuple[str, ...]], log: Log) -> None:
    """Two columns matching one field equally well ("Năm sinh" twice): reading either would be a guess."""
    for _, i, j in ambiguous_columns(header.names, aliases):
        row = grid.excel_row(header.start)
        log.error("column-ambiguous", f"hai cột {grid.column_letter(i)}{row} và {grid.column_letter(j)}{row} cùng tên "
                  f"{quote(header.names[i])}: không biết đọc cột nào; đổi tên hoặc xóa một cột", file=str(grid.file),
                  sheet=grid.sheet, row=row, column=header.names[i])


def nothing_read(f: Path, sheets: list[str], inputs: Inputs, skipped: list[tuple[Path, str, int]], log: Log) -> None:
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
    for kind in SHEET_KINDS:
        aliases = columns.aliases(kind.name) if kind.fields is not None else None
        header = kind.find(grid, aliases)
        if header is None:
            continue
        if kind.stage == "units":
            if inputs.units_file is not None:
                units_twice(f, s, inputs, log)
                return True
            assert kind.read_units is not None and aliases is not None
            inputs.headers.append((kind.name, f, header.names))
            _ambiguous(grid, header, aliases, log)
            check_table_header(kind, grid, header, columns, log)
            inputs.units = kind.read_units(grid, header, default_area, log, aliases)
            inputs.units_file = f"{f.name}!{s}"
        else:
            inputs.others.append(Other(kind.name, grid, header))
            check_table_header(kind, grid, header, columns, log)
            if aliases is not None:
                inputs.headers.append((kind.name, f, header.names))
                _ambiguous(grid, header, aliases, log)
        return True
    return False


def near_miss(grid: Grid, columns: ColumnMap) -> str | None:
    """A sheet that is clearly one kind of table but lacks a column that kind needs: say which (the first
    kind, in the registry's order, that recognises it)."""
    found = near_miss_kind(grid, columns)
    return None if found is None else found[2]


def near_miss_kind(grid: Grid, columns: ColumnMap) -> tuple[InputKind, Header, str] | None:
    """near_miss, with the kind that recognises the sheet and the header found."""
    head = find_header(grid, lambda vals: sum(v is not None for v in vals), min_score=2)
    if head is None:
        return None
    for kind in KINDS:
        if kind.near_miss is not None:
            why = kind.near_miss(head.names, columns.aliases(kind.name) if kind.fields is not None else None)
            if why:
                return kind, head, why
    return None
