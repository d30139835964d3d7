"""Where the bundled data files live, and loading YAML safely into validated models.

A problem in a data file is reported in Vietnamese at the line of the YAML file it comes from (the YAML
parser's marks), so that an officer editing a plan can go straight to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from ..messages import quote
from ..io.reasons import yaml_reason
from ..io.yamlsafe import read_yaml_text
from ..messages import Message, XhhtError, fail

M = TypeVar("M", bound=BaseModel)
PathKey = tuple[str | int, ...]
# Turns a key path into a reader's words ("mục tiêu ll_life_skills, năm 2030"); given the raw data.
Describe = Callable[[Any, PathKey], str]


class Strict(BaseModel):
    """Data files are validated strictly: an unknown key is a typo, not something to ignore."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class At(ValueError):
    """A validator's complaint about one key below the model it validates (pydantic locates only the model)."""

    def __init__(self, path: PathKey, message: str):
        super().__init__(message)
        self.path = path
        self.text = message


def data_path(*parts: str) -> Path:
    """The installed wheel carries data/ inside the package; a source checkout has it at the top."""
    packaged = resources.files("xhht_cli").joinpath("data", *parts)
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3].joinpath("data", *parts)


@lru_cache(maxsize=1)
def standard_ids() -> tuple[str, ...]:
    """The standards' identifiers (the JSON contract's), in the order of the bundled data/standards.yaml: one
    declaration, read by the units sheet's conditions, the plan's checks and the regrouping over years."""
    raw = yaml.load(data_path("standards.yaml").read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader",
                                                                                              yaml.SafeLoader))
    return tuple(str(s["id"]) for s in raw["standards"])


def _data_dirs() -> list[Path]:
    return [Path(str(resources.files("xhht_cli").joinpath("data"))), Path(__file__).resolve().parents[3] / "data"]


def bundled(path: Path) -> bool:
    """Whether a file is one of xhht's own data files (the standards, the bundled plans): part of the program,
    within the YAML bounds by test (tests/test_warm.py), so it is read without measuring them again."""
    try:
        where = path.resolve()
    except OSError:
        return False
    return any(where.is_relative_to(d.resolve()) for d in _data_dirs() if d.is_dir())


