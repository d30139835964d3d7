"""Where the header check (sources/header_check.py) meets a file being read: what it needs of each sheet
(which columns hold values, the --columns names), gathered while the sheet's cells are still at hand."""

from __future__ import annotations

from ..io.grid import Grid
from ..io.headers import Header
from ..messages import Log
from ..sources.header_check import SheetFacts, check_header, columns_of, near_misses
from ..sources.kind import InputKind
from ..sources.registry import PERSONS
from ..sources.survey import SurveySheet
from .column_map import ColumnMap


SAMPLE = 200  # distinct values of a column without a header kept to tell what it holds


def filled_blank_columns(grid: Grid, header: Header) -> dict[int, list[str]]:
    """The columns without a header that hold a value in some data row, with up to SAMPLE of their distinct
    values: read before a survey sheet's cells are released (survey_columns reads these columns too; a
    sheet has few or none). Vectorised: one unique() over the column."""
    out: dict[int, list[str]] = {}
    for i, n in enumerate(header.names):
        if not n:
            distinct = grid.text(i, header.data_start).dropna().unique()
            if len(distinct):
                out[i] = [str(v) for v in distinct[:SAMPLE]]
    return out


def _facts(grid: Grid, header: Header, filled: object, values: object = None) -> SheetFacts:
    return SheetFacts(str(grid.file), grid.sheet, grid.excel_row(header.start), grid.column_letter, filled,  # type: ignore[arg-type]
                      values or (lambda i: None))  # type: ignore[arg-type]


def _kind_columns(kind: InputKind, columns: ColumnMap) -> tuple[dict | None, tuple[str, ...]]:
    if kind.fields is None:
        return None, ()
    return columns.aliases(kind.name), columns.ignored(kind.name)


def check_survey_header(grid: Grid, header: Header, sheet: SurveySheet, filled_blank: dict[int, list[str]],
                        columns: ColumnMap, log: Log) -> None:
    """A survey sheet: its person rows are read, so a found column is filled when its field has an answer."""
    aliases, ignored = _kind_columns(PERSONS, columns)
    found = {i: f for f, i in columns_of(PERSONS, header.names, aliases, ignored).found.items()}

    def filled(i: int) -> bool | None:
        if i in filled_blank:
            return True
        if not header.names[i]:
            return False
        return found[i] in sheet.fields if i in found else None

    check_header(PERSONS, header.names, aliases, ignored, _facts(grid, header, filled, filled_blank.get), log)


def check_table_header(kind: InputKind, grid: Grid, header: Header, columns: ColumnMap, log: Log) -> None:
    """A units sheet or a commune table: a few hundred rows at most, whose cells are all at hand."""
    aliases, ignored = _kind_columns(kind, columns)

    def filled(i: int) -> bool:
        return bool(grid.column(i, header.data_start).notna().any())

    check_header(kind, header.names, aliases, ignored, _facts(grid, header, filled), log)


def near_miss_headers(kind: InputKind, grid: Grid, header: Header, columns: ColumnMap, log: Log) -> None:
    """A sheet that lacks a column `kind` needs: each header nearly spelling an absent column of the kind
    is the error column-near-miss ("Năm snh" for "Năm sinh"), said before the missing column."""
    aliases, ignored = _kind_columns(kind, columns)
    names = header.names
    cols = columns_of(kind, names, aliases, ignored)
    if not near_misses(names, cols):
        return
    # the same messages as a sheet read as the kind, the near misses alone
    local = Log()
    check_header(kind, names, aliases, ignored, _facts(grid, header, lambda i: None), local)
    log.extend([m for m in local.messages if m.code == "column-near-miss"])
