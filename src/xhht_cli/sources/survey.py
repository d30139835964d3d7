"""Person-level survey sheets (official workbook or plain table) → raw fields, one row per person.

Both layouts map their columns onto the same raw fields; facts never know which layout a row came
from. Name, address and phone columns are never read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from ..io.grid import Grid, arrow_text
from ..io.excel import legacy_apply, legacy_to_unicode
from ..io.legacy import FONTS
from ..io.headers import (
    Header,
    cell_problems,
    find_header,
    match_columns,
    report_cell_problems,
    scorer,
)
from ..messages import Log
from ..io.textnorm import fold, key
from ..persons.values import total_mask
from .kind import Aliases, InputKind
from .labels import UnitLabels
from .layout import ONLY_HERE, Column, Sheet, Template, yes_no
from .survey_headers import (
    ALTERNATIVES,
    DENSE_FIELDS,
    DISABILITY_LEAVES,
    OFFICIAL_IGNORED,
    OFFICIAL_POSITIONS,
    guess_field,
)

# Flattened header names ("Group/Label") accepted for each raw field; matching ignores case, spacing,
# punctuation and, as a fallback, diacritics.
SURVEY_FIELDS: dict[str, tuple[str, ...]] = {
    "unit": ("Xã/Phường", "Xã, phường", "Xã phường", "Đơn vị", "Mã xã", "Mã đơn vị", "Tên xã", "Xã", "Phường"),
    "hamlet": ("Thôn/xóm", "Thôn/Ấp", "Thôn", "Ấp", "Xóm", "Khu phố", "Ấp/Khu phố", "Tổ dân phố"),
    "household": ("Số phiếu", "Mã hộ", "Số hộ"),
    # Names and birth day/month are read only to find duplicate persons; they are never printed.
    "name_full": ("Họ và tên", "Họ tên"),
    "name_middle": ("Họ và tên/Họ đệm",),
    "name_given": ("Họ và tên/Tên",),
    "birth_day": ("Ngày tháng năm sinh/Ngày",),
    "birth_month": ("Ngày tháng năm sinh/Tháng",),
    "birth_year": ("Ngày tháng năm sinh/Năm", "Năm sinh", "Năm sinh/Năm"),
    "birth_date": ("Ngày sinh", "Ngày tháng năm sinh"),
    "female": ("Nữ", "Ngày tháng năm sinh/Nữ"),
    "sex": ("Giới tính", "Giới"),
    "residence": ("Tình trạng cư trú", "Tình trạng"),
    "special": ("Hoàn cảnh đặc biệt", "Hoàn cảnh đặc biệt/Hoàn cảnh"),
    "disabled": ("Khuyết tật", "Là người khuyết tật", "Người khuyết tật"),
    "able_to_learn": ("Khả năng học tập", "Có khả năng học tập"),
    "current": ("Khối học", "Đang học", "Khối đang học", "Đang học khối", "Cấp học đang học"),
    "gdtx": ("Bổ túc", "Học bổ túc"),
    # For the official forms only: ethnic-minority rows, repeating a grade ("!" after the class name), and
    # where a pupil studies (a plain layout may say "tại chỗ" or "nơi khác"; the official survey cannot).
    "ethnicity": ("Dân tộc",),
    "class_name": ("Lớp học", "Tên lớp", "Lớp đang học"),
    "study_location": ("Nơi học", "Nơi đi học", "Học tại chỗ/nơi khác"),
    "diploma": ("Bậc tốt nghiệp", "Bằng tốt nghiệp", "Tốt nghiệp", "Bậc TN"),
    "qualification": ("Bậc TN nghề", "Bậc tốt nghiệp nghề", "Trình độ chuyên môn", "Trình độ chuyên môn kỹ thuật",
                      "Trình độ CMKT", "Trình độ đào tạo"),
    "grade_completed": ("Học xong/Lớp", "Lớp đã học xong", "Học xong lớp", "Lớp học xong"),
    "dropout_grade": ("Bỏ học/Lớp", "Bỏ học lớp", "Lớp bỏ học"),
    "literacy_current": ("XMC/Đang học lớp", "Xóa mù chữ/Đang học lớp", "Đang học lớp XMC", "Đang học XMC"),
    "literacy_class": ("XMC/Hoàn thành lớp", "Xóa mù chữ/Hoàn thành lớp", "XMC hoàn thành lớp",
                       "Hoàn thành lớp XMC"),
    "literacy_phase": ("Giai đoạn XMC hoàn thành", "Hoàn thành giai đoạn XMC", "Giai đoạn XMC"),
    "relapse": ("Tái mù chữ mức", "Tái mù chữ", "Tái mù"),
    "preschool_completed": ("Hoàn thành CT mầm non", "Hoàn thành chương trình mầm non", "Hoàn thành CTGDMN",
                            "Hoàn thành chương trình GDMN"),
    "info_literacy": ("Năng lực thông tin", "Được trang bị năng lực thông tin"),
    "life_skills": ("Kỹ năng sống", "Kĩ năng sống", "Được trang bị kỹ năng sống"),
    "learning_citizen": ("Công dân học tập", "Danh hiệu công dân học tập"),
}
DISABILITY_GROUP = fold("Khuyết tật")
PRIVATE_TEXT = {"name_full", "name_middle", "name_given", "birth_day", "birth_month", "birth_year", "birth_date",
                "household"}
# Official-layout group headers: they score a row as a survey header though no field maps to them alone.
GROUP_TOKENS = ("Họ và tên", "Ngày tháng năm sinh", "Học xong", "Bỏ học", "XMC", "Khuyết tật", "Chủ hộ", "TT",
                "Lớp học", "Tên trường", "Diện cư trú", "Dân tộc")

score_survey = scorer({**SURVEY_FIELDS, "_groups": GROUP_TOKENS})


T = TypeVar("T")
R = TypeVar("R")
TWO_THREADS_FROM = 200_000  # rows from which a sheet's columns are cleaned and factorized two at a time


@dataclass
class SurveySheet:
    """Raw fields of one survey sheet: `frame` holds a column per field found (text; a categorical over its
    cleaned values for a batch's column read encoded, read/batch_parts._clean_coded), `_row` (the row number
    Excel shows) and `_unit_text` when the sheet has a unit column."""

    grid: Grid
    header: Header
    frame: pd.DataFrame
    fields: set[str] = field(default_factory=set)
    columns: dict[str, str] = field(default_factory=dict)  # field → header name, for messages
    dropped_totals: list[int] = field(default_factory=list)  # Excel rows of totals rows left out

    _factorized: dict[str, tuple[np.ndarray, Any]] = field(default_factory=dict, init=False, repr=False,
                                                           compare=False)

    @property
    def name(self) -> str:
        return self.grid.sheet

    def factorized(self, fld: str) -> tuple[np.ndarray, Any]:
        """A field's column as codes into its distinct values (-1 for blanks), made once: several facts read
        the same column ("Khối học" four times). pd.factorize's (values in order of first appearance), or the
        codes a batch's cleaning made (read/batch_parts.BatchGrid.hand_codes: values in dictionary order)."""
        if fld not in self._factorized:
            self._factorized[fld] = _factorize(self.frame[fld])
        return self._factorized[fld]

    def recorded(self, fld: str) -> pd.Series:
        """Whose cell of the field holds something: read off its codes when made (-1 is a blank), else off
        the column; nobody's for a field the sheet does not have."""
        if fld not in self.frame:
            return pd.Series(False, index=self.frame.index)
        if fld in self._factorized:
            return pd.Series(self._factorized[fld][0] >= 0, index=self.frame.index, copy=False)
        return self.frame[fld].notna()

    def forget_factorized(self) -> None:
        """Free the codes once the facts are derived (3 million persons: 12 MB a column)."""
        self._factorized.clear()

    def factorize_all(self, fields: list[str]) -> None:
        """Factorize these fields ahead, two at a time on a large sheet (Arrow's hashing releases the
        interpreter lock, so a province's CSV uses both cores for it)."""
        todo = [f for f in fields if f in self.frame and f not in self._factorized]
        if len(self.frame) >= TWO_THREADS_FROM:
            self._factorized.update(zip(todo, _two_at_a_time(lambda f: _factorize(self.frame[f]), todo)))

    def row_labels(self) -> pd.Series:
        """Each person's unit label as the sheet states it: the unit column, else "" (the workbook's own
        commune). Persons are counted per label and the labels assigned to units afterwards, so that counts
        keyed by the file alone can be cached and reused whatever units sheet a later run has."""
        if "unit" in self.frame:
            return self.frame["unit"]
        return pd.Series("", index=self.frame.index, dtype="string")

    def counting_labels(self) -> pd.Series:
        """row_labels, as a categorical made from the unit column's codes when a batch's cleaning made them
        (read/batch_parts.py): counting factorizes the labels twice a batch (by unit, by unit and age), and
        a categorical's codes factorize in a quarter of the time of its text, in the same order. Taken
        before the facts are derived, which free the codes."""
        made = self._unit_codes()
        if made is None:
            return self.row_labels()
        codes, uniques = made
        return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(list(uniques), dtype=object)),
                         index=self.frame.index)

    def _unit_codes(self) -> tuple[np.ndarray, Any] | None:
        """The unit column's codes and distinct labels as a batch's cleaning made them, when they are here
        and name each label once (a legacy font's conversion may turn two into one): else None."""
        made = self._factorized.get("unit")
        return made if made is not None and len(set(made[1])) == len(made[1]) else None

    @cached_property
    def labels(self) -> UnitLabels:
        if "unit" not in self.frame:
            return UnitLabels(self.name, None, [], [], [], 0)
        rows = self.frame["_row"].to_numpy()
        made = self._unit_codes()
        codes, uniques = made if made is not None \
            else pd.factorize(self.frame["unit"])  # in order of first appearance, blanks left out (-1)
        seen = codes >= 0
        blank = ~seen
        present, at = np.unique(codes[seen], return_index=True)  # each label's first row among the rows kept
        order = np.argsort(at, kind="stable")  # labels in order of first appearance (a batch's codes may not be)
        first = rows[seen][at[order]]
        return UnitLabels(self.name, self.columns["unit"], [str(uniques[k]) for k in present[order]], first.tolist(),
                          rows[blank][:5].tolist(), int(blank.sum()))


