"""What would settle it (spec.md): a unit whose unrecorded persons, once recorded as having the fact, would
reach the next level (or a rate target) is told so, per unit and criterion; the level stays as computed."""

from __future__ import annotations

import json

import pytest

from typer.testing import CliRunner

from helpers import P, std, write_people, write_units
from helpers import run as run_report
from xhht_cli.cli import app
from xhht_cli.judge.settle import target_settle
from xhht_cli.report import TargetRow


def primary(completed_11: int) -> list[dict]:
    """Unit A (2024): a 6-year-old in grade 1 (1/1); `completed_11` of five 11-year-olds completed primary and
    study grade 6; one 11-year-old completed grade 4 with the current study blank (unrecorded: counted as not
    in primary); the rest of the five, if any, completed grade 4 and study grade 4 ... (none here when 4)."""
    rows = [P(6, current="1", able="có")]
    rows += [P(11, current="6", done="5") for _ in range(completed_11)]
    rows += [P(11, done="4")]
    rows += [P(11, current="5", done="4") for _ in range(4 - completed_11)]
    return rows


def test_one_unrecorded_child_decides_md2(tmp_path):
    # 11-year-olds completed 4/5 = 80% (MĐ2 holds, MĐ3's 90% fails); the rest in primary 0/1 with 1
    # unrecorded → MĐ1 now; recorded as in primary it would be 1/1 → MĐ2.
    write_people(tmp_path, primary(4))
    row = std(run_report(tmp_path), "A", "pcgd_th")
    assert row.level == 1
    assert [s.model_dump() for s in row.settle] == [
        {"unit": "A", "standard": "pcgd_th", "level": 2, "indicator": "th_rest_in_primary_11",
         "unrecorded": 1, "would_meet": True}]


def test_nothing_to_settle_when_another_criterion_fails_on_recorded_data(tmp_path):
    # 3 of 5 completed (11–14: 60% < 80%, MĐ1 fails) with nothing unrecorded for it: recording the blank
    # child cannot lift A to MĐ1
    write_people(tmp_path, primary(3))
    row = std(run_report(tmp_path), "A", "pcgd_th")
    assert (row.level, row.settle) == (0, [])


