"""The local page in a real browser: headless Chromium (Debian's `chromium` and `chromium-driver`) driven by
Selenium through /usr/bin/chromedriver, against a real `xhht serve` process.

The file picker is filled for real; the folder picker and drag-and-drop, which a driver cannot operate, are
driven with synthetic events carrying the sample files' bytes and relative paths (a folder entry tree for the
drop). Downloads are compared byte for byte with what the CLI writes for a folder holding the same files under
the same names. Set XHHT_SCREENSHOT=docs/trang-xhht.png to refresh the README's screenshot.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xhht_cli import Options, run
from xhht_cli.cli.application import app as cli_app
from xhht_cli.render.words import required_text, value_text

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "ben-cat"
WIDTH, HEIGHT = 1366, 768

selenium = pytest.importorskip("selenium", reason="selenium is not installed (pip install '.[test]')")
if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip("headless Chromium is not installed: apt-get install chromium chromium-driver",
                allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def start_server(tmp: Path, cache: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "TMPDIR": str(tmp), "NO_COLOR": "1",
           "XHHT_CACHE_DIR": str(cache)}
    proc = subprocess.Popen([sys.executable, "-m", "xhht_cli", "serve", "--no-browser"], cwd=tmp, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    found = re.search(r"(http://127\.0\.0\.1:(\d+))/\?t=(\S+)", line)
    if not found:
        proc.kill()
        pytest.fail(f"xhht serve printed no address: {line!r} {proc.stderr.read()!r}")
    return {"origin": found.group(1), "port": found.group(2), "token": found.group(3), "proc": proc, "tmp": tmp}


def stop(info: dict) -> None:
    if info["proc"].poll() is None:
        info["proc"].kill()
        info["proc"].wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    info = start_server(tmp_path_factory.mktemp("serve"), tmp_path_factory.mktemp("cache"))
    yield info
    stop(info)


@pytest.fixture
def own_server(tmp_path_factory):
    """A server of the test's own, for the test that stops it (tests may run in any order, on two workers)."""
    info = start_server(tmp_path_factory.mktemp("serve"), tmp_path_factory.mktemp("cache"))
    yield info
    stop(info)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    downloads = tmp_path_factory.mktemp("tai-ve")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={WIDTH},{HEIGHT}", "--lang=vi", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.set_window_size(WIDTH, HEIGHT)
    # the page's own area is exactly a 1366×768 laptop screen (the window's frame is not part of it)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
    driver.downloads = downloads  # type: ignore[attr-defined]
    yield driver
    driver.quit()


def open_page(browser, server) -> None:
    browser.get(f"{server['origin']}/?t={server['token']}")
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.ID, "tinh"))


def press_compute(browser, kind: str = "mot-nam") -> str:
    browser.find_element(By.CSS_SELECTOR, f'input[name="loai"][value="{kind}"]').click()
    browser.find_element(By.ID, "tinh").click()
    WebDriverWait(browser, 120).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#ket-qua .bao-cao") or d.find_element(By.ID, "loi").is_displayed())
    assert not browser.find_element(By.ID, "loi").is_displayed(), browser.find_element(By.ID, "loi").text
    return browser.find_element(By.ID, "ket-qua").text


def wait_uploaded(browser, n: int) -> None:
    WebDriverWait(browser, 60).until(lambda d: f"Đã chọn {n} tệp" in d.find_element(By.ID, "da-chon").text)
    WebDriverWait(browser, 60).until(lambda d: d.find_element(By.ID, "tinh").is_enabled())


def download(browser, link_id: str, name: str) -> bytes:
    target = browser.downloads / name
    target.unlink(missing_ok=True)
    browser.find_element(By.ID, link_id).click()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if target.exists() and not list(browser.downloads.glob("*.crdownload")):
            return target.read_bytes()
        time.sleep(0.2)
    raise AssertionError(f"{name} was not downloaded")


