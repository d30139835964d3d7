"""Read every input: expand folders, open sheets in parallel, and sort each sheet into what it holds
(units, survey persons, the workbook's own information). Nothing is computed here."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..io.suffixes import SUPPORTED
from ..io.sameness import identical, own_output
from ..messages import Log, Message, XhhtError, fail
from ..io.textnorm import fold
from .model import (INFO_SHEETS, BatchCounter, EarlyHook, Hit, Inputs, Keep, KeepUnits, Lookup, Parallel, Progress,
                    UnitsRead,
                    WorkbookInputs, units_twice)
from ..io.years import folder_name_year

if TYPE_CHECKING:  # the readers (pandas, pyarrow, fastexcel) are imported only when a file is read cold
    from .column_map import ColumnMap
    from ..sources.kind import Other


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
    from ..io.sheetxml import listed_sheets  # only for files the cache did not serve

    names = listed_sheets(path)
    return names is not None and any(fold(n) == "data" for n in names)


def column_map(columns: ColumnMap | None) -> ColumnMap:
    """The --columns map, or the built-in one (imported only when some file is read: it names the readers)."""
    if columns is not None:
        return columns
    from .column_map import DEFAULT

    return DEFAULT


def read_inputs(paths: list[Path], default_area: str, log: Log, progress: Progress | None = None,
                columns: ColumnMap | None = None, hook: EarlyHook | None = None, lookup: Lookup | None = None,
                keep: Keep | None = None, parallel: Parallel | None = None, units_only: bool = False,
                keep_units: KeepUnits | None = None, stream: BatchCounter | None = None) -> Inputs:
    """Read every input. Commune workbooks (with a DATA sheet) are read last, after the units sheet and
    the other small files; `hook` counts each survey sheet in the thread that read it. Files `lookup`
    serves from the cache are not opened at all; `parallel` may read and count commune workbooks in other
    processes, handing back what the cache would; with `stream`, a CSV or Parquet survey is counted batch by
    batch as it is read, in memory bounded by the batch."""
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
    inputs = Inputs(files=list(files))
    skipped: list[tuple[Path, str, int]] = []
    survey_fields: dict[str, tuple[str, ...]] = {}
    plans: dict[Path, list[str]] = {}
    if len(hits) < len(files):  # some file is read here: the readers are needed
        from .one_file import classify, nothing_read, plan_sheets, read_file
        from ..sources.registry import PERSONS

        columns = column_map(columns)
        survey_fields = columns.aliases(PERSONS.name)
        plans = {f: plan_sheets(f) for f in files if f not in hits}
    # a set and a position per file: a list searched for each of 3,300 files was quadratic (2.5 s)
    masters = {f for f in files if (hits[f].master if f in hits else any(fold(s) == "data" for s in plans[f]))}
    position = {f: i for i, f in enumerate(files)}

    # fastexcel parses outside the GIL, so two threads read two workbooks at once on two cores.
    errors: list[Message] = []
    with ThreadPoolExecutor(max_workers=2) as pool, _stopping_on_error(pool, stream):
        for batch in ([f for f in files if f not in masters], [f for f in files if f in masters]):
            done = pool.map(lambda f: _read_within_memory(read_file, f, plans[f], survey_fields, hook, stream),
                            [f for f in batch if f not in hits])
            for f in batch:
                if f in hits:  # in the place a cold read would have classified it
                    _served(f, hits[f], inputs, log)
                else:
                    f, reads, wb, errs = next(done)
                    errors.extend(errs)
                    if not errs:
                        before = (len(log.messages), inputs.units_file, len(inputs.others), len(skipped))
                        classify(f, reads, wb, inputs, skipped, default_area, log, column_map(columns))
                        nothing_read(f, plans[f], inputs, skipped, log)
                        if before[2:] == (len(inputs.others), len(skipped)):  # no commune table, no unknown sheet
                            _offer(f, [r.sheet for r in reads if r.survey is None], wb, inputs,
                                   log.messages[before[0]:], before[1], f in masters, keep, keep_units)
                if progress:
                    progress(f.name)
            if errors:
                raise XhhtError(errors)
    log.raise_if_errors()
    # Keep the order the files were given in, whichever batch read them.
    inputs.workbooks.sort(key=lambda wb: position[wb.path])
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


@contextmanager
def _stopping_on_error(pool: ThreadPoolExecutor, stream: BatchCounter | None) -> Iterator[None]:
    """On Ctrl-C (or any error) while files are read: files not started are not started, and a file being
    counted in batches stops at its next batch; the pool's exit then waits a batch, not the rest of a file."""
    try:
        yield
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        if stream is not None:
            stream.stop.set()
        raise


