"""Commune-level counts: one row per unit giving an indicator's numerator and denominator directly,
for officers who receive commune tables rather than survey rows.

A column is named by the indicator (its id or its Vietnamese label) and the part, e.g.
"ll_information_literacy - Tử số" / "… - Mẫu số", or a two-row header "Năng lực thông tin" over
"Tử số" and "Mẫu số"."""

from __future__ import annotations

import re

import pandas as pd

from ..law.indicators import INDICATORS
from ..io.grid import Grid
from ..io.headers import Header, find_header
from ..messages import Log
from ..io.textnorm import fold, key
from .common import Table, add_counts, check_listed_once, counts_column, read_table, unit_codes
from .kind import Aliases, CommuneContext, InputKind, Other, OtherSources
from .layout import UNIT_CODE, Sheet, Template, count
from ..counts.unit_index import UnitIndex

UNIT_ALIASES = ("Mã đơn vị", "Mã xã", "Xã/Phường", "Đơn vị", "Tên đơn vị", "Mã")
NUM_WORDS = {fold(w) for w in ("Tử số", "Số đạt", "Đạt", "numerator", "num", "Số người đạt")}
DEN_WORDS = {fold(w) for w in ("Mẫu số", "Tổng số", "Tổng", "denominator", "den", "Số phải đạt")}
_SPLIT = re.compile(r"\s*(?:/|\s-\s|\||:|\.(?=[a-z]))\s*")
# Short names officers put over a "Tử số / Mẫu số" pair, besides the ids and the full labels.
SHORT_NAMES = {
    "Năng lực thông tin": "ll_information_literacy", "Kỹ năng sống": "ll_life_skills",
    "Kĩ năng sống": "ll_life_skills", "Công dân học tập": "ll_learning_citizens",
    "Trình độ chuyên môn kỹ thuật": "ll_trained_15plus", "Đại học trở lên": "ll_university_15plus",
    "Gia đình học tập": "lm_families", "Dòng họ học tập": "lm_clans", "Cộng đồng học tập": "lm_communities",
    "Đơn vị học tập": "lm_units", "Trẻ 5 tuổi ra lớp": "mn5_attending", "Trẻ 4 tuổi ra lớp": "mn4_attending",
    "Hoàn thành chương trình mầm non 4 tuổi": "mn4_completed", "Trẻ 6 tuổi vào lớp 1": "th_entry_6",
    "Tốt nghiệp THCS 15-18": "thcs_graduated_15_18",
    "Trẻ 3 tuổi ra lớp": "mn3_attending", "Hoàn thành chương trình mầm non 3 tuổi": "mn3_completed",
    # The form MN-02's own rate: completed the programme over the children who attended the 5-year-old class.
    "Hoàn thành chương trình mầm non 5 tuổi": "mn5_completed",
    "Hoàn thành chương trình GDMN": "mn5_completed",
}
_NAMES = {**{fold(i.id): i.id for i in INDICATORS}, **{fold(i.label): i.id for i in INDICATORS},
          **{fold(k): v for k, v in SHORT_NAMES.items()}}


def indicator_part(header_name: str) -> tuple[str, str] | None:
    """'ll_life_skills - Tử số' → ('ll_life_skills', 'num'); None when the header names no indicator part."""
    parts = [p for p in _SPLIT.split(header_name.strip()) if p]
    if len(parts) < 2:
        return None
    part = fold(parts[-1])
    which = "num" if part in NUM_WORDS else "den" if part in DEN_WORDS else None
    ind = _NAMES.get(fold(" ".join(parts[:-1]))) or _NAMES.get(fold(parts[0]))
    return (ind, which) if ind and which else None


def suggest_part(header_name: str) -> str | None:
    """The indicator column a header nearly spells: "ll_life_skils - Tử số" → "ll_life_skills - Tử số"
    (its part word read, its indicator name a near miss of an id, label or short name); else None."""
    from .header_check import is_near

    parts = [p for p in _SPLIT.split(header_name.strip()) if p]
    if len(parts) < 2 or (fold(parts[-1]) not in NUM_WORDS | DEN_WORDS):
        return None
    name = " ".join(parts[:-1])
    known = [i.id for i in INDICATORS] + [i.label for i in INDICATORS] + list(SHORT_NAMES)
    hit = next((k for k in known if is_near(name, k)), None)
    return None if hit is None else f"{hit} - {parts[-1]}"


def _score(values: list[str | None]) -> int:
    units = {fold(a) for a in UNIT_ALIASES}
    return sum(2 if v is not None and indicator_part(v) else 1 if v is not None and fold(v) in units else 0
               for v in values)