def _factorize(column: pd.Series) -> tuple[np.ndarray, Any]:
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    return codes.astype(np.int32) if len(uniques) < 2**31 - 1 else codes, uniques  # half the memory, same codes


def is_survey(names: list[str], fields: dict[str, tuple[str, ...]] = SURVEY_FIELDS) -> bool:
    found = match_columns(names, fields)
    return "birth_year" in found or "birth_date" in found


def read_survey(grid: Grid, header: Header, log: Log,
                fields: dict[str, tuple[str, ...]] = SURVEY_FIELDS,
                encodings: Mapping[str, str] | None = None) -> SurveySheet:
    """`encodings`: each field's legacy-font decision taken for the whole file beforehand (a file read in
    batches, read/batches.py); without it, each column is decided on its own values, with its message."""
    found = match_columns(header.names, fields)
    start = header.data_start
    index = pd.RangeIndex(start, grid.nrows)
    # the frame is made once from its columns: set one by one, each column copied the frame's blocks again
    cols: dict[str, pd.Series | np.ndarray] = {"_row": np.arange(start, grid.nrows) + grid.row0}
    columns: dict[str, str] = {}
    cleaned = iter(_cleaned(grid, list(found.values()), start))
    for fld, idx in found.items():
        text = next(cleaned)
        if fld not in PRIVATE_TEXT and encodings is not None:
            text = legacy_apply(text, encodings.get(fld, "unicode"))
        elif fld not in PRIVATE_TEXT:
            text = legacy_to_unicode(text, log, file=str(grid.file), sheet=grid.sheet, column=header.names[idx])
        cols[fld] = text
        columns[fld] = header.names[idx]
    marks = disability_columns(header)
    if marks:
        # Any mark in the disability group (vận động, nghe nói, …) makes the person disabled.
        any_mark = pd.Series(False, index=index)
        for i in marks:
            any_mark |= grid.text(i, start).notna()
        cols["disability_marks"] = any_mark.map({True: "x", False: pd.NA}).astype("string")
        columns["disability_marks"] = "Khuyết tật (" + ", ".join(header.names[i].split("/")[-1] for i in marks) + ")"
    frame = pd.DataFrame(cols, index=index)
    report_cell_problems(cell_problems(grid, list(found.values()) + marks, start), header.names, log,
                         file=str(grid.file), sheet=grid.sheet)
    # a batch's columns come with their codes (read/batch_parts.py): totals are then found per distinct value,
    # for the columns whose text is as cleaned (a legacy font converted since has other distinct values)
    coded = {} if encodings is None else \
        {f: c for f, j in found.items() if (f in PRIVATE_TEXT or encodings.get(f, "unicode") not in FONTS)
         and (c := grid.codes(j)) is not None}
    frame, totals = _drop_blank_and_totals(frame, coded)
    # A column left blank in every row holds no answers: its indicator is "no data", not 0 of everyone.
    answered = {f for f in found if _any_value(frame[f])}
    if "able_to_learn" in found and _nobody_disabled(frame, bool(marks) or "disabled" in found):
        answered.add("able_to_learn")  # nobody to mark able to learn: the access criteria are over nobody
    return SurveySheet(grid, header, frame, answered | ({"disability_marks"} if marks else set()), columns,
                       totals)




