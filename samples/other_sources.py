"""The commune-level sources of a sample year: institutions and community learning centres, learning
models with the area's recognition, and (when the survey has no such columns) a commune table of the
lifelong-learning counts. Deterministic: every figure follows from the unit, the year and its persons."""

from __future__ import annotations

import random
from pathlib import Path

from synth import AREA, UNITS, Person, Unit, new_workbook

# (type as officers write it, name stem); each unit's list, in order.
INSTITUTIONS: dict[str, list[tuple[str, str]]] = {
    "BC01": [("Trường mầm non", "MN Hoa Mai"), ("Trường MG", "MG Sơn Ca"), ("Trường TH", "TH Mỹ Phước"),
             ("Trường TH", "TH Mỹ Phước 2"), ("Trường THCS", "THCS Mỹ Phước"), ("Trường THPT", "THPT Bến Cát"),
             ("TT GDNN-GDTX", "TT GDNN-GDTX thị xã"), ("TTHTCĐ", "TTHTCĐ Mỹ Phước")],
    "BC02": [("Trường mầm non", "MN Chánh Phú Hòa"), ("Trường TH", "TH Chánh Phú Hòa"),
             ("Trường THCS", "THCS Chánh Phú Hòa"), ("TTHTCĐ", "TTHTCĐ Chánh Phú Hòa")],
    "BC03": [("Trường mầm non", "MN Tân Định"), ("Trường TH", "TH Tân Định"), ("Trường THCS", "THCS Tân Định"),
             ("Trường THPT", "THPT Tây Nam"), ("TTHTCĐ", "TTHTCĐ Tân Định")],
    "BC04": [("Trường mầm non", "MN Hòa Lợi"), ("Trường TH", "TH Hòa Lợi"), ("Trường THCS", "THCS Hòa Lợi"),
             ("Cơ sở GDNN", "Trường Cao đẳng nghề Việt Nam - Singapore"), ("Trung tâm ngoại ngữ", "TT Ngoại ngữ Hòa Lợi"),
             ("TTHTCĐ", "TTHTCĐ Hòa Lợi")],
    "BC05": [("Trường mầm non", "MN Thới Hòa"), ("Trường TH", "TH Thới Hòa"), ("Trường THCS", "THCS Thới Hòa"),
             ("TTHTCĐ", "TTHTCĐ Thới Hòa")],
    "BC06": [("Trường mầm non", "MN An Điền"), ("Trường TH", "TH An Điền"), ("Trường THCS", "THCS An Điền"),
             ("TTHTCĐ", "TTHTCĐ An Điền")],
    "BC07": [("Trường mầm non", "MN An Tây"), ("Trường liên cấp TH-THCS", "TH-THCS An Tây"),
             ("TTHTCĐ", "TTHTCĐ An Tây")],
    "BC08": [("Trường mầm non", "MN Phú An"), ("Trường TH", "TH Phú An"), ("Trường THCS", "THCS Phú An"),
             ("TTHTCĐ", "TTHTCĐ Phú An")],
}
# Share of a unit's institutions working in a digital environment, by year (the town's push from 2022).
DIGITAL_SHARE = {2022: 0.45, 2023: 0.55, 2024: 0.65}
CLC_IT = {"BC01", "BC02", "BC04", "BC05"}  # centres using IT in 2022; two more join each year
CLC_IT_JOIN = {2023: {"BC03"}, 2024: {"BC03", "BC06"}}
RECOGNISED = {2022: False, 2023: False, 2024: True}  # "thị xã học tập"


def write_other_sources(folder: Path, year: int, people: dict[str, list[Person]], survey_has_learning: bool) -> None:
    rng = random.Random(f"other-sources-{year}")
    _institutions(folder / "co-so-giao-duc.xlsx", year)
    _models(folder / "mo-hinh-hoc-tap.xlsx", year, people, rng, with_citizens=not survey_has_learning)
    if not survey_has_learning:
        _commune_table(folder / "so-lieu-xa.xlsx", year, people, rng)


