"""Messages for people: grouped by kind with counts, the first few of each with their location; and
all of them as CSV for --messages."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict

from ..messages import Message
from .tabular import FORMULA_START

SHOWN = 3


def grouped(messages: list[Message], shown: int = SHOWN, codes: bool = True) -> list[str]:
    """Errors first, by kind. With `codes` (scripts' logs): one line per kind, "[code] ×N: first; second; third
    (và N khác)". Without (what people read: the terminal report, validate's table, the workbook's notes): the
    kind's Vietnamese name, then one message per line, never a paragraph of messages joined by ";"."""
    from ..codes import CODES

    groups: dict[tuple[str, str], list[Message]] = defaultdict(list)
    for m in messages:
        groups[(m.severity, m.code)].append(m)
    lines = []
    for (severity, code), msgs in sorted(groups.items(), key=lambda kv: (kv[0][0] != "error", kv[0][1])):
        head = "Lỗi" if severity == "error" else "Cảnh báo"
        more = f" (và {len(msgs) - shown} thông báo khác)" if len(msgs) > shown else ""
        if codes:
            lines.append(f"{head} [{code}] ×{len(msgs)}: " + "; ".join(m.text() for m in msgs[:shown]) + more)
        elif len(msgs) == 1:
            lines.append(f"{head}: {msgs[0].text()}")
        else:
            title = CODES[code].title if code in CODES else ""
            lines.append(f"{head} ×{len(msgs)}" + (f" ({title.lower()})" if title else "") + ":")
            lines.extend(f"  – {m.text()}" for m in msgs[:shown])
            if more:
                lines.append(f"  {more.strip(' ()')}.")
    return lines


def messages_json(messages: list[Message]) -> str:
    """Messages as one JSON object, for --format json on stderr (errors) or stdout (validate)."""
    payload = {"schema_version": 1, "messages": [m.model_dump() for m in messages]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


COLUMNS = ("severity", "code", "file", "sheet", "row", "column", "message")


def messages_csv(messages: list[Message]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for m in messages:
        cells = ["" if v is None else str(v) for v in (m.severity, m.code, m.file, m.sheet, m.row, m.column, m.message)]
        w.writerow(["'" + c if c.startswith(FORMULA_START) else c for c in cells])
    return buf.getvalue()