def _any_value(s: pd.Series) -> bool:
    """Some cell of the column holds a value: Arrow text knows its null count without a pass over the rows."""
    text = arrow_text(s)
    return text.null_count < len(s) if text is not None else bool(s.notna().any())


def _nobody_disabled(frame: pd.DataFrame, disability_read: bool) -> bool:
    """The sheet records disability (marks or a column) and no row has any: an able-to-learn column blank in
    every row then says nothing is missing (nobody could be marked), unlike one left blank beside disabled
    persons, which may never have been filled in."""
    if not disability_read:
        return False
    return all(frame[c].isna().all() for c in ("disability_marks", "disabled") if c in frame)


def _cleaned(grid: Grid, columns: list[int], start: int) -> Iterator[pd.Series]:
    """The columns' cleaned text in order; a large sheet's two at a time."""
    if grid.nrows < TWO_THREADS_FROM:
        return (grid.text(j, start) for j in columns)
    return iter(_two_at_a_time(lambda j: grid.text(j, start), columns))


def _two_at_a_time(fn: Callable[[T], R], items: list[T]) -> list[R]:
    """fn over items in two threads, results in order: Arrow's kernels (cleaning text, hashing it) release
    the interpreter lock, so a province's CSV uses both cores for them."""
    if len(items) < 2:
        return [fn(x) for x in items]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(fn, items))


