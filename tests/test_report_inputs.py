"""Saved reports checked as inputs (spec.md, "Saved reports as inputs"; issue 18 item 5, issue 20 item 8):
counts are integers 0..10^9, numerators ≤ denominators, commune codes distinct from each other and from area
names, else exit 3 naming the report and the row; reports in UTF-16 or UTF-8 with a BOM read like UTF-8."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import P, YEAR, write_people
from typer.testing import CliRunner

from xhht_cli.cli import app
from xhht_cli.messages import XhhtError
from xhht_cli.sources.saved_report import read_report

PEOPLE = [P(5, unit="A", current="MG 5T"), P(5, unit="A"), P(6, unit="A", current="1"),
          P(5, unit="B", current="MG 5T")]
AREA = "Thị xã Bến Cát"  # the default plan's area: the communes' parent


def _compute(*args: str) -> Any:
    return CliRunner().invoke(app, ["compute", *args, "--year", str(YEAR), "-f", "json"], catch_exceptions=False)


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("data")
    write_people(folder, PEOPLE)
    r = _compute(str(folder))
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def _write(tmp_path: Path, report: dict[str, Any], name: str = "xa.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return path


def _at(report: dict[str, Any], unit: str, indicator: str) -> tuple[int, dict[str, Any]]:
    return next((i, r) for i, r in enumerate(report["indicators"]) if r["unit"] == unit and r["indicator"] == indicator)


def _refused(path: Path, code: str, *said: str) -> str:
    r = _compute(str(path))
    assert r.exit_code == 3, r.stdout
    assert r.stdout == ""
    assert "lỗi nội bộ" not in r.stderr and "Traceback" not in r.stderr
    assert code in r.stderr or code == ""
    for s in (str(path), *said):
        assert s in r.stderr.replace("\n", " "), r.stderr
    return r.stderr


def test_the_report_as_saved_is_accepted(tmp_path: Path, saved: dict[str, Any]) -> None:
    report = read_report(_write(tmp_path, saved))
    assert [u["code"] for u in report.units] == ["A", "B"]
    i, row = _at(saved, "A", "mn5_attending")
    assert report.indicators[i][:4] == ("A", "mn5_attending", 1, 2) == ("A", "mn5_attending", row["numerator"],
                                                                         row["denominator"])


def test_a_numerator_above_its_denominator_names_the_row(tmp_path: Path, saved: dict[str, Any]) -> None:
    report = json.loads(json.dumps(saved))
    i, row = _at(report, "A", "mn5_attending")
    row["numerator"] = row["denominator"] + 1  # 3/2
    with pytest.raises(XhhtError) as exc:
        read_report(_write(tmp_path, report))
    [m] = exc.value.messages
    assert m.code == "report-count-invalid" and m.file == str(tmp_path / "xa.json")
    assert m.message == f"indicators[{i}] (đơn vị A, chỉ số mn5_attending): tử số 3 lớn hơn mẫu số 2"
    row["numerator"] = row["denominator"]  # 2/2: the edge, accepted
    assert read_report(_write(tmp_path, report)).indicators[i][2:4] == (2, 2)


@pytest.mark.parametrize(("value", "said"), [(-1, "số liệu âm (-1)"), (10**30, "lớn hơn giới hạn 1.000.000.000"),
                                             (10**9 + 1, "lớn hơn giới hạn"), (2.5, "không phải số nguyên"),
                                             ("7", "không phải số nguyên"), (True, "không phải số nguyên")])
def test_a_count_out_of_bounds_is_exit_3_naming_the_report_and_the_row(tmp_path: Path, saved: dict[str, Any],
                                                                      value: Any, said: str) -> None:
    report = json.loads(json.dumps(saved))
    i, row = _at(report, "B", "mn5_attending")
    row["denominator"] = value
    _refused(_write(tmp_path, report), "report-count-invalid", f"indicators[{i}]", "đơn vị B", "denominator", said)


def test_a_count_of_a_billion_is_accepted(tmp_path: Path, saved: dict[str, Any]) -> None:
    report = json.loads(json.dumps(saved))
    i, row = _at(report, "B", "mn5_attending")
    row["numerator"], row["denominator"] = 10**9, 10**9
    row["excluded"]["disabled"] = 10**9
    r = _compute(str(_write(tmp_path, report)))
    assert r.exit_code == 0, r.stderr
    [b] = [x for x in json.loads(r.stdout)["indicators"] if x["unit"] == "B" and x["indicator"] == "mn5_attending"]
    assert (b["numerator"], b["denominator"]) == (10**9, 10**9)


def test_excluded_and_unrecorded_are_checked_too(tmp_path: Path, saved: dict[str, Any]) -> None:
    report = json.loads(json.dumps(saved))
    i, row = _at(report, "A", "mn5_attending")
    row["excluded"]["moved_away"] = -3
    _refused(_write(tmp_path, report), "report-count-invalid", f"indicators[{i}]", "excluded.moved_away")
    row["excluded"]["moved_away"] = 0
    row["unrecorded"] = 10**12
    _refused(_write(tmp_path, report), "report-count-invalid", f"indicators[{i}]", "unrecorded")


def test_a_commune_code_equal_to_an_area_name_is_an_error(tmp_path: Path, saved: dict[str, Any]) -> None:
    text = json.dumps(saved, ensure_ascii=False).replace('"B"', json.dumps(AREA, ensure_ascii=False))
    report = json.loads(text)
    i = next(i for i, u in enumerate(report["units"]) if u["kind"] == "commune" and u["code"] == AREA)
    _refused(_write(tmp_path, report), "report-unit-invalid", f"units[{i}]", "trùng tên một khu vực")


def test_two_communes_of_one_code_are_an_error(tmp_path: Path, saved: dict[str, Any]) -> None:
    report = json.loads(json.dumps(saved))
    report["units"][1] = {**report["units"][1], "code": "A"}
    _refused(_write(tmp_path, report), "report-unit-invalid", "units[1]", "units[0] và units[1]")


def test_not_a_report(tmp_path: Path) -> None:
    _refused(_write(tmp_path, {"hello": 1}), "report-invalid", "schema_version")
    (tmp_path / "half.json").write_text('{"schema_version": 1, "units": [', encoding="utf-8")
    _refused(tmp_path / "half.json", "report-invalid", "không phải tệp JSON hợp lệ")


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
                                               ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b""), ("utf-16-be", b"")])
def test_utf16_and_a_bom_read_like_utf8(tmp_path: Path, saved: dict[str, Any], encoding: str, bom: bytes) -> None:
    plain = _compute(str(_write(tmp_path, saved)))
    text = json.dumps(saved, ensure_ascii=False, indent=2)  # Vietnamese letters outside ASCII, as PowerShell keeps them
    other = tmp_path / "khac.json"
    other.write_bytes(bom + text.encode(encoding))
    r = _compute(str(other))
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["indicators"] == json.loads(plain.stdout)["indicators"]
    assert r.stdout.replace(str(other), "") == plain.stdout.replace(str(tmp_path / "xa.json"), "")


def test_bytes_that_are_no_text_are_named(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_bytes(b'{"a": "\xff\xfe\xfd"}')  # not UTF-8, and no UTF-16 mark or shape
    _refused(tmp_path / "x.json", "report-unreadable", "UTF-8")


def test_trend_reads_reports_through_the_same_checks(tmp_path: Path, saved: dict[str, Any]) -> None:
    from xhht_cli.trend import trend

    report = json.loads(json.dumps(saved))
    _, row = _at(report, "A", "mn5_attending")
    row["numerator"] = 14
    row["denominator"] = 9
    with pytest.raises(XhhtError) as exc:
        trend([_write(tmp_path, report)])
    assert [m.code for m in exc.value.messages] == ["report-count-invalid"]


def test_a_commune_coded_as_another_reports_area_is_an_error(tmp_path: Path, saved: dict[str, Any]) -> None:
    other = json.loads(json.dumps(saved, ensure_ascii=False).replace(AREA, "Huyện Khác"))
    other = json.loads(json.dumps(other, ensure_ascii=False).replace('"B"', json.dumps(AREA, ensure_ascii=False))
                       .replace('"A"', '"A2"'))
    first, second = _write(tmp_path, saved, "a.json"), _write(tmp_path, other, "b.json")
    r = CliRunner().invoke(app, ["compute", str(first), str(second), "-f", "json"], catch_exceptions=False)
    assert r.exit_code == 3, r.stdout[:300]
    assert "report-unit-invalid" in r.stderr and str(second) in r.stderr and "trùng tên một khu vực" in r.stderr


@pytest.mark.parametrize(("part", "field", "value", "said"), [
    ("standards", "unit", None, "thiếu hoặc không phải chuỗi"),
    ("standards", "standard", 3, "thiếu hoặc không phải chuỗi"),
    ("standards", "conditions", "maybe", "phải là met, not_met hoặc unknown"),
    ("standards", "conditions", ["met"], "phải là met, not_met hoặc unknown"),  # a list: named, never a TypeError
    ("units", "kind", ["commune"], "phải là commune, area hoặc total"),
    ("targets", "unit", ["A"], "thiếu hoặc không phải chuỗi"),
    ("targets", "target", None, "thiếu hoặc không phải chuỗi"),
])
def test_a_standard_or_target_row_checked_inline_still_names_its_fault(
        tmp_path: Path, saved: dict[str, Any], part: str, field: str, value: Any, said: str) -> None:
    """The rows plainly right are taken inline (saved_report._check); any other goes through the checks that
    name the row and the field, as before."""
    report = json.loads(json.dumps(saved))
    i = len(report[part]) - 1
    report[part][i][field] = value
    _refused(_write(tmp_path, report), "report-invalid", f"{part}[{i}].{field}", said)
    report[part][i] = "not an object"
    _refused(_write(tmp_path, report), "report-invalid", f"{part}[{i}]", "phải là một đối tượng JSON")
    if field != "conditions":  # a missing condition is "unknown"
        del report[part][i]
        report[part][0].pop(field)
        _refused(_write(tmp_path, report), "report-invalid", f"{part}[0].{field}")


def test_conditions_and_recognitions_are_read_back(tmp_path: Path, saved: dict[str, Any]) -> None:
    report = json.loads(json.dumps(saved))
    s = next(s for s in report["standards"] if s["unit"] == "A")
    s["conditions"] = "not_met"
    t = report["targets"][0]
    t["kind"], t["value"] = "recognition", True
    read = read_report(_write(tmp_path, report))
    assert read.conditions == {"A": {s["standard"]: "not_met"}}
    assert (t["target"], t["unit"], True) in read.recognitions
    assert len(read.recognitions) == sum(t["kind"] == "recognition" for t in report["targets"])


def test_the_counts_table_holds_every_count_of_the_report(tmp_path: Path, saved: dict[str, Any]) -> None:
    """gathered_from_report places each indicator's parts by slices: every count lands in its own column."""
    from xhht_cli.counts.pairs import KEYS, SOURCES
    from xhht_cli.law.plan import load_plan
    from xhht_cli.sources.saved_report import gathered_from_report

    path = _write(tmp_path, saved)
    table = gathered_from_report(read_report(path), load_plan(), path).table
    expected = {(u["code"], c): 0 for u in saved["units"] if u["kind"] == "commune" for c in table.columns}
    for r in saved["indicators"]:
        if (r["unit"], "rows") not in expected or r["numerator"] is None:
            continue
        key, e = KEYS[r["indicator"]], r["excluded"]
        for part, value in (("num", r["numerator"]), ("den", r["denominator"]), ("disabled", e["disabled"]),
                            ("moved", e["moved_away"]), ("deceased", e["deceased"]), ("unrec", r["unrecorded"]),
                            ("src", 1)):
            expected[(r["unit"], key[part])] = value
        expected[(r["unit"], "rows")] = 1
    assert {(u, c): table.at(u, c) for u, c in expected} == expected
    assert all(table.at(u, c) in (0, 1) for u, c in expected if c in SOURCES)


