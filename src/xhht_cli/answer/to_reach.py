"""Who must still be reached: for each commune and each failing criterion of a standard, the persons in
the criterion's denominator but not its numerator (e.g. 15–18-year-olds without the THCS diploma), so
officers can visit them. The only output that holds personal data: built only when asked."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..counts.pairs import denominator_mask, numerator_mask
from ..law.indicators import BY_ID
from ..counts.gathered import PersonRows
from ..pipeline import Run
from ..io.own_columns import PERSONS

COLUMNS = PERSONS


def highest_levels(run: Run) -> dict[str, int]:
    """The level the plan asks of each standard (any year, level or share target); 1 where it asks none."""
    out = {s.id: 1 for s in run.rules.standards}
    for t in run.plan.targets:
        if t.standard is None:
            continue
        for y in t.years:
            level = int(y.required) if t.kind == "level" else (t.level or 1) if t.kind == "share_at_level" else 1
            out[t.standard] = max(out[t.standard], level)
    return out


def failing_criteria(run: Run) -> list[tuple[str, str, int, str]]:
    """(unit, standard, level, indicator) of every indicator criterion a commune misses, up to the plan's level;
    an indicator failing at several levels is listed once, at the lowest (the persons are the same)."""
    required = highest_levels(run)
    communes = {u.code for u in run.report.units if u.kind == "commune"}
    out: dict[tuple[str, str, str], int] = {}
    for s in run.report.standards:
        if s.unit not in communes:
            continue
        for c in s.criteria:
            if c.kind == "indicator" and c.met is False and c.level <= required[s.standard] and c.indicator:
                key = (s.unit, s.standard, c.indicator)
                out[key] = min(out.get(key, c.level), c.level)
    return [(unit, std, level, ind) for (unit, std, ind), level in out.items()]


UNRECORDED = "Chưa ghi số liệu — {label}"  # the heading of the persons whose recording could settle a level


def settle_criteria(run: Run) -> list[tuple[str, str, int, str]]:
    """(unit, standard, level, indicator) where recording the unrecorded persons' fact could lift the unit to
    the next level (the standards rows' `settle`)."""
    return [(st.unit, s.standard, st.level or 0, st.indicator) for s in run.report.standards for st in s.settle]


def persons_to_reach(run: Run) -> pd.DataFrame:
    failing = failing_criteria(run)
    settle = settle_criteria(run)
    names = {u.code: u.name for u in run.report.units}
    shorts = {s.id: s.short for s in run.rules.standards}
    frames: list[pd.DataFrame] = []

    def listed(f: pd.DataFrame, sheet: Any, unit: pd.Series, fields: set[str]) -> None:
        """The rows of one sheet (or of one batch of a sheet read again) that the list names."""
        raw = sheet.frame
        for indicator in sorted({ind for *_, ind in failing + settle}):
            ind = BY_ID[indicator]
            if not any(src in fields for src in ind.sources):
                continue
            den = denominator_mask(ind, f)
            missing = den & ~numerator_mask(ind, f)
            unrecorded = den & ~f[ind.recorded] if ind.recorded else den & False
            groups = [(x, missing, ind.label) for x in failing if x[3] == indicator] \
                + [(x, unrecorded, UNRECORDED.format(label=ind.label)) for x in settle if x[3] == indicator]
            for (code, std, level, _), who, heading in groups:
                rows = who & unit.eq(code).to_numpy()
                if not rows.any():
                    continue
                frames.append(pd.DataFrame({
                    "Mã đơn vị": code, "Đơn vị": names[code], "Chuẩn": shorts[std], "Mức": level,
                    "Tiêu chí": heading, "Tệp": sheet.grid.file.name, "Sheet": sheet.grid.sheet,
                    "Dòng": raw.loc[rows, "_row"], "Thôn/Ấp": _col(raw, rows, "hamlet"),
                    "Số phiếu": _col(raw, rows, "household"), "Họ và tên": _name(raw, rows),
                    "Năm sinh": (run.report.year - f.loc[rows, "age"]).astype("Int64"),
                }))

    for kept in run.gathered.persons:
        if isinstance(kept, PersonRows):
            listed(kept.facts, kept.sheet, kept.unit, kept.sheet.fields)
        else:  # a survey counted in batches: a second pass over its file, keeping only the rows listed
            kept.each(run.rules, listed)
    if not frames:
        return pd.DataFrame(columns=list(COLUMNS))
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["Mã đơn vị", "Chuẩn", "Mức", "Tiêu chí", "Tệp", "Sheet", "Dòng"], kind="stable") \
        .reset_index(drop=True)[list(COLUMNS)]


def _col(raw: pd.DataFrame, rows: pd.Series, fld: str) -> pd.Series:
    return raw.loc[rows, fld] if fld in raw else pd.Series(pd.NA, index=raw.index[rows], dtype="string")


def _name(raw: pd.DataFrame, rows: pd.Series) -> pd.Series:
    if "name_full" in raw:
        return raw.loc[rows, "name_full"]
    if "name_given" in raw:
        middle = raw.loc[rows, "name_middle"].fillna("") if "name_middle" in raw else ""
        return (middle + " " + raw.loc[rows, "name_given"].fillna("")).str.strip()
    return pd.Series(pd.NA, index=raw.index[rows], dtype="string")
