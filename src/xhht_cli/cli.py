"""The command line: parse options, call the library, render, map errors to exit codes.

Exit codes: 0 report produced · 1 internal error · 2 usage error · 3 input data error · 4 --check failed.
The report goes to stdout (or --output); progress and messages go to stderr.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.table import Table

from . import __version__
from .clikit import EXIT_CHECK, EXIT_DATA, EXIT_USAGE, Ppc, fail, internal, stderr, stdout, usage
from .clikit import progress as progress_spinner
from .fmt import pct
from .forms import all_forms
from .messages import Message, UsageError, XhhtError
from .persons import persons_to_reach
from .pipeline import Options, run, validate
from .plan import load_plan
from .render.excel import workbook_bytes
from .render.messages import grouped, messages_csv, messages_json
from .render.output import write_atomic
from .render.persons import write_persons
from .render.tabular import gap_csv
from .render.terminal import render
from .standards import load_standards
from .targets import checked_year, failing
from .trend_cli import register as register_trend

app = typer.Typer(
    name="xhht", add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
    help="Tính chỉ số, mức đạt chuẩn PCGD–XMC và khoảng cách tới mục tiêu kế hoạch xây dựng xã hội học tập.",
)


class Format(str, Enum):
    terminal = "terminal"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"  # only through --output FILE.xlsx


def _fail(messages: list[Message], fmt: Format, code: int) -> NoReturn:
    fail(messages, fmt is Format.json, code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"xhht {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="In phiên bản rồi thoát.")] = False,
) -> None:
    """xhht: PCGD–XMC and learning-society indicators, standards and plan gaps."""


@app.command("compute")
def compute_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Tệp .xlsx/.xls/.csv hoặc thư mục chứa chúng.")],
    year: Annotated[int | None, typer.Option(help="Năm điều tra (mặc định: ghi trong dữ liệu hoặc tên thư mục).",
                                             min=1990, max=2100)] = None,
    plan: Annotated[Path | None, typer.Option(help="Tệp kế hoạch YAML khác data/targets.yaml.")] = None,
    standards: Annotated[Path | None, typer.Option(help="Tệp chuẩn YAML khác data/standards.yaml.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="terminal, json hoặc csv (xlsx: dùng --output).")] \
        = Format.terminal,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Ghi báo cáo ra tệp .json, .csv (UTF-8 có BOM) hoặc .xlsx (bảng tính gửi cấp trên).")] = None,
    check: Annotated[bool, typer.Option(help="Thoát mã 4 nếu một mục tiêu của năm kiểm tra chưa đạt.")] = False,
    target_year: Annotated[int | None, typer.Option(help="Năm mục tiêu để kiểm tra (mặc định: năm kế hoạch "
                                                    "gần nhất không trước năm điều tra).")] = None,
    ppc: Annotated[Ppc | None, typer.Option(help="Người khuyết tật loại khỏi PPC: all_disabled (mặc định) hoặc "
                                            "disabled_unable_only.")] = None,
    strict: Annotated[bool, typer.Option(help="Coi mọi cảnh báo về dữ liệu là lỗi (mã 3).")] = False,
    columns: Annotated[Path | None, typer.Option(help="Tệp YAML đặt tên cột cho mẫu biểu khác thường.")] = None,
    messages: Annotated[Path | None, typer.Option(help="Ghi mọi thông báo ra tệp CSV.")] = None,
    list_persons: Annotated[Path | None, typer.Option(
        help="Ghi danh sách người cần vận động (.csv hoặc .xlsx) theo xã và tiêu chí chưa đạt. Tệp có họ tên: "
             "chỉ ghi khi được yêu cầu, không bao giờ in ra màn hình.")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Không dùng bộ nhớ đệm số liệu: đọc lại mọi tệp.")] \
        = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Không in gì ra stderr ngoài lỗi.")] = False,
    debug: Annotated[bool, typer.Option(help="In traceback khi có lỗi nội bộ.")] = False,
) -> None:
    """Tính chỉ số, mức đạt chuẩn và khoảng cách tới mục tiêu từ dữ liệu điều tra."""
    out_fmt = fmt
    if output is not None:
        suffix = output.suffix.lower()
        if suffix not in (".json", ".csv", ".xlsx"):
            _usage(f"--output {output}: chỉ hỗ trợ .json, .csv hoặc .xlsx", fmt)
        out_fmt = {".json": Format.json, ".csv": Format.csv, ".xlsx": Format.xlsx}[suffix]
        if not output.parent.exists():
            _usage(f"--output {output}: thư mục {output.parent} không tồn tại", fmt)
    if list_persons is not None and list_persons.suffix.lower() not in (".csv", ".xlsx"):
        _usage(f"--list-persons {list_persons}: chỉ hỗ trợ .csv hoặc .xlsx", fmt)
    err = stderr(quiet)
    try:
        options = Options(year=year, plan=plan, standards=standards, ppc=ppc.value if ppc else None, strict=strict,
                          columns=columns, keep_persons=list_persons is not None, cache=not no_cache)
        with progress_spinner(err, quiet) as progress:
            result = run(paths, options, progress)
        report, plan_model, rules = result.report, result.plan, result.rules
    except XhhtError as exc:
        _write_messages(messages, exc.context)
        _fail(exc.messages, fmt, EXIT_DATA)
    except UsageError as exc:
        _usage(str(exc), fmt)
    except Exception as exc:  # noqa: BLE001 - the one place unexpected errors become exit 1
        internal(exc, debug)

    _write_messages(messages, report.messages)
    the_year = checked_year(plan_model, report.year, target_year)
    if fmt is Format.xlsx and output is None:
        _usage("--format xlsx cần --output TỆP.xlsx (không in bảng tính ra màn hình)", Format.terminal)
    text: str | None = None
    if out_fmt is Format.json:
        text = report.to_json()
    elif out_fmt is Format.csv:
        text = gap_csv(report)
    if output is not None:
        if out_fmt is Format.xlsx:
            data = workbook_bytes(report, plan_model, rules, all_forms(report, result.gathered.ages))
        else:
            assert text is not None
            data = text.encode("utf-8-sig" if out_fmt is Format.csv else "utf-8")  # BOM: Excel shows diacritics
        write_atomic(output, data)
        err.print(f"Đã ghi {output}")
    elif text is not None:
        sys.stdout.write(text)
    else:
        render(report, plan_model, rules, stdout(), the_year)

    if list_persons is not None:
        persons = persons_to_reach(result)
        write_persons(list_persons, persons, report.year)
        err.print(f"Cảnh báo: {list_persons} chứa dữ liệu cá nhân (họ tên, năm sinh) của {len(persons)} người; "
                        "chỉ dùng cho công tác phổ cập, không chia sẻ.", highlight=False, markup=False)
    if not quiet:
        warnings = [m for m in report.messages if m.severity == "warning"]
        if warnings and fmt is not Format.terminal:
            err.print(f"{len(warnings)} cảnh báo (xem mục messages của báo cáo JSON).")
    if check:
        groups = {u.code for u in report.units if u.kind != "commune"}
        failed, no_data = failing(report.targets, the_year, groups)
        for r in no_data:
            err.print(f"Không có số liệu: {r.target} ({r.unit}, {r.year})")
        if failed:
            for r in failed:
                value = pct(float(r.value)) if r.kind in ("rate", "share_at_level") and r.value is not None else r.value
                err.print(f"Chưa đạt: {r.target} ({r.unit}, {r.year}): {value}")
            raise typer.Exit(EXIT_CHECK)


def _write_messages(path: Path | None, msgs: list[Message]) -> None:
    if path is not None:
        write_atomic(path, messages_csv(msgs).encode("utf-8-sig"))


@app.command("validate")
def validate_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Tệp .xlsx/.xls/.csv hoặc thư mục chứa chúng.")],
    year: Annotated[int | None, typer.Option(help="Năm điều tra.", min=1990, max=2100)] = None,
    plan: Annotated[Path | None, typer.Option(help="Tệp kế hoạch YAML.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="terminal hoặc json.")] = Format.terminal,
    strict: Annotated[bool, typer.Option(help="Coi mọi cảnh báo về dữ liệu là lỗi (mã 3).")] = False,
    columns: Annotated[Path | None, typer.Option(help="Tệp YAML đặt tên cột cho mẫu biểu khác thường.")] = None,
    messages: Annotated[Path | None, typer.Option(help="Ghi mọi thông báo ra tệp CSV.")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Không dùng bộ nhớ đệm số liệu: đọc lại mọi tệp.")] \
        = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Không in gì ra stderr.")] = False,
    debug: Annotated[bool, typer.Option(help="In traceback khi có lỗi nội bộ.")] = False,
) -> None:
    """Chỉ đọc và kiểm tra dữ liệu: in các lỗi và cảnh báo theo nhóm; mã thoát 0 (sạch hoặc chỉ cảnh báo) hoặc 3."""
    err = stderr(quiet)
    try:
        with progress_spinner(err, quiet) as progress:
            found = validate(paths, Options(year=year, plan=plan, strict=strict, columns=columns,
                                                  cache=not no_cache), progress)
    except XhhtError as exc:  # the plan or the column mapping itself is unreadable
        found = exc.context
    except Exception as exc:  # noqa: BLE001
        internal(exc, debug)
    _write_messages(messages, found)
    if fmt is Format.json:
        sys.stdout.write(messages_json(found))
    else:
        out = stdout()
        errors = sum(m.severity == "error" for m in found)
        out.print(f"{errors} lỗi, {len(found) - errors} cảnh báo", highlight=False)
        for line in grouped(found):
            out.print(line, markup=False, highlight=False)
    if any(m.severity == "error" for m in found):
        raise typer.Exit(EXIT_DATA)


@app.command("template")
def template_cmd(
    folder: Annotated[Path, typer.Argument(help="Thư mục ghi các tệp mẫu (tạo nếu chưa có).")],
    force: Annotated[bool, typer.Option("--force", help="Ghi đè các tệp mẫu đã có.")] = False,
) -> None:
    """Ghi các tệp Excel mẫu để nhập liệu: điều tra, đơn vị, số liệu xã, cơ sở giáo dục, mô hình học tập."""
    from .templates import write_templates

    try:
        for path in write_templates(folder, overwrite=force):
            typer.echo(str(path))
    except XhhtError as exc:
        _fail(exc.messages, Format.terminal, EXIT_USAGE)


def _usage(text: str, fmt: Format) -> NoReturn:
    usage(text, fmt is Format.json)


@app.command("targets")
def targets_cmd(
    plan: Annotated[Path | None, typer.Option(help="Tệp kế hoạch YAML.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.terminal,
) -> None:
    """In các mục tiêu của kế hoạch."""
    try:
        p = load_plan(plan)
    except XhhtError as exc:
        _fail(exc.messages, fmt, EXIT_DATA)
    if fmt is Format.json:
        sys.stdout.write(p.model_dump_json(indent=2) + "\n")
        return
    t = Table(title=p.plan.title, title_style="bold", show_lines=True)
    for col in ("Mã", "Khoản", "Năm", "Nội dung", "Loại", "Chỉ số / chuẩn", "Yêu cầu", "Duy trì"):
        t.add_column(col, overflow="fold")
    for target in p.targets:
        for y in target.years:
            what = target.indicator or target.standard or target.recognition or ""
            if target.kind == "share_at_level":
                what += f" ≥ MĐ{target.level}"
            req = (pct(float(y.required)) if target.kind in ("rate", "share_at_level")
                   else f"MĐ{y.required}" if target.kind == "level" else "được công nhận")
            t.add_row(target.id + (f" (= {target.same_as})" if target.same_as else ""), y.clause, str(y.year),
                      y.label, target.kind, what, req, "có" if y.maintain else "")
    stdout().print(t)


@app.command("standards")
def standards_cmd(
    standards: Annotated[Path | None, typer.Option(help="Tệp chuẩn YAML.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.terminal,
) -> None:
    """In các tiêu chí chuẩn PCGD–XMC và nguồn văn bản."""
    try:
        s = load_standards(standards)
    except XhhtError as exc:
        _fail(exc.messages, fmt, EXIT_DATA)
    if fmt is Format.json:
        sys.stdout.write(s.model_dump_json(indent=2) + "\n")
        return
    t = Table(title=s.source, title_style="bold", show_lines=True)
    for col in ("Chuẩn", "Mức", "Tiêu chí", "Ngưỡng", "ĐBKK", "Điều", "Đã đối chiếu", "Tỷ lệ xã (huyện / tỉnh)"):
        t.add_column(col, overflow="fold")
    for std in s.standards:
        for lv in std.levels:
            for p in lv.prerequisites:
                t.add_row(std.short, str(lv.level), f"cần {s.by_id(p.standard).short} MĐ{p.level}", "", "", p.article,
                          "", "")
            for c in lv.criteria:
                dbkk = pct(c.threshold_dbkk) if c.threshold_dbkk is not None else ""
                if c.indicator_dbkk:
                    dbkk = (dbkk + " " if dbkk else "") + f"({c.indicator_dbkk})"
                t.add_row(std.short, str(lv.level), c.indicator, pct(c.threshold), dbkk, c.article,
                          "có" if c.verified else f"chưa ({c.confidence})",
                          f"{pct(lv.rollup.area)} / {pct(lv.rollup.province)}")
    stdout().print(t)


register_trend(app)

cache_app = typer.Typer(help="Bộ nhớ đệm số liệu đã đếm của từng tệp (thư mục XHHT_CACHE_DIR).", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("clear")
def cache_clear_cmd() -> None:
    """Xoá bộ nhớ đệm: lần chạy sau đọc lại mọi tệp."""
    from .cache import cache_dir, clear

    folder = cache_dir()
    n = clear(folder)
    typer.echo(f"Đã xoá {n} mục trong bộ nhớ đệm {folder}")


def main() -> None:
    """Console-script entry: Typer errors (bad options) exit 2; anything unexpected that a command did not
    catch becomes exit 1 with a hint, never a traceback with local variables."""
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    try:
        app()
    except Exception as exc:  # noqa: BLE001
        internal(exc, "--debug" in sys.argv)
