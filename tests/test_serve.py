"""`xhht serve` through Starlette's TestClient (and one real server process): the token and Host checks on every
request, uploads with their relative paths and limits, the report on the page from the same Result, downloads
byte-identical to `xhht compute … -o` / `xhht trend … -o` run on a folder holding the same files under the same
names, the persons list only after an explicit choice, and sessions deleted (button, idle, exit)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from xhht_cli import Options, run
from xhht_cli.cli.application import app as cli_app
from xhht_cli.render.words import required_text, value_text
from xhht_cli.server import sessions
from xhht_cli.server.app import Settings, create_app
from xhht_cli.server.sessions import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "ben-cat"
PORT = 8123
HOST = f"127.0.0.1:{PORT}"


@pytest.fixture
def served(tmp_path: Path):
    store = Store(base=tmp_path)
    settings = Settings(port=PORT, start_folder=tmp_path)
    with TestClient(create_app(settings, store), base_url=f"http://{HOST}") as client:
        yield client, settings, store


def login(client: TestClient, settings: Settings) -> dict[str, str]:
    r = client.get(f"/?t={settings.token}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    return {"X-Xhht-Token": settings.token}


def upload(client: TestClient, headers: dict[str, str], folder: Path, prefix: str) -> int:
    n = 0
    for f in sorted(folder.iterdir()):
        r = client.post("/api/tep", params={"duong-dan": f"{prefix}{f.name}"}, content=f.read_bytes(), headers=headers)
        assert r.status_code == 200, r.text
        n += 1
    return n


def compute_page(client: TestClient, headers: dict[str, str], **form: str) -> dict:
    r = client.post("/api/tinh", data={"loai": "mot-nam", **form}, headers=headers)
    assert r.status_code == 200, r.text
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        body = client.get("/api/tien-do").json()
        if body["trang-thai"] != "dang":
            return body
        time.sleep(0.1)
    raise AssertionError("the run did not finish")


def cli(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> None:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(cli_app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output


# --- the guard ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/tep-tinh/trang.css", "/tep-tinh/trang.js", "/api/tien-do",
                                  "/tai-ve/bao-cao.xlsx"])
def test_every_request_without_the_token_is_refused(served, path):
    client, settings, _ = served
    r = client.get(path)
    assert r.status_code == 403
    assert "mã truy cập" in r.text
    assert client.get(f"/?t=sai{settings.token}", follow_redirects=False).status_code == 403


def test_the_token_sets_a_strict_cookie_and_opens_the_page(served):
    client, settings, _ = served
    r = client.get(f"/?t={settings.token}", follow_redirects=False)
    cookies = r.headers.get_list("set-cookie")
    assert any(c.startswith("xhht_khoa=") and "HttpOnly" in c and "SameSite=strict" in c for c in cookies)
    page = client.get("/")
    assert page.status_code == 200 and "Tính" in page.text and 'lang="vi"' in page.text
    assert client.get("/tep-tinh/trang.css").status_code == 200


@pytest.mark.parametrize("host", ["localhost:8123", "127.0.0.1:9999", "evil.example:8123", "127.0.0.1", ""])
def test_another_host_header_is_refused_even_with_the_token(served, host):
    client, settings, _ = served
    login(client, settings)
    r = client.get("/", headers={"Host": host})
    assert r.status_code == 421
    assert client.get(f"/?t={settings.token}", headers={"Host": host}).status_code == 421


def test_changes_need_the_token_header_and_the_own_origin(served):
    client, settings, _ = served
    headers = login(client, settings)
    assert client.post("/api/xoa-tep").status_code == 403  # the cookie alone is not enough (cross-site form)
    assert client.post("/api/xoa-tep", headers={**headers, "Origin": "http://evil.example"}).status_code == 403
    assert client.post("/api/xoa-tep", headers={**headers, "Origin": f"http://{HOST}"}).status_code == 200


def test_the_page_fetches_nothing_from_the_internet(served):
    client, settings, _ = served
    login(client, settings)
    texts = [client.get(p).text for p in ("/", "/tep-tinh/trang.css", "/tep-tinh/trang.js")]
    for text in texts:
        assert not re.search(r"(src|href)=[\"']?(https?:)?//", text)
        assert "@import" not in text and "url(http" not in text and "fetch(\"http" not in text


# --- compute: the page and the downloads -----------------------------------------------------------------------

def test_sample_year_on_the_page_and_downloads_equal_the_cli(served, tmp_path, monkeypatch):
    client, settings, store = served
    headers = login(client, settings)
    n = upload(client, headers, SAMPLES / "2024", "2024/")
    body = compute_page(client, headers)
    assert body["trang-thai"] == "xong", body
    assert body["da-doc"] == body["tong"] == 12  # progress: files read of files to read
    html = body["html"]
    result = run([SAMPLES / "2024"], Options())
    # the same figures as `xhht compute`: every target of the area, in each plan year's own wording
    rules = result.context.rules
    for row in result.report.targets:
        if row.same_as or row.unit not in {u.code for u in result.report.units if u.kind != "commune"}:
            continue
        assert _escaped(row.label) in html
        assert _escaped(value_text(row, rules)) in html and _escaped(required_text(row, rules)) in html
    for u in result.report.units:
        assert _escaped(u.name) in html
    assert "Mức đạt chuẩn PCGD–XMC theo đơn vị" in html and "<svg" in html
    # the reference: the CLI on a folder holding the same files under the same names
    reference = tmp_path / "cli"
    shutil.copytree(SAMPLES / "2024", reference / "2024")
    cli(reference, monkeypatch, "compute", "2024", "-o", "bao-cao.xlsx", "--messages", "thong-bao.csv")
    cli(reference, monkeypatch, "compute", "2024", "-o", "bao-cao.json")
    cli(reference, monkeypatch, "compute", "2024", "-o", "bao-cao.csv")
    for name in ("bao-cao.xlsx", "bao-cao.json", "bao-cao.csv", "thong-bao.csv"):
        r = client.get(f"/tai-ve/{name}")
        assert r.status_code == 200, name
        assert r.content == (reference / name).read_bytes(), name
    assert n == 12


def test_persons_list_only_after_the_explicit_choice(served):
    client, settings, _ = served
    headers = login(client, settings)
    upload(client, headers, SAMPLES / "2024", "2024/")
    assert compute_page(client, headers)["trang-thai"] == "xong"
    refused = client.get("/tai-ve/danh-sach-can-van-dong.xlsx")
    assert refused.status_code == 403 and "họ tên" in refused.text
    r = client.get("/tai-ve/danh-sach-can-van-dong.xlsx", params={"dong-y": "co"})
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_files_without_folder_and_a_typed_folder(served, tmp_path):
    client, settings, _ = served
    headers = login(client, settings)
    upload(client, headers, SAMPLES / "2024", "")
    flat = compute_page(client, headers)
    assert flat["trang-thai"] == "xong"
    typed = compute_page(client, headers, **{"thu-muc": str(SAMPLES / "2024")})
    assert typed["trang-thai"] == "xong"
    assert typed["html"].replace(str(SAMPLES / "2024") + "/", "") == flat["html"]  # files named as typed


def test_a_data_error_is_one_vietnamese_message_with_the_messages(served, tmp_path):
    client, settings, _ = served
    headers = login(client, settings)
    r = client.post("/api/tep", params={"duong-dan": "2024/hong.xlsx"}, content=b"not a workbook", headers=headers)
    assert r.status_code == 200
    body = compute_page(client, headers)
    assert body["trang-thai"] == "loi"
    assert body["loi"].startswith("Chưa tính được báo cáo") and "hong.xlsx" in body["html"]
    assert client.get("/tai-ve/thong-bao.csv").status_code == 200
    assert client.get("/tai-ve/bao-cao.xlsx").status_code == 409


def test_nothing_chosen_and_bad_options_are_refused_in_vietnamese(served):
    client, settings, _ = served
    headers = login(client, settings)
    r = client.post("/api/tinh", data={"loai": "mot-nam"}, headers=headers)
    assert r.status_code == 400 and "Chưa chọn tệp" in r.json()["loi"]
    upload(client, headers, SAMPLES / "2024", "2024/")
    for form, word in (({"nam": "abc"}, "Năm"), ({"ke-hoach": "khong-co"}, "Kế hoạch"), ({"ppc": "x"}, "phổ cập"),
                       ({"ke-hoach": "rieng"}, "kế hoạch riêng")):
        r = client.post("/api/tinh", data={"loai": "mot-nam", **form}, headers=headers)
        assert r.status_code == 400 and word in r.json()["loi"]


def test_a_bundled_plan_by_name_and_the_officers_own_plan(served, tmp_path, monkeypatch):
    client, settings, _ = served
    headers = login(client, settings)
    upload(client, headers, SAMPLES / "2024", "2024/")
    national = compute_page(client, headers, **{"ke-hoach": "qd-1373"})
    assert national["trang-thai"] == "xong" and "1373" in national["html"]
    plan_file = ROOT / "data" / "targets.yaml"
    assert client.post("/api/ke-hoach", content=plan_file.read_bytes(), headers=headers).status_code == 200
    own = compute_page(client, headers, **{"ke-hoach": "rieng"})
    assert own["trang-thai"] == "xong"
    default = compute_page(client, headers)
    assert own["html"] == default["html"]


def test_trend_and_its_workbook_equal_the_cli(served, tmp_path, monkeypatch):
    client, settings, _ = served
    headers = login(client, settings)
    for year in ("2022", "2023", "2024"):
        upload(client, headers, SAMPLES / year, f"ben-cat/{year}/")
    body = compute_page(client, headers, loai="xu-huong")
    assert body["trang-thai"] == "xong", body.get("loi")
    assert "xu hướng qua các năm" in body["html"] and "2022, 2023, 2024" in body["html"]
    reference = tmp_path / "cli"
    for year in ("2022", "2023", "2024"):
        shutil.copytree(SAMPLES / year, reference / "ben-cat" / year)
    for name in ("xu-huong.xlsx", "xu-huong.json", "xu-huong.csv"):
        cli(reference, monkeypatch, "trend", "ben-cat", "-o", name)
        assert client.get(f"/tai-ve/{name}").content == (reference / name).read_bytes(), name
    assert client.get("/tai-ve/bao-cao.xlsx").status_code == 409  # a one-year download of a trend run


def test_several_years_for_one_year_reads_the_latest(served):
    client, settings, _ = served
    headers = login(client, settings)
    for year in ("2023", "2024"):
        upload(client, headers, SAMPLES / year, f"ben-cat/{year}/")
    body = compute_page(client, headers)
    assert body["trang-thai"] == "xong" and "2024" in body["ghi-chu"]


# --- uploads: names and limits -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["../x.xlsx", "/etc/x.xlsx", "a/../../x.xlsx", "C:\\x\\..\\..\\y.xlsx", ".an/x.xlsx",
                                  "a\x00b.xlsx", "a/" * 10 + "x.xlsx"])
def test_an_upload_name_never_leaves_the_session_folder(served, name):
    client, settings, store = served
    headers = login(client, settings)
    r = client.post("/api/tep", params={"duong-dan": name}, content=b"x", headers=headers)
    assert r.status_code == 400 and r.json()["loi"] == "Tên tệp không hợp lệ."
    assert not any(p.is_file() for p in store.root.parent.rglob("x.xlsx"))


def test_uploads_over_the_total_limit_are_refused_in_vietnamese(served, monkeypatch):
    client, settings, store = served
    headers = login(client, settings)
    monkeypatch.setattr(sessions, "MAX_UPLOAD_BYTES", 1000)
    monkeypatch.setattr("xhht_cli.server.app.MAX_UPLOAD_BYTES", 1000)
    ok = client.post("/api/tep", params={"duong-dan": "a.csv"}, content=b"x" * 600, headers=headers)
    assert ok.status_code == 200
    r = client.post("/api/tep", params={"duong-dan": "b.csv"}, content=b"x" * 600, headers=headers)
    assert r.status_code == 413 and "Dữ liệu quá lớn" in r.json()["loi"]
    # a body without a declared length is counted as it arrives
    r = client.post("/api/tep", params={"duong-dan": "c.csv"}, content=iter([b"x" * 300, b"x" * 300]), headers=headers)
    assert r.status_code == 413
    session = next(iter(store.sessions.values()))
    assert sorted(p.name for p in session.inputs.rglob("*")) == ["a.csv"]  # nothing half-written is left
    r = client.post("/api/tinh", content=b"loai=" + b"x" * 70_000, headers={**headers, "Content-Type":
                                                                          "application/x-www-form-urlencoded"})
    assert r.status_code == 413


def test_the_session_folder_is_owner_only_and_deleted(served):
    client, settings, store = served
    headers = login(client, settings)
    upload(client, headers, SAMPLES / "2024", "2024/")
    session = next(iter(store.sessions.values()))
    assert stat.S_IMODE(store.root.stat().st_mode) == 0o700
    assert stat.S_IMODE(session.inputs.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in session.inputs.rglob("*") if p.is_file())
    r = client.post("/api/xong", headers=headers)
    assert r.status_code == 200 and "Đã xóa" in r.json()["thong-bao"]
    assert not session.folder.exists()
    assert client.get("/tai-ve/bao-cao.xlsx").status_code == 409  # a fresh, empty session


def test_an_idle_session_is_deleted_after_30_minutes(served):
    client, settings, store = served
    headers = login(client, settings)
    upload(client, headers, SAMPLES / "2024", "2024/")
    session = next(iter(store.sessions.values()))
    assert sessions.IDLE_SECONDS == 30 * 60
    assert store.reap(now=session.seen + 29 * 60) == 0 and session.folder.exists()
    assert store.reap(now=session.seen + 30 * 60 + 1) == 1 and not session.folder.exists()
    r = client.get("/api/tien-do")
    assert r.status_code == 410 and "đã được xóa" in r.json()["loi"]


def test_the_store_is_removed_when_the_server_stops(tmp_path):
    store = Store(base=tmp_path)
    with TestClient(create_app(Settings(port=PORT), store), base_url=f"http://{HOST}"):
        store.new()
    assert not store.root.exists()


# --- the real command -----------------------------------------------------------------------------------------

def test_serve_ends_on_sigterm_with_143_and_removes_its_folder(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "TMPDIR": str(tmp_path), "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "xhht_cli", "serve", "--no-browser"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "http://127.0.0.1:" in proc.stdout.readline()
        assert [p for p in tmp_path.iterdir() if p.name.startswith("xhht-trang-")]
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 143 and "Traceback" not in err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("xhht-trang-")]


def test_serve_prints_its_address_ends_on_ctrl_c_with_130_and_logs_nothing_personal(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "TMPDIR": str(tmp_path), "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "xhht_cli", "serve", "--no-browser"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        address = re.search(r"http://127\.0\.0\.1:(\d+)/\?t=(\S+)", line)
        assert address, line
        port, token = address.groups()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        _wait_listening(opener, f"http://127.0.0.1:{port}/?t={token}")
        sample = SAMPLES / "2024" / "xa-an-dien.xlsx"
        req = urllib.request.Request(f"http://127.0.0.1:{port}/api/tep?duong-dan=2024/xa-an-dien.xlsx",
                                     data=sample.read_bytes(), headers={"X-Xhht-Token": token}, method="POST")
        assert opener.open(req).status == 200
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith("xhht-trang-")]
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert "Ctrl-C" in err and "Traceback" not in err
    assert "xa-an-dien" not in err + out and "/api/" not in err + out  # no request line, no file name
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("xhht-trang-")]  # nothing left behind


def test_serve_listens_on_loopback_only(tmp_path):
    from xhht_cli.cli.serve import _bind

    sock = _bind(None)
    try:
        assert sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()


def test_serve_help_is_vietnamese_with_an_example():
    result = CliRunner().invoke(cli_app, ["serve", "--help"])
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Cách dùng: xhht serve") and "Ví dụ:\n  xhht serve" in out
    assert "127.0.0.1" in out and "xhht serve --port" in out and "Xong, xóa dữ liệu" in out
    for notation in ("Usage:", "Options", "Show this message", "[default", "<int>", "/ --no-", "[required]"):
        assert notation not in out, notation


def test_a_port_in_use_is_a_vietnamese_usage_error():
    from xhht_cli.cli.serve import _bind

    taken = _bind(None)
    try:
        result = CliRunner().invoke(cli_app, ["serve", "--no-browser", "--port", str(taken.getsockname()[1])])
    finally:
        taken.close()
    assert result.exit_code == 2 and "cổng này đang được dùng" in result.stderr


def _wait_listening(opener, url: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            opener.open(url)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;").replace(
        "'", "&#39;")


def test_every_answer_is_uncached_unframed_and_limited_to_its_own_scripts(served):
    client, settings, _ = served
    for r in (client.get("/"), client.get("/tep-tinh/trang.js")):  # refused, then (below) served
        assert r.headers["cache-control"] == "no-store"
    login(client, settings)
    for path in ("/", "/tep-tinh/trang.js", "/tep-tinh/trang.css", "/api/tien-do"):
        r = client.get(path)
        assert r.status_code == 200
        assert r.headers["cache-control"] == "no-store" and r.headers["x-frame-options"] == "DENY"
        assert "script-src 'self'" in r.headers["content-security-policy"]
    assert not re.search(r"\son[a-z]+=", client.get("/").text)  # no inline handlers (the policy would block them)


# --- the Windows launcher -------------------------------------------------------------------------------------

def test_the_windows_launcher_activates_the_environment_and_runs_serve():
    bat = (ROOT / "xhht-trang.bat").read_bytes()
    assert bat.count(b"\n") == bat.count(b"\r\n") > 0 and bat.endswith(b"\r\n")  # CRLF only, for cmd.exe
    lines = bat.decode("utf-8").split("\r\n")
    commands = [line.strip() for line in lines if line.strip() and not line.lower().startswith(("rem", "@echo"))]
    assert 'cd /d "%~dp0"' in commands
    activate = commands.index('call ".venv\\Scripts\\activate.bat"')
    assert commands.index("xhht serve") > activate
    assert (ROOT / ".gitattributes").read_text().split() == ["xhht-trang.bat", "-text"]  # kept byte for byte


def test_readme_shows_the_page_first_with_its_screenshot():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = readme.index("\n## ")
    assert readme[first:].startswith("\n## Dùng trên trang web") and "xhht-trang.bat" in readme
    assert "(docs/trang-xhht.png)" in readme and (ROOT / "docs" / "trang-xhht.png").read_bytes()[:4] == b"\x89PNG"


def test_an_unexpected_failure_is_one_vietnamese_sentence_and_logs_nothing(served, monkeypatch, caplog):
    client, settings, _ = served
    headers = login(client, settings)

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device", "/tmp/2024/Nguyễn Văn A.xlsx")

    monkeypatch.setattr("xhht_cli.server.sessions.Session.reserve", broken)
    r = client.post("/api/tep", params={"duong-dan": "2024/a.xlsx"}, content=b"x", headers=headers)
    assert r.status_code == 500 and r.json()["loi"].startswith("Lỗi nội bộ của xhht")
    assert "Nguyễn" not in caplog.text and "a.xlsx" not in caplog.text


# --- where the server sits ------------------------------------------------------------------------------------

def _imports(path: Path, package: str) -> set[str]:
    """Every xhht_cli module a source file imports, at the top or inside a function."""
    import ast

    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("xhht_cli")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.startswith("xhht_cli"):
                found.add(module)
                found |= {f"{module}.{a.name}" for a in node.names}
    return found


def _module_graph() -> dict[str, set[str]]:
    src = ROOT / "src"
    graph = {}
    for path in (src / "xhht_cli").rglob("*.py"):
        parts = list(path.relative_to(src).with_suffix("").parts)
        is_init = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_init else parts)
        package = name if is_init else ".".join(parts[:-1])
        graph[name] = _imports(path, package)
    return {m: {d for d in deps if d in graph or d.rsplit(".", 1)[0] in graph} for m, deps in graph.items()}


def test_only_the_cli_imports_the_server_and_no_cycle_goes_through_it():
    graph = _module_graph()
    importers = {m for m, deps in graph.items() if any(d.startswith("xhht_cli.server") for d in deps)}
    assert {m for m in importers if not m.startswith("xhht_cli.server")} == {"xhht_cli.cli.serve"}
    # nothing the server (or the HTML renderer) reaches leads back to the server or to the command
    start = [m for m in graph if m.startswith("xhht_cli.server") or m == "xhht_cli.render.html"]
    seen, todo = set(), list(start)
    while todo:
        m = todo.pop()
        for d in graph.get(m, set()) | graph.get(m.rsplit(".", 1)[0], set()):
            d = d if d in graph else d.rsplit(".", 1)[0]
            if d not in seen:
                seen.add(d)
                todo.append(d)
    assert "xhht_cli.cli.serve" not in seen and "xhht_cli.cli.application" not in seen
    assert not any(m.startswith("xhht_cli.server") for m in seen - set(start) if m != "xhht_cli.server")


def test_the_plan_warning_stands_above_the_report():
    from xhht_cli import Message
    from xhht_cli.render.html import result_html

    result = run([SAMPLES / "2024"], Options())
    text = "Mục tiêu theo kế hoạch của một địa bàn khác: soạn kế hoạch của địa bàn."
    result.report.messages.append(Message(severity="warning", code="plan-year-unused", message=text))
    html = result_html(result)
    assert html.index(text) < html.index("<h2>") < html.index("Mục tiêu của kế hoạch")
    assert 'role="alert"' in html[: html.index("<h2>")]


def test_ci_installs_the_browser():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get update" in ci and "chromium chromium-driver" in ci and "DEBIAN_FRONTEND=noninteractive" in ci
    assert ci.index("chromium-driver") < ci.index("python -m pytest")


def test_trend_with_the_unit_mapping_equals_the_cli(served, tmp_path, monkeypatch):
    client, settings, _ = served
    headers = login(client, settings)
    for year in ("2022", "2023", "2024"):
        upload(client, headers, SAMPLES / year, f"ben-cat/{year}/")
    mapping = SAMPLES / "mapping-2025.yaml"
    r = client.post("/api/anh-xa", params={"ten": mapping.name}, content=mapping.read_bytes(), headers=headers)
    assert r.status_code == 200, r.text
    body = compute_page(client, headers, loai="xu-huong", **{"anh-xa": "co"})
    assert body["trang-thai"] == "xong", body.get("loi")
    assert "Đã gộp số liệu" in body["html"] or "mapping-2025.yaml" in body["html"]
    reference = tmp_path / "cli"
    for year in ("2022", "2023", "2024"):
        shutil.copytree(SAMPLES / year, reference / "ben-cat" / year)
    shutil.copy(mapping, reference / mapping.name)
    cli(reference, monkeypatch, "trend", "ben-cat", "--mapping", mapping.name, "-o", "xu-huong.xlsx")
    assert client.get("/tai-ve/xu-huong.xlsx").content == (reference / "xu-huong.xlsx").read_bytes()
    # a one-year run beside it still reads the latest year only
    assert compute_page(client, headers)["trang-thai"] == "xong"
    bad = client.post("/api/anh-xa", params={"ten": "a/b.yaml"}, content=b"x", headers=headers)
    assert bad.status_code == 400 and "ánh xạ" in bad.json()["loi"]
