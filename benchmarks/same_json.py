"""Guard for performance work: the JSON report must stay byte-identical on the samples and the benchmark data.

    python benchmarks/same_json.py --save    # before a change: store today's outputs in benchmarks/data/golden/
    python benchmarks/same_json.py           # after it: recompute, cold and then from the cache, and compare

Each case runs `xhht compute … --format json` in a fresh process with XHHT_CACHE_DIR pointing at a
temporary folder, twice (the second run is served by the counts cache), and both outputs must equal the
saved one byte for byte. The `options` object (added by the saved-reports work) is the only key allowed
to differ from a golden file saved before it existed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOLDEN = HERE / "data" / "golden"
CASES: dict[str, list[str]] = {
    "ben-cat-2024": ["samples/ben-cat/2024"],
    "ben-cat-2023": ["samples/ben-cat/2023"],
    "ben-cat-2022-csv": ["samples/ben-cat/2022"],
    "ben-cat-2024-ppc": ["samples/ben-cat/2024", "--ppc", "disabled_unable_only"],
    "district-300k": ["benchmarks/data/district"],
}


def run(args: list[str], cache: Path) -> bytes:
    env = {**os.environ, "XHHT_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-m", "xhht_cli", "compute", *args, "--format", "json", "-q"],
                          cwd=ROOT, env=env, capture_output=True)
    if done.returncode not in (0, 4):
        sys.exit(f"{args}: exit {done.returncode}\n{done.stderr.decode()[:3000]}")
    return done.stdout


def comparable(out: bytes, golden: bytes) -> bool:
    if out == golden:
        return True
    new, old = json.loads(out), json.loads(golden)
    if "options" in new and "options" not in old:  # a golden file from before the options object
        new.pop("options")
        # Python's JSON round-trips floats exactly; the key order is compared too.
        return new == old and list(new) == list(old)
    return False


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--save", action="store_true", help="store the outputs as the reference")
    ap.add_argument("cases", nargs="*", help=f"cases to run (default: all of {', '.join(CASES)})")
    args = ap.parse_args()
    GOLDEN.mkdir(parents=True, exist_ok=True)
    bad = 0
    for name in args.cases or CASES:
        argv = CASES[name]
        if not (ROOT / argv[0]).exists():
            print(f"{name}: skipped ({argv[0]} missing; run benchmarks/bench.py once)")
            continue
        with tempfile.TemporaryDirectory() as cache:
            outs = [run(argv, Path(cache)) for _ in range(1 if args.save else 2)]
        ref = GOLDEN / f"{name}.json"
        if args.save:
            ref.write_bytes(outs[0])
            print(f"{name}: saved {len(outs[0]):,} bytes")
            continue
        for label, out in zip(("cold", "warm"), outs):
            same = comparable(out, ref.read_bytes())
            bad += not same
            print(f"{name} {label}: {'identical' if same else 'DIFFERENT'}")
            if not same:
                (GOLDEN / f"{name}.{label}.new.json").write_bytes(out)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
