"""Where the bundled data files live, and loading YAML safely into validated models."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from .messages import Message, XhhtError, fail

M = TypeVar("M", bound=BaseModel)


class Strict(BaseModel):
    """Data files are validated strictly: an unknown key is a typo, not something to ignore."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def data_path(name: str) -> Path:
    """The installed wheel carries data/ inside the package; a source checkout has it at the top."""
    packaged = resources.files("xhht_cli") / "data" / name
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "data" / name


def load_yaml_model(path: Path, model: type[M], code: str) -> M:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"{code}-unreadable", f"không đọc được tệp: {exc.__class__.__name__}", file=str(path))
    try:
        # libyaml's loader when PyYAML has it: the same safe subset, a tenth of the pure-Python time
        # (the bundled standards and plan take about 0.3 s to parse otherwise, on every run).
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        raise fail(f"{code}-yaml", f"YAML không hợp lệ: {getattr(exc, 'problem', exc)}", file=str(path), row=row)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise XhhtError([
            Message(severity="error", code=f"{code}-invalid", file=str(path),
                    column=".".join(str(p) for p in err["loc"]) or None,
                    message=f"{err['msg']} (giá trị: {str(err.get('input'))[:80]!s})")
            for err in exc.errors()
        ])
