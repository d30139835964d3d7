"""Reading coded cell values (grades, diplomas, yes/no, statuses) into numbers and categories.

Each parser reads one text value; `by_distinct` applies it to a column's distinct values only, so a
300,000-row column with a few dozen distinct codes costs a few dozen calls.
A parser returns BAD for a value none of its rules can read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ..io.grid import arrow_text
from ..io.textnorm import fold

BAD: Any = "__bad__"
Factorized = tuple[np.ndarray, Any]  # pd.factorize(column): codes (-1 for blanks) and the distinct values


def by_distinct(s: pd.Series, fn: Callable[[str], Any], na: Any = None, factorized: Factorized | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
    """(codes, results): results[codes] is fn of each cell, `na` for empty cells; fn runs once per distinct
    value. `factorized` is pd.factorize(s) when already made (SurveySheet.factorized)."""
    codes, uniques = factorized if factorized is not None else pd.factorize(s, use_na_sentinel=True)
    results = np.empty(len(uniques) + 1, dtype=object)
    for i, u in enumerate(uniques):
        results[i] = fn(str(u))
    results[-1] = na  # code -1 (empty cell) picks the last slot
    return codes, results


_NUM = re.compile(r"^\s*(-?\d{1,18})(?:[.,]0+)?\s*$")  # 18 digits: int() refuses past 4,300, and no count needs 19
_FLOAT = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")


def as_int(text: str) -> int | None:
    m = _NUM.match(text)
    return int(m.group(1)) if m else None


TRUE_WORDS = {"x", "co", "c", "1", "yes", "y", "true", "dung", "dat", "✓", "✔", "v"}
FALSE_WORDS = {"khong", "k", "0", "no", "n", "false", "ko", "chua", "sai"}


def parse_bool(text: str) -> bool | Any:
    f = fold(text)
    if f in TRUE_WORDS or text.strip() in ("✓", "✔"):
        return True
    if f in FALSE_WORDS:
        return False
    return BAD


def parse_mark(text: str) -> bool:
    """A mark column (disability type, "Nữ", "Bổ túc"): anything but an explicit no is a mark."""
    return fold(text) not in FALSE_WORDS


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")


def parse_birth_year(text: str) -> int | Any:
    """A year (1957), a full date (dd/mm/yyyy, ISO) or an Excel date serial → the birth year."""
    n = as_int(text)
    if n is not None:
        if 1000 <= n <= 2999:
            return n
        if 3000 <= n <= 80000:  # an Excel date serial: 1908 to 2118
            return (_EXCEL_EPOCH + dt.timedelta(days=n)).year
        return BAD
    if _FLOAT.match(text):
        serial = float(text)
        if 3000 <= serial <= 80000:
            return (_EXCEL_EPOCH + dt.timedelta(days=int(serial))).year
        return BAD
    m = _DATE.match(text)
    if m:
        return int(m.group(3))
    m = _ISO.match(text)
    if m:
        return int(m.group(1))
    return BAD


# Current study (official column R "Khối học"): (kind, grade, in continuing education)
PRESCHOOL = re.compile(r"^(mn|nt|mg|mau giao|nha tre|mam non|nhom tre|lop la|choi|mam|la)\b")
VOCATIONAL = ("so cap", "trung cap", "cao dang", "gdnn", "nghe", "tc", "cd", "sc", "tcn", "cdn")
HIGHER = ("dai hoc", "dh", "sv", "sinh vien", "thac si", "cao hoc", "tien si", "ncs", "nghien cuu sinh", "ths", "ts")
_GRADE = re.compile(r"^(?:(bt|bo tuc|gdtx|btvh)\s*)?(?:lop|khoi)?\s*(\d{1,2})(?:\s*\w?)?$")
# A literacy class (xóa mù chữ) as the current study: "XMC", "Lớp XMC 3", "Xóa mù chữ" (no grade: it is no
# general-education grade; it counts only as access to education).
LITERACY = re.compile(r"^(?:lop\s*)?(xmc|xoa mu chu|bo tuc xmc)\b")


def parse_current(text: str) -> tuple[str, float, bool] | Any:
    f = fold(text)
    if PRESCHOOL.match(f):
        return ("preschool", float("nan"), False)
    if LITERACY.match(f):
        return ("literacy", float("nan"), False)
    m = _GRADE.match(f.replace(".0", "")) if f else None
    if m:
        g = int(m.group(2))
        if 1 <= g <= 12:
            return ("general", float(g), bool(m.group(1)))
        return BAD
    if f in VOCATIONAL or any(f.startswith(v + " ") for v in VOCATIONAL):
        return ("vocational", float("nan"), False)
    if f in HIGHER or any(f.startswith(h + " ") for h in HIGHER):
        return ("higher", float("nan"), False)
    return BAD


# Highest general diploma (column W) → the grade it implies; MN (preschool) implies no grade.
DIPLOMAS = {
    "mn": 0, "mam non": 0, "mg": 0, "mau giao": 0,
    "th": 5, "tieu hoc": 5, "tn th": 5, "httc th": 5, "ht th": 5,
    "thcs": 9, "trung hoc co so": 9, "tn thcs": 9, "bt thcs": 9,
    "thpt": 12, "trung hoc pho thong": 12, "tn thpt": 12, "bt thpt": 12, "gdtx": 12, "btvh": 12,
}


def parse_diploma(text: str) -> int | Any:
    return DIPLOMAS.get(fold(text), BAD)


# Qualification (column Z): sơ cấp < trung cấp < cao đẳng < đại học < thạc sĩ < tiến sĩ
QUALIFICATIONS = {
    "so cap": 1, "sc": 1, "so cap nghe": 1, "chung chi nghe": 1,
    "trung cap": 2, "tc": 2, "trung cap nghe": 2, "tcn": 2, "trung cap chuyen nghiep": 2, "tccn": 2,
    "cao dang": 3, "cd": 3, "cao dang nghe": 3, "cdn": 3,
    "dai hoc": 4, "dh": 4, "cu nhan": 4, "ky su": 4, "bac si": 4,
    "thac si": 5, "ths": 5, "cao hoc": 5,
    "tien si": 6, "ts": 6, "tien sy": 6, "tskh": 6, "pho giao su": 6, "giao su": 6,
}
NO_QUALIFICATION = {"khong", "chua qua dao tao", "khong co", "0"}


def parse_qualification(text: str) -> int | Any:
    f = fold(text)
    if f in NO_QUALIFICATION:
        return 0
    return QUALIFICATIONS.get(f, BAD)


MOVED = {"chuyen di", "da chuyen di", "di khoi dia phuong", "chuyen khau", "chuyen di noi khac"}
DECEASED = {"chet", "da chet", "qua doi", "da qua doi", "tu tran", "mat", "da mat"}
PRESENT = {"dang o", "chuyen den", "thuong tru", "tam tru", "tam vang", "co mat", "o", "hien dien"}


def parse_residence(text: str) -> str | Any:
    left = parse_special(text)
    if left is not None:
        return left
    return "resident" if fold(text) in PRESENT else BAD


def parse_special(text: str) -> str | None:
    """Hoàn cảnh đặc biệt (AT) holds many circumstances; only moved away and deceased matter here."""
    f = fold(text)
    if f in MOVED:
        return "moved"
    if f in DECEASED:
        return "deceased"
    return None


def parse_sex(text: str) -> str | Any:
    f = fold(text)
    if f in ("nu", "f", "female", "x"):
        return "F"
    if f in ("nam", "m", "male"):
        return "M"
    return BAD


def int_in(lo: int, hi: int) -> Callable[[str], int | Any]:
    def parse(text: str) -> int | Any:
        f = fold(text)
        f = re.sub(r"^(lop|muc|giai doan|gd|l)\s*", "", f)
        n = as_int(f)
        return n if n is not None and lo <= n <= hi else BAD

    return parse


# A totals row ("Tổng cộng") under a table: counted, it would be one more person or commune.
TOTAL_WORDS = ("Tổng", "Tổng cộng", "Cộng", "Tổng số", "Cộng chung", "Toàn thị xã", "Toàn huyện")
_TOTAL_FORMS = sorted({w.lower() for w in TOTAL_WORDS} | {fold(w) for w in TOTAL_WORDS})


def total_mask(s: pd.Series, factorized: Factorized | None = None) -> pd.Series:
    """Cells that say "total", vectorised (a name column has as many distinct values as persons). Text held
    by Arrow goes through Arrow's kernels directly (the ones pandas' .str would call, without a Series
    between each): a third of the time. A column of few distinct values (units, hamlets) is tested on its
    distinct values (136,000 units: 3.7 against 9.3 ms), or on those `factorized` gives (codes, distinct
    values: a batch's cleaned column, read/batch_parts.py) without encoding it again; one of names, which
    would gain nothing from encoding, cell by cell."""
    import pyarrow as pa

    if factorized is not None:
        codes, uniques = factorized
        hit = np.append(_says_total(pa.array(list(uniques), type=pa.large_string())).to_numpy(zero_copy_only=False),
                        False)  # code -1 (a blank cell) picks the last slot
        return pd.Series(hit[codes], index=s.index, dtype=bool, copy=False)
    text = arrow_text(s)
    if text is not None:
        import pyarrow.compute as pc

        encoded = pc.dictionary_encode(text) if _few_distinct(text) else None
        hit = _says_total(text if encoded is None else encoded.dictionary)
        hit = hit if encoded is None else hit.take(encoded.indices)
        return pd.Series(pc.fill_null(hit, False).to_numpy(zero_copy_only=False), index=s.index, dtype=bool)
    return s.str.lower().str.strip().str.rstrip(":").isin(_TOTAL_FORMS).fillna(False).astype(bool)


def _says_total(text: Any) -> Any:
    """Arrow text → Arrow bools: the value, trimmed, lower-cased and without a trailing colon, is a totals
    word."""
    import pyarrow as pa
    import pyarrow.compute as pc

    said = pc.utf8_rtrim(pc.utf8_trim_whitespace(pc.utf8_lower(text)), characters=":")
    return pc.is_in(said, value_set=pa.array(_TOTAL_FORMS, type=said.type))


def _few_distinct(text: Any) -> bool:
    """A column's first thousand cells hold few distinct values (one in ten or fewer)."""
    import pyarrow.compute as pc

    head = text.slice(0, 1000)
    return len(head) > 0 and pc.count_distinct(head).as_py() * 10 <= len(head)


def is_total(text: str) -> bool:
    return text.lower().strip().rstrip(":") in _TOTAL_FORMS
