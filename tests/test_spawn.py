"""Where fork is unavailable (Windows), commune workbooks are counted in workers started with spawn, and the
report is the one counted in one process, byte for byte (spawn is available on Linux too, so it is tested
here by asking for it)."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from xhht_cli.pipeline import Options, run
from xhht_cli.read import workers

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "ben-cat" / "2024"


def test_spawned_workers_agree_with_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    alone = run([SAMPLES], Options(parallel=False))
    started: list[str] = []
    real = multiprocessing.get_context

    def context(method: str | None = None):  # type: ignore[no-untyped-def]
        started.append(str(method))
        return real(method)

    served: list[Path] = []
    real_entry = workers.from_entry

    def from_entry(path, meta, arrays):  # type: ignore[no-untyped-def]
        served.append(path)  # a workbook counted by a spawned worker, taken as a cache hit
        return real_entry(path, meta, arrays)

    monkeypatch.setattr(workers, "start_method", lambda: "spawn")
    monkeypatch.setattr(workers.multiprocessing, "get_context", context)
    monkeypatch.setattr(workers, "from_entry", from_entry)
    spawned = run([SAMPLES], Options(parallel=True))
    assert started == ["spawn"] and len(served) == 8  # the eight commune workbooks
    assert spawned.report.to_json() == alone.report.to_json()
    assert spawned.gathered.ages.equals(alone.gathered.ages)


def test_too_few_workbooks_for_spawn(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under SPAWN_FROM workbooks a spawned worker's start costs more than it saves: read in-process."""
    monkeypatch.setattr(workers, "start_method", lambda: "spawn")
    calls = workers.reader(lambda wb, s: None, "x", None, b"s", None, workers.SpawnableHook(None, None, 2024, None))
    files = sorted(SAMPLES.glob("p*.xlsx"))[: workers.SPAWN_FROM - 1]
    assert len(files) == workers.SPAWN_FROM - 1 and calls(files) == {}
