"""Saved reports as inputs (spec.md, "Saved reports as inputs"): JSON reports named as files are summed
with each other and with data, unit by unit; areas, the total, levels and targets are evaluated again.

Each report's commune rows become units carrying their counts (numerators, denominators, persons left
out, unrecorded), their conditions and their parent area; areas of the same name merge. A unit in two
inputs is an error naming both; reports counted with other options (year, PPC rule, standards file) than
the summing run are an error naming both. Forms and the persons list need person rows: not from reports.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .counts import add
from .evaluate import Gathered
from .messages import Log, Message, XhhtError
from .plan import Plan
from .report import Report, RunOptions
from .standards import Standards

Progress = Callable[[str], None]


def is_report(path: Path) -> bool:
    """A saved report is read only when named as a file (never picked up from a folder)."""
    return path.suffix.lower() == ".json" and path.is_file()


def sum_inputs(paths: list[Path], data: Callable[[list[Path]], Gathered] | None, plan: Plan, rules: Standards,
               options: Callable[[int], RunOptions]) -> Gathered:
    """Gather the data paths (one ordinary run over all of them, placed where the first one stands) and add
    each report's units, in the order of the inputs."""
    from .trend import gathered_from_report, read_report

    log = Log()
    parts: list[tuple[str, Gathered, Report | None]] = []
    data_paths = [p for p in paths if not is_report(p)]
    for p in paths:
        if is_report(p):
            report = read_report(p)
            parts.append((str(p), gathered_from_report(report, plan, p), report))
        elif data is not None and p == data_paths[0]:
            parts.append((", ".join(map(str, data_paths)), data(data_paths), None))
    years = sorted({g.year for _, g, _ in parts})
    if len(years) > 1:
        first = {g.year: name for name, g, _ in reversed(parts)}
        raise XhhtError([Message(severity="error", code="year-conflict", file=first[years[-1]],
                                 message="các đầu vào thuộc các năm khác nhau: "
                                 + "; ".join(f"{y} ({first[y]})" for y in years))])
    year = years[0]
    wanted = options(year)
    errors = [_options_differ(name, report.options, wanted) for name, _, report in parts if report is not None]
    if any(errors):
        raise XhhtError([e for e in errors if e is not None])

    owner: dict[str, str] = {}
    units, tables, institutions = [], [], []
    recognitions: dict[tuple[str, str], bool | None] = {}
    for name, g, _ in parts:
        for u in g.units:
            if u.code in owner:
                log.error("unit-twice", f"đơn vị {u.code} ({u.name}) có ở cả {owner[u.code]} và {name}: mỗi đơn vị "
                          "chỉ được lấy từ một đầu vào", file=name)
                continue
            owner[u.code] = name
            units.append(u)
        tables.append(g.table)
        for k, v in g.recognitions.items():
            if recognitions.get(k) is None:
                recognitions[k] = v
        if g.institutions is not None:
            institutions.append(g.institutions)
        log.extend(g.log.messages)
    log.raise_if_errors()
    if any(r is not None for _, _, r in parts):
        log.warning("forms-need-persons", "biểu thống kê theo độ tuổi và danh sách người cần vận động cần dữ liệu "
                    "từng người: không lập được từ báo cáo đã lưu")
    table = add(tables, [u.code for u in units])
    ages = next((g.ages for _, g, r in parts if r is None), None)
    return Gathered(year, units, table, log, recognitions,
                    pd.concat(institutions, ignore_index=True) if institutions else None, ages)


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
