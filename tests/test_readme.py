"""README.md opens with the two commands (install and run on the samples; install and run the tests) for
Linux/macOS, Windows PowerShell and cmd, and CI runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return [b.strip() for b in re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)]


def test_two_commands_per_platform_at_the_top():
    head = README[: README.index("## Cài đặt")]  # before anything else
    sh, ps, cmd = blocks("sh"), blocks("powershell"), blocks("bat")
    assert [b for b in sh if b in head][:2] == [
        "python3 -m venv .venv && . .venv/bin/activate && pip install . && xhht compute samples/ben-cat/2024",
        "python3 -m venv .venv && . .venv/bin/activate && pip install '.[test]' && python -m pytest",
    ]
    assert ps[:2] == [
        r"py -m venv .venv; .venv\Scripts\activate; pip install .; xhht compute samples\ben-cat\2024",
        r'py -m venv .venv; .venv\Scripts\activate; pip install ".[test]"; python -m pytest',
    ]
    assert cmd[:2] == [
        r"py -m venv .venv && .venv\Scripts\activate && pip install . && xhht compute samples\ben-cat\2024",
        r'py -m venv .venv && .venv\Scripts\activate && pip install ".[test]" && python -m pytest',
    ]
    assert all(b in head for b in ps[:2] + cmd[:2])


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == "python -m pytest"
    assert "'.[test]'" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_exit_codes_documented():
    table = README[README.index("## Mã thoát"):]
    for code in (0, 1, 2, 3, 4, 5, 130, 143):
        assert f"\n| {code} |" in table, code


def test_places_left_for_the_other_helpers():
    for topic in ("limits and formats", "cache", "benchmark figures", "message codes table", "forms",
                  "preschool 3–5 standard"):
        assert f"<!-- lead: {topic}" in README, topic
