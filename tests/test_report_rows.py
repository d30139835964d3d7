"""Report rows made through their written `__init__` (report._fast_init) hold what pydantic's validation makes
of the same values, and whatever pydantic converts or refuses still goes to pydantic."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from pydantic import ValidationError

from xhht_cli.report import (CriterionRow, Excluded, IndicatorRow, InstitutionRow, Row, SettleRow, StandardRow,
                             TargetRow, UnitRow)


def _validated(cls: type[Row], **data: Any) -> Row:
    row = object.__new__(cls)
    row._validated(data)
    return row


def _same(cls: type[Row], **data: Any) -> None:
    slow = _validated(cls, **data)
    for fast in (cls(**data), cls.make(**data)):  # the class call and its faster twin, `make`
        assert type(fast) is cls
        assert list(fast.__dict__.items()) == list(slow.__dict__.items())  # values and order (the JSON's order)
        assert [type(v) for v in fast.__dict__.values()] == [type(v) for v in slow.__dict__.values()]
        assert fast.__pydantic_private__ == slow.__pydantic_private__
        assert fast.__pydantic_extra__ is slow.__pydantic_extra__ is None
        assert fast.model_fields_set == slow.model_fields_set
        assert fast.model_dump_json() == slow.model_dump_json()
        # filled by key, the dict still shares the class's key table, as attributes set one by one do (a dict
        # of its own keys per row: 470,000 rows summing 3,300 communes, +130 MiB)
        assert sys.getsizeof(fast.__dict__) == sys.getsizeof(slow.__dict__)


CRITERION = dict(level=1, kind="indicator", indicator="pcgd_th", value=0.5, threshold=0.9, met=False)
CASES: list[tuple[type[Row], dict[str, Any]]] = [
    (UnitRow, dict(code="X1", name="Xã 1", kind="commune", parent="KV", dbkk=True)),
    (UnitRow, dict(code="*", name="Tổng", kind="total")),
    (Excluded, dict(disabled=None, moved_away=None, deceased=None)),
    (Excluded, {}),
    (IndicatorRow, dict(unit="X1", indicator="pcgd_th", numerator=3, denominator=4, value=0.75,
                        excluded=Excluded(disabled=1), unrecorded=2)),
    (IndicatorRow, dict(unit="X1", indicator="pcgd_th", numerator=None, denominator=None, value=None)),
    (IndicatorRow, dict(unit="X1", indicator="pcgd_th", numerator=1, denominator=1, value=1)),  # int → 1.0
    (CriterionRow, CRITERION),
    (CriterionRow, {**CRITERION, "threshold": 90}),  # an int threshold becomes 90.0, as pydantic makes it
    (CriterionRow, {**CRITERION, "met": 1}),  # pydantic's bool conversion
    (StandardRow, dict(unit="X1", standard="pcgd", level=2, criteria=[CriterionRow(**CRITERION)],
                       missing=["a"], settle=[SettleRow(unit="X1", standard="pcgd", level=3, indicator="i",
                                                         unrecorded=1)])),
    (StandardRow, dict(unit="X1", standard="pcgd", level=None, provisional=True, conditions="not_met")),
    (StandardRow, dict(unit="X1", standard="pcgd", level=1, missing=[], criteria=[], settle=[])),
    (StandardRow, dict(unit="X1", standard="pcgd", level=1, criteria=[CRITERION])),  # a dict made a row
    (SettleRow, dict(unit="X1", target="t1", indicator="i", unrecorded=4, would_meet=False)),
    (TargetRow, dict(target="t", clause="c", unit="X1", year=2025, kind="rate", required=0.9, value=True,
                     gap=None, met=None, needed=3)),
    (TargetRow, dict(target="t", clause="c", unit="X1", year=2025, kind="level", required=2, value=1,
                     gap=-1.0, met=False, needed=None, missing=["x"])),
    (InstitutionRow, dict(unit="X1", type="mn", label="Mầm non", total=3, digital=1)),
    (InstitutionRow, dict(unit="X1", type="mn", label="Mầm non", total=3, digital=1, extra="ignored")),
]


@pytest.mark.parametrize("cls, data", CASES)
def test_fast_init_holds_what_pydantic_makes(cls: type[Row], data: dict[str, Any]) -> None:
    _same(cls, **data)


@pytest.mark.parametrize("make", [StandardRow, StandardRow.make])
def test_lists_are_copied_as_pydantic_copies_them(make: Any) -> None:
    missing = ["a"]
    row = make(unit="X1", standard="pcgd", level=1, missing=missing)
    missing.append("b")
    assert row.missing == ["a"]
    a, b = make(unit="X1", standard="s", level=1), make(unit="X2", standard="s", level=1)
    a.missing.append("x")  # a default list is each row's own
    assert b.missing == [] and make(unit="X3", standard="s", level=1).missing == []


def test_private_range_is_each_rows_own() -> None:
    a, b = StandardRow(unit="X1", standard="s", level=1), StandardRow(unit="X2", standard="s", level=1)
    a._range = (1, 2)
    assert b.__pydantic_private__ == {"_range": None}


@pytest.mark.parametrize("cls, data", [
    (IndicatorRow, dict(unit="X1")),  # fields missing
    (IndicatorRow, dict(unit="X1", indicator="i", numerator="many", denominator=1, value=None)),
    (CriterionRow, {**CRITERION, "kind": "other"}),  # not one of the Literal's values
    (UnitRow, dict(code="X1", name=None, kind="commune")),
    (StandardRow, dict(unit="X1", standard="s", level=1, criteria=[{"level": "x"}])),
])
def test_what_pydantic_refuses_is_refused(cls: type[Row], data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        cls(**data)
    with pytest.raises(ValidationError):
        cls.make(**data)


def test_constrained_fields_and_validators_always_go_through_pydantic() -> None:
    """A row class with a constrained field or a validator never takes the shortcut: the constraint holds."""
    import pydantic

    class Bounded(Row):
        n: int = pydantic.Field(ge=0)

    class Checked(Row):
        s: str

        @pydantic.field_validator("s")
        @classmethod
        def upper(cls, v: str) -> str:
            return v.upper()

    with pytest.raises(pydantic.ValidationError):
        Bounded(n=-1)
    assert Bounded(n=3).n == 3 and Checked(s="ab").s == "AB"


def test_a_mutable_plain_default_is_each_rows_own() -> None:
    """A default that can change (a list, a row) is each row's own copy, as pydantic makes it."""
    class Listed(Row):
        names: list[str] = []  # noqa: RUF012 - a plain mutable default, as pydantic allows it
        excluded: Excluded = Excluded()

    for make in (Listed, Listed.make):
        a, b = make(), make()
        a.names.append("x")
        a.excluded.disabled = 5
        assert b.names == [] and b.excluded.disabled == 0 and make().excluded.disabled == 0


