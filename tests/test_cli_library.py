"""The CLI is a thin shell: for each option group its JSON equals the library's answer for the same options
(as frictionless tests its CLI against its library)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xhht_cli import Options, compute
from xhht_cli.cli import app

HEADER = "Đơn vị,Năm sinh dương lịch,Giới tính,Tình trạng cư trú,Đang học,Lớp đã học xong,Bằng tốt nghiệp,Khuyết tật," \
         "Có khả năng học tập\n"
ROWS = [
    "Xã An,2019,Nam,Đang ở,MG 5T,,,,",
    "Xã An,2018,Nữ,Đang ở,1,,MN,,",
    "Xã An,2008,Nữ,Đang ở,,9,THCS,,",
    "Xã An,2007,Nam,Đang ở,,7,,x,có",  # disabled and able to learn: in PPC only with disabled_unable_only
    "Xã Bình,2006,Nam,Đang ở,11,,THCS,,",
    "Xã Bình,2009,Nam,Đang ở,,8,,x,không",
    "Xã Bình,1990,Nữ,Đang ở,,12,THPT,,",
    "Xã Bình,1800x,Nam,Đang ở,,12,THPT,,",  # an unreadable birth year: a warning (an error with --strict)
]
COLUMNS_YAML = 'survey:\n  unit: ["Đơn vị"]\n  birth_year: ["Năm sinh dương lịch"]\n'


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    f = tmp_path / "2024"
    f.mkdir()
    (f / "dieu-tra.csv").write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    (tmp_path / "cot.yaml").write_text(COLUMNS_YAML, encoding="utf-8")
    return f


def _cli_json(*args: str) -> tuple[int, dict | None, str]:
    done = CliRunner().invoke(app, [*args, "--format", "json"], catch_exceptions=False)
    return done.exit_code, json.loads(done.stdout) if done.stdout.strip() else None, done.stderr


@pytest.mark.parametrize("ppc", ["all_disabled", "disabled_unable_only"])
def test_ppc_and_columns_equal_the_library(folder: Path, ppc: str) -> None:
    cols = folder.parent / "cot.yaml"
    code, cli, _ = _cli_json("compute", str(folder), "--ppc", ppc, "--columns", str(cols))
    assert code == 0
    lib = compute([folder], Options(ppc=ppc, columns=cols))
    assert cli == json.loads(lib.to_json())
    thcs = {(r["unit"]): r for r in cli["indicators"] if r["indicator"] == "thcs_graduated_15_18"}
    # Xã An 15–18: aged 16 (THCS diploma) and aged 17 disabled able to learn; Xã Bình: aged 18 in grade 11
    # (THCS diploma) and aged 15 disabled unable to learn.
    assert (thcs["Xã An"]["numerator"], thcs["Xã An"]["denominator"]) == ((1, 1) if ppc == "all_disabled" else (1, 2))
    assert (thcs["Xã Bình"]["numerator"], thcs["Xã Bình"]["denominator"]) == (1, 1)


def test_strict_equals_the_library(folder: Path) -> None:
    cols = folder.parent / "cot.yaml"
    code, cli, stderr = _cli_json("compute", str(folder), "--columns", str(cols))
    assert code == 0 and any(m["code"] == "bad-birth-year" for m in cli["messages"])
    code, cli, stderr = _cli_json("compute", str(folder), "--columns", str(cols), "--strict")
    assert code == 3 and cli is None
    errors = json.loads(stderr)["messages"]
    assert any(m["code"] == "bad-birth-year" and m["severity"] == "error" for m in errors)


def test_trend_equals_the_library() -> None:
    from xhht_cli.trend import TrendOptions, trend

    root = Path(__file__).resolve().parents[1] / "samples" / "ben-cat"
    code, cli, _ = _cli_json("trend", str(root / "2022"), str(root / "2023"))
    assert code == 0
    lib = trend([root / "2022", root / "2023"], TrendOptions())
    assert cli == json.loads(lib.model_dump_json())
    assert cli["years"] == [2022, 2023]
