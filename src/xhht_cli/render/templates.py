"""Blank input workbooks (`xhht template DIR`): one per input kind, with the headers the readers
accept, drop-down lists on coded columns, whole-number checks, a frozen header row and a "Hướng dẫn"
sheet. Output is byte-identical from run to run (fixed document date, in-memory zip with fixed
timestamps), so that a template can be checked into a repository or compared with a hash."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import xlsxwriter

from ..io.writer import write_atomic
from ..messages import fail
from ..sources.commune_counts import COUNT_INDICATORS
from ..sources.institutions import INSTITUTION_TYPES
from ..sources.layout import MAX_COUNT, Column, Sheet, Template
from ..sources.registry import KINDS

FIXED_CREATED = dt.datetime(2024, 1, 1)
LAST_ROW = 1_048_575  # Excel's last row (0-based): drop-downs cover every row an officer may fill
INSTRUCTIONS = "Hướng dẫn"  # read/inputs.py skips a sheet of this name

# Each input kind declares its own blank workbook (sources/); they are written in the registry's order.
TEMPLATES: tuple[Template, ...] = tuple(t for kind in KINDS for t in kind.templates)

GENERAL_NOTES = (
    "Dòng 1 là tiêu đề cột: giữ nguyên tên cột. Ô không có thông tin thì để trống.",
    "Một cột trống ở mọi dòng (của mọi tệp) được coi như không có cột đó: chỉ số của nó báo «không có số liệu», "
    "không phải 0%. Ô trống trong một cột có ghi ở dòng khác được tính là chưa có.",
    "Ô có danh sách chọn: bấm vào ô rồi chọn, hoặc gõ đúng một giá trị trong danh sách.",
    "Gõ chữ bằng bảng mã Unicode (phông Times New Roman, Arial…), không dùng phông .VnTime (TCVN3) hay VNI-Times.",
    "Lưu dạng .xlsx, đặt các tệp của một năm vào một thư mục tên là năm (ví dụ 2024), rồi chạy "
    "xhht validate 2024 và xhht compute 2024.",
)


def write_templates(folder: Path, overwrite: bool = False) -> list[Path]:
    """Write every template into `folder` (created if missing); existing files are an error unless
    `overwrite`, so that a filled workbook is never replaced by a blank one."""
    if folder.exists() and not folder.is_dir():
        raise fail("template-not-folder", "cần một thư mục để ghi các tệp mẫu", file=str(folder))
    paths = [folder / t.file for t in TEMPLATES]
    existing = [p for p in paths if p.exists()]
    if existing and not overwrite:
        raise fail("template-exists", "tệp đã có, không ghi đè: " + ", ".join(p.name for p in existing)
                   + " (chọn thư mục khác, hoặc dùng --force để ghi đè bằng tệp trống)", file=str(folder))
    folder.mkdir(parents=True, exist_ok=True)
    for template, path in zip(TEMPLATES, paths):
        write_atomic(path, template_bytes(template))
    return paths


def template_bytes(template: Template) -> bytes:
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    wb.set_properties({"title": f"Mẫu nhập liệu xhht: {template.title}", "subject": template.about,
                       "author": "xhht", "company": "", "comments": "Tạo bằng lệnh xhht template",
                       "created": FIXED_CREATED})
    head = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center",
                          "bg_color": "#DDEBF7", "border": 1})
    text = wb.add_format({"num_format": "@"})
    for sheet in template.sheets:
        _data_sheet(wb, sheet, head, text)
    _instructions(wb, template, head)
    wb.close()
    return buffer.getvalue()


def _data_sheet(wb: xlsxwriter.Workbook, sheet: Sheet, head: object, text: object) -> None:
    ws = wb.add_worksheet(sheet.name)
    ws.set_row(0, 45)
    for j, col in enumerate(sheet.columns):
        ws.set_column(j, j, col.width, text if col.text else None)
        ws.write_string(0, j, col.header, head)
        ws.data_validation(1, j, LAST_ROW, j, _validation(col))
    ws.freeze_panes(1, 0)


def _validation(col: Column) -> dict:
    prompt = {"input_title": col.header[:32], "input_message": _clip(col.help, 255), "show_input": True,
              "error_title": "Giá trị không hợp lệ"}
    if col.choices:
        return {"validate": "list", "source": list(col.choices), "error_type": "stop",
                "error_message": _clip("Chọn một giá trị trong danh sách: " + ", ".join(col.choices) + ".", 255),
                **prompt}
    if col.whole:
        lo, hi = col.whole
        return {"validate": "integer", "criteria": "between", "minimum": lo, "maximum": hi, "error_type": "stop",
                "error_message": f"Nhập một {_whole_text(lo, hi)}.", **prompt}
    return {"validate": "any", **prompt}


def _whole_text(lo: int, hi: int) -> str:
    return f"số nguyên từ {lo} trở lên" if hi == MAX_COUNT else f"số nguyên từ {lo} đến {hi}"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _instructions(wb: xlsxwriter.Workbook, template: Template, head: object) -> None:
    ws = wb.add_worksheet(INSTRUCTIONS)
    title = wb.add_format({"bold": True, "font_size": 14})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    ws.set_column(0, 0, 20)
    ws.set_column(1, 1, 26)
    ws.set_column(2, 2, 70)
    ws.set_column(3, 3, 44)
    ws.write_string(0, 0, f"Hướng dẫn nhập: {template.title} ({template.file})", title)
    rows_are = tuple(f"Mỗi dòng của sheet «{s.name}» là {s.row_is}." for s in template.sheets)
    notes = (template.about, *rows_are, template.personal_note, *GENERAL_NOTES)
    for i, note in enumerate(notes, start=2):
        ws.write_string(i, 0, "• " + note)
    row = len(notes) + 3
    ws.write_row(row, 0, ("Sheet", "Cột", "Nhập gì", "Giá trị được chấp nhận"), head)
    for sheet in template.sheets:
        for col in sheet.columns:
            row += 1
            ws.write_string(row, 0, sheet.name, wrap)
            ws.write_string(row, 1, col.header, wrap)
            ws.write_string(row, 2, col.help, wrap)
            ws.write_string(row, 3, _allowed(col), wrap)


def _allowed(col: Column) -> str:
    if col.choices:
        return ", ".join(col.choices)
    if col.whole:
        return _whole_text(*col.whole)
    return "chữ hoặc số, tự do"


__all__ = ["TEMPLATES", "Template", "Sheet", "Column", "write_templates", "template_bytes", "COUNT_INDICATORS",
           "INSTITUTION_TYPES"]
