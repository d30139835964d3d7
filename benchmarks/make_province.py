"""Write a province-sized plain survey (3,000,000 persons by default) as one CSV and as one Parquet file.

    python benchmarks/make_province.py [--persons N]

The Bến Cát 2022 sample table (samples/ben-cat/2022/dieu-tra-2022.csv, the plain layout) is repeated
until it holds N persons: the same columns and value mix as a real plain table, produced in seconds.
Output (git-ignored): benchmarks/data/province-csv/2022/dieu-tra.csv and
benchmarks/data/province-parquet/2022/dieu-tra.parquet.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pv
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "samples" / "ben-cat" / "2022" / "dieu-tra-2022.csv"


def paths(root: Path = HERE / "data") -> tuple[Path, Path]:
    return root / "province-csv" / "2022" / "dieu-tra.csv", root / "province-parquet" / "2022" / "dieu-tra.parquet"


def make(persons: int, root: Path = HERE / "data") -> tuple[Path, Path]:
    csv_path, pq_path = paths(root)
    marker = csv_path.parent.parent / ".complete"
    if marker.exists() and marker.read_text() == str(persons) and pq_path.exists():
        return csv_path, pq_path
    start = time.perf_counter()
    names = pv.read_csv(SOURCE, read_options=pv.ReadOptions(skip_rows=0)).column_names
    text = pv.read_csv(SOURCE, convert_options=pv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                                 strings_can_be_null=True))
    copies = -(-persons // text.num_rows)
    table = pa.concat_tables([text] * copies).slice(0, persons)
    for p in (csv_path, pq_path):
        p.parent.mkdir(parents=True, exist_ok=True)
    pv.write_csv(table, csv_path, pv.WriteOptions(quoting_style="needed"))
    pq.write_table(table, pq_path)
    marker.write_text(str(persons))
    print(f"{persons:,} persons: {csv_path} ({csv_path.stat().st_size / 1e6:.0f} MB), "
          f"{pq_path} ({pq_path.stat().st_size / 1e6:.0f} MB), {time.perf_counter() - start:.1f} s")
    return csv_path, pq_path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--persons", type=int, default=3_000_000)
    make(ap.parse_args().persons)


if __name__ == "__main__":
    main()
