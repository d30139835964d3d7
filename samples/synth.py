"""Synthetic PCGD–XMC survey persons for thị xã Bến Cát, and the official workbook layout.

Shared by ``samples/make_samples.py`` (three small survey years) and
``benchmarks/make_district.py`` (one large district). Everything is drawn from
``random.Random`` seeded by unit and year, so the output is reproducible byte for
byte. Names, addresses and phone numbers are invented from short lists.

The cohorts that the PCGD–XMC criteria look at are not left to chance: each
unit's ``Profile`` gives the share of its PPC cohort (residents without
disabilities) that meets a criterion, and exactly that many persons are given the
fact. Small units therefore show the intended gaps instead of random noise.
"""

from __future__ import annotations

import datetime
import math
import random
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

PROVINCE = "Bình Dương"
AREA = "Thị xã Bến Cát"
# xlsxwriter otherwise stamps the wall clock into docProps/core.xml.
FIXED_CREATED = datetime.datetime(2024, 1, 1)
BASE_SEED = 20240930

T = TypeVar("T")


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str  # "Phường" or "Xã"
    dbkk: bool

    @property
    def short(self) -> str:
        return self.name.split(" ", 1)[1]

    @property
    def slug(self) -> str:
        return slugify(self.name)

    @property
    def file_name(self) -> str:
        return f"{self.slug}.xlsx"


UNITS: tuple[Unit, ...] = (
    Unit("BC01", "Phường Mỹ Phước", "Phường", False),
    Unit("BC02", "Phường Chánh Phú Hòa", "Phường", False),
    Unit("BC03", "Phường Tân Định", "Phường", False),
    Unit("BC04", "Phường Hòa Lợi", "Phường", False),
    Unit("BC05", "Phường Thới Hòa", "Phường", False),
    Unit("BC06", "Xã An Điền", "Xã", False),
    Unit("BC07", "Xã An Tây", "Xã", True),
    Unit("BC08", "Xã Phú An", "Xã", False),
)


def slugify(text: str) -> str:
    # "đ" has no decomposition, so NFD alone would drop it.
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())


# --------------------------------------------------------------------------- profiles


@dataclass(frozen=True)
class Profile:
    """Share of each PPC cohort that has the fact; ``education`` scales adult schooling."""

    mn4_attending: float = 0.96
    mn5_attending: float = 1.0
    mn5_completed: float = 0.95  # of the 6-year-olds
    th_entry_6: float = 1.0
    th_completed_11: float = 0.96
    dropouts_11: int = 0  # 11-year-olds who left primary school unfinished
    thcs_diploma: float = 0.97  # 15–18
    thcs_studying: float = 0.84  # 15–18 in THPT, GDTX or GDNN
    literate2_young: float = 0.99  # 19–35 at literacy level 2
    literate2_old: float = 0.96  # 36–60
    education: float = 1.0
    info_literacy: float = 0.60
    life_skills: float = 0.63
    learning_citizens: float = 0.43


_PROFILE_2024: dict[str, dict[str, float | int]] = {
    "BC01": {"education": 1.08, "thcs_studying": 0.86, "info_literacy": 0.64},
    "BC02": {"education": 1.05, "thcs_diploma": 0.96},
    "BC03": {"thcs_diploma": 0.84, "thcs_studying": 0.71, "education": 0.95},
    "BC04": {"education": 1.05, "mn4_attending": 0.98},
    "BC05": {"mn4_attending": 0.92, "thcs_diploma": 0.98},
    "BC06": {"dropouts_11": 1, "thcs_diploma": 0.93, "thcs_studying": 0.78, "education": 0.95},
    # ĐBKK: misses XMC MĐ2 over 15–60 but meets it over 15–35.
    "BC07": {
        "mn4_attending": 0.9, "mn5_attending": 0.93, "mn5_completed": 0.88,
        "th_completed_11": 0.9, "thcs_diploma": 0.86, "thcs_studying": 0.72,
        "literate2_young": 0.95, "literate2_old": 0.7, "education": 1.0,
        "info_literacy": 0.5, "life_skills": 0.55, "learning_citizens": 0.35,
    },
    "BC08": {"thcs_diploma": 0.96, "thcs_studying": 0.74, "education": 0.95},
}

# Gain per year, so that earlier years read lower by this much per year before 2024.
_YEARLY_GAIN: dict[str, float] = {
    "mn4_attending": 0.02, "mn5_completed": 0.02, "th_completed_11": 0.01,
    "thcs_diploma": 0.02, "thcs_studying": 0.035, "literate2_young": 0.003,
    "literate2_old": 0.012, "education": 0.03, "info_literacy": 0.07,
    "life_skills": 0.06, "learning_citizens": 0.05,
}

_PROFILE_OVERRIDES: dict[tuple[str, int], dict[str, float | int]] = {
    ("BC05", 2022): {"mn5_attending": 0.8},
    ("BC07", 2022): {"dropouts_11": 1},
}


