"""What one survey sheet gives a run, counted per unit label, and its round trip through the counts cache.

A sheet is counted per the unit labels it states (its unit column, or "" for the workbook's one commune);
the labels are assigned to unit codes afterwards (`relabel`), the same way on a cold run and on a cache
hit. Every CountTable field of `Counted` is cached generically, so a new count table added to it (the forms'
counts, say) is cached without touching this module. Nothing here imports pandas: a hit never does.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..persons.duplicates import person_key_hashes
from ..counts.gathered import PersonRows
from .model import WorkbookInputs
from ..messages import Message
from ..sources.info import Stated
from ..sources.labels import UnitLabels
from ..counts.table import CountTable

if TYPE_CHECKING:
    from ..sources.survey import SurveySheet

HERE = "\x00"  # stands for the file's own path in cached messages


@dataclass
class Counted:
    """One sheet's counts keyed by unit label: `counts` (counts.columns() per label), `ages` ((label, age) →
    the forms' rows), the messages its rows gave, the persons (only with --list-persons) and the year used."""

    counts: CountTable
    ages: CountTable
    messages: list[Message]
    persons: PersonRows | None
    year: int


@dataclass
class CachedSheet:
    """A survey sheet served by the cache: its name and unit labels; its counts are in the workbook's `early`."""

    name: str
    labels: UnitLabels
    person_keys: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, dtype=np.uint64))


def _frames(c: Counted) -> list[str]:
    return [f.name for f in dataclasses.fields(c) if isinstance(getattr(c, f.name), CountTable)]


def message_out(m: Message, path: Path) -> dict[str, Any]:
    """A message as a cache entry keeps it: the file's own path blanked out (the same file may move)."""
    d = m.model_dump()
    if d["file"] == str(path):
        d["file"] = HERE
    return d


def message_in(d: dict[str, Any], path: Path) -> Message:
    """A cached message with the file's path put back."""
    if d.get("file") == HERE:
        d = {**d, "file": str(path)}
    return Message(**d)


def to_entry(wb: WorkbookInputs, classified: list[Message], sheets: list[tuple[SurveySheet, Counted]],
             salt: bytes) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """A commune workbook's cache entry: JSON-able metadata and arrays (no names, no birth dates)."""
    meta: dict[str, Any] = {"stated": dataclasses.asdict(wb.stated),
                            "classified": [message_out(m, wb.path) for m in classified], "sheets": []}
    arrays: dict[str, np.ndarray] = {}
    for i, (sheet, c) in enumerate(sheets):
        frames = {}
        for name in _frames(c):
            table: CountTable = getattr(c, name)
            # text levels (unit labels) go in the JSON document: numpy saves object arrays only by pickling
            frames[name] = {"columns": table.columns, "names": list(table.names),
                            "levels": [lv.tolist() if lv.dtype == object else None for lv in table.levels]}
            for k, lv in enumerate(table.levels):
                if lv.dtype != object:
                    arrays[f"{i}.{name}.{k}"] = lv
            arrays[f"{i}.{name}"] = table.values
        # a sheet counted in batches (read/batches.py) kept only its keys' hashes, made with this run's salt
        arrays[f"{i}.duplicates"] = sheet.person_keys if isinstance(sheet, CachedSheet) \
            else person_key_hashes(sheet, salt)
        meta["sheets"].append({"labels": dataclasses.asdict(sheet.labels), "year": c.year, "frames": frames,
                               "messages": [message_out(m, wb.path) for m in c.messages]})
    return meta, arrays


def from_entry(path: Path, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> tuple[WorkbookInputs, list[Message]]:
    """The workbook as a cold read would leave it (stated information, sheets' unit labels, early counts)
    and the messages its reading gave."""
    wb = WorkbookInputs(path, stated=Stated(**meta["stated"]))
    for i, s in enumerate(meta["sheets"]):
        labels = UnitLabels(**s["labels"])
        frames = {}
        for name, f in s["frames"].items():
            levels = [arrays[f"{i}.{name}.{k}"] if v is None else np.array(v, dtype=object)
                      for k, v in enumerate(f["levels"])]
            frames[name] = CountTable(levels, f["names"], f["columns"], arrays[f"{i}.{name}"])
        keys = arrays.get(f"{i}.duplicates", np.zeros(0, dtype=np.uint64)).astype(np.uint64)
        wb.surveys.append(CachedSheet(labels.sheet, labels, keys))  # type: ignore[arg-type]
        wb.early[labels.sheet] = Counted(messages=[message_in(m, path) for m in s["messages"]], persons=None,
                                         year=s["year"], **frames)
    return wb, [message_in(m, path) for m in meta["classified"]]