def test_settle_in_every_json_row_and_a_line_in_the_terminal(tmp_path):
    folder = tmp_path / "2024"
    folder.mkdir()
    write_people(folder, primary(4))
    result = CliRunner().invoke(app, ["compute", str(folder), "-f", "json", "--no-cache"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert all(isinstance(r["settle"], list) for r in data["standards"] + data["targets"])
    th = next(r for r in data["standards"] if r["unit"] == "A" and r["standard"] == "pcgd_th")
    assert th["settle"] == [{"unit": "A", "standard": "pcgd_th", "level": 2, "indicator": "th_rest_in_primary_11",
                             "unrecorded": 1, "would_meet": True}]  # "standard" or "target", never both
    text = CliRunner().invoke(app, ["compute", str(folder), "--no-cache"])
    assert text.exit_code == 0
    assert ("A: 1 trẻ chưa ghi số liệu của “Trẻ 11 tuổi còn lại đang học tiểu học”; nếu ghi đủ và đều có thì đạt "
            "PCGD TH MĐ2") in " ".join(text.stdout.split())  # wrapped at the terminal's width


def _rate(num: int, den: int, required: float, met: bool | None) -> TargetRow:
    return TargetRow(target="t", clause="a", unit="A", year=2025, kind="rate", indicator="ll_trained_15plus",
                     required=required, value=num / den if den else None, gap=None, met=met, needed=None,
                     numerator=num, denominator=den)


def test_rate_target_settled_only_when_the_unrecorded_would_meet_it():
    # 12% of 25 = 3: 1 met + 2 unrecorded reaches it exactly; 1 unrecorded does not
    row = _rate(1, 25, 0.12, False)
    assert [(s.target, s.indicator, s.unrecorded) for s in target_settle(row, {"ll_trained_15plus.unrec": 2})] == [
        ("t", "ll_trained_15plus", 2)]
    assert target_settle(row, {"ll_trained_15plus.unrec": 1}) == []
    assert target_settle(_rate(3, 25, 0.12, True), {"ll_trained_15plus.unrec": 5}) == []  # met already
    assert "target" in target_settle(row, {"ll_trained_15plus.unrec": 2})[0].model_dump(mode="json") \
        and "standard" not in json.loads(target_settle(row, {"ll_trained_15plus.unrec": 2})[0].model_dump_json())


def test_persons_list_names_the_unrecorded_under_their_own_heading(tmp_path):
    from xhht_cli.answer.to_reach import persons_to_reach
    from xhht_cli.pipeline import Options
    from xhht_cli.pipeline import run as full_run

    write_people(tmp_path, primary(4))
    out = persons_to_reach(full_run([tmp_path], Options(year=2024, keep_persons=True)))
    own = out[out["Tiêu chí"] == "Chưa ghi số liệu — Trẻ 11 tuổi còn lại đang học tiểu học"]
    # the 11-year-old with the blank current study: CSV row 7 (header, the 6-year-old, four who completed)
    assert (own["Dòng"].tolist(), own["Mức"].tolist(), own["Chuẩn"].tolist()) == ([7], [2], ["PCGD TH"])


LEVEL_PLAN = ("plan: {id: ps, title: Kế hoạch thử, area: Khu thử, years: [2025]}\ntargets:\n"
              "  - id: th2\n    kind: level\n    standard: pcgd_th\n"
              "    years: [{year: 2025, clause: a, label: Phổ cập tiểu học mức độ 2, required: 2}]\n"
              "  - id: th2_share\n    kind: share_at_level\n    standard: pcgd_th\n    level: 2\n"
              "    years: [{year: 2025, clause: b, label: Tỷ lệ xã đạt mức độ 2, required: 1.0}]\n")


def test_level_targets_name_the_communes_whose_recording_would_meet_them(tmp_path):
    # A: MĐ1 with one 11-year-old's study unrecorded (it would be MĐ2); B: the same child in grade 5 → MĐ2.
    # The area needs ⌈0.9 × 2⌉ = 2 communes at MĐ2 (and the share target 100%): A, recorded, would do it.
    folder = tmp_path / "2024"
    folder.mkdir()
    write_units(folder, [{"code": "A", "area": "Khu thử"}, {"code": "B", "area": "Khu thử"}])
    b = [dict(p, unit="B") for p in primary(4)]
    b[5] = dict(b[5], current="5")  # the sixth row: the 11-year-old with grade 4 done
    write_people(folder, [dict(p, unit="A") for p in primary(4)] + b)
    plan = tmp_path / "plan.yaml"
    plan.write_text(LEVEL_PLAN, encoding="utf-8")
    r = run_report(folder, plan=plan)
    assert (std(r, "A", "pcgd_th").level, std(r, "B", "pcgd_th").level, std(r, "Khu thử", "pcgd_th").level) == (1, 2, 1)
    for tid in ("th2", "th2_share"):
        t = next(t for t in r.targets if t.target == tid and t.unit == "Khu thử")
        assert t.met is False
        assert [(s.unit, s.target, s.level, s.indicator, s.unrecorded) for s in t.settle] == [
            ("A", tid, 2, "th_rest_in_primary_11", 1)]


@pytest.mark.parametrize("with_plan", [True, False])
def test_only_the_levels_that_rose_are_judged_again(tmp_path, monkeypatch, with_plan):
    """The risen communes' areas and the total are rolled up and their level targets evaluated again; the
    other areas' rows are kept as they were: the report is the one judging everything again makes."""
    import xhht_cli.judge.evaluate as evaluate

    folder = tmp_path / "2024"
    folder.mkdir()
    write_units(folder, [{"code": "A", "area": "Khu thử"}, {"code": "B", "area": "Khu thử"},
                         {"code": "C", "area": "Khu khác"}, {"code": "D", "area": "Khu khác"}])
    settled = [dict(p, unit="B") for p in primary(4)]
    settled[5] = dict(settled[5], current="5")  # the sixth row: the 11-year-old with grade 4 done
    write_people(folder, [dict(p, unit="A") for p in primary(4)] + settled
                 + [dict(p, unit=u) for u in "CD" for p in settled])
    plan = tmp_path / "plan.yaml"
    plan.write_text(LEVEL_PLAN, encoding="utf-8")
    options = {"plan": plan} if with_plan else {}
    kept = run_report(folder, **options)
    assert any(t.settle for t in kept.targets if t.kind in ("level", "share_at_level")) or not with_plan

    rollups, targets, settle = evaluate._rollups, evaluate.evaluate_targets, evaluate.level_target_settle
    monkeypatch.setattr(evaluate, "_rollups", lambda rules, units, areas, levels, were=None:
                        rollups(rules, units, areas, levels))
    monkeypatch.setattr(evaluate, "evaluate_targets", lambda *args: targets(*args[:7]))
    monkeypatch.setattr(evaluate, "level_target_settle", lambda rows, would, levels, members, only=None:
                        settle(rows, would, levels, members))
    assert run_report(folder, **options).model_dump_json() == kept.model_dump_json()
