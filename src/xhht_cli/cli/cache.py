"""`xhht cache clear`: empty the counts cache (XHHT_CACHE_DIR, else the user cache folder)."""

from __future__ import annotations

import typer

cache_app = typer.Typer(name="cache", no_args_is_help=True, add_completion=False,
                        help="Bộ nhớ đệm số liệu đã đếm của từng tệp (thư mục XHHT_CACHE_DIR).")


@cache_app.command("clear")
def clear_cmd() -> None:
    """Xóa bộ nhớ đệm: lần chạy sau đọc lại mọi tệp.

    Ví dụ: xhht cache clear
    """
    from ..cache.store import cache_dir, clear
    from ..render.console import stdout_console

    folder = cache_dir()
    n = clear(folder)
    stdout_console().print(f"Đã xóa {n} mục trong bộ nhớ đệm {folder}", soft_wrap=True, markup=False)
