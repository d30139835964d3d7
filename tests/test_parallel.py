"""Commune workbooks counted in worker processes give the report counted in one process, byte for byte."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from xhht_cli import pipeline
from xhht_cli.pipeline import Options, run

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "ben-cat" / "2024"
WORKBOOKS = sorted(p for p in SAMPLES.iterdir() if p.name.startswith(("phuong-", "xa-")))


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2,
                    reason="worker processes are forked, on a machine with two cores or more")
def test_workers_and_one_process_agree_on_the_samples(monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[set[Path]] = []
    real = pipeline.reader

    def watched(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - the reader's own signature
        read = real(*args, **kwargs)

        def run_workers(files: list[Path]):  # noqa: ANN202
            hits = read(files)
            served.append(set(hits))
            return hits
        return run_workers

    alone = run([SAMPLES], Options(parallel=False, cache=False))
    monkeypatch.setattr(pipeline, "reader", watched)
    workers = run([SAMPLES], Options(parallel=True, cache=False))
    # the worker path really ran: every commune workbook came back counted from a worker
    assert len(WORKBOOKS) >= 2 and served and served[0] == set(WORKBOOKS)
    assert workers.report.to_json() == alone.report.to_json()
    # the forms' age counts travel back from the workers too
    assert workers.gathered.ages.equals(alone.gathered.ages)
    assert int(workers.gathered.ages["population"].sum()) == int(workers.gathered.table["rows"].sum()) > 0
