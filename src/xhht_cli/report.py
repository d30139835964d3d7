"""The Report: a pydantic model whose JSON is the schema_version 1 contract of spec.md."""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, ClassVar, Literal, TypeVar, get_args, get_origin

from pydantic import BaseModel, Field, PrivateAttr, SerializerFunctionWrapHandler, TypeAdapter, model_serializer

from .messages import Message
from .model_json import dump_rows, exact_type_test


_R = TypeVar("_R", bound="Row")


class Row(BaseModel):
    """A row of the report, held small: the report summed from 3,300 communes has 470,000 of them.

    Every row of a class shares one set of "fields given" (pydantic's `model_fields_set`) holding all its
    fields: a set per row, the default, took 330 of the report's 460 MiB. Nothing reads which fields were
    given (no `exclude_unset`), and assigning a field adds its name to the set, which holds it already.

    The values then go into the row's own attribute dict, in the fields' order, which keeps it on one key
    table shared by the class, as Python keeps attributes set one by one; pydantic's dict per row, with its
    own keys, took 128 bytes more a row (the summed report's peak: 420 → 292 MiB).

    Made fast: each class's `__init__` is written from its own fields (`_fast_init`). When every value given
    already has its field's exact type (a str for str, a float for float, None where None is allowed, a row
    of the field's class, a value of the Literal) the values are what pydantic's validation would return, so
    they are set as they are (2 µs for an indicator row and its exclusions, 6 µs through pydantic); anything
    else (an int for a float, a missing or unknown field) goes to pydantic, which converts it or raises.
    `cls.make(**fields)` does the same without the class call (the loops making rows by the ten thousand)."""

    _all_fields: ClassVar[set[str]]

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._all_fields = set(cls.model_fields)
        cls.__init__, make = _fast_init(cls)  # type: ignore[method-assign]
        cls.make = staticmethod(make)  # type: ignore[assignment]

    def __init__(self, /, **data: Any) -> None:
        # Declared here so that pydantic marks every row class as having its own `__init__` (it decides when the
        # class is made, before `_fast_init` replaces it): a row validated from a dict or JSON text (a nested
        # row, `model_validate_json`) is then made by the class's `__init__` too, with the shared fields set.
        self._validated(data)

    @classmethod
    def make(cls: type[_R], **fields: Any) -> _R:
        """`cls(**fields)`, made faster for each row class (`_fast_init`): for the hot loops."""
        return cls(**fields)

    def _validated(self, data: dict[str, Any]) -> None:
        """pydantic's validation of `data` (coercions, defaults, the error), its values set on this row."""
        valid = object.__new__(type(self))  # validated apart: its dict is pydantic's, combined
        self.__pydantic_validator__.validate_python(data, self_instance=valid)
        # One field at a time: no dict is made for the row until something reads its __dict__ (the JSON
        # writer does, row by row, after the report is built; `__dict__.update` made them all at once: +30 MiB)
        for name, value in valid.__dict__.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "__pydantic_fields_set__", self._all_fields)
        object.__setattr__(self, "__pydantic_extra__", None)
        object.__setattr__(self, "__pydantic_private__", valid.__pydantic_private__)


_UNSET = object()  # a keyword not given: its field's default (or pydantic's "field required")


def _fixed(value: Any) -> bool:
    """A plain default that cannot change, so one value serves every row; any other is copied for each row
    (pydantic copies a mutable default too: a list default must not be shared by every row)."""
    return value is None or isinstance(value, (str, int, float, bool, tuple, frozenset))


_SLOTS = ("__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")


