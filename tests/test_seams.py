"""The seams between the apps, read from the source with ``ast``.

Every module under ``src/quicklooks`` (migrations aside) is parsed and each
import it makes is collected, including imports inside functions: an import
hidden in a function still ties the two modules together, it only fails later.
The checks:

* no import cycle among quicklooks modules;
* no app imports another app's ``_private`` name (or reads one off a module
  it imported);
* no ``except ImportError`` / ``ModuleNotFoundError`` around an import of our
  own code, and no "is this app installed" check on one of our apps: every app
  is always installed, so such a guard only hides a real import bug;
* ``stories`` stays upstream: it imports nothing from facts, topics, comments,
  desk or caching (those plug into the registries ``stories`` offers).

Imports under ``if TYPE_CHECKING:`` never run and are left out.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "quicklooks"
ROOT = SRC / PACKAGE
DOWNSTREAM_OF_STORIES = ("facts", "topics", "comments", "desk", "caching")
IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError"}


@dataclass(frozen=True)
class Import:
    importer: str
    target: str  # the module imported (resolved to a module when possible)
    names: tuple[str, ...]  # names taken with ``from X import a, b``
    line: int

    def where(self) -> str:
        return f"{self.importer}:{self.line}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        found[module_name(path)] = path
    return found


def is_package(name: str) -> bool:
    return modules()[name].name == "__init__.py"


def app_of(name: str) -> str:
    """``quicklooks.stories.feeds`` -> ``stories``; top-level modules are their own app."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def ours(name: str) -> bool:
    return name == PACKAGE or name.startswith(PACKAGE + ".")


