"""Where the bundled data files live, and loading YAML safely into validated models."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from .io.limits import quote
from .io.yamlsafe import read_yaml
from .messages import Message, XhhtError

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
    """A YAML option file read within bounds (io.yamlsafe) and validated into `model`; every problem is
    an XhhtError naming the file."""
    raw = read_yaml(path, code)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise XhhtError([
            Message(severity="error", code=f"{code}-invalid", file=str(path),
                    column=".".join(str(p) for p in err["loc"]) or None,
                    message=f"{err['msg']} (giá trị: {quote(err.get('input'))})")
            for err in exc.errors()
        ])
