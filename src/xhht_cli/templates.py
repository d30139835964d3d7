"""Blank input workbooks (`xhht template DIR`): one per input kind, with the headers the readers
accept, drop-down lists on coded columns, whole-number checks, a frozen header row and a "Hướng dẫn"
sheet. Output is byte-identical from run to run (fixed document date, in-memory zip with fixed
timestamps), so that a template can be checked into a repository or compared with a hash."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from .indicators import INDICATORS
from .messages import fail
from .io.writer import write_atomic

FIXED_CREATED = dt.datetime(2024, 1, 1)
LAST_ROW = 1_048_575  # Excel's last row (0-based): drop-downs cover every row an officer may fill
MAX_COUNT = 100_000_000
INSTRUCTIONS = "Hướng dẫn"  # load.py skips a sheet of this name

YES_NO = ("có", "không")
CURRENT_STUDY = ("MN", "NT", "MG 3T", "MG 4T", "MG 5T", *(str(g) for g in range(1, 13)), "Sơ cấp", "Trung cấp",
                 "Cao đẳng", "Đại học")
DIPLOMAS = ("MN", "TH", "THCS", "THPT")
QUALIFICATIONS = ("Không", "Sơ cấp", "Trung cấp", "Cao đẳng", "Đại học", "Thạc sĩ", "Tiến sĩ")
RESIDENCE = ("Đang ở", "Chuyển đến", "Chuyển đi", "Chết")
SEXES = ("Nam", "Nữ")
CONDITIONS = ("có", "không", "chưa rõ")
UNIT_KINDS = ("Xã", "Phường", "Thị trấn")
INSTITUTION_TYPES = ("Trường mầm non", "Trường tiểu học", "Trường THCS", "Trường THPT", "Trường liên cấp",
                     "Trung tâm GDNN-GDTX", "Trung tâm GDTX", "Cơ sở GDNN", "Cơ sở giáo dục khác",
                     "Trung tâm học tập cộng đồng")
COUNT_INDICATORS = ("ll_information_literacy", "ll_life_skills", "ll_learning_citizens", "mn4_completed",
                    "mn3_completed")  # completion at 3 and 4 has no survey column: only this table settles it
STANDARD_NAMES = {"PCGD MN5": "phổ cập giáo dục mầm non cho trẻ 5 tuổi", "PCGD MN4": "phổ cập giáo dục mầm non "
                  "cho trẻ 4 tuổi", "PCGD TH": "phổ cập giáo dục tiểu học", "PCGD THCS": "phổ cập giáo dục trung học "
                  "cơ sở", "XMC": "xóa mù chữ", "PCGD MN 3-5": "phổ cập giáo dục mầm non cho trẻ từ 3 đến 5 tuổi"}


@dataclass(frozen=True)
class Column:
    header: str
    help: str  # what to enter, in Vietnamese
    choices: tuple[str, ...] = ()  # drop-down list
    whole: tuple[int, int] | None = None  # whole-number range
    width: float = 14
    text: bool = False  # stored as text, so that codes like "025741" keep their zeros


@dataclass(frozen=True)
class Sheet:
    name: str
    row_is: str  # "một người", "một đơn vị" …
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Template:
    file: str
    title: str
    about: str
    sheets: tuple[Sheet, ...]
    personal_note: str = "Không cần và không nhập thông tin cá nhân (họ tên, địa chỉ, số điện thoại)."


def _yes_no(header: str, help: str, width: float = 14) -> Column:
    return Column(header, help, YES_NO, width=width)


def _count(header: str, help: str, width: float = 14) -> Column:
    return Column(header, help, whole=(0, MAX_COUNT), width=width)


ONLY_HERE = " Nếu xã ghi số liệu này ở tệp so-lieu-xa.xlsx thì xóa cột này (một chỉ số chỉ lấy từ một nguồn)."
UNIT_CODE = Column("Mã đơn vị", "Mã xã/phường, đúng như cột Mã đơn vị của tệp don-vi.xlsx.", width=14, text=True)

SURVEY = Template("mau-dieu-tra.xlsx", "Phiếu điều tra (bảng đơn giản)",
                  "Thay cho tệp Excel gốc của hệ thống PCGD–XMC khi xã/phường chỉ có danh sách đơn giản. Cột nào "
                  "không thu thập thì để trống cả cột (hoặc xóa cột): chỉ số lấy từ cột trống ở mọi dòng được báo "
                  "là «không có số liệu», không phải 0%. Cột đã ghi cho một số người thì ô trống ở người khác được "
                  "tính là chưa có (chưa đạt) và được đếm riêng trong số «chưa ghi».", (Sheet("Điều tra", "một người", (
                      Column("Xã/Phường", "Tên hoặc mã xã/phường, đúng như cột Tên đơn vị hoặc Mã đơn vị của tệp "
                             "don-vi.xlsx (ví dụ Phường Mỹ Phước).", width=22),
                      Column("Thôn/Ấp", "Thôn, ấp hoặc khu phố (không bắt buộc).", width=16),
                      Column("Số phiếu", "Số phiếu điều tra của hộ; người cùng hộ ghi cùng số (không bắt buộc).",
                             width=10, text=True),
                      Column("Năm sinh", "Năm sinh, bốn chữ số (ví dụ 2019). Không cần ngày, tháng sinh.",
                             whole=(1900, 2100), width=10),
                      Column("Giới tính", "Nam hoặc Nữ.", SEXES, width=10),
                      Column("Tình trạng cư trú", "Đang ở hoặc Chuyển đến: đang cư trú. Chuyển đi hoặc Chết: không "
                             "tính vào các tỷ lệ. Để trống được hiểu là đang ở.", RESIDENCE, width=16),
                      _yes_no("Khuyết tật", "có nếu là người khuyết tật; để trống hoặc không nếu không."),
                      _yes_no("Khả năng học tập", "Chỉ cho người khuyết tật: có nếu còn khả năng học tập."),
                      Column("Đang học", "Đang học gì trong năm học: MN hoặc NT (nhà trẻ), MG 3T, MG 4T, MG 5T "
                             "(mẫu giáo), lớp 1 đến 12, Sơ cấp, Trung cấp, Cao đẳng, Đại học. Để trống nếu không "
                             "đi học.", CURRENT_STUDY, width=12),
                      _yes_no("Bổ túc", "có nếu lớp đang học (hoặc bằng tốt nghiệp) thuộc hệ bổ túc, GDTX.",
                              width=10),
                      Column("Lớp đã học xong", "Lớp cao nhất đã học xong, từ 0 đến 12.", whole=(0, 12)),
                      Column("Bỏ học lớp", "Nếu đã bỏ học: lớp đang học khi bỏ học, từ 1 đến 12.", whole=(1, 12),
                             width=12),
                      Column("Bằng tốt nghiệp", "Bậc tốt nghiệp cao nhất: MN (hoàn thành chương trình mầm non), "
                             "TH, THCS hoặc THPT.", DIPLOMAS, width=16),
                      _yes_no("Hoàn thành CT mầm non", "có nếu trẻ đã hoàn thành chương trình giáo dục mầm non.",
                              width=16),
                      Column("Giai đoạn XMC hoàn thành", "Giai đoạn xóa mù chữ đã hoàn thành: 1 (học xong lớp 3 "
                             "chương trình XMC) hoặc 2 (học xong lớp 5).", ("1", "2"), width=16),
                      Column("Tái mù chữ mức", "Nếu tái mù chữ: mức 1 hoặc mức 2. Để trống nếu không.",
                             ("1", "2"), width=12),
                      Column("Trình độ chuyên môn", "Trình độ chuyên môn kỹ thuật cao nhất: Sơ cấp, Trung cấp, Cao "
                             "đẳng, Đại học, Thạc sĩ, Tiến sĩ; Không nếu chưa qua đào tạo.", QUALIFICATIONS,
                             width=18),
                      _yes_no("Năng lực thông tin", "có nếu người đã được trang bị năng lực thông tin." + ONLY_HERE,
                              width=16),
                      _yes_no("Kỹ năng sống", "có nếu người đã được trang bị kỹ năng sống." + ONLY_HERE),
                      _yes_no("Công dân học tập", "có nếu người đạt danh hiệu Công dân học tập." + ONLY_HERE, width=16),
                  )),))

UNITS = Template("don-vi.xlsx", "Danh sách đơn vị (xã, phường, thị trấn)",
                 "Các xã, phường, thị trấn của kế hoạch; các tệp điều tra và số liệu khác ghi đơn vị theo mã hoặc tên "
                 "ở đây.", (Sheet("Đơn vị", "một đơn vị", (
                     Column("Mã đơn vị", "Mã của đơn vị (ví dụ mã thống kê 25741), không trùng nhau.", width=12,
                            text=True),
                     Column("Tên đơn vị", "Tên đầy đủ, ví dụ Phường Mỹ Phước.", width=24),
                     Column("Loại", "Xã, Phường hoặc Thị trấn.", UNIT_KINDS, width=10),
                     Column("Khu vực", "Huyện, thị xã (khu vực) của đơn vị, ví dụ Thị xã Bến Cát. Để trống: khu vực "
                            "của kế hoạch.", width=20),
                     _yes_no("ĐBKK", "có nếu là xã đặc biệt khó khăn (áp dụng ngưỡng riêng của chuẩn).", width=8),
                     Column("Tệp", "Tên tệp điều tra gốc của đơn vị khi tệp không ghi xã/phường, ví dụ "
                            "phuong-my-phuoc.xls (không bắt buộc).", width=22),
                     *(Column(f"Điều kiện {short}", f"Đơn vị đã bảo đảm các điều kiện (giáo viên, cơ sở vật chất) "
                              f"của chuẩn {name} chưa: có, không hoặc chưa rõ.", CONDITIONS, width=14)
                       for short, name in STANDARD_NAMES.items()),
                 )),))

_LABELS = {i.id: i.label for i in INDICATORS}
COUNTS = Template("so-lieu-xa.xlsx", "Số liệu tổng hợp của xã",
                  "Dùng khi phiếu điều tra không có cột cho một chỉ số: xã ghi sẵn tử số và mẫu số; chỉ số nào không "
                  "có thì để trống cả hai cột. Một chỉ số chỉ lấy từ một nguồn: nếu ghi ở "
                  "đây thì xóa cột tương ứng (Năng lực thông tin, Kỹ năng sống, Công dân học tập) khỏi phiếu điều "
                  "tra.", (Sheet("Số liệu xã", "một đơn vị", (
                      UNIT_CODE,
                      *(c for ind in COUNT_INDICATORS for c in (
                          _count(f"{ind} - Tử số", f"{_LABELS[ind]}: số đạt (tử số).", width=18),
                          _count(f"{ind} - Mẫu số", f"{_LABELS[ind]}: tổng số thuộc diện (mẫu số), không nhỏ hơn "
                                 "tử số.", width=18))),
                  )),))

INSTITUTIONS = Template("co-so-giao-duc.xlsx", "Cơ sở giáo dục",
                        "Các cơ sở giáo dục và trung tâm học tập cộng đồng đóng trên địa bàn từng xã, phường.",
                        (Sheet("Cơ sở giáo dục", "một cơ sở", (
                            Column("Tên cơ sở", "Tên cơ sở giáo dục, ví dụ Trường TH Mỹ Phước.", width=40),
                            UNIT_CODE,
                            Column("Loại cơ sở", "Chọn trong danh sách; trung tâm học tập cộng đồng chỉ tính ở chỉ "
                                   "số ứng dụng CNTT.", INSTITUTION_TYPES, width=28),
                            _yes_no("Môi trường số", "có nếu cơ sở hoạt động trên môi trường số (không ghi cho trung "
                                    "tâm học tập cộng đồng).", width=16),
                            _yes_no("Ứng dụng CNTT", "Chỉ cho trung tâm học tập cộng đồng: có nếu trung tâm ứng "
                                    "dụng công nghệ thông tin.", width=16),
                        )),))

LEARNING_MODELS = Template("mo-hinh-hoc-tap.xlsx", "Mô hình học tập và công nhận",
                           "Tổng số và số được công nhận của từng mô hình học tập (gia đình, dòng họ, cộng đồng, "
                           "đơn vị học tập), và việc công nhận thị xã học tập.", (
                               Sheet("Mô hình học tập", "một đơn vị", (
                                   UNIT_CODE,
                                   _count("Số hộ gia đình", "Tổng số hộ gia đình của đơn vị."),
                                   _count("Gia đình học tập", "Số hộ được công nhận Gia đình học tập."),
                                   _count("Số dòng họ", "Tổng số dòng họ."),
                                   _count("Dòng họ học tập", "Số dòng họ được công nhận Dòng họ học tập."),
                                   _count("Số ấp, khu phố", "Tổng số ấp, khu phố."),
                                   _count("Cộng đồng học tập", "Số ấp, khu phố được công nhận Cộng đồng học tập."),
                                   _count("Số cơ quan, đơn vị", "Tổng số cơ quan, đơn vị, tổ chức.", width=16),
                                   _count("Đơn vị học tập", "Số cơ quan, đơn vị được công nhận Đơn vị học tập."),
                                   _count("Công dân học tập", "Số người từ 15 tuổi đạt danh hiệu Công dân học tập "
                                          "(khi phiếu điều tra không có cột này)."),
                                   _count("Dân số từ 15 tuổi", "Số người từ 15 tuổi trở lên đang cư trú (mẫu số "
                                          "của Công dân học tập)."),
                               )),
                               Sheet("Công nhận", "một năm của một khu vực", (
                                   Column("Khu vực", "Tên khu vực, đúng như cột Khu vực của tệp don-vi.xlsx, ví dụ "
                                          "Thị xã Bến Cát.", width=22),
                                   Column("Năm", "Năm xét công nhận, ví dụ 2024.", whole=(2000, 2100), width=8),
                                   _yes_no("Thị xã học tập", "có nếu khu vực được công nhận Thị xã học tập trong "
                                           "năm.", width=16),
                               )),
                           ))

TEMPLATES: tuple[Template, ...] = (SURVEY, UNITS, COUNTS, INSTITUTIONS, LEARNING_MODELS)

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
        write_atomic(path, workbook_bytes(template))
    return paths


def workbook_bytes(template: Template) -> bytes:
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


__all__ = ["TEMPLATES", "Template", "Sheet", "Column", "write_templates", "workbook_bytes"]
