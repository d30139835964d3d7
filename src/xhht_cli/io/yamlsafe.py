"""Reading a YAML option file (--plan, --standards, --columns, trend --mapping) within bounds.

PyYAML's safe loader refuses code, but not size: a 1 KB "billion laughs" file (anchors whose aliases
nest nine deep) expands to 10^9 nodes, and a list nested 20,000 deep makes its parser run for minutes
and its composer overflow the stack. So, before PyYAML builds anything:

1. the file's size is bounded (MAX_YAML_BYTES);
2. its nesting is measured by a lexical scan, which costs one pass over the text (MAX_YAML_DEPTH);
3. its events are streamed, and the size each alias would expand to is added up without expanding
   anything (MAX_YAML_NODES).

Every refusal is exit 3 naming the file, the limit reached and what to do.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..messages import XhhtError, fail
from .reasons import DECODE_REASON, os_reason, yaml_reason
from .limits import human_bytes, limit

_QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\"")
_COMMENT = re.compile(r"(?:^|\s)#.*$")
_BRACKETS = re.compile(r"[\[\]{}]")
_DASHES = re.compile(r"(?:-[ \t]+)+")


def read_yaml(path: Path, code: str) -> object:
    """The YAML document in `path`, or XhhtError: `{code}-unreadable` (cannot read or decode),
    `{code}-yaml` (not YAML, with the line), `yaml-limit` (too large, too deep, an alias bomb)."""
    text = read_yaml_text(path, code)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, path, code)
    except RecursionError:  # pragma: no cover - the nesting scan refuses such files first
        raise fail("yaml-limit", "YAML lồng nhau quá sâu", file=str(path))


def read_yaml_text(path: Path, code: str) -> str:
    """The text of a YAML file known to be safe to parse: within MAX_YAML_BYTES, UTF-8, nested at most
    MAX_YAML_DEPTH deep and expanding to at most MAX_YAML_NODES through its aliases."""
    max_bytes = limit("MAX_YAML_BYTES")
    try:
        with path.open("rb") as f:
            raw = f.read(max_bytes + 1)
    except OSError as exc:
        raise fail(f"{code}-unreadable", f"không đọc được tệp: {os_reason(exc)}", file=str(path)) from exc
    if len(raw) > max_bytes:
        raise fail("yaml-limit", f"tệp YAML lớn hơn giới hạn {human_bytes(max_bytes)} (MAX_YAML_BYTES): tệp tùy "
                   "chọn chỉ vài KB; kiểm tra có chọn nhầm tệp không", file=str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(f"{code}-unreadable", DECODE_REASON, file=str(path)) from exc
    depth, line = nesting(text)
    max_depth = limit("MAX_YAML_DEPTH")
    if depth > max_depth:
        raise fail("yaml-limit", f"YAML lồng nhau quá {max_depth} tầng (MAX_YAML_DEPTH): tệp tùy chọn chỉ cần vài "
                   "tầng; kiểm tra tệp", file=str(path), row=line)
    _check_aliases(text, path, code)
    return text


def nesting(text: str) -> tuple[int, int | None]:
    """An upper bound of the nesting depth (block indentation levels + "- " items on one line + open
    brackets of flow style), and the first line where the deepest point is reached. Quoted strings and
    comments are skipped; a bracket inside a plain scalar may over-count, never under-count."""
    indents: list[int] = []
    flow = 0
    deepest, where = 0, None
    for n, raw_line in enumerate(text.splitlines(), start=1):
        body = raw_line.lstrip(" ")
        if not body or body.startswith("#"):
            continue
        indent = len(raw_line) - len(body)
        if flow == 0:
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
        dashes = _DASHES.match(body)
        stripped = _COMMENT.sub("", _QUOTED.sub("''", body))
        peak = flow
        for b in _BRACKETS.findall(stripped):
            flow += 1 if b in "[{" else -1
            flow = max(flow, 0)
            peak = max(peak, flow)
        depth = len(indents) + (dashes.group(0).count("-") if dashes else 0) + peak
        if depth > deepest:
            deepest, where = depth, n
    return deepest, where


def _check_aliases(text: str, path: Path, code: str) -> None:
    """Stream the events and add up what each alias stands for, without building it."""
    max_nodes = limit("MAX_YAML_NODES")
    anchored: dict[str, int] = {}
    stack: list[list[object]] = []  # per open collection: [expanded size so far, its anchor]
    total = 0

    def add(size: int) -> None:
        nonlocal total
        if stack:
            stack[-1][0] = int(stack[-1][0]) + size  # type: ignore[call-overload]
        else:
            total += size
        if total + sum(int(s[0]) for s in stack) > max_nodes:  # type: ignore[call-overload]
            raise fail("yaml-limit", f"YAML mở rộng ra hơn {max_nodes:,} phần tử (MAX_YAML_NODES) qua các bí danh "
                       .replace(",", ".") + "(&neo / *bí-danh): tệp tùy chọn không cần như vậy; viết các giá trị ra "
                       "trực tiếp", file=str(path))

    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                stack.append([1, event.anchor])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                size, anchor = stack.pop()
                if anchor:
                    anchored[str(anchor)] = int(size)  # type: ignore[call-overload]
                add(int(size))  # type: ignore[call-overload]
            elif isinstance(event, yaml.ScalarEvent):
                if event.anchor:
                    anchored[event.anchor] = 1
                add(1)
            elif isinstance(event, yaml.AliasEvent):
                add(anchored.get(event.anchor, 1))
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, path, code)


def _yaml_error(exc: yaml.YAMLError, path: Path, code: str) -> XhhtError:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    err = fail(f"{code}-yaml", f"YAML không hợp lệ: {yaml_reason(problem)}", file=str(path),
               row=mark.line + 1 if mark is not None else None)
    err.__cause__ = exc  # the parser's own English words, for --debug
    return err
