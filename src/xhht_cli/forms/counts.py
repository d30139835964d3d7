"""Reading the per-age counts (counts/ages.py) for one printed unit: a value over an age band, and the rows a form
splits by where pupils study. Every number a form prints passes through here."""

from __future__ import annotations

import numpy as np

from ..counts.ages import AGE_ROWS
from ..counts.table import CountTable
from .model import NO_ABLE_COLUMN, NOT_IN_SURVEY, Cell, Column, Table

LOCATIONS = ("tại chỗ", "đi học nơi khác", "nơi khác đến")
NO_LOCATION = ("Dữ liệu không ghi nơi học (tại chỗ hay nơi khác): mọi học sinh được tính là học tại chỗ; "
               "dòng “nơi khác đến” để trống (" + NOT_IN_SURVEY + ").")
FROM_ELSEWHERE = "Dòng “nơi khác đến” để trống: học sinh nơi khác đến học " + NOT_IN_SURVEY + "."


class AgeView:
    """The age counts of a set of communes, summed by age once: a value over an age band is then a
    difference of two running totals."""

    MAX_AGE = 121

    def __init__(self, ages: CountTable, members: list[str]) -> None:
        self.columns = {c: i for i, c in enumerate(AGE_ROWS)}
        dense = np.zeros((self.MAX_AGE + 1, len(AGE_ROWS)), dtype=np.int64)
        if not ages.empty:
            table = ages.with_columns(list(AGE_ROWS))
            age = table.level("age").astype(np.int64)
            rows = np.isin(table.level("unit"), np.asarray(list(members), dtype=object)) \
                & (age >= 0) & (age < self.MAX_AGE)
            np.add.at(dense, age[rows] + 1, table.values[rows])  # summed by age: one unit's row per age
        self.running = dense.cumsum(axis=0)  # running[a + 1] = persons aged 0..a

    def get(self, col: str, lo: int, hi: int) -> int:
        i = self.columns[col]
        hi = min(hi, self.MAX_AGE - 1)
        return int(self.running[hi + 1, i] - self.running[max(lo, 0), i]) if hi >= lo else 0

    def located(self) -> bool:
        """Whether any resident's record says where they study."""
        return self.get("location_recorded", 0, 200) > 0


class Views:
    """The AgeView of each printed set of communes, built once per run: eleven forms read the same units.
    One per all_forms call, so two runs in two threads never share one."""

    def __init__(self, ages: CountTable) -> None:
        self.ages = ages
        self._cache: dict[tuple[str, ...], AgeView] = {}

    def of(self, members: list[str]) -> AgeView:
        key = tuple(members)
        if key not in self._cache:
            self._cache[key] = AgeView(self.ages, members)
        return self._cache[key]


def age_columns(year: int, groups: list[tuple[int, int]],
                spans: dict[tuple[int, int], int] | None = None) -> list[Column]:
    """One column per age (birth year under it) or per band total ("Cộng 6–10")."""
    cols = []
    for lo, hi in groups:
        span = (spans or {}).get((lo, hi), 1)
        if lo == hi:
            cols.append(Column(f"{lo} tuổi", span, year - lo))
        else:
            cols.append(Column(f"Cộng {lo}–{hi}", span))
    return cols


def count_row(view: AgeView, col: str, groups: list[tuple[int, int]]) -> list[Cell]:
    return [view.get(col, lo, hi) for lo, hi in groups]


def add_located(table: Table, view: AgeView, number: str, label: str, col: str,
                groups: list[tuple[int, int]]) -> None:
    """Three rows: studying locally, elsewhere (from the data when it says so), and coming from elsewhere
    (never in the survey: blank)."""
    total = count_row(view, col, groups)
    away = count_row(view, f"{col}_away", groups)
    local = [int(t) - int(a) for t, a in zip(total, away)]  # type: ignore[arg-type]
    table.add(f"{number}.1", f"{label} – {LOCATIONS[0]}", list(local))
    table.add(f"{number}.2", f"{label} – {LOCATIONS[1]}", away)
    table.add(f"{number}.3", f"{label} – {LOCATIONS[2]}", [None] * len(groups), note=NOT_IN_SURVEY)


def location_note(view: AgeView) -> str:
    return FROM_ELSEWHERE if view.located() else NO_LOCATION


def blank_row(n: int) -> list[Cell]:
    return [None] * n


def people_rows(table: Table, view: AgeView, groups: list[tuple[int, int]], start: int = 1,
                access: bool = True) -> int:
    """The rows every per-age form opens with: total, female, ethnic minority, disabled, disabled able to
    learn, disabled with access to education (Thông tư 07/2016, Điều 2), and PPC. Without the able-to-learn
    column (`access` False) the two access rows are blank, never 0. Returns the PPC row index."""
    n = start
    for col, label in (("residents", "Tổng số (đang cư trú)"), ("residents_f", "Trong đó: nữ"),
                       ("residents_em", "Trong đó: dân tộc thiểu số"), ("disabled", "Khuyết tật")):
        table.add(str(n), label, count_row(view, col, groups))
        n += 1
    for col, label in (("disabled_able", "Khuyết tật có khả năng học tập"),
                       ("disabled_access", "Khuyết tật được tiếp cận giáo dục")):
        if access:
            table.add(str(n), label, count_row(view, col, groups))
        else:
            table.add(str(n), label, blank_row(len(groups)), note=NO_ABLE_COLUMN)
        n += 1
    return table.add(str(n), "Số phải phổ cập (PPC)", count_row(view, "ppc", groups))


def rate_header(table: Table, number: str, width: int) -> int:
    cells: list[Cell] = ["Tử số", "Mẫu số", "Tỷ lệ"] + [None] * (width - 3)
    return table.add(number, "Tỷ lệ (tử số, mẫu số và tỷ lệ của dòng)", cells, kind="section")


def blank_rows_note(table: Table) -> None:
    for why in (NOT_IN_SURVEY, NO_ABLE_COLUMN):
        rows = [r.number for r in table.rows if r.note == why]
        if rows:
            table.notes.append(f"Dòng {', '.join(rows)}: để trống, {why}.")