def profile(code: str, year: int) -> Profile:
    base = replace(Profile(), **_PROFILE_2024.get(code, {}))  # type: ignore[arg-type]
    years_before = max(0, 2024 - year)
    shifted: dict[str, float | int] = {
        name: getattr(base, name) - gain * years_before for name, gain in _YEARLY_GAIN.items()
    }
    shifted.update(_PROFILE_OVERRIDES.get((code, year), {}))
    return replace(base, **shifted)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- persons

HO = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Trương", "Bùi",
      "Đặng", "Đỗ", "Ngô", "Hồ", "Dương", "Đinh", "Lâm", "Mai", "Tô", "Cao")
DEM_NAM = ("Văn", "Hữu", "Minh", "Đức", "Quốc", "Thanh", "Công", "Gia", "Tấn", "Hoàng")
DEM_NU = ("Thị", "Ngọc", "Thu", "Kim", "Mỹ", "Thanh", "Bảo", "Thị Kim", "Hồng", "Diệu")
TEN_NAM = ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khang", "Long", "Nam", "Phúc",
           "Quang", "Sơn", "Tài", "Thắng", "Trung", "Tuấn", "Vinh", "Huy", "Khoa", "Phát",
           "Lộc", "Nhân", "Thịnh", "Đạt", "Kiệt")
TEN_NU = ("Anh", "Chi", "Diễm", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "My",
          "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Trang", "Tuyết", "Vy", "Yến",
          "Nhi", "Thư", "Trâm", "Giang")
STREETS = ("ĐT 741", "ĐT 748", "NA3", "NA7", "D1", "D5", "N7", "Hùng Vương", "30/4",
           "Lê Lợi", "Nguyễn Văn Thành", "Huỳnh Văn Lũy")
ETHNICITIES = (("Kinh", 0.93), ("Khmer", 0.03), ("Hoa", 0.02), ("Tày", 0.01),
               ("Nùng", 0.005), ("Chăm", 0.005))
RELIGIONS = (("Không", 0.7), ("Phật giáo", 0.18), ("Công giáo", 0.08), ("Cao Đài", 0.02),
             ("Tin Lành", 0.02))
DISABILITIES = ("Vận động", "Nghe nói", "Nhìn", "Thần kinh, tâm thần", "Trí tuệ", "Học tập",
                "Tự kỷ", "Khác")
PRESCHOOL_NAMES = ("Hoa Mai", "Sơn Ca", "Họa Mi", "Vành Khuyên", "Tuổi Thơ", "Hoa Sen")

RESIDENT_STATUSES = ("Đang ở", "Chuyển đến")


@dataclass(slots=True)
class Person:
    hamlet: str
    household: int
    age: int
    female: bool
    relation: str
    permanent: bool
    status: str = "Đang ở"
    birth_day: int = 1
    birth_month: int = 1
    birth_year: int = 2000
    middle: str = ""  # "Họ đệm": family name and middle name
    given: str = ""
    ethnicity: str = "Kinh"
    religion: str = "Không"
    priority: str | None = None
    head_middle: str = ""
    head_given: str = ""
    address: str = ""
    parent: str | None = None
    phone: str | None = None
    disability: int | None = None  # index into DISABILITIES
    certified: bool = False
    able_to_learn: bool = True
    circumstance: str | None = None
    circumstance_detail: str | None = None
    # Schooling. ``completed`` is the highest grade completed; the diploma follows from it.
    study: str | int | None = None
    repeating: bool = False
    school: tuple[str, str, str] | None = None
    class_name: str | None = None
    bo_tuc: bool = False
    completed: int | None = None
    completed_year: int | None = None
    show_completed: bool = True
    dropout: int | None = None
    dropout_year: int | None = None
    preschool_done: bool | None = None
    literacy_now: int | None = None
    literacy_done: int | None = None
    relapse: int | None = None
    qualification: str | None = None
    qualification_year: int | None = None
    certificate: str | None = None
    # Only the plain extract has these.
    info_literacy: bool | None = None
    life_skills: bool | None = None
    learning_citizen: bool | None = None

    @property
    def ppc(self) -> bool:
        return self.status in RESIDENT_STATUSES and self.disability is None

    @property
    def diploma(self) -> str | None:
        done = self.completed or 0
        if done >= 12:
            return "THPT"
        if done >= 9:
            return "THCS"
        if done >= 5:
            return "TH"
        return "MN" if self.preschool_done else None

    def diploma_school_year(self, survey_year: int) -> str | None:
        """School year in which the diploma's grade was completed, e.g. "2023-2024"."""
        grade = {"MN": 0, "TH": 5, "THCS": 9, "THPT": 12}.get(self.diploma or "")
        if grade is None or self.completed_year is None:
            return None
        end = min(survey_year, self.completed_year - ((self.completed or 0) - grade))
        return f"{end - 1}-{end}"


def _weighted(rng: random.Random, table: Sequence[tuple[T, float]]) -> T:
    return rng.choices([v for v, _ in table], [w for _, w in table])[0]


def _count(share: float, n: int) -> int:
    # Rounded up, so that a cohort reaches its share however small it is; the epsilon
    # keeps 0.95 * 20 from becoming 20 through binary rounding.
    return max(0, min(n, math.ceil(share * n - 1e-9)))


