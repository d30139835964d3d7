"""Person-derived indicators (spec.md table) on fixtures counted by hand. Survey year 2024.

Each count is compared as the tuple
    (numerator, denominator, disabled, moved_away, deceased, unrecorded)
built by helpers.counts().
"""

from __future__ import annotations

from helpers import AREA, P, codes, counts, ind, run, write_people, write_units
from xhht_cli.law.indicators import INDICATORS, PERSON_INDICATORS


def test_mn5_attending_counts(tmp_path):
    # Aged 5 (born 2019):
    #  1 MG                              → num
    #  2 "MG 5T"                         → num
    #  3 nothing recorded                → den, unrecorded
    #  4 MG, disabled                    → excluded (disabled)
    #  5 MG, moved away                  → excluded (moved)
    #  6 deceased                        → excluded (deceased)
    #  7 NT, temporary resident (tạm trú) → num
    #  8 grade 1, moved in (chuyển đến)  → den (recorded, not preschool)
    #  9 aged 6, MG                      → other cohort
    # num 3, den 5 (1,2,3,7,8), disabled 1, moved 1, deceased 1, unrecorded 1
    write_people(tmp_path, [
        P(5, current="MG"), P(5, current="MG 5T"), P(5), P(5, current="MG", disabled="có"),
        P(5, current="MG", res="Chuyển đi"), P(5, res="Chết"), P(5, current="NT", res="Tạm trú"),
        P(5, current="1", res="Chuyển đến"), P(6, current="MG"),
    ])
    row = ind(run(tmp_path), "A", "mn5_attending")
    assert counts(row) == (3, 5, 1, 1, 1, 1)
    assert row.value == 3 / 5


def test_mn4_attending_counts(tmp_path):
    # Aged 4: MG → num; nothing → den, unrecorded; MG disabled → excluded; aged 5 MG → other cohort.
    # num 1, den 2, disabled 1, unrecorded 1
    write_people(tmp_path, [P(4, current="MG"), P(4), P(4, current="MG", disabled="có"), P(5, current="MG")])
    assert counts(ind(run(tmp_path), "A", "mn4_attending")) == (1, 2, 1, 0, 0, 1)


def test_mn5_completed_counts(tmp_path):
    # Aged 6 (born 2018):
    #  1 diploma MN                        → num
    #  2 "Hoàn thành CT mầm non" = có      → num
    #  3 "Hoàn thành CT mầm non" = không   → den
    #  4 nothing recorded                  → den, unrecorded
    #  5 diploma MN, deceased              → excluded (deceased)
    #  6 aged 5 "có"                       → other cohort
    # num 2, den 4, deceased 1, unrecorded 1
    write_people(tmp_path, [
        P(6, diploma="MN"), P(6, mn="có"), P(6, mn="không"), P(6), P(6, diploma="MN", res="Đã chết"), P(5, mn="có"),
    ])
    assert counts(ind(run(tmp_path), "A", "mn5_completed")) == (2, 4, 0, 0, 1, 1)


def test_th_entry_6_counts(tmp_path):
    # Aged 6: grade 1 now → num; grade 2 now → num; completed grade 1 → num; MG → den (not in grade 1);
    # nothing → den, unrecorded; grade 1 moved away → excluded. num 3, den 5, moved 1, unrecorded 1
    write_people(tmp_path, [
        P(6, current=1), P(6, current=2), P(6, done=1), P(6, current="MG"), P(6), P(6, current=1, res="Chuyển đi"),
    ])
    assert counts(ind(run(tmp_path), "A", "th_entry_6")) == (3, 5, 0, 1, 0, 1)


def _primary_fixture(folder):
    # a 11, grade 6 now (→ 5)   completed
    # b 11, grade 5 now (→ 4)   not completed, in primary
    # c 11, completed 5         completed
    # d 11, dropout 4 (→ 3)     not completed, not in primary (current not recorded)
    # e 12, diploma TH          completed
    # f 14, grade 4 now         not completed, in primary
    # g 13, nothing             not completed, unrecorded
    # h 15, completed 5         outside 11–14
    # i 11, grade 5, disabled   excluded (disabled, not completed)
    write_people(folder, [
        P(11, current=6), P(11, current=5), P(11, done=5), P(11, dropout=4), P(12, diploma="TH"),
        P(14, current=4), P(13), P(15, done=5), P(11, current=5, disabled="có"),
    ])
    return run(folder)


