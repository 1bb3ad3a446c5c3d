"""The tree shows the architecture: the rules of docs/architecture.md, checked on the code.

The import graph is read with ``ast`` from src/coopgraph (imports under ``TYPE_CHECKING`` are
left out: they cost nothing at run time). Each module belongs to a unit: a foundation module at
the top, or a capability package. Units sit on floors; an import may only run downward, or
stay inside its unit. Packages on one floor do not import each other.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "coopgraph"
TESTS = ROOT / "tests"

# The floors of docs/architecture.md, bottom up. A unit may import units of lower floors only.
FLOORS: tuple[frozenset[str], ...] = (
    frozenset(
        {
            "__init__",
            "errors",
            "settings",
            "iris",
            "languages",
            "formats",
            "sparql_text",
            "templating",
        }
    ),
    frozenset({"access", "store"}),
    frozenset({"workers", "reasoning"}),
    frozenset({"content"}),
    frozenset({"validation", "questions", "linked_data", "finding"}),
    frozenset({"submissions"}),
    frozenset({"web"}),
    frozenset({"cli"}),
)
FOUNDATION = FLOORS[0]

# Each outside engine lives inside one package (STYLE 8): the modules allowed to import it.
ENGINES = {
    "pyoxigraph": (
        "store.embedded",
        "store.querying",
        "store.rdf_io",
        "store.merged_graphs",
        "store.scratch",
    ),
    "SPARQLWrapper": ("store.remote",),
    "pyshacl": ("validation.",),
    "owlrl": ("reasoning.",),
    "reasonable": ("reasoning.engine",),
    "graphviz": ("questions.",),
    "networkx": ("questions.",),
    "rapidfuzz": ("finding.", "validation."),
    "fastapi": ("web.",),
    "starlette": ("web.",),
    "typer": ("cli.",),
}
ENGINE_CLASSES = ("EmbeddedStore", "QueryPool")
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60
# tests/content/ also tests the content itself (ontology/, shapes/, data/, queries/), which
# content/ loads: these files are named after what they check, not after a module.
CONTENT_TESTS = frozenset(
    {"ontology", "seed_data", "geography", "competency_questions", "broken_submissions"}
    | {"referential", "coopter", "stakes", "stakes_query", "indicator_peers"}
)
# Modules allowed past 300 lines (never past 350), with the reason.
LONGER_MODULES: dict[str, str] = {
    "sparql_text": "the lexer's checks and the parser's check of SERVICE and LOAD judge the same"
    " text for the public endpoint; apart, each would need the other's readings",
}


@dataclass(frozen=True)
class Import:
    """One ``from coopgraph... import`` or ``import coopgraph...`` in a module."""

    importer: str
    module: str
    names: tuple[str, ...]
    line: int


def _module_name(path: Path, base: Path) -> str:
    parts = list(path.relative_to(base).with_suffix("").parts)
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of coopgraph by dotted name under the package (``store.base``)."""
    return {_module_name(p, SOURCE): p for p in sorted(SOURCE.rglob("*.py"))}


def _unit(module: str) -> str:
    return module.split(".")[0]


