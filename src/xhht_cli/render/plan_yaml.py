"""A plan as a commented Vietnamese YAML file that an officer edits (`xhht plan new`).

The text is written field by field (not dumped) so that every block carries a comment saying what to
change and what to leave; reading it back with load_plan() gives the same targets as the source plan.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..law.indicators import BY_ID
from ..law.plan import Plan, Target
from .reference import KIND_NAMES
from ..law.standards import load_standards

# The source file's block of plan lines that no indicator measures, carried over as comments.
UNMEASURED_MARK = "# --- Các dòng không có chỉ số đo"

HEADER = """\
# Kế hoạch xây dựng xã hội học tập: {area}
# Soạn từ: {source} (lệnh: xhht plan new … --from {name}).
#
# CÁCH SỬA TỆP NÀY (mở bằng Notepad hoặc trình soạn văn bản bất kỳ, lưu dạng UTF-8):
#   - Sửa số hiệu (id), tên kế hoạch (title) và địa bàn (area) cho đúng văn bản của địa phương.
#   - Mỗi mục tiêu bắt đầu bằng "- id:" và có một khối cho mỗi năm mục tiêu (year). Sửa nội dung (label)
#     đúng như văn bản và yêu cầu (required) cho khớp với nội dung:
#       tỷ lệ ghi dạng số thập phân với dấu chấm: 0.7 là 70%, 0.15 là 15%;
#       mức đạt chuẩn ghi 1, 2 hoặc 3; danh hiệu ghi true.
#   - "maintain: true" khi văn bản ghi "duy trì" (phải đạt ở mọi năm, không chỉ năm mục tiêu);
#     ghi "maintain: false" khi không.
#   - Bỏ một mục tiêu: xóa cả khối của nó (từ dòng "- id:" đến trước dòng "- id:" kế tiếp).
#     Bỏ một năm: xóa khối "- year:" đó, và sửa danh sách năm (years) ở phần plan nếu cần.
#   - Không sửa id, kind, indicator, standard, level, recognition: máy dùng chúng để tính.
#   - Giữ nguyên thụt lề bằng dấu cách (không dùng phím Tab) và dấu ngoặc kép quanh chữ.
#   - Kiểm tra tệp:  xhht plan check {file}
#     Dùng tệp:      xhht compute THƯ_MỤC_DỮ_LIỆU --plan {file}
"""

# The kinds as `xhht targets` names them (one wording), lower-cased inside a comment line.
KIND_WORDS = {kind: name[0].lower() + name[1:] for kind, name in KIND_NAMES.items()}


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _value(required: float | int | bool) -> str:
    if isinstance(required, bool):
        return "true" if required else "false"
    return format(required)  # shortest exact decimal: 0.7, 0.15, 2


def _what(target: Target, standard_names: dict[str, str]) -> str:
    if target.kind == "rate" and target.indicator in BY_ID:
        return f"{KIND_WORDS['rate']}: {BY_ID[target.indicator].label}"
    if target.kind == "level":
        return f"{KIND_WORDS['level']}: {standard_names.get(target.standard or '', target.standard)}"
    if target.kind == "share_at_level":
        return (f"{KIND_WORDS['share_at_level']} {standard_names.get(target.standard or '', target.standard)} "
                f"từ mức {target.level} trở lên")
    return f"{KIND_WORDS['recognition']} (nhập trong bảng công nhận danh hiệu)"


def unmeasured_lines(source: Path) -> list[str]:
    """The comment block of plan lines no indicator measures, as written in the source file."""
    lines = source.read_text(encoding="utf-8").splitlines()
    if not any(line.startswith(UNMEASURED_MARK) for line in lines):
        return []
    start = next(i for i, line in enumerate(lines) if line.startswith(UNMEASURED_MARK))
    out = []
    for line in lines[start + 1:]:
        if not line.startswith("#   "):
            break
        out.append(line[4:])
    return out


def plan_text(plan: Plan, *, area: str, name: str, file: str, source: Path | None = None) -> str:
    """The commented YAML of `plan` for `area`; `name` is the bundled name (or file) it was made from."""
    names = {s.id: s.short for s in load_standards().standards}
    out = [HEADER.format(area=area, source=plan.plan.title, name=name, file=quoted_arg(file))]
    extra = unmeasured_lines(source) if source is not None else []
    if extra:
        out.append("# Các dòng của văn bản gốc không có chỉ số đo được (chỉ để tham khảo, máy không tính):")
        out.extend(f"#   {line}" for line in extra)
        out.append("")
    out += [
        "plan:",
        "  # Số hiệu kế hoạch, in ở đầu báo cáo (ví dụ \"45/KH-UBND\"):",
        f"  id: {_q(f'Kế hoạch XHHT {area}')}",
        "  # Tên đầy đủ của kế hoạch: số, ngày ban hành, cơ quan ban hành, tên đề án:",
        f"  title: {_q(f'Kế hoạch xây dựng xã hội học tập của {area} (soạn từ {plan.plan.id}: sửa số, ngày ban hành)')}",
        "  # Địa bàn: tên huyện/thị xã/thành phố; xã/phường không ghi khu vực trong sheet đơn vị thuộc địa bàn này:",
        f"  area: {_q(area)}",
        "  # Các năm mục tiêu của kế hoạch:",
        f"  years: [{', '.join(map(str, plan.plan.years))}]",
        "",
        "targets:",
    ]
    for target in plan.targets:
        out.append(f"  # {_what(target, names)}")
        if target.same_as:
            out.append(f"  # (văn bản nhắc lại mục tiêu {target.same_as}: báo cáo chỉ in một lần)")
        out.append(f"  - id: {target.id}")
        if target.group:
            out.append(f"    group: {_q(target.group)}")
        out.append(f"    kind: {target.kind}")
        for key in ("indicator", "standard", "level", "recognition", "same_as"):
            value = getattr(target, key)
            if value is not None:
                out.append(f"    {key}: {value}")
        out.append("    years:")
        for y in target.years:
            out += [
                f"      - year: {y.year}",
                f"        clause: {_q(y.clause)}",
                f"        label: {_q(y.label)}",
                f"        required: {_value(y.required)}",
                f"        maintain: {'true' if y.maintain else 'false'}",
            ]
        out.append("")
    return "\n".join(out)


def quoted_arg(file: str) -> str:
    """A file name as typed on a command line: quoted when it holds a space (Windows folders often do)."""
    return f'"{file}"' if " " in file else file
