"""What one survey sheet gives a run, counted per unit label, and its round trip through the counts cache.

A sheet is counted per the unit labels it states (its unit column, or "" for the workbook's one commune);
the labels are assigned to unit codes afterwards (`relabel`), the same way on a cold run and on a cache
hit. Every DataFrame field of `Counted` is cached generically, so a new count table added to it (the forms'
counts, say) is cached without touching this module.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .duplicates import person_key_hashes
from .evaluate import PersonRows
from .load import WorkbookInputs
from .messages import Message
from .sources.info import Stated
from .sources.survey import SurveySheet, UnitLabels

HERE = "\x00"  # stands for the file's own path in cached messages


@dataclass
class Counted:
    """One sheet's counts keyed by unit label: `counts` (counts.columns() per label), `ages` ((label, age) →
    the forms' rows), the messages its rows gave, the persons (only with --list-persons) and the year used."""

    counts: pd.DataFrame
    ages: pd.DataFrame
    messages: list[Message]
    persons: PersonRows | None
    year: int


@dataclass
class CachedSheet:
    """A survey sheet served by the cache: its name and unit labels; its counts are in the workbook's `early`."""

    name: str
    labels: UnitLabels
    person_keys: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, dtype=np.uint64))


def relabel(table: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """Counts per label → counts per unit code (labels of one unit summed, labels without one left out: they
    are reported as errors). The first index level holds the labels; a loop over labels, not persons."""
    labels = table.index.get_level_values(0)
    keep = np.asarray(labels.isin(list(mapping)), dtype=bool)
    kept = table[keep]
    codes = pd.Index([mapping[str(v)] for v in labels[keep]], dtype=object, name=table.index.names[0])
    if isinstance(table.index, pd.MultiIndex):
        kept.index = pd.MultiIndex.from_arrays([codes] + [kept.index.get_level_values(i)
                                                          for i in range(1, table.index.nlevels)],
                                               names=table.index.names)
    else:
        kept.index = codes
    return kept.groupby(level=list(range(table.index.nlevels)), sort=False).sum().astype("int64")


def _frames(c: Counted) -> list[str]:
    return [f.name for f in dataclasses.fields(c) if isinstance(getattr(c, f.name), pd.DataFrame)]


def _message_out(m: Message, path: Path) -> dict[str, Any]:
    d = m.model_dump()
    if d["file"] == str(path):
        d["file"] = HERE
    return d


def _message_in(d: dict[str, Any], path: Path) -> Message:
    if d.get("file") == HERE:
        d = {**d, "file": str(path)}
    return Message(**d)


def to_entry(wb: WorkbookInputs, classified: list[Message], sheets: list[tuple[SurveySheet, Counted]],
             salt: bytes) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """A commune workbook's cache entry: JSON-able metadata and arrays (no names, no birth dates)."""
    meta: dict[str, Any] = {"stated": dataclasses.asdict(wb.stated),
                            "classified": [_message_out(m, wb.path) for m in classified], "sheets": []}
    arrays: dict[str, np.ndarray] = {}
    for i, (sheet, c) in enumerate(sheets):
        frames = {}
        for name in _frames(c):
            frame: pd.DataFrame = getattr(c, name)
            idx = frame.index
            frames[name] = {"columns": [str(x) for x in frame.columns], "names": list(idx.names),
                            "dtypes": [str(idx.get_level_values(k).dtype) for k in range(idx.nlevels)],
                            "levels": [[_native(v) for v in idx.get_level_values(k)] for k in range(idx.nlevels)]}
            arrays[f"{i}.{name}"] = frame.to_numpy(dtype=np.int64)
        arrays[f"{i}.duplicates"] = person_key_hashes(sheet, salt)
        meta["sheets"].append({"labels": dataclasses.asdict(sheet.labels), "year": c.year, "frames": frames,
                               "messages": [_message_out(m, wb.path) for m in c.messages]})
    return meta, arrays


def from_entry(path: Path, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> tuple[WorkbookInputs, list[Message]]:
    """The workbook as a cold read would leave it (stated information, sheets' unit labels, early counts)
    and the messages its reading gave."""
    wb = WorkbookInputs(path, stated=Stated(**meta["stated"]))
    for i, s in enumerate(meta["sheets"]):
        labels = UnitLabels(**s["labels"])
        frames = {}
        for name, f in s["frames"].items():
            levels = [pd.Index(v, dtype=d) for v, d in zip(f["levels"], f["dtypes"])]
            index = pd.MultiIndex.from_arrays(levels, names=f["names"]) if len(levels) > 1 \
                else levels[0].rename(f["names"][0])
            frames[name] = pd.DataFrame(arrays[f"{i}.{name}"], index=index, columns=f["columns"], dtype="int64")
        keys = arrays.get(f"{i}.duplicates", np.zeros(0, dtype=np.uint64)).astype(np.uint64)
        wb.surveys.append(CachedSheet(labels.sheet, labels, keys))  # type: ignore[arg-type]
        wb.early[labels.sheet] = Counted(messages=[_message_in(m, path) for m in s["messages"]], persons=None,
                                         year=s["year"], **frames)
    return wb, [_message_in(m, path) for m in meta["classified"]]


def _native(v: object) -> object:
    return v.item() if isinstance(v, np.generic) else v
