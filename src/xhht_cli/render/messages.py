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


COLUMNS = MESSAGES


def messages_csv(messages: list[Message]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for m in messages:
        cells = ["" if v is None else str(v) for v in (m.severity, m.code, m.file, m.sheet, m.row, m.column, m.message)]
        w.writerow(["'" + c if c.startswith(FORMULA_START) else c for c in cells])
    return buf.getvalue()


SEVERITY_WORDS = {"error": "Lỗi", "warning": "Cảnh báo"}
SHEET_HEADERS = (("Mức độ", 10), ("Loại", 24), ("Tệp", 34), ("Sheet", 14), ("Dòng", 7), ("Cột", 16),
                 ("Nội dung", 70))


def messages_xlsx(messages: list[Message]) -> bytes:
    """--messages FILE.xlsx: the messages as a sheet for officers — Vietnamese headers, severities and kinds (the
    codes stay in the CSV, for scripts), errors first, printed A4 landscape one page wide."""
    import xlsxwriter

    from ..codes import CODES
    from ..io.sameness import OWN_MARK
    from .printing import DEFAULT_FORMAT, FONT, FONT_PT, column_px, text_height

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False, "default_format_properties": dict(DEFAULT_FORMAT)})
    wb.set_properties({"title": "Lỗi và cảnh báo của dữ liệu", "author": "xhht"})
    wb.set_custom_property(OWN_MARK, "thông báo")  # never read back as data
    font = {"font_name": FONT, "font_size": FONT_PT, "valign": "top", "border": 1}
    head = wb.add_format({**font, "bold": True, "bg_color": "#D9E1F2", "text_wrap": True})
    wrap = wb.add_format({**font, "text_wrap": True})
    number = wb.add_format({**font, "num_format": "0"})
    ws = wb.add_worksheet("Thông báo")
    for c, (name, width) in enumerate(SHEET_HEADERS):
        ws.write_string(0, c, name, head)
        ws.set_column(c, c, width)
    ordered = sorted(messages, key=lambda m: m.severity != "error")  # stable: the run's order within each
    for r, m in enumerate(ordered, start=1):
        cells = [SEVERITY_WORDS.get(m.severity, m.severity), CODES[m.code].title if m.code in CODES else "",
                 m.file or "", m.sheet or "", None, m.column or "", m.message]
        height = 15.0
        for c, text in enumerate(cells):
            if c == 4:
                if m.row is None:
                    ws.write_blank(r, c, None, number)
                else:
                    ws.write_number(r, c, m.row, number)
                continue
            ws.write_string(r, c, str(text), wrap)
            height = max(height, text_height(str(text), column_px(SHEET_HEADERS[c][1])))
        ws.set_row(r, height)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, len(ordered)), len(SHEET_HEADERS) - 1)
    ws.repeat_rows(0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    wb.close()
    return buf.getvalue()