def _floor(unit: str) -> int:
    return next(i for i, floor in enumerate(FLOORS) if unit in floor)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node but those under ``if TYPE_CHECKING:``."""
    for child in ast.iter_child_nodes(tree):
        if isinstance(child, ast.If) and _is_type_checking(child):
            yield from (n for orelse in child.orelse for n in (orelse, *_walk(orelse)))
            continue
        yield child
        yield from _walk(child)


def _resolve(module: str, names: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    """Split ``from coopgraph.x import a, b`` into imports of submodules and of names."""
    inner = module.removeprefix("coopgraph").lstrip(".") or "__init__"
    known = modules()
    face = inner if inner in known else f"{inner}.__init__"
    exported = _all_of(inner) if face != inner and face != "__init__" else frozenset()
    found: list[tuple[str, tuple[str, ...]]] = []
    rest: list[str] = []
    for name in names:
        child = name if inner == "__init__" else f"{inner}.{name}"
        if name in exported or not (child in known or f"{child}.__init__" in known):
            rest.append(name)
        else:
            found.append((child if child in known else f"{child}.__init__", ()))
    if rest or not names:
        found.append((face, tuple(rest)))
    return found


def _imports_in(path: Path, importer: str) -> Iterator[Import | tuple[str, str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in _walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = tuple(alias.name for alias in node.names)
            if node.module.split(".")[0] == "coopgraph":
                for module, imported in _resolve(node.module, names):
                    yield Import(importer, module, imported, node.lineno)
            else:
                yield (importer, node.module.split(".")[0], node.lineno)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                if top == "coopgraph":
                    for module, _ in _resolve(alias.name, ()):
                        yield Import(importer, module, (), node.lineno)
                else:
                    yield (importer, top, node.lineno)


@cache
def internal_imports() -> tuple[Import, ...]:
    found = []
    for name, path in modules().items():
        found += [i for i in _imports_in(path, name) if isinstance(i, Import)]
    return tuple(found)


@cache
def outside_imports() -> tuple[tuple[str, str, int], ...]:
    found = []
    for name, path in modules().items():
        found += [i for i in _imports_in(path, name) if not isinstance(i, Import)]
    return tuple(found)


def graph() -> nx.DiGraph[str]:
    """The module import graph, faces included, TYPE_CHECKING imports left out."""
    edges: nx.DiGraph[str] = nx.DiGraph()
    edges.add_nodes_from(modules())
    edges.add_edges_from(
        (i.importer, i.module) for i in internal_imports() if i.importer != i.module
    )
    return edges


def _packages() -> list[str]:
    return sorted({m.split(".")[0] for m in modules() if "." in m})


def test_the_foundation_is_at_most_eight_modules() -> None:
    top = sorted(p.name for p in SOURCE.glob("*.py"))
    assert len(top) <= 8, f"{len(top)} modules directly in src/coopgraph: {top}"
    assert {p.removesuffix(".py") for p in top} <= FOUNDATION


def test_there_are_at_least_eight_capability_packages() -> None:
    assert len(_packages()) >= 8, _packages()
    every_unit = frozenset().union(*FLOORS)
    assert set(_packages()) <= every_unit, "a package with no floor in FLOORS"


@pytest.mark.parametrize("package", _packages())
def test_each_face_declares_all(package: str) -> None:
    tree = ast.parse((SOURCE / package / "__init__.py").read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{package}/__init__.py says nothing of what it holds"
    declared = [
        node
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(getattr(t, "id", "") == "__all__" for t in node.targets)
    ]
    assert declared, f"{package}/__init__.py declares no __all__"
    names = ast.literal_eval(declared[0].value)
    bound = {
        alias.asname or alias.name
        for n in tree.body
        if isinstance(n, ast.ImportFrom)
        for alias in n.names
    }
    assert set(names) <= bound, f"{package}.__all__ names {sorted(set(names) - bound)} unbound"


def test_there_is_no_import_cycle() -> None:
    cycles = list(nx.simple_cycles(graph()))
    assert not cycles, "import cycles: " + "; ".join(" -> ".join([*c, c[0]]) for c in cycles)


def test_imports_run_down_the_floors() -> None:
    wrong = []
    for i in internal_imports():
        source, target = _unit(i.importer), _unit(i.module)
        if source == target or (source in FOUNDATION and target in FOUNDATION):
            continue
        if _floor(target) >= _floor(source):
            wrong.append(f"{i.importer}:{i.line} imports {i.module} ({source} -> {target})")
    assert not wrong, "\n".join(wrong)


def test_callers_import_from_the_package_face() -> None:
    faces = {p: _all_of(p) for p in _packages()}
    wrong = []
    for i in internal_imports():
        source, target = _unit(i.importer), _unit(i.module)
        if source == target or target in FOUNDATION:
            continue
        if i.module != f"{target}.__init__":
            wrong.append(f"{i.importer}:{i.line} reaches into {i.module}")
        elif not set(i.names) <= faces[target]:
            wrong.append(f"{i.importer}:{i.line} imports {sorted(set(i.names) - faces[target])} "
                         f"not in {target}.__all__")  # fmt: skip
    assert not wrong, "\n".join(wrong)


def test_a_package_imports_its_siblings_not_its_own_face() -> None:
    wrong = [
        f"{i.importer}:{i.line}"
        for i in internal_imports()
        if i.module == f"{_unit(i.importer)}.__init__" and "." in i.importer
        and not i.importer.endswith("__init__")
    ]  # fmt: skip
    assert not wrong, "modules importing their own package's face: " + ", ".join(wrong)


@cache
def _all_of(package: str) -> frozenset[str]:
    path = SOURCE / package.replace(".", "/") / "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", "") == "__all__" for t in node.targets
        ):
            return frozenset(ast.literal_eval(node.value))
    return frozenset()


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_each_engine_is_imported_in_one_package(engine: str) -> None:
    allowed = ENGINES[engine]
    wrong = [
        f"{importer}:{line}"
        for importer, top, line in outside_imports()
        if top == engine and not importer.startswith(allowed)
    ]
    assert not wrong, f"{engine} imported outside {allowed}: {wrong}"


def test_domain_code_names_no_engine_class() -> None:
    wrong = []
    for name, path in modules().items():
        if _unit(name) in {"store", "workers"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            wrong += [f"{name}:{number} {c}" for c in ENGINE_CLASSES if c in line]
    assert not wrong, "engine classes named outside store/ and workers/: " + ", ".join(wrong)


def test_no_module_is_too_long() -> None:
    lengths = {n: len(p.read_text(encoding="utf-8").splitlines()) for n, p in modules().items()}
    wrong = [
        f"{name}: {count} lines"
        for name, count in sorted(lengths.items())
        if count > (350 if name in LONGER_MODULES else MAX_MODULE_LINES)
    ]
    assert not wrong, "\n".join(wrong)


def test_no_function_is_too_long() -> None:
    wrong = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    wrong.append(f"{name}.{node.name}: {length} lines")
    assert not wrong, "\n".join(wrong)


def _tested_modules() -> set[str]:
    found: set[str] = set()
    for path in TESTS.rglob("*.py"):
        for item in _imports_in(path, _module_name(path, TESTS)):
            if isinstance(item, Import):
                found.add(item.module)
    return found


def test_every_module_is_imported_by_a_test() -> None:
    tested = _tested_modules()
    untested = sorted(
        m for m in modules() if m not in tested and not m.endswith("__init__") and m != "__init__"
    )
    assert not untested, f"no test imports: {untested}"


@pytest.mark.parametrize("package", _packages())
def test_tests_mirror_the_package(package: str) -> None:
    folder = TESTS / package
    assert (folder / "__init__.py").is_file(), f"tests/{package}/ is missing"
    own = {m.rsplit(".", 1)[1] for m in modules() if m.startswith(f"{package}.")}
    own |= CONTENT_TESTS if package == "content" else frozenset()
    stray = [p.name for p in folder.glob("test_*.py") if p.stem.removeprefix("test_") not in own]
    assert not stray, f"tests/{package}/ files named after no module of {package}/: {stray}"


def test_the_layer_table_is_the_one_documented() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for floor in FLOORS:
        for unit in floor - {"__init__"}:
            assert f"`{unit}`" in text or f"`{unit}/`" in text, f"{unit} not in the layer table"
