"""A sheet as text, whatever file it came from (xlsx, xls, ods, CSV, Parquet): the Grid the readers share,
its cells kept in Arrow form, and the one cleaning of text cells (trimmed, NFC, blank → null)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa


@dataclass(frozen=True)
class CellProblem:
    """A cell whose value cannot be read: an Excel error (#VALUE!) or a formula never calculated."""

    row: int  # as Excel shows it
    col: int  # grid column index
    kind: str  # "error" | "formula"
    detail: str  # "#VALUE!" for errors


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


class Grid:
    """One sheet as text: cell (i, j) is at spreadsheet row row0 + i, column col0 + j (1-based).

    Cells stay in Arrow form until a column is asked for: a survey sheet has 51 columns and the tool
    needs about twenty, and converting to pandas is a quarter of the reading time."""

    def __init__(self, file: Path, sheet: str, data: pa.Table | pa.RecordBatch | pd.DataFrame, row0: int = 1,
                 col0: int = 1, head: pd.DataFrame | None = None, colmap: dict[int, int] | None = None):
        self.file, self.sheet, self.row0, self.col0 = file, sheet, row0, col0
        self.problems: list[CellProblem] = []  # Excel error values and formulas without a stored value
        # A sheet read for some columns only: `head` holds its first rows in full (to find the header)
        # and `colmap` says where each grid column read stands in the table.
        self._head, self._colmap = head, colmap
        self._released: int | None = None  # the row count, once the cells are released
        if isinstance(data, pa.RecordBatch):
            data = pa.Table.from_batches([data])
        self._table = data if isinstance(data, pa.Table) else None
        self._frame = data if isinstance(data, pd.DataFrame) else None
        if self._frame is not None:
            self._frame.columns = range(self._frame.shape[1])

    @property
    def nrows(self) -> int:
        if self._released is not None:
            return self._released
        return self._table.num_rows if self._table is not None else len(self._frame)  # type: ignore[arg-type]

    def release(self) -> None:
        """Keep only the first rows (title rows above a header are still read from them): called once a
        survey sheet's columns have been copied out, so that a province's cells are not held twice."""
        if self._released is not None:
            return
        if self._head is None:
            self._head = self.head(HEAD_ROWS)
        self._released = self.nrows
        self._table = self._frame = None

    @property
    def ncols(self) -> int:
        if self._head is not None:
            return self._head.shape[1]
        return self._table.num_columns if self._table is not None else self._frame.shape[1]  # type: ignore[union-attr]

    def head(self, n: int) -> pd.DataFrame:
        if self._head is not None and (n <= len(self._head) or self._colmap is not None):
            return self._head.iloc[:n]  # a head shorter than n holds the whole (short) table
        if self._table is not None and self._colmap is None:
            frame = self._table.slice(0, n).to_pandas()
            frame.columns = range(frame.shape[1])
            return frame
        return self._frame.iloc[:n]  # type: ignore[union-attr]

    def column(self, j: int, start: int = 0) -> pd.Series:
        """Rows start.. of column j, indexed by grid row."""
        index = pd.RangeIndex(start, self.nrows)
        if self._colmap is not None:
            if j not in self._colmap:
                return pd.Series(pd.NA, index=index, dtype="string")
            j = self._colmap[j]
        if self._table is not None:
            series = self._table.select([j]).slice(start).to_pandas().iloc[:, 0]  # Arrow-backed, no Python strings
            series.index = index
            return series
        return self._frame.iloc[start:, j].astype("string")  # type: ignore[union-attr]

    def text(self, j: int, start: int = 0) -> pd.Series:
        """clean_text(self.column(j, start)), cleaned while still in Arrow form: one conversion to pandas
        instead of three for each of a survey's columns."""
        k = j if self._colmap is None else self._colmap.get(j)
        if self._table is not None and k is not None:
            col = self._table.column(k).slice(start)
            if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
                out = _clean_arrow(col).to_pandas(types_mapper=_STRING_TYPES.get)
                out.index = pd.RangeIndex(start, self.nrows)
                return out
        return clean_text(self.column(j, start))

    def codes(self, j: int) -> tuple[np.ndarray, list[str]] | None:
        """Column j's last text (`text`) as codes into its distinct values (-1 blank), when made with it:
        only a batch's grid (read/batch_parts.BatchGrid) makes them."""
        return None

    @property
    def cells(self) -> pd.DataFrame:
        """The whole sheet as a DataFrame: for small sheets (units, THONG_TIN) only."""
        if self._frame is None:
            self._frame = pd.DataFrame({j: self.column(j).reset_index(drop=True) for j in range(self.ncols)}) \
                if self._colmap is not None else self.head(self.nrows)
        return self._frame

    def excel_row(self, i: int) -> int:
        return self.row0 + i

    def column_letter(self, j: int) -> str:
        return column_letter(self.col0 + j)


def column_letter(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


HEAD_ROWS = 20


_STRING_TYPES = {pa.large_string(): pd.StringDtype("pyarrow")}


def arrow_text(s: pd.Series) -> pa.Array | None:
    """The Arrow array behind a column of Arrow-held text, as one array (copied only when pandas holds it in
    pieces), None for any other column: what Arrow's kernels work on directly, without a Series between each."""
    if not (isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "pyarrow"):
        return None
    chunked = s.array.__arrow_array__()
    return chunked.chunk(0) if chunked.num_chunks == 1 else chunked.combine_chunks()


def _clean_arrow(arr: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Strip and NFC-normalise Arrow text; blank becomes null. ASCII text is its own NFC; other text is
    normalised once per distinct value (a column of 3 million commune names holds a few dozen), which
    costs a twentieth of normalising every cell."""
    import pyarrow.compute as pc

    arr = pc.cast(arr, pa.large_string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pc.all(pc.string_is_ascii(arr)).as_py() is False:
        encoded = pc.dictionary_encode(arr)
        arr = _blank_to_null(pc.utf8_trim_whitespace(pc.utf8_normalize(encoded.dictionary, form="NFC"))) \
            .take(encoded.indices)
        return arr
    return _blank_to_null(pc.utf8_trim_whitespace(arr))


def _blank_to_null(arr: pa.Array) -> pa.Array:
    import pyarrow.compute as pc

    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.large_string()), arr)


def clean_text(s: pd.Series) -> pd.Series:
    """Strip and NFC-normalise a text column; blank becomes NA. Done by Arrow's compute kernels over the
    whole column, so a column of 37,500 distinct names costs milliseconds."""
    out = _clean_arrow(pa.array(s.astype("string"), type=pa.large_string(), from_pandas=True)) \
        .to_pandas(types_mapper=_STRING_TYPES.get)
    out.index = s.index
    return out

