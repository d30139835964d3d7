"""Outputs never destroy an input and never leave a half-written or temporary file (issue 10 items 1, 2).

Every case asserts the exit code, one message and no traceback, no temporary file, and inputs byte-identical.
What needs Windows is simulated: an `os.replace` that raises PermissionError as Windows does when Excel holds
the file, and path comparison through `PureWindowsPath`.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest
from helpers import survey_folder
from typer.testing import CliRunner

from xhht_cli.cli import app
from xhht_cli.io import writer
from xhht_cli.io.writer import is_below, same_path

HEADER = "Xã/Phường,Năm sinh,Giới tính,Tình trạng cư trú,Đang học,Lớp đã học xong,Bằng tốt nghiệp,Trình độ chuyên môn\n"
ROWS = "Xã An,2019,Nam,Đang ở,MG 5T,,,\nXã An,1990,Nữ,Đang ở,,12,THPT,Đại học\nXã Bình,1980,Nam,Đang ở,,9,THCS,\n"


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    return survey_folder(tmp_path, HEADER + ROWS)


def snapshot(*roots: Path) -> dict[str, bytes]:
    """Every file below the roots, by path: inputs must come out byte-identical, and nothing else appear."""
    found = {}
    for root in roots:
        for p in sorted(root.rglob("*")):
            if p.is_file() and not p.is_symlink():
                found[str(p)] = p.read_bytes()
    return found


def cli(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def no_temp(folder: Path) -> bool:
    return not [p for p in folder.rglob("*.tmp")]


# --- comparing paths -----------------------------------------------------------------------------------------

def test_windows_paths_compare_without_case():
    a, b = PureWindowsPath(r"C:\Dữ liệu\2024\Dieu-Tra.CSV"), PureWindowsPath("c:/dữ liệu/2024/dieu-tra.csv")
    assert same_path(a, b, windows=True)
    assert is_below(b, PureWindowsPath(r"C:\DỮ LIỆU"), windows=True)
    assert not is_below(PureWindowsPath(r"C:\Dữ liệu 2\x.csv"), PureWindowsPath(r"C:\Dữ liệu"), windows=True)


def test_posix_paths_compare_with_case():
    assert not same_path(PurePosixPath("/d/A.csv"), PurePosixPath("/d/a.csv"), windows=False)
    assert is_below(PurePosixPath("/d/2024/x.csv"), PurePosixPath("/d"), windows=False)
    assert not is_below(PurePosixPath("/d"), PurePosixPath("/d"), windows=False)


# --- refused before anything is read: exit 2 ---------------------------------------------------------------

def refused(data: Path, tmp_path: Path, *args: str) -> str:
    before = snapshot(tmp_path)
    result = cli("compute", str(data), *args)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert snapshot(tmp_path) == before  # inputs byte-identical, nothing written, no temporary file
    return result.stderr


def test_output_is_the_input_file(data: Path, tmp_path: Path):
    survey = data / "dieu-tra.csv"
    before = snapshot(tmp_path)
    result = cli("compute", str(survey), "--year", "2024", "-o", str(survey))
    assert result.exit_code == 2 and "tệp đầu vào" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(tmp_path) == before


def test_output_is_a_link_to_the_input(data: Path, tmp_path: Path):
    link = tmp_path / "bao-cao.csv"
    link.symlink_to(data / "dieu-tra.csv")
    assert "dieu-tra.csv" in refused(data, tmp_path, "-o", str(link))


def test_output_inside_an_input_folder_with_a_read_suffix(data: Path, tmp_path: Path):
    assert "thư mục đầu vào" in refused(data, tmp_path, "-o", str(data / "bao-cao.csv"))
    assert "thư mục đầu vào" in refused(data, tmp_path, "--messages", str(data / "sub" / ".." / "m.csv"))
    assert "thư mục đầu vào" in refused(data, tmp_path, "--list-persons", str(data / "ds.xlsx"))


def test_a_json_report_inside_the_input_folder_is_allowed_for_compute(data: Path):
    # compute never reads .json from a folder; trend does (below)
    assert cli("compute", str(data), "-q", "-o", str(data / "bao-cao.json")).exit_code == 0


def test_trend_refuses_json_inside_its_input_folder(data: Path, tmp_path: Path):
    before = snapshot(tmp_path)
    result = cli("trend", str(tmp_path), "-o", str(tmp_path / "xu-huong.json"))
    assert result.exit_code == 2 and "thư mục đầu vào" in result.stderr
    assert snapshot(tmp_path) == before


def test_dev_null(data: Path, tmp_path: Path):
    assert "thiết bị" in refused(data, tmp_path, "-o", "/dev/null")
    assert "thiết bị" in refused(data, tmp_path, "--messages", "/dev/null")


def test_a_folder(data: Path, tmp_path: Path):
    (tmp_path / "r.json").mkdir()
    assert "thư mục" in refused(data, tmp_path, "-o", str(tmp_path / "r.json"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo(data: Path, tmp_path: Path):
    os.mkfifo(tmp_path / "r.csv")
    before = snapshot(data)
    result = cli("compute", str(data), "-o", str(tmp_path / "r.csv"))
    assert result.exit_code == 2 and "FIFO" in result.stderr
    assert snapshot(data) == before and (tmp_path / "r.csv").is_fifo()


def test_the_same_output_twice(data: Path, tmp_path: Path):
    out = str(tmp_path / "r.csv")
    assert "--output" in refused(data, tmp_path, "-o", out, "--messages", out)


def test_a_folder_that_does_not_exist(data: Path, tmp_path: Path):
    assert "không tồn tại" in refused(data, tmp_path, "-o", str(tmp_path / "khong-co" / "r.xlsx"))


def test_xlsx_without_output_is_refused_before_reading(tmp_path: Path):
    result = cli("compute", str(tmp_path / "khong-co"), "-f", "xlsx")
    assert result.exit_code == 2  # not 3: the missing input was never looked at
    assert "--output" in result.stderr


# --- a file that cannot be written: exit 5 ---------------------------------------------------------------

def failing_write(data: Path, tmp_path: Path, monkeypatch, where: str, exc: OSError, *args: str) -> str:
    out = tmp_path / "bao-cao.xlsx"
    out.write_bytes(b"the report of yesterday")
    real = getattr(os, where)

    def broken(*a, **k):
        if where == "replace" or (where == "fsync"):
            raise exc
        return real(*a, **k)

    monkeypatch.setattr(writer.os, where, broken)
    before = snapshot(data)
    result = cli("compute", str(data), "-o", str(out), *args)
    assert result.exit_code == 5, result.stderr
    assert "Traceback" not in result.stderr
    assert str(out) in result.stderr
    assert out.read_bytes() == b"the report of yesterday"  # nothing half-written
    assert no_temp(tmp_path) and snapshot(data) == before
    return result.stderr


def test_file_open_in_excel_on_windows(data: Path, tmp_path: Path, monkeypatch):
    # Windows refuses to replace a file Excel holds open: PermissionError [WinError 32]
    err = failing_write(data, tmp_path, monkeypatch, "replace", PermissionError(errno.EACCES, "Access is denied"))
    assert "Tệp đang mở trong Excel? Đóng tệp rồi chạy lại." in err


def test_disk_full(data: Path, tmp_path: Path, monkeypatch):
    err = failing_write(data, tmp_path, monkeypatch, "fsync", OSError(errno.ENOSPC, "No space left on device"))
    assert "ổ đĩa đã đầy" in err


def test_quota_exceeded(data: Path, tmp_path: Path, monkeypatch):
    err = failing_write(data, tmp_path, monkeypatch, "fsync", OSError(errno.EDQUOT, "Disk quota exceeded"))
    assert "hạn mức" in err


def test_read_only_folder(data: Path, tmp_path: Path, monkeypatch):
    # as root chmod cannot make a folder read-only, so the refusal is simulated where the writer meets it
    def refuse(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(writer.tempfile, "mkstemp", refuse)
    result = cli("compute", str(data), "-o", str(tmp_path / "r.json"))
    assert result.exit_code == 5 and "quyền ghi" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "r.json").exists() and no_temp(tmp_path)


def test_exit_5_wins_over_4(data: Path, tmp_path: Path, monkeypatch):
    plan = tmp_path / "plan.yaml"
    plan.write_text("plan: {id: p, title: Kế hoạch thử, area: Khu thử, years: [2025]}\ntargets:\n"
                    "  - id: uni\n    kind: rate\n    indicator: ll_university_15plus\n"
                    "    years: [{year: 2025, clause: II.2.a, label: đại học, required: 0.9}]\n", encoding="utf-8")
    messages = tmp_path / "m.csv"
    assert cli("compute", str(data), "--plan", str(plan), "--check", "--messages", str(messages)).exit_code == 4
    assert messages.exists()  # written on exit 4
    messages.unlink()

    def locked(*a, **k):
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(writer.os, "replace", locked)
    result = cli("compute", str(data), "--plan", str(plan), "--check", "-o", str(tmp_path / "r.xlsx"))
    assert result.exit_code == 5 and no_temp(tmp_path)


def test_messages_written_on_a_data_error(tmp_path: Path):
    folder = tmp_path / "2024"
    folder.mkdir()
    (folder / "x.csv").write_text("Cột A,Cột B\n1,2\n", encoding="utf-8")
    messages, out = tmp_path / "m.csv", tmp_path / "r.xlsx"
    result = cli("compute", str(folder), "-o", str(out), "--messages", str(messages), "--list-persons",
                 str(tmp_path / "p.csv"))
    assert result.exit_code == 3
    assert messages.read_text(encoding="utf-8-sig").startswith("severity,code,file")
    assert not out.exists() and not (tmp_path / "p.csv").exists()  # 3: no report and no persons list


# --- interruptions -------------------------------------------------------------------------------------------

def test_ctrl_c_is_exit_130_with_one_line(data: Path, tmp_path: Path, monkeypatch):
    def interrupt(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(writer.os, "fsync", interrupt)
    result = cli("compute", str(data), "-o", str(tmp_path / "r.xlsx"))
    assert result.exit_code == 130
    assert result.stderr.strip() == "Đã dừng theo yêu cầu (Ctrl-C)."
    assert not (tmp_path / "r.xlsx").exists() and no_temp(tmp_path)


SIGTERM_DURING_WRITE = """
import os, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # a background job may start with Ctrl-C ignored
from xhht_cli.io import writer
real = os.fsync
def fsync(fd):
    os.kill(os.getpid(), signal.SIGTERM)  # the signal arrives while the temporary file is open
    real(fd)
