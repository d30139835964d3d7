"""A large sheet's columns are cleaned and factorized two at a time: the report is the same byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from xhht_cli.pipeline import Options, compute
from xhht_cli.sources import survey

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "ben-cat"


@pytest.mark.parametrize("folder", ["2022", "2024"])
def test_two_threads_give_the_same_report(folder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    one = compute([SAMPLES / folder], Options(parallel=False)).model_dump_json()
    calls: list[int] = []
    real = survey._cleaned

    def counted(grid, columns, start):  # noqa: ANN001, ANN202
        calls.append(grid.nrows)
        return real(grid, columns, start)

    monkeypatch.setattr(survey, "TWO_THREADS_FROM", 0)
    monkeypatch.setattr(survey, "_cleaned", counted)
    two = compute([SAMPLES / folder], Options(parallel=False)).model_dump_json()
    assert calls and two == one
