"""The package's tree shows the data's path, and stays that way.

    sources -> detect -> resolve -> judge -> store -> publish

Each stage is a package; a module imports only the stages before its own and the shared ground
(`models`, `text`, `http`, `platforms`). `pipeline` and `cli` call every stage. No two modules
import each other, however far round, and no module grows past about 400 lines.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import verifier

PACKAGE = Path(verifier.__file__).parent
# The shared ground first, then the stages in the order the data goes through them. `api` is
# the library that scripts call (it calls the pipeline and reads the store); the face
# (`verifier` itself, no module under it) re-exports the library, so it comes last of all:
# nothing inside imports it back.
FACE = "verifier"
FACE_RANK = 10
RANKS = {
    "verifier.models": 0,
    "verifier.text": 0,
    "verifier.http": 0,
    "verifier.platforms": 0,
    "verifier.sources": 1,
    "verifier.detect": 2,
    "verifier.resolve": 3,
    "verifier.judge": 4,
    "verifier.store": 5,
    "verifier.publish": 6,
    "verifier.pipeline": 7,
    "verifier.api": 8,
    "verifier.cli": 9,
}
STAGES = ("sources", "detect", "resolve", "judge", "store", "publish", "pipeline", "api", "cli")
MAX_LINES = 400


def module_names() -> list[str]:
    names = ["verifier"]
    names += [info.name for info in pkgutil.walk_packages([str(PACKAGE)], "verifier.")]
    return sorted(names)


def source_of(name: str) -> Path:
    path = PACKAGE.parent / Path(*name.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def imports_of(name: str, known: set[str]) -> set[str]:
    """The package's modules `name` imports, anywhere in it (lazy imports and TYPE_CHECKING
    ones count: a circle that only closes at run time is still a circle). `from a import b`
    is an import of `a.b` when that is a module, else of `a`."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source_of(name).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                if submodule in known:
                    found.add(submodule)
                elif node.module in known:
                    found.add(node.module)
    found.discard(name)
    return found


def rank(name: str) -> int:
    if name == FACE:
        return FACE_RANK
    parts = name.split(".")
    # Down to `verifier.X`: a module under no listed package belongs to no stage.
    for length in range(len(parts), 1, -1):
        prefix = ".".join(parts[:length])
        if prefix in RANKS:
            return RANKS[prefix]
    raise AssertionError(f"{name} belongs to no stage: add it to RANKS or move it")


MODULES = module_names()
GRAPH = {name: imports_of(name, set(MODULES)) for name in MODULES}


@pytest.mark.parametrize("name", MODULES)
def test_every_module_imports_on_its_own(name: str) -> None:
    importlib.import_module(name)


def test_each_stage_is_a_package_that_says_what_it_takes_and_gives() -> None:
    for stage in STAGES:
        package = importlib.import_module(f"verifier.{stage}")
        assert package.__file__ and package.__file__.endswith("__init__.py"), stage
        assert package.__doc__ and len(package.__doc__.split()) >= 12, f"{stage} has no docstring"


def test_no_module_lies_loose_at_the_top_but_the_seams() -> None:
    loose = {path.stem for path in PACKAGE.glob("*.py")}
    assert loose == {"__init__", "models"}


def test_no_stage_imports_a_later_one() -> None:
    backwards = [
        f"{name} -> {imported}"
        for name, imported_names in GRAPH.items()
        for imported in imported_names
        if rank(imported) > rank(name)
    ]
    assert backwards == []


def test_no_two_modules_import_each_other() -> None:
    # Depth-first search for a back edge; the first circle found is named in full.
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name], _ = 1, path.append(name)
        for imported in sorted(GRAPH[name]):
            if state.get(imported) == 1:
                return path[path.index(imported) :] + [imported]
            if imported not in state and (circle := visit(imported)):
                return circle
        state[name], _ = 2, path.pop()
        return None

    for name in MODULES:
        if name not in state and (circle := visit(name)):
            pytest.fail("import circle: " + " -> ".join(circle))


def test_no_module_is_over_400_lines() -> None:
    long = {
        name: n
        for name in MODULES
        if (n := len(source_of(name).read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_checks_see_a_circle_and_a_backward_import() -> None:
    # The graph itself must be read right, or the tests above pass on nothing.
    assert "verifier.models" in GRAPH["verifier.judge.compare"]
    assert "verifier.resolve.wayback" in GRAPH["verifier.resolve.fetch"]  # `from pkg import mod`
    assert rank("verifier.store.rows") > rank("verifier.judge.verdict")
    assert rank("verifier") > rank("verifier.api.run") > rank("verifier.pipeline.verify")
    with pytest.raises(AssertionError, match="belongs to no stage"):
        rank("verifier.loose")
