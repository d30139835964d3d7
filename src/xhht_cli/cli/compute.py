"""`xhht compute`: indicators, standard levels and plan gaps; the report, the persons list, --check."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from .deliver import Job, Renderers, execute
from .errors import EXIT_CHECK, guarded
from .options import (ColumnsFile, Debug, MessagesFile, Output, Paths, PlanFile, PpcRule, Quiet, Reading, ReportFormat,
                      ReportFormatOpt, StandardsFile, Strict, Year)
from .outputs import Format, destination

if TYPE_CHECKING:
    from ..pipeline import Run

EXAMPLE = """xhht compute samples/ben-cat/2024
xhht compute du-lieu/2024 -o bao-cao.xlsx --messages thong-bao.csv"""
OFFERED = (Format.terminal, Format.json, Format.csv, Format.xlsx)
PERSONS_SUFFIXES = (".csv", ".xlsx")

Check = Annotated[bool, typer.Option("--check", help="Kiểm tra mục tiêu của năm kiểm tra: thoát mã 4 nếu khu vực "
                                                    "chưa đạt một mục tiêu.", show_default=False)]
TargetYear = Annotated[int | None, typer.Option(
    "--target-year", metavar="NĂM", help="Năm mục tiêu để kiểm tra, một năm của kế hoạch (mặc định: năm kế hoạch gần "
    "nhất không trước năm điều tra).", show_default=False)]
ListPersons = Annotated[Path | None, typer.Option(
    "--list-persons", metavar="TỆP", help="Ghi danh sách người cần vận động (.csv hoặc .xlsx) theo xã và tiêu chí chưa "
    "đạt. Tệp có họ tên: chỉ ghi khi được yêu cầu, không bao giờ in ra màn hình.", show_default=False)]


@dataclass
class Computed:
    """What the renderers of compute receive: the library's run and the year --check looks at."""

    run: Run
    checked_year: int


def command(paths: Paths, year: Year = None, plan: PlanFile = None, standards: StandardsFile = None,
            ppc: PpcRule = None, columns: ColumnsFile = None, strict: Strict = False,
            fmt: ReportFormatOpt = ReportFormat.terminal, output: Output = None, check: Check = False,
            target_year: TargetYear = None, messages: MessagesFile = None, list_persons: ListPersons = None,
            quiet: Quiet = False, debug: Debug = False) -> None:
    """Tính chỉ số, mức đạt chuẩn PCGD–XMC và khoảng cách tới mục tiêu kế hoạch từ dữ liệu điều tra.

    Báo cáo in ra màn hình, hoặc ghi ra tệp bằng --output."""
    reading = Reading(plan, standards, ppc, columns, strict)
    with guarded(debug, fmt is ReportFormat.json):
        dest = destination(Format(fmt.value), output, OFFERED)
        if list_persons is not None and list_persons.suffix.lower() not in PERSONS_SUFFIXES:
            _usage(f"--list-persons {list_persons}: chỉ ghi được tệp .csv hoặc .xlsx.")

    def produce(progress: Any) -> Computed:
        from ..pipeline import run
        from ..plan import load_plan
        from ..targets import checked_year

        if target_year is not None:
            years = load_plan(plan).plan.years
            if target_year not in years:
                _usage(f"--target-year {target_year}: kế hoạch chỉ có các năm " + ", ".join(map(str, years)) + ".")
        result = run(paths, reading.options(year, keep_persons=list_persons is not None), progress)
        return Computed(result, checked_year(result.plan, result.report.year, target_year))

    def finish(c: Computed) -> int:
        if list_persons is not None:
            _persons(c.run, list_persons, quiet)
        return _check(c) if check else 0

    job = Job(dest, [*paths, *reading.files()], _folder_suffixes(), quiet, debug, messages,
              [("--list-persons", list_persons)], count_files=lambda: _count_files(paths))
    execute(job, produce, RENDERERS, lambda c: c.run.report.messages, finish)


def _usage(text: str) -> None:
    from ..messages import UsageError

    raise UsageError(text)


def _folder_suffixes() -> tuple[str, ...]:
    from ..io.writer import FOLDER_SUFFIXES

    return FOLDER_SUFFIXES


def _count_files(paths: list[Path]) -> int:
    from ..load import expand

    return len(expand(paths))


def _terminal(c: Computed, console: Console) -> None:
    from ..render.terminal import render

    render(c.run.report, c.run.plan, c.run.rules, console, c.checked_year)


def _json(c: Computed) -> str:
    return c.run.report.to_json()


def _csv(c: Computed) -> str:
    from ..render.tabular import gap_csv

    return gap_csv(c.run.report)


def _xlsx(c: Computed) -> bytes:
    from ..forms import all_forms
    from ..render.excel import workbook_bytes

    r = c.run
    return workbook_bytes(r.report, r.plan, r.rules, all_forms(r.report, r.gathered.ages))


RENDERERS: Renderers[Computed] = Renderers(_terminal, {Format.json: _json, Format.csv: _csv}, {Format.xlsx: _xlsx})


def _persons(r: Run, path: Path, quiet: bool) -> None:
    from ..persons import persons_to_reach
    from ..render.console import stderr_console
    from ..render.persons import write_persons

    persons = persons_to_reach(r)
    write_persons(path, persons, r.report.year)
    stderr_console(quiet).print(f"Cảnh báo: {path} chứa dữ liệu cá nhân (họ tên, năm sinh) của {len(persons)} người; "
                                "chỉ dùng cho công tác phổ cập, không chia sẻ.", soft_wrap=True)


def _check(c: Computed) -> int:
    """--check: every target line of the checked year (and later `maintain` lines) on area and total rows;
    exit 4 when one is not met. Lines without data are listed, never failed."""
    from ..render.console import stderr_console
    from ..render.words import check_line
    from ..targets import failing

    report = c.run.report
    names = {u.code: u.name for u in report.units}
    groups = {u.code for u in report.units if u.kind != "commune"}
    failed, no_data = failing(report.targets, c.checked_year, groups)
    err = stderr_console()
    for r in [*no_data, *failed]:  # one line each, never wrapped: scripts and officers read them line by line
        err.print(check_line(r, names.get(r.unit, r.unit)), soft_wrap=True)
    return EXIT_CHECK if failed else 0
