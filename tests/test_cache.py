"""The counts cache (spec.md, "The counts cache"): a hit gives the bytes a cold run gives, without reading
person rows again; units are assigned after the cache; paths in messages are the current ones; no name
or birth date is stored; a cache that cannot be written is a warning."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xhht_cli.cache import store as cache_mod
from xhht_cli.persons import facts
from xhht_cli.cli import app

# Two communes by name; row 4 has an unreadable sex (a warning located at its file and row);
# rows 2 and 5 are the same person (household, name, birth date): a duplicate-person warning at row 5.
HEADER = "Số phiếu,Họ và tên,Xã/Phường,Năm sinh,Giới tính,Tình trạng cư trú,Đang học,Lớp đã học xong,Bằng tốt nghiệp\n"
ROWS = [
    "1,Nguyễn Văn Tèo,Xã An,2019,Nam,Đang ở,MG 5T,,",  # 5, attending preschool
    "1,Trần Thị Lan,Xã An,2018,Nữ,Đang ở,1,,",  # 6, in grade 1
    "2,Lê Văn Bảy,Xã Bình,2019,???,Đang ở,,,",  # 5, not attending; sex unreadable
    "1,Nguyễn Văn Tèo,Xã An,2019,Nam,Đang ở,MG 5T,,",  # the person of row 2 again
]


def _survey(folder: Path, name: str = "dieu-tra.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def _run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def _entries(folder: Path) -> list[Path]:
    return sorted((folder / cache_mod.SUBFOLDER).glob("*.xhht"))


def _no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, deriving facts from person rows fails: only a cache hit can give a report."""
    def boom(*a: object, **k: object) -> None:
        raise AssertionError("person rows were read again")
    monkeypatch.setattr(facts, "derive", boom)  # pipeline imports it where it counts, so this one is used


