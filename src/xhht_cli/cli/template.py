"""`xhht template`: blank Excel workbooks to fill in, one per input kind."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .errors import EXIT_USAGE, guarded, show_messages
from .options import Debug

EXAMPLE = "xhht template mau-nhap-lieu"

Folder = Annotated[Path, typer.Argument(metavar="THƯ_MỤC", help="Thư mục ghi các tệp mẫu (tạo nếu chưa có).",
                                        show_default=False)]
Force = Annotated[bool, typer.Option("--force", help="Ghi đè các tệp mẫu đã có (bằng tệp trống).", show_default=False)]


def command(folder: Folder, force: Force = False, debug: Debug = False) -> None:
    """Ghi các tệp Excel mẫu để nhập liệu: điều tra, đơn vị, số liệu xã, cơ sở giáo dục, mô hình học tập."""
    with guarded(debug, False):
        from ..io.writer import check_outputs
        from ..messages import XhhtError
        from ..render.templates import TEMPLATES, write_templates

        # Every file a template would replace is guarded like any output (a folder or a device of that name).
        if folder.is_dir():
            check_outputs([("THƯ_MỤC", folder / t.file) for t in TEMPLATES], [])
        try:
            written = write_templates(folder, overwrite=force)
        except XhhtError as exc:  # an existing file, or a path that is not a folder: the officer's choice to make
            show_messages(exc.messages, False)
            raise typer.Exit(EXIT_USAGE) from None
        for path in written:
            typer.echo(str(path))
