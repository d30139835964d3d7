"""Record every command's outputs on the bundled samples, for byte-for-byte comparison (tests/test_golden.py).

    python tools/golden.py            # rewrite tests/golden/ (do this only in a commit that changes behaviour)
    python tools/golden.py --check    # compare, print the files that differ, exit 1 if any

A refactor must leave every file here unchanged; a change of behaviour updates them in the same commit,
so that the diff shows exactly which outputs changed.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
S = "samples/ben-cat"

# name of the recorded stdout → the command's arguments. Files written by a command are recorded under
# the name given in its arguments as OUT/<name>.
RUNS: dict[str, list[str]] = {
    "compute-2024.txt": ["compute", f"{S}/2024"],
    "compute-2024.json": ["compute", f"{S}/2024", "--format", "json"],
    "compute-2024.csv": ["compute", f"{S}/2024", "--format", "csv"],
    "compute-2024-xlsx.txt": ["compute", f"{S}/2024", "-q", "--output", "OUT/compute-2024.xlsx",
                              "--list-persons", "OUT/persons-2024.csv", "--messages", "OUT/messages-2024.csv"],
    "compute-2024-persons-xlsx.txt": ["compute", f"{S}/2024", "--format", "json", "-q",
                                      "--list-persons", "OUT/persons-2024.xlsx"],
    "compute-2024-ppc.json": ["compute", f"{S}/2024", "--format", "json", "--ppc", "disabled_unable_only"],
    "compute-2024-check.txt": ["compute", f"{S}/2024", "--format", "json", "--check", "--target-year", "2025"],
    "compute-2023.json": ["compute", f"{S}/2023", "--format", "json"],
    "compute-2022.json": ["compute", f"{S}/2022", "--format", "json"],
    "validate-2024.txt": ["validate", f"{S}/2024"],
    "validate-2024.json": ["validate", f"{S}/2024", "--format", "json"],
    "trend.txt": ["trend", S],
    "trend.json": ["trend", S, "--format", "json"],
    "trend-mapping.json": ["trend", S, "--format", "json", "--mapping", f"{S}/mapping-2025.yaml"],
    "trend-xlsx.txt": ["trend", S, "-q", "--output", "OUT/trend.xlsx"],
    "targets.txt": ["targets"],
    "targets.json": ["targets", "--format", "json"],
    "standards.txt": ["standards"],
    "standards.json": ["standards", "--format", "json"],
    # what a refactor moves: every command's help, the plan/cache/template commands, errors, other widths
    "help.txt": ["--help"],
    **{f"help-{'-'.join(c)}.txt": [*c, "--help"] for c in (
        ("compute",), ("validate",), ("trend",), ("template",), ("targets",), ("standards",), ("plan",),
        ("plan", "list"), ("plan", "new"), ("plan", "check"), ("cache",), ("cache", "clear"))},
    "plan-list.txt": ["plan", "list"],
    "plan-new.txt": ["plan", "new", "OUT/ke-hoach.yaml", "--area", "Huyện Dầu Tiếng"],
    "plan-check.txt": ["plan", "check", "data/targets.yaml"],
    "cache-clear.txt": ["cache", "clear"],
    "template.txt": ["template", "OUT/mau"],
    "error-no-input.txt": ["compute", f"{S}/2099"],
    "error-bad-format.txt": ["compute", f"{S}/2024", "--format", "pdf"],
    "error-unknown-option.txt": ["compute", f"{S}/2024", "--khong-co"],
    "error-bad-plan.txt": ["compute", f"{S}/2024", "--plan", f"{S}/mapping-2025.yaml"],
    "error-bad-target-year.txt": ["compute", f"{S}/2024", "--check", "--target-year", "2027"],
    "error-data.json": ["compute", f"{S}/mapping-2025.yaml", "--format", "json"],
    "trend-one-year.txt": ["trend", f"{S}/2024"],
}

# the terminal report at the other widths people have (a pipe is always 100 wide)
WIDE: dict[str, tuple[int, list[str]]] = {
    "compute-2024-80.txt": (80, ["compute", f"{S}/2024"]),
    "compute-2024-120.txt": (120, ["compute", f"{S}/2024"]),
    "trend-80.txt": (80, ["trend", S]),
    "trend-120.txt": (120, ["trend", S]),
}


def record(out: Path) -> None:
    """Run every command of RUNS from the repository root and write stdout, stderr and exit code into `out`.

    In process, through Typer's runner (an interpreter start per command would cost more than the commands);
    outputs are not a terminal, so the report has its fixed width of 100, as in a pipe."""
    from typer.testing import CliRunner

    from xhht_cli.cli import app
    from xhht_cli.render import console

    pipe_width = console.PIPE_WIDTH

    out.mkdir(parents=True, exist_ok=True)
    cache = tempfile.mkdtemp(prefix="xhht-golden-cache-")  # later runs are served by it: they must not differ
    env = {"NO_COLOR": "1", "COLUMNS": "100", "XHHT_CACHE_DIR": cache}
    here = os.getcwd()
    os.chdir(ROOT)  # the messages name the sample files relative to the repository
    try:
        runs: list[tuple[str, list[str], int | None]] = [(name, args, None) for name, args in RUNS.items()]
        runs += [(name, args, width) for name, (width, args) in WIDE.items()]
        for name, args, width in runs:
            # a command that reads no sample runs inside the output folder, so that what it prints (wrapped
            # to the width) names its files the same way in every recording
            inside = any("OUT/" in a for a in args) and not any(S in a for a in args)
            argv = [a.replace("OUT/", "" if inside else str(out) + "/") for a in args]
            os.chdir(out if inside else ROOT)
            console.PIPE_WIDTH = width or pipe_width  # the width a terminal of that size would give
            try:
                done = CliRunner().invoke(app, argv, env=env)
            finally:
                console.PIPE_WIDTH = pipe_width
            stderr = done.stderr_bytes.replace(str(out).encode(), b"OUT").replace(cache.encode(), b"CACHE")
            stdout = done.stdout_bytes.replace(str(out).encode(), b"OUT").replace(cache.encode(), b"CACHE")
            (out / name).write_bytes(stdout)
            (out / (name + ".stderr")).write_bytes(stderr + f"\n[exit {done.exit_code}]\n".encode())
    finally:
        os.chdir(here)
        shutil.rmtree(cache, ignore_errors=True)


def differences(a: Path, b: Path) -> list[str]:
    """The relative names of files that differ between two recordings (or exist in only one)."""
    names = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file() and ".cache" not in p.parts}
    names |= {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file() and ".cache" not in p.parts}
    return sorted(n for n in names if not ((a / n).is_file() and (b / n).is_file()
                                           and (a / n).read_bytes() == (b / n).read_bytes()))


def main() -> int:
    if "--check" in sys.argv:
        with tempfile.TemporaryDirectory() as tmp:
            record(Path(tmp))
            diff = differences(GOLDEN, Path(tmp))
        for name in diff:
            print(f"differs: {name}")
        return 1 if diff else 0
    shutil.rmtree(GOLDEN, ignore_errors=True)
    record(GOLDEN)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
