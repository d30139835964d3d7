"""Measure xhht at scale, side by side in one run, and print ratios against anchors (issues 13 and 21).

    python benchmarks/bench.py               # everything: cold, warm, --version, floor, 3M CSV and Parquet, peer
    python benchmarks/bench.py --quick       # the district only (no 3M runs, no pandas + openpyxl)
    python benchmarks/bench.py --runs 5

What it times, each as a fresh process, the median of --runs (wall time; peak memory is the process's maximum
resident set, the largest of the runs; the unzip floor is the fastest run; pandas + openpyxl, 10 s and more,
and the --ten file are one run each):
- cold: `xhht compute DISTRICT --format json --no-cache` on about 300,000 persons in 8 official workbooks
  (generated once by make_district.py into benchmarks/data/district, git-ignored);
- warm: the same with the counts cache filled (a temporary XHHT_CACHE_DIR);
- `xhht --version` and `python -c pass`;
- the unzip floor: `unzip -p FILE 'xl/worksheets/*.xml' > /dev/null` over all the workbooks;
- 3,000,000 persons as one CSV and as one Parquet file (make_province.py), time and peak memory;
- pandas.read_excel(engine="openpyxl") on one commune workbook, against xhht's cold time per workbook;
- the anchors an analyst would reach for instead, on the same 3M files in the same run: a DuckDB query and a
  Polars query of a few counts per commune (the extra `bench`: pip install -e .[bench]; skipped if absent);
- with --ten N (one run each): N persons (10,000,000) as one Parquet file, time and peak memory, and every count of the
  file equal to the sum of its four parts counted separately (read.person_table.count_persons).

Peak memory is the peak of the whole process tree (the process and its workers, summed, sampled every
20 ms), never below the largest single process's maximum resident set. Big data goes under --data
(benchmarks/data by default, git-ignored; /tmp on a shared machine).

The machine may be shared: compare the ratios of one run, not absolute times across runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _tree_peak(pid: int, stop: threading.Event, out: list[float]) -> None:
    """The peak of the summed resident memory of a process and its descendants, sampled until `stop`."""
    try:
        import psutil
    except ImportError:
        return
    peak = 0
    try:
        root = psutil.Process(pid)
        while not stop.is_set():
            total = 0
            for p in [root, *root.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            peak = max(peak, total)
            stop.wait(0.02)
    except psutil.Error:
        pass
    out.append(peak / 2**20)


def compile_xhht() -> None:
    """An installed xhht runs from bytecode (pip compiles it); a checkout under PYTHONDONTWRITEBYTECODE would
    compile every module on every run (about 0.1 s of a warm run, 0.15 s of summing reports), so compile it
    once, as pip would."""
    import xhht_cli

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(xhht_cli.__file__).parent)], check=True,
                   stdout=subprocess.DEVNULL)


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak resident MiB of the process tree) of one child process (its own
    waited-for workers included); exits on failure. On a shared machine CPU seconds move less than wall."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    stop, peak = threading.Event(), []  # type: ignore[var-annotated]
    sampler = threading.Thread(target=_tree_peak, args=(proc.pid, stop, peak), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 4):
        sys.exit(f"{' '.join(cmd)} failed (exit {proc.returncode}): {err[:2000]}")
    return wall, usage.ru_utime + usage.ru_stime, max([usage.ru_maxrss / 1024, *peak])  # Linux: KiB


# A few counts per commune, as an analyst would write them: persons, women, working age, trained.
DUCKDB = """import duckdb, sys
con = duckdb.connect()
con.execute("SET threads = 2")
src = ("read_parquet" if sys.argv[1].endswith(".parquet") else "read_csv") + "(?" + \
    ("" if sys.argv[1].endswith(".parquet") else ", all_varchar = true") + ")"
con.execute(f'''SELECT "Xã/Phường", count(*), count(*) FILTER (WHERE "Giới tính" = 'Nữ'),
    count(*) FILTER (WHERE {sys.argv[2]} - TRY_CAST("Năm sinh" AS INTEGER) BETWEEN 15 AND 60),
    count(*) FILTER (WHERE "Trình độ chuyên môn" IS NOT NULL)
    FROM {src} GROUP BY 1''', [sys.argv[1]]).fetchall()
"""
POLARS = """import polars as pl, sys
path, year = sys.argv[1], int(sys.argv[2])
frame = pl.scan_parquet(path) if path.endswith(".parquet") else pl.scan_csv(path, infer_schema=False)
age = year - pl.col("Năm sinh").cast(pl.Int32, strict=False)
frame.group_by("Xã/Phường").agg(pl.len(), (pl.col("Giới tính") == "Nữ").sum(), age.is_between(15, 60).sum(),
                                 pl.col("Trình độ chuyên môn").is_not_null().sum()).collect()
