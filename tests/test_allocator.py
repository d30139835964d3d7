"""Keeping freed memory in a command-line run (io/allocator.py): set where glibc is, and nowhere else."""

from __future__ import annotations

import platform
import sys

import pytest

from xhht_cli.io import allocator


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                    reason="glibc's mallopt")
def test_set_where_glibc_is() -> None:
    assert allocator.keep_freed_memory() is True


def test_nothing_to_set_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(allocator.sys, "platform", "win32")
    assert allocator.keep_freed_memory() is False


def test_a_run_sets_it(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from xhht_cli.cli import app

    calls: list[bool] = []
    monkeypatch.setattr(allocator, "keep_freed_memory", lambda: calls.append(True) or True)
    CliRunner().invoke(app, ["compute", str(tmp_path / "none.xlsx"), "-q"])
    assert calls == [True]