def _institutions(path: Path, year: int) -> None:
    wb = new_workbook(path)
    bold = wb.add_format({"bold": True})
    ws = wb.add_worksheet("CoSoGiaoDuc")
    ws.write_row(0, 0, ("Tên cơ sở", "Mã đơn vị", "Loại cơ sở", "Môi trường số", "Ứng dụng CNTT"), bold)
    r = 1
    clc_it = CLC_IT | set().union(*(v for y, v in CLC_IT_JOIN.items() if y <= year))
    for unit in UNITS:
        schools = [i for i in INSTITUTIONS[unit.code] if i[0] != "TTHTCĐ"]
        digital = round(DIGITAL_SHARE[year] * len(schools) + (0.4 if unit.code in ("BC01", "BC04") else -0.1))
        for k, (kind, name) in enumerate(INSTITUTIONS[unit.code]):
            if kind == "TTHTCĐ":
                ws.write_row(r, 0, (name, unit.code, kind, None, "có" if unit.code in clc_it else "không"))
            else:
                ws.write_row(r, 0, (name, unit.code, kind, "có" if k < digital else "không", None))
            r += 1
    ws.set_column(0, 0, 42)
    ws.set_column(1, 4, 16)
    ws.freeze_panes(1, 0)
    wb.close()


def _residents_15(persons: list[Person]) -> int:
    return sum(1 for p in persons if p.age >= 15 and p.status in ("Đang ở", "Chuyển đến"))


def _models(path: Path, year: int, people: dict[str, list[Person]], rng: random.Random, with_citizens: bool) -> None:
    wb = new_workbook(path)
    bold = wb.add_format({"bold": True, "text_wrap": True})
    ws = wb.add_worksheet("MoHinh")
    header = ["Mã đơn vị", "Số hộ gia đình", "Gia đình học tập", "Số dòng họ", "Dòng họ học tập", "Số ấp, khu phố",
              "Cộng đồng học tập", "Số cơ quan, đơn vị", "Đơn vị học tập"]
    if with_citizens:
        header += ["Công dân học tập", "Dân số từ 15 tuổi"]
    ws.write_row(0, 0, header, bold)
    step = year - 2022
    for r, unit in enumerate(UNITS, start=1):
        persons = people[unit.code]
        households = len({p.household for p in persons})
        clans = rng.randint(8, 20)
        hamlets = len({p.hamlet for p in persons})
        agencies = rng.randint(8, 18)
        weak = unit.code in ("BC07", "BC08")
        row = [unit.code,
               households, round(households * (0.62 + 0.04 * step - (0.08 if weak else 0))),
               clans, round(clans * (0.55 + 0.05 * step)),
               hamlets, round(hamlets * (0.5 + 0.1 * step)),
               agencies, round(agencies * (0.72 + 0.04 * step))]
        if with_citizens:
            pop = _residents_15(persons)
            row += [round(pop * (0.36 + 0.02 * step - (0.05 if weak else 0))), pop]
        ws.write_row(r, 0, row)
    ws.set_column(0, len(header) - 1, 14)
    ws.freeze_panes(1, 0)
    cn = wb.add_worksheet("CongNhan")
    cn.write_row(0, 0, ("Khu vực", "Năm", "Thị xã học tập"), bold)
    for r, y in enumerate(y for y in RECOGNISED if y <= year):
        cn.write_row(r + 1, 0, (AREA, y, "có" if RECOGNISED[y] else "không"))
    wb.close()


def _commune_table(path: Path, year: int, people: dict[str, list[Person]], rng: random.Random) -> None:
    """What a commune reports when its survey has no information-literacy or life-skills columns:
    counts over residents of working age (15 to the retirement age; 60 for men, 56 for women in 2024)."""
    wb = new_workbook(path)
    bold = wb.add_format({"bold": True, "text_wrap": True})
    ws = wb.add_worksheet("SoLieuXa")
    ws.write_row(0, 0, ("Mã đơn vị", "Tên đơn vị", "ll_information_literacy - Tử số", "ll_information_literacy - Mẫu số",
                        "ll_life_skills - Tử số", "ll_life_skills - Mẫu số"), bold)
    for r, unit in enumerate(UNITS, start=1):
        working = sum(1 for p in people[unit.code] if p.status in ("Đang ở", "Chuyển đến")
                      and 15 <= p.age <= (56 if p.female else 60))
        info = round(working * rng.uniform(0.50, 0.60))
        life = round(working * rng.uniform(0.53, 0.64))
        ws.write_row(r, 0, (unit.code, unit.name, info, working, life, working))
    ws.set_column(0, 1, 22)
    ws.set_column(2, 5, 18)
    wb.close()


__all__ = ["write_other_sources", "Unit"]
