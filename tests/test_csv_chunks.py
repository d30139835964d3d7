"""The chunked CSV reader (io/csv_chunks.py) gives the rows pyarrow's streaming reader gives, whatever the
chunk size, and fails where it fails."""

from __future__ import annotations

import threading
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pv
import pytest

from xhht_cli.io.csv_chunks import Unparsable, ahead, csv_tables

NAMES = ["f0", "f1", "f2"]


def streamed(path: Path, encoding: str = "utf8") -> list[list[object]]:
    reader = pv.open_csv(path, read_options=pv.ReadOptions(autogenerate_column_names=True, encoding=encoding),
                         parse_options=pv.ParseOptions(ignore_empty_lines=False, newlines_in_values=False),
                         convert_options=pv.ConvertOptions(include_columns=NAMES,
                                                           column_types={n: pa.string() for n in NAMES},
                                                           strings_can_be_null=True, null_values=[""],
                                                           include_missing_columns=True))
    return pa.Table.from_batches(list(reader)).to_pylist()


def chunked(path: Path, size: int, encoding: str = "utf8") -> list[list[object]]:
    tables = list(ahead(csv_tables(path, encoding, ",", NAMES, size)))
    return [row for t in tables for row in t.to_pylist()]


@pytest.mark.parametrize("ending", [b"\n", b"\r\n", b"\r"])
@pytest.mark.parametrize("size", [12, 16, 31, 1 << 20])
def test_rows_as_streamed_at_any_chunk_size(tmp_path: Path, ending: bytes, size: int) -> None:
    rows = [b"A,B,C", "Xã Á,1,".encode(), b",,", b"x,22,333", "Ấp,4,5".encode()]
    path = tmp_path / "t.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ending.join(rows))  # a BOM, and no line break after the last row
    assert chunked(path, size) == streamed(path)
    assert len(chunked(path, size)) == 5
    if size == 12:  # a chunk of whole lines at most 12 bytes: several chunks, one line each or two
        assert len(list(csv_tables(path, "utf8", ",", NAMES, size))) >= 3


def test_a_later_row_of_another_width_fails_as_streamed(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"A,B,C\n1,2,3\n4,5,6\n7,8,9,10\n")
    with pytest.raises(pa.ArrowInvalid):
        streamed(path)
    with pytest.raises(Unparsable):
        chunked(path, 12)  # the wide row alone in a later chunk: still refused, never read as 4 columns


def test_a_line_longer_than_a_chunk(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"A,B,C\n" + b"x" * 100 + b",1,2\n")
    with pytest.raises(Unparsable):
        chunked(path, 32)


def test_cp1258(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"A,B,C\nNguy\xean,N\xfd\xde,1\n")  # "Nguyên", "Nữ" in Windows-1258
    assert chunked(path, 16, "cp1258") == streamed(path, "cp1258")


def test_ahead_raises_in_order_and_stops_its_thread() -> None:
    def items():
        yield pa.table({"a": [1]})
        raise ValueError("hỏng")

    got = []
    with pytest.raises(ValueError):
        for t in ahead(items()):
            got.append(t)
    assert len(got) == 1

    closed = threading.Event()

    def endless():
        try:
            while True:
                yield pa.table({"a": [1]})
        finally:
            closed.set()

    for _ in ahead(endless()):
        break  # a caller that stops early
    assert closed.wait(5)
    assert not [t for t in threading.enumerate() if t.name == "xhht-csv"]


def test_total_rows_found_alike_in_arrow_and_python_text() -> None:
    """persons.values.total_mask: Arrow's kernels for Arrow text, pandas' .str otherwise: the same cells."""
    import pandas as pd

    from xhht_cli.persons.values import total_mask

    cells = ["Tổng cộng", " tổng CỘNG: ", "Tong cong::", "tổng cộng :", None, "Nguyễn A", "", "Cộng", "TỔNG SỐ"]
    fast = total_mask(pd.Series(cells, dtype=pd.StringDtype("pyarrow"), index=range(3, 12)))
    slow = total_mask(pd.Series(cells, dtype=object, index=range(3, 12)))
    assert fast.tolist() == slow.tolist() == [True, True, True, False, False, False, False, True, True]
    assert list(fast.index) == list(range(3, 12)) and fast.dtype == bool
    units = ["Xã An Tây"] * 200 + cells  # few distinct values: tested on them, then spread to the cells
    few = total_mask(pd.Series(units, dtype=pd.StringDtype("pyarrow")))
    assert few.tolist() == total_mask(pd.Series(units, dtype=object)).tolist() == [False] * 200 + slow.tolist()


def test_totals_found_alike_from_a_batchs_codes() -> None:
    """A batch's cleaned column comes with its codes and distinct values: tested on those, the same cells."""
    import numpy as np
    import pandas as pd

    from xhht_cli.persons.values import total_mask

    cells = ["Xã A", "Tổng cộng", None, "tổng CỘNG:", "Xã A", "Cộng", None, "Xã B"]
    codes = np.array([0, 1, -1, 2, 0, 3, -1, 4], dtype=np.int32)
    uniques = ["Xã A", "Tổng cộng", "tổng CỘNG:", "Cộng", "Xã B", "Tổng số"]  # the last on no row (dropped)
    text = pd.Series(cells, dtype=pd.StringDtype("pyarrow"), index=range(5, 13))
    coded = total_mask(text, (codes, uniques))
    assert coded.tolist() == total_mask(text).tolist() == [False, True, False, True, False, True, False, False]
    assert list(coded.index) == list(range(5, 13)) and coded.dtype == bool


