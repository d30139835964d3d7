"""The command line as people meet it: Vietnamese help and usage errors, shared options on every reading
command, formats honoured or not offered, what happened said on stderr, UTF-8 when redirected, text from
files printed literally, and `--help`/`--version` without pandas (issue 9 item 4, issue 10 item 5, issue 12)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import P, survey_folder, write_people, write_units
from typer.testing import CliRunner

from xhht_cli.cli import app
from xhht_cli.render.console import ensure_utf8, sanitize

ROOT = Path(__file__).resolve().parents[1]
HEADER = "Xã/Phường,Năm sinh,Giới tính,Tình trạng cư trú,Đang học,Lớp đã học xong,Bằng tốt nghiệp,Trình độ chuyên môn\n"
ROWS = "Xã An,2019,Nam,Đang ở,MG 5T,,,\nXã An,1990,Nữ,Đang ở,,12,THPT,Đại học\nXã Bình,1980,Nam,Đang ở,,9,THCS,\n"


def cli(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    return survey_folder(tmp_path, HEADER + ROWS)


# --- help and usage errors in Vietnamese -----------------------------------------------------------------

COMMANDS = ["compute", "validate", "trend", "template", "targets", "standards"]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_pages_are_vietnamese_with_an_example(command: str | None):
    result = cli(*([command] if command else []), "--help")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Cách dùng: xhht") and "Ví dụ:\n  xhht " in out
    assert "Hiện hướng dẫn này rồi thoát." in out
    for notation in ("Usage:", "Options", "Show this message", "[default", "<list[Path]>", "<path>", "<bool>",
                     "/ --no-", "[required]"):
        assert notation not in out, notation


def test_unknown_option_with_its_suggestion(data: Path):
    result = cli("compute", str(data), "--ouput", "r.xlsx")
    assert result.exit_code == 2 and result.stdout == ""
    assert "Không có tùy chọn --ouput. Ý bạn là --output?" in result.stderr


def test_missing_argument(data: Path):
    result = cli("compute")
    assert result.exit_code == 2 and "Thiếu ĐƯỜNG_DẪN" in result.stderr and "Missing" not in result.stderr


def test_bad_value_lists_the_allowed_ones(data: Path):
    result = cli("compute", str(data), "--ppc", "tat-ca")
    assert result.exit_code == 2
    assert "--ppc: chỉ được chọn all_disabled, disabled_unable_only." in result.stderr
    assert "cần một số từ 1990 đến 2100" in cli("compute", str(data), "--year", "3000").stderr


def test_unknown_command_suggests_the_nearest():
    result = cli("comput")
    assert result.exit_code == 2 and "Không có lệnh comput. Ý bạn là compute?" in result.stderr


def test_target_year_not_in_the_plan_is_a_usage_error(tmp_path: Path):
    # decided before reading: the data folder does not even exist
    result = cli("compute", str(tmp_path / "khong-co"), "--target-year", "2027")
    assert result.exit_code == 2 and "2025, 2030" in result.stderr


# --- one set of reading options for every reading command -------------------------------------------------

OPTIONS = [
    ("--plan", str(ROOT / "data" / "targets.yaml")),
    ("--standards", str(ROOT / "data" / "standards.yaml")),
    ("--ppc", "disabled_unable_only"),
    ("--strict",),
    ("-q",),
    ("--debug",),
]


@pytest.mark.parametrize("command", ["compute", "validate", "trend"])
@pytest.mark.parametrize("option", OPTIONS, ids=lambda o: o[0])
def test_every_reading_command_takes_the_shared_options(command: str, option: tuple[str, ...], data: Path):
    result = cli(command, str(data), "-f", "json", *option)
    assert result.exit_code in (0, 3), result.stderr  # accepted: never a usage error
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["compute", "validate", "trend"])
def test_every_reading_command_takes_columns(command: str, data: Path, tmp_path: Path):
    columns = tmp_path / "cot.yaml"
    columns.write_text("survey:\n  birth_year: [Năm sinh]\n", encoding="utf-8")
    result = cli(command, str(data), "-f", "json", "--columns", str(columns))
    assert result.exit_code in (0, 3), result.stderr


def test_validate_honours_csv_and_json(data: Path):
    csv_out = cli("validate", str(data), "-f", "csv")
    assert csv_out.exit_code == 0 and csv_out.stdout.startswith("severity,code,file,sheet,row,column,message")
    payload = json.loads(cli("validate", str(data), "-f", "json").stdout)
    assert payload["schema_version"] == 1 and isinstance(payload["messages"], list)


@pytest.mark.parametrize("command", ["targets", "standards"])
def test_reference_tables_offer_only_what_they_produce(command: str):
    assert cli(command, "-f", "csv").exit_code == 2
    assert json.loads(cli(command, "-f", "json").stdout)


# --- saying what happened ------------------------------------------------------------------------------

def test_after_writing_one_line_with_counts_and_where_to_read_them(data: Path, tmp_path: Path):
    out = tmp_path / "bao-cao.xlsx"
    result = cli("compute", str(data), "-o", str(out))
    assert result.exit_code == 0
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith(f"Đã ghi {out}: 0 lỗi, ") and "cảnh báo" in line and "«Ghi chú»" in line
    messages = tmp_path / "m.csv"
    line = cli("compute", str(data), "-o", str(out), "--messages", str(messages)).stderr.strip().splitlines()[-1]
    assert f"(xem tệp {messages})" in line


def test_quiet_says_nothing(data: Path, tmp_path: Path):
    result = cli("compute", str(data), "-q", "-o", str(tmp_path / "r.json"))
    assert result.exit_code == 0 and result.stderr == ""


# --- text from files is data -------------------------------------------------------------------------------

def test_markup_and_escape_sequences_in_a_unit_name_print_literally(tmp_path: Path):
    folder = tmp_path / "2024"
    folder.mkdir()
    write_units(folder, [{"code": "A", "name": "Xã [/]Đỏ [bold]\x1b[31mHồng\x1b[0m"}])
    write_people(folder, [P(5, "A", current="MG 5T"), P(30, "A", done=12)])
    result = cli("compute", str(folder))
    assert result.exit_code == 0, result.stderr
    assert "Xã [/]Đỏ [bold]Hồng" in result.stdout
    assert "\x1b" not in result.stdout and "\x1b" not in result.stderr


def test_sanitize():
    assert sanitize("a\x1b[31mb\x1b]0;title\x07c\x00d\te\nf") == "abcd e f"
    assert sanitize("[bold]x[/]") == "[bold]x[/]"


# --- encoding ----------------------------------------------------------------------------------------------

def test_a_redirected_cp1252_stream_becomes_utf8():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252")  # a Windows console code page, redirected with >
    ensure_utf8(stream)
    stream.write("Phổ cập giáo dục – Mỹ Phước")
    stream.flush()
    assert raw.getvalue().decode("utf-8") == "Phổ cập giáo dục – Mỹ Phước"


# --- light start -------------------------------------------------------------------------------------------

LOADED = """
import sys
from xhht_cli.cli import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
print(sorted(m for m in ("pandas", "pyarrow", "fastexcel", "openpyxl", "xlsxwriter", "pydantic") if m in sys.modules))
"""


@pytest.mark.parametrize(("args", "loaded"), [(["--version"], "[]"), (["--help"], "[]"),
                                             # typer builds a command's parameters with pydantic: not ours
                                             (["compute", "--help"], "['pydantic']")])
def test_version_and_help_do_not_import_pandas(args: list[str], loaded: str):
    done = subprocess.run([sys.executable, "-c", LOADED, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == loaded


def test_progress_bar_over_the_files_on_a_terminal_only():
    from rich.console import Console

    from xhht_cli.cli.deliver import progress_bar

    piped = Console(file=io.StringIO(), force_terminal=False)
    with progress_bar(piped, lambda: 3) as show:
        assert show is None  # nothing on a pipe or a file
    seen = io.StringIO()
    terminal = Console(file=seen, force_terminal=True, width=80)
    with progress_bar(terminal, lambda: 3) as show:
        assert show is not None
        for name in ("a.xlsx", "b.xlsx", "c.xlsx"):
            show(name)
    assert "3/3" in seen.getvalue()


def test_commands_registered_by_other_modules_get_vietnamese_help():
    import typer

    from xhht_cli.cli.usage import XhhtGroup

    other = typer.Typer(cls=XhhtGroup, add_completion=False)

    @other.command("plan", epilog="xhht plan check ke-hoach.yaml")
    def plan(file: str = typer.Argument(..., metavar="TỆP", help="Tệp kế hoạch.")) -> None:
        """Kiểm tra một tệp kế hoạch."""

    @other.command("cache")
    def cache() -> None:
        """Xóa bộ nhớ đệm."""

    result = CliRunner().invoke(other, ["plan", "--help"])
    assert result.exit_code == 0 and result.stdout.startswith("Cách dùng:") and "Hiện hướng dẫn" in result.stdout
    wrong = CliRunner().invoke(other, ["plan", "--sai"])
    assert wrong.exit_code == 2 and "Không có tùy chọn --sai." in wrong.stderr


@pytest.mark.parametrize("encoding", [None, "utf-8-sig"])
def test_json_on_the_real_stdout_is_the_files_bytes(data: Path, tmp_path: Path, encoding: str | None):
    """JSON goes to the interpreter's stdout as bytes when the text stream would write the same (deliver.
    _to_stdout); a stream that writes otherwise (here a BOM first) keeps the text path."""
    import os

    env = {**os.environ, **({"PYTHONIOENCODING": encoding} if encoding else {})}
    out = tmp_path / "r.json"
    base = [sys.executable, "-m", "xhht_cli", "compute", str(data), "--year", "2024", "-f", "json", "-q"]
    assert subprocess.run([*base, "--output", str(out)], capture_output=True, timeout=120, env=env).returncode == 0
    done = subprocess.run(base, capture_output=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (b"\xef\xbb\xbf" if encoding else b"") + out.read_bytes()