def test_th_completed_11_counts(tmp_path):
    # PPC aged 11: a, b, c, d → den 4; completed a, c → num 2; i disabled; all have something recorded
    assert counts(ind(_primary_fixture(tmp_path), "A", "th_completed_11")) == (2, 4, 1, 0, 0, 0)


def test_th_completed_11_14_counts(tmp_path):
    # PPC aged 11–14: a, b, c, d, e, f, g → den 7; completed a, c, e → num 3; i disabled; g unrecorded
    assert counts(ind(_primary_fixture(tmp_path), "A", "th_completed_11_14")) == (3, 7, 1, 0, 0, 1)


def test_th_rest_in_primary_11_counts(tmp_path):
    # PPC aged 11 not completed: b, d → den 2; in primary: b → num 1; i (not completed) disabled;
    # d has no current study recorded → unrecorded 1
    assert counts(ind(_primary_fixture(tmp_path), "A", "th_rest_in_primary_11")) == (1, 2, 1, 0, 0, 1)


def test_th_rest_in_primary_11_14_counts(tmp_path):
    # PPC aged 11–14 not completed: b, d, f, g → den 4; in primary b, f → num 2; i disabled;
    # d, g have no current study recorded → unrecorded 2
    assert counts(ind(_primary_fixture(tmp_path), "A", "th_rest_in_primary_11_14")) == (2, 4, 1, 0, 0, 2)


def test_thcs_graduated_15_18_counts(tmp_path):
    # Aged 15–18: THCS diploma (15) → num; THPT diploma (18) → num; grade 10 (16) → num; completed 10 (17) → num;
    # dropout 11 (18) → num; dropout 10 (16) → den; completed 9 (17) → den; grade 9 (15) → den;
    # nothing (16) → den, unrecorded; THCS diploma aged 19 → outside; THCS diploma aged 16 moved away → moved.
    # num 5, den 9, moved 1, unrecorded 1
    write_people(tmp_path, [
        P(15, diploma="THCS"), P(18, diploma="THPT"), P(16, current=10), P(17, done=10), P(18, dropout=11),
        P(16, dropout=10), P(17, done=9), P(15, current=9), P(16), P(19, diploma="THCS"),
        P(16, diploma="THCS", res="Chuyển đi"),
    ])
    assert counts(ind(run(tmp_path), "A", "thcs_graduated_15_18")) == (5, 9, 0, 1, 0, 1)


def test_thcs_studying_15_18_counts(tmp_path):
    # Aged 15–18: grade 10 → num; grade 12 → num; grade 11 Bổ túc → num; Trung cấp → num; GDNN → num;
    # Đại học (18) → den (higher education does not count); grade 9 → den; THCS diploma, nothing studied now →
    # den, unrecorded; grade 10, disabled → excluded. num 5, den 8, disabled 1, unrecorded 1
    write_people(tmp_path, [
        P(15, current=10), P(17, current=12), P(16, current=11, bt="X"), P(17, current="Trung cấp"),
        P(18, current="GDNN"), P(18, current="Đại học"), P(15, current=9), P(16, diploma="THCS"),
        P(15, current=10, disabled="có"),
    ])
    assert counts(ind(run(tmp_path), "A", "thcs_studying_15_18")) == (5, 8, 1, 0, 0, 1)


def _xmc_fixture(folder):
    #  age  record                      level   bands
    #  20   completed 5                 2       25 35 60
    #  22   completed 3                 1       25 35 60
    #  30   phase 2                     2          35 60
    #  30   phase 1                     1          35 60
    #  40   completed 2                 0             60
    #  50   completed 9, relapse 1      0             60
    #  55   THCS diploma, relapse 2     1             60
    #  60   nothing                     0 (unrecorded) 60
    #  61   completed 5                 —  outside every band
    #  14   completed 5                 —  outside every band
    #  25   completed 9, disabled       excluded (disabled) from every band
    #  30   completed 9, moved away     excluded (moved) from 15–35 and 15–60
    write_people(folder, [
        P(20, done=5), P(22, done=3), P(30, phase=2), P(30, phase=1), P(40, done=2), P(50, done=9, relapse=1),
        P(55, diploma="THCS", relapse=2), P(60), P(61, done=5), P(14, done=5), P(25, done=9, disabled="có"),
        P(30, done=9, res="Chuyển đi"),
    ])
    return run(folder)