def _drop_blank_and_totals(frame: pd.DataFrame, coded: Mapping[str, tuple[np.ndarray, list[str]]] | None = None
                           ) -> tuple[pd.DataFrame, list[int]]:
    """Blank rows go silently; a totals row ("Tổng cộng") goes with a note: counted, it would be a person.
    `coded`: a column's codes and distinct values, where already made (its rows as the frame's)."""
    data_cols = [c for c in frame.columns if c != "_row"]
    if not data_cols:
        return frame.iloc[0:0], []
    blank = pd.Series(True, index=frame.index)
    for c in data_cols:  # column by column, stopping at the first that leaves no row blank (most often the first)
        blank &= frame[c].isna().to_numpy()
        if not blank.any():
            break
    total = pd.Series(False, index=frame.index)
    for c in ("unit", "hamlet", "household", "name_full", "name_middle", "name_given"):
        if c in frame:  # vectorised: name columns have as many distinct values as persons
            total |= total_mask(frame[c], (coded or {}).get(c))
    drop = (blank | total).to_numpy()
    # most sheets drop nothing: the frame is then kept as it is, not copied column by column
    return frame[~drop] if drop.any() else frame, frame.loc[total & ~blank, "_row"].tolist()


def disability_columns(header: Header) -> list[int]:
    return [i for i, n in enumerate(header.names) if "/" in n and fold(n.split("/")[0]) == DISABILITY_GROUP]


