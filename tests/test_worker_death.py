"""A worker process that dies ends the run within seconds (spec.md, "Worker processes"; issue 18 item 6):
one Vietnamese line naming the workbook it was reading, exit 3 when it ran out of memory, exit 1 with a
memory hint when a signal killed it; no traceback from any process, no process left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xhht_cli.cli import app
from xhht_cli.read import workers

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "ben-cat" / "2024"
WORKBOOKS = sorted(p.name for p in SAMPLE.glob("[px][ha]*.xlsx"))  # the commune workbooks (DATA sheets)

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="forked workers and /proc: Linux")


def _children(pid: int) -> list[int]:
    """The process's children, less multiprocessing's resource tracker (a spawn-context test earlier in the same
    test process starts it, and it lives as long as that process, by design)."""
    try:
        kids = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return [k for k in kids if not _is_resource_tracker(k)]


def _is_resource_tracker(pid: int) -> bool:
    try:
        return b"resource_tracker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _gone(pid: int, within: float = 5.0) -> bool:
    end = time.monotonic() + within
    while time.monotonic() < end:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":  # a zombie: ended, waiting for whoever reaps it
            return True
        time.sleep(0.05)
    return False


def test_a_worker_killed_mid_run_ends_the_run_promptly(tmp_path: Path) -> None:
    env = {**os.environ, "XHHT_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT / "src")}
    started = time.monotonic()
    run = subprocess.Popen([sys.executable, "-m", "xhht_cli", "compute", str(SAMPLE), "--no-cache", "-q"],
                           cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workers_seen: list[int] = []
    try:
        while not workers_seen and run.poll() is None and time.monotonic() - started < 60:
            workers_seen = _children(run.pid)
            time.sleep(0.005)
        assert workers_seen, "no worker process was started"
        time.sleep(0.05)  # the first workbook has been handed to it
        os.kill(workers_seen[0], signal.SIGKILL)
        killed_at = time.monotonic()
        out, err = run.communicate(timeout=30)  # never a hang
    finally:
        if run.poll() is None:
            run.kill()
    assert time.monotonic() - killed_at < 10
    assert run.returncode == 1, err
    assert out == ""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "SIGKILL" in err and "bộ nhớ" in err and "Traceback" not in err and "lỗi nội bộ" not in err
    assert any(name in err for name in WORKBOOKS), err
    for pid in workers_seen + _children(run.pid):
        assert _gone(pid), f"worker {pid} left behind"


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "2024"
    folder.mkdir()
    for name in WORKBOOKS[:3] + ["don-vi.xlsx"]:
        (folder / name).write_bytes((SAMPLE / name).read_bytes())
    return folder


def _fails_on(name: str, how: str):
    real = workers._work

    def work(path: Path):  # runs in the forked worker
        if path.name != name:
            return real(path)
        if how == "MemoryError":
            raise MemoryError()
        if how == "rust":  # what fastexcel's allocator does when an allocation fails: a message, then abort
            import faulthandler

            faulthandler.disable()  # pytest's, writing to its own copy of stderr: the CLI has none
            os.write(2, b"memory allocation of 1099511627776 bytes failed\n")
            os.abort()
        os._exit(7)
    return work


@pytest.mark.parametrize(("how", "exit_code", "said"), [
    ("MemoryError", 3, "không đủ bộ nhớ"), ("rust", 3, "không đủ bộ nhớ"), ("exit", 1, "mã thoát 7")])
def test_a_worker_out_of_memory_or_ended_names_the_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            how: str, exit_code: int, said: str) -> None:
    folder = _copy(tmp_path)
    victim = WORKBOOKS[1]
    monkeypatch.setattr(workers, "_work", _fails_on(victim, how))
    started = time.monotonic()
    r = CliRunner().invoke(app, ["compute", str(folder), "--no-cache", "-q"], catch_exceptions=False)
    assert time.monotonic() - started < 60
    assert r.exit_code == exit_code, r.stderr
    assert r.stdout == ""
    assert str(folder / victim) in r.stderr.replace("\n", "")
    assert said in r.stderr.replace("\n", " ")
    assert "Traceback" not in r.stderr and "memory allocation" not in r.stderr
    if exit_code == 3:
        assert "không đủ bộ nhớ" in r.stderr
    assert _children(os.getpid()) == [] or all(_gone(p) for p in _children(os.getpid()))


def test_workers_that_live_give_the_same_report_as_one_process(tmp_path: Path) -> None:
    from xhht_cli.pipeline import Options, compute

    folder = _copy(tmp_path)
    assert compute([folder], Options(parallel=True)).to_json() == compute([folder], Options(parallel=False)).to_json()


def test_a_file_too_large_for_memory_read_in_the_main_process_is_exit_3(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers import P, write_people

    from xhht_cli.persons import facts

    survey = write_people(tmp_path, [P(5, unit="Xã An")])

    def no_memory(*a: object, **k: object) -> None:
        raise MemoryError()
    monkeypatch.setattr(facts, "derive", no_memory)  # counting the file's persons needs more than there is
    r = CliRunner().invoke(app, ["compute", str(tmp_path), "--year", "2024", "--no-cache"], catch_exceptions=False)
    assert r.exit_code == 3, r.stderr
    assert "không đủ bộ nhớ" in r.stderr and str(survey) in r.stderr.replace("\n", "")
    assert "lỗi nội bộ" not in r.stderr


def test_a_single_workbook_too_large_for_memory_is_named_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One commune workbook is read in a worker as well: the allocator's abort is the worker's, not the run's."""
    folder = tmp_path / "2024"
    folder.mkdir()
    (folder / WORKBOOKS[0]).write_bytes((SAMPLE / WORKBOOKS[0]).read_bytes())
    monkeypatch.setattr(workers, "_work", _fails_on(WORKBOOKS[0], "rust"))
    r = CliRunner().invoke(app, ["compute", str(folder), "--no-cache", "-q"], catch_exceptions=False)
    assert r.exit_code == 3, r.stderr
    assert "không đủ bộ nhớ" in r.stderr and str(folder / WORKBOOKS[0]) in r.stderr.replace("\n", "")
