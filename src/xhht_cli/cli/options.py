"""Every option declared once, shared by the commands that take it (compute, validate and trend read the same
way, so they accept the same reading options), and the options model the library receives.

A new shared option is declared here once, added to `Reading`, and passed on by `Reading.options()` /
`Reading.trend_options()`; each command adds it to its signature with the type below.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .outputs import Format, offered

if TYPE_CHECKING:
    from ..pipeline import Options
    from ..trend import TrendOptions


class Ppc(str, Enum):
    all_disabled = "all_disabled"
    disabled_unable_only = "disabled_unable_only"


# compute and trend: a report in any format (xlsx only into a file).
ReportFormat = offered("ReportFormat", Format.terminal, Format.json, Format.csv, Format.xlsx)
# validate: the findings as a table, JSON or CSV (the same columns as --messages).
FindingsFormat = offered("FindingsFormat", Format.terminal, Format.json, Format.csv)
# targets and standards: the bundled tables on screen, or their data as JSON.
ReferenceFormat = offered("ReferenceFormat", Format.terminal, Format.json)


_NO = {"show_default": False}

# --- what is read --------------------------------------------------------------------------------------------
# Plain strings, made Paths by the command: Typer's path conversion took 0.8 ms a path (2.5 s for 3,300 reports).
Paths = Annotated[list[str], typer.Argument(
    metavar="ĐƯỜNG_DẪN", help="Tệp .xlsx, .xlsm, .xls, .ods, .csv hoặc thư mục chứa chúng (một hay nhiều).", **_NO)]
Year = Annotated[int | None, typer.Option(
    "--year", metavar="NĂM", min=1990, max=2100,
    help="Năm điều tra. Không ghi thì lấy năm ghi trong dữ liệu hoặc tên thư mục (ví dụ 2024).", **_NO)]

# --- how it is read and judged (compute, validate, trend) ------------------------------------------------------
PlanFile = Annotated[Path | None, typer.Option(
    "--plan", metavar="TỆP", help="Tệp kế hoạch YAML. Không ghi thì dùng kế hoạch có sẵn (Bến Cát 68/KH-UBND).",
    **_NO)]
StandardsFile = Annotated[Path | None, typer.Option(
    "--standards", metavar="TỆP", help="Tệp tiêu chuẩn YAML. Không ghi thì dùng tiêu chuẩn có sẵn theo nghị định.",
    **_NO)]
PpcRule = Annotated[Ppc | None, typer.Option(
    "--ppc", metavar="CÁCH", help="Người khuyết tật loại khỏi số phải phổ cập: all_disabled (mọi người khuyết tật, "
    "mặc định) hoặc disabled_unable_only (chỉ người không có khả năng học tập).", **_NO)]
ColumnsFile = Annotated[Path | None, typer.Option(
    "--columns", metavar="TỆP", help="Tệp YAML đặt tên cột cho mẫu nhập liệu khác thường.", **_NO)]
Strict = Annotated[bool, typer.Option("--strict", help="Coi mọi cảnh báo về dữ liệu là lỗi (mã thoát 3).", **_NO)]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Không dùng bộ nhớ đệm số liệu: đọc lại mọi tệp.", **_NO)]

# --- what is written -------------------------------------------------------------------------------------------
Output = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="TỆP", help="Ghi kết quả ra tệp: .xlsx (bảng tính gửi cấp trên), .json hoặc .csv "
    "(mở được bằng Excel). Kiểu tệp theo đuôi tên tệp.", **_NO)]
MessagesFile = Annotated[Path | None, typer.Option(
    "--messages", metavar="TỆP", help="Ghi mọi lỗi và cảnh báo ra tệp (cả khi dữ liệu có lỗi): .xlsx là bảng tiếng "
    "Việt cho cán bộ, .csv giữ các cột cho chương trình.", **_NO)]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Không in gì thêm ngoài lỗi (kết quả vẫn in ra).", **_NO)]
Debug = Annotated[bool, typer.Option("--debug", help="Khi có lỗi nội bộ, in chi tiết kỹ thuật để báo nhóm phát "
                                                    "triển.", **_NO)]


ReportFormatOpt = Annotated[ReportFormat, typer.Option(
    "--format", "-f", metavar="DẠNG", help="terminal (bảng trên màn hình, mặc định), json hoặc csv; xlsx thì cần "
    "--output TỆP.xlsx.", **_NO)]
FindingsFormatOpt = Annotated[FindingsFormat, typer.Option(
    "--format", "-f", metavar="DẠNG", help="terminal (mặc định), json hoặc csv.", **_NO)]
ReferenceFormatOpt = Annotated[ReferenceFormat, typer.Option(
    "--format", "-f", metavar="DẠNG", help="terminal (mặc định) hoặc json.", **_NO)]


@dataclass(frozen=True)
class Reading:
    """The reading options, as every command that reads data receives them."""

    plan: Path | None = None
    standards: Path | None = None
    ppc: Ppc | None = None
    columns: Path | None = None
    strict: bool = False
    no_cache: bool = False

    def files(self) -> list[Path]:
        """The option files: inputs too, which no output may replace."""
        return [p for p in (self.plan, self.standards, self.columns) if p is not None]

    def options(self, year: int | None = None, keep_persons: bool = False, target_year: int | None = None) -> Options:
        """The library's Options for compute and validate."""
        from ..pipeline import Options

        return Options(year=year, plan=self.plan, standards=self.standards, ppc=self.ppc.value if self.ppc else None,
                       strict=self.strict, columns=self.columns, keep_persons=keep_persons, target_year=target_year,
                       cache=not self.no_cache)

    def trend_options(self, mapping: Path | None) -> TrendOptions:
        """The library's TrendOptions."""
        from ..trend import TrendOptions

        return TrendOptions(plan=self.plan, standards=self.standards, ppc=self.ppc.value if self.ppc else None,
                            strict=self.strict, columns=self.columns, mapping=mapping)
