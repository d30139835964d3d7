"""Facts → counts per unit: for every indicator a numerator/denominator pair, the persons left out of the
denominator, the persons without the fact recorded, and whether any source held it. Counts add, so an
area is the sum of its units and a large survey can be counted per file and summed."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .indicators import INDICATORS, PERSON_INDICATORS, Indicator
from .standards import Count

PARTS = ("num", "den", "disabled", "moved", "deceased", "unrec", "src")
EXTRA = ("rows", "no_birth_year", "sex_unknown")


def columns() -> list[str]:
    return [f"{i.id}.{p}" for i in INDICATORS for p in PARTS] + list(EXTRA)


def empty(codes: list[str]) -> pd.DataFrame:
    return pd.DataFrame(0, index=pd.Index(codes, name="unit"), columns=columns(), dtype="int64")


def cohort_mask(ind: Indicator, facts: pd.DataFrame) -> pd.Series:
    age = facts["age"]
    if ind.ages == "working":
        mask = facts["working_age"]
    elif ind.ages is None:
        mask = age >= 15
    else:
        lo, hi = ind.ages
        mask = (age >= lo) & (age <= hi) if hi is not None else age >= lo
    if ind.cohort_filter:
        mask = mask & facts[ind.cohort_filter]
    return mask.fillna(False).astype(bool)


def denominator_mask(ind: Indicator, facts: pd.DataFrame) -> pd.Series:
    """Who an indicator divides by: PPC of the cohort, or its residents (spec.md)."""
    cohort = cohort_mask(ind, facts)
    return cohort & (facts["in_ppc"] if ind.base == "ppc" else facts["resident"])


def numerator_mask(ind: Indicator, facts: pd.DataFrame) -> pd.Series:
    """The persons of the denominator who have the fact."""
    assert ind.fact is not None
    return denominator_mask(ind, facts) & facts[ind.fact]


def person_counts(facts: pd.DataFrame, unit: pd.Series, fields: set[str]) -> pd.DataFrame:
    """Group-by-sum of the indicator masks of one sheet's persons; `unit` gives each row's unit code."""
    cols: dict[str, np.ndarray] = {}
    for ind in PERSON_INDICATORS:
        available = any(f in fields for f in ind.sources)
        if not available:  # no source column: "no data", and nothing that could add to another source's counts
            for p in PARTS:
                cols[f"{ind.id}.{p}"] = np.zeros(len(facts), dtype=bool)
            continue
        cohort = cohort_mask(ind, facts)
        den = denominator_mask(ind, facts)
        dis = cohort & facts["resident"] & facts["ppc_excluded"] if ind.base == "ppc" \
            else pd.Series(False, index=facts.index)
        cols[f"{ind.id}.num"] = (den & facts[ind.fact]).to_numpy()
        cols[f"{ind.id}.den"] = den.to_numpy()
        cols[f"{ind.id}.disabled"] = dis.to_numpy()
        cols[f"{ind.id}.moved"] = (cohort & facts["moved"]).to_numpy()
        cols[f"{ind.id}.deceased"] = (cohort & facts["deceased"]).to_numpy()
        cols[f"{ind.id}.unrec"] = (den & ~facts[ind.recorded]).to_numpy()
        cols[f"{ind.id}.src"] = np.ones(len(facts), dtype=bool)
    cols["rows"] = np.ones(len(facts), dtype=bool)
    cols["no_birth_year"] = facts["age"].isna().to_numpy()
    cols["sex_unknown"] = facts["sex_unknown"].to_numpy()
    return sum_by(cols, unit)


def sum_by(cols: dict[str, np.ndarray], *keys: pd.Series) -> pd.DataFrame:
    """Sum boolean columns per group of keys (a unit, or a unit and an age); rows with a missing key (an
    unassigned unit, already reported as an error; an unknown age) are left out. No per-person loop:
    rows are sorted by group once and each column summed per run of equal keys."""
    frame = pd.concat([k.reset_index(drop=True) for k in keys], axis=1, keys=range(len(keys)))
    keep = frame.notna().all(axis=1).to_numpy()
    kept = frame[keep]
    if len(keys) > 1:
        codes, uniques = pd.factorize(pd.MultiIndex.from_frame(kept))
    else:
        codes, uniques = pd.factorize(kept[0])
    matrix = np.column_stack([np.asarray(v, dtype=bool)[keep] for v in cols.values()])
    if len(uniques) == 0:
        sums = np.zeros((0, len(cols)), dtype=np.int64)
    elif len(uniques) == 1:
        sums = matrix.sum(axis=0, dtype=np.int64)[None, :]
    else:
        order = np.argsort(codes, kind="stable")
        starts = np.flatnonzero(np.r_[True, np.diff(codes[order]) != 0])
        sums = np.add.reduceat(matrix[order], starts, axis=0, dtype=np.int64)
        uniques = uniques.take(codes[order][starts])
    index = uniques if len(keys) > 1 else pd.Index(list(uniques), name="unit")
    return pd.DataFrame(sums, index=index, columns=list(cols), dtype="int64")


def add(tables: list[pd.DataFrame], codes: list[str]) -> pd.DataFrame:
    """Sum count tables onto the given units (every unit present, zero where no rows)."""
    total = empty(codes)
    for t in tables:
        t = t.reindex(columns=total.columns, fill_value=0)
        total = total.add(t.reindex(total.index, fill_value=0), fill_value=0)
    return total.astype("int64")


def count_of(row: pd.Series, indicator: str) -> Count:
    return Count(int(row[f"{indicator}.num"]), int(row[f"{indicator}.den"]), bool(row[f"{indicator}.src"] > 0))
