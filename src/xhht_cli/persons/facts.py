"""Per-person facts derived once from raw fields, each by one vectorised rule (spec.md, "Facts derived
from a person's row"). The rules never know which layout a row came from."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

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
    map_flags,
    map_unique,
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
    distinct value and spread to the rows by position."""

    codes: np.ndarray  # per row: the slot of its distinct value, -1 (the last slot) when blank
    results: np.ndarray  # object: the reading of each distinct value, then the blank cells' value
    recorded: pd.Series  # bool: the cell holds something (readable or not)

    def __post_init__(self) -> None:
        # numpy converts 32-bit positions to its own index type on every gather: once here, not at each
        # spread (a third of the time of each of ~20 spreads a batch)
        self.codes = np.asarray(self.codes, dtype=np.intp)

    @classmethod
    def absent(cls, index: pd.Index, missing: object) -> Parsed:
        """A column the sheet does not have: every row blank, reading `missing`."""
        return cls(np.full(len(index), -1, dtype=np.intp), np.array([missing], dtype=object),
                   pd.Series(False, index=index))

    @property
    def values(self) -> pd.Series:
        """Parsed values per row, None/NaN where blank or unreadable."""
        return pd.Series(self.results[self.codes], index=self.recorded.index, dtype=object, copy=False)

    def spread(self, per_value: pd.Series, dtype: object = None) -> pd.Series:
        """An elementwise function of the readings, given over the distinct readings, as a row Series."""
        return pd.Series(per_value.to_numpy()[self.codes], index=self.recorded.index, dtype=dtype, copy=False)

    def eq(self, value: object) -> pd.Series:
        return self.spread(pd.Series(self.results, dtype=object).eq(value), bool)

    def isin(self, values: list[object]) -> pd.Series:
        return self.spread(pd.Series(self.results, dtype=object).isin(values), bool)

    def notna(self) -> pd.Series:
        return self.spread(pd.Series(self.results, dtype=object).notna(), bool)

    def as_type(self, dtype: type) -> pd.Series:
        """The readings per row as `dtype` (each distinct reading converted once)."""
        return pd.Series(self.results.astype(dtype)[self.codes], index=self.recorded.index, dtype=dtype,
                         copy=False)


def _parse(sheet: SurveySheet, fld: str, fn, log: Log, code: str, expected: str,
           fallback: str = "tính là không có") -> Parsed:
    frame = sheet.frame
    if fld not in frame:
        return Parsed.absent(frame.index, np.nan)
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
            _report_bad(sheet, fld, raw, pd.Series(isbad, index=frame.index), log, code, expected, fallback)
    return Parsed(codes, results, sheet.recorded(fld))


def _report_bad(sheet: SurveySheet, fld: str, raw: pd.Series, bad: pd.Series, log: Log, code: str,
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
                     f"chữ cái; cần {expected}); người này không thuộc độ tuổi nào", **where)
        return
    for value, group in rows.groupby(values, sort=True):
        log.rows("warning", code, group.tolist(), f"giá trị {quote(value)} không đọc được (cần {expected}); {fallback}",
                 **where)


def _num(p: Parsed) -> pd.Series:
    return p.spread(pd.to_numeric(pd.Series(p.results, dtype=object), errors="coerce").astype(float), float)


# --- the rules, one function each -----------------------------------------------------------------

def age_of(birth_year: pd.Series, survey_year: int) -> pd.Series:
    """Ages by calendar year (Luật Giáo dục 2019, Đ.28): survey year − birth year; NaN when unknown."""
    return survey_year - birth_year


def highest_grade_completed(grade_completed: pd.Series, dropout_grade: pd.Series, current_grade: pd.Series,
                            diploma_grade: pd.Series) -> pd.Series:
    """The largest of: grade completed; dropout grade − 1; current grade − 1; the grade a diploma implies
    (NaN where none is known). numpy's fmax skips NaN as pandas' max(skipna) did, without a frame of four."""
    parts = [grade_completed.to_numpy(dtype=float), dropout_grade.to_numpy(dtype=float) - 1,
             current_grade.to_numpy(dtype=float) - 1, diploma_grade.to_numpy(dtype=float)]
    return pd.Series(np.fmax.reduce(parts), index=grade_completed.index, copy=False)


