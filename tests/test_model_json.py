"""model_json writes lists of report rows as pydantic's `dump_json(indent=2)` does, byte for byte, and hands
back to pydantic (None) whatever orjson would write otherwise."""

from __future__ import annotations

import random
import struct
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, field_serializer

from xhht_cli.messages import Message
from xhht_cli.model_json import dump_rows
from xhht_cli.report import (CriterionRow, Excluded, IndicatorRow, InstitutionRow, Report, SettleRow, StandardRow,
                             TargetRow, UnitRow)


def _pydantic(rows: list[Any]) -> bytes:
    return TypeAdapter(dict[str, list[type(rows[0])]]).dump_json({"": rows}, indent=2)  # type: ignore[misc]


def _same(rows: list[Any]) -> None:
    fast = dump_rows("", rows, type(rows[0]))
    assert fast is not None
    assert fast == _pydantic(rows)


def _report(**lists: list[Any]) -> Report:
    return Report(tool={"version": "t"}, year=2024, plan={"id": "p", "title": "t"},
                  **{"units": [], "indicators": [], "standards": [], "targets": [], "messages": [], **lists})


ODD_TEXT = "Xã Ân \x01\u2028\"\\/\té\n\x7f\ud7ff ỹ"


def test_every_row_class_as_pydantic_writes_it() -> None:
    settle = [SettleRow(unit="X1", standard="xmc", level=2, indicator="xmc_15_35", unrecorded=3),
              SettleRow(unit="X1", target="T1", indicator="xmc_15_35", unrecorded=0, would_meet=False)]
    criteria = [CriterionRow(level=1, kind="indicator", indicator="pcgd_th", value=2 / 3, threshold=0.9, met=False,
                             needed=4, numerator=2, denominator=3),
                CriterionRow(level=2, kind="prerequisite", standard="xmc", value=None, threshold=1.0, met=None),
                CriterionRow(level=1, kind="rollup", value=1e-7, threshold=0.5, met=True, group="dbkk")]
    _same([UnitRow(code="X1", name=ODD_TEXT, kind="commune", parent=None, dbkk=True),
           UnitRow(code="*", name="Tổng", kind="total")])
    _same([IndicatorRow(unit="X1", indicator="pcgd_th", numerator=None, denominator=None, value=None,
                        excluded=Excluded(disabled=None, moved_away=None, deceased=None), unrecorded=None),
           IndicatorRow(unit="X1", indicator="pcgd_th", numerator=10**12, denominator=10**12 + 1, value=0.999,
                        excluded=Excluded(disabled=1, moved_away=0, deceased=2), unrecorded=5)])
    _same(settle)
    _same(criteria)
    _same([StandardRow(unit="X1", standard="xmc", level=None, provisional=True, missing=["a", "b"],
                       criteria=criteria, settle=settle),
           StandardRow(unit="X1", standard="pcgd_th", level=3)])
    _same([TargetRow(target="T1", clause="a", unit="X1", year=2025, kind="rate", required=0.95, value=0.5, gap=0.45,
                     met=False, needed=7, settle=settle[1:], missing=["x"]),
           TargetRow(target="T2", clause="b", unit="*", year=2030, kind="recognition", required=True, value=None,
                     gap=None, met=None, needed=None),
           TargetRow(target="T3", clause="c", unit="*", year=2030, kind="level", required=2, value=1, gap=None,
                     met=False, needed=None, label=ODD_TEXT)])
    _same([InstitutionRow(unit="X1", type="thpt", label="Trung học phổ thông", total=3, digital=2)])
    _same([Message(severity="warning", code="empty-cohort", file="a.xlsx", sheet="Hộ", row=3, column="Năm",
                   message=ODD_TEXT),
           Message(severity="error", code="year-conflict", message="x")])


@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")  # pydantic's own, on the odd values
def test_a_row_converted_by_pydantic_then_a_number_set_of_another_type() -> None:
    row = IndicatorRow(unit="X1", indicator="pcgd_th", numerator=1, denominator=True, value=1,  # type: ignore
                       excluded={"disabled": 1})  # type: ignore[arg-type]
    _same([row])  # validation made the float 1.0, the int 1 and the exclusions a row
    for name, value in (("value", 3), ("numerator", True), ("unrecorded", 2.0)):
        odd = row.model_copy()
        setattr(odd, name, value)  # set after validation: pydantic writes it by its field's type (3.0, 1)
        assert dump_rows("", [odd], IndicatorRow) is None
        report = _report(indicators=[odd])
        assert report.to_json() == report.model_dump_json(indent=2) + "\n"


