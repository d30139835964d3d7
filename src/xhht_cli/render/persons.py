"""Writing the persons list (--list-persons): CSV with BOM for Excel, or a workbook."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pandas as pd

from ..io.sameness import OWN_MARK
from ..io.writer import write_atomic
from .tabular import FORMULA_START


def write_persons(path: Path, persons: pd.DataFrame, year: int) -> None:
    if path.suffix.lower() == ".xlsx":
        write_atomic(path, _xlsx(persons, year))
    else:
        safe = persons.astype(object).map(lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_START)
                                          else v)
        write_atomic(path, safe.to_csv(index=False, lineterminator="\n").encode("utf-8-sig"))


def _xlsx(persons: pd.DataFrame, year: int) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    wb.set_properties({"title": f"Danh sách người cần vận động, năm {year}", "author": "xhht",
                       "created": datetime(year, 1, 1), "comments": "Có dữ liệu cá nhân: không chia sẻ"})
    wb.set_custom_property(OWN_MARK, "danh sách người cần vận động")  # never read back as a survey
    ws = wb.add_worksheet("Danh sách")
    head = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True})
    for c, name in enumerate(persons.columns):
        ws.write_string(0, c, name, head)
    for r, row in enumerate(persons.itertuples(index=False), start=1):  # one row per person listed
        for c, v in enumerate(row):
            if v is None or v is pd.NA or (isinstance(v, float) and v != v):
                continue
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, str(v))
    widths = (10, 22, 14, 6, 40, 22, 10, 7, 12, 9, 24, 9)
    for c, w in enumerate(widths[: len(persons.columns)]):
        ws.set_column(c, c, w)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, len(persons)), len(persons.columns) - 1)
    ws.set_landscape()
    ws.set_paper(9)
    wb.close()
    return buf.getvalue()
