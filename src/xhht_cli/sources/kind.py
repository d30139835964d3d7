"""What every input kind answers, so that the loader, `--columns` and `xhht template` can loop over the
registry (sources/registry.py) without naming any kind: which sheets are mine, why a sheet almost matched,
how to read one, which column names `--columns` may add, and the blank workbooks `xhht template` writes.

A kind is read at one of three stages: "persons" (survey rows, read and counted as each workbook is
parsed), "units" (the list every other sheet's rows are matched against, read while classifying) and
"commune" (tables whose rows name units, read once the units are known)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..messages import Log
from .layout import Template

if TYPE_CHECKING:  # units.py declares its own kind: a run-time import would be a cycle
    import pandas as pd  # the sheets' readers use it; a run served by the cache needs these types only

    from ..io.grid import Grid
    from ..io.headers import Header
    from ..counts.table import CountTable
    from .survey import SurveySheet
    from ..counts.unit_index import Unit, UnitIndex

Aliases = dict[str, tuple[str, ...]]
Labelled = list[tuple[str, "CountTable"]]  # (source label "file · sheet", counts per unit)
Locator = Callable[[str, str], dict]  # (unit, indicator) → file, sheet, row, column of the value


@dataclass
class Other:
    """A commune-level sheet, read once the units are known (its rows name units)."""

    kind: str  # the InputKind's name
    grid: Grid
    header: Header


@dataclass
class OtherSources:
    """What the commune-level sheets of one run gave, summed over every sheet of each kind."""

    counts: Labelled = field(default_factory=list)
    locators: list[Locator] = field(default_factory=list)  # one per entry of counts
    institutions: pd.DataFrame | None = None
    covers_institutions: bool = False
    recognitions: dict[tuple[str, int], bool] = field(default_factory=dict)
    breakdowns: list[pd.DataFrame] = field(default_factory=list)  # institutions per unit and type, per sheet


@dataclass
class CommuneContext:
    """What a commune-level reader may need besides its sheet: the units (a conditions sheet adds to them)."""

    units: list[Unit]
    index: UnitIndex
    units_file: str | None
    log: Log


@dataclass(frozen=True)
class InputKind:
    """One kind of input sheet. `find(grid, aliases)` returns the header when the sheet is this kind's
    (aliases are the `--columns` names added to `fields`, or None for a kind without fields);
    `near_miss(names, aliases)` says which column a sheet that is clearly this kind lacks."""

    name: str
    stage: Literal["persons", "units", "commune"]
    find: Callable[[Grid, Aliases | None], Header | None]
    fields: Aliases | None = None  # column aliases a --columns file may extend, under `name`
    near_miss: Callable[[list[str], Aliases | None], str | None] | None = None
    # fields read only for the duplicate-person check and the persons list, never counted or printed: the
    # only fields a --columns file may name a personal column (names, birth day, phone…) for
    private: frozenset[str] = frozenset()
    # stage "commune": add what the sheet holds to the run's other sources
    read: Callable[[Other, CommuneContext, OtherSources], None] | None = None
    # stage "units": (grid, header, default area, log, aliases) → the units
    read_units: Callable[[Grid, Header, str, Log, Aliases], list[Unit]] | None = None
    # stage "persons": (grid, header, log, aliases) → the persons' rows; and the columns worth parsing of
    # a sheet from its first rows (None when it is not this kind's)
    read_persons: Callable[[Grid, Header, Log, Aliases], SurveySheet] | None = None
    wanted_columns: Callable[[Grid, Aliases], list[int] | None] | None = None
    finish: Callable[[OtherSources], None] | None = None  # once, after every sheet of the run was read
    gives_counts: bool = False  # alone, it is enough data for a run (a conditions sheet is not)
    templates: tuple[Template, ...] = ()  # blank workbooks of `xhht template`, in the registry's order
    # What sources/header_check.py needs to say of every header whether it is recognised (spec.md, "Columns
    # that are not recognised"): the column names of a kind without `fields`; the official columns the kind
    # does not use (never reported); a test for names read by rule (an indicator's "… - Tử số"); groups of
    # a two-row header whose every leaf is read ("Khuyết tật" over its kinds of disability); and the field
    # at each position (0 = A) of the official layout, for a blank header where a needed column stands.
    columns: Aliases | None = None
    ignored: tuple[str, ...] = ()
    recognises: Callable[[str], bool] | None = None
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    official: tuple[tuple[int, str], ...] = ()
    # fields a whole sheet may rightly leave blank (nobody relapsed into illiteracy; a column not collected):
    # never reported as an empty column
    sparse: frozenset[str] = frozenset()
    # fields (and groups) that stand for one another: one found, the others are not missing
    alternatives: tuple[frozenset[str], ...] = ()
    # (distinct values of a column without a header, the absent fields) → the field they read as, if any
    guess: Callable[[list[str], set[str]], str | None] | None = None
    # names read by rule (`recognises`): the known name an unrecognised header nearly spells, if any
    suggest: Callable[[str], str | None] | None = None