def test_floats_written_as_pydantic_writes_them() -> None:
    rng = random.Random(21)
    values = [0.1, 1e-7, 5e-05, 1e16, 1e15, 1e20, -0.0, 0.0, 1.0, 2 / 3, 5e-324, 1.7976931348623157e308,
              float("nan"), float("inf"), float("-inf")]
    values += [rng.uniform(-1, 1) * 10 ** rng.randint(-30, 30) for _ in range(100_000)]
    values += [struct.unpack("d", struct.pack("Q", rng.getrandbits(64)))[0] for _ in range(100_000)]
    rows = [CriterionRow(level=1, kind="rollup", value=v, threshold=0.5, met=None) for v in values]
    _same(rows)


def test_what_orjson_would_write_otherwise_goes_back_to_pydantic() -> None:
    huge = IndicatorRow(unit="X1", indicator="a", numerator=2**70, denominator=2**70, value=1.0)
    assert dump_rows("", [huge], IndicatorRow) is None
    surrogate = UnitRow(code="X1", name="\ud800", kind="commune")
    assert dump_rows("", [surrogate], UnitRow) is None

    class Shown(BaseModel):  # a serializer of its own, not mirrored: pydantic writes it
        x: int

        @field_serializer("x")
        def _twice(self, x: int) -> int:
            return 2 * x

    assert dump_rows("", [Shown(x=1)], Shown) is None

    class Sub(str):
        pass

    class Wider(UnitRow):  # in a list of UnitRow, pydantic writes a UnitRow's fields only
        note: str = "x"

    assert dump_rows("", [Wider(code="X1", name="n", kind="commune")], UnitRow) is None
    assert dump_rows("", [Wider(code="X1", name="n", kind="commune")], Wider) is None

    odd = UnitRow(code="X1", name="n", kind="commune")
    odd.code = Sub("X1")  # set after validation, which would have made it a str
    assert dump_rows("", [odd], UnitRow) is None


def test_a_report_falls_back_slice_by_slice_and_stays_whole() -> None:
    rows = [IndicatorRow(unit=f"X{i}", indicator="a", numerator=i, denominator=i + 1, value=i / (i + 1))
            for i in range(5)]
    rows[3].numerator = 2**70  # one slice goes through pydantic; the report's JSON is the same either way
    report = _report(indicators=rows)
    assert report.to_json() == report.model_dump_json(indent=2) + "\n"


@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")
def test_rows_put_together_by_hand_are_written_as_pydantic_writes_them() -> None:
    """What pydantic writes by the declared class, not the value's, goes to pydantic: a row of another class
    in a list, a nested row of another class, an attribute added by model_copy(update=…)."""
    unit = UnitRow(code="X1", name="n", kind="commune")
    ind = IndicatorRow(unit="X1", indicator="a", numerator=1, denominator=2, value=0.5)
    crit = CriterionRow(level=1, kind="indicator", indicator="a", value=0.5, threshold=0.9, met=False)
    std = StandardRow(unit="X1", standard="xmc", level=1, criteria=[crit])
    odd_std = std.model_copy()
    odd_std.criteria = [crit, ind]  # type: ignore[list-item]
    odd_ind = ind.model_copy()
    odd_ind.excluded = unit  # type: ignore[assignment]
    mixed = _report(units=[unit])
    mixed.units.append(ind)  # type: ignore[arg-type]  # after validation, which refuses it
    cases = [mixed, _report(standards=[odd_std]), _report(indicators=[odd_ind]),
             _report(units=[unit.model_copy(update={"bogus": 1})]),
             _report(standards=[StandardRow(unit="X1", standard="xmc", level=1, settle=[
                 SettleRow(unit="X1", standard="xmc", indicator="a", unrecorded=1).model_copy(update={"x": 2})])])]
    for report in cases:
        assert report.to_json() == report.model_dump_json(indent=2) + "\n"
    assert dump_rows("", [unit, ind], UnitRow) is None
    assert dump_rows("", [odd_std], StandardRow) is None
    assert dump_rows("", [odd_ind], IndicatorRow) is None
