"""`--strict` on a run served by the counts cache: every data finding becomes an error.

persons/checks.py finds data problems on the person rows (with pandas); what --strict needs of it is here, free of
pandas, so a cache hit does not import the readers. DATA_CODES and strict are the same as persons/checks.py's (a
test holds them equal until persons/checks.py imports them from here).
"""

from __future__ import annotations

from ..messages import Message

# The codes --strict turns into errors: every finding about a person's values.
DATA_CODES = {"bad-birth-year", "bad-birth-date", "birth-year-future", "bad-sex", "bad-residence",
              "bad-current-study", "bad-grade", "bad-diploma", "bad-bool", "bad-literacy-class",
              "bad-literacy-phase", "bad-relapse", "bad-qualification", "age-over-110", "grade-too-young",
              "preschool-too-old", "diploma-above-grade", "literacy-class-with-diploma", "duplicate-person",
              "duplicate-person-files",
              "unit-no-data", "totals-row-dropped"}


def strict(messages: list[Message]) -> list[Message]:
    """--strict: every data finding becomes an error."""
    return [m.model_copy(update={"severity": "error"}) if m.code in DATA_CODES else m for m in messages]
