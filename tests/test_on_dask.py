"""A person table counted on Dask (a LocalCluster of two workers) gives the report one run over the same
files gives, with the same units sheet (messages aside: a part is numbered from its own row 2)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import distributed  # in the `test` extra: the suite runs the cluster test everywhere it runs
import pyarrow.csv as pv
import pyarrow.parquet as pq
import pytest

from xhht_cli import pipeline
from xhht_cli.read.person_table import count_persons

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "ben-cat" / "2022"


def without_messages(run: pipeline.Run) -> dict:
    out = json.loads(run.report.model_dump_json())
    out.pop("messages")
    return out


@pytest.fixture
def dataset(tmp_path: Path) -> tuple[Path, Path]:
    """The 2022 sample survey (5,965 persons) as three Parquet part files, and its units sheet apart."""
    table = pv.read_csv(SAMPLE / "dieu-tra-2022.csv")
    parts = tmp_path / "2022" / "dieu-tra"
    parts.mkdir(parents=True)
    for i, start in enumerate(range(0, table.num_rows, 2000)):
        pq.write_table(table.slice(start, 2000), parts / f"part-{i}.parquet")
    units = tmp_path / "don-vi.xlsx"
    shutil.copy(SAMPLE / "don-vi.xlsx", units)
    return parts, units


def test_dask_equals_one_run(dataset: tuple[Path, Path]) -> None:
    from xhht_cli.answer.on_dask import report_on_dask

    parts, units = dataset
    one = pipeline.run([parts, units], pipeline.Options(year=2022, parallel=False))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) \
            as cluster, distributed.Client(cluster):
        on_dask = report_on_dask(parts, [units], 2022)
    assert without_messages(on_dask) == without_messages(one)
    assert len(one.report.units) >= 8  # the sample's eight communes, each with persons counted


def test_parts_add(dataset: tuple[Path, Path]) -> None:
    """Counts of the parts, added, are the counts of the whole table."""
    parts, _ = dataset
    whole = pq.read_table(sorted(parts.iterdir()))
    files = sorted(parts.iterdir())
    total = count_persons(files[0], 2022, b"s") + count_persons(files[1], 2022, b"s") + count_persons(files[2], 2022, b"s")
    one = count_persons(whole, 2022, b"s", name="dieu-tra")
    assert total.counts.equals(one.counts) and total.ages.equals(one.ages)
    assert total.counts.at("Xã An Tây", "rows") == 668  # the sample's persons of An Tây, by `cut | uniq -c`
    assert (total.keys == one.keys).all() and total.labels.labels == one.labels.labels


def test_not_a_survey(tmp_path: Path) -> None:
    from xhht_cli.messages import XhhtError

    path = tmp_path / "x.csv"
    path.write_text("Mã xã,Tên xã\n1,An Tây\n", encoding="utf-8")
    with pytest.raises(XhhtError) as err:
        count_persons(path, 2022, b"s")
    assert err.value.messages[0].code == "no-table"
