"""The library's whole answer (Result) built from a hand-made counts table, without any file: the shortfalls
and the check are library rules, worked out here by hand."""

from __future__ import annotations

from xhht_cli.counts.pairs import empty
from xhht_cli.counts.gathered import Gathered
from xhht_cli.judge.evaluate import build_report
from xhht_cli.messages import Log
from xhht_cli.pipeline import Run
from xhht_cli.answer.result import Presentation, check_of, result_of
from xhht_cli.judge.shortfalls import shortfalls
from xhht_cli.counts.unit_index import Unit


def _gathered(year: int = 2024) -> Gathered:
    """Two communes of one area. A: 15+ residents 10, trained 6 (60%); B: 15+ residents 7, trained 3."""
    units = [Unit(code="A", name="Xã A", area="Huyện X"), Unit(code="B", name="Xã B", area="Huyện X")]
    table = empty(["A", "B"])
    for code, num, den in (("A", 6, 10), ("B", 3, 7)):
        for col, v in (("ll_trained_15plus.num", num), ("ll_trained_15plus.den", den), ("ll_trained_15plus.src", 1),
                       ("rows", den)):
            table.set(code, col, v)
    return Gathered(year, units, table, Log(), ages=None)


def _run(plan, rules) -> Run:
    g = _gathered()
    return Run(build_report(plan, rules, g), g, plan, rules)


def test_shortfalls_from_counts(plan, rules):
    run = _run(plan, rules)
    trained = [s for s in shortfalls(run.report, plan, rules) if s.indicator == "ll_trained_15plus"]
    # 2025 needs 50%: A (60%) meets it; B needs ⌈0.5 × 7⌉ − 3 = 1. 2030 needs 60%: A meets it exactly,
    # B needs ⌈0.6 × 7⌉ − 3 = 5 − 3 = 2.
    assert [(s.unit, s.year, s.needed) for s in trained] == [("B", 2025, 1), ("B", 2030, 2)]
    assert all(s.kind == "target" and s.numerator == 3 and s.denominator == 7 for s in trained)


def test_check_lists_failing_area_rows(plan, rules):
    run = _run(plan, rules)
    check = check_of(run.report, plan, 2025)
    assert check.year == 2025
    # The area: 9 of 17 = 52.9% ≥ 50%: the 2025 trained line is met, so it is not among the failures.
    assert "ll_trained_15plus" not in {r.target for r in check.failed}
    check_2030 = check_of(run.report, plan, 2030)
    assert "ll_trained_15plus" in {r.target for r in check_2030.failed}  # 52.9% < 60%
    assert check_2030.exit_code == 4 and not check_2030.passed
    # Indicators without any data (information literacy…) are listed, never failed.
    assert "ll_information_literacy" in {r.target for r in check_2030.no_data}


def test_result_holds_the_whole_answer(plan, rules):
    result = result_of(_run(plan, rules), target_year=2025)
    assert result.report.year == 2024
    assert result.persons is None  # names only when asked
    assert result.check.year == 2025
    assert [s.unit for s in result.shortfalls if s.indicator == "ll_trained_15plus"] == ["B", "B"]
    assert isinstance(result.context, Presentation)
    assert result.context.years == [2025, 2030]
    assert result.context.n_levels("pcgd_th") == 3


def test_shortfalls_are_made_when_first_read(plan, rules, monkeypatch):
    import xhht_cli.answer.result as result_module

    made = []
    monkeypatch.setattr(result_module, "shortfalls", lambda *a: made.append(a) or shortfalls(*a))
    run = _run(plan, rules)
    result = result_of(run)
    assert made == []  # a JSON report never reads them
    assert list(result.shortfalls) == shortfalls(run.report, plan, rules) and len(made) == 1
    assert result.shortfalls == shortfalls(run.report, plan, rules) and len(made) == 1  # made once


def test_every_renderer_takes_the_result(plan, rules):
    """A Result made from counts alone renders in every format, and each shows the hand-counted figure."""
    import io
    import json

    import openpyxl

    from xhht_cli.render.console import stdout_console
    from xhht_cli.render.excel import result_workbook
    from xhht_cli.render.tabular import gap_csv
    from xhht_cli.render.terminal import render_result

    result = result_of(_run(plan, rules), target_year=2025)
    out = io.StringIO()
    render_result(result, stdout_console(file=out, width=120))
    assert "Xã B" in out.getvalue() and "42,85%" in out.getvalue()  # 3 of 7, truncated
    data = json.loads(result.report.to_json())
    row = next(r for r in data["indicators"] if r["unit"] == "B" and r["indicator"] == "ll_trained_15plus")
    assert (row["numerator"], row["denominator"]) == (3, 7)
    assert "ll_trained_15plus" in gap_csv(result.report)
    book = openpyxl.load_workbook(io.BytesIO(result_workbook(result)))
    needed = book["Cần thêm theo đơn vị"]
    cells = [[c.value for c in r] for r in needed.iter_rows()]
    assert any(r[0] == "Xã B" and 1 in r for r in cells)  # ⌈0.5 × 7⌉ − 3 = 1 more person by 2025