def resolve_from(importer: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    if not is_package(importer):
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def existing_module(name: str) -> str | None:
    """The longest prefix of ``name`` that is one of our modules."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules():
            return candidate
        parts.pop()
    return None


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def runtime_nodes(tree: ast.AST):
    """Every node that can run: ``if TYPE_CHECKING:`` bodies are skipped."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.If) and is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def imports_in(importer: str, tree: ast.AST) -> list[Import]:
    found = []
    for node in runtime_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if ours(alias.name):
                    target = existing_module(alias.name)
                    if target:
                        found.append(Import(importer, target, (), node.lineno))
        elif isinstance(node, ast.ImportFrom):
            base = resolve_from(importer, node)
            if not ours(base):
                continue
            names = tuple(alias.name for alias in node.names)
            for name in names:
                submodule = f"{base}.{name}"
                if submodule in modules():
                    found.append(Import(importer, submodule, (), node.lineno))
                else:
                    target = existing_module(base)
                    if target:
                        found.append(Import(importer, target, (name,), node.lineno))
        elif isinstance(node, ast.Call) and dynamic_import(node):
            target = existing_module(dynamic_import(node))
            if target:
                found.append(Import(importer, target, (), node.lineno))
    return found


def dynamic_import(node: ast.Call) -> str | None:
    """``import_module("quicklooks.x")`` names a module as surely as ``import`` does."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name != "import_module" or not node.args:
        return None
    arg = node.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and ours(arg.value):
        return arg.value
    return None


@cache
def trees() -> dict[str, ast.AST]:
    return {
        name: ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name, path in modules().items()
    }


@cache
def all_imports() -> list[Import]:
    return [imp for name, tree in trees().items() for imp in imports_in(name, tree)]


# -- (a) cycles ---------------------------------------------------------------


def import_cycles() -> list[list[str]]:
    graph: dict[str, set[str]] = {name: set() for name in modules()}
    for imp in all_imports():
        if imp.target != imp.importer:
            graph[imp.importer].add(imp.target)
    return strongly_connected(graph)


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of two or more modules (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = [0]

    def visit(start: str) -> None:
        # Iterative, so a long chain of imports cannot hit the recursion limit.
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return sorted(groups)


def cycle_violations() -> list[str]:
    return [" <-> ".join(group) for group in import_cycles()]


# -- (b) private names across apps --------------------------------------------


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_violations() -> list[str]:
    found = []
    for imp in all_imports():
        if app_of(imp.importer) == app_of(imp.target):
            continue
        parts = imp.target.split(".")[2:]
        private = [p for p in parts if is_private(p)] + [n for n in imp.names if is_private(n)]
        for name in private:
            found.append(f"{imp.where()} imports {imp.target} {name}")
    # ``from quicklooks.stories import importing`` then ``importing._named(...)``.
    for importer, tree in trees().items():
        aliases: dict[str, str] = {}
        for node in runtime_nodes(tree):
            if isinstance(node, ast.ImportFrom):
                base = resolve_from(importer, node)
                for alias in node.names:
                    if f"{base}.{alias.name}" in modules():
                        aliases[alias.asname or alias.name] = f"{base}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname and alias.name in modules():
                        aliases[alias.asname] = alias.name
        for node in runtime_nodes(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and is_private(node.attr)
            ):
                target = aliases[node.value.id]
                if app_of(target) != app_of(importer):
                    found.append(f"{importer}:{node.lineno} reads {target}.{node.attr}")
    return sorted(set(found))


# -- (c) guards around our own code -------------------------------------------


def catches_import_error(handler: ast.ExceptHandler) -> bool:
    kinds = handler.type
    if kinds is None:
        return False
    names = kinds.elts if isinstance(kinds, ast.Tuple) else [kinds]
    return any(
        (isinstance(n, ast.Name) and n.id in IMPORT_ERRORS)
        or (isinstance(n, ast.Attribute) and n.attr in IMPORT_ERRORS)
        for n in names
    )


def guard_violations() -> list[str]:
    found = []
    for importer, tree in trees().items():
        for node in runtime_nodes(tree):
            if isinstance(node, ast.Try) and any(catches_import_error(h) for h in node.handlers):
                body = ast.Module(body=node.body, type_ignores=[])
                for imp in imports_in(importer, body):
                    found.append(f"{importer}:{node.lineno} guards the import of {imp.target}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "is_installed"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and ours(node.args[0].value)
            ):
                found.append(f"{importer}:{node.lineno} asks whether {node.args[0].value} is installed")
    return sorted(set(found))


# -- (d) stories upstream -----------------------------------------------------


def upstream_violations() -> list[str]:
    return sorted(
        {
            f"{imp.where()} imports {imp.target}"
            for imp in all_imports()
            if app_of(imp.importer) == "stories" and app_of(imp.target) in DOWNSTREAM_OF_STORIES
        }
    )


# -- the tests ----------------------------------------------------------------


def report(violations: list[str]) -> str:
    return "\n  " + "\n  ".join(violations) if violations else " none"


def test_the_walk_sees_the_apps_and_imports_inside_functions():
    """The checks below mean something only if the walk finds what is there."""
    assert "quicklooks.stories.models" in modules()
    assert not any(".migrations." in name for name in modules())
    function_level = [
        imp
        for name, tree in trees().items()
        for fn in ast.walk(tree)
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
        for imp in imports_in(name, fn)
    ]
    assert function_level, "no import inside a function was found: the walk is broken"


def test_the_checks_catch_what_they_look_for():
    """Each check, fed a small made-up module, reports it (so none can pass vacuously)."""
    source = (
        "from quicklooks.stories.importing import _named\n"
        "def f():\n"
        "    try:\n"
        "        from quicklooks.facts import models\n"
        "    except ImportError:\n"
        "        pass\n"
    )
    tree = ast.parse(source)
    found = imports_in("quicklooks.desk.views", tree)
    assert any(imp.names == ("_named",) for imp in found)
    assert any(imp.target == "quicklooks.facts.models" for imp in found)
    handler = next(n for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler))
    assert catches_import_error(handler)
    # A cycle through three modules is found, a chain is not.
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert strongly_connected(graph) == [["a", "b", "c"]]
    assert strongly_connected({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    cycles = cycle_violations()
    assert not cycles, f"import cycles among quicklooks modules:{report(cycles)}"


def test_no_app_imports_another_apps_private_names():
    found = private_violations()
    assert not found, f"another app's _private name is used; make it public and documented:{report(found)}"


def test_no_guards_around_our_own_code():
    found = guard_violations()
    assert not found, f"every app is always installed; import it plainly:{report(found)}"


def test_stories_imports_nothing_downstream():
    found = upstream_violations()
    assert not found, f"stories must not import {', '.join(DOWNSTREAM_OF_STORIES)}; use a registry:{report(found)}"
