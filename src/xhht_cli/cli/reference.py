"""`xhht targets` and `xhht standards`: the bundled plan and standards, as tables or as their JSON data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .deliver import Job, Renderers, execute
from .options import Debug, PlanFile, ReferenceFormat, ReferenceFormatOpt, StandardsFile
from .outputs import Format, destination, offered_formats

if TYPE_CHECKING:  # rich is imported only when a report is printed to the terminal
    from rich.console import Console


TARGETS_EXAMPLE = """xhht targets
xhht targets --plan ke-hoach.yaml -f json"""
STANDARDS_EXAMPLE = """xhht standards
xhht standards -f json > tieu-chuan.json"""
OFFERED = offered_formats(ReferenceFormat)


def targets(plan: PlanFile = None, fmt: ReferenceFormatOpt = ReferenceFormat.terminal, debug: Debug = False) -> None:
    """In các mục tiêu của kế hoạch: khoản, năm, nội dung, yêu cầu, mục tiêu duy trì."""

    def produce(progress: Any) -> Any:
        from ..law.plan import load_plan
        from ..law.standards import load_standards

        return load_plan(plan), load_standards(None)

    def terminal(loaded: Any, console: Console) -> None:
        from ..render.reference import targets_table

        console.print(targets_table(loaded[0], loaded[1]))

    renderers = Renderers(terminal, {Format.json: lambda loaded: loaded[0].model_dump_json(indent=2) + "\n"})
    _run(fmt, [plan], produce, renderers, debug)


def standards(standards: StandardsFile = None, fmt: ReferenceFormatOpt = ReferenceFormat.terminal,
              debug: Debug = False) -> None:
    """In các tiêu chí chuẩn PCGD–XMC: ngưỡng, biến thể xã đặc biệt khó khăn, điều khoản văn bản, tỷ lệ xã cần đạt."""

    def produce(progress: Any) -> Any:
        from ..law.standards import load_standards

        return load_standards(standards)

    def terminal(rules: Any, console: Console) -> None:
        from ..render.reference import standards_table

        console.print(standards_table(rules))

    renderers = Renderers(terminal, {Format.json: lambda rules: rules.model_dump_json(indent=2) + "\n"})
    _run(fmt, [standards], produce, renderers, debug)


def _run(fmt: ReferenceFormat, files: list[Any], produce: Any, renderers: Renderers[Any], debug: bool) -> None:
    dest = destination(Format(fmt.value), None, OFFERED)
    job = Job(dest, [f for f in files if f is not None], (), debug=debug, summary=False)
    execute(job, produce, renderers, lambda _: [])