def cli_output(tmp: Path, layout: dict[str, Path], args: list[str], out: str) -> bytes:
    """What the CLI writes, run in a folder holding the same files under the same relative names."""
    folder = tmp / "cli"
    shutil.rmtree(folder, ignore_errors=True)
    for rel, src in layout.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, folder / rel)
    here = os.getcwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(cli_app, [*args, "-o", str(tmp / out)], catch_exceptions=False)
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.output
    return (tmp / out).read_bytes()


def no_horizontal_scroll(browser) -> None:
    width = browser.execute_script("return document.documentElement.scrollWidth")
    inner = browser.execute_script("return document.documentElement.clientWidth")
    assert width <= inner, f"the page is {width}px wide in a {inner}px window"


def synthetic_files(paths: dict[str, Path]) -> list[dict[str, str]]:
    return [{"path": rel, "b64": base64.b64encode(src.read_bytes()).decode()} for rel, src in paths.items()]


MAKE_FILES = """
const items = arguments[0];
return items.map((it) => {
  const bytes = Uint8Array.from(atob(it.b64), (c) => c.charCodeAt(0));
  const f = new File([bytes], it.path.split('/').pop());
  Object.defineProperty(f, 'webkitRelativePath', {value: it.path});
  return f;
});
"""


# --- the tests ------------------------------------------------------------------------------------------------

def test_file_picker_report_figures_workbook_and_layout(browser, server, tmp_path):
    open_page(browser, server)
    files = sorted((SAMPLES / "2024").iterdir())
    browser.find_element(By.ID, "chon-tep").send_keys("\n".join(str(f) for f in files))
    wait_uploaded(browser, len(files))
    text = press_compute(browser)
    result = run([SAMPLES / "2024"], Options())
    rules = result.context.rules
    tables = browser.find_elements(By.CSS_SELECTOR, "#ket-qua table.muc-tieu")
    assert tables, "no targets table"
    area = {u.code for u in result.report.units if u.kind != "commune"}
    for row in result.report.targets:  # the plan's targets, as `xhht compute` states them
        if row.unit in area and not row.same_as:
            assert row.label in text and value_text(row, rules) in text and required_text(row, rules) in text
    levels = browser.find_element(By.CSS_SELECTOR, "#ket-qua table.muc-do").text
    for s in result.report.standards:
        assert next(u.name for u in result.report.units if u.code == s.unit) in levels
    no_horizontal_scroll(browser)
    from selenium.webdriver.common.print_page_options import PrintOptions

    a4 = PrintOptions()
    a4.orientation, a4.page_width, a4.page_height = "landscape", 21.0, 29.7
    pdf = base64.b64decode(browser.print_page(a4))  # the browser prints the report on A4
    assert pdf[:5] == b"%PDF-" and pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 3
    shot = os.environ.get("XHHT_SCREENSHOT")
    browser.execute_script("window.scrollTo(0, 0)")
    browser.save_screenshot(str(tmp_path / "trang.png"))
    if shot:
        shutil.copy(tmp_path / "trang.png", ROOT / shot)
    got = download(browser, "tai-xlsx", "bao-cao.xlsx")
    want = cli_output(tmp_path, {f.name: f for f in files}, ["compute", "."], "cli.xlsx")
    assert got == want


def test_folder_picker_keeps_relative_paths(browser, server, tmp_path):
    open_page(browser, server)
    browser.execute_script("document.getElementById('bo-tep').click()")
    WebDriverWait(browser, 20).until(lambda d: "Chưa có tệp" in d.find_element(By.ID, "da-chon").text)
    layout = {f"2024/{f.name}": f for f in sorted((SAMPLES / "2024").iterdir())}
    browser.execute_script("""
      const files = (function () {""" + MAKE_FILES + """}).apply(null, arguments);
      const input = document.getElementById('chon-thu-muc');
      Object.defineProperty(input, 'files', {value: files, configurable: true});
      input.dispatchEvent(new Event('change', {bubbles: true}));""", synthetic_files(layout))
    wait_uploaded(browser, len(layout))
    press_compute(browser)
    no_horizontal_scroll(browser)
    got = download(browser, "tai-xlsx", "bao-cao.xlsx")
    assert got == cli_output(tmp_path, layout, ["compute", "2024"], "cli.xlsx")


