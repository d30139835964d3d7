"""Every command's outputs on the samples, byte for byte (tools/golden.py records them in tests/golden/).

A refactor leaves them unchanged; a change of behaviour rewrites them with `python tools/golden.py` in the
same commit, so the diff shows which outputs changed and how."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _golden():
    spec = importlib.util.spec_from_file_location("golden", ROOT / "tools" / "golden.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_output_on_the_samples_is_unchanged(tmp_path: Path) -> None:
    golden = _golden()
    assert len(list(golden.GOLDEN.glob("*"))) > 30
    golden.record(tmp_path)
    assert golden.differences(golden.GOLDEN, tmp_path) == []
