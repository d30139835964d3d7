"""Saved reports as inputs (spec.md, "Saved reports as inputs"): JSON reports named as files are summed
with each other and with data, unit by unit; areas, the total, levels and targets are evaluated again.

Each report's commune rows become units carrying their counts (numerators, denominators, persons left
out, unrecorded), their conditions and their parent area; areas of the same name merge. A unit in two
inputs is an error naming both; reports counted with other options (year, PPC rule, standards file) than
the summing run are an error naming both. Forms and the persons list need person rows: not from reports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..counts.pairs import SOURCES, add
from ..counts.gathered import Gathered
from ..io.gc_pause import gc_paused
from ..messages import Log, Message, XhhtError
from ..law.plan import Plan
from ..report import RunOptions
from ..counts.unit_index import Unit
from ..law.standards import Standards

Progress = Callable[[str], None]


def is_report(path: Path) -> bool:
    """A saved report is read only when named as a file (never picked up from a folder)."""
    return path.suffix.lower() == ".json" and path.is_file()


def sum_inputs(paths: list[Path], data: Callable[[list[Path], int | None], Gathered], plan: Plan,
               rules: Standards, options: Callable[[int], RunOptions]) -> Gathered:
    """Gather the data paths (one ordinary run over all of them, placed where the first one stands) and add
    each report's units, in the order of the inputs. Data paths holding only a units sheet decide which
    area each reported unit belongs to, and the units' order."""
    from ..sources.saved_report import gathered_from_report, read_report

    log = Log()
    # (name, counts, the report's options; None for the data part). Reports are dropped once read:
    # 3,300 of them held as models took 1.5 GB.
    parts: list[tuple[str, Gathered | None, RunOptions | None | bool]] = []
    reports = [is_report(p) for p in paths]  # once each: a stat a path
    data_paths = [p for p, report in zip(paths, reports) if not report]
    for p, is_saved in zip(paths, reports):
        if is_saved:
            with gc_paused():  # a parsed report is containers by the ten thousand, freed as a tree (io/gc_pause.py)
                report = read_report(p)
                parts.append((str(p), gathered_from_report(report, plan, p), report.options or False))
        elif p == data_paths[0]:
            try:
                parts.append((", ".join(map(str, data_paths)), data(data_paths, None), None))
            except XhhtError as exc:  # a units sheet states no year: the reports' year is the run's
                if {m.code for m in exc.messages} != {"year-unknown"}:
                    raise
                parts.append((", ".join(map(str, data_paths)), None, None))
    for i, (name, g, _) in enumerate(parts):
        if g is None:
            year = next(g.year for _, g, o in parts if g is not None and o is not None)
            parts[i] = (name, data(data_paths, year), None)
    sheet = next((g for _, g, o in parts if o is None and g.units_only), None)  # type: ignore[union-attr]
    parts = [part for part in parts if part[1] is not sheet]
    years = sorted({g.year for _, g, _ in parts})
    if len(years) > 1:
        first = {g.year: name for name, g, _ in reversed(parts)}
        raise XhhtError([Message(severity="error", code="year-conflict", file=first[years[-1]],
                                 message="các đầu vào thuộc các năm khác nhau: "
                                 + "; ".join(f"{y} ({first[y]})" for y in years))])
    year = years[0]
    wanted = options(year)
    errors = [_options_differ(name, o or None, wanted) for name, _, o in parts if o is not None]
    if any(errors):
        raise XhhtError([e for e in errors if e is not None])

    # A commune report made with the whole district's units sheet also lists the other communes, without data:
    # such a row is not the unit's data, so the input that has data for the unit owns it.
    with_data: dict[str, list[str]] = {}
    for name, g, _ in parts:
        for u in g.units:
            if _has_data(g, u.code):
                with_data.setdefault(u.code, []).append(name)
    owner: dict[str, str] = {}
    chosen: dict[str, Unit] = {}  # in order of first appearance across the inputs
    tables, institutions = [], []
    recognitions: dict[tuple[str, str], bool | None] = {}
    for name, g, _ in parts:
        for u in g.units:
            holders = with_data.get(u.code, [])
            if len(holders) > 1 and name == holders[1]:
                log.error("unit-in-two-inputs", f"đơn vị {u.code} ({u.name}) có số liệu ở cả {holders[0]} và {name}: mỗi "
                          "đơn vị chỉ được lấy từ một đầu vào", file=name)
            if u.code not in chosen or (holders and name == holders[0] and owner[u.code] != name):
                chosen[u.code] = u
                owner[u.code] = name
    units = list(chosen.values())
    for name, g, _ in parts:
        tables.append(g.table)
        for k, v in g.recognitions.items():
            if recognitions.get(k) is None:
                recognitions[k] = v
        if g.institutions is not None:
            institutions.append(g.institutions)
        log.extend(g.log.messages)
    if sheet is not None:
        units = _by_units_sheet(units, sheet, owner, log)
    areas = {u.area for u in units}
    for u in units:  # a commune of one report coded as another report's area: two report rows of one code
        if u.code in areas or u.code == "*":
            log.error("report-unit-invalid", f"mã đơn vị {u.code} ({u.name}) trùng tên một khu vực của lần cộng: "
                      "dùng mã xã/phường chính thức", file=owner.get(u.code))
    log.raise_if_errors()
    if any(o is not None for _, _, o in parts):
        log.warning("forms-need-persons", "biểu thống kê theo độ tuổi và danh sách người cần vận động cần dữ liệu "
                    "từng người: không lập được từ báo cáo đã lưu")
    table = add(tables, [u.code for u in units])
    ages = next((g.ages for _, g, o in parts if o is None), None)
    if institutions:  # institution lists are pandas tables, read (or rebuilt from a report) with pandas loaded
        import pandas as pd

        return Gathered(year, units, table, log, recognitions, pd.concat(institutions, ignore_index=True), ages)
    return Gathered(year, units, table, log, recognitions, None, ages)


