"""A run served by the counts cache (issue 13 item 2): the numpy count tables it works on, the units sheet
served from the cache too, and no pandas, pyarrow or fastexcel imported by such a run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from xhht_cli.read import one_file as reading
from xhht_cli.counts.ages import AGE_ROWS, add_ages, band
from xhht_cli.cli import app
from xhht_cli.counts.pairs import add, columns
from xhht_cli.counts.table import CountTable

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "ben-cat" / "2024"
HEAVY = ("pandas", "pyarrow", "fastexcel")

SURVEY = ("Số phiếu,Họ và tên,Xã/Phường,Năm sinh,Giới tính,Tình trạng cư trú,Đang học,Lớp đã học xong,Bằng tốt nghiệp\n"
          "1,Nguyễn Văn Tèo,Xã An,2019,Nam,Đang ở,MG 5T,,\n"
          "1,Trần Thị Lan,Xã An,2018,Nữ,Đang ở,1,,\n"
          "2,Lê Văn Bảy,Xã Bình,2019,Nam,Đang ở,,,\n")
UNITS = "Mã đơn vị,Tên đơn vị,ĐBKK\nX1,Xã An,không\nX2,Xã Bình,có\n"


def _run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


# --- the count tables ------------------------------------------------------------------------------------


def _labels() -> CountTable:
    return CountTable([["b", "a", "b", "c"]], ["unit"], ["x", "y"], np.array([[1, 2], [3, 4], [5, 6], [7, 8]]))


def test_column_names_are_plain_str() -> None:
    names = ["x", np.str_("y"), 3]  # numpy's str is a str subclass: made a plain one, as str() of any other
    t = CountTable([["a"]], ["unit"], names)
    assert t.columns == ["x", "y", "3"] and {type(c) for c in t.columns} == {str}
    plain = ["x", "y"]
    t = CountTable([["a"]], ["unit"], plain)
    t.columns.append("z")
    assert plain == ["x", "y"]  # the table's own list, not the caller's


def test_relabel_sums_labels_of_one_unit_and_drops_unknown_ones() -> None:
    t = _labels().relabel({"a": "A", "b": "B"})
    assert t.keys() == ["B", "A"]  # first appearance: b (rows 1 and 3), then a
    assert t.values.tolist() == [[1 + 5, 2 + 6], [3, 4]]  # c has no unit: left out
    assert t.row("A") == {"x": 3, "y": 4} and t.at("B", "y") == 8


def test_onto_places_counts_on_exactly_the_given_units() -> None:
    t = _labels().onto(["c", "z", "b"])
    assert t.keys() == ["c", "z", "b"]
    assert t.values.tolist() == [[7, 8], [0, 0], [6, 8]]  # z has no row: zero; a is not asked for: left out


def test_add_aligns_columns_and_sums_over_tables() -> None:
    one = CountTable([["A", "B"]], ["unit"], ["rows", "xmc_l1_15_60.num"], np.array([[2, 1], [3, 0]]))
    two = CountTable([["B"]], ["unit"], ["rows", "not-a-count"], np.array([[4, 99]]))
    t = add([one, two], ["B", "A", "C"])
    assert t.columns == columns()
    assert (t.at("B", "rows"), t.at("A", "rows"), t.at("C", "rows")) == (3 + 4, 2, 0)
    assert (t.at("A", "xmc_l1_15_60.num"), t.at("B", "xmc_l1_15_60.num")) == (1, 0)
    assert "not-a-count" not in t.columns and int(t.values.sum()) == 2 + 1 + 3 + 4


def test_age_tables_add_sorted_and_sum_over_a_band() -> None:
    one = CountTable([["v", "u", "u"], [5, 5, 3]], ["unit", "age"], ["population", "ppc"],
                     np.array([[1, 1], [2, 0], [4, 4]]))
    two = CountTable([["u"], [5]], ["unit", "age"], ["population"], np.array([[10]]))
    ages = add_ages([one, two])
    assert ages.keys() == [("u", 3), ("u", 5), ("v", 5)]
    assert ages.columns == list(AGE_ROWS)
    assert ages["population"].tolist() == [4, 2 + 10, 1] and ages["ppc"].tolist() == [4, 0, 1]
    assert band(ages, ["u"], 4, 6)["population"] == 12 and band(ages, ["u", "v"], 0, 120)["ppc"] == 5
    assert add_ages([]).empty and band(add_ages([]), ["u"], 0, 9)["population"] == 0


def test_the_readers_use_the_pandas_free_definitions() -> None:
    """checks.py, survey.py and units.py take what a run without pandas needs from its pandas-free homes."""
    from xhht_cli.persons import checks, strict as findings
    from xhht_cli.sources import labels, survey, units
    from xhht_cli.counts import unit_index as unitindex

    assert checks.DATA_CODES is findings.DATA_CODES and checks.strict is findings.strict
    assert survey.UnitLabels is labels.UnitLabels
    assert units.Unit is unitindex.Unit and units.UnitIndex is unitindex.UnitIndex


# --- the units sheet in the cache --------------------------------------------------------------------------


def _no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*a: object, **k: object) -> None:
        raise AssertionError("a file was read again")
    monkeypatch.setattr(reading, "read_file", boom)


def test_a_units_sheet_alone_is_served_by_the_cache(tmp_path: Path, _cache_folder: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "2024"
    folder.mkdir()
    (folder / "dieu-tra.csv").write_text(SURVEY, encoding="utf-8")
    (folder / "don-vi.csv").write_text(UNITS, encoding="utf-8")
    cold = _run("compute", str(folder), "-f", "json")
    assert cold.exit_code == 0
    assert len(list((_cache_folder / "xhht-counts").glob("*.xhht"))) == 2  # the survey's entry and the units sheet's
    _no_reading(monkeypatch)
    warm = _run("compute", str(folder), "-f", "json")
    assert warm.stdout == cold.stdout
    report = json.loads(warm.stdout)
    assert [(u["code"], u["dbkk"]) for u in report["units"] if u["kind"] == "commune"] == [("X1", False), ("X2", True)]


def test_a_cached_units_sheet_after_another_one_is_the_same_error(tmp_path: Path, _cache_folder: Path) -> None:
    folder = tmp_path / "2024"
    folder.mkdir()
    (folder / "dieu-tra.csv").write_text(SURVEY, encoding="utf-8")
    (folder / "z-don-vi.csv").write_text(UNITS, encoding="utf-8")
    assert _run("compute", str(folder), "-f", "json").exit_code == 0  # z-don-vi.csv cached
    # read first (by name), with another unit: the cached z-don-vi.csv is now the second units sheet
    (folder / "a-don-vi.csv").write_text(UNITS + "X3,Xã Cư,không\n", encoding="utf-8")
    warm = _run("compute", str(folder), "-f", "json")
    cold = _run("compute", str(folder), "-f", "json", "--no-cache")
    assert warm.exit_code == cold.exit_code != 0
    assert warm.stdout == cold.stdout and warm.stderr == cold.stderr
    assert "units-twice" in warm.stdout + warm.stderr


# --- no heavy import on a hit ------------------------------------------------------------------------------

PROBE = """
import sys
from xhht_cli.cli import main
sys.argv = ["xhht", "compute", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    code = exc.code
sys.stderr.write("\\nLOADED=" + ",".join(m for m in {heavy!r} if m in sys.modules) + "\\n")
"""


def _probe(folder: Path, cache: Path, *args: str) -> tuple[bytes, str]:
    env = {**os.environ, "XHHT_CACHE_DIR": str(cache), "COLUMNS": "120"}
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), str(folder), *args], env=env,
                          capture_output=True, timeout=300)
    loaded = done.stderr.decode().rsplit("LOADED=", 1)[1].strip()
    return done.stdout, loaded


@pytest.mark.parametrize("args", [(), ("--format", "json")])
def test_a_hit_imports_no_pandas_pyarrow_or_fastexcel(tmp_path: Path, _cache_folder: Path,
                                                      args: tuple[str, ...]) -> None:
    folder = tmp_path / "2024"
    folder.mkdir()
    for name in ("don-vi.xlsx", "phuong-hoa-loi.xlsx", "xa-an-tay.xlsx"):  # surveys and a units sheet only
        shutil.copy(SAMPLES / name, folder / name)
    cold, loaded_cold = _probe(folder, _cache_folder, *args)
    assert "pandas" in loaded_cold.split(",")  # the probe sees the readers when they are used
    warm, loaded_warm = _probe(folder, _cache_folder, *args)
    assert loaded_warm == ""
    assert warm == cold and len(warm) > 1000


def test_the_bundled_yaml_files_are_within_the_bounds_they_are_read_without() -> None:
    """datafiles reads xhht's own data files without measuring the YAML bounds on every run: they hold them."""
    from xhht_cli.law.bundled import bundled, data_path
    from xhht_cli.io.yamlsafe import read_yaml_text

    files = sorted(data_path("standards.yaml").parent.rglob("*.yaml"))
    assert len(files) >= 3 and all(bundled(f) for f in files)
    for f in files:
        assert read_yaml_text(f, "test") == f.read_text(encoding="utf-8-sig")
    assert not bundled(ROOT / "samples" / "ben-cat" / "mapping-2025.yaml")


def test_the_plans_area_is_in_the_key(tmp_path: Path, _cache_folder: Path) -> None:
    """A units row without an area gets the plan's: a cached units sheet read under another plan's area
    would put its communes in the wrong area."""
    from xhht_cli.law.bundled import data_path

    folder = tmp_path / "2024"
    folder.mkdir()
    (folder / "dieu-tra.csv").write_text(SURVEY, encoding="utf-8")
    (folder / "don-vi.csv").write_text(UNITS, encoding="utf-8")
    other = tmp_path / "ke-hoach.yaml"
    other.write_text(data_path("targets.yaml").read_text(encoding="utf-8")
                     .replace('area: "Thị xã Bến Cát"', 'area: "Huyện Khác"'), encoding="utf-8")
    first = json.loads(_run("compute", str(folder), "-f", "json").stdout)
    second = _run("compute", str(folder), "-f", "json", "--plan", str(other))
    cold = _run("compute", str(folder), "-f", "json", "--plan", str(other), "--no-cache")
    assert second.stdout == cold.stdout
    parents = {u["parent"] for u in json.loads(second.stdout)["units"] if u["kind"] == "commune"}
    assert parents == {"Huyện Khác"} != {u["parent"] for u in first["units"] if u["kind"] == "commune"}
