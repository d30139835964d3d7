"""Message codes are declared once (xhht_cli.codes): nothing emits an undeclared code, README lists them all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from xhht_cli.codes import CODES, markdown_table
from xhht_cli.messages import Message

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "xhht_cli"
# Every way the package names a code: log.error("…"), log.warning("…"), log.rows("warning", "…"), fail("…"),
# code="…", and the per-row finding names of facts/checks.
_PATTERNS = [
    re.compile(r"""\.(?:error|warning)\(\s*["']([a-z0-9-]+)["']"""),
    re.compile(r"""\.rows\(\s*["'](?:error|warning)["'],\s*["']([a-z0-9-]+)["']"""),
    re.compile(r"""\bfail\(\s*["']([a-z0-9-]+)["']"""),
    re.compile(r"""\bcode\s*=\s*["']([a-z0-9-]+)["']"""),
]


def _literal_codes() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in _PATTERNS:
            found.update(pattern.findall(text))
    return found


def test_every_code_in_the_source_is_declared():
    found = _literal_codes()
    assert len(found) > 40  # the scan sees the package's codes, so it can fail
    assert sorted(found - set(CODES)) == []


def test_an_undeclared_code_is_refused():
    with pytest.raises(ValidationError):
        Message(severity="error", code="not-a-declared-code", message="x")


def test_a_saved_report_may_carry_codes_of_another_version():
    m = Message.model_validate({"severity": "warning", "code": "future-code", "message": "x"},
                               context={"saved": True})
    assert m.code == "future-code"


def test_near_identical_codes_are_told_apart():
    assert "cùng một bảng" in CODES["unit-twice"].explanation
    assert "sheet đơn vị" in CODES["units-twice"].explanation


def test_every_code_has_vietnamese_title_and_explanation():
    for code, c in CODES.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code)
        assert c.severity in ("error", "warning", "both")
        assert c.title and c.explanation and c.explanation.endswith(".")


def test_readme_lists_exactly_the_registry():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- codes:start -->\n", "<!-- codes:end -->"
    assert start in text and end in text, "README needs the table of message codes between the markers"
    table = text.split(start, 1)[1].split(end, 1)[0]
    assert table == markdown_table()
