"""`xhht plan`: the bundled plans, a new plan for any district, and checking a plan file an officer edited.

    xhht plan list
    xhht plan new ke-hoach.yaml --from qd-1373 --area "Huyện Dầu Tiếng"
    xhht plan check ke-hoach.yaml

Exit codes as spec.md: 0 done (check: no error) · 2 usage error (unknown plan name, file exists without
--force, folder missing) · 3 the plan file has errors (check) · 5 the file could not be written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .errors import EXIT_DATA, EXIT_OUTPUT, error_line, show_messages, usage_exit
from .outputs import Format, offered
from ..render.console import stderr_console, stdout_console

# The plan model (pydantic) is imported inside the commands: registering them must keep `xhht --help` light.

plan_app = typer.Typer(
    name="plan", no_args_is_help=True, add_completion=False,
    help="Kế hoạch mục tiêu: xem các kế hoạch có sẵn, soạn kế hoạch cho địa bàn khác, kiểm tra tệp kế hoạch.",
)


CheckFormat = offered("CheckFormat", Format.terminal, Format.json)


@plan_app.command("list")
def list_cmd() -> None:
    """Các kế hoạch có sẵn, dùng với --plan TÊN (ví dụ: xhht compute DỮ_LIỆU --plan qd-1373)."""
    from ..law.plan import bundled_names

    out = stdout_console()
    out.print("Các kế hoạch có sẵn (dùng với --plan TÊN):", highlight=False)
    out.print(bundled_names(), highlight=False, markup=False)


@plan_app.command("new")
def new_cmd(
    file: Annotated[Path, typer.Argument(metavar="TỆP",
                                         help="Tệp kế hoạch sẽ ghi (.yaml), ví dụ ke-hoach-dau-tieng.yaml.")],
    area: Annotated[str, typer.Option("--area", metavar="TÊN", help="Tên địa bàn, ví dụ \"Huyện Dầu Tiếng\".")],
    source: Annotated[str, typer.Option("--from", metavar="KẾ_HOẠCH", help="Kế hoạch làm mẫu: tên có sẵn (ben-cat-68, qd-1373) hoặc "
                                                       "một tệp kế hoạch.")] = "ben-cat-68",
    force: Annotated[bool, typer.Option("--force", help="Ghi đè nếu tệp đã có.")] = False,
) -> None:
    """Soạn một tệp kế hoạch (YAML có chú thích tiếng Việt) từ một kế hoạch có sẵn, để sửa số liệu cho địa bàn.

    Ví dụ: xhht plan new ke-hoach.yaml --from qd-1373 --area "Huyện Dầu Tiếng"
    """
    from ..messages import UsageError, XhhtError
    from ..law.plan import load_plan, plan_path
    from ..render.plan_yaml import plan_text, quoted_arg

    if file.suffix.lower() not in (".yaml", ".yml"):
        usage_exit(f"{file}: tệp kế hoạch cần đuôi .yaml", False)
    if not file.parent.exists():
        usage_exit(f"{file}: thư mục {file.parent} không tồn tại", False)
    if file.exists() and not file.is_file():
        usage_exit(f"{file}: không phải một tệp thường (là thư mục hoặc thiết bị)", False)
    if file.exists() and not force:
        usage_exit(f"{file} đã có; thêm --force để ghi đè", False)
    if not area.strip():
        usage_exit("--area: cần tên địa bàn, ví dụ --area \"Huyện Dầu Tiếng\"", False)
    try:
        src = plan_path(source)
        plan = load_plan(src)
    except UsageError as exc:
        usage_exit(str(exc).replace("--plan", "--from", 1), False)
    except XhhtError as exc:
        show_messages(exc.messages, False)
        raise typer.Exit(EXIT_DATA) from None
    text = plan_text(plan, area=area.strip(), name=source, file=str(file), source=src)
    _write(file, text.encode("utf-8"))
    stderr_console().print(f"Đã ghi {file}. Sửa số liệu trong tệp rồi kiểm tra: xhht plan check {quoted_arg(str(file))}",
                   highlight=False, markup=False)


@plan_app.command("check")
def check_cmd(
    file: Annotated[Path, typer.Argument(metavar="TỆP", help="Tệp kế hoạch cần kiểm tra (.yaml).")],
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", metavar="DẠNG",
                                             help="terminal (bảng trên màn hình) hoặc json (cho chương trình)."
                                             )] = CheckFormat.terminal,
) -> None:
    """Kiểm tra một tệp kế hoạch: in lỗi và cảnh báo kèm số dòng; mã thoát 0 (không có lỗi) hoặc 3.

    Ví dụ: xhht plan check ke-hoach.yaml
    """
    from ..messages import Message, UsageError, XhhtError
    from ..law.plan import load_plan, plan_path, plan_warnings
    from ..messages import messages_json

    found: list[Message]
    plan = None
    try:
        src = plan_path(file)
        plan = load_plan(src)
        found = plan_warnings(plan, src)
    except XhhtError as exc:
        found = exc.messages
    except UsageError as exc:  # a bare word that is neither a file nor a bundled name
        usage_exit(str(exc).replace("--plan ", "", 1), fmt is CheckFormat.json)
    if fmt is CheckFormat.json:
        sys.stdout.write(messages_json(found))
    else:
        out = stdout_console()
        errors = sum(m.severity == "error" for m in found)
        out.print(f"{errors} lỗi, {len(found) - errors} cảnh báo", highlight=False)
        for m in found:
            kind = "Lỗi" if m.severity == "error" else "Cảnh báo"
            out.print(f"{kind}: {m.text()}", highlight=False, markup=False, soft_wrap=True)
        if plan is not None and not errors:
            years = ", ".join(map(str, plan.plan.years))
            out.print(f"Kế hoạch “{plan.plan.id}”: {len(plan.targets)} mục tiêu, năm {years}. "
                      f"Dùng: xhht compute THƯ_MỤC_DỮ_LIỆU --plan {file}", highlight=False, markup=False, soft_wrap=True)
    if any(m.severity == "error" for m in found):
        raise typer.Exit(EXIT_DATA)


def _write(path: Path, data: bytes) -> None:
    """Through the one guarded writer; a file that cannot be written is exit 5 with the writer's sentence."""
    from ..io.writer import OutputError, write_atomic

    try:
        write_atomic(path, data)
    except OutputError as exc:
        error_line(exc.text)
        raise typer.Exit(EXIT_OUTPUT) from None
