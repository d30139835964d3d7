"""Time `xhht compute` on a generated district (about 300,000 persons, one official workbook per commune).

    python benchmarks/bench.py            # generates benchmarks/data/district once, then times 3 runs
    python benchmarks/bench.py --persons 100000 --runs 5

Prints the median wall time of the whole command (process start, reading, computing, JSON output),
and, for comparison, how long pandas' default openpyxl reader takes on one of the workbooks.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", type=Path, default=HERE / "data" / "district")
    ap.add_argument("--persons", type=int, default=300_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--compare-openpyxl", action="store_true", help="also time pandas' default reader on one file")
    args = ap.parse_args()

    if not (args.dir / ".complete").exists() or _persons(args.dir) != args.persons:
        t = time.perf_counter()
        per_commune = args.persons // 8  # make_district.py writes the eight communes of Bến Cát
        subprocess.run([sys.executable, str(HERE / "make_district.py"), str(args.dir), "--persons", str(per_commune)],
                       check=True)
        (args.dir / ".complete").write_text(str(args.persons))
        print(f"generated {args.persons:,} persons in {time.perf_counter() - t:.1f} s → {args.dir}")

    cmd = [sys.executable, "-m", "xhht_cli", "compute", str(args.dir), "--format", "json", "-q"]
    times = []
    for i in range(args.runs):
        t = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - t)
        if done.returncode != 0:
            sys.exit(f"xhht failed (exit {done.returncode}): {done.stderr.decode()[:2000]}")
        print(f"run {i + 1}: {times[-1]:.2f} s")
    print(f"xhht compute, {args.persons:,} persons: median {statistics.median(times):.2f} s over {args.runs} runs")

    if args.compare_openpyxl:
        import pandas as pd

        one = sorted(p for p in args.dir.glob("*.xlsx") if not p.name.startswith("don-vi"))[0]
        t = time.perf_counter()
        pd.read_excel(one, sheet_name="DATA", header=None, engine="openpyxl")
        print(f"pandas read_excel(engine='openpyxl') on {one.name}: {time.perf_counter() - t:.2f} s")


def _persons(folder: Path) -> int:
    marker = folder / ".complete"
    try:
        return int(marker.read_text())
    except (OSError, ValueError):
        return -1


if __name__ == "__main__":
    main()