def survey_columns(grid: Grid, fields: dict[str, tuple[str, ...]] = SURVEY_FIELDS) -> list[int] | None:
    """The columns a survey sheet is read for, from its first rows; None when they hold no survey header."""
    header = find_survey_header(grid, fields)
    if header is None or not is_survey(header.names, fields):
        return None
    # and the columns without a header that hold values in the first rows: reported (sources/header_check.py)
    blank = {i for i, n in enumerate(header.names) if not n and grid.column(i, header.data_start).notna().any()}
    return sorted(set(match_columns(header.names, fields).values()) | set(disability_columns(header)) | blank)


def find_survey_header(grid: Grid, fields: dict[str, tuple[str, ...]] = SURVEY_FIELDS) -> Header | None:
    score = score_survey if fields is SURVEY_FIELDS else scorer({**fields, "_groups": GROUP_TOKENS})
    return find_header(grid, score, min_score=2)


# Read only for the duplicate-person check and the persons list, never counted or printed.
PRIVATE_FIELDS = frozenset({"name_full", "name_middle", "name_given", "birth_day", "birth_month", "birth_date",
                            "household", "hamlet"})


def _find(grid: Grid, aliases: Aliases | None) -> Header | None:
    fields = aliases if aliases is not None else SURVEY_FIELDS
    header = find_survey_header(grid, fields)
    return header if header is not None and is_survey(header.names, fields) else None


def _near_miss(names: list[str], aliases: Aliases | None) -> str | None:
    found = set(match_columns(names, aliases if aliases is not None else SURVEY_FIELDS))
    found -= {"unit", "hamlet", "household"}  # the place columns alone say nothing of a survey
    if len(found) >= 3 and not {"birth_year", "birth_date"} & found:
        return "sheet điều tra thiếu cột Năm sinh (hoặc Ngày tháng năm sinh): không tính được tuổi"
    return None


CURRENT_STUDY = ("MN", "NT", "MG 3T", "MG 4T", "MG 5T", *(str(g) for g in range(1, 13)), "Sơ cấp", "Trung cấp",
                 "Cao đẳng", "Đại học")
DIPLOMAS = ("MN", "TH", "THCS", "THPT")
QUALIFICATIONS = ("Không", "Sơ cấp", "Trung cấp", "Cao đẳng", "Đại học", "Thạc sĩ", "Tiến sĩ")
RESIDENCE = ("Đang ở", "Chuyển đến", "Chuyển đi", "Chết")
SEXES = ("Nam", "Nữ")