def test_xmc_indicators_counts(tmp_path):
    r = _xmc_fixture(tmp_path)
    # 15–25: 20 (L2), 22 (L1) → L1+ 2/2, L2 1/2; disabled 25-year-old excluded
    assert counts(ind(r, "A", "xmc_l1_15_25")) == (2, 2, 1, 0, 0, 0)
    assert counts(ind(r, "A", "xmc_l2_15_25")) == (1, 2, 1, 0, 0, 0)
    # 15–35: + 30 (L2), 30 (L1) → L1+ 4/4, L2 2/4; moved 30-year-old
    assert counts(ind(r, "A", "xmc_l1_15_35")) == (4, 4, 1, 1, 0, 0)
    assert counts(ind(r, "A", "xmc_l2_15_35")) == (2, 4, 1, 1, 0, 0)
    # 15–60: + 40 (L0), 50 (L0), 55 (L1), 60 (L0, unrecorded) → L1+ 5/8, L2 2/8
    assert counts(ind(r, "A", "xmc_l1_15_60")) == (5, 8, 1, 1, 0, 1)
    assert counts(ind(r, "A", "xmc_l2_15_60")) == (2, 8, 1, 1, 0, 1)


def _lifelong_fixture(folder):
    # Working age 2024: men 15–60, women 15–56. Residents base: disabled persons stay in.
    #  man 30      info có,   skills có      → both num
    #  woman 56    info không, skills có     → info den, skills num
    #  man 60      info blank, skills không  → info den unrecorded, skills den
    #  man 61      info có,   skills có      → not working age
    #  woman 57    info có,   skills có      → not working age
    #  man 14      info có,   skills có      → not working age
    #  man 40 moved away, info có, skills có → moved
    #  woman 30 disabled, info có, skills blank → info num; skills den unrecorded
    write_people(folder, [
        P(30, sex="Nam", info="có", skills="có"), P(56, sex="Nữ", info="không", skills="có"),
        P(60, sex="Nam", skills="không"), P(61, sex="Nam", info="có", skills="có"),
        P(57, sex="Nữ", info="có", skills="có"), P(14, sex="Nam", info="có", skills="có"),
        P(40, sex="Nam", res="Chuyển đi", info="có", skills="có"), P(30, sex="Nữ", disabled="có", info="có"),
    ])
    return run(folder)


def test_ll_information_literacy_counts(tmp_path):
    # den: man 30, woman 56, man 60, woman 30 = 4; num: man 30, woman 30 = 2; unrecorded: man 60; moved 1
    assert counts(ind(_lifelong_fixture(tmp_path), "A", "ll_information_literacy")) == (2, 4, 0, 1, 0, 1)


def test_ll_life_skills_counts(tmp_path):
    # den 4 as above; num: man 30, woman 56 = 2; unrecorded: woman 30; moved 1
    assert counts(ind(_lifelong_fixture(tmp_path), "A", "ll_life_skills")) == (2, 4, 0, 1, 0, 1)


def _qualification_fixture(folder):
    # Residents 15+: Sơ cấp (20), Trung cấp (25), Cao đẳng (30), Đại học (35), Thạc sĩ (40), Tiến sĩ (45),
    # Không (50), blank (55, unrecorded), Đại học (70) → 9 residents.
    # Outside: Sơ cấp aged 14. Left out: Đại học aged 40 deceased.
    write_people(folder, [
        P(20, qual="Sơ cấp"), P(25, qual="Trung cấp"), P(30, qual="Cao đẳng"), P(35, qual="Đại học"),
        P(40, qual="Thạc sĩ"), P(45, qual="Tiến sĩ"), P(50, qual="Không"), P(55), P(70, qual="Đại học"),
        P(14, qual="Sơ cấp"), P(40, qual="Đại học", res="Chết"),
    ])
    return run(folder)


def test_ll_trained_15plus_counts(tmp_path):
    # trained (sơ cấp or higher): all but Không and blank = 7 of 9; deceased 1; unrecorded 1
    assert counts(ind(_qualification_fixture(tmp_path), "A", "ll_trained_15plus")) == (7, 9, 0, 0, 1, 1)


def test_ll_university_15plus_counts(tmp_path):
    # đại học, thạc sĩ, tiến sĩ: 35, 40, 45, 70 = 4 of 9
    assert counts(ind(_qualification_fixture(tmp_path), "A", "ll_university_15plus")) == (4, 9, 0, 0, 1, 1)


