"""--columns FILE: a YAML mapping naming columns for layouts nobody foresaw.

    survey:
      birth_year: "Năm sinh (dương lịch)"
      current: ["Đang học lớp/khối", "Khối lớp"]
    units:
      code: "Mã ĐV"

The names given are tried before the built-in ones; matching still ignores case, spacing and diacritics.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, field_validator

from .datafiles import load_yaml_model
from .sources.institutions import FIELDS as INSTITUTION_FIELDS
from .sources.learning_models import FIELDS as MODEL_FIELDS
from .sources.survey import SURVEY_FIELDS
from .sources.units import UNIT_FIELDS

Aliases = dict[str, tuple[str, ...]]
BUILT_IN: dict[str, Aliases] = {"survey": SURVEY_FIELDS, "units": UNIT_FIELDS, "institutions": INSTITUTION_FIELDS,
                                "models": MODEL_FIELDS}


def _names(v: object) -> list[str]:
    return [v] if isinstance(v, str) else list(v)  # type: ignore[arg-type]


class ColumnMap(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    survey: dict[str, list[str]] = {}
    units: dict[str, list[str]] = {}
    institutions: dict[str, list[str]] = {}
    models: dict[str, list[str]] = {}

    @field_validator("survey", "units", "institutions", "models", mode="before")
    @classmethod
    def _lists(cls, v: object) -> object:
        return {k: _names(x) for k, x in v.items()} if isinstance(v, dict) else v

    def model_post_init(self, _: object) -> None:
        for kind, base in BUILT_IN.items():
            unknown = set(getattr(self, kind)) - set(base)
            if unknown:
                raise ValueError(f"{kind}: unknown fields {sorted(unknown)}; known: {sorted(base)}")

    def aliases(self, kind: str) -> Aliases:
        base = BUILT_IN[kind]
        extra = getattr(self, kind)
        return {f: tuple(extra.get(f, ())) + names for f, names in base.items()}


DEFAULT = ColumnMap()


def load_columns(path: Path | str | None) -> ColumnMap:
    return load_yaml_model(Path(path), ColumnMap, "columns") if path else DEFAULT
