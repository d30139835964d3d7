"""What reading the inputs gives a run, as plain types (no pandas): the loader, the one-file reader, the
workers and the counts cache all speak in these."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..messages import Log, Message
from ..sources.info import Stated

if TYPE_CHECKING:  # the readers (pandas, pyarrow, fastexcel) are imported only when a file is read cold
    from ..counts.unit_index import Unit
    from ..sources.kind import Other
    from ..sources.survey import SurveySheet

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
class BatchCounter:
    """A CSV or Parquet survey counted batch by batch as it is read (read/batches.py): the survey year (known
    before reading; None: the file's own title row says it, or it is read whole), the count of one sheet of
    person rows (pipeline.gather's) and the run's salt for the duplicate-key hashes."""

    year: int | None
    count: Callable[[WorkbookInputs, SurveySheet, int], object]
    salt: bytes
    # set when the run is stopping (Ctrl-C): a file being counted stops at its next batch instead of being
    # read to its end before the run can exit
    stop: threading.Event = field(default_factory=threading.Event)


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


@dataclass
class Inputs:
    workbooks: list[WorkbookInputs] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    units_file: str | None = None
    others: list[Other] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # every data file read (not xhht's own outputs)
    # (kind of table, file, header names) of every table found: --columns names are checked against them
    headers: list[tuple[str, Path, list[str]]] = field(default_factory=list)


def units_twice(f: Path, sheet: str, inputs: Inputs, log: Log) -> None:
    log.error("units-twice", f"đã có sheet đơn vị trong {inputs.units_file}; chỉ dùng một sheet "
              "đơn vị cho một lần chạy", file=str(f), sheet=sheet)