def test_ll_learning_citizens_counts(tmp_path):
    # Residents 15+: có (20), có (80), không (30), blank (40, unrecorded); có aged 14 outside; có aged 30
    # deceased. num 2, den 4, deceased 1, unrecorded 1
    write_people(tmp_path, [
        P(20, citizen="có"), P(80, citizen="có"), P(30, citizen="không"), P(40), P(14, citizen="có"),
        P(30, citizen="có", res="Chết"),
    ])
    assert counts(ind(run(tmp_path), "A", "ll_learning_citizens")) == (2, 4, 0, 0, 1, 1)


def test_every_person_indicator_of_the_spec_is_reported(tmp_path):
    spec_ids = [
        "mn5_attending", "mn5_completed", "mn4_attending", "th_entry_6", "th_completed_11", "th_completed_11_14",
        "th_rest_in_primary_11", "th_rest_in_primary_11_14", "thcs_graduated_15_18", "thcs_studying_15_18",
        "xmc_l1_15_25", "xmc_l1_15_35", "xmc_l1_15_60", "xmc_l2_15_25", "xmc_l2_15_35", "xmc_l2_15_60",
        "ll_information_literacy", "ll_life_skills", "ll_trained_15plus", "ll_university_15plus",
        "ll_learning_citizens", "mn3_attending",  # appended after mn4_completed (issue 11)
        "disabled_access_5", "disabled_access_6_14", "disabled_access_11_18", "disabled_access_15_60",  # issue 19
    ]
    assert [i.id for i in PERSON_INDICATORS] == spec_ids
    write_people(tmp_path, [P(20)])
    r = run(tmp_path)
    assert [row.indicator for row in r.indicators if row.unit == "A"] == [i.id for i in INDICATORS]


# --- residence ----------------------------------------------------------------------------------------

def test_temporary_residents_and_moved_in_are_residents(tmp_path):
    # Aged 30, qualification Đại học: Tạm trú, Chuyển đến, Thường trú, Đang ở, blank → all 5 residents
    write_people(tmp_path, [P(30, qual="Đại học", res=s) for s in ("Tạm trú", "Chuyển đến", "Thường trú", "Đang ở", None)])
    assert counts(ind(run(tmp_path), "A", "ll_university_15plus")) == (5, 5, 0, 0, 0, 0)


def test_unreadable_residence_counts_as_resident_with_warning(tmp_path):
    # row 2: "Đang ở"; row 3: "???" unreadable → resident, warned at row 3. den 2, num 2.
    write_people(tmp_path, [P(30, qual="Đại học", res="Đang ở"), P(30, qual="Đại học", res="???")])
    r = run(tmp_path)
    assert counts(ind(r, "A", "ll_university_15plus")) == (2, 2, 0, 0, 0, 0)
    warned = codes(r, "bad-residence")
    assert len(warned) == 1 and warned[0].severity == "warning"
    assert warned[0].row == 3
    assert warned[0].column == "Tình trạng cư trú"


def test_birth_year_2090_is_in_no_cohort_with_warning(tmp_path):
    # rows: a 5-year-old MG (row 2), a person born 2090 MG (row 3). mn5_attending 1/1; the 2090 one in no cohort.
    write_people(tmp_path, [P(5, current="MG"), P(born=2090, current="MG")])
    r = run(tmp_path)
    assert counts(ind(r, "A", "mn5_attending")) == (1, 1, 0, 0, 0, 0)
    for i in PERSON_INDICATORS:
        assert ind(r, "A", i.id).denominator in (0, 1, None)
    future = codes(r, "birth-year-future")
    assert len(future) == 1 and future[0].severity == "warning" and future[0].row == 3


def test_blank_birth_year_is_counted_and_reported(tmp_path):
    # one person without a birth year: in no cohort, and a warning says 1 such person
    write_people(tmp_path, [P(5, current="MG"), P(born=None, current="MG")])
    r = run(tmp_path)
    assert ind(r, "A", "mn5_attending").denominator == 1
    warned = codes(r, "no-birth-year")
    assert len(warned) == 1 and "1" in warned[0].message


# --- no data, empty cohorts, areas --------------------------------------------------------------------

def test_absent_column_is_no_data(tmp_path):
    # no "Năng lực thông tin" column: numerator, denominator, value, excluded and unrecorded all null
    write_people(tmp_path, [P(30, qual="Đại học")])
    row = ind(run(tmp_path), "A", "ll_information_literacy")
    assert (row.numerator, row.denominator, row.value, row.unrecorded) == (None, None, None, None)
    assert (row.excluded.disabled, row.excluded.moved_away, row.excluded.deceased) == (None, None, None)


