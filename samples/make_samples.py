"""Write the Bến Cát sample surveys into samples/ben-cat/{2022,2023,2024}/.

    python samples/make_samples.py [OUTPUT_DIR]

2024 is in the official layout (one workbook per unit, sheets DATA and THONG_TIN);
2023 is a plain extract in one workbook, 2022 the same extract as a CSV (UTF-8 with BOM).
Neither plain file states its year: it comes from the folder name. Every year
folder has a units workbook ``don-vi.xlsx``, an institutions list ``co-so-giao-duc.xlsx`` and the
learning models with the area's recognition ``mo-hinh-hoc-tap.xlsx``; 2024, whose official survey
has no lifelong-learning columns, adds the commune table ``so-lieu-xa.xlsx``. Output is byte-for-byte
reproducible.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from other_sources import write_other_sources  # noqa: E402
from synth import UNITS, Cell, Person, Unit, make_unit, new_workbook, write_official, write_units  # noqa: E402

YEARS = (2022, 2023, 2024)
OFFICIAL_YEAR = 2024
SIZE_2024 = {"BC01": 880, "BC02": 820, "BC03": 780, "BC04": 850,
             "BC05": 740, "BC06": 800, "BC07": 710, "BC08": 760}
YEARLY_GROWTH = 0.03  # the industrial town keeps drawing migrant workers
# Left out of the units sheet's file column, so the tool must recognise them itself.
UNLISTED_FILES = {"BC04", "BC07"}

CONDITIONS: dict[int, dict[tuple[str, str], str]] = {
    2022: {("BC03", "mn4"): "chưa rõ"},
    2023: {("BC07", "mn4"): "chưa rõ"},
    2024: {("BC08", "thcs"): "không", ("BC05", "mn4"): "chưa rõ", ("BC07", "thcs"): "chưa rõ"},
}

PLAIN_HEADER = (
    "Xã/Phường", "Thôn/Ấp", "Số phiếu", "Năm sinh", "Giới tính", "Tình trạng cư trú",
    "Khuyết tật", "Khả năng học tập", "Đang học", "Bổ túc", "Lớp đã học xong", "Bỏ học lớp",
    "Bằng tốt nghiệp", "Hoàn thành CT mầm non", "Giai đoạn XMC hoàn thành", "Tái mù chữ mức",
    "Trình độ chuyên môn", "Năng lực thông tin", "Kỹ năng sống", "Công dân học tập",
)


def size(unit: Unit, year: int) -> int:
    return round(SIZE_2024[unit.code] * (1 - YEARLY_GROWTH * (OFFICIAL_YEAR - year)))


def yes_no(value: bool | None) -> str | None:
    return None if value is None else "có" if value else "không"


def plain_row(unit: Unit, p: Person) -> list[Cell]:
    studying_grade = isinstance(p.study, int)
    literacy_phase = {3: 1, 4: 1, 5: 2}.get(p.literacy_done or 0)
    return [
        unit.name, p.hamlet, p.household, p.birth_year, "Nữ" if p.female else "Nam", p.status,
        yes_no(p.disability is not None), yes_no(p.able_to_learn or p.disability is None),
        p.study, "X" if p.bo_tuc else None,
        p.completed if p.show_completed or not studying_grade else None,
        p.dropout, p.diploma,
        yes_no(bool(p.preschool_done)) if p.age < 18 else None,
        literacy_phase, p.relapse, p.qualification,
        yes_no(p.info_literacy), yes_no(p.life_skills), yes_no(p.learning_citizen),
    ]


def write_plain_xlsx(path: Path, rows: list[list[Cell]]) -> None:
    workbook = new_workbook(path)
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    sheet = workbook.add_worksheet("DieuTra")
    sheet.write_row(0, 0, PLAIN_HEADER, bold)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 10)
    sheet.set_column(2, len(PLAIN_HEADER) - 1, 11)
    sheet.freeze_panes(1, 0)
    workbook.close()


def write_plain_csv(path: Path, rows: list[list[Cell]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(PLAIN_HEADER)
        writer.writerows(["" if v is None else v for v in row] for row in rows)


def main(argv: list[str]) -> None:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent / "ben-cat"
    for year in YEARS:
        folder = out / str(year)
        people = {unit.code: make_unit(unit, year, size(unit, year)) for unit in UNITS}
        files: dict[str, str] = {}
        if year == OFFICIAL_YEAR:
            for unit in UNITS:
                write_official(folder / unit.file_name, unit, year, people[unit.code])
                if unit.code not in UNLISTED_FILES:
                    files[unit.code] = unit.file_name
        else:
            rows = [plain_row(unit, p) for unit in UNITS for p in people[unit.code]]
            if year == 2023:
                write_plain_xlsx(folder / "dieu-tra-2023.xlsx", rows)
            else:
                write_plain_csv(folder / f"dieu-tra-{year}.csv", rows)
        write_units(folder / "don-vi.xlsx", files, CONDITIONS.get(year, {}))
        write_other_sources(folder, year, people, survey_has_learning=year != OFFICIAL_YEAR)
        print(f"{folder}: {sum(len(v) for v in people.values())} persons")


if __name__ == "__main__":
    main(sys.argv)
