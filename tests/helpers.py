"""Shared test helpers: write small hand-countable CSV fixtures and find rows of a Report.

Persons are written with short keys (see PERSON_COLUMNS) and `age=` instead of a birth year, so that a
fixture reads like the hand count in its comment: age 5 in survey year 2024 is born 2019.
"""

from __future__ import annotations

import csv
from pathlib import Path

from xhht_cli import Options, compute
from xhht_cli.report import IndicatorRow, Report, StandardRow, TargetRow

YEAR = 2024
AREA = "Thị xã Bến Cát"  # the bundled plan's area: every unit belongs to it unless a units sheet says otherwise

# short key → plain-layout header (spec.md "Facts derived from a person's row")
PERSON_COLUMNS: dict[str, str] = {
    "unit": "Xã/Phường",
    "born": "Năm sinh",
    "sex": "Giới tính",
    "res": "Tình trạng cư trú",
    "disabled": "Khuyết tật",
    "able": "Khả năng học tập",
    "current": "Đang học",
    "bt": "Bổ túc",
    "done": "Lớp đã học xong",
    "dropout": "Bỏ học lớp",
    "diploma": "Bằng tốt nghiệp",
    "mn": "Hoàn thành CT mầm non",
    "lit_class": "Hoàn thành lớp XMC",
    "phase": "Giai đoạn XMC hoàn thành",
    "relapse": "Tái mù chữ mức",
    "qual": "Trình độ chuyên môn",
    "info": "Năng lực thông tin",
    "skills": "Kỹ năng sống",
    "citizen": "Công dân học tập",
}

UNIT_COLUMNS: dict[str, str] = {
    "code": "Mã đơn vị",
    "name": "Tên đơn vị",
    "kind": "Loại",
    "area": "Khu vực",
    "dbkk": "ĐBKK",
    "cond_mn5": "Điều kiện PCGD MN5",
    "cond_mn4": "Điều kiện PCGD MN4",
    "cond_th": "Điều kiện PCGD TH",
    "cond_thcs": "Điều kiện PCGD THCS",
    "cond_xmc": "Điều kiện XMC",
}


def survey_folder(root: Path, text: str, name: str = "dieu-tra.csv", year: int = 2024) -> Path:
    """A year folder (`root`/2024) holding one survey CSV with `text`: what the CLI tests run on."""
    folder = root / str(year)
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def write_csv(path: Path, rows: list[dict], columns: list[str]) -> Path:
    """One header row, then one row per dict (missing keys are blank cells)."""
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(columns)
        for r in rows:
            w.writerow(["" if r.get(c) is None else str(r.get(c)) for c in columns])
    return path


def P(age: int | None = None, unit: str = "A", year: int = YEAR, **fields: object) -> dict:
    """One person: `age` (→ birth year), unit, and any short keys of PERSON_COLUMNS."""
    unknown = set(fields) - set(PERSON_COLUMNS)
    assert not unknown, f"unknown person keys {unknown}"
    row: dict = {"unit": unit, **fields}
    if age is not None and "born" not in fields:
        row["born"] = year - age
    return row


def write_people(folder: Path, rows: list[dict], extra: tuple[str, ...] = (), name: str = "persons.csv") -> Path:
    """A plain survey table with the columns the rows use (plus `extra`, present but blank), in a fixed order."""
    used = {k for r in rows for k in r} | set(extra) | {"unit", "born"}
    keys = [k for k in PERSON_COLUMNS if k in used]
    table = [{PERSON_COLUMNS[k]: v for k, v in r.items()} for r in rows]
    return write_csv(folder / name, table, [PERSON_COLUMNS[k] for k in keys])


def write_units(folder: Path, rows: list[dict], name: str = "units.csv") -> Path:
    """A units sheet; each row needs `code`; name defaults to "Phường <code>", area to AREA, ĐBKK to không."""
    full = [{"name": f"Phường {r['code']}", "kind": "Phường", "area": AREA, "dbkk": "không", **r} for r in rows]
    keys = [k for k in UNIT_COLUMNS if any(k in r for r in full)]
    table = [{UNIT_COLUMNS[k]: v for k, v in r.items()} for r in full]
    return write_csv(folder / name, table, [UNIT_COLUMNS[k] for k in keys])


def run(folder: Path, year: int = YEAR, **options: object) -> Report:
    return compute([folder], Options(year=year, **options))


def ind(report: Report, unit: str, indicator: str) -> IndicatorRow:
    hits = [r for r in report.indicators if r.unit == unit and r.indicator == indicator]
    assert len(hits) == 1, f"{len(hits)} indicator rows for {unit}/{indicator}"
    return hits[0]


def std(report: Report, unit: str, standard: str) -> StandardRow:
    hits = [r for r in report.standards if r.unit == unit and r.standard == standard]
    assert len(hits) == 1, f"{len(hits)} standard rows for {unit}/{standard}"
    return hits[0]


def tgt(report: Report, target: str, unit: str, year: int) -> TargetRow:
    hits = [r for r in report.targets if r.target == target and r.unit == unit and r.year == year]
    assert len(hits) == 1, f"{len(hits)} target rows for {target}/{unit}/{year}"
    return hits[0]


def counts(row: IndicatorRow) -> tuple:
    """(numerator, denominator, disabled, moved_away, deceased, unrecorded): one tuple to compare with a hand count."""
    e = row.excluded
    return (row.numerator, row.denominator, e.disabled, e.moved_away, e.deceased, row.unrecorded)


def codes(report: Report, code: str) -> list:
    return [m for m in report.messages if m.code == code]
