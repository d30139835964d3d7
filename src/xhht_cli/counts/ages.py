"""Counts per unit and single year of age: the rows of the official statistical forms (forms.py). They come
from the same facts as the indicators, so a form's total over an age band equals the indicator's numerator
or denominator (one computation, two presentations). The table is a plain DataFrame of integer counts:
it adds, so an area is the sum of its units, and it is what the counts cache keeps per file. Counting
uses pandas (the cold path); the table it gives is a numpy CountTable, so a cache hit needs no pandas."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .table import CountTable, sum_columns

if TYPE_CHECKING:
    import pandas as pd


MAX_AGE = 120  # older ages are typing errors, already reported by the data checks

# column → Vietnamese row label. PPC rows count PPC persons only, as the forms do.
BASE_ROWS: dict[str, str] = {
    "population": "Tổng số (trong dữ liệu)",
    "female": "Nữ",
    "residents": "Tổng số (đang cư trú)",
    "disabled": "Khuyết tật",
    "disabled_able": "Khuyết tật có khả năng học tập",
    "disabled_access": "Khuyết tật được tiếp cận giáo dục",
    "moved": "Chuyển đi",
    "deceased": "Đã chết",
    "ppc": "Số phải phổ cập (PPC)",
    "preschool": "Đang học mầm non",
    "completed_preschool": "Hoàn thành chương trình GDMN",
    "grade1_plus": "Đã vào lớp 1 trở lên",
    "in_primary": "Đang học lớp 1–5",
    "completed_primary": "Hoàn thành chương trình tiểu học",
    "completed_primary_out": "Hoàn thành CT tiểu học, không thuộc số phải phổ cập",
    "rest_in_primary": "Chưa hoàn thành, đang học tiểu học",
    "in_lower_secondary": "Đang học lớp 6–9",
    "thcs_diploma": "Tốt nghiệp THCS",
    "studying_upper": "Đang học THPT, GDTX cấp THPT, GDNN",
    "upper_general": "Đang học THPT",
    "upper_gdtx": "Đang học GDTX cấp THPT",
    "vocational": "Đang học GDNN",
    "repeating": "Lưu ban (lớp 1–5)",
    "dropped_out": "Bỏ học",
    "dropped_primary": "Bỏ học, chưa hoàn thành tiểu học",
    "never_enrolled": "Chưa đi học",
    "literate_l1": "Biết chữ mức độ 1 trở lên",
    "literate_l2": "Biết chữ mức độ 2",
    "location_recorded": "Có ghi nơi học",
    **{f"grade_{g}": f"Đang học lớp {g}" for g in range(1, 10)},
}
# Rows the forms split by sex and ethnicity: "_f" female, "_em" ethnic minority, "_fem" both.
SPLIT = ("residents", "ppc", "literate_l1", "literate_l2")
SPLITS = {"_f": "nữ", "_em": "dân tộc thiểu số", "_fem": "nữ dân tộc thiểu số"}
# Rows the forms split by where a pupil studies: "_away" = studying elsewhere (the rest study locally).
LOCATED = ("completed_primary", "thcs_diploma", "repeating", "dropped_out", "dropped_primary",
           *(f"grade_{g}" for g in range(1, 10)))
AGE_ROWS: dict[str, str] = {
    **BASE_ROWS,
    **{f"{c}{s}": f"{BASE_ROWS[c]}, {label}" for c in SPLIT for s, label in SPLITS.items()},
    **{f"{c}_away": f"{BASE_ROWS[c]}, đi học nơi khác" for c in LOCATED},
}


def age_counts(facts: pd.DataFrame, unit: pd.Series) -> CountTable:
    """(unit, age) → the AGE_ROWS counts of one sheet. On numpy arrays taken once per fact (pandas' cost per
    operation was most of it); a missing grade (NaN) compares False, as pandas' between/eq gave."""
    taken: dict[str, np.ndarray] = {}

    def f(name: str) -> np.ndarray:
        if name not in taken:
            taken[name] = facts[name].to_numpy(dtype=bool)
        return taken[name]

    ppc = f("in_ppc")
    res = f("resident")
    grade = facts["current_grade"].to_numpy(dtype=float, na_value=np.nan)
    studying = f("current_recorded")
    n = len(facts)
    female = f("female") if "female" in facts else np.zeros(n, dtype=bool)
    cols = {
        "population": np.ones(n, dtype=bool),
        "female": female,
        "residents": res,
        "disabled": res & f("disabled"),
        # the access indicators' denominator and numerator (a blank yes/no answer kept in, as there)
        "disabled_able": res & f("disabled_able_to_learn"),
        "disabled_access": res & f("disabled_able_to_learn") & f("education_access"),
        "moved": f("moved"),
        "deceased": f("deceased"),
        "ppc": ppc,
        "preschool": ppc & f("attending_preschool"),
        "completed_preschool": ppc & f("completed_preschool"),
        "grade1_plus": ppc & f("grade1_plus"),
        "in_primary": ppc & f("in_primary"),
        "completed_primary": ppc & f("completed_primary"),
        "completed_primary_out": res & ~ppc & f("completed_primary"),
        "rest_in_primary": ppc & f("not_completed_primary") & f("in_primary"),
        "in_lower_secondary": ppc & (grade >= 6) & (grade <= 9),
        "thcs_diploma": ppc & f("thcs_diploma"),
        "studying_upper": ppc & f("studying_upper"),
        "upper_general": ppc & f("upper_general"),
        "upper_gdtx": ppc & f("upper_gdtx"),
        "vocational": ppc & f("vocational"),
        "repeating": ppc & f("repeating") & f("in_primary"),
        "dropped_out": ppc & f("dropped_out") & ~studying,
        "dropped_primary": ppc & f("dropped_out") & ~studying & f("not_completed_primary"),
        "never_enrolled": ppc & ~f("edu_recorded") & ~f("attending_preschool"),
        "literate_l1": ppc & f("literate_l1"),
        "literate_l2": ppc & f("literate_l2"),
        "location_recorded": res & f("location_recorded"),
        **{f"grade_{g}": ppc & (grade == g) for g in range(1, 10)},
    }
    minority = f("ethnic_minority")
    for c in SPLIT:
        cols[f"{c}_f"] = cols[c] & female
        cols[f"{c}_em"] = cols[c] & minority
        cols[f"{c}_fem"] = cols[c] & female & minority
    for c in LOCATED:
        cols[f"{c}_away"] = cols[c] & f("studying_away")
    return _count_by_unit_and_age({k: np.asarray(cols[k], dtype=bool) for k in AGE_ROWS}, unit, facts["age"])


