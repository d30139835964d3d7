"""Read every input: expand folders, open sheets in parallel, and sort each sheet into what it holds
(units, survey persons, the workbook's own information). Nothing is computed here."""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .io.excel import SUPPORTED, Grid, read_grid, sheet_names
from .messages import Log, Message, XhhtError, fail
from .sources.info import Stated, from_info_sheet, from_title_rows
from .sources.survey import SurveySheet, find_survey_header, is_survey, read_survey
from .columns import DEFAULT, ColumnMap
from .io.headers import Header, find_header, match_columns
from .sources.learning_models import FIELDS as MODEL_FIELDS
from .sources.learning_models import PAIRS as MODEL_PAIRS
from .sources.commune_counts import find_counts_header
from .sources.institutions import find_institutions_header, is_institutions
from .sources.learning_models import find_models_header, find_recognitions_header, is_models, is_recognitions
from .sources.units import Unit, find_conditions_header, find_units_header, is_conditions, is_units, read_units
from .textnorm import fold

INFO_SHEETS = {"thong tin"}
LOOKUP_SHEETS = {"dulieu", "du lieu", "matruong", "ma truong", "huong dan", "huongdan"}
Progress = Callable[[str], None]


@dataclass
class WorkbookInputs:
    path: Path
    surveys: list[SurveySheet] = field(default_factory=list)
    stated: Stated = field(default_factory=Stated)  # from THONG_TIN, then title rows


@dataclass
class Other:
    """A commune-level sheet, read once the units are known (its rows name units)."""

    kind: str  # counts | institutions | models | recognitions | conditions
    grid: Grid
    header: Header


@dataclass
class Inputs:
    workbooks: list[WorkbookInputs] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    units_file: str | None = None
    others: list[Other] = field(default_factory=list)


def expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUPPORTED
                           and not f.name.startswith(("~$", ".")))
            if not found:
                raise fail("no-input", "thư mục không có tệp .xlsx, .xls hoặc .csv nào", file=str(p))
            files.extend(found)
        elif p.is_file():
            if p.suffix.lower() not in SUPPORTED:
                raise fail("unsupported-file", f"không hỗ trợ loại tệp {p.suffix!r} (cần .xlsx, .xls, .ods hoặc .csv)",
                           file=str(p))
            files.append(p)
        else:
            raise fail("file-not-found", "không tìm thấy tệp hoặc thư mục", file=str(p))
    # A file named twice (a folder and a file in it) is read once: its persons must not count twice.
    return list({f.resolve(): f for f in files}.values())


def _plan_sheets(path: Path) -> list[str]:
    names = sheet_names(path)
    folded = {fold(n): n for n in names}
    if "data" in folded:  # the commune master: the MauNhapLieu sheets repeat the same persons
        return [folded["data"]] + [n for f, n in folded.items() if f in INFO_SHEETS]
    return [n for n in names if fold(n) not in LOOKUP_SHEETS]