def _by_units_sheet(units: list[Unit], sheet: Gathered, owner: dict[str, str], log: Log) -> list[Unit]:
    """The units sheet's order and areas for the reported units, matched by code; a reported unit the sheet
    lacks is an error; a sheet unit without a report is kept, with no data."""
    reported = {u.code: u for u in units}
    listed = {u.code for u in sheet.units}
    for code, u in reported.items():
        if code not in listed:
            log.error("unit-unknown", f"đơn vị {code} ({u.name}) của {owner[code]} không có trong sheet đơn vị",
                      file=owner[code])
    out = []
    for s in sheet.units:
        r = reported.get(s.code)
        if r is None:
            log.warning("unit-no-data", f"đơn vị {s.code} ({s.name}) không có trong báo cáo nào: các chỉ số là "
                        "'không có số liệu'")
            out.append(s)
        else:
            out.append(replace(r, area=s.area))
    return out


def _options_differ(name: str, got: RunOptions | None, wanted: RunOptions) -> Message | None:
    if got is None:
        return Message(severity="error", code="report-options-differ", file=name,
                       message="báo cáo không ghi các tùy chọn đã dùng để đếm (lập bằng phiên bản xhht cũ): "
                       "chạy lại xhht compute trên dữ liệu của nó rồi lưu lại báo cáo")
    diffs = [f"{label} {a} ≠ {b}" for label, a, b in (
        ("năm", got.year, wanted.year), ("quy tắc PPC", got.ppc, wanted.ppc),
        ("tệp chuẩn (sha256)", got.standards_sha256[:12], wanted.standards_sha256[:12])) if a != b]
    if not diffs:
        return None
    return Message(severity="error", code="report-options-differ", file=name,
                   message=f"báo cáo {name} được đếm với tùy chọn khác lần chạy này ({'; '.join(diffs)}): "
                   "chỉ cộng được các báo cáo cùng năm, cùng quy tắc PPC và cùng tệp chuẩn")


def _has_data(g: Gathered, code: str) -> bool:
    """Whether an input holds any count for the unit (a report's row of a commune it did not survey holds none)."""
    t = g.table
    if code not in t:
        return False
    row = t.values[t.position(code)]  # read in place: a dict of the row per input took 0.2 s for 3,300
    return bool(row[t.col("rows")] > 0 or (row[t.cols(SOURCES)] > 0).any())
