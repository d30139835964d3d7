"""`xhht validate`: read and check only; the findings are the output (exit 0, or 3 when there is an error)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .deliver import Job, Renderers, execute
from .errors import EXIT_DATA
from .options import (
    ColumnsFile,
    Debug,
    FindingsFormat,
    FindingsFormatOpt,
    MessagesFile,
    NoCache,
    Paths,
    PlanFile,
    PpcRule,
    Quiet,
    Reading,
    StandardsFile,
    Strict,
    Year,
)
from .outputs import Format, destination, offered_formats

if TYPE_CHECKING:
    from rich.console import Console

    from ..messages import Message

EXAMPLE = """xhht validate du-lieu/2024
xhht validate du-lieu/2024 --messages thong-bao.xlsx"""
OFFERED = offered_formats(FindingsFormat)


def command(paths: Paths, year: Year = None, plan: PlanFile = None, standards: StandardsFile = None,
            ppc: PpcRule = None, columns: ColumnsFile = None, strict: Strict = False, no_cache: NoCache = False,
            fmt: FindingsFormatOpt = FindingsFormat.terminal, messages: MessagesFile = None, quiet: Quiet = False,
            debug: Debug = False) -> None:
    """Chỉ đọc và kiểm tra dữ liệu, không tính báo cáo: in các lỗi và cảnh báo theo nhóm.

    Mã thoát 0 khi không có lỗi (có thể có cảnh báo), 3 khi có lỗi."""
    files = [Path(p) for p in paths]
    reading = Reading(plan, standards, ppc, columns, strict, no_cache)
    dest = destination(Format(fmt.value), None, OFFERED)  # stdout only: nothing to refuse

    def produce(progress: Any) -> Findings:
        from ..messages import XhhtError
        from ..pipeline import validate_read

        read: set[str] = set()

        def seen(name: str) -> None:  # called once per input file read (or served by the cache)
            read.add(name)
            if progress is not None:
                progress(name)

        try:
            found, persons, communes = validate_read(files, reading.options(year), seen)
        except XhhtError as exc:  # the plan or the column mapping itself is unreadable: that is a finding too
            return Findings(exc.context)
        return Findings(found, len(read), persons, communes)

    def finish(found: Findings) -> int:
        return EXIT_DATA if any(m.severity == "error" for m in found.messages) else 0

    from ..io.writer import FOLDER_SUFFIXES

    job = Job(dest, [*files, *reading.files()], FOLDER_SUFFIXES, quiet, debug, messages, summary=False)
    execute(job, produce, RENDERERS, lambda found: found.messages, finish)


@dataclass
class Findings:
    """What validate found, and what it read (None when reading stopped at an error)."""

    messages: list[Message]
    files: int | None = None
    persons: int | None = None
    communes: int | None = None


def _terminal(found: Findings, console: Console) -> None:
    from ..render.fmt import count
    from ..render.messages import grouped

    if found.files is not None and found.persons is not None:
        console.print(f"Đã đọc {count(found.files)} tệp: {count(found.persons)} người của "
                      f"{count(found.communes)} xã/phường.")
    errors = sum(m.severity == "error" for m in found.messages)
    console.print(f"{errors} lỗi, {len(found.messages) - errors} cảnh báo")
    for line in grouped(found.messages, codes=False):
        console.print(line)


def _json(found: Findings) -> str:
    from ..messages import messages_json

    return messages_json(found.messages)


def _csv(found: Findings) -> str:
    from ..render.messages import messages_csv

    return messages_csv(found.messages)


RENDERERS: Renderers[Findings] = Renderers(_terminal, {Format.json: _json, Format.csv: _csv})