writer.os.fsync = fsync
sys.argv = ["xhht", "compute", sys.argv[1], "-o", sys.argv[2]]
from xhht_cli.cli import main
main()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX")
def test_sigterm_during_a_write_leaves_no_temporary_file(data: Path, tmp_path: Path):
    out = tmp_path / "r.xlsx"
    before = snapshot(data)
    done = subprocess.run([sys.executable, "-c", SIGTERM_DURING_WRITE, str(data), str(out)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 143, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.strip() == "Đã dừng vì nhận tín hiệu kết thúc."
    assert not out.exists() and no_temp(tmp_path) and snapshot(data) == before


def test_an_internal_error_while_rendering_is_exit_1_with_a_hint(data: Path, monkeypatch):
    import xhht_cli.render.terminal as terminal

    def broken(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(terminal, "render", broken)
    result = cli("compute", str(data))
    assert result.exit_code == 1
    assert "--debug" in result.stderr and "Traceback" not in result.stderr and "boom" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    debug = cli("compute", str(data), "--debug")
    assert debug.exit_code == 1 and "Traceback" in debug.stderr and "boom" in debug.stderr


def test_usage_error_as_json_when_json_was_asked(data: Path):
    result = cli("compute", str(data), "-f", "json", "-o", "/dev/null")
    assert result.exit_code == 2
    assert json.loads(result.stderr)["messages"][0]["code"] == "usage"


def test_exit_5_as_json_when_json_was_asked(data: Path, tmp_path: Path, monkeypatch):
    def locked(*a, **k):
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(writer.os, "replace", locked)
    out = tmp_path / "r.json"
    result = cli("compute", str(data), "-f", "json", "-o", str(out))
    assert result.exit_code == 5
    message = json.loads(result.stderr)["messages"][0]
    assert message["code"] == "output-not-written" and message["file"] == str(out)
    assert "Excel" in message["message"]


@pytest.mark.skipif(sys.platform == "win32", reason="signals are simulated differently on Windows")
def test_sigint_in_a_real_process_is_exit_130(data: Path, tmp_path: Path):
    out = tmp_path / "r.xlsx"
    script = SIGTERM_DURING_WRITE.replace("signal.SIGTERM", "signal.SIGINT")
    done = subprocess.run([sys.executable, "-c", script, str(data), str(out)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.strip() == "Đã dừng theo yêu cầu (Ctrl-C)."
    assert not out.exists() and no_temp(tmp_path)