def literacy_level(hgc: pd.Series, literacy_class: pd.Series, relapse: pd.Series, rules: Literacy) -> pd.Series:
    """Nghị định 20/2014, Đ.19: level 2 = primary completed or literacy class 5; level 1 = grade 3 or class 3.
    Relapse 1 sets the level to 0, relapse 2 caps it at 1."""
    level = np.where((hgc >= rules.level2_grade) | (literacy_class >= rules.level2_class), 2,
                     np.where((hgc >= rules.level1_grade) | (literacy_class >= rules.level1_class), 1, 0))
    level = np.where(relapse == 1, 0, np.where(relapse == 2, np.minimum(level, 1), level))
    return pd.Series(level, index=hgc.index, dtype="int8", copy=False)


def working_age(age: pd.Series, female: pd.Series, sex_known: pd.Series, year: int, rules: WorkingAge) -> pd.Series:
    """15 ≤ age < retirement age R(sex, year) in exact years (Bộ luật Lao động 2019, Đ.169). A person
    of unknown sex is judged by the lower (women's) age, so nobody is counted who might not be."""
    men, women = rules.ceilings(year)
    # Ages are whole years and the ceilings have months, so age < R ⇔ age < ⌈R⌉.
    limit = np.where(female | ~sex_known, _whole_limit(women), _whole_limit(men))
    return (age >= rules.min_age) & (age < limit)


def _whole_limit(r: Fraction) -> int:
    n = r.numerator // r.denominator
    return n if n == r else n + 1


def ppc_excluded(disabled: pd.Series, able_to_learn: pd.Series, mode: str) -> pd.Series:
    """Who leaves the PPC base for disability: every disabled person, or (switch) only those unable to learn."""
    if mode == "disabled_unable_only":
        return disabled & ~able_to_learn
    return disabled


def education_access(current_kind: Parsed, hgc: pd.Series, literacy_class: pd.Series,
                     completed_preschool: pd.Series) -> pd.Series:
    """Access to education (a convention of xhht: Thông tư 07/2016 does not define "tiếp cận"): studying
    now in any programme (preschool, a grade with or without Bổ túc, a literacy class, vocational, higher
    education), or at least grade 1 completed, or a literacy class completed, or the preschool programme
    completed. (A literacy class now, in its own column AG, is added by the caller.)"""
    return current_kind.notna() | (hgc >= 1) | (literacy_class >= 1) | completed_preschool


def able_to_learn_recorded(sheet: SurveySheet) -> pd.Series:
    """Whose "able to learn" answer is known. The official layout's column AS is a checkbox (X = able,
    blank = not able): everyone's answer is known. A plain layout with yes/no values (or a column that is
    not only marks) leaves a blank unrecorded. Without the column nothing is recorded (the access indicators
    are then "no data")."""
    idx = sheet.frame.index
    if "able_to_learn" not in sheet.frame:
        return pd.Series(False, index=idx)
    if "disability_marks" in sheet.frame or _only_marks(sheet.factorized("able_to_learn")[1]):
        return pd.Series(True, index=idx)
    return sheet.recorded("able_to_learn")


def _only_marks(distinct: object) -> bool:
    """Every answer given is a check mark (no "có"/"không"): the column is a checkbox."""
    values = [str(v).strip() for v in distinct]  # type: ignore[attr-defined]
    return bool(values) and all(v in ("✓", "✔") or fold(v) in ("x", "v") for v in values)


# --- all facts of one sheet ---------------------------------------------------------------------------