def read_inputs(paths: list[Path], default_area: str, log: Log, progress: Progress | None = None,
                columns: ColumnMap = DEFAULT) -> Inputs:
    files = expand(paths)
    jobs = [(f, s) for f in files for s in _plan_sheets(f)]
    grids: dict[tuple[Path, str], Grid] = {}
    surveys: dict[tuple[Path, str], tuple[Header, SurveySheet, list[Message]]] = {}
    errors: list = []
    survey_fields = columns.aliases("survey")

    def load(job: tuple[Path, str]) -> tuple[tuple[Path, str], Grid | None, XhhtError | None, tuple | None]:
        try:
            grid = read_grid(*job)
        except XhhtError as exc:
            return job, None, exc, None
        if fold(job[1]) in INFO_SHEETS:
            return job, grid, None, None
        # Reading a survey's columns here lets one thread convert text while the other parses a workbook.
        header = find_survey_header(grid, survey_fields)
        if header is None or not is_survey(header.names, survey_fields):
            return job, grid, None, None
        local = Log()
        return job, grid, None, (header, read_survey(grid, header, local, survey_fields), local.messages)

    # fastexcel parses outside the GIL, so threads read two workbooks at once on two cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        for job, grid, err, survey in pool.map(load, jobs):
            if err is not None:
                errors.extend(err.messages)
            elif grid is not None:
                grids[job] = grid
            if survey is not None:
                surveys[job] = survey
            if progress:
                progress(f"{job[0].name} · {job[1]}")
    if errors:
        raise XhhtError(errors)

    inputs = Inputs()
    skipped: list[tuple[Path, str, int]] = []
    for f in files:
        wb = WorkbookInputs(f)
        title = Stated()
        for s in [s for (ff, s) in grids if ff == f]:
            grid = grids[(f, s)]
            if fold(s) in INFO_SHEETS:
                wb.stated = from_info_sheet(grid)
                continue
            if (f, s) in surveys:
                header, sheet, found = surveys[(f, s)]
                log.extend(found)
                if sheet.dropped_totals:
                    log.rows("warning", "totals-row-dropped", sheet.dropped_totals, "dòng tổng cộng: bỏ qua, không "
                             "tính là một người", file=str(f), sheet=s)
                wb.surveys.append(sheet)
                t = from_title_rows(grid, header.start)
                title = t if title.year is None and title.unit is None else title
                continue
            unit_fields = columns.aliases("units")
            uheader = find_units_header(grid, unit_fields)
            if uheader is not None and is_units(uheader.names, unit_fields):
                if inputs.units_file is not None:
                    log.error("units-twice", f"đã có sheet đơn vị trong {inputs.units_file}; chỉ dùng một sheet "
                              "đơn vị cho một lần chạy", file=str(f), sheet=s)
                    continue
                inputs.units = read_units(grid, uheader, default_area, log, unit_fields)
                inputs.units_file = f"{f.name}!{s}"
                continue
            other = classify_other(grid)
            if other is not None:
                inputs.others.append(other)
                continue
            missing = near_miss(grid, columns)
            if missing:
                log.error("missing-column", missing, file=str(f), sheet=s)
                continue
            skipped.append((f, s, grid.nrows))
            if grid.nrows:
                log.warning("sheet-skipped", "sheet không có bảng nhận biết được (điều tra hoặc đơn vị); bỏ qua",
                            file=str(f), sheet=s)
        info = wb.stated
        year_from = info if info.year is not None else title
        wb.stated = Stated(info.unit or title.unit, year_from.year, info.where or title.where, year_from.sheet,
                           year_from.row)
        if wb.surveys or wb.stated.unit or wb.stated.year:
            inputs.workbooks.append(wb)
    log.raise_if_errors()
    if not any(wb.surveys for wb in inputs.workbooks) and not any(o.kind in ("counts", "institutions", "models")
                                                                   for o in inputs.others):
        wanted = ("cần sheet điều tra (có cột Năm sinh), bảng số liệu cấp xã, danh sách cơ sở giáo dục hoặc bảng "
                  "mô hình học tập, với dòng tiêu đề trong 20 dòng đầu")
        errors = [Message(severity="error", code="no-table", file=str(f), sheet=s,
                          message=("sheet trống" if not rows else "không nhận ra bảng nào") + f"; {wanted}")
                  for f, s, rows in skipped]
        errors += [Message(severity="error", code="no-table", file=str(f), message=f"tệp không có sheet nào; {wanted}")
                   for f in files if not any(g == f for g, _ in grids) and not any(g == f for g, _, _ in skipped)]
        raise XhhtError(errors or [Message(severity="error", code="no-data", file=", ".join(map(str, paths)),
                                           message=f"không tìm thấy bảng dữ liệu nào; {wanted}")])
    return inputs


def near_miss(grid: Grid, columns: ColumnMap) -> str | None:
    """A sheet that is clearly one kind of table but lacks a column that kind needs: say which."""
    head = find_header(grid, lambda vals: sum(v is not None for v in vals), min_score=2)
    if head is None:
        return None
    names = head.names
    survey = set(match_columns(names, columns.aliases("survey"))) - {"unit", "hamlet", "household"}
    if len(survey) >= 3 and not {"birth_year", "birth_date"} & survey:
        return "sheet điều tra thiếu cột Năm sinh (hoặc Ngày tháng năm sinh): không tính được tuổi"
    units = set(match_columns(names, columns.aliases("units")))
    if len(units & {"dbkk", "area", "kind", "file"}) >= 2 and not units & {"code", "name"}:
        return "sheet đơn vị thiếu cột Mã đơn vị (hoặc Tên đơn vị)"
    inst = set(match_columns(names, columns.aliases("institutions")))
    if len(inst) >= 2 and inst & {"digital", "it", "name"}:
        lacking = [label for fld, label in (("unit", "Mã đơn vị"), ("type", "Loại cơ sở")) if fld not in inst]
        if lacking:
            return f"danh sách cơ sở giáo dục thiếu cột {', '.join(lacking)}"
    models = set(match_columns(names, columns.aliases("models")))
    halves = [(n, d) for n, d in MODEL_PAIRS.values() if (n in models) != (d in models)]
    if len(models) >= 2 and (halves or "unit" not in models):
        if "unit" not in models:
            return "bảng mô hình học tập thiếu cột Mã đơn vị"
        n, d = halves[0]
        return f"bảng mô hình học tập có cột {MODEL_FIELDS[n if n in models else d][0]} nhưng thiếu cột " \
               f"{MODEL_FIELDS[d if n in models else n][0]}"
    return None


def classify_other(grid: Grid) -> Other | None:
    """Which commune-level table a sheet holds, if any; tried from the most specific header."""
    for kind, find, test in (
        ("counts", find_counts_header, lambda h: True),
        ("institutions", find_institutions_header, lambda h: is_institutions(h.names)),
        ("models", find_models_header, lambda h: is_models(h.names)),
        ("recognitions", find_recognitions_header, lambda h: is_recognitions(h.names)),
        ("conditions", find_conditions_header, lambda h: is_conditions(h.names)),
    ):
        header = find(grid)
        if header is not None and test(header):
            return Other(kind, grid, header)
    return None


_FOLDER_YEAR = re.compile(r"^(20\d\d)$")


def folder_year(path: Path) -> int | None:
    """A folder named after the year (samples/ben-cat/2024), for a folder argument or a file's parent."""
    for part in ([path] if path.is_dir() else []) + [path.parent]:
        m = _FOLDER_YEAR.match(part.name)
        if m:
            return int(m.group(1))
    return None
