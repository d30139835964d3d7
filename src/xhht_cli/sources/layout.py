"""The shape of the blank workbooks `xhht template` writes (columns, sheets, drop-down vocabularies), so
that each input kind can declare its own template beside its reader; render/templates.py writes them."""

from __future__ import annotations

from dataclasses import dataclass

MAX_COUNT = 100_000_000

YES_NO = ("có", "không")


@dataclass(frozen=True)
class Column:
    """One template column: its header (one the reader accepts), help text and what may be entered."""

    header: str
    help: str  # what to enter, in Vietnamese
    choices: tuple[str, ...] = ()  # drop-down list
    whole: tuple[int, int] | None = None  # whole-number range
    width: float = 14
    text: bool = False  # stored as text, so that codes like "025741" keep their zeros


@dataclass(frozen=True)
class Sheet:
    """One data sheet of a template: its name, what one row is, its columns."""

    name: str
    row_is: str  # "một người", "một đơn vị" …
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Template:
    """One blank workbook: its file name, title, what it is for, its sheets."""

    file: str
    title: str
    about: str
    sheets: tuple[Sheet, ...]
    personal_note: str = "Không cần và không nhập thông tin cá nhân (họ tên, địa chỉ, số điện thoại)."


def yes_no(header: str, help: str, width: float = 14) -> Column:
    """A column answered có/không from a drop-down."""
    return Column(header, help, YES_NO, width=width)


def count(header: str, help: str, width: float = 14) -> Column:
    """A column of whole numbers from 0."""
    return Column(header, help, whole=(0, MAX_COUNT), width=width)


ONLY_HERE = " Nếu xã ghi số liệu này ở tệp so-lieu-xa.xlsx thì xóa cột này (một chỉ số chỉ lấy từ một nguồn)."
UNIT_CODE = Column("Mã đơn vị", "Mã xã/phường, đúng như cột Mã đơn vị của tệp don-vi.xlsx.", width=14, text=True)
