"""What newsgraph raises on purpose is a ``NewsgraphError``; no module hides a missing one of its own.

Read from the source (``ast``), so every module is covered, run or not:

* a ``raise`` of a built-in exception class is a defect: users catch
  ``NewsgraphError`` (errors.py documents the tree), and the CLI turns it
  into one sentence and an exit status.  The exceptions are listed below,
  each with its reason;
* an ``except ImportError`` that carries on without one of newsgraph's own
  modules is a fallback for code that is always there: dead, and it hides a
  broken import.  A module that needs an optional extra (``web``,
  ``distributed``) may be guarded when the handler raises ``MissingExtra``.
"""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsgraph"
BUILTIN_ERRORS = {
    name for name, value in vars(builtins).items() if isinstance(value, type) and issubclass(value, BaseException)
}
# (module, exception): why it is not a NewsgraphError
ALLOWED = {
    ("__init__.py", "AttributeError"): "module __getattr__: Python's protocol for a missing attribute",
    ("nlp/__init__.py", "AttributeError"): "module __getattr__: Python's protocol for a missing attribute",
    ("cli/commands.py", "SystemExit"): "the CLI's exit status, after the one-sentence message",
    ("export/report.py", "ValueError"): "a packaged asset that cannot be inlined: newsgraph's own build defect",
}


def _modules() -> list[tuple[str, ast.Module]]:
    return [
        (str(path.relative_to(PACKAGE)), ast.parse(path.read_text("utf-8"), filename=str(path)))
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


def _raised_builtins(tree: ast.Module) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(exc, ast.Name) and exc.id in BUILTIN_ERRORS:
                found.add(exc.id)
    return found


def _own_import_fallbacks(tree: ast.Module) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Try):
            continue
        catches = {
            n.id
            for handler in node.handlers
            for n in ast.walk(handler.type)
            if handler.type is not None and isinstance(n, ast.Name)
        }
        if not catches & {"ImportError", "ModuleNotFoundError"}:
            continue
        if any(isinstance(n, ast.Raise) for handler in node.handlers for n in ast.walk(handler)):
            continue  # not a fallback: the missing piece is reported (a MissingExtra naming the extra)
        for stmt in node.body:
            for n in ast.walk(stmt):
                module = n.module if isinstance(n, ast.ImportFrom) else None
                names = [a.name for a in n.names] if isinstance(n, ast.Import) else [module or ""]
                if isinstance(n, (ast.Import, ast.ImportFrom)) and any(m.split(".")[0] == "newsgraph" for m in names):
                    lines.append(n.lineno)
    return lines


def test_the_checks_see_what_they_look_for():
    tree = ast.parse(
        "try:\n    from newsgraph.x import y\nexcept ImportError:\n    y = None\n"
        "try:\n    import fastapi\nexcept ImportError:\n    pass\n"
        "try:\n    from newsgraph.api.app import a\n"
        "except ImportError as e:\n    raise MissingExtra('x', 'web') from e\n"
        "def f():\n    raise ValueError('no')\n"
    )
    assert _own_import_fallbacks(tree) == [2]
    assert _raised_builtins(tree) == {"ValueError"}


def test_only_newsgraph_errors_are_raised_on_purpose():
    wrong = sorted(
        f"{name}: raise {exc}"
        for name, tree in _modules()
        for exc in _raised_builtins(tree)
        if (name, exc) not in ALLOWED
    )
    assert not wrong, "raise a NewsgraphError subclass (errors.py) instead: " + "; ".join(wrong)


def test_no_fallback_for_newsgraphs_own_modules():
    wrong = [f"{name}:{line}" for name, tree in _modules() for line in _own_import_fallbacks(tree)]
    assert not wrong, f"except ImportError around newsgraph's own imports: {wrong}"
