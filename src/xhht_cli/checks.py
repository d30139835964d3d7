"""Data checks in the spirit of DHIS2 validation rules: values that can each be read but do not fit
together. Warnings by default, errors with --strict; one message per row, never quoting personal data."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .facts import PRIVATE_FIELDS
from .messages import Log, Message
from .sources.survey import SurveySheet

MAX_AGE = 110
# The codes --strict turns into errors: every finding about a person's values.
DATA_CODES = {"bad-birth-year", "bad-birth-date", "birth-year-future", "bad-sex", "bad-residence",
              "bad-current-study", "bad-grade", "bad-diploma", "bad-bool", "bad-literacy-class",
              "bad-literacy-phase", "bad-relapse", "bad-qualification", "age-over-110", "grade-too-young",
              "preschool-too-old", "diploma-above-grade", "literacy-class-with-diploma", "duplicate-person",
              "duplicate-person-files",
              "unit-no-data", "totals-row-dropped"}


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


def _duplicates(sheet: SurveySheet, log: Log) -> None:
    """Same household form, name and birth date twice: checked only where the sheet has names."""
    keys = ["household", "name_full", "name_middle", "name_given", "birth_day", "birth_month", "birth_year",
            "birth_date"]
    present = [k for k in keys if k in sheet.frame]
    if "household" not in present or not {"name_full", "name_given"} & set(present) \
            or not {"birth_year", "birth_date"} & set(present):
        return
    dup = sheet.frame.duplicated(subset=present, keep="first") & sheet.frame[present].notna().all(axis=1)
    if dup.any():
        log.rows("warning", "duplicate-person", sheet.frame.loc[dup, "_row"].tolist(),
                 "trùng một người ở dòng trước (cùng số phiếu, họ tên và ngày sinh)", file=str(sheet.grid.file),
                 sheet=sheet.grid.sheet, column=sheet.columns.get("name_given") or sheet.columns.get("name_full"))


def strict(messages: list[Message]) -> list[Message]:
    """--strict: every data finding becomes an error."""
    return [m.model_copy(update={"severity": "error"}) if m.code in DATA_CODES else m for m in messages]




def _person_keys(sheet: SurveySheet) -> pa.Array | None:
    """The distinct keys (household form number, name, birth date) of the persons who have all three:
    the same key in two files is the same person counted twice. Names compare ignoring case and spacing.
    Done by Arrow's string kernels over whole columns, never a Python loop over persons."""
    f = sheet.frame
    if "household" not in f or not ({"name_full", "name_given"} & set(f)) or not ({"birth_year", "birth_date"} & set(f)):
        return None

    @cache
    def norm(col: str) -> pa.Array:
        if col not in f:
            return pa.nulls(len(f), pa.large_string())
        arr = pa.array(f[col], type=pa.large_string(), from_pandas=True)
        return pc.utf8_trim_whitespace(pc.replace_substring_regex(pc.utf8_lower(arr), r"\s+", " "))

    def text(s: str) -> pa.Scalar:
        return pa.scalar(s, pa.large_string())

    name = pc.coalesce(norm("name_full"),
                       pc.binary_join_element_wise(norm("name_middle"), norm("name_given"), text(" ")),
                       norm("name_given"))
    birth = pc.coalesce(norm("birth_date"), pc.binary_join_element_wise(
        pc.coalesce(norm("birth_day"), text("")), pc.coalesce(norm("birth_month"), text("")), norm("birth_year"),
        text("/")))
    key = pc.binary_join_element_wise(norm("household"), name, birth, text("\x1f"))  # null where a part is missing
    keys = pc.unique(key.drop_null())
    return keys if len(keys) else None


def person_key_hashes(sheet: SurveySheet, salt: bytes) -> np.ndarray:
    """The distinct duplicate-check keys of a sheet's persons as keyed hashes (SipHash keyed by `salt`): what
    the check across files compares, and all the cache keeps of names and birth dates. Empty when the sheet
    lacks the columns."""
    keys = _person_keys(sheet)
    if keys is None:
        return np.zeros(0, dtype=np.uint64)
    return np.unique(pd.util.hash_array(keys.to_numpy(zero_copy_only=False).astype(object),
                                        hash_key=salt.decode("ascii")))


def cross_file_duplicates(keys_of: list[tuple[Path, np.ndarray]], log: Log) -> None:
    """A person in two files (same household form, name and birth date): one warning per pair of files
    with how many such persons (an error with --strict). Persons of one commune from several files (one
    per hamlet) are allowed; the same person twice is not. Compares keyed hashes (person_key_hashes, one salt
    per run), so it works the same for sheets read now, in a worker process or from the cache; never names
    the person."""
    keys: dict[Path, np.ndarray] = {}
    for path, k in keys_of:
        if len(k):
            keys[path] = np.union1d(keys[path], k) if path in keys else k
    files = list(keys)
    for a in range(len(files)):
        for b in range(a + 1, len(files)):
            n = int(np.isin(keys[files[b]], keys[files[a]], assume_unique=True).sum())
            if n:
                log.warning("duplicate-person-files", f"{n} người có mặt ở cả hai tệp {files[a].name} và {files[b].name} "
                            "(cùng số phiếu, họ tên và ngày sinh): sẽ bị đếm hai lần; kiểm tra xem có tệp nào bị chép "
                            "trùng hoặc cùng một thôn/ấp nhập hai lần", file=str(files[b]))


__all__ = ["check_persons", "cross_file_duplicates", "person_key_hashes", "strict", "DATA_CODES", "PRIVATE_FIELDS"]
