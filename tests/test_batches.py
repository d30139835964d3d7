"""A CSV or Parquet survey counted batch by batch (read/batches.py) gives exactly what reading it whole
gives: the same report, the same messages in the same order, the same rows named. Batches are made a few
rows long here so that every whole-file decision straddles batches."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pv
import pyarrow.parquet as pq
import pytest

from xhht_cli import pipeline
from xhht_cli.io.legacy import from_unicode
from xhht_cli.messages import XhhtError
from xhht_cli.read import batches
from xhht_cli.read.model import WorkbookInputs

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "ben-cat" / "2022"
HEADER = ["Xã/Phường", "Thôn/Ấp", "Số phiếu", "Họ và tên", "Năm sinh", "Giới tính", "Tình trạng cư trú", "Đang học",
          "Lớp đã học xong", "Bằng tốt nghiệp", "Trình độ chuyên môn", "Năng lực thông tin", "Kỹ năng sống"]


def person(i: int, **over: str | None) -> list[str | None]:
    row: dict[str, str | None] = {"Xã/Phường": "Xã An Tây" if i % 3 else "Phường Mỹ Phước", "Thôn/Ấp": "Ấp 1",
                                  "Số phiếu": str(i), "Họ và tên": f"Người {i}", "Năm sinh": str(1950 + i % 60),
                                  "Giới tính": "Nam" if i % 2 else "Nữ", "Tình trạng cư trú": None,
                                  "Đang học": None, "Lớp đã học xong": str(i % 13), "Bằng tốt nghiệp": None,
                                  "Trình độ chuyên môn": None, "Năng lực thông tin": None, "Kỹ năng sống": None}
    row.update(over)
    return [row[h] for h in HEADER]


def rows() -> list[list[str | None]]:
    """60 persons with findings spread over the file: the same bad values early and late (their messages
    must come out grouped by value, then by row), a column answered only near the end, a legacy-font
    (TCVN3) residence only in the last rows, a person repeated 40 rows later, a blank row, a totals row."""
    out = [person(i) for i in range(60)]
    out[2] = person(2, **{"Năm sinh": "abc", "Giới tính": "X"})
    out[5] = person(5, **{"Lớp đã học xong": "15"})
    out[9] = person(9, **{"Năm sinh": "2090"})
    out[31] = person(31, **{"Năm sinh": "abc", "Lớp đã học xong": "15", "Giới tính": "Y"})
    out[33] = person(33, **{"Lớp đã học xong": "14"})
    out[44] = person(4)  # person 4 again
    out[45] = person(45, **{"Kỹ năng sống": "có", "Năm sinh": "1890"})
    out[50] = [None] * len(HEADER)
    out[51] = person(51, **{"Xã/Phường": "Tổng cộng", "Số phiếu": None, "Họ và tên": None})
    out[57] = person(57, **{"Tình trạng cư trú": from_unicode("Chuyển đi", "tcvn3")})
    out[58] = person(58, **{"Tình trạng cư trú": from_unicode("Chuyển đi", "tcvn3"), "Giới tính": "X"})
    return out


def table(data: list[list[str | None]]) -> pa.Table:
    return pa.table({h: pa.array([r[k] for r in data], pa.string()) for k, h in enumerate(HEADER)})


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "2024"
    d.mkdir()
    shutil.copy(SAMPLE / "don-vi.xlsx", d / "don-vi.xlsx")
    return d


def write_csv(folder: Path, data: list[list[str | None]]) -> Path:
    path = folder / "dieu-tra.csv"
    pv.write_csv(table(data), path, pv.WriteOptions(quoting_style="needed"))
    return path


def report(folder: Path, stream: bool, monkeypatch: pytest.MonkeyPatch, rows_per_batch: int = 7) -> str:
    monkeypatch.setattr(batches, "BATCH_BYTES", 60 * rows_per_batch)  # a CSV row here is about 60 bytes
    monkeypatch.setattr(batches, "BATCH_ROWS", rows_per_batch)
    run = pipeline.run([folder], pipeline.Options(stream=stream, parallel=False))
    return run.report.model_dump_json()


def passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts each pass's batches: that the file was streamed, and how often."""
    seen: list[int] = []
    original = batches._Run.__init__

    def init(self, *a, **k):  # type: ignore[no-untyped-def]
        seen.append(0)
        original(self, *a, **k)

    original_take = batches._Run.take

    def take(self, *a, **k):  # type: ignore[no-untyped-def]
        seen[-1] += 1
        original_take(self, *a, **k)

    monkeypatch.setattr(batches._Run, "__init__", init)
    monkeypatch.setattr(batches._Run, "take", take)
    return seen


