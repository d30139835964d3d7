"""Plain tables in bounded memory: CSV streamed for the survey's columns, Parquet as input, the 1 MB field limit."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pv
import pyarrow.parquet as pq
import pytest
from helpers import P, YEAR, counts, ind, run, write_people
from typer.testing import CliRunner

from xhht_cli.cli import app
from xhht_cli.io.excel import read_grid
from xhht_cli.io.tabular import MAX_FIELD_BYTES

PEOPLE = [
    P(5, current="MG 5T"),  # A: 5, attending
    P(5),  # A: 5, not attending
    P(6, current="1", mn="có"),  # A: 6, grade 1, completed preschool
    P(5, unit="B", current="MG 5T", disabled="có"),  # B: disabled, out of PPC
    P(5, unit="B", current="MG 5T"),  # B: 5, attending
]


def _json(*args: str) -> dict:
    result = CliRunner().invoke(app, ["compute", *args, "--year", str(YEAR), "-f", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_parquet_table_counts_as_the_same_csv(tmp_path: Path) -> None:
    csv_dir, pq_dir = tmp_path / "csv", tmp_path / "parquet"
    csv_dir.mkdir()
    pq_dir.mkdir()
    path = write_people(csv_dir, PEOPLE)
    table = pv.read_csv(path, convert_options=pv.ConvertOptions(strings_can_be_null=True))
    assert pa.types.is_integer(table.schema.field("Năm sinh").type)  # a typed column becomes text again
    pq.write_table(table, pq_dir / "persons.parquet")
    from_csv, from_parquet = _json(str(csv_dir)), _json(str(pq_dir))  # the Parquet file found in a folder
    assert from_parquet["indicators"] == from_csv["indicators"]
    assert from_parquet["units"] == from_csv["units"]
    a = next(r for r in from_parquet["indicators"] if r["unit"] == "A" and r["indicator"] == "mn5_attending")
    b = next(r for r in from_parquet["indicators"] if r["unit"] == "B" and r["indicator"] == "mn5_attending")
    assert (a["numerator"], a["denominator"]) == (1, 2)
    assert (b["numerator"], b["denominator"], b["excluded"]["disabled"]) == (1, 1, 1)


def test_a_csv_survey_is_read_for_its_columns_only(tmp_path: Path) -> None:
    path = write_people(tmp_path, PEOPLE)
    text = path.read_text(encoding="utf-8").splitlines()
    # an extra column the survey does not use, holding a long note on every row
    path.write_text("\n".join([text[0] + ",Ghi chú"] + [r + "," + "x" * 5000 for r in text[1:]]) + "\n",
                    encoding="utf-8")
    from xhht_cli.sources.survey import survey_columns
    from xhht_cli.io.grid import Grid

    grid = read_grid(path, path.stem, None, lambda head: survey_columns(Grid(path, path.stem, head)))
    width = len(text[0].split(","))
    assert grid.ncols == width + 1
    assert grid.column(width).isna().all()  # the note column was never parsed
    assert counts(ind(run(tmp_path), "A", "mn5_attending"))[:2] == (1, 2)


def _long_field(tmp_path: Path, rows_before: int) -> Path:
    path = write_people(tmp_path, PEOPLE * 3)
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[rows_before + 1].split(",")
    cells[1] = "1" + "0" * (MAX_FIELD_BYTES + 10)  # the birth-year cell: a column the survey reads
    lines[rows_before + 1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_field_over_1_mb_is_an_error_at_its_line(tmp_path: Path) -> None:
    path = _long_field(tmp_path, rows_before=4)  # the 5th person: line 6
    result = CliRunner().invoke(app, ["compute", str(path), "--year", str(YEAR), "-f", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 3
    [msg] = json.loads(result.stderr)["messages"]
    assert (msg["code"], msg["row"], msg["file"]) == ("csv-field-too-large", 6, str(path))


def test_the_whole_file_reader_keeps_the_limit(tmp_path: Path) -> None:
    path = _long_field(tmp_path, rows_before=2)  # the 3rd person: line 4
    # a title line above the header: the streaming reader leaves such a file to the whole-file reader
    path.write_text("Danh sách điều tra\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(app, ["compute", str(path), "--year", str(YEAR), "-f", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 3
    [msg] = json.loads(result.stderr)["messages"]
    assert (msg["code"], msg["row"]) == ("csv-field-too-large", 5)


def test_a_long_field_in_a_later_piece_of_a_column_is_found() -> None:
    from xhht_cli.io.tabular import check_field_sizes
    from xhht_cli.messages import XhhtError

    small = ["a", None, "bc"]
    column = pa.chunked_array([small, small, ["x", "y" * (MAX_FIELD_BYTES + 1), None]], type=pa.string())
    table = pa.table({"f0": pa.chunked_array([small * 3], type=pa.string()), "f1": column})
    check_field_sizes(table.slice(0, 6), Path("t.csv"))  # the pieces before it: nothing to report
    with pytest.raises(XhhtError) as err:
        check_field_sizes(table, Path("t.csv"), row0=10)
    [msg] = err.value.context
    assert (msg.code, msg.row) == ("csv-field-too-large", 10 + 7)
    exactly = pa.table({"f0": pa.chunked_array([["z" * MAX_FIELD_BYTES]], type=pa.string())})
    check_field_sizes(exactly, Path("t.csv"))  # at the limit: allowed
    # the same column parsed dictionary-encoded (io/csv_chunks.CODED_TEXT): its dictionary's text is measured
    coded = pa.table({"f0": table.column("f0"), "f1": pa.chunked_array([c.dictionary_encode() for c in column.chunks])})
    check_field_sizes(coded.slice(0, 6), Path("t.csv"))
    with pytest.raises(XhhtError) as err:
        check_field_sizes(coded, Path("t.csv"), row0=10)
    assert (err.value.context[0].code, err.value.context[0].row) == ("csv-field-too-large", 10 + 7)
