"""Time summing a country's commune reports (spec.md, "Saved reports as inputs").

    python benchmarks/sum_reports.py [--reports 3300] [--per-area 10]

One commune's saved report (xhht compute on one Bến Cát workbook, --format json) is copied --reports times
under new commune codes (about 3,300 communes after the 2025 reorganisation), each copy's commune placed in
an area of --per-area communes; then `xhht compute ALL.json --format json` sums them. Reports are written
once to benchmarks/data/reports-N/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ONE = ROOT / "samples" / "ben-cat" / "2024" / "xa-an-tay.xlsx"


def make(n: int, per_area: int) -> list[Path]:
    out = HERE / "data" / f"reports-{n}"
    files = [out / f"xa-{i:05d}.json" for i in range(n)]
    if (out / ".complete").exists():
        return files
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, "-m", "xhht_cli", "compute", str(ONE), "-f", "json", "-q", "--no-cache"],
                          cwd=ROOT, capture_output=True, check=True)
    template = json.loads(done.stdout)
    commune = next(u for u in template["units"] if u["kind"] == "commune")
    text = json.dumps(template, ensure_ascii=False)
    for i, f in enumerate(files):
        code, area = f"X{i:05d}", f"Khu vực {i // per_area:04d}"
        report = json.loads(text.replace(json.dumps(commune["code"], ensure_ascii=False), json.dumps(code)))
        for u in report["units"]:
            if u["kind"] == "commune":
                u["parent"] = area
        f.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    (out / ".complete").write_text(str(n))
    return files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=3300)
    ap.add_argument("--per-area", type=int, default=10)
    args = ap.parse_args()
    files = make(args.reports, args.per_area)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "xhht_cli", "compute", *map(str, files), "-f", "json", "-q"],
                          cwd=ROOT, capture_output=True)
    secs = time.perf_counter() - start
    if done.returncode not in (0, 4):
        sys.exit(done.stderr.decode()[:2000])
    units = json.loads(done.stdout)["units"]
    print(f"summed {len(files):,} commune reports into {sum(u['kind'] == 'area' for u in units)} areas "
          f"and a total: {secs:.1f} s")


if __name__ == "__main__":
    main()