def test_messages_are_read_back_as_model_construct_makes_them(tmp_path: Path, saved: dict[str, Any]) -> None:
    """A saved report's messages, taken inline or checked field by field, are what Message.model_construct
    makes of them (values, their order, the fields given), codes of another version kept."""
    from xhht_cli.messages import Message

    report = json.loads(json.dumps(saved))
    report["messages"] = [
        {"severity": "warning", "code": "not-ours", "file": "a.xlsx", "sheet": "S", "row": 4, "column": "C",
         "message": "m1"},
        {"severity": "error", "code": "x", "message": "m2"},  # the optional fields left out
        {"severity": "warning", "code": "x", "row": True, "message": "m3"},  # not inline: refused below
    ]
    with pytest.raises(XhhtError, match=r"messages\[2\]\.row"):
        read_report(_write(tmp_path, report))
    report["messages"].pop()
    got = read_report(_write(tmp_path, report)).messages
    for m, raw in zip(got, report["messages"], strict=True):
        want = Message.model_construct(set(Message.model_fields), **{k: raw.get(k) for k in Message.model_fields})
        assert list(m.__dict__.items()) == list(want.__dict__.items())
        assert m.model_fields_set == want.model_fields_set and m.__pydantic_extra__ == want.__pydantic_extra__
        assert m.__pydantic_private__ == want.__pydantic_private__ and m.model_dump_json() == want.model_dump_json()


@pytest.mark.parametrize(("field", "value", "said"), [
    ("severity", "info", "phải là error hoặc warning"),
    ("severity", ["error"], "phải là error hoặc warning"),  # a list cannot be looked up in a set: refused all the same
    ("severity", {"x": 1}, "phải là error hoặc warning"),
    ("row", "3", "phải là số nguyên"),
    ("code", None, "thiếu hoặc không phải chuỗi"),
    ("message", 3, "thiếu hoặc không phải chuỗi"),
    ("sheet", 1, "thiếu hoặc không phải chuỗi"),
    ("column", ["C"], "thiếu hoặc không phải chuỗi"),
])
def test_a_message_checked_inline_still_names_its_fault(tmp_path: Path, saved: dict[str, Any], field: str,
                                                       value: Any, said: str) -> None:
    report = json.loads(json.dumps(saved))
    report["messages"].append({"severity": "warning", "code": "x", "message": "m", field: value})
    i = len(report["messages"]) - 1
    _refused(_write(tmp_path, report), "report-invalid", f"messages[{i}].{field}", said)