def _fast_init(cls: type[Row]) -> tuple[Callable[..., None], Callable[..., Any]]:
    """`cls.__init__` and `cls.make`: the values given set as they are when each has its field's exact type
    (lists copied, as pydantic makes a new list); otherwise, or with a field missing or unknown, pydantic's
    validation. `make(**fields)` is `cls(**fields)` without the class call's own cost (type.__call__ packs the
    keywords into a dict for `__init__` to unpack again): 0.3 µs less a row, 470,000 rows summing 3,300
    communes. Both are written from the same tests and assignments below."""
    names: dict[str, Any] = {"_list": list, "_dict": dict, "_UNSET": _UNSET,
                             "_new": object.__new__, "_cls": cls, "_fields": cls._all_fields,
                             "_validated": Row._validated}
    # pydantic's three slots set through their own descriptors: what object.__setattr__ finds and calls for
    # them, without its lookup (0.1 µs a row)
    for slot in _SLOTS:
        if inspect.getattr_static(cls, slot) is not BaseModel.__dict__[slot]:
            raise AssertionError(f"{cls.__name__}.{slot} is not pydantic's slot")
        names[f"_set{slot[10:-2]}"] = BaseModel.__dict__[slot].__set__
    params, tests, sets, given = [], [], [], []
    decorators = cls.__pydantic_decorators__
    checked = bool(decorators.field_validators or decorators.model_validators)
    for i, (name, info) in enumerate(cls.model_fields.items()):
        params.append(f"{name}=_UNSET")
        given.append(f"({name!r}, {name})")
        # a constrained field (ge=, pattern=…) or a class with validators: pydantic decides, always
        test = "False" if info.metadata or checked else exact_type_test(info.annotation, name, names)
        listed = get_origin(info.annotation) is list
        if info.is_required():
            tests.append(f"{name} is not _UNSET and {test}")
            if listed:
                sets.append(f"    {name} = _list({name})")
        else:
            tests.append(f"({name} is _UNSET or {test})")
            # the default: a factory's new value, a copy of a plain one, or the plain one that cannot change
            fixed = info.default_factory is None and _fixed(info.default)
            names[f"_default{i}"] = info.default if fixed else (
                info.default_factory or (lambda value=info.default: copy.deepcopy(value)))
            sets.append(f"    if {name} is _UNSET:\n        {name} = _default{i}{'' if fixed else '()'}"
                        + (f"\n    else:\n        {name} = _list({name})" if listed else ""))
        sets.append(f"    _values[{name!r}] = {name}")
    private = {k: v.get_default() for k, v in cls.__private_attributes__.items()}  # type: ignore[attr-defined]
    _fast_path_holds(cls, private)
    names["_private"] = private
    head = (f"{', '.join(params)}, **unknown):\n"
            f"    if unknown or not ({' and '.join(tests)}):\n"
            f"        data = {{k: v for k, v in ({', '.join(given)},) if v is not _UNSET}}\n")
    # the row's attribute dict filled by key: half the time of a setattr call per field (0.6 vs 1.2 µs for
    # a criterion row). Its keys come in the fields' order, the order of the class's shared key table, so the
    # dict stays one of shared keys: the size the JSON writer's read of `__dict__` gave every row anyway.
    body = ("    _values = self.__dict__\n" + "\n".join(sets) + "\n"
            "    _set_fields_set(self, _fields)\n"
            "    _set_extra(self, None)\n"
            f"    _set_private(self, {'_dict(_private)' if private else 'None'})\n")
    code = (f"def __init__(self, /, *, {head}"
            "        return _validated(self, {**data, **unknown})\n"
            + body + "\n"
            f"def make(*, {head}"
            "        return _cls(**data, **unknown)\n"
            "    self = _new(_cls)\n"
            + body + "    return self\n")
    exec(code, names)  # noqa: S102 — written from the class's own fields, nothing from outside
    return names["__init__"], names["make"]


