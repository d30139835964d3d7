"""What the header check (sources/header_check.py) needs to know of survey sheets beyond their fields: the
official DATA sheet's columns xhht does not use, where the official layout puts each field, which fields
some person of any commune has, and what a column without a header holds (reference/survey-layout.md)."""

from __future__ import annotations

from ..persons.values import BAD, parse_current, parse_diploma, parse_qualification, parse_residence, parse_sex

DISABILITY_LEAVES = ("Vận động", "Nghe nói", "Nhìn", "Thần kinh, tâm thần", "Trí tuệ", "Học tập", "Tự kỷ", "Khác")
# Columns of the official DATA sheet xhht does not use (reference/survey-layout.md): never reported.
OFFICIAL_IGNORED = ("Tôn giáo", "Diện ưu tiên", "Chủ hộ", "Chủ hộ/Họ đệm", "Chủ hộ/Tên", "Địa chỉ", "Diện cư trú",
                    "Quận/Huyện", "Tên trường", "Mã trường", "Năm tốt nghiệp", "Số bằng", "Năm TN nghề", "Học xong/Năm",
                    "Bỏ học/Năm", "XMC/Đang học lớp", "Xóa mù chữ/Đang học lớp", "Có chứng nhận khuyết tật",
                    "Chi tiết", "Hoàn cảnh đặc biệt/Chi tiết", "Quan hệ với chủ hộ", "Họ tên cha/mẹ", "Điện thoại")
# The fields some person of any commune has: one blank in every row of a sheet is a header over the wrong
# column (column-empty); the others (relapse, dropout, a column not collected) may rightly be all blank.
DENSE_FIELDS = frozenset({"unit", "birth_year", "birth_date", "sex", "female", "residence", "current",
                          "grade_completed", "diploma"})
# Fields that stand for one another (a birth date for the birth year, "Nữ" for "Giới tính", the disability
# group's marks for "Khuyết tật"): one found, the others are not missing.
ALTERNATIVES = (frozenset({"birth_year", "birth_date"}), frozenset({"sex", "female"}),
                frozenset({"name_full", "name_middle", "name_given"}), frozenset({"disabled", "Khuyết tật"}),
                frozenset({"literacy_class", "literacy_phase"}))
# The field at each position of the official DATA sheet (A = 0; reference/survey-layout.md), a disability
# leaf by its path: a blank header there over values is an error, not a warning.
OFFICIAL_POSITIONS = ((0, "hamlet"), (6, "birth_year"), (7, "female"), (8, "ethnicity"), (14, "household"),
                      (16, "residence"), (17, "current"), (18, "class_name"), (22, "diploma"), (23, "gdtx"),
                      (25, "qualification"), (28, "grade_completed"), (30, "dropout_grade"), (33, "literacy_class"),
                      (34, "relapse"), *((35 + i, f"Khuyết tật/{leaf}") for i, leaf in enumerate(DISABILITY_LEAVES)),
                      (44, "able_to_learn"), (45, "special"))


def guess_field(values: list[str], absent: set[str]) -> str | None:
    """The absent field a column without a header reads as, from its distinct values: every one (but one
    in ten) readable as it, and what only that field holds (a place of residence, both sexes, a diploma,
    a study that is not a bare grade). None when nothing fits: numbers and marks fit too much to guess."""
    tests = (("residence", parse_residence, lambda r: set(r) != {"resident"} or len(values) > 1),
             ("sex", parse_sex, lambda r: set(r) == {"F", "M"}),
             ("diploma", parse_diploma, lambda r: len(values) > 1),
             ("qualification", parse_qualification, lambda r: any(x != 0 for x in r)),
             ("current", parse_current, lambda r: any(x[0] != "general" for x in r)))
    for fld, parse, telling in tests:
        if fld not in absent or not values:
            continue
        read = [parse(v) for v in values]
        good = [r for r in read if r is not BAD]
        if len(good) * 10 >= len(read) * 9 and telling(good):
            return fld
    return None