def derive(sheet: SurveySheet, year: int, rules: Standards, log: Log, ppc_mode: str | None = None) -> pd.DataFrame:
    idx = sheet.frame.index
    sheet.factorize_all([f for f in sheet.frame.columns if f not in ("_row", "disability_marks")])
    no = pd.Series(False, index=idx)

    by = _parse(sheet, "birth_year", parse_birth_year, log, "bad-birth-year", "một năm sinh như 1990")
    birth = _num(by)
    if "birth_date" in sheet.frame:
        bd = _parse(sheet, "birth_date", parse_birth_year, log, "bad-birth-date", "một ngày sinh dd/mm/yyyy")
        birth = birth.fillna(_num(bd))
    future = birth > year
    if future.any():
        rows = sheet.frame.loc[future, "_row"].tolist()
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
        birth = birth.where(~future)
    age = age_of(birth, year)

    if "female" in sheet.frame:
        female = map_flags(sheet.frame["female"], parse_mark, factorized=sheet.factorized("female"))
        sex_known = pd.Series(True, index=idx)
    else:
        sx = _parse(sheet, "sex", parse_sex, log, "bad-sex", "Nam hoặc Nữ")
        female = sx.eq("F")
        sex_known = sx.isin(["F", "M"])

    res = _parse(sheet, "residence", parse_residence, log, "bad-residence",
                 "Đang ở, Chuyển đến, Chuyển đi hoặc Chết", "tính là đang cư trú")
    special = map_unique(sheet.frame["special"], parse_special, factorized=sheet.factorized("special")) \
        if "special" in sheet.frame else pd.Series(None, index=idx)
    moved = res.eq("moved") | special.eq("moved")
    deceased = (res.eq("deceased") | special.eq("deceased")) & ~moved
    resident = ~moved & ~deceased

    disabled = no.copy()
    if "disability_marks" in sheet.frame:
        disabled |= sheet.frame["disability_marks"].notna()
    if "disabled" in sheet.frame:  # "có", "X" or a disability type: anything but an explicit no
        disabled |= map_flags(sheet.frame["disabled"], parse_mark, factorized=sheet.factorized("disabled"))
    able = map_flags(sheet.frame["able_to_learn"], parse_mark, factorized=sheet.factorized("able_to_learn")) \
        if "able_to_learn" in sheet.frame else no
    able_recorded = able_to_learn_recorded(sheet)
    able_blank = ~able_recorded if "able_to_learn" in sheet.frame else no  # without the column: nobody

    cur = _parse(sheet, "current", parse_current, log, "bad-current-study",
                 "MN/NT/MG, lớp 1–12, Sơ cấp, Trung cấp, Cao đẳng hoặc Đại học")
    kind = _part(sheet, "current", 0, None)  # compared per distinct reading: an object column is slow per row
    cur_grade = _part(sheet, "current", 1, np.nan).as_type(float)
    gc = _num(_parse(sheet, "grade_completed", int_in(0, 12), log, "bad-grade", "một lớp từ 0 đến 12"))
    dg = _num(_parse(sheet, "dropout_grade", int_in(1, 12), log, "bad-grade", "một lớp từ 1 đến 12"))
    dip = _parse(sheet, "diploma", parse_diploma, log, "bad-diploma", "MN, TH, THCS hoặc THPT")
    dip_grade = _num(dip)
    hgc = highest_grade_completed(gc, dg, cur_grade, dip_grade)
    edu_recorded = cur.recorded | sheet.recorded("grade_completed") | sheet.recorded("dropout_grade") | dip.recorded

    pre = _parse(sheet, "preschool_completed", parse_bool, log, "bad-bool", "có hoặc không")
    lc = _num(_parse(sheet, "literacy_class", int_in(1, 5), log, "bad-literacy-class", "một lớp XMC từ 1 đến 5"))
    phase = _num(_parse(sheet, "literacy_phase", int_in(1, 2), log, "bad-literacy-phase", "giai đoạn 1 hoặc 2"))
    lc = lc.fillna(phase.map({1.0: float(rules.literacy.level1_class), 2.0: float(rules.literacy.level2_class)}))
    rel = _num(_parse(sheet, "relapse", int_in(1, 2), log, "bad-relapse", "mức 1 hoặc 2"))
    lit = literacy_level(hgc, lc, rel, rules.literacy)
    qual = _parse(sheet, "qualification", parse_qualification, log, "bad-qualification",
                  "Sơ cấp, Trung cấp, Cao đẳng, Đại học, Thạc sĩ hoặc Tiến sĩ")
    qlevel = _num(qual)

    flags = {f: _parse(sheet, f, parse_bool, log, "bad-bool", "có hoặc không")
             for f in ("info_literacy", "life_skills", "learning_citizen")}

    completed_primary = hgc >= 5
    completed_pre = dip.notna() | pre.eq(True)
    literacy_recorded = edu_recorded | sheet.recorded("literacy_class") | sheet.recorded("literacy_phase")
    forms = form_facts(sheet, kind, cur_grade, _part(sheet, "current", 2, False).as_type(bool))
    exclude = ppc_excluded(disabled, able, ppc_mode or rules.ppc.exclude)
    held = {
        "resident": resident,
        "moved": moved,
        "deceased": deceased,
        "disabled": disabled,
        "able_to_learn": able,
        "female": female,
        "dropped_out": dg.notna(),
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
        "in_primary": kind.eq("general") & cur_grade.between(1, 5),
        "thcs_diploma": dip_grade.isin([9, 12]) | cur_grade.between(10, 12) | (gc >= 10) | (dg >= 11),
        "studying_upper": cur_grade.between(10, 12) | kind.eq("vocational"),
        "current_recorded": cur.recorded,
        "edu_recorded": edu_recorded,
        "literate_l1": lit >= 1,
        "literate_l2": lit >= 2,
        "literacy_recorded": literacy_recorded,
        # Thông tư 07/2016, Điều 2: the disabled persons able to learn (a blank yes/no answer kept in, as
        # unrecorded) and whether they have access to education (spec.md, "access to education").
        "disabled_able_to_learn": disabled & (able | able_blank),
        "education_access": education_access(kind, hgc, lc, completed_pre) | sheet.recorded("literacy_current"),
        "access_recorded": able_recorded & (literacy_recorded | pre.recorded | sheet.recorded("literacy_current")),
        "trained": qlevel >= 1,
        "university": qlevel >= 4,
        "qualification_recorded": qual.recorded,
        **{f: flags[f].eq(True) for f in flags},
        **{f"{f}_recorded": flags[f].recorded for f in flags},
        **forms,
    }
    # Comparisons with a missing value (NA) mean "does not have the fact". Most facts are plain bool already.
    held = {k: v if v.dtype == bool else v.fillna(False).astype(bool) for k, v in held.items()}
    # the numbers are kept for the data checks, which compare them with age. The frame is made once: columns
    # set one by one into a frame of 45 took a quarter of a second per 3 million persons.
    numbers = {"current_grade": cur_grade, "grade_completed": gc, "diploma_grade": dip_grade, "literacy_class": lc}
    # copy=False: the columns are kept as they are, not stacked into one block (a copy of every fact)
    facts = pd.DataFrame({"age": age, **held, **numbers, "_row": sheet.frame["_row"]}, index=idx, copy=False)
    sheet.forget_factorized()
    return facts


