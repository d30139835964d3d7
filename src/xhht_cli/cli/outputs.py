"""The output table: which formats a command offers, which file suffix means which format, how each is
encoded; and the decision where a command's output goes, made (and refused, exit 2) before any input is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Format(str, Enum):
    """Every output format of any command."""

    terminal = "terminal"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


def offered(name: str, *formats: Format) -> type[Enum]:
    """A command's --format choices: the subset of Format it offers, named once (`offered_formats` gives them
    back as Format for the output table)."""
    return Enum(name, {f.name: f.value for f in formats}, type=str)  # type: ignore[return-value]


def offered_formats(choices: type[Enum]) -> tuple[Format, ...]:
    return tuple(Format(c.value) for c in choices)


# Suffix of an --output file → its format.
SUFFIXES: dict[str, Format] = {".json": Format.json, ".csv": Format.csv, ".xlsx": Format.xlsx}

# Format → (encoding in a file, encoding on stdout). CSV files carry a BOM so that Excel shows the diacritics;
# on stdout a BOM would break scripts that read the stream. None: bytes (a workbook), never on stdout.
ENCODINGS: dict[Format, tuple[str | None, str | None]] = {
    Format.terminal: (None, "utf-8"),
    Format.json: ("utf-8", "utf-8"),
    Format.csv: ("utf-8-sig", "utf-8"),
    Format.xlsx: (None, None),
}

NAMES = {Format.terminal: "bảng trên màn hình", Format.json: "JSON", Format.csv: "CSV", Format.xlsx: "bảng tính Excel"}


@dataclass(frozen=True)
class Destination:
    """Where a command's main output goes: its format and a file, or stdout (file None)."""

    format: Format
    file: Path | None
    as_json: bool  # errors on stderr as one JSON object

    @property
    def encoding(self) -> str | None:
        in_file, on_stdout = ENCODINGS[self.format]
        return in_file if self.file is not None else on_stdout


def destination(fmt: Format, output: Path | None, offered: tuple[Format, ...]) -> Destination:
    """Decide the output from --format and --output, before reading anything (UsageError, exit 2).

    A file's format comes from its suffix; a workbook cannot go to the terminal."""
    from ..messages import UsageError  # pydantic: not at import time, so that --help stays fast

    if fmt not in offered:
        raise UsageError(f"--format {fmt.value}: lệnh này chỉ có " + ", ".join(f.value for f in offered) + ".")
    if output is None:
        if fmt is Format.xlsx:
            raise UsageError("--format xlsx cần --output TỆP.xlsx (bảng tính không in ra màn hình được).")
        return Destination(fmt, None, fmt is Format.json)
    from ..io.writer import not_regular

    why = not_regular(output)
    if why:  # /dev/null, a folder, a FIFO: say what it is rather than that its suffix is wrong
        raise UsageError(f"--output {output}: {why}.")
    allowed = [s for s, f in SUFFIXES.items() if f in offered]
    suffix = output.suffix.lower()
    if suffix not in allowed:
        raise UsageError(f"--output {output}: chỉ ghi được tệp " + ", ".join(allowed) + ".")
    return Destination(SUFFIXES[suffix], output, fmt is Format.json)