AGES = MAX_AGE + 1


def _count_by_unit_and_age(cols: dict[str, np.ndarray], unit: pd.Series, age: pd.Series) -> CountTable:
    """Sum each boolean column per (unit, age): one bincount per column over a (unit, age) key, which keeps
    seventy columns over a province's persons well under a second. Rows with no unit (already reported)
    or no readable age are left out; only (unit, age) pairs that have persons get a row."""
    import pandas as pd

    ucodes, uniques = pd.factorize(unit.reset_index(drop=True), use_na_sentinel=True)
    years = age.to_numpy(dtype=float, na_value=np.nan)
    ok = (ucodes >= 0) & ~np.isnan(years) & (years >= 0) & (years <= MAX_AGE)
    key = ucodes[ok] * AGES + years[ok].astype(np.int64)
    size = len(uniques) * AGES
    present = np.flatnonzero(np.bincount(key, minlength=size))
    every = bool(ok.all())
    flags = [v if every else v[ok] for v in cols.values()]
    sums = np.column_stack([s[present] for s in sum_columns(key, size, flags)]) \
        if len(present) else np.zeros((0, len(cols)), dtype=np.int64)
    return CountTable([np.asarray(uniques, dtype=object)[present // AGES], (present % AGES).astype(np.int64)],
                      ["unit", "age"], list(cols), sums.astype(np.int64))


def add_ages(tables: list[CountTable]) -> CountTable:
    """Sum per-sheet age tables (every AGE_ROWS column present, zero where a table lacks one), sorted by
    unit and age."""
    return CountTable.concat(tables, list(AGE_ROWS), ["unit", "age"]).grouped(sort=True)


def band(ages: CountTable, units: list[str], lo: int, hi: int) -> dict[str, int]:
    """Sum of every AGE_ROWS column over the given units and ages lo..hi (inclusive)."""
    table = ages.with_columns(list(AGE_ROWS))
    if table.empty:
        return dict.fromkeys(AGE_ROWS, 0)
    age = table.level("age")
    member = np.isin(table.level("unit"), np.asarray(list(units), dtype=object))
    rows = member & (age >= lo) & (age <= hi)
    return dict(zip(AGE_ROWS, table.values[rows].sum(axis=0, dtype=np.int64).tolist()))
