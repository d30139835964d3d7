"""Measure xhht at scale, side by side in one run, and print ratios (issue 13).

    python benchmarks/bench.py               # everything: cold, warm, --version, floor, 3M CSV and Parquet, peer
    python benchmarks/bench.py --quick       # the district only (no 3M runs, no pandas + openpyxl)
    python benchmarks/bench.py --runs 5

What it times, each as a fresh process (wall time; peak memory is the process's maximum resident set):
- cold: `xhht compute DISTRICT --format json --no-cache` on about 300,000 persons in 8 official workbooks
  (generated once by make_district.py into benchmarks/data/district, git-ignored);
- warm: the same with the counts cache filled (a temporary XHHT_CACHE_DIR);
- `xhht --version` and `python -c pass`;
- the unzip floor: `unzip -p FILE 'xl/worksheets/*.xml' > /dev/null` over all the workbooks;
- 3,000,000 persons as one CSV and as one Parquet file (make_province.py), time and peak memory;
- pandas.read_excel(engine="openpyxl") on one commune workbook, against xhht's cold time per workbook.

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
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak resident MiB) of one child process (its own waited-for workers
    included); exits on failure. On a shared machine CPU seconds move less than wall time."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 4):
        sys.exit(f"{' '.join(cmd)} failed (exit {proc.returncode}): {err[:2000]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # Linux: KiB


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
    args = ap.parse_args()

    ensure_district(args.dir, args.persons)
    # An installed xhht runs from bytecode (pip compiles it); a checkout under PYTHONDONTWRITEBYTECODE would
    # compile every module on every run (about 0.1 s of a warm run), so compile it once, as pip would.
    import xhht_cli

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(xhht_cli.__file__).parent)], check=True,
                   stdout=subprocess.DEVNULL)
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
    peer = None
    if not args.quick:
        sys.path.insert(0, str(HERE))
        from make_province import make

        csv_path, pq_path = make(args.province)
        for label, path in (("CSV", csv_path), ("Parquet", pq_path)):
            big[label] = timed([*xhht, "compute", str(path.parent), "-f", "json", "-q", "--no-cache"])
            rows.append((f"{args.province:,} persons, one {label}, --no-cache", *big[label]))
        code = ("import pandas as pd, sys; pd.read_excel(sys.argv[1], sheet_name='DATA', header=None, "
                "engine='openpyxl')")
        peer, peer_cpu, peer_mem = timed([sys.executable, "-c", code, str(workbooks[0])])
        rows.append((f"pandas + openpyxl, one workbook ({workbooks[0].name})", peer, peer_cpu, peer_mem))

    width = max(len(r[0]) for r in rows)
    print(f"{'':<{width}}  {'wall':>8}  {'CPU':>8}  peak memory")
    for label, secs, cpu, mem in rows:
        print(f"{label:<{width}}  {secs:7.2f}s  {cpu:7.2f}s" + (f"  {mem:7.0f} MiB" if mem is not None else ""))
    print("ratios (wall; CPU):")
    print(f"  cold / unzip floor          {cold / floor:5.1f}×; {cold_cpu / floor_cpu:5.1f}×   (acceptance ≤ 4×, goal 2×)")
    print(f"  warm / cold                 {warm / cold:5.2f};  {warm_cpu / cold_cpu:5.2f}    (goal: warm ≤ 1 s)")
    print(f"  --version / python -c pass  {version / bare:5.1f}×; {version_cpu / max(bare_cpu, 1e-3):5.1f}×   "
          "(goal: --version ≤ 0.3 s)")
    if peer is not None:
        per = len(workbooks)
        print(f"  pandas+openpyxl / xhht per workbook  {peer / (cold / per):5.1f}×; {peer_cpu / (cold_cpu / per):5.1f}×")
    for label, (secs, cpu, mem) in big.items():
        print(f"  3M {label}: {secs:.1f} s wall, {cpu:.1f} s CPU, {mem / 1024:.2f} GiB peak   (goal ≤ 15 s, ≤ 2 GB)")


if __name__ == "__main__":
    main()
