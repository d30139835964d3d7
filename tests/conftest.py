"""Fixtures shared by the unit tests; plain helpers live in helpers.py (importable as `helpers`)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from xhht_cli import load_plan, load_standards  # noqa: E402


@pytest.fixture(scope="session")
def rules():
    """The bundled data/standards.yaml."""
    return load_standards()


@pytest.fixture(scope="session")
def plan():
    """The bundled data/targets.yaml (plan 68/KH-UBND)."""
    return load_plan()


@pytest.fixture(autouse=True)
def _cache_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty counts cache: nothing is read from or written to the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XHHT_CACHE_DIR", str(folder))
    return folder