def _fast_path_holds(cls: type[Row], private: dict[str, Any]) -> None:
    """What the written `__init__` leaves out must not be there: a post-init of the class's own, a setting
    (validating defaults or assignments, stripping text…), or a private default one value cannot serve every
    row with (made once for all rows, where pydantic makes one a row). A class that needs one fails here,
    when it is made, not in a report."""
    from pydantic._internal._model_construction import init_private_attributes

    if cls.model_post_init not in (BaseModel.model_post_init, init_private_attributes):
        raise AssertionError(f"{cls.__name__} has a model_post_init: Row's fast path does not call it")
    if dict(cls.model_config):
        raise AssertionError(f"{cls.__name__} has settings ({dict(cls.model_config)}): Row's fast path ignores them")
    if not all(_fixed(v) for v in private.values()):
        raise AssertionError(f"{cls.__name__} has a private default that each row would share")


class ToolInfo(BaseModel):
    name: str = "xhht"
    version: str


class PlanRef(BaseModel):
    id: str
    title: str


class UnitRow(Row):
    code: str
    name: str
    kind: Literal["commune", "area", "total"]
    parent: str | None = None
    dbkk: bool = False


class Excluded(Row):
    disabled: int | None = 0
    moved_away: int | None = 0
    deceased: int | None = 0


class IndicatorRow(Row):
    unit: str
    indicator: str
    numerator: int | None
    denominator: int | None
    value: float | None
    excluded: Excluded = Field(default_factory=Excluded)
    unrecorded: int | None = 0


class CriterionRow(Row):
    level: int
    kind: Literal["indicator", "prerequisite", "rollup"]
    indicator: str | None = None
    standard: str | None = None
    value: float | None
    threshold: float
    met: bool | None
    needed: int | None = None
    numerator: int | None = None
    denominator: int | None = None
    group: Literal["dbkk", "other"] | None = None  # a rollup split by ĐBKK: which communes this part counts


