"""No import cycles inside newsgraph.

The graph is built statically from the source (``ast``), so it covers every
module, including those a test run never imports.  An edge A -> B means code
in A imports B:

* top-level imports and imports inside functions both count: a function-level
  import only postpones a cycle to the first call, and a cycle is a design
  knot (two modules that each need the other) wherever the import sits;
* ``importlib.import_module("newsgraph....")`` with a literal name counts too;
* imports under ``if TYPE_CHECKING:`` do not: they never run, and they are how
  an annotation names a type without making a dependency;
* importing ``a.b.c`` also runs the top level of the packages ``a.b`` above it
  (not their functions), unless the importer itself lives inside that package
  (then the package already ran).  A package's ``__init__`` is therefore two
  nodes: its top level (what any import of a submodule runs) and the whole
  module (what ``import a.b`` and its lazily loaded attributes give).  So
  ``from a.b import name`` of a name the top level binds depends on the top
  level only; of any other name (one ``__getattr__`` loads), on the whole.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
ROOT = "newsgraph"
TOP = "#top"  # suffix of the node for a package's top level only


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted((SRC / ROOT).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.Module, top_only: bool) -> Iterator[ast.AST]:
    """Import statements and ``importlib.import_module`` calls, in the order
    of the source, skipping ``if TYPE_CHECKING:`` blocks (and function bodies
    when ``top_only``)."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if top_only and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)) or (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _bound_at_top(tree: ast.Module) -> set[str]:
    """Names a module's top level binds (definitions, assignments, imports)."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _targets(
    node: ast.AST, module: str, is_package: bool, known: set[str], top_names: dict[str, set[str]]
) -> Iterator[str]:
    """The newsgraph modules (or package top levels) an import names."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif isinstance(node, ast.Call):
        assert isinstance(node.args[0], ast.Constant)
        names = [str(node.args[0].value)]
    else:
        assert isinstance(node, ast.ImportFrom)
        base = node.module or ""
        if node.level:
            package = module if is_package else module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{base}" if base else package
        names = []
        for alias in node.names:
            if f"{base}.{alias.name}" in known:  # `from a import b` of the submodule a.b
                names.append(f"{base}.{alias.name}")
            elif alias.name in top_names.get(base, ()):
                names.append(base + TOP)
            else:
                names.append(base)
    for name in names:
        if name == ROOT or name.startswith(ROOT + "."):
            yield name


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    packages = {name for name, path in modules.items() if path.name == "__init__.py"}
    trees = {name: ast.parse(path.read_text("utf-8"), filename=str(path)) for name, path in modules.items()}
    top_names = {name: _bound_at_top(trees[name]) for name in packages}
    graph: dict[str, set[str]] = {}
    for name, tree in trees.items():
        views = [(name, False)] + ([(name + TOP, True)] if name in packages else [])
        for node_name, top_only in views:
            edges = graph.setdefault(node_name, set())
            for node in _imports(tree, top_only):
                for target in _targets(node, name, name in packages, known, top_names):
                    if target.removesuffix(TOP) not in known:
                        continue
                    edges.add(target)
                    parts = target.removesuffix(TOP).split(".")
                    for k in range(1, len(parts)):
                        ancestor = ".".join(parts[:k])
                        if not (name == ancestor or name.startswith(ancestor + ".")):
                            edges.add(ancestor + TOP)
    for name in packages:  # `import a.b` runs a.b's top level first
        graph[name].add(name + TOP)
    for edges in graph.values():
        edges.discard("")
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node, or a self-loop (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:
        nonlocal counter
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph.get(node, ()):
                    found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _path(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """One cycle through the component's first node, for the failure message."""
    members = set(component)
    start = component[0]
    trail = [start]
    seen = {start}
    while True:
        nxt = sorted(m for m in graph[trail[-1]] if m in members)
        if start in nxt:
            return [*trail, start]
        step = next((m for m in nxt if m not in seen), None)
        if step is None:
            return [*trail, "..."]
        trail.append(step)
        seen.add(step)


def test_the_graph_sees_the_imports_it_should():
    """The check is only as good as its graph: known edges must be in it."""
    graph = _graph()
    assert "newsgraph.pipeline" in graph["newsgraph.cli.commands"]  # function-level import
    assert "newsgraph.nlp.doctext" in graph["newsgraph.extract.quotes"]
    assert "newsgraph.nlp" + TOP in graph["newsgraph.extract.quotes"]  # the package above runs
    assert "newsgraph.nlp.language" in graph["newsgraph.nlp"]  # importlib.import_module
    assert "newsgraph.nlp.language" not in graph["newsgraph.nlp" + TOP]  # only under TYPE_CHECKING


def test_a_cycle_is_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert _cycles(graph) == [["a", "b", "c"], ["e"]]
    assert _path(graph, ["a", "b", "c"]) == ["a", "b", "c", "a"]


def test_no_import_cycles():
    graph = _graph()
    cycles = _cycles(graph)
    if cycles:
        lines = [" -> ".join(_path(graph, c)) + f"  ({len(c)} modules)" for c in cycles]
        pytest.fail("import cycles in newsgraph:\n" + "\n".join(lines))


def _reachable(graph: dict[str, set[str]], starts: list[str]) -> set[str]:
    seen: set[str] = set()
    stack = list(starts)
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(graph.get(node, ()))
    return seen


def _imports_spacy(path: Path) -> bool:
    tree = ast.parse(path.read_text("utf-8"))
    for node in _imports(tree, top_only=False):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "spacy" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] == "spacy":
            return True
    return False


def test_corpus_resolution_never_reaches_the_parser():
    """resolve/ works over stored records: nothing it imports, however
    indirectly, parses text (spaCy, the extraction map, claims and stances
    read from text).  Embedding a stored proposition (``claims.encoder``)
    reads no document and is allowed."""
    graph = _graph()
    modules = _modules()
    reached = _reachable(graph, [n for n in graph if n.startswith("newsgraph.resolve")])
    parsing = {
        n
        for n in reached
        if _imports_spacy(modules[n.removesuffix(TOP)])
        or n.removesuffix(TOP).startswith("newsgraph.nlp")
        or n in ("newsgraph.extraction", "newsgraph.pipeline", "newsgraph.claims.mentions", "newsgraph.claims.stance")
    }
    assert not parsing, f"corpus resolution imports text parsing: {sorted(parsing)}"
    assert _imports_spacy(modules["newsgraph.nlp.language"])  # the check itself sees spaCy
