"""What guards every request of the local page (server/app.py): the address served and its secret token,
the checks each request passes before the application sees it, and the security headers of every answer."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from starlette.responses import HTMLResponse, RedirectResponse, Response

from .sessions import Store

TOKEN_COOKIE = "xhht_khoa"
SESSION_COOKIE = "xhht_phien"
TOKEN_HEADER = "x-xhht-token"
INTERNAL = "Lỗi nội bộ của xhht. Hãy thử lại; nếu vẫn lỗi, báo cho nhóm phát triển."


@dataclass
class Settings:
    port: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    start_folder: Path = field(default_factory=Path.cwd)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def origin(self) -> str:
        return f"http://{self.host}"

    @property
    def address(self) -> str:
        return f"{self.origin}/?t={self.token}"


def refusal(status: int, text: str) -> Response:
    """One Vietnamese sentence, as a small page (or JSON for the page's script)."""
    body = ('<!doctype html><html lang="vi"><meta charset="utf-8"><title>xhht</title>'
            f'<p style="font:16px sans-serif;margin:2em">{_escape(text)}</p></html>')
    return HTMLResponse(body, status_code=status)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Guard:
    """ASGI middleware: Host, token, token header on changes, Origin; then the application."""

    def __init__(self, app: Any, settings: Settings, store: Store) -> None:
        self.app = app
        self.settings = settings
        self.store = store

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no websockets
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        s = self.settings
        if headers.get("host", "") != s.host:
            await refusal(421, "Địa chỉ không hợp lệ: trang chỉ mở được tại " + s.origin + ".")(scope, receive,
                                                                                              _secured(send))
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        cookies = _cookies(headers.get("cookie", ""))
        if scope["path"] == "/" and scope["method"] == "GET" and "t" in query:
            if not secrets.compare_digest(query["t"][0].encode(), s.token.encode()):
                await refusal(403, _NO_TOKEN)(scope, receive, _secured(send))
                return
            key = cookies.get(SESSION_COOKIE)
            if self.store.get(key) is None:
                key, _ = self.store.new()
            response = RedirectResponse("/", status_code=303)
            response.set_cookie(TOKEN_COOKIE, s.token, httponly=True, samesite="strict", path="/")
            response.set_cookie(SESSION_COOKIE, key, httponly=True, samesite="strict", path="/")
            await response(scope, receive, _secured(send))
            return
        if not secrets.compare_digest(cookies.get(TOKEN_COOKIE, "").encode(), s.token.encode()):
            await refusal(403, _NO_TOKEN)(scope, receive, _secured(send))
            return
        if scope["method"] not in ("GET", "HEAD"):
            sent = headers.get(TOKEN_HEADER, "")
            origin = headers.get("origin")
            if not secrets.compare_digest(sent.encode(), s.token.encode()) or (origin is not None and
                                                                                 origin != s.origin):
                await refusal(403, "Yêu cầu bị từ chối: không gửi từ trang xhht.")(scope, receive, _secured(send))
                return
        started = False

        async def tracked(message: dict) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, _secured(tracked))
        except Exception:  # noqa: BLE001 - one Vietnamese sentence; no traceback in the log (it may name files)
            if not started:
                await json_response({"loi": INTERNAL}, 500)(scope, receive, _secured(send))


# Every answer: never cached (a page or script must not be shown again without the token), never framed by
# another page, no Referer sent on, nothing but this server's own scripts and styles.
SECURITY_HEADERS = [
    (b"cache-control", b"no-store"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                 b"img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
                                 b"form-action 'self'; base-uri 'none'"),
]


def _secured(send: Any) -> Any:
    async def wrapped(message: dict) -> None:
        if message["type"] == "http.response.start":
            names = {k for k, _ in SECURITY_HEADERS}
            headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
            message = {**message, "headers": headers + SECURITY_HEADERS}
        await send(message)

    return wrapped


_NO_TOKEN = ("Yêu cầu bị từ chối: thiếu mã truy cập. Mở trang bằng địa chỉ đầy đủ (có «?t=…») mà lệnh xhht serve "
             "in ra.")


def _cookies(text: str) -> dict[str, str]:
    out = {}
    for part in text.split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            out[name] = value
    return out


def json_response(body: dict[str, Any], status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status_code=status,
                    media_type="application/json; charset=utf-8", headers={"Cache-Control": "no-store"})
