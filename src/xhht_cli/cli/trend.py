"""`xhht trend`: progress across survey years and projection to the plan's years."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .deliver import Job, Renderers, execute
from .errors import guarded
from .options import (
    ColumnsFile,
    Debug,
    MessagesFile,
    Output,
    PlanFile,
    PpcRule,
    Quiet,
    Reading,
    ReportFormat,
    ReportFormatOpt,
    StandardsFile,
    Strict,
)
from .outputs import Format, destination, offered_formats

if TYPE_CHECKING:
    from rich.console import Console

    from ..law.standards import Standards
    from ..trend import TrendReport

EXAMPLE = """xhht trend samples/ben-cat
xhht trend 2022 2023 2024 -o xu-huong.xlsx"""
OFFERED = offered_formats(ReportFormat)

TrendPaths = Annotated[list[Path], typer.Argument(
    metavar="ĐƯỜNG_DẪN", help="Thư mục dữ liệu của từng năm, thư mục chứa các thư mục năm (2022, 2023…), hoặc báo cáo "
    "JSON đã lưu bằng xhht compute --format json; trộn tùy ý.", show_default=False)]
Mapping = Annotated[Path | None, typer.Option(
    "--mapping", "-m", metavar="TỆP", help="Tệp ánh xạ đơn vị cũ sang đơn vị mới sau sắp xếp 2025 (.yaml, .xlsx hoặc "
    ".csv): gộp số liệu các năm trước về đơn vị hiện nay.", show_default=False)]


@dataclass
class Trended:
    report: TrendReport
    rules: Standards


def command(paths: TrendPaths, mapping: Mapping = None, plan: PlanFile = None, standards: StandardsFile = None,
            ppc: PpcRule = None, columns: ColumnsFile = None, strict: Strict = False,
            fmt: ReportFormatOpt = ReportFormat.terminal, output: Output = None, messages: MessagesFile = None,
            quiet: Quiet = False, debug: Debug = False) -> None:
    """Xu hướng qua các năm điều tra: giá trị từng năm, tốc độ thay đổi, dự báo tới các năm của kế hoạch, mức đạt
    chuẩn qua các năm."""
    reading = Reading(plan, standards, ppc, columns, strict)
    with guarded(debug, fmt is ReportFormat.json):
        dest = destination(Format(fmt.value), output, OFFERED)

    def produce(progress: Any) -> Trended:
        from ..law.standards import load_standards
        from ..trend import trend

        report = trend(paths, reading.trend_options(mapping), progress)
        return Trended(report, load_standards(standards))

    from ..io.writer import TREND_FOLDER_SUFFIXES

    inputs = [*paths, *reading.files(), *([mapping] if mapping else [])]
    job = Job(dest, inputs, TREND_FOLDER_SUFFIXES, quiet, debug, messages)
    execute(job, produce, RENDERERS, lambda t: list(t.report.messages))


def _terminal(t: Trended, console: Console) -> None:
    from ..render.trend import render_trend

    render_trend(t.report, t.rules, console)


def _json(t: Trended) -> str:
    return t.report.to_json()


def _csv(t: Trended) -> str:
    from ..render.trend import trend_csv

    return trend_csv(t.report)


def _xlsx(t: Trended) -> bytes:
    from ..render.trend import trend_xlsx

    return trend_xlsx(t.report, t.rules)


RENDERERS: Renderers[Trended] = Renderers(_terminal, {Format.json: _json, Format.csv: _csv}, {Format.xlsx: _xlsx})


def register(app: typer.Typer) -> None:
    """Add `xhht trend` to an app (the main one, or a test's)."""
    from .usage import VnCommand

    app.command("trend", cls=VnCommand, epilog=EXAMPLE)(command)