def test_totals_found_in_arrow_text_held_in_pieces() -> None:
    """A column pandas holds as several Arrow pieces (frames put end to end) is read as one array."""
    import pandas as pd

    from xhht_cli.persons.values import total_mask

    part = pd.Series(["Xã An Tây"] * 30 + ["Tổng cộng"], dtype=pd.StringDtype("pyarrow"))
    both = pd.concat([part, part], ignore_index=True)
    assert both.array.__arrow_array__().num_chunks == 2
    assert total_mask(both).tolist() == ([False] * 30 + [True]) * 2


def test_pieces_cover_the_file_in_whole_lines(tmp_path: Path) -> None:
    from xhht_cli.io.csv_chunks import _chunks

    path = tmp_path / "t.csv"
    line = b"0123456789,abcdefghi\n"  # 21 bytes
    path.write_bytes(line * 2000)  # 42,000 bytes
    pieces = [bytes(p) for p in _chunks(path, 4096, held=lambda _: False)]  # each copied before the next
    assert b"".join(pieces) == path.read_bytes()
    assert all(p.endswith(b"\n") for p in pieces) and [len(p) for p in pieces[:-1]] == [4095] * 10


def test_a_piece_still_pointed_into_is_never_written_again(tmp_path: Path) -> None:
    from xhht_cli.io.csv_chunks import _chunks

    path = tmp_path / "t.csv"
    path.write_bytes(b"".join(b"%06d,x\n" % i for i in range(3000)))
    kept = list(_chunks(path, 2048, held=lambda _: True))  # every piece held: each its own buffer
    assert b"".join(bytes(p) for p in kept) == path.read_bytes()
    reused = [p for p in _chunks(path, 2048, held=lambda _: False)]  # one buffer: old views see new text
    assert b"".join(bytes(p) for p in reused) != path.read_bytes()


def test_a_table_pointing_into_its_piece_is_noticed() -> None:
    from xhht_cli.io.csv_chunks import _points_into

    piece = memoryview(bytearray(b"abcdef,1\n"))
    parsed = pv.read_csv(pa.py_buffer(piece), read_options=pv.ReadOptions(column_names=["a", "b"]),
                         convert_options=pv.ConvertOptions(column_types={"a": pa.string(), "b": pa.string()}))
    assert not _points_into(parsed, piece)  # Arrow copies the text it parses
    data = pa.py_buffer(piece)
    offsets = pa.array([0, 3, 6], type=pa.int32()).buffers()[1]
    viewing = pa.table({"a": pa.Array.from_buffers(pa.string(), 2, [None, offsets, data])})
    assert _points_into(viewing, piece)
    # an encoded column whose dictionary's text is in the piece: noticed too
    words = pa.Array.from_buffers(pa.string(), 2, [None, offsets, data])
    coded = pa.table({"a": pa.DictionaryArray.from_arrays(pa.array([1, 0], pa.int32()), words)})
    assert _points_into(coded, piece)


def test_unit_labels_alike_from_a_batchs_codes() -> None:
    """SurveySheet.labels from a batch's codes (distinct values in any order, some on no row left, one
    written twice after a legacy font's conversion) as from factorizing the column."""
    from types import SimpleNamespace

    import numpy as np
    import pandas as pd

    from xhht_cli.sources.survey import SurveySheet

    units = ["Xã B", None, "Xã A", "Xã B", None, "Xã C"]
    frame = pd.DataFrame({"_row": [4, 5, 6, 8, 9, 12], "unit": pd.Series(units, dtype="string")})

    def labels(made: tuple[np.ndarray, object] | None) -> tuple[object, ...]:
        sheet = SurveySheet(SimpleNamespace(sheet="S"), None, frame, columns={"unit": "Xã/phường"})  # type: ignore[arg-type]
        if made is not None:
            sheet._factorized["unit"] = made
        got = sheet.labels
        return got.labels, got.first_rows, got.blank_rows, got.blanks

    plain = labels(None)
    assert plain == (["Xã B", "Xã A", "Xã C"], [4, 6, 12], [5, 9], 2)
    codes = np.array([2, -1, 0, 2, -1, 3], dtype=np.int32)
    assert labels((codes, np.array(["Xã A", "Tổng", "Xã B", "Xã C"], dtype=object))) == plain
    twice = np.array([0, -1, 1, 2, -1, 3], dtype=np.int32)  # "Xã B" twice: factorized again
    assert labels((twice, np.array(["Xã B", "Xã A", "Xã B", "Xã C"], dtype=object))) == plain


def test_one_buffer_for_all_pieces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Carried lines growing longer from chunk to chunk still fit the one buffer: it is made once."""
    import mmap
    from types import SimpleNamespace

    from xhht_cli.io import csv_chunks

    made: list[int] = []

    def counted(fileno: int, length: int) -> mmap.mmap:
        made.append(length)
        return mmap.mmap(fileno, length)

    monkeypatch.setattr(csv_chunks, "mmap", SimpleNamespace(mmap=counted))
    path = tmp_path / "t.csv"
    path.write_bytes(b"".join(b"x" * (i % 90) + b",1\n" for i in range(2000)))  # lines of 3 to 92 bytes
    pieces = [bytes(p) for p in csv_chunks._chunks(path, 256, held=lambda _: False)]
    assert b"".join(pieces) == path.read_bytes() and len(pieces) > 100
    assert len(made) == 1