class SettleRow(Row):
    """What would settle it (spec.md): recording the fact for the persons of a unit's denominator who have it
    unrecorded could lift the unit to `level` of `standard` (or meet `target`). JSON names one of the two."""

    unit: str
    standard: str | None = None
    target: str | None = None
    level: int | None = None
    indicator: str
    unrecorded: int
    would_meet: bool = True

    @model_serializer(mode="wrap")
    def _one_of(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data = handler(self)
        data.pop(self._unnamed(), None)
        return data

    def _json_fields(self) -> dict[str, Any]:
        """The fields `_one_of` writes, for model_json's writer."""
        data = dict(self.__dict__)
        del data[self._unnamed()]
        return data

    def _unnamed(self) -> str:
        return "target" if self.standard is not None else "standard"


class StandardRow(Row):
    unit: str
    standard: str
    level: int | None
    provisional: bool = False
    missing: list[str] = Field(default_factory=list)
    conditions: Literal["met", "not_met", "unknown"] = "unknown"
    criteria: list[CriterionRow] = Field(default_factory=list)
    settle: list[SettleRow] = Field(default_factory=list)
    # (lowest, highest) level the missing data leave possible; not in JSON (recomputed from counts).
    _range: tuple[int, int] | None = PrivateAttr(default=None)

    def level_range(self, top: int) -> tuple[int, int]:
        """The levels this row could have once its missing data are known: (level, level) when decided;
        a row built without a range (a test, an old report) that is provisional could be anything."""
        # read from pydantic's store of private attributes: `self._range` goes through BaseModel.__getattr__
        # in Python (150,000 reads for 3,300 communes: 0.6 s)
        known = (self.__pydantic_private__ or {}).get("_range")
        if known is not None:
            return known  # type: ignore[no-any-return]
        if not self.provisional and self.level is not None:
            return self.level, self.level
        return 0, top


class TargetRow(Row):
    target: str
    clause: str
    unit: str
    year: int
    kind: Literal["rate", "level", "share_at_level", "recognition"]
    indicator: str | None = None
    standard: str | None = None
    level: int | None = None
    maintain: bool = False
    same_as: str | None = None
    label: str = ""
    required: float | int | bool | None
    value: float | int | bool | None
    gap: float | None
    met: bool | None
    needed: int | None
    numerator: int | None = None
    denominator: int | None = None
    provisional: bool = False
    missing: list[str] = Field(default_factory=list)  # provisional: the indicators whose data would settle it
    settle: list[SettleRow] = Field(default_factory=list)  # unrecorded facts whose recording could meet it


class InstitutionRow(Row):
    """The breakdown of inst_digital (and clc_it) by institution type."""

    unit: str
    type: str
    label: str
    total: int
    digital: int


class RunOptions(BaseModel):
    """The options a report was counted with (spec.md: reports summed together must agree on them)."""

    year: int
    ppc: str  # the PPC rule applied: all_disabled or disabled_unable_only
    standards_sha256: str  # over the standards file's bytes (the bundled data/standards.yaml by default)
    plan: str  # the plan's id


class Report(BaseModel):
    schema_version: Literal[1] = 1
    tool: ToolInfo
    year: int
    plan: PlanRef
    units: list[UnitRow]
    indicators: list[IndicatorRow]
    standards: list[StandardRow]
    targets: list[TargetRow]
    options: RunOptions | None = None  # None only in reports saved before it existed
    messages: list[Message]
    institutions: list[InstitutionRow] = Field(default_factory=list)

    def to_json(self) -> str:
        return b"".join(self.json_chunks()).decode("utf-8")

    def json_chunks(self) -> Iterator[bytes]:
        """The report's JSON (`model_dump_json(indent=2)` and a newline) as UTF-8 pieces of at most CHUNK rows:
        3,300 summed communes make 120 MiB of JSON, built whole as one str (two bytes a character once
        Vietnamese is in it) and encoded, it took 470 MiB on top of the report."""
        yield b"{\n"
        for i, name in enumerate(type(self).model_fields):
            value = getattr(self, name)
            yield b'%s  "%s": ' % (b",\n" if i else b"", name.encode())
            if isinstance(value, list) and value:
                yield from _list_chunks(name, value)
            else:  # a value's own lines move in by the two spaces of its key's depth
                yield _adapter(name).dump_json(value, indent=2).replace(b"\n", b"\n  ")
        yield b"\n}\n"


CHUNK = 2000  # rows serialised at once: a few MiB of JSON at most (a standard row with its criteria is ~2 KB)


@cache
def _adapter(field: str) -> TypeAdapter[Any]:
    """The serializer of one Report field, as the model's own serialises it (same types, same settings)."""
    return TypeAdapter(Report.model_fields[field].annotation)


@cache
def _keyed(field: str) -> TypeAdapter[Any]:
    """The serializer of {"": a slice of one Report field's list}: its rows come out one level in already."""
    return TypeAdapter(dict[str, Report.model_fields[field].annotation])  # type: ignore[valid-type]


@cache
def _item(field: str) -> type:
    """The class a Report list field declares its rows of."""
    (item,) = get_args(Report.model_fields[field].annotation)
    return item  # type: ignore[no-any-return]


_HEAD, _TAIL = b'{\n  "": [\n', b"\n  ]\n}"  # around the rows of {"": [rows]} dumped with indent=2


def _list_chunks(field: str, rows: list[Any]) -> Iterator[bytes]:
    """A non-empty list one level in: `[`, the rows indented by four spaces, `]` indented by two. Each slice is
    dumped inside a one-key object, which puts its rows at that depth, and cut out of it: moving a dumped list
    in by two spaces (replacing every newline of 120 MiB) took 0.06 s. orjson writes a slice (model_json), or
    pydantic where orjson would not write it byte for byte as pydantic does."""
    yield b"[\n"
    for start in range(0, len(rows), CHUNK):
        part = rows[start:start + CHUNK]
        dumped = dump_rows("", part, _item(field)) or _keyed(field).dump_json({"": part}, indent=2)
        assert dumped.startswith(_HEAD) and dumped.endswith(_TAIL)
        yield (b",\n" if start else b"") + dumped[len(_HEAD):-len(_TAIL)]
    yield b"\n  ]"
