"""What an officer reads is Vietnamese, without internal codes or a library's English (issue 20 items 1, 2, 5):
each year's own words, a unit on every figure, translated OS and YAML errors, Vietnamese help placeholders."""

from __future__ import annotations

import errno
from pathlib import Path

from typer.testing import CliRunner

from xhht_cli.cli import app
from xhht_cli.io.reasons import os_reason, yaml_reason
from xhht_cli.law.plan import load_plan
from xhht_cli.law.standards import load_standards
from xhht_cli.render.words import (gap_text, needed_text, neutral_name, required_text, twin_notes, value_text,
                                   year_label)
from xhht_cli.report import TargetRow


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def row(**kw) -> TargetRow:
    base = dict(target="t", clause="II.2.a", unit="A", year=2025, kind="rate", indicator="ll_trained_15plus",
                required=0.5, value=0.4319, gap=-0.0681, met=False, needed=344)
    return TargetRow(**{**base, **kw})


# --- each year's own words -----------------------------------------------------------------------------

def test_year_label_marks_only_a_maintain_line_that_does_not_say_so():
    assert year_label("Phấn đấu đạt chuẩn xóa mù chữ cấp huyện ở mức độ 2", False) == \
        "Phấn đấu đạt chuẩn xóa mù chữ cấp huyện ở mức độ 2"
    assert year_label("Thị xã được công nhận danh hiệu", True) == "Thị xã được công nhận danh hiệu (duy trì)"
    assert year_label("Tiếp tục duy trì đạt chuẩn", True) == "Tiếp tục duy trì đạt chuẩn"  # says it already


def test_neutral_names_carry_no_plan_number():
    plan, rules = load_plan(), load_standards()
    names = {t.id: neutral_name(t, rules) for t in plan.targets}
    assert names["ll_information_literacy"] == "Người trong độ tuổi lao động được trang bị năng lực thông tin"
    assert names["pcgd_th_l3"] == "Mức đạt chuẩn phổ cập giáo dục tiểu học"
    assert names["pcgd_thcs_l3_share"] == "Tỷ lệ xã đạt chuẩn phổ cập giáo dục trung học cơ sở mức độ 3"
    assert names["learning_town"] == "Danh hiệu thị xã học tập"
    assert not any("%" in n for n in names.values())


def test_the_literacy_twin_is_named_once_per_year():
    notes = twin_notes(load_plan())
    assert len(notes) == 2 and notes[0].startswith("Mục tiêu năm 2025: dòng “Tiếp tục duy trì đạt chuẩn xóa mù chữ "
                                                   "cấp thị xã ở mức độ 2”")
    assert "“Duy trì đạt chuẩn xóa mù chữ cấp huyện ở mức độ 2”" in notes[1]  # 2030's own primary wording


# --- one notation per kind of figure --------------------------------------------------------------------

def test_gaps_read_in_points_and_counts_with_their_unit():
    assert gap_text(row()) == "-6,81 điểm"
    assert gap_text(row(value=0.5, required=0.5, gap=0.0, met=True, needed=0)) == "0,00 điểm"
    assert needed_text(row()) == "344 người"
    assert needed_text(row(needed=1071)) == "1.071 người"
    level = row(kind="level", indicator=None, standard="pcgd_th", required=3, value=1, gap=-2, needed=1)
    assert (gap_text(level), needed_text(level)) == ("-2 mức", "1 xã")
    assert gap_text(row(kind="level", indicator=None, standard="xmc", required=2, value=2, gap=0, needed=0)) == "0 mức"


def test_recognition_reads_recognised_or_not():
    rec = row(kind="recognition", indicator=None, required=True, value=True, gap=None, met=True, needed=None)
    assert (value_text(rec), required_text(rec)) == ("Đã công nhận", "Đã công nhận")
    assert value_text(rec.model_copy(update={"value": False})) == "Chưa công nhận"


# --- library and system errors in Vietnamese ---------------------------------------------------------------

def test_os_and_yaml_reasons_are_vietnamese():
    assert os_reason(FileNotFoundError(errno.ENOENT, "No such file or directory")).startswith("không có tệp")
    assert "Tab" in yaml_reason("found character '\\t' that cannot start any token")
    assert "“:”" in yaml_reason("mapping values are not allowed here")
    unknown = yaml_reason("some new PyYAML wording")
    assert unknown.startswith("sai cú pháp") and "PyYAML" not in unknown


def test_plan_check_with_a_tab_says_so_in_vietnamese(tmp_path: Path):
    plan = tmp_path / "ke-hoach.yaml"
    plan.write_text("plan:\n\tid: x\n", encoding="utf-8")
    result = run("plan", "check", str(plan))
    out = " ".join((result.stdout + result.stderr).split())
    assert result.exit_code == 3
    assert "YAML không hợp lệ: có ký tự Tab" in out
    assert "found character" not in out and "cannot start any token" not in out


def test_plan_help_names_its_placeholders_in_vietnamese():
    for command in ("new", "check"):
        out = run("plan", command, "--help").stdout
        assert "TỆP" in out and "FILE" not in out and "GIÁ_TRỊ" not in out