SURVEY = Template("mau-dieu-tra.xlsx", "Phiếu điều tra (bảng đơn giản)",
                  "Thay cho tệp Excel gốc của hệ thống PCGD–XMC khi xã/phường chỉ có danh sách đơn giản. Cột nào "
                  "không thu thập thì để trống cả cột (hoặc xóa cột): chỉ số lấy từ cột trống ở mọi dòng được báo "
                  "là «không có số liệu», không phải 0%. Cột đã ghi cho một số người thì ô trống ở người khác được "
                  "tính là chưa có (chưa đạt) và được đếm riêng trong số «chưa ghi».", (Sheet("Điều tra", "một người", (
                      Column("Xã/Phường", "Tên hoặc mã xã/phường, đúng như cột Tên đơn vị hoặc Mã đơn vị của tệp "
                             "don-vi.xlsx (ví dụ Phường Mỹ Phước).", width=22),
                      Column("Thôn/Ấp", "Thôn, ấp hoặc khu phố (không bắt buộc).", width=16),
                      Column("Số phiếu", "Số phiếu điều tra của hộ; người cùng hộ ghi cùng số (không bắt buộc).",
                             width=10, text=True),
                      Column("Năm sinh", "Năm sinh, bốn chữ số (ví dụ 2019). Không cần ngày, tháng sinh.",
                             whole=(1900, 2100), width=10),
                      Column("Giới tính", "Nam hoặc Nữ.", SEXES, width=10),
                      Column("Tình trạng cư trú", "Đang ở hoặc Chuyển đến: đang cư trú. Chuyển đi hoặc Chết: không "
                             "tính vào các tỷ lệ. Để trống được hiểu là đang ở.", RESIDENCE, width=16),
                      yes_no("Khuyết tật", "có nếu là người khuyết tật; để trống hoặc không nếu không."),
                      yes_no("Khả năng học tập", "Chỉ cho người khuyết tật: có nếu còn khả năng học tập."),
                      Column("Đang học", "Đang học gì trong năm học: MN hoặc NT (nhà trẻ), MG 3T, MG 4T, MG 5T "
                             "(mẫu giáo), lớp 1 đến 12, Sơ cấp, Trung cấp, Cao đẳng, Đại học. Để trống nếu không "
                             "đi học.", CURRENT_STUDY, width=12),
                      yes_no("Bổ túc", "có nếu lớp đang học (hoặc bằng tốt nghiệp) thuộc hệ bổ túc, GDTX.",
                              width=10),
                      Column("Lớp đã học xong", "Lớp cao nhất đã học xong, từ 0 đến 12.", whole=(0, 12)),
                      Column("Bỏ học lớp", "Nếu đã bỏ học: lớp đang học khi bỏ học, từ 1 đến 12.", whole=(1, 12),
                             width=12),
                      Column("Bằng tốt nghiệp", "Bậc tốt nghiệp cao nhất: MN (hoàn thành chương trình mầm non), "
                             "TH, THCS hoặc THPT.", DIPLOMAS, width=16),
                      yes_no("Hoàn thành CT mầm non", "có nếu trẻ đã hoàn thành chương trình giáo dục mầm non.",
                              width=16),
                      Column("Giai đoạn XMC hoàn thành", "Giai đoạn xóa mù chữ đã hoàn thành: 1 (học xong lớp 3 "
                             "chương trình XMC) hoặc 2 (học xong lớp 5).", ("1", "2"), width=16),
                      Column("Tái mù chữ mức", "Nếu tái mù chữ: mức 1 hoặc mức 2. Để trống nếu không.",
                             ("1", "2"), width=12),
                      Column("Trình độ chuyên môn", "Trình độ chuyên môn kỹ thuật cao nhất: Sơ cấp, Trung cấp, Cao "
                             "đẳng, Đại học, Thạc sĩ, Tiến sĩ; Không nếu chưa qua đào tạo.", QUALIFICATIONS,
                             width=18),
                      yes_no("Năng lực thông tin", "có nếu người đã được trang bị năng lực thông tin." + ONLY_HERE,
                              width=16),
                      yes_no("Kỹ năng sống", "có nếu người đã được trang bị kỹ năng sống." + ONLY_HERE),
                      yes_no("Công dân học tập", "có nếu người đạt danh hiệu Công dân học tập." + ONLY_HERE, width=16),
                  )),))


KIND = InputKind("survey", "persons", _find, SURVEY_FIELDS, _near_miss, private=PRIVATE_FIELDS,
                 read_persons=read_survey,
                 wanted_columns=survey_columns, gives_counts=True, templates=(SURVEY,),
                 ignored=OFFICIAL_IGNORED, groups=(("Khuyết tật", DISABILITY_LEAVES),), official=OFFICIAL_POSITIONS,
                 sparse=frozenset(SURVEY_FIELDS) - DENSE_FIELDS, guess=guess_field, alternatives=ALTERNATIVES)


__all__ = ["SURVEY_FIELDS", "SurveySheet", "UnitLabels", "read_survey", "is_survey", "find_survey_header", "key"]
