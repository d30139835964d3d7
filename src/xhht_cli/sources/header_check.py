"""Every header of a sheet read as some kind is recognised, ignored on purpose, or reported (spec.md,
"Columns that are not recognised"; issue 18, item 1).

A header that is none of the kind's columns is a warning `column-unknown`; one that nearly matches a
column the kind knows while that column is absent is the error `column-near-miss`: a fact silently lost
("Tình trạng cư chú" for "Tình trạng cư trú" makes persons who moved away residents) changes the
denominators. Headers are compared as whole paths ("Học xong/Lớp"), never a leaf alone, so the blank cells
of a merged group (flattened onto their group by io/headers.flatten) never fire. A blank header over a
column holding values is `column-blank-header`; a recognised column blank in every row `column-empty`.

Work is per header (a sheet has dozens), never per row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..io.headers import match_columns
from ..messages import quote
from ..io.textnorm import fold, key
from ..messages import Log
from .kind import Aliases, InputKind

# Columns no table of any kind reads: a row number, notes.
COMMON_IGNORED = ("STT", "TT", "Số TT", "Số thứ tự", "Ghi chú")
# spec.md: "edit distance ≤ 2". Short names would match unrelated short headers ("TT" and "Xã" are two
# edits apart, "Mã HS" one from "Mã hộ", "Nơi sinh" two from "Năm sinh"), so the allowance grows with the
# name's length (letters and spaces, without diacritics): none under 6, 1 under 10, 2 from 10.
_ONE_EDIT_FROM, _TWO_EDITS_FROM = 6, 10
# "One word missing" only for names of three words or more: "Kỹ năng" for "Kỹ năng sống"; "Ngày" is not
# "Ngày sinh" with a word missing, it is another column.
_WORDS_FOR_MISSING = 3


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of a and b, or limit + 1 once it is certain to exceed limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def _words(folded: str) -> list[str]:
    return folded.replace("/", " ").split()


def is_near(header: str, name: str) -> bool:
    """Whether a header nearly spells a known column name, after the usual normalisation (case, spacing,
    punctuation): the same words without diacritics, at most 1–2 edits (by the name's length, with or
    without diacritics), or the name with one of its words missing."""
    hk, nk = key(header), key(name)
    hf, nf = fold(header), fold(name)
    if not hk or not nk or hk == nk:
        return False
    if hf == nf:
        return True
    limit = 2 if len(nf) >= _TWO_EDITS_FROM else 1 if len(nf) >= _ONE_EDIT_FROM else 0
    if limit and min(distance(hk, nk, limit), distance(hf, nf, limit)) <= limit:
        return True
    # one word missing, never the first ("Mù chữ" is not "Tái mù chữ") nor an abbreviation, which carries
    # the name's meaning ("Trình độ" is not "Trình độ CMKT")
    want, have, shown = _words(nf), _words(hf), name.replace("/", " ").split()
    return len(want) >= _WORDS_FOR_MISSING and len(have) == len(want) - 1 and len(shown) == len(want) \
        and any(want[:i] + want[i + 1:] == have and not shown[i].isupper() for i in range(1, len(want)))


@dataclass(frozen=True)
class Columns:
    """What a kind reads of one sheet's header: the fields found (field → column), the names that count
    as recognised, the names of the absent fields (what a near miss is compared with)."""

    found: dict[str, int]
    recognised: set[int]
    targets: list[tuple[str, str]]  # (field, name) of every name of every absent field
    recognised_paths: frozenset[str] = frozenset()  # the group leaves present, as "Group/Leaf" of the kind


def columns_of(kind: InputKind, names: list[str], aliases: Aliases | None, ignored: Iterable[str] = ()) -> Columns:
    table = aliases if aliases is not None else (kind.columns or {})
    found = match_columns(names, table) if table else {}
    known = [n for opts in table.values() for n in opts] + list(kind.ignored) + list(COMMON_IGNORED) + list(ignored)
    keys, folds = {key(n) for n in known}, {fold(n) for n in known}
    group_names = {fold(g) for g, _ in kind.groups}
    recognised = set(found.values())
    in_group: set[str] = set()
    for i, n in enumerate(names):
        group = fold(n.split("/")[0]) if "/" in n else None
        if group in group_names:
            recognised.add(i)
            in_group.add(group)  # type: ignore[arg-type]
        elif n and (key(n) in keys or fold(n) in folds or (kind.recognises is not None and kind.recognises(n))):
            recognised.add(i)
    # a field is absent only when none of its alternatives is found (a birth date stands for the birth year)
    present = set(found) | {g for g, _ in kind.groups if fold(g) in in_group}
    covered = {f for alts in kind.alternatives if alts & present for f in alts}
    targets = [(f, n) for f, opts in table.items() if f not in found and f not in covered for n in opts]
    targets += [(g, f"{g}/{leaf}") for g, leaves in kind.groups if fold(g) not in in_group and g not in covered
                for leaf in leaves]
    headers = {fold(n) for n in names}
    paths = frozenset(f"{g}/{leaf}" for g, leaves in kind.groups for leaf in leaves if fold(f"{g}/{leaf}") in headers)
    return Columns(found, recognised, targets, paths)


def _guessed(kind: InputKind, cols: Columns, values: list[str] | None, table: Aliases) -> str | None:
    """The absent field a column without a header holds, when its values tell (InputKind.guess)."""
    if kind.guess is None or not values:
        return None
    absent = {f for f in table if f not in cols.found} - {f for alts in kind.alternatives
                                                            if alts & set(cols.found) for f in alts}
    fld = kind.guess(values, absent)
    return fld if fld in table else None


def _how(kind: InputKind, field: str | None) -> str:
    """How to fix a near miss: rename; or, for a field a --columns file may name, map it or ignore it."""
    if kind.fields is None:
        return "sửa tên cột trong tệp cho đúng"
    if field is None or field not in kind.fields:
        return (f"sửa tên cột trong tệp cho đúng, hoặc thêm tên này vào danh sách ignore của mục {kind.name} trong tệp "
                "--columns nếu cột này không phải cột đó")
    return (f"sửa tên cột trong tệp, hoặc khai báo trong tệp --columns (mục {kind.name}: gán tên này cho trường "
            f"{field}, hoặc thêm vào danh sách ignore nếu cột này không phải cột đó)")


def near_misses(names: list[str], cols: Columns, kind: InputKind | None = None) -> list[tuple[int, str]]:
    """(column, known name) for each unrecognised header that nearly spells the name of an absent field
    (or, for a kind that reads names by rule, a name of that rule)."""
    out = []
    edges = _group_edges(names, kind) if kind is not None else {}
    for i, n in enumerate(names):
        if n and i not in cols.recognised:
            hit = next((name for _, name in cols.targets if is_near(n, name)), None)
            if hit is None and kind is not None and kind.suggest is not None:
                hit = kind.suggest(n)
            if hit is None and i in edges:
                hit = edges[i]
            if hit is not None:
                out.append((i, hit))
    return out


def _group_edges(names: list[str], kind: InputKind) -> dict[int, str]:
    """A group's leaf just outside the group's columns, under another group or none: the group's cell
    shifted one column ("Khuyết tật" over the second leaf, the first leaf flattened under the column to its
    left). Column → the leaf's path, for a header whose last part is a leaf the group lacks."""
    out: dict[int, str] = {}
    for group, leaves in kind.groups:
        g = fold(group)
        inside = [i for i, n in enumerate(names) if "/" in n and fold(n.split("/")[0]) == g]
        if not inside:
            continue
        have = {fold(names[i].split("/")[-1]) for i in inside}
        wanted = {fold(leaf): leaf for leaf in leaves if fold(leaf) not in have}
        for i in (inside[0] - 1, inside[-1] + 1):
            if 0 <= i < len(names) and names[i] and fold(names[i].split("/")[-1]) in wanted:
                out[i] = f"{group}/{wanted[fold(names[i].split('/')[-1])]}"
    return out