def test_a_row_validated_from_a_dict_or_json_is_made_as_a_row_given_keywords() -> None:
    """pydantic decides when a class is made whether validation calls its `__init__`: a row validated from a
    dict or from JSON text (a nested row, a report read back) goes through the class's own `__init__` too, so
    it holds the class's shared set of fields, not one of its own."""
    from xhht_cli.report import IndicatorRow, StandardRow

    d = dict(unit="A", standard="x", level=None, provisional=True, missing=[], conditions="unknown", criteria=[])
    made, validated = StandardRow(**d), StandardRow.model_validate(d)
    assert validated.model_fields_set is made.model_fields_set and validated.model_dump() == made.model_dump()
    row = IndicatorRow.make(unit="A", indicator="x", numerator=1, denominator=2, value=0.5,
                            excluded={"disabled": 0, "moved_away": 0, "deceased": 0}, unrecorded=0)
    again = IndicatorRow.model_validate_json(row.model_dump_json())
    assert again == row and again.model_fields_set is row.model_fields_set


def test_a_row_class_the_fast_path_would_misread_is_refused_when_made() -> None:
    """Row's written __init__ sets the values as given: a row class with a setting, a post-init of its own or a
    private default each row must own would be made wrong, so such a class fails when it is defined."""
    from pydantic import ConfigDict, PrivateAttr

    from xhht_cli.report import Row

    with pytest.raises(AssertionError, match="settings"):
        class Stripped(Row):
            model_config = ConfigDict(str_strip_whitespace=True)
            text: str
    with pytest.raises(AssertionError, match="model_post_init"):
        class Posted(Row):
            text: str

            def model_post_init(self, context: object) -> None:
                pass
    with pytest.raises(AssertionError, match="private default"):
        class Shared(Row):
            text: str
            _seen: list[int] = PrivateAttr(default_factory=list)

    class Plain(Row):  # what the report's rows are: accepted
        text: str
        _range: tuple[int, int] | None = PrivateAttr(default=None)

    assert Plain.make(text="a").text == "a"