def _split(rng: random.Random, people: list[Person], share: float) -> tuple[list[Person], list[Person]]:
    shuffled = people[:]
    rng.shuffle(shuffled)
    k = _count(share, len(shuffled))
    return shuffled[:k], shuffled[k:]


# --------------------------------------------------------------------------- households


@dataclass(frozen=True, slots=True)
class _Member:
    age: int
    female: bool
    relation: str


def _family(rng: random.Random) -> list[_Member]:
    head_age = round(rng.triangular(23, 78, 40))
    head_female = rng.random() < 0.25
    members = [_Member(head_age, head_female, "Chủ hộ")]
    if rng.random() < 0.85:
        gap = rng.randint(-3, 6)  # husbands are usually the older
        spouse_age = max(19, head_age + gap if head_female else head_age - gap)
        members.append(_Member(spouse_age, not head_female, "Chồng" if head_female else "Vợ"))
    mother_age = head_age if head_female or len(members) == 1 else members[1].age
    for _ in range(rng.choices((0, 1, 2, 3), (0.05, 0.25, 0.45, 0.25))[0]):
        child_age = mother_age - rng.randint(20, 36)
        if 0 <= child_age:
            members.append(_Member(child_age, rng.random() < 0.48, "Con"))
    if rng.random() < 0.2 and head_age <= 62:
        grandmother = rng.random() < 0.62  # women outlive men
        members.append(_Member(min(96, head_age + rng.randint(22, 32)), grandmother,
                               "Mẹ" if grandmother else "Cha"))
    return members


def _renters(rng: random.Random) -> list[_Member]:
    members = [_Member(round(rng.triangular(19, 40, 23)), rng.random() < 0.55, "Chủ hộ")]
    for _ in range(rng.choice((1, 1, 2, 3))):
        members.append(_Member(round(rng.triangular(19, 40, 23)), rng.random() < 0.55, "Khác"))
    if rng.random() < 0.15:
        members.append(_Member(rng.randint(0, 6), rng.random() < 0.48, "Con"))
    return members


def _young_family(rng: random.Random) -> list[_Member]:
    head_age = rng.randint(23, 38)
    members = [_Member(head_age, False, "Chủ hộ"), _Member(max(19, head_age - rng.randint(0, 5)), True, "Vợ")]
    for _ in range(rng.choice((1, 1, 2))):
        child_age = members[1].age - rng.randint(20, 30)
        if child_age >= 0:
            members.append(_Member(child_age, rng.random() < 0.48, "Con"))
    return members


def _household_members(rng: random.Random, unit: Unit) -> tuple[list[_Member], bool]:
    renters_share = 0.2 if unit.kind == "Phường" else 0.12
    roll = rng.random()
    if roll < renters_share:
        members, permanent = _renters(rng), False
    elif roll < renters_share + 0.15:
        members, permanent = _young_family(rng), rng.random() < 0.5
    else:
        members, permanent = _family(rng), rng.random() < 0.92
    while len(members) < 2:
        members.append(_Member(rng.randint(0, 12), rng.random() < 0.48, "Con"))
    return members[:6], permanent


