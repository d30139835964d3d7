"""Running the library for the page: `run` (compute) and `trend`, in a worker thread, with progress, and the
downloads rendered by the CLI's own renderers so that they are byte-identical to `xhht compute … -o`.

The library names files in its messages as they were given to it. The CLI run a page run equals is
`cd FOLDER && xhht compute 2024 -o bao-cao.xlsx`, where FOLDER holds the uploaded files under the names and
relative paths the browser sent (`2024/xa-an-dien.xlsx`). So a run changes the process's working folder to the
session's folder and passes relative paths; `RUN_LOCK` makes runs one at a time (the working folder is the
process's), and nothing else in the server uses a relative path. A typed folder path is read from the folder
where `xhht serve` was started, as the CLI would read it there.

Commune workbooks are read in this process (`parallel=False`): forking worker processes from a server with
several threads risks a deadlock in the child; the outputs are the same either way.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .sessions import Job, Session

RUN_LOCK = threading.Lock()
YEAR_DIGITS = 4


@dataclass(frozen=True)
class Request:
    """What the officer chose on the page."""

    kind: str  # "compute" or "trend"
    folder: str | None = None  # a folder typed on this computer; None: the uploaded files
    plan: str | None = None  # a bundled plan name, or None for the officer's own plan (session.plan) / default
    own_plan: bool = False
    year: int | None = None
    ppc: str | None = None
    mapping: str | None = None  # trend: the unit mapping, a name in the uploads' folder (or a typed path)


def data_suffixes() -> tuple[str, ...]:
    from ..io.writer import FOLDER_SUFFIXES

    return FOLDER_SUFFIXES


def _readable(folder: Path) -> list[Path]:
    return [f for f in folder.iterdir() if f.is_file() and f.suffix.lower() in data_suffixes()
            and not f.name.startswith(("~$", "."))]


def _is_year(name: str) -> bool:
    return len(name) == YEAR_DIGITS and name.isdigit()


def uploaded_target(root: Path, kind: str, beside: str | None = None) -> tuple[str, str]:
    """(the path to give the library, relative to `root`; a note for the page) for the uploaded files.

    The top folder is the deepest folder that holds everything (a folder picker sends `2024/…`); compute reads
    it when it holds files, else its latest year folder; trend reads the folder of year folders. `beside` (the
    trend's mapping file, kept at the top of the uploads) is not part of the data."""
    top = root
    while True:
        entries = [e for e in top.iterdir() if not e.name.startswith(".") and not (top == root and e.name == beside)]
        if len(entries) == 1 and entries[0].is_dir():
            top = entries[0]
            continue
        break
    note = ""
    if kind == "compute" and not _readable(top):
        years = sorted(d.name for d in top.iterdir() if d.is_dir() and _is_year(d.name))
        if years:
            top = top / years[-1]
            note = (f"Các tệp gồm nhiều năm ({', '.join(years)}): đã tính năm {years[-1]}. Chọn «Xu hướng qua các "
                    "năm» để xem nhiều năm.")
    rel = top.relative_to(root)
    return (str(rel) if str(rel) != "." else "."), note


def count_inputs(root: Path, target: str, kind: str) -> int | None:
    """How many progress steps a run makes: files read (compute) or years (trend)."""
    folder = root / target
    try:
        if kind == "compute":
            return len(_readable(folder)) if folder.is_dir() else 1
        years = [d for d in folder.iterdir() if d.is_dir() and _is_year(d.name)] if folder.is_dir() else []
        return len(years) or 1
    except OSError:
        return None


def start(session: Session, request: Request, start_folder: Path,
          on_done: Callable[[Job], None] | None = None) -> Job:
    """Start a run in a worker thread; the page polls `session.job` for progress."""
    if request.folder is not None:
        cwd, target, note = start_folder, request.folder, ""
    else:
        cwd = session.inputs
        target, note = uploaded_target(session.inputs, request.kind, session.mapping)
    job = Job(request.kind, total=count_inputs(cwd, target, request.kind), inputs=[target], cwd=cwd,
              options=request, note=note)
    session.job = job
    plan = session.plan if request.own_plan else request.plan

    def progress(_name: str) -> None:
        job.done += 1

    def work() -> None:
        try:
            with RUN_LOCK, working_folder(cwd):
                if request.kind == "trend":
                    _trend(job, [target], plan, request, progress)
                else:
                    _compute(job, [target], plan, request, progress)
            job.state = "done"
        except BaseException as exc:  # noqa: BLE001 - one Vietnamese sentence for the page, never a traceback
            job.error, job.error_messages = describe(exc)
            job.state = "error"
        if on_done is not None:
            on_done(job)

    threading.Thread(target=work, name="xhht-tinh", daemon=True).start()
    return job


class working_folder:  # noqa: N801 - a context manager used like a function
    """Run with `folder` as the working folder, then return to the previous one."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __enter__(self) -> None:
        self.previous = os.getcwd()
        os.chdir(self.folder)

    def __exit__(self, *exc: object) -> None:
        os.chdir(self.previous)


def options(plan: Any, request: Request, keep_persons: bool = False) -> Any:
    from ..pipeline import Options

    return Options(year=request.year, plan=plan, ppc=request.ppc, keep_persons=keep_persons, cache=True,
                   parallel=False)


def _compute(job: Job, paths: list[str], plan: Any, request: Request, progress: Callable[[str], None]) -> None:
    from ..answer.result import run
    from ..render.html import result_html

    result = run(paths, options(plan, request), progress)
    job.result = result
    job.html = result_html(result)


@dataclass(frozen=True)
class Trended:
    """A trend run's answer: the report and the standards its levels are read against."""

    report: Any
    rules: Any


def _trend(job: Job, paths: list[str], plan: Any, request: Request, progress: Callable[[str], None]) -> None:
    from ..law.standards import load_standards
    from ..render.html import trend_html
    from ..trend import TrendOptions, trend

    mapping = Path(request.mapping) if request.mapping else None
    report = trend(paths, TrendOptions(plan=plan, ppc=request.ppc, mapping=mapping), progress)
    job.result = Trended(report, load_standards(None))
    job.html = trend_html(report, job.result.rules)


def describe(exc: BaseException) -> tuple[str, list[Any]]:
    """One Vietnamese sentence for the page (and the messages, for a data error); never a traceback."""
    from ..messages import UsageError, XhhtError

    if isinstance(exc, XhhtError):
        n = len(exc.messages)
        head = exc.messages[0].text() if n == 1 else f"Dữ liệu có {n} lỗi (xem danh sách bên dưới)"
        return f"Chưa tính được báo cáo: {head}", list(exc.context)
    if isinstance(exc, UsageError):
        return str(exc), []
    if isinstance(exc, OSError):
        return "Không đọc được tệp hoặc thư mục đã chọn. Kiểm tra đường dẫn rồi thử lại.", []
    return f"Lỗi nội bộ ({exc.__class__.__name__}). Hãy báo cho nhóm phát triển.", []


# --- downloads: the renderers `xhht compute -o` and `xhht trend -o` call, with the CLI's file encodings ----------
# (cli/compute.py and cli/trend.py map each format to these functions, cli/outputs.py gives the encodings:
# JSON UTF-8, CSV UTF-8 with a BOM for Excel; cli/deliver.py writes --messages as CSV with a BOM.) The server does
# not import the cli package, which imports it; tests/test_serve.py checks the bytes against the CLI's files.

DOWNLOADS = {
    "bao-cao.xlsx": ("compute", "xlsx"),
    "bao-cao.json": ("compute", "json"),
    "bao-cao.csv": ("compute", "csv"),
    "thong-bao.csv": ("any", "messages"),
    "xu-huong.xlsx": ("trend", "xlsx"),
    "xu-huong.json": ("trend", "json"),
    "xu-huong.csv": ("trend", "csv"),
}
MEDIA = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "json": "application/json; charset=utf-8", "csv": "text/csv; charset=utf-8"}
CSV_ENCODING = "utf-8-sig"  # cli.outputs.ENCODINGS[Format.csv] in a file
JSON_ENCODING = "utf-8"


