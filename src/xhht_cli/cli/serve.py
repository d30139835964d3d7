"""`xhht serve`: the local page for officers who never open a terminal (spec.md, "The local page")."""

from __future__ import annotations

import socket
import threading
from typing import Annotated

import typer

from .errors import EXIT_INTERRUPT, guarded, interrupted
from .options import Debug

EXAMPLE = """xhht serve
xhht serve --port 8765 --no-browser"""
LOOPBACK = "127.0.0.1"

Port = Annotated[int | None, typer.Option(
    "--port", metavar="CỔNG", min=1, max=65535,
    help="Cổng trên máy này (mặc định: một cổng còn trống). Trang chỉ mở được từ chính máy này (127.0.0.1).",
    show_default=False)]
NoBrowser = Annotated[bool, typer.Option("--no-browser", help="Không tự mở trình duyệt (chỉ in địa chỉ).",
                                         show_default=False)]


def command(port: Port = None, no_browser: NoBrowser = False, debug: Debug = False) -> None:
    """Mở trang xhht trên máy này: chọn tệp dữ liệu của năm, bấm «Tính», xem báo cáo và tải bảng tính.

    Tệp không rời khỏi máy: trang chỉ chạy tại 127.0.0.1, cần mã truy cập in kèm địa chỉ; tệp tải lên được lưu tạm
    và bị xóa khi bấm «Xong, xóa dữ liệu», sau 30 phút không dùng, hoặc khi dừng bằng Ctrl-C."""
    with guarded(debug, False):
        sock = _bind(port)
        serve(sock, open_browser=not no_browser)


def _bind(port: int | None) -> socket.socket:
    from ..messages import UsageError

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((LOOPBACK, port or 0))
    except OSError:
        sock.close()
        raise UsageError(f"--port {port}: cổng này đang được dùng hoặc không được phép; chọn cổng khác, hoặc bỏ "
                         "--port để dùng một cổng còn trống.") from None
    sock.listen(64)
    return sock


def serve(sock: socket.socket, open_browser: bool = True) -> None:
    """Run the page's server on a bound loopback socket until Ctrl-C (exit 130) or SIGTERM (143); the uploaded
    files are deleted on the way out, whichever way it ends."""
    import uvicorn

    from ..render.console import stderr_console, stdout_console
    from ..server.app import Settings, create_app
    from ..server.sessions import Store

    settings = Settings(port=sock.getsockname()[1])
    store = Store()
    try:  # from here on, whatever ends the server (Ctrl-C, SIGTERM, an error) removes the uploads' folder
        app = create_app(settings, store)
        config = uvicorn.Config(app, log_level="warning", access_log=False, server_header=False, date_header=False,
                                timeout_graceful_shutdown=3, lifespan="on")
        server = uvicorn.Server(config)
        stdout_console().print(f"Trang xhht đang chạy tại: {settings.address}", soft_wrap=True, highlight=False)
        stderr_console().print("Mở địa chỉ trên bằng trình duyệt trên máy này. Nhấn Ctrl-C để dừng (các tệp đã tải "
                               "lên sẽ bị xóa).", soft_wrap=True, highlight=False)
        if open_browser:
            threading.Timer(0.5, _open, (settings.address,)).start()
        server.run(sockets=[sock])
        if server.should_exit:  # uvicorn ends quietly on a signal: the CLI's contract is 130
            interrupted(EXIT_INTERRUPT)
    finally:
        store.close()
        sock.close()


def _open(address: str) -> None:
    import webbrowser

    try:
        webbrowser.open(address)
    except Exception:  # noqa: BLE001 - no browser: the address is printed
        pass