def test_people_read_one_message_per_line_under_the_kinds_name():
    from xhht_cli.messages import Message
    from xhht_cli.render.messages import grouped

    msgs = [Message(severity="warning", code="conditions-unknown", message=f"điều kiện chưa rõ ở Xã {i}")
            for i in "ABCD"] + [Message(severity="error", code="no-input", message="không có tệp")]
    lines = grouped(msgs, codes=False)
    assert lines[0] == "Lỗi: không có tệp"  # errors first; a kind with one message on one line
    assert lines[1].startswith("Cảnh báo ×4 (") and lines[1].endswith(":")
    assert lines[2:5] == ["  – điều kiện chưa rõ ở Xã A", "  – điều kiện chưa rõ ở Xã B", "  – điều kiện chưa rõ ở Xã C"]
    assert lines[5] == "  và 1 thông báo khác."
    assert not any("conditions-unknown" in x or ";" in x for x in lines)


def test_messages_xlsx_is_a_vietnamese_sheet_and_csv_keeps_the_scripts_columns(tmp_path: Path):
    import io

    import openpyxl

    from xhht_cli.io.sameness import own_output
    from xhht_cli.messages import Message
    from xhht_cli.render.messages import COLUMNS, messages_csv, messages_xlsx

    msgs = [Message(severity="warning", code="grade-too-young", file="a.xlsx", sheet="DATA", row=392,
                    column="Học xong/Lớp", message="đã học xong lớp quá cao so với tuổi"),
            Message(severity="error", code="no-input", message="không có tệp")]
    ws = openpyxl.load_workbook(io.BytesIO(messages_xlsx(msgs)))["Thông báo"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Mức độ", "Loại", "Tệp", "Sheet", "Dòng", "Cột", "Nội dung")
    assert rows[1][0] == "Lỗi" and rows[2][:2] == ("Cảnh báo", "Lớp quá cao so với tuổi")  # errors first
    assert rows[2][4] == 392
    assert not any("grade-too-young" in str(v) or "warning" in str(v) for r in rows for v in r)
    out = tmp_path / "thong-bao.xlsx"
    out.write_bytes(messages_xlsx(msgs))
    assert own_output(out) == "thông báo"  # never read back as data
    assert messages_csv(msgs).splitlines()[0] == ",".join(COLUMNS) == "severity,code,file,sheet,row,column,message"


def test_an_unreadable_birth_year_is_quoted_by_its_shape_never_its_value(tmp_path: Path):
    """'2OO6' (letters O for zeros) is quoted as '#AA#': the officer sees letters where digits belong; the
    message never holds the birth year itself (personal data), nor a name typed into the column."""
    import json

    from helpers import P, write_people, write_units

    write_units(tmp_path, [{"code": "A"}])
    write_people(tmp_path, [P(30, unit="A"), P(unit="A", born="2OO6"), P(unit="A", born="Nguyễn Văn Tư")])
    result = run("compute", str(tmp_path), "-f", "json", "--year", "2024")
    msgs = [m["message"] for m in json.loads(result.stdout)["messages"] if m["code"] == "bad-birth-year"]
    assert any("giá trị dạng '#AA#' không đọc được" in m for m in msgs)
    assert any("'AAAAAA AAA AA'" in m for m in msgs)
    assert not any("2OO6" in m or "Nguyễn" in m for m in msgs)


def test_validate_says_how_many_files_persons_and_communes_it_read(tmp_path: Path):
    from helpers import P, write_people, write_units

    folder = tmp_path / "2024"
    folder.mkdir()
    write_units(folder, [{"code": "A"}, {"code": "B"}])
    write_people(folder, [P(30, unit="A"), P(31, unit="A"), P(40, unit="B")])
    result = run("validate", str(folder))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Đã đọc 2 tệp: 3 người của 2 xã/phường."


def test_trend_reads_single_level_standards_as_met_or_not_without_a_pace():
    """Issue 20 item 4: MN 5 is met or not — its trend line reads Đạt / Chưa đạt and has no pace in fractions of
    a level; a standard with levels keeps its pace in levels."""
    import io as _io

    from xhht_cli.render.console import stdout_console
    from xhht_cli.render.trend import render_trend
    from xhht_cli.trend import trend

    samples = Path(__file__).resolve().parents[1] / "samples" / "ben-cat"
    buf = _io.StringIO()
    render_trend(trend([samples]), load_standards(), stdout_console(buf, width=100))
    lines = buf.getvalue().splitlines()
    # MN 5: not met in 2022, met since (its name wraps onto the next line, "cho trẻ em 5 tuổi")
    at = next(i for i, x in enumerate(lines) if "Mức đạt chuẩn phổ cập giáo dục mầm non" in x and "Chưa đạt" in x)
    mn5 = lines[at]
    assert "cho trẻ em 5" in lines[at + 1]
    assert "Đạt" in mn5 and "mức" not in mn5 and "MĐ" not in mn5
    assert mn5.rstrip(" │").endswith("—")
    xmc = next(x for x in lines if "Mức đạt chuẩn xóa mù chữ" in x and "MĐ2" in x)
    assert "0,00 mức" in xmc