def _hamlets(unit: Unit, size: int) -> list[str]:
    count = max(4, min(12, size // 150)) if size < 5000 else 12
    prefix = "Khu phố" if unit.kind == "Phường" else "Ấp"
    return [f"{prefix} {i}" for i in range(1, count + 1)]


def _name(rng: random.Random, female: bool, family: str | None = None) -> tuple[str, str]:
    ho = family or rng.choice(HO)
    middle = rng.choice(DEM_NU if female else DEM_NAM)
    return f"{ho} {middle}", rng.choice(TEN_NU if female else TEN_NAM)


def _phone(rng: random.Random) -> str:
    return rng.choice(("090", "091", "093", "097", "098", "038", "035", "077")) + f"{rng.randrange(10**7):07d}"


def _people(rng: random.Random, unit: Unit, year: int, size: int) -> list[Person]:
    hamlets = _hamlets(unit, size)
    minority = 0.15 if unit.dbkk else 0.0
    per_hamlet = size / len(hamlets)
    people: list[Person] = []
    household = 0
    while len(people) < size:
        household += 1
        hamlet = hamlets[min(len(hamlets) - 1, int(len(people) / per_hamlet))]
        members, permanent = _household_members(rng, unit)
        members.sort(key=lambda m: -m.age)
        head = next(m for m in members if m.relation == "Chủ hộ")
        family = rng.choice(HO)
        # Children carry their father's family name, also when their mother heads the household.
        father = next((m for m in members if m.relation in ("Chủ hộ", "Chồng") and not m.female), head)
        father_family = family if father is head else rng.choice(HO)
        ethnicity = "Khmer" if rng.random() < minority else _weighted(rng, ETHNICITIES)
        religion = _weighted(rng, RELIGIONS)
        priority = _weighted(rng, ((None, 0.965), ("Hộ nghèo", 0.025), ("Con thương binh", 0.01)))
        address = f"Số {rng.randint(1, 250)}, đường {rng.choice(STREETS)}, {hamlet}"
        moved_in = not permanent and rng.random() < 0.35
        names = [_name(rng, m.female, family if m.relation in ("Chủ hộ", "Cha")
                       else father_family if m.relation in ("Con", "Chồng") else None)
                 for m in members]
        head_name = names[members.index(head)]
        parent = _parent_index(members)
        parent_name = " ".join(names[parent]) if parent is not None else None
        for i, m in enumerate(members):
            birth_year = year - m.age
            p = Person(
                hamlet=hamlet, household=household, age=m.age, female=m.female,
                relation=m.relation, permanent=permanent,
                birth_day=rng.randint(1, 28), birth_month=rng.randint(1, 12), birth_year=birth_year,
                middle=names[i][0], given=names[i][1], ethnicity=ethnicity, religion=religion,
                priority=priority, head_middle=head_name[0], head_given=head_name[1], address=address,
                parent=parent_name if m.relation == "Con" and m.age < 18 else None,
                phone=_phone(rng) if m.relation == "Chủ hộ" or (m.age >= 18 and rng.random() < 0.4) else None,
            )
            p.status = _status(rng, p, moved_in)
            if rng.random() < 0.012:
                p.disability = rng.choices(range(len(DISABILITIES)), (6, 3, 3, 2, 3, 2, 1, 1))[0]
                p.certified = rng.random() < 0.7
                p.able_to_learn = rng.random() < 0.8
            if m.age < 16 and rng.random() < 0.005:
                p.circumstance, p.circumstance_detail = "Mồ côi", rng.choice(("Mồ côi cha", "Mồ côi mẹ"))
            people.append(p)
    return people


def _parent_index(members: list[_Member]) -> int | None:
    for i, m in enumerate(members):
        if m.relation in ("Chủ hộ", "Vợ", "Chồng") and m.age >= 18:
            return i
    return None


def _status(rng: random.Random, p: Person, moved_in: bool) -> str:
    roll = rng.random()
    death_risk = 0.0015 if p.age < 60 else 0.016 if p.age < 75 else 0.05
    if roll < death_risk:
        return "Chết"
    if roll < death_risk + (0.022 if 16 <= p.age <= 40 else 0.009):
        return "Chuyển đi"
    return "Chuyển đến" if moved_in or rng.random() < 0.02 else "Đang ở"


# --------------------------------------------------------------------------- schooling


class _Schools:
    """Where a unit's persons study; codes are invented."""

    def __init__(self, unit: Unit) -> None:
        n = UNITS.index(unit) + 1 if unit in UNITS else 9
        self.preschool = (AREA, f"Trường MN {PRESCHOOL_NAMES[n % len(PRESCHOOL_NAMES)]}", f"7472{n:02d}01")
        self.primary = (AREA, f"Trường TH {unit.short}", f"7472{n:02d}02")
        self.lower = (AREA, f"Trường THCS {unit.short}", f"7472{n:02d}03")
        self.upper = ((AREA, "Trường THPT Bến Cát", "74729004"), (AREA, "Trường THPT Tây Nam", "74729104"))
        self.gdtx = (AREA, "Trung tâm GDNN-GDTX Bến Cát", "74729205")
        self.vocational = ((AREA, "Trường TC Kỹ thuật Bến Cát", "74729306"),
                           ("TP. Thủ Dầu Một", "Trường CĐ Công nghệ Bình Dương", "74710007"))
        self.university = (("TP. Thủ Dầu Một", "Trường ĐH Thủ Dầu Một", ""),
                           ("TP. Hồ Chí Minh", "Trường ĐH Bách khoa", ""),
                           ("TP. Hồ Chí Minh", "Trường ĐH Kinh tế", ""))


class _Educator:
    def __init__(self, rng: random.Random, unit: Unit, year: int, prof: Profile) -> None:
        self.rng, self.unit, self.year, self.prof = rng, unit, year, prof
        self.schools = _Schools(unit)

    # -- building blocks

    def preschool(self, p: Person, code: str) -> None:
        p.study = code
        p.school = self.schools.preschool
        group = {"NT": "Nhà trẻ", "MG 3T": "Mầm", "MG 4T": "Chồi", "MG 5T": "Lá"}[code]
        p.class_name = f"{group} {self.rng.randint(1, 3)}"

    def grade(self, p: Person, grade: int, repeating: bool = False, bo_tuc: bool = False) -> None:
        rng = self.rng
        p.study, p.repeating, p.bo_tuc = grade, repeating, bo_tuc
        p.completed = grade - 1
        p.completed_year = self.year - (1 if repeating else 0)
        p.show_completed = grade >= 2 and rng.random() < 0.5
        if p.preschool_done is None:
            p.preschool_done = rng.random() < 0.97
        if bo_tuc:
            p.school = self.schools.gdtx
        elif grade <= 5:
            p.school = self.schools.primary
        elif grade <= 9:
            p.school = self.schools.lower
        else:
            p.school = rng.choice(self.schools.upper)
        suffix = ("!" if repeating else "") + ("*" if grade <= 5 and rng.random() < 0.8 else "")
        p.class_name = f"{grade}A{rng.randint(1, 6)}{suffix}"

    def left_school(self, p: Person, completed: int, dropout: int | None = None) -> None:
        """Not studying; completed ``completed`` grades, dropped out in grade ``dropout``."""
        p.completed = completed
        nominal_end = p.birth_year + 6 + completed
        p.completed_year = min(self.year, nominal_end)
        if p.preschool_done is None and p.age <= 18:
            p.preschool_done = self.rng.random() < 0.95
        if dropout is not None:
            p.dropout = dropout
            p.dropout_year = min(self.year, p.birth_year + dropout + 5 + self.rng.randint(0, 1))
            p.completed_year = min(p.completed_year, p.dropout_year)

    def vocational(self, p: Person, level: str, completed: int) -> None:
        self.left_school(p, completed)
        p.study = level
        p.school = self.rng.choice(self.schools.vocational) if level != "Sơ cấp" else self.schools.gdtx

    def university(self, p: Person) -> None:
        self.left_school(p, 12)
        p.completed_year = min(self.year, p.birth_year + 18)
        p.study = "Đại học"
        p.school = self.rng.choice(self.schools.university)

    # -- cohorts

    def assign(self, people: list[Person]) -> None:
        by_age: dict[int, list[Person]] = {}
        for p in people:
            by_age.setdefault(p.age, []).append(p)
        ppc = {age: [p for p in group if p.ppc] for age, group in by_age.items()}
        others = {age: [p for p in group if not p.ppc] for age, group in by_age.items()}
        prof = self.prof
        rng = self.rng

        for age in range(0, 4):
            for p in by_age.get(age, []):
                if rng.random() < (0.0, 0.15, 0.45, 0.85)[age]:
                    self.preschool(p, "NT" if age < 3 else "MG 3T")
        self._share(ppc.get(4, []), others.get(4, []), prof.mn4_attending,
                    lambda p: self.preschool(p, "MG 4T"), lambda p: None)
        self._share(ppc.get(5, []), others.get(5, []), prof.mn5_attending,
                    lambda p: self.preschool(p, "MG 5T"), lambda p: None)
        self._age6(ppc.get(6, []), others.get(6, []))
        for age in range(7, 11):
            for p in by_age.get(age, []):
                self._child(p, age)
        self._age11(ppc.get(11, []), others.get(11, []))
        for age in range(12, 15):
            for p in by_age.get(age, []):
                self._child(p, age)
        self._teens(
            [p for a in range(15, 19) for p in ppc.get(a, [])],
            [p for a in range(15, 19) for p in others.get(a, [])],
        )
        self._adults([p for p in people if p.age >= 19])
        for p in people:
            if p.disability is not None and not p.able_to_learn and p.age >= 3:
                self._unable(p)
            if p.status in ("Chuyển đi", "Chết"):
                p.study, p.school, p.class_name, p.repeating, p.bo_tuc = None, None, None, False, False

    def _share(self, ppc: list[Person], others: list[Person], share: float,
               yes: Callable[[Person], None], no: Callable[[Person], None]) -> None:
        met, unmet = _split(self.rng, ppc, share)
        for p in met:
            yes(p)
        for p in unmet:
            no(p)
        for p in others:
            (yes if self.rng.random() < 0.95 else no)(p)

    def _unable(self, p: Person) -> None:
        p.study, p.school, p.class_name, p.repeating, p.bo_tuc = None, None, None, False, False
        p.completed = min(p.completed or 0, max(0, p.age - 8))
        p.dropout = p.dropout_year = None
        p.qualification = p.qualification_year = p.certificate = None
        p.completed_year = min(self.year, p.birth_year + 6 + p.completed)

    def _age6(self, ppc: list[Person], others: list[Person]) -> None:
        rng = self.rng
        entered, waiting = _split(rng, ppc, self.prof.th_entry_6)
        for p in waiting:
            if rng.random() < 0.6:
                self.preschool(p, "MG 5T")
            p.preschool_done = False
        # Completers of the preschool programme are found among the grade-1 entrants first.
        rng.shuffle(entered)
        done = _count(self.prof.mn5_completed, len(ppc))
        for i, p in enumerate(entered):
            p.preschool_done = i < done
            self.grade(p, 1)
        for p in others:
            p.preschool_done = rng.random() < 0.9
            self.grade(p, 1)

    def _child(self, p: Person, age: int) -> None:
        rng = self.rng
        normal = age - 5
        if age >= 13 and rng.random() < 0.015:
            dropout = rng.randint(6, normal)
            self.left_school(p, dropout - 1, dropout)
        elif rng.random() < 0.03:
            self.grade(p, normal - 1, repeating=True)
        else:
            self.grade(p, normal)

    def _age11(self, ppc: list[Person], others: list[Person]) -> None:
        rng = self.rng
        pool = ppc[:]
        rng.shuffle(pool)
        dropouts, pool = pool[: self.prof.dropouts_11], pool[self.prof.dropouts_11:]
        for p in dropouts:
            dropout = rng.choice((4, 5))
            self.left_school(p, dropout - 1, dropout)
        completed = _count(self.prof.th_completed_11, len(ppc))
        for i, p in enumerate(pool):
            if i < completed:
                self.grade(p, 6)
            else:
                self.grade(p, 5, repeating=True)
        for p in others:
            self._child(p, 11)

    def _teens(self, ppc: list[Person], others: list[Person]) -> None:
        rng = self.rng
        prof = self.prof
        holders, without = _split(rng, ppc, prof.thcs_diploma)
        for p in without:
            self._no_diploma(p)
        studying = _count(prof.thcs_studying, len(ppc))
        # 18-year-olds have usually finished school; they study on only when few others do.
        holders.sort(key=lambda p: rng.random() + (0.6 if p.age == 18 else 0.0))
        for i, p in enumerate(holders):
            (self._studying_on if i < studying else self._not_studying_on)(p)
        for p in others:
            roll = rng.random()
            if roll < 0.05:
                self._no_diploma(p)
            elif roll < 0.8:
                self._studying_on(p)
            else:
                self._not_studying_on(p)

    def _no_diploma(self, p: Person) -> None:
        if p.age <= 16 and self.rng.random() < 0.5:
            self.grade(p, 9, repeating=True)
        else:
            dropout = self.rng.randint(6, 9)
            self.left_school(p, dropout - 1, dropout)

    def _studying_on(self, p: Person) -> None:
        rng = self.rng
        normal = min(12, p.age - 5)
        roll = rng.random()
        if p.age == 18:
            if roll < 0.25:
                self.grade(p, 12, repeating=True)
            elif roll < 0.35:
                self.grade(p, 12, bo_tuc=True)
            else:
                self.vocational(p, rng.choice(("Trung cấp", "Cao đẳng", "Cao đẳng")), 12)
        elif roll < 0.85:
            self.grade(p, normal)
        elif roll < 0.9 and normal > 10:
            self.grade(p, normal - 1, repeating=True)
        elif roll < 0.95:
            self.grade(p, normal, bo_tuc=True)
        else:
            self.vocational(p, rng.choice(("Sơ cấp", "Trung cấp")), 9)

    def _not_studying_on(self, p: Person) -> None:
        rng = self.rng
        if p.age == 18:
            if rng.random() < 0.425:
                self.university(p)
            elif rng.random() < 0.74:
                self.left_school(p, 12)
            else:
                completed = rng.randint(9, 11)
                self.left_school(p, completed, completed + 1 if completed > 9 else None)
            return
        completed = rng.randint(9, min(11, p.age - 6))
        self.left_school(p, completed, completed + 1 if completed > 9 or rng.random() < 0.5 else None)

    def _adults(self, adults: list[Person]) -> None:
        rng = self.rng
        prof = self.prof
        young = [p for p in adults if p.ppc and p.age <= 35]
        old = [p for p in adults if p.ppc and 36 <= p.age <= 60]
        illiterate: set[int] = set()
        for band, share, level0_share in ((young, prof.literate2_young, 0.15), (old, prof.literate2_old, 0.35)):
            _, lacking = _split(rng, band, share)
            for p in lacking:
                self._low_literacy(p, level0_share)
                illiterate.add(id(p))
        for p in adults:
            if id(p) in illiterate:
                continue
            grade = self._adult_grade(p.age)
            if grade < 5 and p.ppc and p.age <= 60:
                grade = 5
            self.left_school(p, grade)
            if grade <= 2 and rng.random() < 0.5:
                p.literacy_done = rng.choice((3, 5, 5))
            self._further(p)

    def _low_literacy(self, p: Person, level0_share: float) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.05:
            self.left_school(p, rng.randint(5, 9))
            p.relapse = 1 if rng.random() < level0_share else 2
        elif roll < level0_share:
            self.left_school(p, rng.randint(0, 2))
            if rng.random() < 0.25:
                p.literacy_now = rng.randint(1, 3)
                p.literacy_done = p.literacy_now - 1 or None
        elif roll < level0_share + 0.2:
            self.left_school(p, rng.randint(0, 2))
            p.literacy_done = rng.choice((3, 4))
        else:
            self.left_school(p, rng.randint(3, 4))

    def _adult_grade(self, age: int) -> int:
        rng = self.rng
        top = (0.62 if age <= 25 else 0.5 if age <= 35 else 0.33 if age <= 50 else 0.2 if age <= 60 else 0.1)
        if rng.random() < min(0.9, top * self.prof.education):
            return 12
        if age > 60 and rng.random() < 0.25:
            return rng.randint(0, 4)
        if rng.random() < (0.6 if age <= 50 else 0.45):
            return rng.choices((9, 10, 11), (0.7, 0.15, 0.15))[0]
        return rng.randint(5, 8)

    def _further(self, p: Person) -> None:
        """Current study and qualification of an adult who has left general school."""
        rng = self.rng
        edu = self.prof.education
        grade = p.completed or 0
        if grade == 12 and p.age <= 24:
            roll = rng.random()
            student = (0.22 if p.age <= 22 else 0.08) * edu
            if roll < student:
                self.university(p)
                return
            if roll < student + 0.12:
                self.vocational(p, rng.choice(("Trung cấp", "Cao đẳng")), 12)
                return
        if 9 <= grade <= 11 and p.age <= 35 and rng.random() < 0.02:
            self.grade(p, grade + 1, bo_tuc=True)
            return
        if p.age < 20:
            return
        if grade == 12:
            ladder = (("Tiến sĩ", 0.004), ("Thạc sĩ", 0.025), ("Đại học", 0.33), ("Cao đẳng", 0.12),
                      ("Trung cấp", 0.14), ("Sơ cấp", 0.17))
        elif grade >= 9:
            ladder = (("Trung cấp", 0.14), ("Sơ cấp", 0.33))
        elif grade >= 5:
            ladder = (("Sơ cấp", 0.28),)
        else:
            ladder = (("Sơ cấp", 0.03),)
        min_age = {"Sơ cấp": 20, "Trung cấp": 20, "Cao đẳng": 21, "Đại học": 22, "Thạc sĩ": 25, "Tiến sĩ": 30}
        age_factor = 0.5 if p.age > 55 else 1.0
        roll = rng.random()
        for level, chance in ladder:
            scale = edu * age_factor if level in ("Đại học", "Thạc sĩ", "Tiến sĩ") else age_factor
            if roll < chance * scale and p.age >= min_age[level]:
                p.qualification = level
                earliest = p.birth_year + min_age[level]
                p.qualification_year = min(self.year, rng.randint(earliest, earliest + 8))
                p.certificate = f"{rng.randrange(10**6):06d}"
                return
            roll -= chance * scale

    # -- lifelong learning, present only in the plain extract

    def learning(self, people: list[Person]) -> None:
        prof = self.prof
        for p in people:
            if p.age < 15:
                continue
            older = 0.5 if p.age > 60 else 1.0
            p.info_literacy = self._maybe(prof.info_literacy * older * (1.1 if (p.completed or 0) >= 9 else 0.7))
            p.life_skills = self._maybe(prof.life_skills * older)
            p.learning_citizen = self._maybe(prof.learning_citizens)

    def _maybe(self, chance: float) -> bool | None:
        roll = self.rng.random()
        if roll < 0.01:
            return None
        return roll < chance


def make_unit(unit: Unit, year: int, size: int, seed: int = BASE_SEED,
              prof: Profile | None = None) -> list[Person]:
    """About ``size`` persons of one unit in survey year ``year``, households kept together."""
    rng = random.Random(f"{seed}:{unit.code}:{year}")
    people = _people(rng, unit, year, size)
    educator = _Educator(rng, unit, year, prof or profile(unit.code, year))
    educator.assign(people)
    educator.learning(people)
    return people


# --------------------------------------------------------------------------- workbooks


def new_workbook(path: Path, constant_memory: bool = False) -> xlsxwriter.Workbook:
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
    workbook.set_properties({"created": FIXED_CREATED, "author": "xhht samples"})
    return workbook


# (group, label) per column A..AY; a group spans the consecutive columns that share it.
OFFICIAL_COLUMNS: tuple[tuple[str | None, str], ...] = (
    (None, "Thôn/xóm"), (None, "TT"),
    ("Họ và tên", "Họ đệm"), ("Họ và tên", "Tên"),
    ("Ngày tháng năm sinh", "Ngày"), ("Ngày tháng năm sinh", "Tháng"), ("Ngày tháng năm sinh", "Năm"),
    (None, "Nữ"), (None, "Dân tộc"), (None, "Tôn giáo"), (None, "Diện ưu tiên"),
    ("Chủ hộ", "Họ đệm"), ("Chủ hộ", "Tên"),
    (None, "Địa chỉ"), (None, "Số phiếu"), (None, "Diện cư trú"), (None, "Tình trạng cư trú"),
    (None, "Khối học"), (None, "Lớp học"), (None, "Quận/Huyện"), (None, "Tên trường"), (None, "Mã trường"),
    (None, "Bậc tốt nghiệp"), (None, "Bổ túc"), (None, "Năm tốt nghiệp"),
    (None, "Bậc TN nghề"), (None, "Số bằng"), (None, "Năm TN nghề"),
    ("Học xong", "Lớp"), ("Học xong", "Năm"), ("Bỏ học", "Lớp"), ("Bỏ học", "Năm"),
    ("XMC", "Đang học lớp"), ("XMC", "Hoàn thành lớp"), (None, "Tái mù chữ mức"),
    *(("Khuyết tật", d) for d in DISABILITIES),
    (None, "Có chứng nhận khuyết tật"), (None, "Khả năng học tập"),
    (None, "Hoàn cảnh đặc biệt"), (None, "Chi tiết"), (None, "Quan hệ với chủ hộ"),
    (None, "Họ tên cha/mẹ"), (None, "Điện thoại"), (None, "Ghi chú"),
)
assert len(OFFICIAL_COLUMNS) == 51

Cell = str | int | None


def official_row(p: Person, number: int, year: int) -> list[Cell]:
    def x(flag: bool) -> str | None:
        return "X" if flag else None

    disabled = [x(p.disability == i) for i in range(len(DISABILITIES))]
    school = p.school or (None, None, None)
    studying_grade = isinstance(p.study, int)
    return [
        p.hamlet, number, p.middle, p.given, p.birth_day, p.birth_month, p.birth_year, x(p.female),
        p.ethnicity, p.religion, p.priority, p.head_middle, p.head_given, p.address, p.household,
        "Thường trú" if p.permanent else "Tạm trú", p.status,
        p.study, p.class_name, school[0], school[1], school[2] or None,
        p.diploma, x(p.bo_tuc), p.diploma_school_year(year),
        p.qualification, p.certificate, p.qualification_year,
        p.completed if p.show_completed or not studying_grade else None,
        p.completed_year if (p.show_completed or not studying_grade) and p.completed is not None else None,
        p.dropout, p.dropout_year,
        p.literacy_now, p.literacy_done, str(p.relapse) if p.relapse else None,
        *disabled,
        x(p.certified and p.disability is not None), x(p.able_to_learn and p.disability is not None),
        p.circumstance, p.circumstance_detail, p.relation, p.parent, p.phone, None,
    ]


def write_official(path: Path, unit: Unit, year: int, people: Iterable[Person],
                   constant_memory: bool = False) -> int:
    """The commune master workbook: sheet DATA (header rows 1–3, numbers in row 4), then THONG_TIN."""
    workbook = new_workbook(path, constant_memory)
    # In constant_memory mode a formatted merge writes blank cells into rows 2–3 and flushes
    # row 1 before the other groups are written, so the headers stay unformatted there.
    header = None if constant_memory else workbook.add_format(
        {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1})
    sheet = workbook.add_worksheet("DATA")
    _write_official_header(sheet, header)
    rows = 0
    write_string, write_number = sheet.write_string, sheet.write_number
    for rows, p in enumerate(people, start=1):
        r = rows + 3
        for c, value in enumerate(official_row(p, rows, year)):
            if value is None:
                continue
            if isinstance(value, str):
                write_string(r, c, value)
            else:
                write_number(r, c, value)
    info = workbook.add_worksheet("THONG_TIN")
    for r, (label, value) in enumerate((("Tỉnh/Thành phố", PROVINCE), ("Quận/Huyện", AREA),
                                        ("Xã/Phường", unit.name), ("Năm điều tra", year),
                                        ("Thời điểm", f"30/9/{year}"))):
        info.write(r, 0, label)
        info.write(r, 1, value)
    info.set_column(0, 1, 18)
    workbook.close()
    return rows


def _write_official_header(sheet: Worksheet, fmt: Format | None) -> None:
    # Row 1 must be complete before row 2 is written (constant_memory streams rows).
    spans: list[tuple[str | None, int, int]] = []
    for c, (group, _) in enumerate(OFFICIAL_COLUMNS):
        if group is not None and spans and spans[-1][0] == group:
            spans[-1] = (group, spans[-1][1], c)
        else:
            spans.append((group, c, c))
    for group, first, last in spans:
        if group is None:
            sheet.merge_range(0, first, 2, first, OFFICIAL_COLUMNS[first][1], fmt)
        else:
            sheet.merge_range(0, first, 0, last, group, fmt)
    for group, first, last in spans:
        if group is not None:
            for c in range(first, last + 1):
                sheet.merge_range(1, c, 2, c, OFFICIAL_COLUMNS[c][1], fmt)
    for c in range(len(OFFICIAL_COLUMNS)):
        sheet.write_number(3, c, c + 1, fmt)
    widths = {0: 11, 2: 14, 3: 8, 13: 30, 19: 15, 20: 28}
    for c in range(len(OFFICIAL_COLUMNS)):
        sheet.set_column(c, c, widths.get(c, 7))
    sheet.freeze_panes(4, 0)


UNITS_HEADER = ("Mã đơn vị", "Tên đơn vị", "Loại", "Khu vực", "ĐBKK", "Tệp",
                "Điều kiện PCGD MN5", "Điều kiện PCGD MN4", "Điều kiện PCGD TH",
                "Điều kiện PCGD THCS", "Điều kiện XMC")
CONDITION_COLUMNS = ("mn5", "mn4", "th", "thcs", "xmc")


def write_units(path: Path, files: dict[str, str], conditions: dict[tuple[str, str], str]) -> None:
    """Sheet DonVi; ``files`` maps unit code to survey file, ``conditions`` (code, standard) to a value."""
    workbook = new_workbook(path)
    bold = workbook.add_format({"bold": True})
    sheet = workbook.add_worksheet("DonVi")
    sheet.write_row(0, 0, UNITS_HEADER, bold)
    for r, unit in enumerate(UNITS, start=1):
        sheet.write_row(r, 0, (unit.code, unit.name, unit.kind, AREA, "có" if unit.dbkk else "không"))
        if unit.code in files:
            sheet.write_string(r, 5, files[unit.code])
        for c, standard in enumerate(CONDITION_COLUMNS, start=6):
            sheet.write_string(r, c, conditions.get((unit.code, standard), "có"))
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 22)
    sheet.set_column(3, 3, 15)
    sheet.set_column(5, 5, 26)
    sheet.set_column(6, 10, 12)
    workbook.close()
