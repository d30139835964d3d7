"""The terminal report fits its width (issue 12 item 3): at 80, 100 and 120 columns every target of the area
shows its value, requirement, gap, persons needed and result for both plan years, no number breaks across
lines, no table is cut at the right edge, and every indicator cell of every unit is shown."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from xhht_cli.render.fmt import count, pct
from xhht_cli.law.indicators import INDICATORS
from xhht_cli.pipeline import run
from xhht_cli.render.console import PIPE_WIDTH, stdout_console
from xhht_cli.render.terminal import render
from xhht_cli.render.words import gap_text, needed_text, required_text, result_word, value_text
from xhht_cli.judge.targets import checked_year

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "ben-cat" / "2024"
LEFT, RIGHT = "┏┃┡│└", {"┏": "┓", "┃": "┃", "┡": "┩", "│": "│", "└": "┘"}


@pytest.fixture(scope="module")
def result():
    return run([SAMPLES])


def printed(result, width: int) -> str:
    buf = io.StringIO()
    render(result.report, result.plan, result.rules, stdout_console(buf, width=width),
           checked_year(result.plan, result.report.year, None))
    return buf.getvalue()


@pytest.mark.parametrize("width", [80, 100, 120])
def test_no_line_longer_than_the_width_and_no_table_cut(result, width: int):
    lines = printed(result, width).splitlines()
    assert max(len(line) for line in lines) <= width
    for line in lines:
        if line and line[0] in LEFT:  # a framed table's row must end with its right edge, not be cut off
            assert line.rstrip()[-1] == RIGHT[line[0]], line


@pytest.mark.parametrize("width", [80, 100, 120])
def test_every_target_shows_every_cell_for_both_years(result, width: int):
    out = printed(result, width)
    area = next(u.code for u in result.report.units if u.kind == "area")
    rows = [r for r in result.report.targets if r.unit == area and r.target not in
            {t.id for t in result.plan.targets if t.same_as}]
    assert {r.year for r in rows} == {2025, 2030}
    lines = out.splitlines()
    for r in rows:
        required = required_text(r, result.rules)
        # a requirement in words ("Đã công nhận") may wrap between words; a number, a gap with "điểm" and the
        # persons needed with their unit word never do
        cells = [re.escape(x) for x in (required.split()[0], gap_text(r), needed_text(r))]
        # the row's cells on one line, in order, each whole (a number is never broken)
        pattern = re.compile(r"(^|\s)" + r"\s+(?:\S+\s+)*?".join(cells) + r"(\s|$)")
        assert any(pattern.search(line) for line in lines), (width, r.target, r.year, cells)
        assert result_word(r, table=True) in out
    words = " ".join(out.split())  # a value in words may wrap inside its cell
    for r in rows:
        assert value_text(r, result.rules).split()[0] in words


LABELS_2025 = {"pcgd_thcs_l3_share": "Trong đó có 40% đạt chuẩn phổ cập giáo dục trung học cơ sở mức độ 3",
               "ll_information_literacy": "50% số người trong độ tuổi lao động được trang bị năng lực thông tin"}
LABELS_2030 = {"pcgd_thcs_l3_share": "Trong đó có 50% đạt chuẩn phổ cập giáo dục trung học cơ sở mức độ 3",
               "ll_information_literacy": "70% người trong độ tuổi lao động được trang bị năng lực thông tin"}


def target_tables(result, width: int) -> list:
    """The targets tables the report prints at `width` (their cells read, not their wrapped lines)."""
    from xhht_cli.render.terminal import _targets

    area = next(u for u in result.report.units if u.kind == "area")
    return _targets(stdout_console(io.StringIO(), width=width), result.report, result.plan, area.code, area.name,
                    result.rules)


def cells(table, column: int) -> list[str]:
    return [str(getattr(c, "plain", c)) for c in table.columns[column]._cells]


def year_tables(result, width: int) -> dict[int, str]:
    """The first-column text of the targets tables of each year (one table per year, or one block per line)."""
    found: dict[int, str] = {}
    title = ""
    for t in target_tables(result, width):
        title = str(t.title or title)
        head = str(t.columns[0].header)
        year = re.search(r"mục tiêu năm (\d{4})", title if "năm" in title else head) or re.search(r"(\d{4})$", head)
        found[int(year.group(1))] = found.get(int(year.group(1)), "") + " | " + head + " | " + " | ".join(cells(t, 0))
    return found


@pytest.mark.parametrize("width", [80, 100, 120])
def test_a_one_year_table_shows_that_years_own_words(result, width: int):
    tables = year_tables(result, width)
    assert set(tables) == {2025, 2030}
    for label in LABELS_2025.values():
        assert label in tables[2025] and label not in tables[2030]
    for label in LABELS_2030.values():
        assert label in tables[2030] and label not in tables[2025]
    # the maintain mark is that year's: 2025 "Phấn đấu…" carries none (the 2030 line is the one that maintains)
    assert "| Phấn đấu đạt chuẩn xóa mù chữ cấp huyện ở mức độ 2 |" in tables[2025]
    assert "Duy trì đạt chuẩn xóa mù chữ cấp huyện ở mức độ 2" in tables[2030]
    # the plan's twin line (cấp thị xã) is shown once, and named in a footnote
    assert "cấp thị xã" not in tables[2025] + tables[2030]


def test_the_same_as_twin_is_named_in_a_footnote(result):
    out = " ".join(printed(result, 100).split())
    assert ("Mục tiêu năm 2025: dòng “Tiếp tục duy trì đạt chuẩn xóa mù chữ cấp thị xã ở mức độ 2” của kế hoạch "
            "cùng yêu cầu với dòng “Phấn đấu đạt chuẩn xóa mù chữ cấp huyện ở mức độ 2” nên chỉ hiện một lần") in out


def test_a_table_of_both_years_uses_neutral_names(result):
    [table] = target_tables(result, 170)  # one table of both years
    names = cells(table, 0)
    for label in (*LABELS_2025.values(), *LABELS_2030.values()):
        assert label not in names
    info = names.index("Người trong độ tuổi lao động được trang bị năng lực thông tin")
    assert cells(table, 2)[info] == "50,00%" and cells(table, 6)[info] == "70,00%"  # each year's requirement
    assert "Tỷ lệ xã đạt chuẩn phổ cập giáo dục trung học cơ sở mức độ 3" in names
    assert names[0] == "Xóa mù chữ và phổ cập giáo dục"  # the plan's group heads its lines
    xmc = names.index("Mức đạt chuẩn xóa mù chữ")  # the maintain mark under the year whose line maintains
    assert (cells(table, 2)[xmc], cells(table, 6)[xmc]) == ("MĐ2", "MĐ2\n(duy trì)")


@pytest.mark.parametrize("width", [80, 100, 120, 170])
def test_every_needed_cell_has_its_unit_and_every_gap_its_points(result, width: int):
    out = printed(result, width)
    assert re.search(r"\b\d+ (người|xã|cơ sở|trung tâm|trẻ)\b", out)
    cells = re.findall(r"[│ ]([+-]?\d+,\d\d)( điểm)?\s", out)
    assert cells and all(unit for _, unit in cells if _.startswith(("+", "-")))


@pytest.mark.parametrize("width", [80, 120])
def test_every_indicator_cell_of_every_unit_is_shown(result, width: int):
    out = printed(result, width)
    tokens = set(out.split())
    groups = ("Phổ cập giáo dục", "Xóa mù chữ", "Năng lực và trình độ của người dân")  # the three tables shown
    shown = {i.id for i in INDICATORS if i.group in groups}
    for r in result.report.indicators:
        if r.denominator and r.indicator in shown:
            assert f"{count(r.numerator)}/{count(r.denominator)}" in tokens, (r.unit, r.indicator)
            assert pct(r.value) in tokens


def test_layout_changes_with_the_width(result):
    narrow, wide = printed(result, 80), printed(result, 170)
    assert "— mục tiêu năm 2025" in narrow and "— mục tiêu năm 2030" in narrow  # one table per year
    assert "— mục tiêu năm 2025" not in wide.split("Khoảng cách")[0]  # both years in one table
    assert "(1/" in narrow  # the indicator matrix is split into column groups


def test_no_internal_ids_in_the_notes(result):
    out = printed(result, PIPE_WIDTH)
    assert "[empty-cohort]" not in out and "mn4_completed" not in out.split("Cảnh báo")[0]


def test_a_pipe_gets_a_fixed_width_of_100(result):
    assert PIPE_WIDTH == 100
    buf = io.StringIO()
    assert stdout_console(buf).width == 100  # a StringIO is not a terminal


@pytest.fixture(scope="module")
def trended():
    from xhht_cli.law.standards import load_standards
    from xhht_cli.trend import trend

    return trend([SAMPLES.parent]), load_standards()


@pytest.mark.parametrize("width", [80, 120])
def test_the_trend_fits_too(trended, width: int):
    from xhht_cli.render.trend import render_trend, slope_text
    from xhht_cli.render.trend.words import single_level

    report, rules = trended
    buf = io.StringIO()
    render_trend(report, rules, stdout_console(buf, width=width))
    lines = buf.getvalue().splitlines()
    assert max(len(line) for line in lines) <= width
    for line in lines:
        if line and line[0] in LEFT:
            assert line.rstrip()[-1] == RIGHT[line[0]], line
    tokens = set(re.sub("[│┃]", " ", buf.getvalue()).split())
    area = [t for t in report.targets if t.unit == next(u.code for u in report.units if u.kind == "area")]
    for t in area:
        if t.slope_per_year is not None and not single_level(t, rules):  # met or not: no pace shown ("—")
            assert slope_text(t).split()[0] in tokens  # "+5,97" whole


def test_per_commune_gaps_cover_every_plan_year_and_unmet_conditions(result):
    """Issue 20 item 7: the area counts Xã Phú An among "Cần thêm 2 xã" for PCGD THCS because its conditions are
    recorded not met: the per-commune gaps say so, in each plan year's table."""
    from xhht_cli.render.gaps import gap_items as _gap_items

    names = {u.code: u.name for u in result.report.units}
    for year in (2025, 2030):
        items = _gap_items(result.report, result.rules, names, year)
        phu_an = [cells for _, unit, cells in items if names[unit] == "Xã Phú An"]
        assert any(c[0].startswith("PCGD THCS: chưa đảm bảo điều kiện") for c in phu_an), year
        assert all(c[-1] == "—" or re.search(r"\d (người|xã|cơ sở|trung tâm|trẻ)$", c[-1]) for _, _, c in items)
    out = printed(result, 80)
    assert "(mục tiêu năm 2025)" in out and "(mục tiêu năm 2030)" in out
