"""The CLI through Typer's runner, stdout and stderr apart: exit codes, JSON equal to the library's
result, files written only on success."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import survey_folder
from typer.testing import CliRunner

from xhht_cli import Options, compute
from xhht_cli.cli import app

HEADER = "Xã/Phường,Năm sinh,Giới tính,Tình trạng cư trú,Đang học,Lớp đã học xong,Bằng tốt nghiệp,Trình độ chuyên môn\n"
ROWS = [
    "Xã An,2019,Nam,Đang ở,MG 5T,,,",  # 5 years old, attending
    "Xã An,2018,Nữ,Đang ở,1,,MN,",  # 6, grade 1, completed preschool
    "Xã An,1990,Nữ,Đang ở,,12,THPT,Đại học",  # 34, literate, university
    "Xã Bình,1980,Nam,Đang ở,,9,THCS,",  # 44, literate, untrained
    "Xã Bình,2000,Nam,Chuyển đi,,12,THPT,Trung cấp",  # moved away: out of every denominator
]


@pytest.fixture()
def survey(tmp_path: Path) -> Path:
    return survey_folder(tmp_path, HEADER + "\n".join(ROWS) + "\n")


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("xhht ")


def test_json_on_stdout_equals_library_result(survey: Path) -> None:
    result = run("compute", str(survey), "--format", "json")
    assert result.exit_code == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed == json.loads(compute([survey], Options()).to_json())
    assert printed["schema_version"] == 1
    assert printed["year"] == 2024  # from the folder name
    assert [u["code"] for u in printed["units"]] == ["Xã An", "Xã Bình", "Thị xã Bến Cát"]


def test_same_input_same_bytes(survey: Path) -> None:
    assert run("compute", str(survey), "-f", "json").stdout == run("compute", str(survey), "-f", "json").stdout


def test_terminal_report_in_vietnamese(survey: Path) -> None:
    result = run("compute", str(survey))
    assert result.exit_code == 0
    assert "Mục tiêu của kế hoạch" in result.stdout
    assert "Mức đạt chuẩn PCGD–XMC" in result.stdout


def test_quiet_prints_nothing_on_stderr(survey: Path) -> None:
    result = run("compute", str(survey), "-q", "-f", "json")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert json.loads(result.stdout)["year"] == 2024


def test_csv_output_file_has_bom_and_stdout_csv_has_none(survey: Path, tmp_path: Path) -> None:
    out = tmp_path / "gaps.csv"
    result = run("compute", str(survey), "--output", str(out))
    assert result.exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "ll_university_15plus" in data.decode("utf-8-sig")
    plain = run("compute", str(survey), "-f", "csv").stdout
    assert plain.startswith("target,clause,year,unit")


def test_unsupported_output_is_a_usage_error(survey: Path, tmp_path: Path) -> None:
    result = run("compute", str(survey), "--output", str(tmp_path / "r.txt"))
    assert result.exit_code == 2
    assert not (tmp_path / "r.txt").exists()


def test_unknown_option_is_a_usage_error(survey: Path) -> None:
    assert run("compute", str(survey), "--no-such-option").exit_code == 2


def test_missing_file_is_a_data_error_without_traceback(tmp_path: Path) -> None:
    result = run("compute", str(tmp_path / "nope.xlsx"))
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "nope.xlsx" in result.stderr
    assert "Traceback" not in result.stderr


def test_data_error_as_json_on_stderr(tmp_path: Path) -> None:
    folder = tmp_path / "2024"
    folder.mkdir()
    (folder / "x.csv").write_text("Cột A,Cột B\n1,2\n", encoding="utf-8")
    out = tmp_path / "report.json"
    result = run("compute", str(folder), "-f", "json", "--output", str(out))
    assert result.exit_code == 3
    assert result.stdout == ""
    payload = json.loads(result.stderr)
    assert payload["schema_version"] == 1
    assert payload["messages"][0]["severity"] == "error"
    assert not out.exists()


def test_unknown_year_is_a_data_error(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text(HEADER + ROWS[0] + "\n", encoding="utf-8")
    result = run("compute", str(tmp_path / "d.csv"))
    assert result.exit_code == 3
    assert "--year" in result.stderr


def test_bad_plan_is_a_data_error(survey: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("plan: {id: x, title: y, years: [2025]}\ntargets:\n  - id: t\n    kind: rate\n"
                    "    indicator: no_such_indicator\n    years: [{year: 2025, clause: a, label: b, required: 0.5}]\n",
                    encoding="utf-8")
    result = run("compute", str(survey), "--plan", str(plan))
    assert result.exit_code == 3
    assert "no_such_indicator" in result.stderr


def _plan(tmp_path: Path, required: float) -> Path:
    plan = tmp_path / f"plan-{required}.yaml"
    plan.write_text("plan: {id: p, title: Kế hoạch thử, area: Khu thử, years: [2025]}\ntargets:\n"
                    "  - id: uni\n    kind: rate\n    indicator: ll_university_15plus\n"
                    f"    years: [{{year: 2025, clause: II.2.a, label: đại học, required: {required}}}]\n",
                    encoding="utf-8")
    return plan


def test_check_exit_4_when_area_target_missed(survey: Path, tmp_path: Path) -> None:
    # residents 15+: the 34- and 44-year-olds (the moved-away person is out) → 1 of 2 with university = 50%
    result = run("compute", str(survey), "--plan", str(_plan(tmp_path, 0.6)), "--check", "-f", "json")
    assert result.exit_code == 4
    # the failing target by its label, value and requirement (no internal id)
    assert "đại học (Khu thử, 2025): Chưa đạt — hiện tại 50,00%, yêu cầu 60,00%" in result.stderr
    area = next(r for r in json.loads(result.stdout)["targets"] if r["unit"] == "Khu thử")
    assert (area["value"], area["needed"]) == (0.5, 1)  # the report is still printed; ⌈0.6 × 2⌉ − 1 = 1


def test_check_exit_0_when_area_target_met(survey: Path, tmp_path: Path) -> None:
    result = run("compute", str(survey), "--plan", str(_plan(tmp_path, 0.5)), "--check", "-f", "json")
    assert result.exit_code == 0


def test_targets_and_standards_commands() -> None:
    t = run("targets")
    assert t.exit_code == 0 and "II.2.a" in t.stdout
    s = run("standards")
    # labels and Vietnamese sources, never ids or English (issue 11); the table may fold a label across lines
    assert s.exit_code == 0 and "Thanh thiếu" in s.stdout and "chưa đối chiếu" in s.stdout
    assert "thcs_graduated_15_18" not in s.stdout and "peer" not in s.stdout
    assert "27 ngưỡng chưa đối chiếu với văn bản tiếng Việt" in s.stdout  # 28 before XMC MĐ1 was quoted
    j = json.loads(run("standards", "-f", "json").stdout)
    assert [x["id"] for x in j["standards"]] == ["pcgd_mn5", "pcgd_mn4", "pcgd_mn3_5", "pcgd_th", "pcgd_thcs", "xmc"]


def test_output_file_gets_the_usual_permissions(survey: Path, tmp_path: Path) -> None:
    import os

    out = tmp_path / "report.json"
    assert run("compute", str(survey), "--output", str(out)).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # not the 0600 of a temporary file


def test_every_command_is_documented_in_the_readme() -> None:
    import typer.main

    root = Path(__file__).resolve().parents[1]
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert commands, "no commands found"
    names = []
    for name, command in commands.items():
        names.append(name)
        names += [f"{name} {sub}" for sub in getattr(command, "commands", {})]  # groups: `xhht plan new`
    for readme in ("README.md", "README.en.md"):  # the officers' README and the analysts'
        text = (root / readme).read_text(encoding="utf-8")
        for name in names:
            assert f"xhht {name}" in text, f"{readme} does not show `xhht {name}`"
