"""A national person table counted on Dask (the optional extra `xhht[dask]`): each partition is counted
where it lies by read.person_table.count_persons, the parts' counts are added (counts add), and the sum
becomes a report with the units sheet the way a run turns counts-cache hits into one (pipeline.run_counted).

    from dask.distributed import Client
    from xhht_cli.answer.on_dask import report_on_dask
    with Client(...) as client:
        run = report_on_dask("s3://…/dieu-tra/", ["don-vi.xlsx"], year=2024)
    print(run.report.to_json())

Only counts, unit labels, duplicate-check hashes (8 bytes a person, keyed by a salt made for the run) and
messages travel back to the client; no name or birth date leaves a worker.
"""

from __future__ import annotations

import functools
import operator
import secrets
from pathlib import Path
from typing import Any

from ..pipeline import Options, Run, run_counted
from ..read.person_table import PersonCounts, count_persons


def _count_partition(frame: Any, number: int, year: int, salt: bytes, standards: Path | None,
                     ppc: str | None) -> PersonCounts:
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False)
    return count_persons(table, year, salt, standards=standards, ppc=ppc, name=f"phan-{number}")


def count_on_dask(dataset: str | Path, year: int, salt: bytes | None = None, standards: Path | None = None,
                  ppc: str | None = None) -> PersonCounts:
    """Every partition of a Parquet dataset (a folder of part files, hive-partitioned or not) counted on the
    current Dask scheduler (a distributed Client when one is active) and summed, in partition order."""
    import dask
    import dask.dataframe as dd

    frame = dd.read_parquet(str(dataset))
    salt = salt or secrets.token_hex(8).encode()
    count = dask.delayed(_count_partition, pure=False)
    parts = [count(p, i, year, salt, standards, ppc) for i, p in enumerate(frame.to_delayed())]
    (counted,) = dask.compute(parts)
    return functools.reduce(operator.add, counted)


def report_on_dask(dataset: str | Path, other_inputs: list[Path | str], year: int,
                   options: Options | None = None) -> Run:
    """The report of a person table counted on Dask, with the units sheet (and any commune tables) among
    `other_inputs`, read here."""
    opts = options or Options()
    total = count_on_dask(dataset, year, standards=opts.standards, ppc=opts.ppc)
    return run_counted(other_inputs, [(Path(str(dataset)).name or "dataset", total)], opts)


__all__ = ["count_on_dask", "report_on_dask"]
