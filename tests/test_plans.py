"""Plans for any district: bundled plans by name (`--plan ben-cat-68`, `--plan qd-1373`), `xhht plan new`
writing a commented plan an officer edits, and `xhht plan check` locating problems at their YAML line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import survey_folder
from typer.testing import CliRunner

from xhht_cli import Options, UsageError, XhhtError, compute, load_plan
from xhht_cli.cli import app
from xhht_cli.law.bundled import data_path

ROOT = Path(__file__).resolve().parents[1]
HEADER = "Xã/Phường,Năm sinh,Giới tính,Tình trạng cư trú,Đang học,Lớp đã học xong,Bằng tốt nghiệp,Trình độ chuyên môn\n"
ROWS = [
    "Xã An,2019,Nam,Đang ở,MG 5T,,,",  # 5 years old
    "Xã An,1990,Nữ,Đang ở,,12,THPT,Đại học",  # 34: 15+, trained (university)
    "Xã Bình,1980,Nam,Đang ở,,9,THCS,",  # 44: 15+, not trained
    "Xã Bình,2000,Nam,Chuyển đi,,12,THPT,Trung cấp",  # moved away: in no denominator
]


@pytest.fixture()
def survey(tmp_path: Path) -> Path:
    return survey_folder(tmp_path, HEADER + "\n".join(ROWS) + "\n")


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def line_of(text: str, fragment: str, after: str = "") -> int:
    """1-based line of the first line containing `fragment` (after the first line containing `after`)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and fragment in line) + 1


# --- bundled plans by name ---------------------------------------------------------------------------

def test_default_plan_is_ben_cat_68_and_its_path_still_works():
    by_name, default, by_path = load_plan("ben-cat-68"), load_plan(), load_plan(data_path("targets.yaml"))
    assert by_name == default == by_path
    assert default.plan.id == "68/KH-UBND"


def test_qd_1373_lines():
    plan = load_plan("qd-1373")
    assert plan.plan.id == "1373/QĐ-TTg" and plan.plan.years == [2030]
    got = {t.id: (t.kind, t.indicator, {y.year: y.required for y in t.years}) for t in plan.targets}
    assert got == {
        "ll_information_literacy": ("rate", "ll_information_literacy", {2030: 0.70}),
        "ll_life_skills": ("rate", "ll_life_skills", {2030: 0.70}),
        "ll_trained_15plus": ("rate", "ll_trained_15plus", {2030: 0.60}),
        "ll_university_15plus": ("rate", "ll_university_15plus", {2030: 0.15}),
        "inst_digital": ("rate", "inst_digital", {2030: 0.80}),
        "ll_learning_citizens": ("rate", "ll_learning_citizens", {2030: 0.60}),
    }


def test_qd_1373_keeps_unmeasured_lines_as_comments():
    text = data_path("plans", "qd-1373.yaml").read_text(encoding="utf-8")
    for fragment in ("90% cơ sở giáo dục đại học", "50% số huyện", "35% số tỉnh"):
        line = next(line for line in text.splitlines() if fragment in line)
        assert line.startswith("#"), fragment