"""
# Every count of a file equal to the sum of its parts' (split into four part files), counted in bounded memory.
PARTS = """import sys, numpy as np, pyarrow.parquet as pq
from pathlib import Path
from xhht_cli.read.person_table import count_persons
path, year = Path(sys.argv[1]), int(sys.argv[2])
pf = pq.ParquetFile(path)
n = pf.metadata.num_rows
parts, writer, written = [], None, 0
for batch in pf.iter_batches(batch_size=1 << 18):
    if writer is None or written >= (len(parts)) * n // 4:
        if writer is not None:
            writer.close()
        parts.append(path.with_name(f"part-{len(parts)}-tmp.parquet"))
        writer = pq.ParquetWriter(parts[-1], batch.schema)
    writer.write_batch(batch)
    written += batch.num_rows
writer.close()
total = None
for p in parts:
    c = count_persons(p, year, b"bench")
    total = c if total is None else total + c
    p.unlink()
whole = count_persons(path, year, b"bench")
same = whole.counts.equals(total.counts) and whole.ages.equals(total.ages) and np.array_equal(whole.keys, total.keys)
print("same" if same else "DIFFERENT")
sys.exit(0 if same else 3)
"""


def anchors(path: Path, year: int, runs: int) -> dict[str, tuple[float, float, float]]:
    """DuckDB's and Polars's time on the same file (medians of `runs`, as xhht's), where they are installed
    (the extra `bench`)."""
    out = {}
    for name, code in (("DuckDB", DUCKDB), ("Polars", POLARS)):
        if subprocess.run([sys.executable, "-c", f"import {name.lower()}"], capture_output=True).returncode == 0:
            out[name] = median_of([sys.executable, "-c", code, str(path), str(year)], runs)
    return out


def median_of(cmd: list[str], runs: int, env: dict[str, str] | None = None) -> tuple[float, float, float]:
    results = [timed(cmd, env) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results),
            max(r[2] for r in results))


def ensure_district(folder: Path, persons: int) -> None:
    marker = folder / ".complete"
    if marker.exists() and marker.read_text().strip() == str(persons):
        return
    t = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / "make_district.py"), str(folder), "--persons", str(persons // 8)],
                   check=True)  # the eight communes of Bến Cát
    marker.write_text(str(persons))
    print(f"generated {persons:,} persons in {time.perf_counter() - t:.1f} s → {folder}")


def unzip_floor(files: list[Path]) -> tuple[float, float]:
    """(wall, CPU) seconds of unzipping every workbook's sheet XML to /dev/null."""
    wall = cpu = 0.0
    for f in files:
        w, c, _ = timed(["unzip", "-p", str(f), "xl/worksheets/*.xml"])
        wall, cpu = wall + w, cpu + c
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", type=Path, default=HERE / "data" / "district")
    ap.add_argument("--persons", type=int, default=300_000)
    ap.add_argument("--province", type=int, default=3_000_000, help="persons in the CSV/Parquet runs")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="skip the 3M runs and pandas + openpyxl")
    ap.add_argument("--ten", type=int, default=0, help="also N persons as one Parquet file (10000000)")
    ap.add_argument("--data", type=Path, default=HERE / "data", help="where the 3M (and --ten) files go")
    args = ap.parse_args()

    ensure_district(args.dir, args.persons)
    compile_xhht()
    xhht = [sys.executable, "-m", "xhht_cli"]
    workbooks = sorted(p for p in args.dir.glob("*.xlsx") if not p.name.startswith("don-vi"))
    print(f"{platform.node()} · {platform.processor() or platform.machine()} · {os.cpu_count()} cores · "
          f"Python {platform.python_version()} · {time.strftime('%Y-%m-%d %H:%M %Z')}")
    rows: list[tuple[str, float, float, float | None]] = []

    floor, floor_cpu = min((unzip_floor(workbooks) for _ in range(args.runs)), key=lambda r: r[0])
    rows.append((f"unzip floor ({len(workbooks)} workbooks' sheet XML)", floor, floor_cpu, None))
    cold, cold_cpu, cold_mem = median_of([*xhht, "compute", str(args.dir), "-f", "json", "-q", "--no-cache"],
                                         args.runs)
    rows.append((f"cold: compute {args.persons:,} persons, --no-cache", cold, cold_cpu, cold_mem))
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XHHT_CACHE_DIR": cache}
        timed([*xhht, "compute", str(args.dir), "-f", "json", "-q"], env)  # fills the cache
        warm, warm_cpu, warm_mem = median_of([*xhht, "compute", str(args.dir), "-f", "json", "-q"], args.runs, env)
    rows.append(("warm: the same, counts cache filled", warm, warm_cpu, warm_mem))
    version, version_cpu, _ = median_of([*xhht, "--version"], args.runs)
    rows.append(("xhht --version", version, version_cpu, None))
    bare, bare_cpu, _ = median_of([sys.executable, "-c", "pass"], args.runs)
    rows.append(("python -c pass", bare, bare_cpu, None))

    big: dict[str, tuple[float, float, float]] = {}
    peers: dict[tuple[str, str], tuple[float, float, float]] = {}
    peer = None
    if not args.quick:
        sys.path.insert(0, str(HERE))
        from make_province import make

        csv_path, pq_path = make(args.province, args.data)
        for label, path in (("CSV", csv_path), ("Parquet", pq_path)):
            # medians of --runs like every other line: a machine whose host takes back freed memory makes the
            # first run after a pause slower (its pages are new to the host), whatever the program
            big[label] = median_of([*xhht, "compute", str(path.parent), "-f", "json", "-q", "--no-cache"], args.runs)
            rows.append((f"{args.province:,} persons, one {label}, --no-cache", *big[label]))
            for name, result in anchors(path, 2022, args.runs).items():
                peers[(label, name)] = result
                rows.append((f"  {name}: a few counts per commune, same {label}", *result))
        code = ("import pandas as pd, sys; pd.read_excel(sys.argv[1], sheet_name='DATA', header=None, "
                "engine='openpyxl')")
        peer, peer_cpu, peer_mem = timed([sys.executable, "-c", code, str(workbooks[0])])
        rows.append((f"pandas + openpyxl, one workbook ({workbooks[0].name})", peer, peer_cpu, peer_mem))
    if args.ten:
        sys.path.insert(0, str(HERE))
        from make_province import make

        _, ten_path = make(args.ten, args.data / "ten")
        ten = timed([*xhht, "compute", str(ten_path.parent), "-f", "json", "-q", "--no-cache"])
        rows.append((f"{args.ten:,} persons, one Parquet, --no-cache", *ten))
        for name, result in anchors(ten_path, 2022, 1).items():
            rows.append((f"  {name}: a few counts per commune, same Parquet", *result))
        parts = timed([sys.executable, "-c", PARTS, str(ten_path), "2022"])  # exits 3 unless equal
        rows.append(("  counts = sum of its 4 parts (count_persons, 5 passes)", *parts))

    width = max(len(r[0]) for r in rows)
    print(f"{'':<{width}}  {'wall':>8}  {'CPU':>8}  peak memory")
    for label, secs, cpu, mem in rows:
        print(f"{label:<{width}}  {secs:7.2f}s  {cpu:7.2f}s" + (f"  {mem:7.0f} MiB" if mem is not None else ""))
    print("ratios (wall; CPU):")
    print(f"  cold / unzip floor          {cold / floor:5.1f}×; {cold_cpu / floor_cpu:5.1f}×   (acceptance ≤ 2.5×, issue 21)")
    print(f"  warm / cold                 {warm / cold:5.2f};  {warm_cpu / cold_cpu:5.2f}    (warm ≤ 1 s; unchanged or better)")
    print(f"  --version / python -c pass  {version / bare:5.1f}×; {version_cpu / max(bare_cpu, 1e-3):5.1f}×   "
          "(goal: --version ≤ 0.3 s)")
    if peer is not None:
        per = len(workbooks)
        print(f"  pandas+openpyxl / xhht per workbook  {peer / (cold / per):5.1f}×; {peer_cpu / (cold_cpu / per):5.1f}×")
    for label, (secs, cpu, mem) in big.items():
        print(f"  3M {label}: {secs:.1f} s wall, {cpu:.1f} s CPU, {mem / 1024:.2f} GiB peak   (acceptance ≤ 1 GB)")
        for (of, name), (p_secs, p_cpu, p_mem) in peers.items():
            if of == label:
                print(f"    / {name}: {secs / p_secs:4.1f}× wall, {cpu / p_cpu:4.1f}× CPU, {mem / p_mem:4.1f}× memory"
                      + ("   (acceptance ≤ 3× DuckDB's time)" if name == "DuckDB" and label == "CSV" else ""))


if __name__ == "__main__":
    main()