def find_counts_header(grid: Grid) -> Header | None:
    header = find_header(grid, lambda vals: _score(vals) + _group_score(vals), min_score=2)
    if header is None:
        return None
    pairs = {indicator_part(n) for n in header.names} - {None}
    has_unit = any(key(n) in {key(a) for a in UNIT_ALIASES} for n in header.names)
    return header if pairs and has_unit else None


def _group_score(values: list[str | None]) -> int:
    """A two-row header names indicators in its first row; count them so the header is found there."""
    return sum(1 for v in values if v is not None and fold(v) in _NAMES)


def read_counts(table_grid: Grid, header: Header, index: UnitIndex, log: Log) -> tuple[pd.DataFrame, Table]:
    """Counts per unit: columns "{indicator}.num", ".den" and ".src" (1 where the row gives the pair)."""
    aliases: dict[str, tuple[str, ...]] = {"unit": UNIT_ALIASES}
    for name in header.names:
        ip = indicator_part(name)
        if ip:
            aliases[f"{ip[0]}.{ip[1]}"] = (name,)
    table = read_table(table_grid, header, aliases, log)
    codes = unit_codes(table, index, log)
    check_listed_once(table, codes, log)
    out = pd.DataFrame(index=table.frame.index)
    indicators = sorted({f.split(".")[0] for f in aliases if "." in f})
    for ind in indicators:
        num_f, den_f = f"{ind}.num", f"{ind}.den"
        if num_f not in table.frame or den_f not in table.frame:
            missing = "Mẫu số" if num_f in table.frame else "Tử số"
            log.error("counts-missing-part", f"chỉ số {ind} thiếu cột {missing}", **table.where())
            continue
        num, den = counts_column(table, num_f, log), counts_column(table, den_f, log)
        given = num.notna() & den.notna()
        half = num.notna() ^ den.notna()
        for i in table.frame.index[half]:
            log.error("counts-half-pair", f"chỉ số {ind}: có tử số hoặc mẫu số nhưng thiếu số kia",
                      **table.where(num_f if num.isna()[i] else den_f, int(table.frame.at[i, "_row"])))
        over = given & (num.fillna(0) > den.fillna(0))
        for i in table.frame.index[over]:
            log.error("counts-num-over-den", f"chỉ số {ind}: tử số {num[i]} lớn hơn mẫu số {den[i]}",
                      **table.where(num_f, int(table.frame.at[i, "_row"])))
        out[f"{ind}.num"] = num.fillna(0).astype("int64")
        out[f"{ind}.den"] = den.fillna(0).astype("int64")
        out[f"{ind}.src"] = given.astype("int64")
    out["unit"] = codes
    out = out[codes.notna()]
    return out.groupby("unit", sort=False).sum(), table


def _find(grid: Grid, aliases: Aliases | None) -> Header | None:
    return find_counts_header(grid)


def _read(other: Other, ctx: CommuneContext, out: OtherSources) -> None:
    counts, table = read_counts(other.grid, other.header, ctx.index, ctx.log)
    add_counts(out, other, counts, table, lambda i: f"{i}.num", ctx.log)


COUNT_INDICATORS = ("ll_information_literacy", "ll_life_skills", "ll_learning_citizens", "mn4_completed",
                    "mn3_completed")  # completion at 3 and 4 has no survey column: only this table settles it
_LABELS = {i.id: i.label for i in INDICATORS}
# The template's headers in the officer's words (the reader takes these, the ids and the full labels alike)
_SHORT = {ind: name for name, ind in reversed(list(SHORT_NAMES.items()))}
COUNTS = Template("so-lieu-xa.xlsx", "Số liệu tổng hợp của xã",
                  "Dùng khi phiếu điều tra không có cột cho một chỉ số: xã ghi sẵn tử số và mẫu số; chỉ số nào không "
                  "có thì để trống cả hai cột. Một chỉ số chỉ lấy từ một nguồn: nếu ghi ở "
                  "đây thì xóa cột tương ứng (Năng lực thông tin, Kỹ năng sống, Công dân học tập) khỏi phiếu điều "
                  "tra.", (Sheet("Số liệu xã", "một đơn vị", (
                      UNIT_CODE,
                      *(c for ind in COUNT_INDICATORS for c in (
                          count(f"{_SHORT[ind]} - Tử số", f"{_LABELS[ind]}: số đạt (tử số).", width=18),
                          count(f"{_SHORT[ind]} - Mẫu số", f"{_LABELS[ind]}: tổng số thuộc diện (mẫu số), không nhỏ hơn "
                                 "tử số.", width=18))),
                  )),))


KIND = InputKind("counts", "commune", _find, read=_read, gives_counts=True, templates=(COUNTS,),
                 columns={"unit": (*UNIT_ALIASES, "Tên xã")},
                 recognises=lambda name: indicator_part(name) is not None, suggest=suggest_part)