def test_existing_file_wins_over_a_bundled_name(tmp_path, monkeypatch):
    own = (data_path("plans", "qd-1373.yaml").read_text(encoding="utf-8")
           .replace('id: "1373/QĐ-TTg"', 'id: "của tôi"'))
    (tmp_path / "qd-1373").write_text(own, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_plan("qd-1373").plan.id == "của tôi"


def test_unknown_name_is_a_usage_error_listing_the_names():
    with pytest.raises(UsageError) as e:
        load_plan("dau-tieng")
    assert "ben-cat-68" in str(e.value) and "qd-1373" in str(e.value)


@pytest.mark.parametrize("command", [["compute"], ["validate"], ["trend"], ["targets"]])
def test_cli_unknown_plan_name_exit_2(survey, command):
    args = command + ([str(survey)] if command != ["targets"] else []) + ["--plan", "dau-tieng"]
    result = run(*args)
    assert result.exit_code == 2, result.stderr
    assert "ben-cat-68" in result.stderr and "qd-1373" in result.stderr
    assert result.stdout == ""


def test_missing_yaml_path_stays_an_input_error(survey, tmp_path):
    result = run("compute", str(survey), "--plan", str(tmp_path / "khong-co.yaml"))
    assert result.exit_code == 3
    # in Vietnamese, no code and no English OS words ("No such file or directory")
    assert "Lỗi: khong-co.yaml" in " ".join(result.stderr.split()) or "khong-co.yaml" in result.stderr
    assert "không có tệp hay thư mục này" in " ".join(result.stderr.split())
    assert "plan-unreadable" not in result.stderr and "No such file" not in result.stderr


# --- qd-1373 evaluated ------------------------------------------------------------------------------

def test_qd_1373_on_a_tiny_survey(survey):
    result = run("compute", str(survey), "--plan", "qd-1373", "-f", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["plan"]["id"] == "1373/QĐ-TTg"
    assert {t["year"] for t in report["targets"]} == {2030}
    rows = {(t["target"], t["unit"]): t for t in report["targets"]}
    # residents 15+: the 34- and 44-year-olds; trained: one. 60% of 2 = 1.2 → 1 more person needed
    area = rows[("ll_trained_15plus", "Toàn địa bàn")]  # no units sheet: the plan's own area name
    assert (area["numerator"], area["denominator"], area["met"], area["needed"]) == (1, 2, False, 1)
    assert rows[("ll_trained_15plus", "Xã Bình")]["needed"] == 1  # 0 of 1: ⌈0.6⌉
    assert rows[("ll_trained_15plus", "Xã An")]["met"] is True  # 1 of 1
    # university: 1 of 2 = 50% ≥ 15%
    assert rows[("ll_university_15plus", "Toàn địa bàn")]["met"] is True


def test_qd_1373_check_uses_2030(survey):
    # survey 2024, the plan's only year 2030 is checked; trained 50% < 60% fails it
    result = run("compute", str(survey), "--plan", "qd-1373", "--check", "-f", "json")
    assert result.exit_code == 4
    assert "ll_trained_15plus" in result.stderr or "chuyên môn kỹ thuật" in result.stderr


def test_qd_1373_on_the_samples():
    report = compute([ROOT / "samples" / "ben-cat" / "2024"], Options(plan="qd-1373"))
    assert all(t.year == 2030 for t in report.targets)
    row = next(t for t in report.targets if t.target == "ll_university_15plus" and t.unit == "Thị xã Bến Cát")
    # 539 of 5.058 residents aged 15+ hold a university degree: 10,65%; 15% of 5.058 = 758,7 → 759 − 539 = 220
    assert (row.numerator, row.denominator) == (539, 5058)
    assert row.met is False and row.needed == 220
    assert row.required == pytest.approx(0.15)


# --- plan new / plan check ---------------------------------------------------------------------------

@pytest.mark.parametrize("source", ["ben-cat-68", "qd-1373"])
def test_plan_new_then_check_round_trip(tmp_path, source):
    path = tmp_path / "kế hoạch dầu tiếng.yaml"  # spaces and diacritics, as officers name files
    result = run("plan", "new", str(path), "--from", source, "--area", "Huyện Dầu Tiếng")
    assert result.exit_code == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert "# CÁCH SỬA TỆP NÀY" in text and "maintain" in text
    checked = run("plan", "check", str(path))
    assert checked.exit_code == 0, checked.stdout
    assert checked.stdout.startswith("0 lỗi, 0 cảnh báo")
    new, old = load_plan(path), load_plan(source)
    assert new.plan.area == "Huyện Dầu Tiếng" and new.plan.years == old.plan.years
    assert [t.model_dump() for t in new.targets] == [t.model_dump() for t in old.targets]


def test_plan_new_refuses_to_overwrite_without_force(tmp_path):
    path = tmp_path / "kh.yaml"
    path.write_text("của tôi", encoding="utf-8")
    result = run("plan", "new", str(path), "--from", "qd-1373", "--area", "Huyện X")
    assert result.exit_code == 2 and "--force" in result.stderr
    assert path.read_text(encoding="utf-8") == "của tôi"
    assert run("plan", "new", str(path), "--from", "qd-1373", "--area", "Huyện X", "--force").exit_code == 0
    assert load_plan(path).plan.area == "Huyện X"
    assert [p.name for p in tmp_path.iterdir()] == ["kh.yaml"]  # no temporary file left


def test_plan_new_unknown_source_exit_2(tmp_path):
    result = run("plan", "new", str(tmp_path / "kh.yaml"), "--from", "dau-tieng", "--area", "Huyện X")
    assert result.exit_code == 2 and "qd-1373" in result.stderr
    assert not (tmp_path / "kh.yaml").exists()


@pytest.fixture()
def new_plan(tmp_path) -> Path:
    path = tmp_path / "kh.yaml"
    assert run("plan", "new", str(path), "--from", "ben-cat-68", "--area", "Huyện X").exit_code == 0
    return path


def test_plan_check_reports_a_bad_share_at_its_line(new_plan):
    text = new_plan.read_text(encoding="utf-8").replace("required: 0.15", "required: 15", 1)
    new_plan.write_text(text, encoding="utf-8")
    bad = line_of(text, "required: 15")
    result = run("plan", "check", str(new_plan))
    assert result.exit_code == 3
    assert f"dòng {bad}:" in result.stdout
    assert "ll_university_15plus" in result.stdout and "từ 0 đến 1" in result.stdout
    as_json = json.loads(run("plan", "check", str(new_plan), "-f", "json").stdout)
    assert [(m["code"], m["row"]) for m in as_json["messages"]] == [("plan-invalid", bad)]


def test_plan_check_typo_key_and_unknown_indicator(new_plan):
    text = (new_plan.read_text(encoding="utf-8")
            .replace("indicator: ll_life_skills", "indicator: ll_life_skill", 1)
            .replace("        maintain: false", "        maintian: false", 1))
    new_plan.write_text(text, encoding="utf-8")
    result = run("plan", "check", str(new_plan), "-f", "json")
    assert result.exit_code == 3
    rows = {m["row"]: m["message"] for m in json.loads(result.stdout)["messages"]}
    assert "gõ nhầm" in rows[line_of(text, "maintian")]
    # the indicator is checked once the keys are right
    text = text.replace("maintian", "maintain")
    new_plan.write_text(text, encoding="utf-8")
    rows = {m["row"]: m["message"] for m in json.loads(run("plan", "check", str(new_plan), "-f", "json").stdout)
            ["messages"]}
    assert "ll_life_skill”" in rows[line_of(text, "indicator: ll_life_skill")]


def test_plan_check_duplicate_key_and_bad_yaml(new_plan):
    text = new_plan.read_text(encoding="utf-8")
    dup = text.replace("        required: 0.5\n", "        required: 0.5\n        required: 0.6\n", 1)
    new_plan.write_text(dup, encoding="utf-8")
    result = run("plan", "check", str(new_plan), "-f", "json")
    assert result.exit_code == 3
    assert [(m["code"], m["row"]) for m in json.loads(result.stdout)["messages"]] == [
        ("plan-duplicate-key", line_of(dup, "required: 0.6"))]
    tabbed = text.replace("        label:", "\tlabel:", 1)
    new_plan.write_text(tabbed, encoding="utf-8")
    result = run("plan", "check", str(new_plan))
    assert result.exit_code == 3 and "YAML không hợp lệ" in result.stdout
    assert f"dòng {line_of(tabbed, chr(9) + 'label:')}" in result.stdout


def test_plan_check_warns_when_label_and_figure_disagree(new_plan):
    text = new_plan.read_text(encoding="utf-8").replace("required: 0.15", "required: 0.2", 1)
    new_plan.write_text(text, encoding="utf-8")
    result = run("plan", "check", str(new_plan), "-f", "json")
    assert result.exit_code == 0
    (msg,) = json.loads(result.stdout)["messages"]
    assert msg["code"] == "plan-label-figure" and msg["severity"] == "warning"
    assert msg["row"] == line_of(text, "15% dân số có trình độ đại học")
    assert "15%" in msg["message"] and "20%" in msg["message"]
    assert "“Trong đó, 15% dân số có trình độ đại học trở lên” năm" in msg["message"]  # its words, not its id
    assert "ll_university" not in msg["message"]


def test_library_errors_carry_the_line(tmp_path):
    path = tmp_path / "kh.yaml"
    text = data_path("plans", "qd-1373.yaml").read_text(encoding="utf-8").replace("year: 2030", "year: 2031", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(XhhtError) as e:
        load_plan(path)
    (msg,) = e.value.messages
    assert msg.row == line_of(text, "year: 2031") and "2031" in msg.message


def test_plan_list_names_the_plans():
    result = run("plan", "list")
    assert result.exit_code == 0
    assert "ben-cat-68" in result.stdout and "qd-1373" in result.stdout


def test_qd_1373_trend_has_no_2025(tmp_path):
    for year in (2023, 2024):
        folder = tmp_path / "du-lieu" / str(year)
        folder.mkdir(parents=True)
        (folder / "dieu-tra.csv").write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    result = run("trend", str(tmp_path / "du-lieu"), "--plan", "qd-1373", "-f", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["horizons"] == [2030]
    assert {g["year"] for t in report["targets"] for g in t["goals"]} == {2030}
    out = tmp_path / "xu-huong.xlsx"
    assert run("trend", str(tmp_path / "du-lieu"), "--plan", "qd-1373", "-q", "-o", str(out)).exit_code == 0
    assert out.stat().st_size > 0


def test_plan_new_cannot_write_exit_5(tmp_path, monkeypatch):
    import xhht_cli.io.writer as writer

    def locked(src, dst):  # as Windows refuses to replace a file Excel holds open
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(writer.os, "replace", locked)
    result = run("plan", "new", str(tmp_path / "kh.yaml"), "--from", "qd-1373", "--area", "Huyện X")
    assert result.exit_code == 5
    assert "Không thay được tệp" in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.glob(".kh.yaml.*.tmp"))
    assert not (tmp_path / "kh.yaml").exists()