def test_column_blank_in_every_row_is_no_data(tmp_path):
    # a template column nobody filled holds no answers: "no data", not 0 of everyone
    write_people(tmp_path, [P(30, qual="Đại học")], extra=("info",))
    assert ind(run(tmp_path), "A", "ll_information_literacy").denominator is None


def test_column_with_some_answers_counts_the_blanks_as_unrecorded(tmp_path):
    # two working-age residents, one answered "không", one blank: 0 of 2, unrecorded 1 (understated, never hidden)
    write_people(tmp_path, [P(30, info="không"), P(31)])
    assert counts(ind(run(tmp_path), "A", "ll_information_literacy")) == (0, 2, 0, 0, 0, 1)


def test_empty_cohort_has_denominator_0_and_null_value(tmp_path):
    # "Đang học" present, nobody aged 4: mn4_attending 0/0, value null
    write_people(tmp_path, [P(5, current="MG")])
    row = ind(run(tmp_path), "A", "mn4_attending")
    assert (row.numerator, row.denominator, row.value) == (0, 0, None)


def test_unit_without_rows_is_no_data_not_empty_cohort(tmp_path):
    # units A and B; only A has persons → every indicator of B is "no data"
    write_units(tmp_path, [{"code": "A"}, {"code": "B"}])
    write_people(tmp_path, [P(5, current="MG")])
    r = run(tmp_path)
    row = ind(r, "B", "mn5_attending")
    assert (row.numerator, row.denominator, row.value) == (None, None, None)


def test_area_is_the_sum_of_unit_counts_not_the_average_of_rates(tmp_path):
    # A: 1 of 1 five-year-olds attends (100%); B: 1 of 3 (33.3%).
    # Area: 2 of 4 = 50% (the average of rates would be 66.7%). Excluded add too: B has 1 moved away.
    write_people(tmp_path, [
        P(5, unit="A", current="MG"),
        P(5, unit="B", current="MG"), P(5, unit="B"), P(5, unit="B", current=1), P(5, unit="B", res="Chuyển đi"),
    ])
    r = run(tmp_path)
    assert counts(ind(r, "A", "mn5_attending")) == (1, 1, 0, 0, 0, 0)
    assert counts(ind(r, "B", "mn5_attending")) == (1, 3, 0, 1, 0, 1)
    area = ind(r, AREA, "mn5_attending")
    assert counts(area) == (2, 4, 0, 1, 0, 1)
    assert area.value == 0.5


def test_two_areas_and_total(tmp_path):
    # Area X has unit A (1/1), area Y has unit B (0/1): X 1/1, Y 0/1, total "*" 1/2
    write_units(tmp_path, [{"code": "A", "area": "X"}, {"code": "B", "area": "Y"}])
    write_people(tmp_path, [P(5, unit="A", current="MG"), P(5, unit="B", current=1)])
    r = run(tmp_path)
    assert (ind(r, "X", "mn5_attending").numerator, ind(r, "X", "mn5_attending").denominator) == (1, 1)
    assert (ind(r, "Y", "mn5_attending").numerator, ind(r, "Y", "mn5_attending").denominator) == (0, 1)
    assert (ind(r, "*", "mn5_attending").numerator, ind(r, "*", "mn5_attending").denominator) == (1, 2)


# --- unreadable values ---------------------------------------------------------------------------------

def test_unreadable_grade_is_warned_and_counts_as_not_having_the_fact(tmp_path):
    # row 2: 11-year-old, completed "5" → completed; row 3: 11-year-old, completed "abc" → unreadable:
    # not completed, warned at row 3 in column "Lớp đã học xong". th_completed_11 = 1/2.
    write_people(tmp_path, [P(11, done=5), P(11, done="abc")])
    r = run(tmp_path)
    row = ind(r, "A", "th_completed_11")
    assert (row.numerator, row.denominator) == (1, 2)
    warned = codes(r, "bad-grade")
    assert len(warned) == 1
    assert (warned[0].severity, warned[0].row, warned[0].column) == ("warning", 3, "Lớp đã học xong")


def test_unreadable_diploma_is_warned(tmp_path):
    # 16-year-olds: diploma THCS → graduate; diploma "ABC" → unreadable, not a graduate. 1/2, one warning.
    write_people(tmp_path, [P(16, diploma="THCS"), P(16, diploma="ABC")])
    r = run(tmp_path)
    row = ind(r, "A", "thcs_graduated_15_18")
    assert (row.numerator, row.denominator) == (1, 2)
    warned = codes(r, "bad-diploma")
    assert len(warned) == 1 and warned[0].row == 3
