"""Messages for people: grouped by kind with counts, the first few of each with their location; and
all of them as CSV for --messages."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from ..messages import Message
from .tabular import FORMULA_START
from ..io.own_columns import MESSAGES

SHOWN = 3


def grouped(messages: list[Message], shown: int = SHOWN, codes: bool = True) -> list[str]:
    """One line per kind: "[code] ×N: first; second; third (và N khác)", errors first. Without `codes` (what
    people read: the terminal report, validate's table, the workbook's notes) the kind's code is left out."""
    groups: dict[tuple[str, str], list[Message]] = defaultdict(list)
    for m in messages:
        groups[(m.severity, m.code)].append(m)
    lines = []
    for (severity, code), msgs in sorted(groups.items(), key=lambda kv: (kv[0][0] != "error", kv[0][1])):
        head = "Lỗi" if severity == "error" else "Cảnh báo"
        more = f" (và {len(msgs) - shown} thông báo khác)" if len(msgs) > shown else ""
        tag = f" [{code}]" if codes else ""
        lines.append(f"{head}{tag} ×{len(msgs)}: " + "; ".join(m.text() for m in msgs[:shown]) + more)
    return lines


COLUMNS = MESSAGES


def messages_csv(messages: list[Message]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for m in messages:
        cells = ["" if v is None else str(v) for v in (m.severity, m.code, m.file, m.sheet, m.row, m.column, m.message)]
        w.writerow(["'" + c if c.startswith(FORMULA_START) else c for c in cells])
    return buf.getvalue()
