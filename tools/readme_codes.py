"""Rewrite README's table of message codes from the registry (xhht_cli.codes); tests/test_codes.py checks it."""

from __future__ import annotations

import re
from pathlib import Path

from xhht_cli.codes import markdown_table

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- codes:start -->\n", "<!-- codes:end -->"

if __name__ == "__main__":
    text = README.read_text(encoding="utf-8")
    text = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: START + markdown_table() + END, text,
                  flags=re.S)
    README.write_text(text, encoding="utf-8")