def render_download(job: Job, name: str) -> bytes:
    """The bytes `xhht compute … -o NAME` (or `xhht trend … -o NAME`, `--messages NAME`) writes for the same
    inputs."""
    if name in job.outputs:
        return job.outputs[name]
    kind, what = DOWNLOADS[name]
    if what == "messages":
        from ..render.messages import messages_csv

        messages = list(job.result.report.messages) if job.state == "done" else list(job.error_messages)
        data = messages_csv(messages).encode(CSV_ENCODING)
    elif kind == "compute":
        data = _compute_file(job.result, what)
    else:
        data = _trend_file(job.result, what)
    job.outputs[name] = data
    return data


def _compute_file(result: Any, what: str) -> bytes:
    if what == "xlsx":
        from ..render.excel import result_workbook

        return result_workbook(result)
    if what == "json":
        return result.report.to_json().encode(JSON_ENCODING)
    from ..render.tabular import gap_csv

    return gap_csv(result.report).encode(CSV_ENCODING)


def _trend_file(t: Trended, what: str) -> bytes:
    from ..render.trend import trend_csv, trend_xlsx

    if what == "xlsx":
        return trend_xlsx(t.report, t.rules)
    if what == "json":
        return t.report.to_json().encode(JSON_ENCODING)
    return trend_csv(t.report).encode(CSV_ENCODING)


def persons_file(session: Session, job: Job) -> bytes:
    """The persons list (names, birth years) as a workbook: the run again with the person rows kept, written by
    the CLI's writer into the session's private folder, read back and removed."""
    from ..answer.result import run
    from ..render.persons import write_persons

    request: Request = job.options
    plan = session.plan if request.own_plan else request.plan
    out = session.folder / "danh-sach-can-van-dong.xlsx"
    with RUN_LOCK, working_folder(job.cwd or session.inputs):
        result = run(job.inputs, options(plan, request, keep_persons=True))
    try:
        write_persons(out, result.persons, result.report.year)
        return out.read_bytes()
    finally:
        out.unlink(missing_ok=True)
