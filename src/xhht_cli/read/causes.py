"""Causes before consequences: the findings that explain others (a header not recognised, the wrong year,
the same survey twice) are listed first (spec.md, "Columns that are not recognised": `validate` lists the
near misses first), so that an officer reads the cause before the counts it disturbed."""

from __future__ import annotations

from ..messages import Message

ROOT_CAUSES = ("plan-other-area", "column-near-miss", "year-mismatch", "same-survey-twice", "commune-surveyed-twice",
               "column-values-misfit", "column-blank-header")


def causes_first(messages: list[Message]) -> list[Message]:
    """The messages with the root causes first, in ROOT_CAUSES order; the rest keep their order."""
    rank = {c: i for i, c in enumerate(ROOT_CAUSES)}
    return sorted(messages, key=lambda m: rank.get(m.code, len(ROOT_CAUSES)))  # stable
