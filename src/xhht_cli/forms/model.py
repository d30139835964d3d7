"""What a form is, independent of Excel: heading, column headers, rows of cells, notes and the signature
block. A rate cell carries the numerator and denominator it divides and where they are printed, so a
printed rate can always be recomputed from the form's own counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..law.indicators import ACCESS_INDICATORS, BY_ID
from ..report import Report, StandardRow

NOT_IN_SURVEY = "không có trong phiếu điều tra"
NO_ABLE_COLUMN = "dữ liệu không có cột “Khả năng học tập”"  # the access rows then have no data
REFERENCE = "Thời điểm: ngày 30 tháng 9 năm {year}"
PLACE_DATE = "…………, ngày …… tháng …… năm ……"
SIGNATURES = (("Người lập biểu", "(Ký, ghi rõ họ tên)"), ("Thủ trưởng đơn vị", "(Ký tên, đóng dấu)"))
# Standards with a single level read "Đạt" / "Chưa đạt" (spec.md, "How a level reads").
SINGLE_LEVEL = {"pcgd_mn5", "pcgd_mn4", "pcgd_mn3_5"}
KIND_WORDS = {"commune": "Xã/Phường", "area": "Huyện/Thị xã", "total": "Tổng hợp"}


@dataclass(frozen=True)
class Rate:
    """num ÷ den as the form prints it: truncated to two decimals of a percentage (spec.md). `refs` are the
    (row, column) positions in the table body of the printed numerator and denominator; None when the
    form prints only one of them (the other is noted)."""

    num: int | None
    den: int | None
    refs: tuple[tuple[int, int] | None, tuple[int, int] | None] = (None, None)

    @property
    def value(self) -> float | None:
        if self.num is None or not self.den:
            return None
        return (self.num * 10_000 // self.den) / 10_000  # exact integer truncation, never rounded up


Cell = int | Rate | str | None


@dataclass
class Column:
    label: str
    span: int = 1  # sheet columns merged under this header
    birth_year: int | None = None  # per-age forms: printed in row 4 under the age
    group: str | None = None  # a header spanning consecutive columns of the same group (row 3)
    # a column computed from others in its row: (sign, column index) terms, "Cộng đang học" = (4) + (5) + (6),
    # "Mù chữ mức độ 2" = PPC − "Biết chữ mức độ 2"; printed as a formula over the row's own cells
    of: tuple[tuple[int, int], ...] = ()


@dataclass
class Row:
    number: str
    label: str
    cells: list[Cell]
    kind: str = "count"  # count | rate | section | unit (a unit of a per-commune form) | total
    note: str | None = None  # why the row is blank
    sums: tuple[int, ...] = ()  # a subtotal: the table rows (indices) whose cells it adds, column by column


@dataclass
class Table:
    """One printed page (a commune, an area, or the list of communes)."""

    unit: str  # the unit code; "" for a list of units
    place: str  # heading line 2: "Xã/Phường: Phường Mỹ Phước"
    lead: list[tuple[str, int]]  # label columns: (header, sheet columns merged)
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    listed: dict[str, int] = field(default_factory=dict)  # a list's commune rows by unit code

    def cell(self, r: int, c: int) -> Cell:
        return self.rows[r].cells[c]

    def add(self, number: str, label: str, cells: list[Cell], kind: str = "count",
            note: str | None = None, sums: tuple[int, ...] = ()) -> int:
        self.rows.append(Row(number, label, cells, kind, note, sums))
        return len(self.rows) - 1

    def add_scope(self, number: str, scope: Scope, cells: list[Cell]) -> int:
        """A list's row: a commune, or an area or the total as the sum of its communes' rows above (Row.sums;
        scopes() lists the communes first), so that each area's total is a formula even with several areas."""
        if scope.kind == "commune":
            self.listed[scope.code] = self.add(number, scope.name, cells, kind="unit")
            return self.listed[scope.code]
        return self.add(number, scope.name, cells, kind="total",
                        sums=tuple(self.listed[m] for m in scope.members if m in self.listed))


@dataclass
class Form:
    code: str
    title: str
    tables: list[Table]
    year: int
    province: str = ""
    per_unit: bool = True  # one page per commune (page breaks between tables)


def rate_in_row(table: Table, r: int, num_col: int, den_col: int) -> Rate:
    """The rate of a row's own printed numerator and denominator cells."""
    num, den = table.cell(r, num_col), table.cell(r, den_col)
    return Rate(num if isinstance(num, int) else None, den if isinstance(den, int) else None,
                ((r, num_col), (r, den_col)))


def rate_of_rows(table: Table, num_row: int, den_row: int, c: int) -> Rate:
    """The rate of one column: a numerator row over a denominator row."""
    num, den = table.cell(num_row, c), table.cell(den_row, c)
    return Rate(num if isinstance(num, int) else None, den if isinstance(den, int) else None,
                ((num_row, c), (den_row, c)))


def level_text(row: StandardRow | None) -> str:
    """'MĐ2' / 'Chưa đạt' (single level: 'Đạt' / 'Chưa đạt'), '*' when provisional (spec.md)."""
    if row is None or row.level is None:
        return "Không có số liệu"
    if row.standard in SINGLE_LEVEL:
        text = "Đạt" if row.level >= 1 else "Chưa đạt"
    else:
        text = f"MĐ{row.level}" if row.level >= 1 else "Chưa đạt"
    if row.conditions == "not_met":  # the criteria beside it may all read "Đạt": say why the level is 0
        return text + " (điều kiện bảo đảm chưa đạt)"
    return text + ("*" if row.provisional else "")


def provisional_legend(rows: list[StandardRow | None]) -> list[str]:
    """One legend line naming what is missing, when a printed level is provisional."""
    missing: list[str] = []
    for row in rows:
        if row is not None and row.provisional:
            missing += [BY_ID[m].label if m in BY_ID else m for m in row.missing if m not in missing]
    if not any(r is not None and r.provisional for r in rows):
        return []
    return ["* tạm tính: thiếu số liệu " + ("; ".join(dict.fromkeys(missing)) or "của một tiêu chí")]


class Scope:
    """A unit the forms print: a commune, or an area or the total over its communes."""

    def __init__(self, report: Report, code: str) -> None:
        unit = next(u for u in report.units if u.code == code)
        communes = [u for u in report.units if u.kind == "commune"]
        self.code, self.name, self.kind = unit.code, unit.name, unit.kind
        if unit.kind == "commune":
            self.members = [unit.code]
        elif unit.kind == "area":
            self.members = [c.code for c in communes if c.parent == unit.code]
        else:
            self.members = [c.code for c in communes]
        self.place = f"{KIND_WORDS[unit.kind]}: {unit.name}"


def scopes(report: Report) -> list[Scope]:
    """Every commune, then the areas, then the total (the report's order)."""
    order = [u for u in report.units if u.kind == "commune"] + [u for u in report.units if u.kind != "commune"]
    return [Scope(report, u.code) for u in order]


def access_known(report: Report, unit: str) -> bool:
    """Whether the disabled persons' access to education is known for a printed unit (the survey had the
    able-to-learn column, or a commune table gave the access indicators)."""
    return any(r.unit == unit and r.indicator in ACCESS_INDICATORS and r.numerator is not None
               for r in report.indicators)


def standard_rows(report: Report, standard: str) -> dict[str, StandardRow]:
    return {r.unit: r for r in report.standards if r.standard == standard}
