"""A survey sheet's unit labels, without its rows: what assigning its persons to units needs, on a cold run
and on a counts-cache hit alike. The same fields as sources/survey.py's UnitLabels (a test holds them
equal until survey.py imports it from here), in a module that does not import pandas."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class UnitLabels:
    """What assigning a survey sheet's persons to units needs, without its rows: the unit column's header,
    its distinct labels in order of first appearance with the first row of each, and its blank rows (the
    first five and how many). A sheet without a unit column (`column` None) belongs to its workbook's commune."""

    sheet: str
    column: str | None
    labels: list[str]
    first_rows: list[int]
    blank_rows: list[int]
    blanks: int
