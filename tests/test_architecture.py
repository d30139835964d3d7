"""The shape of the package (README.en, "How the code is organised"): folders named after the stages of the
flow, each importing only from its own tier or the tiers below it, and no import circle anywhere.

Every import counts — at the top of a module or inside a function; only imports under `if TYPE_CHECKING:`
(annotations, never executed) are exempt."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "xhht_cli"
PKG = "xhht_cli"

# Tiers from the top down: the shells (the command line, then the local page it starts), the answer, the judging, the loading core, the input kinds, per-person
# facts, the count types, the rules as data, opening files, and what everything reads. A name is a folder or a
# top-level module; a module may import from its own tier (its own folder, or another folder of the tier where
# SIDEWAYS allows it) and from any tier below.
TIERS: list[set[str]] = [
    {"__init__", "__main__"},
    {"cli"},
    {"server"},  # `xhht serve`'s page: started by cli/serve.py, it calls the library and the renderers
    {"render"},
    {"trend", "answer"},
    {"pipeline"},
    {"judge", "forms"},
    {"cache"},
    {"read"},
    {"sources"},
    {"persons"},
    {"counts"},
    {"law"},
    {"io"},
    {"report"},
    {"model_json"},  # the report's rows written as JSON (orjson where it writes pydantic's bytes)
    {"messages"},
    {"codes", "_version"},
]
# imports between two different names of one tier that the flow needs
SIDEWAYS: set[tuple[str, str]] = set()


def _modules() -> dict[str, Path]:
    out = {}
    for p in PACKAGE.rglob("*.py"):
        parts = list(p.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


MODULES = _modules()


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return skip


def imports_of(name: str) -> set[str]:
    """The package's modules that `name` imports anywhere in its body (TYPE_CHECKING blocks aside)."""
    path = MODULES[name]
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_nodes(tree)
    here = [] if name == "__init__" else name.split(".")
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here if is_package else here[:-1]
                base = base[:len(base) - node.level + 1]
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif (node.module or "").split(".")[0] == PKG:
                target = node.module.split(".")[1:]
            else:
                continue
            for alias in node.names:
                sub = ".".join([*target, alias.name])
                out.add(sub if sub in MODULES else ".".join(target) or "__init__")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PKG:
                    out.add(".".join(alias.name.split(".")[1:]) or "__init__")
        elif (isinstance(node, ast.Call) and ast.unparse(node.func) in ("import_module", "importlib.import_module")
              and name != "__init__"):  # the face's lazy exports are the one import by name
            raise AssertionError(f"{name} imports a module by name: register it statically")
    return {m for m in out if m in MODULES and m != name}


def _top(name: str) -> str:
    return name.split(".")[0]


def _tier(name: str) -> int:
    for i, tier in enumerate(TIERS):
        if _top(name) in tier:
            return i
    raise AssertionError(f"{name} is in no tier: place its folder in TIERS")


def test_every_folder_and_top_level_module_has_a_tier() -> None:
    for name in MODULES:
        _tier(name)


def test_no_module_imports_from_a_tier_above_its_own() -> None:
    bad = []
    for name in sorted(MODULES):
        if name == "__init__":
            continue  # the package's face resolves its exports lazily, from every tier
        for target in sorted(imports_of(name)):
            mine, theirs = _tier(name), _tier(target)
            if theirs < mine or (theirs == mine and _top(name) != _top(target)
                                 and (_top(name), _top(target)) not in SIDEWAYS):
                bad.append(f"{name} → {target}")
    assert not bad, "imports against the flow:\n" + "\n".join(bad)


def test_no_import_circle_anywhere() -> None:
    graph = {name: imports_of(name) for name in MODULES}
    state: dict[str, int] = {}
    circles: list[str] = []

    def visit(m: str, trail: list[str]) -> None:
        if state.get(m) == 1:
            circles.append(" → ".join(trail[trail.index(m):] + [m]))
            return
        if state.get(m) == 2:
            return
        state[m] = 1
        for n in sorted(graph[m]):
            visit(n, trail + [m])
        state[m] = 2

    for m in sorted(graph):
        visit(m, [])
    assert not circles, "import circles:\n" + "\n".join(circles)


def test_the_top_level_holds_only_the_face_and_the_shared_contracts() -> None:
    top = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert top == ["__init__", "__main__", "_version", "codes", "messages", "model_json", "pipeline", "report"]


def test_the_checker_sees_imports_inside_functions(tmp_path: Path) -> None:
    """The guard itself can fail: a module importing upward inside a function is found."""
    source = "def f():\n    from ..render import fmt\n    return fmt\n"
    tree = ast.parse(source)
    found = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert found and found[0].level == 2 and not _type_checking_nodes(tree)