def test_csv_in_batches_equals_whole(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_csv(folder, rows())
    whole = report(folder, False, monkeypatch)
    seen = passes(monkeypatch)
    streamed = report(folder, True, monkeypatch)
    # The TCVN3 text appears only in the last batch: the first pass assumed Unicode, the second converted.
    assert len(seen) == 2 and all(n > 5 for n in seen)
    assert streamed == whole
    import json

    messages = json.loads(whole)["messages"]
    codes = [m["code"] for m in messages]
    assert "legacy-encoding" in codes and "duplicate-person" in codes and "totals-row-dropped" in codes
    bad_grade = [(m["message"][:14], m["row"]) for m in messages if m["code"] == "bad-grade"]
    # grouped by value across batches ('14' before '15'), then by row
    assert bad_grade == [("giá trị '14' k", 35), ("giá trị '15' k", 7), ("giá trị '15' k", 33)]
    assert [m["row"] for m in messages if m["code"] == "duplicate-person"] == [46]


def test_one_pass_when_the_first_batch_decides(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = rows()
    data[1] = person(1, **{"Tình trạng cư trú": from_unicode("Chuyển đi", "tcvn3")})
    write_csv(folder, data)
    whole = report(folder, False, monkeypatch)
    seen = passes(monkeypatch)
    assert report(folder, True, monkeypatch) == whole
    assert len(seen) == 1


def test_parquet_in_batches_equals_whole(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pq.write_table(table(rows()), folder / "dieu-tra.parquet", row_group_size=10)
    whole = report(folder, False, monkeypatch, rows_per_batch=6)
    seen = passes(monkeypatch)
    assert report(folder, True, monkeypatch, rows_per_batch=6) == whole
    assert seen and seen[-1] >= 10


def test_column_answered_nowhere_is_no_data(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"Kỹ năng sống" blank in every row: its indicator has no data, in batches as whole."""
    data = rows()
    data[45] = person(45)
    write_csv(folder, data)
    whole = report(folder, False, monkeypatch)
    assert report(folder, True, monkeypatch) == whole


def test_ragged_csv_is_read_whole(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A data row with more cells than the header: the whole-file reader explains it (an error at its row)."""
    path = write_csv(folder, rows())
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[40] += ",x,y"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(batches, "BATCH_BYTES", 400)
    with pytest.raises(Exception) as whole:
        pipeline.run([folder], pipeline.Options(stream=False, parallel=False))
    with pytest.raises(Exception) as streamed:
        pipeline.run([folder], pipeline.Options(parallel=False))
    assert str(streamed.value) == str(whole.value) and "csv-extra-cells" in repr(whole.value.messages)  # type: ignore[attr-defined]


def test_a_later_row_not_utf8_is_read_whole(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A CSV's text is parsed unchecked and checked on each column's distinct values: a byte that is not
    UTF-8 in a later batch sends the file to the whole-file reader, which says what it says of it read whole."""
    path = write_csv(folder, rows())
    data = path.read_bytes().split(b"\n")
    data[40] = data[40].replace(b"Nam", b"Nam\xff", 1) if b"Nam" in data[40] else data[40] + b"\xff"
    path.write_bytes(b"\n".join(data))
    monkeypatch.setattr(batches, "BATCH_BYTES", 400)
    from xhht_cli.io import tabular

    monkeypatch.setattr(tabular, "PEEK_BYTES", 1024)  # the encoding is sniffed before the bad byte, as in a big file

    def outcome(stream: bool) -> str:
        try:
            return pipeline.run([folder], pipeline.Options(stream=stream, parallel=False)).report.model_dump_json()
        except XhhtError as exc:
            return repr(exc.messages)

    seen = passes(monkeypatch)
    streamed = outcome(True)
    assert seen and seen[-1] >= 2 and seen[-1] < 10  # batches counted before the bad one, then given up
    assert streamed == outcome(False)


def test_not_a_survey_is_not_streamed(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Mã xã,Tên xã\n1,An Tây\n", encoding="utf-8")
    counter = batches.BatchCounter(2024, lambda wb, s, y: None, b"salt")  # type: ignore[arg-type,return-value]
    assert batches.read_streamed(path, "x", {}, WorkbookInputs(path), counter) is None


def test_in_memory_table_decides_fonts_on_every_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Person rows handed as an Arrow table of large strings (as pandas gives them): the legacy font found
    only in the last batch is still decided on, and the counts are those of the whole table."""
    from xhht_cli.read.person_table import count_persons

    data = table(rows()).cast(pa.schema([(h, pa.large_string()) for h in HEADER]))
    whole = count_persons(data, 2024, b"s", name="t")
    monkeypatch.setattr(batches, "BATCH_ROWS", 7)
    streamed = count_persons(data, 2024, b"s", name="t")
    assert streamed.counts.equals(whole.counts) and streamed.ages.equals(whole.ages)
    assert [m.code for m in streamed.messages if m.code == "legacy-encoding"] == ["legacy-encoding"]
    assert [str(m) for m in streamed.messages] == [str(m) for m in whole.messages]


def test_persons_list_reads_a_streamed_file_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--list-persons of a CSV counted in batches: a second pass over the file gives the list read whole."""
    from xhht_cli.answer.to_reach import persons_to_reach
    from xhht_cli.read.later_persons import LaterPersons

    folder = tmp_path / "2022"
    folder.mkdir()
    for name in ("dieu-tra-2022.csv", "don-vi.xlsx"):
        shutil.copy(SAMPLE / name, folder / name)
    monkeypatch.setattr(batches, "BATCH_BYTES", 50_000)  # about 500 persons a batch: a dozen batches
    whole = pipeline.run([folder], pipeline.Options(stream=False, parallel=False, keep_persons=True))
    seen = passes(monkeypatch)
    streamed = pipeline.run([folder], pipeline.Options(parallel=False, keep_persons=True))
    assert len(seen) == 1 and seen[0] > 10 and all(isinstance(p, LaterPersons) for p in streamed.gathered.persons)
    expected, got = persons_to_reach(whole), persons_to_reach(streamed)
    assert len(seen) == 2 and seen[1] == seen[0]  # read again, batch by batch, for the list
    assert len(expected) > 50 and got.astype(str).equals(expected.astype(str))  # a list, the same
    assert streamed.report.model_dump_json() == whole.report.model_dump_json()


def test_a_title_row_gives_the_year_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No --year and no year folder: a title row above the header ("Năm 2024") is known before the first
    batch, so the file is counted as it is read; the same report as reading it whole. Without such a row
    the year comes from elsewhere, and the file is read whole."""
    d = tmp_path / "huyen"
    d.mkdir()
    shutil.copy(SAMPLE / "don-vi.xlsx", d / "don-vi.xlsx")
    path = d / "dieu-tra.csv"
    pv.write_csv(table(rows()[:40]), path, pv.WriteOptions(quoting_style="needed"))
    body = path.read_text(encoding="utf-8")
    path.write_text("Điều tra phổ cập giáo dục năm 2024" + "," * (len(HEADER) - 1) + "\n" + body, encoding="utf-8")
    whole = report(d, False, monkeypatch)
    seen = passes(monkeypatch)
    assert report(d, True, monkeypatch) == whole
    assert len(seen) == 1 and seen[0] > 3

    path.write_text(body, encoding="utf-8")  # no title: nothing says the year before reading
    seen.clear()
    with pytest.raises(XhhtError) as err:
        report(d, True, monkeypatch)
    assert [m.code for m in err.value.messages] == ["year-unknown"]
    assert seen == []


def test_ctrl_c_stops_the_file_at_its_next_batch(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while a CSV is counted in batches: the run ends after the batch being counted (exit 130, one
    line), not once the reading thread has counted the rest of the file."""
    import os
    import signal

    from typer.testing import CliRunner

    from xhht_cli.cli.application import app

    write_csv(folder, rows() * 20)  # 1,200 rows: about 170 batches of 7
    seen = passes(monkeypatch)
    original_take = batches._Run.take

    def take(self, *a, **k):  # type: ignore[no-untyped-def]
        if sum(seen) == 2:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C: to the process, whose main thread waits for the file
        original_take(self, *a, **k)

    monkeypatch.setattr(batches._Run, "take", take)
    monkeypatch.setattr(batches, "BATCH_BYTES", 60 * 7)
    result = CliRunner().invoke(app, ["compute", str(folder), "--no-cache", "-f", "json"])
    assert result.exit_code == 130, result.output
    assert result.stderr.strip() == "Đã dừng theo yêu cầu (Ctrl-C)."
    assert 2 <= sum(seen) <= 6  # a few batches, not all 170


def test_a_batch_column_cleaned_once_gives_the_cells_cleaned_one_by_one() -> None:
    """The cleaned text of a batch's column (read/batch_parts.clean_column), whether cleaning changes nothing
    (the column's own text is kept) or trims, normalises and blanks some values (made again row by row)."""
    import pandas as pd

    from xhht_cli.io.grid import _clean_arrow
    from xhht_cli.read.batch_parts import clean_column

    for values in (["Nam", None, "Nữ", "Nam"], [" Nam", "Nam ", None, "  ", "Nữ"], ["Nu\u0303", "Nữ", None], [None, None]):
        col = pa.array(values, pa.string())
        done = clean_column(col, 1)
        want = _clean_arrow(col.slice(1)).to_pylist()
        assert [None if pd.isna(v) else v for v in done.values] == want and str(done.values.dtype) == "string"
        assert [done.uniques[c] if c >= 0 else None for c in done.codes] == want


def test_a_column_the_parser_encoded_cleans_as_its_text() -> None:
    """A column parsed dictionary-encoded (io/csv_chunks.CODED_TEXT), in pieces with their own dictionaries,
    cleans to the cells cleaned one by one: a categorical over the distinct cleaned values its rows hold
    (the rows sliced off, a header's text say, leave no value behind), the codes as that text."""
    import pandas as pd

    from xhht_cli.io.grid import _clean_arrow
    from xhht_cli.read.batch_parts import clean_column

    pieces = [["Giới tính", "Nam", None, " Nam"], ["Nu\u0303", "Nữ ", "  ", "Nam", None], []]
    col = pa.chunked_array([pa.array(p, pa.string()).dictionary_encode() for p in pieces])
    for start in (0, 1, 3, 9):
        done = clean_column(col, start)
        want = _clean_arrow(pa.array(sum(pieces, []), pa.string()).slice(start)).to_pylist()
        assert isinstance(done.values.dtype, pd.CategoricalDtype)
        assert [None if pd.isna(v) else v for v in done.values] == want
        assert [done.uniques[c] if c >= 0 else None for c in done.codes] == want
        assert sorted(done.uniques) == sorted({v for v in want if v is not None})  # each once, none unheld
        assert list(done.values.cat.categories) == done.uniques


def test_a_csv_without_names_counts_every_column_encoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without names only the hamlet is read row by row (the persons list prints it): every other column,
    the birth year too, is parsed encoded, and the report (unreadable birth years quoted by their shape, bad values by value) is the whole file's."""
    d = tmp_path / "2024"
    d.mkdir()
    shutil.copy(SAMPLE / "don-vi.xlsx", d)
    data = rows()
    data[20] = person(20, **{"Năm sinh": "2O06"})
    data[40] = person(40, **{"Năm sinh": "19x0", "Giới tính": "Nữ "})
    keep = [h for h in HEADER if h not in ("Họ và tên", "Số phiếu")]
    t = table(data)
    pv.write_csv(t.select(keep), d / "dieu-tra.csv")
    types: list[pa.DataType] = []
    made = batches.BatchGrid.__init__

    def init(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        made(self, *args, **kwargs)
        types.extend(self._table.schema.types)

    monkeypatch.setattr(batches.BatchGrid, "__init__", init)
    whole = report(d, False, monkeypatch)
    streamed = report(d, True, monkeypatch)
    assert streamed == whole and "#A##" in whole
    assert [pa.types.is_dictionary(t) for t in types[:len(keep)]] == [h != "Thôn/Ấp" for h in keep]  # printed


def test_parquet_of_categories_equals_whole_and_lists_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Parquet file whose text columns are stored as categories (dictionaries), names among them: the
    columns counted by their codes stay encoded, the names and hamlets are decoded (the persons list prints
    them), and the report and the persons list are those of the file read whole."""
    import pyarrow.csv as pcsv

    from xhht_cli.answer.to_reach import persons_to_reach

    folder = tmp_path / "2022"
    folder.mkdir()
    shutil.copy(SAMPLE / "don-vi.xlsx", folder)
    t = pcsv.read_csv(SAMPLE / "dieu-tra-2022.csv", convert_options=pcsv.ConvertOptions(
        column_types={}, strings_can_be_null=True, auto_dict_encode=False))
    t = pa.table({n: pc_text(t.column(n)).dictionary_encode() for n in t.column_names})
    pq.write_table(t, folder / "dieu-tra.parquet", row_group_size=700)
    types: list[pa.DataType] = []
    made = batches.BatchGrid.__init__

    def init(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        made(self, *args, **kwargs)
        types.extend(self._table.schema.types)

    monkeypatch.setattr(batches, "BATCH_ROWS", 500)
    whole = pipeline.run([folder], pipeline.Options(stream=False, parallel=False, keep_persons=True))
    monkeypatch.setattr(batches.BatchGrid, "__init__", init)
    streamed = pipeline.run([folder], pipeline.Options(parallel=False, keep_persons=True))
    assert any(pa.types.is_dictionary(x) for x in types) and any(pa.types.is_string(x) for x in types)
    assert streamed.report.model_dump_json() == whole.report.model_dump_json()
    expected, got = persons_to_reach(whole), persons_to_reach(streamed)
    assert len(expected) > 50 and got.astype(str).equals(expected.astype(str))


def pc_text(col: pa.ChunkedArray) -> pa.ChunkedArray:
    """A CSV column as text, whatever type the reader guessed."""
    return col.cast(pa.string())


def test_a_dictionary_holding_values_no_row_holds_leaves_them_out() -> None:
    """A Parquet batch shares its row group's dictionary, a category column holds every category: the
    distinct values are those the rows hold, whatever the dictionary holds besides."""
    from xhht_cli.read.batch_parts import clean_column

    col = pa.DictionaryArray.from_arrays(pa.array([2, None, 2, 0], pa.int32()), pa.array(["có", "x", "không", "Tổng"]))
    done = clean_column(col, 0)
    assert done.uniques == ["có", "không"] and done.codes.tolist() == [1, -1, 1, 0]
    assert done.candidates == {"có", "không"}


def test_values_quoted_alike_or_out_of_order_come_as_the_whole_file_lists_them(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad value's message quotes it cut at 80 characters and between quotes, so two values may quote alike
    ('X…X1', 'X…X2') or quote in another order than their own ('Ab' < 'Ab!', but "'Ab!'" < "'Ab'"): each
    batch's messages are merged by the value itself, as one read of the whole file lists them."""
    long1, long2 = "X" * 90 + "1", "X" * 90 + "2"
    data = rows()
    for i, sex in ((3, "Ab!"), (40, "Ab!"), (10, "Ab"), (50, "Ab"), (12, long2), (45, long2), (6, long1),
                   (55, long1)):
        data[i] = person(i, **{"Giới tính": sex})
    write_csv(folder, data)
    whole = report(folder, False, monkeypatch)
    streamed = report(folder, True, monkeypatch)
    assert streamed == whole
    import json

    bad_sex = [m["row"] for m in json.loads(whole)["messages"] if m["code"] == "bad-sex"]
    # spreadsheet rows (the header is row 1): 'Ab', 'Ab!', X…1, X…2, then rows() own 'Y'
    assert bad_sex == [12, 52, 5, 42, 8, 57, 14, 47, 33]


def test_a_message_equals_itself_read_back_without_its_sort_key() -> None:
    """The sort key is never written: a message read back (cache, saved report) equals the one the run made."""
    from xhht_cli.messages import Message

    made = Message(severity="warning", code="bad-sex", row=3, column="Giới tính", message="x", sort_key="Ab")
    back = Message.model_validate(made.model_dump())
    assert back.sort_key is None and back == made and not back != made
    assert made != Message(severity="warning", code="bad-sex", row=4, column="Giới tính", message="x", sort_key="Ab")
    assert made != "x"


def test_a_dropped_totals_rows_values_are_no_batchs_values(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A totals row's cell ('12' in a checkbox column of marks) is no kept row's value: the batch holding the
    totals row sees the column's values as the whole file does (only marks: a checkbox)."""
    from xhht_cli.persons import facts

    data = rows()
    able = ["X" if i % 4 == 0 else None for i in range(len(data))]
    able[51] = "12"  # the totals row's only
    t = table(data).append_column("Khả năng học tập", pa.array(able, pa.string()))
    pv.write_csv(t, folder / "dieu-tra.csv", pv.WriteOptions(quoting_style="needed"))
    seen: list[list[str]] = []
    only_marks = facts._only_marks
    monkeypatch.setattr(facts, "_only_marks", lambda distinct: seen.append(list(distinct)) or only_marks(distinct))
    whole = report(folder, False, monkeypatch)
    assert seen == [["X"]]
    streamed = report(folder, True, monkeypatch)
    assert streamed == whole and all(values == ["X"] for values in seen)
