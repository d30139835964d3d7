"""Counts per unit and single year of age: the rows of the official statistical forms (TH-M1, THCS-M1,
XMC-3). They come from the same facts as the indicators, so a form's total over an age band equals the
indicator's numerator or denominator (one computation, two presentations)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .counts import sum_by

# column → (Vietnamese row label, rule over the facts)
AGE_ROWS: dict[str, str] = {
    "population": "Tổng số (trong dữ liệu)",
    "female": "Nữ",
    "residents": "Đang cư trú",
    "disabled": "Khuyết tật",
    "disabled_able": "Khuyết tật có khả năng học tập",
    "moved": "Chuyển đi",
    "deceased": "Đã chết",
    "ppc": "Số phải phổ cập (PPC)",
    "preschool": "Đang học mầm non",
    "completed_preschool": "Hoàn thành chương trình GDMN",
    "grade1_plus": "Đã vào lớp 1 trở lên",
    "in_primary": "Đang học lớp 1–5",
    "completed_primary": "Hoàn thành chương trình tiểu học",
    "rest_in_primary": "Chưa hoàn thành, đang học tiểu học",
    "in_lower_secondary": "Đang học lớp 6–9",
    "thcs_diploma": "Tốt nghiệp THCS",
    "studying_upper": "Đang học THPT, GDTX cấp THPT, GDNN",
    "dropped_out": "Bỏ học",
    "never_enrolled": "Chưa đi học",
    "literate_l1": "Biết chữ mức độ 1 trở lên",
    "literate_l2": "Biết chữ mức độ 2",
}


def age_counts(facts: pd.DataFrame, unit: pd.Series) -> pd.DataFrame:
    """(unit, age) → the AGE_ROWS counts of one sheet. PPC rows count PPC persons only, as the forms do."""
    ppc = facts["in_ppc"]
    res = facts["resident"]
    grade = facts["current_grade"]
    studying = facts["current_recorded"]
    cols = {
        "population": np.ones(len(facts), dtype=bool),
        "female": facts["female"] if "female" in facts else np.zeros(len(facts), dtype=bool),
        "residents": res,
        "disabled": res & facts["disabled"],
        "disabled_able": res & facts["disabled"] & facts["able_to_learn"],
        "moved": facts["moved"],
        "deceased": facts["deceased"],
        "ppc": ppc,
        "preschool": ppc & facts["attending_preschool"],
        "completed_preschool": ppc & facts["completed_preschool"],
        "grade1_plus": ppc & facts["grade1_plus"],
        "in_primary": ppc & facts["in_primary"],
        "completed_primary": ppc & facts["completed_primary"],
        "rest_in_primary": ppc & facts["not_completed_primary"] & facts["in_primary"],
        "in_lower_secondary": ppc & grade.between(6, 9),
        "thcs_diploma": ppc & facts["thcs_diploma"],
        "studying_upper": ppc & facts["studying_upper"],
        "dropped_out": ppc & facts["dropped_out"] & ~studying,
        "never_enrolled": ppc & ~facts["edu_recorded"] & ~facts["attending_preschool"],
        "literate_l1": ppc & facts["literate_l1"],
        "literate_l2": ppc & facts["literate_l2"],
    }
    age = facts["age"].where(facts["age"].between(0, 120)).astype("Int64")
    table = sum_by({k: np.asarray(v, dtype=bool) for k, v in cols.items()}, unit, age)
    table.index = table.index.set_names(["unit", "age"])
    return table


def add_ages(tables: list[pd.DataFrame]) -> pd.DataFrame:
    if not tables:
        return pd.DataFrame(columns=list(AGE_ROWS), index=pd.MultiIndex.from_tuples([], names=["unit", "age"]))
    out = pd.concat(tables).groupby(level=["unit", "age"]).sum().astype("int64")
    return out.sort_index()


def band(ages: pd.DataFrame, units: list[str], lo: int, hi: int) -> pd.Series:
    """Sum of every AGE_ROWS column over the given units and ages lo..hi (inclusive)."""
    if ages.empty:
        return pd.Series(0, index=list(AGE_ROWS), dtype="int64")
    idx = ages.index
    mask = idx.get_level_values("unit").isin(units) & (idx.get_level_values("age") >= lo) \
        & (idx.get_level_values("age") <= hi)
    return ages[mask].sum().reindex(list(AGE_ROWS), fill_value=0).astype("int64")