# "Kinh" (also written "Việt", or as code 01 of the national list of ethnic groups) is the majority: every
# other recorded ethnicity is an ethnic minority; a blank is not counted as one.
MAJORITY = {"kinh", "viet", "kinh viet", "nguoi kinh", "dan toc kinh", "1", "01"}
AWAY_WORDS = ("noi khac", "ngoai xa", "ngoai phuong", "xa khac", "phuong khac", "khac")
LOCAL_WORDS = ("tai cho", "trong xa", "trong phuong", "tai xa", "tai phuong")


def form_facts(sheet: SurveySheet, kind: Parsed, grade: pd.Series, bt_in_current: pd.Series) -> dict[str, pd.Series]:
    """Facts only the official forms print: ethnic minority (any recorded ethnicity but Kinh), repeating a
    grade (a "!" after the class name), studying upper secondary as THPT or GDTX (Bổ túc) or in GDNN, and
    studying elsewhere than in the commune (only when the data say where: "tại chỗ" or "nơi khác")."""
    idx = sheet.frame.index
    no = pd.Series(False, index=idx)

    def mapped(fld: str, fn) -> pd.Series:  # noqa: ANN001
        return map_flags(sheet.frame[fld], fn, factorized=sheet.factorized(fld)) if fld in sheet.frame else no

    minority = mapped("ethnicity", lambda t: fold(t) not in MAJORITY)
    repeating = mapped("class_name", lambda t: "!" in t)  # "3A!", or "3A!*" with the two-sessions mark
    away = mapped("study_location", lambda t: fold(t).startswith(AWAY_WORDS))
    located = mapped("study_location", lambda t: fold(t).startswith(AWAY_WORDS + LOCAL_WORDS))
    gdtx = bt_in_current | mapped("gdtx", parse_mark)
    upper = grade.between(10, 12)
    return {"ethnic_minority": minority, "repeating": repeating, "studying_away": away,
            "location_recorded": located, "upper_general": upper & ~gdtx, "upper_gdtx": upper & gdtx,
            "vocational": kind.eq("vocational")}


def _part(sheet: SurveySheet, fld: str, i: int, missing: object) -> Parsed:
    """One element of parse_current's (kind, grade, continuing-education) reading, per distinct value,
    `missing` where the cell is blank or unreadable."""
    frame = sheet.frame
    if fld not in frame:
        return Parsed.absent(frame.index, missing)

    def pick(text: str) -> object:
        v = parse_current(text)
        return v[i] if isinstance(v, tuple) else missing

    codes, results = by_distinct(frame[fld], pick, missing, sheet.factorized(fld))
    return Parsed(codes, results, sheet.recorded(fld))