# What a file too large for the computer's memory is told (here, and by a worker process that ran out)
TOO_LARGE = ("không đủ bộ nhớ để đọc tệp này trên máy này: đóng bớt chương trình khác, tách tệp thành nhiều tệp "
             "nhỏ hơn (ví dụ mỗi thôn một tệp) hoặc chạy trên máy có nhiều bộ nhớ hơn")


def _read_within_memory(read_file: Any, f: Path, *args: Any) -> Any:
    """read_file, with a MemoryError (a file too large for this computer) an input error naming the file."""
    try:
        return read_file(f, *args)
    except MemoryError:
        return f, [], WorkbookInputs(f), [Message(severity="error", code="file-too-large-for-memory", file=str(f),
                                                  message=TOO_LARGE)]


def _offer(f: Path, not_surveys: list[str], wb: WorkbookInputs, inputs: Inputs, found: list[Message],
           units_file: str | None, master: bool, keep: Keep | None, keep_units: KeepUnits | None) -> None:
    """Offer a file just read cold to the cache when it holds only surveys (and the workbook's information),
    or only the units sheet, and its reading gave no error. `units_file`: the units sheet known before it."""
    if any(m.severity == "error" for m in found):
        return
    if keep is not None and wb.surveys and all(fold(s) in INFO_SHEETS for s in not_surveys) \
            and inputs.workbooks[-1:] == [wb] and units_file == inputs.units_file:
        keep(wb, found, master)
    elif keep_units is not None and units_file is None and inputs.units_file \
            and inputs.units_file.startswith(f"{f.name}!") and not wb.surveys \
            and inputs.workbooks[-1:] != [wb]:  # a units sheet alone (don-vi.xlsx)
        keep_units(f, UnitsRead(inputs.units, inputs.units_file[len(f.name) + 1:],
                                [(k, names) for k, p, names in inputs.headers if p == f]), found)


def _served(f: Path, hit: Hit, inputs: Inputs, log: Log) -> None:
    """A file served by the cache, sorted as its cold read would have been."""
    if hit.units is None:
        assert hit.wb is not None
        log.extend(hit.messages)
        inputs.workbooks.append(hit.wb)
    elif inputs.units_file is not None:  # what _sort_sheet says of a second units sheet, and nothing else
        units_twice(f, hit.units.sheet, inputs, log)
    else:
        log.extend(hit.messages)
        inputs.headers.extend((kind, f, names) for kind, names in hit.units.headers)
        inputs.units = hit.units.units
        inputs.units_file = f"{f.name}!{hit.units.sheet}"


def _gives_counts(others: list[Other]) -> bool:
    if not others:
        return False
    from ..sources.registry import BY_NAME

    return any(BY_NAME[o.kind].gives_counts for o in others)


def folder_year(path: Path) -> int | None:
    """A folder named after the year (samples/ben-cat/2024), for a folder argument or a file's parent; the one
    rule of years.folder_name_year, which trend uses too."""
    for part in ([path] if path.is_dir() else []) + [path.parent]:
        year = folder_name_year(part.name)
        if year is not None:
            return year
    return None
