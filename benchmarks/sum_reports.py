"""Time summing a country's commune reports (spec.md, "Saved reports as inputs").

    python benchmarks/sum_reports.py [--reports 3300] [--per-area 10] [--runs 1]

One commune's saved report (xhht compute on one Bến Cát workbook, --format json) is copied --reports times
under new commune codes (about 3,300 communes after the 2025 reorganisation), each copy's commune placed in
an area of --per-area communes; then `xhht compute ALL.json --format json` sums them. Reports are written
once to benchmarks/data/reports-N/ (git-ignored).

Anchors in the same run (issue 21: "summed within 3× the standard json parse in ≤ 300 MB"): `json.loads` and
`orjson.loads` of every report, each file parsed and dropped, in a fresh process. Printed: CPU seconds
(user + sys, steadier than wall time on a shared machine), peak resident MiB (bench.timed) and the ratios.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from bench import compile_xhht, timed

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ONE = ROOT / "samples" / "ben-cat" / "2024" / "xa-an-tay.xlsx"
# The parse floor: every report read and parsed, nothing kept (the file list comes on stdin).
PARSE = """import sys
from pathlib import Path
import {mod} as j
for line in sys.stdin.read().splitlines():
    j.loads(Path(line).read_bytes())
"""


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
    ap.add_argument("--runs", type=int, default=1, help="runs of each command; the lowest CPU seconds is shown")
    args = ap.parse_args()
    files = make(args.reports, args.per_area)
    compile_xhht()
    listing = HERE / "data" / f"reports-{args.reports}" / "files.txt"
    listing.write_text("\n".join(map(str, files)), encoding="utf-8")
    xhht_cmd = [sys.executable, "-m", "xhht_cli", "compute", *map(str, files), "-f", "json", "-q"]
    cmds = {"xhht compute (sum)": xhht_cmd,
            "json.loads floor": [sys.executable, "-c", f"import sys; sys.stdin = open({str(listing)!r})\n"
                                 + PARSE.format(mod="json")],
            "orjson.loads floor": [sys.executable, "-c", f"import sys; sys.stdin = open({str(listing)!r})\n"
                                   + PARSE.format(mod="orjson")]}
    got = {name: min((timed(cmd) for _ in range(args.runs)), key=lambda r: r[1]) for name, cmd in cmds.items()}
    # Checked after the timings: a child's peak resident set counts the parent's it was forked from (vfork).
    done = subprocess.run(xhht_cmd, cwd=ROOT, capture_output=True)
    if done.returncode not in (0, 4):
        sys.exit(done.stderr.decode()[:2000])
    units = json.loads(done.stdout)["units"]
    print(f"summed {len(files):,} commune reports into {sum(u['kind'] == 'area' for u in units)} areas "
          f"and a total ({len(done.stdout) / 2**20:.0f} MiB of JSON)")
    xhht = got["xhht compute (sum)"]
    for name, (wall, cpu, peak) in got.items():
        print(f"{name:20} {cpu:6.2f} s CPU ({wall:5.1f} s wall) {peak:7.0f} MiB peak   "
              f"xhht: {xhht[1] / cpu:4.1f}× CPU, {xhht[2] / peak:4.1f}× memory")


if __name__ == "__main__":
    main()