def node_line(root: yaml.Node | None, path: Sequence[str | int]) -> int | None:
    """The 1-based line of the deepest node along `path` (a missing key points at its mapping)."""
    node, line = root, None
    if node is not None:
        line = node.start_mark.line + 1
    for key in path:
        if isinstance(node, yaml.MappingNode):
            hit = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(key)), None)
            if hit is None:
                break
            line, node = hit[0].start_mark.line + 1, hit[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


def duplicate_keys(root: yaml.Node | None) -> list[tuple[int, str]]:
    """Keys written twice in one mapping (YAML keeps the last silently: a copied block not renamed)."""
    found: list[tuple[int, str]] = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    if k.value in seen:
                        found.append((k.start_mark.line + 1, k.value))
                    seen.add(k.value)
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return sorted(found)


_TYPE_TAGS = {"float", "int", "bool", "str", "list", "dict"}


def _what(err: dict[str, Any]) -> str:
    """pydantic's error in Vietnamese words an officer understands."""
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "value_error" and isinstance(ctx.get("error"), At):
        return ctx["error"].text
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    words = {
        "missing": "thiếu khóa bắt buộc",
        "extra_forbidden": "khóa này không có trong mẫu (gõ nhầm tên khóa?)",
        "int_type": "phải là số nguyên", "int_parsing": "phải là số nguyên", "int_from_float": "phải là số nguyên",
        "float_type": "phải là số (ví dụ 0.5 cho 50%)", "float_parsing": "phải là số (ví dụ 0.5 cho 50%)",
        "bool_type": "phải là true (có) hoặc false (không)", "bool_parsing": "phải là true (có) hoặc false (không)",
        "string_type": "phải là chữ (đặt trong dấu ngoặc kép)",
        "list_type": "phải là một danh sách (các dòng bắt đầu bằng “- ”)",
        "dict_type": "phải là một nhóm khóa: giá trị", "model_type": "phải là một nhóm khóa: giá trị",
        "model_attributes_type": "phải là một nhóm khóa: giá trị",
        "literal_error": f"phải là một trong: {ctx.get('expected', '')}",
        "greater_than_equal": f"phải từ {ctx.get('ge')} trở lên", "less_than_equal": f"phải không quá {ctx.get('le')}",
        "too_short": "không được để trống",
    }
    return words.get(kind, err["msg"])


def _path(err: dict[str, Any]) -> PathKey:
    """The error's key path; a value that fits none of a union's types is one error at its key, not three."""
    at = tuple(err["loc"])
    while at and isinstance(at[-1], str) and (at[-1] in _TYPE_TAGS or at[-1].startswith("function-")):
        at = at[:-1]
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "value_error" and isinstance(ctx.get("error"), At):
        at = at + tuple(ctx["error"].path)
    return at


def _shown(value: object) -> str:
    return f" (đang ghi: {quote(value)})" if isinstance(value, (str, int, float, bool)) else ""


def validation_messages(exc: ValidationError, path: Path, code: str, raw: Any, root: yaml.Node | None,
                        describe: Describe | None = None) -> list[Message]:
    """One Vietnamese message per problem, located at its YAML line and named in words (no key path)."""
    firsts: dict[PathKey, tuple[dict[str, Any], int]] = {}  # type errors per key: one message, not one per type
    picked: list[dict[str, Any]] = []
    for err in exc.errors():
        at = _path(err)
        if err["type"] == "value_error":
            picked.append(err)
        elif at in firsts:
            firsts[at] = (firsts[at][0], firsts[at][1] + 1)
        else:
            firsts[at] = (err, 1)
            picked.append(err)
    out: list[Message] = []
    for err in picked:
        at = _path(err)
        what = _what(err)
        if err["type"] != "value_error" and firsts[at][1] > 1:
            what = "phải là số (0.5 cho 50%), một mức (1, 2, 3) hoặc true/false"
        where = describe(raw, at) if describe is not None else ".".join(map(str, at))
        shown = "" if err["type"] in ("missing", "value_error") else _shown(err.get("input"))
        out.append(Message(severity="error", code=f"{code}-invalid", file=str(path), row=node_line(root, at),
                           message=f"{where}: {what}{shown}" if where else f"{what}{shown}"))
    return out


def load_yaml_model(path: Path, model: type[M], code: str, describe: Describe | None = None,
                    unique_keys: bool = False) -> M:
    """Read a YAML data file into `model`; every problem is an XhhtError (exit 3) located at its line."""
    # Bounded first: size, nesting, alias expansion (io.yamlsafe), except for xhht's own files: measuring the
    # bounds streams the YAML through the pure-Python parser, 0.08 s of every run for the bundled two.
    text = path.read_text(encoding="utf-8-sig") if bundled(path) else read_yaml_text(path, code)
    try:
        # libyaml's loader when PyYAML has it: the same safe subset, a tenth of the pure-Python time
        # (the bundled standards and plan take about 0.3 s to parse otherwise, on every run).
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        root = yaml.compose(text, Loader=loader)
        raw = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        problem = str(getattr(exc, "problem", None) or exc)
        raise fail(f"{code}-yaml", f"YAML không hợp lệ: {yaml_reason(problem)}", file=str(path), row=row) from exc
    if unique_keys:
        dups = duplicate_keys(root)
        if dups:
            raise XhhtError([Message(severity="error", code=f"{code}-duplicate-key", file=str(path), row=line,
                                     message=f"khóa “{key}” ghi hai lần trong cùng một nhóm (YAML chỉ giữ lần "
                                             "cuối): xóa hoặc đổi tên một lần")
                             for line, key in dups])
    if raw is None:
        raise fail(f"{code}-invalid", "tệp trống: không có nội dung nào", file=str(path))
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise XhhtError(validation_messages(exc, path, code, raw, root, describe))
