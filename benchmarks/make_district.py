"""Write a large synthetic district in the official survey layout, for benchmarks.

    python benchmarks/make_district.py [OUTPUT_DIR] [--persons N] [--year Y] [--jobs N]

One workbook per commune (the eight units of thị xã Bến Cát, ``--persons`` each,
37,500 by default: about 300,000 in all) plus the units workbook ``don-vi.xlsx``
naming every file. Default OUTPUT_DIR is benchmarks/data/district (git-ignored).
Communes are written in parallel; each is seeded on its own, so the bytes do not
depend on ``--jobs``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "samples"))

from synth import BASE_SEED, UNITS, make_unit, write_official, write_units  # noqa: E402

# Not the samples' seed: the district is not the sample population scaled up.
DISTRICT_SEED = BASE_SEED + 1


def write_commune(out: Path, code: str, year: int, persons: int) -> int:
    unit = next(u for u in UNITS if u.code == code)
    people = make_unit(unit, year, persons, seed=DISTRICT_SEED)
    return write_official(out / unit.file_name, unit, year, people, constant_memory=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path,
                        default=Path(__file__).resolve().parent / "data" / "district")
    parser.add_argument("--persons", type=int, default=37_500, help="persons per commune")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(write_commune, args.out, u.code, args.year, args.persons) for u in UNITS]
        total = sum(f.result() for f in futures)
    write_units(args.out / "don-vi.xlsx", {u.code: u.file_name for u in UNITS}, {})
    size = sum(p.stat().st_size for p in args.out.glob("*.xlsx"))
    print(f"{args.out}: {total} persons in {len(UNITS)} communes, "
          f"{size / 1e6:.1f} MB, {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