DROP = """
const files = (function () {""" + MAKE_FILES + """}).apply(null, [arguments[0]]);
// a folder tree of entries, as Chromium gives for a dropped folder (webkitGetAsEntry)
function dir(name, children) {
  return {isFile: false, isDirectory: true, name: name, createReader() {
    let given = false;
    return {readEntries(ok) { const out = given ? [] : children; given = true; setTimeout(() => ok(out), 0); }};
  }};
}
function file(f) { return {isFile: true, isDirectory: false, name: f.name, file(ok) { setTimeout(() => ok(f), 0); }}; }
const root = {};
files.forEach((f) => {
  const parts = f.webkitRelativePath.split('/');
  let node = root;
  parts.slice(0, -1).forEach((p) => { node[p] = node[p] || {}; node = node[p]; });
  node[parts[parts.length - 1]] = f;
});
function build(name, node) {
  return dir(name, Object.keys(node).map((k) => node[k] instanceof File ? file(node[k]) : build(k, node[k])));
}
const tops = Object.keys(root).map((k) => build(k, root[k]));
const ev = new Event('drop', {bubbles: true, cancelable: true});
Object.defineProperty(ev, 'dataTransfer', {value: {items: tops.map((t) => ({webkitGetAsEntry: () => t})), files: []}});
document.getElementById('vung-tha').dispatchEvent(ev);
"""


def test_drag_and_drop_of_year_folders_gives_the_trend_and_its_workbook(browser, server, tmp_path):
    open_page(browser, server)
    browser.execute_script("document.getElementById('bo-tep').click()")
    WebDriverWait(browser, 20).until(lambda d: "Chưa có tệp" in d.find_element(By.ID, "da-chon").text)
    layout = {f"ben-cat/{y}/{f.name}": f for y in ("2022", "2023", "2024") for f in sorted((SAMPLES / y).iterdir())}
    browser.execute_script(DROP, synthetic_files(layout))
    wait_uploaded(browser, len(layout))
    text = press_compute(browser, "xu-huong")
    assert "xu hướng qua các năm" in text and "2022, 2023, 2024" in text
    no_horizontal_scroll(browser)
    got = download(browser, "tai-xu-huong-xlsx", "xu-huong.xlsx")
    assert got == cli_output(tmp_path, layout, ["trend", "ben-cat"], "cli-trend.xlsx")


def test_token_and_host_in_the_browser(browser, server):
    browser.delete_all_cookies()
    browser.get(f"{server['origin']}/")
    assert "thiếu mã truy cập" in browser.find_element(By.TAG_NAME, "body").text
    browser.get(f"{server['origin']}/tep-tinh/trang.js")
    assert "thiếu mã truy cập" in browser.find_element(By.TAG_NAME, "body").text
    browser.get(f"http://localhost:{server['port']}/?t={server['token']}")  # another Host: refused
    assert "Địa chỉ không hợp lệ" in browser.find_element(By.TAG_NAME, "body").text


def test_done_button_deletes_then_ctrl_c_ends_with_130(browser, own_server):
    server = own_server
    open_page(browser, server)
    before = set(server["tmp"].rglob("*"))
    files = sorted((SAMPLES / "2024").iterdir())[:2]
    browser.find_element(By.ID, "chon-tep").send_keys("\n".join(str(f) for f in files))
    wait_uploaded(browser, 2)
    uploaded = [p for p in set(server["tmp"].rglob("*.xlsx")) - before]
    assert len(uploaded) == 2
    browser.find_element(By.ID, "xong").click()
    WebDriverWait(browser, 20).until(lambda d: "Đã xóa" in d.find_element(By.ID, "chu-tien-do").text)
    assert not [p for p in uploaded if p.exists()]
    proc = server["proc"]
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert not [p for p in server["tmp"].iterdir() if p.name.startswith("xhht-trang-")]
    assert "Traceback" not in err and "xa-an" not in err + out
