"""Input kinds as plugins: one registry the loader, --columns and `xhht template` loop over; each kind
finds its own sheets and explains its own near misses; the sources layer never imports what sits above
it, and the package has no import cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

from xhht_cli.columns import BUILT_IN, ColumnMap, load_columns
from xhht_cli.io.excel import Grid
from xhht_cli.reading import near_miss
from xhht_cli.sources.registry import BY_NAME, KINDS, PERSONS, SHEET_KINDS
from xhht_cli.templates import TEMPLATES

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


def _imports(path: Path) -> set[str]:
    """Modules of the package imported at module level (not under TYPE_CHECKING, not inside functions)."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    out: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")
            base = base[:len(base) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            for a in node.names:  # `from . import x` imports the submodule x
                sub = f"{target}.{a.name}"
                out.add(sub if (PACKAGE.parent / sub.replace(".", "/")).with_suffix(".py").exists() else target)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("xhht_cli"):
            out.add(str(node.module))
    return {m for m in out if m.startswith("xhht_cli")}


def test_sources_import_nothing_above_them() -> None:
    above = {"xhht_cli.load", "xhht_cli.columns", "xhht_cli.templates", "xhht_cli.pipeline", "xhht_cli.cli"}
    for path in (PACKAGE / "sources").glob("*.py"):
        bad = {m for m in _imports(path) if any(m == a or m.startswith(a + ".") for a in above)}
        assert not bad, f"{path.name} imports {bad}"


def test_reading_modules_form_no_import_cycle() -> None:
    paths = [*(PACKAGE / "sources").glob("*.py"), PACKAGE / "load.py", PACKAGE / "columns.py",
             PACKAGE / "templates.py"]
    graph = {".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts): _imports(p) for p in paths}
    state: dict[str, int] = {}

    def visit(m: str, trail: list[str]) -> None:
        if state.get(m) == 1:
            raise AssertionError("import cycle: " + " → ".join(trail + [m]))
        if state.get(m) == 2 or m not in graph:
            return
        state[m] = 1
        for n in sorted(graph[m]):
            visit(n, trail + [m])
        state[m] = 2

    for m in graph:
        visit(m, [])