def official_offset(found: dict[str, int], official: tuple[tuple[int, str], ...]) -> int | None:
    """How many columns right of the official layout a sheet's table stands, when at least three of its
    found fields sit where the layout puts them (give or take one common shift); None otherwise."""
    shifts = Counter(found[f] - pos for pos, f in official if f in found)
    if not shifts:
        return None
    shift, n = shifts.most_common(1)[0]
    return shift if n >= 3 else None


@dataclass
class SheetFacts:
    """What the check needs of a sheet besides its header: its letters and rows, which columns hold any
    value in the data rows (blank-header columns and recognised ones; None when unknown)."""

    file: str
    sheet: str
    header_row: int  # Excel row of the header's first line
    letter: Callable[[int], str]
    filled: Callable[[int], bool | None]
    values: Callable[[int], list[str] | None] = lambda i: None  # distinct values of a column without a header


def check_header(kind: InputKind, names: list[str], aliases: Aliases | None, ignored: Iterable[str],
                 facts: SheetFacts, log: Log) -> None:
    """The messages of spec.md "Columns that are not recognised" for one sheet read as `kind`."""
    cols = columns_of(kind, names, aliases, ignored)
    where = dict(file=facts.file, sheet=facts.sheet, row=facts.header_row)
    near = dict(near_misses(names, cols, kind))
    for i, hit in near.items():
        log.error("column-near-miss", f"cột {quote(names[i])} (cột {facts.letter(i)}) không nhận ra — có phải "
                  f"{quote(hit)}? Cột {quote(hit)} không có trong sheet nên dữ liệu của nó sẽ bị bỏ qua và các tỷ lệ "
                  "sai; " + _how(kind, next((f for f, n in cols.targets if n == hit), None)), column=names[i], **where)
    unknown = [i for i, n in enumerate(names) if n and i not in cols.recognised and i not in near]
    if unknown:
        listed = ", ".join(f"{quote(names[i])} (cột {facts.letter(i)})" for i in unknown)
        log.warning("column-unknown", f"{'cột' if len(unknown) == 1 else 'các cột'} {listed} không phải cột nào "
                    f"xhht đọc cho loại bảng này ({kind.name}): bỏ qua. Nếu là một cột cần đọc, đổi tên cho đúng hoặc "
                    "gán bằng --columns; nếu không, thêm vào danh sách ignore của tệp --columns",
                    column=names[unknown[0]] if len(unknown) == 1 else None, **where)
    shift = official_offset(cols.found, kind.official)
    position = {pos + shift: f for pos, f in kind.official} if shift is not None else {}
    table = kind.columns or kind.fields or {}
    loose: list[int] = []
    for i, n in enumerate(names):
        if n or not facts.filled(i):
            continue
        field = position.get(i)
        if field is not None and field not in cols.found and (field in table or field not in cols.recognised_paths):
            official = table[field][0] if field in table else field  # a field, or a group's leaf by its path
            log.error("column-blank-header", f"cột {facts.letter(i)} không có tiêu đề nhưng có dữ liệu, ở đúng vị trí "
                      f"của cột {quote(official)} theo mẫu chính thức (cột này không có trong sheet): ghi lại tiêu đề "
                      f"{quote(official)} cho cột {facts.letter(i)}", **where)
        elif (fld := _guessed(kind, cols, facts.values(i), table)) is not None:
            log.error("column-blank-header", f"cột {facts.letter(i)} không có tiêu đề nhưng có dữ liệu giống cột "
                      f"{quote(table[fld][0])} (cột này không có trong sheet): ghi tiêu đề {quote(table[fld][0])} cho "
                      f"cột {facts.letter(i)}, hoặc tiêu đề đúng nếu không phải cột đó", **where)
        else:
            loose.append(i)
    if loose:  # one warning per sheet: helper columns without a header may be many
        letters = ", ".join(facts.letter(i) for i in loose)
        log.warning("column-blank-header", f"{'cột' if len(loose) == 1 else 'các cột'} {letters} không có tiêu đề "
                    "nhưng có dữ liệu: không đọc. Nếu cột thuộc một cột bên cạnh (tiêu đề lệch một cột), sửa lại cho "
                    "thẳng hàng; nếu là cột cần đọc, ghi tiêu đề cho nó", **where)
    # a column that may rightly be blank is reported when values stand beside it under no header: its
    # header is likely one column off (the disability marks shifted right of "Khuyết tật")
    beside = {j for i, n in enumerate(names) if not n and facts.filled(i) for j in (i - 1, i + 1)}
    empty = [i for f, i in cols.found.items() if facts.filled(i) is False and f not in kind.private
             and (f not in kind.sparse or i in beside)]
    if empty:
        listed = ", ".join(f"{quote(names[i])} (cột {facts.letter(i)})" for i in sorted(empty))
        log.warning("column-empty", f"{'cột' if len(empty) == 1 else 'các cột'} {listed} để trống ở mọi dòng: các chỉ "
                    "số lấy từ đó là «không có số liệu». Nếu dữ liệu nằm ở cột bên cạnh, sửa tiêu đề cho thẳng hàng",
                    column=names[empty[0]] if len(empty) == 1 else None, **where)
