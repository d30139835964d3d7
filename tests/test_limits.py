"""Resource limits hold for real (issue 10, item 4): hostile files run in a subprocess whose address
space is capped (RLIMIT_AS) and whose time is bounded, and must end in exit 3 naming the file, not in
an allocation abort or minutes of work. The limits themselves are unit-tested here too."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from bad_inputs_fixtures import units
from bad_inputs_safe import BILLION_LAUGHS, _PARTS, _cell, raw_xlsx, survey_sheet_xml
from xhht_cli.io.limits import human_bytes, limit
from xhht_cli.messages import quote
from xhht_cli.io.yamlsafe import nesting

MEMORY = 3 * 1024**3  # python + pandas + pyarrow reserve about 1 GB of address space before reading anything
DATA_SHEET = '<sheet name="DATA" sheetId="1" r:id="rId1"/>'  # a commune workbook's sheet, read by xlsxscan
TIMEOUT = 120  # generous on a loaded machine; each case takes a few seconds


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def xhht(*args: str, env: dict[str, str] | None = None) -> tuple[int, dict, float]:
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "xhht_cli", *args, "--format", "json"], capture_output=True,
                          text=True, timeout=TIMEOUT, preexec_fn=_cap, env={**os.environ, **(env or {})})
    elapsed = time.monotonic() - start
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.stdout == ""
    return proc.returncode, json.loads(proc.stderr), elapsed


def _errors(payload: dict, code: str) -> list[dict]:
    return [m for m in payload["messages"] if m["severity"] == "error" and m["code"] == code]


def test_a_zip_bomb_is_refused_before_decompressing(tmp_path: Path) -> None:
    """400 MB of zeros in a sheet part, about 400 KB on disk (1000:1)."""
    units(tmp_path)
    path = tmp_path / "dieu-tra.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in _PARTS.items():
            z.writestr(name, text.replace("{sheets}", '<sheet name="DS" sheetId="1" r:id="rId1"/>'))
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(survey_sheet_xml().replace("</worksheet>", "<!--").encode())
            block = b"0" * (1 << 20)
            for _ in range(400):
                f.write(block)
            f.write(b"--></worksheet>")
    assert path.stat().st_size < 2 * 1024**2
    code, payload, _ = xhht("compute", str(tmp_path), "--year", "2024")
    assert code == 3
    hits = _errors(payload, "file-too-large")
    assert hits and hits[0]["file"].endswith("dieu-tra.xlsx")
    assert "MAX_RATIO" in hits[0]["message"]


def test_more_xml_than_the_cap_is_refused_and_the_cap_can_be_set(tmp_path: Path) -> None:
    """XHHT_MAX_XML_BYTES lowered to 1 MB: a sheet of 3 MB of varied text (3:1, a plausible ratio) is
    refused. (A directory understating the size cannot pass either: Python's zipfile stops at the declared
    size and the CRC fails; see zip_lying_directory in the bad-input corpus.)"""
    units(tmp_path)
    path = tmp_path / "dieu-tra.xlsx"
    pad = "".join(f"{i:08x}" for i in range(400_000))  # hexadecimal counting: compresses about 3:1
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in _PARTS.items():
            z.writestr(name, text.replace("{sheets}", '<sheet name="DS" sheetId="1" r:id="rId1"/>'))
        z.writestr("xl/worksheets/sheet1.xml", survey_sheet_xml(pad=f"<!--{pad}-->"))
    code, payload, _ = xhht("compute", str(tmp_path), "--year", "2024", env={"XHHT_MAX_XML_BYTES": str(1 << 20)})
    assert code == 3
    hits = _errors(payload, "file-too-large")
    assert hits and "MAX_XML_BYTES" in hits[0]["message"] and hits[0]["file"].endswith("dieu-tra.xlsx")


def test_a_far_cell_is_refused_naming_file_and_sheet(tmp_path: Path) -> None:
    """A1 and XFD1048576: the reader would ask for 512 GB and abort the process."""
    units(tmp_path)
    path = tmp_path / "dieu-tra.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in _PARTS.items():
            z.writestr(name, text.replace("{sheets}", '<sheet name="DS" sheetId="1" r:id="rId1"/>'))
        z.writestr("xl/worksheets/sheet1.xml", survey_sheet_xml(f'<row r="1048576">{_cell("XFD1048576", "x")}</row>'))
    code, payload, elapsed = xhht("compute", str(tmp_path), "--year", "2024")
    assert code == 3
    hits = _errors(payload, "sheet-too-large")
    assert hits and hits[0]["file"].endswith("dieu-tra.xlsx") and hits[0]["sheet"] == "DS"
    assert "XFD" not in hits[0]["message"] and "1048576" in hits[0]["message"]
    assert elapsed < TIMEOUT


@pytest.mark.parametrize("fast", ["1", "0"])
@pytest.mark.parametrize("copies", [1, 2])
def test_a_far_cell_in_a_commune_data_sheet_is_refused(tmp_path: Path, fast: str, copies: int) -> None:
    """The DATA sheet is read by xlsxscan (in worker processes when there are two workbooks), whose zip
    check leaves the widest column to the scan: the scan declines a box over the limit and the full
    measure refuses it before calamine sees it, with the same message (its width included)."""
    units(tmp_path)
    for k in range(copies):
        raw_xlsx(tmp_path / f"xa-{k}.xlsx", survey_sheet_xml(f'<row r="1048576">{_cell("XFD1048576", "x")}</row>',
                                                          pad=f"<!--{k}-->"), sheets=DATA_SHEET)
    code, payload, elapsed = xhht("compute", str(tmp_path), "--year", "2024", env={"XHHT_FAST_XLSX": fast})
    assert code == 3
    hits = _errors(payload, "sheet-too-large")
    assert hits and hits[0]["file"].endswith("xa-0.xlsx") and hits[0]["sheet"] == "DATA"
    assert "1048576" in hits[0]["message"] and "16384 cột" in hits[0]["message"]
    assert elapsed < TIMEOUT


@pytest.mark.parametrize(("cells", "refused"), [(159, False), (158, True), (155, True)])
def test_a_data_sheet_exactly_at_the_cell_limit_is_read(tmp_path: Path, cells: int, refused: bool) -> None:
    """Rows 1–3 and a cell in column BA (53): a box of 3 × 53 = 159 cells, by hand. The zip check sees the
    rows only (3 × 52 = 156) and leaves the width to the scan: at 159 the sheet is read; at 158 the scan
    declines and the full measure refuses it; at 155 the zip check refuses it. The message gives the width."""
    units(tmp_path)
    raw_xlsx(tmp_path / "xa.xlsx", survey_sheet_xml(f'<row r="3">{_cell("BA3", "x")}</row>'), sheets=DATA_SHEET)
    env = {"XHHT_MAX_SHEET_CELLS": str(cells)}
    if refused:
        code, payload, _ = xhht("compute", str(tmp_path), "--year", "2024", env=env)
        hits = _errors(payload, "sheet-too-large")
        assert code == 3 and hits and hits[0]["sheet"] == "DATA"
        assert "rộng 53 cột" in hits[0]["message"] and "159 ô" in hits[0]["message"]
    else:
        proc = subprocess.run([sys.executable, "-m", "xhht_cli", "compute", str(tmp_path), "--year", "2024", "-f",
                               "json", "-q"], capture_output=True, text=True, timeout=TIMEOUT,
                              env={**os.environ, **env})
        assert proc.returncode == 0 and "Traceback" not in proc.stderr
        assert not [m for m in json.loads(proc.stdout)["messages"] if m["severity"] == "error"]


@pytest.mark.parametrize("option", ["--plan", "--standards", "--columns"])
def test_a_yaml_alias_bomb_fails_fast(tmp_path: Path, option: str) -> None:
    units(tmp_path)
    bomb = tmp_path.parent / f"bomb{option}.yaml"
    bomb.write_text(BILLION_LAUGHS, encoding="utf-8")
    assert bomb.stat().st_size < 1024
    code, payload, elapsed = xhht("compute", str(tmp_path), "--year", "2024", option, str(bomb))
    assert code == 3
    assert _errors(payload, "yaml-limit")[0]["file"].endswith(bomb.name)
    assert elapsed < 60


def test_a_yaml_alias_bomb_as_trend_mapping_fails_fast(tmp_path: Path) -> None:
    bomb = tmp_path / "anh-xa.yaml"
    bomb.write_text(BILLION_LAUGHS, encoding="utf-8")
    (tmp_path / "2024").mkdir()
    code, payload, _ = xhht("trend", str(tmp_path / "2024"), "--mapping", str(bomb))
    assert code == 3
    assert _errors(payload, "yaml-limit")[0]["file"].endswith("anh-xa.yaml")


def test_a_plan_nested_20000_deep_fails_fast(tmp_path: Path) -> None:
    units(tmp_path)
    deep = tmp_path.parent / "sau.yaml"
    deep.write_text("plan:\n" + "  - " * 20_000 + "x\n", encoding="utf-8")
    code, payload, elapsed = xhht("compute", str(tmp_path), "--year", "2024", "--plan", str(deep))
    assert code == 3
    assert _errors(payload, "yaml-limit")[0]["file"].endswith("sau.yaml")
    assert elapsed < 60


# --- the limits as functions --------------------------------------------------------------------------------

def test_nesting_counts_blocks_dashes_and_brackets() -> None:
    assert nesting("a: 1\nb: 2\n")[0] == 1
    assert nesting("a:\n  b:\n    c: 1\n")[0] == 3
    assert nesting("a: [[1, [2]]]\n")[0] == 4  # one block level + three brackets
    assert nesting("a: '[[[[['\n")[0] == 1  # inside quotes: not nesting
    assert nesting("- - - x\n")[0] == 4
    assert nesting("a: 1\nb: [\n  [\n   1]]\n") == (3, 3)


def test_bundled_data_files_are_well_within_the_yaml_limits() -> None:
    from xhht_cli.law.bundled import data_path

    for name in ("standards.yaml", "targets.yaml"):
        text = data_path(name).read_text(encoding="utf-8")
        assert len(text.encode()) < limit("MAX_YAML_BYTES") // 10
        assert nesting(text)[0] <= limit("MAX_YAML_DEPTH") // 4


def test_limits_can_be_raised_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert limit("MAX_XML_BYTES") == 4 * 1024**3
    monkeypatch.setenv("XHHT_MAX_XML_BYTES", "123")
    assert limit("MAX_XML_BYTES") == 123
    monkeypatch.setenv("XHHT_MAX_XML_BYTES", "nhiều")  # not a number: the default stands
    assert limit("MAX_XML_BYTES") == 4 * 1024**3


def test_quote_cuts_to_about_80_characters_on_one_line() -> None:
    assert quote("Phường Mỹ Phước") == "'Phường Mỹ Phước'"
    long = quote("Mỹ Phước\n" * 100_000)
    assert len(long) == 82 and long.endswith("…'") and "\n" not in long


def test_human_bytes() -> None:
    assert human_bytes(4 * 1024**3) == "4 GB"
    assert human_bytes(50 * 1024**2) == "50 MB"
    assert human_bytes(1536) == "1,5 KB"
    assert human_bytes(12) == "12 byte"


@pytest.mark.parametrize("pattern", [b"<c ", b'<c r="A1" ', b'<c r="A1" s="1"/>', b'<c r="XFD1" t="s">'])
def test_the_extent_scan_stays_linear_on_hostile_xml(pattern: bytes) -> None:
    """A megabyte of half-open or empty tags: each chunk is looked at in bounded steps, never quadratically."""
    from xhht_cli.io.zipcheck import Box, _measure

    buf = pattern * ((1 << 20) // len(pattern))
    box = Box()
    start = time.monotonic()
    for _ in range(5):
        _measure(buf, box)
    assert time.monotonic() - start < 5  # about 0.1 s on an idle machine


@pytest.mark.parametrize("styled", [0, 10, 300, 5000])
def test_a_chunk_ends_at_its_last_cell_with_a_value_behind_empty_styled_cells(styled: int) -> None:
    """The last row of a chunk is its last cell holding a value, however many empty styled cells follow it (looked
    for in the last 4 KB, then the last 64 KB); with none in the last 64 KB, the last cell's row stands in."""
    from xhht_cli.io.zipcheck import Box, _measure

    values = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>1</v></c></row>' % (r, r) for r in range(1, 2001))
    empty = b"".join(b'<row r="%d"><c r="A%d" s="1"/></row>' % (r, r) for r in range(2001, 2001 + styled))
    box = Box()
    _measure(values + empty, box, wide=False)
    last_empty = 2000 + styled
    # 5,000 empty cells (about 180 KB) push every cell with a value out of the last 64 KB
    assert (box.first_row, box.last_row) == (1, last_empty if styled == 5000 else 2000)
