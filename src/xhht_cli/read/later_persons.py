"""The persons list of a survey counted in batches: a second pass over the file, asked for explicitly.

Counting a CSV or Parquet survey keeps no rows (read/batches.py). Who must still be reached is known only
once the whole run is counted and judged, so the list reads the file again, batch by batch, with the fonts
decided on the first pass; each batch's facts are handed to the list's builder, which keeps only the rows
it lists. Memory stays bounded by the batch plus the persons listed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..counts.table import CountTable
from ..law.standards import Standards
from ..messages import Log
from .batches import StreamedSheet, read_streamed
from .model import WorkbookInputs
from .inputs import BatchCounter
from .sheet_counts import Counted

# (facts, the batch's sheet of raw fields, each row's unit code, the columns answered in the whole file)
Consume = Callable[[Any, Any, Any, set[str]], None]


@dataclass
class LaterPersons:
    """A streamed sheet's persons, read again when the list is built."""

    sheet: StreamedSheet
    mapping: dict[str, str]  # unit label → unit code, as the run assigned them
    year: int
    ppc: str | None

    def each(self, rules: Standards, consume: Consume) -> None:
        """Call `consume` with each batch's facts, raw fields and unit codes, in file order."""
        from ..persons.facts import derive

        assert self.sheet.source is not None
        path, fields, fonts = self.sheet.source
        empty = Counted(CountTable([[]], ["unit"], []), CountTable([[], []], ["unit", "age"], []), [], None, self.year)

        def count(wb: WorkbookInputs, sheet: Any, year: int) -> Counted:
            facts = derive(sheet, year, rules, Log(), self.ppc)  # its messages were given on the first pass
            consume(facts, sheet, sheet.row_labels().map(self.mapping), self.sheet.fields)
            return empty

        read = read_streamed(path, self.sheet.name, fields, WorkbookInputs(path),
                             BatchCounter(self.year, count, b"-"), decided=fonts)
        if read is None:  # pragma: no cover - the file was streamed on the first pass of this run
            raise RuntimeError(f"{Path(path).name}: not readable in batches on the second pass")


__all__ = ["LaterPersons"]
