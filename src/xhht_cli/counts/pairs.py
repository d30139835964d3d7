"""Facts → counts per unit: for every indicator a numerator/denominator pair, the persons left out of the
denominator, the persons without the fact recorded, and whether any source held it. Counts add, so an
area is the sum of its units and a large survey can be counted per file and summed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ..law.indicators import INDICATORS, PERSON_INDICATORS, Indicator
from .table import CountTable, group_bits, sum_columns

if TYPE_CHECKING:  # the cold path's counting uses pandas; adding and reading counts (a cache hit) do not
    import pandas as pd

PARTS = ("num", "den", "disabled", "moved", "deceased", "unrec", "src")
EXTRA = ("rows", "no_birth_year", "sex_unknown")


def columns() -> list[str]:
    return list(_COLUMNS)  # a copy: a caller may extend its own


# indicator → part → its column, named once: building a report reads them by the million for 3,300 communes
KEYS = {i.id: {p: f"{i.id}.{p}" for p in PARTS} for i in INDICATORS}
_COLUMNS = tuple([KEYS[i.id][p] for i in INDICATORS for p in PARTS] + list(EXTRA))  # made once: 3,300 reports
SOURCES = tuple(c for c in _COLUMNS if c.endswith(".src"))  # whether any source held each indicator


def empty(codes: list[str]) -> CountTable:
    return CountTable.zeros(codes, columns())


def cohort(ind: Indicator, age: np.ndarray, flag: Callable[[str], np.ndarray]) -> np.ndarray:
    """Who an indicator's cohort holds (its ages, or working age, and its filter): the one rule, on numpy
    arrays (`age` float with NaN for no birth year, which compares False; `flag` a fact's booleans)."""
    if ind.ages == "working":
        mask = flag("working_age")
    elif ind.ages is None:
        mask = age >= 15
    else:
        lo, hi = ind.ages
        mask = (age >= lo) & (age <= hi) if hi is not None else age >= lo
    if ind.cohort_filter:
        mask = mask & flag(ind.cohort_filter)
    return mask


def cohort_mask(ind: Indicator, facts: pd.DataFrame) -> pd.Series:
    import pandas as pd

    age = facts["age"].to_numpy(dtype=float, na_value=np.nan)
    return pd.Series(cohort(ind, age, lambda name: facts[name].to_numpy(dtype=bool)), index=facts.index,
                     copy=False)


def denominator_mask(ind: Indicator, facts: pd.DataFrame) -> pd.Series:
    """Who an indicator divides by: PPC of the cohort, or its residents (spec.md)."""
    cohort = cohort_mask(ind, facts)
    return cohort & (facts["in_ppc"] if ind.base == "ppc" else facts["resident"])


def numerator_mask(ind: Indicator, facts: pd.DataFrame) -> pd.Series:
    """The persons of the denominator who have the fact."""
    assert ind.fact is not None
    return denominator_mask(ind, facts) & facts[ind.fact]


def person_counts(facts: pd.DataFrame, unit: pd.Series, fields: set[str]) -> CountTable:
    """Group-by-sum of the indicator masks of one sheet's persons; `unit` gives each row's unit label."""
    return CountTable.from_frame(sum_by(_person_columns(facts, fields), unit))


def _person_columns(facts: pd.DataFrame, fields: set[str]) -> Iterator[tuple[str, np.ndarray]]:
    """The counted masks one at a time, so that no more than a few persons-long columns live at once. The
    same masks as cohort_mask/denominator_mask, on numpy arrays taken once per fact, and each cohort (ages,
    filter) made once for the indicators that share it: pandas' per-operation cost was a third of the
    counting."""
    n = len(facts)
    flags: dict[str, np.ndarray] = {}

    def flag(name: str) -> np.ndarray:
        if name not in flags:
            flags[name] = facts[name].to_numpy(dtype=bool)
        return flags[name]

    age = facts["age"].to_numpy(dtype=float, na_value=np.nan)  # NaN compares False, as pandas' NA did
    cohorts: dict[object, np.ndarray] = {}

    def cohort_of(ind: Indicator) -> np.ndarray:
        key = (tuple(ind.ages) if isinstance(ind.ages, list) else ind.ages, ind.cohort_filter)
        if key not in cohorts:
            cohorts[key] = cohort(ind, age, flag)
        return cohorts[key]

    for ind in PERSON_INDICATORS:
        available = any(f in fields for f in ind.sources)
        if not available:  # no source column: "no data", and nothing that could add to another source's counts
            for p in PARTS:
                yield f"{ind.id}.{p}", np.zeros(n, dtype=bool)
            continue
        assert ind.fact is not None
        who = cohort_of(ind)
        den = who & flag("in_ppc" if ind.base == "ppc" else "resident")
        yield f"{ind.id}.num", den & flag(ind.fact)
        yield f"{ind.id}.den", den
        yield f"{ind.id}.disabled", (who & flag("resident") & flag("ppc_excluded")) \
            if ind.base == "ppc" else np.zeros(n, dtype=bool)
        yield f"{ind.id}.moved", who & flag("moved")
        yield f"{ind.id}.deceased", who & flag("deceased")
        yield f"{ind.id}.unrec", den & ~flag(ind.recorded)
        yield f"{ind.id}.src", np.ones(n, dtype=bool)
    yield "rows", np.ones(n, dtype=bool)
    yield "no_birth_year", np.isnan(age)
    yield "sex_unknown", flag("sex_unknown")


def sum_by(cols: Mapping[str, Any] | Iterable[tuple[str, Any]], *keys: pd.Series) -> pd.DataFrame:
    """Sum boolean columns per group of keys (a unit, or a unit and an age); rows with a missing key (an
    unassigned unit, already reported as an error; an unknown age) are left out. No per-person loop and
    no persons × columns matrix: each column is summed per group by one bincount as it comes (pass a
    generator to keep only one column of a 3,000,000-person sheet in memory at a time)."""
    import pandas as pd

    frame = pd.concat([k.reset_index(drop=True) for k in keys], axis=1, keys=range(len(keys)))
    keep = frame.notna().all(axis=1).to_numpy()
    kept = frame[keep]
    if len(keys) > 1:
        codes, uniques = pd.factorize(pd.MultiIndex.from_frame(kept))  # groups in order of first appearance
    else:
        codes, uniques = pd.factorize(kept[0])
    n = len(uniques)
    bits = group_bits(codes, n)
    names: list[str] = []
    sums: list[np.ndarray] = []
    batch: list[np.ndarray] = []
    every = bool(keep.all())
    for name, values in (cols.items() if isinstance(cols, Mapping) else cols):
        names.append(name)
        batch.append(np.asarray(values, dtype=bool) if every else np.asarray(values, dtype=bool)[keep])
        if len(batch) == 8:
            sums.extend(sum_columns(codes, n, batch, bits))
            batch = []
    sums.extend(sum_columns(codes, n, batch, bits))
    matrix = np.column_stack(sums) if sums else np.zeros((n, 0), dtype=np.int64)
    index = uniques if len(keys) > 1 else pd.Index(list(uniques), name="unit")
    return pd.DataFrame(matrix, index=index, columns=names, dtype="int64")




def add(tables: list[CountTable], codes: list[str]) -> CountTable:
    """Sum count tables onto the given units (every unit present, zero where no rows; rows of other units
    left out). One concatenation and one placement: adding 3,300 summed reports one by one was quadratic."""
    cols = columns()
    return CountTable.concat(tables, cols, ["unit"]).onto(codes)
