"""Commune workbooks counted in worker processes give the report counted in one process, byte for byte."""

from __future__ import annotations

from pathlib import Path

from xhht_cli.pipeline import Options, run

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "ben-cat" / "2024"


def test_workers_and_one_process_agree_on_the_samples() -> None:
    alone = run([SAMPLES], Options(parallel=False))
    workers = run([SAMPLES], Options(parallel=True))
    assert workers.report.to_json() == alone.report.to_json()
    # the forms' age counts travel back from the workers too
    assert workers.gathered.ages.equals(alone.gathered.ages)
    assert int(workers.gathered.ages["population"].sum()) == int(workers.gathered.table["rows"].sum()) > 0
