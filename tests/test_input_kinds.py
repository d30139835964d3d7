"""Input kinds as plugins: one registry the loader, --columns and `xhht template` loop over; each kind
finds its own sheets and explains its own near misses; the sources layer never imports what sits above
it, and the package has no import cycle."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from xhht_cli.read.column_map import BUILT_IN, ColumnMap, load_columns
from xhht_cli.io.grid import Grid
from xhht_cli.read.one_file import near_miss
from xhht_cli.sources.registry import BY_NAME, KINDS, PERSONS, SHEET_KINDS
from xhht_cli.render.templates import TEMPLATES

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "xhht_cli"


def grid(*rows: list[str | None]) -> Grid:
    return Grid(Path("t.xlsx"), "S", pd.DataFrame([list(r) for r in rows], dtype=object))


def test_registry_order_is_the_classification_order() -> None:
    assert [k.name for k in KINDS] == ["survey", "units", "counts", "institutions", "models", "recognitions",
                                       "conditions"]
    assert PERSONS is BY_NAME["survey"]
    assert [k.name for k in SHEET_KINDS] == ["units", "counts", "institutions", "models", "recognitions",
                                             "conditions"]
    assert {k.name for k in KINDS if k.gives_counts} == {"survey", "counts", "institutions", "models"}


def test_columns_sections_and_templates_come_from_the_registry() -> None:
    assert list(BUILT_IN) == ["survey", "units", "institutions", "models"]
    assert list(ColumnMap.model_fields) == list(BUILT_IN)
    assert BUILT_IN["institutions"] is BY_NAME["institutions"].fields
    assert [t.file for t in TEMPLATES] == ["mau-dieu-tra.xlsx", "don-vi.xlsx", "so-lieu-xa.xlsx",
                                           "co-so-giao-duc.xlsx", "mo-hinh-hoc-tap.xlsx"]
    assert [s.name for s in BY_NAME["models"].templates[0].sheets] == ["Mô hình học tập", "Công nhận"]


def test_a_columns_file_section_per_kind(tmp_path: Path) -> None:
    f = tmp_path / "cols.yaml"
    f.write_text('models:\n  households: "Tổng hộ"\n', encoding="utf-8")
    cols = load_columns(f)
    assert cols.aliases("models")["households"][0] == "Tổng hộ"
    assert cols.given() == [("models", "households", "Tổng hộ")]
    with pytest.raises(Exception):
        ColumnMap(counts={"x": ["y"]})  # counts has no named fields: no section


@pytest.mark.parametrize(("rows", "kind"), [
    ([["Mã đơn vị", "Tên đơn vị", "Khu vực", "ĐBKK"], ["1", "Xã A", "Huyện B", "không"]], "units"),
    ([["Mã đơn vị", "ll_life_skills - Tử số", "ll_life_skills - Mẫu số"], ["1", "3", "4"]], "counts"),
    ([["Tên cơ sở", "Mã đơn vị", "Loại cơ sở", "Môi trường số"], ["Trường A", "1", "Trường THCS", "có"]],
     "institutions"),
    ([["Mã đơn vị", "Số hộ gia đình", "Gia đình học tập"], ["1", "10", "4"]], "models"),
    ([["Khu vực", "Năm", "Thị xã học tập"], ["Huyện B", "2024", "có"]], "recognitions"),
    ([["Mã đơn vị", "Điều kiện XMC"], ["1", "có"]], "conditions"),
])
def test_each_sheet_is_the_first_kind_that_finds_it(rows: list[list[str]], kind: str) -> None:
    g = grid(*rows)
    found = [k.name for k in SHEET_KINDS if k.find(g, k.fields) is not None]
    assert found[0] == kind


@pytest.mark.parametrize(("names", "why"), [
    (["Họ và tên", "Giới tính", "Đang học", "Dân tộc"], "sheet điều tra thiếu cột Năm sinh"),
    (["Khu vực", "ĐBKK", "Loại"], "sheet đơn vị thiếu cột Mã đơn vị"),
    (["Tên cơ sở", "Môi trường số", "Mã đơn vị"], "danh sách cơ sở giáo dục thiếu cột Loại cơ sở"),
    (["Mã đơn vị", "Số hộ gia đình", "Số dòng họ"], "bảng mô hình học tập có cột Số hộ gia đình nhưng thiếu cột "
     "Gia đình học tập"),
    (["Số hộ gia đình", "Gia đình học tập"], "bảng mô hình học tập thiếu cột Mã đơn vị"),
])
def test_near_miss_is_explained_by_the_kind_that_recognises_it(names: list[str], why: str) -> None:
    message = near_miss(grid(names, ["x"] * len(names)), ColumnMap())
    assert message is not None and message.startswith(why)


def test_a_sheet_of_no_kind_is_no_near_miss() -> None:
    assert near_miss(grid(["Ghi chú", "Ngày"], ["a", "b"]), ColumnMap()) is None
