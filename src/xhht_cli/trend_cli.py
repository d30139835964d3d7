"""`xhht trend`: progress across survey years and projection to the plan years; thin over trend.trend().

Exit codes as spec.md: 0 report produced · 1 internal error · 2 usage error · 3 input data error (nothing on
stdout and no output file; messages on stderr, as one JSON object when --format json).
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from .clikit import EXIT_DATA, Ppc, fail, internal, progress, stderr, stdout, usage
from .messages import Message, UsageError, XhhtError
from .render.output import write_atomic
from .render.trend import render_trend, trend_csv, trend_xlsx
from .standards import load_standards
from .trend import TrendOptions, trend

OUTPUT_SUFFIXES = (".xlsx", ".json", ".csv")


class TrendFormat(str, Enum):
    terminal = "terminal"
    json = "json"
    csv = "csv"


def _fail(messages: list[Message], fmt: TrendFormat, code: int) -> NoReturn:
    fail(messages, fmt is TrendFormat.json, code)


def _usage(text: str, fmt: TrendFormat) -> NoReturn:
    usage(text, fmt is TrendFormat.json)


def trend_cmd(
    paths: Annotated[list[Path], typer.Argument(
        help="Thư mục dữ liệu của từng năm, thư mục chứa các thư mục năm (2022/, 2023/…), hoặc báo cáo JSON đã lưu "
             "bằng `xhht compute --format json`; trộn tùy ý.")],
    mapping: Annotated[Path | None, typer.Option(
        "--mapping", "-m", help="Tệp ánh xạ đơn vị cũ → đơn vị mới sau sắp xếp 2025 (.yaml, .xlsx hoặc .csv): gộp số "
                                "liệu các năm trước về đơn vị hiện nay.")] = None,
    plan: Annotated[Path | None, typer.Option(help="Tệp kế hoạch YAML khác data/targets.yaml.")] = None,
    standards: Annotated[Path | None, typer.Option(help="Tệp chuẩn YAML khác data/standards.yaml.")] = None,
    fmt: Annotated[TrendFormat, typer.Option("--format", "-f", help="terminal, json hoặc csv.")] = TrendFormat.terminal,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Ghi ra tệp .xlsx (bảng và biểu đồ), .json hoặc .csv.")] = None,
    ppc: Annotated[Ppc | None, typer.Option(help="Người khuyết tật loại khỏi PPC: all_disabled (mặc định) hoặc "
                                                 "disabled_unable_only.")] = None,
    strict: Annotated[bool, typer.Option(help="Coi mọi cảnh báo về dữ liệu là lỗi (mã 3).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Không in gì ra stderr ngoài lỗi.")] = False,
    debug: Annotated[bool, typer.Option(help="In traceback khi có lỗi nội bộ.")] = False,
) -> None:
    """Xu hướng qua các năm điều tra: giá trị từng năm, tốc độ thay đổi, dự báo 2025 và 2030, mức đạt chuẩn."""
    if output is not None:
        if output.suffix.lower() not in OUTPUT_SUFFIXES:
            _usage(f"--output {output}: chỉ hỗ trợ .xlsx, .json hoặc .csv", fmt)
        if not output.parent.exists():
            _usage(f"--output {output}: thư mục {output.parent} không tồn tại", fmt)
    err = stderr(quiet)
    try:
        options = TrendOptions(plan=plan, standards=standards, ppc=ppc.value if ppc else None, strict=strict,
                               mapping=mapping)
        with progress(err, quiet) as show:
            report = trend(paths, options, show)
        rules = load_standards(standards)
        data: bytes | None = None
        if output is not None:
            suffix = output.suffix.lower()
            data = (trend_xlsx(report, rules) if suffix == ".xlsx"
                    else report.to_json().encode("utf-8") if suffix == ".json"
                    else trend_csv(report).encode("utf-8-sig"))  # BOM: Excel shows diacritics
    except XhhtError as exc:
        _fail(exc.messages, fmt, EXIT_DATA)
    except UsageError as exc:
        _usage(str(exc), fmt)
    except Exception as exc:  # noqa: BLE001 - the one place unexpected errors become exit 1
        internal(exc, debug)

    if output is not None:
        assert data is not None
        write_atomic(output, data)
        err.print(f"Đã ghi {output}")
    elif fmt is TrendFormat.json:
        sys.stdout.write(report.to_json())
    elif fmt is TrendFormat.csv:
        sys.stdout.write(trend_csv(report))
    else:
        render_trend(report, rules, stdout())
    if not quiet and fmt is not TrendFormat.terminal:
        warnings = [m for m in report.messages if m.severity == "warning"]
        if warnings:
            err.print(f"{len(warnings)} cảnh báo (xem mục messages của báo cáo JSON).")


def register(app: typer.Typer) -> None:
    """Add `xhht trend` to the main app."""
    app.command("trend")(trend_cmd)
