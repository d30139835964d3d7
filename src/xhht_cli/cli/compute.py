"""`xhht compute`: indicators, standard levels and plan gaps; the report, the persons list, --check."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .deliver import Job, Renderers, execute
from .errors import guarded
from .options import (
    ColumnsFile,
    Debug,
    MessagesFile,
    NoCache,
    Output,
    Paths,
    PlanFile,
    PpcRule,
    Quiet,
    Reading,
    ReportFormat,
    ReportFormatOpt,
    StandardsFile,
    Strict,
    Year,
)
from .outputs import Format, destination, offered_formats

if TYPE_CHECKING:
    from rich.console import Console

    from ..answer.result import Result

EXAMPLE = """xhht compute samples/ben-cat/2024
xhht compute du-lieu/2024 -o bao-cao.xlsx --messages thong-bao.csv"""
OFFERED = offered_formats(ReportFormat)
PERSONS_SUFFIXES = (".csv", ".xlsx")

Check = Annotated[bool, typer.Option("--check", help="Kiểm tra mục tiêu của năm kiểm tra: thoát mã 4 nếu khu vực "
                                                    "chưa đạt một mục tiêu.", show_default=False)]
TargetYear = Annotated[int | None, typer.Option(
    "--target-year", metavar="NĂM", help="Năm mục tiêu để kiểm tra, một năm của kế hoạch (mặc định: năm kế hoạch gần "
    "nhất không trước năm điều tra).", show_default=False)]
ListPersons = Annotated[Path | None, typer.Option(
    "--list-persons", metavar="TỆP", help="Ghi danh sách người cần vận động (.csv hoặc .xlsx) theo xã và tiêu chí chưa "
    "đạt. Tệp có họ tên: chỉ ghi khi được yêu cầu, không bao giờ in ra màn hình.", show_default=False)]


def command(paths: Paths, year: Year = None, plan: PlanFile = None, standards: StandardsFile = None,
            ppc: PpcRule = None, columns: ColumnsFile = None, strict: Strict = False, no_cache: NoCache = False,
            fmt: ReportFormatOpt = ReportFormat.terminal, output: Output = None, check: Check = False,
            target_year: TargetYear = None, messages: MessagesFile = None, list_persons: ListPersons = None,
            quiet: Quiet = False, debug: Debug = False) -> None:
    """Tính chỉ số, mức đạt chuẩn PCGD–XMC và khoảng cách tới mục tiêu kế hoạch từ dữ liệu điều tra.

    Báo cáo in ra màn hình, hoặc ghi ra tệp bằng --output."""
    files = [Path(p) for p in paths]
    reading = Reading(plan, standards, ppc, columns, strict, no_cache)
    with guarded(debug, fmt is ReportFormat.json):
        dest = destination(Format(fmt.value), output, OFFERED)
        if list_persons is not None and list_persons.suffix.lower() not in PERSONS_SUFFIXES:
            _usage(f"--list-persons {list_persons}: chỉ ghi được tệp .csv hoặc .xlsx.")

    def produce(progress: Any) -> Result:
        from ..law.plan import load_plan
        from ..answer.result import run

        if target_year is not None:
            years = load_plan(plan).plan.years
            if target_year not in years:
                _usage(f"--target-year {target_year}: kế hoạch chỉ có các năm " + ", ".join(map(str, years)) + ".")
        return run(files, reading.options(year, list_persons is not None, target_year), progress)

    def finish(r: Result) -> int:
        if list_persons is not None:
            _persons(r, list_persons, quiet)
        return _check(r) if check else 0

    job = Job(dest, [*files, *reading.files()], _folder_suffixes(), quiet, debug, messages,
              [("--list-persons", list_persons)], count_files=lambda: _count_files(files))
    execute(job, produce, RENDERERS, lambda r: r.report.messages, finish)


def _usage(text: str) -> None:
    from ..messages import UsageError

    raise UsageError(text)


def _folder_suffixes() -> tuple[str, ...]:
    from ..io.writer import FOLDER_SUFFIXES

    return FOLDER_SUFFIXES


def _count_files(paths: list[Path]) -> int:
    from ..read.inputs import expand

    return len(expand(paths))


def _terminal(r: Result, console: Console) -> None:
    from ..render.terminal import render_result

    render_result(r, console)


def _json_chunks(r: Result) -> Iterator[bytes]:
    return r.report.json_chunks()


def _csv(r: Result) -> str:
    from ..render.tabular import gap_csv

    return gap_csv(r.report)


def _xlsx(r: Result) -> bytes:
    from ..render.excel import result_workbook

    return result_workbook(r)


RENDERERS: Renderers[Result] = Renderers(_terminal, {Format.csv: _csv}, {Format.xlsx: _xlsx},
                                          streamed={Format.json: _json_chunks})


def _persons(r: Result, path: Path, quiet: bool) -> None:
    from ..render.console import stderr_console
    from ..render.persons import write_persons

    persons = r.persons
    assert persons is not None  # asked for: run() kept the person rows
    write_persons(path, persons, r.report.year)
    stderr_console(quiet).print(f"Cảnh báo: {path} chứa dữ liệu cá nhân (họ tên, năm sinh) của {len(persons)} người; "
                                "chỉ dùng cho công tác phổ cập, không chia sẻ.", soft_wrap=True)


def _check(r: Result) -> int:
    """--check, as the library decided it (Result.check): one line per listed row, exit 4 when one failed."""
    from ..render.console import stderr_console
    from ..render.words import check_line

    names = {u.code: u.name for u in r.report.units}
    err = stderr_console()
    for row in [*r.check.no_data, *r.check.failed]:  # one line each, never wrapped: read line by line
        err.print(check_line(row, names.get(row.unit, row.unit), r.context.rules), soft_wrap=True)
    return r.check.exit_code
