"""Per-person facts derived once from raw fields, each by one vectorised rule (spec.md, "Facts derived
from a person's row"). The rules never know which layout a row came from."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from ..messages import quote
from ..messages import Log
from ..law.standards import Literacy, Standards, WorkingAge
from ..io.textnorm import fold
from .misfit import is_misfit, shapes
from .values import (
    BAD,
    by_distinct,
    int_in,
    parse_birth_year,
    parse_bool,
    parse_current,
    parse_diploma,
    parse_mark,
    parse_qualification,
    parse_residence,
    parse_sex,
    parse_special,
)

if TYPE_CHECKING:  # the survey reader builds the sheets; the facts only read them
    from ..sources.survey import SurveySheet

# From this many persons born after the survey year in one sheet, one warning counts them: the likely cause
# is the survey's year itself (another year's data), not each person's typing.
FUTURE_FLOOD = 10
PRIVATE_FIELDS = {"birth_year", "birth_date"}  # their values are personal data: never quoted in messages


@dataclass
class Parsed:
    """A parsed column kept as its distinct values' readings: `results[codes]` is each row's reading (None
    where unreadable, the last slot for blank cells), so what is derived from it is decided once per
    distinct value and spread to the rows by position. Rows come out as numpy arrays: the facts are made
    on arrays, a DataFrame only at the end (pandas' cost per operation was most of deriving a batch)."""

    codes: np.ndarray  # per row: the slot of its distinct value, -1 (the last slot) when blank
    results: np.ndarray  # object: the reading of each distinct value, then the blank cells' value
    recorded: np.ndarray  # bool: the cell holds something (readable or not)

    def __post_init__(self) -> None:
        # numpy converts 32-bit positions to its own index type on every gather: once here, not at each
        # spread (a third of the time of each of ~20 spreads a batch)
        self.codes = np.asarray(self.codes, dtype=np.intp)

    @classmethod
    def absent(cls, n: int, missing: object) -> Parsed:
        """A column the sheet does not have: every row blank, reading `missing`."""
        return cls(np.full(n, -1, dtype=np.intp), np.array([missing], dtype=object), np.zeros(n, dtype=bool))

    def spread(self, per_value: np.ndarray, dtype: object = None) -> np.ndarray:
        """An elementwise function of the readings, given over the distinct readings, per row."""
        return np.asarray(per_value, dtype=dtype)[self.codes]

    def eq(self, value: object) -> np.ndarray:
        return self.spread(np.array([r == value for r in self.results], dtype=bool))

    def isin(self, values: list[object]) -> np.ndarray:
        return self.spread(np.array([r in values for r in self.results], dtype=bool))

    def notna(self) -> np.ndarray:
        return self.spread(pd.notna(self.results).astype(bool))

    def as_type(self, dtype: type) -> np.ndarray:
        """The readings per row as `dtype` (each distinct reading converted once)."""
        return self.results.astype(dtype)[self.codes]


def _parse(sheet: SurveySheet, fld: str, fn, log: Log, code: str, expected: str,
           fallback: str = "tính là không có") -> Parsed:
    frame = sheet.frame
    if fld not in frame:
        return Parsed.absent(len(frame), np.nan)
    raw = frame[fld]
    codes, results = by_distinct(raw, fn, factorized=sheet.factorized(fld))
    bad_codes = [i for i, v in enumerate(results) if v is BAD]
    results[bad_codes] = None
    if bad_codes:
        isbad = np.isin(codes, bad_codes)
        n_bad, filled = int(isbad.sum()), int((codes >= 0).sum())
        if is_misfit(n_bad, filled):  # the header is over another column: one error, not a warning per cell
            counts = np.bincount(codes[isbad], minlength=len(results))[bad_codes]
            uniques = sheet.factorized(fld)[1]
            log.error("column-values-misfit", f"{n_bad} trên {filled} ô có giá trị của cột không đọc được (cần "
                      f"{expected}); cột chứa: {shapes(pd.Series(np.asarray(uniques, dtype=object)[bad_codes]), counts)}. "
                      "Có thể tiêu đề đặt nhầm cột hoặc lệch một cột: sửa tiêu đề cho đúng cột dữ liệu, hoặc gán "
                      "bằng --columns", file=str(sheet.grid.file), sheet=sheet.grid.sheet,
                      column=sheet.columns.get(fld, fld))
        else:
            _report_bad(sheet, fld, raw, isbad, log, code, expected, fallback)
    return Parsed(codes, results, sheet.recorded(fld).to_numpy())


def _report_bad(sheet: SurveySheet, fld: str, raw: pd.Series, bad: np.ndarray, log: Log, code: str,
                expected: str, fallback: str) -> None:
    rows = sheet.frame.loc[bad, "_row"]
    # plain text (a batch's column may be a categorical, whose groups would come in its categories' order)
    values = raw[bad].to_numpy(dtype=object)
    where = dict(file=str(sheet.grid.file), sheet=sheet.grid.sheet, column=sheet.columns.get(fld, fld))
    if fld in PRIVATE_FIELDS:
        # a birth date is personal data (and the column may hold a name typed in the wrong place): quote only its
        # shape — '2OO6' reads '#AA#', letters where digits belong — never the value itself
        shapes = np.array([re.sub(r"[^\W\d_]", "A", re.sub(r"\d", "#", " ".join(str(v).split()))) for v in values],
                          dtype=object)
        for shape, group in rows.groupby(shapes, sort=True):
            log.rows("warning", code, group.tolist(), f"giá trị dạng {quote(shape)} không đọc được (# là chữ số, A là "
                     f"chữ cái; cần {expected}); người này không thuộc độ tuổi nào", sort_key=shape, **where)
        return
    for value, group in rows.groupby(values, sort=True):
        log.rows("warning", code, group.tolist(), f"giá trị {quote(value)} không đọc được (cần {expected}); {fallback}",
                 sort_key=value if isinstance(value, str) else str(value), **where)


def _num(p: Parsed) -> np.ndarray:
    return p.spread(pd.to_numeric(pd.Series(p.results, dtype=object), errors="coerce").to_numpy(dtype=float), float)


Rows = TypeVar("Rows", pd.Series, np.ndarray)  # a rule takes and gives Series (tests, analysts) or arrays (derive)


def _like(template: object, values: np.ndarray) -> Any:
    """`values` as the rule's input came: a Series on its index, or the array itself."""
    return pd.Series(values, index=template.index, copy=False) if isinstance(template, pd.Series) else values


# --- the rules, one function each -----------------------------------------------------------------

def age_of(birth_year: Rows, survey_year: int) -> Rows:
    """Ages by calendar year (Luật Giáo dục 2019, Đ.28): survey year − birth year; NaN when unknown."""
    return survey_year - birth_year


def highest_grade_completed(grade_completed: Rows, dropout_grade: Rows, current_grade: Rows,
                            diploma_grade: Rows) -> Rows:
    """The largest of: grade completed; dropout grade − 1; current grade − 1; the grade a diploma implies
    (NaN where none is known). numpy's fmax skips NaN as pandas' max(skipna) did, without a frame of four."""
    def num(x: Rows) -> np.ndarray:
        return np.asarray(x, dtype=float)

    return _like(grade_completed, np.fmax(np.fmax(num(grade_completed), num(dropout_grade) - 1),
                                          np.fmax(num(current_grade) - 1, num(diploma_grade))))


def literacy_level(hgc: Rows, literacy_class: Rows, relapse: Rows, rules: Literacy) -> Rows:
    """Nghị định 20/2014, Đ.19: level 2 = primary completed or literacy class 5; level 1 = grade 3 or class 3.
    Relapse 1 sets the level to 0, relapse 2 caps it at 1."""
    level = np.where((hgc >= rules.level2_grade) | (literacy_class >= rules.level2_class), 2,
                     np.where((hgc >= rules.level1_grade) | (literacy_class >= rules.level1_class), 1, 0))
    level = np.where(relapse == 1, 0, np.where(relapse == 2, np.minimum(level, 1), level))
    return _like(hgc, level.astype(np.int8))


def working_age(age: Rows, female: Rows, sex_known: Rows, year: int, rules: WorkingAge) -> Rows:
    """15 ≤ age < retirement age R(sex, year) in exact years (Bộ luật Lao động 2019, Đ.169). A person
    of unknown sex is judged by the lower (women's) age, so nobody is counted who might not be."""
    men, women = rules.ceilings(year)
    # Ages are whole years and the ceilings have months, so age < R ⇔ age < ⌈R⌉.
    limit = np.where(female | ~sex_known, _whole_limit(women), _whole_limit(men))
    return (age >= rules.min_age) & (age < limit)


def _whole_limit(r: Fraction) -> int:
    n = r.numerator // r.denominator
    return n if n == r else n + 1


def ppc_excluded(disabled: Rows, able_to_learn: Rows, mode: str) -> Rows:
    """Who leaves the PPC base for disability: every disabled person, or (switch) only those unable to learn."""
    if mode == "disabled_unable_only":
        return disabled & ~able_to_learn
    return disabled


def education_access(current_kind: Parsed, hgc: np.ndarray, literacy_class: np.ndarray,
                     completed_preschool: np.ndarray) -> np.ndarray:
    """Access to education (a convention of xhht: Thông tư 07/2016 does not define "tiếp cận"): studying
    now in any programme (preschool, a grade with or without Bổ túc, a literacy class, vocational, higher
    education), or at least grade 1 completed, or a literacy class completed, or the preschool programme
    completed. (A literacy class now, in its own column AG, is added by the caller.)"""
    return current_kind.notna() | (hgc >= 1) | (literacy_class >= 1) | completed_preschool


def able_to_learn_recorded(sheet: SurveySheet) -> np.ndarray:
    """Whose "able to learn" answer is known. The official layout's column AS is a checkbox (X = able,
    blank = not able): everyone's answer is known. A plain layout with yes/no values (or a column that is
    not only marks) leaves a blank unrecorded. Without the column nothing is recorded (the access indicators
    are then "no data")."""
    n = len(sheet.frame)
    if "able_to_learn" not in sheet.frame:
        return np.zeros(n, dtype=bool)
    if "disability_marks" in sheet.frame or _only_marks(sheet.factorized("able_to_learn")[1]):
        return np.ones(n, dtype=bool)
    return sheet.recorded("able_to_learn").to_numpy()


def _only_marks(distinct: object) -> bool:
    """Every answer given is a check mark (no "có"/"không"): the column is a checkbox."""
    values = [str(v).strip() for v in distinct]  # type: ignore[attr-defined]
    return bool(values) and all(v in ("✓", "✔") or fold(v) in ("x", "v") for v in values)


# --- all facts of one sheet ---------------------------------------------------------------------------

def derive(sheet: SurveySheet, year: int, rules: Standards, log: Log, ppc_mode: str | None = None) -> pd.DataFrame:
    n = len(sheet.frame)
    sheet.factorize_all([f for f in sheet.frame.columns if f not in ("_row", "disability_marks")])
    no = np.zeros(n, dtype=bool)

    def rec(fld: str) -> np.ndarray:
        return sheet.recorded(fld).to_numpy()

    by = _parse(sheet, "birth_year", parse_birth_year, log, "bad-birth-year", "một năm sinh như 1990")
    birth = _num(by)
    if "birth_date" in sheet.frame:
        bd = _parse(sheet, "birth_date", parse_birth_year, log, "bad-birth-date", "một ngày sinh dd/mm/yyyy")
        birth = np.where(np.isnan(birth), _num(bd), birth)
    future = birth > year
    if future.any():
        rows = sheet.frame["_row"].to_numpy()[future].tolist()
        where = dict(file=str(sheet.grid.file), sheet=sheet.grid.sheet,
                     column=sheet.columns.get("birth_year", sheet.columns.get("birth_date")))
        if len(rows) >= FUTURE_FLOOD:  # one cause (the survey's year), one line that counts its consequences
            log.warning("birth-year-future", f"{len(rows)} người có năm sinh sau năm điều tra {year} (dòng "
                        f"{', '.join(map(str, rows[:5]))} …), không thuộc độ tuổi nào: nhiều như vậy thường là dữ liệu "
                        f"của một năm sau {year} — kiểm tra năm điều tra (--year, tên thư mục năm, sheet THONG_TIN)",
                        row=int(rows[0]), **where)
        else:
            log.rows("warning", "birth-year-future", rows, f"năm sinh sau năm điều tra {year}; người này không thuộc "
                     "độ tuổi nào", **where)
        birth = np.where(future, np.nan, birth)
    age = age_of(birth, year)

    if "female" in sheet.frame:
        female = _flags(sheet, "female", parse_mark)
        sex_known = np.ones(n, dtype=bool)
    else:
        sx = _parse(sheet, "sex", parse_sex, log, "bad-sex", "Nam hoặc Nữ")
        female = sx.eq("F")
        sex_known = sx.isin(["F", "M"])

    res = _parse(sheet, "residence", parse_residence, log, "bad-residence",
                 "Đang ở, Chuyển đến, Chuyển đi hoặc Chết", "tính là đang cư trú")
    special = Parsed(*by_distinct(sheet.frame["special"], parse_special, None, sheet.factorized("special")), no) \
        if "special" in sheet.frame else Parsed.absent(n, None)
    moved = res.eq("moved") | special.eq("moved")
    deceased = (res.eq("deceased") | special.eq("deceased")) & ~moved
    resident = ~moved & ~deceased

    disabled = no.copy()
    if "disability_marks" in sheet.frame:
        disabled |= sheet.frame["disability_marks"].notna().to_numpy()
    if "disabled" in sheet.frame:  # "có", "X" or a disability type: anything but an explicit no
        disabled |= _flags(sheet, "disabled", parse_mark)
    able = _flags(sheet, "able_to_learn", parse_mark) if "able_to_learn" in sheet.frame else no
    able_recorded = able_to_learn_recorded(sheet)
    able_blank = ~able_recorded if "able_to_learn" in sheet.frame else no  # without the column: nobody

    cur = _parse(sheet, "current", parse_current, log, "bad-current-study",
                 "MN/NT/MG, lớp 1–12, Sơ cấp, Trung cấp, Cao đẳng hoặc Đại học")
    kind = _part(cur, 0, None)  # compared per distinct reading: an object column is slow per row
    cur_grade = _part(cur, 1, np.nan).as_type(float)
    gc = _num(_parse(sheet, "grade_completed", int_in(0, 12), log, "bad-grade", "một lớp từ 0 đến 12"))
    dg = _num(_parse(sheet, "dropout_grade", int_in(1, 12), log, "bad-grade", "một lớp từ 1 đến 12"))
    dip = _parse(sheet, "diploma", parse_diploma, log, "bad-diploma", "MN, TH, THCS hoặc THPT")
    dip_grade = _num(dip)
    hgc = highest_grade_completed(gc, dg, cur_grade, dip_grade)
    edu_recorded = cur.recorded | rec("grade_completed") | rec("dropout_grade") | dip.recorded

    pre = _parse(sheet, "preschool_completed", parse_bool, log, "bad-bool", "có hoặc không")
    lc = _num(_parse(sheet, "literacy_class", int_in(1, 5), log, "bad-literacy-class", "một lớp XMC từ 1 đến 5"))
    phase = _num(_parse(sheet, "literacy_phase", int_in(1, 2), log, "bad-literacy-phase", "giai đoạn 1 hoặc 2"))
    phase_class = np.where(phase == 1, float(rules.literacy.level1_class),
                           np.where(phase == 2, float(rules.literacy.level2_class), np.nan))
    lc = np.where(np.isnan(lc), phase_class, lc)
    rel = _num(_parse(sheet, "relapse", int_in(1, 2), log, "bad-relapse", "mức 1 hoặc 2"))
    lit = literacy_level(hgc, lc, rel, rules.literacy)
    qual = _parse(sheet, "qualification", parse_qualification, log, "bad-qualification",
                  "Sơ cấp, Trung cấp, Cao đẳng, Đại học, Thạc sĩ hoặc Tiến sĩ")
    qlevel = _num(qual)

    flags = {f: _parse(sheet, f, parse_bool, log, "bad-bool", "có hoặc không")
             for f in ("info_literacy", "life_skills", "learning_citizen")}

    completed_primary = hgc >= 5
    completed_pre = dip.notna() | pre.eq(True)
    literacy_recorded = edu_recorded | rec("literacy_class") | rec("literacy_phase")
    forms = form_facts(sheet, kind, cur_grade, _part(cur, 2, False).as_type(bool))
    exclude = ppc_excluded(disabled, able, ppc_mode or rules.ppc.exclude)
    upper = (cur_grade >= 10) & (cur_grade <= 12)
    # Comparisons with a missing value (NaN) are False: "does not have the fact". Every fact is a bool array.
    held = {
        "resident": resident,
        "moved": moved,
        "deceased": deceased,
        "disabled": disabled,
        "able_to_learn": able,
        "female": female,
        "dropped_out": ~np.isnan(dg),
        "ppc_excluded": exclude,
        "in_ppc": resident & ~exclude,
        "working_age": working_age(age, female, sex_known, year, rules.working_age),
        "sex_unknown": ~sex_known,
        "attending_preschool": kind.eq("preschool"),
        "completed_preschool": completed_pre,
        "preschool_recorded": dip.recorded | pre.recorded,
        "grade1_plus": (cur_grade >= 1) | (hgc >= 1),
        "completed_primary": completed_primary,
        "not_completed_primary": ~completed_primary,
        "in_primary": kind.eq("general") & (cur_grade >= 1) & (cur_grade <= 5),
        "thcs_diploma": (dip_grade == 9) | (dip_grade == 12) | upper | (gc >= 10) | (dg >= 11),
        "studying_upper": upper | kind.eq("vocational"),
        "current_recorded": cur.recorded,
        "edu_recorded": edu_recorded,
        "literate_l1": lit >= 1,
        "literate_l2": lit >= 2,
        "literacy_recorded": literacy_recorded,
        # Thông tư 07/2016, Điều 2: the disabled persons able to learn (a blank yes/no answer kept in, as
        # unrecorded) and whether they have access to education (spec.md, "access to education").
        "disabled_able_to_learn": disabled & (able | able_blank),
        "education_access": education_access(kind, hgc, lc, completed_pre) | rec("literacy_current"),
        "access_recorded": able_recorded & (literacy_recorded | pre.recorded | rec("literacy_current")),
        "trained": qlevel >= 1,
        "university": qlevel >= 4,
        "qualification_recorded": qual.recorded,
        **{f: flags[f].eq(True) for f in flags},
        **{f"{f}_recorded": flags[f].recorded for f in flags},
        **forms,
    }
    # the numbers are kept for the data checks, which compare them with age. The frame is made once: columns
    # set one by one into a frame of 45 took a quarter of a second per 3 million persons.
    numbers = {"current_grade": cur_grade, "grade_completed": gc, "diploma_grade": dip_grade, "literacy_class": lc}
    # copy=False: the columns are kept as they are, not stacked into one block (a copy of every fact)
    facts = pd.DataFrame({"age": age, **held, **numbers, "_row": sheet.frame["_row"].to_numpy()},
                         index=sheet.frame.index, copy=False)
    sheet.forget_factorized()
    return facts


def _flags(sheet: SurveySheet, fld: str, fn: Callable[[str], Any]) -> np.ndarray:
    """fn's truth for each row's value of a field the sheet has, decided once per distinct value (blank: False)."""
    codes, results = by_distinct(sheet.frame[fld], fn, False, sheet.factorized(fld))
    return results.astype(bool)[codes]


# "Kinh" (also written "Việt", or as code 01 of the national list of ethnic groups) is the majority: every
# other recorded ethnicity is an ethnic minority; a blank is not counted as one.
MAJORITY = {"kinh", "viet", "kinh viet", "nguoi kinh", "dan toc kinh", "1", "01"}
AWAY_WORDS = ("noi khac", "ngoai xa", "ngoai phuong", "xa khac", "phuong khac", "khac")
LOCAL_WORDS = ("tai cho", "trong xa", "trong phuong", "tai xa", "tai phuong")


def form_facts(sheet: SurveySheet, kind: Parsed, grade: np.ndarray, bt_in_current: np.ndarray
               ) -> dict[str, np.ndarray]:
    """Facts only the official forms print: ethnic minority (any recorded ethnicity but Kinh), repeating a
    grade (a "!" after the class name), studying upper secondary as THPT or GDTX (Bổ túc) or in GDNN, and
    studying elsewhere than in the commune (only when the data say where: "tại chỗ" or "nơi khác")."""
    no = np.zeros(len(sheet.frame), dtype=bool)

    def mapped(fld: str, fn: Callable[[str], Any]) -> np.ndarray:
        return _flags(sheet, fld, fn) if fld in sheet.frame else no

    minority = mapped("ethnicity", lambda t: fold(t) not in MAJORITY)
    repeating = mapped("class_name", lambda t: "!" in t)  # "3A!", or "3A!*" with the two-sessions mark
    away = mapped("study_location", lambda t: fold(t).startswith(AWAY_WORDS))
    located = mapped("study_location", lambda t: fold(t).startswith(AWAY_WORDS + LOCAL_WORDS))
    gdtx = bt_in_current | mapped("gdtx", parse_mark)
    upper = (grade >= 10) & (grade <= 12)
    return {"ethnic_minority": minority, "repeating": repeating, "studying_away": away,
            "location_recorded": located, "upper_general": upper & ~gdtx, "upper_gdtx": upper & gdtx,
            "vocational": kind.eq("vocational")}


def _part(current: Parsed, i: int, missing: object) -> Parsed:
    """One element of parse_current's (kind, grade, continuing-education) reading of each distinct value,
    `missing` where the cell is blank or unreadable: taken from the readings already made, per distinct value."""
    results = np.empty(len(current.results), dtype=object)
    results[:] = [v[i] if isinstance(v, tuple) else missing for v in current.results]
    return Parsed(current.codes, results, current.recorded)
