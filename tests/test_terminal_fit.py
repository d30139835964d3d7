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
from xhht_cli.render.words import gap_text, required_text, result_word, value_text
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
        needed = count(r.needed) if r.needed is not None else "—"
        cells = [re.escape(x) for x in (required_text(r, result.rules), gap_text(r), needed)]
        # the row's cells on one line, in order, each whole (a number is never broken)
        pattern = re.compile(r"(^|\s)" + r"\s+(?:\S+\s+)*?".join(cells) + r"(\s|$)")
        assert any(pattern.search(line) for line in lines), (width, r.target, r.year, cells)
        assert result_word(r, table=True) in out
    for r in rows:
        assert value_text(r, result.rules) in out


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
    narrow, wide = printed(result, 80), printed(result, 120)
    assert "— mục tiêu năm 2025" in narrow and "— mục tiêu năm 2030" in narrow  # one table per year
    assert "— mục tiêu năm 2025" not in wide  # both years in one table
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
        if t.slope_per_year is not None:
            assert slope_text(t).split()[0] in tokens  # "+5,97" whole