def test_a_hit_gives_the_same_bytes_without_reading_rows(tmp_path: Path, _cache_folder: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _survey(tmp_path / "2024")
    cold = _run("compute", str(tmp_path / "2024"), "-f", "json")
    assert cold.exit_code == 0, cold.stderr
    assert len(_entries(_cache_folder)) == 1
    _no_reading(monkeypatch)
    warm = _run("compute", str(tmp_path / "2024"), "-f", "json")
    assert warm.exit_code == 0, warm.stderr
    assert warm.stdout == cold.stdout
    report = json.loads(warm.stdout)
    by = {(r["unit"], r["indicator"]): r for r in report["indicators"]}
    assert (by[("Xã An", "mn5_attending")]["numerator"], by[("Xã An", "mn5_attending")]["denominator"]) == (2, 2)
    assert (by[("Xã Bình", "mn5_attending")]["numerator"], by[("Xã Bình", "mn5_attending")]["denominator"]) == (0, 1)
    assert [(m["code"], m["row"]) for m in report["messages"] if m["code"] in ("bad-sex", "duplicate-person")] \
        == [("bad-sex", 4), ("duplicate-person", 5)]


def test_validate_shares_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _survey(tmp_path / "2024")
    first = _run("validate", str(tmp_path / "2024"), "-f", "json")
    _no_reading(monkeypatch)
    assert _run("validate", str(tmp_path / "2024"), "-f", "json").stdout == first.stdout
    assert _run("compute", str(tmp_path / "2024"), "-f", "json").exit_code == 0


def test_messages_name_the_file_where_it_is_now(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _survey(tmp_path / "a" / "2024")
    assert _run("compute", str(tmp_path / "a" / "2024"), "-f", "json").exit_code == 0
    moved = tmp_path / "b" / "2024"
    moved.mkdir(parents=True)
    shutil.copy(tmp_path / "a" / "2024" / "dieu-tra.csv", moved / "khac.csv")
    _no_reading(monkeypatch)
    warm = json.loads(_run("compute", str(moved), "-f", "json").stdout)
    files = {m["file"] for m in warm["messages"] if m["code"] in ("bad-sex", "duplicate-person")}
    assert files == {str(moved / "khac.csv")}


def test_units_are_assigned_after_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "2024"
    _survey(folder)
    _run("compute", str(folder), "-f", "json")
    # A units sheet added beside the cached survey: the same counts, now under the official codes.
    (folder / "don-vi.csv").write_text("Mã đơn vị,Tên đơn vị,ĐBKK\nX1,Xã An,không\nX2,Xã Bình,không\n", encoding="utf-8")
    _no_reading(monkeypatch)
    report = json.loads(_run("compute", str(folder), "-f", "json").stdout)
    assert [u["code"] for u in report["units"]][:2] == ["X1", "X2"]
    x1 = next(r for r in report["indicators"] if r["unit"] == "X1" and r["indicator"] == "mn5_attending")
    assert (x1["numerator"], x1["denominator"]) == (2, 2)


def test_options_that_change_counting_are_in_the_key(tmp_path: Path, _cache_folder: Path) -> None:
    _survey(tmp_path / "2024")
    _run("compute", str(tmp_path / "2024"), "-f", "json")
    _run("compute", str(tmp_path / "2024"), "-f", "json", "--ppc", "disabled_unable_only")
    _run("compute", str(tmp_path / "2024"), "-f", "json", "--year", "2025")
    assert len(_entries(_cache_folder)) == 3


def test_no_cache_and_list_persons_bypass_it(tmp_path: Path, _cache_folder: Path) -> None:
    _survey(tmp_path / "2024")
    assert _run("compute", str(tmp_path / "2024"), "-f", "json", "--no-cache").exit_code == 0
    out = tmp_path / "persons.csv"
    assert _run("compute", str(tmp_path / "2024"), "-f", "json", "--list-persons", str(out)).exit_code == 0
    assert _entries(_cache_folder) == []


def test_no_name_or_birth_date_is_stored_and_the_secret_is_private(tmp_path: Path, _cache_folder: Path) -> None:
    _survey(tmp_path / "2024")
    _run("compute", str(tmp_path / "2024"), "-f", "json")
    [entry] = _entries(_cache_folder)
    data = entry.read_bytes()
    for private in ("Nguyễn Văn Tèo", "Trần Thị Lan", "Lê Văn Bảy"):
        assert private.encode("utf-8") not in data
    secret = _cache_folder / cache_mod.SUBFOLDER / "secret"
    assert len(secret.read_bytes()) == 64
    if os.name == "posix":
        assert secret.stat().st_mode & 0o777 == 0o600
    import io

    import numpy as np

    with np.load(io.BytesIO(data[len(cache_mod.MAGIC) + cache_mod.MAC_BYTES:])) as z:
        hashes = z["0.duplicates"]
    # one keyed hash per distinct person key (two of the four rows are the same person), for the check across files
    assert len(hashes) == 3 and len(set(hashes.tolist())) == 3


def test_an_unwritable_cache_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _survey(tmp_path / "2024")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XHHT_CACHE_DIR", str(blocker / "cache"))
    result = _run("compute", str(tmp_path / "2024"), "-f", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert [m["code"] for m in report["messages"]].count("cache-unwritable") == 1
    monkeypatch.setenv("XHHT_CACHE_DIR", str(tmp_path / "ok"))
    clean = json.loads(_run("compute", str(tmp_path / "2024"), "-f", "json").stdout)
    assert report["indicators"] == clean["indicators"]


def test_cache_clear_removes_only_its_own_files(tmp_path: Path, _cache_folder: Path) -> None:
    _survey(tmp_path / "2024")
    _run("compute", str(tmp_path / "2024"), "-f", "json")
    (_cache_folder / "ghi-chu.txt").write_text("not ours")
    (_cache_folder / "model.npz").write_bytes(b"an analyst's model")
    (_cache_folder / ("ab" * 32 + ".npz")).write_bytes(b"a format-2 name, but not the default folder")
    (_cache_folder / cache_mod.SUBFOLDER / "notes.txt").write_text("not ours either")
    result = _run("cache", "clear")
    assert result.exit_code == 0
    assert "Đã xóa 1 mục" in result.stdout
    assert sorted(p.name for p in _cache_folder.iterdir()) == ["ab" * 32 + ".npz", "ghi-chu.txt", "model.npz",
                                                              cache_mod.SUBFOLDER]
    assert [p.name for p in (_cache_folder / cache_mod.SUBFOLDER).iterdir()] == ["notes.txt"]
    assert (_cache_folder / "model.npz").read_bytes() == b"an analyst's model"


def test_cache_clear_in_the_default_folder_takes_format_2_entries(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XHHT_CACHE_DIR")
    monkeypatch.setattr(cache_mod, "default_dir", lambda: tmp_path)
    old = tmp_path / ("0f" * 32 + ".npz")
    old.write_bytes(b"PK")
    (tmp_path / "model.npz").write_bytes(b"x")
    (tmp_path / ("0f" * 31 + ".npz")).write_bytes(b"62 hex digits: not an entry name")
    assert cache_mod.clear() == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0f" * 31 + ".npz", "model.npz"]


def _key(c: str) -> str:
    return c * 64


def test_the_least_recently_used_entries_go_first(tmp_path: Path) -> None:
    import numpy as np

    c = cache_mod.Cache(tmp_path, {}, max_bytes=14_000)  # room for three entries
    sub = tmp_path / cache_mod.SUBFOLDER
    for i, key in enumerate(("a", "b", "c")):
        c.store(_key(key), {"i": i}, {"x": np.zeros(500, dtype=np.int64)})  # about 4 KB each
        os.utime(sub / f"{_key(key)}.xhht", (1_000 + i, 1_000 + i))
    foreign = sub / "model.npz"  # not of the entries' name pattern: never counted, never removed
    foreign.write_bytes(bytes(100_000))
    os.utime(foreign, (1, 1))
    assert c.load(_key("a")) is not None  # used now: the newest
    c.store(_key("d"), {}, {"x": np.zeros(500, dtype=np.int64)})
    assert sorted(p.name[0] for p in sub.glob("*.xhht")) == ["a", "c", "d"]  # b: the least recently used
    assert foreign.exists()


def test_a_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    c = cache_mod.Cache(tmp_path, {})
    (tmp_path / cache_mod.SUBFOLDER).mkdir()
    (tmp_path / cache_mod.SUBFOLDER / f"{_key('e')}.xhht").write_bytes(b"PK\x03\x04 half written")
    assert c.load(_key("e")) is None
    assert c.unverified == 1
    assert c.load(_key("f")) is None  # no entry at all: a plain miss, not counted
    assert c.unverified == 1


def _bump_numerator(entry: Path) -> None:
    """Rewrite an entry's body as a valid archive whose first nonzero count is one more, keeping its MAC."""
    import io

    import numpy as np

    data = entry.read_bytes()
    head, body = data[:len(cache_mod.MAGIC) + cache_mod.MAC_BYTES], data[len(cache_mod.MAGIC) + cache_mod.MAC_BYTES:]
    with np.load(io.BytesIO(body)) as z:
        arrays = {k: z[k].copy() for k in z.files}
    name = next(k for k, v in arrays.items() if k != "__meta__" and v.dtype.kind in "iu" and v.any()
                and "duplicates" not in k)
    flat = arrays[name].reshape(-1)
    flat[int(np.flatnonzero(flat)[0])] += 1
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    entry.write_bytes(head + buf.getvalue())


def test_an_entry_changed_inside_a_valid_archive_is_not_served(tmp_path: Path, _cache_folder: Path) -> None:
    _survey(tmp_path / "2024")
    cold = _run("compute", str(tmp_path / "2024"), "-f", "json")
    [entry] = _entries(_cache_folder)
    _bump_numerator(entry)
    warm = _run("compute", str(tmp_path / "2024"), "-f", "json")
    assert warm.exit_code == 0, warm.stderr
    report, clean = json.loads(warm.stdout), json.loads(cold.stdout)
    assert report["indicators"] == clean["indicators"]  # recounted: the data's numbers, not the edited entry's
    [m] = [m for m in report["messages"] if m["code"] == "cache-unverified"]
    assert m["severity"] == "warning" and m["message"].startswith("1 mục")
    again = _run("compute", str(tmp_path / "2024"), "-f", "json")  # the entry was rewritten: a clean hit
    assert again.stdout == cold.stdout


def test_a_lost_secret_makes_every_entry_a_counted_miss(tmp_path: Path, _cache_folder: Path) -> None:
    folder = tmp_path / "2024"
    _survey(folder)
    # a person of the first file in a second one: the warning across files rests on the entries' hashes
    (folder / "khac.csv").write_text(HEADER + ROWS[1] + "\n", encoding="utf-8")
    cold = _run("compute", str(folder), "-f", "json")
    assert "duplicate-person" in {m["code"] for m in json.loads(cold.stdout)["messages"]}
    assert len(_entries(_cache_folder)) == 2
    (_cache_folder / cache_mod.SUBFOLDER / "secret").unlink()
    warm = _run("compute", str(folder), "-f", "json")
    report, clean = json.loads(warm.stdout), json.loads(cold.stdout)
    codes = [m["code"] for m in report["messages"]]
    assert codes.count("cache-unverified") == 1
    assert [m for m in report["messages"] if m["code"] != "cache-unverified"] == clean["messages"]
    assert report["indicators"] == clean["indicators"]


def test_an_entry_under_another_secret_is_not_served(tmp_path: Path) -> None:
    import numpy as np

    a, b = tmp_path / "a", tmp_path / "b"
    cache_mod.Cache(a, {}).store(_key("1"), {"n": 1}, {"x": np.arange(3)})
    (b / cache_mod.SUBFOLDER).mkdir(parents=True)
    cache_mod.Cache(b, {}).secret()
    shutil.copy(a / cache_mod.SUBFOLDER / f"{_key('1')}.xhht", b / cache_mod.SUBFOLDER)
    other = cache_mod.Cache(b, {})
    assert other.load(_key("1")) is None and other.unverified == 1
    assert cache_mod.Cache(a, {}).load(_key("1"))[0] == {"n": 1}


def test_an_entry_copied_under_another_key_is_not_served(tmp_path: Path) -> None:
    import numpy as np

    c = cache_mod.Cache(tmp_path, {})
    c.store(_key("1"), {"n": 1}, {"x": np.arange(3)})
    sub = tmp_path / cache_mod.SUBFOLDER
    shutil.copy(sub / f"{_key('1')}.xhht", sub / f"{_key('2')}.xhht")
    assert c.load(_key("2")) is None and c.unverified == 1
    assert c.load(_key("1"))[0] == {"n": 1}
