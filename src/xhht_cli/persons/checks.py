"""Data checks in the spirit of DHIS2 validation rules: values that can each be read but do not fit
together. Warnings by default, errors with --strict; one message per row, never quoting personal data."""

from __future__ import annotations

from typing import TYPE_CHECKING


import pandas as pd

from .duplicates import duplicate_keys
from .facts import PRIVATE_FIELDS
from .strict import DATA_CODES, strict
from ..messages import Log

if TYPE_CHECKING:  # the survey reader builds the sheets; the facts only read them
    from ..sources.survey import SurveySheet

MAX_AGE = 110

def check_persons(sheet: SurveySheet, facts: pd.DataFrame, log: Log) -> None:
    age = facts["age"]
    where = dict(file=str(sheet.grid.file), sheet=sheet.grid.sheet)
    col = sheet.columns.get

    def flag(mask: pd.Series, code: str, column: str | None, text: str) -> None:
        mask = mask.fillna(False).astype(bool)
        if mask.any():
            log.rows("warning", code, facts.loc[mask, "_row"].tolist(), text, column=column, **where)

    born = col("birth_year") or col("birth_date")
    flag(age > MAX_AGE, "age-over-110", born, f"tuổi trên {MAX_AGE}: kiểm tra năm sinh")
    # A grade g is normally studied at age g + 5; a year of early entry happens, two does not.
    flag(facts["current_grade"].notna() & (age < facts["current_grade"] + 4), "grade-too-young", col("current"),
         "đang học lớp quá cao so với tuổi (sớm hơn 2 năm trở lên)")
    flag(facts["attending_preschool"] & (age > 6), "preschool-too-old", col("current"),
         "trên 6 tuổi mà đang học mầm non")
    flag(facts["grade_completed"].notna() & (age < facts["grade_completed"] + 5), "grade-too-young",
         col("grade_completed"), "đã học xong lớp quá cao so với tuổi")
    flag(facts["grade_completed"].notna() & facts["diploma_grade"].notna()
         & (facts["diploma_grade"] > facts["grade_completed"]), "diploma-above-grade", col("diploma"),
         "bằng tốt nghiệp cao hơn lớp đã học xong")
    flag(facts["literacy_class"].notna() & (facts["diploma_grade"] >= 5), "literacy-class-with-diploma",
         col("literacy_class") or col("literacy_phase"), "học xóa mù chữ nhưng đã có bằng tiểu học trở lên")
    _duplicates(sheet, log)


def report_duplicates(sheet: SurveySheet, rows: list[int], log: Log) -> None:
    if rows:
        log.rows("warning", "duplicate-person", rows, "trùng một người ở dòng trước (cùng số phiếu, họ tên và ngày "
                 "sinh)", file=str(sheet.grid.file), sheet=sheet.grid.sheet,
                 column=sheet.columns.get("name_given") or sheet.columns.get("name_full"))


def _duplicates(sheet: SurveySheet, log: Log) -> None:
    """Same household form, name and birth date twice: checked only where the sheet has names."""
    present = duplicate_keys(sheet.frame.columns)
    if present is None:
        return
    dup = sheet.frame.duplicated(subset=present, keep="first") & sheet.frame[present].notna().all(axis=1)
    report_duplicates(sheet, sheet.frame.loc[dup, "_row"].tolist(), log)


__all__ = ["check_persons", "strict", "DATA_CODES", "PRIVATE_FIELDS"]
