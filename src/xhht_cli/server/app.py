"""The Starlette application of the local page.

Why Starlette and uvicorn rather than the standard library's `http.server`: uploads of hundreds of megabytes
must stream to disk in chunks with limits counted as they arrive, downloads and the progress poll must be
answered while a run reads files, and the shutdown on Ctrl-C must be graceful; Starlette (small, typed, one
dependency) with uvicorn gives all of that with routing and test clients, and `http.server` none of it.

Every request passes `Guard` first: a Host header other than the address served (DNS rebinding) and a request
without the secret token (the `?t=` of the printed address, then the cookie set from it) are refused, static
files included; a request that changes anything must also carry the token in the `X-Xhht-Token` header (the
page's script sends it; another site cannot: a custom header needs a CORS pre-flight the server never grants)
and, when the browser sends an Origin, the page's own. The server logs no request line: paths, file names and
the token stay out of the log. The Guard and the address it guards are in server/guard.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import jobs
from .guard import INTERNAL, SESSION_COOKIE, Guard, Settings, json_response as _json, refusal
from .sessions import MAX_UPLOAD_BYTES, GiB, SessionError, Store, safe_relative

MAX_FORM_BYTES = 64 * 1024  # the page's small forms (options, a folder path)
REAP_EVERY = 60.0  # seconds between checks for idle sessions
CHUNK = 1024 * 1024
MAX_MAPPING_BYTES = 20 * 1024 * 1024
MAPPING_SUFFIXES = (".yaml", ".yml", ".xlsx", ".xls", ".ods", ".csv")


def create_app(settings: Settings, store: Store) -> Any:
    """The application: routes behind the Guard."""
    from ..render.html import STATIC, page

    def session_of(request: Request) -> Any:
        session = store.get(request.cookies.get(SESSION_COOKIE))
        if session is None:
            raise SessionError("Phiên làm việc đã kết thúc, dữ liệu đã được xóa. Tải lại trang để bắt đầu lại.", 410)
        return session

    async def index(request: Request) -> Response:
        key = request.cookies.get(SESSION_COOKIE)
        if store.get(key) is None:  # ended or idle: a fresh session
            key, _ = store.new()
        response = HTMLResponse(page("index.html", token=settings.token, plans=_plans(),
                                     max_upload=f"{MAX_UPLOAD_BYTES // GiB} GB", max_bytes=MAX_UPLOAD_BYTES))
        response.set_cookie(SESSION_COOKIE, key, httponly=True, samesite="strict", path="/")
        response.headers["Cache-Control"] = "no-store"
        return response

    async def upload(request: Request) -> Response:
        session = session_of(request)
        raw = request.query_params.get("duong-dan", "")
        relative = safe_relative(raw)
        if relative.suffix.lower() not in jobs.data_suffixes():
            return _json({"bo-qua": True})  # not a data file (a picked folder holds others): skipped, not an error
        declared = _length(request)
        if session.job is not None and session.job.state == "running":
            raise SessionError("Đang tính, hãy chờ xong rồi thêm tệp.", 409)
        target = session.reserve(relative, declared)
        room = session.room(relative)
        size = await _receive(request, target, room)
        session.stored(relative, size)
        session.job = None  # the files changed: the last run's downloads no longer describe them
        return _json({"tep": len(session.files), "byte": session.used})

    async def own_plan(request: Request) -> Response:
        session = session_of(request)
        from ..io.limits import limit

        most = limit("MAX_YAML_BYTES")
        target = session.folder / "ke-hoach-rieng.yaml"
        await _receive(request, target, most, "Tệp kế hoạch quá lớn (tối đa 2 MB).")
        session.plan = target
        return _json({"ok": True})

    async def mapping(request: Request) -> Response:
        """The trend's unit mapping (YAML or a sheet), kept at the top of the uploads under its own name: the run
        equals `xhht trend 2022-2024-FOLDER --mapping NAME` in that folder."""
        session = session_of(request)
        relative = safe_relative(request.query_params.get("ten", ""))
        if len(relative.parts) != 1 or relative.suffix.lower() not in MAPPING_SUFFIXES:
            raise SessionError("Tệp ánh xạ phải là tệp .yaml, .xlsx, .xls, .ods hoặc .csv.")
        if session.job is not None and session.job.state == "running":
            raise SessionError("Đang tính, hãy chờ xong.", 409)
        if str(relative) in session.files:
            raise SessionError("Tệp ánh xạ trùng tên với một tệp dữ liệu đã chọn: đổi tên tệp ánh xạ.")
        session.drop_mapping()
        target = session.reserve(relative, _length(request))
        size = await _receive(request, target, min(session.room(relative), MAX_MAPPING_BYTES),
                              "Tệp ánh xạ quá lớn (tối đa 20 MB).")
        session.used += size  # counted in the session's total, not among the data files
        session.mapping, session.mapping_size = relative.name, size
        session.job = None
        return _json({"ok": True})

    async def clear(request: Request) -> Response:
        session = session_of(request)
        if session.job is not None and session.job.state == "running":
            raise SessionError("Đang tính, hãy chờ xong.", 409)
        session.clear_files()
        return _json({"tep": 0})

    async def compute(request: Request) -> Response:
        session = session_of(request)
        if _length(request) is None or (_length(request) or 0) > MAX_FORM_BYTES:
            raise SessionError("Yêu cầu quá lớn.", 413)
        form = await request.form(max_files=0, max_fields=20, max_part_size=MAX_FORM_BYTES)
        if session.job is not None and session.job.state == "running":
            raise SessionError("Đang tính, hãy chờ xong.", 409)
        req = _request_of(form, session)
        jobs.start(session, req, settings.start_folder)
        return _json({"ok": True})

    async def status(request: Request) -> Response:
        session = session_of(request)
        job = session.job
        if job is None:
            return _json({"trang-thai": "chua"})
        body: dict[str, Any] = {"trang-thai": {"running": "dang", "done": "xong", "error": "loi"}[job.state],
                                "da-doc": job.done, "tong": job.total, "loai": job.kind}
        if job.state == "done":
            body["html"] = job.html
            body["ghi-chu"] = job.note
        elif job.state == "error":
            body["loi"] = job.error
            body["html"] = _error_html(job)
        return _json(body)

    async def download(request: Request) -> Response:
        session = session_of(request)
        name = request.path_params["name"]
        job = session.job
        persons = name == "danh-sach-can-van-dong.xlsx"
        if name not in jobs.DOWNLOADS and not persons:
            return refusal(404, "Không có tệp này.")
        if job is None or job.state == "running" or (job.state == "error" and name != "thong-bao.csv"):
            return refusal(409, "Chưa có kết quả: hãy bấm «Tính» trước.")
        kind = jobs.DOWNLOADS.get(name, ("compute", ""))[0]
        if kind not in ("any", job.kind):
            return refusal(409, "Tệp này thuộc loại báo cáo khác: hãy tính lại đúng loại.")
        if persons:
            if request.query_params.get("dong-y") != "co":
                return refusal(403, "Danh sách có họ tên: cần xác nhận trên trang trước khi tải.")
            data = await asyncio.to_thread(jobs.persons_file, session, job)
        else:
            data = await asyncio.to_thread(jobs.render_download, job, name)
        media = jobs.MEDIA[name.rsplit(".", 1)[1]]
        return Response(data, media_type=media, headers={
            "Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}",
            "Cache-Control": "no-store"})

    async def finish(request: Request) -> Response:
        key = request.cookies.get(SESSION_COOKIE) or ""
        session = store.get(key)
        if session is not None and session.job is not None and session.job.state == "running":
            raise SessionError("Đang tính, hãy chờ xong rồi xóa.", 409)
        store.end(key)
        fresh, _ = store.new()  # the page stays usable: a new, empty session
        response = _json({"ok": True, "thong-bao": "Đã xóa mọi tệp đã tải lên và kết quả của phiên này."})
        response.set_cookie(SESSION_COOKIE, fresh, httponly=True, samesite="strict", path="/")
        return response

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SessionError)
        return _json({"loi": exc.text}, exc.status)

    async def internal(request: Request, exc: Exception) -> Response:
        return _json({"loi": INTERNAL}, 500)

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        async def reaper() -> None:
            while True:
                await asyncio.sleep(REAP_EVERY)
                store.reap()

        task = asyncio.create_task(reaper())
        try:
            yield
        finally:
            task.cancel()
            store.close()

    routes = [
        Route("/", index),
        Route("/api/tep", upload, methods=["POST"]),
        Route("/api/ke-hoach", own_plan, methods=["POST"]),
        Route("/api/anh-xa", mapping, methods=["POST"]),
        Route("/api/xoa-tep", clear, methods=["POST"]),
        Route("/api/tinh", compute, methods=["POST"]),
        Route("/api/tien-do", status),
        Route("/api/xong", finish, methods=["POST"]),
        Route("/tai-ve/{name}", download),
        Mount("/tep-tinh", StaticFiles(directory=str(STATIC)), name="static"),
    ]
    inner = Starlette(routes=routes, exception_handlers={SessionError: refused, Exception: internal}, lifespan=lifespan)
    return Guard(inner, settings, store)


def _length(request: Request) -> int | None:
    raw = request.headers.get("content-length")
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


async def _receive(request: Request, target: Path, room: int, too_big: str | None = None) -> int:
    """Stream the request body into `target` (owner-only), refusing it when it would pass `room` bytes."""
    message = too_big or f"Dữ liệu quá lớn: tổng các tệp tải lên tối đa {MAX_UPLOAD_BYTES // GiB} GB."
    declared = _length(request)
    if declared is not None and declared > room:
        raise SessionError(message, 413)
    size = 0
    partial = target.with_name(target.name + ".dang-tai")
    try:
        with open(partial, "wb", opener=lambda p, f: os.open(p, f, 0o600)) as out:
            async for chunk in request.stream():
                size += len(chunk)
                if size > room:
                    raise SessionError(message, 413)
                out.write(chunk)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return size


def _plans() -> list[tuple[str, str]]:
    from ..law.plan import BUNDLED, DEFAULT_PLAN

    return [(b.name, b.title) for b in sorted(BUNDLED, key=lambda b: b.name != DEFAULT_PLAN)]


def _request_of(form: Any, session: Any) -> jobs.Request:
    kind = "trend" if form.get("loai") == "xu-huong" else "compute"
    folder = (form.get("thu-muc") or "").strip() or None
    if folder is None and not session.files:
        raise SessionError("Chưa chọn tệp nào: chọn tệp, thư mục, kéo thả vào ô, hoặc ghi đường dẫn thư mục.")
    plan = form.get("ke-hoach") or None
    own = plan == "rieng"
    if own and session.plan is None:
        raise SessionError("Chưa chọn tệp kế hoạch riêng (.yaml).")
    if plan is not None and not own and plan not in {name for name, _ in _plans()}:
        raise SessionError("Kế hoạch không có trong danh sách.")
    year = None
    raw_year = (form.get("nam") or "").strip()
    if raw_year:
        if not (raw_year.isdigit() and 1990 <= int(raw_year) <= 2100):
            raise SessionError("Năm điều tra phải là một năm từ 1990 đến 2100.")
        year = int(raw_year)
    ppc = form.get("ppc") or None
    if ppc not in (None, "all_disabled", "disabled_unable_only"):
        raise SessionError("Cách tính số phải phổ cập không hợp lệ.")
    mapping = None
    if kind == "trend" and form.get("anh-xa") == "co":
        if folder is None and session.mapping is None:
            raise SessionError("Chưa chọn tệp ánh xạ đơn vị.")
        mapping = session.mapping
        if folder is not None:
            raise SessionError("Tệp ánh xạ chỉ dùng với các tệp đã chọn trên trang, không dùng với đường dẫn thư mục.")
    return jobs.Request(kind, folder, None if own else plan, own, year, ppc, mapping)


def _error_html(job: Any) -> str:
    from ..render.html import messages_by_file, page

    return page("errors.html", error=job.error, messages=messages_by_file(job.error_messages))
