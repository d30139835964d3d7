"""The whole answer of one compute run: the Report, the official forms, the shortfalls, the check against a
target year, the persons to reach (only when asked) and what renderers need from the plan and the standards.

Renderers take a Result and nothing else; the CLI only parses options, calls `run` and renders.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..io.gc_pause import gc_paused
from ..law.plan import Plan, Target
from ..report import Report, TargetRow
from ..judge.shortfalls import Shortfall, shortfalls
from ..law.standards import Standards
from ..judge.targets import checked_year, failing

if TYPE_CHECKING:  # pandas is imported only by runs that read data
    import pandas as pd

    from ..forms import Form
    from ..messages import Message
    from ..pipeline import Options, Run
    from ..counts.table import CountTable

EXIT_OK, EXIT_CHECK = 0, 4
T = TypeVar("T")


@dataclass(frozen=True)
class Check:
    """`--check`: the target rows of the checked year (and `maintain` rows of later years) on area and total
    rows that are not met (`failed`), and those without data or provisional (`no_data`: listed, never failed)."""

    year: int
    failed: list[TargetRow]
    no_data: list[TargetRow]

    @property
    def passed(self) -> bool:
        """True when no checked target failed (rows without data do not fail the check)."""
        return not self.failed

    @property
    def exit_code(self) -> int:
        """0 when passed, 4 when a checked target is not met."""
        return EXIT_OK if self.passed else EXIT_CHECK


@dataclass(frozen=True)
class Presentation:
    """What renderers read from the plan and the standards: order, labels, short names, levels."""

    plan: Plan
    rules: Standards

    @property
    def years(self) -> list[int]:
        """The plan's target years, in order (2025, 2030 for Bến Cát's plan)."""
        return list(self.plan.plan.years)

    @property
    def shown_targets(self) -> list[Target]:
        """The plan's targets in plan order, without the lines that repeat another (`same_as`)."""
        return [t for t in self.plan.targets if not t.same_as]

    def short(self, standard: str) -> str:
        """The short Vietnamese name of a standard (e.g. "PCGD THCS")."""
        return self.rules.by_id(standard).short

    def n_levels(self, standard: str) -> int:
        """How many levels a standard has (1 for the preschool standards, 2 for XMC, 3 for TH and THCS)."""
        return len(self.rules.by_id(standard).levels)

    @property
    def unverified(self) -> int:
        """How many thresholds are not yet checked against the Vietnamese legal text."""
        return sum(1 for s in self.rules.standards for lv in s.levels for c in lv.criteria if not c.verified)


class Built(Sequence[T]):
    """A list made by `build` on first use: the forms and the shortfalls are read only by the Excel workbook
    (and scripts), so a JSON or terminal report does not pay for them (eleven forms; the shortfalls of 3,300
    summed communes, 0.2 s)."""

    def __init__(self, build: Callable[[], list[T]]) -> None:
        self._build: Callable[[], list[T]] | None = build
        self._items: list[T] = []

    def _built(self) -> list[T]:
        if self._build is not None:
            self._items, self._build = self._build(), None
        return self._items

    def __getitem__(self, i: int) -> T:  # type: ignore[override]
        return self._built()[i]

    def __len__(self) -> int:
        return len(self._built())

    def __iter__(self) -> Iterator[T]:
        return iter(self._built())

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._built()!r})"


class Forms(Built["Form"]):
    """The official forms of a run, built on first use (Built)."""

    def __init__(self, report: Report, ages: CountTable | None, province: str = "") -> None:
        def build() -> list[Form]:
            from ..forms import all_forms

            return all_forms(report, ages, province)

        super().__init__(build)


@dataclass
class Result:
    """One run's whole answer. `persons` (names!) is filled only when the caller asked for the list."""

    report: Report
    forms: Sequence[Form]  # a Forms, built when first read
    shortfalls: Sequence[Shortfall]  # a Built, made when first read
    check: Check
    context: Presentation
    persons: pd.DataFrame | None = field(default=None, repr=False)


def check_of(report: Report, plan: Plan, target_year: int | None = None) -> Check:
    """The check against a target year (spec: the given year, else the earliest plan year not before the
    survey year, else the plan's last year), over area and total rows."""
    year = checked_year(plan, report.year, target_year)
    groups = {u.code for u in report.units if u.kind != "commune"}
    failed, no_data = failing(report.targets, year, groups)
    return Check(year, failed, no_data)


def result_of(run_: Run, target_year: int | None = None, persons: bool = False) -> Result:
    """Assemble the Result from a pipeline run: forms, shortfalls and the check come from the report's counts."""
    report = run_.report
    people = None
    if persons:
        from .to_reach import persons_to_reach

        people = persons_to_reach(run_)
    plan, rules = run_.plan, run_.rules  # what the shortfalls read: the closure keeps these, not the whole run

    def found() -> list[Shortfall]:
        with gc_paused():  # tens of thousands of keys and rows over a report of ~1M objects (io/gc_pause.py)
            return shortfalls(report, plan, rules)

    with gc_paused():
        check = check_of(report, run_.plan, target_year)
    return Result(report, Forms(report, run_.gathered.ages, run_.gathered.province), Built(found), check,
                  Presentation(run_.plan, run_.rules), people)


def run(paths: list[Path | str], options: Options | None = None,
        progress: Callable[[str], None] | None = None) -> Result:
    """Read, count and evaluate `paths`; return the whole answer (see Result)."""
    from ..pipeline import Options as _Options
    from ..pipeline import run as _run

    opts = options or _Options()
    return result_of(_run(paths, opts, progress), opts.target_year, opts.keep_persons)


@dataclass(frozen=True)
class Validation:
    """What `validate` found: every message a compute run would give about its inputs."""

    messages: list[Message]

    @property
    def errors(self) -> list[Message]:
        """The errors (a compute run would exit 3)."""
        return [m for m in self.messages if m.severity == "error"]

    @property
    def warnings(self) -> list[Message]:
        """The warnings (a compute run goes on)."""
        return [m for m in self.messages if m.severity == "warning"]

    @property
    def valid(self) -> bool:
        """True when there is no error."""
        return not self.errors

    def to_json(self) -> str:
        """The same JSON object as compute's messages on stderr: schema_version and messages."""
        from ..messages import messages_json

        return messages_json(self.messages)


def validate(paths: list[Path | str], options: Options | None = None,
             progress: Callable[[str], None] | None = None) -> Validation:
    """Read and check only; never raises for bad data (the findings are in the result)."""
    from ..pipeline import validate as _validate

    return Validation(_validate(paths, options, progress))
